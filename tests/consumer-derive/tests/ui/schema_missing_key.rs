#[derive(qapi_runtime::Schema)]
#[qapi(include_removed)]
struct Unplug;

fn main() {}
