//! Check phase: the structural rules that span several items, one function
//! per rule. Runs on the AST with the symbol table; the model is only built
//! when these pass. Rules that need the merged model (examples, deprecation,
//! versions, docs) live in `validate`.

use crate::hash::HashMap;

use crate::ast::{self, Data, DefKind, Definition, Member, TypeRef};
use crate::diag::Diagnostics;
use crate::model::{Builtin, Pragma};
use crate::names;
use crate::rules::{JsonKind, TypeShape};
use crate::source::Span;
use crate::suggest::did_you_mean;
use crate::symbols::{Symbols, fold};

/// Runs every structural rule over every definition.
pub fn all(cx: &mut Diagnostics, symbols: &Symbols<'_>, pragma: &Pragma) {
    names::rust_items(cx, symbols);
    for definition in &symbols.order {
        names::definition(cx, definition, pragma);
        references(cx, symbols, definition);
        match &definition.kind {
            DefKind::Enum { values, .. } => {
                enum_values(cx, values);
                enum_examples(cx, definition);
            }
            DefKind::Struct { base, members } => structure(cx, symbols, definition, base.as_ref(), members),
            DefKind::Union { base, discriminator, branches } => union(cx, symbols, definition, base.as_ref(), discriminator.as_ref(), branches),
            DefKind::Alternate { branches } => alternate(cx, symbols, definition, branches),
            DefKind::Event { data, boxed } => payload(cx, symbols, "event", data.as_ref(), *boxed),
            DefKind::Command(command) => self::command(cx, symbols, definition, command, pragma),
        }
        feature_clashes(cx, &definition.meta);
    }
}

/// What a type name refers to.
enum Target<'a> {
    Builtin(Builtin),
    Defined(&'a Definition),
}

fn lookup<'a>(symbols: &Symbols<'a>, name: &str) -> Option<Target<'a>> {
    Builtin::from_name(name).map(Target::Builtin).or_else(|| symbols.get(name).map(Target::Defined))
}

/// Every type reference must name a built-in or defined type (not an event or command).
fn references(cx: &mut Diagnostics, symbols: &Symbols<'_>, definition: &Definition) {
    let check = |cx: &mut Diagnostics, ty: &TypeRef| type_ref(cx, symbols, ty);
    match &definition.kind {
        DefKind::Enum { .. } => {}
        DefKind::Struct { members, .. } => members.iter().for_each(|m| check(cx, &m.ty)),
        DefKind::Union { base, .. } => {
            if let Some(ast::Base::Inline(members, _)) = base {
                members.iter().for_each(|m| check(cx, &m.ty));
            }
        }
        DefKind::Alternate { branches } => branches.iter().for_each(|b| check(cx, &b.ty)),
        DefKind::Event { data, .. } => {
            if let Some(Data::Inline(members)) = data {
                members.iter().for_each(|m| check(cx, &m.ty));
            }
        }
        DefKind::Command(command) => {
            if let Some(Data::Inline(members)) = &command.data {
                members.iter().for_each(|m| check(cx, &m.ty));
            }
            if let Some(returns) = &command.returns {
                check(cx, returns);
            }
        }
    }
}

fn type_ref(cx: &mut Diagnostics, symbols: &Symbols<'_>, ty: &TypeRef) {
    match ty {
        TypeRef::Array(inner, _) => type_ref(cx, symbols, inner),
        TypeRef::Name(name) => match lookup(symbols, &name.text) {
            Some(Target::Builtin(_)) => {}
            Some(Target::Defined(target)) => {
                if !target.kind.is_type() {
                    cx.error(name.span, format!("`{}` is {}, not a type", name.text, kind_phrase(&target.kind)));
                }
            }
            None => unknown_type(cx, symbols, name),
        },
    }
}

fn unknown_type(cx: &mut Diagnostics, symbols: &Symbols<'_>, name: &ast::Name) {
    let diagnostic = cx.error(name.span, format!("unknown type `{}`", name.text));
    let candidates = symbols.order.iter().filter(|d| d.kind.is_type()).map(|d| d.name.text.as_str()).chain(Builtin::ALL.map(Builtin::name));
    if let Some(suggestion) = did_you_mean(&name.text, candidates) {
        diagnostic.help(format!("did you mean `{suggestion}`?"));
    }
}

fn kind_phrase(kind: &DefKind) -> &'static str {
    match kind {
        DefKind::Enum { .. } => "an enum",
        DefKind::Struct { .. } => "a struct",
        DefKind::Union { .. } => "a union",
        DefKind::Alternate { .. } => "an alternate",
        DefKind::Event { .. } => "an event",
        DefKind::Command(_) => "a command",
    }
}

/// A struct's base chain must be structs without a cycle, and its members
/// must not clash with each other or with the base's.
fn structure(cx: &mut Diagnostics, symbols: &Symbols<'_>, definition: &Definition, base: Option<&ast::Name>, members: &[Member]) {
    if let Some(base) = base
        && !base_chain(cx, symbols, &definition.name.text, base) {
            member_clashes(cx, &[], members);
            return;
        }
    let inherited = base.map(|b| symbols.struct_members(&b.text)).unwrap_or_default();
    member_clashes(cx, &inherited, members);
}

/// Follows `base` links from `owner`, reporting a non-struct or cyclic base;
/// returns whether the chain is sound.
fn base_chain(cx: &mut Diagnostics, symbols: &Symbols<'_>, owner: &str, base: &ast::Name) -> bool {
    let mut seen = vec![owner.to_string()];
    let mut current = Some(base.clone());
    while let Some(name) = current {
        if seen.contains(&name.text) {
            cx.error(base.span, format!("base of `{owner}` forms a cycle: {} -> {}", seen.join(" -> "), name.text));
            return false;
        }
        match lookup(symbols, &name.text) {
            Some(Target::Defined(target)) => match &target.kind {
                DefKind::Struct { base: next, .. } => {
                    seen.push(name.text.clone());
                    current = next.clone();
                }
                other => {
                    if name == *base {
                        cx.error(base.span, format!("base `{}` must be a struct, found {}", name.text, kind_phrase(other)));
                    }
                    return false;
                }
            },
            Some(Target::Builtin(_)) => {
                cx.error(base.span, format!("base `{}` must be a struct, found a built-in type", name.text));
                return false;
            }
            None => {
                if name == *base {
                    unknown_type(cx, symbols, base);
                }
                return false;
            }
        }
    }
    true
}

/// Members clash when they fold to the same name, within one scope.
fn member_clashes(cx: &mut Diagnostics, inherited: &[(&Member, &str)], own: &[Member]) {
    let mut seen: HashMap<String, (&str, Span, Option<&str>)> = HashMap::default();
    for (member, owner) in inherited {
        seen.entry(fold(&member.name.text)).or_insert((member.name.text.as_str(), member.name.span, Some(owner)));
    }
    for member in own {
        let key = fold(&member.name.text);
        match seen.get(&key) {
            Some((first, span, Some(owner))) => {
                cx.error(member.name.span, format!("member `{}` clashes with member `{first}` of base `{owner}`", member.name.text)).note(*span, "defined here");
            }
            Some((first, span, None)) => {
                cx.error(member.name.span, format!("member `{}` clashes with member `{first}`", member.name.text)).note(*span, "defined here");
            }
            None => {
                seen.insert(key, (member.name.text.as_str(), member.name.span, None));
            }
        }
    }
}

fn enum_values(cx: &mut Diagnostics, values: &[ast::EnumValue]) {
    let mut seen: HashMap<String, &ast::EnumValue> = HashMap::default();
    for value in values {
        let key = fold(&value.name.text);
        if let Some(first) = seen.get(&key) {
            cx.error(value.name.span, format!("enum value `{}` clashes with `{}`", value.name.text, first.name.text)).note(first.name.span, "defined here");
        } else {
            seen.insert(key, value);
        }
        feature_clashes(cx, &value.meta);
    }
    if values.is_empty() {
        // QAPI allows empty enums (e.g. for conditional values); nothing to check.
    }
}

/// An example is a QMP message or a value written as a mapping; an enum's
/// value is a string, so an enum cannot have a valid example.
fn enum_examples(cx: &mut Diagnostics, definition: &Definition) {
    if let Some(first) = definition.examples.first() {
        cx.error(first.span, format!("enum `{}` cannot have examples", definition.name.text))
            .help("an example is a mapping; show the values in an example of a struct, event or command that uses the enum");
    }
}

fn feature_clashes(cx: &mut Diagnostics, meta: &ast::Meta) {
    let mut seen: HashMap<String, &ast::Feature> = HashMap::default();
    for feature in &meta.features {
        let key = fold(&feature.name.text);
        if let Some(first) = seen.get(&key) {
            cx.error(feature.name.span, format!("feature `{}` clashes with `{}`", feature.name.text, first.name.text));
        } else {
            seen.insert(key, feature);
        }
    }
}

fn union(cx: &mut Diagnostics, symbols: &Symbols<'_>, definition: &Definition, base: Option<&ast::Base>, discriminator: Option<&ast::Name>, branches: &[ast::Branch]) {
    let union_name = definition.name.text.as_str();
    match base {
        Some(ast::Base::Named(name)) => {
            if !base_chain(cx, symbols, union_name, name) {
                return;
            }
        }
        Some(ast::Base::Inline(members, _)) => member_clashes(cx, &[], members),
        None => return,
    }
    let base_members = symbols.union_base_members(base, union_name);
    if branches.is_empty() {
        cx.error(definition.name.span, format!("union `{union_name}` has no branch")).help("add at least one branch under `data`");
    }
    let Some(discriminator) = discriminator else { return };
    let Some((member, _)) = base_members.iter().find(|(m, _)| m.name.text == discriminator.text) else {
        let diagnostic = cx.error(discriminator.span, format!("discriminator `{}` is not a member of the base", discriminator.text));
        if let Some(suggestion) = did_you_mean(&discriminator.text, base_members.iter().map(|(m, _)| m.name.text.as_str())) {
            diagnostic.help(format!("did you mean `{suggestion}`?"));
        }
        return;
    };
    if member.optional {
        cx.error(discriminator.span, format!("discriminator `{}` must not be optional", discriminator.text)).note(member.name.span, "member defined here");
    }
    if member.meta.condition.is_some() {
        cx.error(discriminator.span, format!("discriminator `{}` must not be conditional", discriminator.text)).note(member.name.span, "member defined here");
    }
    let enum_values = match &member.ty {
        TypeRef::Name(name) => match symbols.get(&name.text) {
            Some(Definition { kind: DefKind::Enum { values, .. }, .. }) => Some(values),
            _ => None,
        },
        TypeRef::Array(..) => None,
    };
    let Some(enum_values) = enum_values else {
        cx.error(discriminator.span, format!("discriminator `{}` must have an enum type", discriminator.text)).note(member.ty.span(), "its type is here");
        return;
    };
    let folded_base: Vec<String> = base_members.iter().map(|(m, _)| fold(&m.name.text)).collect();
    for branch in branches {
        if !enum_values.iter().any(|v| v.name.text == branch.value.text) {
            let diagnostic = cx.error(branch.value.span, format!("`{}` is not a value of the discriminator's enum", branch.value.text));
            if let Some(suggestion) = did_you_mean(&branch.value.text, enum_values.iter().map(|v| v.name.text.as_str())) {
                diagnostic.help(format!("did you mean `{suggestion}`?"));
            }
        }
        let TypeRef::Name(ty) = &branch.ty else {
            cx.error(branch.ty.span(), "a union branch must be a struct, found an array");
            continue;
        };
        match symbols.get(&ty.text) {
            Some(branch_type @ Definition { kind: DefKind::Struct { .. } | DefKind::Union { .. }, .. }) => {
                let mut branch_members = Vec::new();
                flat_members(symbols, branch_type, &mut branch_members, 0);
                for (branch_member, owner) in &branch_members {
                    let folded = fold(&branch_member.name.text);
                    if let Some((base_member, _)) = folded_base.iter().position(|f| *f == folded).map(|index| base_members[index]) {
                        cx.error(branch.value.span, format!("member `{}` of branch `{owner}` clashes with base member `{}`", branch_member.name.text, base_member.name.text))
                            .note(base_member.name.span, "base member defined here");
                    }
                }
            }
            Some(other) => {
                cx.error(ty.span, format!("union branch `{}` must be a struct or a union, found {}", ty.text, kind_phrase(&other.kind)));
            }
            None if Builtin::from_name(&ty.text).is_some() => {
                cx.error(ty.span, format!("union branch `{}` must be a struct, found a built-in type", ty.text));
            }
            None => unknown_type(cx, symbols, ty),
        }
    }
}

/// Every member a struct or union branch can put beside its parent's base
/// members: a struct's, or a nested union's base members and those of each
/// of its branches (the wire object is flat).
fn flat_members<'a>(symbols: &Symbols<'a>, definition: &'a Definition, out: &mut Vec<(&'a Member, &'a str)>, depth: usize) {
    match &definition.kind {
        DefKind::Union { base, branches, .. } => {
            out.extend(symbols.union_base_members(base.as_ref(), &definition.name.text));
            // Cycles are reported elsewhere; the depth bounds the walk.
            if depth < 16 {
                for branch in branches {
                    if let TypeRef::Name(name) = &branch.ty
                        && let Some(nested) = symbols.get(&name.text)
                    {
                        flat_members(symbols, nested, out, depth + 1);
                    }
                }
            }
        }
        DefKind::Struct { .. } => out.extend(symbols.struct_members(&definition.name.text)),
        _ => {}
    }
}

/// The JSON kind an alternate tells a branch of this type apart by.
fn json_kind(symbols: &Symbols<'_>, ty: &TypeRef) -> Option<JsonKind> {
    let shape = match ty {
        TypeRef::Array(..) => TypeShape::Array,
        TypeRef::Name(name) => match lookup(symbols, &name.text)? {
            Target::Builtin(builtin) => TypeShape::Builtin(builtin),
            Target::Defined(definition) => match definition.kind {
                DefKind::Enum { .. } => TypeShape::Enum,
                DefKind::Struct { .. } | DefKind::Union { .. } => TypeShape::Object,
                _ => TypeShape::Other,
            },
        },
    };
    JsonKind::of(shape)
}

fn alternate(cx: &mut Diagnostics, symbols: &Symbols<'_>, definition: &Definition, branches: &[ast::AlternateBranch]) {
    if branches.len() < 2 {
        cx.error(definition.name.span, format!("alternate `{}` needs at least two branches", definition.name.text));
    }
    let mut seen: HashMap<JsonKind, &ast::AlternateBranch> = HashMap::default();
    let mut names: HashMap<String, &ast::AlternateBranch> = HashMap::default();
    for branch in branches {
        if let Some(first) = names.get(&fold(&branch.name.text)) {
            cx.error(branch.name.span, format!("branch `{}` clashes with `{}`", branch.name.text, first.name.text));
        }
        names.insert(fold(&branch.name.text), branch);
        if let TypeRef::Name(name) = &branch.ty {
            if let Some(Target::Defined(target)) = lookup(symbols, &name.text)
                && matches!(target.kind, DefKind::Alternate { .. }) {
                    cx.error(name.span, "an alternate branch cannot be another alternate");
                    continue;
                }
            if name.text == "any" {
                cx.error(name.span, "an alternate branch cannot be `any`").help("`any` matches every JSON type");
                continue;
            }
        }
        let Some(kind) = json_kind(symbols, &branch.ty) else { continue };
        if let Some(first) = seen.get(&kind) {
            cx.error(branch.ty.span(), format!("branch `{}` cannot be told apart from branch `{}`: both are JSON {}s", branch.name.text, first.name.text, kind.name()))
                .note(first.ty.span(), "the other branch's type");
        } else {
            seen.insert(kind, branch);
        }
    }
}

/// `data` of an event or command: a struct (a union too when boxed) or inline members.
fn payload(cx: &mut Diagnostics, symbols: &Symbols<'_>, what: &str, data: Option<&Data>, boxed: Option<(bool, Span)>) {
    let is_boxed = boxed.is_some_and(|(b, _)| b);
    match data {
        Some(Data::Inline(members)) => {
            member_clashes(cx, &[], members);
            if let Some((true, span)) = boxed {
                cx.error(span, format!("`boxed: true` needs `data` to name a type, not inline members of the {what}"));
            }
        }
        Some(Data::Named(name)) => match lookup(symbols, &name.text) {
            Some(Target::Defined(Definition { kind: DefKind::Struct { .. }, .. })) => {}
            Some(Target::Defined(Definition { kind: DefKind::Union { .. }, .. })) if is_boxed => {}
            Some(Target::Defined(Definition { kind: DefKind::Union { .. }, .. })) => {
                cx.error(name.span, format!("`data` of the {what} names union `{}`", name.text)).help("add `boxed: true` to pass a union");
            }
            Some(Target::Defined(target)) => {
                cx.error(name.span, format!("`data` of the {what} must be a struct, found {}", kind_phrase(&target.kind)));
            }
            Some(Target::Builtin(_)) => {
                cx.error(name.span, format!("`data` of the {what} must be a struct, found a built-in type"));
            }
            None => unknown_type(cx, symbols, name),
        },
        None => {
            if let Some((true, span)) = boxed {
                cx.error(span, "`boxed: true` needs `data` to name a type".to_string());
            }
        }
    }
}

fn command(cx: &mut Diagnostics, symbols: &Symbols<'_>, definition: &Definition, command: &ast::Command, pragma: &Pragma) {
    payload(cx, symbols, "command", command.data.as_ref(), command.boxed);
    if let (Some((true, _)), Some((true, span))) = (command.allow_oob, command.coroutine) {
        cx.error(span, "`coroutine: true` cannot be combined with `allow-oob: true`");
    }
    let Some(returns) = &command.returns else { return };
    if pragma.command_returns_exceptions.contains(&definition.name.text) {
        return;
    }
    let is_object = |ty: &TypeRef| match ty {
        TypeRef::Name(name) => {
            matches!(symbols.get(&name.text), Some(Definition { kind: DefKind::Struct { .. } | DefKind::Union { .. }, .. }))
        }
        TypeRef::Array(..) => false,
    };
    let allowed = match returns {
        TypeRef::Array(inner, _) => is_object(inner),
        other => is_object(other),
    };
    let element = match returns {
        TypeRef::Array(inner, _) => &**inner,
        other => other,
    };
    let known = matches!(element, TypeRef::Name(name) if lookup(symbols, &name.text).is_some());
    if !allowed && known {
        cx.error(returns.span(), format!("command `{}` must return a struct, a union or an array of them", definition.name.text))
            .help("or list the command under `pragma: command-returns-exceptions`");
    }
}
