#[derive(qapi_runtime::Event)]
#[qapi(name = "DEVICE_DELETED", since = "1")]
struct DeviceDeleted {}

fn main() {}
