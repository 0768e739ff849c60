//! The checked model: the one representation every emitter consumes.
//!
//! A `Schema` only exists when the front end found no error, so emitters can
//! rely on what it promises: every type reference resolves, base members are
//! merged in order, unions list a variant for every discriminator value,
//! deprecation metadata is consistent, and examples are valid JSON values
//! that match their definition. Order is always the order of the source.

use crate::hash::HashMap;
use std::fmt;

use crate::source::Span;
pub use crate::version::Version;

/// A whole schema: the top file and everything it includes.
#[derive(Clone, Debug)]
pub struct Schema {
    /// Name of the top module.
    pub module: String,
    /// Interface version the top file describes.
    pub version: Option<Version>,
    /// Introduction of the top module.
    pub doc: Option<Doc>,
    /// Deprecation policy.
    pub policy: Policy,
    /// QAPI pragmas.
    pub pragma: Pragma,
    /// Every file of the schema, the top file first, then includes as met.
    pub modules: Vec<Module>,
    /// Definitions and free-form docs in source order (includes at their place).
    pub items: Vec<Item>,
    /// Every definition, in source order; `Item::Definition` indexes this.
    pub definitions: Vec<Definition>,
    /// How each unplug path reports failure.
    pub reliability: Vec<Reliability>,
    /// Whether the schema was written in YAML or imported from QAPI JSON.
    pub origin: Origin,
    pub(crate) index: HashMap<String, usize>,
}

impl Schema {
    /// Every flag of every condition (`if`) in the schema, sorted.
    #[must_use]
    pub fn condition_flags(&self) -> std::collections::BTreeSet<String> {
        crate::conditions::flags_of(self)
    }

    /// The definition called `name`.
    #[must_use]
    pub fn definition(&self, name: &str) -> Option<&Definition> {
        self.index.get(name).map(|&id| &self.definitions[id])
    }

    /// The release that introduced `member` of definition `owner`, as far
    /// as the schema says: its own `since`, else that of the definition
    /// declaring it (a base it was inherited from, or `owner`), and never
    /// before the `since` of its named type (a member is no older than its
    /// type). `None` when nothing dates it.
    #[must_use]
    pub fn member_since(&self, owner: &str, member: &Member) -> Option<Version> {
        let declared_in = member.inherited_from.as_deref().unwrap_or(owner);
        let declared = member.info.since.or_else(|| self.definition(declared_in).and_then(|d| d.info.since));
        let mut ty = &member.ty;
        while let Type::Array(inner) = ty {
            ty = inner;
        }
        let of_type = match ty {
            Type::Named(name) => self.definition(name).and_then(|d| d.info.since),
            _ => None,
        };
        declared.max(of_type)
    }

    /// Every event, in source order.
    pub fn events(&self) -> impl Iterator<Item = (&Definition, &Event)> {
        self.definitions.iter().filter_map(|def| match &def.kind {
            DefKind::Event(event) => Some((def, event)),
            _ => None,
        })
    }

    /// Every command, in source order.
    pub fn commands(&self) -> impl Iterator<Item = (&Definition, &Command)> {
        self.definitions.iter().filter_map(|def| match &def.kind {
            DefKind::Command(command) => Some((def, command)),
            _ => None,
        })
    }

    /// Every type (enum, struct, union, alternate), in source order.
    pub fn types(&self) -> impl Iterator<Item = &Definition> {
        self.definitions.iter().filter(|def| def.kind.is_type())
    }

    /// What `ty` is, for the JSON kind of its values ([`crate::rules::JsonKind::of`]).
    #[must_use]
    pub fn shape(&self, ty: &Type) -> crate::rules::TypeShape {
        use crate::rules::TypeShape;
        match ty {
            Type::Array(_) => TypeShape::Array,
            Type::Builtin(builtin) => TypeShape::Builtin(*builtin),
            Type::Named(name) => match self.definition(name).map(|d| &d.kind) {
                Some(DefKind::Enum(_)) => TypeShape::Enum,
                Some(DefKind::Struct(_) | DefKind::Union(_)) => TypeShape::Object,
                _ => TypeShape::Other,
            },
        }
    }
}

/// Where a schema came from; imported QAPI lacks some structured metadata,
/// so a few checks are warnings there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Written in the YAML schema language.
    Yaml,
    /// Read from QEMU's QAPI JSON dialect.
    Qapi,
    /// Read from a server's `query-qmp-schema` reply (`compat::introspection`):
    /// no docs, versions or conditions, and every integer type is `int`.
    Introspection,
}

impl Origin {
    /// How a broken rule that QAPI itself does not enforce is reported:
    /// an error in our language, a warning in imported QAPI (which has no
    /// structured deprecation versions, and examples that are not checked).
    #[must_use]
    pub const fn lenient_severity(self) -> crate::diag::Severity {
        match self {
            Origin::Yaml => crate::diag::Severity::Error,
            Origin::Qapi | Origin::Introspection => crate::diag::Severity::Warning,
        }
    }

    /// Whether the integer types keep their width (`int8`, `uint64`, …);
    /// introspection reports every integer type as `int`.
    #[must_use]
    pub const fn knows_integer_widths(self) -> bool {
        !matches!(self, Origin::Introspection)
    }

    /// Whether types have their own names; introspection masks them as
    /// numbers (`"123"`).
    #[must_use]
    pub const fn knows_type_names(self) -> bool {
        !matches!(self, Origin::Introspection)
    }
}

/// One schema file.
#[derive(Clone, Debug)]
pub struct Module {
    /// Module name (the `module` key, or the file stem).
    pub name: String,
    /// Path relative to the schema root, with `/` separators.
    pub path: String,
    /// Version the file declares.
    pub version: Option<Version>,
    /// Introduction.
    pub doc: Option<Doc>,
    /// Included files, as paths relative to the schema root.
    pub includes: Vec<String>,
}

/// The `policy` of the top file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Policy {
    /// Releases a deprecated item must stay before removal.
    pub deprecation_releases: Option<u32>,
    /// Minor releases per major release (QEMU: 3).
    pub minors_per_major: Option<u32>,
}

/// QAPI pragmas, merged over all files.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Pragma {
    /// Every definition and member must be documented.
    pub doc_required: bool,
    /// Types whose members may break the naming rule.
    pub member_name_exceptions: Vec<String>,
    /// Commands whose names may break the naming rule.
    pub command_name_exceptions: Vec<String>,
    /// Commands that may return a non-object type.
    pub command_returns_exceptions: Vec<String>,
    /// Definitions whose members need not be documented.
    pub documentation_exceptions: Vec<String>,
}

/// An entry of the schema in source order.
#[derive(Clone, Debug)]
pub enum Item {
    /// A free-form documentation block (may start a manual section).
    Doc(FreeDoc),
    /// A definition: index into [`Schema::definitions`].
    Definition(usize),
}

/// Free-form documentation between definitions.
#[derive(Clone, Debug)]
pub struct FreeDoc {
    /// The Markdown text.
    pub doc: Doc,
    /// Module it belongs to.
    pub module: String,
}

/// Markdown text with its place in the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    /// The Markdown source.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// One definition.
#[derive(Clone, Debug)]
pub struct Definition {
    /// The name as written (the wire name for events and commands).
    pub name: String,
    /// Where the name was written.
    pub span: Span,
    /// Module (file) it was defined in.
    pub module: String,
    /// Docs, version, condition, features, deprecation.
    pub info: Info,
    /// Example messages.
    pub examples: Vec<Example>,
    /// Whether the type is sent by clients, received by clients, or both.
    pub usage: Usage,
    /// Made by the QAPI import for a construct QAPI no longer has (the
    /// enum and wrapper structs of an old "simple" union).
    pub implicit: bool,
    /// What it is.
    pub kind: DefKind,
}

/// The directions in which a type travels, computed from the commands and
/// events that reach it. Only meaningful for types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Usage {
    /// Reached from command arguments (client to server).
    pub input: bool,
    /// Reached from events or command returns (server to client).
    pub output: bool,
}

/// Metadata every definition, member, enum value and branch may carry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Info {
    /// Markdown documentation.
    pub doc: Option<Doc>,
    /// Version that introduced it.
    pub since: Option<Version>,
    /// Build condition.
    pub condition: Option<Condition>,
    /// Every feature, special ones included, in source order.
    pub features: Vec<Feature>,
    /// The `deprecated` feature's metadata.
    pub deprecation: Option<Deprecation>,
    /// Whether the `unstable` feature is present.
    pub unstable: bool,
    /// Deprecated, removed, or neither.
    pub status: Status,
}

impl Info {
    /// Names of the features other than `deprecated` and `unstable`.
    pub fn custom_features(&self) -> impl Iterator<Item = &Feature> {
        self.features.iter().filter(|f| f.name != Feature::DEPRECATED && f.name != Feature::UNSTABLE)
    }

    /// Whether an output that leaves removed items out unless asked
    /// (`include_removed`) emits this item.
    #[must_use]
    pub fn is_emitted(&self, include_removed: bool) -> bool {
        include_removed || self.status != Status::Removed
    }
}

/// Lifecycle state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub enum Status {
    /// In use.
    #[default]
    Active,
    /// Still present, scheduled to go.
    Deprecated,
    /// Gone as of the schema's version; kept as history.
    Removed,
}

/// A feature flag.
#[derive(Clone, Debug, PartialEq)]
pub struct Feature {
    /// Its name.
    pub name: String,
    /// Build condition of the feature itself.
    pub condition: Option<Condition>,
    /// What the feature means here.
    pub doc: Option<Doc>,
    /// Where it was written.
    pub span: Span,
}

impl Feature {
    /// The special feature that marks an item deprecated.
    pub const DEPRECATED: &str = "deprecated";
    /// The special feature that marks an item unstable.
    pub const UNSTABLE: &str = "unstable";
}

/// Structured deprecation metadata.
#[derive(Clone, Debug, PartialEq)]
pub struct Deprecation {
    /// Version that deprecated the item (missing only in imported schemas).
    pub since: Option<Version>,
    /// What to use instead.
    pub replaced_by: Option<Replacement>,
    /// Planned (or actual) removal version.
    pub removal: Option<Version>,
    /// Why, and what to do instead.
    pub doc: Option<Doc>,
    /// Where the `deprecated` feature was written.
    pub span: Span,
}

/// A definition, or a member of one, that replaces a deprecated item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    /// The definition.
    pub definition: String,
    /// A member of it, when the replacement is a member.
    pub member: Option<String>,
}

impl fmt::Display for Replacement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.member {
            Some(member) => write!(f, "{}.{member}", self.definition),
            None => f.write_str(&self.definition),
        }
    }
}

/// A build condition (`if`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Condition {
    /// A named configuration flag.
    Flag(String),
    /// All must hold.
    All(Vec<Condition>),
    /// At least one must hold.
    Any(Vec<Condition>),
    /// Must not hold.
    Not(Box<Condition>),
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, word: &str, items: &[Condition]| {
            write!(f, "{word}(")?;
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{item}")?;
            }
            f.write_str(")")
        };
        match self {
            Condition::Flag(name) => f.write_str(name),
            Condition::All(items) => list(f, "all", items),
            Condition::Any(items) => list(f, "any", items),
            Condition::Not(inner) => write!(f, "not({inner})"),
        }
    }
}

/// What a definition is.
#[derive(Clone, Debug)]
pub enum DefKind {
    /// An enumeration.
    Enum(Enum),
    /// A structure.
    Struct(Struct),
    /// A discriminated union.
    Union(Union),
    /// An alternate (told apart by JSON type).
    Alternate(Alternate),
    /// An event.
    Event(Event),
    /// A command.
    Command(Command),
}

impl DefKind {
    /// `enum`, `struct`, …, as written in the schema.
    #[must_use]
    pub fn keyword(&self) -> &'static str {
        match self {
            DefKind::Enum(_) => "enum",
            DefKind::Struct(_) => "struct",
            DefKind::Union(_) => "union",
            DefKind::Alternate(_) => "alternate",
            DefKind::Event(_) => "event",
            DefKind::Command(_) => "command",
        }
    }

    /// Whether this is a type (not an event or command).
    #[must_use]
    pub fn is_type(&self) -> bool {
        !matches!(self, DefKind::Event(_) | DefKind::Command(_))
    }
}

/// An enumeration.
#[derive(Clone, Debug)]
pub struct Enum {
    /// The values, in order.
    pub values: Vec<EnumValue>,
    /// QAPI's C prefix, kept for completeness.
    pub prefix: Option<String>,
}

/// One enum value.
#[derive(Clone, Debug)]
pub struct EnumValue {
    /// The wire name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// Its metadata.
    pub info: Info,
}

/// A structure.
#[derive(Clone, Debug)]
pub struct Struct {
    /// The base struct, if any.
    pub base: Option<String>,
    /// All members: the base's first (recursively), then its own, in order.
    pub members: Vec<Member>,
}

/// A member of a struct, union base, event or command.
#[derive(Clone, Debug)]
pub struct Member {
    /// The wire name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// Its type.
    pub ty: Type,
    /// Whether it may be absent (never `null`).
    pub optional: bool,
    /// Its metadata.
    pub info: Info,
    /// The base struct it was inherited from, when not the definition's own.
    pub inherited_from: Option<String>,
}

/// A type reference.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// A built-in type.
    Builtin(Builtin),
    /// A defined type.
    Named(String),
    /// An array of the inner type.
    Array(Box<Type>),
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Builtin(builtin) => f.write_str(builtin.name()),
            Type::Named(name) => f.write_str(name),
            Type::Array(inner) => write!(f, "[{inner}]"),
        }
    }
}

/// The built-in types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Builtin {
    Str,
    Number,
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Size,
    Bool,
    Null,
    Any,
}

impl Builtin {
    /// Every built-in type.
    pub const ALL: [Builtin; 15] = [
        Builtin::Str,
        Builtin::Number,
        Builtin::Int,
        Builtin::Int8,
        Builtin::Int16,
        Builtin::Int32,
        Builtin::Int64,
        Builtin::Uint8,
        Builtin::Uint16,
        Builtin::Uint32,
        Builtin::Uint64,
        Builtin::Size,
        Builtin::Bool,
        Builtin::Null,
        Builtin::Any,
    ];

    /// The schema name (`str`, `uint8`, …).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Str => "str",
            Builtin::Number => "number",
            Builtin::Int => "int",
            Builtin::Int8 => "int8",
            Builtin::Int16 => "int16",
            Builtin::Int32 => "int32",
            Builtin::Int64 => "int64",
            Builtin::Uint8 => "uint8",
            Builtin::Uint16 => "uint16",
            Builtin::Uint32 => "uint32",
            Builtin::Uint64 => "uint64",
            Builtin::Size => "size",
            Builtin::Bool => "bool",
            Builtin::Null => "null",
            Builtin::Any => "any",
        }
    }

    /// The built-in called `name`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.name() == name)
    }

    /// Inclusive integer range, for integer types (`number`, `any` … give `None`).
    #[must_use]
    pub fn integer_range(self) -> Option<(i128, i128)> {
        Some(match self {
            Builtin::Int | Builtin::Int64 => (i128::from(i64::MIN), i128::from(i64::MAX)),
            Builtin::Int8 => (i128::from(i8::MIN), i128::from(i8::MAX)),
            Builtin::Int16 => (i128::from(i16::MIN), i128::from(i16::MAX)),
            Builtin::Int32 => (i128::from(i32::MIN), i128::from(i32::MAX)),
            Builtin::Uint8 => (0, i128::from(u8::MAX)),
            Builtin::Uint16 => (0, i128::from(u16::MAX)),
            Builtin::Uint32 => (0, i128::from(u32::MAX)),
            Builtin::Uint64 | Builtin::Size => (0, i128::from(u64::MAX)),
            _ => return None,
        })
    }
}

/// A discriminated union.
#[derive(Clone, Debug)]
pub struct Union {
    /// The named base struct, when the base is not inline.
    pub base: Option<String>,
    /// The base members (merged, in order).
    pub base_members: Vec<Member>,
    /// Name of the discriminator member.
    pub discriminator: String,
    /// The enum type of the discriminator.
    pub discriminator_enum: String,
    /// One variant per value of the discriminator enum, in enum order.
    pub variants: Vec<Variant>,
}

/// One value of a union's discriminator and the members it adds.
#[derive(Clone, Debug)]
pub struct Variant {
    /// The discriminator value.
    pub value: String,
    /// The branch struct, or `None` when the value carries only the base.
    pub ty: Option<String>,
    /// Condition of the branch.
    pub condition: Option<Condition>,
    /// Where the branch was written (the enum value's place when implicit).
    pub span: Span,
}

/// An alternate.
#[derive(Clone, Debug)]
pub struct Alternate {
    /// The branches, in order.
    pub branches: Vec<AlternateBranch>,
}

/// One branch of an alternate.
#[derive(Clone, Debug)]
pub struct AlternateBranch {
    /// Branch name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Condition.
    pub condition: Option<Condition>,
    /// Where it was written.
    pub span: Span,
}

/// An event.
#[derive(Clone, Debug)]
pub struct Event {
    /// The named data type, when `data` names a type.
    pub data_type: Option<String>,
    /// The members of the payload (inline, or those of the named struct).
    pub members: Vec<Member>,
    /// Whether the named type is passed whole.
    pub boxed: bool,
}

impl Event {
    /// `boxed` when the schema does not say.
    pub const DEFAULT_BOXED: bool = false;
}

/// A command.
#[derive(Clone, Debug)]
pub struct Command {
    /// The named argument type, when `data` names a type.
    pub data_type: Option<String>,
    /// The arguments (inline, or those of the named struct).
    pub arguments: Vec<Member>,
    /// Whether the named argument type is passed whole.
    pub boxed: bool,
    /// Return type; `None` means an empty object.
    pub returns: Option<Type>,
    /// `false` for QGA commands that send no reply.
    pub success_response: bool,
    /// May run out of band.
    pub allow_oob: bool,
    /// Available before machine setup.
    pub allow_preconfig: bool,
    /// Runs in a coroutine.
    pub coroutine: bool,
    /// Whether a marshaller is generated (QAPI's `gen`).
    pub generate: bool,
}

impl Command {
    /// `boxed` when the schema does not say.
    pub const DEFAULT_BOXED: bool = false;
    /// `success-response` when the schema does not say.
    pub const DEFAULT_SUCCESS_RESPONSE: bool = true;
    /// `allow-oob` when the schema does not say.
    pub const DEFAULT_ALLOW_OOB: bool = false;
    /// `allow-preconfig` when the schema does not say.
    pub const DEFAULT_ALLOW_PRECONFIG: bool = false;
    /// `coroutine` when the schema does not say.
    pub const DEFAULT_COROUTINE: bool = false;
    /// `gen` when the schema does not say.
    pub const DEFAULT_GENERATE: bool = true;
}

/// An example exchange or message.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// What the example shows.
    pub doc: Option<Doc>,
    /// The messages, in order.
    pub messages: Vec<ExampleMessage>,
    /// Where the example was written.
    pub span: Span,
    /// Whether every message matches the schema. Always true in a YAML
    /// schema (a mismatch is an error); an imported QAPI schema keeps a
    /// mismatching example with a warning, and the outputs that validate
    /// examples (the JSON Schema, tests of the Rust) leave it out.
    pub valid: bool,
}

/// One message of an example.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleMessage {
    /// Who sends it.
    pub direction: Direction,
    /// The QMP message.
    pub message: serde_json::Value,
    /// What it is validated against, resolved once when the model is built.
    pub subject: Subject,
    /// Spans of the values inside the message, by JSON pointer, for precise errors.
    pub value_spans: Vec<(String, Span)>,
    /// Where it was written.
    pub span: Span,
}

/// What an example message is an instance of. Worked out once when the
/// model is built, from the definition the example belongs to and the
/// messages before it; the checker, the JSON Schema and every other
/// consumer read it from here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A value of the example's own type (an enum, struct, union or alternate).
    Value,
    /// A message of the named event (`{"event": NAME, ...}`), in the example
    /// of an event or a command.
    Event(String),
    /// An event's example that is no event message (a mistake the checker reports).
    NotAnEvent,
    /// A request running the named command (`execute` or `exec-oob`; the
    /// example's own command when the message names none).
    Request(String),
    /// A reply to the named command: the last request before it that names
    /// a known command, at first the example's own.
    Reply(String),
}

/// Which way a message travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Client to server (`->`).
    ToServer,
    /// Server to client (`<-`).
    FromServer,
}

impl Direction {
    /// The schema keyword (`to-server`, `from-server`).
    #[must_use]
    pub const fn keyword(self) -> &'static str {
        match self {
            Direction::ToServer => "to-server",
            Direction::FromServer => "from-server",
        }
    }
}

pub use crate::reliability::{Detection, Evidence, Gap, OwnTimeout, Period, Reliability, Strength, Wait};
