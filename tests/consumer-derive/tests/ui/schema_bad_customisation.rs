#[derive(qapi_runtime::Schema)]
#[qapi(schema = "unused.yaml", module = "type", commands = ["", "query-*"], derive(Hash))]
struct Unplug;

#[derive(qapi_runtime::Schema)]
#[qapi(
    schema = "unused.yaml",
    derive("", Eq),
    type_attribute("Device*", "not an attribute"),
    field_attribute("DeviceDeleted", "#[serde(default)]"),
    extern_path("Block*", "crate::Block")
)]
struct Customised;

fn main() {}
