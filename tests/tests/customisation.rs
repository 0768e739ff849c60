//! Rust output, customisation (`docs/customisation.md`): the golden of a
//! customised output (derives where valid, type and field attributes, a
//! selection of commands and events, a wrapping module), which the
//! `qapi-gen-goldens` crate compiles under `#![deny(warnings)]`; the
//! derives left out where they are not valid; extern paths; warnings for
//! selectors that match nothing and errors for values that cannot be read.

use qapi_gen_codegen::builder::{Builder, Error};
use qapi_gen_codegen::rust::{self, Customization, Options};
use qapi_gen_tests::{assert_goldens, check_golden, tests_dir};

fn schema(name: &str) -> qapi_gen_schema::Schema {
    let path = tests_dir(&format!("customisation/{name}.yaml"));
    match qapi_gen_schema::load(&path) {
        Ok(loaded) => loaded.schema,
        Err(failure) => panic!("fixture {} must be valid:\n{}", path.display(), failure.render()),
    }
}

fn emit(name: &str, customize: impl FnOnce(&mut Customization)) -> String {
    let mut options = Options::default();
    customize(&mut options.custom);
    let code = rust::emit_file(&schema(name), &options);
    assert!(!code.contains("qapi-gen internal error"), "generated tokens do not parse:\n{code}");
    code
}

/// The attributes of the item of `code` that declares `pub struct name`
/// or `pub enum name` (from the end of the previous item), without
/// whitespace or trailing commas, so `#[derive(Eq,Default)]` reads alike
/// however prettyplease wrapped it.
fn item(code: &str, declaration: &str) -> String {
    let Some(at) = code.find(&format!("{declaration} {{")).or_else(|| code.find(&format!("{declaration}("))) else { panic!("no `{declaration}` in:\n{code}") };
    let start = code[..at].rfind("\n}\n").map_or(0, |end| end + 3);
    compact(&code[start..at])
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace(",)", ")")
}

fn derives_everywhere(custom: &mut Customization) {
    for derive in ["Eq", "::core::hash::Hash", "Default"] {
        custom.derive("*", derive).expect("a path");
    }
}

#[test]
fn customised_output_matches_its_golden() {
    let code = emit("custom", |custom| {
        derives_everywhere(custom);
        custom.type_attribute("Port", "#[serde(deny_unknown_fields)] #[must_use]").expect("attributes");
        custom.field_attribute("LINK_DOWN.port", "#[serde(alias = \"interface\")]").expect("attributes");
        custom.commands(["query-links", "device-*"]).expect("globs");
        custom.events(["LINK_?OWN"]).expect("globs");
        custom.module("custom").expect("an identifier");
    });
    assert!(syn::parse_file(&code).is_ok(), "output does not parse:\n{code}");
    assert_goldens(check_golden(&tests_dir("expected/customisation.rs"), &code).into_iter().collect());
}

#[test]
fn derives_go_only_where_valid() {
    let code = emit("custom", derives_everywhere);
    let has = |declaration: &str, derive: &str| item(&code, declaration).contains(&compact(derive));
    // Strings, integers, optional enum: everything.
    assert!(has("pub struct Port", "#[derive(Eq, ::core::hash::Hash, Default)]"), "{}", item(&code, "pub struct Port"));
    // A required enum member cannot default.
    assert!(has("pub struct Link", "#[derive(Eq, ::core::hash::Hash)]") && !has("pub struct Link", "Default"));
    // A number: no `Eq`, no `Hash`; it defaults.
    assert!(has("pub struct Measure", "#[derive(Default)]") && !has("pub struct Measure", "#[derive(Eq"), "{}", item(&code, "pub struct Measure"));
    // Recursion: compared like anything else, and defaults through its optional members.
    assert!(has("pub struct Tree", "#[derive(Eq, ::core::hash::Hash, Default)]"));
    // A closed union and its branches; an open union keeps JSON values.
    assert!(has("pub struct Device", "#[derive(Eq, ::core::hash::Hash)]") && has("pub enum DeviceBranch", "#[derive(Eq, ::core::hash::Hash)]"));
    assert!(!has("pub struct State", "#[derive(Eq") && !has("pub enum StateBranch", "#[derive(Eq"));
    // Enums have `Eq` and `Hash` already and never default.
    assert!(!has("pub enum Speed", "#[derive(Eq"));
    // An alternate compares but does not default.
    assert!(has("pub enum Target", "#[derive(Eq, ::core::hash::Hash)]"));
    // Event data and command arguments: `LINK_DOWN` holds the open union.
    assert!(!has("pub struct LinkDown", "#[derive(Eq") && !has("pub struct LinkDown", "Default"), "{}", item(&code, "pub struct LinkDown"));
    assert!(has("pub struct WalkCommand", "#[derive(Eq, ::core::hash::Hash, Default)]"));
    // A derive on a type only when the types it holds get it too.
    let only_link = emit("custom", |custom| custom.derive("Link", "Hash").expect("a path"));
    assert!(!item(&only_link, "pub struct Link").contains("#[derive(Hash)]"), "`Port` does not get `Hash`, so `Link` cannot");
    let with_port = emit("custom", |custom| custom.derive("L*", "Hash").and_then(|()| custom.derive("Port", "Hash")).expect("paths"));
    assert!(item(&with_port, "pub struct Link").contains("#[derive(Hash)]"));
    // Two selectors of one derive: once per type.
    let overlapping = emit("custom", |custom| custom.derive("*", "Hash").and_then(|()| custom.derive("Port", "Hash")).expect("paths"));
    assert_eq!(item(&overlapping, "pub struct Port").matches("Hash").count(), 1, "{}", item(&overlapping, "pub struct Port"));
    // Any other derive, such as `schemars::JsonSchema`, goes wherever selected.
    let other = emit("custom", |custom| custom.derive("*", "schemars::JsonSchema").expect("a path"));
    assert!(item(&other, "pub enum Speed").contains("#[derive(schemars::JsonSchema)]") && item(&other, "pub struct State").contains("#[derive(schemars::JsonSchema)]"));
    // Already derived: never twice.
    let twice = emit("custom", |custom| custom.derive("*", "Clone").expect("a path"));
    assert_eq!(twice, emit("custom", |_| {}));
}

#[test]
fn selectors_match_schema_and_rust_names() {
    let code = emit("custom", |custom| custom.derive("Tick", "Default").and_then(|()| custom.derive("query-*", "Default")).expect("paths"));
    assert!(item(&code, "pub struct Tick").contains("#[derive(Default)]"), "by Rust name");
    assert!(item(&code, "pub struct QueryLinksCommand").contains("#[derive(Default)]"), "by schema name");
    assert!(!item(&code, "pub struct WalkCommand").contains("Default"));
}

#[test]
fn a_selection_generates_its_closure_and_keeps_unknown() {
    let code = emit("custom", |custom| {
        custom.commands(["measure"]).expect("globs");
    });
    assert!(code.contains("const NAME: &'static str = \"measure\";"));
    assert!(code.contains("pub struct Port {") && code.contains("pub enum Speed {"));
    for absent in ["pub struct Link {", "pub struct Tree {", "pub struct Device {", "pub enum Target", "\"query-links\"", "\"LINK_DOWN\"", "\"TICK\""] {
        assert!(!code.contains(absent), "`{absent}` is outside the selection:\n{code}");
    }
    assert!(code.contains("Unknown(::qapi_runtime::UnknownEvent)") && code.contains("Unknown(::qapi_runtime::UnknownRequest)"));
    // The names do not depend on the selection.
    let everything = emit("custom", |_| {});
    let port = |code: &str| item(code, "pub struct Port");
    assert_eq!(port(&code), port(&everything));
}

#[test]
fn extern_paths_replace_the_type() {
    let code = emit("shared", |custom| {
        custom.extern_path("Port", "crate::custom::Port").expect("a path");
    });
    assert!(!code.contains("pub struct Port {"), "{code}");
    assert!(code.contains("pub port: crate::custom::Port,") && code.contains("type Returns = crate::custom::Port;"), "{code}");
    assert!(code.contains("pub enum Speed"), "the rest is still generated");
}

#[test]
fn unmatched_selectors_warn_and_bad_values_are_errors() {
    let path = tests_dir("customisation/custom.yaml");
    let generated = Builder::new()
        .schema(&path)
        .derive("Blockdev*", "Hash")
        .field_attribute("Port.nope", "#[serde(default)]")
        .extern_path("Nope", "crate::Nope")
        .commands(["query-links", "no-such-*"])
        .events(["TICK"])
        .generate()
        .expect("valid options");
    let warnings = generated.report.render_warnings();
    for expected in [
        "derive selector `Blockdev*` (for `Hash`) matches no definition",
        "field_attribute selector `Port.nope` matches no member",
        "extern_path `Nope` names no type of the schema",
        "commands selector `no-such-*` matches no command",
    ] {
        assert!(warnings.contains(expected), "missing `{expected}` in:\n{warnings}");
    }
    assert!(!warnings.contains("`query-links`") && !warnings.contains("`TICK`"), "{warnings}");

    let failed = Builder::new().schema(&path).type_attribute("Port", "#[serde(").module("type").derive("*", "not a path").generate();
    let Err(Error::Options { errors }) = failed else { panic!("expected option errors, got {failed:?}") };
    let options: Vec<&str> = errors.iter().map(|e| e.option).collect();
    assert_eq!(options, ["type_attribute", "module", "derive"]);
    assert!(Error::Options { errors }.to_string().contains("invalid `module` value `type`: not a Rust identifier such as `qmp`"));
}
