//! Parse phase: a file's YAML node tree to the raw AST. Checks value shapes
//! and keys locally (unknown keys with a "did you mean", wrong shapes,
//! malformed versions), records every problem and keeps going, so one run
//! shows all of them. Cross-item rules belong to `check`.

use crate::ast::{
    AlternateBranch, Base, Branch, Command, Data, DefKind, Definition, DeprecationMeta, Entry, EnumValue, Example, ExampleMessage, Feature, File,
    EvidenceRow, GapRow, Member, Meta, Name, PeriodRow, Policy, Pragma, ReliabilityRow, SpannedVersion, TypeRef,
};
use crate::diag::Diagnostics;
use crate::keys::{self, KINDS, Key};
use crate::load::{Node, Value};
use crate::model::{Condition, Detection, Direction, Doc, Origin, Strength};
use crate::source::{FileId, Span};
use crate::suggest::did_you_mean;


/// Parses the root node of one file.
pub fn file(cx: &mut Diagnostics, id: FileId, root: Node) -> File {
    let mut parsed = File {
        id,
        module: None,
        version: None,
        origin: None,
        doc: None,
        includes: Vec::new(),
        included: Vec::new(),
        policy: Policy::default(),
        pragma: Pragma::default(),
        entries: Vec::new(),
        reliability: Vec::new(),
    };
    let Some(mut fields) = Fields::new(cx, root, "a schema file") else {
        return parsed;
    };
    parsed.module = fields.take(keys::MODULE).and_then(|n| name(cx, n)).filter(|module| {
        let valid = module.text.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && module.text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !module.text.contains("..");
        if !valid {
            cx.error(module.span, format!("invalid module name `{}`", module.text)).help("output files are named after the module: use letters, digits, `-`, `_` and `.`");
        }
        valid
    });
    parsed.version = fields.take(keys::VERSION).and_then(|n| version(cx, n));
    parsed.origin = fields.take(keys::ORIGIN).and_then(|n| match n.as_str() {
        Some("yaml") => Some(Origin::Yaml),
        Some("qapi") => Some(Origin::Qapi),
        _ => {
            cx.error(n.span, "`origin` must be `yaml` or `qapi`");
            None
        }
    });
    parsed.doc = fields.take(keys::DOC).and_then(|n| doc(cx, n));
    if let Some(node) = fields.take(keys::INCLUDE) {
        parsed.includes = list(cx, node, "a list of file paths").into_iter().filter_map(|n| name(cx, n)).collect();
    }
    if let Some(node) = fields.take(keys::POLICY) {
        parsed.policy = policy(cx, node);
    }
    if let Some(node) = fields.take(keys::PRAGMA) {
        parsed.pragma = pragma(cx, node);
    }
    if let Some(node) = fields.take(keys::DEFINITIONS) {
        parsed.entries = list(cx, node, "a list of definitions").into_iter().filter_map(|n| entry(cx, id, n)).collect();
    }
    if let Some(node) = fields.take(keys::RELIABILITY) {
        parsed.reliability = list(cx, node, "a list of reliability rows").into_iter().filter_map(|n| reliability(cx, n)).collect();
    }
    fields.finish(cx);
    parsed
}

/// The keys of one mapping: taken one by one, the rest reported as unknown.
///
/// A mapping is parsed once per definition, member and value, so this
/// allocates nothing: a key was used when it is one of the keys taken, at
/// its first occurrence, and the keys taken fit a small array.
struct Fields {
    entries: Vec<(Node, Node)>,
    known: KnownKeys,
    what: &'static str,
    span: Span,
}

/// The keys a parse function asked for, in order.
struct KnownKeys {
    first: [Key; KnownKeys::INLINE],
    len: usize,
    /// Any beyond the first `INLINE` (no mapping of the language has that many).
    more: Vec<Key>,
}

impl KnownKeys {
    const INLINE: usize = 24;

    fn new() -> Self {
        KnownKeys { first: [keys::DOC; Self::INLINE], len: 0, more: Vec::new() }
    }

    fn push(&mut self, key: Key) {
        match self.first.get_mut(self.len) {
            Some(slot) => {
                *slot = key;
                self.len += 1;
            }
            None => self.more.push(key),
        }
    }

    fn iter(&self) -> impl Iterator<Item = Key> + '_ {
        self.first[..self.len].iter().chain(&self.more).copied()
    }
}

impl Fields {
    fn new(cx: &mut Diagnostics, node: Node, what: &'static str) -> Option<Self> {
        match node.value {
            Value::Map(entries) => {
                for (key, _) in &entries {
                    if key.as_str().is_none() {
                        cx.error(key.span, format!("expected a string key, found {}", key.describe()));
                    }
                }
                Some(Fields { entries, known: KnownKeys::new(), what, span: node.span })
            }
            _ => {
                cx.error(node.span, format!("{what} must be a mapping, found {}", node.describe()));
                None
            }
        }
    }

    /// The value of `key`, moved out (its place keeps the key for `finish`).
    fn take(&mut self, key: Key) -> Option<Node> {
        self.known.push(key);
        let (_, value) = self.entries.iter_mut().find(|(k, _)| k.as_str() == Some(key.as_str()))?;
        let span = value.span;
        Some(std::mem::replace(value, Node { value: Value::Null, span }))
    }

    fn require(&mut self, cx: &mut Diagnostics, key: Key) -> Option<Node> {
        let found = self.take(key);
        if found.is_none() {
            cx.error(self.span, format!("{} needs `{key}`", self.what));
        }
        found
    }

    fn finish(self, cx: &mut Diagnostics) {
        for (index, (key, _)) in self.entries.iter().enumerate() {
            let Some(text) = key.as_str() else { continue };
            // Used: a key taken, at its first occurrence (the one `take` finds).
            let taken = self.known.iter().any(|known| known.as_str() == text);
            if taken && !self.entries[..index].iter().any(|(earlier, _)| earlier.as_str() == Some(text)) {
                continue;
            }
            let diagnostic = cx.error(key.span, format!("unknown key `{text}` in {}", self.what));
            match did_you_mean(text, self.known.iter().map(Key::as_str)) {
                Some(suggestion) => diagnostic.help(format!("did you mean `{suggestion}`?")),
                None => diagnostic.help(format!("expected one of {}", self.known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))),
            };
        }
    }
}

fn list(cx: &mut Diagnostics, node: Node, what: &str) -> Vec<Node> {
    match node.value {
        Value::Seq(items) => items,
        Value::Null => Vec::new(),
        _ => {
            cx.error(node.span, format!("expected {what}, found {}", node.describe()));
            Vec::new()
        }
    }
}

fn name(cx: &mut Diagnostics, node: Node) -> Option<Name> {
    match node.value {
        Value::Str(text) => Some(Name { text, span: node.span }),
        Value::Int(number) => Some(Name { text: number.to_string(), span: node.span }),
        _ => {
            cx.error(node.span, format!("expected a name, found {}", node.describe()));
            None
        }
    }
}

fn flag(cx: &mut Diagnostics, node: Node) -> Option<(bool, Span)> {
    match node.value {
        Value::Bool(value) => Some((value, node.span)),
        _ => {
            cx.error(node.span, format!("expected `true` or `false`, found {}", node.describe()));
            None
        }
    }
}

fn count(cx: &mut Diagnostics, node: Node) -> Option<(u32, Span)> {
    match node.value {
        Value::Int(value) if (0..=1000).contains(&value) => Some((u32::try_from(value).unwrap_or(0), node.span)),
        _ => {
            cx.error(node.span, "expected a whole number from 0 to 1000");
            None
        }
    }
}

fn doc(cx: &mut Diagnostics, node: Node) -> Option<Doc> {
    match node.value {
        Value::Str(text) => Some(Doc { text, span: node.span }),
        _ => {
            cx.error(node.span, format!("`doc` must be Markdown text, found {}", node.describe()));
            None
        }
    }
}

/// A version string.
pub(crate) fn version(cx: &mut Diagnostics, node: Node) -> Option<SpannedVersion> {
    match &node.value {
        Value::Str(text) => match crate::rules::version(text) {
            Ok(version) => Some(SpannedVersion { version, span: node.span }),
            Err(problem) => {
                cx.error(node.span, problem.message).help(problem.help);
                None
            }
        },
        Value::Float(text) => {
            cx.error(node.span, "a version must be a quoted string").help(format!("write \"{text}\" (unquoted, YAML reads a number)"));
            None
        }
        _ => {
            cx.error(node.span, format!("expected a version string, found {}", node.describe())).help("write e.g. \"9.2\"");
            None
        }
    }
}

fn policy(cx: &mut Diagnostics, node: Node) -> Policy {
    let mut parsed = Policy::default();
    let Some(mut fields) = Fields::new(cx, node, "`policy`") else { return parsed };
    parsed.deprecation_releases = fields.take(keys::DEPRECATION_RELEASES).and_then(|n| count(cx, n));
    parsed.minors_per_major = fields.take(keys::MINORS_PER_MAJOR).and_then(|n| count(cx, n));
    if let Some((0, span)) = parsed.minors_per_major {
        cx.error(span, "`minors-per-major` must be at least 1");
    }
    fields.finish(cx);
    parsed
}

fn pragma(cx: &mut Diagnostics, node: Node) -> Pragma {
    let mut parsed = Pragma::default();
    let Some(mut fields) = Fields::new(cx, node, "`pragma`") else { return parsed };
    parsed.doc_required = fields.take(keys::DOC_REQUIRED).and_then(|n| flag(cx, n)).map(|(v, _)| v);
    let names = |cx: &mut Diagnostics, node: Option<Node>| -> Vec<Name> {
        node.map(|n| list(cx, n, "a list of names").into_iter().filter_map(|n| name(cx, n)).collect()).unwrap_or_default()
    };
    parsed.member_name_exceptions = names(cx, fields.take(keys::MEMBER_NAME_EXCEPTIONS));
    parsed.command_name_exceptions = names(cx, fields.take(keys::COMMAND_NAME_EXCEPTIONS));
    parsed.command_returns_exceptions = names(cx, fields.take(keys::COMMAND_RETURNS_EXCEPTIONS));
    parsed.documentation_exceptions = names(cx, fields.take(keys::DOCUMENTATION_EXCEPTIONS));
    fields.finish(cx);
    parsed
}

fn entry(cx: &mut Diagnostics, file: FileId, node: Node) -> Option<Entry> {
    let Value::Map(entries) = &node.value else {
        cx.error(node.span, format!("a definition must be a mapping, found {}", node.describe()));
        return None;
    };
    let Some((first_key, _)) = entries.first() else {
        let kinds = KINDS.map(|k| format!("`{k}`")).join(", ");
        cx.error(node.span, "an empty mapping is not a definition").help(format!("start with one of {kinds}, or write `{}:` alone", keys::DOC));
        return None;
    };
    let written = first_key.as_str().unwrap_or_default();
    if written == keys::DOC && entries.len() == 1 {
        let Value::Map(mut entries) = node.value else { return None };
        return entries.pop().and_then(|(_, value)| doc(cx, value)).map(Entry::Doc);
    }
    let Some(kind) = KINDS.into_iter().find(|kind| written == *kind) else {
        let diagnostic = cx.error(first_key.span, format!("a definition must start with its kind, found `{written}`"));
        match did_you_mean(written, KINDS.map(Key::as_str)) {
            Some(suggestion) => diagnostic.help(format!("did you mean `{suggestion}`?")),
            None => diagnostic.help(format!("start with one of {}, or write `{}:` alone", KINDS.map(|k| format!("`{k}`")).join(", "), keys::DOC)),
        };
        return None;
    };
    let what = match kind {
        keys::ENUM => "an enum",
        keys::STRUCT => "a struct",
        keys::UNION => "a union",
        keys::ALTERNATE => "an alternate",
        keys::EVENT => "an event",
        _ => "a command",
    };
    let mut fields = Fields::new(cx, node, what)?;
    let def_name = fields.take(kind).and_then(|n| name(cx, n));
    let meta = meta(cx, &mut fields);
    let examples = fields.take(keys::EXAMPLES).map(|n| examples(cx, n)).unwrap_or_default();
    let implicit = fields.take(keys::IMPLICIT).and_then(|n| flag(cx, n)).is_some_and(|(b, _)| b);
    let def_kind = match kind {
        keys::ENUM => {
            let values = fields.require(cx, keys::DATA).map(|n| enum_values(cx, n)).unwrap_or_default();
            let prefix = fields.take(keys::PREFIX).and_then(|n| name(cx, n));
            DefKind::Enum { values, prefix }
        }
        keys::STRUCT => {
            let base = fields.take(keys::BASE).and_then(|n| name(cx, n));
            let members = fields.require(cx, keys::DATA).map(|n| members(cx, n)).unwrap_or_default();
            DefKind::Struct { base, members }
        }
        keys::UNION => {
            let base = fields.require(cx, keys::BASE).and_then(|n| match &n.value {
                Value::Map(_) => {
                    let span = n.span;
                    Some(Base::Inline(members(cx, n), span))
                }
                _ => name(cx, n).map(Base::Named),
            });
            let discriminator = fields.require(cx, keys::DISCRIMINATOR).and_then(|n| name(cx, n));
            let branches = fields.require(cx, keys::DATA).map(|n| union_branches(cx, n)).unwrap_or_default();
            DefKind::Union { base, discriminator, branches }
        }
        keys::ALTERNATE => {
            let branches = fields.require(cx, keys::DATA).map(|n| alternate_branches(cx, n)).unwrap_or_default();
            DefKind::Alternate { branches }
        }
        keys::EVENT => {
            let data = fields.take(keys::DATA).and_then(|n| data(cx, n));
            let boxed = fields.take(keys::BOXED).and_then(|n| flag(cx, n));
            DefKind::Event { data, boxed }
        }
        _ => {
            let mut command = Command {
                data: fields.take(keys::DATA).and_then(|n| data(cx, n)),
                returns: fields.take(keys::RETURNS).and_then(|n| type_ref(cx, n)),
                ..Command::default()
            };
            command.boxed = fields.take(keys::BOXED).and_then(|n| flag(cx, n));
            command.success_response = fields.take(keys::SUCCESS_RESPONSE).and_then(|n| flag(cx, n));
            command.allow_oob = fields.take(keys::ALLOW_OOB).and_then(|n| flag(cx, n));
            command.allow_preconfig = fields.take(keys::ALLOW_PRECONFIG).and_then(|n| flag(cx, n));
            command.coroutine = fields.take(keys::COROUTINE).and_then(|n| flag(cx, n));
            command.generate = fields.take(keys::GEN).and_then(|n| flag(cx, n));
            DefKind::Command(Box::new(command))
        }
    };
    fields.finish(cx);
    Some(Entry::Definition(Definition { name: def_name?, meta, examples, kind: def_kind, file, implicit }))
}

/// `doc`, `since`, `if`, `features` of the mapping behind `fields`.
fn meta(cx: &mut Diagnostics, fields: &mut Fields) -> Meta {
    Meta {
        doc: fields.take(keys::DOC).and_then(|n| doc(cx, n)),
        since: fields.take(keys::SINCE).and_then(|n| version(cx, n)),
        condition: fields.take(keys::IF).and_then(|n| {
            let span = n.span;
            condition(cx, n).map(|c| (c, span))
        }),
        features: fields.take(keys::FEATURES).map(|n| features(cx, n)).unwrap_or_default(),
    }
}

/// A condition; its nesting is bounded by the loader's depth limit.
fn condition(cx: &mut Diagnostics, node: Node) -> Option<Condition> {
    match node.value {
        Value::Str(text) => {
            if text.is_empty() || !text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.') {
                cx.error(node.span, format!("invalid condition name `{text}`")).help("use letters, digits, `_`, `-` and `.`");
                return None;
            }
            Some(Condition::Flag(text))
        }
        Value::Map(mut entries) if entries.len() == 1 => {
            let (key, value) = entries.pop()?;
            let value_span = value.span;
            let operands = |cx: &mut Diagnostics, value: Node| -> Option<Vec<Condition>> {
                let items = list(cx, value, "a list of conditions");
                if items.is_empty() {
                    cx.error(value_span, "a condition list must not be empty");
                    return None;
                }
                let parsed: Vec<Option<Condition>> = items.into_iter().map(|n| condition(cx, n)).collect();
                parsed.into_iter().collect()
            };
            match key.as_str().unwrap_or_default() {
                text if text == keys::ALL_OF => operands(cx, value).map(Condition::All),
                text if text == keys::ANY_OF => operands(cx, value).map(Condition::Any),
                text if text == keys::NOT => condition(cx, value).map(|c| Condition::Not(Box::new(c))),
                text => {
                    let diagnostic = cx.error(key.span, format!("unknown condition operator `{text}`"));
                    if let Some(suggestion) = did_you_mean(text, [keys::ALL_OF, keys::ANY_OF, keys::NOT].map(Key::as_str)) {
                        diagnostic.help(format!("did you mean `{suggestion}`?"));
                    } else {
                        diagnostic.help("expected `all`, `any` or `not`");
                    }
                    None
                }
            }
        }
        _ => {
            cx.error(node.span, "a condition is a name or a mapping with one of `all`, `any`, `not`");
            None
        }
    }
}

fn features(cx: &mut Diagnostics, node: Node) -> Vec<Feature> {
    match node.value {
        Value::Seq(items) => items
            .into_iter()
            .filter_map(|item| match &item.value {
                Value::Map(_) => {
                    let mut fields = Fields::new(cx, item, "a feature")?;
                    let name = fields.require(cx, keys::NAME).and_then(|n| name(cx, n));
                    let condition = fields.take(keys::IF).and_then(|n| condition(cx, n));
                    fields.finish(cx);
                    Some(Feature { name: name?, condition, deprecation: None })
                }
                _ => name(cx, item).map(|name| Feature { name, condition: None, deprecation: None }),
            })
            .collect(),
        Value::Map(entries) => entries
            .into_iter()
            .filter_map(|(key, value)| {
                let feature_name = name(cx, key)?;
                match &value.value {
                    Value::Null => Some(Feature { name: feature_name, condition: None, deprecation: None }),
                    _ => {
                        let deprecated = feature_name.text == "deprecated";
                        let mut fields = Fields::new(cx, value, if deprecated { "`deprecated` metadata" } else { "feature metadata" })?;
                        let condition = fields.take(keys::IF).and_then(|n| condition(cx, n));
                        let mut meta = DeprecationMeta { doc: fields.take(keys::DOC).and_then(|n| doc(cx, n)), ..DeprecationMeta::default() };
                        if deprecated {
                            meta.since = fields.take(keys::SINCE).and_then(|n| version(cx, n));
                            meta.replaced_by = fields.take(keys::REPLACED_BY).and_then(|n| name(cx, n));
                            meta.removal = fields.take(keys::REMOVAL).and_then(|n| version(cx, n));
                        }
                        fields.finish(cx);
                        Some(Feature { name: feature_name, condition, deprecation: Some(meta) })
                    }
                }
            })
            .collect(),
        Value::Null => Vec::new(),
        _ => {
            cx.error(node.span, format!("`features` must be a list of names or a mapping, found {}", node.describe()));
            Vec::new()
        }
    }
}

fn enum_values(cx: &mut Diagnostics, node: Node) -> Vec<EnumValue> {
    list(cx, node, "a list of enum values")
        .into_iter()
        .filter_map(|item| match &item.value {
            Value::Map(_) => {
                let mut fields = Fields::new(cx, item, "an enum value")?;
                let name = fields.require(cx, keys::NAME).and_then(|n| name(cx, n));
                let meta = meta(cx, &mut fields);
                fields.finish(cx);
                Some(EnumValue { name: name?, meta })
            }
            _ => name(cx, item).map(|name| EnumValue { name, meta: Meta::default() }),
        })
        .collect()
}

/// A type written as `T`, `[T]` or `"[T]"`.
fn type_ref(cx: &mut Diagnostics, node: Node) -> Option<TypeRef> {
    match node.value {
        Value::Str(text) => {
            if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
                let inner = inner.trim();
                if inner.is_empty() || inner.contains(['[', ']']) {
                    cx.error(node.span, format!("invalid array type `{text}`")).help("write `[T]` with one element type");
                    return None;
                }
                return Some(TypeRef::Array(Box::new(TypeRef::Name(Name { text: inner.to_string(), span: node.span })), node.span));
            }
            Some(TypeRef::Name(Name { text, span: node.span }))
        }
        Value::Seq(mut items) if items.len() == 1 => {
            let inner = type_ref(cx, items.pop()?)?;
            if matches!(inner, TypeRef::Array(..)) {
                cx.error(node.span, "arrays of arrays are not supported").help("define a struct that holds the inner array");
                return None;
            }
            Some(TypeRef::Array(Box::new(inner), node.span))
        }
        Value::Seq(_) => {
            cx.error(node.span, "an array type has exactly one element type").help("write `[T]`");
            None
        }
        _ => {
            cx.error(node.span, format!("expected a type, found {}", node.describe()));
            None
        }
    }
}

fn members(cx: &mut Diagnostics, node: Node) -> Vec<Member> {
    let Value::Map(entries) = node.value else {
        if node.value != Value::Null {
            cx.error(node.span, format!("members must be a mapping from name to type, found {}", node.describe()))
                .help("write e.g. `data: {device?: str, path: str}`");
        }
        return Vec::new();
    };
    entries
        .into_iter()
        .filter_map(|(key, value)| {
            let mut member_name = name(cx, key)?;
            let mut optional = member_name.text.ends_with('?');
            if optional {
                member_name.text.pop();
            }
            match &value.value {
                Value::Map(_) => {
                    let mut fields = Fields::new(cx, value, "a member")?;
                    let ty = fields.require(cx, keys::TYPE).and_then(|n| type_ref(cx, n));
                    if let Some((flag, span)) = fields.take(keys::OPTIONAL).and_then(|n| flag(cx, n)) {
                        if optional && !flag {
                            cx.error(span, format!("member `{}` is marked optional by `?` but has `optional: false`", member_name.text));
                        }
                        optional |= flag;
                    }
                    let meta = meta(cx, &mut fields);
                    fields.finish(cx);
                    Some(Member { name: member_name, optional, ty: ty?, meta })
                }
                _ => type_ref(cx, value).map(|ty| Member { name: member_name, optional, ty, meta: Meta::default() }),
            }
        })
        .collect()
}

fn union_branches(cx: &mut Diagnostics, node: Node) -> Vec<Branch> {
    let Value::Map(entries) = node.value else {
        cx.error(node.span, format!("union `data` must map discriminator values to struct names, found {}", node.describe()));
        return Vec::new();
    };
    entries
        .into_iter()
        .filter_map(|(key, value)| {
            let value_name = name(cx, key)?;
            match &value.value {
                Value::Map(_) => {
                    let mut fields = Fields::new(cx, value, "a union branch")?;
                    let ty = fields.require(cx, keys::TYPE).and_then(|n| type_ref(cx, n));
                    let condition = fields.take(keys::IF).and_then(|n| condition(cx, n));
                    fields.finish(cx);
                    Some(Branch { value: value_name, ty: ty?, condition })
                }
                _ => type_ref(cx, value).map(|ty| Branch { value: value_name, ty, condition: None }),
            }
        })
        .collect()
}

fn alternate_branches(cx: &mut Diagnostics, node: Node) -> Vec<AlternateBranch> {
    let Value::Map(entries) = node.value else {
        cx.error(node.span, format!("alternate `data` must map branch names to types, found {}", node.describe()));
        return Vec::new();
    };
    entries
        .into_iter()
        .filter_map(|(key, value)| {
            let branch_name = name(cx, key)?;
            match &value.value {
                Value::Map(_) => {
                    let mut fields = Fields::new(cx, value, "an alternate branch")?;
                    let ty = fields.require(cx, keys::TYPE).and_then(|n| type_ref(cx, n));
                    let condition = fields.take(keys::IF).and_then(|n| condition(cx, n));
                    fields.finish(cx);
                    Some(AlternateBranch { name: branch_name, ty: ty?, condition })
                }
                _ => type_ref(cx, value).map(|ty| AlternateBranch { name: branch_name, ty, condition: None }),
            }
        })
        .collect()
}

fn data(cx: &mut Diagnostics, node: Node) -> Option<Data> {
    match &node.value {
        Value::Map(_) => Some(Data::Inline(members(cx, node))),
        Value::Str(_) => name(cx, node).map(Data::Named),
        _ => {
            cx.error(node.span, format!("`data` must be a type name or a mapping of members, found {}", node.describe()));
            None
        }
    }
}

fn examples(cx: &mut Diagnostics, node: Node) -> Vec<Example> {
    list(cx, node, "a list of examples")
        .into_iter()
        .filter_map(|item| {
            let item_span = item.span;
            let mut fields = Fields::new(cx, item, "an example")?;
            let doc = fields.take(keys::DOC).and_then(|n| doc(cx, n));
            let single = fields.take(keys::MESSAGE);
            let several = fields.take(keys::MESSAGES);
            let messages = match (single, several) {
                (Some(message), None) => {
                    let span = message.span;
                    json(cx, message).map(|(value, spans)| vec![ExampleMessage { direction: None, message: value, spans, span }])
                }
                (None, Some(list_node)) => Some(
                    list(cx, list_node, "a list of messages")
                        .into_iter()
                        .filter_map(|entry| {
                            let mut fields = Fields::new(cx, entry, "an example message")?;
                            let direction = fields.require(cx, keys::DIRECTION).and_then(|n| match n.as_str() {
                                Some("to-server") => Some(Direction::ToServer),
                                Some("from-server") => Some(Direction::FromServer),
                                _ => {
                                    cx.error(n.span, "`direction` must be `to-server` or `from-server`");
                                    None
                                }
                            });
                            let message = fields.require(cx, keys::MESSAGE);
                            fields.finish(cx);
                            let message = message?;
                            let span = message.span;
                            let (value, spans) = json(cx, message)?;
                            Some(ExampleMessage { direction: Some(direction?), message: value, spans, span })
                        })
                        .collect(),
                ),
                (Some(_), Some(list_node)) => {
                    cx.error(list_node.span, "an example has either `message` or `messages`, not both");
                    None
                }
                (None, None) => {
                    cx.error(item_span, "an example needs `message` or `messages`");
                    None
                }
            };
            fields.finish(cx);
            Some(Example { doc, messages: messages?, span: item_span })
        })
        .collect()
}

/// Converts a YAML message to JSON, recording the span of every value by JSON pointer.
fn json(cx: &mut Diagnostics, node: Node) -> Option<(serde_json::Value, Vec<(String, Span)>)> {
    let mut spans = Vec::new();
    let (span, found) = (node.span, node.describe());
    let value = json_value(cx, node, String::new(), &mut spans)?;
    if !value.is_object() {
        cx.error(span, format!("a QMP message must be a mapping, found {found}"));
        return None;
    }
    Some((value, spans))
}

fn json_value(cx: &mut Diagnostics, node: Node, pointer: String, spans: &mut Vec<(String, Span)>) -> Option<serde_json::Value> {
    // Each value's pointer is allocated once, for its entry in `spans`.
    let at = spans.len();
    spans.push((pointer, node.span));
    Some(match node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(flag) => serde_json::Value::Bool(flag),
        Value::Int(number) => serde_json::Value::from(number),
        Value::Float(text) if text.parse::<u64>().is_ok() => serde_json::Value::from(text.parse::<u64>().unwrap_or_default()),
        Value::Float(text) => match text.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            Some(number) => serde_json::Value::Number(number),
            None => {
                cx.error(node.span, format!("`{text}` is not a JSON number"));
                return None;
            }
        },
        Value::Str(text) => serde_json::Value::String(text),
        Value::Seq(items) => {
            let mut array = Vec::with_capacity(items.len());
            for (index, item) in items.into_iter().enumerate() {
                let child = format!("{}/{index}", spans[at].0);
                array.push(json_value(cx, item, child, spans)?);
            }
            serde_json::Value::Array(array)
        }
        Value::Map(entries) => {
            let mut object = serde_json::Map::with_capacity(entries.len());
            for (key, value) in entries {
                let Value::Str(key_text) = key.value else {
                    cx.error(key.span, "JSON object keys must be strings");
                    return None;
                };
                let child = crate::rules::pointer_to_member(&spans[at].0, &key_text);
                let value = json_value(cx, value, child, spans)?;
                object.insert(key_text, value);
            }
            serde_json::Value::Object(object)
        }
    })
}

fn reliability(cx: &mut Diagnostics, node: Node) -> Option<ReliabilityRow> {
    let span = node.span;
    let mut fields = Fields::new(cx, node, "a reliability row")?;
    let machine = fields.require(cx, keys::MACHINE).and_then(|n| name(cx, n));
    let device = fields.require(cx, keys::DEVICE).and_then(|n| name(cx, n));
    let detection = fields.require(cx, keys::DETECTION).and_then(|n| detection(cx, n));
    let events = fields.take(keys::EVENT).map(|n| events(cx, n)).unwrap_or_default();
    let since = fields.take(keys::SINCE).and_then(|n| version(cx, n));
    let summary = fields.take(keys::SUMMARY).and_then(|n| doc(cx, n));
    let text = fields.take(keys::DOC).and_then(|n| doc(cx, n));
    let history = fields.take(keys::HISTORY).map(|n| list(cx, n, "a list of earlier periods")).unwrap_or_default();
    let history = history.into_iter().filter_map(|n| period(cx, n)).collect();
    let repeat = fields.take(keys::REPEAT).and_then(|n| doc(cx, n));
    let reset = fields.take(keys::RESET).and_then(|n| doc(cx, n));
    let gap = fields.take(keys::GAP).and_then(|n| gap(cx, n));
    let evidence = fields.take(keys::EVIDENCE).map(|n| evidence(cx, n)).unwrap_or_default();
    fields.finish(cx);
    Some(ReliabilityRow {
        machine: machine?,
        device: device?,
        detection,
        events,
        since,
        summary,
        doc: text,
        history,
        repeat,
        reset,
        gap,
        evidence,
        span,
    })
}

/// A keyword of `keywords`, or an error with a "did you mean".
fn keyword<T: Copy>(cx: &mut Diagnostics, node: Node, what: &str, all: &[T], keyword: fn(T) -> &'static str) -> Option<(T, Span)> {
    let text = node.as_str().unwrap_or_default();
    if let Some(found) = all.iter().copied().find(|k| keyword(*k) == text) {
        return Some((found, node.span));
    }
    let diagnostic = cx.error(node.span, format!("unknown {what} `{text}`"));
    match did_you_mean(text, all.iter().map(|k| keyword(*k))) {
        Some(suggestion) => diagnostic.help(format!("did you mean `{suggestion}`?")),
        None => diagnostic.help(format!("expected {}", all.iter().map(|k| format!("`{}`", keyword(*k))).collect::<Vec<_>>().join(", "))),
    };
    None
}

fn detection(cx: &mut Diagnostics, node: Node) -> Option<(Detection, Span)> {
    keyword(cx, node, "detection kind", &Detection::ALL, Detection::keyword)
}

/// `event`: one event name, or a list of them.
fn events(cx: &mut Diagnostics, node: Node) -> Vec<Name> {
    match node.value {
        Value::Seq(items) => items.into_iter().filter_map(|n| name(cx, n)).collect(),
        value => name(cx, Node { value, span: node.span }).into_iter().collect(),
    }
}

/// One `history` entry.
fn period(cx: &mut Diagnostics, node: Node) -> Option<PeriodRow> {
    let span = node.span;
    let mut fields = Fields::new(cx, node, "a history entry")?;
    let since = fields.require(cx, keys::SINCE).and_then(|n| version(cx, n));
    let detection = fields.take(keys::DETECTION).and_then(|n| detection(cx, n));
    let events = fields.take(keys::EVENT).map(|n| events(cx, n)).unwrap_or_default();
    let doc = fields.take(keys::DOC).and_then(|n| doc(cx, n));
    let evidence = fields.take(keys::EVIDENCE).map(|n| evidence(cx, n)).unwrap_or_default();
    fields.finish(cx);
    Some(PeriodRow { since: since?, detection, events, doc, evidence, span })
}

/// `gap`: `strength` and `doc`, both required.
fn gap(cx: &mut Diagnostics, node: Node) -> Option<GapRow> {
    let mut fields = Fields::new(cx, node, "a gap")?;
    let strength = fields.require(cx, keys::STRENGTH).and_then(|n| keyword(cx, n, "gap strength", &Strength::ALL, Strength::keyword));
    let doc = fields.require(cx, keys::DOC).and_then(|n| doc(cx, n));
    fields.finish(cx);
    Some(GapRow { strength: strength?.0, doc: doc? })
}

/// `evidence`: a list of `{file, function, release}`, each shape checked
/// by the rules in `rules.rs`.
fn evidence(cx: &mut Diagnostics, node: Node) -> Vec<EvidenceRow> {
    let mut rows = Vec::new();
    for item in list(cx, node, "a list of evidence entries") {
        let span = item.span;
        let Some(mut fields) = Fields::new(cx, item, "an evidence entry") else { continue };
        let checked = |cx: &mut Diagnostics, n: Node, rule: fn(&str) -> Result<(), crate::rules::Problem>| {
            let found = name(cx, n)?;
            match rule(&found.text) {
                Ok(()) => Some(found),
                Err(problem) => {
                    cx.error(found.span, problem.message).help(problem.help);
                    None
                }
            }
        };
        let file = fields.require(cx, keys::FILE).and_then(|n| checked(cx, n, crate::rules::evidence_file));
        let function = fields.require(cx, keys::FUNCTION).and_then(|n| checked(cx, n, crate::rules::evidence_function));
        let release = fields.require(cx, keys::RELEASE).and_then(|n| version(cx, n));
        fields.finish(cx);
        if let (Some(file), Some(function), Some(release)) = (file, function, release) {
            rows.push(EvidenceRow { file, function, release, span });
        }
    }
    rows
}
