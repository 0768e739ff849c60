//! What the CLI prints about a run: diagnostics (text in colour or not, or
//! one JSON object per line), the summary line, written files; `--quiet`
//! keeps only errors.

use std::path::Path;

use qapi_gen_codegen::output::Written;
use qapi_gen_codegen::schema::{Diagnostics, Failure, FailureKind, RenderOptions, SourceMap};

/// How diagnostics are printed.
#[derive(Clone, Copy)]
pub struct Reporter {
    /// ANSI colours on standard error.
    pub color: bool,
    /// No summary, no warnings, no list of written files.
    pub quiet: bool,
    /// Diagnostics as JSON lines on standard output instead of text.
    pub json: bool,
}

impl Reporter {
    /// Prints `diagnostics`, leaving warnings out when quiet.
    pub fn diagnostics(&self, diagnostics: &Diagnostics, sources: &SourceMap) {
        let shown;
        let diagnostics = if self.quiet {
            shown = diagnostics.clone().with_policy(&quiet_policy());
            &shown
        } else {
            diagnostics
        };
        if self.json {
            print!("{}", diagnostics.render_json(sources));
        } else {
            eprint!("{}", diagnostics.render_with(sources, RenderOptions::default().color(self.color)));
        }
    }

    /// Prints a failure and gives the exit status (2 when the schema could
    /// not be read, 1 when it has errors).
    pub fn failure(&self, path: &Path, failure: &Failure, outcome: &str) -> u8 {
        self.diagnostics(&failure.diagnostics, &failure.sources);
        if failure.kind == FailureKind::Unreadable {
            return 2;
        }
        let errors = failure.diagnostics.error_count();
        let warnings = if self.quiet { 0 } else { failure.diagnostics.warning_count() };
        eprintln!("error: {} has {}{}; {outcome}", path.display(), count(errors, "error"), if warnings > 0 { format!(" and {}", count(warnings, "warning")) } else { String::new() });
        1
    }

    /// Prints a warning about the command line itself (an option that had
    /// no effect), unless quiet.
    pub fn warning(&self, text: &str) {
        if !self.quiet {
            eprintln!("warning: {text}");
        }
    }

    /// Prints a line of the summary (unless quiet).
    pub fn summary(&self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }

    /// Reports a written file (unless quiet).
    pub fn written(&self, path: &Path, written: Written) {
        match written {
            Written::Changed => self.summary(&format!("wrote {}", path.display())),
            Written::Unchanged => self.summary(&format!("unchanged {}", path.display())),
        }
    }
}

/// `1 error`, `3 warnings`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Every warning allowed: what `--quiet` shows.
fn quiet_policy() -> qapi_gen_codegen::schema::WarningPolicy {
    let mut policy = qapi_gen_codegen::schema::WarningPolicy::default();
    policy.set(None, qapi_gen_codegen::schema::Level::Allow);
    policy
}
