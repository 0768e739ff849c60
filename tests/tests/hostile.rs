//! Hostile input: each gets a clear error and nothing else — no panic, no
//! hang, no unbounded memory. The limits are those of `qapi_gen_schema::load`.

use std::io::Write as _;
use std::path::Path;

use qapi_gen_schema::{FailureKind, MAX_ALIAS_NODES, MAX_FILE_BYTES};

/// Loads `path` and returns its rendered diagnostics; the load must fail.
fn errors_of(path: &Path) -> String {
    match qapi_gen_schema::load(path) {
        Ok(_) => panic!("{} should be rejected", path.display()),
        Err(failure) => failure.render_short(),
    }
}

fn write(directory: &Path, name: &str, contents: &[u8]) -> std::path::PathBuf {
    let path = directory.join(name);
    std::fs::write(&path, contents).expect("write fixture");
    path
}

#[test]
fn alias_bomb_is_cut_off_by_the_node_budget() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..=9 {
        let previous = format!("*a{}", level - 1);
        let items = [previous.as_str(); 9].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{items}]\n"));
    }
    let errors = errors_of(&write(directory.path(), "bomb.yaml", text.as_bytes()));
    assert!(errors.contains(&format!("alias expansion exceeds the limit of {MAX_ALIAS_NODES} nodes")), "{errors}");
    assert!(errors.starts_with("bomb.yaml:") || errors.contains("/bomb.yaml:"), "{errors}");
}

#[test]
fn nesting_100000_levels_deep_is_refused_at_the_depth_limit() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let flow = format!("definitions: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let errors = errors_of(&write(directory.path(), "flow.yaml", flow.as_bytes()));
    assert!(errors.contains("nesting deeper than"), "{errors}");

    let mut block = String::new();
    for level in 0..100_000 {
        block.push_str(&" ".repeat(level % 200));
        block.push_str("- \n");
    }
    let block_errors = errors_of(&write(directory.path(), "block.yaml", block.as_bytes()));
    assert!(block_errors.contains("error:"), "{block_errors}");
}

#[test]
fn a_50_megabyte_file_is_refused_before_it_is_read() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let path = directory.path().join("huge.yaml");
    let mut file = std::fs::File::create(&path).expect("create");
    let line = b"# padding padding padding padding padding padding padding padding\n";
    for _ in 0..(50 * 1024 * 1024 / line.len()) {
        file.write_all(line).expect("write");
    }
    drop(file);
    let failure = qapi_gen_schema::load(&path).expect_err("too large");
    assert_eq!(failure.kind, FailureKind::Unreadable, "an oversized top file is an I/O-class error (exit 2)");
    let rendered = failure.render();
    assert!(rendered.contains(&format!("more than the limit of {MAX_FILE_BYTES} bytes")), "{rendered}");
}

#[test]
fn binary_garbage_is_an_error_not_a_crash() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for case in 0..64 {
        let mut bytes = Vec::with_capacity(4096);
        for _ in 0..4096 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            bytes.push((state >> 24) as u8);
        }
        if case % 2 == 1 {
            // Valid UTF-8 made of control characters and YAML punctuation.
            bytes = bytes.iter().map(|b| b"\0\t\n :-[]{}&*!|>'\"%@`#,?"[usize::from(*b) % 22]).collect();
        }
        let path = write(directory.path(), &format!("garbage-{case}.yaml"), &bytes);
        if let Ok(loaded) = qapi_gen_schema::load(&path) {
            panic!("garbage {case} was accepted as a schema with {} definitions", loaded.schema.definitions.len());
        }
    }
}

#[test]
fn include_escapes_and_cycles_are_errors() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let root = directory.path().join("root");
    std::fs::create_dir_all(&root).expect("root");
    write(directory.path(), "outside.yaml", b"definitions: []\n");
    let top = write(&root, "top.yaml", b"include: [../outside.yaml, ../../../../../../../../etc/passwd, missing.yaml, a.yaml]\ndefinitions: []\n");
    write(&root, "a.yaml", b"include: [b.yaml]\ndefinitions: []\n");
    write(&root, "b.yaml", b"include: [a.yaml]\ndefinitions: []\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(directory.path().join("outside.yaml"), root.join("link.yaml")).expect("symlink");
    let errors = errors_of(&top);
    assert!(errors.contains("included file `../outside.yaml` is outside the schema root"), "{errors}");
    assert!(errors.contains("included file `../../../../../../../../etc/passwd` is outside the schema root"), "{errors}");
    assert!(errors.contains("cannot find included file `missing.yaml`"), "{errors}");
    assert!(errors.contains("include cycle:") && errors.contains("a.yaml -> ") && errors.contains("b.yaml"), "{errors}");

    let via_link = write(&root, "via-link.yaml", b"include: [link.yaml]\ndefinitions: []\n");
    let link_errors = errors_of(&via_link);
    assert!(link_errors.contains("included file `link.yaml` is outside the schema root"), "{link_errors}");
}

#[test]
fn a_missing_top_file_is_an_io_error() {
    let failure = qapi_gen_schema::load(Path::new("no/such/schema.yaml")).expect_err("missing");
    assert_eq!(failure.kind, FailureKind::Unreadable);
    assert_eq!(failure.render(), "error: cannot read `no/such/schema.yaml`: no such file\n");
}
