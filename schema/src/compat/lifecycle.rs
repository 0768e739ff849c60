//! Deprecation rules: whether a removal respected the deprecation period,
//! and which items became deprecated or stopped being deprecated.

use super::walk::{Site, Walk};
use super::{Class, Rule};
use crate::model::{Deprecation, Info, Status, Version};

/// How the removal of an item is judged.
pub(super) enum Removal {
    /// Removed too early or without deprecation: the reason.
    Breaking(String),
    /// Removed after its deprecation period (or one that could not be
    /// verified): the reason.
    Allowed(String),
}

/// Judges the removal of an item that is live in the old schema. `history`
/// is the item in the new schema when it stays there as removed history.
pub(super) fn removal(walk: &Walk<'_>, old: &Info, history: Option<&Info>) -> Removal {
    let new_version = walk.new.version;
    let recorded = history.and_then(|h| h.deprecation.as_ref());
    let deprecation: &Deprecation = match (&old.deprecation, recorded) {
        (Some(deprecation), _) => deprecation,
        (None, Some(recorded)) => {
            // Deprecated after the old release, if the new schema's history is right.
            if let (Some(since), Some(old_version)) = (recorded.since, walk.old.version)
                && since.key() <= old_version.key()
            {
                return Removal::Breaking(format!(
                    "without being deprecated in {old_version}, although the new schema records it as deprecated since {since}"
                ));
            }
            recorded
        }
        (None, None) => return Removal::Breaking("without being deprecated first".to_string()),
    };
    let since = deprecation.since.or_else(|| recorded.and_then(|r| r.since));
    let policy = walk.new.policy;
    let required = policy.deprecation_releases.or(walk.old.policy.deprecation_releases).unwrap_or(0);
    let per_major = policy.minors_per_major.or(walk.old.policy.minors_per_major);
    let (Some(since), Some(new_version)) = (since, new_version) else {
        let why = if since.is_none() { "the schema does not record when it was deprecated" } else { "the new schema has no `version`" };
        return Removal::Allowed(format!("after being deprecated; the deprecation period could not be verified ({why})"));
    };
    if let Some(announced) = deprecation.removal
        && new_version.key() < announced.key()
    {
        return Removal::Breaking(format!("in {new_version}, before its announced removal in {announced}"));
    }
    let Some(releases) = since.releases_until(new_version, per_major) else {
        // As the checker counts: a later major comes after every minor.
        return Removal::Allowed(format!(
            "after being deprecated since {since}; {new_version} is a later major version (without `minors-per-major` the releases between cannot be counted)"
        ));
    };
    let plural = |n: u32| if n == 1 { "release" } else { "releases" };
    if releases >= required {
        Removal::Allowed(format!(
            "after its deprecation period: deprecated since {since}, {releases} {} before {new_version} (the policy requires {required})",
            plural(releases)
        ))
    } else {
        let earliest = since.plus_releases(required, per_major);
        Removal::Breaking(format!(
            "too early: deprecated since {since}, only {releases} {} before {new_version}; the policy requires {required} (removal in {earliest} at the earliest)",
            plural(releases)
        ))
    }
}

/// Records a removal, given the rule for a removal that is not allowed.
pub(super) fn record_removal(walk: &mut Walk<'_>, site: &Site, rule: Rule, old: &Info, history: Option<&Info>) {
    match removal(walk, old, history) {
        Removal::Breaking(reason) => walk.push(site, rule, Class::Breaking, format!("{} was removed {reason}", site.what), None),
        Removal::Allowed(reason) => walk.push(site, Rule::RemovedAfterDeprecation, Class::Deprecation, format!("{} was removed {reason}", site.what), None),
    }
}

/// Records an item that became deprecated, or stopped being deprecated,
/// between the two schemas (both copies are live).
pub(super) fn changes(walk: &mut Walk<'_>, site: &Site, old: &Info, new: &Info) {
    match (&old.deprecation, &new.deprecation) {
        (None, Some(deprecation)) => {
            let message = format!("{} is newly deprecated{}", site.what, details(deprecation));
            walk.push(site, Rule::NewlyDeprecated, Class::Deprecation, message, None);
        }
        (Some(_), None) => walk.push(site, Rule::DeprecationWithdrawn, Class::Deprecation, format!("{} is no longer deprecated", site.what), None),
        _ => {}
    }
}

/// `since`, replacement and planned removal, as far as they are recorded.
fn details(deprecation: &Deprecation) -> String {
    let mut text = String::new();
    match deprecation.since {
        Some(since) => text.push_str(&format!(" (since {since})")),
        None => text.push_str(" (the schema does not record since when)"),
    }
    if let Some(replacement) = &deprecation.replaced_by {
        text.push_str(&format!(", replaced by `{replacement}`"));
    }
    if let Some(removal) = deprecation.removal {
        text.push_str(&format!("; removal planned in {removal}"));
    }
    text
}

/// Whether an item still exists on the wire (removed items stay in a
/// schema as history).
pub(super) fn live(info: &Info) -> bool {
    info.status != Status::Removed
}

/// The version in words, for report headers.
#[must_use]
pub(super) fn version_text(version: Option<Version>) -> String {
    version.map_or_else(|| "no version".to_string(), |v| format!("version {v}"))
}
