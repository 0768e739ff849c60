//! JSON Schema output of real QEMU schemas (the shared corpus, imported from
//! QAPI JSON): every `$ref` resolves, output is deterministic, and the
//! oldest and newest releases pass `check-jsonschema --check-metaschema`.

use std::collections::BTreeSet;

use qapi_gen_codegen::json_schema::{self, Options, names};
use qapi_gen_tests::corpus_dir;
use qapi_gen_tests::json_schema::metaschema_report;
use serde_json::Value;

/// Release folders of the corpus, oldest first.
fn releases() -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(corpus_dir())
        .map(|entries| entries.filter_map(Result::ok).filter_map(|e| e.file_name().to_str().map(str::to_string)).filter(|n| n.starts_with("qemu-qapi-")).collect())
        .unwrap_or_default();
    let key = |name: &str| -> Vec<u32> { name.trim_start_matches("qemu-qapi-").split('.').filter_map(|p| p.parse().ok()).collect() };
    found.sort_by_key(|name| key(name));
    assert!(!found.is_empty(), "no QEMU releases in {}", corpus_dir().display());
    found
}

fn references(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                out.insert(target.clone());
            }
            map.values().for_each(|v| references(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

#[test]
fn corpus_documents_resolve_and_are_valid_schemas() {
    if qapi_gen_tests::corpus_missing("json_schema_corpus::corpus_documents_resolve_and_are_valid_schemas") {
        return;
    }
    let directory = tempfile::tempdir().expect("temporary directory");
    let releases = releases();
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for (index, release) in releases.iter().enumerate() {
        let path = corpus_dir().join(release).join("qapi-schema.json");
        let loaded = match qapi_gen_schema::load(&path) {
            Ok(loaded) => loaded,
            Err(failure) => {
                problems.push(format!("{release}: does not load:\n{}", failure.render_short()));
                continue;
            }
        };
        for strict in [false, true] {
            let options = Options::default().with_strict(strict);
            let text = json_schema::emit_string(&loaded.schema, &options);
            assert_eq!(text, json_schema::emit_string(&loaded.schema, &options), "{release}: output differs between runs");
            let document = json_schema::emit(&loaded.schema, &options);
            let defs = document["$defs"].as_object().cloned().unwrap_or_default();
            let mut targets = BTreeSet::new();
            references(&document, &mut targets);
            let known: BTreeSet<String> = defs.keys().filter_map(|key| names::reference(key).get("$ref").and_then(Value::as_str).map(str::to_string)).collect();
            problems.extend(targets.difference(&known).map(|missing| format!("{release}: `$ref` {missing} has no `$defs` entry")));
            if !strict && (index == 0 || index + 1 == releases.len()) {
                let file = directory.path().join(format!("{release}.schema.json"));
                std::fs::write(&file, text).expect("write document");
                files.push(file);
            }
        }
    }
    if let Some(report) = metaschema_report(&files) {
        problems.push(format!("check-jsonschema --check-metaschema:\n{report}"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
