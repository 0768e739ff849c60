//! "Did you mean" suggestions for misspelt keys and names.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
///
/// Called once per unknown name with every definition as a candidate, so
/// it skips, without computing their distance, candidates whose length
/// alone puts them out of reach.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let word_lower: Vec<char> = word.to_lowercase().chars().collect();
    let mut candidate_lower = Vec::new();
    let mut rows = (Vec::new(), Vec::new());
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        candidate_lower.clear();
        if candidate.is_ascii() {
            // The distance is at least the difference in length.
            if candidate.len().abs_diff(word_lower.len()) > limit {
                continue;
            }
            candidate_lower.extend(candidate.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            candidate_lower.extend(candidate.to_lowercase().chars());
        }
        let Some(distance) = edit_distance_within(&word_lower, &candidate_lower, limit, &mut rows) else { continue };
        if best.is_none_or(|(best_distance, best_candidate)| (distance, candidate) < (best_distance, best_candidate)) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters, when it is at most `limit`
/// (`rows` are reused buffers).
fn edit_distance_within(a: &[char], b: &[char], limit: usize, rows: &mut (Vec<usize>, Vec<usize>)) -> Option<usize> {
    let (previous, current) = rows;
    previous.clear();
    previous.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        current.clear();
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            let next = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            current.push(next);
        }
        // Every later row is at least the smallest value of this one.
        if current.iter().min().is_some_and(|smallest| *smallest > limit) {
            return None;
        }
        std::mem::swap(previous, current);
    }
    previous.last().copied().filter(|distance| *distance <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(did_you_mean("dta", ["data", "doc", "since"]), Some("data"));
        assert_eq!(did_you_mean("DeviceInf", ["DeviceInfo", "Other"]), Some("DeviceInfo"));
        assert_eq!(did_you_mean("zzz", ["data", "doc"]), None);
        assert_eq!(did_you_mean("Strasse", ["STRASSE", "Straße"]), Some("STRASSE"), "an exact match in another case is distance 0");
        assert_eq!(did_you_mean("Gruss", ["Grüß", "Grus"]), Some("Grus"));
        assert_eq!(did_you_mean("abcdef", ["abcdxy", "abcdex"]), Some("abcdex"), "the closest, then the first in order");
    }
}
