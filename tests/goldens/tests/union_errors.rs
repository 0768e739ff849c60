//! The errors of a flat union's decoding (`__union_serde!`, the default
//! output) are those of the written-out impls with a serde-derived helper
//! for the base members (the output when a user's attribute is on a base
//! member, as in `*.serde-derives.rs`): the same text for a missing or
//! invalid discriminator, base member or branch member.

#![allow(deprecated)]

use qapi_gen_goldens::{json_schema_coverage as written, json_schema_coverage_serde_derives as derived};
use qapi_runtime::serde::de::DeserializeOwned;
use qapi_runtime::serde_json::{self, Value, json};

/// The error of decoding `message` as `T`, or why it was accepted.
fn error<T: DeserializeOwned>(message: &Value) -> String {
    match serde_json::from_value::<T>(message.clone()) {
        Ok(_) => format!("accepted {message}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn union_errors_are_those_of_the_written_out_impls() {
    let devices = [
        json!({"kind": "cpu", "core": 1}),
        json!({"id": 5, "kind": "cpu", "core": 1}),
        json!({"id": "cpu0", "core": 1}),
        json!({"id": "cpu0", "kind": 3, "core": 1}),
        json!({"id": "cpu0", "kind": "cpu"}),
        json!({"id": "cpu0", "kind": "cpu", "core": "one"}),
        json!(["cpu0", "cpu"]),
    ];
    let locations = [
        json!({"type": "file", "label": 5, "path": "/a", "mode": 1}),
        json!({"label": "disk", "path": "/a", "mode": 1}),
        json!({"type": "file", "label": "disk"}),
    ];
    let mut checked = 0;
    for message in &devices {
        let (ours, theirs) = (error::<written::Device>(message), error::<derived::Device>(message));
        assert!(!ours.starts_with("accepted"), "{ours}");
        assert_eq!(ours, theirs, "{message}");
        checked += 1;
    }
    for message in &locations {
        let (ours, theirs) = (error::<written::Location>(message), error::<derived::Location>(message));
        assert!(!ours.starts_with("accepted"), "{ours}");
        assert_eq!(ours, theirs, "{message}");
        checked += 1;
    }
    assert_eq!(error::<written::Device>(&devices[0]), "invalid base members of `Device`: missing field `id`");
    assert_eq!(checked, devices.len() + locations.len());
}
