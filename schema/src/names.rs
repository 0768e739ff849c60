//! Naming rules, as in QAPI: allowed characters, the case each kind of name
//! uses, reserved names, and the pragma exceptions.

use crate::ast::{self, Data, DefKind, Definition, Member};
use crate::diag::Diagnostics;
use crate::model::Pragma;

/// Checks the definition's own name and every name inside it.
pub fn definition(cx: &mut Diagnostics, definition: &Definition, pragma: &Pragma) {
    let name = &definition.name;
    let member_exception = pragma.member_name_exceptions.iter().any(|n| *n == name.text);
    match &definition.kind {
        DefKind::Event { data, .. } => {
            check(cx, name, Case::Upper, "event name");
            if let Some(Data::Inline(members)) = data {
                members_of(cx, members, member_exception);
            }
        }
        DefKind::Command(command) => {
            let underscore = pragma.command_name_exceptions.iter().any(|n| *n == name.text);
            check(cx, name, Case::Lower { upper: false, underscore, digit_start: false }, "command name");
            if let Some(Data::Inline(members)) = &command.data {
                members_of(cx, members, member_exception);
            }
        }
        kind => {
            if check(cx, name, Case::Camel, "type name") && name.text.ends_with("List") {
                cx.error(name.span, format!("type name `{}` must not end in `List`", name.text)).help("names ending in `List` are reserved for arrays");
            }
            match kind {
                DefKind::Enum { values, .. } => {
                    for value in values {
                        check(cx, &value.name, Case::Lower { upper: member_exception, underscore: member_exception, digit_start: true }, "enum value");
                        features_of(cx, &value.meta);
                    }
                }
                DefKind::Struct { members, .. } => members_of(cx, members, member_exception),
                DefKind::Union { base: Some(ast::Base::Inline(members, _)), .. } => members_of(cx, members, member_exception),
                DefKind::Alternate { branches } => {
                    for branch in branches {
                        check(cx, &branch.name, Case::Lower { upper: member_exception, underscore: member_exception, digit_start: false }, "branch name");
                    }
                }
                _ => {}
            }
        }
    }
    features_of(cx, &definition.meta);
}

fn members_of(cx: &mut Diagnostics, members: &[Member], exception: bool) {
    for member in members {
        if check(cx, &member.name, Case::Lower { upper: exception, underscore: exception, digit_start: false }, "member name") {
            let text = &member.name.text;
            if text.starts_with("has-") || text.starts_with("has_") || text == "u" {
                cx.error(member.name.span, format!("member name `{text}` is reserved")).help("`u` and names starting with `has-` are reserved for generated code");
            }
        }
        features_of(cx, &member.meta);
    }
}

fn features_of(cx: &mut Diagnostics, meta: &ast::Meta) {
    for feature in &meta.features {
        check(cx, &feature.name, Case::Lower { upper: false, underscore: false, digit_start: false }, "feature name");
    }
}

#[derive(Clone, Copy)]
enum Case {
    /// `CamelCase`, with at least one lower-case letter.
    Camel,
    /// `UPPER_CASE`.
    Upper,
    /// `lower-case`, optionally allowing upper case, `_`, or a leading digit.
    Lower { upper: bool, underscore: bool, digit_start: bool },
}

/// Checks one name; returns whether it passed.
fn check(cx: &mut Diagnostics, name: &ast::Name, case: Case, what: &str) -> bool {
    let text = name.text.as_str();
    let stem = downstream_stem(text);
    let digit_start = matches!(case, Case::Lower { digit_start: true, .. });
    let first_ok = stem.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || (digit_start && c.is_ascii_digit()));
    if !first_ok || !stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        cx.error(name.span, format!("invalid {what} `{text}`")).help(if digit_start {
            "use ASCII letters, digits, `-` and `_`"
        } else {
            "start with a letter; use ASCII letters, digits, `-` and `_`"
        });
        return false;
    }
    if stem.starts_with("q_") || stem.starts_with("q-") {
        cx.error(name.span, format!("{what} `{text}` uses the reserved prefix `q_`"));
        return false;
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
    if !ok {
        cx.error(name.span, format!("{what} `{text}` has the wrong case")).help(help);
    }
    ok
}

/// The name without a downstream `__RFQDN_` prefix (`__com.example_foo` -> `foo`).
fn downstream_stem(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("__") else { return text };
    match rest.find('_') {
        Some(index) if rest[..index].chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-') && index > 0 => &rest[index + 1..],
        _ => text,
    }
}
