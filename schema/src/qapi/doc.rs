//! QAPI doc comments parsed into structure, for both dialects: the current
//! one (`.. qmp-example::`, `.. note::`, four-space hanging indents) and
//! the one of QEMU 6.x to 9.0 (`Example:`, `Note:`/`Notes:` sections,
//! continuation lines aligned under the text).

use crate::source::Pos;

/// A doc block split into its parts; text is still QAPI's reStructuredText.
#[derive(Debug, Default)]
pub struct DocBlock<'a> {
    /// `@NAME:` of a definition block; `None` for free-form blocks.
    pub symbol: Option<(String, Pos)>,
    /// The overview and any untagged text, in order.
    pub body: Vec<&'a str>,
    /// `@member:` descriptions, in order.
    pub members: Vec<(String, String)>,
    /// `@feature:` descriptions after `Features:`.
    pub features: Vec<(String, String)>,
    /// The `Since:` text.
    pub since: Option<(String, Pos)>,
    /// Tagged sections kept as documentation (`Returns`, `Errors`, `Note`, …).
    pub sections: Vec<(String, String)>,
    /// Examples: prose and the message lines, with positions.
    pub examples: Vec<ExampleBlock>,
}

/// One example section or `.. qmp-example::` directive.
#[derive(Debug, Default)]
pub struct ExampleBlock {
    /// Title or prose around the messages.
    pub text: Vec<String>,
    /// Each message: direction (`true` = to the server), first line, JSON text.
    pub messages: Vec<(bool, Pos, String)>,
}

const TAGS: [&str; 9] = ["Since", "Returns", "Errors", "TODO", "Note", "Notes", "Example", "Examples", "Features"];

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// `@name: text` at the start of a line.
fn member_line(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix('@')?;
    let colon = rest.find(':')?;
    let name = &rest[..colon];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return None;
    }
    Some((name.to_string(), rest[colon + 1..].trim().to_string()))
}

/// `Tag: text` at the start of a line, for the known section tags.
fn tag_line(line: &str) -> Option<(&'static str, String)> {
    TAGS.iter().find_map(|tag| {
        let rest = line.strip_prefix(tag)?.strip_prefix(':')?;
        Some((*tag, rest.trim().to_string()))
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Body,
    Member,
    Feature,
    Section,
    OldExample,
    NewExample,
}

/// Parses the lines of one block.
#[must_use]
pub fn parse<'a>(lines: &[(Pos, &'a str)]) -> DocBlock<'a> {
    let mut block = DocBlock::default();
    let mut rest = lines;
    if let Some(((pos, first), tail)) = lines.split_first()
        && let Some(symbol) = first.strip_prefix('@').and_then(|s| s.strip_suffix(':'))
            && !symbol.contains(' ') {
                block.symbol = Some((symbol.to_string(), *pos));
                rest = tail;
            }
    let mut mode = Mode::Body;
    let mut in_features = false;
    let mut paragraph_break = false;
    for (pos, line) in rest {
        let blank = line.trim().is_empty();
        let indent = indent_of(line);
        if blank {
            paragraph_break = true;
            push_line(&mut block, mode, "");
            continue;
        }
        let top_level = indent == 0;
        if top_level {
            if let Some((name, text)) = member_line(line) {
                if in_features {
                    block.features.push((name, text));
                    mode = Mode::Feature;
                } else {
                    block.members.push((name, text));
                    mode = Mode::Member;
                }
                paragraph_break = false;
                continue;
            }
            if let Some((tag, text)) = tag_line(line) {
                paragraph_break = false;
                match tag {
                    "Features" => {
                        in_features = true;
                        mode = Mode::Feature;
                    }
                    "Since" => {
                        block.since = Some((text, *pos));
                        mode = Mode::Section;
                        block.sections.push(("Since".into(), String::new()));
                    }
                    "Example" | "Examples" => {
                        block.examples.push(ExampleBlock { text: if text.is_empty() { Vec::new() } else { vec![text] }, messages: Vec::new() });
                        mode = Mode::OldExample;
                    }
                    other => {
                        block.sections.push((other.to_string(), text));
                        mode = Mode::Section;
                    }
                }
                continue;
            }
            if let Some(options) = line.strip_prefix(".. qmp-example::") {
                let title = options.trim();
                block.examples.push(ExampleBlock { text: if title.is_empty() { Vec::new() } else { vec![title.to_string()] }, messages: Vec::new() });
                mode = Mode::NewExample;
                paragraph_break = false;
                continue;
            }
            // Unindented text after a blank line ends a member, feature,
            // tagged or directive section; old-style examples run on.
            if paragraph_break && mode != Mode::OldExample {
                mode = Mode::Body;
            }
        }
        paragraph_break = false;
        match mode {
            Mode::OldExample | Mode::NewExample => example_line(&mut block, *pos, line),
            _ => push_line(&mut block, mode, line),
        }
    }
    block
}

fn push_line<'a>(block: &mut DocBlock<'a>, mode: Mode, line: &'a str) {
    let append = |text: &mut String| {
        if !text.is_empty() || !line.is_empty() {
            text.push('\n');
            text.push_str(line);
        }
    };
    match mode {
        Mode::Body => block.body.push(line),
        Mode::Member => {
            if let Some((_, text)) = block.members.last_mut() {
                append(text);
            }
        }
        Mode::Feature => {
            if let Some((_, text)) = block.features.last_mut() {
                append(text);
            }
        }
        Mode::Section => {
            if let Some((_, text)) = block.sections.last_mut() {
                append(text);
            }
        }
        Mode::OldExample | Mode::NewExample => {
            if let Some(example) = block.examples.last_mut()
                && let Some(last) = example.messages.last_mut()
                    && line.is_empty() {
                        last.2.push('\n');
                    }
        }
    }
}

/// A line inside an example: a new `->`/`<-` message, a continuation of
/// the current message, or prose.
fn example_line(block: &mut DocBlock<'_>, pos: Pos, line: &str) {
    let Some(example) = block.examples.last_mut() else { return };
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix("->") {
        // After a blank line, a new request starts a new exchange.
        let after_blank = example.messages.last().is_some_and(|(_, _, text)| text.ends_with('\n'));
        if after_blank {
            block.examples.push(ExampleBlock::default());
        }
        if let Some(example) = block.examples.last_mut() {
            example.messages.push((true, pos, rest.to_string()));
        }
        return;
    }
    if let Some(rest) = trimmed.strip_prefix("<-") {
        example.messages.push((false, pos, rest.to_string()));
        return;
    }
    if let Some(option) = trimmed.strip_prefix(":title:") {
        example.text.push(option.trim().to_string());
        return;
    }
    if trimmed.starts_with(':') && trimmed.ends_with(':') {
        return;
    }
    match example.messages.last_mut() {
        Some((_, _, text)) if !text.ends_with('\n') && looks_like_json_continuation(trimmed) => {
            text.push('\n');
            text.push_str(line);
        }
        _ => example.text.push(trimmed.to_string()),
    }
}

fn looks_like_json_continuation(line: &str) -> bool {
    line.starts_with(['{', '}', '[', ']', '"', ',']) || line.chars().next().is_some_and(|c| c.is_ascii_digit()) || line.starts_with("...")
}
