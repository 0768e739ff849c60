//! JSON Schema emitter: the annotations of one item — `description` from the
//! Markdown docs, the standard `deprecated`, and the `x-` keywords for what
//! JSON Schema has no word for (versions, replacement, features, conditions).

use qapi_gen_schema::model::{Condition, Info, Status};
use serde_json::{Map, Value};

/// `body` wrapped in the annotations of `info`: `description` first, then
/// the keywords of `body`, then `deprecated` and the `x-` keywords.
#[must_use]
pub fn with_info(info: &Info, body: Map<String, Value>) -> Map<String, Value> {
    let mut map = Map::new();
    if let Some(doc) = &info.doc {
        map.insert("description".into(), Value::String(markdown(&doc.text)));
    }
    map.extend(body);
    lifecycle(&mut map, info);
    condition(&mut map, info.condition.as_ref());
    map
}

/// `body` with `description` first when there is a text.
#[must_use]
pub fn with_description(text: Option<&str>, body: Map<String, Value>) -> Map<String, Value> {
    let mut map = Map::new();
    if let Some(text) = text {
        map.insert("description".into(), Value::String(markdown(text)));
    }
    map.extend(body);
    map
}

/// Markdown as written, without the trailing newline of a YAML block.
#[must_use]
pub fn markdown(text: &str) -> String {
    text.trim_end().to_string()
}

/// `x-if` with the condition in `all(A, not(B))` form.
pub fn condition(map: &mut Map<String, Value>, condition: Option<&Condition>) {
    if let Some(condition) = condition {
        map.insert("x-if".into(), Value::String(condition.to_string()));
    }
}

/// `deprecated`, `x-since`, the deprecation metadata, `x-unstable`, `x-features`.
fn lifecycle(map: &mut Map<String, Value>, info: &Info) {
    if let Some(since) = info.since {
        map.insert("x-since".into(), Value::String(since.to_string()));
    }
    if let Some(deprecation) = &info.deprecation {
        map.insert("deprecated".into(), Value::Bool(true));
        if let Some(since) = deprecation.since {
            map.insert("x-deprecated-since".into(), Value::String(since.to_string()));
        }
        if let Some(replacement) = &deprecation.replaced_by {
            map.insert("x-replaced-by".into(), Value::String(replacement.to_string()));
        }
        if let Some(removal) = deprecation.removal {
            map.insert("x-removal".into(), Value::String(removal.to_string()));
        }
        if let Some(doc) = &deprecation.doc {
            map.insert("x-deprecation-doc".into(), Value::String(markdown(&doc.text)));
        }
    }
    if info.status == Status::Removed {
        map.insert("x-removed".into(), Value::Bool(true));
    }
    if info.unstable {
        map.insert("x-unstable".into(), Value::Bool(true));
    }
    let features: Vec<Value> = info
        .custom_features()
        .map(|feature| {
            if feature.condition.is_none() && feature.doc.is_none() {
                return Value::String(feature.name.clone());
            }
            let mut entry = Map::new();
            entry.insert("name".into(), Value::String(feature.name.clone()));
            if let Some(doc) = &feature.doc {
                entry.insert("description".into(), Value::String(markdown(&doc.text)));
            }
            condition(&mut entry, feature.condition.as_ref());
            Value::Object(entry)
        })
        .collect();
    if !features.is_empty() {
        map.insert("x-features".into(), Value::Array(features));
    }
}

/// Whether an enum value carries anything beyond its name (then the enum
/// is written as `oneOf` of `const` so the value can hold annotations).
#[must_use]
pub fn has_metadata(info: &Info) -> bool {
    info.doc.is_some() || info.since.is_some() || info.condition.is_some() || !info.features.is_empty()
}
