//! Rust output: a golden file for every fixture schema (and the shipped
//! schema), with removed items and with conditions as Cargo features where
//! those change it and with serde's derives on every struct, deterministic
//! output that parses as Rust, and the naming
//! hazards of the hostile fixture. That every golden compiles under
//! `#![deny(warnings)]` is checked by the `qapi-gen-goldens` crate.

use std::path::{Path, PathBuf};

use qapi_gen_codegen::rust::{self, Options};
use qapi_gen_tests::{assert_goldens, check_golden, files_with_extension, tests_dir, workspace_root};

/// Every fixture: `tests/schemas/*.yaml` and the shipped schema.
fn fixtures() -> Vec<PathBuf> {
    let mut list = files_with_extension(&tests_dir("schemas"), "yaml");
    assert!(!list.is_empty(), "no fixture schemas under {}", tests_dir("schemas").display());
    // The shipped schema is part of the product: a missing file fails.
    let shipped = workspace_root().join("schema/unplug-events.yaml");
    assert!(shipped.exists(), "{} is missing", shipped.display());
    list.push(shipped);
    list
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn load(path: &Path) -> qapi_gen_schema::Loaded {
    match qapi_gen_schema::load(path) {
        Ok(loaded) => loaded,
        Err(failure) => panic!("fixture {} must be valid:\n{}", path.display(), failure.render()),
    }
}

#[test]
fn goldens_match_and_output_is_deterministic() {
    let mut mismatches = Vec::new();
    for path in fixtures() {
        let loaded = load(&path);
        let default = rust::emit_file(&loaded.schema, &Options::default());
        assert_eq!(default, rust::emit_file(&loaded.schema, &Options::default()), "{}: output differs between runs", path.display());
        for jobs in [1, 3] {
            let mut threads = Options::default();
            threads.jobs = std::num::NonZeroUsize::new(jobs);
            assert_eq!(default, rust::emit_file(&loaded.schema, &threads), "{}: output differs with {jobs} threads", path.display());
        }
        assert!(!default.contains("qapi-gen internal error"), "{}: generated tokens do not parse:\n{default}", path.display());
        assert!(syn::parse_file(&default).is_ok(), "{}: output does not parse", path.display());
        mismatches.extend(check_golden(&tests_dir(&format!("expected/{}.rs", stem(&path))), &default));

        // With removed items kept, when the schema has any.
        let mut options = Options::default();
        options.include_removed = true;
        let with_removed = rust::emit_file(&loaded.schema, &options);
        let removed_golden = tests_dir(&format!("expected/{}.removed.rs", stem(&path)));
        if with_removed != default {
            mismatches.extend(check_golden(&removed_golden, &with_removed));
        } else if removed_golden.exists() {
            mismatches.push(format!("{}: stale golden (the schema has no removed items)", removed_golden.display()));
        }

        // With conditions as Cargo features, when the schema has any (the
        // `qapi-gen-goldens` crate declares the features).
        let mut options = Options::default();
        options.cfg = rust::CfgMapping::new().style(rust::FlagStyle::Feature);
        let with_features = rust::emit_file(&loaded.schema, &options);
        let features_golden = tests_dir(&format!("expected/{}.features.rs", stem(&path)));
        if with_features != default {
            mismatches.extend(check_golden(&features_golden, &with_features));
        } else if features_golden.exists() {
            mismatches.push(format!("{}: stale golden (the schema has no conditions)", features_golden.display()));
        }

        // With serde's derives on every struct (a `#[serde]` field
        // attribute asks for them): `tests/goldens` compares their wire
        // form with the written-out impls of the default output.
        let mut options = Options::default();
        options.custom.field_attribute("*.*", "#[serde()]").expect("a valid attribute");
        mismatches.extend(check_golden(&tests_dir(&format!("expected/{}.serde-derives.rs", stem(&path))), &rust::emit_file(&loaded.schema, &options)));
    }
    assert_goldens(mismatches);
}

/// The compact layout (what a build script writes) holds the same items as
/// the formatted one: both parse, and format to the same text. Checked on
/// every fixture and on QEMU 10.2.
#[test]
fn the_compact_layout_is_the_formatted_output_without_formatting() {
    let mut schemas = fixtures();
    schemas.push(qapi_gen_tests::corpus_dir().join("qemu-qapi-10.2/qapi-schema.json"));
    for path in schemas {
        let loaded = load(&path);
        let formatted = rust::emit_file(&loaded.schema, &Options::default());
        let mut options = Options::default();
        options.layout = rust::Layout::Compact;
        let compact = rust::emit_file(&loaded.schema, &options);
        assert_ne!(compact, formatted, "{}: the compact layout is the formatted one", path.display());
        let reformat = |text: &str, layout: &str| match syn::parse_file(text) {
            Ok(file) => prettyplease::unparse(&file),
            Err(error) => panic!("{}: the {layout} output does not parse: {error}", path.display()),
        };
        assert!(reformat(&compact, "compact") == reformat(&formatted, "formatted"), "{}: the compact layout holds other items than the formatted one", path.display());
    }
}

#[test]
fn hostile_names_are_mapped() {
    let loaded = load(&tests_dir("schemas/rust-hostile.yaml"));
    let code = rust::emit_file(&loaded.schema, &Options::default());
    for expected in [
        "pub r#type: ::std::string::String",
        "pub r#match: i64",
        "pub r#async: bool",
        "pub self_: ::std::string::String",
        "pub r#gen: Keyword",
        "pub super_:",
        "pub crate_:",
        "#[serde(rename = \"self\")]",
        "_1,",
        "_2,",
        "SelfValue,",
        // `unknown` cannot take the catch-all's name.
        "Unknown2,",
        "Unknown(::std::string::String)",
        // Member names that collide after snake_case conversion.
        "pub foo_bar: i64",
        "pub foo_bar_2: i64",
        "pub foo_bar_2_2: i64",
        // An event and a command of one name: the command's type has a suffix.
        "pub struct Match {}",
        "pub struct MatchCommand {",
        "pub enum Event {",
        // Recursion: boxed directly, not inside a Vec.
        "pub next: ::core::option::Option<::std::boxed::Box<Node>>",
        "pub children: ::std::vec::Vec<Node>",
        "pub left: ::std::boxed::Box<Node>",
        // The union's discriminator is the keyword `type`.
        "pub r#type: ShapeBranch",
        "#[serde(tag = \"type\")]",
    ] {
        assert!(code.contains(expected), "missing `{expected}` in the hostile output:\n{code}");
    }
    // Docs: nothing but text and `text`/`rust,ignore` code blocks.
    // The hostile fixture has code blocks, so this cannot pass vacuously.
    let fences: Vec<&str> = code.lines().map(|l| l.trim_start().trim_start_matches("///").trim()).filter(|l| l.starts_with("```")).collect();
    assert!(fences.iter().any(|f| f.ends_with("text")), "the hostile fixture's docs have no code block left:\n{code}");
    for fence in fences {
        let info = fence.trim_start_matches('`');
        assert!(info.is_empty() || info == "text" || info == "rust,ignore", "code block `{fence}` may run as a doctest");
    }
}

#[test]
fn type_names_that_collide_after_case_folding_are_front_end_errors() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let path = directory.path().join("collide.yaml");
    std::fs::write(&path, "definitions:\n  - struct: DeviceInfo\n    data: {a: int}\n  - struct: Deviceinfo\n    data: {a: int}\n").expect("write");
    match qapi_gen_schema::load(&path) {
        Ok(_) => panic!("`DeviceInfo` and `Deviceinfo` must clash"),
        Err(failure) => assert!(failure.render_short().contains("clashes with `DeviceInfo`"), "{}", failure.render_short()),
    }
}

#[test]
fn commands_have_their_own_rust_namespace_and_events_share_the_types() {
    // A command's type has the suffix `Command`, so it never meets a type
    // or an event; an event and a type of one Rust name are a schema error.
    let directory = tempfile::tempdir().expect("temporary directory");
    let path = directory.path().join("apart.yaml");
    std::fs::write(&path, "definitions:\n  - struct: DeviceGone\n    data: {a: int}\n  - event: DEVICE_LOST\n    data: {b: int}\n  - command: device-gone\n").expect("write");
    let loaded = load(&path);
    let code = rust::emit_file(&loaded.schema, &Options::default());
    assert!(code.contains("pub struct DeviceGone {"), "{code}");
    assert!(code.contains("pub struct DeviceLost {"), "{code}");
    assert!(code.contains("pub struct DeviceGoneCommand {}"), "{code}");
    std::fs::write(&path, "definitions:\n  - struct: DeviceGone\n    data: {a: int}\n  - event: DEVICE_GONE\n    data: {b: int}\n").expect("write");
    match qapi_gen_schema::load(&path) {
        Ok(_) => panic!("`DEVICE_GONE` and `DeviceGone` must clash in Rust"),
        Err(failure) => assert!(failure.render_short().contains("`DEVICE_GONE` and `DeviceGone` would both be the Rust item `DeviceGone`"), "{}", failure.render_short()),
    }
}
