//! RST emitter, text layer: inline content. Pieces of a paragraph (text
//! in a style, code, references, links, breaks) rendered to RST, with every
//! character that is markup escaped, the `\ ` separators that inline markup
//! needs when it touches a word, and the start of a block protected from
//! being read as a list, a comment, a field or a transition.

/// Characters escaped with a backslash wherever they appear in plain text.
const SPECIAL: [char; 5] = ['\\', '*', '`', '_', '|'];

/// The style of a run of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Style {
    Plain,
    Emphasis,
    Strong,
}

/// One piece of pending inline content.
#[derive(Clone, Debug)]
pub(super) enum Piece {
    /// Plain text, escaped when rendered.
    Text(String, Style),
    /// Inline code.
    Code(String),
    /// A reference to an explicit target of this document.
    Reference { text: String, target: String },
    /// A hyperlink to a URL.
    Link { text: String, url: String },
    /// A line break in the source that is not a hard break (in the style
    /// around it, so emphasis may span lines).
    SoftBreak(Style),
    /// A forced line break.
    HardBreak,
}

/// How pending inline content becomes lines.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// A paragraph: soft breaks stay line breaks.
    Paragraph,
    /// One line (titles, fields, directive arguments).
    Line,
}

// ----- rendering of inline pieces ---------------------------------------

/// A rendered fragment and what inline-markup rules need to know about it.
struct Fragment {
    text: String,
    markup: bool,
    /// For text: the first and last raw characters. For markup: the first
    /// character of its content (for the opener/closer rule).
    first: Option<char>,
    last: Option<char>,
}

/// Renders pieces to text, joining markup to its neighbours with `\ `
/// where RST would not otherwise recognise it.
pub(super) fn render(pieces: &[Piece], mode: Mode) -> String {
    let fragments = fragments(pieces, mode);
    let mut out = String::new();
    let mut previous: Option<&Fragment> = None;
    for fragment in &fragments {
        if let Some(before) = previous {
            // Interpreted text next to a colon would take it for a role.
            let role_clash = (before.markup && before.text.ends_with('`') && fragment.first == Some(':'))
                || (fragment.markup && fragment.text.starts_with('`') && before.last == Some(':'));
            let needs_separator = role_clash
                || (before.markup && !fragment.first.is_some_and(|c| fragment_follows_ok(fragment, c)))
                || (fragment.markup && !before.last.is_some_and(|c| precedes_ok(c, fragment.first)));
            if needs_separator {
                out.push_str("\\ ");
            }
        }
        out.push_str(&fragment.text);
        previous = Some(fragment);
    }
    let starts_with_markup = fragments.iter().find(|f| f.markup || !f.text.trim().is_empty()).is_some_and(|f| f.markup);
    let out = out.trim();
    if starts_with_markup { out.to_string() } else { protect_start(out) }
}

fn fragment_follows_ok(fragment: &Fragment, c: char) -> bool {
    !fragment.markup && follows_ok(c)
}

/// Splits styled text runs into plain whitespace and markup, and renders
/// every piece.
fn fragments(pieces: &[Piece], mode: Mode) -> Vec<Fragment> {
    let mut merged: Vec<(String, Style)> = Vec::new();
    let mut out = Vec::new();
    let flush_text = |merged: &mut Vec<(String, Style)>, out: &mut Vec<Fragment>| {
        for (text, style) in merged.drain(..) {
            styled(&text, style, out);
        }
    };
    for piece in pieces {
        match piece {
            Piece::Text(text, style) => match merged.last_mut() {
                Some((previous, previous_style)) if previous_style == style => previous.push_str(text),
                _ => merged.push((text.clone(), *style)),
            },
            Piece::SoftBreak(style) => {
                let text = if mode == Mode::Paragraph { "\n" } else { " " };
                match merged.last_mut() {
                    Some((previous, previous_style)) if previous_style == style => previous.push_str(text),
                    _ => merged.push((text.to_string(), *style)),
                }
            }
            Piece::HardBreak => match merged.last_mut() {
                Some((previous, Style::Plain)) => previous.push(' '),
                _ => merged.push((" ".to_string(), Style::Plain)),
            },
            Piece::Code(code) => {
                flush_text(&mut merged, &mut out);
                out.extend(code_fragment(code));
            }
            Piece::Reference { text, target } => {
                flush_text(&mut merged, &mut out);
                out.push(reference_fragment(text, target));
            }
            Piece::Link { text, url } => {
                flush_text(&mut merged, &mut out);
                out.push(link_fragment(text, url));
            }
        }
    }
    flush_text(&mut merged, &mut out);
    out
}

fn plain(text: &str) -> Fragment {
    Fragment { text: escape(text), markup: false, first: text.chars().next(), last: text.chars().last() }
}

fn markup(text: String, content_first: Option<char>) -> Fragment {
    Fragment { text, markup: true, first: content_first, last: None }
}

/// A styled run: leading and trailing whitespace stay outside the markup.
fn styled(text: &str, style: Style, out: &mut Vec<Fragment>) {
    let delimiter = match style {
        Style::Plain => {
            if !text.is_empty() {
                out.push(plain(text));
            }
            return;
        }
        Style::Emphasis => "*",
        Style::Strong => "**",
    };
    let inner = text.trim();
    if inner.is_empty() {
        if !text.is_empty() {
            out.push(plain(text));
        }
        return;
    }
    let start = text.len() - text.trim_start().len();
    if start > 0 {
        out.push(plain(&text[..start]));
    }
    out.push(markup(format!("{delimiter}{}{delimiter}", escape(inner)), inner.chars().next()));
    let end = start + inner.len();
    if end < text.len() {
        out.push(plain(&text[end..]));
    }
}

/// Inline code: ``` ``code`` ``` when that is unambiguous, otherwise the
/// `:literal:` role with backslash escapes.
fn code_fragment(code: &str) -> Option<Fragment> {
    let code = code.trim();
    if code.is_empty() {
        return None;
    }
    let text = if code.contains(['`', '\\']) {
        let mut escaped = String::from(":literal:`");
        for c in code.chars() {
            if c == '`' || c == '\\' {
                escaped.push('\\');
            }
            escaped.push(c);
        }
        escaped.push('`');
        escaped
    } else {
        format!("``{code}``")
    };
    Some(markup(text, code.chars().next()))
}

fn reference_fragment(text: &str, target: &str) -> Fragment {
    let text = text.trim();
    let rendered =
        if text == target { format!("`{}`_", escape_name(text)) } else { format!("`{} <{}_>`__", escape_phrase(text), escape_name(target)) };
    markup(rendered, text.chars().next())
}

fn link_fragment(text: &str, url: &str) -> Fragment {
    let url = escape_url(url.trim());
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = if text.is_empty() { url.clone() } else { text };
    if url.is_empty() {
        return plain(&shown);
    }
    markup(format!("`{} <{url}>`__", escape_phrase(&shown)), shown.chars().next())
}

/// Whether a character may directly follow the end of inline markup.
fn follows_ok(c: char) -> bool {
    c.is_whitespace() || "'\")]}>-/:.,;!?".contains(c) || "’”»–—…".contains(c)
}

/// Whether `c` may directly precede inline markup whose content starts
/// with `content_first` (an opener directly followed by its own closer
/// does not start markup).
fn precedes_ok(c: char, content_first: Option<char>) -> bool {
    let allowed = c.is_whitespace() || "'\"([{<-/:".contains(c) || "‘“«–—".contains(c);
    let closer = match c {
        '\'' => Some('\''),
        '"' => Some('"'),
        '(' => Some(')'),
        '[' => Some(']'),
        '{' => Some('}'),
        '<' => Some('>'),
        _ => None,
    };
    allowed && (closer.is_none() || closer != content_first)
}

// ----- escaping ----------------------------------------------------------

/// Escapes plain text so that RST shows it as written: a backslash before
/// each of ``\ * ` _ |`` and before the second colon of `::`.
#[must_use]
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous = None;
    for c in text.chars() {
        if SPECIAL.contains(&c) || (c == ':' && previous == Some(':')) {
            out.push('\\');
        }
        out.push(c);
        previous = Some(c);
    }
    out
}

/// Escapes the text of a phrase reference (also `<`, which would start an
/// embedded target).
fn escape_phrase(text: &str) -> String {
    escape(text).replace('<', "\\<")
}

/// A reference name inside backquotes: only backslash and backquote matter.
pub(super) fn escape_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c == '`' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A URL inside `<…>`: characters that would end or confuse it are
/// percent-encoded, and a final `_` is escaped so it is not an alias.
fn escape_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '<' | '>' | '`' | '\\' => out.push_str(&format!("%{:02X}", u32::from(c))),
            c if c.is_whitespace() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    if out.ends_with('_') {
        out.pop();
        out.push_str("\\_");
    }
    out
}

/// Protects the start of a block: a leading character that could open a
/// construct (a bullet, `..`, `:field:`, `>>>`, an option, a table border,
/// an attribution dash, a line of one punctuation character) is escaped,
/// and so is the dot or parenthesis of a leading enumerator (`1.`, `a)`,
/// `(iv)`).
fn protect_start(text: &str) -> String {
    let Some(first) = text.chars().next() else { return String::new() };
    if first == '\\' {
        // Escaped already; but escaped backslashes alone would still read
        // as a transition or an adornment: an escaped space breaks the run.
        let first_line = text.lines().next().unwrap_or_default();
        return if is_adornment_line(first_line) { format!("\\ {text}") } else { text.to_string() };
    }
    let first_line = text.lines().next().unwrap_or_default();
    if "-+.:>|=/#•‣⁃–—―".contains(first) || is_adornment_line(first_line) {
        return format!("\\{text}");
    }
    let token_end = text.find(char::is_whitespace).unwrap_or(text.len());
    let token = &text[..token_end];
    if first == '(' && token.ends_with(')') {
        return format!("\\{text}");
    }
    if let Some(stem) = token.strip_suffix(['.', ')']) {
        let all_digits = !stem.is_empty() && stem.chars().all(|c| c.is_ascii_digit());
        let letter = stem.chars().count() == 1 && stem.chars().all(|c| c.is_ascii_alphabetic());
        let roman = !stem.is_empty() && (stem.chars().all(|c| "ivxlcdm".contains(c)) || stem.chars().all(|c| "IVXLCDM".contains(c)));
        if all_digits || letter || roman {
            let cut = token_end - 1;
            return format!("{}\\{}", &text[..cut], &text[cut..]);
        }
    }
    text.to_string()
}

/// A line that RST could read as a section adornment: one punctuation
/// character, repeated.
pub(super) fn is_adornment_line(line: &str) -> bool {
    let mut chars = line.chars();
    let Some(first) = chars.next() else { return false };
    first.is_ascii_punctuation() && chars.all(|c| c == first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(escape(r"a*b `c` d_e |f| g\h"), r"a\*b \`c\` d\_e \|f\| g\\h");
        assert_eq!(escape("see::"), "see:\\:");
        assert_eq!(escape("a: b"), "a: b");
        assert_eq!(escape("plain text."), "plain text.");
    }

    #[test]
    fn protects_block_starts() {
        assert_eq!(protect_start("- not a list"), "\\- not a list");
        assert_eq!(protect_start(".. not a comment"), "\\.. not a comment");
        assert_eq!(protect_start(":not: a field"), "\\:not: a field");
        assert_eq!(protect_start("1. not a list"), "1\\. not a list");
        assert_eq!(protect_start("a) not a list"), "a\\) not a list");
        assert_eq!(protect_start("iv. not a list"), "iv\\. not a list");
        assert_eq!(protect_start("1.5 is a number"), "1.5 is a number");
        assert_eq!(protect_start("Mr. Smith"), "Mr. Smith");
        assert_eq!(protect_start("(a) not a list"), "\\(a) not a list");
        assert_eq!(protect_start("(see below)"), "(see below)");
        assert_eq!(protect_start("~~~~"), "\\~~~~");
        assert_eq!(protect_start("\"quoted\""), "\"quoted\"");
        assert_eq!(protect_start("\\* escaped already"), "\\* escaped already");
        assert_eq!(protect_start("\\\\\\\\"), "\\ \\\\\\\\");
    }
}
