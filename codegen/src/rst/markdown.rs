//! RST emitter, Markdown: a schema doc string (CommonMark plus tables) read
//! through pulldown-cmark's event stream into a small tree, then written
//! with the [`Writer`].
//!
//! The tree is built with an explicit stack and capped in depth, so that
//! no input, however deeply nested, makes rendering recurse without bound.
//! Raw HTML is shown as text. Headings become sections only where the
//! caller allows it (free-form docs); elsewhere they become rubrics.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag};

use super::links::Links;
use super::writer::Writer;

/// Containers nested deeper than this are flattened into their parent.
const MAX_DEPTH: usize = 16;

/// Languages that docutils (through Pygments) and Sphinx both highlight;
/// other code blocks become plain literal blocks.
const LANGUAGES: [&str; 32] = [
    "bash",
    "c",
    "c++",
    "console",
    "cpp",
    "diff",
    "go",
    "html",
    "ini",
    "java",
    "javascript",
    "js",
    "json",
    "make",
    "makefile",
    "markdown",
    "md",
    "py",
    "python",
    "python3",
    "rs",
    "rst",
    "rust",
    "sh",
    "shell",
    "shell-session",
    "sql",
    "text",
    "toml",
    "xml",
    "yaml",
    "yml",
];

/// Receives the headings of free-form documentation as sections.
pub trait Sections {
    /// Writes the pending inline content of the writer as the title of a
    /// section for a Markdown heading of `level` (1 to 6).
    fn heading(&mut self, writer: &mut Writer, level: u8);
}

/// Renders `markdown` as body elements. Top-level headings go to
/// `sections` when given, and become rubrics otherwise.
pub fn render(writer: &mut Writer, markdown: &str, links: &Links, sections: Option<&mut dyn Sections>) {
    let tree = parse(markdown);
    let mut renderer = Renderer { writer, links, sections };
    renderer.blocks(&tree, true);
}

/// The levels of the top-level headings of `markdown`, in order.
#[must_use]
pub fn heading_levels(markdown: &str) -> Vec<u8> {
    parse(markdown)
        .iter()
        .filter_map(|block| match block {
            Block::Heading(level, _) => Some(*level),
            _ => None,
        })
        .collect()
}

/// Whether the first block of `markdown` is a heading.
#[must_use]
pub fn starts_with_heading(markdown: &str) -> bool {
    matches!(parse(markdown).first(), Some(Block::Heading(..)))
}

/// `markdown` split after a leading level-1 heading (the document title),
/// or `None` when it does not start with one.
#[must_use]
pub fn split_title(markdown: &str) -> Option<(&str, &str)> {
    split_heading(markdown).filter(|(heading, _)| matches!(parse(heading).first(), Some(Block::Heading(1, _))))
}

/// `markdown` split after a leading heading with some text, or `None`.
#[must_use]
pub fn split_heading(markdown: &str) -> Option<(&str, &str)> {
    let mut events = Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter();
    let (first, range) = events.next()?;
    if !matches!(first, Event::Start(Tag::Heading { .. })) {
        return None;
    }
    let has_text = events.take_while(|(e, _)| !matches!(e, Event::End(_))).any(|(e, _)| !matches!(e, Event::SoftBreak));
    let end = range.end.min(markdown.len());
    (has_text && markdown.is_char_boundary(end)).then(|| markdown.split_at(end))
}

// ----- tree --------------------------------------------------------------

#[derive(Clone, Debug)]
enum Block {
    Paragraph(Vec<Inline>),
    Heading(u8, Vec<Inline>),
    Quote(Vec<Block>),
    Code { language: Option<String>, text: String },
    List { start: Option<u64>, items: Vec<Vec<Block>> },
    Table { header: bool, rows: Vec<Vec<Vec<Inline>>> },
    Html(String),
    Rule,
}

#[derive(Clone, Debug)]
enum Inline {
    Text(String),
    Code(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Link { url: String, children: Vec<Inline> },
    SoftBreak,
    HardBreak,
}

#[derive(Clone, Debug)]
enum Kind {
    Root,
    Paragraph,
    Heading(u8),
    Quote,
    Code(Option<String>),
    Html,
    List(Option<u64>),
    Item,
    Table,
    Row(bool),
    Cell,
    Emphasis,
    Strong,
    Link(String),
    /// A container past the depth limit, or one without an RST form: its
    /// content goes to the parent.
    Transparent,
}

/// A node under construction.
#[derive(Debug)]
struct Frame {
    kind: Kind,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    text: String,
    items: Vec<Vec<Block>>,
    rows: Vec<Vec<Vec<Inline>>>,
    cells: Vec<Vec<Inline>>,
    header: bool,
}

impl Frame {
    fn new(kind: Kind) -> Self {
        Frame {
            kind,
            blocks: Vec::new(),
            inlines: Vec::new(),
            text: String::new(),
            items: Vec::new(),
            rows: Vec::new(),
            cells: Vec::new(),
            header: false,
        }
    }

    /// Loose inline content (a tight list item) becomes a paragraph.
    fn flush_inlines(&mut self) {
        if !self.inlines.is_empty() {
            let inlines = std::mem::take(&mut self.inlines);
            self.blocks.push(Block::Paragraph(inlines));
        }
    }

    fn add_block(&mut self, block: Block) {
        self.flush_inlines();
        self.blocks.push(block);
    }

    fn add_inline(&mut self, inline: Inline) {
        match self.kind {
            Kind::Code(_) | Kind::Html => {
                if let Inline::Text(text) = inline {
                    self.text.push_str(&text);
                }
            }
            _ => self.inlines.push(inline),
        }
    }

    fn blocks(mut self) -> Vec<Block> {
        self.flush_inlines();
        self.blocks
    }
}

fn parse(markdown: &str) -> Vec<Block> {
    let mut stack = vec![Frame::new(Kind::Root)];
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(tag) => {
                let depth = stack.iter().filter(|f| !matches!(f.kind, Kind::Transparent)).count();
                let kind = if depth > MAX_DEPTH && !matches!(tag, Tag::TableHead | Tag::TableRow | Tag::TableCell | Tag::Item) {
                    Kind::Transparent
                } else {
                    kind_of(tag)
                };
                stack.push(Frame::new(kind));
            }
            Event::End(_) => {
                if stack.len() > 1 {
                    pop(&mut stack);
                }
            }
            other => {
                let Some(frame) = stack.last_mut() else { continue };
                match other {
                    Event::Text(text) => frame.add_inline(Inline::Text(text.into_string())),
                    Event::Code(code) | Event::InlineMath(code) | Event::DisplayMath(code) => frame.add_inline(Inline::Code(code.into_string())),
                    Event::Html(html) | Event::InlineHtml(html) => match frame.kind {
                        Kind::Html => frame.text.push_str(&html),
                        _ => frame.add_inline(Inline::Text(html.into_string())),
                    },
                    Event::FootnoteReference(label) => frame.add_inline(Inline::Text(format!("[^{label}]"))),
                    Event::SoftBreak => frame.add_inline(Inline::SoftBreak),
                    Event::HardBreak => frame.add_inline(Inline::HardBreak),
                    Event::Rule => frame.add_block(Block::Rule),
                    Event::TaskListMarker(checked) => frame.add_inline(Inline::Text(if checked { "[x] " } else { "[ ] " }.to_string())),
                    Event::Start(_) | Event::End(_) => {}
                }
            }
        }
    }
    while stack.len() > 1 {
        pop(&mut stack);
    }
    stack.pop().map(Frame::blocks).unwrap_or_default()
}

/// Closes the innermost frame into its parent.
fn pop(stack: &mut Vec<Frame>) {
    if let Some(frame) = stack.pop()
        && let Some(parent) = stack.last_mut()
    {
        close(frame, parent);
    }
}

fn kind_of(tag: Tag<'_>) -> Kind {
    match tag {
        Tag::Paragraph => Kind::Paragraph,
        Tag::Heading { level, .. } => Kind::Heading(heading_number(level)),
        Tag::BlockQuote(_) => Kind::Quote,
        Tag::CodeBlock(CodeBlockKind::Fenced(info)) => Kind::Code(language(&info)),
        Tag::CodeBlock(CodeBlockKind::Indented) => Kind::Code(None),
        Tag::HtmlBlock => Kind::Html,
        Tag::List(start) => Kind::List(start),
        Tag::Item => Kind::Item,
        Tag::Table(_) => Kind::Table,
        Tag::TableHead => Kind::Row(true),
        Tag::TableRow => Kind::Row(false),
        Tag::TableCell => Kind::Cell,
        Tag::Emphasis => Kind::Emphasis,
        Tag::Strong => Kind::Strong,
        Tag::Link { link_type, dest_url, .. } => Kind::Link(match link_type {
            LinkType::Email if !dest_url.starts_with("mailto:") => format!("mailto:{dest_url}"),
            _ => dest_url.into_string(),
        }),
        Tag::Image { dest_url, .. } => Kind::Link(dest_url.into_string()),
        _ => Kind::Transparent,
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The first word of a fenced block's info string, if it is a language
/// both docutils and Sphinx highlight.
fn language(info: &str) -> Option<String> {
    let word = info.split(|c: char| c.is_whitespace() || c == ',' || c == '{').next().unwrap_or_default().to_ascii_lowercase();
    LANGUAGES.contains(&word.as_str()).then_some(word)
}

/// Attaches a finished frame to its parent.
fn close(mut frame: Frame, parent: &mut Frame) {
    match frame.kind.clone() {
        Kind::Root | Kind::Transparent => {
            if frame.blocks.is_empty() {
                parent.inlines.append(&mut frame.inlines);
            } else {
                for block in frame.blocks() {
                    parent.add_block(block);
                }
            }
        }
        Kind::Paragraph => parent.add_block(Block::Paragraph(frame.inlines)),
        Kind::Heading(level) => {
            if frame.inlines.iter().any(|i| !matches!(i, Inline::Text(t) if t.trim().is_empty())) {
                parent.add_block(Block::Heading(level, frame.inlines));
            }
        }
        Kind::Quote => parent.add_block(Block::Quote(frame.blocks())),
        Kind::Code(language) => parent.add_block(Block::Code { language, text: frame.text }),
        Kind::Html => parent.add_block(Block::Html(frame.text)),
        Kind::List(start) => parent.add_block(Block::List { start, items: frame.items }),
        Kind::Item => {
            let blocks = frame.blocks();
            match parent.kind {
                Kind::List(_) => parent.items.push(blocks),
                _ => {
                    for block in blocks {
                        parent.add_block(block);
                    }
                }
            }
        }
        Kind::Table => parent.add_block(Block::Table { header: frame.header, rows: frame.rows }),
        Kind::Row(header) => {
            parent.header |= header;
            parent.rows.push(frame.cells);
        }
        Kind::Cell => parent.cells.push(frame.inlines),
        Kind::Emphasis => parent.add_inline(Inline::Emphasis(frame.inlines)),
        Kind::Strong => parent.add_inline(Inline::Strong(frame.inlines)),
        Kind::Link(url) => parent.add_inline(Inline::Link { url, children: frame.inlines }),
    }
}

// ----- rendering ---------------------------------------------------------

struct Renderer<'a, 's, 'w> {
    writer: &'w mut Writer,
    links: &'a Links,
    sections: Option<&'s mut dyn Sections>,
}

impl Renderer<'_, '_, '_> {
    fn blocks(&mut self, blocks: &[Block], top: bool) {
        let mut previous: Option<&Block> = None;
        for block in blocks {
            if matches!(block, Block::List { .. }) && matches!(previous, Some(Block::List { .. })) {
                self.writer.separator();
            }
            self.block(block, top);
            previous = Some(block);
        }
    }

    fn block(&mut self, block: &Block, top: bool) {
        match block {
            Block::Paragraph(inlines) => {
                self.inlines(inlines, false);
                self.writer.paragraph();
            }
            Block::Heading(level, inlines) => {
                self.writer.paragraph();
                self.inlines(inlines, false);
                match self.sections.as_deref_mut() {
                    Some(sections) if top => sections.heading(self.writer, *level),
                    _ => self.writer.directive_with_inline("rubric"),
                }
            }
            Block::Quote(children) => {
                self.writer.separator();
                self.writer.open_indent(4);
                self.blocks(children, false);
                self.writer.close();
                self.writer.blank_line();
            }
            Block::Code { language, text } => self.writer.code_block(language.as_deref(), text),
            Block::Html(html) => self.writer.code_block(None, html),
            Block::List { start, items } => {
                let mut number = *start;
                for item in items {
                    let marker = match number {
                        Some(n) => {
                            number = Some(n.saturating_add(1));
                            format!("{n}. ")
                        }
                        None => "- ".to_string(),
                    };
                    self.writer.open_item(&marker);
                    self.blocks(item, false);
                    self.writer.close();
                }
                self.writer.blank_line();
            }
            Block::Table { header, rows } => self.table(*header, rows),
            Block::Rule => self.writer.separator(),
        }
    }

    fn table(&mut self, header: bool, rows: &[Vec<Vec<Inline>>]) {
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let options: &[(&str, &str)] = if header { &[("header-rows", "1")] } else { &[] };
        self.writer.directive("list-table", None, options);
        self.writer.open_indent(3);
        for row in rows {
            self.writer.open_item("* ");
            for index in 0..columns {
                self.writer.open_item("- ");
                if let Some(cell) = row.get(index) {
                    self.inlines(cell, false);
                }
                self.writer.close();
            }
            self.writer.close();
        }
        self.writer.close();
        self.writer.blank_line();
    }

    fn inlines(&mut self, inlines: &[Inline], in_link: bool) {
        for inline in inlines {
            match inline {
                Inline::Text(text) => self.writer.text(text),
                Inline::Code(code) => match self.links.target(code) {
                    Some(target) if !in_link => self.writer.reference(code, target),
                    _ => self.writer.code(code),
                },
                Inline::Emphasis(children) => {
                    self.writer.emphasis(true);
                    self.inlines(children, in_link);
                    self.writer.emphasis(false);
                }
                Inline::Strong(children) => {
                    self.writer.strong(true);
                    self.inlines(children, in_link);
                    self.writer.strong(false);
                }
                // `#anchor`: a section or reliability row of the manual; an
                // anchor the manual lacks leaves the text unlinked.
                Inline::Link { url, children } if url.starts_with('#') => match self.links.anchor(&url[1..]) {
                    Some(target) if !in_link => {
                        let text = plain_text(children);
                        self.writer.reference(&text, target);
                    }
                    _ => self.inlines(children, in_link),
                },
                Inline::Link { url, children } => {
                    self.writer.start_capture();
                    self.inlines(children, true);
                    let text = self.writer.end_capture();
                    self.writer.link(&text, url);
                }
                Inline::SoftBreak => self.writer.soft_break(),
                Inline::HardBreak => self.writer.hard_break(),
            }
        }
    }
}

/// The text of inline content without its markup (a reference's text).
fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(text) | Inline::Code(text) => out.push_str(text),
            Inline::Emphasis(children) | Inline::Strong(children) | Inline::Link { children, .. } => out.push_str(&plain_text(children)),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rst(markdown: &str) -> String {
        let mut writer = Writer::new();
        render(&mut writer, markdown, &Links::default(), None);
        writer.finish()
    }

    #[test]
    fn headings_outside_free_form_docs_are_rubrics() {
        assert_eq!(rst("# Title\n\ntext"), ".. rubric:: Title\n\ntext\n");
    }

    #[test]
    fn tight_lists_stay_tight_and_nested_lists_get_blank_lines() {
        assert_eq!(rst("- a\n- b\n"), "- a\n- b\n");
        assert_eq!(rst("- a\n  - b\n- c\n"), "- a\n\n  - b\n\n- c\n");
        assert_eq!(rst("3. a\n4. b\n"), "3. a\n4. b\n");
    }

    #[test]
    fn adjacent_lists_and_block_quotes_are_kept_apart() {
        assert_eq!(rst("- a\n\n* b\n"), "- a\n\n..\n\n- b\n");
        assert_eq!(rst("- a\n\n> q\n"), "- a\n\n..\n\n    q\n");
    }

    #[test]
    fn code_blocks_keep_known_languages_only() {
        assert_eq!(rst("```json\n{}\n```\n"), ".. code-block:: json\n\n   {}\n");
        assert_eq!(rst("```qmp\n-> {}\n```\n"), "::\n\n   -> {}\n");
        assert_eq!(rst("```\n```\n"), "\n");
    }

    #[test]
    fn tables_become_list_tables() {
        let out = rst("| a | b |\n|---|---|\n| `x` | |\n");
        assert_eq!(out, ".. list-table::\n   :header-rows: 1\n\n   * - a\n     - b\n\n   * - ``x``\n     -\n");
    }

    #[test]
    fn raw_html_is_text() {
        assert_eq!(rst("a <b>c</b>"), "a <b>c</b>\n");
        assert_eq!(rst("<div>\nx\n</div>\n"), "::\n\n   <div>\n   x\n   </div>\n");
    }

    #[test]
    fn titles_and_headings_are_found() {
        assert_eq!(split_title("# T\n\nrest"), Some(("# T\n", "\nrest")));
        assert_eq!(split_title("## T\n"), None);
        assert_eq!(split_title("#\n\nrest"), None);
        assert!(starts_with_heading("Title\n=====\n"));
        assert_eq!(heading_levels("# a\n\n- ## not top level\n\n### b\n"), vec![1, 3]);
    }

    /// Nesting far beyond any real document neither overflows the stack
    /// nor loses the text.
    #[test]
    fn deep_nesting_is_flattened() {
        for unit in ["> ", "- ", "* ", "1. "] {
            let markdown = format!("{}deep", unit.repeat(1000));
            let out = rst(&markdown);
            assert!(out.contains("deep"), "{unit:?}: text lost");
            assert!(out.ends_with('\n'));
        }
        let emphasis = format!("{}x{}", "*a ".repeat(1000), " a*".repeat(1000));
        assert!(rst(&emphasis).contains('x'));
    }

    /// Arbitrary input (here: every short combination of awkward
    /// characters) never panics and always ends with one newline.
    #[test]
    fn any_input_renders() {
        let alphabet = ["*", "_", "`", "\\", "|", "<", ">", "[", "]", "(", ")", "#", "-", "1.", " ", "\n", "\n\n", "    ", ":", "!", "a", "é", "\t"];
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    let out = rst(&format!("{a}{b}{c}{a}{c}"));
                    assert!(out.ends_with('\n') && !out.ends_with("\n\n"), "{a:?}{b:?}{c:?}: {out:?}");
                }
            }
        }
    }
}
