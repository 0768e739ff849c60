//! Benchmarks of every phase on QEMU 10.2 (`../shared/corpus`) and of the
//! whole pipeline on synthetic schemas of growing size. Run with
//! `cargo bench -p qapi-gen-tests --bench pipeline` (the system allocator,
//! as in a build script) or with `--features mimalloc` (the allocator of
//! the `qapi-gen` command).

use std::num::NonZeroUsize;
use std::path::PathBuf;

use qapi_gen_codegen::{json_schema, rst, rust};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// Rust options formatting on one thread.
fn one_core() -> rust::Options {
    let mut options = rust::Options::default();
    options.jobs = NonZeroUsize::new(1);
    options
}

fn qemu() -> PathBuf {
    qapi_gen_tests::corpus_dir().join("qemu-qapi-10.2/qapi-schema.json")
}

fn loaded() -> qapi_gen_schema::Loaded {
    qapi_gen_schema::load(&qemu()).unwrap_or_else(|failure| panic!("{}", failure.render_short()))
}

/// Reading and parsing every file (QAPI dialect, doc comments).
#[divan::bench]
fn qemu_parse() -> qapi_gen_schema::Parsed {
    qapi_gen_schema::parse(&qemu()).unwrap_or_else(|failure| panic!("{}", failure.render_short()))
}

/// Resolving, checking and lowering the parsed files.
#[divan::bench]
fn qemu_check(bencher: divan::Bencher) {
    bencher.with_inputs(qemu_parse).bench_values(|parsed| parsed.check().map(|loaded| loaded.schema.definitions.len()).ok());
}

/// The whole front end, as `qapi-gen check` runs it.
#[divan::bench]
fn qemu_load() -> qapi_gen_schema::Loaded {
    loaded()
}

/// Rust tokens, unformatted.
#[divan::bench]
fn qemu_rust_tokens(bencher: divan::Bencher) {
    let loaded = loaded();
    bencher.bench(|| rust::emit(&loaded.schema, &rust::Options::default()));
}

/// Rust, formatted with prettyplease, on one thread.
#[divan::bench]
fn qemu_rust_file(bencher: divan::Bencher) {
    let loaded = loaded();
    bencher.bench(|| rust::emit_file(&loaded.schema, &one_core()));
}

/// Rust, formatted with prettyplease, on every core.
#[divan::bench]
fn qemu_rust_file_all_cores(bencher: divan::Bencher) {
    let loaded = loaded();
    bencher.bench(|| rust::emit_file(&loaded.schema, &rust::Options::default()));
}

/// Only what syn and prettyplease take to format the Rust tokens: the
/// floor of formatting with them, whatever the emitter does.
#[divan::bench]
fn qemu_rust_format_only(bencher: divan::Bencher) {
    let loaded = loaded();
    bencher.with_inputs(|| rust::emit(&loaded.schema, &rust::Options::default())).bench_values(|tokens| {
        syn::parse2::<syn::File>(tokens).map(|file| prettyplease::unparse(&file).len()).ok()
    });
}

/// The JSON Schema document.
#[divan::bench]
fn qemu_json_schema(bencher: divan::Bencher) {
    let loaded = loaded();
    bencher.bench(|| json_schema::emit_string(&loaded.schema, &json_schema::Options::default()));
}

/// The reStructuredText manual.
#[divan::bench]
fn qemu_rst(bencher: divan::Bencher) {
    let loaded = loaded();
    bencher.bench(|| rst::emit(&loaded.schema, &rst::Options::default()));
}

/// Everything `qapi-gen generate` computes (without writing files).
fn generate(top: &std::path::Path, rust_options: &rust::Options) -> usize {
    let loaded = qapi_gen_schema::load(top).unwrap_or_else(|failure| panic!("{}", failure.render_short()));
    rust::emit_file(&loaded.schema, rust_options).len()
        + json_schema::emit_string(&loaded.schema, &json_schema::Options::default()).len()
        + rst::emit(&loaded.schema, &rst::Options::default()).len()
}

/// `qapi-gen generate --jobs 1`, without writing files.
#[divan::bench]
fn qemu_generate() -> usize {
    generate(&qemu(), &one_core())
}

/// `qapi-gen generate`, without writing files.
#[divan::bench]
fn qemu_generate_all_cores() -> usize {
    generate(&qemu(), &rust::Options::default())
}

/// Check a synthetic schema of each size: cost must grow linearly.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn synthetic_check(bencher: divan::Bencher, definitions: usize) {
    let directory = tempfile::tempdir().expect("temporary directory");
    let top = qapi_gen_tests::synthetic::write(directory.path(), definitions).expect("write synthetic schema");
    bencher.bench(|| qapi_gen_schema::load(&top).map(|loaded| loaded.schema.definitions.len()).ok());
}

/// Check and generate a synthetic schema of each size: cost must grow linearly.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn synthetic_generate(bencher: divan::Bencher, definitions: usize) {
    let directory = tempfile::tempdir().expect("temporary directory");
    let top = qapi_gen_tests::synthetic::write(directory.path(), definitions).expect("write synthetic schema");
    bencher.bench(|| generate(&top, &rust::Options::default()));
}
