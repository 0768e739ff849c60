//! Rust emitter, lints: the attributes that keep generated code quiet in a
//! user's crate under the default lints, added once to every item of a
//! piece rather than by each kind's emitter.
//!
//! - Every trait impl is `#[automatically_derived]`, as a derive's would
//!   be: it is code the user did not write (rustc and clippy treat such
//!   impls as generated, and tools hide them).
//! - Every item is `#[allow(dead_code)]`. The generated API is complete
//!   by design, and a binary that `include!`s it into a private module
//!   uses a few of its types; `include!` cannot carry an inner
//!   `#![allow(dead_code)]`, so the attribute goes on each item. In a
//!   library the items are public and the lint never fires anyway.
//! - Every enum allows `clippy::enum_variant_names`: its variants are
//!   named after the schema's values, events and commands (QEMU's
//!   `request-ebpf` is `Request::RequestEbpf`), which renaming would
//!   take away from the wire names they stand for.
//!
//! The attributes are added by a scan of the piece's top-level token
//! trees, without parsing the items: a build script, compiled without
//! optimisations, spent most of its time parsing the tokens back with syn
//! only for this. Each item is its outer attributes, its visibility, its
//! qualifiers and keyword, and the tokens up to the `;` or the block that
//! ends it; the attribute goes after the item's own attributes, where syn
//! would print it.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::quote;

/// What an item needs, by its kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// `impl Trait for Type`.
    TraitImpl,
    /// An enum.
    Enum,
    /// An inherent impl, a struct, a type alias, a named constant, a function.
    Other,
    /// Anything else (`const _`, `use`, `mod`, `static`, `trait`, macros).
    Untouched,
}

/// Where the item ends: at the first top-level `;` or block, or after
/// the first block.
#[derive(Clone, Copy)]
enum End {
    /// After the first top-level `;` (type aliases, constants, `use`).
    Semicolon,
    /// After the first top-level `{ ... }` (enums, impls, functions, modules).
    Block,
    /// After whichever comes first (structs, macro calls).
    Either,
    /// After an inner attribute, `#![...]`.
    InnerAttribute,
}

/// `tokens` with the attributes added to every item.
pub(super) fn quiet_tokens(tokens: TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    // Where each attribute goes, found first so that the trees are then
    // moved into the output rather than copied.
    let mut insertions: Vec<(usize, TokenStream)> = Vec::new();
    for item in scan(&trees) {
        let attribute = match item.kind {
            Kind::TraitImpl if !is_derived(&trees[item.start..item.attributes_end]) => Some(quote!(#[automatically_derived])),
            Kind::Enum => Some(quote!(#[allow(dead_code, clippy::enum_variant_names)])),
            Kind::Other => Some(quote!(#[allow(dead_code)])),
            Kind::TraitImpl | Kind::Untouched => None,
        };
        insertions.extend(attribute.map(|attribute| (item.attributes_end, attribute)));
    }
    let mut out = TokenStream::new();
    let mut insertions = insertions.into_iter().peekable();
    for (index, tree) in trees.into_iter().enumerate() {
        while let Some((_, attribute)) = insertions.next_if(|(at, _)| *at == index) {
            out.extend(attribute);
        }
        out.extend([tree]);
    }
    out
}

/// One top-level item, as indices into the trees.
struct Scanned {
    start: usize,
    /// After its outer attributes.
    attributes_end: usize,
    /// After its last tree.
    end: usize,
    kind: Kind,
}

/// The top-level items of `trees`, in order.
fn scan(trees: &[TokenTree]) -> impl Iterator<Item = Scanned> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= trees.len() {
            return None;
        }
        let start = at;
        let attributes_end = outer_attributes(trees, start);
        let (kind, end) = classify(&trees[attributes_end..]);
        at = attributes_end + item_length(&trees[attributes_end..], end);
        Some(Scanned { start, attributes_end, end: at, kind })
    })
}

/// The trees of each top-level item of `trees` (outer attributes
/// included; an inner attribute is an item of its own), in order.
pub(super) fn item_ranges(trees: &[TokenTree]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    scan(trees).map(|item| item.start..item.end)
}

/// The index after the outer attributes (`# [ ... ]`) from `start`.
fn outer_attributes(trees: &[TokenTree], start: usize) -> usize {
    let mut at = start;
    while let (Some(TokenTree::Punct(hash)), Some(TokenTree::Group(group))) = (trees.get(at), trees.get(at + 1)) {
        if hash.as_char() != '#' || group.delimiter() != Delimiter::Bracket {
            break;
        }
        at += 2;
    }
    at
}

/// Whether one of the outer attributes `attributes` is
/// `#[automatically_derived]` (its path, as syn's `Path::is_ident`).
fn is_derived(attributes: &[TokenTree]) -> bool {
    attributes.iter().any(|tree| match tree {
        TokenTree::Group(group) => {
            let mut inside = group.stream().into_iter();
            matches!(inside.next(), Some(TokenTree::Ident(ident)) if ident == "automatically_derived")
                && !matches!(inside.next(), Some(TokenTree::Punct(colon)) if colon.as_char() == ':')
        }
        _ => false,
    })
}

/// The kind of the item starting at `item` (after its attributes) and
/// how it ends.
fn classify(item: &[TokenTree]) -> (Kind, End) {
    if let [TokenTree::Punct(hash), TokenTree::Punct(bang), TokenTree::Group(_), ..] = item
        && hash.as_char() == '#'
        && bang.as_char() == '!'
    {
        return (Kind::Untouched, End::InnerAttribute);
    }
    let mut words = item.iter().peekable();
    // The visibility: `pub`, `pub(crate)`, `pub(in path)`.
    if matches!(words.peek(), Some(TokenTree::Ident(ident)) if ident == "pub") {
        words.next();
        if matches!(words.peek(), Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis) {
            words.next();
        }
    }
    let mut qualified = false;
    while let Some(tree) = words.next() {
        let TokenTree::Ident(word) = tree else {
            return (Kind::Untouched, End::Either);
        };
        let word = word.to_string();
        match word.as_str() {
            "impl" => {
                let trait_impl = implements_trait(words.map_while(|tree| match tree {
                    TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => None,
                    tree => Some(tree),
                }));
                return (if trait_impl { Kind::TraitImpl } else { Kind::Other }, End::Block);
            }
            "fn" => return (Kind::Other, End::Block),
            "struct" if !qualified => return (Kind::Other, End::Either),
            "enum" if !qualified => return (Kind::Enum, End::Block),
            "type" if !qualified => return (Kind::Other, End::Semicolon),
            "const" => match words.peek() {
                Some(TokenTree::Ident(next)) if ["fn", "unsafe", "async", "extern"].iter().any(|q| next == q) => qualified = true,
                Some(TokenTree::Ident(next)) if next == "_" => return (Kind::Untouched, End::Semicolon),
                _ => return (Kind::Other, End::Semicolon),
            },
            "unsafe" | "async" | "default" => qualified = true,
            "extern" => {
                qualified = true;
                if matches!(words.peek(), Some(TokenTree::Literal(_))) {
                    words.next();
                }
            }
            "use" | "static" => return (Kind::Untouched, End::Semicolon),
            _ => return (Kind::Untouched, End::Either),
        }
    }
    (Kind::Untouched, End::Either)
}

/// Whether an impl header (the tokens after `impl`, up to its block) names
/// a trait: a `for` outside the generics, before any `where`.
fn implements_trait<'a>(header: impl Iterator<Item = &'a TokenTree>) -> bool {
    let mut depth = 0_usize;
    let mut after_minus = false;
    for tree in header {
        let mut minus = false;
        match tree {
            TokenTree::Punct(punct) => match punct.as_char() {
                '<' => depth += 1,
                // `->` in `Fn() -> T` closes nothing.
                '>' if !after_minus => depth = depth.saturating_sub(1),
                '-' => minus = punct.spacing() == Spacing::Joint,
                _ => {}
            },
            TokenTree::Ident(ident) if depth == 0 && ident == "where" => return false,
            TokenTree::Ident(ident) if depth == 0 && ident == "for" => return true,
            _ => {}
        }
        after_minus = minus;
    }
    false
}

/// The number of trees of the item starting at `item`, its end included
/// (all of them when the end is missing).
fn item_length(item: &[TokenTree], end: End) -> usize {
    if let End::InnerAttribute = end {
        return item.len().min(3);
    }
    for (index, tree) in item.iter().enumerate() {
        let ends = match tree {
            TokenTree::Punct(punct) => punct.as_char() == ';' && matches!(end, End::Semicolon | End::Either),
            TokenTree::Group(group) => group.delimiter() == Delimiter::Brace && matches!(end, End::Block | End::Either),
            _ => false,
        };
        if ends {
            return index + 1;
        }
    }
    item.len()
}

/// The same attributes added to a parsed file: what the scan must match.
#[cfg(test)]
pub(super) fn quiet(file: &mut syn::File) {
    use syn::{Item, parse_quote};
    for item in &mut file.items {
        let attrs = match item {
            Item::Impl(implementation) if implementation.trait_.is_some() => {
                if !implementation.attrs.iter().any(|attr| attr.path().is_ident("automatically_derived")) {
                    implementation.attrs.push(parse_quote!(#[automatically_derived]));
                }
                continue;
            }
            Item::Impl(item) => &mut item.attrs,
            Item::Struct(item) => &mut item.attrs,
            Item::Enum(item) => {
                item.attrs.push(parse_quote!(#[allow(dead_code, clippy::enum_variant_names)]));
                continue;
            }
            Item::Type(item) => &mut item.attrs,
            Item::Const(item) if item.ident != "_" => &mut item.attrs,
            Item::Fn(item) => &mut item.attrs,
            _ => continue,
        };
        attrs.push(parse_quote!(#[allow(dead_code)]));
    }
}

/// Where the tests find QEMU's schemas.
#[cfg(test)]
#[path = "../../../tests/support/corpus.rs"]
#[allow(dead_code)]
pub(super) mod corpus;

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens as _;

    /// The scan's output, parsed, printed item by item.
    fn scanned(tokens: TokenStream) -> Vec<String> {
        let file: syn::File = syn::parse2(quiet_tokens(tokens)).expect("the scanned tokens parse");
        file.items.iter().map(|item| item.to_token_stream().to_string()).collect()
    }

    /// Whether the scan gives the same file as [`quiet`] on the parsed tokens.
    fn agrees(tokens: &TokenStream) -> bool {
        let mut file: syn::File = syn::parse2(tokens.clone()).expect("the tokens parse");
        quiet(&mut file);
        let scanned: syn::File = syn::parse2(quiet_tokens(tokens.clone())).expect("the scanned tokens parse");
        file.to_token_stream().to_string() == scanned.to_token_stream().to_string()
    }

    /// Every piece of every fixture, of the shipped schema and of QEMU
    /// 10.2 gets from the scan exactly what [`quiet`] gives it.
    #[test]
    fn the_scan_agrees_with_the_parsed_items_on_every_piece() {
        use super::super::{Options, pieces};
        let schemas = pieces::test_schemas(&["10.2"], &[Options::default()], "the lint scan on QEMU 10.2");
        let mut pieces = 0;
        pieces::for_each_piece(schemas, |path, cx, piece| {
            let tokens = piece.tokens(cx);
            assert!(agrees(&tokens), "{}: the scan differs on {tokens}", path.display());
            pieces += 1;
        });
        assert!(pieces > 100, "only {pieces} pieces checked");
    }

    #[test]
    fn trait_impls_are_derived_and_items_allowed_unused() {
        let text = scanned(quote! {
            pub struct S;
            impl S { pub fn f() {} }
            impl ::core::fmt::Display for S { fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { Ok(()) } }
            #[automatically_derived]
            impl ::core::default::Default for S { fn default() -> Self { S } }
            const _: () = ();
        });
        assert!(text[0].starts_with("# [allow (dead_code)] pub struct S"), "{}", text[0]);
        assert!(text[1].starts_with("# [allow (dead_code)] impl S"), "{}", text[1]);
        assert!(text[2].starts_with("# [automatically_derived] impl"), "{}", text[2]);
        assert_eq!(text[3].matches("automatically_derived").count(), 1, "{}", text[3]);
        assert!(!text[4].contains("allow"), "{}", text[4]);
        let text = scanned(quote!(pub enum E { EA, EB }));
        assert!(text[0].starts_with("# [allow (dead_code , clippy :: enum_variant_names)]"), "{}", text[0]);
    }

    #[test]
    fn the_scan_finds_every_item_and_its_kind() {
        let tokens = quote! {
            #![allow(unused)]
            /// A doc.
            #[derive(Debug)]
            pub(crate) struct Tuple(pub u8, [u8; 2]);
            struct Named<T> where T: Copy { field: T }
            pub type Alias = ::std::vec::Vec<u8>;
            pub const LIMIT: usize = { let limit = 3; limit };
            const _: () = { assert!(true); };
            pub const fn constant() -> usize { 1 }
            pub unsafe extern "C" fn foreign() {}
            async fn later() {}
            impl<F: Fn() -> u8> Named<F> { fn call(&self) -> u8 { (self.field)() } }
            impl<T> From<T> for Named<T> where T: Copy, for<'a> &'a T: Copy { fn from(field: T) -> Self { Named { field } } }
            impl<T: for<'a> Fn(&'a u8)> Named<T> where T: Copy {}
            unsafe impl Send for Tuple {}
            impl !Sync for Tuple {}
            #[automatically_derived(extra)]
            impl Clone for Tuple { fn clone(&self) -> Self { Tuple(self.0, self.1) } }
            pub enum Choice { A, B(u8) }
            pub union Bits { a: u8 }
            pub static COUNT: u8 = 0;
            use ::std::fmt;
            mod inner { pub struct Hidden; }
            mod outer;
            pub trait Marker {}
            extern crate alloc;
            extern "C" { fn abs(input: i32) -> i32; }
            macro_rules! nothing { () => {} }
            nothing! {}
            nothing!();
            fn last() {}
        };
        assert!(agrees(&tokens));
        let text = scanned(tokens);
        let count = |needle: &str| text.iter().filter(|item| item.starts_with(needle)).count();
        assert_eq!(text.len(), 27, "{text:#?}");
        assert_eq!(count("# [allow (dead_code)]"), 9, "{text:#?}");
        assert_eq!(count("# [automatically_derived]"), 3, "{text:#?}");
        assert_eq!(text.iter().filter(|item| item.contains("automatically_derived")).count(), 4, "{text:#?}");
        assert!(text.last().is_some_and(|item| item.starts_with("# [allow (dead_code)] fn last")), "{text:#?}");
    }
}
