//! Front end of qapi-gen: reads a QAPI-like YAML schema and its includes
//! into one checked [`model::Schema`], or reports every problem found.
//!
//! The pipeline, one module per phase:
//!
//! 1. `load` — bytes to spanned YAML nodes (limits, duplicate keys);
//! 2. `parse` — nodes to the raw AST (shapes, unknown keys);
//! 3. `includes` / `symbols` — the include reader, then the symbol table (duplicates, clashes);
//! 4. `check` / `names` / `lifecycle` — structural, naming, version and deprecation rules;
//! 5. `lower` — the model; then `validate` — examples, reliability, docs.
//!
//! Each phase records into [`Diagnostics`] and the pipeline stops after a
//! phase that found an error, so users see all problems of one kind at once
//! without follow-on noise.
//!
//! ```no_run
//! let loaded = qapi_gen_schema::load(std::path::Path::new("schema/unplug-events.yaml"));
//! match loaded {
//!     Ok(loaded) => println!("{} definitions", loaded.schema.definitions.len()),
//!     Err(failure) => eprint!("{}", failure.render()),
//! }
//! ```

pub mod ast;
mod check;
mod closure;
mod conditions;
pub mod compat;
pub mod diag;
mod lint;
mod render;
mod lifecycle;
pub mod load;
mod lower;
pub mod model;
mod names;
mod parse;
mod qapi;
mod includes;
mod hash;
pub mod keys;
pub mod reliability;
mod rows;
pub mod rules;
pub mod source;
mod suggest;
mod symbols;
mod validate;
pub mod version;

use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, Diagnostics, Level, RenderOptions, Severity, WarningKind, WarningPolicy};
pub use load::{MAX_ALIAS_NODES, MAX_DEFINITIONS, MAX_DEPTH, MAX_FILE_BYTES};
pub use model::Schema;
pub use source::{SourceMap, Span};

/// A schema that passed every check.
#[derive(Debug)]
#[non_exhaustive]
pub struct Loaded {
    /// The checked model.
    pub schema: Schema,
    /// Every file read.
    pub sources: SourceMap,
    /// Warnings (never errors).
    pub warnings: Diagnostics,
}

impl Loaded {
    /// The paths of every file read, for `cargo:rerun-if-changed`.
    #[must_use]
    pub fn files(&self) -> Vec<PathBuf> {
        self.sources.files().map(|(_, file)| file.path.clone()).collect()
    }

    /// The warnings, rendered.
    #[must_use]
    pub fn render_warnings(&self) -> String {
        self.warnings.render(&self.sources)
    }

    /// The schema with `policy` applied to its warnings: allowed ones
    /// dropped, and when it denies one, a [`Failure`] whose errors are the
    /// denied warnings (with their kinds) and the rest.
    ///
    /// # Errors
    /// When `policy` denies a warning the schema has.
    pub fn with_warning_policy(self, policy: &WarningPolicy) -> Result<Loaded, Failure> {
        let Loaded { schema, sources, warnings } = self;
        let diagnostics = warnings.with_policy(policy);
        if diagnostics.has_errors() {
            return Err(Failure { sources, diagnostics, kind: FailureKind::Invalid });
        }
        Ok(Loaded { schema, sources, warnings: diagnostics })
    }
}

/// Why no model was produced.
#[derive(Debug)]
#[non_exhaustive]
pub struct Failure {
    /// The files read before the failure.
    pub sources: SourceMap,
    /// Everything found; at least one error.
    pub diagnostics: Diagnostics,
    /// Whether the schema is wrong or could not be read at all.
    pub kind: FailureKind,
}

/// What kind of failure a [`Failure`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailureKind {
    /// The top file could not be read at all (missing, a directory, too
    /// large): a usage or I/O error.
    Unreadable,
    /// The schema was read and has errors.
    Invalid,
}

impl Failure {
    /// Every diagnostic with source snippets, sorted by file and position.
    #[must_use]
    pub fn render(&self) -> String {
        self.diagnostics.render(&self.sources)
    }

    /// Every diagnostic as its one `path:line:column: error: message` line.
    #[must_use]
    pub fn render_short(&self) -> String {
        self.diagnostics.render_short(&self.sources)
    }

    /// The paths of every file read, for `cargo:rerun-if-changed`.
    #[must_use]
    pub fn files(&self) -> Vec<PathBuf> {
        self.sources.files().map(|(_, file)| file.path.clone()).collect()
    }
}

/// Reads, checks and lowers the schema whose top file is `path`.
///
/// # Errors
/// A [`Failure`] with every diagnostic when the file cannot be read or the
/// schema has an error.
pub fn load(path: &Path) -> Result<Loaded, Failure> {
    parse(path)?.check()
}

/// Checks a single-file schema given as text (for tests, fuzzing and
/// tools); `name` decides the dialect (`.json` is QAPI) and is shown in
/// diagnostics. Includes are reported as errors.
///
/// # Errors
/// A [`Failure`] with every diagnostic.
pub fn load_text(name: &str, text: &str) -> Result<Loaded, Failure> {
    let mut cx = Diagnostics::new();
    let mut sources = SourceMap::new();
    let path = Path::new(name);
    let files = includes::collect_text(&mut cx, &mut sources, path, text.to_string());
    if cx.has_errors() || files.files.is_empty() {
        return Err(Failure { sources, diagnostics: cx, kind: FailureKind::Invalid });
    }
    let origin = files.files[files.top].origin.unwrap_or(if path.extension().is_some_and(|e| e == "json") { model::Origin::Qapi } else { model::Origin::Yaml });
    Parsed { files, sources, cx, origin }.check()
}

/// A schema whose files were all read and parsed, not yet checked.
#[derive(Debug)]
pub struct Parsed {
    files: includes::Files,
    sources: SourceMap,
    cx: Diagnostics,
    origin: model::Origin,
}

/// Reads the top file and every file it includes, and parses them.
///
/// # Errors
/// A [`Failure`] when a file cannot be read or does not parse.
pub fn parse(path: &Path) -> Result<Parsed, Failure> {
    let mut cx = Diagnostics::new();
    let mut sources = SourceMap::new();
    let files = match includes::collect(&mut cx, &mut sources, path) {
        Ok(files) => files,
        Err(unreadable) => {
            cx.error_without_span(unreadable.message);
            return Err(Failure { sources, diagnostics: cx, kind: FailureKind::Unreadable });
        }
    };
    if cx.has_errors() {
        return Err(Failure { sources, diagnostics: cx, kind: FailureKind::Invalid });
    }
    let origin = files.files[files.top].origin.unwrap_or(if path.extension().is_some_and(|e| e == "json") { model::Origin::Qapi } else { model::Origin::Yaml });
    Ok(Parsed { files, sources, cx, origin })
}

impl Parsed {
    /// Resolves names, runs every check and builds the model.
    ///
    /// # Errors
    /// A [`Failure`] with every diagnostic when the schema has an error.
    pub fn check(self) -> Result<Loaded, Failure> {
        let Parsed { files, sources, mut cx, origin } = self;
        let symbols = symbols::collect(&mut cx, &files);
        let pragma = merged_pragma(&files);
        check::all(&mut cx, &symbols, &pragma);
        let top_version = files.files[files.top].version.map(|v| v.version);
        let versions: hash::HashMap<source::FileId, model::Version> =
            files.files.iter().filter_map(|f| f.version.map(|v| (f.id, v.version))).collect();
        let file_version = |id| versions.get(&id).copied().or(top_version);
        let policy = lower::policy(&files.files[files.top].policy);
        lifecycle::all(&mut cx, &lifecycle::Context { symbols: &symbols, file_version: &file_version, policy, origin });
        if cx.has_errors() {
            return Err(Failure { sources, diagnostics: cx, kind: FailureKind::Invalid });
        }

        let mut schema = lower::schema(&lower::Context { symbols: &symbols, files: &files, sources: &sources, pragma, policy, origin });
        conditions::all(&mut cx, &schema);
        for (definition, example) in validate::examples(&mut cx, &schema) {
            if let Some(example) = schema.definitions.get_mut(definition).and_then(|d| d.examples.get_mut(example)) {
                example.valid = false;
            }
        }
        let rows: Vec<&ast::ReliabilityRow> = files.files.iter().flat_map(|f| f.reliability.iter()).collect();
        rows::check(&mut cx, &schema, &rows);
        validate::documentation(&mut cx, &schema);
        drop(symbols);
        if cx.has_errors() {
            return Err(Failure { sources, diagnostics: cx, kind: FailureKind::Invalid });
        }
        Ok(Loaded { schema, sources, warnings: cx })
    }
}

/// Pragmas apply to the whole schema, whichever file sets them.
fn merged_pragma(files: &includes::Files) -> model::Pragma {
    let mut pragma = model::Pragma::default();
    let names = |list: &[ast::Name]| list.iter().map(|n| n.text.clone()).collect::<Vec<_>>();
    for file in &files.files {
        if let Some(flag) = file.pragma.doc_required {
            pragma.doc_required = flag;
        }
        pragma.member_name_exceptions.extend(names(&file.pragma.member_name_exceptions));
        pragma.command_name_exceptions.extend(names(&file.pragma.command_name_exceptions));
        pragma.command_returns_exceptions.extend(names(&file.pragma.command_returns_exceptions));
        pragma.documentation_exceptions.extend(names(&file.pragma.documentation_exceptions));
    }
    pragma
}
