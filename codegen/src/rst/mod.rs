//! RST emitter: the checked model to a reStructuredText manual.
//!
//! The manual has a title and introduction (the schema's `doc`), the
//! reliability section on unplug failures (the two answers first), then
//! the free-form documentation and every definition in source order, the
//! top module's before the included ones' (free-form headings start
//! sections, each definition is a section of its own), and last the
//! deprecated and removed interfaces. Every definition
//! has an explicit target named after it, so references work in plain
//! docutils and in Sphinx alike; no Sphinx-only markup is used.
//!
//! Inside: `document` is the manual being written (writer, section
//! structure, helpers), `links` its cross references, `body` the flow of
//! introduction, free-form docs and definitions (`definitions`), around
//! which `reliability` and `deprecations` add their sections; `markdown`
//! renders doc text through the `writer`.
//!
//! ```
//! # fn manual(schema: &qapi_gen_schema::Schema) -> String {
//! qapi_gen_codegen::rst::emit(schema, &qapi_gen_codegen::rst::Options::default())
//! # }
//! ```

mod body;
mod definitions;
mod deprecations;
mod document;
mod links;
mod markdown;
mod reliability;
mod writer;

use qapi_gen_schema::Schema;

use self::document::Document;
use self::links::Links;
use self::writer::Writer;

/// Options of the RST emitter.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {}

/// The manual of `schema`.
#[must_use]
pub fn emit(schema: &Schema, options: &Options) -> String {
    let _ = options;
    let mut document = Document::new(schema);
    body::title_and_intro(&mut document);
    reliability::section(&mut document);
    body::items(&mut document);
    deprecations::section(&mut document);
    document.writer.finish()
}

/// Renders one Markdown text outside any manual (for tests and tools):
/// headings become rubrics, inline code is never a reference.
#[must_use]
pub fn markdown_to_rst(markdown: &str) -> String {
    let mut writer = Writer::new();
    markdown::render(&mut writer, markdown, &Links::default(), None);
    writer.finish()
}
