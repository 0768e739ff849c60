#[derive(qapi_runtime::Schema)]
#[qapi(schema = "unused.yaml", commands = "query-status")]
struct Unplug;

fn main() {}
