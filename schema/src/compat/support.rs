//! The client's view of a comparison: of everything the client's schema
//! has, which requests an older server rejects (commands, arguments,
//! values, branches it lacks) and which received items it never sends
//! (events, members, values, branches). Read from the same walk as the
//! full report, keeping only what the client's schema added.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::lifecycle::version_text;
use super::report::top;
use super::{Change, Report, Rule};
use crate::diag::location;
use crate::model::{Condition, DefKind, Info, Member, Schema, Version};
use crate::source::{SourceMap, Span};

/// What the server lacks, for a client written against a newer schema.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Support {
    /// Version of the server's schema (none for an introspection).
    pub server_version: Option<Version>,
    /// Version of the client's schema.
    pub client_version: Option<Version>,
    /// What the server rejects when the client sends it, in report order.
    pub rejected: Vec<Missing>,
    /// What the client's schema says it may receive and the server never sends.
    pub unsent: Vec<Missing>,
}

/// One item of the client's schema the server lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Missing {
    /// What kind of item it is.
    pub what: What,
    /// The item as a dotted path in the client's schema (`blockdev-add`,
    /// `query-block.returns`, `BlockInfo.inserted`, `RunState.colo`).
    pub subject: String,
    /// The rule of the full report that found it.
    pub rule: Rule,
    /// The item's build condition in the client's schema (its own, else
    /// its definition's): a server built without it lacks it too.
    pub condition: Option<Condition>,
    /// Where it is in the client's schema.
    pub span: Option<Span>,
}

/// The kinds of item a server may lack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum What {
    /// A command.
    Command,
    /// A member of what clients send (a command's argument, or a member of
    /// a type it reaches).
    Argument,
    /// A member of what clients receive (returns, event data).
    Member,
    /// An enum value.
    Value,
    /// A union or alternate branch.
    Branch,
    /// An event.
    Event,
}

impl What {
    /// Every kind, in report order.
    pub const ALL: [What; 6] = [What::Command, What::Argument, What::Member, What::Value, What::Branch, What::Event];

    /// `command`, `argument`, `member`, `value`, `branch`, `event`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            What::Command => "command",
            What::Argument => "argument",
            What::Member => "member",
            What::Value => "value",
            What::Branch => "branch",
            What::Event => "event",
        }
    }
}

/// The items of a change the client's schema added, per direction.
fn kinds(change: &Change) -> (Option<What>, Option<What>) {
    let (input, output) = (change.directions.input, change.directions.output);
    let both = |what| (input.then_some(what), output.then_some(what));
    match change.rule {
        Rule::CommandAdded => (Some(What::Command), None),
        Rule::EventAdded => (None, Some(What::Event)),
        Rule::MemberAdded | Rule::MemberAddedMandatory => (input.then_some(What::Argument), output.then_some(What::Member)),
        Rule::EnumValueAdded => both(What::Value),
        Rule::UnionBranchAdded | Rule::AlternateBranchAdded => both(What::Branch),
        _ => (None, None),
    }
}

/// The client's view of `report`, which compared the server's schema
/// (old) with the client's (new, `client`).
pub(super) fn from_report(report: &Report, client: &Schema) -> Support {
    let conditions = conditions(client);
    let mut support = Support { server_version: report.old_version, client_version: report.new_version, rejected: Vec::new(), unsent: Vec::new() };
    let mut seen: BTreeSet<(bool, What, String)> = BTreeSet::new();
    for change in &report.changes {
        let (rejected, unsent) = kinds(change);
        for (is_rejected, what) in [(true, rejected), (false, unsent)] {
            let Some(what) = what else { continue };
            // A member of a base is added once per type that inherits it.
            if !seen.insert((is_rejected, what, change.subject.clone())) {
                continue;
            }
            let condition = change.new.and_then(|span| conditions.get(&span).cloned());
            let missing = Missing { what, subject: change.subject.clone(), rule: change.rule, condition, span: change.new };
            if is_rejected { support.rejected.push(missing) } else { support.unsent.push(missing) }
        }
    }
    for list in [&mut support.rejected, &mut support.unsent] {
        list.sort_by(|a, b| (a.what, &a.subject).cmp(&(b.what, &b.subject)));
    }
    support
}

/// The condition of every item of `schema` by its span: its own, else its
/// definition's.
fn conditions(schema: &Schema) -> HashMap<Span, Condition> {
    let mut map = HashMap::new();
    let mut add = |span: Span, own: Option<&Condition>, outer: Option<&Condition>| {
        if let Some(condition) = own.or(outer) {
            map.entry(span).or_insert_with(|| condition.clone());
        }
    };
    for definition in &schema.definitions {
        let outer = definition.info.condition.as_ref();
        add(definition.span, outer, None);
        let mut members = |list: &[Member]| list.iter().for_each(|m| add(m.span, m.info.condition.as_ref(), outer));
        match &definition.kind {
            DefKind::Struct(strukt) => members(&strukt.members),
            DefKind::Event(event) => members(&event.members),
            DefKind::Command(command) => members(&command.arguments),
            DefKind::Union(union) => {
                members(&union.base_members);
                let value_info = |value: &str| -> Option<Info> {
                    match &schema.definition(&union.discriminator_enum)?.kind {
                        DefKind::Enum(e) => e.values.iter().find(|v| v.name == value).map(|v| v.info.clone()),
                        _ => None,
                    }
                };
                for variant in &union.variants {
                    let info = value_info(&variant.value);
                    add(variant.span, variant.condition.as_ref().or(info.as_ref().and_then(|i| i.condition.as_ref())), outer);
                }
            }
            DefKind::Enum(enumeration) => enumeration.values.iter().for_each(|v| add(v.span, v.info.condition.as_ref(), outer)),
            DefKind::Alternate(alternate) => alternate.branches.iter().for_each(|b| add(b.span, b.condition.as_ref(), outer)),
        }
    }
    map
}

impl Support {
    /// Whether the server has everything of the client's schema.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.rejected.is_empty() && self.unsent.is_empty()
    }

    /// How many items of kind `what` a list holds.
    #[must_use]
    pub fn count(list: &[Missing], what: What) -> usize {
        list.iter().filter(|m| m.what == what).count()
    }

    /// The human report: a summary, then what the server rejects and what
    /// it never sends, each item with its place in the client's schema.
    #[must_use]
    pub fn render_text(&self, server: &SourceMap, client: &SourceMap) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "support: server {} ({}), client {} ({})", top(server), version_text(self.server_version), top(client), version_text(self.client_version));
        if self.is_complete() {
            out.push_str("the server has everything the client's schema has\n");
            return out;
        }
        for (list, title) in [(&self.rejected, "requests the server rejects"), (&self.unsent, "received items the server never sends")] {
            let counts: Vec<String> = What::ALL.iter().map(|&w| (w, Self::count(list, w))).filter(|&(_, n)| n > 0).map(|(w, n)| format!("{n} {}", plural(w, n))).collect();
            let _ = writeln!(out, "\n{title} ({}):", if counts.is_empty() { "none".to_string() } else { counts.join(", ") });
            for missing in list {
                let _ = writeln!(out, "  {} `{}` [{}]", missing.what.name(), missing.subject, missing.rule);
                if let Some(span) = missing.span {
                    let _ = writeln!(out, "    client: {}", location(client, span));
                }
                if let Some(condition) = &missing.condition {
                    let _ = writeln!(out, "    note: conditional on `{condition}`: a server built without it lacks it too");
                }
            }
        }
        out
    }

    /// The report as JSON: both sides, whether the server has everything,
    /// the counts per kind, and every item with its position.
    #[must_use]
    pub fn to_json(&self, server: &SourceMap, client: &SourceMap) -> Value {
        let side = |sources: &SourceMap, version: Option<Version>| json!({"file": top(sources), "version": version.map(|v| v.to_string())});
        let items = |list: &[Missing]| -> Vec<Value> {
            list.iter()
                .map(|m| {
                    json!({
                        "what": m.what.name(),
                        "subject": m.subject,
                        "rule": m.rule.id(),
                        "condition": m.condition.as_ref().map(ToString::to_string),
                        "client": m.span.map_or(Value::Null, |span| json!({"file": client.file(span.file).display, "line": span.start.line, "column": span.start.column})),
                    })
                })
                .collect()
        };
        let counts = |list: &[Missing]| -> Value { What::ALL.iter().map(|&w| (w.name().to_string(), json!(Self::count(list, w)))).collect::<serde_json::Map<_, _>>().into() };
        json!({
            "server": side(server, self.server_version),
            "client": side(client, self.client_version),
            "complete": self.is_complete(),
            "counts": {"rejected": counts(&self.rejected), "unsent": counts(&self.unsent)},
            "rejected": items(&self.rejected),
            "unsent": items(&self.unsent),
        })
    }

    /// [`Support::to_json`], pretty-printed, with a final newline.
    #[must_use]
    pub fn render_json(&self, server: &SourceMap, client: &SourceMap) -> String {
        let mut text = serde_json::to_string_pretty(&self.to_json(server, client)).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn plural(what: What, count: usize) -> String {
    let name = what.name();
    match (count, what) {
        (1, _) => name.to_string(),
        (_, What::Branch) => "branches".to_string(),
        _ => format!("{name}s"),
    }
}
