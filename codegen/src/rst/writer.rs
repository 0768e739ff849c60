//! RST emitter, text layer: the one type that builds reStructuredText text.
//!
//! Everything else in the emitter describes *what* to write (a paragraph, a
//! list item, a reference); [`Writer`] decides *how*: indentation, blank
//! lines, escaping of every character that is markup in RST, and the
//! `\ ` separators that inline markup needs when it touches a word.
//!
//! Inline content is collected as pieces and rendered when a block ends,
//! because whether markup needs a separator depends on both neighbours
//! ([`inline`]).

mod inline;

use self::inline::{Mode, Piece, Style, escape, escape_name, is_adornment_line, render};

/// Section adornments, by depth (depth 0, the title, is over- and underlined).
const ADORNMENTS: [char; 8] = ['=', '=', '-', '~', '^', '"', '\'', '+'];

/// One level of indentation; a pending marker (`- `, `1. `) replaces the
/// spaces of the first line written at that level.
#[derive(Clone, Debug)]
struct Level {
    width: usize,
    marker: Option<String>,
    /// Groups of lines (paragraphs, directives) written directly at this level.
    groups: u32,
    /// Whether a deeper level was opened inside this one.
    nested: bool,
    /// Whether this level is a list item (it started with a marker).
    item: bool,
    /// Whether its marker is an enumerator (`1. `) rather than a bullet.
    numbered: bool,
}

impl Level {
    fn new(width: usize, marker: Option<String>) -> Self {
        let numbered = marker.as_deref().is_some_and(is_numbered);
        Level { width, item: marker.is_some(), numbered, marker, groups: 0, nested: false }
    }
}

/// Whether a list marker is an enumerator.
fn is_numbered(marker: &str) -> bool {
    marker.starts_with(|c: char| c.is_ascii_digit())
}

/// Builds an RST document line by line.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    levels: Vec<Level>,
    blank_due: bool,
    pieces: Vec<Piece>,
    emphasis: u32,
    strong: u32,
    captures: Vec<usize>,
    /// The level index and marker kind of an item that just closed holding
    /// a single paragraph: a next item of the same kind at that level needs
    /// no blank line before it.
    tight_sibling: Option<(usize, bool)>,
    /// The next line follows the previous one directly (a term and its definition).
    glued: bool,
}

impl Writer {
    /// An empty document.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The document, ending with exactly one newline.
    #[must_use]
    pub fn finish(mut self) -> String {
        self.paragraph();
        let trimmed = self.out.trim_end().len();
        self.out.truncate(trimmed);
        self.out.push('\n');
        self.out
    }

    // ----- blocks -------------------------------------------------------

    /// Writes `text` verbatim as one line at the current indentation.
    fn raw_line(&mut self, text: &str) {
        let marker_at = self.levels.iter().position(|l| l.marker.is_some());
        let sibling = marker_at.is_some_and(|at| {
            let numbered = self.levels[at].marker.as_deref().is_some_and(is_numbered);
            self.tight_sibling == Some((at, numbered))
        });
        if self.blank_due && !self.out.is_empty() && !self.out.ends_with("\n\n") && !sibling && !self.glued {
            self.out.push('\n');
        }
        if (self.blank_due || marker_at.is_some())
            && let Some(level) = self.levels.last_mut()
        {
            level.groups += 1;
        }
        self.blank_due = false;
        self.glued = false;
        self.tight_sibling = None;
        let mut prefix = String::new();
        for level in &mut self.levels {
            match level.marker.take() {
                Some(marker) => {
                    prefix.push_str(&marker);
                    let used = marker.chars().count();
                    prefix.extend(std::iter::repeat_n(' ', level.width.saturating_sub(used)));
                }
                None => prefix.extend(std::iter::repeat_n(' ', level.width)),
            }
        }
        prefix.extend(text.chars().map(|c| if is_line_break(c) { ' ' } else { c }));
        self.out.push_str(expand_tabs(&prefix).trim_end());
        self.out.push('\n');
    }

    /// Asks for a blank line before whatever is written next.
    pub fn blank_line(&mut self) {
        self.blank_due = true;
    }

    /// Starts an indented level whose first line begins with `marker`
    /// (`- `, `* `, `1. `); body lines are indented by the marker's width.
    pub fn open_item(&mut self, marker: &str) {
        self.paragraph();
        self.push(Level::new(marker.chars().count(), Some(marker.to_string())));
    }

    /// Starts an indented level of `width` spaces.
    pub fn open_indent(&mut self, width: usize) {
        self.paragraph();
        self.push(Level::new(width, None));
    }

    fn push(&mut self, level: Level) {
        if let Some(parent) = self.levels.last_mut() {
            parent.nested = true;
        }
        self.levels.push(level);
    }

    /// Ends the innermost level. An item that received no content still
    /// gets its marker, so the list keeps its shape; an empty numbered
    /// item gets an empty comment, as docutils does not take `3.` alone
    /// for an item.
    pub fn close(&mut self) {
        self.paragraph();
        if let Some(level) = self.levels.last()
            && let Some(marker) = &level.marker
        {
            let body = if is_numbered(marker) { ".." } else { "" };
            self.raw_line(body);
        }
        let index = self.levels.len().checked_sub(1);
        if let Some(level) = self.levels.pop() {
            self.tight_sibling = match index {
                Some(index) if level.item && level.groups <= 1 && !level.nested => Some((index, level.numbered)),
                _ => None,
            };
        }
    }

    /// `.. name:: argument` followed by its options; content goes into an
    /// [`Writer::open_indent`] of 3 that the caller opens.
    pub fn directive(&mut self, name: &str, argument: Option<&str>, options: &[(&str, &str)]) {
        self.paragraph();
        self.blank_line();
        let mut line = format!(".. {name}::");
        if let Some(argument) = argument {
            line.push(' ');
            line.push_str(argument);
        }
        self.raw_line(&line);
        for (key, value) in options {
            let option = if value.is_empty() { format!("   :{key}:") } else { format!("   :{key}: {value}") };
            self.raw_line(&option);
        }
        self.blank_line();
    }

    /// A directive whose argument is the pending inline content (`rubric`).
    pub fn directive_with_inline(&mut self, name: &str) {
        let argument = self.take_line();
        if argument.is_empty() {
            return;
        }
        self.directive(name, Some(&argument), &[]);
    }

    /// An empty comment: ends the preceding construct, so that an indented
    /// block after it is a block quote and not part of that construct.
    pub fn separator(&mut self) {
        self.paragraph();
        self.blank_line();
        self.raw_line("..");
        self.blank_line();
    }

    /// A comment line (`.. text`); `text` must be one line.
    pub fn comment(&mut self, text: &str) {
        self.paragraph();
        self.blank_line();
        let line = format!(".. {}", text.replace('\n', " "));
        self.raw_line(&line);
        self.blank_line();
    }

    /// An explicit hyperlink target, `.. _`name`:`.
    pub fn target(&mut self, name: &str) {
        self.paragraph();
        self.blank_line();
        let line = format!(".. _`{}`:", escape_name(name));
        self.raw_line(&line);
        self.blank_line();
    }

    /// A literal block (`::`), or a `code-block` directive with `language`.
    pub fn code_block(&mut self, language: Option<&str>, code: &str) {
        self.paragraph();
        let lines: Vec<&str> = code.lines().collect();
        let first = lines.iter().position(|l| !l.trim().is_empty());
        let last = lines.iter().rposition(|l| !l.trim().is_empty());
        let (Some(first), Some(last)) = (first, last) else { return };
        match language {
            Some(language) => self.directive("code-block", Some(language), &[]),
            None => {
                self.blank_line();
                self.raw_line("::");
                self.blank_line();
            }
        }
        self.push(Level::new(3, None));
        for line in &lines[first..=last] {
            self.raw_line(line.trim_end());
        }
        self.levels.pop();
        self.blank_line();
    }

    /// A section title at `depth` (0 is the document title) from the
    /// pending inline content; nothing when that content is empty.
    pub fn title(&mut self, depth: usize) {
        let text = expand_tabs(&self.take_line());
        if text.is_empty() {
            return;
        }
        let adornment = ADORNMENTS[depth.min(ADORNMENTS.len() - 1)];
        let rule: String = std::iter::repeat_n(adornment, display_width(&text)).collect();
        self.blank_line();
        if depth == 0 {
            self.raw_line(&rule);
        }
        self.raw_line(&text);
        self.raw_line(&rule);
        self.blank_line();
    }

    /// `:name: <pending inline content>`, one field of a field list.
    pub fn field(&mut self, name: &str) {
        let body = self.take_line();
        let line = if body.is_empty() { format!(":{}:", escape(name)) } else { format!(":{}: {body}", escape(name)) };
        self.raw_line(&line);
    }

    /// The pending inline content as the term of a definition-list item;
    /// the definition follows in an [`Writer::open_indent`] of 3.
    pub fn term(&mut self) {
        let text = self.take_line();
        self.blank_line();
        self.raw_line(if text.is_empty() { "(unnamed)" } else { &text });
        self.glued = true;
    }

    /// Ends the pending inline content as a paragraph (or as a line block
    /// when it has hard breaks).
    pub fn paragraph(&mut self) {
        if self.pieces.is_empty() {
            return;
        }
        let pieces = std::mem::take(&mut self.pieces);
        self.captures.clear();
        if pieces.iter().any(|p| matches!(p, Piece::HardBreak)) {
            self.blank_line();
            for line in pieces.split(|p| matches!(p, Piece::HardBreak)) {
                let text = render(line, Mode::Line);
                if text.is_empty() {
                    self.raw_line("|");
                } else {
                    self.raw_line(&format!("| {text}"));
                }
            }
            self.blank_line();
            return;
        }
        let text = render(&pieces, Mode::Paragraph);
        let mut lines: Vec<String> = Vec::new();
        for line in text.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
            match lines.last_mut() {
                Some(previous) if is_adornment_line(line) => {
                    previous.push(' ');
                    previous.push_str(line);
                }
                _ => lines.push(line.to_string()),
            }
        }
        if lines.is_empty() {
            return;
        }
        self.blank_line();
        for line in &lines {
            self.raw_line(line);
        }
        self.blank_line();
    }

    // ----- inline -------------------------------------------------------

    /// Plain text in the current emphasis.
    pub fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let style = self.style();
        self.pieces.push(Piece::Text(text.to_string(), style));
    }

    fn style(&self) -> Style {
        if self.strong > 0 {
            Style::Strong
        } else if self.emphasis > 0 {
            Style::Emphasis
        } else {
            Style::Plain
        }
    }

    /// Starts (`true`) or ends (`false`) emphasis.
    pub fn emphasis(&mut self, on: bool) {
        self.emphasis = if on { self.emphasis.saturating_add(1) } else { self.emphasis.saturating_sub(1) };
    }

    /// Starts (`true`) or ends (`false`) strong emphasis.
    pub fn strong(&mut self, on: bool) {
        self.strong = if on { self.strong.saturating_add(1) } else { self.strong.saturating_sub(1) };
    }

    /// Inline code.
    pub fn code(&mut self, code: &str) {
        self.pieces.push(Piece::Code(code.to_string()));
    }

    /// A reference to the explicit target `target`, shown as `text`.
    pub fn reference(&mut self, text: &str, target: &str) {
        self.pieces.push(Piece::Reference { text: text.to_string(), target: target.to_string() });
    }

    /// A hyperlink to `url`, shown as `text`.
    pub fn link(&mut self, text: &str, url: &str) {
        self.pieces.push(Piece::Link { text: text.to_string(), url: url.to_string() });
    }

    /// A source line break.
    pub fn soft_break(&mut self) {
        let style = self.style();
        self.pieces.push(Piece::SoftBreak(style));
    }

    /// A forced line break.
    pub fn hard_break(&mut self) {
        self.pieces.push(Piece::HardBreak);
    }

    /// Starts capturing inline content (the text of a link).
    pub fn start_capture(&mut self) {
        self.captures.push(self.pieces.len());
    }

    /// Ends the innermost capture and returns its content as plain text.
    pub fn end_capture(&mut self) -> String {
        let start = self.captures.pop().unwrap_or(self.pieces.len()).min(self.pieces.len());
        let captured: Vec<Piece> = self.pieces.drain(start..).collect();
        let mut text = String::new();
        for piece in captured {
            match piece {
                Piece::Text(t, _) | Piece::Code(t) => text.push_str(&t),
                Piece::Reference { text: t, .. } | Piece::Link { text: t, .. } => text.push_str(&t),
                Piece::SoftBreak(_) | Piece::HardBreak => text.push(' '),
            }
        }
        text
    }

    /// The pending inline content as one line, and clears it.
    fn take_line(&mut self) -> String {
        let pieces = std::mem::take(&mut self.pieces);
        self.captures.clear();
        render(&pieces, Mode::Line)
    }
}

/// Characters other than `\n` that end a line for docutils (it splits its
/// input with Python's `str.splitlines`): written as spaces, or a line
/// would break where the writer did not put a break.
fn is_line_break(c: char) -> bool {
    matches!(c, '\r' | '\u{0B}' | '\u{0C}' | '\u{1C}'..='\u{1E}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// `line` with its tabs expanded to stops of eight columns, as docutils
/// reads them (so widths measured here are docutils' widths).
fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let spaces = 8 - column % 8;
            out.extend(std::iter::repeat_n(' ', spaces));
            column += spaces;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

/// Width of a title as docutils measures it (East Asian wide and full-width
/// characters, emoji included, count two); never less than docutils' own
/// measure, which counts every non-combining character as at least one
/// column, so underlines are long enough.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(1).max(1)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(build: impl FnOnce(&mut Writer)) -> String {
        let mut writer = Writer::new();
        build(&mut writer);
        writer.finish()
    }

    #[test]
    fn separates_markup_from_words() {
        let out = paragraph(|w| {
            w.text("un");
            w.emphasis(true);
            w.text("frig");
            w.emphasis(false);
            w.text("believable");
        });
        assert_eq!(out, "un\\ *frig*\\ believable\n");
        let out = paragraph(|w| {
            w.text("(");
            w.code("x");
            w.text("), ");
            w.reference("Foo", "Foo");
            w.text(".");
        });
        assert_eq!(out, "(``x``), `Foo`_.\n");
    }

    #[test]
    fn keeps_whitespace_outside_emphasis() {
        let out = paragraph(|w| {
            w.text("a");
            w.strong(true);
            w.text(" bold ");
            w.strong(false);
            w.text("b");
        });
        assert_eq!(out, "a **bold** b\n");
        let out = paragraph(|w| {
            w.strong(true);
            w.text("see ");
            w.code("x");
            w.text(" now");
            w.strong(false);
        });
        assert_eq!(out, "**see** ``x`` **now**\n");
    }

    #[test]
    fn code_with_backquotes_uses_the_literal_role() {
        let out = paragraph(|w| w.code("a`b\\c"));
        assert_eq!(out, ":literal:`a\\`b\\\\c`\n");
    }

    #[test]
    fn links_escape_text_and_url() {
        let out = paragraph(|w| w.link("a <b> *c*", "https://x.example/a b_"));
        assert_eq!(out, "`a \\<b> \\*c\\* <https://x.example/a%20b\\_>`__\n");
        let out = paragraph(|w| w.reference("Foo.bar", "Foo"));
        assert_eq!(out, "`Foo.bar <Foo_>`__\n");
    }

    #[test]
    fn adornment_lines_join_the_line_before() {
        let out = paragraph(|w| {
            w.text("title");
            w.soft_break();
            w.text("=====");
        });
        assert_eq!(out, "title =====\n");
    }

    #[test]
    fn hard_breaks_make_a_line_block() {
        let out = paragraph(|w| {
            w.text("one");
            w.hard_break();
            w.text("two");
        });
        assert_eq!(out, "| one\n| two\n");
    }

    #[test]
    fn items_indent_and_nest() {
        let mut w = Writer::new();
        w.open_item("* ");
        w.open_item("- ");
        w.text("a");
        w.close();
        w.open_item("- ");
        w.close();
        w.close();
        assert_eq!(w.finish(), "* - a\n  -\n");
    }

    #[test]
    fn titles_are_long_enough() {
        let mut w = Writer::new();
        w.text("日本");
        w.title(1);
        assert_eq!(w.finish(), "日本\n====\n");
        let mut w = Writer::new();
        w.text("Rocket \u{1F680}");
        w.title(1);
        assert_eq!(w.finish(), "Rocket \u{1F680}\n=========\n");
    }

    #[test]
    fn tabs_are_expanded_before_titles_are_measured() {
        let mut w = Writer::new();
        w.text("a\tb");
        w.title(1);
        assert_eq!(w.finish(), "a       b\n=========\n");
    }

    #[test]
    fn empty_numbered_items_keep_their_place() {
        let mut w = Writer::new();
        w.open_item("1. ");
        w.text("one");
        w.close();
        w.open_item("2. ");
        w.close();
        assert_eq!(w.finish(), "1. one\n2. ..\n");
    }

    #[test]
    fn only_newlines_end_lines() {
        let mut w = Writer::new();
        w.text("a\u{2028}b\u{2029}c\u{85}d\re");
        w.paragraph();
        assert_eq!(w.finish(), "a b c d e\n");
    }
}
