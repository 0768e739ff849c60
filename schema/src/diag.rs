//! Diagnostics: every phase records problems here instead of stopping, and
//! they are rendered once, sorted by file and position, as
//! `path:line:column: error: message` with an optional snippet and `help:`.

use std::fmt::Write as _;

use crate::source::{SourceMap, Span};

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// The schema is wrong; nothing is generated.
    Error,
    /// Worth a look; generation goes on.
    Warning,
}

impl Severity {
    /// The word diagnostics show (`error`, `warning`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in a schema.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where the problem is; `None` for problems of the run itself (a missing file).
    pub span: Option<Span>,
    /// One fact, lower case, no final period.
    pub message: String,
    /// The fix, when one can be suggested.
    pub help: Option<String>,
    /// Related places (for example the first definition of a duplicate).
    pub notes: Vec<(Span, String)>,
}

impl Diagnostic {
    /// Adds a `help:` line.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a note that points at another place.
    pub fn note(&mut self, span: Span, note: impl Into<String>) -> &mut Self {
        self.notes.push((span, note.into()));
        self
    }
}

/// The collector every phase writes to; passed first, as `cx`.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collector.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error at `span`.
    pub fn error(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Error, Some(span), message.into())
    }

    /// Records a warning at `span`.
    pub fn warning(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Warning, Some(span), message.into())
    }

    /// Records an error or a warning at `span`.
    pub fn report(&mut self, severity: Severity, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.push(severity, Some(span), message.into())
    }

    /// Records an error that has no place in a schema file.
    pub fn error_without_span(&mut self, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Error, None, message.into())
    }

    fn push(&mut self, severity: Severity, span: Option<Span>, message: String) -> &mut Diagnostic {
        self.list.push(Diagnostic { severity, span, message, help: None, notes: Vec::new() });
        let last = self.list.len() - 1;
        &mut self.list[last]
    }

    /// Whether any error (not warning) was recorded.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    #[must_use]
    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Whether nothing at all was recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Moves every diagnostic of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    /// The diagnostics sorted by file, position, then message; duplicates removed.
    #[must_use]
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut list: Vec<&Diagnostic> = self.list.iter().collect();
        list.sort_by(|a, b| {
            (a.span.is_some(), a.span, a.severity, &a.message).cmp(&(b.span.is_some(), b.span, b.severity, &b.message))
        });
        list.dedup_by(|a, b| a == b);
        list
    }

    /// Every diagnostic, in the order recorded.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// Renders every diagnostic, sorted, with source snippets.
    #[must_use]
    pub fn render(&self, sources: &SourceMap) -> String {
        let mut out = String::new();
        for diagnostic in self.sorted() {
            render_one(&mut out, diagnostic, sources, true);
        }
        out
    }

    /// Renders every diagnostic as its one header line (`path:line:column: error: message`).
    #[must_use]
    pub fn render_short(&self, sources: &SourceMap) -> String {
        let mut out = String::new();
        for diagnostic in self.sorted() {
            render_one(&mut out, diagnostic, sources, false);
        }
        out
    }
}

/// The `path:line:column` of a span, as diagnostics print it.
#[must_use]
pub fn location(sources: &SourceMap, span: Span) -> String {
    format!("{}:{}", sources.file(span.file).display, span.start)
}

fn render_one(out: &mut String, diagnostic: &Diagnostic, sources: &SourceMap, snippets: bool) {
    let severity = diagnostic.severity.as_str();
    let Some(span) = diagnostic.span else {
        let _ = writeln!(out, "{severity}: {}", diagnostic.message);
        if let Some(help) = &diagnostic.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        return;
    };
    let _ = writeln!(out, "{}: {severity}: {}", location(sources, span), diagnostic.message);
    if snippets {
        render_snippet(out, sources, span);
    }
    for (note_span, note) in &diagnostic.notes {
        let _ = writeln!(out, "{}: note: {note}", location(sources, *note_span));
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "  = help: {help}");
    }
}

/// Shows the line of `span` with carets under the spanned characters.
fn render_snippet(out: &mut String, sources: &SourceMap, span: Span) {
    let Some(line) = sources.file(span.file).line_text(span.start.line) else {
        return;
    };
    let line = line.trim_end_matches('\r');
    let gutter = span.start.line.to_string();
    let pad = " ".repeat(gutter.len());
    let start = span.start.column.saturating_sub(1) as usize;
    let line_chars = line.chars().count();
    let end = if span.end.line == span.start.line && span.end.column > span.start.column {
        (span.end.column - 1) as usize
    } else {
        line_chars
    };
    let width = end.min(line_chars).saturating_sub(start).max(1);
    let indent: String = line.chars().take(start).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{gutter} | {line}");
    let _ = writeln!(out, "{pad} | {indent}{}", "^".repeat(width));
}
