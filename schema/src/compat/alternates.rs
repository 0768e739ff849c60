//! Alternate rules: branches are matched by the JSON kind of their values,
//! since their names are not on the wire; a lost branch narrows the type, a
//! new one widens it.

use super::types::{Json, compare_type, shape};
use super::walk::{Site, Walk};
use super::{Class, Rule};
use crate::model::{Alternate, AlternateBranch, Definition, Schema};

/// The branch of `alternate` that holds JSON values of kind `json`.
pub(super) fn branch_of<'s>(schema: &'s Schema, alternate: &'s Alternate, json: Json) -> Option<&'s AlternateBranch> {
    alternate.branches.iter().find(|b| Json::of(shape(schema, &b.ty)) == json)
}

/// Alternates: branches are matched by JSON kind, since their names are not on the wire.
pub(super) fn compare(walk: &mut Walk<'_>, old: (&Definition, &Alternate), new: (&Definition, &Alternate), site: &Site) {
    let (old_schema, new_schema) = (walk.old, walk.new);
    let branch_site = |name: &str, old_span, new_span| Site {
        subject: format!("{}.{name}", old.0.name),
        what: format!("branch `{name}` of alternate `{}`", old.0.name),
        old: old_span,
        new: new_span,
        ..site.clone()
    };
    for branch in &old.1.branches {
        let json = Json::of(shape(old_schema, &branch.ty));
        match branch_of(new_schema, new.1, json) {
            Some(counterpart) => compare_type(walk, &branch.ty, &counterpart.ty, &branch_site(&branch.name, Some(branch.span), Some(counterpart.span))),
            None => {
                let branch_site = branch_site(&branch.name, Some(branch.span), Some(new.0.span));
                let (class, why) = site.dir.pick((Class::Breaking, "clients that send it are rejected"), (Class::Compatible, "clients will just not receive it"));
                let message = format!("{} ({}) was removed: {why}", branch_site.what, json.words());
                walk.push(&branch_site, Rule::AlternateBranchRemoved, class, message, None);
            }
        }
    }
    for branch in &new.1.branches {
        let json = Json::of(shape(new_schema, &branch.ty));
        if branch_of(old_schema, old.1, json).is_none() {
            let branch_site = Site { subject: format!("{}.{}", new.0.name, branch.name), ..branch_site(&branch.name, Some(old.0.span), Some(branch.span)) };
            let (class, why) = site.dir.pick((Class::Compatible, "clients may send it"), (Class::Breaking, "clients may receive a kind of value they do not expect"));
            let message = format!("branch `{}` ({}) was added to alternate `{}`: {why}", branch.name, json.words(), new.0.name);
            walk.push(&branch_site, Rule::AlternateBranchAdded, class, message, None);
        }
    }
}
