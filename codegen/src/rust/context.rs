//! Per-thread emission state of the Rust emitter: the Rust name of every
//! definition, the path to the runtime crate, and the `cfg`, docs and
//! metadata helpers every item uses.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use qapi_gen_schema::Schema;
use qapi_gen_schema::model::{DefKind, Definition, Example, Info};
use quote::quote;

use super::Options;
use super::cycles::Cycles;
use super::plan::Plan;
use super::deprecated;
use super::docs::DocText;
use super::ident;
use qapi_gen_schema::rules::{self, RustItem};

/// The namespace of a definition's item.
fn rust_item(kind: &DefKind) -> RustItem {
    match kind {
        DefKind::Event(_) => RustItem::Event,
        DefKind::Command(_) => RustItem::Command,
        DefKind::Enum(_) | DefKind::Struct(_) | DefKind::Union(_) | DefKind::Alternate(_) => RustItem::Type,
    }
}

/// The Rust name of every emitted definition's item, with its namespace,
/// by schema name (a union's branch enum is `RustItem::BranchEnum` of the
/// union's name). Each depends on the definition alone.
pub(crate) fn item_names(schema: &Schema, options: &Options) -> BTreeMap<String, (RustItem, String)> {
    schema
        .definitions
        .iter()
        .filter(|d| options.keeps(&d.info))
        .map(|d| {
            let item = rust_item(&d.kind);
            (d.name.clone(), (item, rules::rust_item_name(item, &d.name)))
        })
        .collect()
}

/// The metadata constants the `Event` and `Command` traits share, for
/// generated items and derived ones alike.
pub(crate) fn metadata_consts(runtime: &TokenStream, since: &impl quote::ToTokens, features: &impl quote::ToTokens, deprecation: &impl quote::ToTokens, unstable: &impl quote::ToTokens) -> TokenStream {
    quote! {
        const SINCE: ::core::option::Option<&'static str> = #since;
        const FEATURES: &'static [&'static str] = #features;
        const DEPRECATION: ::core::option::Option<#runtime::Deprecation> = #deprecation;
        const UNSTABLE: bool = #unstable;
    }
}

/// What every part of the emitter shares: the schema, the options, and the
/// Rust name of every definition. Token streams cannot cross threads, so
/// each thread builds its own; the [`Cycles`] of the schema are shared.
pub(crate) struct Context<'a> {
    pub schema: &'a Schema,
    pub options: &'a Options,
    /// Path of the runtime crate.
    pub runtime: TokenStream,
    /// The same path as text, for `#[serde(crate = "...")]`.
    pub serde_crate: String,
    /// Rust type name of every emitted type, event and command, by schema name.
    names: BTreeMap<String, Ident>,
    /// Rust name of each union's branch enum, by union name.
    branch_enums: BTreeMap<String, Ident>,
    /// Name of the enum of all events.
    pub event_enum: Ident,
    /// Name of the enum of all requests.
    pub request_enum: Ident,
    /// Name of the enum of all return values.
    pub reply_enum: Ident,
    /// Which held types need a `Box` (computed once per schema).
    pub(super) cycles: &'a Cycles,
    /// What the customisation generates and adds (computed once per schema).
    pub(super) plan: &'a Plan,
}

impl<'a> Context<'a> {
    pub(super) fn new(schema: &'a Schema, options: &'a Options, cycles: &'a Cycles, plan: &'a Plan) -> Self {
        // The runtime path and serde's `crate = "..."` come from one parsed
        // path, so an invalid one falls back for both (`Builder` rejects it).
        let runtime = syn::parse_str::<syn::Path>(options.runtime_path.trim()).map_or_else(|_| quote!(::qapi_runtime), |path| quote!(#path));
        let serde_crate = format!("{}::serde", runtime.to_string().replace(' ', ""));
        // Every name depends on its definition alone (the schema rejects
        // two that coincide, and the reserved names of `rules`).
        let names = item_names(schema, options).into_iter().map(|(name, (_, rust))| (name, ident::ident(&rust))).collect();
        let branch_enums = schema
            .definitions
            .iter()
            .filter(|d| options.keeps(&d.info) && matches!(d.kind, DefKind::Union(_)))
            .map(|d| (d.name.clone(), ident::ident(&rules::rust_item_name(RustItem::BranchEnum, &d.name))))
            .collect();
        let [event_enum, request_enum, reply_enum] = [rules::RUST_EVENT_ENUM, rules::RUST_REQUEST_ENUM, rules::RUST_REPLY_ENUM].map(ident::ident);
        Context { schema, options, runtime, serde_crate, names, branch_enums, event_enum, request_enum, reply_enum, cycles, plan }
    }

    /// Whether the definition is emitted at all (kept, selected, not extern).
    pub fn emitted(&self, definition: &Definition) -> bool {
        self.plan.generates(&definition.name)
    }

    /// Whether an item with this metadata is emitted.
    pub fn keeps(&self, info: &Info) -> bool {
        self.options.keeps(info)
    }

    /// The Rust name of a definition.
    pub fn name(&self, schema_name: &str) -> Ident {
        self.names.get(schema_name).cloned().unwrap_or_else(|| ident::ident(&rules::rust_item_name(RustItem::Type, schema_name)))
    }

    /// The Rust name of a union's branch enum.
    pub fn branch_enum(&self, union: &str) -> Ident {
        self.branch_enums.get(union).cloned().unwrap_or_else(|| ident::ident(&rules::rust_item_name(RustItem::BranchEnum, union)))
    }

    /// `#[cfg(...)]` for the conditions given.
    pub fn cfg<'c>(&self, conditions: impl IntoIterator<Item = Option<&'c qapi_gen_schema::model::Condition>>) -> TokenStream {
        self.options.cfg.attribute(conditions)
    }

    /// `#[cfg(...)]` of a definition (the front end gives the implicit
    /// definitions of a pre-6.2 simple union the union's condition).
    pub fn definition_cfg(&self, definition: &Definition) -> TokenStream {
        self.cfg([definition.info.condition.as_ref(), None])
    }

    /// The metadata constants of a definition's `Event` or `Command` impl.
    pub fn metadata(&self, info: &Info) -> TokenStream {
        let since = Context::optional_str(info.since.map(|v| v.to_string()));
        let features = self.features_value(info);
        let deprecation = self.deprecation_value(info);
        metadata_consts(&self.runtime, &since, &features, &deprecation, &info.unstable)
    }

    /// `#[serde(crate = "...")]`.
    pub fn serde_crate_attribute(&self) -> TokenStream {
        let path = &self.serde_crate;
        quote!(#[serde(crate = #path)])
    }

    /// The derives every generated data type has; its serde impls are
    /// derived ([`Context::serde_derive_attributes`]) or written out
    /// ([`members`](super::members)).
    pub fn data_derives(&self) -> TokenStream {
        quote!(#[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)])
    }

    /// serde's derives, with the path of the serde crate they use.
    pub fn serde_derive_attributes(&self) -> TokenStream {
        let runtime = &self.runtime;
        let serde_crate = self.serde_crate_attribute();
        quote!(#[derive(#runtime::serde::Serialize, #runtime::serde::Deserialize)] #serde_crate)
    }

    /// The documentation of an item: its Markdown (or `fallback`), then
    /// `extra` paragraphs, version, lifecycle, features and condition.
    pub fn item_doc(&self, info: &Info, fallback: &str, extra: &[String]) -> DocText {
        let mut doc = DocText::new();
        match &info.doc {
            Some(text) if !text.text.trim().is_empty() => doc.markdown(&text.text),
            _ => doc.paragraph(fallback),
        };
        for paragraph in extra {
            doc.paragraph(paragraph.clone());
        }
        if let Some(since) = info.since {
            doc.paragraph(format!("Since: {since}."));
        }
        for paragraph in deprecated::doc_paragraphs(self, info) {
            doc.paragraph(paragraph);
        }
        if let Some(text) = info.deprecation.as_ref().and_then(|d| d.doc.as_ref()) {
            doc.markdown(&text.text);
        }
        let custom: Vec<String> = info.custom_features().map(|f| format!("`{}`", f.name)).collect();
        if !custom.is_empty() {
            doc.paragraph(format!("Features: {}.", custom.join(", ")));
        }
        if let Some(condition) = &info.condition {
            doc.paragraph(self.condition_doc(condition));
        }
        doc
    }

    /// The sentence that documents an item's condition: its `cfg`, or, where
    /// the mapping gives none, that the item is generated in any case.
    pub fn condition_doc(&self, condition: &qapi_gen_schema::model::Condition) -> String {
        match self.options.cfg.predicate(condition) {
            // Token spacing (`all (a , b)`) is not how people write it.
            Some(predicate) => format!("Only when `{condition}` holds: `cfg({})`.", predicate.to_string().replace(" (", "(").replace(" ,", ",")),
            None => format!("Only where `{condition}` holds (a build condition of the server); generated in any case."),
        }
    }

    /// Appends the examples of a definition to its doc, as text blocks.
    pub fn examples_doc(doc: &mut DocText, examples: &[Example]) {
        if examples.is_empty() {
            return;
        }
        doc.paragraph("# Examples");
        for example in examples {
            if let Some(text) = &example.doc {
                doc.markdown(&text.text);
            }
            let lines: Vec<String> = example
                .messages
                .iter()
                .map(|message| {
                    let arrow = match message.direction {
                        qapi_gen_schema::model::Direction::ToServer => "->",
                        qapi_gen_schema::model::Direction::FromServer => "<-",
                    };
                    let json = serde_json::to_string_pretty(&message.message).unwrap_or_default();
                    format!("{arrow} {}", json.replace('\n', "\n   "))
                })
                .collect();
            doc.text_block(&lines.join("\n"));
        }
    }

    /// `Option<&'static str>` tokens.
    pub fn optional_str(value: Option<String>) -> TokenStream {
        match value {
            Some(text) => quote!(::core::option::Option::Some(#text)),
            None => quote!(::core::option::Option::None),
        }
    }

    /// The `DEPRECATION` constant's value.
    pub fn deprecation_value(&self, info: &Info) -> TokenStream {
        let runtime = &self.runtime;
        let Some(deprecation) = &info.deprecation else { return quote!(::core::option::Option::None) };
        let since = Self::optional_str(deprecation.since.map(|v| v.to_string()));
        let replaced_by = Self::optional_str(deprecation.replaced_by.as_ref().map(ToString::to_string));
        let removal = Self::optional_str(deprecation.removal.map(|v| v.to_string()));
        let doc = Self::optional_str(deprecation.doc.as_ref().map(|d| d.text.trim_end().to_owned()));
        quote!(::core::option::Option::Some(#runtime::Deprecation { since: #since, replaced_by: #replaced_by, removal: #removal, doc: #doc }))
    }

    /// The `FEATURES` constant's value (each feature under its own condition).
    pub fn features_value(&self, info: &Info) -> TokenStream {
        let features = info.features.iter().map(|feature| {
            let cfg = self.cfg([feature.condition.as_ref()]);
            let name = &feature.name;
            quote!(#cfg #name)
        });
        quote!(&[#(#features),*])
    }
}
