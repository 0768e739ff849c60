//! The pieces of the Rust output and their scheduling: every piece is
//! built and laid out (parsed and formatted, or written compact) on its
//! own, on a pool of threads that take batches from a shared counter, and
//! the results are joined in schema order.

use proc_macro2::TokenStream;
use qapi_gen_schema::Schema;
use qapi_gen_schema::model::{DefKind, Definition};

use super::{Layout, Options};
use super::context::Context;
use super::cycles::Cycles;
use super::plan::Plan;
use super::{commands, events, pretty, requests, types};

/// One independently formatted part of the output.
#[derive(Clone, Copy)]
pub(super) enum Piece<'a> {
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
    pub(super) fn all(schema: &'a Schema, plan: &Plan) -> Vec<Piece<'a>> {
        let emitted = |definition: &Definition| plan.generates(&definition.name);
        let types = schema.definitions.iter().filter(|d| d.kind.is_type() && emitted(d)).map(Piece::Type);
        let events = schema.events().filter(|(d, _)| emitted(d)).map(|(d, event)| Piece::Event(d, event));
        let commands = schema.commands().filter(|(d, _)| emitted(d)).map(|(d, command)| Piece::Command(d, command));
        types.chain(events).chain([Piece::EventEnum]).chain(commands).chain([Piece::Requests]).collect()
    }

    /// Whether the piece grows with the whole schema rather than with one definition.
    fn is_aggregate(self) -> bool {
        matches!(self, Piece::EventEnum | Piece::Requests)
    }

    /// The items of the piece with the attributes that keep them quiet
    /// in a user's crate (`lints`).
    pub(super) fn quiet_tokens(self, cx: &Context<'_>) -> TokenStream {
        super::lints::quiet_tokens(self.tokens(cx))
    }

    /// The items of the piece.
    pub(super) fn tokens(self, cx: &Context<'_>) -> TokenStream {
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
/// the pieces it formats; the `cycles` and the `plan` are shared.
pub(super) fn format_all(schema: &Schema, options: &Options, cycles: &Cycles, plan: &Plan) -> Vec<String> {
    let pieces = Piece::all(schema, plan);
    let available = || std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let threads = options.jobs.map_or_else(available, std::num::NonZeroUsize::get);
    if threads == 1 {
        let cx = Context::new(schema, options, cycles, plan);
        return pieces.into_iter().map(|piece| lay_out(piece.quiet_tokens(&cx), options.layout)).collect();
    }
    let work = batches(&pieces);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let worker = || {
        let cx = Context::new(schema, options, cycles, plan);
        let mut done = Vec::new();
        while let Some(range) = work.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
            done.extend(range.clone().map(|index| (index, lay_out(pieces[index].quiet_tokens(&cx), options.layout))));
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

/// The units of work, as ranges of piece indices: the aggregates first,
/// each alone, so no thread is left with one at the end; then the other
/// pieces in runs of at most [`PIECES_PER_BATCH`].
fn batches(pieces: &[Piece<'_>]) -> Vec<std::ops::Range<usize>> {
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
    work
}

/// One piece (or the whole output in its wrapping module), its lint
/// attributes added, as Rust text in the given layout.
pub(super) fn lay_out(tokens: TokenStream, layout: Layout) -> String {
    match layout {
        Layout::Formatted => pretty::format(tokens),
        Layout::Compact => compact(tokens),
    }
}

/// The tokens as rustc reads them, with a line break after every `;` and
/// inside every `{ ... }` around its contents, so compiler messages point
/// at short lines and rustc sees blocks over several lines, as in the
/// formatted layout (its `unused_braces` lint judges one-line blocks).
fn compact(tokens: TokenStream) -> String {
    let mut out = String::new();
    write_compact(&mut out, tokens);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Appends `tokens` in the compact layout: a space between two tokens,
/// except at a line's start and after a joint punctuation mark (the first
/// `:` of `::`, the `'` of a lifetime).
fn write_compact(out: &mut String, tokens: TokenStream) {
    use proc_macro2::{Delimiter, Spacing, TokenTree};
    use std::fmt::Write as _;
    let mut separate = false;
    for tree in tokens {
        if separate {
            out.push(' ');
        }
        separate = match tree {
            TokenTree::Group(group) => {
                let delimiter = group.delimiter();
                let (open, close) = match delimiter {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{\n", "\n}\n"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                // The group's stream, no longer shared once the group is
                // gone, is walked without copying its tokens.
                let stream = group.stream();
                drop(group);
                write_compact(out, stream);
                out.push_str(close);
                delimiter != Delimiter::Brace
            }
            TokenTree::Punct(punct) if punct.as_char() == ';' => {
                out.push_str(";\n");
                false
            }
            TokenTree::Punct(punct) => {
                out.push(punct.as_char());
                punct.spacing() == Spacing::Alone
            }
            TokenTree::Ident(ident) => {
                let _ = write!(out, "{ident}");
                true
            }
            TokenTree::Literal(literal) => {
                let _ = write!(out, "{literal}");
                true
            }
        };
    }
}

/// The schemas the tests of the layouts run every piece of: every
/// fixture and the shipped schema with the default options, the
/// customisation fixtures with derives and attributes on every item and
/// an extern path, then each QEMU release of `releases` with each of
/// `release_options` (`what` says what is not run without the corpus).
#[cfg(test)]
pub(super) fn test_schemas(releases: &[&str], release_options: &[Options], what: &str) -> Vec<(std::path::PathBuf, Options)> {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut schemas: Vec<(std::path::PathBuf, Options)> = std::fs::read_dir(workspace.join("tests/schemas"))
        .expect("the fixtures folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "yaml"))
        .map(|path| (path, Options::default()))
        .collect();
    schemas.push((workspace.join("schema/unplug-events.yaml"), Options::default()));
    let mut customised = Options::default();
    for derive in ["Eq", "::core::hash::Hash", "Default"] {
        customised.custom.derive("*", derive).expect("a path");
    }
    customised.custom.type_attribute("*", "#[must_use] #[automatically_derived]").expect("attributes");
    customised.custom.extern_path("Port", "crate::custom::Port").expect("a path");
    for name in ["custom.yaml", "shared.yaml"] {
        schemas.push((workspace.join("tests/customisation").join(name), customised.clone()));
    }
    if let Some(corpus) = super::lints::corpus::corpus_or_skip(&workspace, what) {
        for release in releases {
            for options in release_options {
                schemas.push((corpus.join(format!("qemu-qapi-{release}/qapi-schema.json")), options.clone()));
            }
        }
    }
    schemas
}

/// Calls `visit` with every piece of every schema, and the schema's path.
#[cfg(test)]
pub(super) fn for_each_piece(schemas: Vec<(std::path::PathBuf, Options)>, mut visit: impl FnMut(&std::path::Path, &Context<'_>, Piece<'_>)) {
    for (path, options) in schemas {
        let loaded = qapi_gen_schema::load(&path).unwrap_or_else(|failure| panic!("{}: {}", path.display(), failure.render()));
        let cycles = Cycles::new(&loaded.schema);
        let plan = Plan::new(&loaded.schema, &options);
        let cx = Context::new(&loaded.schema, &options, &cycles, &plan);
        for piece in Piece::all(&loaded.schema, &plan) {
            visit(&path, &cx, piece);
        }
    }
}
