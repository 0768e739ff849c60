//! JSON Schema emitter: QMP messages — event messages and their data,
//! command requests, arguments, return values and replies, and the fixed
//! pieces of the protocol (timestamp, error reply).

use qapi_gen_schema::model::{Builtin, Command, DefKind, Definition, Event, Type};
use serde_json::{Map, Value};

use super::Emitter;
use super::annotate::{with_description, with_info};
use super::names;
use super::types::{builtin, type_schema};

/// `{"const": value}`.
fn constant(value: &str) -> Value {
    let mut map = Map::new();
    map.insert("const".into(), Value::String(value.into()));
    Value::Object(map)
}

fn strings(items: &[&str]) -> Value {
    Value::Array(items.iter().map(|s| Value::String((*s).into())).collect())
}

/// The QMP `id`: any JSON value, echoed in the reply.
fn id() -> Value {
    Value::Object(with_description(Some("Any JSON value; the server echoes it in the reply."), Map::new()))
}

impl Emitter<'_> {
    /// `event:NAME` and `event:NAME:data`.
    pub fn event(&self, definition: &Definition, event: &Event, defs: &mut Map<String, Value>) {
        let name = &definition.name;
        let mut properties = Map::new();
        properties.insert("event".into(), constant(name));
        properties.insert("data".into(), Value::Object(names::reference(&names::event_data_key(name))));
        properties.insert("timestamp".into(), Value::Object(names::reference(names::TIMESTAMP)));
        let mut required = vec!["event"];
        if self.data_required(event.data_type.as_deref(), &event.members) {
            required.push("data");
        }
        required.push("timestamp");
        let mut body = Map::new();
        body.insert("type".into(), Value::String("object".into()));
        body.insert("properties".into(), Value::Object(properties));
        body.insert("required".into(), strings(&required));
        self.close(&mut body);
        defs.insert(names::event_key(name), Value::Object(with_info(&definition.info, body)));

        let data = match &event.data_type {
            Some(ty) => names::reference(&names::type_key(ty)),
            None => self.object(&event.members),
        };
        let text = format!("The `data` of event `{name}`.");
        defs.insert(names::event_data_key(name), Value::Object(with_description(Some(&text), data)));
    }

    /// `command:NAME`, `…:arguments`, and unless the command sends no
    /// reply, `…:returns` and `…:reply`.
    pub fn command(&self, definition: &Definition, command: &Command, defs: &mut Map<String, Value>) {
        let name = &definition.name;
        let mut properties = Map::new();
        properties.insert("execute".into(), constant(name));
        if command.allow_oob {
            properties.insert("exec-oob".into(), constant(name));
        }
        properties.insert("arguments".into(), Value::Object(names::reference(&names::arguments_key(name))));
        properties.insert("id".into(), id());
        let mut body = Map::new();
        body.insert("type".into(), Value::String("object".into()));
        body.insert("properties".into(), Value::Object(properties));
        let arguments_required = self.data_required(command.data_type.as_deref(), &command.arguments);
        if command.allow_oob {
            let either = ["execute", "exec-oob"].map(|key| {
                let mut branch = Map::new();
                branch.insert("required".into(), strings(&[key]));
                Value::Object(branch)
            });
            body.insert("oneOf".into(), Value::Array(either.to_vec()));
            if arguments_required {
                body.insert("required".into(), strings(&["arguments"]));
            }
        } else if arguments_required {
            body.insert("required".into(), strings(&["execute", "arguments"]));
        } else {
            body.insert("required".into(), strings(&["execute"]));
        }
        self.close(&mut body);
        if !command.success_response {
            body.insert("x-success-response".into(), Value::Bool(false));
        }
        if command.allow_oob {
            body.insert("x-allow-oob".into(), Value::Bool(true));
        }
        if command.allow_preconfig {
            body.insert("x-allow-preconfig".into(), Value::Bool(true));
        }
        defs.insert(names::command_key(name), Value::Object(with_info(&definition.info, body)));

        let mut arguments = match &command.data_type {
            Some(ty) => names::reference(&names::type_key(ty)),
            None => self.object(&command.arguments),
        };
        if !command.generate {
            // QAPI's `gen: false`: the command takes arguments the schema
            // does not list (`device_add` takes the device's properties).
            arguments.remove("unevaluatedProperties");
        }
        let text = format!("The `arguments` of command `{name}`.");
        defs.insert(names::arguments_key(name), Value::Object(with_description(Some(&text), arguments)));
        if !command.success_response {
            return;
        }

        let returns = match &command.returns {
            Some(ty) => type_schema(ty),
            None => self.object(&[]),
        };
        let text = format!("The value of `return` in a success reply to `{name}`.");
        defs.insert(names::returns_key(name), Value::Object(with_description(Some(&text), returns)));

        let mut properties = Map::new();
        properties.insert("return".into(), Value::Object(names::reference(&names::returns_key(name))));
        properties.insert("id".into(), id());
        let mut success = Map::new();
        success.insert("title".into(), Value::String("success".into()));
        success.insert("type".into(), Value::String("object".into()));
        success.insert("properties".into(), Value::Object(properties));
        success.insert("required".into(), strings(&["return"]));
        self.close(&mut success);
        let mut error = Map::new();
        error.insert("title".into(), Value::String("error".into()));
        error.extend(names::reference(names::ERROR_REPLY));
        let mut reply = Map::new();
        reply.insert("oneOf".into(), Value::Array(vec![Value::Object(success), Value::Object(error)]));
        let text = format!("A reply to `{name}`: success or error.");
        defs.insert(names::reply_key(name), Value::Object(with_description(Some(&text), reply)));
    }

    /// Whether a message must carry `data`/`arguments`: when a member is
    /// required, or the payload is a union or alternate (never empty).
    fn data_required(&self, data_type: Option<&str>, members: &[qapi_gen_schema::model::Member]) -> bool {
        let whole_value = data_type.and_then(|t| self.schema.definition(t)).is_some_and(|d| matches!(d.kind, DefKind::Union(_) | DefKind::Alternate(_)));
        whole_value || members.iter().any(|m| !m.optional && self.keep(&m.info))
    }

    /// `qmp:timestamp` and `qmp:error`.
    pub fn protocol(&self, defs: &mut Map<String, Value>) {
        let bounded = |minimum: i64, maximum: i64, text: &str| {
            let mut map = builtin(Builtin::Int);
            map.insert("minimum".into(), Value::from(minimum));
            map.insert("maximum".into(), Value::from(maximum));
            Value::Object(with_description(Some(text), map))
        };
        let mut properties = Map::new();
        properties.insert("seconds".into(), bounded(-1, i64::MAX, "Seconds since the Unix epoch; -1 when the host has no time."));
        properties.insert("microseconds".into(), bounded(-1, 999_999, "Microseconds within the second; -1 when the host has no time."));
        let mut timestamp = Map::new();
        timestamp.insert("type".into(), Value::String("object".into()));
        timestamp.insert("properties".into(), Value::Object(properties));
        timestamp.insert("required".into(), strings(&["seconds", "microseconds"]));
        self.close(&mut timestamp);
        defs.insert(names::TIMESTAMP.into(), Value::Object(with_description(Some("When the server emitted an event."), timestamp)));

        let text_member = |text: &str| Value::Object(with_description(Some(text), type_schema(&Type::Builtin(Builtin::Str))));
        let mut fields = Map::new();
        fields.insert("class".into(), text_member("The error class, e.g. `GenericError`."));
        fields.insert("desc".into(), text_member("A human-readable description; do not parse it."));
        let mut error = Map::new();
        error.insert("type".into(), Value::String("object".into()));
        error.insert("properties".into(), Value::Object(fields));
        error.insert("required".into(), strings(&["class", "desc"]));
        self.close(&mut error);
        let mut properties = Map::new();
        properties.insert("error".into(), Value::Object(error));
        properties.insert("id".into(), id());
        let mut reply = Map::new();
        reply.insert("type".into(), Value::String("object".into()));
        reply.insert("properties".into(), Value::Object(properties));
        reply.insert("required".into(), strings(&["error"]));
        self.close(&mut reply);
        defs.insert(names::ERROR_REPLY.into(), Value::Object(with_description(Some("An error reply to any command."), reply)));
    }
}
