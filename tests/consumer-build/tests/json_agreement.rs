//! The two outputs agree: messages the generated Rust types serialise —
//! decoded from the schema's examples and built by hand, optional members
//! left out — validate against the strict JSON Schema of the same schema.

use qapi_gen_consumer_build as api;
use qapi_gen_tests::json_schema::{Case, unexpected_outcomes};
use qapi_runtime::{Envelope, Execute, Timestamp};
use serde_json::Value;

#[path = "../../consumer-support/examples.rs"]
#[allow(dead_code)]
mod examples;

fn document() -> Value {
    let loaded = qapi_gen_schema::load(&examples::workspace_root().join("schema/unplug-events.yaml")).unwrap_or_else(|failure| panic!("{}", failure.render()));
    let options = qapi_gen_codegen::json_schema::Options::default().with_strict(true).with_include_removed(true);
    qapi_gen_codegen::json_schema::emit(&loaded.schema, &options)
}

fn case(reference: Option<&str>, instance: Value, label: &str) -> Case {
    Case { document: "unplug-events".into(), reference: reference.map(str::to_string), instance, valid: true, label: label.into() }
}

#[test]
#[allow(deprecated)]
fn messages_serialised_by_the_rust_types_validate_against_the_json_schema() {
    let mut cases = Vec::new();
    for example in examples::schema_examples().into_iter().filter(|e| e.kind == "event") {
        let event: api::Event = serde_json::from_value(example.message.clone()).expect("the generated Event enum decodes the example");
        let encoded = serde_json::to_value(&event).expect("encodes");
        cases.push(case(None, encoded, &format!("re-encoded example of {}", example.definition)));
    }
    let without_device = Envelope::new(api::DeviceUnplugGuestError { device: None, path: "/machine/peripheral/core1".into() }, Timestamp::new(1, 2));
    cases.push(case(None, serde_json::to_value(&without_device).expect("encodes"), "DEVICE_UNPLUG_GUEST_ERROR without its optional member"));
    let size = Envelope::new(api::MemoryDeviceSizeChange { id: None, size: u64::MAX, qom_path: "/machine/unattached/device[2]".into() }, Timestamp::new(-1, -1));
    cases.push(case(None, serde_json::to_value(&size).expect("encodes"), "MEMORY_DEVICE_SIZE_CHANGE with the largest size and no time"));
    let removed = Envelope::new(api::MemUnplugError { device: "dimm1".into(), msg: "failed".into() }, Timestamp::new(3, 4));
    cases.push(case(None, serde_json::to_value(&removed).expect("encodes"), "the removed MEM_UNPLUG_ERROR, kept for old servers"));
    let request = Execute::new(api::DeviceDelCommand { id: "net1".into() });
    cases.push(case(Some("command:device_del"), serde_json::to_value(&request).expect("encodes"), "device_del request"));
    let ospm = Execute::new(api::QueryAcpiOspmStatusCommand {});
    cases.push(case(Some("command:query-acpi-ospm-status"), serde_json::to_value(&ospm).expect("encodes"), "request without arguments"));

    let problems = unexpected_outcomes(&[("unplug-events".to_string(), document())], &cases);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
