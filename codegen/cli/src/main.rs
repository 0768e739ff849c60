//! `qapi-gen`: the command-line front door. It only translates arguments
//! into library calls and renders their results; all logic lives in
//! `qapi-gen-schema` and `qapi-gen-codegen`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use qapi_gen_codegen::output::{self, Written};
use qapi_gen_codegen::{json_schema, rst, rust};
use qapi_gen_schema::Loaded;

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
    /// Write the reStructuredText manual.
    Rst {
        #[command(flatten)]
        input: Input,
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
        Command::Rust { input, output, jobs } => {
            let loaded = load(&input.schema)?;
            let options = rust_options(&input, &jobs);
            write(output.as_deref(), &rust::emit_file(&loaded.schema, &options))
        }
        Command::JsonSchema { input, output, strict } => {
            let loaded = load(&input.schema)?;
            let mut options = json_schema::Options::default();
            options.include_removed = input.include_removed;
            options.strict = strict;
            write(output.as_deref(), &json_schema::emit_string(&loaded.schema, &options))
        }
        Command::Rst { input, output } => {
            let loaded = load(&input.schema)?;
            write(output.as_deref(), &rst::emit(&loaded.schema, &rst::Options::default()))
        }
        Command::Import { schema, output } => {
            let loaded = load(&schema)?;
            for (path, contents) in qapi_gen_codegen::yaml::emit(&loaded.schema) {
                write(Some(&output.join(path)), &contents)?;
            }
            Ok(())
        }
        Command::Generate { input, out_dir, jobs } => {
            let loaded = load(&input.schema)?;
            let module = &loaded.schema.module;
            let mut json_options = json_schema::Options::default();
            json_options.include_removed = input.include_removed;
            // Each output is written before the next is built: large schemas
            // give outputs of hundreds of megabytes.
            write(Some(&out_dir.join(format!("{module}.rs"))), &rust::emit_file(&loaded.schema, &rust_options(&input, &jobs)))?;
            write(Some(&out_dir.join(format!("{module}.schema.json"))), &json_schema::emit_string(&loaded.schema, &json_options))?;
            write(Some(&out_dir.join(format!("{module}.rst"))), &rst::emit(&loaded.schema, &rst::Options::default()))
        }
        Command::Compat { old, new, format } => {
            let (old, new) = (load_compat(&old), load_compat(&new));
            let (Some(old), Some(new)) = (old, new) else { return Err(2) };
            let report = qapi_gen_schema::compat::compare(&old.schema, &new.schema);
            match format {
                Format::Text => print!("{}", report.render_text(&old.sources, &new.sources)),
                Format::Json => print!("{}", report.render_json(&old.sources, &new.sources)),
            }
            if report.is_breaking() { Err(1) } else { Ok(()) }
        }
    }
}

fn rust_options(input: &Input, jobs: &Jobs) -> rust::Options {
    let mut options = rust::Options::default();
    options.include_removed = input.include_removed;
    options.jobs = jobs.jobs;
    options
}

/// Loads a schema, printing warnings, or prints the diagnostics and gives the exit status.
fn load(path: &Path) -> Result<Loaded, u8> {
    match qapi_gen_schema::load(path) {
        Ok(loaded) => {
            eprint!("{}", loaded.render_warnings());
            Ok(loaded)
        }
        Err(failure) => {
            eprint!("{}", failure.render());
            let errors = failure.diagnostics.error_count();
            if failure.unreadable {
                Err(2)
            } else {
                eprintln!("error: {} has {errors} error{}; nothing was written", path.display(), if errors == 1 { "" } else { "s" });
                Err(1)
            }
        }
    }
}

/// Loads one side of a comparison; a schema that cannot be loaded is a usage error.
fn load_compat(path: &Path) -> Option<Loaded> {
    match qapi_gen_schema::load(path) {
        Ok(loaded) => {
            eprint!("{}", loaded.render_warnings());
            Some(loaded)
        }
        Err(failure) => {
            eprint!("{}", failure.render());
            if !failure.unreadable {
                eprintln!("error: {} has errors; it cannot be compared", path.display());
            }
            None
        }
    }
}

fn write(path: Option<&Path>, contents: &str) -> Result<(), u8> {
    match path {
        None => {
            print!("{contents}");
            Ok(())
        }
        Some(path) if path.as_os_str() == "-" => {
            print!("{contents}");
            Ok(())
        }
        Some(path) => match output::write_if_changed(path, contents.as_bytes()) {
            Ok(Written::Changed) => {
                eprintln!("wrote {}", path.display());
                Ok(())
            }
            Ok(Written::Unchanged) => {
                eprintln!("unchanged {}", path.display());
                Ok(())
            }
            Err(error) => {
                eprintln!("error: cannot write {}: {error}", path.display());
                Err(2)
            }
        },
    }
}
