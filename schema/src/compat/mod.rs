//! Compatibility of two versions of a schema: every change between an old
//! and a new model, classified as breaking, deprecation or compatible.
//!
//! The comparison follows what travels on the wire, not type names. It
//! starts at the commands and events (matched by their wire names) and walks
//! through every type they reach, matching the old and the new type found at
//! the same place, whatever they are called. A renamed type with the same
//! shape is therefore compatible, and a change inside a type is reported
//! once per direction it travels in.
//!
//! Direction decides most verdicts. What a client *sends* (command
//! arguments and the types they reach) may accept more values and fewer
//! obligations in a new version; what a client *receives* (events, command
//! returns) may carry more members but must not drop or loosen what clients
//! read. A type used both ways gets both rule sets. The decisions beyond
//! QAPI's own text (`docs/devel/qapi-code-gen.rst`, "Compatibility"):
//!
//! - widening a received type (`int8` to `int64`, `int` to `number`, an enum
//!   to `str`, a type to `any` or to an alternate, an alternate gaining a
//!   branch) is breaking: a client may reject the new values;
//! - narrowing a received type, removing a value of an enum or a branch of
//!   a union or alternate that clients only receive, is compatible: clients
//!   just never see it again;
//! - removing a member is breaking in both directions unless it was
//!   deprecated long enough, optional or not (QAPI: "removing members");
//! - a struct that became a union (or back) is compared member by member,
//!   the union flattened into its base plus its branches' members (a member
//!   not in every branch counts as optional);
//! - changes to an item marked `unstable` are never breaking;
//! - against a server's introspection, integer types are not compared by
//!   width (it reports every one of them as `int`), and renamed types are
//!   not listed (it masks type names as numbers).
//!
//! Removals are judged against `policy.deprecation-releases` of the new
//! schema, counting releases with its `minors-per-major`, from the version
//! the item was deprecated in to the new schema's `version`. When that
//! cannot be counted (imported QAPI records no deprecation version), the
//! removal is listed as a deprecation whose period could not be verified.
//!
//! [`support`] answers the client's question about the same walk: of
//! what a client written against the new schema uses, what does a server
//! of the old one reject, and what does it never send. The old side may be
//! a live server's `query-qmp-schema` reply ([`introspection`]); [`load`]
//! reads either.
//!
//! ```no_run
//! use std::path::Path;
//!
//! /// Prints what changed; `None` when a schema does not load.
//! fn breaks(old: &Path, new: &Path) -> Option<bool> {
//!     let (old, new) = (qapi_gen_schema::load(old).ok()?, qapi_gen_schema::load(new).ok()?);
//!     let report = qapi_gen_schema::compat::compare(&old.schema, &new.schema);
//!     print!("{}", report.render_text(&old.sources, &new.sources));
//!     Some(report.is_breaking())
//! }
//! ```

mod alternates;
mod definitions;
pub mod introspection;
mod lifecycle;
mod members;
mod report;
mod rules;
mod support;
mod types;
mod variants;
mod walk;

use std::path::Path;

use crate::model::{Schema, Version};
use crate::source::Span;
use crate::{Failure, Loaded};

pub use rules::{Class, Rule};
pub use support::{Missing, Support, What};

/// Reads one side of a comparison: a schema (YAML or a QAPI `.json`
/// root), or a server's saved `query-qmp-schema` reply
/// ([`introspection::recognises`]).
///
/// # Errors
/// A [`Failure`] when the file cannot be read or has errors.
pub fn load(path: &Path) -> Result<Loaded, Failure> {
    if path.extension().is_some_and(|e| e == "json") && introspection::recognises(&opening(path)) { introspection::read(path) } else { crate::load(path) }
}

/// The first few kilobytes of a file (empty when it cannot be read: the
/// loader then reports why).
fn opening(path: &Path) -> String {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(4096).read_to_end(&mut bytes);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// What a server of the `server` schema lacks for a client written
/// against `client`: the [`compare`] walk from `server` (old) to `client`
/// (new), keeping what `client` added.
#[must_use]
pub fn support(server: &Schema, client: &Schema) -> Support {
    support::from_report(&compare(server, client), client)
}

/// Every change between `old` and `new`, sorted by class, then by position.
#[must_use]
pub fn compare(old: &Schema, new: &Schema) -> Report {
    let mut walk = walk::Walk::new(old, new);
    definitions::commands(&mut walk);
    definitions::events(&mut walk);
    walk.finish()
}

/// The result of a comparison.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Report {
    /// Version of the old schema.
    pub old_version: Option<Version>,
    /// Version of the new schema.
    pub new_version: Option<Version>,
    /// Every change, breaking first, each class sorted by position.
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether any change is breaking.
    #[must_use]
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.class == Class::Breaking)
    }

    /// The changes of one class, in report order.
    pub fn of_class(&self, class: Class) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.class == class)
    }
}

/// One change between the two schemas.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Change {
    /// Breaking, deprecation or compatible.
    pub class: Class,
    /// The rule that classified it.
    pub rule: Rule,
    /// What changed, as a dotted path (`device_del.id`, `ACPISlotType.CPU`).
    pub subject: String,
    /// One sentence: what changed and why it has this class.
    pub message: String,
    /// Extra advice (for example why an output enum value deserves a look).
    pub note: Option<String>,
    /// The directions in which the changed item travels.
    pub directions: Directions,
    /// Where it is in the old schema (the enclosing definition for additions).
    pub old: Option<Span>,
    /// Where it is in the new schema (the enclosing definition for removals).
    pub new: Option<Span>,
}

/// Which way the changed item travels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Directions {
    /// Sent by clients (command arguments).
    pub input: bool,
    /// Received by clients (events, command returns).
    pub output: bool,
}

impl Directions {
    /// `input`, `output`, `input, output`.
    #[must_use]
    pub fn names(self) -> Vec<&'static str> {
        let mut names = Vec::new();
        if self.input {
            names.push("input");
        }
        if self.output {
            names.push("output");
        }
        names
    }
}
