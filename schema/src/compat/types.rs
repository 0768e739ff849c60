//! Wire-shape rules: two type references found at the same place are
//! compared by what they put on the wire (built-in ranges, arrays, enums,
//! structs, unions, alternates), never by name.

use super::alternates;
use super::members::{self, Owner};
use super::variants;
use super::walk::{Site, Walk};
use super::{Class, Rule};
use crate::rules::{JsonKind, TypeShape};
use crate::model::{Alternate, Builtin, DefKind, Definition, Enum, Member, Schema, Struct, Type, Union};

/// What a type reference denotes on the wire.
#[derive(Clone, Copy)]
pub(super) enum Shape<'s> {
    Builtin(Builtin),
    Enum(&'s Definition, &'s Enum),
    Struct(&'s Definition, &'s Struct),
    Union(&'s Definition, &'s Union),
    Alternate(&'s Definition, &'s Alternate),
    Array(&'s Type),
    /// A reference the model cannot resolve (never in a checked schema).
    Unknown,
}

/// The JSON kind of a type's values, as alternates tell their branches
/// apart (`None`: any JSON value).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Json(Option<JsonKind>);

impl Json {
    pub(super) fn of(shape: Shape<'_>) -> Json {
        Json(JsonKind::of(match shape {
            Shape::Builtin(builtin) => TypeShape::Builtin(builtin),
            Shape::Enum(..) => TypeShape::Enum,
            Shape::Struct(..) | Shape::Union(..) => TypeShape::Object,
            Shape::Array(_) => TypeShape::Array,
            Shape::Alternate(..) | Shape::Unknown => TypeShape::Other,
        }))
    }

    pub(super) fn words(self) -> &'static str {
        self.0.map_or("any JSON value", JsonKind::words)
    }
}

/// What `ty` denotes in `schema`.
pub(super) fn shape<'s>(schema: &'s Schema, ty: &'s Type) -> Shape<'s> {
    match ty {
        Type::Builtin(builtin) => Shape::Builtin(*builtin),
        Type::Array(inner) => Shape::Array(inner),
        Type::Named(name) => match schema.definition(name) {
            Some(definition) => match &definition.kind {
                DefKind::Enum(e) => Shape::Enum(definition, e),
                DefKind::Struct(s) => Shape::Struct(definition, s),
                DefKind::Union(u) => Shape::Union(definition, u),
                DefKind::Alternate(a) => Shape::Alternate(definition, a),
                DefKind::Event(_) | DefKind::Command(_) => Shape::Unknown,
            },
            None => Shape::Unknown,
        },
    }
}

/// Compares the types found at `site` in the old and the new schema.
pub(super) fn compare_type(walk: &mut Walk<'_>, old: &Type, new: &Type, site: &Site) {
    let (old_schema, new_schema) = (walk.old, walk.new);
    let (o, n) = (shape(old_schema, old), shape(new_schema, new));
    match (o, n) {
        (Shape::Unknown, _) | (_, Shape::Unknown) => {}
        (Shape::Array(a), Shape::Array(b)) => {
            let element = Site { subject: format!("{}[]", site.subject), what: format!("the elements of {}", site.what), ..site.clone() };
            compare_type(walk, a, b, &element);
        }
        (Shape::Alternate(od, oa), Shape::Alternate(nd, na)) => {
            renamed(walk, od, nd, site);
            if walk.first_visit("alternate", &od.name, &nd.name, site) {
                alternates::compare(walk, (od, oa), (nd, na), site);
            }
        }
        (_, Shape::Alternate(nd, na)) => match alternates::branch_of(new_schema, na, Json::of(o)) {
            Some(branch) => {
                let (class, why) = site.dir.pick((Class::Compatible, "clients may still send what they sent"), (Class::Breaking, "clients may receive the other branches"));
                let message = format!("type of {} changed from `{old}` to alternate `{}`, which contains it (branch `{}`): {why}", site.what, nd.name, branch.name);
                walk.push(site, Rule::WidenedToAlternate, class, message, None);
                compare_type(walk, old, &branch.ty, site);
            }
            None => changed(walk, site, old, o, new, n),
        },
        (Shape::Alternate(od, oa), _) => match alternates::branch_of(old_schema, oa, Json::of(n)) {
            Some(branch) => {
                let message = format!("type of {} changed from alternate `{}` to `{new}`, its branch `{}`", site.what, od.name, branch.name);
                narrowed(walk, site, message);
                compare_type(walk, &branch.ty, new, site);
            }
            None => changed(walk, site, old, o, new, n),
        },
        (Shape::Builtin(Builtin::Any), Shape::Builtin(Builtin::Any)) => {}
        (_, Shape::Builtin(Builtin::Any)) => widened(walk, site, format!("type of {} was widened from `{old}` to `any`", site.what)),
        (Shape::Builtin(Builtin::Any), _) => narrowed(walk, site, format!("type of {} was narrowed from `any` to `{new}`", site.what)),
        (Shape::Builtin(a), Shape::Builtin(b)) => builtins(walk, site, a, b),
        (Shape::Builtin(Builtin::Str), Shape::Enum(..)) => narrowed(walk, site, format!("type of {} was narrowed from `str` to enum `{new}`", site.what)),
        (Shape::Enum(..), Shape::Builtin(Builtin::Str)) => widened(walk, site, format!("type of {} was widened from enum `{old}` to `str`", site.what)),
        (Shape::Enum(od, oe), Shape::Enum(nd, ne)) => {
            renamed(walk, od, nd, site);
            if walk.first_visit("enum", &od.name, &nd.name, site) {
                variants::enum_values(walk, (od, oe), (nd, ne), site);
            }
        }
        (Shape::Struct(od, os), Shape::Struct(nd, ns)) => {
            renamed(walk, od, nd, site);
            if walk.first_visit("struct", &od.name, &nd.name, site) {
                let owner = Owner::of_type(od, nd, "struct");
                members::compare(walk, &owner, &os.members, &ns.members, site);
            }
        }
        (Shape::Union(od, ou), Shape::Union(nd, nu)) => {
            renamed(walk, od, nd, site);
            if walk.first_visit("union", &od.name, &nd.name, site) {
                variants::union(walk, (od, ou), (nd, nu), site);
            }
        }
        (Shape::Struct(od, os), Shape::Union(nd, nu)) => {
            if walk.first_visit("struct-to-union", &od.name, &nd.name, site) {
                variants::reshaped(walk, (od, os.members.clone()), (nd, variants::flattened(new_schema, nu)), site);
            }
        }
        (Shape::Union(od, ou), Shape::Struct(nd, ns)) => {
            if walk.first_visit("union-to-struct", &od.name, &nd.name, site) {
                variants::reshaped(walk, (od, variants::flattened(old_schema, ou)), (nd, ns.members.clone()), site);
            }
        }
        _ => changed(walk, site, old, o, new, n),
    }
}

/// Compares the return types of a command; no `returns` is an empty object.
pub(super) fn compare_returns(walk: &mut Walk<'_>, old: Option<&Type>, new: Option<&Type>, site: &Site) {
    let owner = Owner { noun: site.what.clone(), name: site.subject.clone(), new_name: site.subject.clone(), word: "member", old: site.old, new: site.new, skip_type: None, order: true };
    let (old_schema, new_schema) = (walk.old, walk.new);
    match (old, new) {
        (None, None) => {}
        (Some(old), Some(new)) => compare_type(walk, old, new, site),
        (None, Some(new)) => match shape(new_schema, new) {
            // Added members are named after the new struct, as when both sides have one.
            Shape::Struct(nd, s) => members::compare(walk, &Owner { new_name: nd.name.clone(), ..owner }, &[], &s.members, site),
            n => {
                let message = format!("type of {} changed from an empty object to `{new}` ({})", site.what, Json::of(n).words());
                walk.push(site, Rule::TypeChanged, Class::Breaking, message, None);
            }
        },
        (Some(old), None) => match shape(old_schema, old) {
            Shape::Struct(_, s) => members::compare(walk, &owner, &s.members, &[] as &[Member], site),
            o => {
                let message = format!("type of {} changed from `{old}` ({}) to an empty object", site.what, Json::of(o).words());
                walk.push(site, Rule::TypeChanged, Class::Breaking, message, None);
            }
        },
    }
}

impl Owner {
    /// The members of a named type.
    pub(super) fn of_type(old: &Definition, new: &Definition, keyword: &str) -> Owner {
        Owner {
            noun: format!("{keyword} `{}`", old.name),
            name: old.name.clone(),
            new_name: new.name.clone(),
            word: "member",
            old: Some(old.span),
            new: Some(new.span),
            skip_type: None,
            order: true,
        }
    }
}

fn builtins(walk: &mut Walk<'_>, site: &Site, old: Builtin, new: Builtin) {
    let (from, to) = (old.name(), new.name());
    let widths = walk.old.origin.knows_integer_widths() && walk.new.origin.knows_integer_widths();
    match (old.integer_range(), new.integer_range()) {
        (Some(o), Some(n)) if o == n || !widths => {}
        (Some(o), Some(n)) if n.0 <= o.0 && o.1 <= n.1 => widened(walk, site, format!("integer type of {} was widened from `{from}` to `{to}`", site.what)),
        (Some(o), Some(n)) if o.0 <= n.0 && n.1 <= o.1 => narrowed(walk, site, format!("integer type of {} was narrowed from `{from}` to `{to}`", site.what)),
        (Some(o), Some(n)) => {
            let message = format!(
                "integer type of {} changed from `{from}` ({}..{}) to `{to}` ({}..{}): neither range contains the other",
                site.what, o.0, o.1, n.0, n.1
            );
            walk.push(site, Rule::TypeChanged, Class::Breaking, message, None);
        }
        (Some(_), None) if new == Builtin::Number => widened(walk, site, format!("type of {} was widened from `{from}` to `number`", site.what)),
        (None, Some(_)) if old == Builtin::Number => narrowed(walk, site, format!("type of {} was narrowed from `number` to `{to}`", site.what)),
        _ if old == new => {}
        _ => changed(walk, site, &Type::Builtin(old), Shape::Builtin(old), &Type::Builtin(new), Shape::Builtin(new)),
    }
}

/// A type that accepts more: fine for what clients send, not for what they receive.
fn widened(walk: &mut Walk<'_>, site: &Site, message: String) {
    let (class, why) = site.dir.pick((Class::Compatible, "clients may still send what they sent"), (Class::Breaking, "clients may receive values they do not accept"));
    walk.push(site, Rule::TypeWidened, class, format!("{message}: {why}"), None);
}

/// A type that accepts less: breaking for what clients send, fine for what they receive.
fn narrowed(walk: &mut Walk<'_>, site: &Site, message: String) {
    let (class, why) = site.dir.pick((Class::Breaking, "values clients could send are now rejected"), (Class::Compatible, "clients still accept every value they receive"));
    walk.push(site, Rule::TypeNarrowed, class, format!("{message}: {why}"), None);
}

fn changed(walk: &mut Walk<'_>, site: &Site, old: &Type, o: Shape<'_>, new: &Type, n: Shape<'_>) {
    let (from, to) = (words(walk.old, o), words(walk.new, n));
    let message = if from == to {
        format!("type of {} changed from `{old}` to `{new}` (both {from})", site.what)
    } else {
        format!("type of {} changed from `{old}` ({from}) to `{new}` ({to})", site.what)
    };
    walk.push(site, Rule::TypeChanged, Class::Breaking, message, None);
}

/// The JSON kind of a shape in words; an alternate lists its branches' kinds.
pub(super) fn words(schema: &Schema, shape: Shape<'_>) -> String {
    match shape {
        Shape::Struct(..) => "an object: a struct".to_string(),
        Shape::Union(_, union) => format!("an object: a union on `{}`", union.discriminator),
        Shape::Alternate(_, alternate) => {
            let kinds: Vec<&str> = alternate.branches.iter().map(|b| Json::of(self::shape(schema, &b.ty)).words()).collect();
            format!("an alternate of {}", kinds.join(" or "))
        }
        _ => Json::of(shape).words().to_string(),
    }
}

/// A type that got a new name: not on the wire, listed once.
pub(super) fn renamed(walk: &mut Walk<'_>, old: &Definition, new: &Definition, site: &Site) {
    if old.name == new.name || !walk.old.origin.knows_type_names() || !walk.new.origin.knows_type_names() {
        return;
    }
    let rename = Site { subject: old.name.clone(), what: format!("type `{}`", old.name), old: Some(old.span), new: Some(new.span), ..site.clone() };
    let message = format!("type `{}` is now called `{}` (type names are not on the wire)", old.name, new.name);
    walk.push(&rename, Rule::TypeRenamed, Class::Compatible, message, None);
}
