//! Where the QEMU QAPI corpus is, for every test and build script that
//! reads it: `QAPI_GEN_CORPUS`, or `../shared/corpus` beside the
//! workspace. The corpus is not part of the repository; without it the
//! corpus tests say loudly that they did not run, except under `CI=true`,
//! where a missing corpus fails them. Build scripts include this file with
//! `#[path]` (they cannot depend on the test crate).

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The variable that names the corpus folder.
pub const CORPUS_VARIABLE: &str = "QAPI_GEN_CORPUS";

/// The cfg a consumer crate's build script sets when the corpus is missing.
pub const MISSING_CFG: &str = "qapi_gen_corpus_missing";

/// The corpus folder: `QAPI_GEN_CORPUS`, or `<workspace>/../shared/corpus`.
pub fn corpus_dir(workspace: &Path) -> PathBuf {
    match std::env::var_os(CORPUS_VARIABLE) {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => workspace.join("../shared/corpus"),
    }
}

/// Whether `CI` is `true` (a missing corpus is then a failure).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true" || value == "1")
}

/// What a skipped corpus test prints.
pub fn missing_message(corpus: &Path, what: &str) -> String {
    format!(
        "NOT RUN: {what} needs the QEMU QAPI corpus, which is not at {} (set {CORPUS_VARIABLE} to its folder: \
         one `qemu-qapi-X.Y/` folder per release holding QEMU's `qapi/*.json` at the release commits listed in the corpus README, \
         and `qemu-event-examples.txt`)",
        corpus.display()
    )
}

/// The corpus folder when it exists; otherwise prints that `what` did not
/// run and gives `None`, or panics under `CI=true`.
pub fn corpus_or_skip(workspace: &Path, what: &str) -> Option<PathBuf> {
    let corpus = corpus_dir(workspace);
    if corpus.is_dir() {
        return Some(corpus);
    }
    let message = missing_message(&corpus, what);
    assert!(!in_ci(), "{message}; CI=true requires the corpus");
    // Straight to the process's standard error: the test harness captures
    // `eprintln!`, and a skip must be seen.
    let rule = "=".repeat(72);
    let _ = writeln!(std::io::stderr().lock(), "\n{rule}\n{message}\n{rule}\n");
    None
}

/// For a consumer crate's build script: the corpus folder, or, when it is
/// missing, `None` after setting `--cfg qapi_gen_corpus_missing` (the crate
/// compiles empty and its tests report it) and printing a cargo warning,
/// so a checkout without the corpus still builds. `manifest_dir` is the
/// crate's, two levels below the workspace.
pub fn corpus_or_empty_crate(manifest_dir: &Path) -> Option<PathBuf> {
    println!("cargo::rustc-check-cfg=cfg({MISSING_CFG})");
    println!("cargo::rerun-if-env-changed={CORPUS_VARIABLE}");
    println!("cargo::rerun-if-changed=build.rs");
    let path = corpus_dir(&manifest_dir.join("../.."));
    if path.is_dir() {
        return Some(path);
    }
    println!("cargo::rustc-cfg={MISSING_CFG}");
    println!("cargo::warning={}", missing_message(&path, "this crate"));
    None
}
