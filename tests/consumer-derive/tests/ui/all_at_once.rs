// Every mistake of one item is reported in one compilation.
#[derive(qapi_runtime::Event)]
#[qapi(name = "device-deleted", since = "one.five", deprecated(removal = "9.1"), bogus)]
struct DeviceDeleted {}

fn main() {}
