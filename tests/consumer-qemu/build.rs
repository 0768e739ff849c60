//! Generates the Rust API of QEMU's QAPI schema for every release of the
//! shared corpus (`../shared/corpus/qemu-qapi-<release>/qapi-schema.json`
//! beside the checkout) into `OUT_DIR/qemu-<release>.rs`, each written only
//! when it changed, with conditions as Cargo features (`FlagStyle::Feature`,
//! so both sides of every condition are compiled: with no feature and with
//! `--all-features`), and lists the `if` flags enabled as Cargo features in
//! `OUT_DIR/enabled-flags.rs` (for the tests, which skip what is compiled
//! out). Every release's module is `qapi-schema`, hence a file name per
//! release. The schemas' warnings (QEMU's own doc problems, a hundred or so
//! per release) are not repeated here.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use qapi_gen_codegen::rust::FlagStyle;
use qapi_gen_codegen::{Builder, Output};
use qapi_gen_codegen::output::write_if_changed;

/// The commands of the selected client (`docs/customisation.md`).
const CLIENT_COMMANDS: [&str; 20] = [
    "qmp_capabilities", "query-status", "query-cpus-fast", "query-hotpluggable-cpus", "device_add", "device_del", "query-block", "blockdev-add", "blockdev-del", "query-named-block-nodes",
    "object-add", "object-del", "qom-get", "qom-set", "qom-list", "query-machines", "system_powerdown", "stop", "cont", "query-version",
];

/// The events of the selected client.
const CLIENT_EVENTS: [&str; 10] = ["DEVICE_DELETED", "DEVICE_UNPLUG_GUEST_ERROR", "SHUTDOWN", "POWERDOWN", "RESET", "STOP", "RESUME", "BLOCK_JOB_COMPLETED", "BLOCK_JOB_ERROR", "JOB_STATUS_CHANGE"];

#[path = "../support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

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
    let Some(corpus) = corpus::corpus_or_empty_crate(Path::new(env!("CARGO_MANIFEST_DIR"))) else { return };
    for release in RELEASES {
        let schema = corpus.join(format!("qemu-qapi-{release}/qapi-schema.json"));
        if let Err(error) = Builder::new().schema(&schema).conditions(FlagStyle::Feature).file_name(Output::Rust, format!("qemu-{release}.rs")).out_dir(&out_dir).run() {
            fail(&error.to_string());
        }
    }
    // A client of 10.2 that uses 20 commands and 10 events, with `Eq`,
    // `Hash` and `Default` wherever they are valid, in its own module.
    let schema = corpus.join("qemu-qapi-10.2/qapi-schema.json");
    let mut client = Builder::new();
    client.schema(&schema).file_name(Output::Rust, "qemu-10.2-client.rs").out_dir(&out_dir).module("qemu_10_2_client").commands(CLIENT_COMMANDS).events(CLIENT_EVENTS);
    client.derive("*", "Eq").derive("*", "Hash").derive("*", "Default");
    if let Err(error) = client.run() {
        fail(&error.to_string());
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
}
