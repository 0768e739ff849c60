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

/// The `Request` and `Reply` enums.
pub fn all(cx: &Context<'_>) -> TokenStream {
    let runtime = &cx.runtime;
    let request = &cx.request_enum;
    let reply = &cx.reply_enum;
    let commands: Vec<(&Definition, &Command)> = cx.schema.commands().filter(|(definition, _)| cx.emitted(definition)).collect();
    let mut variant_scope = Scope::with_reserved(&["Unknown"]);
    let mut request_variants = Vec::new();
    let mut reply_variants = Vec::new();
    let mut name_arms = Vec::new();
    let mut id_arms = Vec::new();
    let mut features_arms = Vec::new();
    let mut serialize_arms = Vec::new();
    let mut deserialize_arms = Vec::new();
    let mut decode_arms = Vec::new();
    let mut reply_serialize_arms = Vec::new();
    let mut from_impls = Vec::new();
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
        name_arms.push(quote!(#cfg Self::#variant(_) => #wire,));
        id_arms.push(quote!(#cfg Self::#variant(message) => message.id.as_ref(),));
        features_arms.push(quote!(#cfg Self::#variant(_) => <#arguments as #runtime::Command>::special_features(),));
        serialize_arms.push(quote!(#cfg Self::#variant(message) => #runtime::serde::Serialize::serialize(message, serializer),));
        deserialize_arms.push(quote!(#cfg #wire => raw.decode::<#arguments, D::Error>().map(Self::#variant),));
        decode_arms.push(quote!(#cfg #wire => #runtime::serde_json::from_value(value).map(Self::#variant),));
        reply_serialize_arms.push(quote!(#cfg Self::#variant(value) => #runtime::serde::Serialize::serialize(value, serializer),));
        from_impls.push(quote! {
            #cfg
            #[allow(deprecated)]
            impl ::core::convert::From<#runtime::Execute<#arguments>> for #request {
                fn from(message: #runtime::Execute<#arguments>) -> Self {
                    Self::#variant(message)
                }
            }
        });
    }
    let decode_return_doc = format!(" request, as the command's return type (see [`{reply}::decode`]).");
    let module = &cx.schema.module;
    let request_doc = format!(" Every command of the `{module}` schema, as a whole QMP request.");
    let reply_doc = format!(" What a command of the `{module}` schema returns (the `return` member of a response).");
    // With no unconditional commands, a match may keep only its `Unknown`
    // arm, which clippy's `match_single_binding` rejects.
    let allow_matches = if commands.iter().all(|(definition, _)| definition.info.condition.is_some()) {
        quote!(#[allow(deprecated, clippy::match_single_binding)])
    } else {
        quote!(#[allow(deprecated)])
    };
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

        #allow_matches
        impl #request {
            /// The wire name of the command.
            #[must_use]
            pub fn name(&self) -> &str {
                match self {
                    #(#name_arms)*
                    Self::Unknown(message) => &message.name,
                }
            }

            /// The client's transaction id, when the request has one.
            #[must_use]
            pub fn id(&self) -> ::core::option::Option<&#runtime::serde_json::Value> {
                match self {
                    #(#id_arms)*
                    Self::Unknown(message) => message.id.as_ref(),
                }
            }

            /// The command's special features, for `CompatPolicy` (none for
            /// commands this schema does not know).
            #[must_use]
            pub fn special_features(&self) -> #runtime::SpecialFeatures {
                match self {
                    #(#features_arms)*
                    Self::Unknown(_) => #runtime::SpecialFeatures::default(),
                }
            }

            /// Decodes `value`, the `return` member of the response to this
            #[doc = #decode_return_doc]
            ///
            /// # Errors
            /// When `value` does not match the command's return type.
            #[inline]
            pub fn decode_return(&self, value: #runtime::serde_json::Value) -> ::core::result::Result<#reply, #runtime::serde_json::Error> {
                #reply::decode(self.name(), value)
            }

            /// Decodes `message`, the whole response to this request
            /// (`{"return": ...}` or `{"error": ...}`, with its id).
            ///
            /// # Errors
            /// When `message` is not a response, or its return value does not
            /// match the command's return type.
            #[inline]
            pub fn decode_response(&self, message: #runtime::serde_json::Value) -> ::core::result::Result<#runtime::Response<#reply>, #runtime::serde_json::Error> {
                let response: #runtime::Response<#runtime::serde_json::Value> = #runtime::serde_json::from_value(message)?;
                response.try_map(|value| self.decode_return(value))
            }
        }

        #allow_matches
        impl #runtime::serde::Serialize for #request {
            fn serialize<S: #runtime::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::Unknown(message) => #runtime::serde::Serialize::serialize(message, serializer),
                }
            }
        }

        #allow_matches
        impl<'de> #runtime::serde::Deserialize<'de> for #request {
            fn deserialize<D: #runtime::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let raw = <#runtime::UnknownRequest as #runtime::serde::Deserialize>::deserialize(deserializer)?;
                match raw.name.as_str() {
                    #(#deserialize_arms)*
                    _ => ::core::result::Result::Ok(Self::Unknown(raw)),
                }
            }
        }

        #(#from_impls)*

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

        #allow_matches
        impl #reply {
            /// Decodes `value`, what command `command` (a wire name)
            /// returned, as that command's return type; for a command this
            /// schema does not know it is kept as it came.
            ///
            /// # Errors
            /// When `value` does not match the command's return type.
            #[inline]
            pub fn decode(command: &str, value: #runtime::serde_json::Value) -> ::core::result::Result<Self, #runtime::serde_json::Error> {
                match command {
                    #(#decode_arms)*
                    _ => ::core::result::Result::Ok(Self::Unknown(value)),
                }
            }
        }

        #allow_matches
        impl #runtime::serde::Serialize for #reply {
            fn serialize<S: #runtime::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    #(#reply_serialize_arms)*
                    Self::Unknown(value) => #runtime::serde::Serialize::serialize(value, serializer),
                }
            }
        }
    }
}
