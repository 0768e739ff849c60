//! The build.rs API, in the style of prost-build's `Config`: a [`Builder`]
//! collects options; [`Builder::generate`] is pure (schemas in, file
//! contents out, nothing written); [`Builder::write`] streams each output
//! to a directory as soon as it is built, only when its content changed;
//! [`Builder::run`] is `write` into `OUT_DIR` with `cargo:rerun-if-changed`
//! for every file read; [`Builder::compile`] is `run` for build scripts,
//! which on failure prints the diagnostics and exits with status 1 (no
//! panic, no backtrace).
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
//! Which files a schema gives is decided by the registry of outputs
//! ([`Output`]): `<module>.rs` by default, and on request
//! `<module>.schema.json` ([`Builder::json_schema`]) and `<module>.rst`
//! ([`Builder::rst`]); [`Builder::file_name`] names any of them.

use std::collections::BTreeMap;
use std::fmt;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use qapi_gen_schema::{Diagnostics, Failure, SourceMap};

use crate::output::{self, Written};
use crate::outputs::{self, GeneratedFile, Output};
use crate::rust::{CfgMapping, Layout};

/// Configures and runs generation.
#[derive(Clone, Debug)]
pub struct Builder {
    schemas: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    /// The outputs asked for, each with the file name chosen for it.
    outputs: BTreeMap<Output, Option<String>>,
    options: outputs::Options,
    emit_rerun: bool,
    /// The layout of the Rust [`Builder::run`] writes.
    run_layout: Layout,
}

impl Default for Builder {
    fn default() -> Self {
        Builder { schemas: Vec::new(), out_dir: None, outputs: BTreeMap::from([(Output::Rust, None)]), options: outputs::Options::default(), emit_rerun: true, run_layout: Layout::Compact }
    }
}

/// The warnings of one schema, with the files they point into.
#[derive(Debug)]
#[non_exhaustive]
pub struct Warnings {
    /// Every file the schema read.
    pub sources: SourceMap,
    /// The warnings (never errors).
    pub diagnostics: Diagnostics,
}

impl Warnings {
    /// Every warning with source snippets.
    #[must_use]
    pub fn render(&self) -> String {
        self.diagnostics.render(&self.sources)
    }

    /// Every warning as its one `path:line:column: warning: message` line.
    #[must_use]
    pub fn render_short(&self) -> String {
        self.diagnostics.render_short(&self.sources)
    }
}

/// What a generation read and found, besides the files it built.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Report {
    /// Every schema file read (tops and includes), for `rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
    /// The warnings of each schema that has any, in schema order.
    pub warnings: Vec<Warnings>,
}

impl Report {
    /// Every warning of every schema, with snippets.
    #[must_use]
    pub fn render_warnings(&self) -> String {
        self.warnings.iter().map(Warnings::render).collect()
    }
}

/// What [`Builder::generate`] produced.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Generated {
    /// The files, in schema order, and for each schema in the order of
    /// [`Output::ALL`].
    pub files: Vec<GeneratedFile>,
    /// What was read and found.
    pub report: Report,
}

/// What [`Builder::write`] did.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Summary {
    /// Every file, with whether it was rewritten.
    pub files: Vec<(PathBuf, Written)>,
    /// What was read and found.
    pub report: Report,
}

/// Why generation failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// No schema was given.
    NoSchema,
    /// Neither [`Builder::out_dir`] nor `OUT_DIR` names a directory.
    NoOutDir,
    /// A schema has errors or cannot be read; nothing was written for it.
    Schema {
        /// The top file.
        path: PathBuf,
        /// Every diagnostic, with the files they point into.
        failure: Failure,
        /// Every file read so far, this schema's included (still tracked
        /// for reruns).
        inputs: Vec<PathBuf>,
    },
    /// Two outputs would be written to the same file.
    DuplicateFile {
        /// The file name both would use.
        name: String,
    },
    /// An output would overwrite one of the schema's own files.
    OverwritesInput {
        /// The file.
        path: PathBuf,
    },
    /// [`Builder::runtime_path`] is not a Rust path.
    RuntimePath {
        /// The path as given.
        path: String,
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
            Error::Schema { path, failure, .. } => write!(f, "{}error: {} has errors; nothing was generated", failure.render(), path.display()),
            Error::DuplicateFile { name } => write!(f, "two outputs would both be written to `{name}`: give them distinct names with `Builder::file_name`"),
            Error::OverwritesInput { path } => write!(f, "refusing to write over the schema file {}", path.display()),
            Error::Io { path, source } => write!(f, "cannot write {}: {source}", path.display()),
            Error::RuntimePath { path } => write!(f, "runtime path `{path}` is not a Rust path such as `::qapi_runtime`"),
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
        self.options.include_removed = include;
        self
    }

    /// How `if` conditions become `#[cfg(...)]` (see [`CfgMapping`]).
    pub fn cfg_mapping(&mut self, mapping: CfgMapping) -> &mut Self {
        self.options.rust.cfg = mapping;
        self
    }

    /// Path of the runtime crate in generated code (default `::qapi_runtime`).
    pub fn runtime_path(&mut self, path: &str) -> &mut Self {
        path.clone_into(&mut self.options.rust.runtime_path);
        self
    }

    /// Threads formatting the Rust output (default: in a build script,
    /// Cargo's job count `NUM_JOBS`; elsewhere every core). The output is
    /// the same for any number.
    pub fn jobs(&mut self, jobs: NonZeroUsize) -> &mut Self {
        self.options.rust.jobs = Some(jobs);
        self
    }

    /// How [`Builder::run`] lays out the Rust it writes into `OUT_DIR`
    /// (default [`Layout::Compact`]: only rustc reads it there, and the
    /// compact text costs a fraction of formatting in a build script
    /// compiled without optimisations); [`Layout::Formatted`] for a file to
    /// read. [`Builder::write`] and [`Builder::generate`] follow the Rust
    /// options' own layout, formatted unless set otherwise.
    pub fn out_dir_layout(&mut self, layout: Layout) -> &mut Self {
        self.run_layout = layout;
        self
    }

    /// Every option at once, as the CLI and the derive set them.
    pub fn options(&mut self, options: outputs::Options) -> &mut Self {
        self.options = options;
        self
    }

    /// Whether to build `output` (default: only [`Output::Rust`]).
    pub fn output(&mut self, output: Output, enabled: bool) -> &mut Self {
        if enabled {
            self.outputs.entry(output).or_default();
        } else {
            self.outputs.remove(&output);
        }
        self
    }

    /// Names the main file of `output` (and asks for it): `{module}` in
    /// `name` stands for the schema's module name. With several schemas a
    /// name without `{module}` is an [`Error::DuplicateFile`].
    pub fn file_name(&mut self, output: Output, name: impl Into<String>) -> &mut Self {
        self.outputs.insert(output, Some(name.into()));
        self
    }

    /// Whether to write `<module>.rs` (default: yes).
    pub fn rust(&mut self, enabled: bool) -> &mut Self {
        self.output(Output::Rust, enabled)
    }

    /// Whether to write `<module>.schema.json` too (default: no).
    pub fn json_schema(&mut self, enabled: bool) -> &mut Self {
        self.output(Output::JsonSchema, enabled)
    }

    /// Whether to write `<module>.rst` too (default: no).
    pub fn rst(&mut self, enabled: bool) -> &mut Self {
        self.output(Output::Rst, enabled)
    }

    /// Whether [`Builder::run`] prints `cargo:rerun-if-changed` lines (default: yes).
    pub fn emit_rerun_if_changed(&mut self, enabled: bool) -> &mut Self {
        self.emit_rerun = enabled;
        self
    }

    /// Generates every output in memory; writes nothing.
    ///
    /// # Errors
    /// [`Error::NoSchema`], [`Error::DuplicateFile`], or [`Error::Schema`]
    /// with every diagnostic of the first schema that has errors.
    pub fn generate(&self) -> Result<Generated, Error> {
        let mut files = Vec::new();
        let report = self.each_file(&self.options, |_, _| Ok(()), |file| {
            files.push(file);
            Ok(())
        })?;
        Ok(Generated { files, report })
    }

    /// Generates every output and writes each into `out_dir` as soon as it
    /// is built (so memory follows the largest output, not their sum), only
    /// if its content changed. Nothing is written for a schema with errors,
    /// and no output may replace one of the schema's own files.
    ///
    /// # Errors
    /// As [`Builder::generate`], plus [`Error::OverwritesInput`] and [`Error::Io`].
    pub fn write(&self, out_dir: &Path) -> Result<Summary, Error> {
        self.write_with(out_dir, &self.options)
    }

    fn write_with(&self, out_dir: &Path, options: &outputs::Options) -> Result<Summary, Error> {
        let mut written = Vec::new();
        let overwrites = |inputs: &[PathBuf], name: &str| {
            let path = out_dir.join(name);
            if output::replaces_any(&path, inputs.iter().map(PathBuf::as_path)) { Err(Error::OverwritesInput { path }) } else { Ok(()) }
        };
        let report = self.each_file(options, overwrites, |file| {
            let path = out_dir.join(&file.name);
            match output::write_if_changed(&path, file.contents.as_bytes()) {
                Ok(outcome) => {
                    written.push((path, outcome));
                    Ok(())
                }
                Err(source) => Err(Error::Io { path, source }),
            }
        })?;
        Ok(Summary { files: written, report })
    }

    /// Loads each schema and hands every file of every output to `sink` as
    /// soon as it is built. `check` sees each file name with the schema's
    /// own files (canonical) first: the main names before any file of the
    /// schema is built, any further file (YAML includes) before its sink.
    fn each_file(
        &self,
        options: &outputs::Options,
        check: impl Fn(&[PathBuf], &str) -> Result<(), Error>,
        mut sink: impl FnMut(GeneratedFile) -> Result<(), Error>,
    ) -> Result<Report, Error> {
        if self.schemas.is_empty() {
            return Err(Error::NoSchema);
        }
        if !options.rust.runtime_path_is_valid() {
            return Err(Error::RuntimePath { path: options.rust.runtime_path.clone() });
        }
        if self.schemas.len() > 1
            && let Some(name) = self.outputs.values().flatten().find(|name| !name.contains("{module}"))
        {
            return Err(Error::DuplicateFile { name: name.clone() });
        }
        let mut report = Report::default();
        let mut written_names = std::collections::BTreeSet::new();
        for path in &self.schemas {
            let loaded = match qapi_gen_schema::load(path) {
                Ok(loaded) => loaded,
                Err(failure) => {
                    report.inputs.extend(failure.files());
                    return Err(Error::Schema { path: path.clone(), failure, inputs: report.inputs });
                }
            };
            report.inputs.extend(loaded.files());
            let inputs: Vec<PathBuf> = loaded.sources.files().map(|(_, file)| file.canonical.clone()).collect();
            let module = &loaded.schema.module;
            let names: Vec<(Output, Option<String>)> = self.outputs.iter().map(|(&output, name)| (output, name.as_ref().map(|name| name.replace("{module}", module)))).collect();
            let main_names: Vec<String> = names.iter().map(|(output, name)| name.clone().unwrap_or_else(|| output.default_file_name(module))).collect();
            for name in &main_names {
                check(&inputs, name)?;
            }
            for (output, name) in names {
                for file in output.emit(&loaded.schema, options, name.as_deref()) {
                    if !written_names.insert(file.name.clone()) {
                        return Err(Error::DuplicateFile { name: file.name });
                    }
                    if !main_names.contains(&file.name) {
                        check(&inputs, &file.name)?;
                    }
                    sink(file)?;
                }
            }
            if !loaded.warnings.is_empty() {
                report.warnings.push(Warnings { sources: loaded.sources, diagnostics: loaded.warnings });
            }
        }
        Ok(report)
    }

    /// [`Builder::write`] into the output directory (default `OUT_DIR`),
    /// in the [`Builder::out_dir_layout`] (compact unless set), on Cargo's
    /// job count, and prints `cargo:rerun-if-changed`
    /// for every schema file read (also when the schema has errors).
    ///
    /// # Errors
    /// As [`Builder::write`], plus [`Error::NoOutDir`].
    pub fn run(&self) -> Result<Summary, Error> {
        let out_dir = self.out_dir.clone().or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from)).ok_or(Error::NoOutDir)?;
        let mut options = self.options.clone();
        if options.rust.jobs.is_none() {
            // Cargo's `-j` for this build; it does not change the output.
            options.rust.jobs = std::env::var("NUM_JOBS").ok().and_then(|jobs| jobs.parse().ok());
        }
        options.rust.layout = self.run_layout;
        let result = self.write_with(&out_dir, &options);
        if self.emit_rerun {
            let inputs = match &result {
                Ok(written) => written.report.inputs.as_slice(),
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
        result
    }

    /// [`Builder::run`] for build scripts: on failure prints the full
    /// diagnostics (and one `cargo::error=` line per problem) and exits with
    /// status 1, without a panic; warnings are passed on as `cargo::warning=`.
    pub fn compile(&self) {
        match self.run() {
            Ok(written) => {
                for warnings in &written.report.warnings {
                    for line in warnings.render_short().lines().filter(|l| l.contains(": warning: ")) {
                        println!("cargo::warning={line}");
                    }
                }
            }
            Err(error) => {
                if let Error::Schema { failure, .. } = &error {
                    for line in failure.render_short().lines().filter(|l| !l.trim().is_empty()) {
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

    fn tiny() -> (tempfile::TempDir, PathBuf) {
        let directory = tempfile::tempdir().expect("temporary directory");
        let schema = directory.path().join("tiny.yaml");
        std::fs::write(&schema, SCHEMA).expect("write schema");
        (directory, schema)
    }

    #[test]
    fn generation_is_pure_and_writing_is_idempotent() {
        let (directory, schema) = tiny();
        let out = directory.path().join("out");
        let generated = Builder::new().schema(&schema).generate().expect("valid schema");
        assert_eq!(generated.files.len(), 1);
        assert_eq!(generated.files[0].name, "tiny.rs");
        assert_eq!(generated.files[0].output, Output::Rust);
        assert!(generated.files[0].contents.contains("pub struct Ping"));
        assert!(!out.exists(), "generate must not write");

        let mut builder = Builder::new();
        builder.schema(&schema).out_dir(&out).emit_rerun_if_changed(false);
        let first_run = builder.run().expect("first run");
        assert_eq!(first_run.files, [(out.join("tiny.rs"), Written::Changed)]);
        let first = std::fs::metadata(out.join("tiny.rs")).and_then(|m| m.modified()).expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(builder.run().expect("second run").files, [(out.join("tiny.rs"), Written::Unchanged)]);
        assert_eq!(std::fs::metadata(out.join("tiny.rs")).and_then(|m| m.modified()).expect("mtime"), first);
    }

    #[test]
    fn run_writes_compact_rust_unless_asked_to_format() {
        let (directory, schema) = tiny();
        let out = directory.path().join("out");
        let formatted = Builder::new().schema(&schema).generate().expect("valid schema").files.remove(0).contents;
        let read = || std::fs::read_to_string(out.join("tiny.rs")).expect("written file");

        let mut builder = Builder::new();
        builder.schema(&schema).out_dir(&out).emit_rerun_if_changed(false);
        builder.run().expect("compact run");
        let compact = read();
        assert_ne!(compact, formatted);
        assert!(compact.contains("pub struct Ping {\n"), "{compact}");

        builder.out_dir_layout(Layout::Formatted).run().expect("formatted run");
        assert_eq!(read(), formatted);
    }

    #[test]
    fn outputs_can_be_named_and_must_not_collide() {
        let (directory, schema) = tiny();
        let generated = Builder::new().schema(&schema).file_name(Output::Rust, "api-{module}.rs").rst(true).generate().expect("valid schema");
        let names: Vec<_> = generated.files.iter().map(|f| (f.output, f.name.as_str())).collect();
        assert_eq!(names, [(Output::Rust, "api-tiny.rs"), (Output::Rst, "tiny.rst")]);

        let clash = Builder::new().schema(&schema).file_name(Output::Rust, "x").file_name(Output::Rst, "x").generate();
        assert!(matches!(clash, Err(Error::DuplicateFile { name }) if name == "x"));
        let two = Builder::new().schema(&schema).schema(&schema).file_name(Output::Rust, "one.rs").generate();
        assert!(matches!(two, Err(Error::DuplicateFile { .. })));

        let over = Builder::new().schema(&schema).file_name(Output::Rust, "tiny.yaml").write(directory.path());
        assert!(matches!(over, Err(Error::OverwritesInput { .. })), "{over:?}");
        assert_eq!(std::fs::read_to_string(&schema).expect("schema"), SCHEMA, "the schema must survive");
    }

    #[test]
    fn schema_errors_are_data() {
        let directory = tempfile::tempdir().expect("temporary directory");
        let schema = directory.path().join("bad.yaml");
        std::fs::write(&schema, "definitions:\n  - event: lower\n  - event: ALSO BAD\n").expect("write schema");
        match Builder::new().schema(&schema).generate() {
            Err(Error::Schema { failure, inputs, .. }) => {
                assert!(failure.diagnostics.error_count() >= 2, "{}", failure.render());
                let first = failure.diagnostics.sorted()[0];
                assert_eq!(first.span.map(|s| s.start.line), Some(2));
                assert_eq!(inputs.len(), 1);
            }
            other => panic!("expected schema errors, got {other:?}"),
        }
        assert!(matches!(Builder::new().generate(), Err(Error::NoSchema)));
    }

    #[test]
    fn a_runtime_path_that_is_not_a_path_is_an_error() {
        let (_directory, schema) = tiny();
        let bad = Builder::new().schema(&schema).runtime_path("\"oops::serde").generate();
        assert!(matches!(&bad, Err(Error::RuntimePath { path }) if path == "\"oops::serde"), "{bad:?}");
        let good = Builder::new().schema(&schema).runtime_path("crate::qmp").generate().expect("valid path");
        assert!(good.files[0].contents.contains("#[serde(crate = \"crate::qmp::serde\")]"), "{}", good.files[0].contents);
    }
}
