//! Any text given to the QAPI reader yields a model or diagnostics, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| {
    let _ = qapi_gen_schema::load_text("fuzz.json", text);
});
