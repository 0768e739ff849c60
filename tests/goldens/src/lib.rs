//! Every committed Rust golden (`tests/expected/*.rs`) as a module, compiled
//! under `#![deny(warnings)]`: the generated code must be warning-free,
//! documented (`missing_docs`) and free of deprecation warnings of its own.

#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/goldens.rs"));

#[cfg(test)]
mod tests {
    #[test]
    fn every_golden_is_compiled() {
        let expected = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../expected");
        let count = std::fs::read_dir(expected).map(|entries| entries.filter_map(Result::ok).filter(|e| e.path().extension().is_some_and(|x| x == "rs")).count()).unwrap_or(0);
        assert_eq!(super::GOLDENS, count);
        assert!(count >= 3, "expected the Rust goldens in tests/expected");
    }
}
