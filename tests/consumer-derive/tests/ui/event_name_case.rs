#[derive(qapi_runtime::Event)]
#[qapi(name = "DeviceDeleted")]
struct DeviceDeleted {}

fn main() {}
