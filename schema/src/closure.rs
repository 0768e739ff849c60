//! Model, derived fact: the types a set of definitions reaches (their
//! transitive closure), computed on the checked model. The lowering uses
//! it for the direction each type travels in, the Rust output for the
//! types a selection of commands and events needs.

use std::collections::BTreeSet;

use crate::model::{DefKind, Schema, Type};

impl Schema {
    /// The types reached from `roots`: each root type, and every type a
    /// reached type holds (members, bases, union branches and their
    /// discriminator enum, alternate branches, array elements), by
    /// definition index, in index order. Builtins reach nothing; names
    /// the schema does not define are skipped.
    #[must_use]
    pub fn reachable_types(&self, roots: impl IntoIterator<Item = Type>) -> BTreeSet<usize> {
        let roots: Vec<Type> = roots.into_iter().collect();
        let mut seen = vec![false; self.definitions.len()];
        // Walked by reference: a schema of 100,000 definitions pushes
        // millions of types, and cloning each cost more than the walk.
        let mut stack: Vec<&Type> = roots.iter().collect();
        let mut names: Vec<&str> = Vec::new();
        loop {
            if let Some(ty) = stack.pop() {
                match ty {
                    Type::Array(inner) => stack.push(inner),
                    Type::Builtin(_) => {}
                    Type::Named(name) => names.push(name),
                }
                continue;
            }
            let Some(name) = names.pop() else { break };
            let Some(&id) = self.index.get(name) else { continue };
            if std::mem::replace(&mut seen[id], true) {
                continue;
            }
            match &self.definitions[id].kind {
                DefKind::Struct(s) => {
                    names.extend(s.base.as_deref());
                    stack.extend(s.members.iter().map(|m| &m.ty));
                }
                DefKind::Union(u) => {
                    names.extend(u.base.as_deref());
                    names.push(&u.discriminator_enum);
                    stack.extend(u.base_members.iter().map(|m| &m.ty));
                    names.extend(u.variants.iter().filter_map(|v| v.ty.as_deref()));
                }
                DefKind::Alternate(a) => stack.extend(a.branches.iter().map(|b| &b.ty)),
                DefKind::Enum(_) | DefKind::Event(_) | DefKind::Command(_) => {}
            }
        }
        seen.iter().enumerate().filter_map(|(id, reached)| reached.then_some(id)).collect()
    }

    /// The types an event or command uses directly: its named data or
    /// argument type, the types of its members, and a command's return
    /// type. Empty for a type or an unknown name.
    #[must_use]
    pub fn payload_types(&self, name: &str) -> Vec<Type> {
        let Some(definition) = self.definition(name) else { return Vec::new() };
        let mut types = Vec::new();
        match &definition.kind {
            DefKind::Event(event) => {
                types.extend(event.data_type.iter().map(|n| Type::Named(n.clone())));
                types.extend(event.members.iter().map(|m| m.ty.clone()));
            }
            DefKind::Command(command) => {
                types.extend(command.data_type.iter().map(|n| Type::Named(n.clone())));
                types.extend(command.arguments.iter().map(|m| m.ty.clone()));
                types.extend(command.returns.iter().cloned());
            }
            DefKind::Enum(_) | DefKind::Struct(_) | DefKind::Union(_) | DefKind::Alternate(_) => {}
        }
        types
    }

    /// The closure of a selection: the names of the events and commands
    /// given (names of types are not roots) and of every type they reach.
    /// This is what a client that uses only those messages needs.
    #[must_use]
    pub fn closure<'a>(&'a self, messages: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
        let mut names = BTreeSet::new();
        let mut roots = Vec::new();
        for message in messages {
            if let Some(definition) = self.definition(message).filter(|d| !d.kind.is_type()) {
                names.insert(definition.name.as_str());
                roots.extend(self.payload_types(message));
            }
        }
        names.extend(self.reachable_types(roots).into_iter().map(|id| self.definitions[id].name.as_str()));
        names
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Type;

    const SCHEMA: &str = r#"module: closure
version: "1.0"
definitions:
  - enum: Kind
    data: [disk, net]
  - struct: Base
    data:
      kind: Kind
  - struct: Disk
    data:
      path: str
      children?: [Disk]
  - struct: Net
    data:
      mac: str
  - union: Device
    base: Base
    discriminator: kind
    data:
      disk: Disk
      net: Net
  - struct: Unused
    data:
      x: int
  - alternate: Size
    data:
      bytes: int
      named: Named
  - enum: Named
    data: [small, big]
  - struct: Info
    data:
      size: Size
  - command: device-add
    data:
      device: Device
  - command: query-info
    returns: [Info]
  - event: PING
  - event: RESIZED
    data:
      info: Info
"#;

    fn schema() -> crate::Schema {
        match crate::load_text("closure.yaml", SCHEMA) {
            Ok(loaded) => loaded.schema,
            Err(failure) => panic!("{}", failure.render()),
        }
    }

    #[test]
    fn a_command_reaches_its_arguments_unions_bases_and_recursion() {
        let schema = schema();
        let names: Vec<&str> = schema.closure(["device-add"]).into_iter().collect();
        assert_eq!(names, ["Base", "Device", "Disk", "Kind", "Net", "device-add"]);
    }

    #[test]
    fn returns_arrays_and_alternates_are_followed() {
        let schema = schema();
        let names: Vec<&str> = schema.closure(["query-info"]).into_iter().collect();
        assert_eq!(names, ["Info", "Named", "Size", "query-info"]);
    }

    #[test]
    fn events_without_data_reach_nothing_and_unknown_names_are_skipped() {
        let schema = schema();
        let names: Vec<&str> = schema.closure(["PING", "no-such", "Unused"]).into_iter().collect();
        assert_eq!(names, ["PING"], "types are not roots");
        let both: Vec<&str> = schema.closure(["PING", "RESIZED", "query-info"]).into_iter().collect();
        assert_eq!(both, ["Info", "Named", "PING", "RESIZED", "Size", "query-info"]);
        assert!(schema.reachable_types([Type::Named("Unused".to_owned())]).len() == 1);
    }
}
