//! Diagnostics: every phase records problems here instead of stopping, and
//! they are rendered once (`render.rs`), sorted by file and position, as
//! `path:line:column: error: message` with an optional snippet and `help:`.

pub use crate::lint::{Level, WarningKind, WarningPolicy};
pub use crate::render::{MAX_SNIPPET_WIDTH, RenderOptions, location};
use crate::render;
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
    /// The rule a warning comes from, shown as `[kind]` after the message;
    /// kept when a [`WarningPolicy`] denies the warning, `None` for the
    /// errors of the schema language.
    pub kind: Option<WarningKind>,
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

    /// The diagnostic on one line without its severity, for media that
    /// show the severity themselves (cargo's `cargo::error=` and
    /// `cargo::warning=`): `path:line:column: message [kind]; help: ...`.
    #[must_use]
    pub fn one_line(&self, sources: &SourceMap) -> String {
        render::one_line(self, sources)
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

    /// Records a warning of `kind` at `span`.
    pub fn warning(&mut self, kind: WarningKind, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let diagnostic = self.push(Severity::Warning, Some(span), message.into());
        diagnostic.kind = Some(kind);
        diagnostic
    }

    /// Records an error, or a warning of `kind`, at `span` (a rule that is
    /// an error in the schema language and a warning in imported QAPI).
    pub fn report(&mut self, severity: Severity, kind: WarningKind, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let diagnostic = self.push(severity, Some(span), message.into());
        if severity == Severity::Warning {
            diagnostic.kind = Some(kind);
        }
        diagnostic
    }

    /// Records an error that has no place in a schema file.
    pub fn error_without_span(&mut self, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Error, None, message.into())
    }

    fn push(&mut self, severity: Severity, span: Option<Span>, message: String) -> &mut Diagnostic {
        self.list.push(Diagnostic { severity, span, kind: None, message, help: None, notes: Vec::new() });
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

    /// Number of warnings.
    #[must_use]
    pub fn warning_count(&self) -> usize {
        self.list.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// The diagnostics after `policy`: allowed warnings dropped, denied
    /// ones turned into errors (keeping their kind), errors unchanged.
    #[must_use]
    pub fn with_policy(self, policy: &WarningPolicy) -> Diagnostics {
        let list = self
            .list
            .into_iter()
            .filter_map(|mut diagnostic| {
                if diagnostic.severity == Severity::Warning {
                    match policy.level(diagnostic.kind) {
                        Level::Allow => return None,
                        Level::Deny => diagnostic.severity = Severity::Error,
                        Level::Warn => {}
                    }
                }
                Some(diagnostic)
            })
            .collect();
        Diagnostics { list }
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
        self.render_with(sources, RenderOptions::default())
    }

    /// Renders every diagnostic without snippets: its header line
    /// (`path:line:column: error: message`), notes and `help:`.
    #[must_use]
    pub fn render_short(&self, sources: &SourceMap) -> String {
        self.render_with(sources, RenderOptions::default().snippets(false))
    }

    /// Renders every diagnostic, sorted, as `options` say (snippets, colour).
    #[must_use]
    pub fn render_with(&self, sources: &SourceMap, options: RenderOptions) -> String {
        let mut out = String::new();
        for diagnostic in self.sorted() {
            render::text(&mut out, diagnostic, sources, options);
        }
        out
    }

    /// Every diagnostic, sorted, as one JSON object per line (see
    /// `docs/diagnostics.md` for the members).
    #[must_use]
    pub fn render_json(&self, sources: &SourceMap) -> String {
        let mut out = String::new();
        for diagnostic in self.sorted() {
            render::json(&mut out, diagnostic, sources);
        }
        out
    }

    /// How many warnings of each kind, for a one-line summary
    /// (`3 missing-doc, 1 since-text`), kinds in [`WarningKind::ALL`] order.
    #[must_use]
    pub fn warning_kinds(&self) -> Vec<(Option<WarningKind>, usize)> {
        let mut counts: std::collections::BTreeMap<Option<WarningKind>, usize> = std::collections::BTreeMap::new();
        for diagnostic in self.list.iter().filter(|d| d.severity == Severity::Warning) {
            *counts.entry(diagnostic.kind).or_default() += 1;
        }
        counts.into_iter().collect()
    }
}

