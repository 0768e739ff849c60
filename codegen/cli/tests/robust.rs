//! What a build can rely on: identical output whatever the environment,
//! outputs replaced atomically (a killed run leaves the previous ones whole),
//! and nothing written outside the directory the user named.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace")
}

fn qapi_gen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_qapi-gen"))
}

/// Every file of `directory` with its bytes.
fn snapshot(directory: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(directory)
        .expect("read output directory")
        .filter_map(Result::ok)
        .map(|entry| (entry.file_name().to_string_lossy().into_owned(), std::fs::read(entry.path()).expect("read output")))
        .collect()
}

fn generate(schema: &Path, out: &Path, configure: impl FnOnce(&mut Command)) {
    let mut command = qapi_gen();
    command.arg("generate").arg(schema).arg("--out-dir").arg(out);
    configure(&mut command);
    let output = command.output().expect("run qapi-gen");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn output_is_identical_whatever_the_environment() {
    if qapi_gen_tests::corpus_missing("robust::output_is_identical_whatever_the_environment") {
        return;
    }
    let qemu = qapi_gen_tests::corpus_dir().join("qemu-qapi-10.2/qapi-schema.json").canonicalize().expect("QEMU corpus");
    let first = tempfile::tempdir().expect("temporary directory");
    let second = tempfile::tempdir().expect("temporary directory");
    generate(&qemu, first.path(), |command| {
        command.current_dir(workspace()).env("LC_ALL", "C").env("LANG", "C").arg("--jobs").arg("1");
    });
    // The same working directory: the Rust header names the schema
    // relative to it, by design.
    generate(&qemu, second.path(), |command| {
        command.current_dir(workspace()).env("LC_ALL", "tr_TR.UTF-8").env("LANG", "de_DE.UTF-8").env("TZ", "Pacific/Kiritimati").arg("--jobs").arg("7");
    });
    let (a, b) = (snapshot(first.path()), snapshot(second.path()));
    assert_eq!(a.keys().collect::<Vec<_>>(), ["qapi-schema.rs", "qapi-schema.rst", "qapi-schema.schema.json"]);
    for (name, bytes) in &a {
        assert!(b.get(name) == Some(bytes), "{name} differs between the two runs");
    }
}

#[test]
fn a_killed_run_leaves_every_output_whole() {
    let schemas = tempfile::tempdir().expect("temporary directory");
    let small = schemas.path().join("small");
    let large = schemas.path().join("large");
    std::fs::create_dir_all(&small).expect("dir");
    std::fs::create_dir_all(&large).expect("dir");
    let small_top = qapi_gen_tests::synthetic::write(&small, 1_000).expect("small schema");
    let large_top = qapi_gen_tests::synthetic::write(&large, 5_000).expect("large schema");

    let reference = tempfile::tempdir().expect("temporary directory");
    generate(&large_top, reference.path(), |_| {});
    let new = snapshot(reference.path());

    let out = tempfile::tempdir().expect("temporary directory");
    for delay_ms in [2_u64, 30, 150, 600] {
        generate(&small_top, out.path(), |_| {});
        let old = snapshot(out.path());
        let mut child = qapi_gen().arg("generate").arg(&large_top).arg("--out-dir").arg(out.path()).spawn().expect("start qapi-gen");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        for (name, bytes) in snapshot(out.path()) {
            if name.ends_with(".tmp") {
                continue;
            }
            let whole = old.get(&name) == Some(&bytes) || new.get(&name) == Some(&bytes);
            assert!(whole, "{name} is neither the old nor the new output after a kill at {delay_ms} ms");
        }
    }
    generate(&large_top, out.path(), |_| {});
    let finished = snapshot(out.path());
    assert!(finished.keys().all(|name| !name.ends_with(".tmp")), "a finished run removes what killed runs left: {:?}", finished.keys());
    assert_eq!(finished, new);
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_symlink_is_replaced_not_followed() {
    let outside = tempfile::tempdir().expect("temporary directory");
    let victim = outside.path().join("victim.txt");
    std::fs::write(&victim, "precious").expect("write victim");
    let out = tempfile::tempdir().expect("temporary directory");
    std::os::unix::fs::symlink(&victim, out.path().join("unplug-events.rs")).expect("symlink");
    generate(&workspace().join("schema/unplug-events.yaml"), out.path(), |_| {});
    assert_eq!(std::fs::read_to_string(&victim).expect("read victim"), "precious");
    let metadata = std::fs::symlink_metadata(out.path().join("unplug-events.rs")).expect("metadata");
    assert!(metadata.file_type().is_file(), "the link itself is replaced by the output");
}

#[test]
fn a_module_name_cannot_lead_outside_the_output_directory() {
    let schemas = tempfile::tempdir().expect("temporary directory");
    let schema = schemas.path().join("evil.yaml");
    std::fs::write(&schema, "module: ../../escaped\ndefinitions: []\n").expect("write schema");
    let out = schemas.path().join("a/b/out");
    let output = qapi_gen().arg("generate").arg(&schema).arg("--out-dir").arg(&out).output().expect("run");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid module name `../../escaped`"));
    assert!(!schemas.path().join("escaped.rs").exists() && !out.exists());
}
