//! Random valid schemas biased toward what breaks generators (keywords and
//! prelude names, case collisions, Unicode and markup in docs, deep bases,
//! recursion, alternates of every shape, conditions, features), and
//! example values that match them, for the semantic fuzz test.
//!
//! Seeded and deterministic: the same seed gives the same schema text.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use qapi_gen_schema::model::{Builtin, Condition, DefKind, Member, Schema, Type};
use qapi_gen_schema::rules::{self, RustItem};
use serde_json::{Map, Value, json};

/// A small deterministic generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 { 0 } else { usize::try_from(self.bits() % bound as u64).unwrap_or(0) }
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.bits() % 100 < percent
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Type names that collide with the prelude, derives, std items and
/// keywords once in Rust.
const TYPE_NAMES: &[&str] = &[
    "Default", "Copy", "Hash", "Eq", "Ord", "Debug", "Clone", "Option", "Some", "None", "Box", "String", "Vec", "Result", "Ok", "Err", "Self", "PhantomData",
    "Send", "Sync", "Sized", "Drop", "Iterator", "Into", "From", "Value", "Map", "Serialize", "Deserialize", "Unknown", "Error", "Deserializer", "Formatter",
];

/// Member, enum value and command words: keywords of Rust, names that
/// collide after case and `-`/`_` conversion, and ordinary ones.
const WORDS: &[&str] = &[
    "type", "match", "self", "super", "crate", "gen", "async", "box", "fn", "ref", "move", "loop", "where", "unsafe", "try", "static", "dyn", "abstract",
    "foo-bar", "foo-bar2", "foobar3", "r-raw", "u8", "none", "some", "ok", "err", "default", "unknown", "data", "event", "timestamp", "execute", "arguments",
    "id", "return", "error", "kind", "tag", "value", "x", "y2k", "serializer", "deserializer", "map", "state",
];

/// Doc fragments that stress rustdoc, clippy's doc lints, docutils and
/// JSON: bidi controls, line separators, carriage returns, tabs, wide,
/// combining and emoji characters, Markdown and reStructuredText markup.
const DOCS: &[&str] = &[
    "Plain text.",
    "Bidi \u{202E}reversed\u{202C} and \u{2066}isolate\u{2069}.",
    "Line\u{2028}separator, paragraph\u{2029}separator, next\u{0085}line, lone\rreturn.",
    "Tabs\tinside\ttext.",
    "Wide 日本語, combining e\u{0301}, emoji \u{1F680}\u{1F600} and \u{2764}\u{FE0F}.",
    "- a list\nlazy continuation",
    "1. first\n2.",
    "1. one\n2. two\n3.",
    "-    over-indented item",
    "- item\n\n  [ref]: https://example.com",
    "> quote\n>\n> [q]: https://example.com",
    "[ref]: https://example.com",
    " ",
    "See [ref] and [`Default`] and [Self].",
    "*emphasis* `code` **strong** _under_ ~~strike~~",
    ".. note:: not a directive\n\n:field: value",
    "Trailing colons::\n\n    indented code",
    "|substitution| and name_ and `interpreted`_ and __anon",
    "<b>html</b> & entities &amp; \\ backslash",
    "*/ \"# `#[` ]] (( '\\'",
    "```\ncode block\n```\n\n```rust\nlet x = 1;\n```",
    "# Heading in a doc \u{1F680}",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "http://example.com/bare and <https://example.com/angle>",
];

/// Flags of conditions.
const FLAGS: &[&str] = &["CONFIG_A", "CONFIG_B", "CONFIG_C"];

/// Strings for example values.
const STRINGS: &[&str] = &["", "plain", "\u{202E}bidi", "line\u{2028}sep", "cr\rlf\n", "tab\t", "日本", "\u{1F680}", "e\u{0301}", "\"quoted\"", "</script>"];

/// The kind of one generated definition, for later references.
#[derive(Clone, Debug)]
struct Defined {
    name: String,
    /// `enum`, `struct`, `union` or `alternate`.
    kind: &'static str,
    condition: Option<String>,
    /// Enum values (for discriminators).
    values: Vec<String>,
}

/// Builds schema text.
struct Builder<'r> {
    rng: &'r mut Rng,
    out: String,
    used_words: BTreeSet<String>,
    used_types: BTreeSet<String>,
    /// The Rust item names taken (`rules::rust_item_name`).
    used_rust: BTreeSet<String>,
    defined: Vec<Defined>,
    counter: usize,
}

/// A random schema in the YAML language: the text, without examples (see
/// [`with_examples`]).
#[must_use]
pub fn schema_text(seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut builder = Builder { rng: &mut rng, out: String::new(), used_words: BTreeSet::new(), used_types: BTreeSet::new(), used_rust: BTreeSet::new(), defined: Vec::new(), counter: 0 };
    builder.schema();
    builder.out
}

fn quoted(text: &str) -> String {
    Value::from(text).to_string()
}

impl Builder<'_> {
    fn fresh(&mut self) -> usize {
        self.counter += 1;
        self.counter
    }

    /// A member or value word not used yet in this schema (so nothing
    /// clashes after folding), hazards first.
    fn word(&mut self) -> String {
        for _ in 0..4 {
            let word = (*self.rng.pick(WORDS)).to_string();
            let folded = word.to_lowercase().replace('_', "-");
            if self.used_words.insert(folded) {
                return word;
            }
        }
        format!("m{}", self.fresh())
    }

    /// Claims a definition name in the schema's one namespace (names
    /// clash after case folding and `-`/`_` unification) and its Rust item
    /// name (which must be neither taken nor reserved).
    fn claim(&mut self, name: &str, item: RustItem) -> bool {
        let rust = rules::rust_item_name(item, name);
        if rules::RUST_RESERVED.contains(&rust.as_str()) || self.used_rust.contains(&rust) || !self.used_types.insert(name.to_lowercase().replace('_', "-")) {
            return false;
        }
        self.used_rust.insert(rust)
    }

    fn type_name(&mut self) -> String {
        if self.rng.chance(45) {
            let name = *self.rng.pick(TYPE_NAMES);
            if self.claim(name, RustItem::Type) {
                return name.to_string();
            }
        }
        let name = format!("Thing{}", self.fresh());
        self.claim(&name, RustItem::Type);
        name
    }

    fn doc(&mut self) -> Option<String> {
        if !self.rng.chance(60) {
            return None;
        }
        let mut text = String::new();
        for index in 0..1 + self.rng.below(2) {
            if index > 0 {
                text.push_str("\n\n");
            }
            let piece: &&str = self.rng.pick(DOCS);
            text.push_str(piece);
        }
        Some(text)
    }

    fn condition(&mut self) -> Option<String> {
        if !self.rng.chance(20) {
            return None;
        }
        let a = *self.rng.pick(FLAGS);
        let b = *self.rng.pick(FLAGS);
        Some(match self.rng.below(5) {
            0 => format!("{{all: [{a}]}}"),
            1 => format!("{{all: [{a}, {b}]}}"),
            2 => format!("{{any: [{a}, {b}]}}"),
            3 => format!("{{not: {a}}}"),
            _ => a.to_string(),
        })
    }

    /// `deprecated` only where the language allows it (not on types).
    fn features(&mut self, indent: &str, deprecatable: bool) -> String {
        let mut text = String::new();
        if deprecatable && self.rng.chance(15) {
            let doc = self.rng.pick(&["See [ref] instead.", "Use the other one.", " ", "\u{202E}bidi reason"]);
            let _ = write!(text, "{indent}features:\n{indent}  deprecated: {{since: \"1.0\", doc: {}}}\n", quoted(doc));
        } else if self.rng.chance(15) {
            let doc = self.rng.pick(&[" ", "[x]: https://example.com", "A *custom* feature.", "\u{1F680}"]);
            let _ = write!(text, "{indent}features:\n{indent}  unstable: null\n{indent}  fancy-{}: {{doc: {}}}\n", self.fresh(), quoted(doc));
        }
        text
    }

    /// A member type: built-in, array, or a defined type (with the
    /// condition the use needs).
    fn member_type(&mut self, recursive: Option<&str>) -> (String, Option<String>) {
        const BUILTINS: &[&str] = &["str", "int", "int8", "uint8", "int64", "uint64", "size", "number", "bool", "any", "null"];
        let choice = self.rng.below(10);
        let (base, condition) = if choice < 4 || self.defined.is_empty() {
            ((*self.rng.pick(BUILTINS)).to_string(), None)
        } else if let (Some(name), true) = (recursive, choice == 9) {
            (name.to_string(), None)
        } else {
            let target = self.rng.pick(&self.defined).clone();
            (target.name, target.condition)
        };
        let array = self.rng.chance(25) || (recursive == Some(base.as_str()));
        (if array { format!("[{base}]") } else { base }, condition)
    }

    fn members(&mut self, indent: &str, count: usize, recursive: Option<&str>) -> String {
        let mut text = String::new();
        for _ in 0..count {
            let name = self.word();
            let (ty, needed) = self.member_type(recursive);
            let optional = self.rng.chance(40);
            let own = if needed.is_some() { needed } else { self.condition() };
            let mut fields = vec![format!("type: {}", quoted(&ty))];
            if optional {
                fields.push("optional: true".into());
            }
            if let Some(doc) = self.doc() {
                fields.push(format!("doc: {}", quoted(&doc)));
            }
            if let Some(condition) = own {
                fields.push(format!("if: {condition}"));
            }
            let _ = writeln!(text, "{indent}{}: {{{}}}", quoted(&name), fields.join(", "));
        }
        text
    }

    fn header(&mut self, kind: &str, name: &str, condition: Option<&String>) {
        let _ = writeln!(self.out, "  - {kind}: {name}");
        if let Some(doc) = self.doc() {
            let _ = writeln!(self.out, "    doc: {}", quoted(&doc));
        }
        if let Some(condition) = condition {
            let _ = writeln!(self.out, "    if: {condition}");
        }
        let features = self.features("    ", matches!(kind, "event" | "command"));
        self.out.push_str(&features);
    }

    fn schema(&mut self) {
        self.out.push_str("version: \"2.0\"\npolicy: {deprecation-releases: 1}\n");
        if let Some(doc) = self.doc() {
            let _ = writeln!(self.out, "doc: {}", quoted(&doc));
        }
        self.out.push_str("definitions:\n");
        let _ = writeln!(self.out, "  - doc: {}", quoted(&format!("# Section {}", self.rng.pick(DOCS).lines().next().unwrap_or("x"))));
        for _ in 0..2 + self.rng.below(7) {
            match self.rng.below(10) {
                0..=2 => self.enumeration(),
                3..=5 => self.structure(),
                6 | 7 => self.union(),
                _ => self.alternate(),
            }
        }
        for _ in 0..self.rng.below(4) {
            self.event();
        }
        for _ in 0..self.rng.below(4) {
            self.command();
        }
    }

    fn enumeration(&mut self) {
        let name = self.type_name();
        let condition = self.condition();
        self.header("enum", &name, condition.as_ref());
        let mut values = Vec::new();
        let count = if self.rng.chance(10) { 0 } else { 1 + self.rng.below(4) };
        self.out.push_str("    data:\n");
        if count == 0 {
            self.out.pop();
            self.out.push_str(" []\n");
        }
        for _ in 0..count {
            let value = self.word();
            let mut fields = vec![format!("name: {}", quoted(&value))];
            if let Some(doc) = self.doc() {
                fields.push(format!("doc: {}", quoted(&doc)));
            }
            let _ = writeln!(self.out, "      - {{{}}}", fields.join(", "));
            values.push(value);
        }
        self.defined.push(Defined { name, kind: "enum", condition, values });
    }

    fn structure(&mut self) {
        let name = self.type_name();
        let condition = self.condition();
        self.header("struct", &name, condition.as_ref());
        // A base among the earlier structs with the same condition: chains get deep.
        let bases: Vec<String> = self.defined.iter().filter(|d| d.kind == "struct" && d.condition == condition).map(|d| d.name.clone()).collect();
        if !bases.is_empty() && self.rng.chance(50) {
            let base = self.rng.pick(&bases).clone();
            let _ = writeln!(self.out, "    base: {base}");
        }
        let count = self.rng.below(4);
        self.out.push_str("    data:");
        if count == 0 {
            self.out.push_str(" {}\n");
        } else {
            self.out.push('\n');
            let members = self.members("      ", count, Some(&name));
            self.out.push_str(&members);
        }
        self.defined.push(Defined { name, kind: "struct", condition, values: Vec::new() });
    }

    fn union(&mut self) {
        let enums: Vec<Defined> = self.defined.iter().filter(|d| d.kind == "enum" && !d.values.is_empty() && d.condition.is_none()).cloned().collect();
        if enums.is_empty() {
            return self.structure();
        }
        let tag_enum = self.rng.pick(&enums).clone();
        let name = self.type_name();
        self.header("union", &name, None);
        let discriminator = self.word();
        let _ = writeln!(self.out, "    base:\n      {}: {}", quoted(&discriminator), tag_enum.name);
        let count = self.rng.below(2);
        let extra = self.members("      ", count, None);
        self.out.push_str(&extra);
        let _ = writeln!(self.out, "    discriminator: {}", quoted(&discriminator));
        self.out.push_str("    data:\n");
        let branches: Vec<Defined> = self.defined.iter().filter(|d| matches!(d.kind, "struct" | "union")).cloned().collect();
        let mut any = false;
        for value in &tag_enum.values {
            if branches.is_empty() || !self.rng.chance(70) {
                continue;
            }
            let branch = self.rng.pick(&branches).clone();
            match &branch.condition {
                Some(condition) => {
                    let _ = writeln!(self.out, "      {}: {{type: {}, if: {condition}}}", quoted(value), branch.name);
                }
                None => {
                    let _ = writeln!(self.out, "      {}: {}", quoted(value), branch.name);
                }
            }
            any = true;
        }
        if !any {
            // Every union needs a branch: an empty struct for the first value.
            let empty = format!("Empty{}", self.fresh());
            self.claim(&empty, RustItem::Type);
            let _ = writeln!(self.out, "      {}: {empty}", quoted(&tag_enum.values[0]));
            let _ = writeln!(self.out, "  - struct: {empty}\n    data: {{}}");
        }
        self.defined.push(Defined { name, kind: "union", condition: None, values: Vec::new() });
    }

    fn alternate(&mut self) {
        // One branch per JSON kind, in random order (a struct before an array
        // branch is the classic hazard).
        let mut kinds: Vec<String> = Vec::new();
        let strings: Vec<String> = self.defined.iter().filter(|d| d.kind == "enum" && d.condition.is_none()).map(|d| d.name.clone()).collect();
        let objects: Vec<String> = self.defined.iter().filter(|d| matches!(d.kind, "struct" | "union") && d.condition.is_none()).map(|d| d.name.clone()).collect();
        let string = if strings.is_empty() || self.rng.chance(50) { "str".to_string() } else { self.rng.pick(&strings).clone() };
        kinds.push(string);
        kinds.push((*self.rng.pick(&["int", "number", "uint8"])).to_string());
        kinds.push("bool".into());
        kinds.push("null".into());
        if let Some(object) = (!objects.is_empty()).then(|| self.rng.pick(&objects).clone()) {
            kinds.push(object);
        }
        kinds.push(format!("[{}]", self.rng.pick(&["int", "str"])));
        let mut chosen = Vec::new();
        for kind in kinds {
            if self.rng.chance(60) {
                chosen.push(kind);
            }
        }
        if chosen.len() < 2 {
            chosen = vec!["str".into(), "[int]".into()];
        }
        for index in (1..chosen.len()).rev() {
            let other = self.rng.below(index + 1);
            chosen.swap(index, other);
        }
        let name = self.type_name();
        self.header("alternate", &name, None);
        self.out.push_str("    data:\n");
        for ty in chosen {
            let branch = self.word();
            let _ = writeln!(self.out, "      {}: {}", quoted(&branch), quoted(&ty));
        }
        self.defined.push(Defined { name, kind: "alternate", condition: None, values: Vec::new() });
    }

    fn event(&mut self) {
        let name = match self.rng.below(3) {
            0 => (*self.rng.pick(&["DEFAULT", "COPY", "HASH", "EQ", "SOME", "UNKNOWN", "TYPE", "PHANTOM_DATA", "OPTION"])).to_string(),
            _ => format!("EVENT_{}", self.fresh()),
        };
        if !self.claim(&name, RustItem::Event) {
            return;
        }
        let condition = self.condition();
        self.header("event", &name, condition.as_ref());
        let unions: Vec<String> = self.defined.iter().filter(|d| d.kind == "union" && d.condition.is_none()).map(|d| d.name.clone()).collect();
        if !unions.is_empty() && self.rng.chance(25) {
            let union = self.rng.pick(&unions).clone();
            let _ = writeln!(self.out, "    boxed: true\n    data: {union}");
            return;
        }
        let count = self.rng.below(4);
        if count > 0 {
            self.out.push_str("    data:\n");
            let members = self.members("      ", count, None);
            self.out.push_str(&members);
        }
    }

    fn command(&mut self) {
        let name = match self.rng.below(3) {
            0 => (*self.rng.pick(&["type", "match", "default", "unknown", "self", "query-some"])).to_string(),
            _ => format!("do-thing-{}", self.fresh()),
        };
        if !self.claim(&name, RustItem::Command) {
            return;
        }
        self.header("command", &name, None);
        let count = self.rng.below(3);
        if count > 0 {
            self.out.push_str("    data:\n");
            let members = self.members("      ", count, None);
            self.out.push_str(&members);
        }
        // QAPI: a command returns a struct, a union, or an array of them.
        let returns: Vec<String> = self.defined.iter().filter(|d| d.condition.is_none() && matches!(d.kind, "struct" | "union")).map(|d| d.name.clone()).collect();
        if !returns.is_empty() && self.rng.chance(50) {
            let ty = self.rng.pick(&returns).clone();
            let ty = if self.rng.chance(30) { format!("[{ty}]") } else { ty };
            let _ = writeln!(self.out, "    returns: {}", quoted(&ty));
        }
    }
}

/// Whether `condition` holds with every flag on (the scratch crate is
/// built with every feature).
fn holds(condition: Option<&Condition>) -> bool {
    match condition {
        None => true,
        Some(Condition::Flag(_)) => true,
        Some(Condition::All(items)) => items.iter().all(|c| holds(Some(c))),
        Some(Condition::Any(items)) => items.iter().any(|c| holds(Some(c))),
        Some(Condition::Not(inner)) => !holds(Some(inner)),
    }
}

/// Makes example values of a loaded schema.
pub struct Values<'a> {
    schema: &'a Schema,
    rng: Rng,
}

impl<'a> Values<'a> {
    /// Values for `schema`.
    #[must_use]
    pub fn new(schema: &'a Schema, seed: u64) -> Self {
        Values { schema, rng: Rng::new(seed.wrapping_mul(31).wrapping_add(7)) }
    }

    /// A value of `ty`, `None` when none can be made within the depth or
    /// under the all-features build.
    pub fn value(&mut self, ty: &Type, depth: usize) -> Option<Value> {
        if depth > 6 {
            return None;
        }
        match ty {
            Type::Builtin(builtin) => Some(self.builtin(*builtin)),
            Type::Array(inner) => {
                let count = if depth > 3 { 0 } else { self.rng.below(3) };
                (0..count).map(|_| self.value(inner, depth + 1)).collect::<Option<Vec<_>>>().map(Value::Array)
            }
            Type::Named(name) => {
                let definition = self.schema.definition(name)?;
                if !holds(definition.info.condition.as_ref()) {
                    return None;
                }
                match &definition.kind {
                    DefKind::Enum(enumeration) => {
                        let values: Vec<&str> = enumeration.values.iter().filter(|v| holds(v.info.condition.as_ref())).map(|v| v.name.as_str()).collect();
                        (!values.is_empty()).then(|| Value::from(*self.rng.pick(&values)))
                    }
                    DefKind::Struct(structure) => self.object(&structure.members, depth).map(Value::Object),
                    DefKind::Union(union) => {
                        let mut object = Map::new();
                        self.union_into(union, &mut object, depth)?;
                        Some(Value::Object(object))
                    }
                    DefKind::Alternate(alternate) => {
                        let branches: Vec<&Type> = alternate.branches.iter().filter(|b| holds(b.condition.as_ref())).map(|b| &b.ty).collect();
                        let start = self.rng.below(branches.len());
                        (0..branches.len()).find_map(|offset| self.value(branches[(start + offset) % branches.len()], depth + 1))
                    }
                    DefKind::Event(_) | DefKind::Command(_) => None,
                }
            }
        }
    }

    fn union_into(&mut self, union: &qapi_gen_schema::model::Union, object: &mut Map<String, Value>, depth: usize) -> Option<()> {
        let variants: Vec<_> = union.variants.iter().filter(|v| holds(v.condition.as_ref())).collect();
        let enum_values = match self.schema.definition(&union.discriminator_enum).map(|d| &d.kind) {
            Some(DefKind::Enum(e)) => e.values.iter().filter(|v| holds(v.info.condition.as_ref())).map(|v| v.name.clone()).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        let variants: Vec<_> = variants.into_iter().filter(|v| enum_values.contains(&v.value)).collect();
        if variants.is_empty() {
            return None;
        }
        let variant = *self.rng.pick(&variants);
        let base: Vec<Member> = union.base_members.iter().filter(|m| m.name != union.discriminator).cloned().collect();
        object.extend(self.object(&base, depth)?);
        object.insert(union.discriminator.clone(), Value::from(variant.value.clone()));
        if let Some(branch) = &variant.ty {
            match self.schema.definition(branch).map(|d| &d.kind) {
                Some(DefKind::Struct(structure)) => object.extend(self.object(&structure.members, depth + 1)?),
                Some(DefKind::Union(nested)) => self.union_into(nested, object, depth + 1)?,
                _ => return None,
            }
        }
        Some(())
    }

    /// An object with every mandatory member and some optional ones.
    pub fn object(&mut self, members: &[Member], depth: usize) -> Option<Map<String, Value>> {
        let mut object = Map::new();
        for member in members {
            let present = holds(member.info.condition.as_ref());
            if !present {
                if member.optional {
                    continue;
                }
                return None;
            }
            if member.optional && (depth > 2 || self.rng.chance(40)) {
                continue;
            }
            match self.value(&member.ty, depth + 1) {
                // An optional `any` that is `null` is another engineer's fix.
                Some(Value::Null) if member.optional && matches!(member.ty, Type::Builtin(Builtin::Any)) => {}
                Some(value) => {
                    object.insert(member.name.clone(), value);
                }
                None if member.optional => {}
                None => return None,
            }
        }
        Some(object)
    }

    fn builtin(&mut self, builtin: Builtin) -> Value {
        match builtin {
            Builtin::Str => Value::from(*self.rng.pick(STRINGS)),
            Builtin::Number => json!(0.5 + f64::from(u8::try_from(self.rng.below(100)).unwrap_or(0))),
            Builtin::Bool => Value::Bool(self.rng.chance(50)),
            Builtin::Null => Value::Null,
            Builtin::Any => self.rng.pick(&[json!({"a": [1, "b"]}), json!("text"), json!(3), json!([true])]).clone(),
            other => {
                let (low, high) = other.integer_range().unwrap_or((0, 100));
                let choice = match self.rng.below(3) {
                    0 => low,
                    1 => high,
                    _ => 7.clamp(low, high),
                };
                integer(choice)
            }
        }
    }
}

fn integer(value: i128) -> Value {
    i64::try_from(value).map(Value::from).or_else(|_| u64::try_from(value).map(Value::from)).unwrap_or(Value::from(0))
}

/// One example message as YAML flow text (JSON is YAML).
fn flow(value: &Value) -> String {
    value.to_string()
}

/// The schema text with an example added to every event, command and
/// struct for which a value can be made; the examples are the values the
/// schema's own types accept.
#[must_use]
pub fn with_examples(text: &str, schema: &Schema, seed: u64) -> String {
    let mut values = Values::new(schema, seed);
    let mut additions: Vec<(String, String)> = Vec::new();
    let timestamp = json!({"seconds": 1_700_000_000, "microseconds": 5});
    for definition in &schema.definitions {
        if !holds(definition.info.condition.as_ref()) {
            continue;
        }
        let example = match &definition.kind {
            DefKind::Event(event) => {
                let data = match (&event.data_type, event.boxed) {
                    (Some(ty), true) => values.value(&Type::Named(ty.clone()), 0),
                    _ => values.object(&event.members, 0).map(Value::Object),
                };
                let Some(data) = data else { continue };
                let mut message = json!({"event": definition.name, "timestamp": timestamp});
                // As QEMU sends them: `data` whenever the event has members.
                if event.boxed || !event.members.is_empty() {
                    message["data"] = data;
                }
                format!("      - message: {}\n", flow(&message))
            }
            DefKind::Command(command) => {
                let Some(arguments) = values.object(&command.arguments, 0) else { continue };
                let reply = match &command.returns {
                    Some(ty) => match values.value(ty, 0) {
                        Some(value) => value,
                        None => continue,
                    },
                    None => json!({}),
                };
                let mut request = json!({"execute": definition.name});
                if !arguments.is_empty() {
                    request["arguments"] = Value::Object(arguments);
                }
                format!(
                    "      - messages:\n          - {{direction: to-server, message: {}}}\n          - {{direction: from-server, message: {}}}\n",
                    flow(&request),
                    flow(&json!({"return": reply}))
                )
            }
            DefKind::Struct(_) | DefKind::Union(_) => {
                let Some(value) = values.value(&Type::Named(definition.name.clone()), 0) else { continue };
                format!("      - message: {}\n", flow(&value))
            }
            _ => continue,
        };
        additions.push((definition.name.clone(), example));
    }
    // Insert `examples:` right after each definition's first line.
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        if let Some(name) = line.strip_prefix("  - ").and_then(|rest| rest.split_once(": ")).map(|(_, name)| name)
            && let Some((_, example)) = additions.iter().find(|(n, _)| n == name)
        {
            out.push_str("    examples:\n");
            out.push_str(example);
        }
    }
    out
}
