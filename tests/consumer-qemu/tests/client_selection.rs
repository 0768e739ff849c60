//! The selected client of QEMU 10.2 (`build.rs`: 20 commands, 10 events,
//! `Eq`, `Hash` and `Default` where valid): the selected messages are
//! typed, everything else a server sends still decodes as `Unknown` and
//! encodes back unchanged, and the added derives work.

#![cfg(not(qapi_gen_corpus_missing))]

use std::collections::HashSet;

use qapi_gen_consumer_qemu::qemu_10_2_client as client;
use serde_json::json;

#[test]
fn selected_events_are_typed_and_others_are_kept() {
    let deleted = json!({"event": "DEVICE_DELETED", "data": {"device": "net0", "path": "/machine/peripheral/net0"}, "timestamp": {"seconds": 1, "microseconds": 2}});
    let event: client::Event = serde_json::from_value(deleted.clone()).expect("decodes");
    let client::Event::DeviceDeleted(envelope) = &event else { panic!("expected DEVICE_DELETED, got {event:?}") };
    assert!(HashSet::from([envelope.data.clone()]).contains(&envelope.data), "the payload has `Eq` and `Hash`");
    assert_eq!(serde_json::to_value(&event).expect("encodes"), deleted);

    let balloon = json!({"event": "BALLOON_CHANGE", "data": {"actual": 1073741824}, "timestamp": {"seconds": 3, "microseconds": 4}});
    let event: client::Event = serde_json::from_value(balloon.clone()).expect("an event outside the selection decodes");
    assert!(matches!(&event, client::Event::Unknown(unknown) if unknown.event == "BALLOON_CHANGE"), "{event:?}");
    assert_eq!(serde_json::to_value(&event).expect("encodes"), balloon, "and re-encodes unchanged");
}

#[test]
fn selected_commands_are_typed_and_others_are_kept() {
    let status = client::Reply::decode("query-status", json!({"running": true, "status": "running"})).expect("decodes");
    let client::Reply::QueryStatus(info) = &status else { panic!("expected query-status, got {status:?}") };
    assert!(HashSet::from([info.clone()]).contains(info));
    let other = client::Reply::decode("query-kvm", json!({"enabled": true, "present": true})).expect("decodes");
    assert_eq!(other, client::Reply::Unknown(json!({"enabled": true, "present": true})));
    let request: client::Request = serde_json::from_value(json!({"execute": "query-kvm", "id": 7})).expect("decodes");
    assert_eq!(request.name(), "query-kvm");
    assert!(matches!(request, client::Request::Unknown(_)));
    // Commands without arguments default.
    let _ = qapi_runtime::Execute::new(client::QueryStatusCommand::default());
}
