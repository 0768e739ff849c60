//! Derive macros of qapi-gen. Each one only parses its input, calls
//! `qapi_gen_codegen::rust::derive`, and turns errors into `compile_error!`;
//! use them through `qapi-runtime`, which re-exports them.

use proc_macro::TokenStream;

/// Implements `qapi_runtime::Event` for a hand-written payload type.
///
/// ```ignore
/// #[derive(serde::Serialize, serde::Deserialize, qapi_runtime::Event)]
/// #[qapi(name = "DEVICE_DELETED", since = "1.5")]
/// struct DeviceDeleted { device: Option<String>, path: String }
/// ```
///
/// Keys of `#[qapi(...)]`: `name` (required, `UPPER_CASE`), `since`,
/// `deprecated(since = "...", replaced_by = "...", removal = "...", doc = "...")`,
/// `unstable`, `features("...", ...)`.
#[proc_macro_derive(Event, attributes(qapi))]
pub fn derive_event(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    qapi_gen_codegen::rust::derive::event(&input).into()
}

/// Implements `qapi_runtime::Command` for a hand-written argument type.
///
/// Keys of `#[qapi(...)]`: those of `Event` (with a `lower-case` `name`),
/// plus `returns = Type` (default `qapi_runtime::Empty`).
#[proc_macro_derive(Command, attributes(qapi))]
pub fn derive_command(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    qapi_gen_codegen::rust::derive::command(&input).into()
}

/// Expands the whole generated API of a schema next to the item:
/// `#[derive(Schema)] #[qapi(schema = "schema/unplug-events.yaml")] struct Unplug;`
///
/// The items (types, `Event`, `Request`, `Reply`) go into the module that
/// holds the item, beside it; `Unplug` itself gets the `MODULE` and
/// `VERSION` constants. With `module = "qmp"` they go into `pub mod qmp`
/// there instead, so two schemas can share a module.
///
/// The path is relative to the crate's `CARGO_MANIFEST_DIR`. Every file the
/// schema reads is tracked, so editing one rebuilds; schema errors become
/// compile errors quoting `path:line:column`. Optional keys:
/// `include_removed`, `cfg(FLAG = "predicate", ...)`, `conditions = "docs"`
/// (the default; or `"feature"`, `"cfg"`: see `qapi_gen_codegen::rust::FlagStyle`),
/// `oldest_server = "10.0"` (members of received types newer than that
/// release become `Option`; see `docs/releases.md`), `crate = "path"`, `module = "name"`, `commands = ["glob", ...]` and
/// `events = ["glob", ...]` (generate only those and the types they reach; a
/// glob that matches nothing is an error), `derive(Path, ...)` (added to every
/// type where valid) and `derive("Selector", Path, ...)` (to the types the
/// selector matches), `type_attribute("Selector", "#[...]")`,
/// `field_attribute("Type.member", "#[...]")` and
/// `extern_path("Type", "path::to::Type")`, each as often as needed (see
/// `docs/customisation.md`).
#[proc_macro_derive(Schema, attributes(qapi))]
pub fn derive_schema(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(std::path::PathBuf::from).unwrap_or_default();
    qapi_gen_codegen::rust::derive::schema(&input, &manifest_dir).into()
}
