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
fn conditions_are_kept_by_default_and_cfg_on_request() {
    let schema = "tests/schemas/json-schema-coverage.yaml";
    let default = qapi_gen(&["rust", schema]);
    assert!(default.status.success(), "{}", stderr(&default));
    let code = String::from_utf8_lossy(&default.stdout);
    assert!(code.contains("pub struct DeviceAdded") && !code.contains("#[cfg("), "every item, without #[cfg]");
    assert!(code.contains("Only where `any(CONFIG_PCI, CONFIG_MEM)` holds"), "the condition is in the docs");
    let cfg = qapi_gen(&["rust", schema, "--conditions", "cfg"]);
    assert!(String::from_utf8_lossy(&cfg.stdout).contains("#[cfg(any(config_pci, config_mem))]"), "{}", stderr(&cfg));
    let feature = qapi_gen(&["rust", schema, "--conditions=feature"]);
    assert!(String::from_utf8_lossy(&feature.stdout).contains("#[cfg(feature = \"config_pci\")]"), "{}", stderr(&feature));
    let unknown = qapi_gen(&["rust", schema, "--conditions", "features"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("expected one of docs, feature, cfg"), "{}", stderr(&unknown));
    let ignored = qapi_gen(&["json-schema", schema, "--conditions", "cfg"]);
    assert_eq!(ignored.status.code(), Some(2), "the JSON Schema has no conditions to map");
}

/// A QAPI schema with one warning (`since-text`) in a temporary directory.
fn schema_with_a_warning() -> (tempfile::TempDir, PathBuf) {
    let directory = tempfile::tempdir().expect("temporary directory");
    let schema = directory.path().join("w.json");
    std::fs::write(&schema, "##\n# @PING:\n#\n# Since: soon\n##\n{ 'event': 'PING' }\n").expect("write schema");
    (directory, schema)
}

fn run_in(directory: &Path, arguments: &[&str], environment: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_qapi-gen"));
    command.args(arguments).current_dir(directory).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    for (name, value) in environment {
        command.env(name, value);
    }
    command.output().expect("run qapi-gen")
}

#[test]
fn warnings_have_kinds_and_can_be_allowed_or_denied() {
    let (directory, _schema) = schema_with_a_warning();
    let shown = run_in(directory.path(), &["check", "w.json"], &[]);
    assert_eq!(shown.status.code(), Some(0));
    let text = stderr(&shown);
    assert!(text.starts_with("w.json:4:3: warning: `Since: soon` is not a version; kept as text only [since-text]\n"), "{text}");
    assert!(text.ends_with("w.json: ok, 1 definitions in 1 file, 1 warning\n"), "{text}");

    let allowed = run_in(directory.path(), &["check", "--allow", "since-text", "w.json"], &[]);
    assert_eq!(stderr(&allowed), "w.json: ok, 1 definitions in 1 file, 0 warnings\n");

    let denied = run_in(directory.path(), &["rust", "-D", "warnings", "w.json"], &[]);
    assert_eq!(denied.status.code(), Some(1));
    let text = stderr(&denied);
    assert!(text.starts_with("w.json:4:3: error: `Since: soon` is not a version; kept as text only [since-text]\n"), "{text}");
    assert!(text.ends_with("error: w.json has 1 error; nothing was written\n"), "{text}");
    assert!(denied.stdout.is_empty());

    let single_kind_wins = run_in(directory.path(), &["check", "-D", "warnings", "-A", "since-text", "w.json"], &[]);
    assert_eq!(single_kind_wins.status.code(), Some(0), "{}", stderr(&single_kind_wins));
    let unknown = run_in(directory.path(), &["check", "-A", "since_text", "w.json"], &[]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("known kinds: warnings (all), example-mismatch"), "{}", stderr(&unknown));
}

#[test]
fn quiet_keeps_only_errors() {
    let (directory, _schema) = schema_with_a_warning();
    let quiet = run_in(directory.path(), &["-q", "generate", "w.json", "--out-dir", "out"], &[]);
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(stderr(&quiet), "", "no warnings, no summary, no list of files");
    assert!(directory.path().join("out/w.rs").exists());
    let failing = run_in(directory.path(), &["check", "--quiet", "--deny", "since-text", "w.json"], &[]);
    assert_eq!(failing.status.code(), Some(1));
    assert!(stderr(&failing).contains("error: `Since: soon`"), "{}", stderr(&failing));
}

#[test]
fn colour_is_chosen_by_flag_and_no_color() {
    let (directory, _schema) = schema_with_a_warning();
    let escape = "\u{1b}[";
    let always = run_in(directory.path(), &["check", "--color", "always", "w.json"], &[]);
    assert!(stderr(&always).contains(escape), "{}", stderr(&always));
    let never = run_in(directory.path(), &["check", "--color", "never", "w.json"], &[("CLICOLOR_FORCE", "1")]);
    assert!(!stderr(&never).contains(escape));
    // Not a terminal, and `NO_COLOR` even where one forces colours.
    let auto = run_in(directory.path(), &["check", "w.json"], &[]);
    assert!(!stderr(&auto).contains(escape));
    let no_color = run_in(directory.path(), &["check", "w.json"], &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]);
    assert!(!stderr(&no_color).contains(escape), "{}", stderr(&no_color));
    let forced = run_in(directory.path(), &["check", "w.json"], &[("CLICOLOR_FORCE", "1")]);
    assert!(stderr(&forced).contains(escape));
}

#[test]
fn check_prints_json_lines_for_tools() {
    let output = qapi_gen(&["check", "--format", "json", "tests/ui/syntax/wrong-shape.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<serde_json::Value> = stdout.lines().map(|line| serde_json::from_str(line).expect("one JSON object per line")).collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    let second = &lines[1];
    assert_eq!(second["path"], "tests/ui/syntax/wrong-shape.yaml");
    assert_eq!((second["line"].as_u64(), second["column"].as_u64(), second["end_line"].as_u64(), second["end_column"].as_u64()), (Some(5), Some(11), Some(5), Some(17)));
    assert_eq!(second["severity"], "error");
    assert_eq!(second["kind"], serde_json::Value::Null);
    assert!(second["message"].as_str().is_some_and(|m| m.starts_with("members must be a mapping")));
    assert_eq!(second["help"], "write e.g. `data: {device?: str, path: str}`");
    assert_eq!(second["notes"], serde_json::json!([]));
    assert!(!stderr(&output).contains("wrong-shape.yaml:3:11"), "diagnostics go to stdout only");

    let (directory, _schema) = schema_with_a_warning();
    let warning = run_in(directory.path(), &["check", "--format", "json", "w.json"], &[]);
    let line: serde_json::Value = serde_json::from_slice(&warning.stdout).expect("JSON");
    assert_eq!((line["severity"].as_str(), line["kind"].as_str()), (Some("warning"), Some("since-text")));
}

#[test]
fn long_snippet_lines_are_cut_around_the_column() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let padding = "x".repeat(200);
    std::fs::write(directory.path().join("long.yaml"), format!("definitions:\n  - {{event: PING, doc: \"{padding}\", data: 42}}\n")).expect("write");
    let output = run_in(directory.path(), &["check", "long.yaml"], &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    let snippet = text.lines().find(|line| line.starts_with("2 | ")).unwrap_or_else(|| panic!("{text}"));
    assert!(snippet.starts_with("2 | ..."), "the start of the line is left out: {text}");
    assert!(snippet.contains("data: 42"), "{text}");
    assert!(snippet.chars().count() < 160, "{text}");
    let carets = text.lines().skip_while(|line| !line.starts_with("2 | ")).nth(1).unwrap_or_default();
    assert_eq!(carets.find('^'), snippet.find("42"), "{text}");
}

#[test]
fn out_dir_is_one_flag_and_must_be_a_directory() {
    let (directory, _schema) = schema_with_a_warning();
    std::fs::write(directory.path().join("a-file"), "").expect("write");
    for command in ["generate", "import"] {
        let output = run_in(directory.path(), &[command, "w.json", "--out-dir", "a-file"], &[]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert_eq!(stderr(&output), "error: --out-dir a-file is a file, not a directory\n", "{command}");
    }
    let import = run_in(directory.path(), &["import", "w.json", "--out-dir", "yaml"], &[]);
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    assert!(directory.path().join("yaml/w.yaml").exists());
}

#[test]
fn headers_name_the_front_door_version_and_relative_schema() {
    let (directory, _schema) = schema_with_a_warning();
    let rust = run_in(directory.path(), &["rust", "w.json"], &[]);
    let first = String::from_utf8_lossy(&rust.stdout).lines().next().unwrap_or_default().to_owned();
    assert_eq!(first, format!("// This file is @generated by qapi-gen {} (`qapi-gen rust` CLI, from w.json). Do not edit it by hand.", env!("CARGO_PKG_VERSION")));
    let absolute = directory.path().join("w.json");
    let generated = run_in(directory.path(), &["generate", absolute.to_str().expect("UTF-8 path"), "--out-dir", "out"], &[]);
    assert_eq!(generated.status.code(), Some(0));
    let text = std::fs::read_to_string(directory.path().join("out/w.rs")).expect("generated");
    assert!(text.starts_with(&format!("// This file is @generated by qapi-gen {} (`qapi-gen generate` CLI, from w.json).", env!("CARGO_PKG_VERSION"))), "{text}");
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
