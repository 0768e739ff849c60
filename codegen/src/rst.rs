//! reStructuredText emitter: the model to a manual (filled in by the RST work).

use qapi_gen_schema::Schema;

/// Options of the RST emitter.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {}

/// The manual of `schema`.
#[must_use]
pub fn emit(schema: &Schema, options: &Options) -> String {
    let _ = (schema, options);
    String::new()
}
