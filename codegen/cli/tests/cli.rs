//! The `qapi-gen` binary as a user runs it: exit statuses, diagnostics on
//! stderr, outputs written only when the schema is clean.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn qapi_gen(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qapi-gen")).args(arguments).current_dir(workspace()).output().expect("run qapi-gen")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn check_accepts_the_shipped_schema() {
    let output = qapi_gen(&["check", "schema/unplug-events.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("schema/unplug-events.yaml: ok, 9 definitions in 2 files"), "{}", stderr(&output));
}

#[test]
fn check_reports_every_error_with_its_position_and_exits_1() {
    let output = qapi_gen(&["check", "tests/ui/syntax/wrong-shape.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("tests/ui/syntax/wrong-shape.yaml:3:11: error: `data` must be a type name or a mapping of members, found a number"), "{text}");
    assert!(text.contains("tests/ui/syntax/wrong-shape.yaml:5:11: error: members must be a mapping"), "{text}");
    assert!(text.contains("has 2 errors; nothing was written"), "{text}");
}

#[test]
fn io_and_usage_errors_exit_2() {
    let missing = qapi_gen(&["check", "no/such/file.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("error: cannot read `no/such/file.yaml`: no such file"), "{}", stderr(&missing));
    let usage = qapi_gen(&["check"]);
    assert_eq!(usage.status.code(), Some(2));
    let unknown = qapi_gen(&["frobnicate"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn help_names_every_command_and_the_exit_statuses() {
    let output = qapi_gen(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    for command in ["check", "rust", "json-schema", "rst", "generate"] {
        assert!(text.contains(command), "--help lacks `{command}`:\n{text}");
    }
    assert!(text.contains("Exit status"), "{text}");
    let check = qapi_gen(&["check", "--help"]);
    assert!(String::from_utf8_lossy(&check.stdout).contains("The top schema file"));
}

#[test]
fn generate_writes_nothing_when_the_schema_has_errors() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let out = directory.path().join("out");
    let output = qapi_gen(&["generate", "tests/ui/names/type-case.yaml", "--out-dir", out.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists(), "no output directory may be created for a bad schema");
}

#[test]
fn generate_rewrites_only_changed_outputs() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let out = directory.path().to_str().expect("utf-8 path").to_string();
    let first = qapi_gen(&["generate", "schema/unplug-events.yaml", "--out-dir", &out]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let names = ["unplug-events.rs", "unplug-events.schema.json", "unplug-events.rst"];
    for name in names {
        assert!(directory.path().join(name).exists(), "{name} missing");
    }
    let second = qapi_gen(&["generate", "schema/unplug-events.yaml", "--out-dir", &out]);
    assert_eq!(second.status.code(), Some(0));
    for name in names {
        assert!(stderr(&second).contains(&format!("unchanged {}", directory.path().join(name).display())), "{}", stderr(&second));
    }
}

#[test]
fn no_output_replaces_a_schema_file() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let schema = directory.path().join("tiny.yaml");
    let text = "module: tiny\ndefinitions:\n  - event: PING\n";
    std::fs::write(&schema, text).expect("write schema");
    let path = schema.to_str().expect("UTF-8 path");
    for command in ["rust", "json-schema", "rst"] {
        let output = qapi_gen(&[command, path, "-o", path]);
        assert_eq!(output.status.code(), Some(2), "{command}: {}", stderr(&output));
        assert!(stderr(&output).contains("refusing to write over the schema file"), "{command}: {}", stderr(&output));
    }
    // `generate` names its files after the module: `tiny.rs` and so on; a
    // schema whose module makes an output name its own file is refused too.
    let clash = directory.path().join("x.rst");
    std::fs::write(&clash, "module: x\ndefinitions:\n  - event: PING\n").expect("write schema");
    let output = qapi_gen(&["generate", clash.to_str().expect("UTF-8 path"), "--out-dir", directory.path().to_str().expect("UTF-8 path")]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("refusing to write over the schema file"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&schema).expect("schema"), text);
    assert!(std::fs::read_to_string(&clash).expect("schema").starts_with("module: x"));
    assert!(!directory.path().join("x.rs").exists(), "nothing is written when one output is refused");
}

#[test]
fn options_an_output_ignores_are_refused() {
    let output = qapi_gen(&["rst", "schema/unplug-events.yaml", "--include-removed"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn rust_takes_the_oldest_server() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let schema = directory.path().join("dated.yaml");
    std::fs::write(&schema, "module: dated\ndefinitions:\n  - event: PING\n    since: \"1.0\"\n    data:\n      extra:\n        type: int\n        since: \"2.0\"\n").expect("write schema");
    let path = schema.to_str().expect("UTF-8 path");
    let floored = qapi_gen(&["rust", "--oldest-server", "1.0", path]);
    assert_eq!(floored.status.code(), Some(0), "{}", stderr(&floored));
    assert!(String::from_utf8_lossy(&floored.stdout).contains("pub extra: ::core::option::Option<i64>,"));
    let bad = qapi_gen(&["rust", "--oldest-server", "ten", path]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("`ten` is not a version such as `10.0`"), "{}", stderr(&bad));
}
