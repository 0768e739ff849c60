//! `qapi-gen`: the command-line front door. It only translates arguments
//! into library calls and renders their results; all logic lives in
//! `qapi-gen-schema` and `qapi-gen-codegen`.

mod args;
mod custom;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use qapi_gen_codegen::output::{self, FrontDoor, Provenance};
use qapi_gen_codegen::schema::Loaded;
use qapi_gen_codegen::{Builder, Output, builder, outputs};

use args::{Cli, Command, Conditions, Floor, Format, Input, Jobs, OutDir, Removed};
use custom::Customize;
use report::{Reporter, count};

/// The generator allocates many small, short-lived values (nodes, tokens,
/// syntax trees); mimalloc runs the whole pipeline about a quarter faster
/// than the system allocator (`docs/performance.md`). It needs a C
/// compiler, hence the non-default `mimalloc` feature.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = matches!(cli.command, Command::Check { format: Format::Json, .. });
    let reporter = Reporter { color: !json && cli.display.color.on_stderr(), quiet: cli.display.quiet, json };
    match run(cli.command, reporter) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => ExitCode::from(code),
    }
}

/// Runs one command; `Err` carries the exit status.
fn run(command: Command, reporter: Reporter) -> Result<(), u8> {
    match command {
        Command::Check { input, .. } => {
            let loaded = load(&input, reporter, "nothing was written")?;
            let definitions = loaded.schema.definitions.len();
            let files = loaded.sources.files().count();
            let warnings = loaded.warnings.warning_count();
            reporter.summary(&format!("{}: ok, {definitions} definitions in {}, {}", input.schema.display(), count(files, "file"), count(warnings, "warning")));
            Ok(())
        }
        Command::Rust { input, removed, output, jobs, floor, custom, conditions } => {
            let options = customized(conditions.apply(floor.apply(options("rust", &input, &removed, &jobs, false))), &custom)?;
            emit_one(Output::Rust, &input, output.output.as_deref(), &options, reporter)
        }
        Command::JsonSchema { input, removed, output, strict } => {
            emit_one(Output::JsonSchema, &input, output.output.as_deref(), &options("json-schema", &input, &removed, &Jobs { jobs: None }, strict), reporter)
        }
        Command::Rst { input, output } => {
            let options = options("rst", &input, &Removed { include_removed: false }, &Jobs { jobs: None }, false);
            emit_one(Output::Rst, &input, output.output.as_deref(), &options, reporter)
        }
        Command::Import { input, out_dir } => {
            usable_directory(&out_dir)?;
            let loaded = load(&input, reporter, "nothing was written")?;
            for file in Output::Yaml.emit(&loaded.schema, &outputs::Options::default(), None) {
                write(Some(&out_dir.out_dir.join(&file.name)), &file.contents, &loaded, reporter)?;
            }
            Ok(())
        }
        Command::Generate { input, removed, out_dir, jobs, floor, custom, conditions } => {
            usable_directory(&out_dir)?;
            let options = customized(conditions.apply(floor.apply(options("generate", &input, &removed, &jobs, false))), &custom)?;
            let mut builder = Builder::new();
            builder.schema(&input.schema).options(options).emit_rerun_if_changed(false);
            for &output in Output::ALL.iter().filter(|&&output| output != Output::Yaml) {
                builder.output(output, true);
            }
            match builder.write(&out_dir.out_dir) {
                Ok(summary) => {
                    for warnings in &summary.report.warnings {
                        reporter.diagnostics(&warnings.diagnostics, &warnings.sources);
                    }
                    for warning in &summary.report.option_warnings {
                        reporter.warning(warning);
                    }
                    for (path, written) in &summary.files {
                        reporter.written(path, *written);
                    }
                    Ok(())
                }
                Err(builder::Error::Schema { failure, .. }) => Err(reporter.failure(&input.schema, &failure, "nothing was written")),
                Err(error) => {
                    eprintln!("error: {error}");
                    Err(2)
                }
            }
        }
        Command::Compat { old, new, client, format, warnings } => {
            let policy = warnings.policy();
            let (old, new) = (load_compat(&old, &policy, reporter), load_compat(&new, &policy, reporter));
            let (Some(old), Some(new)) = (old, new) else { return Err(2) };
            if client {
                let support = qapi_gen_codegen::schema::compat::support(&old.schema, &new.schema);
                match format {
                    Format::Text => print!("{}", support.render_text(&old.sources, &new.sources)),
                    Format::Json => print!("{}", support.render_json(&old.sources, &new.sources)),
                }
                return if support.is_complete() { Ok(()) } else { Err(1) };
            }
            let report = qapi_gen_codegen::schema::compat::compare(&old.schema, &new.schema);
            match format {
                Format::Text => print!("{}", report.render_text(&old.sources, &new.sources)),
                Format::Json => print!("{}", report.render_json(&old.sources, &new.sources)),
            }
            if report.is_breaking() { Err(1) } else { Ok(()) }
        }
    }
}

/// The shared options from the command line for the subcommand
/// `command`; headers name it and the schema, relative to the working
/// directory.
fn options(command: &'static str, input: &Input, removed: &Removed, jobs: &Jobs, strict: bool) -> outputs::Options {
    let mut options = outputs::Options::default();
    options.include_removed = removed.include_removed;
    options.rust.jobs = jobs.jobs;
    options.json_schema.strict = strict;
    options.warnings = input.warnings.policy();
    options.provenance = Provenance::new(FrontDoor::Cli(command), &input.schema, &working_directory());
    options
}

/// The options with the customisation flags, or the values refused (a usage error).
fn customized(mut options: outputs::Options, custom: &Customize) -> Result<outputs::Options, u8> {
    match custom.to_customization() {
        Ok(custom) => {
            options.rust.custom = custom;
            Ok(options)
        }
        Err(errors) => {
            for error in errors {
                eprintln!("error: {error}");
            }
            Err(2)
        }
    }
}

impl Floor {
    /// `options` with this release floor.
    fn apply(&self, mut options: outputs::Options) -> outputs::Options {
        options.rust.oldest_server = self.oldest_server;
        options
    }
}

impl Conditions {
    /// `options` with this style.
    fn apply(&self, mut options: outputs::Options) -> outputs::Options {
        options.rust.cfg = options.rust.cfg.style(self.conditions);
        options
    }
}

fn working_directory() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

/// Loads a schema and writes one output to `path` (standard output when `None` or `-`).
fn emit_one(output: Output, input: &Input, path: Option<&Path>, options: &outputs::Options, reporter: Reporter) -> Result<(), u8> {
    let loaded = load(input, reporter, "nothing was written")?;
    for warning in options.rust.custom.unmatched(&loaded.schema) {
        reporter.warning(&format!("{}: {warning}", input.schema.display()));
    }
    for file in output.emit(&loaded.schema, options, None) {
        write(path, &file.contents, &loaded, reporter)?;
    }
    Ok(())
}

/// Loads a schema with the command line's warning levels, printing its
/// warnings, or prints the diagnostics and gives the exit status.
fn load(input: &Input, reporter: Reporter, outcome: &str) -> Result<Loaded, u8> {
    match qapi_gen_codegen::schema::load(&input.schema).and_then(|loaded| loaded.with_warning_policy(&input.warnings.policy())) {
        Ok(loaded) => {
            reporter.diagnostics(&loaded.warnings, &loaded.sources);
            Ok(loaded)
        }
        Err(failure) => Err(reporter.failure(&input.schema, &failure, outcome)),
    }
}

/// Loads one side of a comparison; a schema that cannot be loaded is a usage error.
fn load_compat(path: &Path, policy: &qapi_gen_codegen::schema::WarningPolicy, reporter: Reporter) -> Option<Loaded> {
    match qapi_gen_codegen::schema::compat::load(path).and_then(|loaded| loaded.with_warning_policy(policy)) {
        Ok(loaded) => {
            reporter.diagnostics(&loaded.warnings, &loaded.sources);
            Some(loaded)
        }
        Err(failure) => {
            reporter.failure(path, &failure, "it cannot be compared");
            None
        }
    }
}

/// Refuses an `--out-dir` that exists and is not a directory.
fn usable_directory(out_dir: &OutDir) -> Result<(), u8> {
    let path = &out_dir.out_dir;
    if path.exists() && !path.is_dir() {
        eprintln!("error: --out-dir {} is a file, not a directory", path.display());
        return Err(2);
    }
    Ok(())
}

/// Writes one file (standard output for `None` or `-`), never over one of
/// the schema's own files.
fn write(path: Option<&Path>, contents: &str, loaded: &Loaded, reporter: Reporter) -> Result<(), u8> {
    let Some(path) = path.filter(|path| path.as_os_str() != "-") else {
        print!("{contents}");
        return Ok(());
    };
    if output::replaces_any(path, loaded.sources.files().map(|(_, file)| file.canonical.as_path())) {
        eprintln!("error: refusing to write over the schema file {}", path.display());
        return Err(2);
    }
    match output::write_if_changed(path, contents.as_bytes()) {
        Ok(written) => {
            reporter.written(path, written);
            Ok(())
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", path.display());
            Err(2)
        }
    }
}
