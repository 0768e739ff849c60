//! What a client reading a server's stream (and a server writing it) relies
//! on: every example round-trips, newer events and values arrive as
//! `Unknown`, extra members are ignored, missing or repeated ones are
//! errors that say which, and the `-compat` policy is decided per message; the
//! `Request` enum reads every request, known or not, and decodes replies.

use qapi_gen_schema::model::Direction;
use qapi_runtime::serde::Serialize;
use qapi_runtime::serde::de::DeserializeOwned;
use qapi_runtime::{Command, CompatPolicy, Envelope, EventMessage, Execute, Response, Timestamp};
use serde_json::{Value, json};

use super::super::{INCLUDES_REMOVED, api};
use super::examples::{corpus_examples, schema_examples};

/// Decodes `message` as `T` and encodes it again.
fn round_trip<T: Serialize + DeserializeOwned>(message: &Value) -> Result<(T, Value), String> {
    let decoded: T = serde_json::from_value(message.clone()).map_err(|error| error.to_string())?;
    let encoded = serde_json::to_value(&decoded).map_err(|error| error.to_string())?;
    Ok((decoded, encoded))
}

fn assert_round_trip<T: Serialize + DeserializeOwned>(what: &str, message: &Value) -> T {
    match round_trip::<T>(message) {
        Ok((decoded, encoded)) => {
            assert_eq!(&encoded, message, "{what}: re-encoded message differs");
            decoded
        }
        Err(error) => panic!("{what}: {message} does not decode: {error}"),
    }
}

/// A request and its response for command `C`.
fn command_message<C: Command + Serialize + DeserializeOwned>(what: &str, direction: Direction, message: &Value)
where
    C::Returns: Serialize + DeserializeOwned,
{
    match direction {
        Direction::ToServer => {
            let request: Execute<C> = assert_round_trip(what, message);
            assert!(qapi_runtime::CompatPolicy::default().check_command::<C>().is_ok());
            let _ = request;
        }
        Direction::FromServer => {
            let _: Response<C::Returns> = assert_round_trip(what, message);
        }
    }
}

#[test]
fn every_schema_example_round_trips() {
    let examples = schema_examples();
    assert!(examples.len() >= 8, "expected the shipped schema's examples");
    for example in &examples {
        let what = format!("example of `{}`", example.definition);
        let is_event = example.message.get("event").is_some();
        assert!(example.kind != "event" || is_event, "{what}: an event example must be an event message");
        if is_event {
            let event: api::Event = assert_round_trip(&what, &example.message);
            let removed = !INCLUDES_REMOVED && example.definition == "MEM_UNPLUG_ERROR";
            assert_eq!(matches!(event, api::Event::Unknown(_)), removed, "{what}: decoded as {event:?}");
            assert_eq!(event.name(), example.message["event"]);
            continue;
        }
        match example.definition.as_str() {
            "device_del" => command_message::<api::DeviceDelCommand>(&what, example.direction, &example.message),
            "query-acpi-ospm-status" => command_message::<api::QueryAcpiOspmStatusCommand>(&what, example.direction, &example.message),
            other => panic!("{what}: add command `{other}` to this test"),
        }
    }
}

#[test]
fn qemu_corpus_examples_that_apply_round_trip() {
    if qapi_gen_tests::corpus_missing("runtime::qemu_corpus_examples_that_apply_round_trip") {
        return;
    }
    let corpus = corpus_examples();
    assert!(corpus.len() >= 7, "expected the corpus blocks");
    let mut checked = 0;
    for example in &corpus {
        let Some(compact) = &example.compact else {
            // Not even JSON (QEMU 6.2's broken examples): nothing can read it.
            assert!(!example.valid_json, "{}", example.header);
            let error = serde_json::from_str::<api::Event>(&example.raw).expect_err("invalid JSON must be rejected");
            assert!(error.is_syntax(), "{}: {error}", example.header);
            continue;
        };
        let message: Value = serde_json::from_str(compact).unwrap_or_else(|error| panic!("{}: {error}", example.header));
        let raw: Value = serde_json::from_str(&example.raw).unwrap_or_else(|error| panic!("{}: raw text: {error}", example.header));
        assert_eq!(raw, message, "{}: the compact form differs from the raw text", example.header);
        let conforms = message.get("timestamp").is_some() && (example.event != "ACPI_DEVICE_OST" || message["data"].get("info").is_some());
        if !conforms {
            // QEMU 6.2's ACPI_DEVICE_OST example lacks the `info` wrapper and the timestamp.
            let error = serde_json::from_value::<api::Event>(message.clone()).expect_err("a non-conforming example must be rejected");
            assert!(error.to_string().contains("timestamp"), "{}: {error}", example.header);
            continue;
        }
        let event: api::Event = assert_round_trip(&example.header, &message);
        let removed = !INCLUDES_REMOVED && example.event == "MEM_UNPLUG_ERROR";
        assert_eq!(matches!(event, api::Event::Unknown(_)), removed, "{}: decoded as {event:?}", example.header);
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} corpus examples applied");
}

#[test]
fn a_future_event_arrives_as_unknown_and_round_trips() {
    let message = json!({"event": "DEVICE_UNPLUG_TIMEOUT", "data": {"device": "core1", "retry": 3}, "timestamp": {"seconds": 1700000000, "microseconds": 5}});
    let event: api::Event = assert_round_trip("future event", &message);
    match &event {
        api::Event::Unknown(unknown) => {
            assert_eq!(unknown.event, "DEVICE_UNPLUG_TIMEOUT");
            assert_eq!(unknown.data, Some(json!({"device": "core1", "retry": 3})));
            assert_eq!(unknown.timestamp, Timestamp::new(1700000000, 5));
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert_eq!(event.name(), "DEVICE_UNPLUG_TIMEOUT");
    let bare = json!({"event": "RESUME", "timestamp": {"seconds": -1, "microseconds": -1}});
    let bare_event: api::Event = assert_round_trip("future event without data", &bare);
    assert_eq!(bare_event.timestamp(), Timestamp::UNAVAILABLE);
}

#[test]
fn a_future_enum_value_arrives_as_unknown_and_round_trips() {
    let message = json!({"event": "ACPI_DEVICE_OST", "data": {"info": {"slot": "4", "slot-type": "NVDIMM", "source": 3, "status": 128}}, "timestamp": {"seconds": 1, "microseconds": 0}});
    let event: api::Event = assert_round_trip("future enum value", &message);
    let api::Event::AcpiDeviceOst(Envelope { data, .. }) = &event else { panic!("expected ACPI_DEVICE_OST, got {event:?}") };
    assert_eq!(data.info.slot_type, api::ACPISlotType::Unknown("NVDIMM".to_owned()));
    assert_eq!(data.info.slot_type.as_str(), "NVDIMM");
    assert_eq!(data.info.device, None);
    assert_eq!(api::ACPISlotType::from_wire("CPU"), Some(api::ACPISlotType::Cpu));
}

#[test]
fn an_extra_member_is_accepted() {
    let message = json!({"event": "DEVICE_DELETED", "data": {"path": "/machine/peripheral/nic0", "reason": "guest"}, "timestamp": {"seconds": 1, "microseconds": 2}});
    let event: api::Event = serde_json::from_value(message).expect("an extra member is ignored");
    let api::Event::DeviceDeleted(Envelope { data, timestamp }) = event else { panic!("expected DEVICE_DELETED") };
    assert_eq!(data.path, "/machine/peripheral/nic0");
    assert_eq!(data.device, None);
    assert_eq!(timestamp, Timestamp::new(1, 2));
}

#[test]
fn a_missing_mandatory_member_is_rejected_with_a_useful_error() {
    let message = json!({"event": "DEVICE_UNPLUG_GUEST_ERROR", "data": {"device": "core1"}, "timestamp": {"seconds": 1, "microseconds": 2}});
    let error = serde_json::from_value::<api::Event>(message.clone()).expect_err("`path` is mandatory").to_string();
    assert!(error.contains("DEVICE_UNPLUG_GUEST_ERROR") && error.contains("missing field `path`"), "{error}");
    let typed = serde_json::from_value::<Envelope<api::DeviceUnplugGuestError>>(message).expect_err("typed too").to_string();
    assert!(typed.contains("missing field `path`"), "{typed}");
    let no_timestamp = json!({"event": "DEVICE_DELETED", "data": {"path": "/p"}});
    let error = serde_json::from_value::<api::Event>(no_timestamp).expect_err("timestamp is mandatory").to_string();
    assert!(error.contains("missing field `timestamp`"), "{error}");
}

#[test]
fn members_decode_in_any_order_and_null_is_an_absent_optional_member() {
    let data = json!({"path": "/machine/peripheral/nic0", "device": null});
    let decoded: api::DeviceDeleted = serde_json::from_value(data).expect("any order, null optional");
    assert_eq!((decoded.device, decoded.path.as_str()), (None, "/machine/peripheral/nic0"));
    let from_text: api::DeviceDeleted = serde_json::from_str(r#"{"device": "nic0", "path": "/p"}"#).expect("from text");
    assert_eq!((from_text.device.as_deref(), from_text.path.as_str()), (Some("nic0"), "/p"));
}

#[test]
fn a_repeated_member_or_a_value_that_is_not_an_object_is_rejected() {
    let error = serde_json::from_str::<api::DeviceDeleted>(r#"{"path": "/a", "path": "/b"}"#).expect_err("repeated").to_string();
    assert!(error.contains("duplicate field `path`"), "{error}");
    let error = serde_json::from_value::<api::DeviceDeleted>(json!(["nic0", "/p"])).expect_err("an array is no struct").to_string();
    assert!(error.contains("expected struct DEVICE_DELETED"), "{error}");
    let error = serde_json::from_value::<api::DeviceDeleted>(json!({"path": 5})).expect_err("wrong type").to_string();
    assert!(error.contains("invalid type: integer `5`, expected a string"), "{error}");
}

#[test]
fn optional_members_are_absent_never_null() {
    let message = Envelope::new(api::DeviceDeleted { device: None, path: "/machine/peripheral/nic0".to_owned() }, Timestamp::new(7, 8));
    let encoded = serde_json::to_value(&message).expect("encodes");
    assert_eq!(encoded, json!({"event": "DEVICE_DELETED", "data": {"path": "/machine/peripheral/nic0"}, "timestamp": {"seconds": 7, "microseconds": 8}}));
    let as_enum: api::Event = message.clone().into();
    assert_eq!(serde_json::to_value(&as_enum).expect("encodes"), encoded);
}

#[test]
fn compat_policy_decides_per_message() {
    let hide: CompatPolicy = "deprecated-output=hide,unstable-output=hide".parse().expect("valid policy");
    let deleted: api::Event = serde_json::from_value(json!({"event": "DEVICE_DELETED", "data": {"path": "/p"}, "timestamp": {"seconds": 1, "microseconds": 0}})).expect("decodes");
    assert!(hide.permits(&deleted));
    assert!(CompatPolicy::default().permits(&deleted));
    let old = json!({"event": "MEM_UNPLUG_ERROR", "data": {"device": "dimm1", "msg": "m"}, "timestamp": {"seconds": 1, "microseconds": 0}});
    let old: api::Event = serde_json::from_value(old).expect("decodes");
    // Known and deprecated when removed items are kept; unknown (no features) otherwise.
    assert_eq!(old.special_features().deprecated, INCLUDES_REMOVED);
    assert_eq!(hide.permits(&old), !INCLUDES_REMOVED);
    assert!(CompatPolicy::default().permits(&old));
}

#[test]
fn traits_carry_the_schema_metadata() {
    use qapi_runtime::Event as _;
    assert_eq!(api::DeviceUnplugGuestError::NAME, "DEVICE_UNPLUG_GUEST_ERROR");
    assert_eq!(api::DeviceUnplugGuestError::SINCE, Some("6.2"));
    assert!(api::DeviceUnplugGuestError::DEPRECATION.is_none());
    assert_eq!(api::DeviceDelCommand::NAME, "device_del");
    const { assert!(!<api::QueryAcpiOspmStatusCommand as Command>::HAS_ARGUMENTS) };
    let returns: <api::QueryAcpiOspmStatusCommand as Command>::Returns = Vec::new();
    assert!(returns.is_empty());
}

#[test]
fn device_del_examples_round_trip_through_request() {
    let mut requests = 0;
    let mut replies = 0;
    for example in schema_examples().iter().filter(|e| e.definition == "device_del") {
        let what = format!("example of `{}`", example.definition);
        match example.direction {
            Direction::ToServer => {
                let request: api::Request = assert_round_trip(&what, &example.message);
                let api::Request::DeviceDel(execute) = &request else { panic!("{what}: decoded as {request:?}") };
                assert_eq!(execute.arguments.id, example.message["arguments"]["id"]);
                assert_eq!((request.name(), request.id(), execute.oob), ("device_del", None, false));
                assert!(!request.special_features().deprecated);
                requests += 1;
            }
            Direction::FromServer => {
                let request: api::Request = serde_json::from_value(json!({"execute": "device_del", "arguments": {"id": "net1"}})).expect("decodes");
                let response = request.decode_response(example.message.clone()).unwrap_or_else(|error| panic!("{what}: {error}"));
                assert_eq!(response.result, Ok(api::Reply::DeviceDel(qapi_runtime::Empty {})));
                assert_eq!(serde_json::to_value(&response).expect("encodes"), example.message);
                let reply = api::Reply::decode("device_del", example.message["return"].clone()).expect("decodes");
                assert_eq!(serde_json::to_value(&reply).expect("encodes"), example.message["return"]);
                replies += 1;
            }
        }
    }
    assert_eq!((requests, replies), (2, 2), "the shipped schema has two `device_del` examples");
}

#[test]
fn requests_keep_their_id_and_out_of_band_flag() {
    let oob = json!({"exec-oob": "device_del", "arguments": {"id": "net1"}, "id": "req-1"});
    let request: api::Request = assert_round_trip("exec-oob request", &oob);
    assert_eq!(request.id(), Some(&json!("req-1")));
    let api::Request::DeviceDel(execute) = &request else { panic!("decoded as {request:?}") };
    assert!(execute.oob);
    let bare = json!({"execute": "query-acpi-ospm-status", "id": 3});
    let request: api::Request = assert_round_trip("request without arguments", &bare);
    assert!(matches!(request, api::Request::QueryAcpiOspmStatus(_)), "{request:?}");
    let reply = request.decode_return(json!([{"slot": "1", "slot-type": "DIMM", "source": 0, "status": 0}])).expect("decodes");
    let api::Reply::QueryAcpiOspmStatus(infos) = &reply else { panic!("decoded as {reply:?}") };
    assert_eq!(infos[0].slot_type, api::ACPISlotType::Dimm);
    let error = json!({"error": {"class": "DeviceNotFound", "desc": "Device 'net9' not found"}, "id": 3});
    let response = request.decode_response(error.clone()).expect("decodes");
    assert_eq!(response.result.as_ref().map_err(|e| e.class.as_str()), Err("DeviceNotFound"));
    assert_eq!(serde_json::to_value(&response).expect("encodes"), error);
    let typed = Execute::new(api::DeviceDelCommand { id: "net1".to_owned() });
    let as_enum: api::Request = typed.into();
    assert_eq!(serde_json::to_value(&as_enum).expect("encodes"), json!({"execute": "device_del", "arguments": {"id": "net1"}}));
}

#[test]
fn an_unknown_command_arrives_as_unknown_and_round_trips() {
    let message = json!({"execute": "device_unplug_timeout", "arguments": {"id": "core1", "retry": 3}, "id": 9});
    let request: api::Request = assert_round_trip("future command", &message);
    let api::Request::Unknown(unknown) = &request else { panic!("expected Unknown, got {request:?}") };
    assert_eq!(unknown.name, "device_unplug_timeout");
    assert_eq!(unknown.arguments, Some(json!({"id": "core1", "retry": 3})));
    assert_eq!((unknown.id.clone(), unknown.oob), (Some(json!(9)), false));
    assert_eq!(request.name(), "device_unplug_timeout");
    // Its reply is kept as it came.
    let reply = request.decode_return(json!({"done": true})).expect("any value");
    assert_eq!(reply, api::Reply::Unknown(json!({"done": true})));
    let bare = json!({"exec-oob": "x-future"});
    let request: api::Request = assert_round_trip("future command without arguments", &bare);
    assert!(matches!(&request, api::Request::Unknown(unknown) if unknown.oob && unknown.arguments.is_none()));
    // Not a request at all.
    let error = serde_json::from_value::<api::Request>(json!({"arguments": {}})).expect_err("no command").to_string();
    assert!(error.contains("`execute` or `exec-oob`"), "{error}");
    let error = serde_json::from_value::<api::Request>(json!({"execute": "device_del", "arguments": {}})).expect_err("`id` is mandatory").to_string();
    assert!(error.contains("device_del") && error.contains("missing field `id`"), "{error}");
}
