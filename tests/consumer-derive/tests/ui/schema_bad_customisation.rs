#[derive(qapi_runtime::Schema)]
#[qapi(schema = "unused.yaml", module = "type", commands = ["", "query-*"], derive(Hash))]
struct Unplug;

fn main() {}
