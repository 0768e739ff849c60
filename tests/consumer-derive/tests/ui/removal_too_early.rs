#[derive(qapi_runtime::Event)]
#[qapi(name = "MEM_UNPLUG_ERROR", since = "2.4", deprecated(since = "6.2", removal = "7.0"))]
struct MemUnplugError {}

fn main() {}
