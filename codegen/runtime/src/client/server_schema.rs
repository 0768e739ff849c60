//! What the connected server supports, read from its `query-qmp-schema`
//! reply (QEMU's introspection): which commands and events it has, which
//! arguments and values it accepts, which members it sends. Introspection
//! names types by opaque numbers, so everything is found by following the
//! structure from a command or an event, never by a type's name.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::Command;

/// The introspection of one server: answers, per command, event, argument,
/// member and value, whether the server has it.
///
/// A path names members one level at a time, separated by dots
/// (`"file.filename"`); arrays are crossed without a step, and a union's
/// member is found in its base or any branch, an alternate's in any
/// object branch.
#[derive(Clone, Debug)]
pub struct ServerSchema {
    entries: BTreeMap<String, Entry>,
}

/// One `SchemaInfo` entry, with what is compared; other keys (newer
/// servers may add some) are ignored.
#[derive(Clone, Debug, Deserialize)]
struct Entry {
    #[serde(rename = "meta-type")]
    meta: String,
    #[serde(rename = "arg-type", default)]
    arg_type: Option<String>,
    #[serde(rename = "ret-type", default)]
    ret_type: Option<String>,
    #[serde(rename = "element-type", default)]
    element_type: Option<String>,
    #[serde(default)]
    members: Vec<MemberInfo>,
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    variants: Vec<VariantInfo>,
}

/// A member of an object (`name`, `type`) or a branch of an alternate (`type`).
#[derive(Clone, Debug, Deserialize)]
struct MemberInfo {
    #[serde(default)]
    name: Option<String>,
    #[serde(rename = "type", default)]
    ty: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
struct VariantInfo {
    #[serde(rename = "type")]
    ty: String,
}

#[derive(Deserialize)]
struct Named {
    name: String,
    #[serde(flatten)]
    entry: Entry,
}

/// Crossing arrays and alternates reaches a type again in a recursive
/// schema; no real path is longer than this many steps.
const MAX_STEPS: usize = 64;

impl ServerSchema {
    /// Reads a `query-qmp-schema` reply: the `return` value (an array of
    /// `SchemaInfo`), or the whole `{"return": [...]}` response.
    ///
    /// # Errors
    /// When `reply` is neither, or an entry lacks `name` or `meta-type`.
    pub fn from_reply(reply: &Value) -> Result<ServerSchema, serde_json::Error> {
        let list = reply.as_object().and_then(|response| response.get("return")).unwrap_or(reply);
        let named = Vec::<Named>::deserialize(list)?;
        Ok(ServerSchema { entries: named.into_iter().map(|n| (n.name, n.entry)).collect() })
    }

    /// Whether the server has the command called `name`.
    #[must_use]
    pub fn supports_command(&self, name: &str) -> bool {
        self.root(name, "command").is_some()
    }

    /// Whether the server has command `C` (by its wire name).
    #[must_use]
    pub fn supports<C: Command>(&self) -> bool {
        self.supports_command(C::NAME)
    }

    /// Whether `command` takes the argument at `path` (`"id"`,
    /// `"file.filename"`): false when the command is missing.
    #[must_use]
    pub fn supports_argument(&self, command: &str, path: &str) -> bool {
        self.root(command, "command").and_then(|c| c.arg_type.as_deref()).is_some_and(|ty| !self.find(ty, path).is_empty())
    }

    /// Whether `command` accepts `value` at the argument `path`: an enum
    /// value the server knows, or any string where it takes a string (or
    /// any value).
    #[must_use]
    pub fn accepts_value(&self, command: &str, path: &str, value: &str) -> bool {
        self.root(command, "command").and_then(|c| c.arg_type.as_deref()).is_some_and(|ty| self.find(ty, path).iter().any(|t| self.holds(t, value, 0)))
    }

    /// Whether the server has the event called `name`.
    #[must_use]
    pub fn emits_event(&self, name: &str) -> bool {
        self.root(name, "event").is_some()
    }

    /// Whether the server sends the member at `path` in the return value
    /// of a command, or in the data of an event, called `name`.
    #[must_use]
    pub fn sends_member(&self, name: &str, path: &str) -> bool {
        self.received(name).is_some_and(|ty| !self.find(ty, path).is_empty())
    }

    /// Whether the server may send `value` (an enum value) at `path` of the
    /// return value of a command, or the data of an event, called `name`.
    #[must_use]
    pub fn sends_value(&self, name: &str, path: &str, value: &str) -> bool {
        self.received(name).is_some_and(|ty| self.find(ty, path).iter().any(|t| self.holds(t, value, 0)))
    }

    /// The names of the server's commands, sorted.
    pub fn commands(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().filter(|(_, e)| e.meta == "command").map(|(name, _)| name.as_str())
    }

    /// The names of the server's events, sorted.
    pub fn events(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().filter(|(_, e)| e.meta == "event").map(|(name, _)| name.as_str())
    }

    fn root(&self, name: &str, meta: &str) -> Option<&Entry> {
        self.entries.get(name).filter(|e| e.meta == meta)
    }

    /// The type a command returns or an event carries.
    fn received(&self, name: &str) -> Option<&str> {
        let entry = self.entries.get(name)?;
        match entry.meta.as_str() {
            "command" => entry.ret_type.as_deref(),
            "event" => entry.arg_type.as_deref(),
            _ => None,
        }
    }

    /// The types of the members at `path` from type `ty` (several when
    /// union branches or alternate branches each have one); an empty path
    /// is `ty` itself.
    fn find<'s>(&'s self, ty: &'s str, path: &str) -> Vec<&'s str> {
        let mut types = vec![ty];
        for step in path.split('.').filter(|s| !s.is_empty()) {
            types = types.iter().flat_map(|t| self.objects(t, 0)).flat_map(|object| self.member(object, step)).collect();
            if types.is_empty() {
                break;
            }
        }
        types
    }

    /// The objects `ty` stands for: itself, an array's elements', an alternate's object branches.
    fn objects<'s>(&'s self, ty: &str, depth: usize) -> Vec<&'s Entry> {
        let Some(entry) = self.entries.get(ty).filter(|_| depth < MAX_STEPS) else { return Vec::new() };
        match entry.meta.as_str() {
            "object" => vec![entry],
            "array" => entry.element_type.as_deref().map(|t| self.objects(t, depth + 1)).unwrap_or_default(),
            "alternate" => entry.members.iter().filter_map(|m| m.ty.as_deref()).flat_map(|t| self.objects(t, depth + 1)).collect(),
            _ => Vec::new(),
        }
    }

    /// The type of member `name` of an object: in its members, or in any
    /// branch of a union.
    fn member<'s>(&'s self, object: &'s Entry, name: &str) -> Vec<&'s str> {
        let own = object.members.iter().filter(|m| m.name.as_deref() == Some(name)).filter_map(|m| m.ty.as_deref());
        let branches = object.variants.iter().flat_map(|v| self.entries.get(&v.ty)).flat_map(|branch| self.member(branch, name));
        let mut found: Vec<&str> = own.chain(branches).collect();
        found.dedup();
        found
    }

    /// Whether values of `ty` include the string `value`.
    fn holds(&self, ty: &str, value: &str, depth: usize) -> bool {
        let Some(entry) = self.entries.get(ty).filter(|_| depth < MAX_STEPS) else { return false };
        match entry.meta.as_str() {
            "enum" => entry.values.iter().any(|v| v == value),
            // Strings take any value; so does `any`.
            "builtin" => ty == "str" || ty == "any",
            "array" => entry.element_type.as_deref().is_some_and(|t| self.holds(t, value, depth + 1)),
            "alternate" => entry.members.iter().filter_map(|m| m.ty.as_deref()).any(|t| self.holds(t, value, depth + 1)),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::ServerSchema;

    fn schema() -> ServerSchema {
        let reply = json!({"return": [
            {"name": "blockdev-add", "meta-type": "command", "arg-type": "1", "ret-type": "0"},
            {"name": "query-block", "meta-type": "command", "arg-type": "0", "ret-type": "[2]"},
            {"name": "STOP", "meta-type": "event", "features": ["deprecated"]},
            {"name": "0", "meta-type": "object", "members": []},
            {"name": "1", "meta-type": "object", "members": [{"name": "driver", "type": "3"}, {"name": "node-name", "default": null, "type": "str"}],
             "tag": "driver", "variants": [{"case": "file", "type": "4"}, {"case": "null-co", "type": "0"}]},
            {"name": "[2]", "meta-type": "array", "element-type": "2"},
            {"name": "2", "meta-type": "object", "members": [{"name": "inserted", "default": null, "type": "5"}], "future-key": true},
            {"name": "3", "meta-type": "enum", "values": ["file", "null-co"]},
            {"name": "4", "meta-type": "object", "members": [{"name": "filename", "type": "str"}, {"name": "locking", "default": null, "type": "6"}]},
            {"name": "5", "meta-type": "alternate", "members": [{"type": "str"}, {"type": "4"}]},
            {"name": "6", "meta-type": "enum", "values": ["auto", "on", "off"]},
            {"name": "str", "meta-type": "builtin", "json-type": "string"}
        ]});
        ServerSchema::from_reply(&reply).unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn commands_and_events() {
        let schema = schema();
        assert!(schema.supports_command("blockdev-add") && schema.supports_command("query-block"));
        assert!(!schema.supports_command("blockdev-reopen") && !schema.supports_command("STOP"));
        assert!(schema.emits_event("STOP") && !schema.emits_event("query-block"));
        assert_eq!(schema.commands().collect::<Vec<_>>(), ["blockdev-add", "query-block"]);
        assert_eq!(schema.events().collect::<Vec<_>>(), ["STOP"]);
    }

    #[test]
    fn arguments_and_values_through_union_branches() {
        let schema = schema();
        for path in ["driver", "node-name", "filename", "locking"] {
            assert!(schema.supports_argument("blockdev-add", path), "{path}");
        }
        assert!(!schema.supports_argument("blockdev-add", "cache") && !schema.supports_argument("no-such-command", "driver"));
        assert!(schema.accepts_value("blockdev-add", "driver", "null-co") && !schema.accepts_value("blockdev-add", "driver", "nbd"));
        assert!(schema.accepts_value("blockdev-add", "locking", "auto") && !schema.accepts_value("blockdev-add", "locking", "maybe"));
        assert!(schema.accepts_value("blockdev-add", "filename", "anything: a string"));
    }

    #[test]
    fn received_members_through_arrays_and_alternates() {
        let schema = schema();
        assert!(schema.sends_member("query-block", "inserted") && schema.sends_member("query-block", "inserted.filename"));
        assert!(!schema.sends_member("query-block", "inserted.detect-zeroes") && !schema.sends_member("STOP", "reason"));
        assert!(schema.sends_value("query-block", "inserted.locking", "off") && !schema.sends_value("query-block", "inserted.locking", "maybe"));
        assert!(!schema.sends_member("blockdev-add", "driver"), "a command's arguments are not what it sends");
    }

    #[test]
    fn the_bare_array_reads_like_the_response_and_broken_replies_are_errors() {
        let bare = json!([{"name": "quit", "meta-type": "command", "arg-type": "0", "ret-type": "0"}]);
        assert!(ServerSchema::from_reply(&bare).is_ok_and(|s| s.supports_command("quit")));
        assert!(ServerSchema::from_reply(&json!({"error": {"class": "GenericError", "desc": "no"}})).is_err());
        assert!(ServerSchema::from_reply(&json!([{"name": "quit"}])).is_err());
    }
}
