#[derive(qapi_runtime::Event)]
#[qapi(name = "DEVICE_DELETED")]
#[qapi(name = "DEVICE_REMOVED")]
struct DeviceDeleted {}

fn main() {}
