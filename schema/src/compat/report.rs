//! Rendering a comparison: a human report grouped by class, and JSON for
//! tools. Positions are printed as `path:line:column` of each file.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::lifecycle::version_text;
use super::{Change, Class, Report};
use crate::diag::location;
use crate::source::{SourceMap, Span};

impl Report {
    /// The human report: a summary line, then the changes grouped by class
    /// (breaking first), each with its rule, directions and both positions.
    #[must_use]
    pub fn render_text(&self, old: &SourceMap, new: &SourceMap) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "compat: {} ({}) -> {} ({})", top(old), version_text(self.old_version), top(new), version_text(self.new_version));
        if self.changes.is_empty() {
            out.push_str("no changes on the wire\n");
            return out;
        }
        let counts: Vec<String> = Class::ALL.iter().map(|&class| format!("{} {class}", self.of_class(class).count())).collect();
        let _ = writeln!(out, "{}", counts.join(", "));
        for class in Class::ALL {
            let changes: Vec<&Change> = self.of_class(class).collect();
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{class} ({}):", changes.len());
            for change in changes {
                let _ = writeln!(out, "  {}: {} [{}]", change.rule, change.message, change.directions.names().join(", "));
                if let Some(span) = change.old {
                    let _ = writeln!(out, "    old: {}", location(old, span));
                }
                if let Some(span) = change.new {
                    let _ = writeln!(out, "    new: {}", location(new, span));
                }
                if let Some(note) = &change.note {
                    let _ = writeln!(out, "    note: {note}");
                }
            }
        }
        out
    }

    /// The report as JSON: both files, whether anything breaks, the counts
    /// per class, and every change with its positions.
    #[must_use]
    pub fn to_json(&self, old: &SourceMap, new: &SourceMap) -> Value {
        let side = |sources: &SourceMap, version: Option<crate::model::Version>| json!({"file": top(sources), "version": version.map(|v| v.to_string())});
        let position = |sources: &SourceMap, span: Option<Span>| {
            span.map_or(Value::Null, |span| json!({"file": sources.file(span.file).display, "line": span.start.line, "column": span.start.column}))
        };
        let mut counts = serde_json::Map::new();
        for class in Class::ALL {
            counts.insert(class.name().to_string(), json!(self.of_class(class).count()));
        }
        let changes: Vec<Value> = self
            .changes
            .iter()
            .map(|change| {
                json!({
                    "class": change.class.name(),
                    "rule": change.rule.id(),
                    "subject": change.subject,
                    "message": change.message,
                    "note": change.note,
                    "directions": change.directions.names(),
                    "old": position(old, change.old),
                    "new": position(new, change.new),
                })
            })
            .collect();
        json!({
            "old": side(old, self.old_version),
            "new": side(new, self.new_version),
            "breaking": self.is_breaking(),
            "counts": counts,
            "changes": changes,
        })
    }

    /// [`Report::to_json`], pretty-printed, with a final newline.
    #[must_use]
    pub fn render_json(&self, old: &SourceMap, new: &SourceMap) -> String {
        let mut text = serde_json::to_string_pretty(&self.to_json(old, new)).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The path of the top file, as diagnostics print it.
pub(super) fn top(sources: &SourceMap) -> String {
    sources.files().next().map_or_else(String::new, |(_, file)| file.display.clone())
}
