//! Property tests over generated schema shapes: the front end never panics,
//! and whatever it accepts, every emitter turns into output that parses
//! (Rust with syn, JSON with serde_json) and is the same on every run.

use proptest::prelude::*;
use qapi_gen_codegen::{json_schema, rst, rust};

/// Member and value names, hostile ones included (Rust keywords, digits).
const WORDS: [&str; 14] = ["type", "match", "self", "gen", "async", "device", "path", "slot-type", "size", "super", "crate", "u8", "r-raw", "box"];
const BUILTINS: [&str; 9] = ["str", "int", "uint8", "int64", "size", "bool", "number", "any", "uint64"];
const DOCS: [&str; 6] = ["Plain text.", "Has *emphasis*, `code` and a [link](https://example.com).", "Stars * and _underscores_ | pipes \\ backslashes", "*/ \"# `#[` ]] ((", "- a list\n- of items\n\n```\ncode\n```", ".. not a directive\n\n> quoted"];

/// A struct member: name (index into `WORDS`), type (index into
/// `BUILTINS`, or an enum or earlier struct beyond), optional, doc (index
/// into `DOCS`).
type MemberShape = (usize, usize, bool, Option<usize>);

#[derive(Debug, Clone)]
struct Shape {
    enums: Vec<Vec<usize>>,
    structs: Vec<Vec<MemberShape>>,
    events: Vec<Vec<(usize, usize, bool)>>,
    union: bool,
    deprecated_event: bool,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        prop::collection::vec(prop::collection::vec(0..WORDS.len(), 1..5), 1..3),
        prop::collection::vec(prop::collection::vec((0..WORDS.len(), 0..20_usize, any::<bool>(), prop::option::of(0..DOCS.len())), 1..5), 1..4),
        prop::collection::vec(prop::collection::vec((0..WORDS.len(), 0..20_usize, any::<bool>()), 0..4), 1..3),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(enums, structs, events, union, deprecated_event)| Shape { enums, structs, events, union, deprecated_event })
}

/// A member type: a built-in, an enum, an earlier struct, or an array of one.
fn type_name(shape: &Shape, choice: usize, struct_index: usize) -> String {
    let defined = shape.enums.len() + struct_index;
    let base = match choice % (BUILTINS.len() + defined.max(1)) {
        n if n < BUILTINS.len() => BUILTINS[n].to_string(),
        n if n - BUILTINS.len() < shape.enums.len() => format!("Kind{}", n - BUILTINS.len()),
        n if n - BUILTINS.len() - shape.enums.len() < struct_index => format!("Thing{}", n - BUILTINS.len() - shape.enums.len()),
        _ => "str".to_string(),
    };
    if choice >= 15 { format!("[{base}]") } else { base }
}

fn members(out: &mut String, shape: &Shape, members: &[(usize, usize, bool, Option<usize>)], struct_index: usize) {
    let mut seen = Vec::new();
    for (word, ty, optional, doc) in members {
        if seen.contains(word) {
            continue;
        }
        seen.push(*word);
        let name = format!("{}{}", WORDS[*word], if *optional { "?" } else { "" });
        let ty = type_name(shape, *ty, struct_index);
        let doc = doc.map(|d| format!(", doc: {}", serde_json::Value::from(DOCS[d]))).unwrap_or_default();
        out.push_str(&format!("      {name}: {{type: \"{ty}\"{doc}}}\n"));
    }
}

fn schema_text(shape: &Shape) -> String {
    let mut out = String::from("version: \"3.0\"\npolicy: {deprecation-releases: 1}\ndefinitions:\n");
    for (index, values) in shape.enums.iter().enumerate() {
        let mut names: Vec<&str> = values.iter().map(|v| WORDS[*v]).collect();
        names.dedup();
        names.sort_unstable();
        names.dedup();
        out.push_str(&format!("  - enum: Kind{index}\n    doc: {}\n    data: [{}]\n", serde_json::Value::from(DOCS[index % DOCS.len()]), names.join(", ")));
    }
    for (index, list) in shape.structs.iter().enumerate() {
        out.push_str(&format!("  - struct: Thing{index}\n    data:\n"));
        members(&mut out, shape, list, index);
    }
    if shape.union {
        out.push_str("  - union: Choice\n    base: {tag: Kind0}\n    discriminator: tag\n    data:\n");
        let first = shape.enums[0].iter().map(|v| WORDS[*v]).min().unwrap_or("type");
        out.push_str(&format!("      {first}: Thing0\n"));
    }
    for (index, list) in shape.events.iter().enumerate() {
        out.push_str(&format!("  - event: EVENT_{index}\n"));
        if shape.deprecated_event && index == 0 {
            out.push_str("    features:\n      deprecated: {since: \"1.0\", removal: \"2.0\"}\n");
        }
        if !list.is_empty() {
            out.push_str("    data:\n");
            let with_docs: Vec<_> = list.iter().map(|(w, t, o)| (*w, *t, *o, None)).collect();
            members(&mut out, shape, &with_docs, shape.structs.len());
        }
    }
    out.push_str("  - command: do-it\n    data: {thing: Thing0}\n    returns: Thing0\n");
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn accepted_schemas_generate_output_that_parses(shape in shape()) {
        let text = schema_text(&shape);
        let loaded = match qapi_gen_schema::load_text("generated.yaml", &text) {
            Ok(loaded) => loaded,
            Err(failure) => {
                // Rejections must be reasoned diagnostics with a position.
                prop_assert!(failure.diagnostics.iter().all(|d| d.span.is_some()), "{}", failure.render_short());
                return Ok(());
            }
        };
        let code = rust::emit_file(&loaded.schema, &rust::Options::default());
        prop_assert!(syn::parse_file(&code).is_ok(), "generated Rust does not parse:\n{code}");
        prop_assert_eq!(&code, &rust::emit_file(&loaded.schema, &rust::Options::default()));
        let json = json_schema::emit_string(&loaded.schema, &json_schema::Options::default());
        prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
        let manual = rst::emit(&loaded.schema, &rst::Options::default());
        prop_assert!(manual.ends_with('\n'));
        prop_assert_eq!(&manual, &rst::emit(&loaded.schema, &rst::Options::default()));
    }

    #[test]
    fn the_front_end_never_panics_on_mangled_schemas(shape in shape(), cut in 0..4000_usize, junk in JUNK) {
        let mut text = schema_text(&shape);
        let at = cut.min(text.len());
        let at = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        text.insert_str(at, &junk);
        let _ = qapi_gen_schema::load_text("mangled.yaml", &text);
        let _ = qapi_gen_schema::load_text("mangled.json", &text);
    }

    /// QAPI doc blocks with Unicode whitespace, separators, bidi controls,
    /// wide and combining characters: the reader slices by indentation.
    #[test]
    fn the_qapi_reader_never_panics_on_unicode_docs(lines in prop::collection::vec(JUNK, 1..6)) {
        let body: String = lines.iter().map(|line| format!("# {line}\n")).collect();
        let text = format!("##\n# @THING:\n#\n# .. note::\n{body}##\n{{ 'event': 'THING' }}\n");
        let _ = qapi_gen_schema::load_text("unicode.json", &text);
    }
}

/// Junk for the mangling properties: printable ASCII, and the Unicode that
/// breaks byte arithmetic (multi-byte whitespace, line separators, bidi
/// controls, wide, combining and emoji characters).
const JUNK: &str = "[ -~\n\t\u{3000}\u{00a0}\u{2028}\u{2029}\u{0085}\r\u{202e}\u{2066}\u{200b}\u{0301}\u{4e2d}\u{1f600}\u{00e9}]{0,40}";

/// The generator must mostly produce schemas the front end accepts, or the
/// first property would test little.
#[test]
fn most_generated_shapes_are_valid_schemas() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut accepted = 0;
    let mut rejections = Vec::new();
    for _ in 0..100 {
        let shape = shape().new_tree(&mut runner).expect("shape").current();
        match qapi_gen_schema::load_text("generated.yaml", &schema_text(&shape)) {
            Ok(_) => accepted += 1,
            Err(failure) => rejections.push(failure.render_short()),
        }
    }
    assert!(accepted >= 60, "only {accepted} of 100 generated schemas were accepted; e.g.\n{}", rejections.first().map(String::as_str).unwrap_or_default());
}
