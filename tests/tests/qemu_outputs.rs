//! The outputs for QEMU's own schema, every release of the corpus: the
//! manual is clean under docutils, and every example message the schema
//! check accepted validates against the strict JSON Schema.

use std::path::PathBuf;

use qapi_gen_codegen::{json_schema, rst};
use qapi_gen_schema::model::{DefKind, Direction};
use qapi_gen_tests::json_schema::{Case, unexpected_outcomes};
use qapi_gen_tests::corpus_dir;

const RELEASES: [&str; 5] = ["6.1", "6.2", "9.0", "9.1", "10.2"];

fn load(release: &str) -> qapi_gen_schema::Loaded {
    let path: PathBuf = corpus_dir().join(format!("qemu-qapi-{release}/qapi-schema.json"));
    qapi_gen_schema::load(&path).unwrap_or_else(|failure| panic!("{}", failure.render_short()))
}

#[test]
fn the_manual_of_every_release_is_clean_under_docutils() {
    if qapi_gen_tests::corpus_missing("qemu_outputs::the_manual_of_every_release_is_clean_under_docutils") {
        return;
    }
    let directory = tempfile::tempdir().expect("temporary directory");
    let mut failures = Vec::new();
    for release in RELEASES {
        let manual = rst::emit(&load(release).schema, &rst::Options::default());
        let path = directory.path().join(format!("qemu-{release}.rst"));
        std::fs::write(&path, manual).expect("write manual");
        let output = qapi_gen_tests::docutils(&path);
        if !output.status.success() {
            let report = String::from_utf8_lossy(&output.stderr);
            failures.push(format!("QEMU {release}: {}", report.lines().take(10).collect::<Vec<_>>().join("\n")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_accepted_example_validates_against_the_strict_json_schema() {
    if qapi_gen_tests::corpus_missing("qemu_outputs::every_accepted_example_validates_against_the_strict_json_schema") {
        return;
    }
    let mut documents = Vec::new();
    let mut cases = Vec::new();
    for release in RELEASES {
        let loaded = load(release);
        let warned: Vec<_> = loaded.warnings.iter().filter_map(|d| d.span).collect();
        let document = format!("qemu-{release}");
        documents.push((document.clone(), json_schema::emit(&loaded.schema, &json_schema::Options::default().with_strict(true))));
        for definition in &loaded.schema.definitions {
            for example in &definition.examples {
                let mut replying_for = definition.name.clone();
                for message in &example.messages {
                    if warned.contains(&message.span) {
                        continue;
                    }
                    let reference = if message.message.get("event").is_some() {
                        None
                    } else if message.direction == Direction::ToServer {
                        let name = message.message.get("execute").or_else(|| message.message.get("exec-oob")).and_then(|n| n.as_str()).unwrap_or_default();
                        replying_for = name.to_string();
                        Some(format!("command:{name}"))
                    } else if matches!(loaded.schema.definition(&replying_for).map(|d| &d.kind), Some(DefKind::Command(_))) {
                        Some(format!("command:{replying_for}:reply"))
                    } else {
                        continue;
                    };
                    cases.push(Case {
                        document: document.clone(),
                        reference,
                        instance: message.message.clone(),
                        valid: true,
                        label: format!("QEMU {release}: example of {}", definition.name),
                    });
                }
            }
        }
    }
    assert!(cases.len() > 1000, "expected the corpus examples, found {}", cases.len());
    let problems = unexpected_outcomes(&documents, &cases);
    assert!(problems.is_empty(), "{} of {} examples fail:\n{}", problems.len(), cases.len(), problems.iter().take(20).cloned().collect::<Vec<_>>().join("\n"));
}
