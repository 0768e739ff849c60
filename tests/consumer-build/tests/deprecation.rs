//! Deprecation reaches users: consumer code that names a deprecated event
//! gets rustc's `deprecated` warning with the schema's note, while the
//! generated code alone compiles warning-free (this crate's `lib.rs` has
//! `#![deny(warnings)]` and includes the deprecated `MEM_UNPLUG_ERROR`).
//!
//! The check builds a scratch crate that depends on this one, with cargo,
//! and reads rustc's JSON diagnostics.

use std::path::PathBuf;


fn check_scratch_crate(name: &str, main: &str) -> String {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(root.join("src")).expect("scratch directory");
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nqapi-gen-consumer-build = {{ path = {:?} }}\n\n[workspace]\n",
        manifest_dir.display().to_string()
    );
    std::fs::write(root.join("Cargo.toml"), manifest).expect("manifest");
    std::fs::write(root.join("src/main.rs"), main).expect("main.rs");
    let lock = manifest_dir.join("../../Cargo.lock");
    let _ = std::fs::copy(lock, root.join("Cargo.lock"));
    let output = qapi_gen_tests::scratch_cargo(&root, &["check", "--offline", "--quiet", "--message-format=short"]);
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn using_a_deprecated_event_warns_with_the_schema_note() {
    let out = check_scratch_crate(
        "uses-deprecated",
        "fn main() {\n    let error = qapi_gen_consumer_build::MemUnplugError { device: String::new(), msg: String::new() };\n    let _ = error;\n}\n",
    );
    assert!(out.contains("warning: use of deprecated struct `qapi_gen_consumer_build::MemUnplugError`"), "{out}");
    assert!(out.contains("replaced by `DeviceUnplugGuestError`; removed in 9.1"), "{out}");
}

#[test]
fn using_only_current_items_gives_no_warning() {
    let out = check_scratch_crate(
        "uses-current",
        "fn main() {\n    let deleted = qapi_gen_consumer_build::DeviceDeleted { device: None, path: String::new() };\n    let _ = deleted;\n}\n",
    );
    assert!(!out.contains("warning") && !out.contains("error"), "{out}");
}
