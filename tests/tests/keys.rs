//! The key table is the language: the reference documents every key the
//! parser knows, so a new key cannot ship undocumented.

use qapi_gen_schema::keys;

#[test]
fn the_language_reference_documents_every_key() {
    let reference = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/schema-language.md")).expect("docs/schema-language.md");
    let documented = |key: &str| {
        reference.match_indices(key).any(|(at, _)| {
            let before = reference[..at].chars().next_back();
            let after = reference[at + key.len()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-') && matches!(after, Some(':' | '`'))
        })
    };
    let missing: Vec<&str> = keys::ALL.iter().map(|key| key.as_str()).filter(|key| !documented(key)).collect();
    assert!(missing.is_empty(), "docs/schema-language.md does not document these keys (as `key` or `key:`): {missing:?}");
}
