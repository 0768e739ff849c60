//! The serde impls of structs that `__struct_serde!` expands to (the
//! default output) against serde's derives (the same schema with a
//! `#[serde]` field attribute on every member, `*.serde-derives.rs`):
//! from a valid message of each type
//! and every variation of it (each member left out, `null`, of another
//! JSON type, repeated; unknown members; not an object), both accept the
//! same messages and encode what they decode to the same text.

#![allow(deprecated)]

use qapi_runtime::serde::Serialize;
use qapi_runtime::serde::de::DeserializeOwned;
use qapi_runtime::serde_json::{self, Map, Value, json};

/// Decodes a text with both impls of one type: how they differ, if they
/// do, and whether the written-out impls accepted it.
type Compare = fn(&str) -> (Option<String>, bool);

/// A type of both modules of a golden (`json-schema-coverage` unless
/// named), named once.
macro_rules! case {
    ($ty:ident, $message:expr) => {
        case!(json_schema_coverage, json_schema_coverage_serde_derives, $ty, $message)
    };
    ($written:ident, $derived:ident, $ty:ident, $message:expr) => {
        (stringify!($ty), compare::<qapi_gen_goldens::$written::$ty, qapi_gen_goldens::$derived::$ty> as Compare, $message)
    };
}

/// Valid messages of the types whose impls differ, with members of every
/// shape: optional, nullable, arrays, structs, unions, alternates, extra
/// arguments.
fn messages() -> Vec<(&'static str, Compare, Value)> {
    vec![
        case!(Builtins, json!({"s": "text", "n": 1.5, "i": -9, "i8": -128, "i16": 32767, "i32": -5, "i64": 9, "u8": 255, "u16": 65535, "u32": 7, "u64": 9, "sz": 0, "b": true, "nothing": null, "anything": {"free": ["form"]}, "names": ["a", "b"], "locations": [{"type": "file", "path": "/a"}]})),
        case!(DeviceBase, json!({"id": "cpu0", "kind": "cpu"})),
        case!(CpuInfo, json!({"core": 1, "thread": 2})),
        case!(DimmInfo, json!({"slot": 0, "size": 1073741824_u64})),
        case!(Device, json!({"id": "cpu0", "kind": "cpu", "core": 1})),
        case!(FileLocationEx, json!({"path": "/a", "mode": 420, "match": "*.img"})),
        case!(Location, json!({"type": "file", "label": "disk", "path": "/a", "mode": 1})),
        case!(DeviceGone, json!({"device": "d", "path": "/p", "kind": "cpu", "info": {"id": "cpu0", "kind": "cpu", "core": 1}, "target": ["a", "b"], "tags": ["x"]})),
        case!(FileChanged, json!({"path": "/a", "mode": 1})),
        case!(MemFailure, json!({"slot": 3, "color": "red"})),
        case!(DeviceRemoveCommand, json!({"id": "cpu0", "force": true})),
        case!(PlugCommand, json!({"driver": "virtio-net", "id": "nic0", "hint": null, "mac": "52:54:00:12:34:56", "bus": "pci.0"})),
        case!(CpuRemoveCommand, json!({"core": 2})),
        // Members named like the locals of the expanded impls.
        case!(rust_hostile, rust_hostile_serde_derives, Locals, json!({"map": 1, "key": "k", "other": 2, "serializer": true, "deserializer": "d", "formatter": 3, "value": null, "known": "yes", "slot": 4, "name": "n"})),
    ]
}

/// The message and its variations, as JSON text.
fn variations(message: &Value) -> Vec<String> {
    let mut texts = vec![message.to_string(), "[]".to_owned(), "null".to_owned(), "{}".to_owned(), "\"text\"".to_owned()];
    let Value::Object(members) = message else { return texts };
    let others = [json!(null), json!("x"), json!(-1), json!(1.5), json!(true), json!([]), json!({}), json!(["x"]), json!({"type": "file", "path": "/b"})];
    for name in members.keys() {
        let mut without = members.clone();
        without.remove(name);
        texts.push(Value::Object(without).to_string());
        for other in &others {
            let mut changed = members.clone();
            changed.insert(name.clone(), other.clone());
            texts.push(Value::Object(changed).to_string());
        }
        // The member twice (a JSON text; a map cannot hold it).
        let inner = Value::Object(members.clone()).to_string();
        let value = members[name].to_string();
        texts.push(format!("{},{}:{value}}}", &inner[..inner.len() - 1], Value::String(name.clone())));
    }
    let mut extra = members.clone();
    extra.insert("from-a-newer-server".to_owned(), json!({"deep": [1, 2]}));
    texts.push(Value::Object(extra).to_string());
    let reversed: Map<String, Value> = members.iter().rev().map(|(k, v)| (k.clone(), v.clone())).collect();
    texts.push(Value::Object(reversed).to_string());
    texts
}

/// [`Compare`] for the type `W` of the written-out impls and `D` of serde's derives.
fn compare<W: Serialize + DeserializeOwned, D: Serialize + DeserializeOwned>(text: &str) -> (Option<String>, bool) {
    let written = serde_json::from_str::<W>(text);
    let derived = serde_json::from_str::<D>(text);
    let accepted = written.is_ok();
    let difference = match (written, derived) {
        (Ok(written), Ok(derived)) => {
            let (written, derived) = (serde_json::to_string(&written), serde_json::to_string(&derived));
            match (written, derived) {
                (Ok(written), Ok(derived)) if written == derived => None,
                (written, derived) => Some(format!("{text}: encodes as {written:?} (written) and {derived:?} (derived)")),
            }
        }
        (Err(_), Err(_)) => None,
        // serde's derived visitor also reads a struct from an array of its
        // members in order; the written-out impls read objects only, as
        // QAPI's wire form is.
        (Err(_), Ok(_)) if text.starts_with('[') => None,
        (written, derived) => Some(format!("{text}: written {:?}, derived {:?}", written.map(|_| ()), derived.map(|_| ()))),
    };
    (difference, accepted)
}

#[test]
fn written_impls_accept_and_encode_what_serde_derives_do() {
    let mut differences = Vec::new();
    let mut compared = 0;
    for (name, compare, message) in messages() {
        for (index, text) in variations(&message).into_iter().enumerate() {
            compared += 1;
            let (difference, accepted) = compare(&text);
            assert!(index != 0 || accepted, "{name}: the valid message {text} does not decode");
            differences.extend(difference);
        }
    }
    assert!(compared > 500, "only {compared} messages compared");
    assert!(differences.is_empty(), "{} of {compared} differ:\n{}", differences.len(), differences.join("\n"));
}
