#[derive(qapi_runtime::Event)]
#[qapi(since = "1.5")]
struct DeviceDeleted {}

fn main() {}
