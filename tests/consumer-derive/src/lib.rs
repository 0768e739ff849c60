//! A consumer of the generated code through `#[derive(Schema)]`: the whole
//! API of `schema/unplug-events.yaml` is expanded next to [`Unplug`],
//! without a build script. Removed items are left out (a server's view),
//! so `MEM_UNPLUG_ERROR` arrives as an unknown event.

#![deny(warnings)]

/// The shipped schema; the generated API sits beside it in this module.
#[derive(qapi_runtime::Schema)]
#[qapi(schema = "../../schema/unplug-events.yaml")]
pub struct Unplug;

/// The same schema again, in the same module: with `module`, its API goes
/// into `selected` and does not clash with the one above. Only the device
/// events are generated, each with `Eq` and `Hash` where valid.
#[derive(qapi_runtime::Schema)]
#[qapi(schema = "../../schema/unplug-events.yaml", module = "selected", events = ["DEVICE_*"], commands = [], derive(Eq, Hash))]
pub struct Selected;

/// The same schema a third time, in `custom`, customised as a build
/// script can: a derive for one event, a type attribute and a field
/// attribute speaking serde, and the ACPI status type taken from the API
/// beside [`Unplug`] instead of generated again.
#[derive(qapi_runtime::Schema)]
#[qapi(
    schema = "../../schema/unplug-events.yaml",
    module = "custom",
    commands = ["query-acpi-ospm-status"],
    events = ["DEVICE_DELETED", "DEVICE_UNPLUG_GUEST_ERROR"],
    derive("DEVICE_DELETED", PartialOrd),
    type_attribute("DEVICE_UNPLUG_GUEST_ERROR", "#[serde(deny_unknown_fields)]"),
    field_attribute("DEVICE_DELETED.path", "#[serde(alias = \"qom-path\")]"),
    extern_path("ACPIOSTInfo", "crate::ACPIOSTInfo")
)]
pub struct Custom;
