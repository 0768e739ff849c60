//! What QEMU 10.2 really sends and takes survives decoding and encoding:
//! `"default": null` in `query-qmp-schema`, a `null` return and a `null`
//! id, the properties `device_add` takes beyond its schema (`gen: false`),
//! and enum values a newer server sends where the schema only lists the
//! type as an argument (`QMPCapability` in the greeting).

// Without the corpus the crate is empty; `tests/corpus.rs` reports it.
#![cfg(not(qapi_gen_corpus_missing))]

use qapi_gen_consumer_qemu::qemu_10_2 as api;
use qapi_runtime::Execute;
use qapi_runtime::serde::Serialize;
use qapi_runtime::serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Decodes `message` as `T` and checks that it encodes back unchanged.
fn round_trip<T: Serialize + DeserializeOwned>(message: &Value) -> T {
    let decoded: T = serde_json::from_value(message.clone()).unwrap_or_else(|error| panic!("{message}: {error}"));
    let encoded = serde_json::to_value(&decoded).unwrap_or_else(|error| panic!("{message}: {error}"));
    assert_eq!(&encoded, message, "re-encoded message differs");
    decoded
}

#[test]
fn a_null_default_in_the_introspection_survives() {
    let member = json!({"name": "bus", "default": null, "type": "str"});
    let decoded: api::SchemaInfoObjectMember = round_trip(&member);
    assert_eq!(decoded.default, Some(Value::Null));
    let absent: api::SchemaInfoObjectMember = round_trip(&json!({"name": "driver", "type": "str"}));
    assert_eq!(absent.default, None);
    let info = json!({"name": "device_add-arg", "members": [{"name": "driver", "type": "str"}, member], "meta-type": "object"});
    round_trip::<api::SchemaInfo>(&info);
}

#[test]
fn a_null_return_and_a_null_id_survive() {
    let request: api::Request = round_trip(&json!({"execute": "qom-get", "arguments": {"path": "/machine", "property": "x"}, "id": null}));
    assert_eq!(request.id(), Some(&Value::Null));
    let message = json!({"return": null, "id": null});
    let response = request.decode_response(message.clone()).expect("a null return is a value of `any`");
    assert_eq!(response.result, Ok(api::Reply::QomGet(Value::Null)));
    assert_eq!(response.id, Some(Value::Null));
    assert_eq!(serde_json::to_value(&response).expect("encodes"), message);
    let typed: qapi_runtime::Response<Value> = round_trip(&json!({"return": null}));
    assert_eq!(typed.result, Ok(Value::Null));
}

#[test]
fn device_add_keeps_the_properties_its_schema_does_not_list() {
    let message = json!({"execute": "device_add", "arguments": {"driver": "pc-dimm", "id": "dimm0", "memdev": "mem0", "node": 0}});
    let request: api::Request = round_trip(&message);
    let api::Request::DeviceAdd(execute) = &request else { panic!("decoded as {request:?}") };
    assert_eq!(execute.arguments.driver, "pc-dimm");
    assert_eq!(execute.arguments.extra.get("memdev"), Some(&json!("mem0")));
    let mut arguments = api::DeviceAddCommand { driver: "usb-kbd".to_owned(), bus: Some("usb.0".to_owned()), id: Some("kbd0".to_owned()), extra: serde_json::Map::new() };
    arguments.extra.insert("port".to_owned(), json!("1"));
    assert_eq!(
        serde_json::to_value(Execute::new(arguments)).expect("encodes"),
        json!({"execute": "device_add", "arguments": {"driver": "usb-kbd", "bus": "usb.0", "id": "kbd0", "port": "1"}})
    );
}

#[test]
fn capabilities_of_a_newer_server_arrive_as_unknown() {
    #[derive(qapi_runtime::serde::Serialize, qapi_runtime::serde::Deserialize)]
    #[serde(crate = "qapi_runtime::serde")]
    struct Greeting {
        version: api::VersionInfo,
        capabilities: Vec<api::QMPCapability>,
    }
    let greeting = json!({"version": {"qemu": {"micro": 0, "minor": 2, "major": 10}, "package": ""}, "capabilities": ["oob", "future-cap"]});
    let decoded: Greeting = round_trip(&greeting);
    assert_eq!(decoded.capabilities, vec![api::QMPCapability::Oob, api::QMPCapability::Unknown("future-cap".to_owned())]);
}
