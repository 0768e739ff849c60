//! The live `query-qmp-schema` of a real QEMU 10.0 against the model of
//! `qemu-qapi-10.0`: every command and event QEMU reports exists in the
//! model with the same members (names, optionality, JSON types, enum
//! values), followed through QEMU's masked type names ("123") into
//! arguments, returns, bases, union branches, arrays and alternates; what
//! the model has and QEMU lacks must be conditional (an `if` on the
//! definition, member, value or branch, which Debian's x86 build does not
//! enable).

// Without the corpus the crate is empty; `tests/corpus.rs` reports it.
#![cfg(not(qapi_gen_corpus_missing))]

mod support;

use std::collections::{BTreeMap, BTreeSet};

use qapi_gen_consumer_qemu_live::qemu_10_0 as api;
use qapi_gen_schema::Schema;
use qapi_gen_schema::model::{Builtin, Condition, DefKind, Info, Member, Type};
use serde_json::{Value, json};
use support::{Qemu, round_trip};

/// The comparison's state: QEMU's entries by name, what was compared, and
/// every mismatch.
struct Compare<'a> {
    model: &'a Schema,
    live: BTreeMap<String, Value>,
    /// (QEMU's type name, model type) pairs already compared.
    done: BTreeSet<(String, String)>,
    members: usize,
    values: usize,
    /// Items of the model QEMU lacks, each explained by its condition.
    conditional: usize,
    mismatches: Vec<String>,
}

/// JSON type of a built-in, as introspection names it.
fn json_type(builtin: Builtin) -> &'static str {
    match builtin {
        Builtin::Str => "string",
        Builtin::Number => "number",
        Builtin::Bool => "boolean",
        Builtin::Null => "null",
        Builtin::Any => "value",
        _ => "int",
    }
}

fn list(value: &Value, key: &str) -> Vec<Value> {
    value.get(key).and_then(Value::as_array).cloned().unwrap_or_default()
}

fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

impl Compare<'_> {
    fn entry(&mut self, name: &str, path: &str) -> Option<Value> {
        let entry = self.live.get(name).cloned();
        if entry.is_none() {
            self.mismatches.push(format!("{path}: QEMU names type `{name}` but does not describe it"));
        }
        entry
    }

    /// Something of the model QEMU lacks: fine when it is conditional.
    fn lacking(&mut self, condition: Option<&Condition>, what: String) {
        if condition.is_some() {
            self.conditional += 1;
        } else {
            self.mismatches.push(format!("{what}: in the model without an `if`, but QEMU lacks it"));
        }
    }

    /// QEMU's type `name` against the model's `ty`.
    fn ty(&mut self, name: &str, ty: &Type, path: &str) {
        if !self.done.insert((name.to_owned(), ty.to_string())) {
            return;
        }
        let Some(entry) = self.entry(name, path) else { return };
        let meta = text(&entry, "meta-type").to_owned();
        let mismatch = |expected: &str| format!("{path}: QEMU has a {meta} (`{name}`), the model {expected} `{ty}`");
        match ty {
            Type::Builtin(builtin) => {
                if meta != "builtin" || text(&entry, "json-type") != json_type(*builtin) {
                    self.mismatches.push(format!("{path}: QEMU has {entry}, the model the built-in `{ty}`"));
                }
            }
            Type::Array(inner) => {
                if meta == "array" {
                    self.ty(text(&entry, "element-type"), inner, &format!("{path}[]"));
                } else {
                    self.mismatches.push(mismatch("an array"));
                }
            }
            Type::Named(model_name) => {
                let Some(definition) = self.model.definition(model_name) else {
                    self.mismatches.push(format!("{path}: the model has no `{model_name}`"));
                    return;
                };
                let path = format!("{path} ({model_name})");
                match (&definition.kind, meta.as_str()) {
                    (DefKind::Enum(enumeration), "enum") => {
                        let live: Vec<String> = list(&entry, "values").iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
                        for value in &live {
                            self.values += 1;
                            if !enumeration.values.iter().any(|v| v.name == *value) {
                                self.mismatches.push(format!("{path}: QEMU has value `{value}` the model lacks"));
                            }
                        }
                        for value in enumeration.values.iter().filter(|v| !live.contains(&v.name)) {
                            self.lacking(value.info.condition.as_ref(), format!("{path}: value `{}`", value.name));
                        }
                    }
                    (DefKind::Struct(strukt), "object") => {
                        self.members(&list(&entry, "members"), &strukt.members, &path);
                        if entry.get("variants").is_some() {
                            self.mismatches.push(format!("{path}: QEMU has a union, the model a struct"));
                        }
                    }
                    (DefKind::Union(union), "object") => {
                        self.members(&list(&entry, "members"), &union.base_members, &path);
                        if text(&entry, "tag") != union.discriminator {
                            self.mismatches.push(format!("{path}: QEMU's tag is `{}`, the model's `{}`", text(&entry, "tag"), union.discriminator));
                        }
                        let enum_info = |value: &str| match self.model.definition(&union.discriminator_enum).map(|d| &d.kind) {
                            Some(DefKind::Enum(enumeration)) => enumeration.values.iter().find(|v| v.name == value).map(|v| v.info.clone()),
                            _ => None,
                        };
                        let live = list(&entry, "variants");
                        for variant in &live {
                            let case = text(variant, "case");
                            let branch_path = format!("{path}.{case}");
                            match union.variants.iter().find(|v| v.value == case) {
                                Some(model) => match &model.ty {
                                    Some(branch) => self.ty(text(variant, "type"), &Type::Named(branch.clone()), &branch_path),
                                    None => self.empty(text(variant, "type"), &branch_path),
                                },
                                None => self.mismatches.push(format!("{branch_path}: QEMU has a branch the model lacks")),
                            }
                        }
                        for variant in union.variants.iter().filter(|v| !live.iter().any(|l| text(l, "case") == v.value)) {
                            let info: Info = enum_info(&variant.value).unwrap_or_default();
                            let condition = variant.condition.as_ref().or(info.condition.as_ref());
                            self.lacking(condition, format!("{path}: branch `{}`", variant.value));
                        }
                    }
                    (DefKind::Alternate(alternate), "alternate") => {
                        // In order: each of QEMU's branches is the next model
                        // branch of the same kind; skipped ones must be conditional.
                        let mut branches = alternate.branches.iter().peekable();
                        for member in list(&entry, "members") {
                            let live_type = text(&member, "type").to_owned();
                            let live_meta = self.live.get(&live_type).map(|e| text(e, "meta-type").to_owned()).unwrap_or_default();
                            let live_json = self.live.get(&live_type).map(|e| text(e, "json-type").to_owned()).unwrap_or_default();
                            loop {
                                let Some(branch) = branches.next() else {
                                    self.mismatches.push(format!("{path}: QEMU has branch `{live_type}` the model lacks"));
                                    break;
                                };
                                if self.kind(&branch.ty) == (live_meta.clone(), live_json.clone()) {
                                    self.ty(&live_type, &branch.ty, &format!("{path}|{}", branch.name));
                                    break;
                                }
                                self.lacking(branch.condition.as_ref(), format!("{path}: branch `{}`", branch.name));
                            }
                        }
                        for branch in branches {
                            self.lacking(branch.condition.as_ref(), format!("{path}: branch `{}`", branch.name));
                        }
                    }
                    _ => self.mismatches.push(format!("{path}: QEMU has a {meta} (`{name}`), the model a {}", definition.kind.keyword())),
                }
            }
        }
    }

    /// The meta-type (and JSON type, for built-ins) QEMU would report for `ty`.
    fn kind(&self, ty: &Type) -> (String, String) {
        match ty {
            Type::Builtin(builtin) => ("builtin".to_owned(), json_type(*builtin).to_owned()),
            Type::Array(_) => ("array".to_owned(), String::new()),
            Type::Named(name) => match self.model.definition(name).map(|d| &d.kind) {
                Some(DefKind::Enum(_)) => ("enum".to_owned(), String::new()),
                Some(DefKind::Alternate(_)) => ("alternate".to_owned(), String::new()),
                _ => ("object".to_owned(), String::new()),
            },
        }
    }

    /// QEMU's type `name` must be the empty object (no arguments, no returns, a branch without members).
    fn empty(&mut self, name: &str, path: &str) {
        let Some(entry) = self.entry(name, path) else { return };
        if text(&entry, "meta-type") != "object" || !list(&entry, "members").is_empty() {
            self.mismatches.push(format!("{path}: QEMU has {entry}, the model nothing"));
        }
    }

    /// QEMU's members against the model's.
    fn members(&mut self, live: &[Value], model: &[Member], path: &str) {
        for member in live {
            let name = text(member, "name");
            self.members += 1;
            let member_path = format!("{path}.{name}");
            let Some(ours) = model.iter().find(|m| m.name == name) else {
                self.mismatches.push(format!("{member_path}: QEMU has a member the model lacks"));
                continue;
            };
            let optional = member.get("default").is_some();
            if optional != ours.optional {
                self.mismatches.push(format!("{member_path}: optional in QEMU: {optional}, in the model: {}", ours.optional));
            }
            self.ty(text(member, "type"), &ours.ty, &member_path);
        }
        for ours in model.iter().filter(|m| !live.iter().any(|l| text(l, "name") == m.name)) {
            self.lacking(ours.info.condition.as_ref(), format!("{path}.{}", ours.name));
        }
    }

    /// Arguments (or event data): a named type, or inline members.
    fn data(&mut self, name: &str, data_type: Option<&str>, members: &[Member], path: &str) {
        match data_type {
            Some(ty) => self.ty(name, &Type::Named(ty.to_owned()), path),
            None => {
                let Some(entry) = self.entry(name, path) else { return };
                self.members(&list(&entry, "members"), members, path);
            }
        }
    }
}

/// The counts of one comparison.
struct Counts {
    commands: usize,
    events: usize,
}

/// Compares QEMU's `query-qmp-schema` reply with the model.
fn compare<'a>(model: &'a Schema, entries: &[Value]) -> (Compare<'a>, Counts) {
    let live: BTreeMap<String, Value> = entries.iter().map(|e| (text(e, "name").to_owned(), e.clone())).collect();
    let mut compare = Compare { model, live, done: BTreeSet::new(), members: 0, values: 0, conditional: 0, mismatches: Vec::new() };
    let mut counts = Counts { commands: 0, events: 0 };
    for entry in entries {
        let name = text(entry, "name");
        match text(entry, "meta-type") {
            "command" => {
                counts.commands += 1;
                let Some((_, command)) = model.commands().find(|(d, _)| d.name == name) else {
                    compare.mismatches.push(format!("command `{name}`: QEMU has it, the model does not"));
                    continue;
                };
                let path = format!("command `{name}`");
                compare.data(text(entry, "arg-type"), command.data_type.as_deref(), &command.arguments, &format!("{path} arguments"));
                match &command.returns {
                    Some(ty) => compare.ty(text(entry, "ret-type"), ty, &format!("{path} returns")),
                    None => compare.empty(text(entry, "ret-type"), &format!("{path} returns")),
                }
            }
            "event" => {
                counts.events += 1;
                let Some((_, event)) = model.events().find(|(d, _)| d.name == name) else {
                    compare.mismatches.push(format!("event `{name}`: QEMU has it, the model does not"));
                    continue;
                };
                let path = format!("event `{name}` data");
                match entry.get("arg-type").and_then(Value::as_str) {
                    Some(arg_type) => compare.data(arg_type, event.data_type.as_deref(), &event.members, &path),
                    None => compare.members(&[], &event.members, &path),
                }
            }
            _ => {}
        }
    }
    let commands = model.commands().map(|(definition, _)| (definition, "command"));
    let events = model.events().map(|(definition, _)| (definition, "event"));
    for (definition, meta) in commands.chain(events) {
        if !reports(&compare.live, &definition.name, meta) {
            compare.lacking(definition.info.condition.as_ref(), format!("{meta} `{}`", definition.name));
        }
    }
    (compare, counts)
}

/// Whether QEMU reports a `meta` (command, event) called `name`.
fn reports(live: &BTreeMap<String, Value>, name: &str, meta: &str) -> bool {
    live.get(name).is_some_and(|entry| text(entry, "meta-type") == meta)
}

/// `entries` with the named entry changed by `change`.
fn tampered(entries: &[Value], name: &str, change: impl Fn(&mut Value)) -> Vec<Value> {
    let mut entries = entries.to_vec();
    let entry = entries.iter_mut().find(|e| text(e, "name") == name).unwrap_or_else(|| panic!("QEMU reports `{name}`"));
    change(entry);
    entries
}

#[test]
fn the_live_schema_matches_the_model() {
    let loaded = support::load();
    let qemu = Qemu::start();
    let reply = qemu.client.execute_raw(json!({"execute": "query-qmp-schema"})).unwrap_or_else(|error| panic!("query-qmp-schema: {error}"));
    // The reply itself round-trips through the generated types.
    round_trip::<Vec<api::SchemaInfo>>(&reply).unwrap_or_else(|error| panic!("query-qmp-schema {error}"));
    let entries = reply.as_array().cloned().unwrap_or_default();
    let (result, counts) = compare(&loaded.schema, &entries);
    println!(
        "QEMU 10.0 introspection: {} commands and {} events compared ({} types, {} members, {} enum values), {} model items QEMU lacks, all conditional; {} mismatches",
        counts.commands,
        counts.events,
        result.done.len(),
        result.members,
        result.values,
        result.conditional,
        result.mismatches.len()
    );
    assert!(result.mismatches.is_empty(), "{} mismatches:\n{}", result.mismatches.len(), result.mismatches.join("\n"));
    assert!(counts.commands >= 200 && counts.events >= 50, "QEMU reported only {} commands and {} events", counts.commands, counts.events);

    // The comparison sees differences: a member only QEMU has, a mandatory member made
    // optional, an enum
    // value QEMU would add, a command only QEMU has and one it lacks.
    let entries = tampered(&entries, "query-uuid", |entry| entry["name"] = json!("x-query-future"));
    let device_del_arguments = text(entries.iter().find(|e| text(e, "name") == "device_del").unwrap_or(&Value::Null), "arg-type").to_owned();
    let entries = tampered(&entries, &device_del_arguments, |entry| {
        if let Some(members) = entry["members"].as_array_mut() {
            members[0]["default"] = Value::Null;
            members.push(json!({"name": "force", "default": null, "type": "bool"}));
        }
    });
    let run_state = entries.iter().find(|e| text(e, "meta-type") == "enum" && list(e, "values").contains(&json!("inmigrate"))).map(|e| text(e, "name").to_owned()).unwrap_or_default();
    let entries = tampered(&entries, &run_state, |entry| {
        if let Some(values) = entry["values"].as_array_mut() {
            values.push(json!("hibernating"));
        }
    });
    let (result, _) = compare(&loaded.schema, &entries);
    let found = result.mismatches.join("\n");
    for expected in ["command `x-query-future`: QEMU has it", "command `query-uuid`: in the model without an `if`", "command `device_del` arguments.force: QEMU has a member", "arguments.id: optional in QEMU: true, in the model: false", "value `hibernating`"] {
        assert!(found.contains(expected), "expected a mismatch with {expected:?}, got:\n{found}");
    }
}
