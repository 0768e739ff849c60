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

use syn::{Attribute, Item, parse_quote};

/// Adds the attributes to every item of `file`.
pub(super) fn quiet(file: &mut syn::File) {
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
        attrs.push(allow_dead_code());
    }
}

/// `tokens` with the attributes added, for output that is not formatted
/// (the compact layout); tokens that do not parse are left as they are,
/// for rustc to point at.
pub(super) fn quiet_tokens(tokens: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(mut file) => {
            quiet(&mut file);
            quote::ToTokens::into_token_stream(file)
        }
        Err(_) => tokens,
    }
}

fn allow_dead_code() -> Attribute {
    parse_quote!(#[allow(dead_code)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens as _;

    #[test]
    fn trait_impls_are_derived_and_items_allowed_unused() {
        let mut file: syn::File = parse_quote! {
            pub struct S;
            impl S { pub fn f() {} }
            impl ::core::fmt::Display for S { fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { Ok(()) } }
            #[automatically_derived]
            impl ::core::default::Default for S { fn default() -> Self { S } }
            const _: () = ();
        };
        quiet(&mut file);
        let text: Vec<String> = file.items.iter().map(|item| item.to_token_stream().to_string()).collect();
        assert!(text[0].starts_with("# [allow (dead_code)] pub struct S"), "{}", text[0]);
        assert!(text[1].starts_with("# [allow (dead_code)] impl S"), "{}", text[1]);
        assert!(text[2].starts_with("# [automatically_derived] impl"), "{}", text[2]);
        assert_eq!(text[3].matches("automatically_derived").count(), 1, "{}", text[3]);
        assert!(!text[4].contains("allow"), "{}", text[4]);
        let mut file: syn::File = parse_quote!(pub enum E { EA, EB });
        quiet(&mut file);
        assert!(file.items[0].to_token_stream().to_string().starts_with("# [allow (dead_code , clippy :: enum_variant_names)]"));
    }
}
