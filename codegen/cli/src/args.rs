//! The command line: subcommands and the flag groups they share (input
//! schema, output file or directory, threads, warnings, colour), so a new
//! flag is added once and every command that reads a schema takes it.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use qapi_gen_codegen::rust::FlagStyle;
use qapi_gen_codegen::schema::{Level, WarningKind, WarningPolicy};

use crate::custom::Customize;

/// Generate Rust types, a JSON Schema and a reStructuredText manual from a
/// QAPI-like YAML schema, and check schemas against the language's rules.
/// Every command that reads a schema also accepts a QAPI `.json` root.
///
/// Exit status: 0 on success, 1 when the schema has errors, 2 for usage or
/// I/O errors.
#[derive(Parser)]
#[command(name = "qapi-gen", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub display: Display,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check a schema and every file it includes; print all problems found.
    Check {
        #[command(flatten)]
        input: Input,
        /// How diagnostics are printed: text on standard error, or one JSON
        /// object per diagnostic and line on standard output.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write the generated Rust code.
    Rust {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        removed: Removed,
        #[command(flatten)]
        output: OutputFile,
        #[command(flatten)]
        jobs: Jobs,
        #[command(flatten)]
        floor: Floor,
        #[command(flatten)]
        custom: Customize,
        #[command(flatten)]
        conditions: Conditions,
    },
    /// Write the JSON Schema (draft 2020-12) of the schema's messages.
    JsonSchema {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        removed: Removed,
        #[command(flatten)]
        output: OutputFile,
        /// Reject unknown members (for conformance testing).
        #[arg(long)]
        strict: bool,
    },
    /// Write the reStructuredText manual (removed items are always shown, as history).
    Rst {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        output: OutputFile,
    },
    /// Convert a QAPI schema (QEMU's `qapi/*.json` dialect) into YAML schema
    /// files, one per QAPI module, includes preserved.
    Import {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        out_dir: OutDir,
    },
    /// Write every output into one directory: MODULE.rs, MODULE.schema.json, MODULE.rst.
    Generate {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        removed: Removed,
        #[command(flatten)]
        out_dir: OutDir,
        #[command(flatten)]
        jobs: Jobs,
        #[command(flatten)]
        floor: Floor,
        #[command(flatten)]
        custom: Customize,
        #[command(flatten)]
        conditions: Conditions,
    },
    /// Compare two versions of a schema and report every change on the wire
    /// as breaking, deprecation or compatible (exit status 1 when something
    /// is breaking, 2 when a schema cannot be loaded).
    Compat {
        /// The old schema (the released interface), or a server's saved
        /// `query-qmp-schema` reply (JSON: the array, or `{"return": [...]}`).
        old: PathBuf,
        /// The new schema.
        new: PathBuf,
        /// Report, for a client written against NEW, what an OLD server
        /// rejects (commands, arguments, values, branches) and never sends
        /// (events, members, values, branches); exit status 1 when it lacks
        /// anything.
        #[arg(long)]
        client: bool,
        /// Report format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        warnings: Warnings,
    },
}

/// Format of a report.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For tools.
    Json,
}

/// The schema a command reads, and how its warnings are treated.
#[derive(Args)]
pub struct Input {
    /// The top schema file.
    pub schema: PathBuf,
    #[command(flatten)]
    pub warnings: Warnings,
}

/// For the outputs that leave removed items out by default.
#[derive(Args)]
pub struct Removed {
    /// Keep items whose removal version has passed (for clients of older servers).
    #[arg(long)]
    pub include_removed: bool,
}

/// Warning levels by kind (`docs/diagnostics.md` lists the kinds);
/// `warnings` names every kind, and a single kind wins over it.
#[derive(Args)]
pub struct Warnings {
    /// Drop warnings of KIND (or `warnings`: all).
    #[arg(short = 'A', long = "allow", value_name = "KIND", value_parser = kind)]
    allow: Vec<Option<WarningKind>>,
    /// Show warnings of KIND (or `warnings`: all); the default.
    #[arg(short = 'W', long = "warn", value_name = "KIND", value_parser = kind)]
    warn: Vec<Option<WarningKind>>,
    /// Turn warnings of KIND (or `warnings`: all) into errors.
    #[arg(short = 'D', long = "deny", value_name = "KIND", value_parser = kind)]
    deny: Vec<Option<WarningKind>>,
}

impl Warnings {
    /// The policy these flags give.
    pub fn policy(&self) -> WarningPolicy {
        let mut policy = WarningPolicy::default();
        for (kinds, level) in [(&self.allow, Level::Allow), (&self.warn, Level::Warn), (&self.deny, Level::Deny)] {
            for &kind in kinds {
                policy.set(kind, level);
            }
        }
        policy
    }
}

/// A warning kind by name; `warnings` is every kind (`None`).
fn kind(name: &str) -> Result<Option<WarningKind>, String> {
    if name == "warnings" {
        return Ok(None);
    }
    WarningKind::from_name(name).map(Some).ok_or_else(|| {
        let known: Vec<&str> = WarningKind::ALL.iter().map(|kind| kind.name()).collect();
        format!("unknown warning kind; known kinds: warnings (all), {}", known.join(", "))
    })
}

/// One output file.
#[derive(Args)]
pub struct OutputFile {
    /// Output file (standard output when omitted or `-`).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// An output directory.
#[derive(Args)]
pub struct OutDir {
    /// Directory to write into (created when missing).
    #[arg(long = "out-dir", short_alias = 'o', alias = "output", value_name = "DIR")]
    pub out_dir: PathBuf,
}

/// What conditions become in the Rust output.
#[derive(Args)]
pub struct Conditions {
    /// What `if` conditions become in Rust: `docs` (every item generated,
    /// the condition in its docs), `feature` (`#[cfg(feature = "config_x")]`)
    /// or `cfg` (`#[cfg(config_x)]`).
    #[arg(long, value_name = "STYLE", default_value = "docs", value_parser = flag_style)]
    pub conditions: FlagStyle,
}

/// `--conditions`: a style by its name.
fn flag_style(name: &str) -> Result<FlagStyle, String> {
    FlagStyle::from_name(name).ok_or_else(|| format!("expected one of {}", FlagStyle::ALL.iter().map(|style| style.name()).collect::<Vec<_>>().join(", ")))
}

/// Threads for the Rust output.
#[derive(Args)]
pub struct Jobs {
    /// Threads formatting the Rust output (default: every core); with more
    /// than one, the other outputs are built alongside it. The output is
    /// the same for any number.
    #[arg(short, long)]
    pub jobs: Option<NonZeroUsize>,
}

/// The release floor of the Rust output's received types.
#[derive(Args)]
pub struct Floor {
    /// The oldest server release the client talks to (`10.0`): members of
    /// received types that are newer become `Option`.
    #[arg(long, value_name = "VERSION", value_parser = oldest_server)]
    pub oldest_server: Option<qapi_gen_codegen::schema::version::Version>,
}

/// `--oldest-server`'s value.
fn oldest_server(text: &str) -> Result<qapi_gen_codegen::schema::version::Version, String> {
    qapi_gen_codegen::schema::version::Version::parse(text).ok_or_else(|| format!("`{text}` is not a version such as `10.0`"))
}

/// How the CLI talks: colour and verbosity, for every command.
#[derive(Args)]
pub struct Display {
    /// Colour diagnostics: `auto` on a terminal unless `NO_COLOR` is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Print only errors: no warnings, no summary, no list of written files.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// When to colour.
#[derive(Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set (or `CLICOLOR_FORCE` forces it).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether standard error gets colours.
    pub fn on_stderr(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never,
        }
    }
}
