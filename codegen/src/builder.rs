//! The build.rs API, in the style of prost-build's `Config`: a [`Builder`]
//! collects options; [`Builder::generate`] is pure (schemas in, file
//! contents out, nothing written); [`Builder::write`] streams each output
//! to a directory as soon as it is built, only when its content changed;
//! [`Builder::run`] is `write` into `OUT_DIR` with `cargo:rerun-if-changed`
//! for every file read; [`Builder::compile`] is `run` for build scripts,
//! which shows each problem once in cargo's output, as a `cargo::error=`
//! line that fails the build (no panic, no backtrace).
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
//! Conditions (`if`) give no `#[cfg]` by default: every item is generated
//! and its docs state the condition ([`FlagStyle::Docs`]), which is what a
//! client of a server it does not build needs. [`Builder::conditions`]
//! with [`FlagStyle::Cfg`] gives `#[cfg(config_pci)]` instead, and
//! [`Builder::run`] then declares every such name with
//! `cargo::rustc-check-cfg`, so the crate compiles without
//! `unexpected_cfgs` warnings; with [`FlagStyle::Feature`] the crate
//! declares one Cargo feature per flag ([`Report::cfg_names`] lists them,
//! [`Builder::warn_features`] prints them).
//!
//! Which files a schema gives is decided by the registry of outputs
//! ([`Output`]): `<module>.rs` by default, and on request
//! `<module>.schema.json` ([`Builder::json_schema`]) and `<module>.rst`
//! ([`Builder::rst`]); [`Builder::file_name`] names any of them.
//!
//! Warnings have a kind ([`WarningKind`]); [`Builder::warning_level`]
//! allows, keeps or denies them by kind, and [`Builder::show_warnings`]
//! decides whether [`Builder::compile`] lists each one or, by default,
//! one summary line per schema (cargo repeats a build script's warnings on
//! every build, and an imported QEMU schema has about a hundred).

use std::collections::BTreeMap;
use std::fmt;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use qapi_gen_schema::{Diagnostics, Failure, Level, Severity, SourceMap, WarningKind};

use crate::build_cache;
use crate::output::{self, FrontDoor, Written};
use crate::outputs::{self, GeneratedFile, Output};
use crate::rust::{CfgMapping, FlagStyle, Layout, OptionError};

/// Configures and runs generation.
#[derive(Clone, Debug)]
pub struct Builder {
    schemas: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    /// The outputs asked for, each with the file name chosen for it.
    outputs: BTreeMap<Output, Option<String>>,
    options: outputs::Options,
    emit_rerun: bool,
    /// Customisation values that could not be read, reported by `generate`.
    option_errors: Vec<OptionError>,
    warn_features: bool,
    show_warnings: ShowWarnings,
    /// A [`Builder::oldest_server`] that is not a version, reported by `generate`.
    invalid_oldest_server: Option<String>,
    /// The layout of the Rust [`Builder::run`] writes.
    run_layout: Layout,
}

impl Default for Builder {
    fn default() -> Self {
        let mut options = outputs::Options::default();
        options.provenance.front_door = FrontDoor::Builder;
        Builder {
            schemas: Vec::new(),
            out_dir: None,
            outputs: BTreeMap::from([(Output::Rust, None)]),
            options,
            emit_rerun: true,
            option_errors: Vec::new(),
            warn_features: false,
            show_warnings: ShowWarnings::default(),
            invalid_oldest_server: None,
            run_layout: Layout::Compact,
        }
    }
}

/// How [`Builder::compile`] passes warnings on to cargo.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShowWarnings {
    /// One `cargo::warning=` line per schema with warnings: how many of
    /// each kind, and how to list them (the default).
    #[default]
    Summary,
    /// One `cargo::warning=` line per warning.
    Each,
}

/// The warnings of one schema, with the files they point into.
#[derive(Debug)]
#[non_exhaustive]
pub struct Warnings {
    /// The top schema file, as given.
    pub path: PathBuf,
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
    /// Customisation that had no effect on a schema (a selector that
    /// matches nothing), as `path: message`.
    pub option_warnings: Vec<String>,
    /// The Cargo features ([`FlagStyle::Feature`]) or `cfg` names
    /// ([`FlagStyle::Cfg`]) the Rust output tests, every schema's, sorted;
    /// empty with [`FlagStyle::Docs`] or without Rust output.
    pub cfg_names: std::collections::BTreeSet<String>,
    /// The text of every schema file as it was read, for the cache of
    /// [`Builder::compile`].
    read: ReadFiles,
}

/// The schema files a run read, with their text (`build_cache`).
#[derive(Default)]
struct ReadFiles(Vec<build_cache::Input>);

impl std::fmt::Debug for ReadFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter().map(|input| &input.path)).finish()
    }
}

impl Report {
    /// Every warning of every schema, with snippets, then those about the options.
    #[must_use]
    pub fn render_warnings(&self) -> String {
        let mut text: String = self.warnings.iter().map(Warnings::render).collect();
        for warning in &self.option_warnings {
            text.push_str(&format!("warning: {warning}\n"));
        }
        text
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
    /// A customisation value (an attribute, a path, a module name) cannot be
    /// read; every one found is listed.
    Options {
        /// Each value and what is wrong with it.
        errors: Vec<OptionError>,
    },
    /// [`Builder::oldest_server`] is not a `MAJOR.MINOR[.MICRO]` version.
    OldestServer {
        /// The text as given.
        version: String,
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
            Error::OldestServer { version } => write!(f, "oldest server `{version}` is not a version such as `10.0`"),
            Error::RuntimePath { path } => write!(f, "runtime path `{path}` is not a Rust path such as `::qapi_runtime`"),
            Error::Options { errors } => {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                f.write_str(&lines.join("\n"))
            }
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
    /// every conditional item generated ([`FlagStyle::Docs`]).
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

    /// How flags without an entry in the [`CfgMapping`] become `#[cfg]`
    /// (default [`FlagStyle::Docs`]: they do not, every item is generated).
    /// The mapping's entries are kept; a later [`Builder::cfg_mapping`]
    /// replaces the mapping, style included.
    pub fn conditions(&mut self, style: FlagStyle) -> &mut Self {
        self.options.rust.cfg = self.options.rust.cfg.clone().style(style);
        self
    }

    /// With [`FlagStyle::Feature`], whether [`Builder::run`] prints a
    /// `cargo::warning` naming the Cargo features the crate must declare
    /// (default: no).
    pub fn warn_features(&mut self, enabled: bool) -> &mut Self {
        self.warn_features = enabled;
        self
    }

    /// Path of the runtime crate in generated code (default `::qapi_runtime`).
    pub fn runtime_path(&mut self, path: &str) -> &mut Self {
        path.clone_into(&mut self.options.rust.runtime_path);
        self
    }

    /// The oldest server release the generated client talks to (`"10.0"`):
    /// members of received types that are newer become `Option` (see
    /// `docs/releases.md`). Not a version: [`Error::OldestServer`].
    pub fn oldest_server(&mut self, version: &str) -> &mut Self {
        match qapi_gen_schema::version::Version::parse(version.trim()) {
            Some(parsed) => {
                self.options.rust.oldest_server = Some(parsed);
                self.invalid_oldest_server = None;
            }
            None => self.invalid_oldest_server = Some(version.to_owned()),
        }
        self
    }

    /// Threads formatting the Rust output (default: in a build script,
    /// Cargo's job count `NUM_JOBS`; elsewhere every core). With more than
    /// one, the other outputs are built alongside the Rust, each on a
    /// thread of its own; with one, one after the other. The output is the
    /// same for any number.
    pub fn jobs(&mut self, jobs: NonZeroUsize) -> &mut Self {
        self.options.rust.jobs = Some(jobs);
        self
    }

    /// Adds the derive `path` (`Hash`, `schemars::JsonSchema`) to the
    /// generated types `selector` (a schema name or a glob: `*`, `Blockdev*`)
    /// matches, where it is valid (`docs/customisation.md`). An invalid
    /// value is reported by [`Builder::generate`] as [`Error::Options`].
    pub fn derive(&mut self, selector: &str, path: &str) -> &mut Self {
        let result = self.options.rust.custom.derive(selector, path);
        self.record(result)
    }

    /// Adds outer attributes (`#[serde(deny_unknown_fields)]`) to the
    /// generated types `selector` matches; a `#[derive(...)]` among them
    /// is [`Builder::derive`] of each path.
    pub fn type_attribute(&mut self, selector: &str, attributes: &str) -> &mut Self {
        let result = self.options.rust.custom.type_attribute(selector, attributes);
        self.record(result)
    }

    /// Adds outer attributes (`#[serde(default)]`) to the fields a
    /// `Type.member` selector matches (`DeviceDeleted.path`, `*.id`).
    pub fn field_attribute(&mut self, selector: &str, attributes: &str) -> &mut Self {
        let result = self.options.rust.custom.field_attribute(selector, attributes);
        self.record(result)
    }

    /// Uses the Rust type at `path` for the schema type `name` and does not
    /// generate it (`.extern_path("BlockdevOptions", "crate::shared::BlockdevOptions")`).
    pub fn extern_path(&mut self, name: &str, path: &str) -> &mut Self {
        let result = self.options.rust.custom.extern_path(name, path);
        self.record(result)
    }

    /// Generates only the commands these globs match (`["query-status",
    /// "device_del"]`) and the types they reach; the `Request` and `Reply`
    /// enums keep `Unknown` for the rest. Once commands or events are
    /// selected, the kind not selected contributes nothing.
    pub fn commands<S: AsRef<str>>(&mut self, globs: impl IntoIterator<Item = S>) -> &mut Self {
        let result = self.options.rust.custom.commands(globs);
        self.record(result)
    }

    /// Generates only the events these globs match (`["DEVICE_*"]`) and
    /// the types they reach; the `Event` enum keeps `Unknown` for the rest.
    pub fn events<S: AsRef<str>>(&mut self, globs: impl IntoIterator<Item = S>) -> &mut Self {
        let result = self.options.rust.custom.events(globs);
        self.record(result)
    }

    /// Wraps the Rust output in `pub mod name { ... }`.
    pub fn module(&mut self, name: &str) -> &mut Self {
        let result = self.options.rust.custom.module(name);
        self.record(result)
    }

    fn record(&mut self, result: Result<(), OptionError>) -> &mut Self {
        if let Err(error) = result {
            self.option_errors.push(error);
        }
        self
    }

    /// The level of warnings of `kind`, or of every kind without a level of
    /// its own when `kind` is `None` (default: [`Level::Warn`]). A denied
    /// warning is an error: nothing is generated for its schema.
    pub fn warning_level(&mut self, kind: Option<WarningKind>, level: Level) -> &mut Self {
        self.options.warnings.set(kind, level);
        self
    }

    /// Whether [`Builder::compile`] lists every warning or sums them up
    /// (default: [`ShowWarnings::Summary`]).
    pub fn show_warnings(&mut self, show: ShowWarnings) -> &mut Self {
        self.show_warnings = show;
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
        let report = self.each_file(&self.options, &working_directory(), |_, _| Ok(()), |file| {
            files.push(file);
            Ok(())
        })?;
        Ok(Generated { files, report })
    }

    /// Generates every output and writes each into `out_dir` once it is
    /// built and the ones before it are written (with one job, each before
    /// the next is built, so memory follows the largest output, not their
    /// sum), only if its content changed. Nothing is written for a schema with errors,
    /// and no output may replace one of the schema's own files.
    ///
    /// # Errors
    /// As [`Builder::generate`], plus [`Error::OverwritesInput`] and [`Error::Io`].
    pub fn write(&self, out_dir: &Path) -> Result<Summary, Error> {
        self.write_with(out_dir, &self.options, &working_directory())
    }

    /// [`Builder::write`]; headers name schemas relative to `base`.
    fn write_with(&self, out_dir: &Path, options: &outputs::Options, base: &Path) -> Result<Summary, Error> {
        let mut written = Vec::new();
        let overwrites = |inputs: &[PathBuf], name: &str| {
            let path = out_dir.join(name);
            if output::replaces_any(&path, inputs.iter().map(PathBuf::as_path)) { Err(Error::OverwritesInput { path }) } else { Ok(()) }
        };
        let report = self.each_file(options, base, overwrites, |file| {
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
    /// Headers name each schema relative to `base`.
    fn each_file(
        &self,
        options: &outputs::Options,
        base: &Path,
        check: impl Fn(&[PathBuf], &str) -> Result<(), Error>,
        mut sink: impl FnMut(GeneratedFile) -> Result<(), Error>,
    ) -> Result<Report, Error> {
        if self.schemas.is_empty() {
            return Err(Error::NoSchema);
        }
        if !self.option_errors.is_empty() {
            return Err(Error::Options { errors: self.option_errors.clone() });
        }
        if let Some(version) = &self.invalid_oldest_server {
            return Err(Error::OldestServer { version: version.clone() });
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
            let loaded = match qapi_gen_schema::load(path).and_then(|loaded| loaded.with_warning_policy(&options.warnings)) {
                Ok(loaded) => loaded,
                Err(failure) => {
                    report.inputs.extend(failure.files());
                    return Err(Error::Schema { path: path.clone(), failure, inputs: report.inputs });
                }
            };
            report.inputs.extend(loaded.files());
            report.read.0.extend(build_cache::Input::all(&loaded.sources));
            let mut options = options.clone();
            options.provenance.schema = Some(output::relative_path(path, base));
            let options = &options;
            if self.outputs.contains_key(&Output::Rust) {
                report.option_warnings.extend(options.rust.custom.unmatched(&loaded.schema).into_iter().map(|warning| format!("{}: {warning}", path.display())));
                report.cfg_names.extend(options.rust.cfg.names(&loaded.schema));
            }
            let inputs: Vec<PathBuf> = loaded.sources.files().map(|(_, file)| file.canonical.clone()).collect();
            let module = &loaded.schema.module;
            let names: Vec<(Output, Option<String>)> = self.outputs.iter().map(|(&output, name)| (output, name.as_ref().map(|name| name.replace("{module}", module)))).collect();
            let main_names: Vec<String> = names.iter().map(|(output, name)| name.clone().unwrap_or_else(|| output.default_file_name(module))).collect();
            for name in &main_names {
                check(&inputs, name)?;
            }
            let mut hand_over = |files: Vec<GeneratedFile>| {
                for file in files {
                    if !written_names.insert(file.name.clone()) {
                        return Err(Error::DuplicateFile { name: file.name });
                    }
                    if !main_names.contains(&file.name) {
                        check(&inputs, &file.name)?;
                    }
                    sink(file)?;
                }
                Ok(())
            };
            let emit = |(output, name): &(Output, Option<String>)| output.emit(&loaded.schema, options, name.as_deref());
            if options.rust.jobs.is_some_and(|jobs| jobs.get() == 1) {
                for output in &names {
                    hand_over(emit(output))?;
                }
            } else {
                // The other outputs are built on threads of their own while
                // the first (the Rust, which lays out its pieces on every
                // core) is built here, and all are handed over in order.
                std::thread::scope(|scope| {
                    let Some((first, rest)) = names.split_first() else { return Ok(()) };
                    let others: Vec<_> = rest.iter().map(|output| std::thread::Builder::new().spawn_scoped(scope, move || emit(output)).map_err(|_| output)).collect();
                    hand_over(emit(first))?;
                    for other in others {
                        // A thread that could not be spawned only means less parallelism.
                        let files = match other {
                            Ok(thread) => thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                            Err(output) => emit(output),
                        };
                        hand_over(files)?;
                    }
                    Ok(())
                })?;
            }
            if !loaded.warnings.is_empty() {
                report.warnings.push(Warnings { path: path.clone(), sources: loaded.sources, diagnostics: loaded.warnings });
            }
        }
        Ok(report)
    }

    /// [`Builder::write`] into the output directory (default `OUT_DIR`),
    /// in the [`Builder::out_dir_layout`] (compact unless set), on Cargo's
    /// job count, and prints `cargo:rerun-if-changed` for every schema file
    /// read (also when the schema has errors); with [`FlagStyle::Cfg`],
    /// `cargo::rustc-check-cfg=cfg(NAME)` for every `cfg` name the Rust
    /// output tests.
    ///
    /// # Errors
    /// As [`Builder::write`], plus [`Error::NoOutDir`].
    pub fn run(&self) -> Result<Summary, Error> {
        let mut lines = Vec::new();
        let result = self.run_into(&mut lines);
        for line in lines {
            println!("{line}");
        }
        result
    }

    /// The output directory of [`Builder::run`].
    fn run_out_dir(&self) -> Result<PathBuf, Error> {
        self.out_dir.clone().or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from)).ok_or(Error::NoOutDir)
    }

    /// [`Builder::run`], its `cargo:` lines added to `lines` instead of printed.
    fn run_into(&self, lines: &mut Vec<String>) -> Result<Summary, Error> {
        let out_dir = self.run_out_dir()?;
        let mut options = self.options.clone();
        if options.rust.jobs.is_none() {
            // Cargo's `-j` for this build; it does not change the output.
            options.rust.jobs = std::env::var("NUM_JOBS").ok().and_then(|jobs| jobs.parse().ok());
        }
        options.rust.layout = self.run_layout;
        let result = self.write_with(&out_dir, &options, &manifest_directory());
        if let Ok(summary) = &result {
            self.cfg_name_lines(&summary.report, lines);
        }
        if self.emit_rerun {
            let inputs = match &result {
                Ok(written) => written.report.inputs.as_slice(),
                Err(Error::Schema { inputs, .. }) => inputs.as_slice(),
                Err(_) => &[],
            };
            for input in inputs {
                lines.push(format!("cargo:rerun-if-changed={}", input.display()));
            }
            for top in &self.schemas {
                if !inputs.contains(top) {
                    lines.push(format!("cargo:rerun-if-changed={}", top.display()));
                }
            }
        }
        result
    }

    /// The `cargo::` lines that declare the names the Rust output tests.
    fn cfg_name_lines(&self, report: &Report, lines: &mut Vec<String>) {
        match self.options.rust.cfg.flag_style() {
            FlagStyle::Cfg => {
                lines.extend(report.cfg_names.iter().map(|name| format!("cargo::rustc-check-cfg=cfg({name})")));
            }
            FlagStyle::Feature if self.warn_features && !report.cfg_names.is_empty() => {
                let features: Vec<String> = report.cfg_names.iter().map(|name| format!("{name:?} = []")).collect();
                lines.push(format!("cargo::warning=the generated code tests these Cargo features; declare them under [features]: {}", features.join(", ")));
            }
            _ => {}
        }
    }

    /// [`Builder::run`] for build scripts. Every problem becomes one
    /// `cargo::error=` line (`path:line:column: message; help: ...`), which
    /// cargo shows once as `error: <package>: ...` and which fails the
    /// build; the script then ends with status 0, so that cargo does not
    /// repeat its whole output. Warnings become `cargo::warning=` lines as
    /// [`Builder::show_warnings`] says.
    ///
    /// A rerun that would write the same files (the same generator and
    /// options, every schema file byte for byte as before, the outputs as
    /// they were written) only prints the lines of the last run: Cargo
    /// reruns build scripts when a file's modification time changes, also
    /// without a change of content. The entry is a file beside the outputs
    /// (`.qapi-gen-*.cache`, with a copy of the schema files).
    pub fn compile(&self) {
        let (lines, failed) = match self.compile_lines() {
            Compiled::Cached(lines) => (lines, false),
            Compiled::Ran { lines, failed } => (lines, failed),
        };
        for line in &lines {
            println!("{line}");
        }
        if failed {
            std::process::exit(0);
        }
    }

    /// What [`Builder::compile`] prints, from the cache entry when it is fresh.
    fn compile_lines(&self) -> Compiled {
        let entry = self.run_out_dir().ok().map(|out_dir| build_cache::Entry::new(&out_dir, &format!("{:?} {:?}", self.schemas, self.outputs), self.cache_key()));
        if let Some(lines) = entry.as_ref().and_then(build_cache::Entry::fresh) {
            return Compiled::Cached(lines);
        }
        let mut lines = Vec::new();
        let result = self.run_into(&mut lines);
        let (errors, warnings) = match &result {
            Ok(summary) => (Vec::new(), summary.report.warnings.iter().flat_map(|w| self.warning_lines(&w.path, &w.sources, &w.diagnostics)).collect()),
            Err(Error::Schema { path, failure, .. }) => {
                let errors = failure.diagnostics.sorted().into_iter().filter(|d| d.severity == Severity::Error).map(|d| d.one_line(&failure.sources)).collect();
                (errors, self.warning_lines(path, &failure.sources, &failure.diagnostics))
            }
            Err(error) => (vec![error.to_string()], Vec::new()),
        };
        lines.extend(warnings.into_iter().map(|line| format!("cargo::warning={line}")));
        if let Ok(summary) = &result {
            lines.extend(summary.report.option_warnings.iter().map(|warning| format!("cargo::warning={warning}")));
        }
        let failed = !errors.is_empty();
        lines.extend(errors.into_iter().map(|line| format!("cargo::error={line}")));
        if let (Some(entry), Ok(summary), false) = (&entry, &result, failed) {
            let outputs: Vec<PathBuf> = summary.files.iter().map(|(path, _)| path.clone()).collect();
            entry.store(&summary.report.read.0, &outputs, &lines);
        }
        Compiled::Ran { lines, failed }
    }

    /// Everything that decides what [`Builder::compile`] writes and prints
    /// besides the schema files: the generator, the directories paths are
    /// relative to, and every option.
    fn cache_key(&self) -> String {
        format!("{}\nworking directory: {:?}\nmanifest directory: {:?}\n{self:?}", build_cache::generator(), working_directory(), manifest_directory())
    }

    /// The `cargo::warning=` lines of the warnings among `diagnostics` of
    /// the schema `path`.
    fn warning_lines(&self, path: &Path, sources: &SourceMap, diagnostics: &Diagnostics) -> Vec<String> {
        let list: Vec<_> = diagnostics.sorted().into_iter().filter(|d| d.severity == Severity::Warning).collect();
        match self.show_warnings {
            _ if list.is_empty() => Vec::new(),
            ShowWarnings::Each => list.iter().map(|d| d.one_line(sources)).collect(),
            ShowWarnings::Summary => vec![summary_line(path, diagnostics, list.len())],
        }
    }
}

/// `path: N warnings (how many of each kind), not listed; how to see them.`
fn summary_line(path: &Path, diagnostics: &Diagnostics, count: usize) -> String {
    let kinds: Vec<String> = diagnostics
        .warning_kinds()
        .into_iter()
        .map(|(kind, count)| format!("{count} {}", kind.map_or("other", WarningKind::name)))
        .collect();
    let path = output::relative_path(path, &working_directory());
    format!(
        "{path}: {count} warning{} ({}), not listed; list them with `Builder::show_warnings(ShowWarnings::Each)` or `qapi-gen check {path}`, allow or deny them with `Builder::warning_level`",
        if count == 1 { "" } else { "s" },
        kinds.join(", ")
    )
}

/// What [`Builder::compile`] prints.
#[derive(Debug, PartialEq, Eq)]
enum Compiled {
    /// The lines of the last run, nothing generated (`build_cache`).
    Cached(Vec<String>),
    /// A full run, and whether the build fails.
    Ran { lines: Vec<String>, failed: bool },
}

/// The package's directory, which Cargo runs build scripts in and names;
/// the working directory without Cargo.
fn manifest_directory() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(working_directory, PathBuf::from)
}

/// The working directory, or `.` when it cannot be read.
fn working_directory() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
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

    /// `compile` reuses its last run only while every input, option and
    /// output is as it was.
    #[test]
    fn compile_skips_generation_while_nothing_changed() {
        let (directory, schema) = tiny();
        let included = directory.path().join("more.yaml");
        let top = "module: tiny\nversion: \"1.0\"\ninclude: [more.yaml]\ndefinitions:\n  - event: PING\n    data:\n      count: int\n";
        std::fs::write(&schema, top).expect("write schema");
        std::fs::write(&included, "definitions:\n  - struct: Extra\n    data:\n      size: int\n").expect("write include");
        let out = directory.path().join("out");
        let output = out.join("tiny.rs");
        let mut builder = Builder::new();
        builder.schema(&schema).out_dir(&out);
        let first = builder.compile_lines();
        let Compiled::Ran { lines, failed: false } = first else { panic!("the first run generates: {first:?}") };
        assert!(lines.iter().any(|line| line.ends_with("more.yaml")), "{lines:?}");
        assert_eq!(builder.compile_lines(), Compiled::Cached(lines.clone()));

        // Rewritten with the same content (a new modification time): cached.
        std::fs::write(&included, std::fs::read(&included).expect("read include")).expect("rewrite include");
        assert_eq!(builder.compile_lines(), Compiled::Cached(lines.clone()));

        // An included file changes: generated again, with its change.
        std::fs::write(&included, "definitions:\n  - struct: Other\n    data:\n      size: int\n").expect("write include");
        assert!(matches!(builder.compile_lines(), Compiled::Ran { failed: false, .. }));
        assert!(std::fs::read_to_string(&output).expect("output").contains("pub struct Other"));
        assert!(matches!(builder.compile_lines(), Compiled::Cached(_)));

        // Another option: generated again (and its entry replaces the
        // first one's, whose next run is a full one).
        let mut other = builder.clone();
        other.include_removed(true);
        assert!(matches!(other.compile_lines(), Compiled::Ran { failed: false, .. }));
        assert!(matches!(other.compile_lines(), Compiled::Cached(_)));
        assert!(matches!(builder.compile_lines(), Compiled::Ran { failed: false, .. }));
        assert!(matches!(builder.compile_lines(), Compiled::Cached(_)));
        let entries = std::fs::read_dir(&out).expect("out").filter_map(Result::ok).filter(|e| e.file_name().to_string_lossy().ends_with(".cache")).count();
        assert_eq!(entries, 1);

        // The output edited or removed: written again.
        std::fs::write(&output, "// edited by hand\n").expect("edit output");
        assert!(matches!(builder.compile_lines(), Compiled::Ran { failed: false, .. }));
        assert!(std::fs::read_to_string(&output).expect("output").contains("pub struct Other"));
        std::fs::remove_file(&output).expect("remove output");
        assert!(matches!(builder.compile_lines(), Compiled::Ran { failed: false, .. }));
        assert!(output.exists());

        // A schema with errors is never cached, and leaves the entry of
        // the last good run stale.
        std::fs::write(&included, "definitions:\n  - struct: Other\n    data:\n      size: nope\n").expect("write include");
        assert!(matches!(builder.compile_lines(), Compiled::Ran { failed: true, .. }));
        assert!(matches!(builder.compile_lines(), Compiled::Ran { failed: true, .. }));
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
    fn the_report_names_what_the_rust_output_tests() {
        let directory = tempfile::tempdir().expect("temporary directory");
        let schema = directory.path().join("flags.yaml");
        std::fs::write(&schema, "definitions:\n  - event: ONE\n    if: {all: [CONFIG_A-B, {not: TARGET_X}]}\n  - event: TWO\n    if: KVM\n").expect("write schema");
        let names = |style: FlagStyle| Builder::new().schema(&schema).conditions(style).generate().expect("valid schema").report.cfg_names.into_iter().collect::<Vec<_>>();
        assert!(names(FlagStyle::Docs).is_empty());
        assert_eq!(names(FlagStyle::Feature), ["config_a-b", "kvm", "target_x"]);
        assert_eq!(names(FlagStyle::Cfg), ["config_a_b", "kvm", "target_x"]);
        let mapped = Builder::new()
            .schema(&schema)
            .cfg_mapping(CfgMapping::new().flag("KVM", "target_os = \"linux\"").expect("valid predicate"))
            .conditions(FlagStyle::Cfg)
            .generate()
            .expect("valid schema");
        assert_eq!(mapped.report.cfg_names.into_iter().collect::<Vec<_>>(), ["config_a_b", "target_x"], "mapped flags are the user's own");
        assert!(mapped.files[0].contents.contains("#[cfg(target_os = \"linux\")]"), "{}", mapped.files[0].contents);
        let without_rust = Builder::new().schema(&schema).conditions(FlagStyle::Cfg).rust(false).rst(true).generate().expect("valid schema");
        assert!(without_rust.report.cfg_names.is_empty());
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
        assert!(good.files[0].contents.contains("crate::qmp::Envelope<"), "{}", good.files[0].contents);
    }

    #[test]
    fn the_oldest_server_makes_newer_received_members_optional() {
        let directory = tempfile::tempdir().expect("temporary directory");
        let schema = directory.path().join("dated.yaml");
        std::fs::write(&schema, "module: dated\nversion: \"2.0\"\ndefinitions:\n  - event: PING\n    since: \"1.0\"\n    data:\n      count: int\n      extra:\n        type: int\n        since: \"2.0\"\n").expect("write schema");
        let plain = Builder::new().schema(&schema).generate().expect("valid schema");
        assert!(plain.files[0].contents.contains("pub extra: i64,"), "{}", plain.files[0].contents);
        let floored = Builder::new().schema(&schema).oldest_server("1.0").generate().expect("valid schema");
        let code = &floored.files[0].contents;
        assert!(code.contains("pub count: i64,") && code.contains("pub extra: ::core::option::Option<i64>,"), "{code}");
        assert!(code.contains("sent only by servers since 2.0"), "{code}");
        let bad = Builder::new().schema(&schema).oldest_server("ten").generate();
        assert!(matches!(&bad, Err(Error::OldestServer { version }) if version == "ten"), "{bad:?}");
    }
}
