//! Rust emitter, events: one payload type per event implementing
//! `qapi_runtime::Event`, and the `Event` enum of every event, whose
//! `Unknown` variant keeps the name, data and timestamp of events the
//! schema does not know, so an older client reads a newer server's stream.

use proc_macro2::TokenStream;
use qapi_gen_schema::model::{Definition, Event};
use quote::quote;

use super::context::Context;
use super::deprecated;
use super::ident::Scope;

/// Whether the message has a `data` member.
fn has_data(event: &Event) -> bool {
    event.data_type.is_some() || !event.members.is_empty()
}

/// The payload type of one event and its `Event` impl.
pub fn payload(cx: &Context<'_>, definition: &Definition, event: &Event) -> TokenStream {
    let runtime = &cx.runtime;
    let name = cx.name(&definition.name);
    let wire = &definition.name;
    let mut doc = cx.item_doc(&definition.info, &format!("The `{wire}` event."), &[format!("Payload of the QMP event `{wire}`.")]);
    Context::examples_doc(&mut doc, &definition.examples);
    let item = cx.data_item(definition, &name, &doc, event.data_type.as_deref(), &event.members, "event's data");
    let cfg = cx.definition_cfg(definition);
    let metadata = cx.metadata(&definition.info);
    let has_data = has_data(event);
    quote! {
        #item

        #cfg
        #[allow(deprecated)]
        impl #runtime::Event for #name {
            const NAME: &'static str = #wire;
            #metadata
            const HAS_DATA: bool = #has_data;
        }
    }
}

/// The enum of every event, after their payload types, and its impls:
/// one call of `qapi-runtime`'s `__events!`, a line per event.
pub fn event_enum(cx: &Context<'_>) -> TokenStream {
    let events: Vec<(&Definition, &Event)> = cx.schema.events().filter(|(definition, _)| cx.emitted(definition)).collect();
    let runtime = &cx.runtime;
    let enum_name = &cx.event_enum;
    let mut variant_scope = Scope::with_reserved(&["Unknown"]);
    let mut variants = Vec::new();
    let mut entries = Vec::new();
    for (definition, _) in &events {
        let payload = cx.name(&definition.name);
        let variant = variant_scope.claim(&definition.name, super::ident::Case::Camel);
        let wire = &definition.name;
        let cfg = cx.definition_cfg(definition);
        let deprecated = deprecated::attribute(cx, &definition.info);
        // `struct@`: a payload may be named like a derive (`Default`, `Hash`).
        let doc = format!(" The `{wire}` event: see [`{payload}`](struct@{payload}).");
        // On the field, not the variant: rustc gives a deprecated variant's
        // field the variant's deprecation, so a pattern binding the
        // payload would warn twice; this way each pattern warns once.
        variants.push(quote!(#[doc = #doc] #cfg #variant(#deprecated #runtime::Envelope<#payload>),));
        entries.push(quote!(#cfg #variant #wire #payload,));
    }
    let module = &cx.schema.module;
    let enum_doc = format!(" Every event of the `{module}` schema, as a whole QMP message.");
    quote! {
        #[doc = #enum_doc]
        ///
        /// Events this schema does not know (sent by a newer server) arrive as
        /// `Unknown` with their name, data and timestamp; unknown members of
        /// known events are ignored.
        #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
        #[allow(deprecated, clippy::large_enum_variant)]
        pub enum #enum_name {
            #(#variants)*
            /// An event this schema does not know, as sent.
            Unknown(#runtime::UnknownEvent),
        }

        #runtime::__events! {
            #enum_name {
                #(#entries)*
            }
        }
    }
}
