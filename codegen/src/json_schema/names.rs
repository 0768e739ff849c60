//! JSON Schema emitter: the `$defs` naming scheme and `$ref` construction.
//!
//! Named types keep their schema name (`DeviceKind`); everything else has a
//! `kind:name[:part]` key. Schema names never contain `:`, so the two sets
//! cannot clash.

use std::fmt::Write as _;

use serde_json::{Map, Value};

/// The fixed QMP timestamp object of every event.
pub const TIMESTAMP: &str = "qmp:timestamp";
/// The error reply every command may get.
pub const ERROR_REPLY: &str = "qmp:error";

/// The key of a named type (enum, struct, union, alternate).
#[must_use]
pub fn type_key(name: &str) -> String {
    name.to_string()
}

/// The key of an event message (`{"event", "data", "timestamp"}`).
#[must_use]
pub fn event_key(name: &str) -> String {
    format!("event:{name}")
}

/// The key of an event's `data` object.
#[must_use]
pub fn event_data_key(name: &str) -> String {
    format!("event:{name}:data")
}

/// The key of a command request (`{"execute", "arguments", "id"}`).
#[must_use]
pub fn command_key(name: &str) -> String {
    format!("command:{name}")
}

/// The key of a command's `arguments` object.
#[must_use]
pub fn arguments_key(name: &str) -> String {
    format!("command:{name}:arguments")
}

/// The key of the value of `return` in a command's success reply.
#[must_use]
pub fn returns_key(name: &str) -> String {
    format!("command:{name}:returns")
}

/// The key of a command's reply message (success or error).
#[must_use]
pub fn reply_key(name: &str) -> String {
    format!("command:{name}:reply")
}

/// `{"$ref": "#/$defs/<key>"}`.
#[must_use]
pub fn reference(key: &str) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("$ref".into(), Value::String(format!("#/$defs/{}", fragment(key))));
    map
}

/// A `$defs` key as a JSON Pointer token inside a URI fragment: `~` and `/`
/// escaped as JSON Pointer says, then every byte that a fragment cannot hold
/// percent-encoded.
#[must_use]
pub fn fragment(key: &str) -> String {
    let token = key.replace('~', "~0").replace('/', "~1");
    let mut out = String::with_capacity(token.len());
    for byte in token.bytes() {
        let allowed = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte);
        if allowed {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_clash_with_type_names() {
        assert_eq!(event_key("DEVICE_DELETED"), "event:DEVICE_DELETED");
        assert_eq!(arguments_key("device_del"), "command:device_del:arguments");
        assert_eq!(type_key("DeviceKind"), "DeviceKind");
    }

    #[test]
    fn fragments_escape_pointer_and_uri_characters() {
        assert_eq!(fragment("event:X:data"), "event:X:data");
        assert_eq!(fragment("__com.redhat_drive-mirror"), "__com.redhat_drive-mirror");
        assert_eq!(fragment("a/b~c d"), "a~1b~0c%20d");
        assert_eq!(reference("Foo")["$ref"], "#/$defs/Foo");
    }
}
