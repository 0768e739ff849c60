//! Validate phase, reliability rows: one (machine, device) pair per row,
//! events that exist and only where the detection reports by event, a
//! `gap` for every `not-implemented` row, history in release order before
//! the row, evidence read at a release the row (or period) covers and not
//! after the schema's version, and `#anchor` links that lead somewhere.

use crate::hash::HashMap;

use crate::ast::{self, EvidenceRow, Name, SpannedVersion};
use crate::diag::Diagnostics;
use crate::model::{DefKind, Definition, Detection, Doc, Item, Schema, Version};
use crate::reliability::{SECTION_ANCHORS, anchor};
use crate::source::Span;
use crate::suggest::did_you_mean;

/// Every rule on the rows, then the links of every doc text.
pub fn check(cx: &mut Diagnostics, schema: &Schema, rows: &[&ast::ReliabilityRow]) {
    let mut seen: HashMap<(String, String), Span> = HashMap::default();
    for row in rows {
        let key = (row.machine.text.clone(), row.device.text.clone());
        if let Some(first) = seen.get(&key) {
            cx.error(row.machine.span, format!("duplicate reliability row for machine `{}` and device `{}`", key.0, key.1)).note(*first, "first row here");
        } else {
            seen.insert(key, row.machine.span);
        }
        let Some((detection, detection_span)) = row.detection else { continue };
        events(cx, schema, detection, &row.events);
        if detection == Detection::NotImplemented && row.gap.is_none() {
            cx.error(detection_span, "a `not-implemented` row needs a `gap`").help("say what is missing: `gap: {strength: strong, doc: ...}`");
        }
        history(cx, schema, row, detection);
        evidence(cx, schema, &row.evidence, row.since, None);
    }
    links(cx, schema, rows);
}

/// The events of a row or period exist, are events, and may be named.
fn events(cx: &mut Diagnostics, schema: &Schema, detection: Detection, events: &[Name]) {
    for event in events {
        match schema.definition(&event.text) {
            Some(Definition { kind: DefKind::Event(_), .. }) => {}
            Some(other) => {
                cx.error(event.span, format!("`{}` is a {}, not an event", event.text, other.kind.keyword()));
            }
            None => {
                let diagnostic = cx.error(event.span, format!("unknown event `{}`", event.text));
                if let Some(suggestion) = did_you_mean(&event.text, schema.events().map(|(d, _)| d.name.as_str())) {
                    diagnostic.help(format!("did you mean `{suggestion}`?"));
                }
            }
        }
    }
    if let Some(first) = events.first()
        && !detection.reports_by_event()
    {
        cx.error(first.span, format!("a `{}` row cannot name an event", detection.keyword())).help("only detected failures are reported by an event");
    }
}

/// History entries: after a row `since`, in release order, each before
/// the row's `since`, with their own events and evidence checked.
fn history(cx: &mut Diagnostics, schema: &Schema, row: &ast::ReliabilityRow, detection: Detection) {
    let Some(first) = row.history.first() else { return };
    let Some(row_since) = row.since else {
        cx.error(first.span, "a row with `history` needs `since`").help("`since` is where the row's own state starts; history is what held before");
        return;
    };
    let mut previous: Option<SpannedVersion> = None;
    for (index, period) in row.history.iter().enumerate() {
        if let Some(previous) = previous
            && period.since.version <= previous.version
        {
            cx.error(period.since.span, format!("history entry since {} does not follow the one since {}", period.since.version, previous.version))
                .help("list history entries oldest first");
        }
        if period.since.version >= row_since.version {
            cx.error(period.since.span, format!("history entry since {} is not earlier than the row's `since` {}", period.since.version, row_since.version));
        }
        previous = Some(period.since);
        events(cx, schema, period.detection.map_or(detection, |(d, _)| d), &period.events);
        let until = row.history.get(index + 1).map_or(row_since.version, |next| next.since.version);
        evidence(cx, schema, &period.evidence, Some(period.since), Some(until));
    }
}

/// Evidence was read at a release in `[since, until)` and not after the
/// schema's version.
fn evidence(cx: &mut Diagnostics, schema: &Schema, rows: &[EvidenceRow], since: Option<SpannedVersion>, until: Option<Version>) {
    for row in rows {
        let release = row.release.version;
        if let Some(version) = schema.version
            && release > version
        {
            cx.error(row.release.span, format!("evidence read at {release}, later than the schema's version {version}"));
        }
        if let Some(since) = since
            && release < since.version
        {
            cx.error(row.release.span, format!("evidence read at {release}, before this state holds (since {})", since.version))
                .help("cite the code of a release the row describes, or move the entry to `history`");
        }
        if let Some(until) = until
            && release >= until
        {
            cx.error(row.release.span, format!("evidence read at {release}, after this history entry ended (at {until})"));
        }
    }
}

/// Every `[text](#anchor)` of a doc text names a section anchor or a row.
fn links(cx: &mut Diagnostics, schema: &Schema, rows: &[&ast::ReliabilityRow]) {
    let mut known: Vec<String> = SECTION_ANCHORS.iter().map(|a| (*a).to_string()).collect();
    known.extend(rows.iter().map(|r| anchor(&r.machine.text, &r.device.text)));
    // Every module's introduction (the top module's is the schema's).
    let mut docs: Vec<&Doc> = schema.modules.iter().filter_map(|m| m.doc.as_ref()).collect();
    docs.extend(schema.items.iter().filter_map(|item| match item {
        Item::Doc(free) => Some(&free.doc),
        Item::Definition(_) => None,
    }));
    docs.extend(schema.definitions.iter().filter_map(|d| d.info.doc.as_ref()));
    for row in &schema.reliability {
        docs.extend([&row.summary, &row.doc, &row.repeat, &row.reset].into_iter().flatten());
        docs.extend(row.gap.as_ref().map(|g| &g.doc));
        docs.extend(row.history.iter().filter_map(|p| p.doc.as_ref()));
    }
    for doc in docs {
        for target in anchors(&doc.text) {
            if !known.iter().any(|k| k == target) {
                let diagnostic = cx.error(doc.span, format!("link to unknown anchor `#{target}`"));
                match did_you_mean(target, known.iter().map(String::as_str)) {
                    Some(suggestion) => diagnostic.help(format!("did you mean `#{suggestion}`?")),
                    None => diagnostic.help("link to a section (`#reliability`, `#undetectable`, ...) or a row (`#unplug:MACHINE/DEVICE`)"),
                };
            }
        }
    }
}

/// The anchors of the `](#anchor)` links of a Markdown text.
fn anchors(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("](#").filter_map(move |(index, _)| {
        let rest = &text[index + 3..];
        rest.find(')').map(|end| &rest[..end])
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn anchors_are_found() {
        let found: Vec<&str> = super::anchors("see [a](#reliability) and [b](#unplug:pc/cpu), not [c](https://x)").collect();
        assert_eq!(found, ["reliability", "unplug:pc/cpu"]);
    }
}
