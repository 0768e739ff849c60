//! Rust emitter, naming: every Rust identifier the emitter writes comes from
//! here. QAPI names become idiomatic Rust names (`DEVICE_DELETED` →
//! `DeviceDeleted`, `slot-type` → `slot_type`); keywords, leading digits and
//! names that collide after conversion are handled, deterministically.
//!
//! Rules:
//! - a definition's item is named by `qapi_gen_schema::rules::rust_item_name`
//!   from its own name and kind only: types kept as written when already
//!   `CamelCase` (`ACPIOSTInfo` stays), events in `UpperCamelCase`,
//!   commands with the suffix `Command`, a union's branch enum with
//!   `Branch`; the schema rejects two that coincide (see `docs/naming.md`);
//! - enum value and branch names go through heck's `UpperCamelCase`,
//!   members through `snake_case`;
//! - keywords become raw identifiers (`r#type`, `r#gen`), except `self`,
//!   `super`, `crate` and `Self`, which cannot be raw: they get a suffix
//!   (`self_`, `SelfValue`);
//! - a leading digit gets a `_` prefix (`1` → `_1`);
//! - within one definition's scope (the fields of a struct, the variants
//!   of an enum) a later name that collides with an earlier one
//!   gets the smallest free numeric suffix (`foo_bar_2`, `Unknown2`).

use std::collections::BTreeSet;

use heck::ToSnakeCase as _;
use proc_macro2::{Ident, Span};
use qapi_gen_schema::rules;

/// Strict and reserved keywords of Rust 2024 (`gen` included).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe",
    "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// The case a name is converted to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Type names: kept when already `CamelCase`, else like [`Case::Camel`].
    Type,
    /// `UpperCamelCase`: event and command types, variants.
    Camel,
    /// `snake_case`: fields.
    Snake,
}

/// The Rust spelling of a QAPI name in `case`, before keyword handling.
/// `UpperCamelCase` is the schema's rule (`rules::rust_camel`), which also
/// names every definition's item (`rules::rust_item_name`).
#[must_use]
pub fn convert(name: &str, case: Case) -> String {
    match case {
        Case::Type => rules::rust_camel(name, true),
        Case::Camel => rules::rust_camel(name, false),
        Case::Snake => rules::rust_spelling(downstream_stem(name).to_snake_case()),
    }
}

/// A downstream name `__com.example_foo-bar` keeps its vendor part:
/// heck then turns it into `com_example_foo_bar`.
fn downstream_stem(name: &str) -> &str {
    name.trim_start_matches('_')
}

/// `text` as an identifier: raw for keywords, suffixed for the four that
/// cannot be raw. `text` must come from [`convert`] (or be a valid identifier).
#[must_use]
pub fn ident(text: &str) -> Ident {
    if NOT_RAW.contains(&text) {
        let suffixed = if text == "Self" { "SelfValue".to_owned() } else { format!("{text}_") };
        return Ident::new(&suffixed, Span::call_site());
    }
    if KEYWORDS.contains(&text) {
        return Ident::new_raw(text, Span::call_site());
    }
    Ident::new(text, Span::call_site())
}

/// The spelling [`ident`] gives, as a string without `r#` (for collision checks).
fn final_spelling(text: &str) -> String {
    if NOT_RAW.contains(&text) {
        if text == "Self" { "SelfValue".to_owned() } else { format!("{text}_") }
    } else {
        text.to_owned()
    }
}

/// One naming scope: hands out identifiers that are unique within it.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// An empty scope.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope where `reserved` names are already taken.
    #[must_use]
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|s| (*s).to_owned()).collect() }
    }

    /// The identifier for QAPI name `name` in `case`, unique in this scope.
    pub fn claim(&mut self, name: &str, case: Case) -> Ident {
        let base = convert(name, case);
        self.claim_converted(&base, case)
    }

    /// Like [`Scope::claim`] for an already converted spelling.
    pub fn claim_converted(&mut self, base: &str, case: Case) -> Ident {
        let mut candidate = base.to_owned();
        let mut counter = 2u32;
        while self.taken.contains(&final_spelling(&candidate)) {
            candidate = match case {
                Case::Type | Case::Camel => format!("{base}{counter}"),
                Case::Snake => format!("{}_{counter}", base.trim_end_matches('_')),
            };
            counter = counter.saturating_add(1);
        }
        self.taken.insert(final_spelling(&candidate));
        ident(&candidate)
    }

    /// Whether the converted spelling is taken.
    #[must_use]
    pub fn is_taken(&self, spelling: &str) -> bool {
        self.taken.contains(spelling)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spell(name: &str, case: Case) -> String {
        ident(&convert(name, case)).to_string()
    }

    #[test]
    fn converts_qapi_names() {
        assert_eq!(spell("DEVICE_UNPLUG_GUEST_ERROR", Case::Camel), "DeviceUnplugGuestError");
        assert_eq!(spell("ACPIOSTInfo", Case::Type), "ACPIOSTInfo");
        assert_eq!(spell("ACPIOSTInfo", Case::Camel), "AcpiostInfo");
        assert_eq!(spell("FOO", Case::Camel), "Foo");
        assert_eq!(spell("device_del", Case::Camel), "DeviceDel");
        assert_eq!(spell("slot-type", Case::Snake), "slot_type");
        assert_eq!(spell("DIMM", Case::Camel), "Dimm");
        assert_eq!(spell("__com.redhat_drive-mirror", Case::Camel), "ComRedhatDriveMirror");
        assert_eq!(spell("__com.redhat_drive-mirror", Case::Snake), "com_redhat_drive_mirror");
    }

    #[test]
    fn handles_keywords_and_digits() {
        assert_eq!(spell("type", Case::Snake), "r#type");
        assert_eq!(spell("match", Case::Snake), "r#match");
        assert_eq!(spell("async", Case::Snake), "r#async");
        assert_eq!(spell("gen", Case::Snake), "r#gen");
        assert_eq!(spell("self", Case::Snake), "self_");
        assert_eq!(spell("super", Case::Snake), "super_");
        assert_eq!(spell("crate", Case::Snake), "crate_");
        assert_eq!(spell("self", Case::Camel), "SelfValue");
        assert_eq!(spell("1", Case::Camel), "_1");
        assert_eq!(spell("2-way", Case::Camel), "_2Way");
    }

    #[test]
    fn resolves_collisions_in_order() {
        let mut scope = Scope::with_reserved(&["Unknown"]);
        assert_eq!(scope.claim("unknown", Case::Camel).to_string(), "Unknown2");
        let mut fields = Scope::new();
        assert_eq!(fields.claim("fooBar", Case::Snake).to_string(), "foo_bar");
        assert_eq!(fields.claim("foo-bar", Case::Snake).to_string(), "foo_bar_2");
        assert_eq!(fields.claim("self", Case::Snake).to_string(), "self_");
        assert_eq!(fields.claim("self_", Case::Snake).to_string(), "self_2");
    }
}
