//! QAPI's JSON dialect to spanned nodes: single-quoted strings (only `\\`
//! escapes), `true`/`false`, objects and arrays, `#` comments, and `##`
//! doc-comment blocks kept with their line positions.

use crate::diag::Diagnostics;
use crate::load::{Keys, MAX_DEPTH, Node, Value};
use crate::source::{FileId, Pos, Span};

/// A top-level piece of a QAPI file, in order.
#[derive(Debug)]
pub enum Piece<'a> {
    /// A `##` doc-comment block: its lines without the `#` prefix.
    Doc(Vec<(Pos, &'a str)>),
    /// A top-level expression.
    Expression(Node),
}

/// Splits a QAPI file into doc blocks and expressions, or records why not.
pub fn pieces<'a>(cx: &mut Diagnostics, file: FileId, text: &'a str) -> Option<Vec<Piece<'a>>> {
    let mut lexer = Lexer { file, text, bytes: text.as_bytes(), index: 0, line: 1, column: 1 };
    let mut pieces = Vec::new();
    loop {
        lexer.skip_blanks();
        match lexer.peek() {
            None => return Some(pieces),
            Some(b'#') => {
                if lexer.column == 1 && lexer.rest_of_line().trim_end() == "##" {
                    pieces.push(Piece::Doc(lexer.doc_block(cx)?));
                } else {
                    lexer.skip_line();
                }
            }
            Some(b'{') => match lexer.value(cx, 0) {
                Some(node) => pieces.push(Piece::Expression(node)),
                None => return None,
            },
            Some(_) => {
                cx.error(lexer.point(), format!("expected `{{` to start a QAPI expression, found `{}`", lexer.current_char()));
                return None;
            }
        }
    }
}

/// Walks the bytes of the text; columns count characters, so only UTF-8
/// leading bytes advance them.
struct Lexer<'a> {
    file: FileId,
    text: &'a str,
    bytes: &'a [u8],
    index: usize,
    line: u32,
    column: u32,
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.index).copied()
    }

    /// The character at the current position, for messages.
    fn current_char(&self) -> char {
        self.text.get(self.index..).and_then(|rest| rest.chars().next()).unwrap_or(' ')
    }

    fn pos(&self) -> Pos {
        Pos { line: self.line, column: self.column }
    }

    fn point(&self) -> Span {
        let start = self.pos();
        Span { file: self.file, start, end: Pos { line: start.line, column: start.column + 1 } }
    }

    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.index += 1;
        if c == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if c & 0xC0 != 0x80 {
            self.column += 1;
        }
        Some(c)
    }

    fn rest_of_line(&self) -> &'a str {
        let rest = self.text.get(self.index..).unwrap_or_default();
        // Lines are short: a plain scan beats `memchr`'s setup here.
        let end = rest.bytes().position(|byte| byte == b'\n').unwrap_or(rest.len());
        rest.get(..end).unwrap_or_default()
    }

    /// The rest of the line; the lexer moves to its end.
    fn take_line(&mut self) -> &'a str {
        let line = self.rest_of_line();
        self.index += line.len();
        // Every character but the newline, which stays: `chars().count()`
        // counts the bytes that start one, as `bump` does.
        self.column = self.column.saturating_add(u32::try_from(line.chars().count()).unwrap_or(u32::MAX));
        line
    }

    fn skip_line(&mut self) {
        self.take_line();
    }

    /// Skips white space and ordinary comments inside expressions.
    fn skip_blanks(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_ascii_whitespace() {
                self.bump();
            } else {
                break;
            }
        }
    }

    fn skip_blanks_and_comments(&mut self) {
        loop {
            self.skip_blanks();
            if self.peek() == Some(b'#') {
                self.skip_line();
            } else {
                return;
            }
        }
    }

    /// Reads a `##` ... `##` block; the lexer stands on the opening `##`.
    fn doc_block(&mut self, cx: &mut Diagnostics) -> Option<Vec<(Pos, &'a str)>> {
        let start = self.point();
        self.skip_line();
        self.bump();
        let mut lines = Vec::new();
        loop {
            if self.peek().is_none() {
                cx.error(start, "doc comment block is not closed with `##`");
                return None;
            }
            let pos = self.pos();
            let line = self.take_line();
            self.bump();
            let trimmed = line.trim_end();
            if trimmed == "##" {
                return Some(lines);
            }
            if trimmed.is_empty() {
                // QEMU's lexer skips blank lines inside doc blocks.
                continue;
            }
            let Some(content) = trimmed.strip_prefix('#') else {
                cx.error(Span { file: self.file, start: pos, end: Pos { line: pos.line, column: pos.column + 1 } }, format!("expected `##` to close the doc comment started at line {}", start.start.line));
                return None;
            };
            let (text, shift) = match content.strip_prefix(' ') {
                Some(text) => (text, 2),
                None => (content, 1),
            };
            lines.push((Pos { line: pos.line, column: pos.column + shift }, text));
        }
    }

    fn value(&mut self, cx: &mut Diagnostics, depth: usize) -> Option<Node> {
        self.skip_blanks_and_comments();
        if depth > MAX_DEPTH {
            cx.error(self.point(), format!("nesting deeper than the limit of {MAX_DEPTH} levels"));
            return None;
        }
        let start = self.pos();
        match self.peek() {
            Some(b'{') => {
                self.bump();
                let mut entries: Vec<(Node, Node)> = Vec::new();
                let mut keys = Keys::default();
                loop {
                    self.skip_blanks_and_comments();
                    if self.peek() == Some(b'}') && entries.is_empty() {
                        self.bump();
                        break;
                    }
                    let key = self.value(cx, depth + 1)?;
                    if key.as_str().is_none() {
                        cx.error(key.span, "expected a string key");
                        return None;
                    }
                    if let Some(first) = keys.duplicate(&entries, &key) {
                        cx.error(key.span, format!("duplicate key `{}` (first written at line {})", key.as_str().unwrap_or_default(), first.span.start.line));
                        return None;
                    }
                    self.expect(cx, b':')?;
                    let value = self.value(cx, depth + 1)?;
                    entries.push((key, value));
                    self.skip_blanks_and_comments();
                    match self.peek() {
                        Some(b',') => {}
                        Some(b'}') => {
                            self.bump();
                            break;
                        }
                        _ => {
                            cx.error(self.point(), "expected `,` or `}`");
                            return None;
                        }
                    }
                    self.bump();
                }
                Some(Node { value: Value::Map(entries), span: self.span_from(start) })
            }
            Some(b'[') => {
                self.bump();
                let mut items = Vec::new();
                loop {
                    self.skip_blanks_and_comments();
                    if self.peek() == Some(b']') && items.is_empty() {
                        self.bump();
                        break;
                    }
                    items.push(self.value(cx, depth + 1)?);
                    self.skip_blanks_and_comments();
                    match self.peek() {
                        Some(b',') => {}
                        Some(b']') => {
                            self.bump();
                            break;
                        }
                        _ => {
                            cx.error(self.point(), "expected `,` or `]`");
                            return None;
                        }
                    }
                    self.bump();
                }
                Some(Node { value: Value::Seq(items), span: self.span_from(start) })
            }
            Some(b'\'') => {
                self.bump();
                let mut text = String::new();
                loop {
                    let plain = self.bytes.get(self.index..).unwrap_or_default().iter().take_while(|&&c| (b' '..=b'~').contains(&c) && c != b'\'' && c != b'\\').count();
                    if plain > 0 {
                        text.push_str(self.text.get(self.index..self.index + plain).unwrap_or_default());
                        self.index += plain;
                        self.column += u32::try_from(plain).unwrap_or(u32::MAX);
                    }
                    let character = self.current_char();
                    match self.bump() {
                        None | Some(b'\n') => {
                            cx.error(Span { file: self.file, start, end: self.pos() }, "missing terminating `'`");
                            return None;
                        }
                        Some(b'\\') => {
                            let escaped = self.current_char();
                            match self.bump() {
                                Some(b'\\') => text.push('\\'),
                                _ => {
                                    cx.error(self.point(), format!("unknown escape `\\{escaped}`"));
                                    return None;
                                }
                            }
                        }
                        Some(b'\'') => break,
                        Some(c) if (b' '..=b'~').contains(&c) => text.push(char::from(c)),
                        Some(_) => {
                            cx.error(self.point(), format!("character {character:?} is not allowed in a QAPI string"));
                            return None;
                        }
                    }
                }
                Some(Node { value: Value::Str(text), span: self.span_from(start) })
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let mut word = String::new();
                while let Some(c) = self.peek().filter(u8::is_ascii_alphanumeric) {
                    word.push(char::from(c));
                    self.bump();
                }
                match word.as_str() {
                    "true" => Some(Node { value: Value::Bool(true), span: self.span_from(start) }),
                    "false" => Some(Node { value: Value::Bool(false), span: self.span_from(start) }),
                    _ => {
                        cx.error(self.span_from(start), format!("unexpected `{word}`; QAPI has strings, `true`, `false`, objects and arrays"));
                        None
                    }
                }
            }
            other => {
                let found = other.map_or_else(|| "the end of the file".to_string(), |_| format!("`{}`", self.current_char()));
                cx.error(self.point(), format!("expected a value, found {found}"));
                None
            }
        }
    }

    fn expect(&mut self, cx: &mut Diagnostics, wanted: u8) -> Option<()> {
        self.skip_blanks_and_comments();
        if self.peek() == Some(wanted) {
            self.bump();
            Some(())
        } else {
            cx.error(self.point(), format!("expected `{}`", char::from(wanted)));
            None
        }
    }

    fn span_from(&self, start: Pos) -> Span {
        Span { file: self.file, start, end: self.pos() }
    }
}
