//! Older servers, newer client: the messages every older release's
//! examples show a server sending (events, and replies to the request
//! before them) decode with QEMU 10.2's types built with
//! `oldest_server("6.1")`, and encode back to what was sent, less only
//! members 10.2 no longer has. Events and commands 10.2 removed arrive as
//! `Unknown`. What still fails is listed with its reason and pinned (one
//! member 10.2's schema does not date).
//!
//! Left out, as in `examples.rs`: messages the front end warned about, and
//! messages naming something compiled out of this build of 10.2.

// Without the corpus the crate is empty; `tests/corpus.rs` reports it.
#![cfg(not(qapi_gen_corpus_missing))]

mod support;

use std::collections::BTreeSet;

use qapi_gen_consumer_qemu::qemu_10_2_oldest_6_1 as newest;
use qapi_gen_schema::model::{DefKind, Direction};
use serde_json::Value;
use support::{compiled_out_names, load, mentions};

/// The older releases whose examples are read (10.0 is in the corpus
/// though not generated here: its model is enough).
const OLDER: [&str; 5] = ["6.1", "6.2", "9.0", "9.1", "10.0"];

/// Whether `encoded` is `sent` less some object members: every member it
/// has is in `sent` with a value it is in turn a part of, arrays item by item.
fn part_of(encoded: &Value, sent: &Value) -> bool {
    match (encoded, sent) {
        (Value::Object(encoded), Value::Object(sent)) => encoded.iter().all(|(key, value)| sent.get(key).is_some_and(|other| part_of(value, other))),
        (Value::Array(encoded), Value::Array(sent)) => encoded.len() == sent.len() && encoded.iter().zip(sent).all(|(a, b)| part_of(a, b)),
        _ => encoded == sent,
    }
}

/// What happened to one release's server messages.
#[derive(Debug, Default)]
struct Tally {
    same: usize,
    fewer: usize,
    unknown: usize,
    skipped: usize,
    failures: Vec<String>,
}

fn encoded_against(tally: &mut Tally, what: &str, encoded: Result<Value, serde_json::Error>, sent: &Value) {
    match encoded {
        Ok(encoded) if encoded == *sent => tally.same += 1,
        Ok(encoded) if part_of(&encoded, sent) => tally.fewer += 1,
        Ok(encoded) => tally.failures.push(format!("{what}: re-encodes as {encoded}")),
        Err(error) => tally.failures.push(format!("{what}: does not encode: {error}")),
    }
}

fn check(release: &str, off: &BTreeSet<String>) -> Tally {
    let loaded = load(release);
    let warned: Vec<_> = loaded.warnings.iter().filter_map(|d| d.span).collect();
    let mut tally = Tally::default();
    for definition in &loaded.schema.definitions {
        for example in &definition.examples {
            let mut replying_for: Option<String> = None;
            for message in &example.messages {
                let json = &message.message;
                if let Some(name) = qapi_gen_schema::rules::executed_command(json) {
                    replying_for = Some(name.to_owned());
                }
                if message.direction != Direction::FromServer {
                    continue;
                }
                if warned.contains(&message.span) || mentions(json, off) {
                    tally.skipped += 1;
                    continue;
                }
                let what = format!("QEMU {release}: example of {}: {json}", definition.name);
                if json.get("event").is_some() {
                    match serde_json::from_value::<newest::Event>(json.clone()) {
                        Ok(newest::Event::Unknown(_)) => tally.unknown += 1,
                        Ok(event) => encoded_against(&mut tally, &what, serde_json::to_value(&event), json),
                        Err(error) => tally.failures.push(format!("{what}: does not decode: {error}")),
                    }
                } else if let (Some(value), Some(command)) = (json.get("return"), replying_for.as_deref()) {
                    let is_command = matches!(loaded.schema.definition(command).map(|d| &d.kind), Some(DefKind::Command(_)));
                    if !is_command {
                        tally.skipped += 1;
                        continue;
                    }
                    match newest::Reply::decode(command, value.clone()) {
                        Ok(newest::Reply::Unknown(_)) => tally.unknown += 1,
                        Ok(reply) => encoded_against(&mut tally, &what, serde_json::to_value(&reply), value),
                        Err(error) => tally.failures.push(format!("{what}: reply to {command} does not decode: {error}")),
                    }
                } else {
                    // Error replies and messages of no known request.
                    tally.skipped += 1;
                }
            }
        }
    }
    println!(
        "QEMU {release} examples on QEMU 10.2 types with oldest_server(6.1): {} the same, {} without members 10.2 lacks, {} unknown to 10.2, {} skipped, {} failures{}",
        tally.same,
        tally.fewer,
        tally.unknown,
        tally.skipped,
        tally.failures.len(),
        tally.failures.iter().map(|f| format!("\n  {f}")).collect::<String>()
    );
    tally
}

#[test]
fn older_releases_examples_decode_with_the_newest_types() {
    let off = compiled_out_names(&load("10.2").schema);
    let mut failures = Vec::new();
    let mut decoded = 0;
    for release in OLDER {
        let tally = check(release, &off);
        decoded += tally.same + tally.fewer;
        failures.extend(tally.failures);
    }
    assert!(decoded >= 1_000, "only {decoded} older server messages decoded");
    // What remains, each for a reason the schema gives no way around:
    // `RTC_CHANGE.qom-path` came in 9.0 but 10.2's schema does not date it
    // (no `(since 9.0)` in its text), so it counts as old as the event
    // (0.13) and stays mandatory; 6.1's and 6.2's example do not have it.
    let expected = ["QEMU 6.1: example of RTC_CHANGE", "QEMU 6.2: example of RTC_CHANGE"];
    let unexpected: Vec<&String> = failures.iter().filter(|f| !(expected.iter().any(|e| f.starts_with(e)) && f.ends_with("missing field `qom-path`"))).collect();
    assert!(unexpected.is_empty(), "{} older server messages fail:\n{}", unexpected.len(), failures.join("\n"));
    assert_eq!(failures.len(), expected.len(), "a pinned mismatch is gone: update the list\n{}", failures.join("\n"));
}

#[test]
fn an_older_shape_of_a_reshaped_type_is_kept_whole() {
    // `SevInfo` was a struct up to 9.0, a union on `sev-type` (an enum
    // since 9.1) from 9.1: 9.0's reply has no discriminator.
    let sent = serde_json::json!({"enabled": false, "api-major": 0, "api-minor": 0, "build-id": 0, "policy": 0, "state": "uninit", "handle": 0});
    let decoded: newest::SevInfo = serde_json::from_value(sent.clone()).unwrap_or_else(|error| panic!("9.0's SevInfo does not decode: {error}"));
    assert!(matches!(decoded.sev_type, newest::SevInfoBranch::Unknown(_)), "{decoded:?}");
    assert_eq!(serde_json::to_value(&decoded).ok(), Some(sent));
}

#[test]
fn a_branch_a_newer_server_adds_decodes_as_unknown_and_encodes_back() {
    let sent = serde_json::json!({"cpu-index": 0, "qom-path": "/machine/cpu", "thread-id": 7, "target": "future-arch", "future-member": {"a": [1, 2]}});
    let decoded: newest::CpuInfoFast = serde_json::from_value(sent.clone()).unwrap_or_else(|error| panic!("a new branch does not decode: {error}"));
    match &decoded.target {
        newest::CpuInfoFastBranch::Unknown(members) => assert_eq!(members.get("target"), Some(&serde_json::json!("future-arch"))),
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert_eq!(serde_json::to_value(&decoded).ok(), Some(sent));
}
