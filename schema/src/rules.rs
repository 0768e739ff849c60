//! Naming and deprecation rules as pure functions on text: the one place
//! they are written. The schema checks (`names`, `lifecycle`) and the
//! derive macros both call them and attach the positions.

use crate::model::Builtin;
use crate::version::Version;

/// A broken rule: the message (lower case, no final period) and a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: &'static str,
    /// Which part of the item is wrong, so callers can point at it.
    pub field: Field,
}

/// The part of an item a [`Problem`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The name.
    Name,
    /// `deprecated` without `since`.
    MissingSince,
    /// The deprecation's `since`.
    Since,
    /// The deprecation's `removal`.
    Removal,
    /// The deprecation's `replaced-by`.
    ReplacedBy,
    /// A reliability row's `evidence`.
    Evidence,
}

/// Which naming rule applies to a definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// `UPPER_CASE`.
    Event,
    /// `lower-case`; `_` only when `underscore_allowed` (pragma exception).
    Command,
    /// `CamelCase`.
    Type,
}

/// The case a name must use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `CamelCase`, with at least one lower-case letter.
    Camel,
    /// `UPPER_CASE`.
    Upper,
    /// `lower-case`, optionally allowing upper case, `_`, or a leading digit.
    Lower {
        /// Upper-case letters allowed (pragma exception).
        upper: bool,
        /// `_` allowed (pragma exception).
        underscore: bool,
        /// May start with a digit (enum values).
        digit_start: bool,
    },
}

/// Checks a definition name against QAPI's rules for its kind; type names
/// ending in `List` are reserved for arrays.
///
/// # Errors
/// The broken rule.
pub fn definition_name(kind: NameKind, text: &str, underscore_allowed: bool) -> Result<(), Problem> {
    match kind {
        NameKind::Event => name(text, Case::Upper, "event name"),
        NameKind::Command => name(text, Case::Lower { upper: false, underscore: underscore_allowed, digit_start: false }, "command name"),
        NameKind::Type => {
            name(text, Case::Camel, "type name")?;
            if text.ends_with("List") {
                return Err(problem(format!("type name `{text}` must not end in `List`"), "names ending in `List` are reserved for arrays"));
            }
            Ok(())
        }
    }
}

/// The namespace a definition's generated Rust item lives in. Its Rust
/// name depends on its own name and this namespace only, never on which
/// other definitions exist: commands carry a fixed suffix, the enum of a
/// union's branches another, so QEMU's `stop` command (`StopCommand`), its
/// `STOP` event (`Stop`) and a `BlockdevBackup` type beside the
/// `blockdev-backup` command (`BlockdevBackupCommand`) never meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RustItem {
    /// An enum, struct, union or alternate: its name, kept when already `CamelCase`.
    Type,
    /// The enum of a union's branch names: the union's name and [`RUST_BRANCH_SUFFIX`].
    BranchEnum,
    /// An event's payload: its name in `UpperCamelCase`.
    Event,
    /// A command's arguments: its name in `UpperCamelCase` and [`RUST_COMMAND_SUFFIX`].
    Command,
}

/// Suffix of every command's Rust argument type (`query-status` → `QueryStatusCommand`).
pub const RUST_COMMAND_SUFFIX: &str = "Command";

/// Suffix of every union's branch enum (`CpuInfoFast` → `CpuInfoFastBranch`).
pub const RUST_BRANCH_SUFFIX: &str = "Branch";

/// The Rust enum of every event, as a whole message.
pub const RUST_EVENT_ENUM: &str = "Event";
/// The Rust enum of every request.
pub const RUST_REQUEST_ENUM: &str = "Request";
/// The Rust enum of every command's return value.
pub const RUST_REPLY_ENUM: &str = "Reply";

/// Names the generated Rust uses beside the definitions' own: the enums of
/// all events, requests and replies.
pub const RUST_RESERVED: [&str; 3] = [RUST_EVENT_ENUM, RUST_REQUEST_ENUM, RUST_REPLY_ENUM];

/// `name` as a Rust `UpperCamelCase` name: a downstream `__vendor_` prefix
/// kept as words, a leading digit prefixed with `_`. With `keep_camel`, a
/// name already `CamelCase` (ASCII letters and digits, upper case first)
/// is kept as written (`ACPIOSTInfo`).
#[must_use]
pub fn rust_camel(name: &str, keep_camel: bool) -> String {
    use heck::ToUpperCamelCase as _;
    let stem = name.trim_start_matches('_');
    let camel = stem.starts_with(|c: char| c.is_ascii_uppercase()) && stem.chars().all(|c| c.is_ascii_alphanumeric());
    let converted = if keep_camel && camel { stem.to_owned() } else { stem.to_upper_camel_case() };
    rust_spelling(converted)
}

/// A converted name made an identifier's spelling: `_` when empty, `_`
/// before a leading digit.
#[must_use]
pub fn rust_spelling(converted: String) -> String {
    if converted.is_empty() {
        "_".to_owned()
    } else if converted.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{converted}")
    } else {
        converted
    }
}

/// The Rust name of a definition's item in `item`'s namespace, as spelled:
/// `Self`, which cannot be a raw identifier, becomes `SelfValue`, and
/// `PhantomData`, a field type serde's derive skips, `PhantomData2`.
#[must_use]
pub fn rust_item_name(item: RustItem, name: &str) -> String {
    let spelled = match item {
        RustItem::Type => rust_camel(name, true),
        RustItem::BranchEnum => format!("{}{RUST_BRANCH_SUFFIX}", rust_camel(name, true)),
        RustItem::Event => rust_camel(name, false),
        RustItem::Command => format!("{}{RUST_COMMAND_SUFFIX}", rust_camel(name, false)),
    };
    match spelled.as_str() {
        "Self" => "SelfValue".to_owned(),
        "PhantomData" => "PhantomData2".to_owned(),
        _ => spelled,
    }
}

/// Whether a condition flag can be a Cargo feature name once lower-cased
/// (the default `cfg` mapping makes `CONFIG_PCI` `feature = "config_pci"`):
/// an ASCII letter, digit or `_` first, then letters, digits, `_`, `-`, `.`.
#[must_use]
pub fn cargo_feature_flag(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The Cargo feature a condition flag becomes: the flag in lower case
/// (`CONFIG_PCI` → `config_pci`).
#[must_use]
pub fn cfg_feature(flag: &str) -> String {
    flag.to_ascii_lowercase()
}

/// The `cfg` name a condition flag becomes: the flag in lower case with
/// `-` and `.` as `_`, and `_` before a leading digit (`CONFIG_PCI` →
/// `config_pci`, `9p.virtio` → `_9p_virtio`). Two flags of one schema never
/// share a `cfg` name (the checker rejects them), so neither do their
/// features.
#[must_use]
pub fn cfg_name(flag: &str) -> String {
    let name: String = flag.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) { format!("_{name}") } else { name }
}

/// Checks a feature name: `lower-case`, downstream `__RFQDN_` prefixes
/// allowed, `q_` reserved.
///
/// # Errors
/// The broken rule.
pub fn feature_name(text: &str) -> Result<(), Problem> {
    // No pragma exempts feature names, so the hint names none.
    name(text, Case::Lower { upper: false, underscore: false, digit_start: false }, "feature name")
        .map_err(|problem| if problem.message.ends_with("has the wrong case") { Problem { help: "use lower-case words joined by `-`", ..problem } } else { problem })
}

fn problem(message: String, help: &'static str) -> Problem {
    Problem { message, help, field: Field::Name }
}

/// Checks any name (`what` says what it names, for the message): allowed
/// characters, the reserved `q_` prefix, and the case.
///
/// # Errors
/// The broken rule.
pub fn name(text: &str, case: Case, what: &str) -> Result<(), Problem> {
    let stem = downstream_stem(text);
    let digit_start = matches!(case, Case::Lower { digit_start: true, .. });
    let first_ok = stem.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || (digit_start && c.is_ascii_digit()));
    if !first_ok || !stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        let help = if digit_start { "use ASCII letters, digits, `-` and `_`" } else { "start with a letter; use ASCII letters, digits, `-` and `_`" };
        return Err(problem(format!("invalid {what} `{text}`"), help));
    }
    if stem.starts_with("q_") || stem.starts_with("q-") {
        return Err(problem(format!("{what} `{text}` uses the reserved prefix `q_`"), "names starting with `q_` are reserved for generated code"));
    }
    let (ok, help) = match case {
        Case::Camel => (
            stem.starts_with(|c: char| c.is_ascii_uppercase()) && stem.chars().all(|c| c.is_ascii_alphanumeric()) && stem.chars().any(|c| c.is_ascii_lowercase()),
            "type names use CamelCase, e.g. `DeviceInfo`",
        ),
        Case::Upper => (stem.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'), "event names use UPPER_CASE, e.g. `DEVICE_DELETED`"),
        Case::Lower { upper, underscore, .. } => (
            stem.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (upper && c.is_ascii_uppercase()) || (underscore && c == '_')),
            "use lower-case words joined by `-`, e.g. `slot-type` (exceptions go under `pragma`)",
        ),
    };
    if ok { Ok(()) } else { Err(problem(format!("{what} `{text}` has the wrong case"), help)) }
}

/// The name without a downstream `__RFQDN_` prefix (`__com.example_foo` -> `foo`).
fn downstream_stem(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("__") else { return text };
    match rest.find('_') {
        Some(index) if index > 0 && rest[..index].chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-') => &rest[index + 1..],
        _ => text,
    }
}

/// Parses a version, with the front end's message on failure.
///
/// # Errors
/// When `text` is not `MAJOR.MINOR[.MICRO]`.
pub fn version(text: &str) -> Result<Version, Problem> {
    Version::parse(text).ok_or_else(|| Problem { message: format!("invalid version `{text}`"), help: "write MAJOR.MINOR or MAJOR.MINOR.MICRO, e.g. \"9.2\"", field: Field::Since })
}

/// The deprecation rules that need no other definition: `since` is
/// required, not before the item's own `since`, and `removal` not before
/// `since` plus `releases` of the policy.
#[must_use]
pub fn deprecation(item_since: Option<Version>, since: Option<Version>, removal: Option<Version>, releases: u32, minors_per_major: Option<u32>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let Some(since) = since else {
        problems.push(Problem { message: "`deprecated` needs `since`".to_owned(), help: "write `deprecated(since = \"X.Y\", ...)`", field: Field::MissingSince });
        return problems;
    };
    if let Some(item_since) = item_since
        && since < item_since
    {
        problems.push(Problem { message: format!("deprecated since {since} but only introduced in {item_since}"), help: "deprecation cannot precede introduction", field: Field::Since });
    }
    if let Some(removal) = removal {
        let earliest = since.plus_releases(releases, minors_per_major);
        if removal.key() < earliest.key() || removal < since {
            problems.push(Problem {
                message: format!("removal in {removal} is too early: deprecated in {since}, the policy keeps it {releases} releases (until {earliest})"),
                help: "a deprecated interface stays for the policy's number of releases",
                field: Field::Removal,
            });
        }
    }
    problems
}

/// Checks an `evidence` file: a relative path inside the implementation's
/// source tree, `/`-separated, whose last part has an extension.
///
/// # Errors
/// When it cannot name a file of a source tree.
pub fn evidence_file(text: &str) -> Result<(), Problem> {
    let help = "write the path from the top of the source tree, e.g. `hw/ppc/spapr_drc.c`";
    let parts: Vec<&str> = text.split('/').collect();
    let part_ok = |p: &&str| !p.is_empty() && *p != "." && *p != ".." && p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+'));
    if !parts.iter().all(part_ok) {
        return Err(Problem { message: format!("evidence file `{text}` is not a relative path in a source tree"), help, field: Field::Evidence });
    }
    let last = parts.last().copied().unwrap_or_default();
    if !last.trim_start_matches('.').contains('.') {
        return Err(Problem { message: format!("evidence file `{text}` has no extension"), help, field: Field::Evidence });
    }
    Ok(())
}

/// Checks an `evidence` function: a C identifier, without `()`.
///
/// # Errors
/// When it is not an identifier.
pub fn evidence_function(text: &str) -> Result<(), Problem> {
    let ok = text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Problem {
            message: format!("evidence function `{text}` is not an identifier"),
            help: "name one function (or table) of the file, without `()`, e.g. `drc_unisolate_logical`",
            field: Field::Evidence,
        })
    }
}

/// Checks a `replaced-by` target's spelling: `Name` or `Name.member`.
///
/// # Errors
/// When it cannot name a definition.
pub fn replacement(text: &str) -> Result<(), Problem> {
    let (definition, member) = match text.split_once('.') {
        Some((definition, member)) => (definition, Some(member)),
        None => (text, None),
    };
    let word = |s: &str| s.starts_with(|c: char| c.is_ascii_alphabetic()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if word(definition) && member.is_none_or(word) {
        Ok(())
    } else {
        Err(Problem { message: format!("`replaced-by` `{text}` is not a definition name"), help: "name a definition, or `Definition.member`", field: Field::ReplacedBy })
    }
}

/// Types the QMP protocol itself sends, outside any command or event: the
/// greeting `{"QMP": {"version": VersionInfo, "capabilities": [QMPCapability]}}`
/// that opens every session. A schema that defines them has them received
/// (so their enums keep values a newer server offers), even where no
/// command returns them (QEMU's `qmp_capabilities` only takes
/// `QMPCapability` as an argument).
pub const GREETING_TYPES: [&str; 2] = ["VersionInfo", "QMPCapability"];

/// `pointer` followed by the JSON pointer token of the object member
/// `key` (RFC 6901: `~` written `~0`, `/` written `~1`), built in one go.
#[must_use]
pub(crate) fn pointer_to_member(pointer: &str, key: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1 + key.len());
    out.push_str(pointer);
    out.push('/');
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// The command a QMP request names, by `execute` or `exec-oob`.
#[must_use]
pub fn executed_command(message: &serde_json::Value) -> Option<&str> {
    message.get("execute").or_else(|| message.get("exec-oob")).and_then(serde_json::Value::as_str)
}

/// Whether `name` (a schema name such as `BlockdevOptions` or `DEVICE_DELETED`)
/// matches `pattern`, a glob where `*` stands for any run of characters
/// (none included) and `?` for exactly one; every other character stands
/// for itself, case included. The customisation options of the Rust
/// output select definitions with it.
#[must_use]
pub fn glob_matches(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    // Iterative matching with one backtrack point: the last `*` seen.
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(&c) if c == '?' || c == name[n] => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((star_p, star_n)) => {
                    p = star_p + 1;
                    n = star_n + 1;
                    star = Some((star_p, star_n + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

/// Whether `pattern` has a `*` or `?`, so it may match more than one name.
#[must_use]
pub fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// What a type is, as far as the JSON kind of its values goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeShape {
    /// An array of anything.
    Array,
    /// A built-in type.
    Builtin(Builtin),
    /// An enumeration.
    Enum,
    /// A struct or a union.
    Object,
    /// An alternate, or a name that is no type (an event, a command, an
    /// unknown name).
    Other,
}

/// The JSON kind of a value: what an alternate tells its branches apart by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JsonKind {
    /// A JSON string.
    String,
    /// A JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// `null`.
    Null,
    /// A JSON object.
    Object,
    /// A JSON array.
    Array,
}

impl JsonKind {
    /// The one kind every value of a type of this shape has; `None` when
    /// values of several kinds fit (`any`, an alternate) or it is no type.
    #[must_use]
    pub const fn of(shape: TypeShape) -> Option<JsonKind> {
        match shape {
            TypeShape::Array => Some(JsonKind::Array),
            TypeShape::Builtin(Builtin::Str) | TypeShape::Enum => Some(JsonKind::String),
            TypeShape::Builtin(Builtin::Bool) => Some(JsonKind::Boolean),
            TypeShape::Builtin(Builtin::Null) => Some(JsonKind::Null),
            TypeShape::Builtin(Builtin::Any) | TypeShape::Other => None,
            TypeShape::Builtin(_) => Some(JsonKind::Number),
            TypeShape::Object => Some(JsonKind::Object),
        }
    }

    /// The kind of `value`.
    #[must_use]
    pub const fn of_value(value: &serde_json::Value) -> JsonKind {
        match value {
            serde_json::Value::String(_) => JsonKind::String,
            serde_json::Value::Number(_) => JsonKind::Number,
            serde_json::Value::Bool(_) => JsonKind::Boolean,
            serde_json::Value::Null => JsonKind::Null,
            serde_json::Value::Object(_) => JsonKind::Object,
            serde_json::Value::Array(_) => JsonKind::Array,
        }
    }

    /// Its JSON Schema name (`string`, `object`, …).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            JsonKind::String => "string",
            JsonKind::Number => "number",
            JsonKind::Boolean => "boolean",
            JsonKind::Null => "null",
            JsonKind::Object => "object",
            JsonKind::Array => "array",
        }
    }

    /// Words for messages (`a string`, `an object`, …).
    #[must_use]
    pub const fn words(self) -> &'static str {
        match self {
            JsonKind::String => "a string",
            JsonKind::Number => "a number",
            JsonKind::Boolean => "a boolean",
            JsonKind::Null => "null",
            JsonKind::Object => "an object",
            JsonKind::Array => "an array",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(definition_name(NameKind::Event, "DEVICE_DELETED", false).is_ok());
        assert!(definition_name(NameKind::Event, "DeviceDeleted", false).is_err());
        assert!(definition_name(NameKind::Command, "device-del", false).is_ok());
        assert!(definition_name(NameKind::Command, "device_del", false).is_err());
        assert!(definition_name(NameKind::Command, "device_del", true).is_ok());
        assert!(definition_name(NameKind::Type, "ACPIOSTInfo", false).is_ok());
        assert!(definition_name(NameKind::Event, "1X", false).is_err());
        assert!(cargo_feature_flag("CONFIG_A") && cargo_feature_flag("x.y-z"));
        assert!(!cargo_feature_flag("-x") && !cargo_feature_flag(".") && !cargo_feature_flag(""));
        assert_eq!(cfg_feature("CONFIG_A-b.c"), "config_a-b.c");
        assert_eq!(cfg_name("CONFIG_A-b.c"), "config_a_b_c");
        assert_eq!(cfg_name("9p"), "_9p");
        assert!(feature_name("allow-write-only-overlay").is_ok());
        assert!(feature_name("__com.redhat_bar").is_ok());
        assert!(feature_name("q-foo").is_err());
        assert!(feature_name("Foo").is_err());
    }

    #[test]
    fn rust_names_depend_on_name_and_kind_only() {
        assert_eq!(rust_item_name(RustItem::Command, "stop"), "StopCommand");
        assert_eq!(rust_item_name(RustItem::Event, "STOP"), "Stop");
        assert_eq!(rust_item_name(RustItem::Type, "BlockdevBackup"), "BlockdevBackup");
        assert_eq!(rust_item_name(RustItem::Command, "blockdev-backup"), "BlockdevBackupCommand");
        assert_eq!(rust_item_name(RustItem::Type, "ACPIOSTInfo"), "ACPIOSTInfo");
        assert_eq!(rust_item_name(RustItem::BranchEnum, "CpuInfoFast"), "CpuInfoFastBranch");
        assert_eq!(rust_item_name(RustItem::Event, "SELF"), "SelfValue");
        assert_eq!(rust_item_name(RustItem::Type, "PhantomData"), "PhantomData2");
        assert_eq!(rust_item_name(RustItem::Command, "__com.redhat_drive-mirror"), "ComRedhatDriveMirrorCommand");
        assert_eq!(rust_item_name(RustItem::Event, "2WAY"), "_2way");
    }

    #[test]
    fn evidence() {
        assert!(evidence_file("hw/ppc/spapr_drc.c").is_ok());
        assert!(evidence_file("/hw/ppc/spapr_drc.c").is_err());
        assert!(evidence_file("hw/../spapr_drc.c").is_err());
        assert!(evidence_file("hw/ppc/Makefile").is_err());
        assert!(evidence_function("drc_unisolate_logical").is_ok());
        assert!(evidence_function("drc_unisolate_logical()").is_err());
        assert!(evidence_function("9lives").is_err());
    }

    #[test]
    fn deprecations() {
        let v = |t| Version::parse(t);
        assert!(deprecation(v("2.4"), v("6.2"), v("9.1"), 2, Some(3)).is_empty());
        assert_eq!(deprecation(v("2.4"), v("6.2"), v("7.0"), 2, Some(3)).len(), 1);
        assert_eq!(deprecation(v("7.0"), v("6.2"), None, 2, Some(3)).len(), 1);
        assert_eq!(deprecation(None, None, None, 2, Some(3)).len(), 1);
    }

    #[test]
    fn globs() {
        assert!(glob_matches("*", "BlockdevOptions"));
        assert!(glob_matches("*", ""));
        assert!(glob_matches("Blockdev*", "BlockdevOptions"));
        assert!(glob_matches("Blockdev*", "Blockdev"));
        assert!(!glob_matches("Blockdev*", "blockdevOptions"), "case counts");
        assert!(glob_matches("DEVICE_*", "DEVICE_DELETED"));
        assert!(!glob_matches("DEVICE_*", "DEVICE"));
        assert!(glob_matches("query-?pus-fast", "query-cpus-fast"));
        assert!(!glob_matches("query-?pus-fast", "query-pus-fast"), "`?` is exactly one character");
        assert!(!glob_matches("*-del", "device_del"));
        assert!(glob_matches("*_del", "device_del"));
        assert!(glob_matches("*a*b*", "xxaxxbxx"));
        assert!(glob_matches("*a*b", "abab"), "the star backtracks");
        assert!(!glob_matches("*a*b", "abba"));
        assert!(glob_matches("query-status", "query-status"));
        assert!(!glob_matches("query-status", "query-statu"));
        assert!(!glob_matches("", "x"));
        assert!(is_glob("DEVICE_*") && is_glob("a?") && !is_glob("query-status"));
    }
}
