//! YAML emitter: the model written back in the schema language, one file
//! per module with its includes. `qapi-gen import` uses it to convert a
//! QAPI schema; reading its output back gives the same model.

use std::fmt::Write as _;

use qapi_gen_schema::model::{
    Condition, DefKind, Definition, Detection, Direction, Doc, EnumValue, Example, Feature, Info, Item, Member, Origin, Schema, Type,
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
            out.key_value(0, "module", &plain_or_quoted(&module.name));
            if schema.origin == Origin::Qapi {
                out.key_value(0, "origin", "qapi");
            }
            if let Some(version) = module.version {
                out.key_value(0, "version", &quoted(&version.to_string()));
            }
            if let Some(doc) = &module.doc {
                out.doc(0, "doc", doc);
            }
            if index == 0 {
                top_level_settings(&mut out, schema);
            }
            if !module.includes.is_empty() {
                out.line(0, "include:");
                for include in &module.includes {
                    out.line(1, &format!("- {}", quoted(&relative(&path, &yaml_path(include)))));
                }
            }
            out.line(0, "definitions:");
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
                out.text.truncate(out.text.len() - "definitions:\n".len());
                out.line(0, "definitions: []");
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
        out.line(0, "policy:");
        if let Some(releases) = schema.policy.deprecation_releases {
            out.key_value(1, "deprecation-releases", &releases.to_string());
        }
        if let Some(per_major) = schema.policy.minors_per_major {
            out.key_value(1, "minors-per-major", &per_major.to_string());
        }
    }
    let pragma = &schema.pragma;
    let lists = [
        ("member-name-exceptions", &pragma.member_name_exceptions),
        ("command-name-exceptions", &pragma.command_name_exceptions),
        ("command-returns-exceptions", &pragma.command_returns_exceptions),
        ("documentation-exceptions", &pragma.documentation_exceptions),
    ];
    if pragma.doc_required || lists.iter().any(|(_, list)| !list.is_empty()) {
        out.line(0, "pragma:");
        if pragma.doc_required {
            out.key_value(1, "doc-required", "true");
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
    out.line(0, "reliability:");
    for row in &schema.reliability {
        out.line(1, &format!("- machine: {}", plain_or_quoted(&row.machine)));
        out.key_value(2, "device", &plain_or_quoted(&row.device));
        out.key_value(2, "detection", detection(row.detection));
        events(out, 2, &row.events);
        if let Some(since) = row.since {
            out.key_value(2, "since", &quoted(&since.to_string()));
        }
        for (key, doc) in [("summary", &row.summary), ("doc", &row.doc)] {
            if let Some(doc) = doc {
                out.doc(2, key, doc);
            }
        }
        if !row.history.is_empty() {
            out.line(2, "history:");
            for period in &row.history {
                out.line(3, &format!("- since: {}", quoted(&period.since.to_string())));
                out.key_value(4, "detection", detection(period.detection));
                events(out, 4, &period.events);
                if let Some(doc) = &period.doc {
                    out.doc(4, "doc", doc);
                }
                evidence(out, 4, &period.evidence);
            }
        }
        for (key, doc) in [("repeat", &row.repeat), ("reset", &row.reset)] {
            if let Some(doc) = doc {
                out.doc(2, key, doc);
            }
        }
        if let Some(gap) = &row.gap {
            out.line(2, "gap:");
            out.key_value(3, "strength", gap.strength.keyword());
            out.doc(3, "doc", &gap.doc);
        }
        evidence(out, 2, &row.evidence);
    }
}

/// `event:` with one name, or a flow list of several.
fn events(out: &mut Writer, indent: usize, events: &[String]) {
    match events {
        [] => {}
        [one] => out.key_value(indent, "event", &plain_or_quoted(one)),
        many => out.key_value(indent, "event", &format!("[{}]", many.iter().map(|e| plain_or_quoted(e)).collect::<Vec<_>>().join(", "))),
    }
}

fn evidence(out: &mut Writer, indent: usize, rows: &[qapi_gen_schema::model::Evidence]) {
    if rows.is_empty() {
        return;
    }
    out.line(indent, "evidence:");
    for row in rows {
        let release = quoted(&row.release.to_string());
        out.line(indent + 1, &format!("- {{file: {}, function: {}, release: {release}}}", plain_or_quoted(&row.file), plain_or_quoted(&row.function)));
    }
}

fn detection(detection: Detection) -> &'static str {
    detection.keyword()
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

    fn key_value(&mut self, level: usize, key: &str, value: &str) {
        self.line(level, &format!("{key}: {value}"));
    }

    /// `key: <doc>` at `level`.
    fn doc(&mut self, level: usize, key: &str, doc: &Doc) {
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

    fn info(&mut self, level: usize, info: &Info) {
        if let Some(doc) = &info.doc {
            self.doc(level, "doc", doc);
        }
        if let Some(since) = info.since {
            self.key_value(level, "since", &quoted(&since.to_string()));
        }
        if let Some(condition) = &info.condition {
            self.key_value(level, "if", &condition_text(condition));
        }
        if !info.features.is_empty() {
            self.features(level, info);
        }
    }

    fn features(&mut self, level: usize, info: &Info) {
        self.line(level, "features:");
        for feature in &info.features {
            let deprecation = if feature.name == "deprecated" { info.deprecation.as_ref() } else { None };
            let has_metadata = feature.condition.is_some() || feature.doc.is_some() || deprecation.is_some_and(|d| d.since.is_some() || d.replaced_by.is_some() || d.removal.is_some());
            if !has_metadata {
                self.key_value(level + 1, &plain_or_quoted(&feature.name), "null");
                continue;
            }
            self.line(level + 1, &format!("{}:", plain_or_quoted(&feature.name)));
            self.feature_metadata(level + 2, feature, deprecation);
        }
    }

    fn feature_metadata(&mut self, level: usize, feature: &Feature, deprecation: Option<&qapi_gen_schema::model::Deprecation>) {
        if let Some(deprecation) = deprecation {
            if let Some(since) = deprecation.since {
                self.key_value(level, "since", &quoted(&since.to_string()));
            }
            if let Some(replacement) = &deprecation.replaced_by {
                self.key_value(level, "replaced-by", &plain_or_quoted(&replacement.to_string()));
            }
            if let Some(removal) = deprecation.removal {
                self.key_value(level, "removal", &quoted(&removal.to_string()));
            }
        }
        if let Some(condition) = &feature.condition {
            self.key_value(level, "if", &condition_text(condition));
        }
        if let Some(doc) = &feature.doc {
            self.doc(level, "doc", doc);
        }
    }

    fn definition(&mut self, definition: &Definition) {
        self.line(1, &format!("- {}: {}", definition.kind.keyword(), plain_or_quoted(&definition.name)));
        let level = 2;
        self.info(level, &definition.info);
        match &definition.kind {
            DefKind::Enum(enumeration) => {
                if let Some(prefix) = &enumeration.prefix {
                    self.key_value(level, "prefix", &plain_or_quoted(prefix));
                }
                self.enum_values(level, &enumeration.values);
            }
            DefKind::Struct(structure) => {
                if let Some(base) = &structure.base {
                    self.key_value(level, "base", &plain_or_quoted(base));
                }
                let own: Vec<&Member> = structure.members.iter().filter(|m| m.inherited_from.is_none()).collect();
                self.members(level, "data", &own);
            }
            DefKind::Union(union) => {
                match &union.base {
                    Some(base) => self.key_value(level, "base", &plain_or_quoted(base)),
                    None => self.members(level, "base", &union.base_members.iter().collect::<Vec<_>>()),
                }
                self.key_value(level, "discriminator", &plain_or_quoted(&union.discriminator));
                let branches: Vec<_> = union.variants.iter().filter_map(|v| v.ty.as_ref().map(|ty| (v, ty))).collect();
                if branches.is_empty() {
                    self.line(level, "data: {}");
                } else {
                    self.line(level, "data:");
                    for (variant, ty) in branches {
                        match &variant.condition {
                            Some(condition) => self.line(level + 1, &format!("{}: {{type: {}, if: {}}}", plain_or_quoted(&variant.value), plain_or_quoted(ty), condition_text(condition))),
                            None => self.key_value(level + 1, &plain_or_quoted(&variant.value), &plain_or_quoted(ty)),
                        }
                    }
                }
            }
            DefKind::Alternate(alternate) => {
                self.line(level, "data:");
                for branch in &alternate.branches {
                    match &branch.condition {
                        Some(condition) => self.line(level + 1, &format!("{}: {{type: {}, if: {}}}", plain_or_quoted(&branch.name), type_text(&branch.ty), condition_text(condition))),
                        None => self.key_value(level + 1, &plain_or_quoted(&branch.name), &type_text(&branch.ty)),
                    }
                }
            }
            DefKind::Event(event) => {
                match &event.data_type {
                    Some(name) => self.key_value(level, "data", &plain_or_quoted(name)),
                    None if !event.members.is_empty() => self.members(level, "data", &event.members.iter().collect::<Vec<_>>()),
                    None => {}
                }
                if event.boxed {
                    self.key_value(level, "boxed", "true");
                }
            }
            DefKind::Command(command) => {
                match &command.data_type {
                    Some(name) => self.key_value(level, "data", &plain_or_quoted(name)),
                    None if !command.arguments.is_empty() => self.members(level, "data", &command.arguments.iter().collect::<Vec<_>>()),
                    None => {}
                }
                if let Some(returns) = &command.returns {
                    self.key_value(level, "returns", &type_text(returns));
                }
                let flags = [
                    ("boxed", command.boxed, false),
                    ("success-response", command.success_response, true),
                    ("allow-oob", command.allow_oob, false),
                    ("allow-preconfig", command.allow_preconfig, false),
                    ("coroutine", command.coroutine, false),
                    ("gen", command.generate, true),
                ];
                for (name, value, default) in flags {
                    if value != default {
                        self.key_value(level, name, &value.to_string());
                    }
                }
            }
        }
        self.examples(level, &definition.examples);
    }

    fn enum_values(&mut self, level: usize, values: &[EnumValue]) {
        if values.is_empty() {
            self.line(level, "data: []");
            return;
        }
        self.line(level, "data:");
        for value in values {
            if value.info == Info::default() {
                self.line(level + 1, &format!("- {}", plain_or_quoted(&value.name)));
            } else {
                self.line(level + 1, &format!("- name: {}", plain_or_quoted(&value.name)));
                self.info(level + 2, &value.info);
            }
        }
    }

    fn members(&mut self, level: usize, key: &str, members: &[&Member]) {
        if members.is_empty() {
            self.line(level, &format!("{key}: {{}}"));
            return;
        }
        self.line(level, &format!("{key}:"));
        for member in members {
            let name = format!("{}{}", member.name, if member.optional { "?" } else { "" });
            if member.info == Info::default() {
                self.key_value(level + 1, &plain_or_quoted(&name), &type_text(&member.ty));
            } else {
                self.line(level + 1, &format!("{}:", plain_or_quoted(&name)));
                self.key_value(level + 2, "type", &type_text(&member.ty));
                self.info(level + 2, &member.info);
            }
        }
    }

    fn examples(&mut self, level: usize, examples: &[Example]) {
        if examples.is_empty() {
            return;
        }
        self.line(level, "examples:");
        for example in examples {
            self.line(level + 1, "- messages:");
            for message in &example.messages {
                let direction = match message.direction {
                    Direction::ToServer => "to-server",
                    Direction::FromServer => "from-server",
                };
                self.line(level + 3, &format!("- direction: {direction}"));
                self.key_value(level + 4, "message", &flow_json(&message.message));
            }
            if let Some(doc) = &example.doc {
                self.doc(level + 2, "doc", doc);
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
        Condition::All(items) => list("all", items),
        Condition::Any(items) => list("any", items),
        Condition::Not(inner) => format!("{{not: {}}}", condition_text(inner)),
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
