#[derive(qapi_runtime::Schema)]
#[qapi(schema = "unused.yaml", conditions = "features")]
struct Unplug;

fn main() {}
