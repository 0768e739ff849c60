//! Every key of the YAML schema language, spelled once (in the spirit of
//! serde's `symbol.rs`): the parser, the QAPI reader, the YAML writer and
//! the manual name keys only through these constants, and a test checks
//! that the language reference documents each one.

use std::fmt;

/// One key of the schema language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key(&'static str);

impl Key {
    /// The key as written in a schema.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialEq<Key> for &str {
    fn eq(&self, key: &Key) -> bool {
        *self == key.0
    }
}

macro_rules! keys {
    ($($(#[doc = $doc:literal])+ $name:ident = $text:literal;)*) => {
        $($(#[doc = $doc])+ pub const $name: Key = Key($text);)*
        /// Every key, in the order of the language reference.
        pub const ALL: &[Key] = &[$($name),*];
    };
}

keys! {
    /// Top level: the module name, which names the output files.
    MODULE = "module";
    /// Top level: the interface version the schema describes.
    VERSION = "version";
    /// Top level: `yaml` or `qapi`.
    ORIGIN = "origin";
    /// The Markdown documentation of a file, definition, member, feature or example.
    DOC = "doc";
    /// Top level: files to read as part of this schema.
    INCLUDE = "include";
    /// Top level: the deprecation policy.
    POLICY = "policy";
    /// Policy: releases a deprecated item stays.
    DEPRECATION_RELEASES = "deprecation-releases";
    /// Policy: minor releases per major release.
    MINORS_PER_MAJOR = "minors-per-major";
    /// Top level: QAPI pragmas.
    PRAGMA = "pragma";
    /// Pragma: every definition and member must be documented.
    DOC_REQUIRED = "doc-required";
    /// Pragma: types whose members may break the naming rule.
    MEMBER_NAME_EXCEPTIONS = "member-name-exceptions";
    /// Pragma: commands whose names may use `_`.
    COMMAND_NAME_EXCEPTIONS = "command-name-exceptions";
    /// Pragma: commands that may return a non-object.
    COMMAND_RETURNS_EXCEPTIONS = "command-returns-exceptions";
    /// Pragma: definitions exempt from `doc-required`.
    DOCUMENTATION_EXCEPTIONS = "documentation-exceptions";
    /// Top level: the definitions, in order.
    DEFINITIONS = "definitions";
    /// Top level: the reliability rows.
    RELIABILITY = "reliability";
    /// Definition kind: an enumeration.
    ENUM = "enum";
    /// Definition kind: a structure.
    STRUCT = "struct";
    /// Definition kind: a union with a discriminator.
    UNION = "union";
    /// Definition kind: an alternate, told apart by JSON type.
    ALTERNATE = "alternate";
    /// Definition kind: an event; also the event of a reliability row.
    EVENT = "event";
    /// Definition kind: a command.
    COMMAND = "command";
    /// A definition's members, values, branches or arguments.
    DATA = "data";
    /// Enum: the prefix of generated constants (QAPI).
    PREFIX = "prefix";
    /// Struct or union: the base type, or the union's own base members.
    BASE = "base";
    /// Union: the base member whose value chooses the branch.
    DISCRIMINATOR = "discriminator";
    /// Event or command: the named data type is passed whole.
    BOXED = "boxed";
    /// Command: the return type.
    RETURNS = "returns";
    /// Command: whether the server replies (QGA).
    SUCCESS_RESPONSE = "success-response";
    /// Command: may run out of band.
    ALLOW_OOB = "allow-oob";
    /// Command: available before machine setup.
    ALLOW_PRECONFIG = "allow-preconfig";
    /// Command: runs in a coroutine.
    COROUTINE = "coroutine";
    /// Command: whether QAPI generates its marshaller.
    GEN = "gen";
    /// The release an item first appeared in; a deprecation's release.
    SINCE = "since";
    /// The condition under which an item exists.
    IF = "if";
    /// Condition: every operand holds.
    ALL_OF = "all";
    /// Condition: some operand holds.
    ANY_OF = "any";
    /// Condition: the operand does not hold.
    NOT = "not";
    /// The features of an item.
    FEATURES = "features";
    /// The name of a feature, enum value or alternate branch in long form.
    NAME = "name";
    /// Deprecation: what replaces the item.
    REPLACED_BY = "replaced-by";
    /// Deprecation: the release that removes the item.
    REMOVAL = "removal";
    /// Member or branch in long form: its type.
    TYPE = "type";
    /// Member in long form: whether it may be absent.
    OPTIONAL = "optional";
    /// A definition's example exchanges.
    EXAMPLES = "examples";
    /// Example: one message.
    MESSAGE = "message";
    /// Example: several messages in order.
    MESSAGES = "messages";
    /// Example message: `to-server` or `from-server`.
    DIRECTION = "direction";
    /// Definition: made by the QAPI reader, not written in the source.
    IMPLICIT = "implicit";
    /// Reliability row: the machine type.
    MACHINE = "machine";
    /// Reliability row: the device kind.
    DEVICE = "device";
    /// Reliability row or period: whether and how a failure is detected.
    DETECTION = "detection";
    /// Reliability row: one line for the answer lists.
    SUMMARY = "summary";
    /// Reliability row: earlier periods of the path, oldest first.
    HISTORY = "history";
    /// Reliability row: what a repeated `device_del` does.
    REPEAT = "repeat";
    /// Reliability row: what a reset does to a pending removal.
    RESET = "reset";
    /// Reliability row: a failure that could be detected but is not.
    GAP = "gap";
    /// Gap: `strong` or `weak`.
    STRENGTH = "strength";
    /// Reliability row or period: the code that implements it.
    EVIDENCE = "evidence";
    /// Evidence: the source file.
    FILE = "file";
    /// Evidence: the function (or table) in that file.
    FUNCTION = "function";
    /// Evidence: the release the code was read at.
    RELEASE = "release";
}

/// The key spelled `text`, if the language has one.
#[must_use]
pub fn find(text: &str) -> Option<Key> {
    ALL.iter().copied().find(|key| key.0 == text)
}

/// The definition kinds, each the first key of a definition.
pub const KINDS: [Key; 6] = [ENUM, STRUCT, UNION, ALTERNATE, EVENT, COMMAND];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_distinct() {
        let mut seen = std::collections::BTreeSet::new();
        for key in ALL {
            assert!(seen.insert(key.as_str()), "`{key}` is listed twice");
        }
    }
}
