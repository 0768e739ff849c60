//! Shared helpers of the test suite: locating fixtures, comparing goldens
//! (blessed with `QAPI_GEN_BLESS=1`, never written in CI), and finding the
//! external validators that `scripts/test` installs.

pub mod hazards;

pub mod introspection;

pub mod json_schema;

pub mod synthetic;

use std::path::{Path, PathBuf};

/// The workspace root.
#[must_use]
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `tests/<relative>`.
#[must_use]
pub fn tests_dir(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

#[path = "../support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

/// The shared corpus of QEMU schemas: `QAPI_GEN_CORPUS`, or
/// `../shared/corpus` beside the checkout.
#[must_use]
pub fn corpus_dir() -> PathBuf {
    corpus::corpus_dir(&workspace_root())
}

/// Whether a corpus test must stop here because the corpus is missing
/// (it then prints loudly that `what` did not run; under `CI=true` it
/// panics instead).
#[must_use]
pub fn corpus_missing(what: &str) -> bool {
    corpus::corpus_or_skip(&workspace_root(), what).is_none()
}

/// Every file with extension `extension` directly in `directory`, sorted.
#[must_use]
pub fn files_with_extension(directory: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(directory)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == extension)).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Whether goldens should be rewritten instead of compared.
#[must_use]
pub fn blessing() -> bool {
    std::env::var_os("QAPI_GEN_BLESS").is_some_and(|v| v == "1") && std::env::var_os("CI").is_none()
}

/// Compares `actual` with the committed golden file `path`; with
/// `QAPI_GEN_BLESS=1` (outside CI) writes it instead. Returns a description
/// of the mismatch, so callers can check every golden before failing.
#[must_use]
pub fn check_golden(path: &Path, actual: &str) -> Option<String> {
    let expected = std::fs::read_to_string(path).ok();
    if expected.as_deref() == Some(actual) {
        return None;
    }
    if blessing() {
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        return match std::fs::write(path, actual) {
            Ok(()) => None,
            Err(error) => Some(format!("{}: cannot bless: {error}", path.display())),
        };
    }
    let Some(expected) = expected else {
        return Some(format!("{}: golden file missing; run `QAPI_GEN_BLESS=1 cargo test -p qapi-gen-tests` and review it", path.display()));
    };
    let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    Some(format!(
        "{}: differs from the generated output at line {}\n  expected: {:?}\n  actual:   {:?}\n  (bless with `QAPI_GEN_BLESS=1 cargo test -p qapi-gen-tests` and review the diff)",
        path.display(),
        first + 1,
        expected.lines().nth(first).unwrap_or("<end of file>"),
        actual.lines().nth(first).unwrap_or("<end of file>"),
    ))
}

/// Fails with every mismatch at once.
///
/// # Panics
/// When any golden differs (this is a test helper).
pub fn assert_goldens(mismatches: Vec<String>) {
    assert!(mismatches.is_empty(), "{} golden file(s) differ:\n{}", mismatches.len(), mismatches.join("\n"));
}

/// A program of the validators' virtualenv (`docutils`, `check-jsonschema`, `python`).
///
/// # Panics
/// When the virtualenv is missing: the tests need it, so this is a failure,
/// not a skip. `scripts/test` installs it.
#[must_use]
pub fn venv_tool(name: &str) -> PathBuf {
    let venv = std::env::var_os("QAPI_GEN_VENV").map_or_else(|| workspace_root().join(".venv"), PathBuf::from);
    let tool = venv.join("bin").join(name);
    assert!(tool.exists(), "{} is missing: run the tests with `scripts/test`, which installs the validators", tool.display());
    tool
}

/// Runs docutils on `file` with `--report=warning --exit-status=warning`.
/// The HTML goes to a temporary file, never to `/dev/null`: in sandboxes
/// where `/dev/null` is a regular file, what one process writes there is
/// what the next reads, and cargo's `rustc -` probe reads its standard input.
#[must_use]
pub fn docutils(file: &Path) -> std::process::Output {
    let docutils = venv_tool("docutils");
    let html = tempfile::Builder::new().suffix(".html").tempfile().expect("temporary file");
    std::process::Command::new(&docutils)
        .args(["--report=warning", "--exit-status=warning"])
        .arg(file)
        .arg(html.path())
        .output()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}", docutils.display()))
}

/// Runs `cargo ARGS` in the scratch crate at `root` (its own target
/// directory, a clean environment, no standard input), for tests that need
/// rustc's verdict on code that uses the generated API.
///
/// Cargo's first step, its `rustc -` probe, reads standard input; where
/// `/dev/null` is a regular file that other processes write to, it can read
/// stray bytes and fail before compiling anything. The outer build's probe
/// results are reused where they apply, and only that failure is retried.
///
/// # Panics
/// When cargo cannot be started.
#[must_use]
pub fn scratch_cargo(root: &Path, arguments: &[&str]) -> std::process::Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // The scratch crate lives in `<target>/tmp/<name>`: reuse the outer
    // build's probe results, so cargo usually has no probe to run.
    let outer_probe = root.parent().and_then(Path::parent).map(|target| target.join(".rustc_info.json"));
    let run = || {
        let _ = std::fs::create_dir_all(root.join("target"));
        match &outer_probe {
            Some(cache) if cache.exists() => {
                let _ = std::fs::copy(cache, root.join("target/.rustc_info.json"));
            }
            _ => {
                let _ = std::fs::remove_file(root.join("target/.rustc_info.json"));
            }
        }
        let mut command = std::process::Command::new(&cargo);
        command.args(arguments).current_dir(root).env_clear().env("CARGO_TARGET_DIR", root.join("target")).stdin(std::process::Stdio::null());
        for name in ["PATH", "HOME", "CARGO_HOME", "RUSTUP_HOME", "RUSTUP_TOOLCHAIN"] {
            if let Some(value) = std::env::var_os(name) {
                command.env(name, value);
            }
        }
        command.output().expect("cargo runs")
    };
    let mut output = run();
    for _ in 0..3 {
        if !String::from_utf8_lossy(&output.stderr).contains("failed to run `rustc` to learn about target-specific information") {
            break;
        }
        output = run();
    }
    output
}
