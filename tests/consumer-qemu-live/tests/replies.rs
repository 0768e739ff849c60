//! Every reply a real QEMU 10.0 gives to the commands that can be sent
//! without arguments (and a few with), decoded with the generated types of
//! `qemu-qapi-10.0` and encoded again, equals the JSON QEMU sent; error
//! replies decode as QMP errors. One QEMU for the whole file.

// Without the corpus the crate is empty; `tests/corpus.rs` reports it.
#![cfg(not(qapi_gen_corpus_missing))]

mod support;

use qapi_gen_consumer_qemu_live::qemu_10_0 as api;
use qapi_gen_schema::model::DefKind;
use qapi_runtime::client::Error;
use serde_json::{Value, json};
use support::{Qemu, round_trip};

/// Commands not sent although they need no argument: they change the
/// machine or the session, so later replies would depend on the order.
const DESTRUCTIVE: &[&str] = &[
    // The machine's run state: quits, resets, powers down, starts, stops,
    // wakes, interrupts, leaves preconfig.
    "quit",
    "system_reset",
    "system_powerdown",
    "system_wakeup",
    "stop",
    "cont",
    "inject-nmi",
    "x-exit-preconfig",
    // Settings and state changed even without arguments.
    "set-action",
    "cancel-vcpu-dirty-limit",
    "rtc-reset-reinjection",
    "nbd-server-stop",
    "replay-delete-break",
    // COLO and Xen checkpointing.
    "x-colo-lost-heartbeat",
    "xen-colo-do-checkpoint",
    // The session itself: the client negotiated capabilities already.
    "qmp_capabilities",
];

/// Whether a command is left out: the list above, every migration command
/// (`migrate`, `migrate-incoming`, `migrate-pause`, …, which start, stop
/// or reconfigure a migration) and every cancellation (`*-cancel`).
fn destructive(name: &str) -> bool {
    DESTRUCTIVE.contains(&name) || name.starts_with("migrate") || name.ends_with("-cancel") || name.ends_with("_cancel")
}

/// The commands with arguments that are sent too, and their arguments.
fn with_arguments() -> Vec<(&'static str, Value)> {
    vec![
        ("qom-list", json!({"path": "/machine"})),
        ("qom-list-types", json!({})),
        ("qom-list-types", json!({"implements": "device", "abstract": true})),
        ("qom-get", json!({"path": "/machine", "property": "type"})),
        ("device-list-properties", json!({"typename": "virtio-net-pci"})),
        ("device-list-properties", json!({"typename": "pc-dimm"})),
        ("qom-list-properties", json!({"typename": "memory-backend-ram"})),
        ("query-cpu-model-expansion", json!({"type": "full", "model": {"name": "qemu64"}})),
        ("query-command-line-options", json!({"option": "machine"})),
        ("query-rx-filter", json!({"name": "nic0"})),
        ("human-monitor-command", json!({"command-line": "info version"})),
        // An error reply: no such device.
        ("device_del", json!({"id": "no-such-device"})),
    ]
}

#[test]
fn replies_decode_and_encode_back_unchanged() {
    let loaded = support::load();
    let mut calls: Vec<(String, Value)> = Vec::new();
    let mut skipped = Vec::new();
    let mut needs_arguments = 0;
    let mut other_targets = Vec::new();
    for (definition, command) in loaded.schema.commands() {
        let name = &definition.name;
        if !definition.info.condition.as_ref().is_none_or(support::holds) {
            // Only for other targets: not in the generated types.
            other_targets.push(name.clone());
            continue;
        }
        let union_arguments = command.data_type.as_deref().and_then(|ty| loaded.schema.definition(ty)).is_some_and(|d| matches!(d.kind, DefKind::Union(_) | DefKind::Alternate(_)));
        if union_arguments || command.arguments.iter().any(|m| !m.optional) {
            needs_arguments += 1;
        } else if destructive(name) {
            skipped.push(name.clone());
        } else {
            calls.push((name.clone(), json!({})));
        }
    }
    calls.extend(with_arguments().into_iter().map(|(name, arguments)| (name.to_owned(), arguments)));

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
