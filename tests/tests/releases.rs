//! The release floor (`oldest_server`) on QEMU's schema: which received
//! members it makes `Option`, and which members nothing dates (they keep
//! the schema's rule; `docs/releases.md` lists them).

use qapi_gen_codegen::rust::{self, Options};
use qapi_gen_schema::model::{DefKind, Member};
use qapi_gen_schema::version::Version;
use qapi_gen_tests::corpus_dir;

fn load(release: &str) -> qapi_gen_schema::Loaded {
    let path = corpus_dir().join(format!("qemu-qapi-{release}/qapi-schema.json"));
    match qapi_gen_schema::load(&path) {
        Ok(loaded) => loaded,
        Err(failure) => panic!("QEMU {release} should check without error:\n{}", failure.render_short()),
    }
}

/// Every mandatory member of a received definition, with its owner.
fn received_mandatory(schema: &qapi_gen_schema::Schema) -> Vec<(&str, &Member)> {
    let mut out = Vec::new();
    for definition in &schema.definitions {
        let members: &[Member] = match &definition.kind {
            DefKind::Event(event) => &event.members,
            DefKind::Struct(strukt) if definition.usage.output => &strukt.members,
            DefKind::Union(union) if definition.usage.output => &union.base_members,
            _ => continue,
        };
        out.extend(members.iter().filter(|m| !m.optional).map(|m| (definition.name.as_str(), m)));
    }
    out
}

#[test]
fn undated_received_members_of_qemu_10_2() {
    if qapi_gen_tests::corpus_missing("releases::undated_received_members_of_qemu_10_2") {
        return;
    }
    let loaded = load("10.2");
    let undated: Vec<String> = received_mandatory(&loaded.schema).into_iter().filter(|(owner, member)| loaded.schema.member_since(owner, member).is_none()).map(|(owner, member)| format!("{owner}.{}", member.name)).collect();
    println!("QEMU 10.2: {} undated mandatory members of received types: {}", undated.len(), undated.join(", "));
    let documented = [
        "InetSocketAddressBase.host",
        "InetSocketAddressBase.port",
        "InetSocketAddress.host",
        "InetSocketAddress.port",
        "BlockLimitsInfo.request-alignment",
        "BlockLimitsInfo.max-iov",
        "BlockLimitsInfo.min-mem-alignment",
        "BlockLimitsInfo.opt-mem-alignment",
        "ObjectPropertyValue.name",
        "ObjectPropertyValue.type",
        "ObjectPropertiesValues.properties",
    ];
    assert_eq!(undated, documented, "update the list in docs/releases.md");
}

#[test]
fn the_floor_makes_newer_received_members_optional() {
    if qapi_gen_tests::corpus_missing("releases::the_floor_makes_newer_received_members_optional") {
        return;
    }
    let loaded = load("10.2");
    let floor = Version::parse("10.0");
    let newer: Vec<String> = received_mandatory(&loaded.schema)
        .into_iter()
        .filter(|(owner, member)| loaded.schema.member_since(owner, member) > floor)
        .map(|(owner, member)| format!("{owner}.{}", member.name))
        .collect();
    println!("QEMU 10.2 with oldest_server(10.0): {} mandatory received members become Option: {}", newer.len(), newer.join(", "));
    assert!(newer.contains(&"CpuInfoFast.qom-type".to_owned()), "{newer:?}");
    let mut options = Options::default();
    options.oldest_server = floor;
    let code = rust::emit_file(&loaded.schema, &options);
    assert!(code.contains("sent only by servers since 10.1: `None` from an older one (this client talks to servers from 10.0 on)"), "the docs say since when");
    let plain = rust::emit_file(&loaded.schema, &Options::default());
    assert!(!plain.contains("sent only by servers since"), "without a floor nothing changes");
    assert!(code.len() > plain.len());
}
