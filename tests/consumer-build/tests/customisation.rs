//! The customised APIs of `build.rs`: derives added where valid work as
//! derives do (`HashSet`, `Default`), a field attribute changes decoding,
//! and `shared` uses `custom`'s types through extern paths, so values
//! move between the two APIs without conversion.

use std::collections::HashSet;

use qapi_gen_consumer_build::{custom, shared};

#[test]
fn added_derives_work() {
    let port = custom::Port { name: "eth0".to_owned(), index: Some(1), speed: Some(custom::Speed::Fast) };
    let link = custom::Link { port: port.clone(), speed: custom::Speed::Slow, peers: vec![port.clone()] };
    let mut links = HashSet::new();
    assert!(links.insert(link.clone()) && !links.insert(link), "`Eq` and `Hash` on a struct of structs, enums and arrays");
    assert_eq!(custom::Port::default(), custom::Port { name: String::new(), index: None, speed: None });
    let tree = custom::Tree { label: "root".to_owned(), children: Some(vec![custom::Tree::default()]), next: None };
    assert!(HashSet::from([tree.clone()]).contains(&tree), "recursive types too");
    let device = custom::Device { id: "disk0".to_owned(), kind: custom::DeviceBranch::Disk(custom::Disk { path: "/dev/vda".to_owned() }) };
    assert!(HashSet::from([device.clone()]).contains(&device), "a closed union and its branches");
    // `Measure` holds a number: `Default`, but no `Eq` (it would not compile).
    assert_eq!(custom::Measure::default().value, 0.0);
}

#[test]
fn field_attributes_apply() {
    let port: custom::Port = serde_json::from_str(r#"{"name":"eth0","position":3}"#).expect("the alias decodes");
    assert_eq!(port.index, Some(3));
    assert_eq!(serde_json::to_string(&port).expect("encodes"), r#"{"name":"eth0","index":3}"#, "and the wire name is kept");
}

#[test]
fn extern_paths_share_types_between_schemas() {
    let port = custom::Port { name: "eth1".to_owned(), index: None, speed: Some(custom::Speed::Slow) };
    let arguments = shared::PortResetCommand { port: port.clone() };
    let request = qapi_runtime::Execute::new(arguments);
    let text = serde_json::to_string(&request).expect("encodes");
    assert_eq!(text, r#"{"execute":"port-reset","arguments":{"port":{"name":"eth1","speed":"slow"}}}"#);
    let reply = shared::Reply::decode("port-reset", serde_json::json!({"name": "eth1", "speed": "slow"})).expect("decodes");
    assert_eq!(reply, shared::Reply::PortReset(port), "the return type is `custom::Port`");
}
