#[derive(qapi_runtime::Event)]
#[qapi(name = "MEM_UNPLUG_ERROR", since = "7.0", deprecated(since = "6.2"))]
struct MemUnplugError {}

fn main() {}
