//! Generates the Rust API of QEMU's QAPI schema for every release of the
//! shared corpus (`../shared/corpus/qemu-qapi-<release>/qapi-schema.json`
//! beside the checkout) into `OUT_DIR/qemu-<release>.rs`, each written only
//! when it changed, and lists the `if` flags enabled as Cargo features in
//! `OUT_DIR/enabled-flags.rs` (for the tests, which skip what is compiled
//! out). Every release's module is `qapi-schema`, hence a file name per
//! release. The schemas' warnings (QEMU's own doc problems, a hundred or so
//! per release) are not repeated here.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use qapi_gen_codegen::{Builder, Output};
use qapi_gen_codegen::output::write_if_changed;

/// The releases of the corpus, oldest first.
const RELEASES: [&str; 5] = ["6.1", "6.2", "9.0", "9.1", "10.2"];

fn fail(message: &str) -> ! {
    println!("cargo::error={}", message.lines().next().unwrap_or_default());
    eprintln!("{message}");
    std::process::exit(1);
}

fn write(path: &Path, contents: &str) {
    if let Err(error) = write_if_changed(path, contents.as_bytes()) {
        fail(&format!("cannot write {}: {error}", path.display()));
    }
}

fn main() {
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else { fail("OUT_DIR is not set") };
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    for release in RELEASES {
        let schema = corpus.join(format!("qemu-qapi-{release}/qapi-schema.json"));
        if let Err(error) = Builder::new().schema(&schema).file_name(Output::Rust, format!("qemu-{release}.rs")).out_dir(&out_dir).run() {
            fail(&error.to_string());
        }
    }
    // The newest release for clients of servers from the oldest on.
    let newest = corpus.join("qemu-qapi-10.2/qapi-schema.json");
    if let Err(error) = Builder::new().schema(&newest).oldest_server("6.1").file_name(Output::Rust, "qemu-10.2-oldest-6.1.rs").out_dir(&out_dir).run() {
        fail(&error.to_string());
    }
    let mut flags: Vec<String> = std::env::vars().filter_map(|(name, _)| name.strip_prefix("CARGO_FEATURE_").map(str::to_lowercase)).collect();
    flags.sort();
    let mut enabled = String::from("&[");
    for flag in &flags {
        let _ = write!(enabled, "{flag:?}, ");
    }
    enabled.push(']');
    write(&out_dir.join("enabled-flags.rs"), &enabled);
    println!("cargo::rerun-if-changed=build.rs");
}
