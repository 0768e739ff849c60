//! Example messages: those of the shipped schema, and QEMU's own event
//! examples from the shared corpus (`qemu-event-examples.txt`).

use std::path::PathBuf;

use qapi_gen_schema::model::{DefKind, Direction};
use serde_json::Value;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One example message of the schema.
pub struct SchemaExample {
    /// The definition it belongs to.
    pub definition: String,
    /// `event` or `command`.
    pub kind: &'static str,
    /// Who sends it.
    pub direction: Direction,
    /// The message.
    pub message: Value,
}

/// Every example message of `schema/unplug-events.yaml`.
pub fn schema_examples() -> Vec<SchemaExample> {
    let loaded = match qapi_gen_schema::load(&workspace_root().join("schema/unplug-events.yaml")) {
        Ok(loaded) => loaded,
        Err(failure) => panic!("the shipped schema must load:\n{}", failure.render()),
    };
    let mut out = Vec::new();
    for definition in &loaded.schema.definitions {
        let kind = match definition.kind {
            DefKind::Event(_) => "event",
            DefKind::Command(_) => "command",
            _ => "type",
        };
        for example in definition.examples.iter().filter(|e| e.valid) {
            for message in &example.messages {
                out.push(SchemaExample { definition: definition.name.clone(), kind, direction: message.direction, message: message.message.clone() });
            }
        }
    }
    out
}

/// One event example of QEMU's corpus.
pub struct CorpusExample {
    /// The `=== ...` header line.
    pub header: String,
    /// The event name.
    pub event: String,
    /// Whether the corpus marks the text as valid JSON.
    pub valid_json: bool,
    /// The compact re-serialisation, where it parses.
    pub compact: Option<String>,
    /// The wire text as QEMU's doc comment showed it.
    pub raw: String,
}

/// Every block of `qemu-event-examples.txt`.
pub fn corpus_examples() -> Vec<CorpusExample> {
    let path = qapi_gen_tests::corpus_dir().join("qemu-event-examples.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut out: Vec<CorpusExample> = Vec::new();
    for line in text.lines() {
        if let Some(header) = line.strip_prefix("=== ") {
            let event = header.split_whitespace().next().unwrap_or_default().to_owned();
            out.push(CorpusExample { header: header.to_owned(), event, valid_json: false, compact: None, raw: String::new() });
        } else if let Some(current) = out.last_mut() {
            if let Some(verdict) = line.strip_prefix("json: ") {
                current.valid_json = verdict.trim() == "valid";
            } else if let Some(compact) = line.strip_prefix("compact: ") {
                current.compact = Some(compact.to_owned());
            } else if let Some(comment) = line.strip_prefix('#') {
                let text = comment.trim_start();
                current.raw.push_str(text.strip_prefix("<- ").unwrap_or(text));
                current.raw.push('\n');
            }
        }
    }
    out
}
