//! `Builder::compile` in a real build script, built by a real cargo in a
//! scratch crate outside the workspace: each diagnostic appears once in
//! cargo's output, with cargo's own `error:`/`warning:` and nothing
//! doubled; warnings are summed up by default, listed or denied on request.

use std::path::{Path, PathBuf};

use qapi_gen_tests::{scratch_cargo, workspace_root};

/// A scratch crate whose build script runs `builder` (Rust expressions
/// chained on `Builder::new().schema("schema.<extension>")`) on `schema`.
fn scratch(root: &Path, extension: &str, schema: &str, builder: &str) {
    std::fs::create_dir_all(root.join("src")).expect("scratch crate");
    let codegen = workspace_root().join("codegen");
    let manifest = format!(
        "[package]\nname = \"build-script\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[build-dependencies]\nqapi-gen-codegen = {{ path = {:?} }}\n\n[profile.dev]\ndebug = false\nincremental = false\n\n[workspace]\n",
        codegen.display().to_string()
    );
    std::fs::write(root.join("Cargo.toml"), manifest).expect("manifest");
    if !root.join("Cargo.lock").exists() {
        let _ = std::fs::copy(workspace_root().join("Cargo.lock"), root.join("Cargo.lock"));
    }
    std::fs::write(root.join("src/lib.rs"), "").expect("lib.rs");
    let _ = std::fs::remove_file(root.join("schema.yaml"));
    let _ = std::fs::remove_file(root.join("schema.json"));
    std::fs::write(root.join(format!("schema.{extension}")), schema).expect("schema");
    let build = format!(
        "use qapi_gen_codegen::builder::ShowWarnings;\nuse qapi_gen_codegen::schema::{{Level, WarningKind}};\n\nfn main() {{\n    let _ = (ShowWarnings::Each, Level::Deny, WarningKind::SinceText);\n    qapi_gen_codegen::Builder::new().schema(\"schema.{extension}\"){builder}.compile();\n}}\n"
    );
    std::fs::write(root.join("build.rs"), build).expect("build.rs");
}

/// `cargo build` of the scratch crate: success and its standard error.
fn build(root: &Path) -> (bool, String) {
    let output = scratch_cargo(root, &["build", "--offline"]);
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// The lines of cargo's output that come from the build script.
fn script_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|line| line.contains("build-script@0.0.0:")).collect()
}

const BROKEN: &str = "definitions:\n  - event: PING\n    data: 42\n  - struct: Thing\n    data: [a, b]\n";

const WITH_WARNINGS: &str = "##\n# @PING:\n#\n# Since: soon\n##\n{ 'event': 'PING' }\n\n##\n# @PONG:\n#\n# Since: later\n##\n{ 'event': 'PONG' }\n";

#[test]
fn build_scripts_show_each_diagnostic_once() {
    let root: PathBuf = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("build-script");

    scratch(&root, "yaml", BROKEN, "");
    let (ok, stderr) = build(&root);
    assert!(!ok, "a schema error fails the build:\n{stderr}");
    let lines = script_lines(&stderr);
    assert_eq!(lines.len(), 2, "one line per diagnostic:\n{stderr}");
    assert!(lines[0].starts_with("error: build-script@0.0.0: schema.yaml:3:11: `data` must be a type name or a mapping of members, found a number"), "{stderr}");
    assert!(lines[1].starts_with("error: build-script@0.0.0: schema.yaml:5:11: members must be a mapping"), "{stderr}");
    assert!(lines[1].contains("; help: write e.g."), "help stays with its diagnostic:\n{stderr}");
    assert!(!stderr.contains(": error:"), "`error` is not doubled:\n{stderr}");
    assert!(!stderr.contains("--- stdout") && !stderr.contains("--- stderr"), "cargo does not repeat the script's output:\n{stderr}");
    assert_eq!(stderr.matches("found a number").count(), 1, "{stderr}");

    scratch(&root, "json", WITH_WARNINGS, "");
    let (ok, stderr) = build(&root);
    assert!(ok, "warnings do not fail the build:\n{stderr}");
    let lines = script_lines(&stderr);
    assert_eq!(lines.len(), 1, "one summary line:\n{stderr}");
    assert!(lines[0].starts_with("warning: build-script@0.0.0: schema.json: 2 warnings (2 since-text), not listed;"), "{stderr}");
    assert!(lines[0].contains("ShowWarnings::Each"), "it says how to list them:\n{stderr}");

    scratch(&root, "json", WITH_WARNINGS, ".show_warnings(ShowWarnings::Each)");
    let (ok, stderr) = build(&root);
    assert!(ok, "{stderr}");
    let lines = script_lines(&stderr);
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].starts_with("warning: build-script@0.0.0: schema.json:4:3: `Since: soon` is not a version; kept as text only [since-text]"), "{stderr}");

    // Rewritten with the same content: cargo reruns the script, which
    // finds its last run unchanged and prints the same lines again, the
    // `rerun-if-changed` ones included (cargo keeps watching the schema).
    // The newest run's output: the scratch target directory outlives
    // this test, and other profiles leave runs of their own there.
    let script_output = || {
        let (modified, output) = std::fs::read_dir(root.join("target/debug/build"))
            .expect("build folder")
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().starts_with("build-script-"))
            .map(|entry| entry.path().join("output"))
            .filter_map(|path| Some((std::fs::metadata(&path).and_then(|metadata| metadata.modified()).ok()?, path)))
            .max()
            .expect("the build script's output");
        (std::fs::read_to_string(output).expect("output"), modified)
    };
    let (printed, ran) = script_output();
    assert!(printed.contains("cargo:rerun-if-changed=schema.json"), "{printed}");
    std::fs::write(root.join("schema.json"), WITH_WARNINGS).expect("schema");
    let (ok, again) = build(&root);
    assert!(ok, "{again}");
    assert_eq!(script_lines(&again), lines, "the same lines:\n{again}");
    let (printed_again, ran_again) = script_output();
    assert!(ran_again > ran, "cargo reran the script");
    assert_eq!(printed_again, printed);

    scratch(&root, "json", WITH_WARNINGS, ".warning_level(Some(WarningKind::SinceText), Level::Deny)");
    let (ok, stderr) = build(&root);
    assert!(!ok, "a denied warning fails the build:\n{stderr}");
    let lines = script_lines(&stderr);
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[1].starts_with("error: build-script@0.0.0: schema.json:11:3: `Since: later` is not a version; kept as text only [since-text]"), "{stderr}");

    scratch(&root, "json", WITH_WARNINGS, ".warning_level(None, Level::Allow)");
    let (ok, stderr) = build(&root);
    assert!(ok && script_lines(&stderr).is_empty(), "allowed warnings are not shown:\n{stderr}");
}
