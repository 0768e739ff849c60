//! Model phase: the checked AST and symbol table lowered to the model.
//! Runs only when the check phase found no error, so every lookup here
//! succeeds; where one would not, the item is skipped rather than panicking.

use crate::hash::HashMap;

use crate::ast::{self, Data, DefKind as AstKind, Meta, TypeRef};
use crate::model::{
    Alternate, AlternateBranch, Builtin, Command, DefKind, Definition, Deprecation, Direction, Enum, EnumValue, Event, Example, ExampleMessage,
    Evidence, Feature, FreeDoc, Gap, Info, Item, Member, Module, Origin, Period, Policy, Pragma, Reliability, Replacement, Schema, Status, Struct, Subject, Type, Union,
    Usage,
    Variant, Version,
};
use crate::includes::Files;
use crate::source::SourceMap;
use crate::symbols::Symbols;

/// Everything lowering needs besides the AST.
pub struct Context<'a> {
    /// The symbol table.
    pub symbols: &'a Symbols<'a>,
    /// The files.
    pub files: &'a Files,
    /// Sources, for module paths.
    pub sources: &'a SourceMap,
    /// Merged pragma.
    pub pragma: Pragma,
    /// The top file's policy.
    pub policy: Policy,
    /// YAML or QAPI.
    pub origin: Origin,
}

/// The model's policy: the top file's `policy` without its spans.
pub fn policy(written: &ast::Policy) -> Policy {
    Policy { deprecation_releases: written.deprecation_releases.map(|(n, _)| n), minors_per_major: written.minors_per_major.map(|(n, _)| n) }
}

/// Builds the model.
#[must_use]
pub fn schema(context: &Context<'_>) -> Schema {
    let files = context.files;
    let top = &files.files[files.top];
    let version = top.version.map(|v| v.version);
    let policy = context.policy;
    let lowering = Lowering { symbols: context.symbols, version };
    let by_id: HashMap<_, _> = files.files.iter().map(|f| (f.id, f)).collect();
    let module_name = |file: &ast::File| -> String {
        file.module.as_ref().map(|m| m.text.clone()).unwrap_or_else(|| {
            let path = &context.sources.file(file.id).path;
            path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
        })
    };
    let relative = |canonical: &std::path::Path| -> String {
        let relative = canonical.strip_prefix(&files.root).unwrap_or(canonical);
        relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
    };
    let modules = files
        .met
        .iter()
        .filter_map(|id| by_id.get(id))
        .map(|file| {
            Module {
                name: module_name(file),
                path: relative(&context.sources.file(file.id).canonical),
                version: file.version.map(|v| v.version),
                doc: file.doc.clone(),
                includes: file.included.iter().map(|include| relative(include)).collect(),
            }
        })
        .collect();

    let mut items = Vec::new();
    let mut definitions = Vec::new();
    for file in &files.files {
        let module = module_name(file);
        for entry in &file.entries {
            match entry {
                ast::Entry::Doc(doc) => items.push(Item::Doc(FreeDoc { doc: doc.clone(), module: module.clone() })),
                ast::Entry::Definition(definition) => {
                    let is_canonical = context.symbols.get(&definition.name.text).is_some_and(|d| std::ptr::eq(d, definition));
                    if !is_canonical {
                        continue;
                    }
                    items.push(Item::Definition(definitions.len()));
                    definitions.push(lowering.definition(definition, &module));
                }
            }
        }
    }
    let index = definitions.iter().enumerate().map(|(i, d): (usize, &Definition)| (d.name.clone(), i)).collect();
    let mut schema = Schema {
        module: module_name(top),
        version,
        doc: top.doc.clone(),
        policy,
        pragma: context.pragma.clone(),
        modules,
        items,
        definitions,
        reliability: files.files.iter().flat_map(|f| f.reliability.iter()).filter_map(reliability).collect(),
        origin: context.origin,
        index,
    };
    compute_usage(&mut schema);
    schema
}

struct Lowering<'a> {
    symbols: &'a Symbols<'a>,
    version: Option<Version>,
}

impl Lowering<'_> {
    /// An example of the definition `name`, each message with the direction
    /// it travels in and what it is an instance of ([`Subject`]).
    fn example(&self, name: &str, kind: &DefKind, example: &ast::Example) -> Example {
        let is_command = |name: &str| self.symbols.get(name).is_some_and(|d| matches!(d.kind, AstKind::Command(_)));
        // A reply answers the request before it that names a known
        // command, which need not be the example's own.
        let mut replying_for = name.to_owned();
        let messages = example
            .messages
            .iter()
            .map(|m| {
                let executed = crate::rules::executed_command(&m.message);
                let direction = m.direction.unwrap_or(match kind {
                    DefKind::Command(_) if executed.is_some() => Direction::ToServer,
                    _ => Direction::FromServer,
                });
                let event = m.message.get("event").and_then(serde_json::Value::as_str);
                let subject = match (kind, event, direction) {
                    (DefKind::Event(_) | DefKind::Command(_), Some(event), _) => Subject::Event(event.to_owned()),
                    (DefKind::Event(_), None, _) => Subject::NotAnEvent,
                    (DefKind::Command(_), None, Direction::ToServer) => {
                        let request = executed.unwrap_or(&replying_for).to_owned();
                        if is_command(&request) {
                            request.clone_into(&mut replying_for);
                        }
                        Subject::Request(request)
                    }
                    (DefKind::Command(_), None, Direction::FromServer) => Subject::Reply(replying_for.clone()),
                    _ => Subject::Value,
                };
                ExampleMessage { direction, message: m.message.clone(), subject, value_spans: m.spans.clone(), span: m.span }
            })
            .collect();
        Example { doc: example.doc.clone(), messages, span: example.span, valid: true }
    }

    fn definition(&self, definition: &ast::Definition, module: &str) -> Definition {
        let name = definition.name.text.as_str();
        let kind = match &definition.kind {
            AstKind::Enum { values, prefix } => DefKind::Enum(Enum {
                values: values.iter().map(|v| EnumValue { name: v.name.text.clone(), span: v.name.span, info: self.info(&v.meta) }).collect(),
                prefix: prefix.as_ref().map(|p| p.text.clone()),
            }),
            AstKind::Struct { base, .. } => DefKind::Struct(Struct { base: base.as_ref().map(|b| b.text.clone()), members: self.struct_members(name) }),
            AstKind::Union { base, discriminator, branches } => self.union(name, base.as_ref(), discriminator.as_ref(), branches),
            AstKind::Alternate { branches } => DefKind::Alternate(Alternate {
                branches: branches
                    .iter()
                    .map(|b| AlternateBranch { name: b.name.text.clone(), ty: ty(&b.ty), condition: b.condition.clone(), span: b.name.span })
                    .collect(),
            }),
            AstKind::Event { data, boxed } => {
                let (data_type, members) = self.data(data.as_ref());
                DefKind::Event(Event { data_type, members, boxed: boxed.map_or(Event::DEFAULT_BOXED, |(b, _)| b) })
            }
            AstKind::Command(command) => {
                let (data_type, arguments) = self.data(command.data.as_ref());
                let flag = |value: Option<(bool, crate::source::Span)>, default: bool| value.map_or(default, |(b, _)| b);
                DefKind::Command(Command {
                    data_type,
                    arguments,
                    boxed: flag(command.boxed, Command::DEFAULT_BOXED),
                    returns: command.returns.as_ref().map(ty),
                    success_response: flag(command.success_response, Command::DEFAULT_SUCCESS_RESPONSE),
                    allow_oob: flag(command.allow_oob, Command::DEFAULT_ALLOW_OOB),
                    allow_preconfig: flag(command.allow_preconfig, Command::DEFAULT_ALLOW_PRECONFIG),
                    coroutine: flag(command.coroutine, Command::DEFAULT_COROUTINE),
                    generate: flag(command.generate, Command::DEFAULT_GENERATE),
                })
            }
        };
        let examples = definition.examples.iter().map(|e| self.example(name, &kind, e)).collect();
        Definition {
            name: name.to_string(),
            span: definition.name.span,
            module: module.to_string(),
            info: self.info(&definition.meta),
            examples,
            usage: Usage::default(),
            implicit: definition.implicit,
            kind,
        }
    }

    fn info(&self, meta: &Meta) -> Info {
        let deprecated = meta.features.iter().find(|f| f.name.text == "deprecated");
        let deprecation = deprecated.map(|feature| {
            let metadata = feature.deprecation.clone().unwrap_or_default();
            Deprecation {
                since: metadata.since.map(|v| v.version),
                replaced_by: metadata.replaced_by.map(|r| match r.text.split_once('.') {
                    Some((definition, member)) => Replacement { definition: definition.to_string(), member: Some(member.to_string()) },
                    None => Replacement { definition: r.text.clone(), member: None },
                }),
                removal: metadata.removal.map(|v| v.version),
                doc: metadata.doc,
                span: feature.name.span,
            }
        });
        let removed = match (&deprecation, self.version) {
            (Some(Deprecation { removal: Some(removal), .. }), Some(version)) => removal.key() <= version.key(),
            _ => false,
        };
        let status = if removed {
            Status::Removed
        } else if deprecation.is_some() {
            Status::Deprecated
        } else {
            Status::Active
        };
        Info {
            doc: meta.doc.clone(),
            since: meta.since.map(|v| v.version),
            condition: meta.condition.as_ref().map(|(c, _)| c.clone()),
            features: meta
                .features
                .iter()
                .map(|f| Feature { name: f.name.text.clone(), condition: f.condition.clone(), doc: f.deprecation.as_ref().and_then(|d| d.doc.clone()), span: f.name.span })
                .collect(),
            unstable: meta.features.iter().any(|f| f.name.text == "unstable"),
            deprecation,
            status,
        }
    }

    fn member(&self, member: &ast::Member, owner: &str, definition: &str) -> Member {
        Member {
            name: member.name.text.clone(),
            span: member.name.span,
            ty: ty(&member.ty),
            optional: member.optional,
            info: self.info(&member.meta),
            inherited_from: (owner != definition).then(|| owner.to_string()),
        }
    }

    fn struct_members(&self, name: &str) -> Vec<Member> {
        self.symbols.struct_members(name).into_iter().map(|(m, owner)| self.member(m, owner, name)).collect()
    }

    fn data(&self, data: Option<&Data>) -> (Option<String>, Vec<Member>) {
        match data {
            None => (None, Vec::new()),
            Some(Data::Inline(members)) => (None, members.iter().map(|m| self.member(m, "", "")).collect()),
            Some(Data::Named(name)) => {
                let members = match self.symbols.get(&name.text).map(|d| &d.kind) {
                    Some(AstKind::Struct { .. }) => self
                        .symbols
                        .struct_members(&name.text)
                        .into_iter()
                        .map(|(m, owner)| {
                            let mut member = self.member(m, owner, "");
                            member.inherited_from = Some(owner.to_string());
                            member
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                (Some(name.text.clone()), members)
            }
        }
    }

    fn union(&self, name: &str, base: Option<&ast::Base>, discriminator: Option<&ast::Name>, branches: &[ast::Branch]) -> DefKind {
        let base_members: Vec<Member> = self.symbols.union_base_members(base, name).into_iter().map(|(m, owner)| self.member(m, owner, name)).collect();
        let discriminator = discriminator.map(|d| d.text.clone()).unwrap_or_default();
        let discriminator_enum = base_members
            .iter()
            .find(|m| m.name == discriminator)
            .and_then(|m| match &m.ty {
                Type::Named(enum_name) => Some(enum_name.clone()),
                _ => None,
            })
            .unwrap_or_default();
        let values = match self.symbols.get(&discriminator_enum).map(|d| &d.kind) {
            Some(AstKind::Enum { values, .. }) => values.as_slice(),
            _ => &[],
        };
        let variants = values
            .iter()
            .map(|value| {
                let branch = branches.iter().find(|b| b.value.text == value.name.text);
                Variant {
                    value: value.name.text.clone(),
                    ty: branch.and_then(|b| match &b.ty {
                        TypeRef::Name(n) => Some(n.text.clone()),
                        TypeRef::Array(..) => None,
                    }),
                    condition: branch.and_then(|b| b.condition.clone()).or_else(|| value.meta.condition.as_ref().map(|(c, _)| c.clone())),
                    span: branch.map_or(value.name.span, |b| b.value.span),
                }
            })
            .collect();
        DefKind::Union(Union {
            base: match base {
                Some(ast::Base::Named(n)) => Some(n.text.clone()),
                _ => None,
            },
            base_members,
            discriminator,
            discriminator_enum,
            variants,
        })
    }
}

/// Lowers a type reference (already checked to resolve).
#[must_use]
pub fn ty(reference: &TypeRef) -> Type {
    match reference {
        TypeRef::Array(inner, _) => Type::Array(Box::new(ty(inner))),
        TypeRef::Name(name) => Builtin::from_name(&name.text).map_or_else(|| Type::Named(name.text.clone()), Type::Builtin),
    }
}

fn reliability(row: &ast::ReliabilityRow) -> Option<Reliability> {
    let detection = row.detection?.0;
    let names = |events: &[ast::Name]| events.iter().map(|e| e.text.clone()).collect();
    let evidence = |rows: &[ast::EvidenceRow]| {
        rows.iter().map(|e| Evidence { file: e.file.text.clone(), function: e.function.text.clone(), release: e.release.version, span: e.span }).collect()
    };
    Some(Reliability {
        machine: row.machine.text.clone(),
        device: row.device.text.clone(),
        detection,
        events: names(&row.events),
        since: row.since.map(|v| v.version),
        summary: row.summary.clone(),
        doc: row.doc.clone(),
        history: row
            .history
            .iter()
            .map(|p| Period {
                since: p.since.version,
                detection: p.detection.map_or(detection, |(d, _)| d),
                events: names(&p.events),
                doc: p.doc.clone(),
                evidence: evidence(&p.evidence),
                span: p.span,
            })
            .collect(),
        repeat: row.repeat.clone(),
        reset: row.reset.clone(),
        gap: row.gap.as_ref().map(|g| Gap { strength: g.strength, doc: g.doc.clone() }),
        evidence: evidence(&row.evidence),
        span: row.span,
    })
}

/// Marks every type reachable from command arguments as input and every
/// type reachable from events, returns and the QMP greeting as output.
fn compute_usage(schema: &mut Schema) {
    let mut input = Vec::new();
    let mut output: Vec<Type> = crate::rules::GREETING_TYPES.iter().map(|name| Type::Named((*name).to_owned())).collect();
    for definition in &schema.definitions {
        match &definition.kind {
            DefKind::Event(event) => {
                output.extend(event.data_type.iter().map(|n| Type::Named(n.clone())));
                output.extend(event.members.iter().map(|m| m.ty.clone()));
            }
            DefKind::Command(command) => {
                input.extend(command.data_type.iter().map(|n| Type::Named(n.clone())));
                input.extend(command.arguments.iter().map(|m| m.ty.clone()));
                output.extend(command.returns.iter().cloned());
            }
            _ => {}
        }
    }
    for id in schema.reachable_types(input) {
        schema.definitions[id].usage.input = true;
    }
    for id in schema.reachable_types(output) {
        schema.definitions[id].usage.output = true;
    }
}
