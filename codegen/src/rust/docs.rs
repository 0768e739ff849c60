//! Rust emitter, documentation: schema Markdown to rustdoc attributes.
//!
//! The Markdown is kept as written except where rustdoc would misread it:
//! code blocks that are not Rust become ```` ```text ```` (so they never run as
//! doctests), Rust blocks become `rust,ignore` (generated code lives at a
//! path the example cannot know), stray brackets are escaped (no broken
//! intra-doc links), bare URLs get angle brackets, raw HTML is escaped,
//! and links to the manual's own `#anchors` keep only their text.
//! Text reaches rustc as `#[doc = "..."]` string literals, so `*/`, `"#`
//! and the like are inert.

use std::fmt::Write as _;
use std::ops::Range;

use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use quote::quote;

/// A doc comment under construction: paragraphs separated by blank lines.
#[derive(Clone, Debug, Default)]
pub struct DocText {
    paragraphs: Vec<String>,
    /// The schema's Markdown has lists or quotes, where clippy's doc lints
    /// judge the author's layout (lazy continuation lines, indentation,
    /// reference definitions inside them).
    prose_lists: bool,
}

impl DocText {
    /// An empty doc.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds schema Markdown (cleaned for rustdoc).
    pub fn markdown(&mut self, text: &str) -> &mut Self {
        if is_plain(text) {
            // What cleaning would give, without parsing (one-line member
            // docs, for example).
            // This crate's tests (QEMU's schema among them) check it on
            // every doc they emit.
            #[cfg(test)]
            assert!(clean_markdown(text) == text && !has_lists_or_quotes(text), "plain text changed by cleaning: {text:?}");
            if !text.trim().is_empty() {
                self.paragraphs.push(text.trim_end().to_owned());
            }
            return self;
        }
        let cleaned = clean_markdown(text);
        self.prose_lists |= has_lists_or_quotes(&cleaned);
        if !cleaned.trim().is_empty() {
            self.paragraphs.push(cleaned.trim_end().to_owned());
        }
        self
    }

    /// Adds a paragraph of generated, already safe Markdown.
    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Self {
        self.paragraphs.push(text.into());
        self
    }

    /// Adds a ```` ```text ```` block.
    pub fn text_block(&mut self, text: &str) -> &mut Self {
        let fence = fence_for(text);
        self.paragraphs.push(format!("{fence}text\n{}\n{fence}", text.trim_end()));
        self
    }

    /// Whether nothing was added.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }

    /// The `#[doc = "..."]` attributes, one per line.
    #[must_use]
    pub fn attributes(&self) -> TokenStream {
        let text = self.paragraphs.join("\n\n");
        let lines = text.lines().map(|line| {
            let line = inert_line(line);
            let line = line.trim_end();
            if line.is_empty() { String::new() } else { format!(" {line}") }
        });
        let allow = if self.prose_lists {
            quote!(#[allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::doc_nested_refdefs)])
        } else {
            TokenStream::new()
        };
        quote!(#(#[doc = #lines])* #allow)
    }
}

/// Whether `text` is plain prose that [`clean_markdown`] leaves as it is
/// and that has no list or quote: no character that can start a link,
/// HTML, a bare URL or a line ending to normalise, and no line that can
/// start a code block, a list or a quote. Cheaper than parsing, for the
/// many one-sentence docs of a schema; `false` only means "parse it".
fn is_plain(text: &str) -> bool {
    // Byte searches, not a search for a set of `char`s: a build script
    // runs this code unoptimised, and the standard library's `memchr`
    // and substring search come compiled with optimisations.
    if [b'[', b']', b'<', b'\t', b'\r'].iter().any(|byte| text.as_bytes().contains(byte)) || text.contains("://") {
        return false;
    }
    text.lines().all(|line| {
        let content = line.trim_start_matches(' ');
        line.len() - content.len() < 4 && !content.starts_with(|c: char| matches!(c, '`' | '~' | '-' | '*' | '+' | '>' | '=' | '#' | '|' | '_') || c.is_ascii_digit())
    })
}

/// Whether Markdown has a list or a block quote.
fn has_lists_or_quotes(markdown: &str) -> bool {
    Parser::new(markdown).any(|event| matches!(event, Event::Start(Tag::List(_) | Tag::BlockQuote(_))))
}

/// One doc line as rustc and clippy accept it: tabs expanded to the next
/// multiple of four columns (clippy's `tabs_in_doc_comments`), bidi
/// controls written as `\u{202E}` (rustc denies them in comments, as they
/// can make code read differently from how it compiles), line and
/// paragraph separators and lone carriage returns as spaces.
#[must_use]
pub fn inert_line(line: &str) -> String {
    // Most lines: ASCII without tabs or carriage returns, which stay as
    // they are (checked with the standard library's optimised searches).
    if line.is_ascii() && !line.as_bytes().contains(&b'\t') && !line.as_bytes().contains(&b'\r') {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len());
    let mut column = 0;
    for c in line.chars() {
        match c {
            '\t' => {
                let spaces = 4 - column % 4;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                let _ = write!(out, "\\u{{{:04X}}}", u32::from(c));
                column += 8;
            }
            '\u{2028}' | '\u{2029}' | '\u{0085}' | '\r' => {
                out.push(' ');
                column += 1;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// Markdown cleaned for rustdoc (see the module documentation).
#[must_use]
pub fn clean_markdown(source: &str) -> String {
    let source = source.replace("\r\n", "\n").replace('\r', "\n");
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut code: Option<(Range<usize>, bool, bool, String)> = None;
    for (event, range) in Parser::new_ext(&source, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let (indented, rust) = match &kind {
                    CodeBlockKind::Fenced(info) => (false, is_rust(info)),
                    CodeBlockKind::Indented => (true, false),
                };
                code = Some((range, indented, rust, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((range, indented, rust, content)) = code.take() {
                    edits.push(code_block(&source, range, indented, rust, &content));
                }
            }
            Event::Text(text) => match &mut code {
                Some((_, _, _, content)) => content.push_str(&text),
                None => {
                    let original = &source[range.clone()];
                    let escaped = escape_text(original);
                    if escaped != original {
                        edits.push((range, escaped));
                    }
                }
            },
            // `[text](#anchor)` links a section of the manual, which
            // rustdoc does not have: keep the text only.
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with('#') && code.is_none() => {
                let written = &source[range.clone()];
                if let (true, Some(close)) = (written.starts_with('['), written.rfind("](")) {
                    edits.push((range.start..range.start + 1, String::new()));
                    edits.push((range.start + close..range.end, String::new()));
                }
            }
            Event::Html(_) | Event::InlineHtml(_) if code.is_none() => {
                edits.push((range.clone(), source[range].replace('<', "&lt;")));
            }
            _ => {}
        }
    }
    apply(&source, edits)
}

/// Whether a fence's info string asks for Rust.
fn is_rust(info: &str) -> bool {
    let mut words = info.split(|c: char| c == ',' || c.is_whitespace()).filter(|w| !w.is_empty()).peekable();
    if words.peek().is_none() {
        return false;
    }
    words.all(|w| matches!(w, "rust" | "ignore" | "no_run" | "should_panic" | "compile_fail" | "test_harness") || w.starts_with("edition"))
}

/// A fence longer than any backtick run in `content`.
fn fence_for(content: &str) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// The replacement of one code block, indented like the original: the
/// edit's range (an indented block's grows to the start of its first line,
/// to drop the indentation that made it code) and its text.
fn code_block(source: &str, range: Range<usize>, indented: bool, rust: bool, content: &str) -> (Range<usize>, String) {
    let line_start = source[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let before: Vec<char> = source[line_start..range.start].chars().collect();
    let container: &[char] = if indented { &before[..before.len().saturating_sub(4)] } else { &before };
    let prefix: String = container.iter().map(|&c| if c == '>' { '>' } else { ' ' }).collect();
    let fence = fence_for(content);
    let language = if rust { "rust,ignore" } else { "text" };
    let mut out = if indented { format!("{prefix}{fence}{language}\n") } else { format!("{fence}{language}\n") };
    for line in content.lines() {
        let _ = writeln!(out, "{prefix}{line}");
    }
    let _ = write!(out, "{prefix}{fence}");
    if source[..range.end].ends_with('\n') {
        out.push('\n');
    }
    (if indented { line_start..range.end } else { range }, out)
}

/// Escapes brackets (no accidental intra-doc links) and wraps bare URLs.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = None;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if (rest.starts_with("https://") || rest.starts_with("http://")) && previous != Some('<') {
            let end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == ')').unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            previous = Some('>');
            continue;
        }
        if (c == '[' || c == ']') && previous != Some('\\') {
            out.push('\\');
        }
        out.push(c);
        previous = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Applies non-overlapping edits (in source order) to `source`.
fn apply(source: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for (range, replacement) in edits {
        if range.start < at || range.end > source.len() {
            continue;
        }
        out.push_str(&source[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&source[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_anchor_links_keep_their_text() {
        assert_eq!(clean_markdown("see [the rows](#reliability) and [`pc`](#unplug:pc/cpu)."), "see the rows and `pc`.");
        assert_eq!(clean_markdown("[QEMU](https://www.qemu.org)"), "[QEMU](https://www.qemu.org)");
    }

    #[test]
    fn code_blocks_never_become_doctests() {
        let cleaned = clean_markdown("Example:\n\n```\n-> { \"execute\": \"x\" }\n```\n\n    indented\n\n```rust\nlet x = 1;\n```\n");
        assert_eq!(cleaned, "Example:\n\n```text\n-> { \"execute\": \"x\" }\n```\n\n```text\nindented\n```\n\n```rust,ignore\nlet x = 1;\n```\n");
    }

    #[test]
    fn indented_block_in_list_and_quote() {
        assert_eq!(clean_markdown("- item\n\n      code\n- next\n"), "- item\n\n  ```text\n  code\n  ```\n- next\n");
        assert_eq!(clean_markdown("> quote\n>\n>     code\n"), "> quote\n>\n> ```text\n> code\n> ```\n");
    }

    #[test]
    fn code_block_in_list_keeps_indentation() {
        let cleaned = clean_markdown("- item\n\n  ```json\n  {}\n  ```\n- next\n");
        assert_eq!(cleaned, "- item\n\n  ```text\n  {}\n  ```\n- next\n");
    }

    #[test]
    fn hostile_text_is_inert() {
        assert_eq!(clean_markdown("see [foo and ] bar"), "see \\[foo and \\] bar");
        assert_eq!(clean_markdown("a [link](https://x.org) stays"), "a [link](https://x.org) stays");
        assert_eq!(clean_markdown("go to https://qemu.org."), "go to <https://qemu.org>.");
        assert_eq!(clean_markdown("use <b>bold</b>"), "use &lt;b>bold&lt;/b>");
        assert_eq!(clean_markdown("ends */ and \"# and #[x] and `code`"), "ends */ and \"# and #\\[x\\] and `code`");
    }

    #[test]
    fn lines_are_inert_for_rustc_and_clippy() {
        assert_eq!(inert_line("a\tb\u{202E}c\u{2028}d"), "a   b\\u{202E}c d");
        assert_eq!(inert_line("plain ASCII, kept"), "plain ASCII, kept");
        assert_eq!(inert_line("naïve \u{2014} kept"), "naïve \u{2014} kept");
        assert_eq!(inert_line("a\rb"), "a b");
        let mut doc = DocText::new();
        doc.markdown("- item\nlazy");
        assert!(doc.attributes().to_string().contains("doc_lazy_continuation"));
        let mut plain = DocText::new();
        plain.markdown("plain");
        assert!(!plain.attributes().to_string().contains("allow"));
    }

    #[test]
    fn plain_text_is_what_cleaning_gives() {
        for text in ["One sentence.", "Two lines\nof `code` and *emphasis*.", "  indented a bit\n\nnext paragraph\n", "a - b, 3 + 4 > 2"] {
            assert!(is_plain(text), "{text:?}");
            assert_eq!(clean_markdown(text), text, "{text:?}");
            assert!(!has_lists_or_quotes(text), "{text:?}");
        }
        for text in ["see [x]", "go to https://qemu.org", "<b>", "- item", "> quote", "1. first", "```\ncode\n```", "text\n\n    code", "a\tb", "a\r\nb"] {
            assert!(!is_plain(text), "{text:?}");
        }
    }

    #[test]
    fn fences_outgrow_backticks_inside() {
        let mut doc = DocText::new();
        doc.text_block("a ``` b");
        assert!(doc.attributes().to_string().contains("````text"));
    }
}
