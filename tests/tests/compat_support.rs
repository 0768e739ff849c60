//! The client's view of a comparison (`compat::support`): what a server of
//! the old schema rejects and never sends, for a client of the new one.
//! A server's introspection (written here from the old schema as QEMU
//! would, `qapi_gen_tests::introspection`) must give the same answer as
//! the old schema itself, for every `tests/compat/<case>/` and for QEMU
//! 9.0 against 9.1.

use qapi_gen_schema::compat::{self, Support, What};
use qapi_gen_schema::{Loaded, Schema};
use qapi_gen_tests::{corpus_dir, introspection, tests_dir};

/// Every item of a report, as `rejected|unsent what subject`.
fn items(support: &Support) -> Vec<String> {
    let rejected = support.rejected.iter().map(|m| format!("rejected {} {}", m.what.name(), m.subject));
    let unsent = support.unsent.iter().map(|m| format!("unsent {} {}", m.what.name(), m.subject));
    rejected.chain(unsent).collect()
}

/// The model of the reply a server of `schema` gives to `query-qmp-schema`.
fn served(schema: &Schema) -> Loaded {
    let text = serde_json::to_string_pretty(&serde_json::json!({"return": introspection::reply(schema)})).unwrap_or_default();
    compat::introspection::read_text("reply.json", &text).unwrap_or_else(|failure| panic!("the written reply does not read back:\n{}", failure.render_short()))
}

fn load(path: &std::path::Path) -> Loaded {
    qapi_gen_schema::load(path).unwrap_or_else(|failure| panic!("{} does not load:\n{}", path.display(), failure.render_short()))
}

#[test]
fn a_newer_client_learns_what_the_server_lacks() {
    let case = tests_dir("compat/member-added");
    let (old, new) = (load(&case.join("old.yaml")), load(&case.join("new.yaml")));
    let support = compat::support(&old.schema, &new.schema);
    assert_eq!(
        items(&support),
        ["rejected argument query-status.filter", "unsent member DEVICE_DELETED.device", "unsent member DEVICE_DELETED.reason", "unsent member Status.singlestep"]
    );
    assert!(!support.is_complete());
    assert_eq!((Support::count(&support.rejected, What::Argument), Support::count(&support.unsent, What::Member)), (1, 3));
    let text = support.render_text(&old.sources, &new.sources);
    assert!(text.contains("\nrequests the server rejects (1 argument):\n  argument `query-status.filter` [member-added]\n    client: "), "{text}");
    assert!(text.contains("\nreceived items the server never sends (3 members):\n"), "{text}");

    // An older client finds everything: the new server only has more.
    let backwards = compat::support(&new.schema, &old.schema);
    assert!(backwards.is_complete(), "{:?}", items(&backwards));
    assert!(backwards.render_text(&new.sources, &old.sources).ends_with("the server has everything the client's schema has\n"));
}

#[test]
fn introspection_and_schema_agree_on_every_case() {
    let root = tests_dir("compat");
    let mut cases: Vec<_> = std::fs::read_dir(&root).map(|e| e.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect()).unwrap_or_default();
    cases.sort();
    assert!(cases.len() >= 25, "expected the compat cases under {}", root.display());
    let mut mismatches = Vec::new();
    let mut found = 0;
    for case in &cases {
        let (old, new) = (load(&case.join("old.yaml")), load(&case.join("new.yaml")));
        let from_schema = items(&compat::support(&old.schema, &new.schema));
        let from_server = items(&compat::support(&served(&old.schema).schema, &new.schema));
        found += from_schema.len();
        if from_schema != from_server {
            mismatches.push(format!("{}:\n  schema: {from_schema:?}\n  server: {from_server:?}", case.display()));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert!(found >= 20, "the cases show only {found} missing items");
}

#[test]
fn introspection_and_schema_agree_on_qemu_9_0_to_9_1() {
    if qapi_gen_tests::corpus_missing("compat_support::introspection_and_schema_agree_on_qemu_9_0_to_9_1") {
        return;
    }
    let load_release = |release: &str| load(&corpus_dir().join(format!("qemu-qapi-{release}/qapi-schema.json")));
    let (old, new) = (load_release("9.0"), load_release("9.1"));
    let from_schema = compat::support(&old.schema, &new.schema);
    let from_server = compat::support(&served(&old.schema).schema, &new.schema);
    assert_eq!(items(&from_schema), items(&from_server));
    let commands = Support::count(&from_schema.rejected, What::Command);
    let old_commands: Vec<&str> = old.schema.commands().map(|(d, _)| d.name.as_str()).collect();
    let added: Vec<&str> = new.schema.commands().map(|(d, _)| d.name.as_str()).filter(|n| !old_commands.contains(n)).collect();
    assert_eq!(commands, added.len(), "{added:?}");
    println!(
        "QEMU 9.0 server, 9.1 client: {commands} commands, {} arguments, {} values rejected; {} events, {} members not sent",
        Support::count(&from_schema.rejected, What::Argument),
        Support::count(&from_schema.rejected, What::Value),
        Support::count(&from_schema.unsent, What::Event),
        Support::count(&from_schema.unsent, What::Member)
    );
}
