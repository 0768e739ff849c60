//! `qapi-gen compat --client OLD NEW`: what a server of OLD rejects and
//! never sends, for a client of NEW, with OLD a schema or a server's saved
//! `query-qmp-schema` reply (written by the test from the old schema, as
//! a server of it would answer); exit status 0 when the server has
//! everything, 1 when it lacks something, 2 when a side cannot be read.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn qapi_gen(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qapi-gen")).args(arguments).current_dir(workspace()).output().expect("run qapi-gen")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const OLD: &str = "tests/compat/member-added/old.yaml";
const NEW: &str = "tests/compat/member-added/new.yaml";

/// Saves the reply a server of OLD gives to `query-qmp-schema`, whole
/// (`{"return": [...]}`) or as the bare array.
fn saved_reply(dir: &Path, whole: bool) -> PathBuf {
    let loaded = qapi_gen_codegen::schema::load(&workspace().join(OLD)).expect("the old schema loads");
    let entries = qapi_gen_tests::introspection::reply(&loaded.schema);
    let (name, value) = if whole { ("reply.json", json!({"return": entries})) } else { ("array.json", entries) };
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(&value).expect("JSON")).expect("write the reply");
    path
}

/// The `(what, subject)` of every item of a JSON report.
fn items(report: &Value, list: &str) -> Vec<(String, String)> {
    report[list].as_array().map(|items| items.iter().map(|i| (i["what"].as_str().unwrap_or_default().to_owned(), i["subject"].as_str().unwrap_or_default().to_owned())).collect()).unwrap_or_default()
}

#[test]
fn a_schema_as_the_server_lists_what_it_lacks_and_exits_1() {
    let output = qapi_gen(&["compat", "--client", OLD, NEW]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    assert!(text.starts_with(&format!("support: server {OLD} (version 2.0), client {NEW} (version 2.1)\n")), "{text}");
    assert!(text.contains(&format!("\nrequests the server rejects (1 argument):\n  argument `query-status.filter` [member-added]\n    client: {NEW}:13:7\n")), "{text}");
    assert!(text.contains("\nreceived items the server never sends (3 members):\n  member `DEVICE_DELETED.device` [member-added]\n"), "{text}");

    let backwards = qapi_gen(&["compat", "--client", NEW, OLD]);
    assert_eq!(backwards.status.code(), Some(0), "an older client finds everything: {}", stdout(&backwards));
    assert!(stdout(&backwards).ends_with("the server has everything the client's schema has\n"));
}

#[test]
fn a_saved_introspection_reply_gives_the_same_answer() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let schema = qapi_gen(&["compat", "--client", "--format", "json", OLD, NEW]);
    let from_schema: Value = serde_json::from_slice(&schema.stdout).expect("one JSON document");
    assert_eq!(from_schema["complete"], false);
    assert_eq!(from_schema["counts"]["rejected"]["argument"], 1);
    assert_eq!(from_schema["counts"]["unsent"]["member"], 3);
    assert_eq!(from_schema["rejected"][0]["client"], json!({"file": NEW, "line": 13, "column": 7}));
    for whole in [true, false] {
        let reply = saved_reply(dir.path(), whole);
        let output = qapi_gen(&["compat", "--client", "--format", "json", reply.to_str().expect("UTF-8 path"), NEW]);
        assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
        let from_server: Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
        assert_eq!(from_server["server"]["version"], Value::Null, "introspection has no version");
        for list in ["rejected", "unsent"] {
            assert_eq!(items(&from_server, list), items(&from_schema, list), "{list}, whole reply: {whole}");
        }
        // The full report takes the reply as its old side too.
        let full = qapi_gen(&["compat", reply.to_str().expect("UTF-8 path"), NEW]);
        assert_eq!(full.status.code(), Some(0), "{}", stdout(&full));
    }
}

#[test]
fn a_broken_reply_is_shown_with_its_position_and_exits_2() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let reply = dir.path().join("broken.json");
    std::fs::write(&reply, "[\n  {\"name\": \"query-status\", \"meta-type\": \"command\", \"arg-type\": \"7\", \"ret-type\": \"0\"}\n]\n").expect("write");
    let output = qapi_gen(&["compat", "--client", reply.to_str().expect("UTF-8 path"), NEW]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.json:2:64: error: type `7` is used but not described"), "{stderr}");
    assert!(stderr.contains("broken.json:2:81: error: type `0` is used but not described"), "every problem is shown: {stderr}");
    assert!(stdout(&output).is_empty());
}

#[test]
fn help_describes_the_client_report_and_the_introspection_side() {
    let output = qapi_gen(&["compat", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for needle in ["--client", "rejects", "never sends", "query-qmp-schema"] {
        assert!(text.contains(needle), "`compat --help` lacks {needle:?}:\n{text}");
    }
}
