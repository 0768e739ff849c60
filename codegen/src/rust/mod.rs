//! Rust emitter: the checked model to serde types for QMP.
//!
//! [`emit`] builds one token stream with `quote!` (never strings of Rust);
//! [`emit_file`] builds the same items piece by piece, formats each once
//! with prettyplease (on [`Options::jobs`] threads) and adds the generated
//! header. The output needs only the `qapi-runtime` crate, whose re-exports
//! of `serde` and `serde_json` it uses through absolute paths, and compiles
//! without warnings under `#![deny(warnings)]`, clippy's included: the
//! enums that carry data allow `clippy::large_enum_variant`, because their
//! variants are as large as the schema makes them and boxing one would
//! change the API.
//!
//! What is generated, in this order:
//! - the types (enums, structs, unions, alternates) in schema order
//!   (`types`); enums received from the server get an `Unknown` variant;
//! - one payload struct per event implementing `qapi_runtime::Event`, and
//!   the `Event` enum of all events with its `Unknown` variant (`events`);
//! - one argument struct per command implementing `qapi_runtime::Command`
//!   (`commands`);
//! - the `Request` enum of all commands (a whole QMP request, with its
//!   `Unknown` variant) and the `Reply` enum of their return values
//!   (`requests`).
//!
//! Naming is in [`ident`], docs in [`docs`], `if` → `#[cfg]` in [`cfg`](mod@cfg),
//! deprecation in `deprecated`; [`derive`](mod@derive) holds the logic of the derive
//! macros.

pub mod cfg;
mod commands;
pub mod derive;
mod deprecated;
pub mod docs;
mod events;
pub mod ident;
mod requests;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use qapi_gen_schema::Schema;
use qapi_gen_schema::model::{Builtin, DefKind, Definition, Example, Info, Member, Type};
use quote::quote;

pub use cfg::{CfgMapping, FlagStyle};
use docs::DocText;
use ident::{Case, Scope};

/// Options of the Rust emitter.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Options {
    /// Keep items whose removal version has passed (for clients that talk
    /// to older servers).
    pub include_removed: bool,
    /// How `if` conditions become `#[cfg(...)]`.
    pub cfg: CfgMapping,
    /// Path of the runtime crate in generated code (default `::qapi_runtime`).
    pub runtime_path: String,
    /// Threads formatting the output; `None` uses every available core.
    /// The output is the same for any number.
    pub jobs: Option<std::num::NonZeroUsize>,
}

impl Default for Options {
    fn default() -> Self {
        Options { include_removed: false, cfg: CfgMapping::default(), runtime_path: "::qapi_runtime".to_owned(), jobs: None }
    }
}

impl Options {
    /// Whether an item with this metadata is emitted (removed items only on request).
    fn keeps(&self, info: &Info) -> bool {
        !deprecated::omitted(info, self.include_removed)
    }
}

/// The generated Rust of `schema`, formatted, with the generated-file header.
///
/// The output is made of [`Piece`]s, each built, parsed and formatted on
/// its own, so memory stays proportional to the largest piece. Pieces
/// are formatted on [`Options::jobs`] threads and joined in schema order:
/// the output does not depend on the number of threads.
#[must_use]
pub fn emit_file(schema: &Schema, options: &Options) -> String {
    let header = crate::output::header("qapi-gen rust");
    let version = schema.version.map(|v| format!(" {v}")).unwrap_or_default();
    let pieces = format_pieces(schema, options);
    let mut out = format!("// {header}\n// Schema: {}{version}\n\n", schema.module);
    out.reserve_exact(pieces.iter().map(String::len).sum());
    for piece in pieces {
        out.push_str(&piece);
    }
    out
}

/// The generated Rust of `schema` as tokens (for the derive macro and tests).
#[must_use]
pub fn emit(schema: &Schema, options: &Options) -> TokenStream {
    let cx = Context::new(schema, options);
    let mut items = TokenStream::new();
    for piece in Piece::all(schema, options) {
        items.extend(piece.tokens(&cx));
    }
    items
}

/// One independently formatted part of the output.
#[derive(Clone, Copy)]
enum Piece<'a> {
    /// A type with its impls.
    Type(&'a Definition),
    /// An event's payload type.
    Event(&'a Definition, &'a qapi_gen_schema::model::Event),
    /// The enum of every event.
    EventEnum,
    /// A command's argument type.
    Command(&'a Definition, &'a qapi_gen_schema::model::Command),
    /// The request and reply enums of every command.
    Requests,
}

impl<'a> Piece<'a> {
    /// Every piece, in output order.
    fn all(schema: &'a Schema, options: &Options) -> Vec<Piece<'a>> {
        let emitted = |definition: &Definition| options.keeps(&definition.info);
        let types = schema.definitions.iter().filter(|d| d.kind.is_type() && emitted(d)).map(Piece::Type);
        let events = schema.events().filter(|(d, _)| emitted(d)).map(|(d, event)| Piece::Event(d, event));
        let commands = schema.commands().filter(|(d, _)| emitted(d)).map(|(d, command)| Piece::Command(d, command));
        types.chain(events).chain([Piece::EventEnum]).chain(commands).chain([Piece::Requests]).collect()
    }

    /// Whether the piece grows with the whole schema rather than with one definition.
    fn is_aggregate(self) -> bool {
        matches!(self, Piece::EventEnum | Piece::Requests)
    }

    fn tokens(self, cx: &Context<'_>) -> TokenStream {
        match self {
            Piece::Type(definition) => match &definition.kind {
                DefKind::Enum(enumeration) => types::enumeration(cx, definition, enumeration),
                DefKind::Struct(strukt) => types::structure(cx, definition, strukt),
                DefKind::Union(union) => types::union(cx, definition, union),
                DefKind::Alternate(alternate) => types::alternate(cx, definition, alternate),
                DefKind::Event(_) | DefKind::Command(_) => TokenStream::new(),
            },
            Piece::Event(definition, event) => events::payload(cx, definition, event),
            Piece::EventEnum => events::event_enum(cx),
            Piece::Command(definition, command) => commands::arguments(cx, definition, command),
            Piece::Requests => requests::all(cx),
        }
    }
}

/// Pieces per unit of work handed to a thread.
const PIECES_PER_BATCH: usize = 32;

/// Every piece formatted, in output order. Token streams cannot cross
/// threads, so each thread builds its own [`Context`] and the tokens of
/// the pieces it formats.
fn format_pieces(schema: &Schema, options: &Options) -> Vec<String> {
    let pieces = Piece::all(schema, options);
    let available = || std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let threads = options.jobs.map_or_else(available, std::num::NonZeroUsize::get);
    if threads == 1 {
        let cx = Context::new(schema, options);
        return pieces.into_iter().map(|piece| format_piece(piece.tokens(&cx))).collect();
    }
    // The aggregates go first, each alone, so no thread is left with one at the end.
    let mut work: Vec<std::ops::Range<usize>> = (0..pieces.len()).filter(|&index| pieces[index].is_aggregate()).map(|index| index..index + 1).collect();
    let mut start = 0;
    for (index, piece) in pieces.iter().enumerate() {
        if piece.is_aggregate() || index - start == PIECES_PER_BATCH {
            if start < index {
                work.push(start..index);
            }
            start = if piece.is_aggregate() { index + 1 } else { index };
        }
    }
    if start < pieces.len() {
        work.push(start..pieces.len());
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let worker = || {
        let cx = Context::new(schema, options);
        let mut done = Vec::new();
        while let Some(range) = work.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
            done.extend(range.clone().map(|index| (index, format_piece(pieces[index].tokens(&cx)))));
        }
        done
    };
    let mut formatted: Vec<(usize, String)> = std::thread::scope(|scope| {
        // The calling thread works too, so a thread that cannot be spawned
        // only means less parallelism.
        let helpers: Vec<_> = (1..threads.min(work.len())).filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, worker).ok()).collect();
        let mut formatted = worker();
        for helper in helpers {
            formatted.extend(helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        formatted
    });
    formatted.sort_unstable_by_key(|(index, _)| *index);
    formatted.into_iter().map(|(_, text)| text).collect()
}

/// One piece as formatted Rust.
fn format_piece(tokens: TokenStream) -> String {
    if tokens.is_empty() {
        return String::new();
    }
    match syn::parse2::<syn::File>(tokens) {
        Ok(file) => prettyplease::unparse(&file),
        // A bug of this emitter, not of the schema: the user's build
        // stops here with the reason instead of at a confusing later error.
        Err(error) => {
            let message = format!("qapi-gen internal error: generated tokens do not parse ({error}); please report it");
            format!("compile_error!({message:?});\n")
        }
    }
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
/// Rust name of every definition.
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
    /// Direct containment edges between types (through no `Vec`).
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl<'a> Context<'a> {
    fn new(schema: &'a Schema, options: &'a Options) -> Self {
        let runtime_text = if options.runtime_path.trim().is_empty() { "::qapi_runtime".to_owned() } else { options.runtime_path.trim().to_owned() };
        let runtime: TokenStream = runtime_text.parse().unwrap_or_else(|_| quote!(::qapi_runtime));
        let serde_crate = format!("{runtime_text}::serde");
        let mut scope = Scope::new();
        let mut names = BTreeMap::new();
        let emitted = |d: &&Definition| options.keeps(&d.info);
        for definition in schema.definitions.iter().filter(emitted).filter(|d| d.kind.is_type()) {
            names.insert(definition.name.clone(), scope.claim(&definition.name, Case::Type));
        }
        let event_enum = scope.claim_converted("Event", Case::Camel);
        let request_enum = scope.claim_converted("Request", Case::Camel);
        let reply_enum = scope.claim_converted("Reply", Case::Camel);
        let mut branch_enums = BTreeMap::new();
        for definition in schema.definitions.iter().filter(emitted) {
            if let DefKind::Union(_) = &definition.kind {
                let base = format!("{}Branch", ident::convert(&definition.name, Case::Type));
                branch_enums.insert(definition.name.clone(), scope.claim_converted(&base, Case::Camel));
            }
        }
        for definition in schema.definitions.iter().filter(emitted).filter(|d| !d.kind.is_type()) {
            names.insert(definition.name.clone(), scope.claim(&definition.name, Case::Camel));
        }
        let edges = containment_edges(schema);
        Context { schema, options, runtime, serde_crate, names, branch_enums, event_enum, request_enum, reply_enum, edges }
    }

    /// Whether the definition is emitted at all.
    pub fn emitted(&self, definition: &Definition) -> bool {
        self.options.keeps(&definition.info)
    }

    /// Whether an item with this metadata is emitted.
    pub fn keeps(&self, info: &Info) -> bool {
        self.options.keeps(info)
    }

    /// The Rust name of a definition.
    pub fn name(&self, schema_name: &str) -> Ident {
        self.names.get(schema_name).cloned().unwrap_or_else(|| ident::ident(&ident::convert(schema_name, Case::Type)))
    }

    /// The Rust name of a union's branch enum.
    pub fn branch_enum(&self, union: &str) -> Ident {
        self.branch_enums.get(union).cloned().unwrap_or_else(|| ident::ident(&format!("{}Branch", ident::convert(union, Case::Type))))
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

    /// The documented struct of an event's data or a command's arguments,
    /// with its `cfg`, deprecation, derives and serde attributes.
    pub fn data_item(&self, definition: &Definition, name: &Ident, doc: &DocText, data_type: Option<&str>, members: &[Member], what: &str) -> TokenStream {
        let doc = doc.attributes();
        let cfg = self.definition_cfg(definition);
        let deprecated = deprecated::attribute(&definition.info);
        let derives = self.data_derives();
        let serde_crate = self.serde_crate_attribute();
        let body = self.data_struct(definition, name, data_type, members, what);
        quote! {
            #doc
            #cfg
            #deprecated
            #derives
            #serde_crate
            #body
        }
    }

    /// The metadata constants of a definition's `Event` or `Command` impl.
    pub fn metadata(&self, info: &Info) -> TokenStream {
        let since = Context::optional_str(info.since.map(|v| v.to_string()));
        let features = self.features_value(info);
        let deprecation = self.deprecation_value(info);
        metadata_consts(&self.runtime, &since, &features, &deprecation, &info.unstable)
    }

    /// The struct of an event's data or a command's arguments: a
    /// transparent wrapper of the named type, or the inline members.
    pub fn data_struct(&self, definition: &Definition, name: &Ident, data_type: Option<&str>, members: &[Member], what: &str) -> TokenStream {
        match data_type {
            Some(data_type) => {
                let ty = self.name(data_type);
                let field_doc = format!(" The {what}, a `{data_type}`.");
                quote!(#[serde(transparent)] pub struct #name(#[doc = #field_doc] pub #ty);)
            }
            None => {
                let mut scope = Scope::new();
                let mut fields = members.iter().filter(|m| self.keeps(&m.info)).map(|m| self.member_field(&definition.name, &mut scope, m, true).1).collect::<Vec<_>>();
                if matches!(&definition.kind, DefKind::Command(command) if !command.generate) {
                    // QAPI's `gen: false`: the command takes more than the
                    // schema lists (`device_add` takes every property of
                    // the device), so the rest travels as it came.
                    let runtime = &self.runtime;
                    let extra = scope.claim("extra", Case::Snake);
                    fields.push(quote! {
                        /// The arguments the schema does not list (the command
                        /// takes more than it declares), in order, as sent.
                        #[serde(flatten)]
                        pub #extra: #runtime::serde_json::Map<::std::string::String, #runtime::serde_json::Value>,
                    });
                }
                quote!(pub struct #name { #(#fields)* })
            }
        }
    }

    /// `#[serde(crate = "...")]`.
    pub fn serde_crate_attribute(&self) -> TokenStream {
        let path = &self.serde_crate;
        quote!(#[serde(crate = #path)])
    }

    /// The derives every generated data type has.
    pub fn data_derives(&self) -> TokenStream {
        let runtime = &self.runtime;
        quote!(#[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq, #runtime::serde::Serialize, #runtime::serde::Deserialize)])
    }

    /// The Rust type of a schema type.
    pub fn rust_type(&self, ty: &Type) -> TokenStream {
        let runtime = &self.runtime;
        match ty {
            Type::Builtin(builtin) => match builtin {
                Builtin::Str => quote!(::std::string::String),
                Builtin::Number => quote!(f64),
                Builtin::Int | Builtin::Int64 => quote!(i64),
                Builtin::Int8 => quote!(i8),
                Builtin::Int16 => quote!(i16),
                Builtin::Int32 => quote!(i32),
                Builtin::Uint8 => quote!(u8),
                Builtin::Uint16 => quote!(u16),
                Builtin::Uint32 => quote!(u32),
                Builtin::Uint64 | Builtin::Size => quote!(u64),
                Builtin::Bool => quote!(bool),
                Builtin::Null => quote!(()),
                Builtin::Any => quote!(#runtime::serde_json::Value),
            },
            Type::Named(name) => {
                let ident = self.name(name);
                quote!(#ident)
            }
            Type::Array(inner) => {
                let inner = self.rust_type(inner);
                quote!(::std::vec::Vec<#inner>)
            }
        }
    }

    /// The Rust type of a schema type held directly inside `owner`, boxed
    /// when it leads back to `owner` (a recursive type).
    pub fn held_type(&self, owner: &str, ty: &Type) -> TokenStream {
        let inner = self.rust_type(ty);
        if self.boxes(owner, ty) { quote!(::std::boxed::Box<#inner>) } else { inner }
    }

    /// Whether `ty` held directly inside `owner` needs a `Box` (it leads back to `owner`).
    pub fn boxes(&self, owner: &str, ty: &Type) -> bool {
        matches!(ty, Type::Named(target) if self.reaches(target, owner))
    }

    /// Whether type `from` contains type `to` directly or transitively (not through a `Vec`).
    fn reaches(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if seen.insert(current)
                && let Some(next) = self.edges.get(current)
            {
                stack.extend(next.iter().map(String::as_str));
            }
        }
        false
    }

    /// One struct field for a member, with its docs and serde attributes.
    pub fn member_field(&self, owner: &str, scope: &mut Scope, member: &Member, public: bool) -> (Ident, TokenStream) {
        self.member_field_with(owner, scope, member, public, true)
    }

    /// [`Context::member_field`], with or without the serde attributes
    /// (without for types whose `Serialize` is written out).
    pub fn member_field_with(&self, owner: &str, scope: &mut Scope, member: &Member, public: bool, with_serde: bool) -> (Ident, TokenStream) {
        let field = scope.claim(&member.name, Case::Snake);
        let ty = self.held_type(owner, &member.ty);
        let ty = if member.optional { quote!(::core::option::Option<#ty>) } else { ty };
        let mut serde_args = Vec::new();
        if field.to_string().trim_start_matches("r#") != member.name {
            let wire = &member.name;
            serde_args.push(quote!(rename = #wire));
        }
        if member.optional {
            serde_args.push(quote!(default, skip_serializing_if = "::core::option::Option::is_none"));
            if self.nullable(&member.ty) {
                // `null` is a value of the type, not an absent member.
                let present = format!("{}::__private::present", self.serde_crate.trim_end_matches("::serde"));
                serde_args.push(quote!(deserialize_with = #present));
            }
        }
        let serde = if serde_args.is_empty() || !with_serde { TokenStream::new() } else { quote!(#[serde(#(#serde_args),*)]) };
        let cfg = self.cfg([member.info.condition.as_ref()]);
        let tokens = if public {
            let doc = self.item_doc(&member.info, &format!("The `{}` member.", member.name), &[]).attributes();
            let deprecated = deprecated::attribute(&member.info);
            quote!(#doc #cfg #deprecated #serde pub #field: #ty,)
        } else {
            quote!(#cfg #serde #field: #ty,)
        };
        (field, tokens)
    }

    /// Whether JSON `null` is a value of `ty` (`null`, `any`, or an
    /// alternate with a `null` branch).
    pub fn nullable(&self, ty: &Type) -> bool {
        match ty {
            Type::Builtin(Builtin::Null | Builtin::Any) => true,
            Type::Named(name) => match self.schema.definition(name).map(|d| &d.kind) {
                Some(DefKind::Alternate(alternate)) => alternate.branches.iter().any(|b| b.ty == Type::Builtin(Builtin::Null)),
                _ => false,
            },
            _ => false,
        }
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
        for paragraph in deprecated::doc_paragraphs(info) {
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
            let predicate = self.options.cfg.predicate(condition).to_string();
            doc.paragraph(format!("Only when `{condition}` holds: `cfg({predicate})`."));
        }
        doc
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


/// Which types each type holds directly (members, branches), for boxing.
fn containment_edges(schema: &Schema) -> BTreeMap<String, BTreeSet<String>> {
    fn named(ty: &Type) -> Option<&str> {
        match ty {
            Type::Named(name) => Some(name),
            _ => None,
        }
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for definition in &schema.definitions {
        let targets: BTreeSet<String> = match &definition.kind {
            DefKind::Struct(strukt) => strukt.members.iter().filter_map(|m| named(&m.ty)).map(str::to_owned).collect(),
            DefKind::Union(union) => union.base_members.iter().filter_map(|m| named(&m.ty)).map(str::to_owned).chain(union.variants.iter().filter_map(|v| v.ty.clone())).collect(),
            DefKind::Alternate(alternate) => alternate.branches.iter().filter_map(|b| named(&b.ty)).map(str::to_owned).collect(),
            _ => BTreeSet::new(),
        };
        edges.insert(definition.name.clone(), targets);
    }
    edges
}
