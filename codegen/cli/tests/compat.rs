//! `qapi-gen compat OLD NEW` as CI runs it: the report on standard output,
//! exit status 0 when nothing breaks, 1 when something does, 2 when a
//! schema cannot be loaded or the command line is wrong; `--format json`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn qapi_gen(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qapi-gen")).args(arguments).current_dir(workspace()).output().expect("run qapi-gen")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn case(name: &str) -> [String; 2] {
    ["old", "new"].map(|side| format!("tests/compat/{name}/{side}.yaml"))
}

#[test]
fn nothing_breaking_exits_0() {
    let [old, new] = case("member-added");
    let output = qapi_gen(&["compat", &old, &new]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with(&format!("compat: {old} (version 2.0) -> {new} (version 2.1)\n0 breaking, 0 deprecation, 4 compatible\n")), "{text}");

    let [old, new] = case("newly-deprecated");
    let output = qapi_gen(&["compat", &old, &new]);
    assert_eq!(output.status.code(), Some(0), "deprecations alone do not fail: {}", stdout(&output));

    let same = qapi_gen(&["compat", "schema/unplug-events.yaml", "schema/unplug-events.yaml"]);
    assert_eq!(same.status.code(), Some(0));
    assert!(stdout(&same).ends_with("no changes on the wire\n"), "{}", stdout(&same));
}

#[test]
fn something_breaking_exits_1_with_both_positions() {
    let [old, new] = case("member-removed");
    let output = qapi_gen(&["compat", &old, &new]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("\nbreaking (2):\n  member-removed: argument `force` of command `device-del` was removed without being deprecated first [input]\n"), "{text}");
    assert!(text.contains(&format!("    old: {old}:11:7\n    new: {new}:6:14\n")), "{text}");
    assert!(text.contains("\ndeprecation (1):\n  removed-after-deprecation: "), "{text}");
}

#[test]
fn json_format_carries_classes_rules_and_positions() {
    let [old, new] = case("member-made-optional");
    let output = qapi_gen(&["compat", "--format", "json", &old, &new]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stdout is one JSON document");
    assert_eq!(report["breaking"], true);
    assert_eq!(report["old"]["file"], old.as_str());
    assert_eq!(report["new"]["version"], "2.1");
    assert_eq!(report["counts"], serde_json::json!({"breaking": 1, "deprecation": 0, "compatible": 1}));
    let changes = report["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 2);
    let breaking = &changes[0];
    assert_eq!(breaking["class"], "breaking");
    assert_eq!(breaking["rule"], "member-made-optional");
    assert_eq!(breaking["subject"], "DEVICE_DELETED.path");
    assert_eq!(breaking["directions"], serde_json::json!(["output"]));
    assert_eq!(breaking["old"], serde_json::json!({"file": old, "line": 13, "column": 7}));
    assert_eq!(breaking["new"], serde_json::json!({"file": new, "line": 11, "column": 7}));
    assert_eq!(changes[1]["class"], "compatible");
    assert_eq!(changes[1]["directions"], serde_json::json!(["input"]));

    let clean = qapi_gen(&["compat", "--format", "json", "schema/unplug-events.yaml", "schema/unplug-events.yaml"]);
    assert_eq!(clean.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&clean.stdout).expect("stdout is one JSON document");
    assert_eq!(report["breaking"], false);
    assert_eq!(report["changes"], serde_json::json!([]));
}

#[test]
fn schemas_that_do_not_load_and_usage_errors_exit_2() {
    let [old, _] = case("member-removed");
    let missing = qapi_gen(&["compat", &old, "no/such/file.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("error: cannot read `no/such/file.yaml`: no such file"), "{}", stderr(&missing));
    assert!(stdout(&missing).is_empty(), "no report without both schemas");

    let broken = qapi_gen(&["compat", "tests/ui/syntax/wrong-shape.yaml", &old]);
    assert_eq!(broken.status.code(), Some(2), "a schema with errors is not compared");
    let text = stderr(&broken);
    assert!(text.contains("tests/ui/syntax/wrong-shape.yaml:3:11: error: "), "diagnostics are printed: {text}");
    assert!(text.contains("error: tests/ui/syntax/wrong-shape.yaml has 2 errors; it cannot be compared"), "{text}");

    for arguments in [vec!["compat", old.as_str()], vec!["compat", "--format", "xml", old.as_str(), old.as_str()]] {
        assert_eq!(qapi_gen(&arguments).status.code(), Some(2), "{arguments:?}");
    }
}

#[test]
fn help_describes_compat_and_its_exit_statuses() {
    let output = qapi_gen(&["compat", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for needle in ["The old schema", "The new schema", "--format", "json", "breaking"] {
        assert!(text.contains(needle), "`compat --help` lacks {needle:?}:\n{text}");
    }
}
