//! QEMU's own QAPI schema, five releases (`../shared/corpus`): each is read
//! directly, checks with no error, has exactly the definitions the corpus
//! README counts, and survives import to YAML and back unchanged.

use std::collections::BTreeMap;
use std::path::PathBuf;

use qapi_gen_schema::Severity;
use qapi_gen_tests::corpus_dir;

fn root(release: &str) -> PathBuf {
    corpus_dir().join(format!("qemu-qapi-{release}/qapi-schema.json"))
}

fn load(path: &std::path::Path) -> qapi_gen_schema::Loaded {
    match qapi_gen_schema::load(path) {
        Ok(loaded) => loaded,
        Err(failure) => panic!("{} should check without error:\n{}", path.display(), failure.render_short()),
    }
}

/// Definitions per kind, as written in the QAPI source (not the implicit
/// ones the import adds for pre-6.2 simple unions).
fn counts(schema: &qapi_gen_schema::Schema) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for definition in schema.definitions.iter().filter(|d| !d.implicit) {
        *counts.entry(definition.kind.keyword()).or_insert(0) += 1;
    }
    counts
}

/// Imports to YAML, reads that back, and compares the YAML both models give.
fn assert_round_trip(loaded: &qapi_gen_schema::Loaded) {
    let first = qapi_gen_codegen::yaml::emit(&loaded.schema);
    let directory = tempfile::tempdir().expect("temporary directory");
    for (path, contents) in &first {
        let target = directory.path().join(path);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("create directories");
        std::fs::write(target, contents).expect("write YAML");
    }
    let reread = load(&directory.path().join(&first[0].0));
    assert_eq!(reread.schema.definitions.len(), loaded.schema.definitions.len());
    let second = qapi_gen_codegen::yaml::emit(&reread.schema);
    assert_eq!(first.len(), second.len());
    for ((path, a), (_, b)) in first.iter().zip(&second) {
        if a != b {
            let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
            panic!("{path} changes in the round trip at line {}:\n  import: {:?}\n  reread: {:?}", line + 1, a.lines().nth(line), b.lines().nth(line));
        }
    }
}

fn release(release: &str, expected: [(&'static str, usize); 6]) {
    let loaded = load(&root(release));
    assert!(loaded.warnings.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(counts(&loaded.schema), expected.into_iter().collect::<BTreeMap<_, _>>(), "definitions of QEMU {release}");
    assert_round_trip(&loaded);
}

#[test]
fn qemu_6_1() {
    if qapi_gen_tests::corpus_missing("qemu::qemu_6_1") {
        return;
    }
    release("6.1", [("alternate", 5), ("command", 197), ("enum", 133), ("event", 48), ("struct", 320), ("union", 34)]);
}

#[test]
fn qemu_6_2() {
    if qapi_gen_tests::corpus_missing("qemu::qemu_6_2") {
        return;
    }
    release("6.2", [("alternate", 5), ("command", 208), ("enum", 140), ("event", 49), ("struct", 369), ("union", 34)]);
}

#[test]
fn qemu_9_0() {
    if qapi_gen_tests::corpus_missing("qemu::qemu_9_0") {
        return;
    }
    release("9.0", [("alternate", 6), ("command", 236), ("enum", 173), ("event", 54), ("struct", 450), ("union", 42)]);
}

#[test]
fn qemu_9_1() {
    if qapi_gen_tests::corpus_missing("qemu::qemu_9_1") {
        return;
    }
    release("9.1", [("alternate", 6), ("command", 238), ("enum", 177), ("event", 54), ("struct", 456), ("union", 43)]);
}

#[test]
fn qemu_10_2() {
    if qapi_gen_tests::corpus_missing("qemu::qemu_10_2") {
        return;
    }
    release("10.2", [("alternate", 6), ("command", 244), ("enum", 182), ("event", 57), ("struct", 479), ("union", 43)]);
}

#[test]
fn the_broken_6_2_examples_are_warnings_with_their_position() {
    if qapi_gen_tests::corpus_missing("qemu::the_broken_6_2_examples_are_warnings_with_their_position") {
        return;
    }
    let loaded = load(&root("6.2"));
    let warnings = loaded.warnings.render_short(&loaded.sources);
    for expected in [
        "qemu-qapi-6.2/qdev.json:150:3: warning: example message is not valid JSON",
        "qemu-qapi-6.2/machine.json:1376:3: warning: example message is not valid JSON",
        "qemu-qapi-6.2/acpi.json:135:3: warning: example of `ACPI_DEVICE_OST`: missing `timestamp`",
        "qemu-qapi-6.2/acpi.json:135:3: warning: example of `ACPI_DEVICE_OST`: missing member `info`",
    ] {
        assert!(warnings.contains(expected), "missing warning `{expected}` in:\n{warnings}");
    }
}

#[test]
fn doc_comments_become_structure() {
    if qapi_gen_tests::corpus_missing("qemu::doc_comments_become_structure") {
        return;
    }
    let loaded = load(&root("10.2"));
    let schema = &loaded.schema;
    let event = schema.definition("DEVICE_UNPLUG_GUEST_ERROR").expect("event");
    assert_eq!(event.info.since.map(|v| v.to_string()).as_deref(), Some("6.2"));
    let doc = event.info.doc.as_ref().expect("doc").text.as_str();
    assert!(doc.starts_with("Emitted when a device hot unplug fails"), "{doc}");
    let qapi_gen_schema::model::DefKind::Event(payload) = &event.kind else { panic!("not an event") };
    let members: Vec<(&str, bool, Option<&str>)> = payload.members.iter().map(|m| (m.name.as_str(), m.optional, m.info.doc.as_ref().map(|d| d.text.as_str()))).collect();
    assert_eq!(members, [("device", true, Some("the device's ID if it has one")), ("path", false, Some("the device's QOM path"))]);
    let message = &event.examples[0].messages[0];
    assert_eq!(message.direction, qapi_gen_schema::model::Direction::FromServer);
    assert_eq!(message.message["data"]["device"], "core1");

    let size = schema.definition("MEMORY_DEVICE_SIZE_CHANGE").expect("event");
    let qapi_gen_schema::model::DefKind::Event(payload) = &size.kind else { panic!("not an event") };
    assert_eq!(payload.members[2].info.since.map(|v| v.to_string()).as_deref(), Some("6.2"), "`(since 6.2)` in the member text");
    assert!(size.info.doc.as_ref().expect("doc").text.contains("**Note:** This event is rate-limited."));

    let old = load(&root("9.0"));
    let removed = old.schema.definition("MEM_UNPLUG_ERROR").expect("still in 9.0");
    let deprecation = removed.info.deprecation.as_ref().expect("deprecated feature");
    assert_eq!(deprecation.since, None, "QAPI records no deprecation version");
    assert!(removed.info.features[0].doc.as_ref().expect("feature doc").text.contains("`DEVICE_UNPLUG_GUEST_ERROR`"));
    let device_del = old.schema.definition("device_del").expect("command");
    assert_eq!(device_del.examples.len(), 2, "old-style `Example:` sections with two exchanges");
}

#[test]
fn pre_6_2_conditions_and_simple_unions_are_converted() {
    if qapi_gen_tests::corpus_missing("qemu::pre_6_2_conditions_and_simple_unions_are_converted") {
        return;
    }
    let loaded = load(&root("6.1"));
    let schema = &loaded.schema;
    let union = schema.definition("ImageInfoSpecific").expect("simple union");
    let qapi_gen_schema::model::DefKind::Union(union) = &union.kind else { panic!("not a union") };
    assert_eq!(union.discriminator, "type");
    assert_eq!(union.discriminator_enum, "ImageInfoSpecificKind");
    assert!(schema.definition("ImageInfoSpecificKind").is_some_and(|d| d.implicit));
    let conditional = schema.definitions.iter().filter_map(|d| d.info.condition.as_ref()).map(ToString::to_string).collect::<Vec<_>>();
    assert!(conditional.iter().all(|c| !c.contains("defined(")), "{conditional:?}");
    assert!(conditional.iter().any(|c| c.starts_with("any(TARGET_")), "{conditional:?}");
}

/// The shipped schema's reliability rows (evidence, history, gaps and all)
/// survive the YAML writer: written and read back, the YAML is the same.
#[test]
fn shipped_reliability_rows_survive_the_yaml_writer() {
    let loaded = load(&qapi_gen_tests::workspace_root().join("schema/unplug-events.yaml"));
    assert_round_trip(&loaded);
    let rows = qapi_gen_codegen::yaml::emit(&loaded.schema).remove(0).1;
    assert!(rows.contains("function: drc_unisolate_logical, release: \"6.1\""), "history evidence written");
    assert!(rows.contains("event: [ACPI_DEVICE_OST, DEVICE_UNPLUG_GUEST_ERROR]"), "event lists written");
}
