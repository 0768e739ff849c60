//! The live `query-qmp-schema` of a real QEMU 10.0 against the model of
//! `qemu-qapi-10.0`, through the compatibility checker: the reply, read as
//! a schema (`compat::introspection`), differs from the model only by
//! items the model has and QEMU lacks (the checker leaves out what
//! introspection cannot show: type names, masked as "123", and integer
//! widths), each of which must be conditional (an `if` on the definition,
//! member, value or branch, which Debian's x86 build does not enable).
//! Every command and event is
//! followed through arguments, returns, bases, union branches, arrays and
//! alternates, comparing names, optionality, JSON types and enum values.

// Without the corpus the crate is empty; `tests/corpus.rs` reports it.
#![cfg(not(qapi_gen_corpus_missing))]

mod support;

use qapi_gen_consumer_qemu_live::qemu_10_0 as api;
use qapi_gen_schema::compat::{self, Report, Rule, Support};
use qapi_gen_schema::{Loaded, Schema};
use serde_json::{Value, json};
use support::{Qemu, round_trip};

/// What QEMU lacks because it was built without it.
const EXPECTED: [Rule; 6] = [Rule::CommandRemoved, Rule::EventRemoved, Rule::MemberRemoved, Rule::EnumValueRemoved, Rule::UnionBranchRemoved, Rule::AlternateBranchRemoved];

fn read(entries: &[Value]) -> Loaded {
    let text = serde_json::to_string_pretty(entries).unwrap_or_default();
    compat::introspection::read_text("query-qmp-schema.json", &text).unwrap_or_else(|failure| panic!("the reply does not read:\n{}", failure.render_short()))
}

/// Every change but those in `EXPECTED`, as `rule subject: message`.
fn unexpected(report: &Report) -> Vec<String> {
    report.changes.iter().filter(|c| !EXPECTED.contains(&c.rule)).map(|c| format!("{} {}: {}", c.rule, c.subject, c.message)).collect()
}

/// What the model has and QEMU lacks without a condition to explain it.
fn unexplained(live: &Schema, model: &Schema) -> (Support, Vec<String>) {
    let support = compat::support(live, model);
    let items = support.rejected.iter().chain(&support.unsent).filter(|m| m.condition.is_none()).map(|m| format!("{} `{}`", m.what.name(), m.subject)).collect();
    (support, items)
}

fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
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
    let live = read(&entries);
    let (commands, events) = (live.schema.commands().count(), live.schema.events().count());

    let report = compat::compare(&loaded.schema, &live.schema);
    let mismatches = unexpected(&report);
    let (lacking, unexplained_items) = unexplained(&live.schema, &loaded.schema);
    let beyond = compat::support(&loaded.schema, &live.schema);
    println!(
        "QEMU 10.0 introspection: {commands} commands and {events} events compared; {} model items QEMU lacks, {} of them without a condition; {} other differences; QEMU has {} items the model lacks",
        lacking.rejected.len() + lacking.unsent.len(),
        unexplained_items.len(),
        mismatches.len(),
        beyond.rejected.len() + beyond.unsent.len(),
    );
    assert!(mismatches.is_empty(), "{} differences:\n{}", mismatches.len(), mismatches.join("\n"));
    assert!(unexplained_items.is_empty(), "in the model without an `if`, but QEMU lacks them:\n{}", unexplained_items.join("\n"));
    assert!(beyond.is_complete(), "QEMU has items the model lacks: {:?}", beyond.rejected.iter().chain(&beyond.unsent).map(|m| &m.subject).collect::<Vec<_>>());
    assert!(commands >= 200 && events >= 50, "QEMU reported only {commands} commands and {events} events");

    // The comparison sees differences: a member only QEMU has, a mandatory
    // member made optional, an enum value QEMU would add, a command only
    // QEMU has and one it lacks.
    let entries = tampered(&entries, "query-uuid", |entry| entry["name"] = json!("x-query-future"));
    let device_del_arguments = text(entries.iter().find(|e| text(e, "name") == "device_del").unwrap_or(&Value::Null), "arg-type").to_owned();
    let entries = tampered(&entries, &device_del_arguments, |entry| {
        if let Some(members) = entry["members"].as_array_mut() {
            members[0]["default"] = Value::Null;
            members.push(json!({"name": "force", "default": null, "type": "bool"}));
        }
    });
    let run_state = entries
        .iter()
        .find(|e| text(e, "meta-type") == "enum" && e.get("values").and_then(Value::as_array).is_some_and(|v| v.contains(&json!("inmigrate"))))
        .map(|e| text(e, "name").to_owned())
        .unwrap_or_default();
    let entries = tampered(&entries, &run_state, |entry| {
        if let Some(values) = entry["values"].as_array_mut() {
            values.push(json!("hibernating"));
        }
    });
    let tampered = read(&entries);
    let found = unexpected(&compat::compare(&loaded.schema, &tampered.schema)).join("\n");
    for expected in [
        "command-added x-query-future: ",
        "member-added device_del.force: optional argument `force` of command `device_del` was added",
        "member-made-optional device_del.id: ",
        &format!("enum-value-added {run_state}.hibernating: "),
    ] {
        assert!(found.contains(expected), "expected a difference with {expected:?}, got:\n{found}");
    }
    let (_, unexplained_items) = unexplained(&tampered.schema, &loaded.schema);
    assert_eq!(unexplained_items, ["command `query-uuid`"], "a command QEMU lacks without a condition is found");
}
