//! Every reply a real QEMU 10.0 gives to the commands that can be sent
//! without arguments (and a few with), decoded with the generated types of
//! `qemu-qapi-10.0` and encoded again, equals the JSON QEMU sent; error
//! replies decode as QMP errors. One QEMU for the whole file.

// Without the corpus the crate is empty; `tests/corpus.rs` reports it.
#![cfg(not(qapi_gen_corpus_missing))]

mod support;

use qapi_gen_consumer_qemu_live::qemu_10_0 as api;
use qapi_runtime::client::Error;
use serde_json::{Value, json};
use support::{Qemu, round_trip};

#[test]
fn replies_decode_and_encode_back_unchanged() {
    let loaded = support::load();
    let support::calls::Calls { calls, skipped, needs_arguments, other_targets } = support::calls::Calls::of(&loaded.schema);

    let qemu = Qemu::start();
    let mut failures = Vec::new();

    // The greeting: its version and capabilities are the generated
    // `VersionInfo` and `QMPCapability`.
    #[derive(qapi_runtime::serde::Serialize, qapi_runtime::serde::Deserialize)]
    #[serde(crate = "qapi_runtime::serde")]
    struct GreetingBody {
        version: api::VersionInfo,
        capabilities: Vec<api::QMPCapability>,
    }
    let greeting = serde_json::to_value(qemu.client.greeting()).unwrap_or_else(|error| panic!("the greeting does not encode: {error}"));
    match round_trip::<GreetingBody>(&greeting["QMP"]) {
        Ok((body, _)) => assert_eq!((body.version.qemu.major, body.version.qemu.minor), (10, 0), "QEMU 10.0 is needed: {greeting}"),
        Err(error) => failures.push(format!("greeting {error}")),
    }

    // Commands of other targets: not in the generated types, and QEMU
    // does not know them either.
    for name in &other_targets {
        match qemu.client.execute_raw(json!({"execute": name})) {
            Err(Error::Qmp(error)) if error.class == "CommandNotFound" => {}
            other => failures.push(format!("{name} (another target's command): expected CommandNotFound, got {other:?}")),
        }
    }
    let (mut returned, mut errors) = (0, Vec::new());
    for (name, arguments) in &calls {
        let request = if arguments.as_object().is_some_and(|map| map.is_empty()) { json!({"execute": name}) } else { json!({"execute": name, "arguments": arguments}) };
        // The request itself goes through the generated `Request` enum.
        match round_trip::<api::Request>(&request) {
            Ok((api::Request::Unknown(_), _)) => failures.push(format!("{name}: the request decodes as Unknown")),
            Ok(_) => {}
            Err(error) => failures.push(format!("{name}: request {error}")),
        }
        match qemu.client.execute_raw(request) {
            Ok(value) => match api::Reply::decode(name, value.clone()) {
                Ok(api::Reply::Unknown(_)) => failures.push(format!("{name}: the reply decodes as Unknown")),
                Ok(reply) => match serde_json::to_value(&reply) {
                    Ok(encoded) if encoded == value => returned += 1,
                    Ok(encoded) => failures.push(format!("{name}: the reply encodes differently:\n  sent:    {value}\n  encoded: {encoded}")),
                    Err(error) => failures.push(format!("{name}: the reply does not encode: {error}")),
                },
                Err(error) => failures.push(format!("{name}: the reply does not decode: {error}\n  sent: {value}")),
            },
            Err(Error::Qmp(error)) => {
                // The whole error response decodes and encodes back too.
                let response = json!({"error": {"class": error.class, "desc": error.desc}});
                if let Err(problem) = round_trip::<qapi_runtime::Response<Value>>(&response) {
                    failures.push(format!("{name}: error response {problem}"));
                }
                errors.push(format!("{name} ({})", error.class));
            }
            Err(error) => failures.push(format!("{name}: {error}")),
        }
    }
    println!(
        "QEMU 10.0 replies: {} commands sent, {returned} replies round-tripped, {} error replies [{}], {} skipped as destructive [{}], {needs_arguments} not sent (mandatory arguments), {} of other targets answered CommandNotFound [{}]",
        calls.len(),
        errors.len(),
        errors.join(", "),
        skipped.len(),
        skipped.join(", "),
        other_targets.len(),
        other_targets.join(", ")
    );
    assert!(failures.is_empty(), "{} of {} replies failed:\n{}", failures.len(), calls.len(), failures.join("\n"));
    assert!(returned >= 70, "only {returned} replies round-tripped");
}
