//! Generation time of the Rust output for the shipped schema: loading
//! (the front end), emitting tokens, and formatting the file.

use std::path::PathBuf;

use qapi_gen_codegen::rust::{self, Options};

fn main() {
    divan::main();
}

fn shipped() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema/unplug-events.yaml")
}

fn loaded() -> qapi_gen_schema::Loaded {
    match qapi_gen_schema::load(&shipped()) {
        Ok(loaded) => loaded,
        Err(failure) => panic!("{}", failure.render()),
    }
}

/// Front end only.
#[divan::bench]
fn load() -> qapi_gen_schema::Loaded {
    loaded()
}

/// Tokens only (what `#[derive(Schema)]` hands to rustc).
#[divan::bench]
fn emit_tokens(bencher: divan::Bencher) {
    let loaded = loaded();
    bencher.bench(|| rust::emit(&loaded.schema, &Options::default()));
}

/// Tokens, parse, prettyplease (what the CLI and build.rs write).
#[divan::bench]
fn emit_file(bencher: divan::Bencher) {
    let loaded = loaded();
    bencher.bench(|| rust::emit_file(&loaded.schema, &Options::default()));
}

/// The whole build.rs path in memory: load, emit, format.
#[divan::bench]
fn builder_generate() -> qapi_gen_codegen::builder::Generated {
    match qapi_gen_codegen::Builder::new().schema(shipped()).generate() {
        Ok(generated) => generated,
        Err(error) => panic!("{error}"),
    }
}
