//! A newer client on an older server: QEMU 10.2's generated types, built
//! with `oldest_server("10.0")`, decode every reply and event a real QEMU
//! 10.0 sends and encode them back to what it sent, less only members
//! 10.2's schema no longer has; built without the floor, the same types
//! fail on some replies, listed here, so the floor is shown to matter.

// Without the corpus the crate is empty; `tests/corpus.rs` reports it.
#![cfg(not(qapi_gen_corpus_missing))]

mod support;

use std::time::{Duration, Instant};

use qapi_gen_consumer_qemu_live::{qemu_10_2 as plain, qemu_10_2_oldest_10_0 as floor};
use qapi_runtime::client::Error;
use serde_json::{Value, json};
use support::Qemu;
use support::calls::Calls;

/// How long one provoked event may take to arrive.
const PATIENCE: Duration = Duration::from_secs(30);

/// Whether `encoded` is `sent` less some object members: every member it
/// has is in `sent` with a value it is in turn a part of, arrays item by item.
fn part_of(encoded: &Value, sent: &Value) -> bool {
    match (encoded, sent) {
        (Value::Object(encoded), Value::Object(sent)) => encoded.iter().all(|(key, value)| sent.get(key).is_some_and(|other| part_of(value, other))),
        (Value::Array(encoded), Value::Array(sent)) => encoded.len() == sent.len() && encoded.iter().zip(sent).all(|(a, b)| part_of(a, b)),
        _ => encoded == sent,
    }
}

/// How one message fared with one set of types.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// Decoded and encoded back to the same JSON.
    Same,
    /// Decoded; encoded back without members the types do not have.
    Fewer,
    /// Decoded as `Unknown` (the types do not know the command or event).
    Unknown,
    /// Failed, with the reason.
    Failed(String),
}

fn outcome<T: qapi_runtime::serde::Serialize>(decoded: Result<T, String>, is_unknown: impl Fn(&T) -> bool, sent: &Value) -> Outcome {
    match decoded {
        Err(error) => Outcome::Failed(error),
        Ok(value) if is_unknown(&value) => Outcome::Unknown,
        Ok(value) => match serde_json::to_value(&value) {
            Ok(encoded) if encoded == *sent => Outcome::Same,
            Ok(encoded) if part_of(&encoded, sent) => Outcome::Fewer,
            Ok(encoded) => Outcome::Failed(format!("encodes differently:\n  sent:    {sent}\n  encoded: {encoded}")),
            Err(error) => Outcome::Failed(format!("does not encode: {error}")),
        },
    }
}

fn execute(qemu: &Qemu, command: &str, arguments: Value) {
    qemu.client.execute_raw(json!({"execute": command, "arguments": arguments})).unwrap_or_else(|error| panic!("{command}: {error}"));
}

/// Reads events until one called `name` arrives.
fn until(qemu: &Qemu, seen: &mut Vec<Value>, name: &str) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        match qemu.client.next_event(Some(deadline.saturating_duration_since(Instant::now()))) {
            Ok(event) => {
                let found = event["event"] == name;
                seen.push(event);
                if found {
                    return;
                }
            }
            Err(error) => panic!("waiting for {name}: {error}; events so far: {seen:?}"),
        }
    }
}

#[test]
fn qemu_10_2_types_with_a_10_0_floor_read_qemu_10_0() {
    let loaded = support::load();
    let Calls { calls, .. } = Calls::of(&loaded.schema);
    let qemu = Qemu::start();
    let mut replies = Vec::new();
    for (name, arguments) in &calls {
        let request = if arguments.as_object().is_some_and(|map| map.is_empty()) { json!({"execute": name}) } else { json!({"execute": name, "arguments": arguments}) };
        match qemu.client.execute_raw(request) {
            Ok(value) => replies.push((name.clone(), value)),
            Err(Error::Qmp(_)) => {}
            Err(error) => panic!("{name}: {error}"),
        }
    }
    let mut events = Vec::new();
    execute(&qemu, "device_add", json!({"driver": "usb-kbd", "id": "kbd0", "bus": "usb.0"}));
    execute(&qemu, "device_del", json!({"id": "kbd0"}));
    until(&qemu, &mut events, "DEVICE_DELETED");
    execute(&qemu, "cont", json!({}));
    until(&qemu, &mut events, "RESUME");
    execute(&qemu, "stop", json!({}));
    until(&qemu, &mut events, "STOP");
    execute(&qemu, "blockdev-backup", json!({"job-id": "job0", "device": "null0", "target": "null1", "sync": "full"}));
    until(&qemu, &mut events, "BLOCK_JOB_COMPLETED");

    let mut with_floor = Vec::new();
    let mut without_floor = Vec::new();
    for (name, value) in &replies {
        let decoded = floor::Reply::decode(name, value.clone()).map_err(|error| format!("does not decode: {error}"));
        with_floor.push((format!("{name} reply"), outcome(decoded, |reply| matches!(reply, floor::Reply::Unknown(_)), value)));
        let decoded = plain::Reply::decode(name, value.clone()).map_err(|error| format!("does not decode: {error}"));
        without_floor.push((format!("{name} reply"), outcome(decoded, |reply| matches!(reply, plain::Reply::Unknown(_)), value)));
    }
    for event in &events {
        let name = event["event"].as_str().unwrap_or_default();
        let decoded = serde_json::from_value::<floor::Event>(event.clone()).map_err(|error| format!("does not decode: {error}"));
        with_floor.push((format!("{name} event"), outcome(decoded, |event| matches!(event, floor::Event::Unknown(_)), event)));
        let decoded = serde_json::from_value::<plain::Event>(event.clone()).map_err(|error| format!("does not decode: {error}"));
        without_floor.push((format!("{name} event"), outcome(decoded, |event| matches!(event, plain::Event::Unknown(_)), event)));
    }

    let failed = |outcomes: &[(String, Outcome)]| -> Vec<String> { outcomes.iter().filter_map(|(what, outcome)| if let Outcome::Failed(why) = outcome { Some(format!("{what}: {why}")) } else { None }).collect() };
    let named = |outcomes: &[(String, Outcome)], wanted: &Outcome| -> Vec<String> { outcomes.iter().filter(|(_, outcome)| outcome == wanted).map(|(what, _)| what.clone()).collect() };
    let floor_failures = failed(&with_floor);
    let plain_failures = failed(&without_floor);
    println!(
        "QEMU 10.2 types on QEMU 10.0: {} replies and {} events; with oldest_server(10.0): {} the same, {} without members 10.2 lacks [{}], {} unknown to 10.2 [{}], {} failed; without the floor {} failed:\n{}",
        replies.len(),
        events.len(),
        named(&with_floor, &Outcome::Same).len(),
        named(&with_floor, &Outcome::Fewer).len(),
        named(&with_floor, &Outcome::Fewer).join(", "),
        named(&with_floor, &Outcome::Unknown).len(),
        named(&with_floor, &Outcome::Unknown).join(", "),
        floor_failures.len(),
        plain_failures.len(),
        plain_failures.join("\n"),
    );
    assert!(replies.len() >= 70 && events.len() >= 4, "too few messages: {} replies, {} events", replies.len(), events.len());
    assert!(floor_failures.is_empty(), "with the floor, {} messages failed:\n{}", floor_failures.len(), floor_failures.join("\n"));
    assert!(!plain_failures.is_empty(), "without the floor every message decodes: the floor is not shown to matter");
}
