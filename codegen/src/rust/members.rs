//! Rust emitter, members: a struct's `Serialize` and `Deserialize`
//! written out member by member over `qapi-runtime`'s helpers
//! (`__private`), instead of serde's derives.
//!
//! serde's derives expand every struct into a field enum with its own
//! visitor, a sequence visitor, a map visitor and a serializer with a
//! branch per optional member; in QEMU's schema that is most of the code
//! rustc checks. Here a struct gets one call of `qapi-runtime`'s
//! `__struct_serde!` with a line per member (its index, whether it is
//! mandatory, optional or optional of a type that accepts `null`, its
//! field and wire name), which expands to one call per member to encode,
//! and to decode a local per member, one `match` arm per member and the
//! struct literal. The wire behaviour is serde's: members in schema
//! order, absent optional members left out; on input members in any
//! order, unknown keys skipped (or kept in the `extra` map of a command
//! that takes more than it declares), a repeated member an error, the
//! first missing mandatory member (in schema order) an error, a missing
//! optional member `None`, and `null` for an optional member `None`
//! unless `null` is a value of its type.
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

    /// The module of `qapi-runtime`'s helpers for the member: `mandatory`,
    /// `optional`, or `nullable` (optional, and `null` is a value of its type).
    pub fn kind(&self, cx: &Context<'_>) -> Ident {
        let kind = if !self.optional {
            "mandatory"
        } else if cx.nullable(&self.member.ty) {
            "nullable"
        } else {
            "optional"
        };
        Ident::new(kind, proc_macro2::Span::call_site())
    }
}

/// The `Serialize`, `Deserialize` and `Members` impls of the struct
/// `name` (schema name `owner`) with these fields, under `cfg`; `extra`
/// names the field that keeps the keys the struct does not declare. They
/// are one call of `qapi-runtime`'s `__struct_serde!`, which expands to
/// the impls: a line per member here, instead of their code.
pub fn impls(cx: &Context<'_>, owner: &str, name: &Ident, cfg: &TokenStream, fields: &[Field<'_>], extra: Option<&Ident>) -> TokenStream {
    let runtime = &cx.runtime;
    let extra = extra.map(|extra| quote!(extra #extra));
    let members = fields.iter().enumerate().map(|(index, field)| {
        let index = Literal::usize_unsuffixed(index);
        let (kind, Field { ident, member, cfg: member_cfg, .. }) = (field.kind(cx), field);
        let wire = &member.name;
        quote!(#member_cfg #index #kind #ident #wire,)
    });
    quote! {
        #cfg
        #runtime::__struct_serde! {
            #name #owner #extra {
                #(#members)*
            }
        }
    }
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
