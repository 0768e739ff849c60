//! QAPI expressions plus their doc blocks to the node shape of our YAML
//! schema language: `'*name'` becomes `name?`, member docs become long-form
//! members, `Since:` becomes `since`, features take the mapping form with
//! their docs, and examples become structured messages.

use crate::diag::{Diagnostics, WarningKind};
use crate::load::{Node, Value};
use crate::model::Version;
use crate::keys::{self, KINDS, Key};
use crate::source::{FileId, Pos, Span};

use super::doc::{self, DocBlock};
use super::lexer::Piece;
use super::markdown::from_rst;

fn span_at(file: FileId, pos: Pos) -> Span {
    Span { file, start: pos, end: Pos { line: pos.line, column: pos.column + 1 } }
}

fn text(value: &str, span: Span) -> Node {
    Node { value: Value::Str(value.to_string()), span }
}

fn key(name: Key, span: Span) -> Node {
    text(name.as_str(), span)
}

fn map(entries: Vec<(Node, Node)>, span: Span) -> Node {
    Node { value: Value::Map(entries), span }
}

/// Builds the file node: `include`, `pragma`, `definitions`.
pub fn file(cx: &mut Diagnostics, file: FileId, pieces: Vec<Piece>) -> Node {
    let origin = Span { file, start: Pos { line: 1, column: 1 }, end: Pos { line: 1, column: 2 } };
    let mut includes = Vec::new();
    let mut pragma: Vec<(Node, Node)> = Vec::new();
    let mut definitions = Vec::new();
    let mut pending: Option<(DocBlock, Span)> = None;
    for piece in pieces {
        match piece {
            Piece::Doc(lines) => {
                if let Some((stale, span)) = pending.take() {
                    cx.warning(WarningKind::DocComment, span, format!("doc comment for `{}` is not followed by its definition", stale.symbol.map(|s| s.0).unwrap_or_default()));
                }
                let block_span = lines.first().map_or(origin, |(pos, _)| span_at(file, *pos));
                let block = doc::parse(&lines);
                if block.symbol.is_some() {
                    pending = Some((block, block_span));
                } else {
                    let markdown = from_rst(&block.body.join("\n"));
                    if !markdown.trim().is_empty() {
                        definitions.push(map(vec![(key(keys::DOC, block_span), text(&markdown, block_span))], block_span));
                    }
                }
            }
            Piece::Expression(expression) => {
                let Value::Map(entries) = &expression.value else { continue };
                let first = entries.first().and_then(|(k, _)| k.as_str()).and_then(keys::find);
                match first {
                    Some(keys::INCLUDE) => {
                        if let Some((_, value)) = entries.first() {
                            includes.push(value.clone());
                        }
                    }
                    Some(keys::PRAGMA) => {
                        if let Some((_, Node { value: Value::Map(items), .. })) = entries.first() {
                            for (name, value) in items {
                                match pragma.iter_mut().find(|(existing, _)| existing.value == name.value) {
                                    Some((_, Node { value: Value::Seq(list), .. })) => {
                                        if let Value::Seq(more) = &value.value {
                                            list.extend(more.iter().cloned());
                                        }
                                    }
                                    Some(_) => {
                                        cx.error(name.span, format!("pragma `{}` is set twice", name.as_str().unwrap_or_default()));
                                    }
                                    None => pragma.push((name.clone(), value.clone())),
                                }
                            }
                        }
                    }
                    _ => {
                        let doc = pending.take().map(|(block, _)| block);
                        if let (Some(block), Some((_, name))) = (&doc, entries.iter().find(|(k, _)| k.as_str().is_some_and(|k| KINDS.iter().any(|kind| k == *kind))))
                            && let (Some((symbol, pos)), Some(defined)) = (&block.symbol, name.as_str())
                                && symbol != defined {
                                    cx.warning(WarningKind::DocComment, span_at(file, *pos), format!("doc comment is for `{symbol}` but documents `{defined}`"));
                                }
                        let mut expression = expression;
                        rewrite_conditions(&mut expression);
                        let expression = match simple_union(&expression) {
                            Some((implicit, rewritten)) => {
                                definitions.extend(implicit);
                                rewritten
                            }
                            None => expression,
                        };
                        definitions.push(definition(cx, file, expression, doc.unwrap_or_default()));
                    }
                }
            }
        }
    }
    let mut top = Vec::new();
    if !includes.is_empty() {
        top.push((key(keys::INCLUDE, origin), Node { value: Value::Seq(includes), span: origin }));
    }
    if !pragma.is_empty() {
        top.push((key(keys::PRAGMA, origin), map(pragma, origin)));
    }
    top.push((key(keys::DEFINITIONS, origin), Node { value: Value::Seq(definitions), span: origin }));
    map(top, origin)
}

/// One definition expression with its doc block.
fn definition(cx: &mut Diagnostics, file: FileId, expression: Node, mut block: DocBlock<'_>) -> Node {
    let span = expression.span;
    let Value::Map(entries) = expression.value else { return expression };
    let kind = entries.iter().filter_map(|(k, _)| k.as_str()).find_map(|k| KINDS.into_iter().find(|kind| k == *kind));
    let mut member_docs: Vec<(String, String, bool)> = std::mem::take(&mut block.members).into_iter().map(|(name, text)| (name, text, false)).collect();
    let feature_docs = &block.features;
    let mut out: Vec<(Node, Node)> = Vec::with_capacity(entries.len() + 3);
    for (name, value) in entries {
        let Some(key_text) = name.as_str() else { continue };
        let converted = match (keys::find(key_text), kind) {
            (Some(keys::DATA), Some(keys::ENUM)) => enum_values(value, &mut member_docs, feature_docs),
            (Some(keys::DATA), Some(keys::STRUCT | keys::EVENT | keys::COMMAND)) | (Some(keys::BASE), Some(keys::UNION)) => members(value, &mut member_docs, feature_docs),
            (Some(keys::FEATURES), _) => features(value, feature_docs),
            _ => value,
        };
        out.push((name, converted));
    }
    // The kind key comes first, as a definition is written in YAML.
    if let Some(position) = out.iter().position(|(k, _)| kind.is_some_and(|kind| k.as_str() == Some(kind.as_str()))) {
        out[..=position].rotate_right(1);
    }
    let mut doc_text = from_rst(&block.body.join("\n"));
    let unmatched: Vec<String> = member_docs.iter().filter(|(_, _, used)| !used).map(|(name, text, _)| format!("- `{name}`: {}", list_item_body(&from_rst(&join_lines(text))))).collect();
    if !unmatched.is_empty() {
        push_paragraph(&mut doc_text, &unmatched.join("\n"));
    }
    for (tag, section) in &block.sections {
        let label = match tag.as_str() {
            "Since" | "TODO" => continue,
            "Note" | "Notes" => "Note",
            other => other,
        };
        let starts_on_next_line = section.starts_with('\n') || section.is_empty();
        let section = from_rst(&join_lines(section));
        if starts_on_next_line {
            push_paragraph(&mut doc_text, &format!("**{label}:**\n\n{section}"));
        } else {
            push_paragraph(&mut doc_text, &format!("**{label}:** {section}"));
        }
    }
    if !doc_text.trim().is_empty() {
        out.push((key(keys::DOC, span), text(&doc_text, span)));
    }
    if let Some((since, pos)) = &block.since {
        let first = since.split_whitespace().next().unwrap_or_default().trim_end_matches(['.', ',', ';']);
        if Version::parse(first).is_some() {
            out.push((key(keys::SINCE, span), text(first, span_at(file, *pos))));
        } else {
            cx.warning(WarningKind::SinceText, span_at(file, *pos), format!("`Since: {since}` is not a version; kept as text only"));
        }
    }
    let examples = examples(cx, file, &block);
    if !examples.is_empty() {
        out.push((key(keys::EXAMPLES, span), Node { value: Value::Seq(examples), span }));
    }
    map(out, span)
}

fn push_paragraph(doc: &mut String, paragraph: &str) {
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(paragraph);
}

/// Markdown as the body of a list item: lines after the first indented
/// under the item, so they stay part of it.
fn list_item_body(markdown: &str) -> String {
    let mut body = String::with_capacity(markdown.len());
    for (index, line) in markdown.lines().enumerate() {
        if index > 0 {
            body.push('\n');
            if !line.is_empty() {
                body.push_str("  ");
            }
        }
        body.push_str(line);
    }
    body
}

/// A member description with continuation lines joined (they were indented for layout).
fn join_lines(text: &str) -> String {
    let common = text.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.lines().enumerate() {
        if index > 0 {
            out.push('\n');
            out.push_str(line.get(common..).unwrap_or_else(|| line.trim_start()));
        } else {
            out.push_str(line);
        }
    }
    out.truncate(out.trim_end().len());
    let leading = out.len() - out.trim_start().len();
    out.drain(..leading);
    out
}

/// `(since X.Y)` inside a member description.
fn since_in(text: &str) -> Option<String> {
    let start = text.match_indices('(').map(|(at, _)| at + 1).find(|&at| text.get(at..at + 5).is_some_and(|word| word.eq_ignore_ascii_case("since")))? + "since".len();
    let rest = &text[start..];
    let end = rest.find(')')?;
    let candidate = rest[..end].trim().trim_start_matches(':').trim();
    Version::parse(candidate).map(|_| candidate.to_string())
}

fn take_doc(docs: &mut [(String, String, bool)], name: &str) -> Option<String> {
    let entry = docs.iter_mut().find(|(n, _, used)| n == name && !used)?;
    entry.2 = true;
    Some(join_lines(&entry.1))
}

fn members(value: Node, docs: &mut [(String, String, bool)], feature_docs: &[(String, String)]) -> Node {
    let Value::Map(entries) = value.value else { return value };
    let converted = entries
        .into_iter()
        .map(|(name, ty)| {
            let raw = name.as_str().unwrap_or_default();
            let (plain, optional) = match raw.strip_prefix('*') {
                Some(stripped) => (stripped, true),
                None => (raw, false),
            };
            let doc = take_doc(docs, plain);
            let new_key = if optional { text(&format!("{plain}?"), name.span) } else { name };
            let long = matches!(ty.value, Value::Map(_));
            if doc.is_none() && !long {
                return (new_key, ty);
            }
            let ty_span = ty.span;
            let mut fields: Vec<(Node, Node)> = match ty.value {
                Value::Map(inner) => inner.into_iter().map(|(k, v)| if k.as_str() == Some(keys::FEATURES.as_str()) { (k, features(v, feature_docs)) } else { (k, v) }).collect(),
                _ => vec![(key(keys::TYPE, ty.span), ty)],
            };
            if let Some(doc) = doc {
                if let Some(since) = since_in(&doc) {
                    fields.push((key(keys::SINCE, ty_span), text(&since, ty_span)));
                }
                fields.push((key(keys::DOC, ty_span), text(&from_rst(&doc), ty_span)));
            }
            (new_key, map(fields, ty_span))
        })
        .collect();
    map(converted, value.span)
}

fn enum_values(value: Node, docs: &mut [(String, String, bool)], feature_docs: &[(String, String)]) -> Node {
    let Value::Seq(items) = value.value else { return value };
    let converted = items
        .into_iter()
        .map(|item| {
            let span = item.span;
            let name = match &item.value {
                Value::Str(name) => name.clone(),
                Value::Map(entries) => entries.iter().find(|(k, _)| k.as_str() == Some(keys::NAME.as_str())).and_then(|(_, v)| v.as_str()).unwrap_or_default().to_string(),
                _ => return item,
            };
            let doc = take_doc(docs, &name);
            let mut fields = match item.value {
                Value::Map(entries) => entries.into_iter().map(|(k, v)| if k.as_str() == Some(keys::FEATURES.as_str()) { (k, features(v, feature_docs)) } else { (k, v) }).collect(),
                _ if doc.is_none() => return item,
                _ => vec![(key(keys::NAME, span), item)],
            };
            if let Some(doc) = doc {
                if let Some(since) = since_in(&doc) {
                    fields.push((key(keys::SINCE, span), text(&since, span)));
                }
                fields.push((key(keys::DOC, span), text(&from_rst(&doc), span)));
            }
            map(fields, span)
        })
        .collect();
    Node { value: Value::Seq(converted), span: value.span }
}

/// Features in the mapping form, carrying the `Features:` text of each.
fn features(value: Node, feature_docs: &[(String, String)]) -> Node {
    let Value::Seq(items) = value.value else { return value };
    let entries = items
        .into_iter()
        .filter_map(|item| {
            let item_span = item.span;
            let (name, condition) = match item.value {
                Value::Str(name) => (Node { value: Value::Str(name), span: item_span }, None),
                Value::Map(entries) => {
                    let mut name = None;
                    let mut condition = None;
                    for (k, v) in entries {
                        match k.as_str().and_then(keys::find) {
                            Some(keys::NAME) => name = Some(v),
                            Some(keys::IF) => condition = Some(v),
                            _ => {}
                        }
                    }
                    (name?, condition)
                }
                _ => return None,
            };
            let doc = feature_docs.iter().find(|(n, _)| Some(n.as_str()) == name.as_str()).map(|(_, t)| from_rst(&join_lines(t)));
            let mut metadata = Vec::new();
            if let Some(condition) = condition {
                metadata.push((key(keys::IF, item_span), condition));
            }
            if let Some(doc) = doc.filter(|d| !d.is_empty()) {
                metadata.push((key(keys::DOC, item_span), text(&doc, item_span)));
            }
            let value = if metadata.is_empty() { Node { value: Value::Null, span: item_span } } else { map(metadata, item_span) };
            Some((name, value))
        })
        .collect();
    map(entries, value.span)
}

/// The structured examples of a block; invalid JSON is reported as a warning.
fn examples(cx: &mut Diagnostics, file: FileId, block: &DocBlock<'_>) -> Vec<Node> {
    let mut out = Vec::new();
    for example in &block.examples {
        let first = example.messages.first().map_or(Pos { line: 1, column: 1 }, |m| m.1);
        let span = span_at(file, first);
        let mut messages = Vec::new();
        for (to_server, pos, json) in &example.messages {
            if json.contains("...") {
                continue;
            }
            match serde_json::from_str::<serde_json::Value>(json) {
                Ok(value) => {
                    let message_span = span_at(file, *pos);
                    let direction = if *to_server { "to-server" } else { "from-server" };
                    messages.push(map(
                        vec![(key(keys::DIRECTION, message_span), text(direction, message_span)), (key(keys::MESSAGE, message_span), node_of(value, message_span))],
                        message_span,
                    ));
                }
                Err(error) => {
                    let message_span = span_at(file, *pos);
                    cx.warning(WarningKind::ExampleJson, message_span, format!("example message is not valid JSON: {error}")).help("the example is left out of the outputs");
                }
            }
        }
        if messages.is_empty() {
            continue;
        }
        let mut entries = Vec::new();
        let prose = from_rst(&example.text.join("\n"));
        if !prose.trim().is_empty() {
            entries.push((key(keys::DOC, span), text(&prose, span)));
        }
        entries.push((key(keys::MESSAGES, span), Node { value: Value::Seq(messages), span }));
        out.push(map(entries, span));
    }
    out
}

fn node_of(value: serde_json::Value, span: Span) -> Node {
    let value = match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(flag) => Value::Bool(flag),
        serde_json::Value::Number(number) => match number.as_i64() {
            Some(int) => Value::Int(int),
            None => Value::Float(number.to_string()),
        },
        serde_json::Value::String(string) => Value::Str(string),
        serde_json::Value::Array(items) => Value::Seq(items.into_iter().map(|item| node_of(item, span)).collect()),
        serde_json::Value::Object(object) => Value::Map(object.into_iter().map(|(k, v)| (Node { value: Value::Str(k), span }, node_of(v, span))).collect()),
    };
    Node { value, span }
}

/// Rewrites every `if` inside an expression into the current form: QEMU
/// before 6.2 wrote C preprocessor text (`'defined(A) && !defined(B)'`)
/// and lists meaning "all of".
fn rewrite_conditions(node: &mut Node) {
    match &mut node.value {
        Value::Map(entries) => {
            for (k, v) in entries {
                if k.as_str() == Some(keys::IF.as_str()) {
                    *v = condition(v);
                } else {
                    rewrite_conditions(v);
                }
            }
        }
        Value::Seq(items) => items.iter_mut().for_each(rewrite_conditions),
        _ => {}
    }
}

fn condition(node: &Node) -> Node {
    match &node.value {
        Value::Str(text) if text.contains(['(', '!', '&', '|']) => preprocessor_condition(text, node.span).unwrap_or_else(|| node.clone()),
        Value::Seq(items) => map(vec![(key(keys::ALL_OF, node.span), Node { value: Value::Seq(items.iter().map(condition).collect()), span: node.span })], node.span),
        Value::Map(entries) => {
            let operand = |v: &Node| match &v.value {
                Value::Seq(items) => Node { value: Value::Seq(items.iter().map(condition).collect()), span: v.span },
                _ => condition(v),
            };
            Node { value: Value::Map(entries.iter().map(|(k, v)| (k.clone(), operand(v))).collect()), span: node.span }
        }
        _ => node.clone(),
    }
}

/// Parses `defined(A) && !defined(B) || (…)` with C precedence.
fn preprocessor_condition(text: &str, span: Span) -> Option<Node> {
    let mut tokens = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("defined(") {
            let end = after.find(')')?;
            tokens.push(after[..end].trim().to_string());
            rest = after[end + 1..].trim_start();
        } else if let Some(after) = rest.strip_prefix("&&").or_else(|| rest.strip_prefix("||")) {
            tokens.push(rest[..2].to_string());
            rest = after.trim_start();
        } else if let Some(after) = rest.strip_prefix(['!', '(', ')']) {
            tokens.push(rest[..1].to_string());
            rest = after.trim_start();
        } else {
            return None;
        }
    }
    let mut position = 0;
    let node = or_expression(&tokens, &mut position, span)?;
    (position == tokens.len()).then_some(node)
}

fn or_expression(tokens: &[String], position: &mut usize, span: Span) -> Option<Node> {
    let mut operands = vec![and_expression(tokens, position, span)?];
    while tokens.get(*position).is_some_and(|t| t == "||") {
        *position += 1;
        operands.push(and_expression(tokens, position, span)?);
    }
    Some(if operands.len() == 1 { operands.remove(0) } else { map(vec![(key(keys::ANY_OF, span), Node { value: Value::Seq(operands), span })], span) })
}

fn and_expression(tokens: &[String], position: &mut usize, span: Span) -> Option<Node> {
    let mut operands = vec![unary(tokens, position, span)?];
    while tokens.get(*position).is_some_and(|t| t == "&&") {
        *position += 1;
        operands.push(unary(tokens, position, span)?);
    }
    Some(if operands.len() == 1 { operands.remove(0) } else { map(vec![(key(keys::ALL_OF, span), Node { value: Value::Seq(operands), span })], span) })
}

fn unary(tokens: &[String], position: &mut usize, span: Span) -> Option<Node> {
    let token = tokens.get(*position)?.clone();
    *position += 1;
    match token.as_str() {
        "!" => Some(map(vec![(key(keys::NOT, span), unary(tokens, position, span)?)], span)),
        "(" => {
            let inner = or_expression(tokens, position, span)?;
            (tokens.get(*position)? == ")").then(|| *position += 1)?;
            Some(inner)
        }
        "&&" | "||" | ")" => None,
        name => Some(text(name, span)),
    }
}

/// QEMU before 6.2 had "simple" unions (`{'union': U, 'data': {...}}`
/// without a discriminator), sent as `{"type": BRANCH, "data": VALUE}`.
/// They become the flat union QEMU 6.2 wrote by hand: an implicit enum of
/// the branch names and one implicit wrapper struct per branch.
/// `None` when `expression` is not a simple union.
fn simple_union(expression: &Node) -> Option<(Vec<Node>, Node)> {
    let Value::Map(entries) = &expression.value else { return None };
    let get = |name: Key| entries.iter().find(|(k, _)| k.as_str() == Some(name.as_str())).map(|(_, v)| v);
    let (Some(union_name), None, None, Some(Node { value: Value::Map(branches), span: data_span })) =
        (get(keys::UNION).and_then(Node::as_str), get(keys::BASE), get(keys::DISCRIMINATOR), get(keys::DATA))
    else {
        return None;
    };
    let span = expression.span;
    // The implicit definitions exist exactly when the union does.
    let union_if = get(keys::IF).cloned();
    let implicit = |node: Vec<(Node, Node)>| {
        let mut node = node;
        let has_if = node.iter().any(|(k, _)| k.as_str() == Some(keys::IF.as_str()));
        if let (Some(condition), false) = (&union_if, has_if) {
            node.push((key(keys::IF, span), condition.clone()));
        }
        node.push((key(keys::IMPLICIT, span), Node { value: Value::Bool(true), span }));
        map(node, span)
    };
    let enum_name = format!("{union_name}Kind");
    let mut values = Vec::new();
    let mut definitions = Vec::new();
    let mut new_branches = Vec::new();
    for (branch, ty) in branches {
        let branch_name = branch.as_str().unwrap_or_default();
        let (branch_type, branch_if) = match &ty.value {
            Value::Map(long) => (
                long.iter().find(|(k, _)| k.as_str() == Some(keys::TYPE.as_str())).map(|(_, v)| v.clone()).unwrap_or_else(|| ty.clone()),
                long.iter().find(|(k, _)| k.as_str() == Some(keys::IF.as_str())).map(|(_, v)| v.clone()),
            ),
            _ => (ty.clone(), None),
        };
        let wrapper = format!("{union_name}Branch{}", camel(branch_name));
        let mut value_fields = vec![(key(keys::NAME, branch.span), branch.clone())];
        let mut wrapper_fields = vec![
            (key(keys::STRUCT, branch.span), text(&wrapper, branch.span)),
            (key(keys::DOC, branch.span), text(&format!("The `{branch_name}` branch of `{union_name}`."), branch.span)),
            (key(keys::DATA, branch.span), map(vec![(key(keys::DATA, branch.span), branch_type)], branch.span)),
        ];
        let mut branch_fields = vec![(key(keys::TYPE, branch.span), text(&wrapper, branch.span))];
        if let Some(condition) = branch_if {
            value_fields.push((key(keys::IF, branch.span), condition.clone()));
            let wrapper_if = match &union_if {
                Some(outer) => map(vec![(key(keys::ALL_OF, branch.span), Node { value: Value::Seq(vec![outer.clone(), condition.clone()]), span: branch.span })], branch.span),
                None => condition.clone(),
            };
            wrapper_fields.push((key(keys::IF, branch.span), wrapper_if));
            branch_fields.push((key(keys::IF, branch.span), condition));
        }
        values.push(map(value_fields, branch.span));
        definitions.push(implicit(wrapper_fields));
        new_branches.push((branch.clone(), map(branch_fields, branch.span)));
    }
    definitions.insert(
        0,
        implicit(vec![
            (key(keys::ENUM, span), text(&enum_name, span)),
            (key(keys::DOC, span), text(&format!("The branches of `{union_name}`."), span)),
            (key(keys::DATA, span), Node { value: Value::Seq(values), span }),
        ]),
    );
    let mut rewritten: Vec<(Node, Node)> = Vec::new();
    for (k, v) in entries {
        match k.as_str().and_then(keys::find) {
            Some(keys::DATA) => {
                rewritten.push((key(keys::BASE, span), map(vec![(key(keys::TYPE, span), text(&enum_name, span))], span)));
                rewritten.push((key(keys::DISCRIMINATOR, span), text("type", span)));
                rewritten.push((k.clone(), map(new_branches.clone(), *data_span)));
            }
            _ => rewritten.push((k.clone(), v.clone())),
        }
    }
    Some((definitions, map(rewritten, span)))
}

fn camel(name: &str) -> String {
    name.split(['-', '_']).filter(|part| !part.is_empty()).map(|part| {
        let mut chars = part.chars();
        chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
    }).collect()
}
