#[derive(qapi_runtime::Event)]
#[qapi(name = "DEVICE_DELETED", returns = String, colour = "blue")]
struct DeviceDeleted {}

fn main() {}
