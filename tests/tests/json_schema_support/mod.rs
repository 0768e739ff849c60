//! Support of the JSON Schema tests: the fixture schemas, the emitter
//! variants under test, and mutated copies of event example messages.

use qapi_gen_codegen::json_schema::Options;
use qapi_gen_schema::Schema;
use qapi_gen_schema::model::{Builtin, DefKind, Member, Status, Type};
use qapi_gen_tests::{files_with_extension, tests_dir, workspace_root};
use serde_json::{Map, Value, json};

/// A loaded fixture schema.
pub struct Fixture {
    /// File stem; goldens are `tests/expected/<stem>.schema.json`.
    pub stem: String,
    /// The checked model.
    pub schema: Schema,
}

/// Every `tests/schemas/*.yaml`, and the shipped `schema/unplug-events.yaml`
/// (a missing one is a failure, not a skip). Panics with every load failure.
pub fn fixtures() -> Vec<Fixture> {
    let mut paths = files_with_extension(&tests_dir("schemas"), "yaml");
    let shipped = workspace_root().join("schema/unplug-events.yaml");
    assert!(shipped.exists(), "{} is missing", shipped.display());
    paths.push(shipped);
    assert!(!paths.is_empty(), "no fixture schemas in tests/schemas");
    let mut loaded = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        match qapi_gen_schema::load(&path) {
            Ok(result) => loaded.push(Fixture { stem, schema: result.schema }),
            Err(failure) => failures.push(failure.render_short()),
        }
    }
    assert!(failures.is_empty(), "fixture schemas do not load:\n{}", failures.join("\n"));
    loaded
}

/// Emitter options under test.
#[derive(Clone, Copy, Debug)]
pub struct Variant {
    /// Strict mode.
    pub strict: bool,
    /// Removed items kept.
    pub include_removed: bool,
}

impl Variant {
    /// Every combination.
    pub const ALL: [Variant; 4] = [
        Variant { strict: false, include_removed: false },
        Variant { strict: true, include_removed: false },
        Variant { strict: false, include_removed: true },
        Variant { strict: true, include_removed: true },
    ];

    /// The variants with a golden file: the default for every fixture, all
    /// of them for the emitter's own coverage fixture.
    pub fn golden(stem: &str) -> Vec<Variant> {
        if stem == "json-schema-coverage" { Variant::ALL.to_vec() } else { vec![Variant::ALL[0]] }
    }

    /// The emitter options.
    pub fn options(self) -> Options {
        Options::default().with_strict(self.strict).with_include_removed(self.include_removed)
    }

    /// File-name suffix: `""`, `".strict"`, `".removed"`, `".removed.strict"`.
    pub fn suffix(self) -> &'static str {
        match (self.include_removed, self.strict) {
            (false, false) => "",
            (false, true) => ".strict",
            (true, false) => ".removed",
            (true, true) => ".removed.strict",
        }
    }
}

/// A mutated copy of an example message.
pub struct Mutation {
    /// What was changed.
    pub label: String,
    /// The message.
    pub instance: Value,
    /// An unknown member was added: valid unless strict.
    pub unknown_member: bool,
}

/// Mutated copies of the event message `message`, each of which the strict
/// document must reject (and the default one too, unless the mutation only
/// adds an unknown member): wrong event name, required member or timestamp
/// removed, wrong types, out-of-range integers, unknown enum values, `null`
/// for optional members, unknown members at every object level.
pub fn mutations(schema: &Schema, message: &Value) -> Vec<Mutation> {
    let mut out = Vec::new();
    let mut add = |label: String, instance: Value, unknown_member: bool| out.push(Mutation { label, instance, unknown_member });
    let Some(name) = message.get("event").and_then(Value::as_str) else { return Vec::new() };
    let Some(DefKind::Event(event)) = schema.definition(name).map(|d| &d.kind) else { return Vec::new() };
    let mut base = message.clone();
    if base.get("data").is_none() {
        base["data"] = json!({});
    }
    let data = base["data"].clone();
    let members = match &event.data_type {
        Some(ty) => object_members(schema, ty, &data),
        None => event.members.clone(),
    };
    let members: Vec<&Member> = members.iter().filter(|m| m.info.status != Status::Removed).collect();
    let edit = |pointer: &str, value: Option<Value>| -> Value {
        let mut copy = base.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
        if let Some(Value::Object(object)) = copy.pointer_mut(parent) {
            match value {
                Some(value) => object.insert(key.replace("~1", "/").replace("~0", "~"), value),
                None => object.remove(&key.replace("~1", "/").replace("~0", "~")),
            };
        }
        copy
    };

    add("wrong event name".into(), edit("/event", Some(json!("NO_SUCH_EVENT"))), false);
    add("timestamp removed".into(), edit("/timestamp", None), false);
    add("timestamp of wrong type".into(), edit("/timestamp/seconds", Some(json!("now"))), false);
    add("microseconds out of range".into(), edit("/timestamp/microseconds", Some(json!(1_000_000))), false);
    if let Some(member) = members.iter().find(|m| !m.optional && data.get(&m.name).is_some()) {
        add(format!("required member `{}` removed", member.name), edit(&format!("/data/{}", escape(&member.name)), None), false);
    }
    if members.iter().any(|m| !m.optional) || event.data_type.is_some() {
        add("`data` of wrong type".into(), edit("/data", Some(json!([]))), false);
    }
    for member in &members {
        let pointer = format!("/data/{}", escape(&member.name));
        if let (Some(_), Some(wrong)) = (data.get(&member.name), wrong_value(schema, &member.ty)) {
            add(format!("member `{}` of wrong type", member.name), edit(&pointer, Some(wrong)), false);
        }
        if let Some(outside) = out_of_range(&member.ty) {
            add(format!("member `{}` out of range", member.name), edit(&pointer, Some(outside)), false);
        }
        if member.optional && !accepts_null(schema, &member.ty) {
            add(format!("`null` for optional member `{}`", member.name), edit(&pointer, Some(Value::Null)), false);
        }
    }
    let mut found = Vec::new();
    let data_members: Vec<Member> = members.iter().map(|m| (*m).clone()).collect();
    sites_of_members(schema, &data, &data_members, "/data", &mut found);
    for site in found {
        match site {
            Site::Enum(pointer) => add(format!("unknown enum value at {pointer}"), edit(&pointer, Some(json!("no-such-value"))), false),
            Site::Object(pointer) => add(format!("unknown member in {pointer}"), edit(&format!("{pointer}/x-unknown-member"), Some(json!(1))), true),
        }
    }
    add("unknown member in /data".into(), edit("/data/x-unknown-member", Some(json!(1))), true);
    add("unknown key in the message".into(), edit("/x-unknown-key", Some(json!(1))), true);
    add("unknown member in /timestamp".into(), edit("/timestamp/nanoseconds", Some(json!(1))), true);
    out
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Places inside an instance where a mutation applies.
enum Site {
    /// A value of an enum type.
    Enum(String),
    /// An object of a struct or union type (nested, not the data itself).
    Object(String),
}

/// The members an object of struct or union type `name` has, given its value
/// (a union's branch depends on the discriminator).
fn object_members(schema: &Schema, name: &str, value: &Value) -> Vec<Member> {
    match schema.definition(name).map(|d| &d.kind) {
        Some(DefKind::Struct(structure)) => structure.members.clone(),
        Some(DefKind::Union(union)) => {
            let tag = value.get(&union.discriminator).and_then(Value::as_str);
            let branch = union.variants.iter().find(|v| Some(v.value.as_str()) == tag).and_then(|v| v.ty.as_deref());
            let mut members = union.base_members.clone();
            if let Some(DefKind::Struct(structure)) = branch.and_then(|b| schema.definition(b)).map(|d| &d.kind) {
                members.extend(structure.members.iter().cloned());
            }
            members
        }
        _ => Vec::new(),
    }
}

fn sites_of_members(schema: &Schema, value: &Value, members: &[Member], pointer: &str, out: &mut Vec<Site>) {
    for member in members {
        if let Some(field) = value.get(&member.name) {
            sites(schema, field, &member.ty, &format!("{pointer}/{}", escape(&member.name)), out);
        }
    }
}

fn sites(schema: &Schema, value: &Value, ty: &Type, pointer: &str, out: &mut Vec<Site>) {
    match ty {
        Type::Builtin(_) => {}
        Type::Array(inner) => {
            for (index, item) in value.as_array().into_iter().flatten().enumerate() {
                sites(schema, item, inner, &format!("{pointer}/{index}"), out);
            }
        }
        Type::Named(name) => match schema.definition(name).map(|d| &d.kind) {
            Some(DefKind::Enum(_)) if value.is_string() => out.push(Site::Enum(pointer.to_string())),
            Some(DefKind::Struct(_) | DefKind::Union(_)) if value.is_object() => {
                out.push(Site::Object(pointer.to_string()));
                let members: Vec<Member> = object_members(schema, name, value).into_iter().filter(|m| m.info.status != Status::Removed).collect();
                sites_of_members(schema, value, &members, pointer, out);
            }
            Some(DefKind::Alternate(alternate)) => {
                if let Some(branch) = alternate.branches.iter().find(|b| kinds(schema, &b.ty).contains(&kind(value))) {
                    sites(schema, value, &branch.ty, pointer, out);
                }
            }
            _ => {}
        },
    }
}

/// The JSON kinds a value of `ty` may have.
fn kinds(schema: &Schema, ty: &Type) -> Vec<&'static str> {
    match ty {
        Type::Builtin(Builtin::Str) => vec!["string"],
        Type::Builtin(Builtin::Number) => vec!["number", "integer"],
        Type::Builtin(Builtin::Bool) => vec!["boolean"],
        Type::Builtin(Builtin::Null) => vec!["null"],
        Type::Builtin(Builtin::Any) => vec!["string", "number", "integer", "boolean", "null", "object", "array"],
        Type::Builtin(_) => vec!["integer"],
        Type::Array(_) => vec!["array"],
        Type::Named(name) => match schema.definition(name).map(|d| &d.kind) {
            Some(DefKind::Enum(_)) => vec!["string"],
            Some(DefKind::Alternate(alternate)) => alternate.branches.iter().flat_map(|b| kinds(schema, &b.ty)).collect(),
            _ => vec!["object"],
        },
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A value whose JSON kind `ty` does not accept, if there is one.
fn wrong_value(schema: &Schema, ty: &Type) -> Option<Value> {
    let accepted = kinds(schema, ty);
    let candidates = [("string", json!("wrong")), ("integer", json!(7)), ("boolean", json!(true)), ("object", Value::Object(Map::new())), ("array", json!([])), ("null", Value::Null)];
    candidates.into_iter().find(|(k, _)| !accepted.contains(k)).map(|(_, v)| v)
}

/// An integer just outside the range of `ty`, when JSON can hold it.
fn out_of_range(ty: &Type) -> Option<Value> {
    let Type::Builtin(builtin) = ty else { return None };
    let (low, high) = builtin.integer_range()?;
    i64::try_from(low - 1).map(Value::from).ok().or_else(|| u64::try_from(high + 1).map(Value::from).ok())
}

fn accepts_null(schema: &Schema, ty: &Type) -> bool {
    kinds(schema, ty).contains(&"null")
}
