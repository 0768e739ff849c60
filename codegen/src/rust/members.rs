//! Rust emitter, members: a struct's `Serialize` and `Deserialize`
//! written out member by member over `qapi-runtime`'s helpers
//! (`__private`), instead of serde's derives.
//!
//! serde's derives expand every struct into a field enum with its own
//! visitor, a sequence visitor, a map visitor and a serializer with a
//! branch per optional member; in QEMU's schema that is most of the code
//! rustc checks. What is left here per struct is one call per member to
//! encode, and to decode a local per member, one `match` arm per member
//! and the struct literal. The wire behaviour is serde's: members in
//! schema order, absent optional members left out; on input members in
//! any order, unknown keys skipped (or kept in the `extra` map of a
//! command that takes more than it declares), a repeated member an
//! error, a missing optional member `None`, and `null` for an optional
//! member `None` unless `null` is a value of its type.
//!
//! A struct that gets a derive reading `#[serde]` attributes, or such
//! attributes of the user's, keeps serde's derives instead
//! (`Context::serde_derives`).

use proc_macro2::{Ident, Literal, TokenStream};
use qapi_gen_schema::model::Member;
use quote::quote;

use super::context::Context;

/// A struct's field and what its impls need to know of the member it holds.
pub struct Field<'m> {
    pub ident: Ident,
    pub member: &'m Member,
    /// The member's `cfg` attribute, if any.
    pub cfg: TokenStream,
    /// Whether the field is an `Option` (`Context::rust_optional`).
    pub optional: bool,
}

impl<'m> Field<'m> {
    /// The field `ident` holding `member` of `owner`.
    pub fn new(cx: &Context<'_>, owner: &str, ident: Ident, member: &'m Member) -> Self {
        Field { cfg: cx.cfg([member.info.condition.as_ref()]), optional: cx.rust_optional(owner, member), ident, member }
    }
}

/// The `Serialize`, `Deserialize` and `Members` impls of the struct
/// `name` (schema name `owner`) with these fields, under `cfg`; `extra`
/// names the field that keeps the keys the struct does not declare.
pub fn impls(cx: &Context<'_>, owner: &str, name: &Ident, cfg: &TokenStream, fields: &[Field<'_>], extra: Option<&Ident>) -> TokenStream {
    let serialize = serialize(cx, name, cfg, fields, extra);
    let deserialize = deserialize(cx, owner, name, cfg, fields, extra);
    quote!(#serialize #deserialize)
}

/// The serde impls of a struct that wraps one value and is that value on
/// the wire (an event's data or a command's arguments of a named type).
pub fn transparent(cx: &Context<'_>, name: &Ident, cfg: &TokenStream) -> TokenStream {
    let runtime = &cx.runtime;
    quote! {
        #cfg
        #[allow(deprecated)]
        impl #runtime::serde::Serialize for #name {
            fn serialize<S: #runtime::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                #runtime::serde::Serialize::serialize(&self.0, serializer)
            }
        }

        #cfg
        #[allow(deprecated)]
        impl<'de> #runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: #runtime::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #runtime::serde::Deserialize::deserialize(deserializer).map(Self)
            }
        }
    }
}

fn serialize(cx: &Context<'_>, name: &Ident, cfg: &TokenStream, fields: &[Field<'_>], extra: Option<&Ident>) -> TokenStream {
    let runtime = &cx.runtime;
    let mut present = Vec::new();
    let mut writes = Vec::new();
    for Field { ident, member, cfg: member_cfg, optional } in fields {
        let wire = &member.name;
        if *optional {
            present.push(quote!(#member_cfg self.#ident.is_some()));
            writes.push(quote!(#member_cfg __map.optional(#wire, &self.#ident);));
        } else {
            present.push(quote!(#member_cfg true));
            writes.push(quote!(#member_cfg __map.member(#wire, &self.#ident);));
        }
    }
    let (extra_len, extra_write) = match extra {
        Some(extra) => (quote!(self.#extra.len()), quote!(__map.extra(&self.#extra);)),
        None => (quote!(0), TokenStream::new()),
    };
    // A struct without members writes nothing to its map.
    let map = if writes.is_empty() && extra.is_none() { quote!(__map) } else { quote!(mut __map) };
    // Its members may all be configured out.
    let allow = if conditional(fields) { quote!(#[allow(unused_mut)]) } else { TokenStream::new() };
    quote! {
        #cfg
        #[allow(deprecated)]
        impl #runtime::serde::Serialize for #name {
            #allow
            fn serialize<S: #runtime::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                let #map = #runtime::__private::MembersWriter::new(serializer, &[#(#present),*], #extra_len);
                #(#writes)*
                #extra_write
                __map.end()
            }
        }
    }
}

fn deserialize(cx: &Context<'_>, owner: &str, name: &Ident, cfg: &TokenStream, fields: &[Field<'_>], extra: Option<&Ident>) -> TokenStream {
    let runtime = &cx.runtime;
    let private = quote!(#runtime::__private);
    let wire_names = fields.iter().map(|field| &field.member.name);
    // Each slot's type is the field's, inferred from the struct literal.
    let mut locals = Vec::new();
    let mut arms = Vec::new();
    let mut values = Vec::new();
    let mut required = Vec::new();
    for (index, Field { ident, member, cfg: member_cfg, optional }) in fields.iter().enumerate() {
        let optional = *optional;
        let wire = &member.name;
        let index = Literal::usize_unsuffixed(index);
        locals.push(quote!(#member_cfg let mut #ident = None;));
        let read = if optional && cx.nullable(&member.ty) { quote!(present_member) } else { quote!(member) };
        arms.push(quote!(#member_cfg __p::Key::Member(#index) => __p::#read(&mut #ident, &mut __map, #wire),));
        if optional {
            values.push(quote!(#member_cfg #ident: __p::optional(#ident),));
        } else if member_cfg.is_empty() {
            required.push((ident, wire));
            values.push(quote!(#ident,));
        } else {
            // A tuple pattern cannot hold a `cfg`: such a member is checked on its own.
            values.push(quote!(#member_cfg #ident: __p::required(#ident, #wire)?,));
        }
    }
    let (extra_local, other, extra_value) = match extra {
        Some(extra) => (quote!(let mut #extra = #runtime::serde_json::Map::new();), quote!(__key => __p::extra(&mut #extra, __key, &mut __map),), quote!(#extra,)),
        None => (TokenStream::new(), quote!(_ => __p::skip(&mut __map),), TokenStream::new()),
    };
    // Without a member to match, the loop only skips (a `match` of one
    // catch-all arm is clippy's `match_single_binding`).
    let (prelude, read_keys) = if arms.is_empty() && extra.is_none() {
        (
            TokenStream::new(),
            quote! {
                while __map.next_key_seed(__p::MemberKey(Self::MEMBERS))?.is_some() {
                    __p::skip(&mut __map)?;
                }
            },
        )
    } else {
        let none = if locals.is_empty() { TokenStream::new() } else { quote!(None,) };
        (
            quote!(use ::core::option::Option::{#none Some};),
            quote! {
                while let Some(__key) = __map.next_key_seed(__p::MemberKey(Self::MEMBERS))? {
                    match __key {
                        #(#arms)*
                        #other
                    }?;
                }
            },
        )
    };
    // With its members configured out, `None` is not used and the
    // `match` keeps only its catch-all arm.
    let allow = if conditional(fields) { quote!(#[allow(unused_imports, clippy::match_single_binding)]) } else { TokenStream::new() };
    // Every mandatory member at once, so that there is one way out for
    // all of them.
    let build = quote!(::core::result::Result::Ok(Self { #(#values)* #extra_value }));
    let build = if required.is_empty() {
        build
    } else {
        let idents: Vec<_> = required.iter().map(|(ident, _)| ident).collect();
        let wires = required.iter().map(|(_, wire)| wire);
        quote! {
            match (#(#idents,)*) {
                (#(Some(#idents),)*) => #build,
                (#(#idents,)*) => ::core::result::Result::Err(__p::missing(&[#((#idents.is_none(), #wires)),*])),
            }
        }
    };
    quote! {
        #cfg
        #[allow(deprecated)]
        impl<'de> #runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: #runtime::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #private::deserialize_struct(deserializer)
            }
        }

        #cfg
        #[allow(deprecated)]
        impl<'de> #private::Members<'de> for #name {
            const NAME: &'static str = #owner;
            const MEMBERS: &'static [&'static str] = &[#(#wire_names),*];

            #allow
            fn visit_members<A: #runtime::serde::de::MapAccess<'de>>(mut __map: A) -> ::core::result::Result<Self, A::Error> {
                #prelude
                use #private as __p;
                #(#locals)*
                #extra_local
                #read_keys
                #build
            }
        }
    }
}

/// Whether any of the fields has a condition.
fn conditional(fields: &[Field<'_>]) -> bool {
    fields.iter().any(|field| !field.cfg.is_empty())
}
