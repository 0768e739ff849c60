//! The reStructuredText that QAPI doc comments use, rewritten as the
//! Markdown of our schema language: ``literal`` and `@member` become code,
//! `.. note::` and other admonitions become a bold lead-in, `::` literal
//! blocks become fenced code, indented blocks become quotes, and section
//! titles (`= Title`, or text under- and overlined) become headings.

/// Converts one doc text.
#[must_use]
pub fn from_rst(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Output::default();
    let mut index = 0;
    let mut pending_literal = false;
    // Output column where the text of the current list item starts: its
    // continuation lines are indented to it, or Markdown would end the item.
    let mut item_text_column: Option<usize> = None;
    while index < lines.len() {
        let line = lines[index];
        let trimmed = line.trim();
        if is_adornment(trimmed) && index + 2 < lines.len() && lines[index + 2].trim() == trimmed && !lines[index + 1].trim().is_empty() {
            out.line(format!("{} {}", heading_marks(trimmed), inline(lines[index + 1].trim())));
            index += 3;
            continue;
        }
        if index + 1 < lines.len() && !trimmed.is_empty() && is_adornment(lines[index + 1].trim()) && lines[index + 1].trim().len() >= trimmed.len() && line == trimmed {
            out.line(format!("{} {}", heading_marks(lines[index + 1].trim()), inline(trimmed)));
            index += 2;
            continue;
        }
        if let Some(title) = old_heading(trimmed) {
            out.line(title);
            index += 1;
            continue;
        }
        if let Some((directive, argument)) = trimmed.strip_prefix(".. ").and_then(|rest| rest.split_once("::")) {
            let (directive, argument) = (directive.trim(), argument.trim());
            let (block, next) = indented_block(&lines, index + 1);
            if matches!(directive, "code-block" | "code") {
                out.line(format!("```{argument}"));
                out.lines(block);
                out.line("```");
            } else {
                let (label, first) = if directive == "admonition" { (argument.to_string(), "") } else { (capitalized(directive), argument) };
                out.line(if first.is_empty() { format!("**{label}:**") } else { format!("**{label}:** {}", inline(first)) });
                out.lines(block.iter().map(|inner| inline(inner)));
            }
            index = next;
            continue;
        }
        if pending_literal && indent(line) > 0 {
            let (block, next) = indented_block(&lines, index);
            out.line("```");
            out.lines(block);
            out.line("```");
            pending_literal = false;
            index = next;
            continue;
        }
        if !trimmed.is_empty() {
            pending_literal = false;
        }
        if let Some(stripped) = trimmed.strip_suffix("::") {
            pending_literal = true;
            let keep = if stripped.ends_with(char::is_whitespace) || stripped.is_empty() { stripped.trim_end().to_string() } else { format!("{stripped}:") };
            if !keep.is_empty() {
                out.line(format!("{}{}", " ".repeat(indent(line)), inline(&keep)));
            }
            index += 1;
            continue;
        }
        let previous_blank = out.last_blank;
        if indent(line) >= 2 && previous_blank && !is_list_item(trimmed) {
            let (block, next) = indented_block(&lines, index);
            for inner in block {
                out.line(if inner.is_empty() { String::from(">") } else { format!("> {}", inline(&inner)) });
            }
            // A blank line ends the quote; without it Markdown would pull
            // the next paragraph into the quote.
            out.line("");
            index = next;
            continue;
        }
        if let Some(marker) = list_marker_width(trimmed) {
            item_text_column = Some(indent(line).min(3) + marker);
            out.line(reindent(line));
        } else if indent(line) == 0 {
            if !trimmed.is_empty() {
                item_text_column = None;
            }
            out.line(reindent(line));
        } else {
            let column = item_text_column.unwrap_or_else(|| indent(line).min(3));
            out.line(format!("{}{}", " ".repeat(column), inline(trimmed)));
        }
        index += 1;
    }
    out.finish()
}

/// The converted lines, joined as they come, without leading or trailing
/// blank lines.
struct Output {
    text: String,
    /// Length of `text` up to its last non-blank line.
    end: usize,
    last_blank: bool,
}

impl Default for Output {
    fn default() -> Self {
        Output { text: String::new(), end: 0, last_blank: true }
    }
}

impl Output {
    fn line(&mut self, line: impl AsRef<str>) {
        let line = line.as_ref();
        self.last_blank = line.trim().is_empty();
        if self.text.is_empty() && self.last_blank {
            return;
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(line);
        if !self.last_blank {
            self.end = self.text.len();
        }
    }

    fn lines<T: AsRef<str>>(&mut self, lines: impl IntoIterator<Item = T>) {
        lines.into_iter().for_each(|line| self.line(line));
    }

    fn finish(mut self) -> String {
        self.text.truncate(self.end);
        self.text
    }
}

fn capitalized(directive: &str) -> String {
    let mut word = directive.to_string();
    if let Some(first) = word.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    word
}

fn reindent(line: &str) -> String {
    let trimmed = line.trim_start();
    let body = match trimmed.strip_prefix("#. ") {
        Some(rest) => inline(&format!("1. {rest}")),
        None => inline(trimmed),
    };
    match indent(line).min(3) {
        0 => body,
        spaces => format!("{}{body}", " ".repeat(spaces)),
    }
}

fn is_list_item(trimmed: &str) -> bool {
    list_marker_width(trimmed).is_some()
}

/// The width of the list marker starting the line, with its space (`- `,
/// `* `, `#. ` which becomes `1. `, `12. `, `3) `).
fn list_marker_width(trimmed: &str) -> Option<usize> {
    if trimmed.starts_with("- ") || trimmed.starts_with("* ") {
        return Some(2);
    }
    if trimmed.starts_with("#. ") {
        return Some(3);
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let rest = trimmed.get(digits..)?;
    (digits > 0 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}

/// The indentation of `line` in characters (not bytes: Unicode whitespace
/// such as U+3000 is several bytes long).
fn indent(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).count()
}

/// `line` without its first `columns` characters of indentation.
fn dedent(line: &str, columns: usize) -> String {
    let start = line.char_indices().nth(columns).map_or(line.len(), |(at, _)| at);
    line[start..].to_string()
}

/// The lines of the indented block starting at `start` (dedented), and the index after it.
fn indented_block(lines: &[&str], start: usize) -> (Vec<String>, usize) {
    let mut end = start;
    while end < lines.len() && (lines[end].trim().is_empty() || indent(lines[end]) > 0) {
        end += 1;
    }
    let mut block: Vec<&str> = lines[start..end].to_vec();
    while block.last().is_some_and(|l| l.trim().is_empty()) {
        block.pop();
    }
    while block.first().is_some_and(|l| l.trim().is_empty()) {
        block.remove(0);
    }
    let common = block.iter().filter(|l| !l.trim().is_empty()).map(|l| indent(l)).min().unwrap_or(0);
    let dedented = block.iter().map(|l| dedent(l, common)).collect();
    (dedented, end)
}

fn is_adornment(line: &str) -> bool {
    line.len() >= 3 && line.chars().all(|c| matches!(c, '=' | '*' | '-' | '~' | '^')) && {
        let first = line.chars().next().unwrap_or('=');
        line.chars().all(|c| c == first)
    }
}

fn heading_marks(adornment: &str) -> &'static str {
    match adornment.chars().next() {
        Some('*') => "#",
        Some('=') => "##",
        _ => "###",
    }
}

/// QEMU's old `= Title` / `== Subtitle` headings.
fn old_heading(trimmed: &str) -> Option<String> {
    let level = trimmed.chars().take_while(|c| *c == '=').count();
    let rest = trimmed[level..].strip_prefix(' ')?;
    (level > 0 && level <= 4 && !rest.trim().is_empty()).then(|| format!("{} {}", "#".repeat(level), inline(rest.trim())))
}

/// Inline markup: ``literal`` to `literal`, `@name` to `name` in code.
fn inline(text: &str) -> String {
    if !text.contains('@') {
        return if text.contains("``") { text.replace("``", "`") } else { text.to_string() };
    }
    let text = text.replace("``", "`");
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut index = 0;
    let mut in_code = false;
    while index < chars.len() {
        let c = chars[index];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            index += 1;
            continue;
        }
        let starts_word = index == 0 || !(chars[index - 1].is_ascii_alphanumeric() || chars[index - 1] == '@');
        if c == '@' && !in_code && starts_word && chars.get(index + 1).is_some_and(|n| n.is_ascii_alphabetic() || *n == '_') {
            let mut end = index + 1;
            while end < chars.len() && (chars[end].is_ascii_alphanumeric() || matches!(chars[end], '-' | '_' | '.')) {
                end += 1;
            }
            while end > index + 1 && chars[end - 1] == '.' {
                end -= 1;
            }
            out.push('`');
            out.extend(&chars[index + 1..end]);
            out.push('`');
            index = end;
            continue;
        }
        out.push(c);
        index += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_inline_markup() {
        assert_eq!(from_rst("Use ``device_del`` on @id, see `DEVICE_DELETED`."), "Use `device_del` on `id`, see `DEVICE_DELETED`.");
        assert_eq!(from_rst("mail@example.com stays"), "mail@example.com stays");
    }

    #[test]
    fn converts_notes_and_headings() {
        assert_eq!(from_rst(".. note:: This event is rate-limited."), "**Note:** This event is rate-limited.");
        assert_eq!(from_rst("****\nACPI\n****"), "# ACPI");
        assert_eq!(from_rst("Block core\n=========="), "## Block core");
        assert_eq!(from_rst("= ACPI"), "# ACPI");
        assert_eq!(from_rst("For example::\n\n    -> x\n"), "For example:\n\n```\n-> x\n```");
        assert_eq!(from_rst("Where\n\n    a = b - c\nso c = a - b."), "Where\n\n> a = b - c\n\nso c = a - b.");
        assert_eq!(from_rst(" 1) A set of options: the child is\n    reopened.\n 2) A reference"), " 1) A set of options: the child is\n    reopened.\n 2) A reference");
        assert_eq!(from_rst("   1. The guest may be in a\n   catastrophic state"), "   1. The guest may be in a\n      catastrophic state");
    }

    #[test]
    fn indentation_is_counted_in_characters() {
        // U+3000 is whitespace of three bytes; a byte count sliced inside it.
        assert_eq!(from_rst(".. note::\n a\n\u{3000}b"), "**Note:**\na\nb");
        assert_eq!(from_rst("x::\n\n\u{3000}\u{3000}y\n z"), "x:\n\n```\n\u{3000}y\nz\n```");
    }
}
