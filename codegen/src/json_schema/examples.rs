//! JSON Schema emitter: the schema's example messages, each placed under
//! the standard `examples` keyword of the `$defs` entry it validates against.

use qapi_gen_schema::model::{Definition, Subject};
use serde_json::{Map, Value};

use super::names;

/// Adds the examples of `definition` to `defs`. A type's examples are values
/// of the type; an event's are whole event messages. In a command's
/// exchanges a request goes to the `command:NAME` it executes, a reply to
/// the `command:NAME:reply` of the request before it (at first the
/// example's own command), and an event to its own `event:NAME`. Entries
/// that were left out (removed items) get none.
pub fn add(definition: &Definition, defs: &mut Map<String, Value>) {
    for example in &definition.examples {
        for message in &example.messages {
            let key = match &message.subject {
                Subject::Event(event) => names::event_key(event),
                Subject::NotAnEvent => continue,
                Subject::Request(command) => names::command_key(command),
                Subject::Reply(command) => names::reply_key(command),
                Subject::Value => names::type_key(&definition.name),
            };
            push(defs, &key, message.message.clone());
        }
    }
}

fn push(defs: &mut Map<String, Value>, key: &str, value: Value) {
    let Some(Value::Object(entry)) = defs.get_mut(key) else { return };
    if let Value::Array(list) = entry.entry("examples").or_insert_with(|| Value::Array(Vec::new())) {
        list.push(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SCHEMA: &str = r#"
definitions:
  - struct: Things
    data: {count: int}
  - command: query-things
    returns: Things
  - event: THING_GONE
  - command: remove-thing
    examples:
      - messages:
          - {direction: to-server, message: {"execute": "query-things"}}
          - {direction: from-server, message: {"return": {"count": 1}}}
          - {direction: to-server, message: {"execute": "remove-thing"}}
          - {direction: from-server, message: {"return": {}}}
          - {direction: from-server, message: {"event": "THING_GONE", "data": {}, "timestamp": {"seconds": 1, "microseconds": 2}}}
"#;

    #[test]
    fn replies_follow_the_request_before_them() {
        let loaded = qapi_gen_schema::load_text("things.yaml", SCHEMA).expect("valid schema");
        let definition = loaded.schema.definition("remove-thing").expect("defined");
        let subjects: Vec<&Subject> = definition.examples[0].messages.iter().map(|m| &m.subject).collect();
        let command = |name: &str| name.to_owned();
        assert_eq!(
            subjects,
            [
                &Subject::Request(command("query-things")),
                &Subject::Reply(command("query-things")),
                &Subject::Request(command("remove-thing")),
                &Subject::Reply(command("remove-thing")),
                &Subject::Event("THING_GONE".to_owned()),
            ]
        );
        let keys = ["command:query-things", "command:query-things:reply", "command:remove-thing", "command:remove-thing:reply", "event:THING_GONE"];
        let mut defs: Map<String, Value> = keys.iter().map(|k| ((*k).to_string(), json!({}))).collect();
        add(definition, &mut defs);
        assert_eq!(defs["command:query-things"]["examples"], json!([{"execute": "query-things"}]));
        assert_eq!(defs["command:query-things:reply"]["examples"], json!([{"return": {"count": 1}}]));
        assert_eq!(defs["command:remove-thing"]["examples"], json!([{"execute": "remove-thing"}]));
        assert_eq!(defs["command:remove-thing:reply"]["examples"], json!([{"return": {}}]));
        assert_eq!(defs["event:THING_GONE"]["examples"][0]["event"], json!("THING_GONE"));
    }
}
