#[derive(qapi_runtime::Event)]
#[qapi(name = "DEVICE_DELETED", since = 1.5)]
struct DeviceDeleted {}

fn main() {}
