//! The formatted layout of the lists that structs, enums, unions and the
//! message enums hand to `qapi-runtime`'s `__struct_serde!`,
//! `__enum_serde!`, `__union_serde!`, `__events!` and `__requests!`:
//! prettyplease prints a macro's tokens as flowing text, so these calls
//! are printed here instead, a member, value, branch, event or command
//! per line.
//!
//! Before prettyplease runs, each call's tokens are swapped for a marker
//! word ([`take`]); prettyplease then prints that word alone on a line at
//! the call's indentation, and [`put_back`] prints the list there.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::format_ident;

/// The last segment of the paths of the macros.
const MACROS: [&str; 5] = ["__struct_serde", "__enum_serde", "__union_serde", "__events", "__requests"];

/// Whether a macro of this name (its path's last segment) is one whose
/// list is printed here.
pub(super) fn is_member_list_macro(name: &proc_macro2::Ident) -> bool {
    MACROS.iter().any(|macro_name| name == macro_name)
}

/// The marker word of the call at `index`.
pub(super) fn marker(index: usize) -> String {
    format!("__qapi_gen_members_{index}")
}

/// Takes the tokens of every member-list macro call in `items` (and in
/// their modules), in order, leaving a marker in their place.
pub(super) fn take(items: &mut [syn::Item]) -> Vec<TokenStream> {
    let mut lists = Vec::new();
    take_into(items, &mut lists);
    lists
}

fn take_into(items: &mut [syn::Item], lists: &mut Vec<TokenStream>) {
    for item in items {
        match item {
            syn::Item::Macro(call) if call.mac.path.segments.last().is_some_and(|segment| is_member_list_macro(&segment.ident)) => {
                let marker = format_ident!("{}", marker(lists.len()));
                lists.push(std::mem::replace(&mut call.mac.tokens, quote::quote!(#marker)));
            }
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &mut module.content {
                    take_into(items, lists);
                }
            }
            _ => {}
        }
    }
}

/// `text` (prettyplease's output) with each marker line replaced by its
/// list, indented as the marker.
pub(super) fn put_back(text: &str, lists: Vec<TokenStream>) -> String {
    if lists.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + lists.len() * 256);
    let mut lists = lists.into_iter().enumerate();
    let mut next = lists.next().map(|(index, list)| (marker(index), list));
    for line in text.split_inclusive('\n') {
        let content = line.trim_start_matches(' ');
        match next.take() {
            Some((expected, list)) if content.trim_end() == expected => {
                write_list(&mut out, &line[..line.len() - content.len()], list);
                next = lists.next().map(|(index, list)| (marker(index), list));
            }
            waiting => {
                next = waiting;
                out.push_str(line);
            }
        }
    }
    out
}

/// Writes the words before the list (`Struct "Name" [extra field]`, or
/// `Enum open`), ` {`, a line per entry with its attributes on lines of
/// their own, and `}`; a union's lists follow each other, each after its
/// label (`} after {`), an empty one as `{}`.
fn write_list(out: &mut String, indent: &str, list: TokenStream) {
    out.push_str(indent);
    let mut first = true;
    for tree in list {
        match tree {
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace && group.stream().is_empty() => out.push_str(" {}"),
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                out.push_str(" {\n");
                let mut member = Vec::new();
                for tree in group.stream() {
                    match tree {
                        TokenTree::Punct(punct) if punct.as_char() == ',' => write_member(out, indent, std::mem::take(&mut member)),
                        tree => member.push(tree),
                    }
                }
                if !member.is_empty() {
                    write_member(out, indent, member);
                }
                out.push_str(indent);
                out.push('}');
            }
            tree => {
                if !first {
                    out.push(' ');
                }
                out.push_str(&tree.to_string());
            }
        }
        first = false;
    }
    out.push('\n');
}

/// One entry (`index kind field "wire",` or `Variant "wire",`), after
/// its attributes.
fn write_member(out: &mut String, indent: &str, member: Vec<TokenTree>) {
    let mut words = member.into_iter().peekable();
    while let Some(TokenTree::Punct(hash)) = words.next_if(|tree| matches!(tree, TokenTree::Punct(punct) if punct.as_char() == '#')) {
        out.push_str(indent);
        out.push_str("    ");
        out.push(hash.as_char());
        if let Some(tree) = words.next() {
            write_meta(out, tree);
        }
        out.push('\n');
    }
    out.push_str(indent);
    out.push_str("    ");
    let mut first = true;
    for word in words {
        if !first {
            out.push(' ');
        }
        out.push_str(&word.to_string());
        first = false;
    }
    out.push_str(",\n");
}

/// An attribute's `[...]` or a part of it, as rustfmt writes it:
/// `[cfg(any(feature = "a", feature = "b"))]`.
fn write_meta(out: &mut String, tree: TokenTree) {
    match tree {
        TokenTree::Group(group) => {
            let (open, close) = match group.delimiter() {
                Delimiter::Parenthesis => ("(", ")"),
                Delimiter::Bracket => ("[", "]"),
                Delimiter::Brace => ("{", "}"),
                Delimiter::None => ("", ""),
            };
            out.push_str(open);
            for tree in group.stream() {
                write_meta(out, tree);
            }
            out.push_str(close);
        }
        TokenTree::Punct(punct) => match punct.as_char() {
            ',' => out.push_str(", "),
            '=' => out.push_str(" = "),
            other => out.push(other),
        },
        tree => out.push_str(&tree.to_string()),
    }
}
