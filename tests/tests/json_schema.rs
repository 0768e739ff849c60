//! JSON Schema output: goldens for every fixture schema, validity against
//! the 2020-12 meta-schema (check-jsonschema), and instances checked by
//! python-jsonschema — every example message validates, mutated copies of
//! every event example are rejected.

mod json_schema_support;

use qapi_gen_codegen::json_schema::{self, names};
use qapi_gen_schema::model::{DefKind, Direction, Status};
use qapi_gen_tests::json_schema::{Case, metaschema_report, unexpected_outcomes};
use qapi_gen_tests::{assert_goldens, check_golden, tests_dir};
use serde_json::Value;

use json_schema_support::{Variant, fixtures, mutations};

#[test]
fn goldens_match_and_output_is_deterministic() {
    let mut mismatches = Vec::new();
    for fixture in fixtures() {
        for variant in Variant::golden(&fixture.stem) {
            let text = json_schema::emit_string(&fixture.schema, &variant.options());
            assert_eq!(text, json_schema::emit_string(&fixture.schema, &variant.options()), "{}: output differs between runs", fixture.stem);
            assert!(text.ends_with("}\n") && !text.ends_with("\n\n"), "{}: output must end with one newline", fixture.stem);
            let path = tests_dir(&format!("expected/{}{}.schema.json", fixture.stem, variant.suffix()));
            mismatches.extend(check_golden(&path, &text));
        }
    }
    assert_goldens(mismatches);
}

#[test]
fn documents_are_valid_2020_12_schemas() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let mut files = Vec::new();
    for fixture in fixtures() {
        for variant in Variant::ALL {
            let path = directory.path().join(format!("{}{}.schema.json", fixture.stem, variant.suffix()));
            let document = json_schema::emit(&fixture.schema, &variant.options());
            assert_eq!(document["$schema"], json_schema::DIALECT);
            assert_eq!(document["$id"], json_schema::default_id(&fixture.schema.module));
            std::fs::write(&path, json_schema::emit_string(&fixture.schema, &variant.options())).expect("write document");
            files.push(path);
        }
    }
    if let Some(report) = metaschema_report(&files) {
        panic!("check-jsonschema --check-metaschema rejected an emitted document:\n{report}");
    }
}

/// The `$ref` of a `$defs` entry.
fn reference(key: &str) -> Option<String> {
    names::reference(key).get("$ref").and_then(Value::as_str).map(str::to_string)
}

/// Where each message of an example belongs, found from the model
/// (independently of the emitter's own placement): `None` is the document's
/// root. A reply belongs to the request before it.
fn targets(definition: &qapi_gen_schema::model::Definition, example: &qapi_gen_schema::model::Example) -> Vec<Vec<Option<String>>> {
    let mut current = definition.name.clone();
    let mut out = Vec::new();
    for message in &example.messages {
        let value = &message.message;
        let event = value.get("event").and_then(Value::as_str);
        out.push(match (&definition.kind, event) {
            (DefKind::Event(_) | DefKind::Command(_), Some(event)) => vec![None, reference(&names::event_key(event))],
            (DefKind::Command(_), None) if message.direction == Direction::ToServer => {
                if let Some(name) = value.get("execute").or_else(|| value.get("exec-oob")).and_then(Value::as_str) {
                    current = name.to_string();
                }
                vec![reference(&names::command_key(&current))]
            }
            (DefKind::Command(_), None) => vec![reference(&names::reply_key(&current))],
            _ => vec![reference(&names::type_key(&definition.name))],
        });
    }
    out
}

#[test]
fn examples_validate_and_mutated_event_examples_are_rejected() {
    let mut documents = Vec::new();
    let mut cases = Vec::new();
    for fixture in fixtures() {
        for variant in Variant::ALL {
            let name = format!("{}{}", fixture.stem, variant.suffix());
            let document = json_schema::emit(&fixture.schema, &variant.options());
            // Every example the document itself lists validates where it is listed.
            if let Some(defs) = document["$defs"].as_object() {
                for (key, entry) in defs {
                    for (index, example) in entry["examples"].as_array().into_iter().flatten().enumerate() {
                        cases.push(Case { document: name.clone(), reference: reference(key), instance: example.clone(), valid: true, label: format!("listed example {index} of `{key}`") });
                    }
                }
            }
            for definition in &fixture.schema.definitions {
                let removed = definition.info.status == Status::Removed;
                let messages = definition.examples.iter().flat_map(|e| e.messages.iter().zip(targets(definition, e)));
                for (index, (message, message_targets)) in messages.enumerate() {
                    let label = format!("example message {index} of `{}`", definition.name);
                    for target in message_targets {
                        // A removed event is not in the default document: its
                        // messages must be rejected there, and it has no entry.
                        if removed && !variant.include_removed {
                            if target.is_none() {
                                cases.push(Case { document: name.clone(), reference: None, instance: message.message.clone(), valid: false, label: format!("{label} (removed)") });
                            }
                            continue;
                        }
                        cases.push(Case { document: name.clone(), reference: target, instance: message.message.clone(), valid: true, label: label.clone() });
                    }
                    if removed || message.message.get("event").is_none() {
                        continue;
                    }
                    for mutation in mutations(&fixture.schema, &message.message) {
                        let valid = mutation.unknown_member && !variant.strict;
                        cases.push(Case { document: name.clone(), reference: None, instance: mutation.instance, valid, label: format!("{label}: {}", mutation.label) });
                    }
                }
            }
            documents.push((name, document));
        }
    }
    assert!(cases.iter().any(|c| !c.valid), "no mutated examples: the fixtures need event examples");
    let wrong = unexpected_outcomes(&documents, &cases);
    assert!(wrong.is_empty(), "{} of {} cases had an unexpected outcome:\n{}", wrong.len() / 2, cases.len(), wrong.join("\n"));
}
