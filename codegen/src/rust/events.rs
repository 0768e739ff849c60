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

/// The enum of every event, after their payload types.
pub fn event_enum(cx: &Context<'_>) -> TokenStream {
    let events: Vec<(&Definition, &Event)> = cx.schema.events().filter(|(definition, _)| cx.emitted(definition)).collect();
    let runtime = &cx.runtime;
    let enum_name = &cx.event_enum;
    let mut variant_scope = Scope::with_reserved(&["Unknown"]);
    let mut variants = Vec::new();
    let mut name_arms = Vec::new();
    let mut timestamp_arms = Vec::new();
    let mut features_arms = Vec::new();
    let mut serialize_arms = Vec::new();
    let mut deserialize_arms = Vec::new();
    let mut from_impls = Vec::new();
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
        name_arms.push(quote!(#cfg Self::#variant(_) => #wire,));
        timestamp_arms.push(quote!(#cfg Self::#variant(message) => message.timestamp,));
        features_arms.push(quote!(#cfg Self::#variant(_) => <#payload as #runtime::Event>::special_features(),));
        serialize_arms.push(quote!(#cfg Self::#variant(message) => #runtime::serde::Serialize::serialize(message, serializer),));
        deserialize_arms.push(quote!(#cfg #wire => raw.decode::<#payload, D::Error>().map(Self::#variant),));
        from_impls.push(quote! {
            #cfg
            #[allow(deprecated)]
            impl ::core::convert::From<#runtime::Envelope<#payload>> for #enum_name {
                fn from(message: #runtime::Envelope<#payload>) -> Self {
                    Self::#variant(message)
                }
            }
        });
    }
    let module = &cx.schema.module;
    let enum_doc = format!(" Every event of the `{module}` schema, as a whole QMP message.");
    // With no unconditional events, a match may keep only its `Unknown`
    // arm, which clippy's `match_single_binding` rejects.
    let allow_matches = if events.iter().all(|(definition, _)| definition.info.condition.is_some()) {
        quote!(#[allow(deprecated, clippy::match_single_binding)])
    } else {
        quote!(#[allow(deprecated)])
    };
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

        #allow_matches
        impl #enum_name {
            /// The wire name of the event.
            #[must_use]
            pub fn name(&self) -> &str {
                match self {
                    #(#name_arms)*
                    Self::Unknown(message) => &message.event,
                }
            }
        }

        #allow_matches
        impl #runtime::EventMessage for #enum_name {
            fn event_name(&self) -> &str {
                self.name()
            }

            fn special_features(&self) -> #runtime::SpecialFeatures {
                match self {
                    #(#features_arms)*
                    Self::Unknown(message) => #runtime::EventMessage::special_features(message),
                }
            }

            fn timestamp(&self) -> #runtime::Timestamp {
                match self {
                    #(#timestamp_arms)*
                    Self::Unknown(message) => message.timestamp,
                }
            }
        }

        #allow_matches
        impl #runtime::serde::Serialize for #enum_name {
            fn serialize<S: #runtime::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::Unknown(message) => #runtime::serde::Serialize::serialize(message, serializer),
                }
            }
        }

        #allow_matches
        impl<'de> #runtime::serde::Deserialize<'de> for #enum_name {
            fn deserialize<D: #runtime::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let raw = <#runtime::UnknownEvent as #runtime::serde::Deserialize>::deserialize(deserializer)?;
                match raw.event.as_str() {
                    #(#deserialize_arms)*
                    _ => ::core::result::Result::Ok(Self::Unknown(raw)),
                }
            }
        }

        #(#from_impls)*
    }
}
