//! What a client of QEMU 10.2's schema finds missing in a real QEMU 10.0:
//! the live `query-qmp-schema` reply, saved as JSON and read as the
//! server's side, checked against `qemu-qapi-10.2` (`compat::support`).
//! The answer must be exactly what the two corpus schemas give
//! (`qemu-qapi-10.0` as the server), plus items this QEMU lacks because
//! they are conditional (in 10.2, or in 10.0: 10.1 dropped the `TARGET_*`
//! conditions of s390x and Arm commands) and its x86 build does not enable
//! them; the QMP client's `server_schema()` must agree on every command,
//! event and argument.

// Without the corpus the crate is empty; `tests/corpus.rs` reports it.
#![cfg(not(qapi_gen_corpus_missing))]

mod support;

use std::collections::BTreeSet;

use qapi_gen_schema::Schema;
use qapi_gen_schema::compat::{self, Missing, Support, What};
use qapi_gen_schema::model::{DefKind, Member};
use serde_json::json;
use support::Qemu;

fn load(release: &str) -> qapi_gen_schema::Loaded {
    let path = support::release_schema(release);
    qapi_gen_schema::load(&path).unwrap_or_else(|failure| panic!("QEMU {release} must load:\n{}", failure.render_short()))
}

/// The items of a report as `rejected|unsent what subject`, with whether each is conditional.
fn items(support: &Support) -> Vec<(String, bool)> {
    let line = |list: &'static str| move |m: &Missing| (format!("{list} {} {}", m.what.name(), m.subject), m.condition.is_some());
    support.rejected.iter().map(line("rejected")).chain(support.unsent.iter().map(line("unsent"))).collect()
}

/// Whether the item a subject names (`NAME`, `NAME.member`, `NAME.value`)
/// has a condition in `schema`, or its definition has.
fn conditional_in(schema: &Schema, subject: &str) -> bool {
    let (name, item) = subject.split_once('.').map_or((subject, None), |(name, item)| (name, Some(item)));
    let Some(definition) = schema.definition(name) else { return false };
    let Some(item) = item.filter(|_| definition.info.condition.is_none()) else { return definition.info.condition.is_some() };
    let member = |members: &[Member]| members.iter().any(|m| m.name == item && m.info.condition.is_some());
    let value = |enumeration: &str| match schema.definition(enumeration).map(|d| &d.kind) {
        Some(DefKind::Enum(e)) => e.values.iter().any(|v| v.name == item && v.info.condition.is_some()),
        _ => false,
    };
    match &definition.kind {
        DefKind::Struct(strukt) => member(&strukt.members),
        DefKind::Union(union) => member(&union.base_members) || union.variants.iter().any(|v| v.value == item && v.condition.is_some()) || value(&union.discriminator_enum),
        DefKind::Enum(_) => value(name),
        DefKind::Alternate(alternate) => alternate.branches.iter().any(|b| b.name == item && b.condition.is_some()),
        DefKind::Event(event) => member(&event.members),
        DefKind::Command(command) => member(&command.arguments),
    }
}

fn counts(support: &Support) -> String {
    format!(
        "{} commands, {} arguments, {} values, {} branches rejected; {} events, {} members, {} values, {} branches never sent",
        Support::count(&support.rejected, What::Command),
        Support::count(&support.rejected, What::Argument),
        Support::count(&support.rejected, What::Value),
        Support::count(&support.rejected, What::Branch),
        Support::count(&support.unsent, What::Event),
        Support::count(&support.unsent, What::Member),
        Support::count(&support.unsent, What::Value),
        Support::count(&support.unsent, What::Branch),
    )
}

#[test]
fn a_qemu_10_2_client_learns_what_qemu_10_0_lacks() {
    let qemu = Qemu::start();
    let reply = qemu.client.execute_raw(json!({"execute": "query-qmp-schema"})).unwrap_or_else(|error| panic!("query-qmp-schema: {error}"));
    let saved = qemu.dir.path().join("query-qmp-schema.json");
    std::fs::write(&saved, serde_json::to_string_pretty(&json!({"return": reply})).unwrap_or_default()).unwrap_or_else(|error| panic!("cannot save the reply: {error}"));
    let live = compat::load(&saved).unwrap_or_else(|failure| panic!("the saved reply does not read:\n{}", failure.render_short()));
    let (old, new) = (load("10.0"), load("10.2"));

    let from_server = compat::support(&live.schema, &new.schema);
    let from_schemas = compat::support(&old.schema, &new.schema);
    println!("QEMU 10.0 (live) for a 10.2 client: {}", counts(&from_server));
    println!("qemu-qapi-10.0 for a 10.2 client:   {}", counts(&from_schemas));
    for (item, _) in items(&from_schemas) {
        println!("  {item}");
    }

    // Independently of the walk: the commands and events only 10.2 has.
    let names = |schema: &qapi_gen_schema::Schema, events: bool| -> BTreeSet<String> {
        if events { schema.events().map(|(d, _)| d.name.clone()).collect() } else { schema.commands().map(|(d, _)| d.name.clone()).collect() }
    };
    for (what, events) in [(What::Command, false), (What::Event, true)] {
        let only_new: BTreeSet<String> = names(&new.schema, events).difference(&names(&old.schema, events)).cloned().collect();
        let list = if events { &from_schemas.unsent } else { &from_schemas.rejected };
        let reported: BTreeSet<String> = list.iter().filter(|m| m.what == what).map(|m| m.subject.clone()).collect();
        assert_eq!(reported, only_new, "the {}s only 10.2 has", what.name());
    }

    // The live answer is the schemas' answer plus conditional items the build lacks.
    let (server, schemas) = (items(&from_server), items(&from_schemas));
    let server_names: BTreeSet<&str> = server.iter().map(|(item, _)| item.as_str()).collect();
    let schema_names: BTreeSet<&str> = schemas.iter().map(|(item, _)| item.as_str()).collect();
    let subject = |item: &str| item.splitn(3, ' ').nth(2).unwrap_or_default().to_owned();
    // A 10.2-only item inside a conditional one this build lacks (a member
    // of a union branch it lacks) is covered by that item.
    let missed: Vec<&String> = schemas.iter().filter(|(item, conditional)| !server_names.contains(item.as_str()) && !conditional).map(|(item, _)| item).collect();
    assert!(missed.is_empty(), "10.2-only items the live check does not report:\n{missed:#?}");
    let covered = schemas.iter().filter(|(item, _)| !server_names.contains(item.as_str())).count();
    let unexplained: Vec<&String> = server
        .iter()
        .filter(|(item, conditional)| !schema_names.contains(item.as_str()) && !conditional && !conditional_in(&old.schema, &subject(item)))
        .map(|(item, _)| item)
        .collect();
    assert!(unexplained.is_empty(), "items QEMU 10.0 lacks that are neither 10.2-only nor conditional:\n{unexplained:#?}");
    let conditional = server.len() + covered - schemas.len();
    println!(
        "live: {} items = {} only in 10.2 (less {covered} inside conditional items this build lacks) + {conditional} conditional ones this build lacks",
        server.len(),
        schemas.len()
    );
    assert!(Support::count(&from_schemas.rejected, What::Command) > 0 && Support::count(&from_schemas.rejected, What::Argument) > 0, "{}", counts(&from_schemas));

    // The QMP client's own check agrees on every command and event.
    let served = qemu.client.server_schema().unwrap_or_else(|error| panic!("server_schema: {error}"));
    let lacking = |list: &[Missing], what| -> BTreeSet<String> { list.iter().filter(|m| m.what == what).map(|m| m.subject.clone()).collect() };
    let (commands, events) = (lacking(&from_server.rejected, What::Command), lacking(&from_server.unsent, What::Event));
    for (definition, _) in new.schema.commands() {
        assert_eq!(served.supports_command(&definition.name), !commands.contains(&definition.name), "command `{}`", definition.name);
    }
    for (definition, _) in new.schema.events() {
        assert_eq!(served.emits_event(&definition.name), !events.contains(&definition.name), "event `{}`", definition.name);
    }
    // The questions `docs/server-support.md` and `docs/qmp-client.md` ask.
    assert!(served.supports::<qapi_gen_consumer_qemu_live::qemu_10_0::QomListCommand>() && !served.supports_command("qom-list-get"));
    assert!(served.supports_argument("blockdev-mirror", "sync") && !served.supports_argument("blockdev-mirror", "target-is-zero"));
    assert!(served.accepts_value("netdev_add", "type", "user") && !served.accepts_value("netdev_add", "type", "passt"));
    assert!(served.sends_member("query-named-block-nodes", "image.filename") && !served.sends_member("query-named-block-nodes", "image.limits"));
    assert!(served.emits_event("VFIO_MIGRATION") && served.sends_member("BLOCK_JOB_COMPLETED", "speed"));
    assert!(served.sends_value("query-status", "status", "colo") && !served.sends_value("query-status", "status", "hibernating"));
    // And on the arguments of the commands both have.
    for (definition, command) in new.schema.commands().filter(|(d, _)| served.supports_command(&d.name)) {
        for argument in &command.arguments {
            let subject = format!("rejected argument {}.{}", definition.name, argument.name);
            if command.data_type.is_none() {
                assert_eq!(served.supports_argument(&definition.name, &argument.name), !server_names.contains(subject.as_str()), "{subject}");
            }
        }
    }
}
