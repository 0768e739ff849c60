//! JSON Schema emitter: types — built-ins, arrays and references, objects
//! of members, and the `$defs` entries of enums, structs, unions and
//! alternates.

use qapi_gen_schema::model::{Alternate, Builtin, DefKind, Definition, Enum, Member, Struct, Type, Union};
use serde_json::{Map, Value};

use super::Emitter;
use super::annotate::{self, with_info};
use super::names;

/// The schema of a value of built-in type `builtin`.
#[must_use]
pub fn builtin(builtin: Builtin) -> Map<String, Value> {
    let mut map = Map::new();
    let json_type = match builtin {
        Builtin::Str => "string",
        Builtin::Number => "number",
        Builtin::Bool => "boolean",
        Builtin::Null => "null",
        Builtin::Any => return map,
        _ => "integer",
    };
    map.insert("type".into(), Value::String(json_type.into()));
    if let Some((minimum, maximum)) = builtin.integer_range() {
        map.insert("minimum".into(), integer(minimum));
        map.insert("maximum".into(), integer(maximum));
    }
    map
}

/// A JSON integer; every bound of a QAPI integer type fits `i64` or `u64`.
#[must_use]
pub fn integer(value: i128) -> Value {
    match (i64::try_from(value), u64::try_from(value)) {
        (Ok(small), _) => Value::from(small),
        (_, Ok(large)) => Value::from(large),
        // Outside both: no QAPI type has such a bound; clamp rather than fail.
        _ => Value::from(if value < 0 { i64::MIN } else { i64::MAX }),
    }
}

/// The schema of a value of type `ty`: a built-in inline, a named type by
/// `$ref`, an array with `items`.
#[must_use]
pub fn type_schema(ty: &Type) -> Map<String, Value> {
    match ty {
        Type::Builtin(b) => builtin(*b),
        Type::Named(name) => names::reference(&names::type_key(name)),
        Type::Array(inner) => {
            let mut map = Map::new();
            map.insert("type".into(), Value::String("array".into()));
            map.insert("items".into(), Value::Object(type_schema(inner)));
            map
        }
    }
}

/// `oneOf` over `branches`, or a schema nothing matches when there are none
/// (an empty `oneOf` is not a valid schema).
pub fn one_of(map: &mut Map<String, Value>, branches: Vec<Value>) {
    if branches.is_empty() {
        map.insert("not".into(), Value::Object(Map::new()));
    } else {
        map.insert("oneOf".into(), Value::Array(branches));
    }
}

impl Emitter<'_> {
    /// The `$defs` entry of a type definition, `None` for events and commands.
    #[must_use]
    pub fn type_definition(&self, definition: &Definition) -> Option<Map<String, Value>> {
        let body = match &definition.kind {
            DefKind::Enum(enumeration) => self.enumeration(enumeration),
            DefKind::Struct(structure) => self.structure(structure),
            DefKind::Union(union) => self.union(union),
            DefKind::Alternate(alternate) => alternate_body(alternate),
            DefKind::Event(_) | DefKind::Command(_) => return None,
        };
        Some(with_info(&definition.info, body))
    }

    /// An object with `members`: `properties`, `required`, and the strict lock.
    #[must_use]
    pub fn object(&self, members: &[Member]) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("type".into(), Value::String("object".into()));
        self.members_into(&mut map, members.iter().map(|m| (m, None)));
        self.close(&mut map);
        map
    }

    /// `properties` and `required` of `members`; a member paired with a
    /// value is fixed to it by `const` (a union's discriminator).
    fn members_into<'m>(&self, map: &mut Map<String, Value>, members: impl Iterator<Item = (&'m Member, Option<&'m str>)>) {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for (member, fixed) in members.filter(|(m, _)| self.keep(&m.info)) {
            let schema = match fixed {
                Some(value) => {
                    let mut constant = Map::new();
                    constant.insert("const".into(), Value::String(value.into()));
                    constant
                }
                None => type_schema(&member.ty),
            };
            properties.insert(member.name.clone(), Value::Object(with_info(&member.info, schema)));
            if !member.optional {
                required.push(Value::String(member.name.clone()));
            }
        }
        map.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            map.insert("required".into(), Value::Array(required));
        }
    }

    fn enumeration(&self, enumeration: &Enum) -> Map<String, Value> {
        let values: Vec<_> = enumeration.values.iter().filter(|v| self.keep(&v.info)).collect();
        let mut map = Map::new();
        map.insert("type".into(), Value::String("string".into()));
        if values.iter().any(|v| annotate::has_metadata(&v.info)) {
            let branches = values
                .iter()
                .map(|value| {
                    let mut constant = Map::new();
                    constant.insert("const".into(), Value::String(value.name.clone()));
                    Value::Object(with_info(&value.info, constant))
                })
                .collect();
            one_of(&mut map, branches);
        } else {
            map.insert("enum".into(), Value::Array(values.iter().map(|v| Value::String(v.name.clone())).collect()));
        }
        map
    }

    fn structure(&self, structure: &Struct) -> Map<String, Value> {
        let mut map = self.object(&structure.members);
        if let Some(base) = &structure.base {
            map.insert("x-base".into(), Value::String(base.clone()));
        }
        map
    }

    /// Every branch lists the base members (the discriminator fixed by
    /// `const`) and the branch struct's members, flat as on the wire; the
    /// strict lock sits on the union, where it sees through `oneOf`.
    fn union(&self, union: &Union) -> Map<String, Value> {
        let branches = self.union_branches(union, 0);
        let mut map = Map::new();
        map.insert("type".into(), Value::String("object".into()));
        map.insert("x-discriminator".into(), Value::String(union.discriminator.clone()));
        if let Some(base) = &union.base {
            map.insert("x-base".into(), Value::String(base.clone()));
        }
        one_of(&mut map, branches);
        self.close(&mut map);
        map
    }

    /// One schema per kept discriminator value. A branch that is itself a
    /// union adds its own branches as a nested `oneOf` (the wire object is
    /// flat, and a `$ref` would put the nested union's strict lock where it
    /// cannot see the outer members).
    fn union_branches(&self, union: &Union, depth: usize) -> Vec<Value> {
        let values = match self.schema.definition(&union.discriminator_enum).map(|d| &d.kind) {
            Some(DefKind::Enum(enumeration)) => enumeration.values.as_slice(),
            _ => &[],
        };
        let mut branches = Vec::new();
        for variant in &union.variants {
            let value = values.iter().find(|v| v.name == variant.value);
            if value.is_some_and(|v| !self.keep(&v.info)) {
                continue;
            }
            let branch_kind = variant.ty.as_deref().and_then(|t| self.schema.definition(t)).map(|d| &d.kind);
            let (branch_members, nested) = match branch_kind {
                Some(DefKind::Struct(branch)) => (branch.members.as_slice(), None),
                Some(DefKind::Union(nested)) => (nested.base_members.as_slice(), Some(nested)),
                _ => (&[][..], None),
            };
            let base = union.base_members.iter().map(|m| (m, (m.name == union.discriminator).then_some(variant.value.as_str())));
            let mut body = Map::new();
            body.insert("title".into(), Value::String(variant.value.clone()));
            body.insert("type".into(), Value::String("object".into()));
            // The nested union's base goes beside the outer base; its
            // discriminator is fixed by its own branches below.
            self.members_into(&mut body, base.chain(branch_members.iter().map(|m| (m, None))));
            if let Some(nested) = nested
                && depth < 16
            {
                one_of(&mut body, self.union_branches(nested, depth + 1));
            }
            if let Some(ty) = &variant.ty {
                body.insert("x-branch".into(), Value::String(ty.clone()));
            }
            let mut info = value.map(|v| v.info.clone()).unwrap_or_default();
            info.condition.clone_from(&variant.condition);
            branches.push(Value::Object(with_info(&info, body)));
        }
        branches
    }
}

/// Branches told apart by JSON type, so at most one matches.
fn alternate_body(alternate: &Alternate) -> Map<String, Value> {
    let branches = alternate
        .branches
        .iter()
        .map(|branch| {
            let mut body = Map::new();
            body.insert("title".into(), Value::String(branch.name.clone()));
            body.extend(type_schema(&branch.ty));
            annotate::condition(&mut body, branch.condition.as_ref());
            Value::Object(body)
        })
        .collect();
    let mut map = Map::new();
    one_of(&mut map, branches);
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integer_widths_become_bounds() {
        assert_eq!(Value::Object(builtin(Builtin::Int8)), json!({"type": "integer", "minimum": -128, "maximum": 127}));
        assert_eq!(Value::Object(builtin(Builtin::Uint64)), json!({"type": "integer", "minimum": 0, "maximum": 18_446_744_073_709_551_615_u64}));
        assert_eq!(Value::Object(builtin(Builtin::Size)), json!({"type": "integer", "minimum": 0, "maximum": 18_446_744_073_709_551_615_u64}));
        assert_eq!(Value::Object(builtin(Builtin::Int)), json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX}));
    }

    #[test]
    fn other_builtins() {
        assert_eq!(Value::Object(builtin(Builtin::Any)), json!({}));
        assert_eq!(Value::Object(builtin(Builtin::Null)), json!({"type": "null"}));
        assert_eq!(Value::Object(builtin(Builtin::Number)), json!({"type": "number"}));
        assert_eq!(Value::Object(type_schema(&Type::Array(Box::new(Type::Named("Foo".into()))))), json!({"type": "array", "items": {"$ref": "#/$defs/Foo"}}));
    }

    #[test]
    fn empty_one_of_matches_nothing() {
        let mut map = Map::new();
        one_of(&mut map, Vec::new());
        assert_eq!(Value::Object(map), json!({"not": {}}));
    }
}
