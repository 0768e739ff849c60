//! The raw schema exactly as written: every definition, member and value with
//! its span, names not yet resolved. Built by `parse`, read by `resolve`,
//! `check` and `lower`.

use crate::model::{Condition, Direction, Doc, Version};
use crate::source::{FileId, Span};

/// A string with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The text.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// A version with its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpannedVersion {
    /// The version.
    pub version: Version,
    /// Where it was written.
    pub span: Span,
}

/// One parsed schema file.
#[derive(Clone, Debug)]
pub struct File {
    /// The file.
    pub id: FileId,
    /// Module name.
    pub module: Option<Name>,
    /// Declared version.
    pub version: Option<SpannedVersion>,
    /// `origin: qapi` marks a file converted from QAPI.
    pub origin: Option<crate::model::Origin>,
    /// Introduction.
    pub doc: Option<Doc>,
    /// `include` entries as written.
    pub includes: Vec<Name>,
    /// The canonical path of each include that resolved, in order; filled
    /// by the include reader.
    pub included: Vec<std::path::PathBuf>,
    /// `policy`.
    pub policy: Policy,
    /// `pragma`.
    pub pragma: Pragma,
    /// `definitions`, in order.
    pub entries: Vec<Entry>,
    /// `reliability` rows.
    pub reliability: Vec<ReliabilityRow>,
}

/// The `policy` mapping.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// `deprecation-releases`.
    pub deprecation_releases: Option<(u32, Span)>,
    /// `minors-per-major`.
    pub minors_per_major: Option<(u32, Span)>,
}

/// The `pragma` mapping.
#[derive(Clone, Debug, Default)]
pub struct Pragma {
    /// `doc-required`.
    pub doc_required: Option<bool>,
    /// `member-name-exceptions`.
    pub member_name_exceptions: Vec<Name>,
    /// `command-name-exceptions`.
    pub command_name_exceptions: Vec<Name>,
    /// `command-returns-exceptions`.
    pub command_returns_exceptions: Vec<Name>,
    /// `documentation-exceptions`.
    pub documentation_exceptions: Vec<Name>,
}

/// An entry of `definitions`.
#[derive(Clone, Debug)]
#[expect(clippy::large_enum_variant, reason = "nearly every entry is a definition; boxing them would cost an allocation each")]
pub enum Entry {
    /// Free-form documentation.
    Doc(Doc),
    /// A definition.
    Definition(Definition),
}

/// One definition as written.
#[derive(Clone, Debug)]
pub struct Definition {
    /// Its name.
    pub name: Name,
    /// Common metadata.
    pub meta: Meta,
    /// Examples.
    pub examples: Vec<Example>,
    /// Kind-specific content.
    pub kind: DefKind,
    /// The file it is in.
    pub file: FileId,
    /// Made by the QAPI import for a construct QAPI no longer has.
    pub implicit: bool,
}

/// Metadata shared by definitions, members, values and branches.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    /// `doc`.
    pub doc: Option<Doc>,
    /// `since`.
    pub since: Option<SpannedVersion>,
    /// `if`.
    pub condition: Option<(Condition, Span)>,
    /// `features`.
    pub features: Vec<Feature>,
}

/// A feature as written.
#[derive(Clone, Debug)]
pub struct Feature {
    /// Its name.
    pub name: Name,
    /// `if` on the feature.
    pub condition: Option<Condition>,
    /// Metadata of `deprecated`.
    pub deprecation: Option<DeprecationMeta>,
}

/// The metadata mapping of a `deprecated` feature.
#[derive(Clone, Debug, Default)]
pub struct DeprecationMeta {
    /// `since`.
    pub since: Option<SpannedVersion>,
    /// `replaced-by`.
    pub replaced_by: Option<Name>,
    /// `removal`.
    pub removal: Option<SpannedVersion>,
    /// `doc`.
    pub doc: Option<Doc>,
}

/// Kind-specific content of a definition.
#[derive(Clone, Debug)]
pub enum DefKind {
    /// `enum`.
    Enum {
        /// Values.
        values: Vec<EnumValue>,
        /// `prefix`.
        prefix: Option<Name>,
    },
    /// `struct`.
    Struct {
        /// `base`.
        base: Option<Name>,
        /// `data`.
        members: Vec<Member>,
    },
    /// `union`.
    Union {
        /// `base`.
        base: Option<Base>,
        /// `discriminator`.
        discriminator: Option<Name>,
        /// `data`.
        branches: Vec<Branch>,
    },
    /// `alternate`.
    Alternate {
        /// `data`.
        branches: Vec<AlternateBranch>,
    },
    /// `event`.
    Event {
        /// `data`.
        data: Option<Data>,
        /// `boxed`.
        boxed: Option<(bool, Span)>,
    },
    /// `command`.
    Command(Box<Command>),
}

impl DefKind {
    /// Whether this is a type (not an event or command).
    #[must_use]
    pub fn is_type(&self) -> bool {
        !matches!(self, DefKind::Event { .. } | DefKind::Command(_))
    }
}

/// A command's keys.
#[derive(Clone, Debug, Default)]
pub struct Command {
    /// `data`.
    pub data: Option<Data>,
    /// `returns`.
    pub returns: Option<TypeRef>,
    /// `boxed`.
    pub boxed: Option<(bool, Span)>,
    /// `success-response`.
    pub success_response: Option<(bool, Span)>,
    /// `allow-oob`.
    pub allow_oob: Option<(bool, Span)>,
    /// `allow-preconfig`.
    pub allow_preconfig: Option<(bool, Span)>,
    /// `coroutine`.
    pub coroutine: Option<(bool, Span)>,
    /// `gen`.
    pub generate: Option<(bool, Span)>,
}

/// A union base: a struct name or inline members.
#[derive(Clone, Debug)]
pub enum Base {
    /// A named struct.
    Named(Name),
    /// Inline members.
    Inline(Vec<Member>, Span),
}

/// Event or command `data`.
#[derive(Clone, Debug)]
pub enum Data {
    /// A named type.
    Named(Name),
    /// Inline members.
    Inline(Vec<Member>),
}

/// One enum value.
#[derive(Clone, Debug)]
pub struct EnumValue {
    /// Its name.
    pub name: Name,
    /// Metadata.
    pub meta: Meta,
}

/// A member as written.
#[derive(Clone, Debug)]
pub struct Member {
    /// Name without the `?`.
    pub name: Name,
    /// Optional (by `?` or `optional: true`).
    pub optional: bool,
    /// Its type.
    pub ty: TypeRef,
    /// Metadata.
    pub meta: Meta,
}

/// A type reference as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    /// A name (built-in or defined).
    Name(Name),
    /// `[T]`.
    Array(Box<TypeRef>, Span),
}

impl TypeRef {
    /// Where it was written.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            TypeRef::Name(name) => name.span,
            TypeRef::Array(_, span) => *span,
        }
    }
}

/// A union branch.
#[derive(Clone, Debug)]
pub struct Branch {
    /// The discriminator value.
    pub value: Name,
    /// The struct.
    pub ty: TypeRef,
    /// `if`.
    pub condition: Option<Condition>,
}

/// An alternate branch.
#[derive(Clone, Debug)]
pub struct AlternateBranch {
    /// Branch name.
    pub name: Name,
    /// Its type.
    pub ty: TypeRef,
    /// `if`.
    pub condition: Option<Condition>,
}

/// An example.
#[derive(Clone, Debug)]
pub struct Example {
    /// `doc`.
    pub doc: Option<Doc>,
    /// The messages.
    pub messages: Vec<ExampleMessage>,
    /// Where it was written.
    pub span: Span,
}

/// One example message.
#[derive(Clone, Debug)]
pub struct ExampleMessage {
    /// Given direction (`None` for a lone `message`).
    pub direction: Option<Direction>,
    /// The message as JSON.
    pub message: serde_json::Value,
    /// Spans of members inside the message, by JSON pointer, for precise errors.
    pub spans: Vec<(String, Span)>,
    /// Where it was written.
    pub span: Span,
}

/// A `reliability` row.
#[derive(Clone, Debug)]
pub struct ReliabilityRow {
    /// `machine`.
    pub machine: Name,
    /// `device`.
    pub device: Name,
    /// `detection`.
    pub detection: Option<(crate::model::Detection, Span)>,
    /// `event`: one name or a list.
    pub events: Vec<Name>,
    /// `since`.
    pub since: Option<SpannedVersion>,
    /// `summary`.
    pub summary: Option<Doc>,
    /// `doc`.
    pub doc: Option<Doc>,
    /// `history`, as written.
    pub history: Vec<PeriodRow>,
    /// `repeat`.
    pub repeat: Option<Doc>,
    /// `reset`.
    pub reset: Option<Doc>,
    /// `gap`.
    pub gap: Option<GapRow>,
    /// `evidence`.
    pub evidence: Vec<EvidenceRow>,
    /// The row.
    pub span: Span,
}

/// One entry of a row's `history`.
#[derive(Clone, Debug)]
pub struct PeriodRow {
    /// `since` (required).
    pub since: SpannedVersion,
    /// `detection`, when it differs from the row's.
    pub detection: Option<(crate::model::Detection, Span)>,
    /// `event`: one name or a list.
    pub events: Vec<Name>,
    /// `doc`.
    pub doc: Option<Doc>,
    /// `evidence`.
    pub evidence: Vec<EvidenceRow>,
    /// The entry.
    pub span: Span,
}

/// One `evidence` entry: file, function and release, all required.
#[derive(Clone, Debug)]
pub struct EvidenceRow {
    /// `file`.
    pub file: Name,
    /// `function`.
    pub function: Name,
    /// `release`.
    pub release: SpannedVersion,
    /// The entry.
    pub span: Span,
}

/// A row's `gap`.
#[derive(Clone, Debug)]
pub struct GapRow {
    /// `strength`.
    pub strength: crate::model::Strength,
    /// `doc`.
    pub doc: Doc,
}
