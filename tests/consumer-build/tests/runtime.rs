//! Runtime tests of the API generated through the build.rs `Builder`.

use qapi_gen_consumer_build as api;

/// The build script keeps removed items.
const INCLUDES_REMOVED: bool = true;

#[path = "../../consumer-support/mod.rs"]
mod support;

#[test]
#[allow(deprecated)]
fn removed_event_is_kept_and_deprecated() {
    use qapi_runtime::Event as _;
    let deprecation = api::MemUnplugError::DEPRECATION.expect("MEM_UNPLUG_ERROR is deprecated");
    assert_eq!(deprecation.since, Some("6.2"));
    assert_eq!(deprecation.replaced_by, Some("DEVICE_UNPLUG_GUEST_ERROR"));
    assert_eq!(deprecation.removal, Some("9.1"));
    assert_eq!(api::MemUnplugError::FEATURES, &["deprecated"]);
}
