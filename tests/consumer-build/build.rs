//! Generates the Rust API of the shipped schema with the build.rs API.
//! Removed items are kept: this consumer plays a client that must still
//! read older servers (so `MEM_UNPLUG_ERROR` exists, deprecated).
//!
//! Then two customised APIs (`docs/customisation.md`): the fixture
//! `tests/customisation/custom.yaml` in module `custom`, with `Eq`, `Hash`
//! and `Default` where valid, and `shared.yaml` in module `shared`, which
//! uses `custom`'s `Port` and `Speed` through extern paths.

fn main() {
    qapi_gen_codegen::Builder::new().schema("../../schema/unplug-events.yaml").include_removed(true).compile();
    qapi_gen_codegen::Builder::new()
        .schema("../customisation/custom.yaml")
        .module("custom")
        .derive("*", "Eq")
        .derive("*", "Hash")
        .derive("*", "Default")
        .field_attribute("Port.index", "#[serde(alias = \"position\")]")
        .compile();
    qapi_gen_codegen::Builder::new()
        .schema("../customisation/shared.yaml")
        .module("shared")
        .extern_path("Port", "crate::custom::Port")
        .extern_path("Speed", "crate::custom::Speed")
        .compile();
}
