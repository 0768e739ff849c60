//! Warning kinds and what to do with each: every warning carries a stable
//! [`WarningKind`], and a [`WarningPolicy`] (set by a front door) allows,
//! keeps or denies warnings by kind.

use std::collections::BTreeMap;
use std::fmt;

/// The rule a warning comes from. Its [`name`](WarningKind::name) is shown
/// in diagnostics (`... [missing-doc]`), and is what the CLI's
/// `--allow`/`--warn`/`--deny` and the Builder's `warning_level` take.
///
/// Every warning of today comes from an imported QAPI schema, where QAPI
/// itself does not enforce the rule; the same rules are errors in the YAML
/// schema language, and errors have no kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum WarningKind {
    /// An example message does not match the definition it shows.
    ExampleMismatch,
    /// An example message is not valid JSON (it is left out of the outputs).
    ExampleJson,
    /// A definition or member has no documentation although
    /// `doc-required` asks for it.
    MissingDoc,
    /// A member or value claims a `since` earlier than its definition's.
    SinceOrder,
    /// A deprecation has no `since` (QAPI keeps no deprecation versions).
    DeprecationMetadata,
    /// A QAPI doc comment documents another definition, or none.
    DocComment,
    /// A QAPI `Since:` line is not a version; it is kept as text only.
    SinceText,
}

impl WarningKind {
    /// Every kind, in the order documentation lists them.
    pub const ALL: &[WarningKind] = &[
        WarningKind::ExampleMismatch,
        WarningKind::ExampleJson,
        WarningKind::MissingDoc,
        WarningKind::SinceOrder,
        WarningKind::DeprecationMetadata,
        WarningKind::DocComment,
        WarningKind::SinceText,
    ];

    /// The stable name users write (`missing-doc`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            WarningKind::ExampleMismatch => "example-mismatch",
            WarningKind::ExampleJson => "example-json",
            WarningKind::MissingDoc => "missing-doc",
            WarningKind::SinceOrder => "since-order",
            WarningKind::DeprecationMetadata => "deprecation-metadata",
            WarningKind::DocComment => "doc-comment",
            WarningKind::SinceText => "since-text",
        }
    }

    /// The kind called `name`, if there is one.
    #[must_use]
    pub fn from_name(name: &str) -> Option<WarningKind> {
        WarningKind::ALL.iter().copied().find(|kind| kind.name() == name)
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What happens to a warning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Level {
    /// Dropped: not shown, not counted.
    Allow,
    /// Shown; generation goes on (the default).
    #[default]
    Warn,
    /// Turned into an error: nothing is generated.
    Deny,
}

impl Level {
    /// The word the CLI and the docs use (`allow`, `warn`, `deny`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }
}

/// The level of every warning kind: one level for all warnings, and
/// levels for single kinds, which win over it whatever the order they were
/// set in (`deny` all but `allow` `missing-doc`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WarningPolicy {
    /// The level of kinds without one of their own.
    pub all: Level,
    /// Levels of single kinds.
    pub kinds: BTreeMap<WarningKind, Level>,
}

impl WarningPolicy {
    /// Sets the level of one kind, or of every kind without its own when
    /// `kind` is `None`.
    pub fn set(&mut self, kind: Option<WarningKind>, level: Level) -> &mut Self {
        match kind {
            Some(kind) => {
                self.kinds.insert(kind, level);
            }
            None => self.all = level,
        }
        self
    }

    /// The level of warnings of `kind`.
    #[must_use]
    pub fn level(&self, kind: Option<WarningKind>) -> Level {
        kind.and_then(|kind| self.kinds.get(&kind).copied()).unwrap_or(self.all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_single_kinds_win() {
        for &kind in WarningKind::ALL {
            assert_eq!(WarningKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(WarningKind::from_name("missing_doc"), None);
        let mut policy = WarningPolicy::default();
        policy.set(Some(WarningKind::MissingDoc), Level::Allow).set(None, Level::Deny);
        assert_eq!(policy.level(Some(WarningKind::MissingDoc)), Level::Allow);
        assert_eq!(policy.level(Some(WarningKind::DocComment)), Level::Deny);
        assert_eq!(policy.level(None), Level::Deny);
    }
}
