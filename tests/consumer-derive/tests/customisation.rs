//! `#[derive(Schema)]` with `module`, `events`, `commands`, `derive`,
//! `type_attribute`, `field_attribute` and `extern_path`:
//! a second API of the same schema beside the first, in its own module,
//! with only the selected events, which get `Eq` and `Hash`; and a third,
//! customised per type and member.

use std::collections::HashSet;

use qapi_gen_consumer_derive::selected::{DeviceDeleted, DeviceUnplugGuestError, Event};
use qapi_gen_consumer_derive::{Selected, Unplug};

#[test]
fn two_apis_of_one_schema_live_in_one_module() {
    assert_eq!(Selected::MODULE, Unplug::MODULE);
    // Both `Event` enums exist, one at the top and one in `selected`.
    let top = std::any::type_name::<qapi_gen_consumer_derive::Event>();
    assert_ne!(top, std::any::type_name::<Event>());
}

#[test]
fn selected_events_get_the_derives_and_others_are_unknown() {
    let deleted = DeviceDeleted { device: Some("net0".to_owned()), path: "/machine/peripheral/net0".to_owned() };
    let mut set = HashSet::new();
    assert!(set.insert(deleted.clone()));
    assert!(!set.insert(deleted), "`Hash` and `Eq` compare by value");
    let error = DeviceUnplugGuestError { device: None, path: "/machine/peripheral/cpu1".to_owned() };
    assert_eq!(error, error.clone());

    // An event outside the selection still decodes, as `Unknown`, and encodes back the same.
    let text = r#"{"event":"MEMORY_DEVICE_SIZE_CHANGE","data":{"size":1073741824,"qom-path":"/machine/unattached/device[2]"},"timestamp":{"seconds":1,"microseconds":2}}"#;
    let event: Event = serde_json::from_str(text).expect("decodes");
    assert!(matches!(&event, Event::Unknown(unknown) if unknown.event == "MEMORY_DEVICE_SIZE_CHANGE"), "{event:?}");
    assert_eq!(serde_json::to_value(&event).expect("encodes"), serde_json::from_str::<serde_json::Value>(text).expect("json"));
    let known = r#"{"event":"DEVICE_DELETED","data":{"path":"/machine/peripheral/net0"},"timestamp":{"seconds":1,"microseconds":2}}"#;
    assert!(matches!(serde_json::from_str::<Event>(known).expect("decodes"), Event::DeviceDeleted(_)));
}

#[test]
fn derives_attributes_and_extern_paths_apply_where_selected() {
    use qapi_gen_consumer_derive::custom;

    // `derive("DEVICE_DELETED", PartialOrd)`: ordered by member.
    let first = custom::DeviceDeleted { device: None, path: "/machine/peripheral/a".to_owned() };
    let second = custom::DeviceDeleted { device: None, path: "/machine/peripheral/b".to_owned() };
    assert!(first < second);

    // `field_attribute("DEVICE_DELETED.path", "#[serde(alias = ...)]")`.
    let aliased: custom::DeviceDeleted = serde_json::from_str(r#"{"qom-path": "/machine/peripheral/net0"}"#).expect("the alias decodes");
    assert_eq!(aliased.path, "/machine/peripheral/net0");
    assert!(serde_json::from_str::<qapi_gen_consumer_derive::DeviceDeleted>(r#"{"qom-path": "/x"}"#).is_err(), "only the customised API has the alias");

    // `type_attribute("DEVICE_UNPLUG_GUEST_ERROR", "#[serde(deny_unknown_fields)]")`.
    let extra = r#"{"path": "/machine/peripheral/cpu1", "newer": 1}"#;
    let refused = serde_json::from_str::<custom::DeviceUnplugGuestError>(extra).expect_err("an unknown member is refused");
    assert!(refused.to_string().contains("unknown field `newer`"), "{refused}");
    assert!(serde_json::from_str::<qapi_gen_consumer_derive::DeviceUnplugGuestError>(extra).is_ok(), "the default API skips it");

    // `extern_path("ACPIOSTInfo", "crate::ACPIOSTInfo")`: the command
    // returns the type generated beside `Unplug`.
    let reply = r#"[{"device": "d1", "slot": "1", "slot-type": "DIMM", "source": 1, "status": 0}]"#;
    let returned: <custom::QueryAcpiOspmStatusCommand as qapi_runtime::Command>::Returns = serde_json::from_str(reply).expect("decodes");
    let shared: Vec<qapi_gen_consumer_derive::ACPIOSTInfo> = returned;
    assert_eq!(shared[0].slot, "1");
}
