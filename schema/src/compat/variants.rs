//! Value rules: enum values and union branches removed, added, deprecated
//! or reordered; a union's discriminator and branch members; a struct that
//! became a union (or back), compared as one object.

use super::lifecycle::{self, Removal, live};
use super::members::{self, Owner};
use super::types;
use super::walk::{Dir, Site, Walk};
use super::{Class, Rule};
use crate::model::{DefKind, Definition, Enum, Info, Member, Schema, Type, Union};

/// The note for values clients receive but might not know.
const UNKNOWN_VALUES: &str = "clients receive this value: they must be prepared for values they do not know";

/// Compares the values of two enums found at the same place.
pub(super) fn enum_values(walk: &mut Walk<'_>, old: (&Definition, &Enum), new: (&Definition, &Enum), site: &Site) {
    let (old_def, old_enum) = old;
    let (new_def, new_enum) = new;
    let value_site = |name: &str, old_span, new_span| Site {
        subject: format!("{}.{name}", old_def.name),
        what: format!("value `{name}` of enum `{}`", old_def.name),
        old: old_span,
        new: new_span,
        ..site.clone()
    };
    let old_live: Vec<_> = old_enum.values.iter().filter(|v| live(&v.info)).collect();
    let new_live: Vec<_> = new_enum.values.iter().filter(|v| live(&v.info)).collect();
    for value in &old_live {
        match new_live.iter().find(|v| v.name == value.name) {
            Some(counterpart) => {
                let value_site = Site { unstable: site.unstable || value.info.unstable, ..value_site(&value.name, Some(value.span), Some(counterpart.span)) };
                lifecycle::changes(walk, &value_site, &value.info, &counterpart.info);
            }
            None => {
                let history = new_enum.values.iter().find(|v| v.name == value.name);
                let value_site = Site {
                    unstable: site.unstable || value.info.unstable,
                    ..value_site(&value.name, Some(value.span), Some(history.map_or(new_def.span, |h| h.span)))
                };
                removed_value(walk, &value_site, Rule::EnumValueRemoved, &value.info, history.map(|h| &h.info));
            }
        }
    }
    for value in &new_live {
        if !old_live.iter().any(|v| v.name == value.name) {
            let value_site = Site { subject: format!("{}.{}", new_def.name, value.name), ..value_site(&value.name, Some(old_def.span), Some(value.span)) };
            let note = (site.dir == Dir::Output).then(|| UNKNOWN_VALUES.to_string());
            walk.push(&value_site, Rule::EnumValueAdded, Class::Compatible, format!("{} was added", value_site.what), note);
        }
    }
    let common_old: Vec<&str> = old_live.iter().map(|v| v.name.as_str()).filter(|n| new_live.iter().any(|v| v.name == *n)).collect();
    let common_new: Vec<&str> = new_live.iter().map(|v| v.name.as_str()).filter(|n| old_live.iter().any(|v| v.name == *n)).collect();
    if common_old != common_new {
        let owner_site = Site { subject: old_def.name.clone(), what: format!("enum `{}`", old_def.name), old: Some(old_def.span), new: Some(new_def.span), ..site.clone() };
        let message = format!("values of enum `{}` were reordered (order is not significant on the wire)", old_def.name);
        walk.push(&owner_site, Rule::Reordered, Class::Compatible, message, None);
    }
}

/// A value or branch that disappeared: judged by the deprecation policy on
/// input; on output clients just never receive it again.
fn removed_value(walk: &mut Walk<'_>, site: &Site, rule: Rule, old: &Info, history: Option<&Info>) {
    if site.dir == Dir::Input {
        lifecycle::record_removal(walk, site, rule, old, history);
        return;
    }
    match lifecycle::removal(walk, old, history) {
        Removal::Allowed(reason) => walk.push(site, Rule::RemovedAfterDeprecation, Class::Deprecation, format!("{} was removed {reason}", site.what), None),
        Removal::Breaking(_) => {
            let message = format!("{} was removed: clients only receive it, so they will just not see it again", site.what);
            walk.push(site, rule, Class::Compatible, message, None);
        }
    }
}

/// Compares two unions found at the same place.
pub(super) fn union(walk: &mut Walk<'_>, old: (&Definition, &Union), new: (&Definition, &Union), site: &Site) {
    let (old_def, old_union) = old;
    let (new_def, new_union) = new;
    let mut owner = Owner::of_type(old_def, new_def, "union");
    if old_union.discriminator != new_union.discriminator {
        let union_site = Site { subject: old_def.name.clone(), what: owner.noun.clone(), old: Some(old_def.span), new: Some(new_def.span), ..site.clone() };
        let message = format!(
            "discriminator of union `{}` changed from `{}` to `{}`: clients tell the branches apart by it",
            old_def.name, old_union.discriminator, new_union.discriminator
        );
        walk.push(&union_site, Rule::DiscriminatorChanged, Class::Breaking, message, None);
        members::compare(walk, &owner, &old_union.base_members, &new_union.base_members, site);
        return;
    }
    // The discriminator's values are compared as branches below.
    owner.skip_type = Some(old_union.discriminator.clone());
    members::compare(walk, &owner, &old_union.base_members, &new_union.base_members, site);

    let (old_schema, new_schema) = (walk.old, walk.new);
    let value_info = |schema: &Schema, union: &Union, value: &str| -> Option<Info> {
        match &schema.definition(&union.discriminator_enum)?.kind {
            DefKind::Enum(e) => e.values.iter().find(|v| v.name == value).map(|v| v.info.clone()),
            _ => None,
        }
    };
    let is_live = |schema: &Schema, union: &Union, value: &str| value_info(schema, union, value).is_none_or(|info| live(&info));
    let branch_site = |value: &str, old_span, new_span| Site {
        subject: format!("{}.{value}", old_def.name),
        what: format!("branch `{value}` of union `{}`", old_def.name),
        old: old_span,
        new: new_span,
        ..site.clone()
    };
    for variant in old_union.variants.iter().filter(|v| is_live(old_schema, old_union, &v.value)) {
        let old_info = value_info(old_schema, old_union, &variant.value).unwrap_or_default();
        match new_union.variants.iter().find(|v| v.value == variant.value && is_live(new_schema, new_union, &v.value)) {
            Some(counterpart) => {
                let branch_site = Site { unstable: site.unstable || old_info.unstable, ..branch_site(&variant.value, Some(variant.span), Some(counterpart.span)) };
                if let Some(new_info) = value_info(new_schema, new_union, &counterpart.value) {
                    lifecycle::changes(walk, &branch_site, &old_info, &new_info);
                }
                branch_members(walk, (variant.ty.as_deref(), counterpart.ty.as_deref()), &branch_site, format!("{}.{}", new_def.name, counterpart.value));
            }
            None => {
                let history = new_union.variants.iter().find(|v| v.value == variant.value);
                let branch_site = Site {
                    unstable: site.unstable || old_info.unstable,
                    ..branch_site(&variant.value, Some(variant.span), Some(history.map_or(new_def.span, |h| h.span)))
                };
                let history_info = history.and_then(|h| value_info(new_schema, new_union, &h.value));
                removed_value(walk, &branch_site, Rule::UnionBranchRemoved, &old_info, history_info.as_ref());
            }
        }
    }
    for variant in new_union.variants.iter().filter(|v| is_live(new_schema, new_union, &v.value)) {
        if old_union.variants.iter().any(|v| v.value == variant.value && is_live(old_schema, old_union, &v.value)) {
            continue;
        }
        let branch_site = Site { subject: format!("{}.{}", new_def.name, variant.value), ..branch_site(&variant.value, Some(old_def.span), Some(variant.span)) };
        let note = (site.dir == Dir::Output).then(|| UNKNOWN_VALUES.to_string());
        walk.push(&branch_site, Rule::UnionBranchAdded, Class::Compatible, format!("{} was added", branch_site.what), note);
    }
}

/// The members a branch adds to the base, compared whether or not the
/// branch has a type on either side; `new_subject` names the branch as
/// the new schema does.
fn branch_members(walk: &mut Walk<'_>, types: (Option<&str>, Option<&str>), site: &Site, new_subject: String) {
    let (old_schema, new_schema) = (walk.old, walk.new);
    let struct_members = |schema: &'_ Schema, name: Option<&str>| -> Vec<Member> {
        match name.and_then(|n| schema.definition(n)).map(|d| &d.kind) {
            Some(DefKind::Struct(s)) => s.members.clone(),
            _ => Vec::new(),
        }
    };
    match types {
        (None, None) => {}
        (Some(old), Some(new)) => types::compare_type(walk, &Type::Named(old.to_string()), &Type::Named(new.to_string()), site),
        (old, new) => {
            let owner = Owner { noun: site.what.clone(), name: site.subject.clone(), new_name: new_subject, word: "member", old: site.old, new: site.new, skip_type: None, order: true };
            members::compare(walk, &owner, &struct_members(old_schema, old), &struct_members(new_schema, new), site);
        }
    }
}

/// A struct that became a union or back: both are objects, so the members
/// are compared, a union's as its base plus every branch's members (those
/// not in every branch count as optional).
pub(super) fn reshaped(walk: &mut Walk<'_>, old: (&Definition, Vec<Member>), new: (&Definition, Vec<Member>), site: &Site) {
    let ((old_def, old_members), (new_def, new_members)) = (old, new);
    let (from, to) = (types::words(walk.old, types::shape(walk.old, &Type::Named(old_def.name.clone()))), types::words(walk.new, types::shape(walk.new, &Type::Named(new_def.name.clone()))));
    let reshape = Site { subject: old_def.name.clone(), what: format!("type `{}`", old_def.name), old: Some(old_def.span), new: Some(new_def.span), ..site.clone() };
    let message = format!("type `{}` ({from}) became `{}` ({to}); its members are compared one by one", old_def.name, new_def.name);
    walk.push(&reshape, Rule::ObjectReshaped, Class::Compatible, message, None);
    let keyword = if matches!(old_def.kind, DefKind::Union(_)) { "union" } else { "struct" };
    let owner = Owner { order: false, ..Owner::of_type(old_def, new_def, keyword) };
    members::compare(walk, &owner, &old_members, &new_members, site);
}

/// A union's members as one object: the base, then the members of every
/// live branch; a branch member is mandatory only when every branch has it
/// mandatory.
pub(super) fn flattened(schema: &Schema, union: &Union) -> Vec<Member> {
    let branches: Vec<&[Member]> = union
        .variants
        .iter()
        .map(|v| match v.ty.as_deref().and_then(|t| schema.definition(t)).map(|d| &d.kind) {
            Some(DefKind::Struct(s)) => s.members.as_slice(),
            _ => &[],
        })
        .collect();
    let mut members = union.base_members.clone();
    for branch in &branches {
        for member in branch.iter() {
            if members.iter().any(|m| m.name == member.name) {
                continue;
            }
            let everywhere = branches.iter().all(|b| b.iter().any(|m| m.name == member.name && !m.optional));
            members.push(Member { optional: !everywhere, ..member.clone() });
        }
    }
    members
}
