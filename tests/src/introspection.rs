//! What a server built from a schema answers to `query-qmp-schema`, as
//! QEMU's introspection writes it (`SchemaInfo`, types under masked
//! numeric names, every integer type as `int`, arrays as `[N]`), so tests
//! can check the introspection reader against schemas without copying a
//! real server's reply. Every condition counts as enabled; removed items
//! are left out.

use std::collections::BTreeMap;

use qapi_gen_schema::Schema;
use qapi_gen_schema::model::{Builtin, DefKind, Info, Member, Status, Type};
use serde_json::{Value, json};

/// The `query-qmp-schema` reply (the bare `return` array) of a server of `schema`.
#[must_use]
pub fn reply(schema: &Schema) -> Value {
    let mut writer = Writer { schema, entries: Vec::new(), names: BTreeMap::new() };
    let empty = writer.object(&[]);
    for definition in &schema.definitions {
        if definition.info.status == Status::Removed {
            continue;
        }
        match &definition.kind {
            DefKind::Command(command) => {
                // Union arguments (`boxed`) are the union's type; others an object.
                let arg_type = match command.data_type.as_ref().filter(|ty| matches!(schema.definition(ty).map(|d| &d.kind), Some(DefKind::Union(_)))) {
                    Some(union) => writer.ty(&Type::Named(union.clone())),
                    None => writer.object(&command.arguments),
                };
                let ret_type = command.returns.as_ref().map_or_else(|| empty.clone(), |ty| writer.ty(ty));
                let entry = json!({"name": definition.name, "meta-type": "command", "arg-type": arg_type, "ret-type": ret_type, "allow-oob": command.allow_oob});
                writer.push(entry, &definition.info);
            }
            DefKind::Event(event) => {
                let mut entry = json!({"name": definition.name, "meta-type": "event"});
                if !event.members.is_empty() {
                    entry["arg-type"] = json!(writer.object(&event.members));
                }
                writer.push(entry, &definition.info);
            }
            _ => {}
        }
    }
    Value::Array(writer.entries)
}

struct Writer<'s> {
    schema: &'s Schema,
    entries: Vec<Value>,
    /// Masked (or built-in) name of each type already written.
    names: BTreeMap<String, String>,
}

fn live(info: &Info) -> bool {
    info.status != Status::Removed
}

impl Writer<'_> {
    fn push(&mut self, mut entry: Value, info: &Info) {
        let features: Vec<&str> = info.features.iter().map(|f| f.name.as_str()).collect();
        if !features.is_empty() {
            entry["features"] = json!(features);
        }
        self.entries.push(entry);
    }

    fn mask(&mut self, key: String) -> String {
        let name = (self.names.len()).to_string();
        self.names.insert(key, name.clone());
        name
    }

    /// An implicit object type (arguments, event data) with `members`.
    fn object(&mut self, members: &[Member]) -> String {
        let key = format!("object#{}", self.names.len());
        let name = self.mask(key);
        let members = self.members(members);
        self.entries.push(json!({"name": name, "meta-type": "object", "members": members}));
        name
    }

    fn members(&mut self, members: &[Member]) -> Vec<Value> {
        let mut out = Vec::new();
        for member in members.iter().filter(|m| live(&m.info)) {
            let mut entry = json!({"name": member.name, "type": self.ty(&member.ty)});
            if member.optional {
                entry["default"] = Value::Null;
            }
            let features: Vec<&str> = member.info.features.iter().map(|f| f.name.as_str()).collect();
            if !features.is_empty() {
                entry["features"] = json!(features);
            }
            out.push(entry);
        }
        out
    }

    /// The name introspection gives `ty`, writing its entry the first time.
    fn ty(&mut self, ty: &Type) -> String {
        match ty {
            Type::Builtin(builtin) => {
                let (name, json_type) = match builtin {
                    Builtin::Str => ("str", "string"),
                    Builtin::Number => ("number", "number"),
                    Builtin::Bool => ("bool", "boolean"),
                    Builtin::Null => ("null", "null"),
                    Builtin::Any => ("any", "value"),
                    _ => ("int", "int"),
                };
                if self.names.insert(format!("builtin#{name}"), name.to_string()).is_none() {
                    self.entries.push(json!({"name": name, "meta-type": "builtin", "json-type": json_type}));
                }
                name.to_string()
            }
            Type::Array(inner) => {
                let element = self.ty(inner);
                let name = format!("[{element}]");
                if self.names.insert(format!("array#{name}"), name.clone()).is_none() {
                    self.entries.push(json!({"name": name, "meta-type": "array", "element-type": element}));
                }
                name
            }
            Type::Named(type_name) => {
                if let Some(name) = self.names.get(type_name) {
                    return name.clone();
                }
                let name = self.mask(type_name.clone());
                let Some(definition) = self.schema.definition(type_name) else { return name };
                let mut entry = json!({"name": name});
                match &definition.kind {
                    DefKind::Enum(enumeration) => {
                        let values: Vec<&str> = enumeration.values.iter().filter(|v| live(&v.info)).map(|v| v.name.as_str()).collect();
                        entry["meta-type"] = json!("enum");
                        entry["members"] = values.iter().map(|v| json!({"name": v})).collect();
                        entry["values"] = json!(values);
                    }
                    DefKind::Struct(strukt) => {
                        entry["meta-type"] = json!("object");
                        entry["members"] = json!(self.members(&strukt.members));
                    }
                    DefKind::Union(union) => {
                        entry["meta-type"] = json!("object");
                        entry["members"] = json!(self.members(&union.base_members));
                        entry["tag"] = json!(union.discriminator);
                        let mut variants = Vec::new();
                        for variant in &union.variants {
                            let branch = match &variant.ty {
                                Some(ty) => self.ty(&Type::Named(ty.clone())),
                                None => self.object(&[]),
                            };
                            variants.push(json!({"case": variant.value, "type": branch}));
                        }
                        entry["variants"] = json!(variants);
                    }
                    DefKind::Alternate(alternate) => {
                        entry["meta-type"] = json!("alternate");
                        entry["members"] = alternate.branches.iter().map(|b| json!({"type": self.ty(&b.ty)})).collect();
                    }
                    DefKind::Event(_) | DefKind::Command(_) => return name,
                }
                self.push(entry, &definition.info);
                name
            }
        }
    }
}
