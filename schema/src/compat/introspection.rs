//! A live server's `query-qmp-schema` reply (QEMU's introspection,
//! `SchemaInfo`), saved as JSON, read into the wire-shape model the
//! comparison walks: commands and events by their wire names, the types
//! they reach under QEMU's masked names (`"123"`), arrays and built-ins
//! as type references. Every node keeps its span in the JSON file.
//!
//! Introspection knows less than a schema: integers are all `int`, there
//! are no docs, versions or conditions (the server was built with some),
//! and the `deprecated` feature has no version. The walk compares by
//! structure reached from commands and events, so the masked names never
//! matter.

use std::collections::HashMap;
use std::path::Path;

use crate::diag::Diagnostics;
use crate::load::{self, MAX_DEPTH, Node, Value};
use crate::model::{
    Alternate, AlternateBranch, Builtin, Command, DefKind, Definition, Deprecation, Enum, EnumValue, Event, Feature, Info, Item, Module, Origin, Policy,
    Pragma, Schema, Status, Struct, Type, Union, Usage, Variant,
};
use crate::source::SourceMap;
use crate::{Failure, FailureKind, Loaded, includes};

/// The module name the model of a server's introspection gets.
pub const MODULE: &str = "query-qmp-schema";

/// Whether `text` is a saved `query-qmp-schema` reply rather than a schema:
/// strict JSON that is an array, or an object whose first key is `"return"`
/// (QAPI schema files use single quotes and start with an expression or a
/// comment).
#[must_use]
pub fn recognises(text: &str) -> bool {
    let rest = text.trim_start();
    rest.starts_with('[') || rest.strip_prefix('{').is_some_and(|inner| inner.trim_start().starts_with("\"return\""))
}

/// Reads the introspection saved at `path`.
///
/// # Errors
/// A [`Failure`]: `Unreadable` when the file cannot be read, `Invalid`
/// with every problem found when it is not a `query-qmp-schema` reply.
pub fn read(path: &Path) -> Result<Loaded, Failure> {
    match includes::read_standalone(path) {
        Ok((canonical, text)) => read_from(path, canonical, text),
        Err(unreadable) => {
            let mut cx = Diagnostics::new();
            cx.error_without_span(unreadable.message);
            Err(Failure { sources: SourceMap::new(), diagnostics: cx, kind: FailureKind::Unreadable })
        }
    }
}

/// Reads an introspection held in memory; `name` is shown in diagnostics.
///
/// # Errors
/// A [`Failure`] with every problem found.
pub fn read_text(name: &str, text: &str) -> Result<Loaded, Failure> {
    read_from(Path::new(name), Path::new(name).to_path_buf(), text.to_string())
}

fn read_from(path: &Path, canonical: std::path::PathBuf, text: String) -> Result<Loaded, Failure> {
    let mut cx = Diagnostics::new();
    let mut sources = SourceMap::new();
    let file = sources.add(path.to_path_buf(), canonical, text);
    let root = load::parse(&mut cx, file, &sources.file(file).text);
    let schema = root.and_then(|root| entries(&mut cx, &root).map(|entries| Reader::new(&mut cx, entries).schema(&mut cx, &sources, file)));
    match schema {
        Some(schema) if !cx.has_errors() => Ok(Loaded { schema, sources, warnings: cx }),
        _ => Err(Failure { sources, diagnostics: cx, kind: FailureKind::Invalid }),
    }
}

/// The `SchemaInfo` entries: the bare array, or the `return` of a reply.
fn entries<'n>(cx: &mut Diagnostics, root: &'n Node) -> Option<&'n [Node]> {
    let list = match &root.value {
        Value::Map(_) => get(root, "return"),
        _ => Some(root),
    };
    match list.map(|node| &node.value) {
        Some(Value::Seq(items)) => Some(items),
        _ => {
            cx.error(root.span, "expected the `query-qmp-schema` reply: an array of `SchemaInfo` objects, or `{\"return\": [...]}`");
            None
        }
    }
}

/// The value of `key` in a mapping node.
fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.value {
        Value::Map(entries) => entries.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v),
        _ => None,
    }
}

/// The items of the sequence at `key` (none when absent).
fn list<'n>(node: &'n Node, key: &str) -> &'n [Node] {
    match get(node, key).map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// One entry, by name.
struct Entry<'n> {
    node: &'n Node,
    name: &'n Node,
    meta: &'n str,
}

/// Turns the entries into definitions, recording every problem.
struct Reader<'n> {
    entries: Vec<Entry<'n>>,
    by_name: HashMap<&'n str, usize>,
}

impl<'n> Reader<'n> {
    fn new(cx: &mut Diagnostics, nodes: &'n [Node]) -> Self {
        let mut reader = Reader { entries: Vec::new(), by_name: HashMap::new() };
        for node in nodes {
            let (Some(name), Some(meta)) = (get(node, "name").filter(|n| n.as_str().is_some()), get(node, "meta-type").and_then(Node::as_str)) else {
                cx.error(node.span, "a `SchemaInfo` entry needs a string `name` and `meta-type`");
                continue;
            };
            let text = name.as_str().unwrap_or_default();
            if let Some(&first) = reader.by_name.get(text) {
                let line = reader.entries[first].name.span.start.line;
                cx.error(name.span, format!("`{text}` is described twice (first at line {line})"));
                continue;
            }
            reader.by_name.insert(text, reader.entries.len());
            reader.entries.push(Entry { node, name, meta });
        }
        reader
    }

    fn schema(&self, cx: &mut Diagnostics, sources: &SourceMap, file: crate::source::FileId) -> Schema {
        let mut definitions = Vec::new();
        for entry in &self.entries {
            let kind = match entry.meta {
                "command" => {
                    let arg_type = get(entry.node, "arg-type");
                    // Union arguments are named, as the model has them (`boxed`).
                    let union = arg_type.filter(|arg| self.entry(cx, arg).is_some_and(|e| get(e.node, "tag").is_some()));
                    let arguments = match (arg_type, union) {
                        (Some(arg), None) => self.object_members(cx, arg),
                        _ => Vec::new(),
                    };
                    let returns = get(entry.node, "ret-type").map(|ret| self.type_ref(cx, ret, 0));
                    DefKind::Command(Command {
                        data_type: union.and_then(Node::as_str).map(str::to_string),
                        arguments,
                        boxed: Command::DEFAULT_BOXED,
                        returns,
                        success_response: Command::DEFAULT_SUCCESS_RESPONSE,
                        allow_oob: get(entry.node, "allow-oob").is_some_and(|n| n.value == Value::Bool(true)),
                        allow_preconfig: Command::DEFAULT_ALLOW_PRECONFIG,
                        coroutine: Command::DEFAULT_COROUTINE,
                        generate: Command::DEFAULT_GENERATE,
                    })
                }
                "event" => {
                    let members = get(entry.node, "arg-type").map_or_else(Vec::new, |arg| self.object_members(cx, arg));
                    DefKind::Event(Event { data_type: None, members, boxed: Event::DEFAULT_BOXED })
                }
                "object" => self.object(cx, entry.node),
                "enum" => DefKind::Enum(Enum { values: values(entry.node), prefix: None }),
                "alternate" => DefKind::Alternate(Alternate {
                    branches: list(entry.node, "members")
                        .iter()
                        .filter_map(|member| {
                            let ty = get(member, "type")?;
                            Some(AlternateBranch { name: ty.as_str().unwrap_or_default().to_string(), ty: self.type_ref(cx, ty, 0), condition: None, span: ty.span })
                        })
                        .collect(),
                }),
                // Arrays and built-ins are type references, not definitions.
                _ => continue,
            };
            definitions.push(Definition {
                name: entry.name.as_str().unwrap_or_default().to_string(),
                span: entry.name.span,
                module: MODULE.to_string(),
                info: info(entry.node),
                examples: Vec::new(),
                usage: Usage::default(),
                implicit: false,
                kind,
            });
        }
        let index = definitions.iter().enumerate().map(|(id, d)| (d.name.clone(), id)).collect();
        let module = Module { name: MODULE.to_string(), path: sources.file(file).display.clone(), version: None, doc: None, includes: Vec::new() };
        Schema {
            module: MODULE.to_string(),
            version: None,
            doc: None,
            policy: Policy::default(),
            pragma: Pragma::default(),
            modules: vec![module],
            items: (0..definitions.len()).map(Item::Definition).collect(),
            definitions,
            reliability: Vec::new(),
            origin: Origin::Introspection,
            index,
        }
    }

    /// The entry a type name (`"123"`, `"str"`, `"[45]"`) refers to.
    fn entry(&self, cx: &mut Diagnostics, reference: &Node) -> Option<&Entry<'n>> {
        let name = reference.as_str().unwrap_or_default();
        let found = self.by_name.get(name).map(|&id| &self.entries[id]);
        if found.is_none() {
            cx.error(reference.span, format!("type `{name}` is used but not described"));
        }
        found
    }

    /// A type reference: a built-in by its JSON type, an array by its
    /// element type, anything else by its (masked) name.
    fn type_ref(&self, cx: &mut Diagnostics, reference: &Node, depth: usize) -> Type {
        let name = reference.as_str().unwrap_or_default().to_string();
        let Some(entry) = self.entry(cx, reference) else { return Type::Named(name) };
        match entry.meta {
            "builtin" => Type::Builtin(builtin(get(entry.node, "json-type").and_then(Node::as_str).unwrap_or_default())),
            "array" if depth < MAX_DEPTH => match get(entry.node, "element-type") {
                Some(element) => Type::Array(Box::new(self.type_ref(cx, element, depth + 1))),
                None => {
                    cx.error(entry.node.span, format!("array `{name}` has no `element-type`"));
                    Type::Named(name)
                }
            },
            "array" => {
                cx.error(entry.node.span, format!("array `{name}` nests deeper than the limit of {MAX_DEPTH} levels"));
                Type::Named(name)
            }
            "command" | "event" => {
                cx.error(reference.span, format!("`{name}` is a {}, not a type", entry.meta));
                Type::Named(name)
            }
            _ => Type::Named(name),
        }
    }

    /// The members of the object type `reference` names (arguments, event data).
    fn object_members(&self, cx: &mut Diagnostics, reference: &Node) -> Vec<crate::model::Member> {
        match self.entry(cx, reference) {
            Some(entry) if entry.meta == "object" => self.members(cx, entry.node),
            Some(entry) => {
                cx.error(reference.span, format!("expected an object type for the arguments or data, found a {} (`{}`)", entry.meta, reference.as_str().unwrap_or_default()));
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    fn members(&self, cx: &mut Diagnostics, object: &Node) -> Vec<crate::model::Member> {
        list(object, "members")
            .iter()
            .filter_map(|member| {
                let (Some(name), Some(ty)) = (get(member, "name").and_then(|n| Some((n.as_str()?, n.span))), get(member, "type")) else {
                    cx.error(member.span, "a member needs a string `name` and `type`");
                    return None;
                };
                Some(crate::model::Member {
                    name: name.0.to_string(),
                    span: name.1,
                    ty: self.type_ref(cx, ty, 0),
                    optional: get(member, "default").is_some(),
                    info: info(member),
                    inherited_from: None,
                })
            })
            .collect()
    }

    /// A struct, or a union when the object has a `tag` and `variants`.
    fn object(&self, cx: &mut Diagnostics, node: &Node) -> DefKind {
        let members = self.members(cx, node);
        let Some(tag) = get(node, "tag").and_then(Node::as_str) else {
            return DefKind::Struct(Struct { base: None, members });
        };
        let tag_type = members.iter().find(|m| m.name == tag).map(|m| m.ty.clone());
        let Some(Type::Named(tag_enum)) = tag_type else {
            cx.error(get(node, "tag").map_or(node.span, |t| t.span), format!("the tag `{tag}` is not an enum member of the object"));
            return DefKind::Struct(Struct { base: None, members });
        };
        let branches = list(node, "variants");
        let enum_values = self.by_name.get(tag_enum.as_str()).map(|&id| values(self.entries[id].node)).unwrap_or_default();
        let variants = enum_values
            .iter()
            .map(|value| {
                let branch = branches.iter().find(|b| get(b, "case").and_then(Node::as_str) == Some(value.name.as_str()));
                let ty = branch.and_then(|b| get(b, "type")).and_then(Node::as_str).map(str::to_string);
                Variant { value: value.name.clone(), ty, condition: None, span: branch.map_or(value.span, |b| b.span) }
            })
            .collect();
        DefKind::Union(Union { base: None, base_members: members, discriminator: tag.to_string(), discriminator_enum: tag_enum, variants })
    }
}

/// An enum's `values`, each with the features its entry in `members` has
/// (QEMU 6.2 on).
fn values(node: &Node) -> Vec<EnumValue> {
    let members = list(node, "members");
    list(node, "values")
        .iter()
        .filter_map(|value| {
            let name = value.as_str()?;
            let member = members.iter().find(|m| get(m, "name").and_then(Node::as_str) == Some(name));
            Some(EnumValue { name: name.to_string(), span: value.span, info: member.map(info).unwrap_or_default() })
        })
        .collect()
}

/// The built-in with introspection's JSON type (all integers are `int`).
fn builtin(json_type: &str) -> Builtin {
    match json_type {
        "string" => Builtin::Str,
        "number" => Builtin::Number,
        "boolean" => Builtin::Bool,
        "null" => Builtin::Null,
        "int" => Builtin::Int,
        _ => Builtin::Any,
    }
}

/// The features of an entry or member: `deprecated` and `unstable` are
/// what introspection tells of its lifecycle.
fn info(node: &Node) -> Info {
    let features: Vec<Feature> = list(node, "features")
        .iter()
        .filter_map(|f| Some(Feature { name: f.as_str()?.to_string(), condition: None, doc: None, span: f.span }))
        .collect();
    let deprecation = features.iter().find(|f| f.name == Feature::DEPRECATED).map(|f| Deprecation { since: None, replaced_by: None, removal: None, doc: None, span: f.span });
    let unstable = features.iter().any(|f| f.name == Feature::UNSTABLE);
    let status = if deprecation.is_some() { Status::Deprecated } else { Status::Active };
    Info { doc: None, since: None, condition: None, features, deprecation, unstable, status }
}

/// Whether `schema` is the model of a server's introspection.
#[must_use]
pub fn is_introspection(schema: &Schema) -> bool {
    schema.origin == Origin::Introspection
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPLY: &str = r#"{"return": [
  {"name": "query-widget", "meta-type": "command", "arg-type": "0", "ret-type": "[1]"},
  {"name": "WIDGET_GONE", "meta-type": "event", "arg-type": "2", "features": ["deprecated"]},
  {"name": "0", "meta-type": "object", "members": []},
  {"name": "[1]", "meta-type": "array", "element-type": "1"},
  {"name": "1", "meta-type": "object", "members": [
    {"name": "id", "type": "str"},
    {"name": "size", "default": null, "type": "int"},
    {"name": "kind", "type": "3"}],
   "tag": "kind", "variants": [{"case": "round", "type": "4"}]},
  {"name": "2", "meta-type": "object", "members": [{"name": "id", "type": "5"}]},
  {"name": "3", "meta-type": "enum", "values": ["round", "square"], "members": [{"name": "round"}, {"name": "square", "features": ["unstable"]}]},
  {"name": "4", "meta-type": "object", "members": [{"name": "radius", "type": "number"}]},
  {"name": "5", "meta-type": "alternate", "members": [{"type": "str"}, {"type": "int"}]},
  {"name": "str", "meta-type": "builtin", "json-type": "string"},
  {"name": "int", "meta-type": "builtin", "json-type": "int"},
  {"name": "number", "meta-type": "builtin", "json-type": "number"}
]}"#;

    fn model(text: &str) -> Loaded {
        read_text("reply.json", text).unwrap_or_else(|failure| panic!("{}", failure.render_short()))
    }

    #[test]
    fn reads_commands_events_and_the_types_they_reach() {
        let loaded = model(REPLY);
        let schema = &loaded.schema;
        assert!(is_introspection(schema));
        let (definition, command) = schema.commands().next().expect("the command");
        assert_eq!((definition.name.as_str(), definition.span.start.line, definition.span.start.column), ("query-widget", 2, 12));
        assert!(command.arguments.is_empty());
        assert_eq!(command.returns, Some(Type::Array(Box::new(Type::Named("1".into())))));
        let Some(DefKind::Union(union)) = schema.definition("1").map(|d| &d.kind) else { panic!("`1` is a union") };
        assert_eq!((union.discriminator.as_str(), union.discriminator_enum.as_str()), ("kind", "3"));
        let members: Vec<(&str, bool, String)> = union.base_members.iter().map(|m| (m.name.as_str(), m.optional, m.ty.to_string())).collect();
        assert_eq!(members, [("id", false, "str".to_string()), ("size", true, "int".to_string()), ("kind", false, "3".to_string())]);
        let variants: Vec<(&str, Option<&str>)> = union.variants.iter().map(|v| (v.value.as_str(), v.ty.as_deref())).collect();
        assert_eq!(variants, [("round", Some("4")), ("square", None)]);
        let (event, data) = schema.events().next().expect("the event");
        assert_eq!(event.info.status, Status::Deprecated);
        let Some(DefKind::Alternate(alternate)) = schema.definition("5").map(|d| &d.kind) else { panic!("`5` is an alternate") };
        assert_eq!(data.members[0].ty, Type::Named("5".into()));
        assert_eq!(alternate.branches.iter().map(|b| b.ty.clone()).collect::<Vec<_>>(), [Type::Builtin(Builtin::Str), Type::Builtin(Builtin::Int)]);
        let Some(DefKind::Enum(kinds)) = schema.definition("3").map(|d| &d.kind) else { panic!("`3` is an enum") };
        assert!(kinds.values[1].info.unstable && !kinds.values[0].info.unstable);
    }

    #[test]
    fn the_bare_array_reads_like_the_reply() {
        let bare = REPLY.trim_start_matches("{\"return\": ").trim_end_matches('}');
        assert!(recognises(bare) && recognises(REPLY));
        assert_eq!(model(bare).schema.definitions.len(), model(REPLY).schema.definitions.len());
        assert!(!recognises("{ 'include': 'common.json' }") && !recognises("# comment\n{ 'command': 'x' }") && !recognises("{\"include\": \"x.json\"}"));
    }

    #[test]
    fn every_problem_is_reported_with_its_position() {
        let text = "[\n  {\"name\": \"c\", \"meta-type\": \"command\", \"arg-type\": \"9\", \"ret-type\": \"int\"},\n  {\"meta-type\": \"enum\"},\n  {\"name\": \"c\", \"meta-type\": \"event\"},\n  {\"name\": \"d\", \"meta-type\": \"command\", \"ret-type\": \"c\"}\n]\n";
        let failure = read_text("bad.json", text).expect_err("errors");
        let rendered = failure.render_short();
        for expected in [
            "bad.json:2:53: error: type `9` is used but not described",
            "bad.json:2:70: error: type `int` is used but not described",
            "bad.json:3:3: error: a `SchemaInfo` entry needs a string `name` and `meta-type`",
            "bad.json:4:12: error: `c` is described twice (first at line 2)",
            "bad.json:5:53: error: `c` is a command, not a type",
        ] {
            assert!(rendered.contains(expected), "expected {expected:?} in:\n{rendered}");
        }
        let not_a_reply = read_text("object.json", "{\"error\": {}}").expect_err("an error");
        assert!(not_a_reply.render_short().contains("object.json:1:1: error: expected the `query-qmp-schema` reply"), "{}", not_a_reply.render_short());
        assert_eq!(read(Path::new("no/such/reply.json")).err().map(|f| f.kind), Some(FailureKind::Unreadable));
    }
}
