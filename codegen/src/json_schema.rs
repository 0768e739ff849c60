//! JSON Schema emitter: the model to one draft 2020-12 document (filled in by the JSON Schema work).

use qapi_gen_schema::Schema;

/// Options of the JSON Schema emitter.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {
    /// Keep items whose removal version has passed.
    pub include_removed: bool,
    /// Reject unknown members (for conformance testing).
    pub strict: bool,
}

/// The JSON Schema document of `schema`, pretty-printed, ending in a newline.
#[must_use]
pub fn emit_string(schema: &Schema, options: &Options) -> String {
    let _ = (schema, options);
    String::new()
}
