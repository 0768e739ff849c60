//! Emitters of qapi-gen: the checked model of `qapi-gen-schema` to Rust,
//! JSON Schema and reStructuredText, plus the build.rs [`Builder`].
//!
//! Emitters take a [`Schema`] and options and return values; they cannot
//! fail. The registry of outputs ([`outputs`]) names them and their files
//! for every front door; file writing is a thin layer on top ([`output`]).
//!
//! Features (all off by default, so a build script compiles only what it
//! runs): `yaml`, the YAML writer; `compat`, the wire-compatibility checker
//! of the front end. The `qapi-gen` CLI turns both on.

mod build_cache;
pub mod builder;
pub mod json_schema;
pub mod output;
pub mod outputs;
pub mod rst;
pub mod rust;
#[cfg(feature = "yaml")]
pub mod yaml;

pub use builder::Builder;
pub use outputs::{GeneratedFile, Output};
pub use qapi_gen_schema::Schema;
/// The front end, for tools that load or compare schemas themselves.
pub use qapi_gen_schema as schema;
