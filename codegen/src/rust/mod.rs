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
//! deprecation in `deprecated`, the attributes that keep every item quiet
//! in a user's crate (`#[automatically_derived]`, `#[allow(dead_code)]`) in
//! `lints`; [`derive`](mod@derive) holds the logic of the derive
//! macros. Inside: `pieces` lists the pieces and schedules them on threads,
//! each thread with its own `context` (names, runtime paths, docs);
//! `fields` builds struct fields, boxed where the schema's `cycles`,
//! computed once before any piece, say so.

pub mod cfg;
mod commands;
mod context;
pub mod custom;
mod cycles;
pub mod derive;
mod deprecated;
pub mod docs;
mod events;
mod fields;
pub mod ident;
mod lints;
mod member_lists;
mod members;
mod pieces;
mod plan;
mod pretty;
mod requests;
mod types;

use proc_macro2::TokenStream;
use qapi_gen_schema::Schema;
use qapi_gen_schema::model::Info;

pub use cfg::{CfgMapping, FlagStyle};
pub use qapi_gen_schema::rules::RustItem;
use context::Context;
pub use custom::{Customization, OptionError};
use cycles::Cycles;
use pieces::Piece;
use plan::Plan;

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
    /// The oldest server release the client talks to: a member of a type
    /// the client receives whose `since` (or, undated, its definition's)
    /// is newer becomes `Option`, so an older server's replies and events
    /// decode. `None`: the schema's rules as written.
    pub oldest_server: Option<qapi_gen_schema::version::Version>,
    /// Threads formatting the output; `None` uses every available core.
    /// The output is the same for any number.
    pub jobs: Option<std::num::NonZeroUsize>,
    /// Extra derives and attributes, extern paths, the commands and events
    /// to generate, the wrapping module (`docs/customisation.md`).
    pub custom: Customization,
    /// What the file's header says produced it (front door, version, schema).
    pub provenance: crate::output::Provenance,
    /// How [`emit_file`] lays out the text.
    pub layout: Layout,
}

/// How the generated Rust is laid out as text. Both layouts hold the same
/// items and compile to the same crate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Layout {
    /// Formatted with prettyplease: for files people read and commit.
    #[default]
    Formatted,
    /// The tokens as rustc reads them, a line break after every `;` and
    /// around the contents of every block, without parsing or formatting:
    /// for files only the compiler reads (a build script's `OUT_DIR`).
    /// Several times cheaper to produce, above all in a build script
    /// compiled without optimisations.
    Compact,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            include_removed: false,
            cfg: CfgMapping::default(),
            runtime_path: "::qapi_runtime".to_owned(),
            oldest_server: None,
            jobs: None,
            custom: Customization::default(),
            provenance: crate::output::Provenance::default(),
            layout: Layout::Formatted,
        }
    }
}

impl Options {
    /// Whether [`Options::runtime_path`] is a Rust path (`::qapi_runtime`,
    /// `crate::qmp::runtime`). The emitter cannot fail and falls back to
    /// `::qapi_runtime` for anything else, so callers check this first
    /// (the `Builder` refuses an invalid path).
    #[must_use]
    pub fn runtime_path_is_valid(&self) -> bool {
        syn::parse_str::<syn::Path>(self.runtime_path.trim()).is_ok()
    }

    /// Whether an item with this metadata is emitted (removed items only on request).
    fn keeps(&self, info: &Info) -> bool {
        !deprecated::omitted(info, self.include_removed)
    }
}

/// The generated Rust of `schema`, laid out as [`Options::layout`] says,
/// with the generated-file header.
///
/// The output is made of [`Piece`]s, each built and laid out on its own
/// (parsed and formatted in the [`Layout::Formatted`] layout), so memory
/// stays proportional to the largest piece. Pieces are laid out on
/// [`Options::jobs`] threads and joined in schema order: the output does
/// not depend on the number of threads. With a wrapping module
/// (`Customization::module`) the file is one item, laid out at once.
#[must_use]
pub fn emit_file(schema: &Schema, options: &Options) -> String {
    let header = options.provenance.header();
    let version = schema.version.map(|v| format!(" {v}")).unwrap_or_default();
    let cycles = Cycles::new(schema);
    let plan = Plan::new(schema, options);
    let pieces = if options.custom.module.is_some() {
        vec![pieces::lay_out(emit_with(schema, options, &cycles, &plan), options.layout)]
    } else {
        pieces::format_all(schema, options, &cycles, &plan)
    };
    let mut out = format!("// {header}\n// Schema: {}{version}\n\n", schema.module);
    out.reserve_exact(pieces.iter().map(String::len).sum());
    for piece in pieces {
        out.push_str(&piece);
    }
    out
}

/// The Rust name of every item emitted for a definition, by schema name
/// and namespace: each definition's own, and the branch enum of each
/// union. Each name depends on its definition alone (tests prove adding
/// or removing definitions renames nothing else).
#[must_use]
pub fn item_names(schema: &Schema, options: &Options) -> std::collections::BTreeMap<(String, RustItem), String> {
    let mut names = std::collections::BTreeMap::new();
    for (name, (item, rust)) in context::item_names(schema, options) {
        if let Some(qapi_gen_schema::model::DefKind::Union(_)) = schema.definition(&name).map(|d| &d.kind) {
            names.insert((name.clone(), RustItem::BranchEnum), qapi_gen_schema::rules::rust_item_name(RustItem::BranchEnum, &name));
        }
        names.insert((name, item), rust);
    }
    names
}

/// The generated Rust of `schema` as tokens (for the derive macro and tests).
#[must_use]
pub fn emit(schema: &Schema, options: &Options) -> TokenStream {
    let cycles = Cycles::new(schema);
    let plan = Plan::new(schema, options);
    emit_with(schema, options, &cycles, &plan)
}

/// Every piece's tokens with their lint attributes, inside the wrapping
/// module when there is one.
fn emit_with(schema: &Schema, options: &Options, cycles: &Cycles, plan: &Plan) -> TokenStream {
    let cx = Context::new(schema, options, cycles, plan);
    let mut items = TokenStream::new();
    for piece in Piece::all(schema, plan) {
        items.extend(piece.quiet_tokens(&cx));
    }
    match options.custom.module.as_deref().and_then(|module| syn::parse_str::<syn::Ident>(module).ok()) {
        Some(module) => {
            let doc = format!(" The generated API of the `{}` schema.", schema.module);
            quote::quote!(#[doc = #doc] pub mod #module { #items })
        }
        None => items,
    }
}
