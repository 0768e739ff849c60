#[derive(qapi_runtime::Event)]
#[qapi(name = "MEM_UNPLUG_ERROR", deprecated(since = "6.2", replaced_by = "not a name"))]
struct MemUnplugError {}

fn main() {}
