//! The customisation flags of `qapi-gen rust` and `qapi-gen generate`:
//! they give the library's output (the customisation golden), refuse
//! values that cannot be read with exit status 2, and warn about
//! selectors that match nothing.

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

/// The flags of the options `tests/tests/customisation.rs` blesses its golden with.
const GOLDEN_FLAGS: &[&str] = &[
    "--derive",
    "*=Eq",
    "--derive",
    "*=::core::hash::Hash",
    "--derive",
    "*=Default",
    "--type-attribute",
    "Port=#[serde(deny_unknown_fields)] #[must_use]",
    "--field-attribute",
    "LINK_DOWN.port=#[serde(alias = \"interface\")]",
    "--command",
    "query-links",
    "--command",
    "device-*",
    "--event",
    "LINK_?OWN",
    "--module",
    "custom",
];

#[test]
fn the_flags_give_the_library_output() {
    let mut arguments = vec!["rust", "tests/customisation/custom.yaml"];
    arguments.extend_from_slice(GOLDEN_FLAGS);
    let output = qapi_gen(&arguments);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let golden = std::fs::read_to_string(workspace().join("tests/expected/customisation.rs")).expect("the customisation golden");
    // The first line names the front door: the CLI's says `qapi-gen rust`.
    let body = |text: &str| text.split_once('\n').map(|(_, rest)| rest.to_owned()).unwrap_or_default();
    assert!(body(&String::from_utf8_lossy(&output.stdout)) == body(&golden), "`qapi-gen rust` with the flags differs from tests/expected/customisation.rs");
    assert_eq!(stderr(&output), "", "every selector matches");
}

#[test]
fn generate_takes_the_flags_and_extern_paths() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let out = directory.path().to_str().expect("utf-8 path").to_owned();
    let output = qapi_gen(&["generate", "tests/customisation/shared.yaml", "--out-dir", &out, "--extern-path", "Port=crate::custom::Port", "--module", "shared"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let code = std::fs::read_to_string(directory.path().join("shared.rs")).expect("shared.rs");
    assert!(code.contains("pub mod shared {") && code.contains("pub port: crate::custom::Port,") && !code.contains("pub struct Port {"), "{code}");
}

#[test]
fn values_that_cannot_be_read_exit_2_with_every_problem() {
    let output = qapi_gen(&["rust", "tests/customisation/custom.yaml", "--derive", "Hash", "--type-attribute", "Port=serde(default)", "--module", "mod", "--extern-path", "P*=crate::P"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    for expected in [
        "error: invalid `--derive` value `Hash`: expected `SELECTOR=VALUE`",
        "error: invalid `type_attribute` value `serde(default)`: not outer attributes such as `#[serde(default)]`",
        "error: invalid `extern_path` value `P*`: name one schema type; globs are not allowed here",
        "error: invalid `module` value `mod`: not a Rust identifier such as `qmp`",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    assert!(output.stdout.is_empty(), "nothing is generated");
}

#[test]
fn selectors_that_match_nothing_warn() {
    let output = qapi_gen(&["rust", "tests/customisation/custom.yaml", "--derive", "Blockdev*=Hash", "--event", "DEVICE_*"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(text.contains("warning: tests/customisation/custom.yaml: derive selector `Blockdev*` (for `Hash`) matches no definition"), "{text}");
    assert!(text.contains("warning: tests/customisation/custom.yaml: events selector `DEVICE_*` matches no event"), "{text}");
    let directory = tempfile::tempdir().expect("temporary directory");
    let out = directory.path().to_str().expect("utf-8 path").to_owned();
    let generate = qapi_gen(&["generate", "tests/customisation/custom.yaml", "--out-dir", &out, "--command", "no-such"]);
    assert_eq!(generate.status.code(), Some(0), "{}", stderr(&generate));
    assert!(stderr(&generate).contains("warning: tests/customisation/custom.yaml: commands selector `no-such` matches no command"), "{}", stderr(&generate));
}
