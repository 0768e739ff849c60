#[derive(qapi_runtime::Event)]
#[qapi(name = "MEM_UNPLUG_ERROR", deprecated(replaced_by = "DEVICE_UNPLUG_GUEST_ERROR"))]
struct MemUnplugError {}

fn main() {}
