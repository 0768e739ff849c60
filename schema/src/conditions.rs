//! Check phase on the lowered model for `if` conditions: every flag can be
//! a Cargo feature name and no two flags merge into one Rust name, and a type
//! is only used where its own condition holds.
//!
//! The second rule is what keeps generated code compiling: a member whose
//! type is compiled out would name a type that does not exist (or, for a
//! prelude name such as `Some`, silently another one). The rule is the
//! one QAPI applies: the condition of the used type must be implied by the
//! condition of the place that uses it (the definition's condition together
//! with the member's or branch's own).

use std::collections::BTreeMap;

use crate::diag::Diagnostics;
use crate::model::{Condition, DefKind, Definition, Info, Schema, Type};
use crate::rules;
use crate::source::Span;

/// Most flags one implication is decided for by truth table (2^N rows);
/// beyond it only a syntactic check is made.
const MAX_TRUTH_TABLE_FLAGS: usize = 16;

/// Runs both rules over the whole schema.
pub fn all(cx: &mut Diagnostics, schema: &Schema) {
    flags(cx, schema);
    for definition in &schema.definitions {
        uses(cx, schema, definition);
    }
}

/// Whether `condition` holds whenever `context` does (`None` is "always").
#[must_use]
pub fn implies(context: Option<&Condition>, condition: Option<&Condition>) -> bool {
    let Some(condition) = condition else { return true };
    let Some(context) = context else { return false };
    if context == condition {
        return true;
    }
    if let Condition::All(items) = context
        && items.iter().any(|item| implies(Some(item), Some(condition)))
    {
        return true;
    }
    let mut names = Vec::new();
    collect_flags(context, &mut names);
    collect_flags(condition, &mut names);
    names.sort_unstable();
    names.dedup();
    if names.len() > MAX_TRUTH_TABLE_FLAGS {
        return false;
    }
    (0..1_u32 << names.len()).all(|row| {
        let value = |name: &str| names.binary_search_by(|n| (*n).cmp(name)).is_ok_and(|index| row & (1 << index) != 0);
        !evaluate(context, &value) || evaluate(condition, &value)
    })
}

fn evaluate(condition: &Condition, value: &dyn Fn(&str) -> bool) -> bool {
    match condition {
        Condition::Flag(name) => value(name),
        Condition::All(items) => items.iter().all(|item| evaluate(item, value)),
        Condition::Any(items) => items.iter().any(|item| evaluate(item, value)),
        Condition::Not(inner) => !evaluate(inner, value),
    }
}

fn collect_flags<'a>(condition: &'a Condition, out: &mut Vec<&'a str>) {
    match condition {
        Condition::Flag(name) => out.push(name),
        Condition::All(items) | Condition::Any(items) => items.iter().for_each(|item| collect_flags(item, out)),
        Condition::Not(inner) => collect_flags(inner, out),
    }
}

/// Both conditions at once.
fn and(a: Option<&Condition>, b: Option<&Condition>) -> Option<Condition> {
    match (a, b) {
        (Some(a), Some(b)) => Some(Condition::All(vec![a.clone(), b.clone()])),
        (Some(one), None) | (None, Some(one)) => Some(one.clone()),
        (None, None) => None,
    }
}

/// Every condition of the schema with the place it was written.
fn each_condition(schema: &Schema, mut visit: impl FnMut(&Condition, Span)) {
    let info = |info: &Info, span: Span, visit: &mut dyn FnMut(&Condition, Span)| {
        if let Some(condition) = &info.condition {
            visit(condition, span);
        }
        for feature in &info.features {
            if let Some(condition) = &feature.condition {
                visit(condition, feature.span);
            }
        }
    };
    for definition in &schema.definitions {
        info(&definition.info, definition.span, &mut visit);
        for member in own_members(definition) {
            info(&member.info, member.span, &mut visit);
        }
        match &definition.kind {
            DefKind::Enum(enumeration) => enumeration.values.iter().for_each(|value| info(&value.info, value.span, &mut visit)),
            DefKind::Union(union) => union.variants.iter().filter_map(|v| v.condition.as_ref().map(|c| (c, v.span))).for_each(|(c, s)| visit(c, s)),
            DefKind::Alternate(alternate) => alternate.branches.iter().filter_map(|b| b.condition.as_ref().map(|c| (c, b.span))).for_each(|(c, s)| visit(c, s)),
            _ => {}
        }
    }
}

/// The members written in `definition` itself (not inherited, not those of
/// a named payload type, which are checked where that type is defined).
fn own_members(definition: &Definition) -> Box<dyn Iterator<Item = &crate::model::Member> + '_> {
    match &definition.kind {
        DefKind::Struct(structure) => Box::new(structure.members.iter().filter(|m| m.inherited_from.is_none())),
        DefKind::Union(union) if union.base.is_none() => Box::new(union.base_members.iter()),
        DefKind::Event(event) if event.data_type.is_none() => Box::new(event.members.iter()),
        DefKind::Command(command) if command.data_type.is_none() => Box::new(command.arguments.iter()),
        _ => Box::new(std::iter::empty()),
    }
}

/// Every flag of every condition of `schema`, sorted.
pub(crate) fn flags_of(schema: &Schema) -> std::collections::BTreeSet<String> {
    let mut flags = std::collections::BTreeSet::new();
    each_condition(schema, |condition, _| {
        let mut names = Vec::new();
        collect_flags(condition, &mut names);
        flags.extend(names.into_iter().map(str::to_owned));
    });
    flags
}

/// Flags that cannot be feature names, and flags that become the same
/// Cargo feature or `cfg` name ([`rules::cfg_name`]). Both are errors in
/// imported QAPI too: the Rust emitter cannot fail, and with the feature
/// or `cfg` style such a flag would give code that does not compile or
/// two flags that are silently one.
fn flags(cx: &mut Diagnostics, schema: &Schema) {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    each_condition(schema, |condition, span| {
        let mut names = Vec::new();
        collect_flags(condition, &mut names);
        for name in names {
            if !rules::cargo_feature_flag(name) {
                cx.error(span, format!("condition flag `{name}` cannot be a Cargo feature name"))
                    .help("start a flag with a letter, digit or `_`; use ASCII letters, digits, `_`, `-` and `.`");
                continue;
            }
            let folded = rules::cfg_name(name);
            match seen.get(&folded) {
                Some(first) if first != name => {
                    cx.error(span, format!("condition flags `{name}` and `{first}` both become `{folded}` in Rust"))
                        .help("a flag is lower-cased, with `-` and `.` as `_`; spell each flag the same way everywhere");
                }
                Some(_) => {}
                None => {
                    seen.insert(folded, name.to_owned());
                }
            }
        }
    });
}

/// Every type `definition` uses must exist wherever the use does.
fn uses(cx: &mut Diagnostics, schema: &Schema, definition: &Definition) {
    let outer = definition.info.condition.as_ref();
    let mut check = |ty: &Type, context: Option<&Condition>, span: Span, what: &str| {
        let Some(name) = named(ty) else { return };
        let Some(used) = schema.definition(name) else { return };
        if !implies(context, used.info.condition.as_ref()) {
            let place = context.map_or_else(|| "unconditionally".to_owned(), |c| format!("under `{c}`"));
            let condition = used.info.condition.as_ref().map(ToString::to_string).unwrap_or_default();
            cx.error(span, format!("{what} uses `{name}` {place}, but `{name}` exists only under `{condition}`"))
                .help(format!("give the use a condition that implies `{condition}`, or drop the condition of `{name}`"));
        }
    };
    for member in own_members(definition) {
        let context = and(outer, member.info.condition.as_ref());
        check(&member.ty, context.as_ref(), member.span, &format!("member `{}`", member.name));
    }
    match &definition.kind {
        DefKind::Struct(structure) => {
            if let Some(base) = &structure.base {
                check(&Type::Named(base.clone()), outer, definition.span, &format!("`{}`", definition.name));
            }
        }
        DefKind::Union(union) => {
            if let Some(base) = &union.base {
                check(&Type::Named(base.clone()), outer, definition.span, &format!("`{}`", definition.name));
            }
            check(&Type::Named(union.discriminator_enum.clone()), outer, definition.span, &format!("`{}`", definition.name));
            for variant in &union.variants {
                if let Some(ty) = &variant.ty {
                    let context = and(outer, variant.condition.as_ref());
                    check(&Type::Named(ty.clone()), context.as_ref(), variant.span, &format!("branch `{}`", variant.value));
                }
            }
        }
        DefKind::Alternate(alternate) => {
            for branch in &alternate.branches {
                let context = and(outer, branch.condition.as_ref());
                check(&branch.ty, context.as_ref(), branch.span, &format!("branch `{}`", branch.name));
            }
        }
        DefKind::Event(event) => {
            if let Some(ty) = &event.data_type {
                check(&Type::Named(ty.clone()), outer, definition.span, &format!("`{}`", definition.name));
            }
        }
        DefKind::Command(command) => {
            if let Some(ty) = &command.data_type {
                check(&Type::Named(ty.clone()), outer, definition.span, &format!("`{}`", definition.name));
            }
            if let Some(ty) = &command.returns {
                check(ty, outer, definition.span, &format!("the return type of `{}`", definition.name));
            }
        }
        DefKind::Enum(_) => {}
    }
}

fn named(ty: &Type) -> Option<&str> {
    match ty {
        Type::Builtin(_) => None,
        Type::Named(name) => Some(name),
        Type::Array(inner) => named(inner),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(name: &str) -> Condition {
        Condition::Flag(name.to_owned())
    }

    #[test]
    fn implication() {
        let a = flag("A");
        let b = flag("B");
        let both = Condition::All(vec![a.clone(), b.clone()]);
        let either = Condition::Any(vec![a.clone(), b.clone()]);
        assert!(implies(None, None));
        assert!(implies(Some(&a), None));
        assert!(!implies(None, Some(&a)));
        assert!(implies(Some(&both), Some(&a)));
        assert!(implies(Some(&a), Some(&either)));
        assert!(!implies(Some(&either), Some(&a)));
        assert!(!implies(Some(&b), Some(&a)));
        assert!(implies(Some(&Condition::Not(Box::new(Condition::Not(Box::new(a.clone()))))), Some(&a)));
    }
}
