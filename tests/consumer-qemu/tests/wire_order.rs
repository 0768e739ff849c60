//! Member order and wire names of real QEMU 10.2 definitions: whatever the
//! order of the input, the encoded JSON has the schema's wire names in the
//! schema's order (base members, the discriminator in its place, then the
//! branch's members), as QEMU's own visitors write them.

// Without the corpus the crate is empty; `tests/corpus.rs` reports it.
#![cfg(not(qapi_gen_corpus_missing))]

mod support;

use qapi_gen_consumer_qemu::qemu_10_2 as api;
use qapi_gen_schema::model::{DefKind, Member};
use qapi_runtime::serde::Serialize;
use qapi_runtime::serde::de::DeserializeOwned;
use qapi_runtime::{Envelope, Timestamp};
use serde_json::{Value, json};

/// The keys of a JSON object, in order.
fn keys(value: &Value) -> Vec<String> {
    value.as_object().map(|map| map.keys().cloned().collect()).unwrap_or_default()
}

/// `message` with its keys reversed (recursively), to show that the output
/// order does not come from the input.
fn reversed(message: &Value) -> Value {
    match message {
        Value::Object(map) => Value::Object(map.iter().rev().map(|(k, v)| (k.clone(), reversed(v))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(reversed).collect()),
        other => other.clone(),
    }
}

/// Decodes the reversed `message` as `T`, encodes it, and returns the keys.
fn encoded_keys<T: Serialize + DeserializeOwned>(message: &Value) -> Vec<String> {
    let decoded: T = serde_json::from_value(reversed(message)).unwrap_or_else(|error| panic!("{message}: {error}"));
    let encoded = serde_json::to_value(&decoded).unwrap_or_else(|error| panic!("{message}: {error}"));
    assert_eq!(&encoded, message, "the value changed");
    keys(&encoded)
}

/// The wire names of a definition's members (structs, union bases, events,
/// commands), in schema order, keeping those present in `message`.
fn schema_order(definition: &str, extra: &[Member], message: &Value) -> Vec<String> {
    let loaded = support::load("10.2");
    let definition = loaded.schema.definition(definition).unwrap_or_else(|| panic!("QEMU 10.2 has `{definition}`"));
    let members: Vec<Member> = match &definition.kind {
        DefKind::Struct(strukt) => strukt.members.clone(),
        DefKind::Union(union) => union.base_members.clone(),
        DefKind::Event(event) => event.members.clone(),
        DefKind::Command(command) => command.arguments.clone(),
        _ => Vec::new(),
    };
    let present = keys(message);
    members.iter().chain(extra).map(|m| m.name.clone()).filter(|name| present.contains(name)).collect()
}

/// The members of a struct of QEMU 10.2.
fn struct_members(name: &str) -> Vec<Member> {
    match support::load("10.2").schema.definition(name).map(|d| d.kind.clone()) {
        Some(DefKind::Struct(strukt)) => strukt.members,
        _ => panic!("QEMU 10.2 has struct `{name}`"),
    }
}

#[test]
fn device_deleted_event() {
    let data = json!({"device": "virtio-net-pci-0", "path": "/machine/peripheral/virtio-net-pci-0"});
    assert_eq!(encoded_keys::<api::DeviceDeleted>(&data), schema_order("DEVICE_DELETED", &[], &data));
    assert_eq!(encoded_keys::<api::DeviceDeleted>(&data), ["device", "path"]);
    let message = Envelope::new(serde_json::from_value::<api::DeviceDeleted>(data).expect("decodes"), Timestamp::new(1, 2));
    assert_eq!(keys(&serde_json::to_value(&message).expect("encodes")), ["event", "data", "timestamp"]);
}

#[test]
fn acpi_ost_info_struct() {
    let info = json!({"device": "d1", "slot": "0", "slot-type": "DIMM", "source": 1, "status": 0});
    assert_eq!(encoded_keys::<api::ACPIOSTInfo>(&info), schema_order("ACPIOSTInfo", &[], &info));
    assert_eq!(encoded_keys::<api::ACPIOSTInfo>(&info), ["device", "slot", "slot-type", "source", "status"]);
}

#[test]
fn blockdev_options_union_puts_the_discriminator_in_its_place() {
    // `driver` is the first base member, before `node-name`; the branch's
    // own members (`file`, `backing`, ...) come after every base member.
    let options = json!({"driver": "qcow2", "node-name": "disk0", "read-only": false, "detect-zeroes": "off", "file": {"driver": "file", "filename": "disk.qcow2"}, "backing": null, "lazy-refcounts": true});
    let branch = struct_members("BlockdevOptionsQcow2");
    let keys = encoded_keys::<api::BlockdevOptions>(&options);
    assert_eq!(keys, schema_order("BlockdevOptions", &branch, &options));
    assert_eq!(keys, ["driver", "node-name", "read-only", "detect-zeroes", "file", "backing", "lazy-refcounts"]);
}

#[test]
fn socket_address_union() {
    let address = json!({"type": "inet", "host": "localhost", "port": "4444", "ipv4": true, "keep-alive": true});
    let branch = struct_members("InetSocketAddress");
    assert_eq!(encoded_keys::<api::SocketAddress>(&address), schema_order("SocketAddress", &branch, &address));
    assert_eq!(encoded_keys::<api::SocketAddress>(&address), ["type", "host", "port", "ipv4", "keep-alive"]);
}

#[test]
fn block_dirty_bitmap_or_str_alternate() {
    // An alternate is its branch's value: a string, or the object with its own order.
    let name = json!("bitmap0");
    let decoded: api::BlockDirtyBitmapOrStr = serde_json::from_value(name.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), name);
    let object = json!({"node": "drive0", "name": "bitmap0"});
    assert_eq!(encoded_keys::<api::BlockDirtyBitmapOrStr>(&object), schema_order("BlockDirtyBitmap", &[], &object));
    assert_eq!(encoded_keys::<api::BlockDirtyBitmapOrStr>(&object), ["node", "name"]);
}

#[test]
fn blockdev_add_request_keeps_wire_names_and_order() {
    let request = json!({"execute": "blockdev-add", "arguments": {"driver": "qcow2", "node-name": "node1534", "file": {"driver": "file", "filename": "hd1.qcow2"}, "backing": null}, "id": 7});
    let decoded: api::Request = serde_json::from_value(reversed(&request)).expect("decodes");
    let api::Request::BlockdevAdd(execute) = &decoded else { panic!("expected blockdev-add, got {decoded:?}") };
    assert_eq!(execute.id, Some(json!(7)));
    assert!(!execute.oob);
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(encoded, request);
    assert_eq!(keys(&encoded), ["execute", "arguments", "id"]);
    assert_eq!(keys(&encoded["arguments"]), ["driver", "node-name", "file", "backing"]);
    assert_eq!(keys(&encoded["arguments"]["file"]), ["driver", "filename"]);
}
