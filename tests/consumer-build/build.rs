//! Generates the Rust API of the shipped schema with the build.rs API.
//! Removed items are kept: this consumer plays a client that must still
//! read older servers (so `MEM_UNPLUG_ERROR` exists, deprecated).

fn main() {
    qapi_gen_codegen::Builder::new().schema("../../schema/unplug-events.yaml").include_removed(true).compile();
}
