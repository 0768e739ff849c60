//! Reports loudly when this crate was built without the QEMU corpus (its
//! other tests are then compiled out), and fails under `CI=true`.

#[path = "../../support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

#[test]
fn the_corpus_tests_ran() {
    if cfg!(qapi_gen_corpus_missing) {
        let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let what = concat!("every test of ", env!("CARGO_PKG_NAME"));
        assert!(corpus::corpus_or_skip(&workspace, what).is_none() || corpus::in_ci(), "the crate was built without the corpus; rebuild it");
    }
}
