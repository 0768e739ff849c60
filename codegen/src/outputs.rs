//! The registry of outputs: every format qapi-gen writes, its file name,
//! and how the shared [`Options`] reach its emitter. The CLI, the build.rs
//! [`Builder`](crate::Builder) and the derive all go through it, so a new
//! format touches this file and its own emitter module, nothing else.

use qapi_gen_schema::Schema;

use crate::{json_schema, rst, rust};

/// One output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Output {
    /// Rust types and impls (`<module>.rs`).
    Rust,
    /// The JSON Schema of the messages, draft 2020-12 (`<module>.schema.json`).
    JsonSchema,
    /// The reStructuredText manual (`<module>.rst`).
    Rst,
    /// The schema written back in the YAML schema language, one file per
    /// module (`<module>.yaml` and its includes).
    #[cfg(feature = "yaml")]
    Yaml,
}

impl Output {
    /// Every output, in the order a full generation writes them.
    pub const ALL: &[Output] = &[
        Output::Rust,
        Output::JsonSchema,
        Output::Rst,
        #[cfg(feature = "yaml")]
        Output::Yaml,
    ];

    /// The name users know it by (the CLI subcommand, messages).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Output::Rust => "rust",
            Output::JsonSchema => "json-schema",
            Output::Rst => "rst",
            #[cfg(feature = "yaml")]
            Output::Yaml => "yaml",
        }
    }

    /// The file name of the main (or only) file for a schema whose top
    /// module is `module`, when the caller does not choose one.
    #[must_use]
    pub fn default_file_name(self, module: &str) -> String {
        match self {
            Output::Rust => format!("{module}.rs"),
            Output::JsonSchema => format!("{module}.schema.json"),
            Output::Rst => format!("{module}.rst"),
            #[cfg(feature = "yaml")]
            Output::Yaml => format!("{module}.yaml"),
        }
    }

    /// Whether [`Options::include_removed`] changes this output (the manual
    /// and the YAML always show removed items, as history).
    #[must_use]
    pub const fn honours_include_removed(self) -> bool {
        matches!(self, Output::Rust | Output::JsonSchema)
    }

    /// Builds the output's files, main file first, named relative to the
    /// output directory; `file_name` replaces the main file's name.
    #[must_use]
    pub fn emit(self, schema: &Schema, options: &Options, file_name: Option<&str>) -> Vec<GeneratedFile> {
        let main = file_name.map_or_else(|| self.default_file_name(&schema.module), str::to_owned);
        let file = |contents| vec![GeneratedFile { output: self, name: main.clone(), contents }];
        match self {
            Output::Rust => file(rust::emit_file(schema, &options.rust())),
            Output::JsonSchema => file(json_schema::emit_string(schema, &options.json_schema())),
            Output::Rst => file(rst::emit(schema, &options.rst)),
            #[cfg(feature = "yaml")]
            Output::Yaml => {
                let mut files: Vec<GeneratedFile> =
                    crate::yaml::emit(schema).into_iter().map(|(name, contents)| GeneratedFile { output: self, name, contents }).collect();
                // The top module comes first and no include names it.
                if let (Some(top), Some(name)) = (files.first_mut(), file_name) {
                    name.clone_into(&mut top.name);
                }
                files
            }
        }
    }
}

impl std::fmt::Display for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GeneratedFile {
    /// The output it belongs to.
    pub output: Output,
    /// Its path relative to the output directory (`unplug-events.rs`).
    pub name: String,
    /// Its content.
    pub contents: String,
}

/// The options of every output, set once by a front door; each emitter's
/// own options are derived from them here.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {
    /// Keep items whose removal version has passed (for clients of older
    /// servers); see [`Output::honours_include_removed`].
    pub include_removed: bool,
    /// The Rust emitter's own options; its `include_removed` is replaced by
    /// the shared one.
    pub rust: rust::Options,
    /// The JSON Schema emitter's own options; its `include_removed` is
    /// replaced by the shared one.
    pub json_schema: json_schema::Options,
    /// The manual's options.
    pub rst: rst::Options,
    /// What generated files say produced them; each front door sets its
    /// own (see [`Provenance`](crate::output::Provenance)).
    pub provenance: crate::output::Provenance,
    /// Which warnings are shown, dropped or turned into errors, by kind.
    pub warnings: qapi_gen_schema::WarningPolicy,
}

impl Options {
    /// The options the Rust emitter gets.
    #[must_use]
    pub fn rust(&self) -> rust::Options {
        rust::Options { include_removed: self.include_removed, provenance: self.provenance.clone(), ..self.rust.clone() }
    }

    /// The options the JSON Schema emitter gets.
    #[must_use]
    pub fn json_schema(&self) -> json_schema::Options {
        self.json_schema.clone().with_include_removed(self.include_removed)
    }
}
