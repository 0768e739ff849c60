//! JSON Schema emitter: the schema's example messages, each placed under
//! the standard `examples` keyword of the `$defs` entry it validates against.

use qapi_gen_schema::model::{DefKind, Definition, Direction};
use serde_json::{Map, Value};

use super::names;

/// Adds the examples of `definition` to `defs`. A type's examples are values
/// of the type; an event's are whole event messages. In a command's
/// exchanges a request goes to the `command:NAME` it executes, a reply to
/// the `command:NAME:reply` of the request before it (at first the
/// example's own command), and an event to its own `event:NAME`. Entries
/// that were left out (removed items) get none.
pub fn add(definition: &Definition, defs: &mut Map<String, Value>) {
    // An imported example the checker only warned about would not validate.
    for example in definition.examples.iter().filter(|e| e.valid) {
        let mut current = definition.name.as_str();
        for message in &example.messages {
            let value = &message.message;
            let event = value.get("event").and_then(Value::as_str);
            let key = match (&definition.kind, event) {
                (DefKind::Event(_) | DefKind::Command(_), Some(event)) => names::event_key(event),
                (DefKind::Event(_), None) => continue,
                (DefKind::Command(_), None) => match message.direction {
                    Direction::ToServer => {
                        current = executed(value).unwrap_or(current);
                        names::command_key(current)
                    }
                    Direction::FromServer => names::reply_key(current),
                },
                _ => names::type_key(&definition.name),
            };
            push(defs, &key, value.clone());
        }
    }
}

/// The command a request executes (`execute`, or `exec-oob`).
fn executed(request: &Value) -> Option<&str> {
    request.get("execute").or_else(|| request.get("exec-oob")).and_then(Value::as_str)
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
    use qapi_gen_schema::Span;
    use qapi_gen_schema::model::{Command, Example, ExampleMessage, Info, Usage};
    use serde_json::json;

    fn message(direction: Direction, message: Value) -> ExampleMessage {
        ExampleMessage { direction, message, span: Span::default() }
    }

    #[test]
    fn replies_follow_the_request_before_them() {
        let command = Command {
            data_type: None,
            arguments: Vec::new(),
            boxed: false,
            returns: None,
            success_response: true,
            allow_oob: false,
            allow_preconfig: false,
            coroutine: false,
            generate: true,
        };
        let exchange = vec![
            message(Direction::ToServer, json!({"execute": "query-things"})),
            message(Direction::FromServer, json!({"return": [1]})),
            message(Direction::ToServer, json!({"execute": "remove-thing"})),
            message(Direction::FromServer, json!({"return": {}})),
            message(Direction::FromServer, json!({"event": "THING_GONE"})),
        ];
        let definition = Definition {
            name: "remove-thing".into(),
            span: Span::default(),
            module: "m".into(),
            info: Info::default(),
            examples: vec![Example { doc: None, messages: exchange, span: Span::default(), valid: true }],
            usage: Usage::default(),
            implicit: false,
            kind: DefKind::Command(command),
        };
        let keys = ["command:query-things", "command:query-things:reply", "command:remove-thing", "command:remove-thing:reply", "event:THING_GONE"];
        let mut defs: Map<String, Value> = keys.iter().map(|k| ((*k).to_string(), json!({}))).collect();
        add(&definition, &mut defs);
        assert_eq!(defs["command:query-things"]["examples"], json!([{"execute": "query-things"}]));
        assert_eq!(defs["command:query-things:reply"]["examples"], json!([{"return": [1]}]));
        assert_eq!(defs["command:remove-thing"]["examples"], json!([{"execute": "remove-thing"}]));
        assert_eq!(defs["command:remove-thing:reply"]["examples"], json!([{"return": {}}]));
        assert_eq!(defs["event:THING_GONE"]["examples"], json!([{"event": "THING_GONE"}]));
    }
}
