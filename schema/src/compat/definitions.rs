//! The roots of the comparison: commands and events, matched by their wire
//! names; everything else is reached from them.

use super::lifecycle::{self, live};
use super::members::{self, Owner};
use super::types;
use super::variants;
use super::walk::{Dir, Site, Walk};
use super::{Class, Rule};
use crate::model::{Command, DefKind, Definition, Event, Schema, Type, Union};

/// What is compared for one kind of root.
struct Kind {
    noun: &'static str,
    dir: Dir,
    removed: Rule,
    added: Rule,
}

/// Compares every command: removals, additions, arguments, returns.
pub(super) fn commands(walk: &mut Walk<'_>) {
    let kind = Kind { noun: "command", dir: Dir::Input, removed: Rule::CommandRemoved, added: Rule::CommandAdded };
    let old: Vec<(&Definition, &Command)> = walk.old.commands().filter(|(d, _)| live(&d.info)).collect();
    let new: Vec<(&Definition, &Command)> = walk.new.commands().filter(|(d, _)| live(&d.info)).collect();
    for &(old_def, old_command) in &old {
        match find(&new, &old_def.name) {
            Some((new_def, new_command)) => command(walk, old_def, old_command, new_def, new_command),
            None => removed(walk, &kind, old_def),
        }
    }
    for &(new_def, _) in &new {
        if find(&old, &new_def.name).is_none() {
            added(walk, &kind, new_def);
        }
    }
}

/// Compares every event: removals, additions, members.
pub(super) fn events(walk: &mut Walk<'_>) {
    let kind = Kind { noun: "event", dir: Dir::Output, removed: Rule::EventRemoved, added: Rule::EventAdded };
    let old: Vec<(&Definition, &Event)> = walk.old.events().filter(|(d, _)| live(&d.info)).collect();
    let new: Vec<(&Definition, &Event)> = walk.new.events().filter(|(d, _)| live(&d.info)).collect();
    for &(old_def, old_event) in &old {
        match find(&new, &old_def.name) {
            Some((new_def, new_event)) => {
                let site = root_site(&kind, old_def, Some(new_def));
                lifecycle::changes(walk, &site, &old_def.info, &new_def.info);
                let owner = Owner::of_root(&site, "member", old_def, new_def);
                members::compare(walk, &owner, &old_event.members, &new_event.members, &site);
            }
            None => removed(walk, &kind, old_def),
        }
    }
    for &(new_def, _) in &new {
        if find(&old, &new_def.name).is_none() {
            added(walk, &kind, new_def);
        }
    }
}

fn command(walk: &mut Walk<'_>, old_def: &Definition, old: &Command, new_def: &Definition, new: &Command) {
    let kind = Kind { noun: "command", dir: Dir::Input, removed: Rule::CommandRemoved, added: Rule::CommandAdded };
    let site = root_site(&kind, old_def, Some(new_def));
    lifecycle::changes(walk, &site, &old_def.info, &new_def.info);
    match (union_data(walk.old, old), union_data(walk.new, new)) {
        // Boxed union arguments (`blockdev-add`): compared as the unions they are.
        (Some(old_type), Some(new_type)) => types::compare_type(walk, &Type::Named(old_type.to_string()), &Type::Named(new_type.to_string()), &site),
        (old_union, new_union) => {
            let arguments = |schema, command: &Command, union: Option<&str>| match union.and_then(|u| schema_union(schema, u)) {
                Some(union) => variants::flattened(schema, union),
                None => command.arguments.clone(),
            };
            let (old_arguments, new_arguments) = (arguments(walk.old, old, old_union), arguments(walk.new, new, new_union));
            let owner = Owner::of_root(&site, "argument", old_def, new_def);
            members::compare(walk, &owner, &old_arguments, &new_arguments, &site);
        }
    }
    let returns = Site {
        dir: Dir::Output,
        subject: format!("{}.returns", old_def.name),
        what: format!("the return value of command `{}`", old_def.name),
        ..site
    };
    types::compare_returns(walk, old.returns.as_ref(), new.returns.as_ref(), &returns);
}

/// The union a command's arguments are, when `data` names one.
fn union_data<'s>(schema: &Schema, command: &'s Command) -> Option<&'s str> {
    command.data_type.as_deref().filter(|name| schema_union(schema, name).is_some())
}

fn schema_union<'s>(schema: &'s Schema, name: &str) -> Option<&'s Union> {
    match schema.definition(name).map(|d| &d.kind) {
        Some(DefKind::Union(union)) => Some(union),
        _ => None,
    }
}

fn root_site(kind: &Kind, old: &Definition, new: Option<&Definition>) -> Site {
    Site {
        dir: kind.dir,
        unstable: old.info.unstable,
        subject: old.name.clone(),
        what: format!("{} `{}`", kind.noun, old.name),
        old: Some(old.span),
        new: new.map(|d| d.span),
    }
}

fn removed(walk: &mut Walk<'_>, kind: &Kind, old: &Definition) {
    let history = same_kind(walk.new, old);
    let site = root_site(kind, old, history);
    lifecycle::record_removal(walk, &site, kind.removed, &old.info, history.map(|d| &d.info));
}

fn added(walk: &mut Walk<'_>, kind: &Kind, new: &Definition) {
    // An item the old schema kept as history comes back: show both places.
    let history = same_kind(walk.old, new);
    let site = Site {
        dir: kind.dir,
        unstable: false,
        subject: new.name.clone(),
        what: format!("{} `{}`", kind.noun, new.name),
        old: history.map(|d| d.span),
        new: Some(new.span),
    };
    let message = format!("{} was added", site.what);
    walk.push(&site, kind.added, Class::Compatible, message, None);
}

/// The definition of the same name and kind in `schema`, live or not.
fn same_kind<'s>(schema: &'s Schema, like: &Definition) -> Option<&'s Definition> {
    schema.definition(&like.name).filter(|d| matches!((&d.kind, &like.kind), (DefKind::Command(_), DefKind::Command(_)) | (DefKind::Event(_), DefKind::Event(_))))
}

/// The entry of `list` called `name`.
fn find<'s, T>(list: &[(&'s Definition, &'s T)], name: &str) -> Option<(&'s Definition, &'s T)> {
    list.iter().find(|(d, _)| d.name == name).copied()
}
