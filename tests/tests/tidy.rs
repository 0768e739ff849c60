//! Tidy checks of the workspace's sources, in the spirit of rust-analyzer's
//! `xtask/src/tidy.rs`: every module says what it is for, no test expects a
//! panic, and every golden file belongs to a fixture. Each check reports
//! every offender at once, by path relative to the workspace root.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use qapi_gen_tests::{files_with_extension, tests_dir, workspace_root};

/// The source trees whose modules must open with a `//!` line.
const DOCUMENTED: &[&str] = &["schema/src", "codegen/src", "codegen/cli/src", "codegen/derive/src", "codegen/runtime/src", "tests/src"];

/// The attribute no test may carry, spelled so this file does not match it.
const SHOULD_PANIC: &str = concat!("#[", "should_panic");

/// This test, the one file that may name the attribute.
const THIS_FILE: &str = "tests/tests/tidy.rs";

/// Every `.rs` file under `directory`, sorted, skipping build output and
/// hidden directories (`.git`, `.venv`).
fn rust_files(directory: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![directory.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !name.starts_with('.') && name != "target" && name != "out" {
                    pending.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `path` relative to the workspace root, with `/` separators.
fn relative(path: &Path) -> String {
    let root = workspace_root();
    path.strip_prefix(&root).unwrap_or(path).components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// Fixtures and goldens of the test suite, and files written by a generator.
fn is_fixture_or_generated(path: &Path, text: &str) -> bool {
    let relative = relative(path);
    relative.starts_with("tests/expected/") || relative.split('/').any(|part| part == "ui") || text.lines().next().is_some_and(|line| line.contains("@generated"))
}

#[test]
fn every_module_opens_with_a_doc_line() {
    let root = workspace_root();
    let mut offenders = Vec::new();
    let mut checked = 0;
    for tree in DOCUMENTED {
        let files = rust_files(&root.join(tree));
        assert!(!files.is_empty(), "{tree}: no Rust files found; is the list of source trees stale?");
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if is_fixture_or_generated(&path, &text) {
                continue;
            }
            checked += 1;
            if !text.lines().next().is_some_and(|line| line.starts_with("//!")) {
                offenders.push(relative(&path));
            }
        }
    }
    assert!(checked > 0, "no module checked");
    assert!(offenders.is_empty(), "{} module(s) do not open with a `//!` line saying what they are for:\n  {}", offenders.len(), offenders.join("\n  "));
}

#[test]
fn no_test_expects_a_panic() {
    let root = workspace_root();
    let mut offenders = Vec::new();
    for path in rust_files(&root) {
        if relative(&path) == THIS_FILE {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (number, line) in text.lines().enumerate() {
            if line.contains(SHOULD_PANIC) {
                offenders.push(format!("{}:{}: {}", relative(&path), number + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "{} use(s) of {SHOULD_PANIC}]: a test says what it expects by returning or matching the error instead:\n  {}",
        offenders.len(),
        offenders.join("\n  ")
    );
}

/// File stems of the `.yaml` files directly in `tests/<directory>`.
fn stems(directory: &str) -> Vec<String> {
    files_with_extension(&tests_dir(directory), "yaml").iter().filter_map(|p| p.file_stem()).map(|s| s.to_string_lossy().into_owned()).collect()
}

/// Every golden name the golden tests can produce from the fixtures, with
/// their naming (`rust_output.rs`, `json_schema.rs` with its support
/// module's `Variant::golden`, `rst.rs` with its support module's
/// `fixtures`), plus every `expected/...` file a test names literally.
fn expected_goldens() -> BTreeSet<String> {
    let shipped = workspace_root().join("schema/unplug-events.yaml");
    let mut schemas = stems("schemas");
    if shipped.exists() {
        schemas.push("unplug-events".to_owned());
    }
    let mut names = BTreeSet::new();
    for stem in &schemas {
        // Rust: the default output, the outputs with removed items and
        // with conditions as Cargo features when they differ, and with
        // serde's derives.
        names.insert(format!("{stem}.rs"));
        names.insert(format!("{stem}.removed.rs"));
        names.insert(format!("{stem}.features.rs"));
        names.insert(format!("{stem}.serde-derives.rs"));
        // JSON Schema: every variant for the emitter's coverage fixture, the default otherwise.
        let suffixes: &[&str] = if stem == "json-schema-coverage" { &["", ".strict", ".removed", ".removed.strict"] } else { &[""] };
        names.extend(suffixes.iter().map(|suffix| format!("{stem}{suffix}.schema.json")));
        // RST.
        names.insert(format!("{stem}.rst"));
    }
    // RST only: the manual fixtures.
    names.extend(stems("schemas/rst").iter().map(|stem| format!("{stem}.rst")));
    // Goldens named in a test (the Markdown fixture's).
    for path in rust_files(&tests_dir("tests")).into_iter().chain(rust_files(&tests_dir("src"))) {
        if relative(&path) == THIS_FILE {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (index, _) in text.match_indices("\"expected/") {
            let rest = &text[index + "\"expected/".len()..];
            if let Some(end) = rest.find('"') {
                let name = &rest[..end];
                if !name.contains('{') {
                    names.insert(name.to_owned());
                }
            }
        }
    }
    names
}

#[test]
fn every_golden_belongs_to_a_fixture() {
    let expected_dir = tests_dir("expected");
    let mut goldens = Vec::new();
    let mut pending = vec![expected_dir.clone()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).into_iter().flatten().filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(name) = path.strip_prefix(&expected_dir) {
                goldens.push(name.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"));
            }
        }
    }
    assert!(!goldens.is_empty(), "no golden files in tests/expected");
    let expected = expected_goldens();
    let mut orphans: Vec<String> = goldens.into_iter().filter(|name| !expected.contains(name)).map(|name| format!("tests/expected/{name}")).collect();
    orphans.sort();
    assert!(
        orphans.is_empty(),
        "{} golden file(s) that no test produces (no fixture in tests/schemas, tests/schemas/rst or schema/, and no test names them):\n  {}",
        orphans.len(),
        orphans.join("\n  ")
    );
}
