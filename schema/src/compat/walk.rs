//! The state of one comparison: both schemas, the changes found so far, the
//! type pairs already compared, and the merging and sorting of the result.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, Class, Directions, Report, Rule};
use crate::model::Schema;
use crate::source::Span;

/// Which way the item being compared travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Dir {
    /// Sent by clients: command arguments and what they reach.
    Input,
    /// Received by clients: events, returns and what they reach.
    Output,
}

impl Dir {
    /// `input` when sent by clients, `output` when received.
    pub(super) fn pick<T>(self, input: T, output: T) -> T {
        match self {
            Dir::Input => input,
            Dir::Output => output,
        }
    }
}

/// The place a change is found at: direction, stability, and description.
#[derive(Clone, Debug)]
pub(super) struct Site {
    /// Which way it travels.
    pub dir: Dir,
    /// Whether the old item (or what encloses it) is `unstable`.
    pub unstable: bool,
    /// Dotted path for tools (`device_del.id`).
    pub subject: String,
    /// Words for people (``argument `id` of command `device_del` ``).
    pub what: String,
    /// Where it is in the old schema.
    pub old: Option<Span>,
    /// Where it is in the new schema.
    pub new: Option<Span>,
}

struct Entry {
    change: Change,
    downgraded: bool,
}

/// One comparison in progress.
pub(super) struct Walk<'a> {
    pub old: &'a Schema,
    pub new: &'a Schema,
    entries: Vec<Entry>,
    seen: BTreeSet<(&'static str, String, String, Dir, bool)>,
}

impl<'a> Walk<'a> {
    pub(super) fn new(old: &'a Schema, new: &'a Schema) -> Self {
        Walk { old, new, entries: Vec::new(), seen: BTreeSet::new() }
    }

    /// Records a change. A breaking change to an `unstable` item is
    /// recorded as compatible, with a note saying why.
    pub(super) fn push(&mut self, site: &Site, rule: Rule, class: Class, message: String, note: Option<String>) {
        let downgraded = class == Class::Breaking && site.unstable;
        let (class, note) = if downgraded {
            let unstable = "the item is `unstable`: it may change without the deprecation process".to_string();
            (Class::Compatible, Some(note.map_or(unstable.clone(), |n| format!("{n}; {unstable}"))))
        } else {
            (class, note)
        };
        let directions = Directions { input: site.dir == Dir::Input, output: site.dir == Dir::Output };
        let change = Change { class, rule, subject: site.subject.clone(), message, note, directions, old: site.old, new: site.new };
        self.entries.push(Entry { change, downgraded });
    }

    /// Whether the pair of named types (`kind` `old` / `new`) is met for the
    /// first time in this direction; comparing it again would repeat its
    /// changes (and never end for recursive types).
    pub(super) fn first_visit(&mut self, kind: &'static str, old: &str, new: &str, site: &Site) -> bool {
        self.seen.insert((kind, old.to_string(), new.to_string(), site.dir, site.unstable))
    }

    /// Merges the changes seen in both directions, drops duplicates, and sorts.
    pub(super) fn finish(self) -> Report {
        type Key = (Rule, Class, Option<Span>, Option<Span>);
        let mut merged: BTreeMap<Key, Entry> = BTreeMap::new();
        for entry in self.entries {
            let change = &entry.change;
            let key = (change.rule, change.class, change.old, change.new);
            match merged.get_mut(&key) {
                Some(existing) => {
                    existing.change.directions.input |= change.directions.input;
                    existing.change.directions.output |= change.directions.output;
                    existing.downgraded &= entry.downgraded;
                    if existing.change.note.is_none() {
                        existing.change.note = entry.change.note;
                    }
                }
                None => {
                    merged.insert(key, entry);
                }
            }
        }
        // A change that is breaking through a stable path stays breaking,
        // even when an unstable path reaches the same item.
        let strict: BTreeSet<(Rule, Option<Span>, Option<Span>)> =
            merged.values().filter(|e| !e.downgraded && e.change.class == Class::Breaking).map(|e| (e.change.rule, e.change.old, e.change.new)).collect();
        let mut changes: Vec<Change> =
            merged.into_values().filter(|e| !(e.downgraded && strict.contains(&(e.change.rule, e.change.old, e.change.new)))).map(|e| e.change).collect();
        changes.sort_by(|a, b| {
            (a.class, a.old.is_none(), a.old, a.new, a.rule, &a.subject).cmp(&(b.class, b.old.is_none(), b.old, b.new, b.rule, &b.subject))
        });
        Report { old_version: self.old.version, new_version: self.new.version, changes }
    }
}
