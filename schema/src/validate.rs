//! Check phase on the lowered model: rules that need merged members and
//! resolved types. Examples must match their definition; `doc-required`
//! wants every item documented (reliability rows: `rows`).

use crate::hash::HashMap;

use serde_json::Value;

use crate::diag::{Diagnostics, WarningKind};
use crate::model::{Builtin, DefKind, Definition, Direction, ExampleMessage, Info, Member, Origin, Schema, Status, Subject, Type};
use crate::rules::JsonKind;
use crate::source::Span;
use crate::suggest::did_you_mean;

/// Checks every example message against the model, each against the
/// subject the model resolved for it. Returns the examples that do not
/// match (only warned about in an imported QAPI schema), as indices of the
/// definition and the example.
///
/// An example of an item that is still there must not use a removed
/// member, enum value, event or command: the outputs leave removed items
/// out, so the example would contradict them. (A removed item's own
/// examples may, as history.)
pub fn examples(cx: &mut Diagnostics, schema: &Schema) -> Vec<(usize, usize)> {
    let severity = schema.origin.lenient_severity();
    let mut invalid = Vec::new();
    for (index, definition) in schema.definitions.iter().enumerate() {
        let checker = Checker { schema, removed_ok: definition.info.status == Status::Removed };
        for (number, example) in definition.examples.iter().enumerate() {
            let mut matches = true;
            for message in &example.messages {
                let mut problems = Vec::new();
                checker.message(definition, message, &mut problems);
                if problems.is_empty() {
                    continue;
                }
                let spans: HashMap<&str, Span> = message.value_spans.iter().map(|(p, s)| (p.as_str(), *s)).collect();
                for (pointer, text) in problems {
                    matches = false;
                    let span = closest_span(&spans, &pointer).unwrap_or(message.span);
                    cx.report(severity, WarningKind::ExampleMismatch, span, format!("example of `{}`: {text}", definition.name));
                }
            }
            if !matches {
                invalid.push((index, number));
            }
        }
    }
    invalid
}

fn closest_span(spans: &HashMap<&str, Span>, pointer: &str) -> Option<Span> {
    let mut current = pointer;
    loop {
        if let Some(span) = spans.get(current) {
            return Some(*span);
        }
        let (parent, _) = current.rsplit_once('/')?;
        current = parent;
    }
}

type Problems = Vec<(String, String)>;

struct Checker<'a> {
    schema: &'a Schema,
    /// The example belongs to a removed item, so it may use removed ones.
    removed_ok: bool,
}

impl Checker<'_> {
    /// One example message of `definition`, against its subject.
    fn message(&self, definition: &Definition, example: &ExampleMessage, problems: &mut Problems) {
        let (direction, message) = (example.direction, &example.message);
        let Some(object) = message.as_object() else {
            problems.push((String::new(), "a QMP message must be a JSON object".into()));
            return;
        };
        if object.get("event").is_some_and(|name| !name.is_string()) && !definition.kind.is_type() {
            problems.push(("/event".into(), "`event` must be a string".into()));
            return;
        }
        let replying_for = match &example.subject {
            Subject::Value => return self.value(message, &Type::Named(definition.name.clone()), "", problems),
            Subject::NotAnEvent => return problems.push((String::new(), "an event message needs `event`, `data` and `timestamp`".into())),
            Subject::Request(_) => definition,
            Subject::Reply(command) => self.schema.definition(command).unwrap_or(definition),
            Subject::Event(name) => {
            match self.schema.definition(name) {
                Some(event @ Definition { kind: DefKind::Event(_), .. }) => {
                    self.not_removed(&event.info, "/event", || format!("event `{name}`"), problems);
                    if direction == Direction::ToServer {
                        problems.push(("/event".into(), "events travel from the server, not to it".into()));
                    }
                    if matches!(definition.kind, DefKind::Event(_)) && event.name != definition.name {
                        problems.push(("/event".into(), format!("names event `{name}`, expected `{}`", definition.name)));
                    }
                    self.event(event, object, problems);
                }
                _ => {
                    let mut text = format!("unknown event `{name}`");
                    if let Some(suggestion) = did_you_mean(name, self.schema.events().map(|(d, _)| d.name.as_str())) {
                        text.push_str(&format!(" (did you mean `{suggestion}`?)"));
                    }
                    problems.push(("/event".into(), text));
                }
            }
            return;
            }
        };
        self.command_message(replying_for, direction, object, problems);
    }

    fn event(&self, event: &Definition, object: &serde_json::Map<String, Value>, problems: &mut Problems) {
        let DefKind::Event(payload) = &event.kind else { return };
        for key in object.keys() {
            if !matches!(key.as_str(), "event" | "data" | "timestamp") {
                problems.push((crate::rules::pointer_to_member("", key), format!("unknown key `{key}` in an event message")));
            }
        }
        match object.get("timestamp") {
            None => problems.push((String::new(), "missing `timestamp`".into())),
            Some(timestamp) => {
                let fields = [("seconds", Builtin::Int), ("microseconds", Builtin::Int)];
                self.fixed_object(timestamp, &fields, "/timestamp", problems);
            }
        }
        match (object.get("data"), &payload.data_type) {
            (Some(data), Some(name)) if payload.boxed => self.value(data, &Type::Named(name.clone()), "/data", problems),
            (Some(data), _) => self.members(data, &payload.members, "/data", problems),
            (None, Some(name)) if payload.boxed => {
                if !self.accepts_empty(&Type::Named(name.clone())) {
                    problems.push((String::new(), "missing `data`".into()));
                }
            }
            (None, _) => {
                if payload.members.iter().any(|m| !m.optional) {
                    problems.push((String::new(), "missing `data`".into()));
                }
            }
        }
    }

    fn command_message(&self, definition: &Definition, direction: Direction, object: &serde_json::Map<String, Value>, problems: &mut Problems) {
        match direction {
            Direction::ToServer => {
                let Some(name) = object.get("execute").or_else(|| object.get("exec-oob")).and_then(Value::as_str) else {
                    problems.push((String::new(), "a command message needs `execute` (or `exec-oob`)".into()));
                    return;
                };
                let key = if object.contains_key("execute") { "/execute" } else { "/exec-oob" };
                let Some(Definition { kind: DefKind::Command(command), .. }) = self.schema.definition(name) else {
                    problems.push((key.into(), format!("unknown command `{name}`")));
                    return;
                };
                if let Some(target) = self.schema.definition(name) {
                    self.not_removed(&target.info, key, || format!("command `{name}`"), problems);
                }
                if key == "/exec-oob" && !command.allow_oob {
                    problems.push((key.into(), format!("command `{name}` does not allow out-of-band execution")));
                }
                for key in object.keys() {
                    if !matches!(key.as_str(), "execute" | "exec-oob" | "arguments" | "id") {
                        problems.push((crate::rules::pointer_to_member("", key), format!("unknown key `{key}` in a command message")));
                    }
                }
                match (object.get("arguments"), &command.data_type) {
                    (Some(arguments), Some(ty)) if command.boxed => self.value(arguments, &Type::Named(ty.clone()), "/arguments", problems),
                    (Some(arguments), _) => {
                        let mut found = Vec::new();
                        self.members(arguments, &command.arguments, "/arguments", &mut found);
                        // `gen: false` commands take members the schema does not list.
                        found.retain(|(_, text)| command.generate || !text.starts_with("unknown member"));
                        problems.extend(found);
                    }
                    (None, Some(ty)) if command.boxed => {
                        if !self.accepts_empty(&Type::Named(ty.clone())) {
                            problems.push((String::new(), "missing `arguments`".into()));
                        }
                    }
                    (None, _) => {
                        if let Some(missing) = command.arguments.iter().find(|m| !m.optional) {
                            problems.push((String::new(), format!("missing argument `{}`", missing.name)));
                        }
                    }
                }
            }
            Direction::FromServer => {
                for key in object.keys() {
                    if !matches!(key.as_str(), "return" | "error" | "id") {
                        problems.push((crate::rules::pointer_to_member("", key), format!("unknown key `{key}` in a reply")));
                    }
                }
                if let Some(error) = object.get("error") {
                    self.fixed_object(error, &[("class", Builtin::Str), ("desc", Builtin::Str)], "/error", problems);
                    return;
                }
                let Some(value) = object.get("return") else {
                    problems.push((String::new(), "a reply needs `return` or `error`".into()));
                    return;
                };
                let DefKind::Command(command) = &definition.kind else { return };
                match &command.returns {
                    Some(ty) => self.value(value, ty, "/return", problems),
                    None => {
                        if value.as_object().is_none_or(|o| !o.is_empty()) {
                            problems.push(("/return".into(), "this command returns an empty object".into()));
                        }
                    }
                }
            }
        }
    }

    /// A use of a removed item in the example of an item still there.
    /// (`what` names the item; only built for a problem.)
    fn not_removed(&self, info: &Info, pointer: &str, what: impl FnOnce() -> String, problems: &mut Problems) {
        if self.removed_ok || info.status != Status::Removed {
            return;
        }
        let what = what();
        let when = info.deprecation.as_ref().and_then(|d| d.removal).map(|v| format!(" in {v}")).unwrap_or_default();
        problems.push((pointer.into(), format!("{what} was removed{when}; an example of an interface still there cannot use it")));
    }

    /// Whether an absent boxed payload, the empty object, is a valid
    /// value of `ty` (a union's discriminator is always mandatory).
    fn accepts_empty(&self, ty: &Type) -> bool {
        let mut problems = Vec::new();
        self.value(&Value::Object(serde_json::Map::new()), ty, "", &mut problems);
        problems.is_empty()
    }

    fn fixed_object(&self, value: &Value, fields: &[(&str, Builtin)], pointer: &str, problems: &mut Problems) {
        let Some(object) = value.as_object() else {
            problems.push((pointer.into(), format!("expected an object, found {}", describe(value))));
            return;
        };
        for (name, builtin) in fields {
            match object.get(*name) {
                Some(field) => self.value(field, &Type::Builtin(*builtin), &format!("{pointer}/{name}"), problems),
                None => problems.push((pointer.into(), format!("missing `{name}`"))),
            }
        }
    }

    /// An object that must have exactly `members` (optional ones may be absent).
    fn members(&self, value: &Value, members: &[Member], pointer: &str, problems: &mut Problems) {
        let Some(object) = value.as_object() else {
            problems.push((pointer.into(), format!("expected an object, found {}", describe(value))));
            return;
        };
        for member in members {
            match object.get(&member.name) {
                Some(field) => {
                    let at = crate::rules::pointer_to_member(pointer, &member.name);
                    self.not_removed(&member.info, &at, || format!("member `{}`", member.name), problems);
                    self.value(field, &member.ty, &at, problems);
                }
                None if member.optional => {}
                None => problems.push((pointer.into(), format!("missing member `{}`", member.name))),
            }
        }
        for key in object.keys() {
            if !members.iter().any(|m| m.name == *key) {
                let mut text = format!("unknown member `{key}`");
                if let Some(suggestion) = did_you_mean(key, members.iter().map(|m| m.name.as_str())) {
                    text.push_str(&format!(" (did you mean `{suggestion}`?)"));
                }
                problems.push((crate::rules::pointer_to_member(pointer, key), text));
            }
        }
    }

    fn value(&self, value: &Value, ty: &Type, pointer: &str, problems: &mut Problems) {
        match ty {
            Type::Builtin(builtin) => builtin_value(value, *builtin, pointer, problems),
            Type::Array(inner) => match value.as_array() {
                Some(items) => {
                    for (index, item) in items.iter().enumerate() {
                        self.value(item, inner, &format!("{pointer}/{index}"), problems);
                    }
                }
                None => problems.push((pointer.into(), format!("expected an array, found {}", describe(value)))),
            },
            Type::Named(name) => {
                let Some(definition) = self.schema.definition(name) else { return };
                match &definition.kind {
                    DefKind::Enum(enumeration) => match value.as_str() {
                        Some(text) if let Some(known) = enumeration.values.iter().find(|v| v.name == text) => {
                            self.not_removed(&known.info, pointer, || format!("value `{text}` of enum `{name}`"), problems);
                        }
                        Some(text) => problems.push((pointer.into(), format!("`{text}` is not a value of enum `{name}`"))),
                        None => problems.push((pointer.into(), format!("expected a value of enum `{name}`, found {}", describe(value)))),
                    },
                    DefKind::Struct(structure) => self.members(value, &structure.members, pointer, problems),
                    DefKind::Union(union) => {
                        let Some(object) = value.as_object() else {
                            problems.push((pointer.into(), format!("expected an object, found {}", describe(value))));
                            return;
                        };
                        let tag = object.get(&union.discriminator).and_then(Value::as_str);
                        let Some(variant) = tag.and_then(|t| union.variants.iter().find(|v| v.value == t)) else {
                            problems.push((pointer.into(), format!("`{}` must be one of the values of `{}`", union.discriminator, union.discriminator_enum)));
                            return;
                        };
                        let mut members = union.base_members.clone();
                        if let Some(branch) = variant.ty.as_deref() {
                            self.branch_members(branch, object, &mut members, 0);
                        }
                        self.members(value, &members, pointer, problems);
                    }
                    DefKind::Alternate(alternate) => {
                        let branch = alternate.branches.iter().find(|b| self.json_matches(value, &b.ty));
                        match branch {
                            Some(branch) => self.value(value, &branch.ty, pointer, problems),
                            None => problems.push((pointer.into(), format!("{} matches no branch of alternate `{name}`", describe(value)))),
                        }
                    }
                    DefKind::Event(_) | DefKind::Command(_) => {}
                }
            }
        }
    }

    /// The members a union branch adds: a struct's, or a nested union's
    /// base members plus those of the variant `object` selects.
    fn branch_members(&self, branch: &str, object: &serde_json::Map<String, Value>, members: &mut Vec<Member>, depth: usize) {
        match self.schema.definition(branch).map(|d| &d.kind) {
            Some(DefKind::Struct(structure)) => members.extend(structure.members.iter().cloned()),
            Some(DefKind::Union(nested)) => {
                members.extend(nested.base_members.iter().cloned());
                let tag = object.get(&nested.discriminator).and_then(Value::as_str);
                if let Some(inner) = tag.and_then(|t| nested.variants.iter().find(|v| v.value == t)).and_then(|v| v.ty.as_deref())
                    && depth < 16 {
                        self.branch_members(inner, object, members, depth + 1);
                    }
            }
            _ => {}
        }
    }

    /// Whether `value` has the JSON type that selects branch type `ty`.
    fn json_matches(&self, value: &Value, ty: &Type) -> bool {
        JsonKind::of(self.schema.shape(ty)).is_none_or(|kind| kind == JsonKind::of_value(value))
    }
}

fn builtin_value(value: &Value, builtin: Builtin, pointer: &str, problems: &mut Problems) {
    let ok = match builtin {
        Builtin::Str => value.is_string(),
        Builtin::Bool => value.is_boolean(),
        Builtin::Null => value.is_null(),
        Builtin::Any => true,
        Builtin::Number => value.is_number(),
        integer => match integer.integer_range() {
            Some((low, high)) => {
                let number = value.as_i64().map(i128::from).or_else(|| value.as_u64().map(i128::from));
                match number {
                    Some(n) if n < low || n > high => {
                        problems.push((pointer.into(), format!("{n} is out of range for `{}`", integer.name())));
                        return;
                    }
                    Some(_) => true,
                    None => false,
                }
            }
            None => false,
        },
    };
    if !ok {
        problems.push((pointer.into(), format!("expected `{}`, found {}", builtin.name(), describe(value))));
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn documents_anything(definition: &Definition) -> bool {
    let any = |members: &[Member]| members.iter().any(|m| m.info.doc.is_some());
    definition.info.since.is_some()
        || match &definition.kind {
            DefKind::Struct(s) => any(&s.members),
            DefKind::Union(u) => any(&u.base_members),
            DefKind::Event(e) => any(&e.members),
            DefKind::Command(c) => any(&c.arguments),
            DefKind::Enum(e) => e.values.iter().any(|v| v.info.doc.is_some()),
            DefKind::Alternate(_) => false,
        }
}

/// With `doc-required`, every definition and every member needs `doc`.
pub fn documentation(cx: &mut Diagnostics, schema: &Schema) {
    if !schema.pragma.doc_required {
        return;
    }
    let severity = schema.origin.lenient_severity();
    for definition in &schema.definitions {
        // An imported definition counts as documented when its doc block
        // documented anything, as QAPI's own rule asks only for the block.
        let documented_in_qapi = schema.origin == Origin::Qapi && documents_anything(definition);
        if definition.info.doc.is_none() && !documented_in_qapi && !definition.implicit {
            cx.report(severity, WarningKind::MissingDoc, definition.span, format!("`{}` has no `doc` (required by `pragma: doc-required`)", definition.name));
        }
        // QAPI itself tolerates undocumented members of imported schemas.
        if schema.pragma.documentation_exceptions.contains(&definition.name) || schema.origin == Origin::Qapi {
            continue;
        }
        let own = |members: &[Member]| -> Vec<(String, Span)> {
            members.iter().filter(|m| m.inherited_from.is_none() && m.info.doc.is_none()).map(|m| (m.name.clone(), m.span)).collect()
        };
        let undocumented = match &definition.kind {
            DefKind::Struct(s) => own(&s.members),
            DefKind::Union(u) if u.base.is_none() => own(&u.base_members),
            DefKind::Event(e) if e.data_type.is_none() => own(&e.members),
            DefKind::Command(c) if c.data_type.is_none() => own(&c.arguments),
            DefKind::Enum(e) => e.values.iter().filter(|v| v.info.doc.is_none()).map(|v| (v.name.clone(), v.span)).collect(),
            _ => Vec::new(),
        };
        for (name, span) in undocumented {
            cx.report(severity, WarningKind::MissingDoc, span, format!("`{}.{name}` has no `doc` (required by `pragma: doc-required`)", definition.name));
        }
    }
}
