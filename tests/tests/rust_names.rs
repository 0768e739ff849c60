//! Rust names of generated items depend only on the definition they name:
//! adding or removing definitions renames nothing else, and a definition
//! present in two QEMU releases has one Rust name in both.

use std::collections::BTreeMap;
use std::path::Path;

use qapi_gen_codegen::rust::{self, Options, RustItem};
use qapi_gen_tests::corpus_dir;

const RELEASES: [&str; 6] = ["6.1", "6.2", "9.0", "9.1", "10.0", "10.2"];

fn names(top: &Path, check_output: bool) -> BTreeMap<(String, RustItem), String> {
    match qapi_gen_schema::load(top) {
        Ok(loaded) => {
            let names = rust::item_names(&loaded.schema, &Options::default());
            if !check_output {
                return names;
            }
            // The map is what the emitter writes: every item is in the output.
            let code = rust::emit_file(&loaded.schema, &Options::default());
            for ((_, item), rust) in &names {
                let keyword = if *item == RustItem::BranchEnum { "enum" } else { "" };
                assert!(code.contains(&format!("{keyword} {rust} {{")) || code.contains(&format!("{keyword} {rust}(")), "`{rust}` is not in the output of {}", top.display());
            }
            names
        }
        Err(failure) => panic!("{} should check without error:\n{}", top.display(), failure.render_short()),
    }
}

#[test]
fn adding_and_removing_definitions_renames_nothing_else() {
    if qapi_gen_tests::corpus_missing("rust_names::adding_and_removing_definitions_renames_nothing_else") {
        return;
    }
    let source = corpus_dir().join("qemu-qapi-10.0");
    let copy = tempfile::tempdir().expect("temporary directory");
    for entry in std::fs::read_dir(&source).expect("corpus directory") {
        let path = entry.expect("corpus entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::copy(&path, copy.path().join(path.file_name().expect("file name"))).expect("copy");
        }
    }
    let before = names(&copy.path().join("qapi-schema.json"), true);
    assert_eq!(before.get(&("stop".to_owned(), RustItem::Command)).map(String::as_str), Some("StopCommand"));
    assert_eq!(before.get(&("STOP".to_owned(), RustItem::Event)).map(String::as_str), Some("Stop"));
    assert_eq!(before.get(&("blockdev-backup".to_owned(), RustItem::Command)).map(String::as_str), Some("BlockdevBackupCommand"));
    assert_eq!(before.get(&("BlockdevBackup".to_owned(), RustItem::Type)).map(String::as_str), Some("BlockdevBackup"));

    // Types named like commands and events (`Stop` once `STOP` is gone),
    // a command named like a type, a new event; the `STOP` event and the
    // `stop` command removed.
    let added = "\n{ 'struct': 'QueryStatus', 'data': { 'a': 'int' } }\n{ 'struct': 'Stop', 'data': { 'a': 'int' } }\n{ 'command': 'block-info' }\n{ 'event': 'RUN_STATE_SEEN' }\n";
    let removed = [("misc.json", "{ 'command': 'stop' }"), ("run-state.json", "{ 'event': 'STOP' }")];
    for (file, definition) in removed {
        let path = copy.path().join(file);
        let text = std::fs::read_to_string(&path).expect("corpus file");
        assert!(text.contains(definition), "the corpus has `{definition}`");
        let text = text.replace(definition, "");
        std::fs::write(&path, if file == "misc.json" { text + added } else { text }).expect("write corpus file");
    }

    let after = names(&copy.path().join("qapi-schema.json"), true);
    let mut common = 0;
    for (key, rust) in &before {
        if let Some(now) = after.get(key) {
            assert_eq!(now, rust, "{key:?} was renamed");
            common += 1;
        }
    }
    assert!(!after.contains_key(&("STOP".to_owned(), RustItem::Event)), "`STOP` was removed");
    assert_eq!(after.get(&("Stop".to_owned(), RustItem::Type)).map(String::as_str), Some("Stop"));
    assert_eq!(after.get(&("QueryStatus".to_owned(), RustItem::Type)).map(String::as_str), Some("QueryStatus"));
    assert_eq!(after.get(&("query-status".to_owned(), RustItem::Command)).map(String::as_str), Some("QueryStatusCommand"));
    assert_eq!(after.get(&("block-info".to_owned(), RustItem::Command)).map(String::as_str), Some("BlockInfoCommand"));
    assert_eq!(after.get(&("RUN_STATE_SEEN".to_owned(), RustItem::Event)).map(String::as_str), Some("RunStateSeen"));
    assert_eq!(common, before.len() - 2, "every definition but `STOP` and `stop` is kept");
}

#[test]
fn a_definition_of_two_releases_has_one_rust_name() {
    if qapi_gen_tests::corpus_missing("rust_names::a_definition_of_two_releases_has_one_rust_name") {
        return;
    }
    let all: Vec<BTreeMap<(String, RustItem), String>> = RELEASES.iter().map(|release| names(&corpus_dir().join(format!("qemu-qapi-{release}/qapi-schema.json")), false)).collect();
    let mut compared = 0;
    for (index, older) in all.iter().enumerate() {
        for newer in &all[index + 1..] {
            for (key, rust) in older {
                if let Some(other) = newer.get(key) {
                    assert_eq!(other, rust, "{key:?} has two Rust names");
                    compared += 1;
                }
            }
        }
    }
    // Most definitions live through all six releases.
    assert!(compared > 10_000, "only {compared} pairs compared");
}
