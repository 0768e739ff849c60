#[derive(qapi_runtime::Command)]
#[qapi(name = "device_del")]
struct DeviceDel {}

fn main() {}
