//! Lists the Rust goldens as modules of this crate, so that each one is
//! compiled under the crate's `#![deny(warnings)]`.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let expected = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../expected");
    println!("cargo::rerun-if-changed={}", expected.display());
    let mut goldens: Vec<PathBuf> = std::fs::read_dir(&expected)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "rs")).collect())
        .unwrap_or_default();
    goldens.sort();
    let mut out = String::new();
    for golden in &goldens {
        println!("cargo::rerun-if-changed={}", golden.display());
        let stem = golden.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let module: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
        let _ = writeln!(out, "/// The golden `{stem}.rs`.\npub mod {module} {{\n    include!({:?});\n}}", golden.display().to_string());
    }
    let _ = writeln!(out, "/// Number of goldens compiled.\npub const GOLDENS: usize = {};", goldens.len());
    let target = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("goldens.rs");
    if let Err(error) = std::fs::write(&target, out) {
        println!("cargo::error=cannot write {}: {error}", target.display());
    }
}
