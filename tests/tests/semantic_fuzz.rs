//! Semantic fuzzing: random valid schemas biased toward hazards
//! (`qapi_gen_tests::hazards`), each with examples made from its own types,
//! checked end to end. Every accepted schema must give Rust that compiles
//! under `#![deny(warnings, missing_docs)]` and clippy (with every feature
//! and with none), decodes and re-encodes each example unchanged; a JSON
//! Schema (plain and strict) that is a valid 2020-12 schema and accepts
//! each example; rustdoc without a broken link, bad HTML or code block; and
//! a manual that docutils takes without a warning.
//!
//! The schemas of one round share one scratch crate, so rustc runs once per
//! round. CI runs a fixed, seeded budget; a longer run is
//! `QAPI_GEN_FUZZ_SCHEMAS=2000 cargo test -p qapi-gen-tests --test semantic_fuzz -- --ignored`
//! (`QAPI_GEN_FUZZ_SEED` picks another seed).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use qapi_gen_codegen::{json_schema, rst, rust};
use qapi_gen_schema::model::{DefKind, Schema};
use qapi_gen_tests::hazards;
use qapi_gen_tests::json_schema::{Case, unexpected_outcomes};
use qapi_gen_tests::{docutils, scratch_cargo, workspace_root};
use serde_json::Value;

/// Accepted schemas in CI: two rounds.
const CI_SCHEMAS: usize = 24;
/// Schemas per scratch crate.
const ROUND: usize = 12;
const LONG_ROUND: usize = 100;

#[test]
fn random_schemas_work_end_to_end() {
    run("semantic-fuzz", CI_SCHEMAS, ROUND, seed(1));
}

#[test]
#[ignore = "long run for developers: QAPI_GEN_FUZZ_SCHEMAS=2000"]
fn random_schemas_work_end_to_end_long() {
    let count = std::env::var("QAPI_GEN_FUZZ_SCHEMAS").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    run("semantic-fuzz-long", count, LONG_ROUND, seed(1_000_000));
}

fn seed(default: u64) -> u64 {
    std::env::var("QAPI_GEN_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// One accepted schema and its outputs.
struct Accepted {
    index: usize,
    seed: u64,
    text: String,
    schema: Schema,
}

/// Checks `count` accepted schemas in rounds of `round`, in the scratch
/// crate `target/tmp/<scratch>`.
fn run(scratch: &str, count: usize, round: usize, first_seed: u64) {
    let started = Instant::now();
    let mut accepted = 0;
    let mut rejected = 0;
    let mut failures = Vec::new();
    let mut next_seed = first_seed;
    let mut round_number = 0;
    let mut last_rejection = String::new();
    // The first round also holds the regression schemas of findings this
    // test made (or was written for), so each stays covered end to end.
    let mut regressions = regression_schemas();
    while accepted < count {
        let mut batch: Vec<Accepted> = std::mem::take(&mut regressions);
        let fixed = batch.len();
        while batch.len() - fixed < round.min(count - accepted) {
            let seed = next_seed;
            next_seed += 1;
            assert!(next_seed - first_seed < (count as u64) * 4 + 100, "the generator produces too few valid schemas ({accepted} accepted, {rejected} rejected); the last rejection:\n{last_rejection}");
            let text = hazards::schema_text(seed);
            let loaded = match qapi_gen_schema::load_text("fuzz.yaml", &text) {
                Ok(loaded) => loaded,
                Err(failure) => {
                    // Rejections must be reasoned diagnostics with a position.
                    assert!(failure.diagnostics.iter().all(|d| d.span.is_some()), "seed {seed}: a diagnostic without a position:\n{}", failure.render_short());
                    rejected += 1;
                    last_rejection = format!("{}\n{text}", failure.render_short());
                    continue;
                }
            };
            // Examples made from the schema's own types must be accepted.
            let text = hazards::with_examples(&text, &loaded.schema, seed);
            match qapi_gen_schema::load_text("fuzz.yaml", &text) {
                Ok(loaded) => batch.push(Accepted { index: batch.len(), seed, text, schema: loaded.schema }),
                Err(failure) => failures.push(format!("seed {seed}: the checker rejects examples that match the schema:\n{}\n{text}", failure.render_short())),
            }
        }
        accepted += batch.len() - fixed;
        failures.extend(check_round(scratch, &batch, round_number));
        round_number += 1;
        eprintln!("semantic fuzz: round {round_number}, {accepted} schemas accepted, {rejected} rejected, {:.0?}", started.elapsed());
        assert!(failures.is_empty(), "{} problem(s) after {accepted} schemas:\n{}", failures.len(), failures.join("\n\n"));
    }
    assert!(rejected <= accepted, "the generator should mostly produce valid schemas: {accepted} accepted, {rejected} rejected; the last rejection:\n{last_rejection}");
    eprintln!("semantic fuzz: {accepted} schemas accepted ({rejected} rejected) in {round_number} rounds, {:.0?}", started.elapsed());
}

/// `tests/semantic-regressions/*.yaml`, each of which must check clean.
fn regression_schemas() -> Vec<Accepted> {
    let files = qapi_gen_tests::files_with_extension(&qapi_gen_tests::tests_dir("semantic-regressions"), "yaml");
    assert!(files.len() >= 5, "expected the regression schemas in tests/semantic-regressions");
    files
        .iter()
        .enumerate()
        .map(|(index, path)| {
            let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            let loaded = qapi_gen_schema::load_text(&path.display().to_string(), &text).unwrap_or_else(|failure| panic!("{} must check clean:\n{}", path.display(), failure.render_short()));
            Accepted { index, seed: 0, text, schema: loaded.schema }
        })
        .collect()
}

/// Every check of one round; the descriptions of what failed.
fn check_round(scratch: &str, batch: &[Accepted], round: usize) -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(scratch);
    let _ = std::fs::remove_dir_all(root.join("src"));
    let _ = std::fs::remove_dir_all(root.join("tests"));
    let _ = std::fs::remove_dir_all(root.join("manual"));
    for directory in ["src", "tests", "manual"] {
        std::fs::create_dir_all(root.join(directory)).expect("scratch directory");
    }
    let mut failures = Vec::new();
    let mut documents = Vec::new();
    let mut cases = Vec::new();
    let mut lib = String::from("//! Generated by the semantic fuzz test.\n#![deny(warnings, missing_docs)]\n");
    let mut roundtrip = String::from("//! Every example decodes and re-encodes unchanged.\n#![cfg(all(feature = \"config_a\", feature = \"config_b\", feature = \"config_c\"))]\n#![allow(missing_docs)]\n\nfn same(a: &serde_json::Value, b: &serde_json::Value, what: &str) {\n    assert_eq!(a, b, \"{what}\");\n}\n");
    for accepted in batch {
        let module = format!("s{}", accepted.index);
        // Conditions as the crate's features, so both sides of every
        // condition are compiled (with and without features).
        let mut options = rust::Options::default();
        options.cfg = rust::CfgMapping::new().style(rust::FlagStyle::Feature);
        let code = rust::emit_file(&accepted.schema, &options);
        std::fs::write(root.join(format!("src/{module}.rs")), &code).expect("write module");
        std::fs::write(root.join(format!("src/{module}.yaml")), &accepted.text).expect("write schema");
        let _ = writeln!(lib, "/// Schema of seed {}.\n#[path = \"{module}.rs\"]\npub mod {module};", accepted.seed);
        roundtrip.push_str(&roundtrip_test(&module, &accepted.schema));

        for strict in [false, true] {
            let mut options = json_schema::Options::default();
            options.strict = strict;
            let document: Value = serde_json::from_str(&json_schema::emit_string(&accepted.schema, &options)).expect("the JSON Schema is JSON");
            let name = format!("{module}{}", if strict { "-strict" } else { "" });
            if let Some(defs) = document.get("$defs").and_then(Value::as_object) {
                for (key, entry) in defs {
                    for (number, example) in entry.get("examples").and_then(Value::as_array).into_iter().flatten().enumerate() {
                        cases.push(Case {
                            document: name.clone(),
                            reference: Some(format!("#/$defs/{}", key.replace('~', "~0").replace('/', "~1"))),
                            instance: example.clone(),
                            valid: true,
                            label: format!("seed {} example {number} of {key}", accepted.seed),
                        });
                    }
                }
            }
            documents.push((name, document));
        }

        let manual = root.join(format!("manual/{module}.rst"));
        std::fs::write(&manual, rst::emit(&accepted.schema, &rst::Options::default())).expect("write manual");
        let output = docutils(&manual);
        if !output.status.success() {
            failures.push(format!("seed {}: docutils rejects the manual {}:\n{}", accepted.seed, manual.display(), String::from_utf8_lossy(&output.stderr)));
        }
    }
    std::fs::write(root.join("src/lib.rs"), lib).expect("write lib.rs");
    std::fs::write(root.join("tests/roundtrip.rs"), roundtrip).expect("write roundtrip.rs");
    write_manifest(&root);

    for problem in unexpected_outcomes(&documents, &cases) {
        failures.push(format!("JSON Schema (round {round}, scratch crate {}): {problem}", root.display()));
    }
    for (what, arguments) in [
        ("clippy with every feature", &["clippy", "--offline", "--quiet", "--all-targets", "--all-features", "--", "-D", "warnings"][..]),
        ("clippy without features", &["clippy", "--offline", "--quiet", "--all-targets", "--", "-D", "warnings"][..]),
        ("the examples' round trip", &["test", "--offline", "--quiet", "--all-features"][..]),
        ("rustdoc (links, HTML, code blocks)", &["doc", "--offline", "--quiet", "--no-deps", "--all-features"][..]),
    ] {
        let output = scratch_cargo(&root, arguments);
        if !output.status.success() {
            failures.push(format!(
                "{what} fails in round {round} (scratch crate {}; schemas are src/sN.yaml):\n{}{}",
                root.display(),
                tail(&String::from_utf8_lossy(&output.stdout)),
                tail(&String::from_utf8_lossy(&output.stderr))
            ));
            break;
        }
    }
    failures
}

/// The last lines of a long output.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(120)..].join("\n") + "\n"
}

/// The scratch crate's manifest: the runtime without its default features
/// (as a build.rs user has it), so the scratch build never compiles the
/// generator itself; no debug info and no incremental cache, so a long
/// run's disk use stays flat.
fn write_manifest(root: &Path) {
    let runtime = workspace_root().join("codegen/runtime");
    let manifest = format!(
        "[package]\nname = \"semantic-fuzz\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[features]\nconfig_a = []\nconfig_b = []\nconfig_c = []\n\n[dependencies]\nqapi-runtime = {{ path = {:?}, default-features = false }}\n\n[dev-dependencies]\nserde_json = \"1\"\n\n[lints.rustdoc]\nbroken_intra_doc_links = \"deny\"\nprivate_intra_doc_links = \"deny\"\ninvalid_html_tags = \"deny\"\nbare_urls = \"deny\"\ninvalid_codeblock_attributes = \"deny\"\ninvalid_rust_codeblocks = \"deny\"\n\n[profile.dev]\ndebug = false\nincremental = false\n\n[workspace]\n",
        runtime.display().to_string()
    );
    std::fs::write(root.join("Cargo.toml"), manifest).expect("write manifest");
    if !root.join("Cargo.lock").exists() {
        let _ = std::fs::copy(workspace_root().join("Cargo.lock"), root.join("Cargo.lock"));
    }
}

/// The Rust name of a type the generator may give a hazardous name.
fn type_ident(name: &str) -> String {
    qapi_gen_schema::rules::rust_item_name(qapi_gen_schema::rules::RustItem::Type, name)
}

/// A test of the scratch crate decoding and re-encoding every example of
/// `schema` through the generated types of `module`.
fn roundtrip_test(module: &str, schema: &Schema) -> String {
    let mut body = String::new();
    for definition in &schema.definitions {
        for example in definition.examples.iter().filter(|e| e.valid) {
            match &definition.kind {
                DefKind::Event(_) => {
                    let message = &example.messages[0].message;
                    let _ = writeln!(
                        body,
                        "    let v: serde_json::Value = serde_json::from_str({:?}).unwrap();\n    let m: semantic_fuzz::{module}::Event = serde_json::from_value(v.clone()).unwrap();\n    same(&serde_json::to_value(&m).unwrap(), &v, {:?});",
                        message.to_string(),
                        format!("event {}", definition.name)
                    );
                }
                DefKind::Command(_) => {
                    let request = &example.messages[0].message;
                    let reply = &example.messages[1].message["return"];
                    let _ = writeln!(
                        body,
                        "    let v: serde_json::Value = serde_json::from_str({:?}).unwrap();\n    let m: semantic_fuzz::{module}::Request = serde_json::from_value(v.clone()).unwrap();\n    same(&serde_json::to_value(&m).unwrap(), &v, {:?});\n    let v: serde_json::Value = serde_json::from_str({:?}).unwrap();\n    let r = semantic_fuzz::{module}::Reply::decode({:?}, v.clone()).unwrap();\n    same(&serde_json::to_value(&r).unwrap(), &v, {:?});",
                        request.to_string(),
                        format!("request {}", definition.name),
                        reply.to_string(),
                        definition.name,
                        format!("reply of {}", definition.name)
                    );
                }
                DefKind::Struct(_) | DefKind::Union(_) => {
                    let value = &example.messages[0].message;
                    let _ = writeln!(
                        body,
                        "    let v: serde_json::Value = serde_json::from_str({:?}).unwrap();\n    let m: semantic_fuzz::{module}::{} = serde_json::from_value(v.clone()).unwrap();\n    same(&serde_json::to_value(&m).unwrap(), &v, {:?});",
                        value.to_string(),
                        type_ident(&definition.name),
                        format!("type {}", definition.name)
                    );
                }
                _ => {}
            }
        }
    }
    format!("\n#[test]\nfn {module}() {{\n{body}}}\n")
}
