//! Every example message of QEMU's schema, every release, round-trips
//! through the generated API: events through `Event`, requests through
//! `Request`, replies through the return type of the request they answer
//! (`Request::decode_response`, or `Reply::decode` when the example shows
//! no request). Decoding then encoding gives back the same JSON value.
//!
//! Left out: messages the front end warned about (their span is a warning's
//! span), and messages of definitions whose condition is off in this build.
//! Run with `--nocapture` for the counts per release; the minimums are
//! the counts with no feature enabled (more round-trip with features on).

// Without the corpus the crate is empty; `tests/corpus.rs` reports it.
#![cfg(not(qapi_gen_corpus_missing))]

mod support;

use qapi_gen_schema::model::DefKind;
use qapi_runtime::serde::Serialize;
use qapi_runtime::serde::de::DeserializeOwned;
use serde_json::Value;
use support::{Qemu61, Qemu62, Qemu90, Qemu91, Qemu102, Release, compiled_out_names, enabled, load, mentions};

/// What happened to the examples of one release.
#[derive(Debug, Default)]
struct Tally {
    events: usize,
    requests: usize,
    replies: usize,
    warned: usize,
    conditional: usize,
    excused: usize,
    other: usize,
    failures: Vec<String>,
}

impl Tally {
    fn total(&self) -> usize {
        self.events + self.requests + self.replies
    }
}

/// Decodes `message` as `T` and encodes it again; the encoded value must equal `message`.
fn round_trip<T: Serialize + DeserializeOwned>(message: &Value) -> Result<T, String> {
    let decoded: T = serde_json::from_value(message.clone()).map_err(|error| format!("does not decode: {error}"))?;
    let encoded = serde_json::to_value(&decoded).map_err(|error| format!("does not encode: {error}"))?;
    if &encoded == message { Ok(decoded) } else { Err(format!("re-encodes as {encoded}")) }
}

fn check<R: Release>() -> Tally {
    let loaded = load(R::NAME);
    let schema = &loaded.schema;
    let warned: Vec<_> = loaded.warnings.iter().filter_map(|d| d.span).collect();
    let is_command = |name: &str| matches!(schema.definition(name).map(|d| &d.kind), Some(DefKind::Command(_)));
    // Events and commands compiled out of this build (unknown names are not).
    let compiled_out = |name: &str| schema.definition(name).is_some_and(|d| !enabled(d.info.condition.as_ref()));
    let off = compiled_out_names(schema);
    let mut tally = Tally::default();
    // A failure is excused only when the message names something compiled
    // out (never with `--all-features`, where nothing is).
    let fail = |tally: &mut Tally, json: &Value, problem: String| {
        if mentions(json, &off) {
            tally.excused += 1;
        } else {
            tally.failures.push(problem);
        }
    };
    for definition in &schema.definitions {
        for example in &definition.examples {
            let mut replying_for = definition.name.clone();
            let mut request: Option<R::Request> = None;
            for message in &example.messages {
                let json = &message.message;
                let what = format!("QEMU {}: example of {}: {json}", R::NAME, definition.name);
                if warned.contains(&message.span) {
                    tally.warned += 1;
                    continue;
                }
                if !enabled(definition.info.condition.as_ref()) {
                    tally.conditional += 1;
                    continue;
                }
                if let Some(name) = json.get("event").and_then(Value::as_str) {
                    if compiled_out(name) {
                        tally.conditional += 1;
                        continue;
                    }
                    match round_trip::<R::Event>(json) {
                        Ok(event) if R::event_is_unknown(&event) => fail(&mut tally, json, format!("{what}: decoded as Unknown")),
                        Ok(_) => tally.events += 1,
                        Err(error) => fail(&mut tally, json, format!("{what}: {error}")),
                    }
                } else if let Some(name) = json.get("execute").or_else(|| json.get("exec-oob")).and_then(Value::as_str) {
                    replying_for = name.to_owned();
                    request = None;
                    if compiled_out(name) {
                        tally.conditional += 1;
                        continue;
                    }
                    match round_trip::<R::Request>(json) {
                        Ok(decoded) if R::request_is_unknown(&decoded) => fail(&mut tally, json, format!("{what}: decoded as Unknown")),
                        Ok(decoded) => {
                            tally.requests += 1;
                            request = Some(decoded);
                        }
                        Err(error) => fail(&mut tally, json, format!("{what}: {error}")),
                    }
                } else if json.get("return").is_some() || json.get("error").is_some() {
                    if !is_command(&replying_for) {
                        tally.other += 1;
                        continue;
                    }
                    if compiled_out(&replying_for) {
                        tally.conditional += 1;
                        continue;
                    }
                    let decoded = match &request {
                        Some(request) => {
                            debug_assert_eq!(R::request_name(request), replying_for);
                            R::decode_response(request, json.clone())
                        }
                        None => serde_json::from_value::<qapi_runtime::Response<Value>>(json.clone()).and_then(|response| response.try_map(|value| R::decode_reply(&replying_for, value))),
                    };
                    match decoded {
                        Ok(response) if response.result.as_ref().is_ok_and(R::reply_is_unknown) => fail(&mut tally, json, format!("{what}: reply decoded as Unknown")),
                        Ok(response) => match serde_json::to_value(&response) {
                            Ok(encoded) if &encoded == json => tally.replies += 1,
                            Ok(encoded) => fail(&mut tally, json, format!("{what}: reply to {replying_for} re-encodes as {encoded}")),
                            Err(error) => fail(&mut tally, json, format!("{what}: reply does not encode: {error}")),
                        },
                        Err(error) => fail(&mut tally, json, format!("{what}: reply to {replying_for} does not decode: {error}")),
                    }
                } else {
                    tally.other += 1;
                }
            }
        }
    }
    println!(
        "QEMU {}: {} examples round-trip ({} events, {} requests, {} replies); skipped {} warned, {} of compiled-out definitions, {} naming compiled-out values or members, {} other; {} failures",
        R::NAME,
        tally.total(),
        tally.events,
        tally.requests,
        tally.replies,
        tally.warned,
        tally.conditional,
        tally.excused,
        tally.other,
        tally.failures.len()
    );
    tally
}

fn assert_release<R: Release>(minimum: usize) {
    let tally = check::<R>();
    assert!(tally.failures.is_empty(), "{} of the examples of QEMU {} fail:\n{}", tally.failures.len(), R::NAME, tally.failures.join("\n"));
    assert!(tally.total() >= minimum, "QEMU {}: only {} examples round-trip, expected at least {minimum}", R::NAME, tally.total());
}

#[test]
fn qemu_6_1_examples_round_trip() {
    assert_release::<Qemu61>(324);
}

#[test]
fn qemu_6_2_examples_round_trip() {
    assert_release::<Qemu62>(323);
}

#[test]
fn qemu_9_0_examples_round_trip() {
    assert_release::<Qemu90>(421);
}

#[test]
fn qemu_9_1_examples_round_trip() {
    assert_release::<Qemu91>(422);
}

#[test]
fn qemu_10_2_examples_round_trip() {
    assert_release::<Qemu102>(448);
}
