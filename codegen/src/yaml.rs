//! YAML emitter: the model written back in the schema language, one file
//! per module with its includes. `qapi-gen import` uses it to convert a
//! QAPI schema; reading its output back gives the same model.

use std::fmt::Write as _;

use qapi_gen_schema::keys::{self, Key};
use qapi_gen_schema::model::{
    Alternate, AlternateBranch, Command, Condition, DefKind, Definition, Deprecation, Doc, Enum, EnumValue, Event, Example, ExampleMessage,
    Evidence, Feature, Gap, Info, Item, Member, Origin, Period, Reliability, Schema, Struct, Type, Union, Variant,
};

/// Every module of `schema` as `(path relative to the schema root, YAML text)`.
#[must_use]
pub fn emit(schema: &Schema) -> Vec<(String, String)> {
    schema
        .modules
        .iter()
        .enumerate()
        .map(|(index, module)| {
            let path = yaml_path(&module.path);
            let mut out = Writer::default();
            let _ = writeln!(out.text, "# {}", crate::output::header("qapi-gen import"));
            out.key_value(0, keys::MODULE, &plain_or_quoted(&module.name));
            if schema.origin == Origin::Qapi {
                out.key_value(0, keys::ORIGIN, "qapi");
            }
            if let Some(version) = module.version {
                out.key_value(0, keys::VERSION, &quoted(&version.to_string()));
            }
            if let Some(doc) = &module.doc {
                out.doc(0, keys::DOC, doc);
            }
            if index == 0 {
                top_level_settings(&mut out, schema);
            }
            if !module.includes.is_empty() {
                out.line(0, &format!("{}:", keys::INCLUDE));
                for include in &module.includes {
                    out.line(1, &format!("- {}", quoted(&relative(&path, &yaml_path(include)))));
                }
            }
            out.line(0, &format!("{}:", keys::DEFINITIONS));
            let mut empty = true;
            for item in &schema.items {
                match item {
                    Item::Doc(free) if free.module == module.name => {
                        empty = false;
                        out.doc_item(&free.doc);
                    }
                    Item::Definition(id) => {
                        let Some(definition) = schema.definitions.get(*id) else { continue };
                        if definition.module == module.name {
                            empty = false;
                            out.definition(definition);
                        }
                    }
                    Item::Doc(_) => {}
                }
            }
            if empty {
                out.text.truncate(out.text.len() - format!("{}:\n", keys::DEFINITIONS).len());
                out.line(0, &format!("{}: []", keys::DEFINITIONS));
            }
            if index == 0 && !schema.reliability.is_empty() {
                reliability(&mut out, schema);
            }
            (path, out.text)
        })
        .collect()
}

fn top_level_settings(out: &mut Writer, schema: &Schema) {
    if schema.policy.deprecation_releases.is_some() || schema.policy.minors_per_major.is_some() {
        out.line(0, &format!("{}:", keys::POLICY));
        if let Some(releases) = schema.policy.deprecation_releases {
            out.key_value(1, keys::DEPRECATION_RELEASES, &releases.to_string());
        }
        if let Some(per_major) = schema.policy.minors_per_major {
            out.key_value(1, keys::MINORS_PER_MAJOR, &per_major.to_string());
        }
    }
    let pragma = &schema.pragma;
    let lists = [
        (keys::MEMBER_NAME_EXCEPTIONS, &pragma.member_name_exceptions),
        (keys::COMMAND_NAME_EXCEPTIONS, &pragma.command_name_exceptions),
        (keys::COMMAND_RETURNS_EXCEPTIONS, &pragma.command_returns_exceptions),
        (keys::DOCUMENTATION_EXCEPTIONS, &pragma.documentation_exceptions),
    ];
    if pragma.doc_required || lists.iter().any(|(_, list)| !list.is_empty()) {
        out.line(0, &format!("{}:", keys::PRAGMA));
        if pragma.doc_required {
            out.key_value(1, keys::DOC_REQUIRED, "true");
        }
        for (name, list) in lists {
            if !list.is_empty() {
                out.line(1, &format!("{name}:"));
                for entry in list {
                    out.line(2, &format!("- {}", plain_or_quoted(entry)));
                }
            }
        }
    }
}

fn reliability(out: &mut Writer, schema: &Schema) {
    out.line(0, &format!("{}:", keys::RELIABILITY));
    for row in &schema.reliability {
        let Reliability { machine, device, detection, events, since, summary, doc, history, repeat, reset, gap, evidence, span: _ } = row;
        out.line(1, &format!("- {}: {}", keys::MACHINE, plain_or_quoted(machine)));
        out.key_value(2, keys::DEVICE, &plain_or_quoted(device));
        out.key_value(2, keys::DETECTION, detection.keyword());
        write_events(out, 2, events);
        if let Some(since) = since {
            out.key_value(2, keys::SINCE, &quoted(&since.to_string()));
        }
        for (key, doc) in [(keys::SUMMARY, summary), (keys::DOC, doc)] {
            if let Some(doc) = doc {
                out.doc(2, key, doc);
            }
        }
        if !history.is_empty() {
            out.line(2, &format!("{}:", keys::HISTORY));
            for Period { since, detection, events, doc, evidence, span: _ } in history {
                out.line(3, &format!("- {}: {}", keys::SINCE, quoted(&since.to_string())));
                out.key_value(4, keys::DETECTION, detection.keyword());
                write_events(out, 4, events);
                if let Some(doc) = doc {
                    out.doc(4, keys::DOC, doc);
                }
                write_evidence(out, 4, evidence);
            }
        }
        for (key, doc) in [(keys::REPEAT, repeat), (keys::RESET, reset)] {
            if let Some(doc) = doc {
                out.doc(2, key, doc);
            }
        }
        if let Some(Gap { strength, doc }) = gap {
            out.line(2, &format!("{}:", keys::GAP));
            out.key_value(3, keys::STRENGTH, strength.keyword());
            out.doc(3, keys::DOC, doc);
        }
        write_evidence(out, 2, evidence);
    }
}

/// `event:` with one name, or a flow list of several.
fn write_events(out: &mut Writer, indent: usize, events: &[String]) {
    match events {
        [] => {}
        [one] => out.key_value(indent, keys::EVENT, &plain_or_quoted(one)),
        many => out.key_value(indent, keys::EVENT, &format!("[{}]", many.iter().map(|e| plain_or_quoted(e)).collect::<Vec<_>>().join(", "))),
    }
}

fn write_evidence(out: &mut Writer, indent: usize, rows: &[Evidence]) {
    if rows.is_empty() {
        return;
    }
    out.line(indent, &format!("{}:", keys::EVIDENCE));
    for Evidence { file, function, release, span: _ } in rows {
        let release = quoted(&release.to_string());
        out.line(indent + 1, &format!("- {{{}: {}, {}: {}, {}: {release}}}", keys::FILE, plain_or_quoted(file), keys::FUNCTION, plain_or_quoted(function), keys::RELEASE));
    }
}

/// `foo.json` -> `foo.yaml`.
fn yaml_path(path: &str) -> String {
    match path.strip_suffix(".json") {
        Some(stem) => format!("{stem}.yaml"),
        None => path.to_string(),
    }
}

/// `target` (relative to the root) as seen from the file at `from` (relative to the root).
fn relative(from: &str, target: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect::<Vec<_>>().split_last().map(|(_, dirs)| dirs.to_vec()).unwrap_or_default();
    let target_parts: Vec<&str> = target.split('/').collect();
    let common = from_dirs.iter().zip(&target_parts).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from_dirs.len() - common];
    parts.extend(target_parts[common..].iter().map(|p| (*p).to_string()));
    parts.join("/")
}

#[derive(Default)]
struct Writer {
    text: String,
}

impl Writer {
    fn line(&mut self, level: usize, content: &str) {
        let _ = writeln!(self.text, "{}{content}", "  ".repeat(level));
    }

    fn key_value(&mut self, level: usize, key: impl std::fmt::Display, value: &str) {
        self.line(level, &format!("{key}: {value}"));
    }

    /// `key: <doc>` at `level`.
    fn doc(&mut self, level: usize, key: Key, doc: &Doc) {
        self.doc_at(&format!("{}{key}", "  ".repeat(level)), level + 1, doc);
    }

    /// A free-form `- doc:` entry of `definitions`.
    fn doc_item(&mut self, doc: &Doc) {
        self.doc_at("  - doc", 3, doc);
    }

    /// Markdown as a literal block when that keeps it exactly, else quoted.
    fn doc_at(&mut self, key_line: &str, content_level: usize, doc: &Doc) {
        let text = &doc.text;
        let literal_safe = !text.is_empty()
            && !text.starts_with([' ', '\n', '\t'])
            && text.chars().all(|c| c == '\n' || (!c.is_control() && c != '\u{feff}'))
            && !text.lines().any(|l| l.ends_with(' ') || l.ends_with('\t'));
        if !literal_safe || !text.contains('\n') {
            let _ = writeln!(self.text, "{key_line}: {}", quoted(text));
            return;
        }
        let chomp = if text.ends_with("\n\n") {
            "+"
        } else if text.ends_with('\n') {
            ""
        } else {
            "-"
        };
        let _ = writeln!(self.text, "{key_line}: |{chomp}");
        let indent = "  ".repeat(content_level);
        for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
            if line.is_empty() {
                self.text.push('\n');
            } else {
                let _ = writeln!(self.text, "{indent}{line}");
            }
        }
    }

    /// A line `key:` that opens a block.
    fn opens(&mut self, level: usize, key: Key) {
        self.line(level, &format!("{key}:"));
    }

    fn info(&mut self, level: usize, info: &Info) {
        // Derived from `features` when the model was built: not written back.
        let Info { doc, since, condition, features, deprecation, unstable: _, status: _ } = info;
        if let Some(doc) = doc {
            self.doc(level, keys::DOC, doc);
        }
        if let Some(since) = since {
            self.key_value(level, keys::SINCE, &quoted(&since.to_string()));
        }
        if let Some(condition) = condition {
            self.key_value(level, keys::IF, &condition_text(condition));
        }
        if !features.is_empty() {
            self.features(level, features, deprecation.as_ref());
        }
    }

    fn features(&mut self, level: usize, features: &[Feature], deprecation: Option<&Deprecation>) {
        self.opens(level, keys::FEATURES);
        for feature in features {
            let deprecation = if feature.name == Feature::DEPRECATED { deprecation } else { None };
            let has_metadata = feature.condition.is_some() || feature.doc.is_some() || deprecation.is_some_and(|d| d.since.is_some() || d.replaced_by.is_some() || d.removal.is_some());
            if !has_metadata {
                self.key_value(level + 1, plain_or_quoted(&feature.name), "null");
                continue;
            }
            self.line(level + 1, &format!("{}:", plain_or_quoted(&feature.name)));
            self.feature_metadata(level + 2, feature, deprecation);
        }
    }

    fn feature_metadata(&mut self, level: usize, feature: &Feature, deprecation: Option<&Deprecation>) {
        let Feature { name: _, condition, doc, span: _ } = feature;
        if let Some(deprecation) = deprecation {
            // The deprecation's `doc` is the feature's own.
            let Deprecation { since, replaced_by, removal, doc: _, span: _ } = deprecation;
            if let Some(since) = since {
                self.key_value(level, keys::SINCE, &quoted(&since.to_string()));
            }
            if let Some(replacement) = replaced_by {
                self.key_value(level, keys::REPLACED_BY, &plain_or_quoted(&replacement.to_string()));
            }
            if let Some(removal) = removal {
                self.key_value(level, keys::REMOVAL, &quoted(&removal.to_string()));
            }
        }
        if let Some(condition) = condition {
            self.key_value(level, keys::IF, &condition_text(condition));
        }
        if let Some(doc) = doc {
            self.doc(level, keys::DOC, doc);
        }
    }

    fn definition(&mut self, definition: &Definition) {
        // `module` is the file being written; `usage` is derived.
        let Definition { name, span: _, module: _, info, examples, usage: _, implicit, kind } = definition;
        self.line(1, &format!("- {}: {}", kind.keyword(), plain_or_quoted(name)));
        let level = 2;
        self.info(level, info);
        match kind {
            DefKind::Enum(Enum { values, prefix }) => {
                if let Some(prefix) = prefix {
                    self.key_value(level, keys::PREFIX, &plain_or_quoted(prefix));
                }
                self.enum_values(level, values);
            }
            DefKind::Struct(Struct { base, members }) => {
                if let Some(base) = base {
                    self.key_value(level, keys::BASE, &plain_or_quoted(base));
                }
                let own: Vec<&Member> = members.iter().filter(|m| m.inherited_from.is_none()).collect();
                self.members(level, keys::DATA, &own);
            }
            // The discriminator's enum and the variants without a type are derived.
            DefKind::Union(Union { base, base_members, discriminator, discriminator_enum: _, variants }) => {
                match base {
                    Some(base) => self.key_value(level, keys::BASE, &plain_or_quoted(base)),
                    None => self.members(level, keys::BASE, &base_members.iter().collect::<Vec<_>>()),
                }
                self.key_value(level, keys::DISCRIMINATOR, &plain_or_quoted(discriminator));
                let branches: Vec<_> = variants.iter().filter_map(|v| v.ty.as_ref().map(|ty| (v, ty))).collect();
                if branches.is_empty() {
                    self.line(level, &format!("{}: {{}}", keys::DATA));
                } else {
                    self.opens(level, keys::DATA);
                    for (Variant { value, ty: _, condition, span: _ }, ty) in branches {
                        self.branch(level + 1, value, &plain_or_quoted(ty), condition.as_ref());
                    }
                }
            }
            DefKind::Alternate(Alternate { branches }) => {
                self.opens(level, keys::DATA);
                for AlternateBranch { name, ty, condition, span: _ } in branches {
                    self.branch(level + 1, name, &type_text(ty), condition.as_ref());
                }
            }
            DefKind::Event(Event { data_type, members, boxed }) => {
                match data_type {
                    Some(name) => self.key_value(level, keys::DATA, &plain_or_quoted(name)),
                    None if !members.is_empty() => self.members(level, keys::DATA, &members.iter().collect::<Vec<_>>()),
                    None => {}
                }
                if *boxed != Event::DEFAULT_BOXED {
                    self.key_value(level, keys::BOXED, &boxed.to_string());
                }
            }
            DefKind::Command(Command { data_type, arguments, boxed, returns, success_response, allow_oob, allow_preconfig, coroutine, generate }) => {
                match data_type {
                    Some(name) => self.key_value(level, keys::DATA, &plain_or_quoted(name)),
                    None if !arguments.is_empty() => self.members(level, keys::DATA, &arguments.iter().collect::<Vec<_>>()),
                    None => {}
                }
                if let Some(returns) = returns {
                    self.key_value(level, keys::RETURNS, &type_text(returns));
                }
                let flags = [
                    (keys::BOXED, *boxed, Command::DEFAULT_BOXED),
                    (keys::SUCCESS_RESPONSE, *success_response, Command::DEFAULT_SUCCESS_RESPONSE),
                    (keys::ALLOW_OOB, *allow_oob, Command::DEFAULT_ALLOW_OOB),
                    (keys::ALLOW_PRECONFIG, *allow_preconfig, Command::DEFAULT_ALLOW_PRECONFIG),
                    (keys::COROUTINE, *coroutine, Command::DEFAULT_COROUTINE),
                    (keys::GEN, *generate, Command::DEFAULT_GENERATE),
                ];
                for (key, value, default) in flags {
                    if value != default {
                        self.key_value(level, key, &value.to_string());
                    }
                }
            }
        }
        if *implicit {
            self.key_value(level, keys::IMPLICIT, "true");
        }
        self.examples(level, examples);
    }

    /// A union or alternate branch: `name: type`, or the long form with its condition.
    fn branch(&mut self, level: usize, name: &str, ty: &str, condition: Option<&Condition>) {
        match condition {
            Some(condition) => self.line(level, &format!("{}: {{{}: {ty}, {}: {}}}", plain_or_quoted(name), keys::TYPE, keys::IF, condition_text(condition))),
            None => self.key_value(level, plain_or_quoted(name), ty),
        }
    }

    fn enum_values(&mut self, level: usize, values: &[EnumValue]) {
        if values.is_empty() {
            self.line(level, &format!("{}: []", keys::DATA));
            return;
        }
        self.opens(level, keys::DATA);
        for EnumValue { name, span: _, info } in values {
            if *info == Info::default() {
                self.line(level + 1, &format!("- {}", plain_or_quoted(name)));
            } else {
                self.line(level + 1, &format!("- {}: {}", keys::NAME, plain_or_quoted(name)));
                self.info(level + 2, info);
            }
        }
    }

    fn members(&mut self, level: usize, key: Key, members: &[&Member]) {
        if members.is_empty() {
            self.line(level, &format!("{key}: {{}}"));
            return;
        }
        self.opens(level, key);
        for member in members {
            // `inherited_from` is derived from the base.
            let Member { name, span: _, ty, optional, info, inherited_from: _ } = member;
            let name = format!("{name}{}", if *optional { "?" } else { "" });
            if *info == Info::default() {
                self.key_value(level + 1, plain_or_quoted(&name), &type_text(ty));
            } else {
                self.line(level + 1, &format!("{}:", plain_or_quoted(&name)));
                self.key_value(level + 2, keys::TYPE, &type_text(ty));
                self.info(level + 2, info);
            }
        }
    }

    fn examples(&mut self, level: usize, examples: &[Example]) {
        if examples.is_empty() {
            return;
        }
        self.opens(level, keys::EXAMPLES);
        // `valid` is derived: the checker recomputes it when the YAML is read.
        for Example { doc, messages, span: _, valid: _ } in examples {
            self.line(level + 1, &format!("- {}:", keys::MESSAGES));
            // `subject` is derived; value positions are not written back.
            for ExampleMessage { direction, message, subject: _, value_spans: _, span: _ } in messages {
                self.line(level + 3, &format!("- {}: {}", keys::DIRECTION, direction.keyword()));
                self.key_value(level + 4, keys::MESSAGE, &flow_json(message));
            }
            if let Some(doc) = doc {
                self.doc(level + 2, keys::DOC, doc);
            }
        }
    }
}

/// JSON with a space after `:` and `,`: valid YAML flow style, and easier to read.
fn flow_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Array(items) => format!("[{}]", items.iter().map(flow_json).collect::<Vec<_>>().join(", ")),
        serde_json::Value::Object(object) => {
            format!("{{{}}}", object.iter().map(|(k, v)| format!("{}: {}", quoted(k), flow_json(v))).collect::<Vec<_>>().join(", "))
        }
        scalar => scalar.to_string(),
    }
}

fn type_text(ty: &Type) -> String {
    match ty {
        Type::Array(inner) => format!("[{}]", type_text(inner)),
        other => plain_or_quoted(&other.to_string()),
    }
}

fn condition_text(condition: &Condition) -> String {
    let list = |word: &str, items: &[Condition]| format!("{{{word}: [{}]}}", items.iter().map(condition_text).collect::<Vec<_>>().join(", "));
    match condition {
        Condition::Flag(name) => plain_or_quoted(name),
        Condition::All(items) => list(keys::ALL_OF.as_str(), items),
        Condition::Any(items) => list(keys::ANY_OF.as_str(), items),
        Condition::Not(inner) => format!("{{{}: {}}}", keys::NOT, condition_text(inner)),
    }
}

fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// A name as a plain scalar when YAML reads it back as the same string.
fn plain_or_quoted(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '?'))
        && !matches!(text.to_ascii_lowercase().as_str(), "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n")
        && !text.ends_with(['.', '-']);
    if plain { text.to_string() } else { quoted(text) }
}
