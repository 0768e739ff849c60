//! The generated code in a fresh crate under the user's default lints:
//! one scratch crate (outside the workspace, built once for all tests and
//! kept under the target directory between runs) whose `build.rs` uses the
//! `Builder` and whose binaries `include!` the output into a private
//! module and use one or two items of it. rustc's and clippy's warnings
//! are read from `--message-format=json`.
//!
//! - `cfg_style`: conditions as bare `cfg` names; the Builder's
//!   `rustc-check-cfg` lines keep `unexpected_cfgs` quiet.
//! - `qemu_client`: QEMU 10.2 with the default style, which generates the
//!   conditional commands (`query-vnc` is under `CONFIG_VNC`).
//! - `deprecated_event`: matches the deprecated `MEM_UNPLUG_ERROR`; only
//!   those uses warn, once each.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use qapi_gen_tests::{corpus_dir, tests_dir, workspace_root};

/// One warning of rustc or clippy.
#[derive(Debug)]
struct Warning {
    /// The binary it was reported for.
    target: String,
    /// The lint (`deprecated`, `dead_code`, `clippy::...`).
    code: String,
    /// The file of its primary span.
    file: String,
    /// The line and column of its primary span.
    position: (u64, u64),
    /// The rendered message.
    rendered: String,
}

/// What one cargo command reported.
struct Outcome {
    success: bool,
    warnings: Vec<Warning>,
    /// Whatever cargo wrote besides JSON messages (build-script warnings).
    stderr: String,
    /// rustc's errors, rendered.
    errors: Vec<String>,
}

impl Outcome {
    fn of(&self, target: &str) -> Vec<&Warning> {
        self.warnings.iter().filter(|warning| warning.target == target).collect()
    }

    fn describe(&self) -> String {
        let warnings: Vec<&str> = self.warnings.iter().map(|warning| warning.rendered.as_str()).collect();
        format!("{}\n{}\n{}", self.errors.join("\n"), warnings.join("\n"), self.stderr)
    }
}

const DEPRECATED_EVENT: &str = r#"mod qmp {
    include!(concat!(env!("OUT_DIR"), "/unplug-events.rs"));
}

fn describe(event: &qmp::Event) -> String {
    match event {
        qmp::Event::MemUnplugError(message) => {
            message.data.msg.clone()
        }
        qmp::Event::DeviceDeleted(message) => message.data.path.clone(),
        _ => event.name().to_owned(),
    }
}

fn main() {
    let text = std::env::args().nth(1).unwrap_or_default();
    if let Ok(event) = qapi_runtime::serde_json::from_str::<qmp::Event>(&text) {
        println!("{}", describe(&event));
    }
}
"#;

/// The lines of [`DEPRECATED_EVENT`] that use the deprecated event: the
/// pattern, and the read of a member of its payload.
const DEPRECATED_USES: [u64; 2] = [7, 8];

const CFG_STYLE: &str = r#"mod api {
    include!(concat!(env!("OUT_DIR"), "/coverage.rs"));
}

fn main() {
    let kind = api::DeviceKind::from_wire(&std::env::args().nth(1).unwrap_or_default());
    println!("{kind:?}");
}
"#;

const QEMU_CLIENT: &str = r#"mod qmp {
    include!(concat!(env!("OUT_DIR"), "/qemu-10.2.rs"));
}

fn main() {
    // `query-vnc` exists only where QEMU is built with `CONFIG_VNC`.
    let request = qapi_runtime::serde_json::to_string(&qmp::QueryVncCommand {}).unwrap_or_default();
    println!("{} {request}", <qmp::QueryVncCommand as qapi_runtime::Command>::NAME);
}
"#;

/// The scratch crate's build script: the shipped schema with removed items
/// (so `MEM_UNPLUG_ERROR` exists), the coverage fixture in the cfg style,
/// and QEMU 10.2 with the defaults (its doc warnings are not forwarded).
fn build_script(unplug: &Path, coverage: &Path, qemu: &Path) -> String {
    format!(
        r#"use qapi_gen_codegen::{{Builder, Output}};
use qapi_gen_codegen::rust::FlagStyle;

fn main() {{
    Builder::new().schema({unplug:?}).include_removed(true).compile();
    Builder::new().schema({coverage:?}).conditions(FlagStyle::Cfg).file_name(Output::Rust, "coverage.rs").compile();
    if let Err(error) = Builder::new().schema({qemu:?}).file_name(Output::Rust, "qemu-10.2.rs").run() {{
        eprintln!("{{error}}");
        std::process::exit(1);
    }}
}}
"#
    )
}

/// The scratch crate, written (only where it changed, so its build is
/// reused between runs).
fn scratch_crate() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("quiet-consumer");
    let workspace = workspace_root();
    let manifest = format!(
        "[package]\nname = \"quiet-consumer\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nqapi-runtime = {{ path = {:?}, default-features = false }}\n\n\
         [build-dependencies]\nqapi-gen-codegen = {{ path = {:?} }}\n\n[workspace]\n",
        workspace.join("codegen/runtime").display().to_string(),
        workspace.join("codegen").display().to_string(),
    );
    let script = build_script(
        &workspace.join("schema/unplug-events.yaml"),
        &tests_dir("schemas/json-schema-coverage.yaml"),
        &corpus_dir().join("qemu-qapi-10.2/qapi-schema.json"),
    );
    let files = [
        ("Cargo.toml", manifest.as_str()),
        ("build.rs", script.as_str()),
        ("src/bin/deprecated_event.rs", DEPRECATED_EVENT),
        ("src/bin/cfg_style.rs", CFG_STYLE),
        ("src/bin/qemu_client.rs", QEMU_CLIENT),
    ];
    for (name, contents) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().expect("a parent directory")).expect("scratch directory");
        qapi_gen_codegen::output::write_if_changed(&path, contents.as_bytes()).expect("write the scratch crate");
    }
    if !root.join("Cargo.lock").exists() {
        // The workspace's versions, so the build is offline and matches it.
        std::fs::copy(workspace.join("Cargo.lock"), root.join("Cargo.lock")).expect("copy Cargo.lock");
    }
    root
}

/// Runs `cargo SUBCOMMAND --message-format=json` in the scratch crate.
fn cargo(root: &Path, subcommand: &str) -> Outcome {
    let output = qapi_gen_tests::scratch_cargo(root, &[subcommand, "--offline", "--bins", "--message-format=json"]);
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if message["reason"] != "compiler-message" {
            continue;
        }
        if message["message"]["level"] == "error" {
            errors.push(message["message"]["rendered"].as_str().unwrap_or_default().to_owned());
        }
        if message["message"]["level"] != "warning" {
            continue;
        }
        let diagnostic = &message["message"];
        let primary = diagnostic["spans"].as_array().and_then(|spans| spans.iter().find(|span| span["is_primary"] == true));
        let text = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_owned();
        warnings.push(Warning {
            target: text(&message["target"]["name"]),
            code: text(&diagnostic["code"]["code"]),
            file: primary.map(|span| text(&span["file_name"])).unwrap_or_default(),
            position: primary.map_or((0, 0), |span| (span["line_start"].as_u64().unwrap_or(0), span["column_start"].as_u64().unwrap_or(0))),
            rendered: text(&diagnostic["rendered"]),
        });
    }
    let stderr = String::from_utf8_lossy(&output.stderr).lines().filter(|line| !line.trim_start().starts_with("Compiling") && !line.trim_start().starts_with("Finished") && !line.trim_start().starts_with("Checking")).collect::<Vec<_>>().join("\n");
    Outcome { success: output.status.success(), warnings, stderr, errors }
}

/// `cargo build` of the scratch crate, once for all tests.
fn build() -> &'static Outcome {
    static BUILD: OnceLock<Outcome> = OnceLock::new();
    BUILD.get_or_init(|| {
        let outcome = cargo(&scratch_crate(), "build");
        assert!(outcome.success, "the scratch crate does not build:\n{}", outcome.describe());
        outcome
    })
}

#[test]
fn the_cfg_style_compiles_without_warnings_in_a_fresh_crate() {
    if qapi_gen_tests::corpus_missing("quiet_consumer::the_cfg_style_compiles_without_warnings_in_a_fresh_crate (its scratch crate also builds a QEMU 10.2 client)") {
        return;
    }
    let build = build();
    assert!(build.of("cfg_style").is_empty(), "{}", build.describe());
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    let out_dir = std::fs::read_dir(PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("quiet-consumer/target/debug/build"))
        .expect("build directory")
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("out/coverage.rs"))
        .find(|path| path.exists())
        .expect("the generated file");
    // Build scripts write the compact layout: compare without spaces.
    let generated = std::fs::read_to_string(out_dir).expect("generated file").replace(' ', "");
    // The test would pass vacuously if the style did not reach the output.
    assert!(generated.contains("#[cfg(config_pci)]") && generated.contains("#[cfg(not(config_single))]"), "the cfg style did not apply");
}

#[test]
fn a_client_of_qemu_gets_the_conditional_commands_by_default() {
    if qapi_gen_tests::corpus_missing("quiet_consumer::a_client_of_qemu_gets_the_conditional_commands_by_default (its scratch crate also builds a QEMU 10.2 client)") {
        return;
    }
    let build = build();
    // `qmp::QueryVncCommand` (under `CONFIG_VNC`) compiled: the binary exists.
    assert!(build.of("qemu_client").is_empty(), "{}", build.describe());
    let loaded = qapi_gen_schema::load(&corpus_dir().join("qemu-qapi-10.2/qapi-schema.json")).expect("QEMU 10.2 loads");
    let query_vnc = loaded.schema.definition("query-vnc").expect("query-vnc");
    assert_eq!(query_vnc.info.condition.as_ref().map(ToString::to_string).as_deref(), Some("CONFIG_VNC"));
}

#[test]
fn a_private_module_of_a_binary_gives_no_dead_code_warnings() {
    if qapi_gen_tests::corpus_missing("quiet_consumer::a_private_module_of_a_binary_gives_no_dead_code_warnings (its scratch crate also builds a QEMU 10.2 client)") {
        return;
    }
    let build = build();
    let dead: Vec<&Warning> = build.warnings.iter().filter(|warning| warning.code == "dead_code" || warning.code.starts_with("unused")).collect();
    assert!(dead.is_empty(), "{dead:#?}");
}

#[test]
fn a_deprecated_event_warns_once_per_use() {
    if qapi_gen_tests::corpus_missing("quiet_consumer::a_deprecated_event_warns_once_per_use (its scratch crate also builds a QEMU 10.2 client)") {
        return;
    }
    let build = build();
    let warnings = build.of("deprecated_event");
    assert!(warnings.iter().all(|warning| warning.code == "deprecated" && warning.file.ends_with("deprecated_event.rs")), "{}", build.describe());
    let mut per_line: BTreeMap<u64, Vec<&Warning>> = BTreeMap::new();
    for warning in &warnings {
        per_line.entry(warning.position.0).or_default().push(warning);
    }
    let lines: Vec<u64> = per_line.keys().copied().collect();
    assert_eq!(lines, DEPRECATED_USES, "{}", build.describe());
    for (line, here) in &per_line {
        assert_eq!(here.len(), 1, "line {line} warns {} times:\n{}", here.len(), build.describe());
    }
    // The note names the Rust replacement, not the wire name.
    assert!(warnings.iter().all(|warning| warning.rendered.contains("replaced by `DeviceUnplugGuestError`")), "{}", build.describe());
}

#[test]
fn clippy_finds_nothing_in_the_generated_code() {
    if qapi_gen_tests::corpus_missing("quiet_consumer::clippy_finds_nothing_in_the_generated_code (its scratch crate also builds a QEMU 10.2 client)") {
        return;
    }
    let _ = build();
    let clippy = cargo(&scratch_crate(), "clippy");
    assert!(clippy.success, "{}", clippy.describe());
    let foreign: Vec<&Warning> = clippy.warnings.iter().filter(|warning| !(warning.target == "deprecated_event" && warning.code == "deprecated")).collect();
    assert!(foreign.is_empty(), "{foreign:#?}");
}
