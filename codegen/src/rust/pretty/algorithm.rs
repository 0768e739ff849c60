//! The line breaker of the formatted layout: Oppen's pretty-printing
//! algorithm with the rules and constants prettyplease gives it (a margin
//! of 89 columns, blocks indented by 4, at least 60 columns a line,
//! breaks that print a `,` only when taken, boxes that vanish when
//! empty), so that what [`super::items`] prints through it is what
//! prettyplease prints for the same item.
//!
//! Text is scanned into a buffer until the size of each box and break is
//! known (up to the next break, or once the text no longer fits on the
//! line), then printed: a box that does not fit on the rest of the line
//! is broken, all its breaks at once if it is consistent, each break
//! that does not fit if it is inconsistent.

use std::collections::VecDeque;

const MARGIN: isize = 89;
/// Columns a nested block is indented by.
pub(super) const INDENT: isize = 4;
const MIN_SPACE: isize = 60;
const SIZE_INFINITY: isize = 0xffff;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Breaks {
    Consistent,
    Inconsistent,
}

#[derive(Clone, Copy, Default)]
struct Break {
    offset: isize,
    blank_space: isize,
    /// Printed before the line break when the break is taken.
    pre_break: Option<char>,
    /// Dropped when it is the last thing in its box.
    if_nonempty: bool,
    /// Never taken (only measures the text after it).
    never_break: bool,
}

#[derive(Clone, Copy)]
enum Token {
    /// A range of [`Printer::words`].
    Text { start: usize, end: usize },
    Break(Break),
    Begin { offset: isize, breaks: Breaks },
    End,
}

#[derive(Clone, Copy)]
struct Entry {
    token: Token,
    /// Negative while unknown.
    size: isize,
}

#[derive(Clone, Copy)]
enum Frame {
    Fits,
    Broken { indent: isize, breaks: Breaks },
}

/// The buffered tokens, addressed by a position that stays valid as the
/// front is printed.
#[derive(Default)]
struct Buffer {
    entries: VecDeque<Entry>,
    /// The position of the first entry.
    front: usize,
}

impl Buffer {
    fn push(&mut self, entry: Entry) -> usize {
        self.entries.push_back(entry);
        self.front + self.entries.len() - 1
    }

    fn get(&mut self, position: usize) -> Option<&mut Entry> {
        self.entries.get_mut(position.checked_sub(self.front)?)
    }

    fn pop_front(&mut self) -> Option<Entry> {
        let entry = self.entries.pop_front()?;
        self.front += 1;
        Some(entry)
    }

    fn clear(&mut self) {
        self.front += self.entries.len();
        self.entries.clear();
    }
}

/// Lays out the boxes, breaks and words it is given; [`Printer::finish`]
/// returns the text.
#[derive(Default)]
pub(super) struct Printer {
    out: String,
    /// The text of the buffered words.
    words: String,
    space: isize,
    buffer: Buffer,
    left_total: isize,
    right_total: isize,
    /// Positions of the buffered boxes and breaks whose size is not known yet.
    scan_stack: VecDeque<usize>,
    print_stack: Vec<Frame>,
    indent: isize,
    pending_indentation: isize,
}

impl Printer {
    pub(super) fn new() -> Self {
        Printer { space: MARGIN, ..Printer::default() }
    }

    /// The text, once everything scanned is printed.
    pub(super) fn finish(mut self) -> String {
        if !self.scan_stack.is_empty() {
            self.check_stack(0);
            self.advance_left();
        }
        self.out
    }

    /// Opens a box whose breaks are taken one by one, as they need.
    pub(super) fn ibox(&mut self, indent: isize) {
        self.scan_begin(indent, Breaks::Inconsistent);
    }

    /// Opens a box whose breaks are all taken when it does not fit.
    pub(super) fn cbox(&mut self, indent: isize) {
        self.scan_begin(indent, Breaks::Consistent);
    }

    pub(super) fn end(&mut self) {
        self.scan_end();
    }

    pub(super) fn word(&mut self, word: &str) {
        let start = self.words.len();
        self.words.push_str(word);
        self.scan_text(start, self.words.len());
    }

    /// A word written by its `Display` (an identifier, a literal).
    pub(super) fn word_display(&mut self, word: &dyn std::fmt::Display) {
        use std::fmt::Write as _;
        let start = self.words.len();
        let _ = write!(self.words, "{word}");
        self.scan_text(start, self.words.len());
    }

    pub(super) fn nbsp(&mut self) {
        self.word(" ");
    }

    pub(super) fn zerobreak(&mut self) {
        self.scan_break(Break::default());
    }

    pub(super) fn space(&mut self) {
        self.scan_break(Break { blank_space: 1, ..Break::default() });
    }

    pub(super) fn hardbreak(&mut self) {
        self.scan_break(Break { blank_space: SIZE_INFINITY, ..Break::default() });
    }

    pub(super) fn hardbreak_if_nonempty(&mut self) {
        self.scan_break(Break { blank_space: SIZE_INFINITY, if_nonempty: true, ..Break::default() });
    }

    /// A `,` and a space between items; after the last, a `,` only when
    /// the box breaks.
    pub(super) fn trailing_comma(&mut self, is_last: bool) {
        if is_last {
            self.scan_break(Break { pre_break: Some(','), ..Break::default() });
        } else {
            self.word(",");
            self.space();
        }
    }

    /// As [`Printer::trailing_comma`], with a space after the last item
    /// when the box fits.
    pub(super) fn trailing_comma_or_space(&mut self, is_last: bool) {
        if is_last {
            self.scan_break(Break { blank_space: 1, pre_break: Some(','), ..Break::default() });
        } else {
            self.word(",");
            self.space();
        }
    }

    pub(super) fn space_if_nonempty(&mut self) {
        self.scan_break(Break { blank_space: 1, if_nonempty: true, ..Break::default() });
    }

    pub(super) fn neverbreak(&mut self) {
        self.scan_break(Break { never_break: true, ..Break::default() });
    }

    /// Closes a box, broken if its contents are wider than `max` even when
    /// they fit on the line (prettyplease's rule for struct literals).
    pub(super) fn end_with_max_width(&mut self, max: isize) {
        let mut depth = 1;
        for &position in self.scan_stack.iter().rev() {
            let Some(entry) = self.buffer.entries.get(position.wrapping_sub(self.buffer.front)) else { break };
            match entry.token {
                Token::Begin { .. } => {
                    depth -= 1;
                    if depth == 0 {
                        if entry.size < 0 && entry.size + self.right_total > max {
                            let at = self.words.len();
                            self.buffer.push(Entry { token: Token::Text { start: at, end: at }, size: SIZE_INFINITY });
                            self.right_total += SIZE_INFINITY;
                        }
                        break;
                    }
                }
                Token::End => depth += 1,
                Token::Break(_) | Token::Text { .. } => {}
            }
        }
        self.scan_end();
    }

    /// Moves the last break (or box) by `offset` columns.
    pub(super) fn offset(&mut self, offset: isize) {
        if let Some(Entry { token: Token::Break(token), .. }) = self.buffer.entries.back_mut() {
            token.offset += offset;
        }
    }

    fn scan_begin(&mut self, offset: isize, breaks: Breaks) {
        if self.scan_stack.is_empty() {
            self.left_total = 1;
            self.right_total = 1;
            self.buffer.clear();
        }
        let position = self.buffer.push(Entry { token: Token::Begin { offset, breaks }, size: -self.right_total });
        self.scan_stack.push_back(position);
    }

    fn scan_end(&mut self) {
        if self.scan_stack.is_empty() {
            self.print_end();
            return;
        }
        let entries = &mut self.buffer.entries;
        if let Some(Entry { token: Token::Break(token), .. }) = entries.back().copied() {
            // A box holding only a break vanishes with it.
            if entries.len() >= 2 && matches!(entries[entries.len() - 2].token, Token::Begin { .. }) {
                entries.pop_back();
                entries.pop_back();
                self.scan_stack.pop_back();
                self.scan_stack.pop_back();
                self.right_total -= token.blank_space;
                return;
            }
            if token.if_nonempty {
                entries.pop_back();
                self.scan_stack.pop_back();
                self.right_total -= token.blank_space;
            }
        }
        let position = self.buffer.push(Entry { token: Token::End, size: -1 });
        self.scan_stack.push_back(position);
    }

    fn scan_break(&mut self, token: Break) {
        if self.scan_stack.is_empty() {
            self.left_total = 1;
            self.right_total = 1;
            self.buffer.clear();
        } else {
            self.check_stack(0);
        }
        let position = self.buffer.push(Entry { token: Token::Break(token), size: -self.right_total });
        self.scan_stack.push_back(position);
        self.right_total += token.blank_space;
    }

    fn scan_text(&mut self, start: usize, end: usize) {
        if self.scan_stack.is_empty() {
            self.print_text(start, end);
            self.words.clear();
        } else {
            let len = text_len(start, end);
            self.buffer.push(Entry { token: Token::Text { start, end }, size: len });
            self.right_total += len;
            self.check_stream();
        }
    }

    fn check_stream(&mut self) {
        while self.right_total - self.left_total > self.space {
            if self.scan_stack.front() == Some(&self.buffer.front) {
                self.scan_stack.pop_front();
                if let Some(first) = self.buffer.entries.front_mut() {
                    first.size = SIZE_INFINITY;
                }
            }
            self.advance_left();
            if self.buffer.entries.is_empty() {
                break;
            }
        }
    }

    fn advance_left(&mut self) {
        while self.buffer.entries.front().is_some_and(|entry| entry.size >= 0) {
            let Some(left) = self.buffer.pop_front() else { break };
            match left.token {
                Token::Text { start, end } => {
                    self.left_total += left.size;
                    self.print_text(start, end);
                }
                Token::Break(token) => {
                    self.left_total += token.blank_space;
                    self.print_break(token, left.size);
                }
                Token::Begin { offset, breaks } => self.print_begin(offset, breaks, left.size),
                Token::End => self.print_end(),
            }
        }
        if self.buffer.entries.is_empty() {
            self.words.clear();
        }
    }

    fn check_stack(&mut self, mut depth: usize) {
        while let Some(&position) = self.scan_stack.back() {
            let right_total = self.right_total;
            let Some(entry) = self.buffer.get(position) else { break };
            match entry.token {
                Token::Begin { .. } => {
                    if depth == 0 {
                        break;
                    }
                    self.scan_stack.pop_back();
                    entry.size += right_total;
                    depth -= 1;
                }
                Token::End => {
                    self.scan_stack.pop_back();
                    entry.size = 1;
                    depth += 1;
                }
                Token::Break(_) => {
                    self.scan_stack.pop_back();
                    entry.size += right_total;
                    if depth == 0 {
                        break;
                    }
                }
                Token::Text { .. } => break,
            }
        }
    }

    fn print_begin(&mut self, offset: isize, breaks: Breaks, size: isize) {
        if size > self.space {
            self.print_stack.push(Frame::Broken { indent: self.indent, breaks });
            self.indent = (self.indent + offset).max(0);
        } else {
            self.print_stack.push(Frame::Fits);
        }
    }

    fn print_end(&mut self) {
        if let Some(Frame::Broken { indent, .. }) = self.print_stack.pop() {
            self.indent = indent;
        }
    }

    fn print_break(&mut self, token: Break, size: isize) {
        let fits = token.never_break
            || match self.print_stack.last().copied().unwrap_or(Frame::Broken { indent: 0, breaks: Breaks::Inconsistent }) {
            Frame::Fits => true,
            Frame::Broken { breaks: Breaks::Consistent, .. } => false,
            Frame::Broken { breaks: Breaks::Inconsistent, .. } => size <= self.space,
        };
        if fits {
            self.pending_indentation += token.blank_space;
            self.space -= token.blank_space;
        } else {
            if let Some(pre_break) = token.pre_break {
                self.print_indent();
                self.out.push(pre_break);
            }
            self.out.push('\n');
            let indent = self.indent + token.offset;
            self.pending_indentation = indent.max(0);
            self.space = (MARGIN - indent).max(MIN_SPACE);
        }
    }

    fn print_text(&mut self, start: usize, end: usize) {
        self.print_indent();
        self.out.push_str(&self.words[start..end]);
        self.space -= text_len(start, end);
    }

    fn print_indent(&mut self) {
        let pending = usize::try_from(self.pending_indentation).unwrap_or(0);
        self.out.extend(std::iter::repeat_n(' ', pending));
        self.pending_indentation = 0;
    }
}

/// A word's width as prettyplease counts it: its length in bytes.
fn text_len(start: usize, end: usize) -> isize {
    isize::try_from(end - start).unwrap_or(SIZE_INFINITY)
}
