//! Member rules: arguments and members removed, added, made optional or
//! mandatory, deprecated, reordered, and their types compared.

use super::lifecycle::{self, live};
use super::types;
use super::walk::{Dir, Site, Walk};
use super::{Class, Rule};
use crate::model::{Definition, Member, Schema, Type};
use crate::source::Span;

/// What the members being compared belong to.
pub(super) struct Owner {
    /// In words: ``command `device_del` ``, ``struct `ACPIOSTInfo` ``.
    pub noun: String,
    /// In dotted subjects, as the old schema calls it.
    pub name: String,
    /// In dotted subjects of added members, as the new schema calls it.
    pub new_name: String,
    /// `argument` for commands, `member` otherwise.
    pub word: &'static str,
    /// Where the owner is in the old schema.
    pub old: Option<Span>,
    /// Where the owner is in the new schema.
    pub new: Option<Span>,
    /// A member whose type is compared elsewhere (a union's discriminator).
    pub skip_type: Option<String>,
    /// Whether a new member order is worth a note (not for a flattened union).
    pub order: bool,
}

impl Owner {
    /// The members of a command or event (or of a type, as `noun`).
    pub(super) fn of_root(site: &Site, word: &'static str, old: &Definition, new: &Definition) -> Owner {
        Owner { noun: site.what.clone(), name: old.name.clone(), new_name: new.name.clone(), word, old: Some(old.span), new: Some(new.span), skip_type: None, order: true }
    }
}

/// Compares two member lists of the same owner, in the direction of `site`.
pub(super) fn compare(walk: &mut Walk<'_>, owner: &Owner, old: &[Member], new: &[Member], site: &Site) {
    let old_live: Vec<&Member> = old.iter().filter(|m| live(&m.info)).collect();
    let new_live: Vec<&Member> = new.iter().filter(|m| live(&m.info)).collect();
    for &old_member in &old_live {
        match new_live.iter().find(|m| m.name == old_member.name) {
            Some(&new_member) => both(walk, owner, old_member, new_member, site),
            None => {
                let history = new.iter().find(|m| m.name == old_member.name);
                let member_site = member_site(walk, owner, Some(old_member), history, site);
                lifecycle::record_removal(walk, &member_site, Rule::MemberRemoved, &old_member.info, history.map(|m| &m.info));
            }
        }
    }
    for &new_member in &new_live {
        if old_live.iter().any(|m| m.name == new_member.name) {
            continue;
        }
        let history = old.iter().find(|m| m.name == new_member.name);
        let member_site = Site { unstable: site.unstable, ..member_site(walk, owner, history, Some(new_member), site) };
        let mandatory = !new_member.optional;
        if site.dir == Dir::Input && mandatory {
            let message = format!("mandatory {} was added: clients that do not send it fail", member_site.what);
            walk.push(&member_site, Rule::MemberAddedMandatory, Class::Breaking, message, None);
        } else {
            let kind = if mandatory { "mandatory" } else { "optional" };
            walk.push(&member_site, Rule::MemberAdded, Class::Compatible, format!("{kind} {} was added", member_site.what), None);
        }
    }
    if owner.order {
        reordered(walk, owner, &old_live, &new_live, site);
    }
}

fn both(walk: &mut Walk<'_>, owner: &Owner, old: &Member, new: &Member, site: &Site) {
    let member_site = member_site(walk, owner, Some(old), Some(new), site);
    lifecycle::changes(walk, &member_site, &old.info, &new.info);
    match (old.optional, new.optional) {
        (true, false) => {
            let (class, why) = site.dir.pick((Class::Breaking, "clients that do not send it fail"), (Class::Compatible, "clients always receive it now"));
            walk.push(&member_site, Rule::MemberMadeMandatory, class, format!("{} became mandatory: {why}", member_site.what), None);
        }
        (false, true) => {
            let (class, why) =
                site.dir.pick((Class::Compatible, "clients may still send it"), (Class::Breaking, "clients that read it may no longer find it"));
            walk.push(&member_site, Rule::MemberMadeOptional, class, format!("{} became optional: {why}", member_site.what), None);
        }
        _ => {}
    }
    if owner.skip_type.as_deref() != Some(old.name.as_str()) {
        types::compare_type(walk, &old.ty, &new.ty, &member_site);
    } else if let (Some(old_def), Some(new_def)) = (named(walk.old, &old.ty), named(walk.new, &new.ty)) {
        types::renamed(walk, old_def, new_def, &member_site);
    }
}

/// The definition a named type reference points to.
fn named<'s>(schema: &'s Schema, ty: &Type) -> Option<&'s Definition> {
    match ty {
        Type::Named(name) => schema.definition(name),
        _ => None,
    }
}

/// The site of one member. A missing side points at the struct that
/// defines the member when that side has it (so a member of a base is
/// reported once, not once per struct that inherits it), else at the owner.
fn member_site(walk: &Walk<'_>, owner: &Owner, old: Option<&Member>, new: Option<&Member>, site: &Site) -> Site {
    let Some(member) = old.or(new) else {
        return site.clone();
    };
    let defined_in = member.inherited_from.as_deref().filter(|from| !from.is_empty());
    // An added member is named after the new schema's types.
    let owner_name = if old.is_some() { &owner.name } else { &owner.new_name };
    let from = match defined_in {
        Some(from) if from != owner_name => format!(" (from `{from}`)"),
        _ => String::new(),
    };
    Site {
        dir: site.dir,
        unstable: site.unstable || old.is_some_and(|m| m.info.unstable),
        subject: format!("{}.{}", defined_in.unwrap_or(owner_name), member.name),
        what: format!("{} `{}` of {}{from}", owner.word, member.name, owner.noun),
        old: old.map(|m| m.span).or_else(|| defined_in.and_then(|d| walk.old.definition(d)).map(|d| d.span)).or(owner.old),
        new: new.map(|m| m.span).or_else(|| defined_in.and_then(|d| walk.new.definition(d)).map(|d| d.span)).or(owner.new),
    }
}

fn reordered(walk: &mut Walk<'_>, owner: &Owner, old: &[&Member], new: &[&Member], site: &Site) {
    let common_old: Vec<&str> = old.iter().map(|m| m.name.as_str()).filter(|n| new.iter().any(|m| m.name == *n)).collect();
    let common_new: Vec<&str> = new.iter().map(|m| m.name.as_str()).filter(|n| old.iter().any(|m| m.name == *n)).collect();
    if common_old != common_new {
        let owner_site = Site { subject: owner.name.clone(), what: owner.noun.clone(), old: owner.old, new: owner.new, ..site.clone() };
        let message = format!("{}s of {} were reordered (order is not significant on the wire)", owner.word, owner.noun);
        walk.push(&owner_site, Rule::Reordered, Class::Compatible, message, None);
    }
}
