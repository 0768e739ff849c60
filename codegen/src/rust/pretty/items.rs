//! The items the formatted layout prints without syn: structs, enums,
//! the calls of `qapi-runtime`'s member-list macros, and impls of named
//! constants and associated types, with their attributes, doc comments,
//! types and the constants' values. Each is read from its
//! tokens and printed as it is read, through [`Printer`], with the boxes
//! and breaks prettyplease's printer uses for the same syntax. An item of
//! another shape, or with a part these shapes do not cover (generics, a
//! `where` clause, a discriminant, a doc comment of several lines), is
//! refused (`None`) before anything of it is kept, and goes through syn
//! and prettyplease instead.

use proc_macro2::{Delimiter, Group, Ident, Spacing, TokenStream, TokenTree};

use super::algorithm::{INDENT, Printer};
use crate::rust::member_lists;

/// The item `trees` laid out, or `None` if it is not of a shape printed
/// here. The lists of member-list macro calls are pushed onto `lists`
/// and stand in the text as their marker, for [`member_lists::put_back`].
pub(super) fn print(trees: &[TokenTree], lists: &mut Vec<TokenStream>) -> Option<String> {
    let mut p = Printer::new();
    let lists_before = lists.len();
    // The file's box, as prettyplease's `file`: broken by the line break
    // that ends every item, so each outer attribute gets a line.
    p.cbox(0);
    match item(&mut p, &mut Cursor::new(trees), lists) {
        Some(()) => {
            p.end();
            Some(p.finish())
        }
        None => {
            lists.truncate(lists_before);
            None
        }
    }
}

/// A cursor over a slice of token trees.
struct Cursor<'a> {
    trees: &'a [TokenTree],
}

impl<'a> Cursor<'a> {
    fn new(trees: &'a [TokenTree]) -> Self {
        Cursor { trees }
    }

    fn is_empty(&self) -> bool {
        self.trees.is_empty()
    }

    fn peek(&self) -> Option<&'a TokenTree> {
        self.trees.first()
    }

    fn advance(&mut self, count: usize) {
        self.trees = self.trees.get(count..).unwrap_or_default();
    }

    fn punct(&mut self, ch: char) -> bool {
        let found = matches!(self.peek(), Some(TokenTree::Punct(punct)) if punct.as_char() == ch);
        if found {
            self.advance(1);
        }
        found
    }

    /// `::`, its first `:` joint to the second.
    fn path_separator(&mut self) -> bool {
        let found = matches!(self.trees, [TokenTree::Punct(first), TokenTree::Punct(second), ..]
            if first.as_char() == ':' && first.spacing() == Spacing::Joint && second.as_char() == ':');
        if found {
            self.advance(2);
        }
        found
    }

    fn ident(&mut self) -> Option<&'a Ident> {
        let Some(TokenTree::Ident(ident)) = self.peek() else { return None };
        self.advance(1);
        Some(ident)
    }

    /// An identifier that may name a type, a field or a path segment.
    fn name(&mut self) -> Option<&'a Ident> {
        let Some(TokenTree::Ident(ident)) = self.peek() else { return None };
        if RESERVED.iter().any(|word| ident == word) {
            return None;
        }
        self.advance(1);
        Some(ident)
    }

    fn keyword(&mut self, word: &str) -> bool {
        let found = matches!(self.peek(), Some(TokenTree::Ident(ident)) if ident == word);
        if found {
            self.advance(1);
        }
        found
    }

    /// A path without generic arguments (`::a::b`), each segment read by
    /// `segment`: whether it starts with `::`, and its segments.
    fn path(&mut self, segment: fn(&mut Self) -> Option<&'a Ident>) -> Option<(bool, Vec<&'a Ident>)> {
        let leading_colon = self.path_separator();
        let mut segments = vec![segment(self)?];
        while self.path_separator() {
            segments.push(segment(self)?);
        }
        Some((leading_colon, segments))
    }

    fn group(&mut self, delimiter: Delimiter) -> Option<&'a Group> {
        let Some(TokenTree::Group(group)) = self.peek() else { return None };
        if group.delimiter() != delimiter {
            return None;
        }
        self.advance(1);
        Some(group)
    }
}

/// Keywords that are none of the names read here (a type `dyn Trait`, a
/// qualifier, `_`).
const RESERVED: [&str; 12] = ["dyn", "impl", "fn", "unsafe", "extern", "for", "_", "mut", "const", "where", "as", "async"];

/// The trees of a group's contents.
fn contents(group: &Group) -> Vec<TokenTree> {
    group.stream().into_iter().collect()
}

/// A struct, an enum or a member-list macro call, as prettyplease's
/// `item_struct`, `item_enum` and `item_macro`.
fn item(p: &mut Printer, cursor: &mut Cursor<'_>, lists: &mut Vec<TokenStream>) -> Option<()> {
    outer_attributes(p, cursor)?;
    if member_list_call(p, cursor, lists)? {
        return cursor.is_empty().then_some(());
    }
    p.cbox(INDENT);
    visibility(p, cursor)?;
    if cursor.keyword("struct") {
        p.word("struct ");
        p.word_display(cursor.name()?);
        if let Some(group) = cursor.group(Delimiter::Brace) {
            named_fields_block(p, group)?;
        } else if let Some(group) = cursor.group(Delimiter::Parenthesis) {
            unnamed_fields(p, group)?;
            cursor.punct(';').then_some(())?;
            p.word(";");
            p.end();
        } else {
            cursor.punct(';').then_some(())?;
            p.word(";");
            p.end();
        }
    } else if cursor.keyword("enum") {
        p.word("enum ");
        p.word_display(cursor.name()?);
        let body = contents(cursor.group(Delimiter::Brace)?);
        p.nbsp();
        p.word("{");
        p.hardbreak_if_nonempty();
        for variant in split_commas(&body) {
            self::variant(p, &mut Cursor::new(variant))?;
            p.word(",");
            p.hardbreak();
        }
        p.offset(-INDENT);
        p.end();
        p.word("}");
    } else if cursor.keyword("impl") {
        impl_block(p, cursor)?;
    } else {
        return None;
    }
    p.hardbreak();
    cursor.is_empty().then_some(())
}

/// An impl block of named constants and associated types (a trait's
/// metadata), from after `impl`, as prettyplease's `item_impl`; the
/// caller opened the outer box.
fn impl_block(p: &mut Printer, cursor: &mut Cursor<'_>) -> Option<()> {
    // Generics (`impl<T>`) are not printed here.
    if matches!(cursor.peek(), Some(TokenTree::Punct(punct)) if punct.as_char() == '<') {
        return None;
    }
    p.ibox(-INDENT);
    p.cbox(INDENT);
    p.word("impl");
    p.end();
    p.nbsp();
    let header_end = cursor.trees.iter().position(|tree| matches!(tree, TokenTree::Group(group) if group.delimiter() == Delimiter::Brace))?;
    let header = &cursor.trees[..header_end];
    let for_at = header.iter().position(|tree| matches!(tree, TokenTree::Ident(ident) if ident == "for"));
    if let Some(for_at) = for_at {
        let mut trait_path = Cursor::new(&header[..for_at]);
        ty(p, &mut trait_path)?;
        trait_path.is_empty().then_some(())?;
        p.space();
        p.word("for ");
    }
    let mut self_ty = Cursor::new(&header[for_at.map_or(0, |at| at + 1)..]);
    ty(p, &mut self_ty)?;
    self_ty.is_empty().then_some(())?;
    cursor.advance(header_end);
    p.end();
    let body = contents(cursor.group(Delimiter::Brace)?);
    p.nbsp();
    p.word("{");
    p.hardbreak_if_nonempty();
    let mut items = Cursor::new(&body);
    while !items.is_empty() {
        impl_item(p, &mut items)?;
    }
    p.offset(-INDENT);
    p.end();
    p.word("}");
    Some(())
}

/// `const NAME: Type = value;` or `type Name = Type;` in an impl block,
/// as prettyplease's `impl_item_const` and `impl_item_type`.
fn impl_item(p: &mut Printer, cursor: &mut Cursor<'_>) -> Option<()> {
    outer_attributes(p, cursor)?;
    let end = cursor.trees.iter().position(|tree| matches!(tree, TokenTree::Punct(punct) if punct.as_char() == ';'))?;
    let mut item = Cursor::new(&cursor.trees[..end]);
    cursor.advance(end + 1);
    if item.keyword("const") {
        p.cbox(0);
        p.word("const ");
        p.word_display(item.name()?);
        item.punct(':').then_some(())?;
        p.word(": ");
        let equals = item.trees.iter().position(|tree| matches!(tree, TokenTree::Punct(punct) if punct.as_char() == '='))?;
        let mut value_type = Cursor::new(&item.trees[..equals]);
        ty(p, &mut value_type)?;
        value_type.is_empty().then_some(())?;
        item.advance(equals + 1);
        p.word(" = ");
        p.neverbreak();
        expr(p, &mut item)?;
        p.word(";");
        p.end();
    } else if item.keyword("type") {
        p.cbox(INDENT);
        p.word("type ");
        p.word_display(item.name()?);
        item.punct('=').then_some(())?;
        p.word(" = ");
        p.neverbreak();
        p.ibox(-INDENT);
        ty(p, &mut item)?;
        p.end();
        p.word(";");
        p.end();
    } else {
        return None;
    }
    p.hardbreak();
    item.is_empty().then_some(())
}

/// The expressions of constants' values: a literal, a path, a call, a
/// reference, an array or a struct literal, as prettyplease's `expr`.
fn expr(p: &mut Printer, cursor: &mut Cursor<'_>) -> Option<()> {
    if let Some(TokenTree::Literal(literal)) = cursor.peek() {
        cursor.advance(1);
        p.word_display(literal);
        return Some(());
    }
    if let [TokenTree::Punct(ampersand), ..] = cursor.trees
        && ampersand.as_char() == '&'
    {
        // `&&` and `&mut` are not printed here.
        if ampersand.spacing() == Spacing::Joint {
            return None;
        }
        cursor.advance(1);
        p.word("&");
        if cursor.keyword("mut") || cursor.keyword("raw") {
            return None;
        }
        return expr(p, cursor);
    }
    if let Some(group) = cursor.group(Delimiter::Bracket) {
        return array(p, &contents(group));
    }
    // A path, then a call's arguments or a struct literal's fields.
    let (leading_colon, segments) = cursor.path(Cursor::name)?;
    if let Some(group) = cursor.group(Delimiter::Brace) {
        return struct_literal(p, leading_colon, &segments, &contents(group));
    }
    path_words(p, leading_colon, &segments);
    if let Some(group) = cursor.group(Delimiter::Parenthesis) {
        let inside = contents(group);
        p.word("(");
        call_args(p, &split_commas(&inside))?;
        p.word(")");
    }
    Some(())
}

/// A whole expression of `trees`.
fn whole_expr(p: &mut Printer, trees: &[TokenTree]) -> Option<()> {
    let mut cursor = Cursor::new(trees);
    expr(p, &mut cursor)?;
    cursor.is_empty().then_some(())
}

/// As prettyplease's `call_args`: a single array or struct literal
/// stays on the line of the call; other arguments go in a box.
fn call_args(p: &mut Printer, args: &[&[TokenTree]]) -> Option<()> {
    let blocklike = |arg: &[TokenTree]| match arg {
        [TokenTree::Group(group)] => group.delimiter() == Delimiter::Bracket,
        [.., TokenTree::Group(group)] => group.delimiter() == Delimiter::Brace,
        _ => false,
    };
    if let [arg] = args
        && blocklike(arg)
    {
        return whole_expr(p, arg);
    }
    p.cbox(INDENT);
    p.zerobreak();
    for (index, arg) in args.iter().enumerate() {
        whole_expr(p, arg)?;
        p.trailing_comma(index + 1 == args.len());
    }
    p.offset(-INDENT);
    p.end();
    Some(())
}

/// `[...]`, as prettyplease's `expr_array`: an array of integers and
/// booleans flows, any other is a column when it does not fit.
fn array(p: &mut Printer, inside: &[TokenTree]) -> Option<()> {
    let elems = split_commas(inside);
    if elems.is_empty() {
        p.word("[]");
        return Some(());
    }
    let simple = |elem: &[TokenTree]| match elem {
        [TokenTree::Ident(ident)] => ident == "true" || ident == "false",
        [TokenTree::Literal(literal)] => literal.to_string().bytes().next().is_some_and(|first| first.is_ascii_digit()),
        _ => false,
    };
    if elems.iter().any(|elem| simple(elem)) {
        // Integer literals with suffixes or floats: not told apart here.
        return None;
    }
    p.word("[");
    p.cbox(INDENT);
    p.zerobreak();
    for (index, elem) in elems.iter().enumerate() {
        whole_expr(p, elem)?;
        p.trailing_comma(index + 1 == elems.len());
    }
    p.offset(-INDENT);
    p.end();
    p.word("]");
    Some(())
}

/// `Path { member: value, ... }`, as prettyplease's `expr_struct`.
fn struct_literal(p: &mut Printer, leading_colon: bool, segments: &[&Ident], inside: &[TokenTree]) -> Option<()> {
    p.cbox(INDENT);
    p.ibox(-INDENT);
    path_words(p, leading_colon, segments);
    p.end();
    p.word(" {");
    p.space_if_nonempty();
    let fields = split_commas(inside);
    for (index, field) in fields.iter().enumerate() {
        let mut field = Cursor::new(field);
        p.word_display(field.name()?);
        if field.punct(':') {
            p.word(": ");
            p.ibox(0);
            expr(p, &mut field)?;
            p.end();
        }
        field.is_empty().then_some(())?;
        p.trailing_comma_or_space(index + 1 == fields.len());
    }
    p.offset(-INDENT);
    p.end_with_max_width(34);
    p.word("}");
    Some(())
}

/// The body of a struct with named fields, from its ` {`.
fn named_fields_block(p: &mut Printer, group: &Group) -> Option<()> {
    let body = contents(group);
    p.nbsp();
    p.word("{");
    p.hardbreak_if_nonempty();
    for field in split_commas(&body) {
        self::field(p, &mut Cursor::new(field), true)?;
        p.word(",");
        p.hardbreak();
    }
    p.offset(-INDENT);
    p.end();
    p.word("}");
    Some(())
}

/// `(...)` of a tuple struct or variant, as prettyplease's `fields_unnamed`.
fn unnamed_fields(p: &mut Printer, group: &Group) -> Option<()> {
    let body = contents(group);
    p.word("(");
    p.zerobreak();
    let fields = split_commas(&body);
    let count = fields.len();
    for (index, field) in fields.into_iter().enumerate() {
        self::field(p, &mut Cursor::new(field), false)?;
        p.trailing_comma(index + 1 == count);
    }
    p.offset(-INDENT);
    p.word(")");
    Some(())
}

/// A call of one of `qapi-runtime`'s member-list macros (whose list
/// [`member_lists`] prints in place of its marker word), if the cursor
/// is at one; `None` if it is a call printed otherwise.
fn member_list_call(p: &mut Printer, cursor: &mut Cursor<'_>, lists: &mut Vec<TokenStream>) -> Option<bool> {
    let mut ahead = Cursor::new(cursor.trees);
    let Some((leading_colon, segments)) = ahead.path(Cursor::ident) else { return Some(false) };
    if !ahead.punct('!') {
        return Some(false);
    }
    let name = segments.last()?;
    if !member_lists::is_member_list_macro(name) {
        return None;
    }
    let tokens = ahead.group(Delimiter::Brace)?.stream();
    *cursor = ahead;
    path_words(p, leading_colon, &segments);
    p.word("!");
    p.word(" {");
    if !tokens.is_empty() {
        p.cbox(INDENT);
        p.hardbreak();
        p.ibox(0);
        p.word(&member_lists::marker(lists.len()));
        lists.push(tokens);
        p.end();
        p.hardbreak();
        p.offset(-INDENT);
        p.end();
    }
    p.word("}");
    p.hardbreak();
    Some(true)
}

fn path_words(p: &mut Printer, leading_colon: bool, segments: &[&Ident]) {
    for (index, segment) in segments.iter().enumerate() {
        if index > 0 || leading_colon {
            p.word("::");
        }
        p.word_display(segment);
    }
}

/// `pub`, `pub(crate)`, `pub(self)`, `pub(super)` or nothing.
fn visibility(p: &mut Printer, cursor: &mut Cursor<'_>) -> Option<()> {
    if !cursor.keyword("pub") {
        return Some(());
    }
    let Some(group) = cursor.group(Delimiter::Parenthesis) else {
        p.word("pub ");
        return Some(());
    };
    let inside = contents(group);
    let [TokenTree::Ident(word)] = inside.as_slice() else { return None };
    if !["crate", "self", "super"].iter().any(|allowed| word == allowed) {
        return None;
    }
    p.word("pub(");
    p.word_display(word);
    p.word(") ");
    Some(())
}

/// The outer attributes, as prettyplease's `attr`.
fn outer_attributes(p: &mut Printer, cursor: &mut Cursor<'_>) -> Option<()> {
    while let [TokenTree::Punct(hash), TokenTree::Group(group), ..] = cursor.trees {
        if hash.as_char() != '#' || group.delimiter() != Delimiter::Bracket {
            break;
        }
        cursor.advance(2);
        attribute(p, &contents(group))?;
    }
    // An inner attribute (`#!`) is not part of an item printed here.
    if matches!(cursor.peek(), Some(TokenTree::Punct(hash)) if hash.as_char() == '#') {
        return None;
    }
    Some(())
}

/// A doc comment of one line, as `///...`; prettyplease keeps other
/// docs as attributes or block comments, which are not printed here.
fn doc_comment(p: &mut Printer, mut doc: String) -> Option<()> {
    if doc.contains('\n') || doc.starts_with('/') {
        return None;
    }
    doc.truncate(doc.trim_end_matches(' ').len());
    p.word("///");
    p.word(&doc);
    p.hardbreak();
    Some(())
}

/// `[...]` of one attribute: a one-line doc comment becomes `///...`;
/// otherwise a path, then nothing, `(...)` or `= literal`.
fn attribute(p: &mut Printer, inside: &[TokenTree]) -> Option<()> {
    let mut cursor = Cursor::new(inside);
    let (leading_colon, segments) = cursor.path(Cursor::ident)?;
    let plain = !leading_colon && segments.len() == 1;
    if plain && segments[0] == "comment" {
        return None;
    }
    if plain && segments[0] == "doc" && cursor.punct('=') {
        let [TokenTree::Literal(literal)] = cursor.trees else { return None };
        return doc_comment(p, string_value(&literal.to_string())?);
    }
    p.word("#");
    p.word("[");
    path_words(p, leading_colon, &segments);
    if cursor.punct('=') {
        let [TokenTree::Literal(literal)] = cursor.trees else { return None };
        p.word(" = ");
        p.word_display(literal);
    } else if let [TokenTree::Group(group)] = cursor.trees {
        attr_tokens(p, group);
    } else if !cursor.is_empty() {
        return None;
    }
    p.word("]");
    p.space();
    Some(())
}

/// The value of a string literal (`"..."` with escapes, as proc-macro2
/// writes them, or raw), or `None` for any other literal.
fn string_value(repr: &str) -> Option<String> {
    if let Some(raw) = repr.strip_prefix('r') {
        let hashes = &raw[..raw.len() - raw.trim_start_matches('#').len()];
        let inner = raw[hashes.len()..].strip_prefix('"')?.strip_suffix(hashes)?.strip_suffix('"')?;
        // One literal, not several in a row.
        return (!inner.contains(&format!("\"{hashes}"))).then(|| inner.to_owned());
    }
    let inner = repr.strip_prefix('"')?.strip_suffix('"')?;
    if !inner.contains(['\\', '"']) {
        return Some(inner.to_owned());
    }
    let mut value = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(ch) = chars.next() {
        if ch == '"' {
            return None;
        }
        if ch != '\\' {
            value.push(ch);
            continue;
        }
        let escaped = match chars.next()? {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '0' => '\0',
            '\\' => '\\',
            '\'' => '\'',
            '"' => '"',
            'x' => {
                let digits: String = chars.by_ref().take(2).collect();
                char::from(u8::from_str_radix(&digits, 16).ok().filter(u8::is_ascii)?)
            }
            'u' => {
                let rest = chars.as_str().strip_prefix('{')?;
                let end = rest.find('}')?;
                let code = u32::from_str_radix(&rest[..end].replace('_', ""), 16).ok()?;
                chars = rest[end + 1..].chars();
                char::from_u32(code)?
            }
            _ => return None,
        };
        value.push(escaped);
    }
    Some(value)
}

/// One field: its attributes, visibility, name (if `named`) and type.
fn field(p: &mut Printer, cursor: &mut Cursor<'_>, named: bool) -> Option<()> {
    outer_attributes(p, cursor)?;
    visibility(p, cursor)?;
    if named {
        p.word_display(cursor.name()?);
        cursor.punct(':').then_some(())?;
        p.word(": ");
    }
    ty(p, cursor)?;
    cursor.is_empty().then_some(())
}

/// One enum variant, as prettyplease's `variant`.
fn variant(p: &mut Printer, cursor: &mut Cursor<'_>) -> Option<()> {
    outer_attributes(p, cursor)?;
    p.word_display(cursor.name()?);
    if let Some(group) = cursor.group(Delimiter::Parenthesis) {
        p.cbox(INDENT);
        unnamed_fields(p, group)?;
        p.end();
    } else if let Some(group) = cursor.group(Delimiter::Brace) {
        let body = contents(group);
        p.nbsp();
        p.word("{");
        p.cbox(INDENT);
        p.space();
        let fields = split_commas(&body);
        let count = fields.len();
        for (index, field) in fields.into_iter().enumerate() {
            self::field(p, &mut Cursor::new(field), true)?;
            p.trailing_comma_or_space(index + 1 == count);
        }
        p.offset(-INDENT);
        p.end();
        p.word("}");
    }
    cursor.is_empty().then_some(())
}

/// A type: a path with generic arguments, a reference, a slice or a
/// tuple, as prettyplease's `ty`.
fn ty(p: &mut Printer, cursor: &mut Cursor<'_>) -> Option<()> {
    if cursor.punct('&') {
        p.word("&");
        if let Some(name) = lifetime(cursor) {
            p.word("'");
            p.word_display(name);
            p.nbsp();
        }
        if cursor.keyword("mut") {
            p.word("mut ");
        }
        return ty(p, cursor);
    }
    if let Some(group) = cursor.group(Delimiter::Bracket) {
        let inside = contents(group);
        let mut elem = Cursor::new(&inside);
        p.word("[");
        ty(p, &mut elem)?;
        elem.is_empty().then_some(())?;
        p.word("]");
        return Some(());
    }
    if let Some(group) = cursor.group(Delimiter::Parenthesis) {
        let inside = contents(group);
        let elems = split_commas(&inside);
        let single = elems.len() == 1;
        // `(T)` is a parenthesised type, not a tuple.
        if single && !matches!(inside.last(), Some(TokenTree::Punct(comma)) if comma.as_char() == ',') {
            return None;
        }
        p.word("(");
        p.cbox(INDENT);
        p.zerobreak();
        let count = elems.len();
        for (index, elem) in elems.into_iter().enumerate() {
            let mut elem = Cursor::new(elem);
            ty(p, &mut elem)?;
            elem.is_empty().then_some(())?;
            if single {
                p.word(",");
                p.zerobreak();
            } else {
                p.trailing_comma(index + 1 == count);
            }
        }
        p.offset(-INDENT);
        p.end();
        p.word(")");
        return Some(());
    }
    if cursor.path_separator() {
        p.word("::");
    }
    loop {
        p.word_display(cursor.name()?);
        if cursor.punct('<') {
            generic_arguments(p, cursor)?;
        }
        if !cursor.path_separator() {
            return Some(());
        }
        p.word("::");
    }
}

/// `'name`, the `'` joint to the name.
fn lifetime<'a>(cursor: &mut Cursor<'a>) -> Option<&'a Ident> {
    let [TokenTree::Punct(quote), TokenTree::Ident(name), ..] = cursor.trees else { return None };
    if quote.as_char() != '\'' {
        return None;
    }
    cursor.advance(2);
    Some(name)
}

/// The arguments after a segment's `<`, up to its `>`: lifetimes first,
/// then types, as prettyplease's `angle_bracketed_generic_arguments`.
fn generic_arguments(p: &mut Printer, cursor: &mut Cursor<'_>) -> Option<()> {
    // Find the matching `>` and the top-level commas.
    let mut depth = 0_usize;
    let mut end = None;
    for (index, tree) in cursor.trees.iter().enumerate() {
        match tree {
            TokenTree::Punct(punct) if punct.as_char() == '<' => depth += 1,
            TokenTree::Punct(punct) if punct.as_char() == '>' => {
                if depth == 0 {
                    end = Some(index);
                    break;
                }
                depth -= 1;
            }
            // `=` (an associated type) or `-` (`Fn() -> T`) are not read here.
            TokenTree::Punct(punct) if matches!(punct.as_char(), '=' | '-') => return None,
            _ => {}
        }
    }
    let end = end?;
    let inside = &cursor.trees[..end];
    cursor.advance(end + 1);
    let arguments = split_commas(inside);
    let is_lifetime = |argument: &&[TokenTree]| matches!(argument.first(), Some(TokenTree::Punct(quote)) if quote.as_char() == '\'');
    let lifetimes = arguments.iter().filter(|argument| is_lifetime(argument));
    let types = arguments.iter().filter(|argument| !is_lifetime(argument));
    p.word("<");
    p.cbox(INDENT);
    p.zerobreak();
    let mut left = arguments.len();
    for argument in lifetimes.chain(types) {
        left -= 1;
        let mut argument = Cursor::new(argument);
        if let Some(name) = lifetime(&mut argument) {
            p.word("'");
            p.word_display(name);
        } else {
            ty(p, &mut argument)?;
        }
        argument.is_empty().then_some(())?;
        p.trailing_comma(left == 0);
    }
    p.offset(-INDENT);
    p.end();
    p.word(">");
    Some(())
}

/// The trees between the commas outside `<...>` (a field's type holds
/// generic arguments); a trailing comma ends the last part instead of
/// starting an empty one.
fn split_commas(trees: &[TokenTree]) -> Vec<&[TokenTree]> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut depth = 0_usize;
    let mut after_minus = false;
    for (index, tree) in trees.iter().enumerate() {
        let TokenTree::Punct(punct) = tree else {
            after_minus = false;
            continue;
        };
        match punct.as_char() {
            '<' => depth += 1,
            // The `>` of `->` closes nothing.
            '>' if !after_minus => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&trees[start..index]);
                start = index + 1;
            }
            _ => {}
        }
        after_minus = punct.as_char() == '-' && punct.spacing() == Spacing::Joint;
    }
    if start < trees.len() {
        parts.push(&trees[start..]);
    }
    parts
}

/// An attribute's arguments (its `(...)`), as prettyplease's
/// `attr_tokens`: words separated by spaces that break, inside
/// parentheses, as a consistent box.
fn attr_tokens(p: &mut Printer, group: &Group) {
    #[derive(PartialEq, Eq, Clone, Copy)]
    enum State {
        Word,
        Punct,
        TrailingComma,
    }
    /// The separator after a `,` or between two words: a plain space at
    /// the top level, a break inside a group.
    #[derive(Clone, Copy)]
    enum Space {
        Nbsp,
        Break,
    }
    fn separate(p: &mut Printer, space: Space) {
        match space {
            Space::Nbsp => p.nbsp(),
            Space::Break => p.space(),
        }
    }
    let outer = TokenStream::from(TokenTree::Group(group.clone()));
    let mut stack = vec![(outer.into_iter().peekable(), Delimiter::None)];
    let mut space = Space::Nbsp;
    let mut state = State::Word;
    while let Some((tokens, delimiter)) = stack.last_mut() {
        match tokens.next() {
            Some(TokenTree::Ident(ident)) => {
                if state == State::Word {
                    separate(p, space);
                }
                p.word_display(&ident);
                state = State::Word;
            }
            Some(TokenTree::Punct(punct)) => {
                let ch = punct.as_char();
                if state == State::Word && ch == '=' {
                    p.nbsp();
                }
                if ch == ',' && tokens.peek().is_none() {
                    p.trailing_comma(true);
                    state = State::TrailingComma;
                } else {
                    p.word(ch.encode_utf8(&mut [0; 4]));
                    if ch == '=' {
                        p.nbsp();
                    } else if ch == ',' {
                        separate(p, space);
                    }
                    state = State::Punct;
                }
            }
            Some(TokenTree::Literal(literal)) => {
                if state == State::Word {
                    separate(p, space);
                }
                p.word_display(&literal);
                state = State::Word;
            }
            Some(TokenTree::Group(group)) => {
                let delimiter = group.delimiter();
                match delimiter {
                    Delimiter::Parenthesis => {
                        p.word("(");
                        p.cbox(INDENT);
                        p.zerobreak();
                        state = State::Punct;
                    }
                    Delimiter::Brace => {
                        p.word("{");
                        state = State::Punct;
                    }
                    Delimiter::Bracket => {
                        p.word("[");
                        state = State::Punct;
                    }
                    Delimiter::None => {}
                }
                stack.push((group.stream().into_iter().peekable(), delimiter));
                space = Space::Break;
            }
            None => {
                match delimiter {
                    Delimiter::Parenthesis => {
                        if state != State::TrailingComma {
                            p.zerobreak();
                        }
                        p.offset(-INDENT);
                        p.end();
                        p.word(")");
                        state = State::Punct;
                    }
                    Delimiter::Brace => {
                        p.word("}");
                        state = State::Punct;
                    }
                    Delimiter::Bracket => {
                        p.word("]");
                        state = State::Punct;
                    }
                    Delimiter::None => {}
                }
                stack.pop();
                if stack.is_empty() {
                    space = Space::Nbsp;
                }
            }
        }
    }
}
