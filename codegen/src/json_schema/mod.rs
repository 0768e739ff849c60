//! JSON Schema emitter: the model to one draft 2020-12 document whose root
//! validates one QMP event message of the schema, with every named type,
//! event, command request and reply in `$defs` (layout in
//! `docs/json-schema.md`).
//!
//! ```
//! # fn demo(schema: &qapi_gen_schema::Schema) {
//! use qapi_gen_codegen::json_schema::{self, Options};
//! let document = json_schema::emit(schema, &Options::default().with_strict(true));
//! assert_eq!(document["$schema"], json_schema::DIALECT);
//! # }
//! ```

mod annotate;
mod examples;
mod messages;
pub mod names;
mod types;

use qapi_gen_schema::Schema;
use qapi_gen_schema::model::{DefKind, Info};
use serde_json::{Map, Value};

use crate::output;

/// The dialect every document declares in `$schema`.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Options of the JSON Schema emitter.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {
    /// Keep items whose removal version has passed.
    pub include_removed: bool,
    /// Reject unknown members (for conformance testing).
    pub strict: bool,
    /// The document's `$id`; `urn:qapi-gen:<module>` when `None`.
    pub id: Option<String>,
}

impl Options {
    /// Sets [`Options::include_removed`].
    #[must_use]
    pub fn with_include_removed(mut self, include_removed: bool) -> Self {
        self.include_removed = include_removed;
        self
    }

    /// Sets [`Options::strict`].
    #[must_use]
    pub fn with_strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Sets [`Options::id`].
    #[must_use]
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

/// The default `$id` of the document of module `module`.
#[must_use]
pub fn default_id(module: &str) -> String {
    format!("urn:qapi-gen:{module}")
}

/// The JSON Schema document of `schema`.
#[must_use]
pub fn emit(schema: &Schema, options: &Options) -> Value {
    Emitter { schema, options }.document()
}

/// The JSON Schema document of `schema`, pretty-printed, ending in a newline.
#[must_use]
pub fn emit_string(schema: &Schema, options: &Options) -> String {
    format!("{:#}\n", emit(schema, options))
}

/// What every part of the emitter needs.
struct Emitter<'a> {
    schema: &'a Schema,
    options: &'a Options,
}

impl Emitter<'_> {
    /// Whether an item is written (removed items only when asked).
    fn keep(&self, info: &Info) -> bool {
        info.is_emitted(self.options.include_removed)
    }

    /// The strict lock on an object schema: members not evaluated by it (or
    /// by the subschemas it applies in place) are rejected.
    fn close(&self, map: &mut Map<String, Value>) {
        if self.options.strict {
            map.insert("unevaluatedProperties".into(), Value::Bool(false));
        }
    }

    fn document(&self) -> Value {
        let schema = self.schema;
        let mut defs = Map::new();
        let mut events = Vec::new();
        for definition in &schema.definitions {
            if !self.keep(&definition.info) {
                continue;
            }
            match &definition.kind {
                DefKind::Event(event) => {
                    self.event(definition, event, &mut defs);
                    events.push(Value::Object(names::reference(&names::event_key(&definition.name))));
                }
                DefKind::Command(command) => self.command(definition, command, &mut defs),
                _ => {
                    if let Some(body) = self.type_definition(definition) {
                        defs.insert(names::type_key(&definition.name), Value::Object(body));
                    }
                }
            }
        }
        self.protocol(&mut defs);
        for definition in schema.definitions.iter().filter(|d| self.keep(&d.info)) {
            examples::add(definition, &mut defs);
        }

        let mut root = Map::new();
        root.insert("$schema".into(), Value::String(DIALECT.into()));
        let id = self.options.id.clone().unwrap_or_else(|| default_id(&schema.module));
        root.insert("$id".into(), Value::String(id));
        root.insert("$comment".into(), Value::String(output::header(&self.provenance())));
        root.insert("title".into(), Value::String(format!("QMP event messages of `{}`", schema.module)));
        if let Some(doc) = &schema.doc {
            root.insert("description".into(), Value::String(annotate::markdown(&doc.text)));
        }
        if let Some(version) = schema.version {
            root.insert("x-version".into(), Value::String(version.to_string()));
        }
        types::one_of(&mut root, events);
        root.insert("$defs".into(), Value::Object(defs));
        Value::Object(root)
    }

    /// What the header says produced the file: stable across invocations.
    fn provenance(&self) -> String {
        let mut text = format!("JSON Schema of module {}", self.schema.module);
        if self.options.strict {
            text.push_str(", strict");
        }
        if self.options.include_removed {
            text.push_str(", removed items kept");
        }
        text
    }
}
