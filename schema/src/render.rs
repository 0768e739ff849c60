//! Rendering diagnostics: the compiler-style text (`path:line:column:
//! error: message`, an optional snippet with carets, notes, `help:`), in
//! colour or not, and one JSON object per line for editors and CI.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use crate::diag::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};

/// How [`Diagnostics::render_with`](crate::Diagnostics::render_with) writes text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RenderOptions {
    /// Show the source line with carets under each diagnostic.
    pub snippets: bool,
    /// Colour with ANSI escapes (for a terminal).
    pub color: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions { snippets: true, color: false }
    }
}

impl RenderOptions {
    /// With or without snippets.
    #[must_use]
    pub const fn snippets(mut self, snippets: bool) -> Self {
        self.snippets = snippets;
        self
    }

    /// With or without colour.
    #[must_use]
    pub const fn color(mut self, color: bool) -> Self {
        self.color = color;
        self
    }
}

/// Snippet lines longer than this many characters (rustc's width when it
/// does not know the terminal's) are cut around the
/// spanned text, with `...` where text was left out (as rustc does).
pub const MAX_SNIPPET_WIDTH: usize = 140;

/// Characters kept before the spanned text when a long line is cut.
const CONTEXT_BEFORE: usize = 30;

const BOLD: Style = Style::new().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const HELP: Style = AnsiColor::Cyan.on_default().bold();
const NOTE: Style = AnsiColor::Green.on_default().bold();

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
    }
}

/// Text in `style` when colouring.
struct Paint<'a> {
    text: &'a str,
    style: Style,
    color: bool,
}

impl std::fmt::Display for Paint<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.color {
            write!(f, "{}{}{}", self.style.render(), self.text, self.style.render_reset())
        } else {
            f.write_str(self.text)
        }
    }
}

/// The `path:line:column` of a span, as diagnostics print it.
#[must_use]
pub fn location(sources: &SourceMap, span: Span) -> String {
    format!("{}:{}", sources.file(span.file).display, span.start)
}

/// Appends one diagnostic as text.
pub(crate) fn text(out: &mut String, diagnostic: &Diagnostic, sources: &SourceMap, options: RenderOptions) {
    let paint = |text: &str, style: Style| Paint { text, style, color: options.color }.to_string();
    let severity = paint(diagnostic.severity.as_str(), severity_style(diagnostic.severity));
    let kind = diagnostic.kind.map(|kind| format!(" [{kind}]")).unwrap_or_default();
    let message = paint(&format!("{}{kind}", diagnostic.message), BOLD);
    match diagnostic.span {
        None => {
            let _ = writeln!(out, "{severity}{} {message}", paint(":", BOLD));
        }
        Some(span) => {
            let _ = writeln!(out, "{} {severity}{} {message}", paint(&format!("{}:", location(sources, span)), BOLD), paint(":", BOLD));
            if options.snippets {
                snippet(out, sources, span, diagnostic.severity, options.color);
            }
        }
    }
    for (note_span, note) in &diagnostic.notes {
        let _ = writeln!(out, "{}: {}: {note}", location(sources, *note_span), paint("note", NOTE));
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "  {} {}: {help}", paint("=", GUTTER), paint("help", HELP));
    }
}

/// One diagnostic on one line, without its severity (for a medium that
/// shows it, such as cargo's `cargo::error=`): `path:line:column: message
/// [kind]`, then `; note: ...` and `; help: ...`.
pub(crate) fn one_line(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let mut out = match diagnostic.span {
        Some(span) => format!("{}: {}", location(sources, span), diagnostic.message),
        None => diagnostic.message.clone(),
    };
    if let Some(kind) = diagnostic.kind {
        let _ = write!(out, " [{kind}]");
    }
    for (span, note) in &diagnostic.notes {
        let _ = write!(out, "; note: {}: {note}", location(sources, *span));
    }
    if let Some(help) = &diagnostic.help {
        let _ = write!(out, "; help: {help}");
    }
    out.replace(['\n', '\r'], " ")
}

/// Shows the line of `span` with carets under the spanned characters; a
/// long line is cut around them.
fn snippet(out: &mut String, sources: &SourceMap, span: Span, severity: Severity, color: bool) {
    let Some(line) = sources.file(span.file).line_text(span.start.line) else {
        return;
    };
    let chars: Vec<char> = line.trim_end_matches('\r').chars().collect();
    let start = (span.start.column.saturating_sub(1) as usize).min(chars.len());
    let end = if span.end.line == span.start.line && span.end.column > span.start.column { (span.end.column - 1) as usize } else { chars.len() };
    let end = end.min(chars.len());
    let (left, right) = window(chars.len(), start, end);
    let prefix = if left > 0 { "..." } else { "" };
    let suffix = if right < chars.len() { "..." } else { "" };
    let shown: String = chars[left..right].iter().collect();
    let width = end.min(right).saturating_sub(start).max(1);
    let indent: String = " ".repeat(prefix.len()) + &chars[left..start].iter().map(|&c| if c == '\t' { '\t' } else { ' ' }).collect::<String>();
    let gutter = span.start.line.to_string();
    let pad = " ".repeat(gutter.len());
    let bar = Paint { text: "|", style: GUTTER, color };
    let number = Paint { text: &gutter, style: GUTTER, color };
    let carets = Paint { text: &"^".repeat(width), style: severity_style(severity), color };
    let _ = writeln!(out, "{pad} {bar}");
    let _ = writeln!(out, "{number} {bar} {prefix}{shown}{suffix}");
    let _ = writeln!(out, "{pad} {bar} {indent}{carets}");
}

/// The characters `left..right` of a line of `len` characters to show for
/// the spanned `start..end`: the whole line when it fits, otherwise
/// [`MAX_SNIPPET_WIDTH`] characters starting a little before `start`.
fn window(len: usize, start: usize, end: usize) -> (usize, usize) {
    if len <= MAX_SNIPPET_WIDTH {
        return (0, len);
    }
    let before = CONTEXT_BEFORE.min(MAX_SNIPPET_WIDTH.saturating_sub(end.saturating_sub(start)).max(1));
    let left = start.saturating_sub(before).min(len - MAX_SNIPPET_WIDTH);
    (left, left + MAX_SNIPPET_WIDTH)
}

/// Appends one diagnostic as one line of JSON: `path`, `line`, `column`,
/// `end_line`, `end_column` (`null` without a place), `severity`, `kind`
/// (`null` for errors), `message`, `help` (or `null`) and `notes` (each
/// with `path`, `line`, `column` and `message`).
pub(crate) fn json(out: &mut String, diagnostic: &Diagnostic, sources: &SourceMap) {
    use serde_json::{Value, json};
    let place = |span: Option<Span>| match span {
        Some(span) => (
            Value::from(sources.file(span.file).display.clone()),
            Value::from(span.start.line),
            Value::from(span.start.column),
            Value::from(span.end.line),
            Value::from(span.end.column),
        ),
        None => (Value::Null, Value::Null, Value::Null, Value::Null, Value::Null),
    };
    let (path, line, column, end_line, end_column) = place(diagnostic.span);
    let notes: Vec<Value> = diagnostic
        .notes
        .iter()
        .map(|(span, message)| {
            let (path, line, column, ..) = place(Some(*span));
            json!({ "path": path, "line": line, "column": column, "message": message })
        })
        .collect();
    let object = json!({
        "path": path,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "severity": diagnostic.severity.as_str(),
        "kind": diagnostic.kind.map(|kind| kind.name()),
        "message": diagnostic.message,
        "help": diagnostic.help,
        "notes": notes,
    });
    let _ = writeln!(out, "{object}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_whole_and_long_ones_are_cut_around_the_span() {
        assert_eq!(window(40, 10, 12), (0, 40));
        assert_eq!(window(500, 5, 8), (0, MAX_SNIPPET_WIDTH));
        let (left, right) = window(500, 300, 310);
        assert_eq!((left, right), (300 - CONTEXT_BEFORE, 300 - CONTEXT_BEFORE + MAX_SNIPPET_WIDTH));
        assert_eq!(window(500, 495, 500), (500 - MAX_SNIPPET_WIDTH, 500));
    }
}
