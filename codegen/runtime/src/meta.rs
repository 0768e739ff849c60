//! Metadata the schema attaches to events, commands, members and values:
//! deprecation and the special features QEMU's `-compat` policy acts on.

/// Structured deprecation metadata, as written in the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Deprecation {
    /// Version that deprecated the item (`None` only for imported QAPI).
    pub since: Option<&'static str>,
    /// The replacement, as `NAME` or `NAME.member`.
    pub replaced_by: Option<&'static str>,
    /// Planned (or actual) removal version.
    pub removal: Option<&'static str>,
    /// Why, and what to do instead (Markdown).
    pub doc: Option<&'static str>,
}

/// The special features of one message: the ones `-compat` can hide or reject.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SpecialFeatures {
    /// Carries the `deprecated` feature.
    pub deprecated: bool,
    /// Carries the `unstable` feature.
    pub unstable: bool,
}
