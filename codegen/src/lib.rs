//! Emitters of qapi-gen: the checked model of `qapi-gen-schema` to Rust,
//! JSON Schema and reStructuredText, plus the build.rs [`Builder`].
//!
//! Emitters take a [`Schema`] and options and return values; they cannot
//! fail. File writing is a thin layer on top ([`output`]).

pub mod builder;
pub mod json_schema;
pub mod output;
pub mod rst;
pub mod rust;
pub mod yaml;

pub use builder::Builder;
pub use qapi_gen_schema::Schema;
