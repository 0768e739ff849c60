#[derive(qapi_runtime::Schema)]
#[qapi(schema = "unused.yaml", cfg(CONFIG_ACPI = "not a ( predicate"))]
struct Unplug;

fn main() {}
