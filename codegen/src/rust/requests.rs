//! Rust emitter, requests: the `Request` enum of every command as a whole
//! QMP request (the server's view of the command set; `Unknown` keeps a
//! request for a command the schema does not know), and the `Reply` enum
//! of their return values, which a request decodes a response into.
//! The functions that decode a reply are `#[inline]`: they decode every
//! return type from a JSON value, code that is then compiled in a crate
//! that calls them rather than in every build of the generated one.

use proc_macro2::TokenStream;
use qapi_gen_schema::model::{Command, Definition};
use quote::quote;

use super::context::Context;
use super::deprecated;
use super::ident::{Case, Scope};

/// The `Request` and `Reply` enums, and their impls: one call of
/// `qapi-runtime`'s `__requests!`, a line per command.
pub fn all(cx: &Context<'_>) -> TokenStream {
    let runtime = &cx.runtime;
    let request = &cx.request_enum;
    let reply = &cx.reply_enum;
    let commands: Vec<(&Definition, &Command)> = cx.schema.commands().filter(|(definition, _)| cx.emitted(definition)).collect();
    let mut variant_scope = Scope::with_reserved(&["Unknown"]);
    let mut request_variants = Vec::new();
    let mut reply_variants = Vec::new();
    let mut entries = Vec::new();
    for (definition, command) in &commands {
        let arguments = cx.name(&definition.name);
        let variant = variant_scope.claim(&definition.name, Case::Camel);
        let wire = &definition.name;
        let cfg = cx.definition_cfg(definition);
        let deprecated = deprecated::attribute(cx, &definition.info);
        let returns = match &command.returns {
            Some(ty) => cx.rust_type(ty),
            None => quote!(#runtime::Empty),
        };
        // `struct@`: the arguments may be named like a derive (`Default`, `Hash`).
        let request_doc = format!(" The `{wire}` command: see [`{arguments}`](struct@{arguments}).");
        let reply_doc = format!(" What `{wire}` returns.");
        // On the field, not the variant, as in the `Event` enum: one
        // warning per pattern.
        request_variants.push(quote!(#[doc = #request_doc] #cfg #variant(#deprecated #runtime::Execute<#arguments>),));
        reply_variants.push(quote!(#[doc = #reply_doc] #cfg #variant(#deprecated #returns),));
        entries.push(quote!(#cfg #variant #wire #arguments,));
    }
    let module = &cx.schema.module;
    let request_doc = format!(" Every command of the `{module}` schema, as a whole QMP request.");
    let reply_doc = format!(" What a command of the `{module}` schema returns (the `return` member of a response).");
    quote! {
        #[doc = #request_doc]
        ///
        /// `execute` and `exec-oob` requests decode alike (`oob` tells them
        /// apart) and encode back as they came. Requests for commands this
        /// schema does not know arrive as `Unknown` with their name,
        /// arguments and id; unknown arguments of known commands are ignored.
        /// [`Self::decode_response`] reads the response to a request.
        #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
        #[allow(deprecated, clippy::large_enum_variant)]
        pub enum #request {
            #(#request_variants)*
            /// A request for a command this schema does not know, as sent.
            Unknown(#runtime::UnknownRequest),
        }

        #[doc = #reply_doc]
        ///
        /// Made by [`Self::decode`] from the command's name, or by
        /// `Request::decode_return`; it encodes as the bare value.
        #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
        #[allow(deprecated, clippy::large_enum_variant)]
        pub enum #reply {
            #(#reply_variants)*
            /// What a command this schema does not know returned, as sent.
            Unknown(#runtime::serde_json::Value),
        }

        #runtime::__requests! {
            #request #reply {
                #(#entries)*
            }
        }
    }
}
