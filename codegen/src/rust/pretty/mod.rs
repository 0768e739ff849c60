//! The formatted layout of one piece: each top-level item of a shape this
//! emitter builds most (structs, enums, member-list macro calls, impls of
//! constants) printed
//! from its tokens in prettyplease's layout ([`items`] through
//! [`algorithm`]), any other parsed by syn and printed by prettyplease.
//! Top-level items are laid out independently of each other (each ends
//! with a line break at the file's indentation), so the text is the one
//! prettyplease prints for the whole piece; a test holds this to every
//! fixture and QEMU schema.

mod algorithm;
mod items;

use proc_macro2::{TokenStream, TokenTree};

use super::{lints, member_lists};

/// The tokens of one piece as formatted Rust.
pub(super) fn format(tokens: TokenStream) -> String {
    if tokens.is_empty() {
        return String::new();
    }
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    // An inner attribute belongs to the file around it: syn and
    // prettyplease see the whole piece.
    if has_inner_attribute(&trees) {
        return with_prettyplease(trees.into_iter().collect());
    }
    let mut out = String::new();
    let mut printed = String::new();
    let mut lists = Vec::new();
    let mut refused: Option<std::ops::Range<usize>> = None;
    for range in lints::item_ranges(&trees) {
        match items::print(&trees[range.clone()], &mut lists) {
            Some(text) => {
                if let Some(run) = refused.take() {
                    out.push_str(&with_prettyplease(trees[run].iter().cloned().collect()));
                }
                printed.push_str(&text);
            }
            None => {
                if !printed.is_empty() {
                    out.push_str(&member_lists::put_back(&printed, std::mem::take(&mut lists)));
                    printed.clear();
                }
                refused = Some(refused.map_or(range.clone(), |run| run.start..range.end));
            }
        }
    }
    if let Some(run) = refused {
        out.push_str(&with_prettyplease(trees[run].iter().cloned().collect()));
    }
    if !printed.is_empty() {
        out.push_str(&member_lists::put_back(&printed, lists));
    }
    out
}

/// Whether a top-level `#!` starts an inner attribute.
fn has_inner_attribute(trees: &[TokenTree]) -> bool {
    trees.windows(2).any(|pair| matches!(pair, [TokenTree::Punct(hash), TokenTree::Punct(bang)] if hash.as_char() == '#' && bang.as_char() == '!'))
}

/// Items parsed by syn and printed by prettyplease.
pub(super) fn with_prettyplease(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens) {
        Ok(mut file) => {
            let member_lists = member_lists::take(&mut file.items);
            member_lists::put_back(&prettyplease::unparse(&file), member_lists)
        }
        // A bug of this emitter, not of the schema: the user's build
        // stops here with the reason instead of at a confusing later error.
        Err(error) => {
            let message = format!("qapi-gen internal error: generated tokens do not parse ({error}); please report it");
            format!("compile_error!({message:?});\n")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// The layout of `tokens`, and the items of it not printed here.
    fn printed_here(tokens: TokenStream) -> (String, Vec<String>) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let refused: Vec<String> = lints::item_ranges(&trees)
            .filter(|range| items::print(&trees[range.clone()], &mut Vec::new()).is_none())
            .map(|range| trees[range].iter().cloned().collect::<TokenStream>().to_string())
            .collect();
        (format(trees.into_iter().collect()), refused)
    }

    /// Asserts that the items are printed here, as prettyplease prints them.
    #[track_caller]
    fn same_as_prettyplease(tokens: TokenStream) {
        let expected = with_prettyplease(tokens.clone());
        let (text, refused) = printed_here(tokens);
        assert!(refused.is_empty(), "items were refused: {refused:#?}");
        assert_eq!(text, expected);
    }

    #[test]
    fn the_items_printed_here_come_out_as_prettyplease_prints_them() {
        same_as_prettyplease(quote! {
            /// A doc line with trailing spaces   
            ///Without a leading space, with "quotes", a \ backslash, a tab:	and é ü ✓.
            /// 
            #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
            #[allow(dead_code)]
            #[serde(rename = "a-very-long-wire-name-that-goes-past-the-margin", deny_unknown_fields, crate = "::x")]
            #[cfg(any(feature = "one", feature = "two", all(feature = "three", not(feature = "four"))))]
            #[deprecated(since = "1.0", note = "Member `opened` is deprecated. Setting true doesn't make sense, and false is already the default.")]
            #[must_use]
            #[doc = "\u{200b}zero width, then a NUL \0 and \x7f"]
            pub struct Everything {
                /// A field.
                pub plain: ::std::string::String,
                pub r#type: ::core::option::Option<::std::vec::Vec<::std::collections::BTreeMap<::std::string::String, ::qapi_runtime::serde_json::Value>>>,
                pub(crate) reference: &'static [&'static str],
                pub(super) cow: ::std::borrow::Cow<'static, str>,
                unit: (),
                pair: (u8, ::core::option::Option<::std::boxed::Box<crate::deeply::nested::module::path::to::SomeType>>),
                single: (u8,),
                #[serde(skip_serializing_if = "::core::option::Option::is_none", default, with = "::qapi_runtime::__private::some_very_long_module_name")]
                attributed: ::core::option::Option<bool>,
            }
            pub struct Empty {}
            pub struct Unit;
            pub struct Tuple(pub ::std::string::String, u64);
            #[derive(::core::clone::Clone)]
            pub enum Variants {
                /// A unit variant.
                #[serde(rename = "unit")]
                Unit,
                Tuple(::std::string::String),
                LongTuple(::core::option::Option<::std::vec::Vec<::std::collections::BTreeMap<::std::string::String, u64>>>),
                Named { a: u8, b: ::std::string::String },
                LongNamed { first_member: ::std::string::String, second_member: ::core::option::Option<u64>, third: bool },
            }
            pub enum Nothing {}
            ::qapi_runtime::__struct_serde! { Everything "Everything" { 0 mandatory plain "plain", #[cfg(feature = "x")] 1 optional r#type "type", } }
            ::qapi_runtime::__enum_serde! { Variants closed { Unit "unit", } }
            #[automatically_derived]
            impl ::qapi_runtime::Command for Everything {
                const NAME: &'static str = "a-command";
                type Returns = ::std::vec::Vec<::qapi_runtime::Empty>;
                type LongReturns = ::core::option::Option<::std::vec::Vec<::std::collections::BTreeMap<::std::string::String, u64>>>;
                const SINCE: ::core::option::Option<&'static str> = ::core::option::Option::Some("2.1");
                const SHORT: ::core::option::Option<&'static str> = ::core::option::Option::None;
                const FEATURES: &'static [&'static str] = &[];
                const SOME: &'static [&'static str] = &["deprecated", "unstable"];
                const MANY: &'static [&'static str] = &["deprecated", "unstable", "a-long-feature-name", "another-long-feature-name"];
                const DEPRECATION: ::core::option::Option<::qapi_runtime::Deprecation> = ::core::option::Option::Some(::qapi_runtime::Deprecation {
                    since: ::core::option::Option::None,
                    doc: ::core::option::Option::Some("This command is deprecated.  Use `blockdev-backup`\ninstead."),
                });
                const SMALL: S = S { a: 1, b };
                const TWO: ::core::option::Option<u8> = f(1, "two");
                const UNSTABLE: bool = false;
            }
            impl Everything {}
            impl ::core::convert::From<Everything> for Variants {}
        });
    }

    #[test]
    fn other_items_go_through_prettyplease_in_place() {
        let tokens = quote! {
            pub struct Before;
            impl Before { pub const X: u8 = 1; }
            pub struct Generic<T> { t: T }
            pub enum Discriminant { A = 1 }
            /** Block */
            pub struct BlockDoc;
            #[doc = "two\nlines"]
            pub struct TwoLines;
            ::other::macro_call! { a b c }
            impl<T> Generic<T> {}
            impl Before { const A: [u8; 2] = [1, 2]; }
            impl Before { const A: &u8 = &&1; }
            impl Before { fn f() {} }
            pub struct After;
        };
        let (text, refused) = printed_here(tokens.clone());
        // All but the plain structs and the one-line block doc comment.
        assert_eq!(refused.len(), 9, "{refused:#?}");
        assert!(!refused.iter().any(|item| item.contains("Before ;") || item.contains("After") || item.contains("BlockDoc")), "{refused:#?}");
        assert_eq!(text, with_prettyplease(tokens));
    }

    /// Every piece of every fixture, of the shipped schema and of each QEMU
    /// release, with the customisation fixtures' options and a floor,
    /// comes out as prettyplease prints it, and most items are printed here.
    #[test]
    fn every_piece_comes_out_as_prettyplease_prints_it() {
        use super::super::{Options, pieces};
        let floor = Options { oldest_server: qapi_gen_schema::version::Version::parse("6.1"), include_removed: true, ..Options::default() };
        let releases = ["6.1", "6.2", "9.0", "9.1", "10.0", "10.2"];
        let schemas = pieces::test_schemas(&releases, &[Options::default(), floor], "the formatted layout on QEMU's schemas");
        let (mut pieces, mut items, mut here) = (0, 0, 0);
        pieces::for_each_piece(schemas, |path, cx, piece| {
            let tokens = piece.quiet_tokens(cx);
            let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
            for range in lints::item_ranges(&trees) {
                items += 1;
                here += usize::from(items::print(&trees[range], &mut Vec::new()).is_some());
            }
            let expected = with_prettyplease(tokens.clone());
            assert_eq!(format(tokens), expected, "{}: a piece differs", path.display());
            pieces += 1;
        });
        eprintln!("{here} of {items} items printed without syn, in {pieces} pieces");
        assert!(pieces > 100, "only {pieces} pieces checked");
        assert!(here * 2 > items, "only {here} of {items} items printed without syn");
    }
}
