//! `qapi-gen`: the command-line front door. It only translates arguments
//! into library calls and renders their results; all logic lives in
//! `qapi-gen-schema` and `qapi-gen-codegen`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use qapi_gen_codegen::output::{self, Written};
use qapi_gen_codegen::schema::{FailureKind, Loaded};
use qapi_gen_codegen::{Builder, Output, builder, outputs};

/// The generator allocates many small, short-lived values (nodes, tokens,
/// syntax trees); mimalloc runs the whole pipeline about a quarter faster
/// than the system allocator (`docs/performance.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate Rust types, a JSON Schema and a reStructuredText manual from a
/// QAPI-like YAML schema, and check schemas against the language's rules.
/// Every command that reads a schema also accepts a QAPI `.json` root.
///
/// Exit status: 0 on success, 1 when the schema has errors, 2 for usage or
/// I/O errors.
#[derive(Parser)]
#[command(name = "qapi-gen", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a schema and every file it includes; print all problems found.
    Check {
        /// The top schema file.
        schema: PathBuf,
    },
    /// Write the generated Rust code.
    Rust {
        #[command(flatten)]
        input: Input,
        /// Output file (standard output when omitted or `-`).
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        jobs: Jobs,
    },
    /// Write the JSON Schema (draft 2020-12) of the schema's messages.
    JsonSchema {
        #[command(flatten)]
        input: Input,
        /// Output file (standard output when omitted or `-`).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Reject unknown members (for conformance testing).
        #[arg(long)]
        strict: bool,
    },
    /// Write the reStructuredText manual (removed items are always shown, as history).
    Rst {
        /// The top schema file.
        schema: PathBuf,
        /// Output file (standard output when omitted or `-`).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Convert a QAPI schema (QEMU's `qapi/*.json` dialect) into YAML schema
    /// files, one per QAPI module, includes preserved.
    Import {
        /// The top QAPI file (e.g. `qapi/qapi-schema.json`).
        schema: PathBuf,
        /// Directory to write the YAML files into (created when missing).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Write every output into one directory: MODULE.rs, MODULE.schema.json, MODULE.rst.
    Generate {
        #[command(flatten)]
        input: Input,
        /// Directory to write into (created when missing).
        #[arg(long)]
        out_dir: PathBuf,
        #[command(flatten)]
        jobs: Jobs,
    },
    /// Compare two versions of a schema and report every change on the wire
    /// as breaking, deprecation or compatible (exit status 1 when something
    /// is breaking, 2 when a schema cannot be loaded).
    Compat {
        /// The old schema (the released interface).
        old: PathBuf,
        /// The new schema.
        new: PathBuf,
        /// Report format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Format of the `compat` report.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Grouped by class, for people.
    Text,
    /// One JSON document, for tools.
    Json,
}

#[derive(Args)]
struct Input {
    /// The top schema file.
    schema: PathBuf,
    /// Keep items whose removal version has passed (for clients of older servers).
    #[arg(long)]
    include_removed: bool,
}

/// Threads for the Rust output.
#[derive(Args)]
struct Jobs {
    /// Threads formatting the Rust output (default: every core). The output
    /// is the same for any number.
    #[arg(short, long)]
    jobs: Option<std::num::NonZeroUsize>,
    /// The oldest server release the client talks to (`10.0`): members of
    /// received types that are newer become `Option`.
    #[arg(long, value_name = "VERSION", value_parser = oldest_server)]
    oldest_server: Option<qapi_gen_codegen::schema::version::Version>,
}

/// `--oldest-server`'s value.
fn oldest_server(text: &str) -> Result<qapi_gen_codegen::schema::version::Version, String> {
    qapi_gen_codegen::schema::version::Version::parse(text).ok_or_else(|| format!("`{text}` is not a version such as `10.0`"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => ExitCode::from(code),
    }
}

/// Runs one command; `Err` carries the exit status.
fn run(command: Command) -> Result<(), u8> {
    match command {
        Command::Check { schema } => {
            let loaded = load(&schema)?;
            let count = loaded.schema.definitions.len();
            eprintln!("{}: ok, {count} definitions in {} files", schema.display(), loaded.sources.files().count());
            Ok(())
        }
        Command::Rust { input, output, jobs } => emit_one(Output::Rust, &input.schema, output.as_deref(), &options(&input, &jobs, false)),
        Command::JsonSchema { input, output, strict } => emit_one(Output::JsonSchema, &input.schema, output.as_deref(), &options(&input, &Jobs { jobs: None, oldest_server: None }, strict)),
        Command::Rst { schema, output } => emit_one(Output::Rst, &schema, output.as_deref(), &outputs::Options::default()),
        Command::Import { schema, output } => {
            let loaded = load(&schema)?;
            for file in Output::Yaml.emit(&loaded.schema, &outputs::Options::default(), None) {
                write(Some(&output.join(&file.name)), &file.contents, &loaded)?;
            }
            Ok(())
        }
        Command::Generate { input, out_dir, jobs } => {
            let mut builder = Builder::new();
            builder.schema(&input.schema).options(options(&input, &jobs, false)).emit_rerun_if_changed(false);
            for &output in Output::ALL.iter().filter(|&&output| output != Output::Yaml) {
                builder.output(output, true);
            }
            match builder.write(&out_dir) {
                Ok(summary) => {
                    eprint!("{}", summary.report.render_warnings());
                    for (path, written) in &summary.files {
                        report_written(path, *written);
                    }
                    Ok(())
                }
                Err(builder::Error::Schema { failure, .. }) => Err(render_failure(&input.schema, &failure)),
                Err(error) => {
                    eprintln!("error: {error}");
                    Err(2)
                }
            }
        }
        Command::Compat { old, new, format } => {
            let (old, new) = (load_compat(&old), load_compat(&new));
            let (Some(old), Some(new)) = (old, new) else { return Err(2) };
            let report = qapi_gen_codegen::schema::compat::compare(&old.schema, &new.schema);
            match format {
                Format::Text => print!("{}", report.render_text(&old.sources, &new.sources)),
                Format::Json => print!("{}", report.render_json(&old.sources, &new.sources)),
            }
            if report.is_breaking() { Err(1) } else { Ok(()) }
        }
    }
}

/// The shared options from the command line.
fn options(input: &Input, jobs: &Jobs, strict: bool) -> outputs::Options {
    let mut options = outputs::Options::default();
    options.include_removed = input.include_removed;
    options.rust.jobs = jobs.jobs;
    options.rust.oldest_server = jobs.oldest_server;
    options.json_schema.strict = strict;
    options
}

/// Loads a schema and writes one output to `path` (standard output when `None` or `-`).
fn emit_one(output: Output, schema: &Path, path: Option<&Path>, options: &outputs::Options) -> Result<(), u8> {
    let loaded = load(schema)?;
    for file in output.emit(&loaded.schema, options, None) {
        write(path, &file.contents, &loaded)?;
    }
    Ok(())
}

/// Loads a schema, printing warnings, or prints the diagnostics and gives the exit status.
fn load(path: &Path) -> Result<Loaded, u8> {
    match qapi_gen_codegen::schema::load(path) {
        Ok(loaded) => {
            eprint!("{}", loaded.render_warnings());
            Ok(loaded)
        }
        Err(failure) => Err(render_failure(path, &failure)),
    }
}

/// Prints a failure's diagnostics and gives the exit status.
fn render_failure(path: &Path, failure: &qapi_gen_codegen::schema::Failure) -> u8 {
    eprint!("{}", failure.render());
    let errors = failure.diagnostics.error_count();
    if failure.kind == FailureKind::Unreadable {
        2
    } else {
        eprintln!("error: {} has {errors} error{}; nothing was written", path.display(), if errors == 1 { "" } else { "s" });
        1
    }
}

/// Loads one side of a comparison; a schema that cannot be loaded is a usage error.
fn load_compat(path: &Path) -> Option<Loaded> {
    match qapi_gen_codegen::schema::load(path) {
        Ok(loaded) => {
            eprint!("{}", loaded.render_warnings());
            Some(loaded)
        }
        Err(failure) => {
            eprint!("{}", failure.render());
            if failure.kind != FailureKind::Unreadable {
                eprintln!("error: {} has errors; it cannot be compared", path.display());
            }
            None
        }
    }
}

/// Writes one file (standard output for `None` or `-`), never over one of
/// the schema's own files.
fn write(path: Option<&Path>, contents: &str, loaded: &Loaded) -> Result<(), u8> {
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
            report_written(path, written);
            Ok(())
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", path.display());
            Err(2)
        }
    }
}

fn report_written(path: &Path, written: Written) {
    match written {
        Written::Changed => eprintln!("wrote {}", path.display()),
        Written::Unchanged => eprintln!("unchanged {}", path.display()),
    }
}
