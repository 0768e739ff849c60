//! The build.rs API, in the style of prost-build's `Config`: a [`Builder`]
//! collects options; [`Builder::generate`] is pure (schemas in, file
//! contents out, nothing written); [`Builder::run`] writes the files into
//! `OUT_DIR` only when their content changed and prints
//! `cargo:rerun-if-changed` for every file read; [`Builder::compile`] is
//! `run` for build scripts, which on failure prints the full diagnostics and
//! exits with status 1 (no panic, no backtrace).
//!
//! ```no_run
//! // build.rs: `fn main() { ... }` around this
//! qapi_gen_codegen::Builder::new()
//!     .schema("schema/unplug-events.yaml")
//!     .include_removed(true)
//!     .compile();
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! include!(concat!(env!("OUT_DIR"), "/unplug-events.rs"));
//! ```
//!
//! Each schema gives `<module>.rs` (its `module` name), and, when asked for,
//! `<module>.schema.json` ([`Builder::json_schema`]) and `<module>.rst`
//! ([`Builder::rst`]) from the sibling emitters.

use std::fmt;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use crate::output::{self, Written};
use crate::rust::{self, CfgMapping};
use crate::{json_schema, rst};

/// Configures and runs generation.
#[derive(Clone, Debug)]
pub struct Builder {
    schemas: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    rust: bool,
    rust_options: rust::Options,
    json_schema: bool,
    rst: bool,
    emit_rerun: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder { schemas: Vec::new(), out_dir: None, rust: true, rust_options: rust::Options::default(), json_schema: false, rst: false, emit_rerun: true }
    }
}

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// File name inside the output directory (`unplug-events.rs`).
    pub name: String,
    /// Its content.
    pub contents: String,
}

/// What [`Builder::generate`] produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Generated {
    /// The files, in schema order, Rust first for each schema.
    pub files: Vec<GeneratedFile>,
    /// Every schema file read (tops and includes), for `rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
    /// Rendered warnings, if any.
    pub warnings: String,
}

/// Why generation failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// No schema was given.
    NoSchema,
    /// Neither [`Builder::out_dir`] nor `OUT_DIR` names a directory.
    NoOutDir,
    /// A schema has errors (or cannot be read).
    Schema {
        /// The top file.
        path: PathBuf,
        /// Every diagnostic with snippets.
        rendered: String,
        /// Every diagnostic as one `path:line:column: error: message` line.
        short: String,
        /// Files read before the failure (still tracked for reruns).
        inputs: Vec<PathBuf>,
    },
    /// Writing an output failed.
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoSchema => f.write_str("no schema given: call `Builder::schema`"),
            Error::NoOutDir => f.write_str("no output directory: call `Builder::out_dir` or run from a build script (OUT_DIR)"),
            Error::Schema { path, rendered, .. } => write!(f, "{rendered}error: {} has errors; nothing was generated", path.display()),
            Error::Io { path, source } => write!(f, "cannot write {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl Builder {
    /// A builder with the defaults: Rust output only, removed items left out,
    /// flags mapped to Cargo features.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a top schema file (relative paths are relative to the working
    /// directory, which in a build script is the package's directory).
    pub fn schema(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.schemas.push(path.as_ref().to_path_buf());
        self
    }

    /// Where [`Builder::run`] writes (default: `OUT_DIR`).
    pub fn out_dir(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(path.as_ref().to_path_buf());
        self
    }

    /// Keeps items whose removal version has passed (for clients of older servers).
    pub fn include_removed(&mut self, include: bool) -> &mut Self {
        self.rust_options.include_removed = include;
        self
    }

    /// How `if` conditions become `#[cfg(...)]` (see [`CfgMapping`]).
    pub fn cfg_mapping(&mut self, mapping: CfgMapping) -> &mut Self {
        self.rust_options.cfg = mapping;
        self
    }

    /// Path of the runtime crate in generated code (default `::qapi_runtime`).
    pub fn runtime_path(&mut self, path: &str) -> &mut Self {
        self.rust_options.runtime_path = path.to_owned();
        self
    }

    /// Threads formatting the Rust output (default: in a build script,
    /// Cargo's job count `NUM_JOBS`; elsewhere every core). The output is
    /// the same for any number.
    pub fn jobs(&mut self, jobs: NonZeroUsize) -> &mut Self {
        self.rust_options.jobs = Some(jobs);
        self
    }

    /// Whether to write `<module>.rs` (default: yes).
    pub fn rust(&mut self, enabled: bool) -> &mut Self {
        self.rust = enabled;
        self
    }

    /// Whether to write `<module>.schema.json` too (default: no).
    pub fn json_schema(&mut self, enabled: bool) -> &mut Self {
        self.json_schema = enabled;
        self
    }

    /// Whether to write `<module>.rst` too (default: no).
    pub fn rst(&mut self, enabled: bool) -> &mut Self {
        self.rst = enabled;
        self
    }

    /// Whether [`Builder::run`] prints `cargo:rerun-if-changed` lines (default: yes).
    pub fn emit_rerun_if_changed(&mut self, enabled: bool) -> &mut Self {
        self.emit_rerun = enabled;
        self
    }

    /// Generates every output in memory; writes nothing.
    ///
    /// # Errors
    /// [`Error::NoSchema`], or [`Error::Schema`] with the diagnostics of the
    /// first schema that has errors (every error of that schema).
    pub fn generate(&self) -> Result<Generated, Error> {
        self.generate_with(&self.rust_options)
    }

    fn generate_with(&self, rust_options: &rust::Options) -> Result<Generated, Error> {
        if self.schemas.is_empty() {
            return Err(Error::NoSchema);
        }
        let mut generated = Generated::default();
        for path in &self.schemas {
            let loaded = match qapi_gen_schema::load(path) {
                Ok(loaded) => loaded,
                Err(failure) => {
                    let mut inputs = generated.inputs.clone();
                    inputs.extend(failure.files());
                    return Err(Error::Schema { path: path.clone(), rendered: failure.render(), short: failure.render_short(), inputs });
                }
            };
            generated.inputs.extend(loaded.files());
            generated.warnings.push_str(&loaded.render_warnings());
            let module = &loaded.schema.module;
            if self.rust {
                generated.files.push(GeneratedFile { name: format!("{module}.rs"), contents: rust::emit_file(&loaded.schema, rust_options) });
            }
            if self.json_schema {
                let options = json_schema::Options { include_removed: rust_options.include_removed, ..json_schema::Options::default() };
                generated.files.push(GeneratedFile { name: format!("{module}.schema.json"), contents: json_schema::emit_string(&loaded.schema, &options) });
            }
            if self.rst {
                generated.files.push(GeneratedFile { name: format!("{module}.rst"), contents: rst::emit(&loaded.schema, &rst::Options::default()) });
            }
        }
        Ok(generated)
    }

    /// Generates and writes every output into the output directory, each
    /// only if its content changed; prints `cargo:rerun-if-changed` for every
    /// schema file read (also when the schema has errors).
    ///
    /// # Errors
    /// As [`Builder::generate`], plus [`Error::NoOutDir`] and [`Error::Io`].
    pub fn run(&self) -> Result<Generated, Error> {
        let out_dir = self.out_dir.clone().or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from)).ok_or(Error::NoOutDir)?;
        let mut rust_options = self.rust_options.clone();
        if rust_options.jobs.is_none() {
            // Cargo's `-j` for this build; it does not change the output.
            rust_options.jobs = std::env::var("NUM_JOBS").ok().and_then(|jobs| jobs.parse().ok());
        }
        let result = self.generate_with(&rust_options);
        if self.emit_rerun {
            let inputs = match &result {
                Ok(generated) => generated.inputs.as_slice(),
                Err(Error::Schema { inputs, .. }) => inputs.as_slice(),
                Err(_) => &[],
            };
            for input in inputs {
                println!("cargo:rerun-if-changed={}", input.display());
            }
            for top in &self.schemas {
                if !inputs.contains(top) {
                    println!("cargo:rerun-if-changed={}", top.display());
                }
            }
        }
        let generated = result?;
        for file in &generated.files {
            let path = out_dir.join(&file.name);
            match output::write_if_changed(&path, file.contents.as_bytes()) {
                Ok(Written::Changed | Written::Unchanged) => {}
                Err(source) => return Err(Error::Io { path, source }),
            }
        }
        Ok(generated)
    }

    /// [`Builder::run`] for build scripts: on failure prints the full
    /// diagnostics (and one `cargo::error=` line per problem) and exits with
    /// status 1, without a panic; warnings are passed on as `cargo::warning=`.
    pub fn compile(&self) {
        match self.run() {
            Ok(generated) => {
                for line in generated.warnings.lines().filter(|l| l.contains(": warning: ")) {
                    println!("cargo::warning={line}");
                }
            }
            Err(error) => {
                if let Error::Schema { short, .. } = &error {
                    for line in short.lines().filter(|l| !l.trim().is_empty()) {
                        println!("cargo::error={line}");
                    }
                }
                eprintln!("{error}");
                std::process::exit(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str = "module: tiny\nversion: \"1.0\"\ndefinitions:\n  - event: PING\n    data:\n      count: int\n";

    #[test]
    fn generation_is_pure_and_writing_is_idempotent() {
        let directory = tempfile::tempdir().expect("temporary directory");
        let schema = directory.path().join("tiny.yaml");
        std::fs::write(&schema, SCHEMA).expect("write schema");
        let out = directory.path().join("out");
        let generated = Builder::new().schema(&schema).generate().expect("valid schema");
        assert_eq!(generated.files.len(), 1);
        assert_eq!(generated.files[0].name, "tiny.rs");
        assert!(generated.files[0].contents.contains("pub struct Ping"));
        assert!(!out.exists(), "generate must not write");

        let mut builder = Builder::new();
        builder.schema(&schema).out_dir(&out).emit_rerun_if_changed(false);
        builder.run().expect("first run");
        let first = std::fs::metadata(out.join("tiny.rs")).and_then(|m| m.modified()).expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));
        builder.run().expect("second run");
        assert_eq!(std::fs::metadata(out.join("tiny.rs")).and_then(|m| m.modified()).expect("mtime"), first);
    }

    #[test]
    fn schema_errors_are_data() {
        let directory = tempfile::tempdir().expect("temporary directory");
        let schema = directory.path().join("bad.yaml");
        std::fs::write(&schema, "definitions:\n  - event: lower\n  - event: ALSO BAD\n").expect("write schema");
        match Builder::new().schema(&schema).generate() {
            Err(Error::Schema { short, inputs, .. }) => {
                assert!(short.lines().count() >= 2, "{short}");
                assert!(short.contains("bad.yaml:2:"), "{short}");
                assert_eq!(inputs.len(), 1);
            }
            other => panic!("expected schema errors, got {other:?}"),
        }
        assert!(matches!(Builder::new().generate(), Err(Error::NoSchema)));
    }
}
