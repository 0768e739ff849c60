//! The derive macros on hand-written types: the traits they implement at
//! run time, and a compile-fail case (`tests/ui/<case>.rs`, with rustc's
//! messages committed in `<case>.stderr`) for every error they report.
//! `QAPI_GEN_BLESS=1` rewrites the `.stderr` files.
//!
//! The compile-fail runner is a small trybuild: every case becomes a binary
//! of one scratch crate, checked once with `cargo check --keep-going`.
//! (trybuild itself could not be used: under `cargo test` on this machine
//! the inner cargo's `rustc -` probe now and then reads stray bytes and
//! fails, and trybuild then reports every case as compiling; see
//! `qapi_gen_tests::scratch_cargo`, which retries that failure.)

use std::path::PathBuf;


use qapi_runtime::{Command, Empty, Envelope, Event, Execute, Timestamp};
use serde::{Deserialize, Serialize};

/// A hand-written payload.
#[derive(Debug, PartialEq, Serialize, Deserialize, qapi_runtime::Event)]
#[qapi(name = "MEM_UNPLUG_ERROR", since = "2.4", deprecated(since = "6.2", replaced_by = "DEVICE_UNPLUG_GUEST_ERROR", removal = "9.1", doc = "Use `DEVICE_UNPLUG_GUEST_ERROR`."), features("json-cli"))]
struct MemUnplugError {
    device: String,
    msg: String,
}

/// An event without members.
#[derive(Debug, PartialEq, Serialize, Deserialize, qapi_runtime::Event)]
#[qapi(name = "RESUME", unstable)]
struct Resume {}

/// A hand-written command.
#[derive(Debug, PartialEq, Serialize, Deserialize, qapi_runtime::Command)]
#[qapi(name = "device_del", name_exception, since = "0.14")]
struct DeviceDel {
    id: String,
}

/// A command that returns something.
#[derive(Debug, PartialEq, Serialize, Deserialize, qapi_runtime::Command)]
#[qapi(name = "query-names", returns = Vec<String>)]
struct QueryNames {}

#[test]
fn event_derive_implements_the_trait() {
    assert_eq!(MemUnplugError::NAME, "MEM_UNPLUG_ERROR");
    assert_eq!(MemUnplugError::SINCE, Some("2.4"));
    assert_eq!(MemUnplugError::FEATURES, &["deprecated", "json-cli"]);
    let deprecation = MemUnplugError::DEPRECATION.expect("deprecated");
    assert_eq!((deprecation.since, deprecation.replaced_by, deprecation.removal), (Some("6.2"), Some("DEVICE_UNPLUG_GUEST_ERROR"), Some("9.1")));
    // Checked when the test compiles: the derive sets the constants.
    const { assert!(MemUnplugError::HAS_DATA) };
    const { assert!(!Resume::HAS_DATA && Resume::UNSTABLE) };
    let message = Envelope::new(Resume {}, Timestamp::new(1, 2));
    assert_eq!(serde_json::to_string(&message).expect("encodes"), r#"{"event":"RESUME","timestamp":{"seconds":1,"microseconds":2}}"#);
    let decoded: Envelope<Resume> = serde_json::from_str(r#"{"event":"RESUME","timestamp":{"seconds":1,"microseconds":2}}"#).expect("decodes");
    assert_eq!(decoded, message);
    let wrong = serde_json::from_str::<Envelope<Resume>>(r#"{"event":"STOP","timestamp":{"seconds":1,"microseconds":2}}"#).expect_err("wrong name");
    assert!(wrong.to_string().contains("expected event `RESUME`, found `STOP`"), "{wrong}");
}

#[test]
fn command_derive_implements_the_trait() {
    assert_eq!(DeviceDel::NAME, "device_del");
    let request = Execute::new(DeviceDel { id: "net1".to_owned() });
    assert_eq!(serde_json::to_string(&request).expect("encodes"), r#"{"execute":"device_del","arguments":{"id":"net1"}}"#);
    let _: Empty = <DeviceDel as Command>::Returns::default();
    let names: <QueryNames as Command>::Returns = vec!["a".to_owned()];
    assert_eq!(names.len(), 1);
    const { assert!(!QueryNames::HAS_ARGUMENTS) };
    assert_eq!(serde_json::to_string(&Execute::new(QueryNames {})).expect("encodes"), r#"{"execute":"query-names"}"#);
}

#[test]
fn derive_errors_match_their_stderr_files() {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let ui = manifest_dir.join("tests/ui");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&ui).expect("tests/ui").filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "rs")).collect();
    cases.sort();
    assert!(cases.len() >= 10, "expected the compile-fail cases");
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("derive-ui");
    std::fs::create_dir_all(&root).expect("scratch directory");
    let mut manifest = format!(
        "[package]\nname = \"derive-ui\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\nautobins = false\n\n[dependencies]\nqapi-runtime = {{ path = {:?}, features = [\"derive\"] }}\n\n[workspace]\n",
        manifest_dir.join("../../codegen/runtime").display().to_string()
    );
    for case in &cases {
        let name = case.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        manifest.push_str(&format!("\n[[bin]]\nname = {name:?}\npath = {:?}\n", case.display().to_string()));
    }
    std::fs::write(root.join("Cargo.toml"), manifest).expect("manifest");
    let _ = std::fs::copy(manifest_dir.join("../../Cargo.lock"), root.join("Cargo.lock"));
    let output = qapi_gen_tests::scratch_cargo(&root, &["check", "--offline", "--quiet", "--bins", "--keep-going", "--message-format=short", "--color=never"]);
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    let prefix = format!("{}/", ui.display());
    let mut mismatches = Vec::new();
    for case in &cases {
        let file_name = case.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        // Every diagnostic of this case, in rustc's order, paths relative to tests/ui.
        let mut actual = String::new();
        let mut current = false;
        for line in text.lines() {
            if line.starts_with(&prefix) {
                current = line[prefix.len()..].starts_with(&format!("{file_name}:"));
            } else if line.starts_with("error") || line.starts_with("warning") {
                current = false;
            }
            if current {
                actual.push_str(&line.replace(&prefix, "$DIR/"));
                actual.push('\n');
            }
        }
        assert!(!actual.is_empty(), "{file_name} compiled without errors; cargo said:\n{text}");
        let expected_path = case.with_extension("stderr");
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            if std::env::var_os("QAPI_GEN_BLESS").is_some_and(|v| v == "1") && std::env::var_os("CI").is_none() {
                std::fs::write(&expected_path, &actual).expect("bless");
            } else {
                mismatches.push(format!("{}:\n--- expected\n{expected}--- actual\n{actual}", expected_path.display()));
            }
        }
    }
    assert!(mismatches.is_empty(), "{} case(s) differ (bless with QAPI_GEN_BLESS=1):\n{}", mismatches.len(), mismatches.join("\n"));
}
