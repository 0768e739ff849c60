//! Whatever the front end accepts generates Rust that parses, JSON that
//! parses, and a manual, without a panic.
#![no_main]

use qapi_gen_codegen::{json_schema, rst, rust};

libfuzzer_sys::fuzz_target!(|text: &str| {
    let Ok(loaded) = qapi_gen_schema::load_text("fuzz.yaml", text) else { return };
    let code = rust::emit_file(&loaded.schema, &rust::Options::default());
    if let Err(error) = syn::parse_file(&code) {
        panic!("generated Rust does not parse: {error}\n{code}");
    }
    let json = json_schema::emit_string(&loaded.schema, &json_schema::Options::default());
    if let Err(error) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("generated JSON Schema does not parse: {error}");
    }
    let manual = rst::emit(&loaded.schema, &rst::Options::default());
    assert!(manual.ends_with('\n'));
});
