//! `#[derive(Schema)]` with `module`, `events`, `commands` and `derive`:
//! a second API of the same schema beside the first, in its own module,
//! with only the selected events, which get `Eq` and `Hash`.

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
