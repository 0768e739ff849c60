//! Reading one file: bytes to a tree of spanned YAML nodes. This is the only
//! module that knows the YAML library; every later phase sees [`Node`].
//!
//! The loader enforces the limits that keep hostile input harmless: file
//! size, nesting depth, and the number of nodes alias expansion may create.
//! Duplicate mapping keys are errors here, never silently merged.

use crate::hash::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span as YamlSpan};

use crate::diag::Diagnostics;
use crate::source::{FileId, Pos, Span};

/// Largest schema file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Deepest nesting of mappings and sequences accepted.
pub const MAX_DEPTH: usize = 64;
/// Most nodes that alias expansion (`*anchor`) may add to one file.
pub const MAX_ALIAS_NODES: usize = 10_000;
/// Most definitions one schema may have, includes and all.
pub const MAX_DEFINITIONS: usize = 1_000_000;

/// A YAML value with its place in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it was written.
    pub span: Span,
}

/// The YAML data model, resolved with the YAML 1.2 core schema.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false` (nothing else: `yes` stays a string).
    Bool(bool),
    /// A plain integer.
    Int(i64),
    /// A plain floating-point number, as written.
    Float(String),
    /// Any other scalar.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in the order written. Keys are unique.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The string if this node is a string scalar.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(text) => Some(text),
            _ => None,
        }
    }

    /// What kind of value this is, for messages (`a mapping`, `a number`, …).
    #[must_use]
    pub fn describe(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a sequence",
            Value::Map(_) => "a mapping",
        }
    }

    fn count(&self) -> usize {
        match &self.value {
            Value::Seq(items) => 1 + items.iter().map(Node::count).sum::<usize>(),
            Value::Map(entries) => 1 + entries.iter().map(|(k, v)| k.count() + v.count()).sum::<usize>(),
            _ => 1,
        }
    }
}

/// Parses `text` (the contents of `file`) into one root node, or records why not.
pub fn parse(cx: &mut Diagnostics, file: FileId, text: &str) -> Option<Node> {
    let mut loader = Loader { file, stack: Vec::new(), anchors: HashMap::default(), alias_nodes: 0, root: None, documents: 0 };
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_event() {
            None => break,
            Some(Err(error)) => {
                cx.error(loader.point(*error.marker()), scan_message(&error));
                return None;
            }
            Some(Ok((event, span))) => match loader.event(event, span) {
                Ok(true) => {}
                Ok(false) => break,
                Err((span, message)) => {
                    cx.error(span, message);
                    return None;
                }
            },
        }
    }
    match loader.root {
        Some(root) => Some(root),
        None => {
            cx.error(Span { file, start: Pos { line: 1, column: 1 }, end: Pos { line: 1, column: 1 } }, "the file is empty")
                .help("a schema file is a YAML mapping with at least `definitions:`");
            None
        }
    }
}

/// Parses a stand-alone YAML text whose positions do not matter (for tests and tools).
pub fn parse_detached(text: &str) -> Result<Node, Diagnostics> {
    let mut cx = Diagnostics::new();
    match parse(&mut cx, FileId(0), text) {
        Some(node) if !cx.has_errors() => Ok(node),
        _ => Err(cx),
    }
}

fn scan_message(error: &ScanError) -> String {
    match error.info() {
        "recursion limit exceeded" => "nesting deeper than the YAML parser allows".to_string(),
        info => format!("invalid YAML: {}", info.trim_end_matches('.')),
    }
}

enum Frame {
    Seq { start: Span, anchor: usize, items: Vec<Node> },
    Map { start: Span, anchor: usize, entries: Vec<(Node, Node)>, key: Option<Node>, keys: Keys },
}

struct Loader {
    file: FileId,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
    root: Option<Node>,
    documents: usize,
}

type Step = Result<bool, (Span, String)>;

impl Loader {
    fn point(&self, marker: Marker) -> Span {
        let pos = pos(marker);
        Span { file: self.file, start: pos, end: Pos { line: pos.line, column: pos.column + 1 } }
    }

    fn span(&self, span: YamlSpan) -> Span {
        Span { file: self.file, start: pos(span.start), end: pos(span.end) }
    }

    fn event(&mut self, event: Event<'_>, yaml_span: YamlSpan) -> Step {
        let span = self.span(yaml_span);
        match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => Ok(true),
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err((span, "a schema file must hold exactly one YAML document".into()));
                }
                Ok(true)
            }
            Event::Scalar(text, style, anchor, tag) => {
                let value = if style == ScalarStyle::Plain && tag.is_none() { resolve_plain(&text) } else { Value::Str(text.into_owned()) };
                self.complete(Node { value, span }, anchor)
            }
            Event::SequenceStart(anchor, _) => {
                self.open(span)?;
                self.stack.push(Frame::Seq { start: span, anchor, items: Vec::new() });
                Ok(true)
            }
            Event::MappingStart(anchor, _) => {
                self.open(span)?;
                self.stack.push(Frame::Map { start: span, anchor, entries: Vec::new(), key: None, keys: Keys::default() });
                Ok(true)
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Err((span, "unbalanced YAML collection".into()));
                };
                let (node, anchor) = match frame {
                    Frame::Seq { start, anchor, items } => (Node { value: Value::Seq(items), span: start.to(span) }, anchor),
                    Frame::Map { start, anchor, entries, .. } => (Node { value: Value::Map(entries), span: start.to(span) }, anchor),
                };
                self.complete(node, anchor)
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err((span, "alias to an unknown anchor".into()));
                };
                self.alias_nodes = self.alias_nodes.saturating_add(target.count());
                if self.alias_nodes > MAX_ALIAS_NODES {
                    return Err((span, format!("alias expansion exceeds the limit of {MAX_ALIAS_NODES} nodes")));
                }
                let mut copy = target.clone();
                copy.span = span;
                self.complete(copy, 0)
            }
        }
    }

    fn open(&self, span: Span) -> Result<(), (Span, String)> {
        if self.stack.len() >= MAX_DEPTH {
            return Err((span, format!("nesting deeper than the limit of {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn complete(&mut self, node: Node, anchor: usize) -> Step {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(true)
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(true)
            }
            Some(Frame::Map { entries, key, keys, .. }) => {
                match key.take() {
                    None => {
                        if let Some(first) = keys.duplicate(entries, &node) {
                            let message = format!("duplicate key `{}` (first written at line {})", key_text(&node), first.span.start.line);
                            return Err((node.span, message));
                        }
                        *key = Some(node);
                    }
                    Some(k) => entries.push((k, node)),
                }
                Ok(true)
            }
        }
    }
}

/// The keys of one mapping as it is built, so that a duplicate is found
/// without comparing each key with every earlier one (a mapping of many
/// thousand keys would otherwise take quadratic time).
#[derive(Default)]
pub(crate) struct Keys {
    /// Whether `first` covers the entries so far; small mappings are scanned.
    indexed: bool,
    /// Hash of a scalar key to the first entry with that hash.
    first: HashMap<u64, usize>,
}

impl Keys {
    /// Mappings up to this many entries are scanned instead of indexed.
    const SCANNED: usize = 8;

    /// The earlier key of `entries` equal to `key`; when there is none,
    /// `key` is noted as the key of the next entry, `entries.len()`.
    pub(crate) fn duplicate<'e>(&mut self, entries: &'e [(Node, Node)], key: &Node) -> Option<&'e Node> {
        let scan = || entries.iter().map(|(k, _)| k).find(|k| same_key(k, key));
        if entries.len() < Self::SCANNED {
            return scan();
        }
        if !self.indexed {
            self.indexed = true;
            for (index, (earlier, _)) in entries.iter().enumerate() {
                if let Some(hash) = key_hash(earlier) {
                    self.first.entry(hash).or_insert(index);
                }
            }
        }
        let Some(hash) = key_hash(key) else { return scan() };
        match self.first.get(&hash) {
            None => {
                self.first.insert(hash, entries.len());
                None
            }
            Some(&index) if same_key(&entries[index].0, key) => Some(&entries[index].0),
            Some(_) => scan(),
        }
    }
}

/// A hash of a scalar key, equal for keys that [`same_key`] finds equal.
fn key_hash(node: &Node) -> Option<u64> {
    use std::hash::BuildHasher;
    let state = foldhash::fast::FixedState::default();
    Some(match &node.value {
        Value::Str(text) => state.hash_one((0u8, text.as_str())),
        Value::Float(text) => state.hash_one((1u8, text.as_str())),
        Value::Int(number) => state.hash_one((2u8, number)),
        Value::Bool(flag) => state.hash_one((3u8, flag)),
        Value::Null => state.hash_one(4u8),
        Value::Seq(_) | Value::Map(_) => return None,
    })
}

fn same_key(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Str(x), Value::Str(y)) | (Value::Float(x), Value::Float(y)) => x == y,
        _ => a.value == b.value,
    }
}

fn key_text(node: &Node) -> String {
    match &node.value {
        Value::Str(text) | Value::Float(text) => text.clone(),
        Value::Int(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        other => format!("{other:?}"),
    }
}

fn pos(marker: Marker) -> Pos {
    Pos {
        line: u32::try_from(marker.line()).unwrap_or(u32::MAX),
        column: u32::try_from(marker.col()).unwrap_or(u32::MAX - 1) + 1,
    }
}

/// Resolves a plain scalar by the YAML 1.2 core schema (booleans only `true`/`false`).
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | "+.inf" | "-.inf" | ".nan" | ".NaN" | ".NAN" | ".Inf" | "-.Inf" | "+.Inf" => return Value::Float(text.into()),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(number) = text.parse::<i64>() {
            return Value::Int(number);
        }
        return Value::Float(text.into());
    }
    if let Some(hex) = text.strip_prefix("0x")
        && let Ok(number) = i64::from_str_radix(hex, 16) {
            return Value::Int(number);
        }
    if let Some(octal) = text.strip_prefix("0o")
        && let Ok(number) = i64::from_str_radix(octal, 8) {
            return Value::Int(number);
        }
    let looks_numeric = digits.bytes().next().is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_numeric && text.parse::<f64>().is_ok() {
        return Value::Float(text.into());
    }
    Value::Str(text.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_core_schema_scalars() {
        assert_eq!(resolve_plain("yes"), Value::Str("yes".into()));
        assert_eq!(resolve_plain("true"), Value::Bool(true));
        assert_eq!(resolve_plain("~"), Value::Null);
        assert_eq!(resolve_plain("-12"), Value::Int(-12));
        assert_eq!(resolve_plain("0x10"), Value::Int(16));
        assert_eq!(resolve_plain("6.2"), Value::Float("6.2".into()));
        assert_eq!(resolve_plain("6.2.1"), Value::Str("6.2.1".into()));
        assert_eq!(resolve_plain("int"), Value::Str("int".into()));
    }

    #[test]
    fn keeps_order_and_spans() {
        let node = parse_detached("b: 1\na: [x, 'y']\n").expect("parses");
        let Value::Map(entries) = node.value else { panic!("not a map") };
        assert_eq!(entries[0].0.as_str(), Some("b"));
        assert_eq!(entries[1].0.span.start, Pos { line: 2, column: 1 });
        assert_eq!(entries[1].1.span.start, Pos { line: 2, column: 4 });
    }

    #[test]
    fn rejects_duplicate_keys() {
        let errors = parse_detached("a: 1\nb: 2\na: 3\n").expect_err("duplicate");
        let first = errors.iter().next().expect("one error");
        assert!(first.message.contains("duplicate key `a`"), "{}", first.message);
        assert_eq!(first.span.map(|s| s.start), Some(Pos { line: 3, column: 1 }));
    }

    #[test]
    fn finds_duplicate_keys_in_large_mappings() {
        let mut text: String = (0..20_000).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k3: again\n");
        let errors = parse_detached(&text).expect_err("duplicate");
        let first = errors.iter().next().expect("one error");
        assert_eq!(first.message, "duplicate key `k3` (first written at line 4)");
        assert_eq!(first.span.map(|s| s.start), Some(Pos { line: 20_001, column: 1 }));
        let small = parse_detached("0: x\n1.5: y\n1: x\n1.5: z\n").expect_err("duplicate");
        assert!(small.iter().any(|d| d.message == "duplicate key `1.5` (first written at line 2)"));
        let distinct: String = (0..100).map(|i| format!("{i}: x\n'{i}': y\n")).collect();
        assert!(parse_detached(&distinct).is_ok(), "a number and a string are different keys");
    }

    #[test]
    fn stops_alias_bombs() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let previous = level - 1;
            text.push_str(&format!("a{level}: &a{level} [*a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}]\n"));
        }
        let errors = parse_detached(&text).expect_err("bomb");
        assert!(errors.iter().any(|d| d.message.contains("alias expansion")));
    }

    #[test]
    fn stops_deep_nesting() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let errors = parse_detached(&text).expect_err("too deep");
        assert!(errors.iter().any(|d| d.message.contains("nesting deeper")));
    }
}
