//! Naming rules, as in QAPI: allowed characters, the case each kind of name
//! uses, reserved names, and the pragma exceptions.

use crate::ast::{self, Data, DefKind, Definition, Member};
use crate::diag::Diagnostics;
use crate::model::Pragma;
use crate::hash::HashMap;

use crate::rules::{self, Case, NameKind, RustItem};
use crate::symbols::Symbols;

/// Checks the definition's own name and every name inside it.
pub fn definition(cx: &mut Diagnostics, definition: &Definition, pragma: &Pragma) {
    let name = &definition.name;
    let member_exception = pragma.member_name_exceptions.contains(&name.text);
    match &definition.kind {
        DefKind::Event { data, .. } => {
            report(cx, name, rules::definition_name(NameKind::Event, &name.text, false));
            if let Some(Data::Inline(members)) = data {
                members_of(cx, members, member_exception);
            }
        }
        DefKind::Command(command) => {
            let underscore = pragma.command_name_exceptions.contains(&name.text);
            report(cx, name, rules::definition_name(NameKind::Command, &name.text, underscore));
            if let Some(Data::Inline(members)) = &command.data {
                members_of(cx, members, member_exception);
            }
        }
        kind => {
            report(cx, name, rules::definition_name(NameKind::Type, &name.text, false));
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

/// Two definitions whose generated Rust items coincide in one namespace
/// (`rules::rust_item_name`: `FooBar` and `foo-bar` types, a `FooBranch`
/// type beside a union `Foo`), or a type or event named like the items
/// the generated code adds itself (`rules::RUST_RESERVED`), cannot both be
/// generated.
pub fn rust_items(cx: &mut Diagnostics, symbols: &Symbols<'_>) {
    let mut taken: HashMap<String, &Definition> = HashMap::default();
    for definition in &symbols.order {
        let name = &definition.name;
        let items: &[RustItem] = match definition.kind {
            DefKind::Event { .. } => &[RustItem::Event],
            DefKind::Command(_) => &[RustItem::Command],
            DefKind::Union { .. } => &[RustItem::Type, RustItem::BranchEnum],
            _ => &[RustItem::Type],
        };
        for &item in items {
            let rust = rules::rust_item_name(item, &name.text);
            if rules::RUST_RESERVED.contains(&rust.as_str()) {
                cx.error(name.span, format!("`{}` would be the Rust item `{rust}`, which the generated code defines itself", name.text))
                    .help("rename the definition; `Event`, `Request` and `Reply` are reserved in generated Rust");
            } else if let Some(first) = taken.get(&rust) {
                cx.error(name.span, format!("`{}` and `{}` would both be the Rust item `{rust}`", name.text, first.name.text))
                    .note(first.name.span, "defined here")
                    .help("rename one of them (see the naming rules of generated Rust)");
            } else {
                taken.insert(rust, definition);
            }
        }
    }
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
        let _ = report(cx, &feature.name, rules::feature_name(&feature.name.text));
    }
}

/// Checks one name; returns whether it passed.
fn check(cx: &mut Diagnostics, name: &ast::Name, case: Case, what: &str) -> bool {
    report(cx, name, rules::name(&name.text, case, what))
}

fn report(cx: &mut Diagnostics, name: &ast::Name, result: Result<(), rules::Problem>) -> bool {
    match result {
        Ok(()) => true,
        Err(problem) => {
            cx.error(name.span, problem.message).help(problem.help);
            false
        }
    }
}
