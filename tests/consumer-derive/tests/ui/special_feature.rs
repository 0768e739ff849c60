#[derive(qapi_runtime::Event)]
#[qapi(name = "DEVICE_DELETED", features("deprecated", "Bad_Case", "ok", "ok"))]
struct DeviceDeleted {}

fn main() {}
