//! Cross references of the RST manual: the explicit target of every
//! definition and of the manual's own sections, and which definitions
//! refer to each type.

use std::collections::{BTreeMap, BTreeSet};

use qapi_gen_schema::Schema;
use qapi_gen_schema::model::{DefKind, Member, Type};
use qapi_gen_schema::reliability::SECTION_ANCHORS;

use super::{deprecations, reliability};

/// The explicit targets of the manual: one per definition, and one per
/// `#anchor` a doc text may link to (sections and reliability rows).
#[derive(Debug, Default)]
pub(crate) struct Links {
    targets: BTreeMap<String, String>,
    anchors: BTreeMap<String, String>,
}

impl Links {
    /// A target per definition, named like it. Reference names are
    /// case-insensitive in RST, so a name that differs from an earlier one
    /// only in case gets its kind added (`EVENT (event)`).
    pub(super) fn new(schema: &Schema) -> Self {
        let mut targets = BTreeMap::new();
        let mut used = BTreeSet::new();
        for definition in &schema.definitions {
            let mut target = definition.name.clone();
            let mut counter = 1;
            while !used.insert(target.to_lowercase()) {
                counter += 1;
                target = if counter == 2 {
                    format!("{} ({})", definition.name, definition.kind.keyword())
                } else {
                    format!("{} ({} {counter})", definition.name, definition.kind.keyword())
                };
            }
            targets.insert(definition.name.clone(), target);
        }
        let mut anchors = BTreeMap::new();
        if !schema.reliability.is_empty() {
            for anchor in SECTION_ANCHORS.into_iter().filter(|a| *a != "deprecations") {
                anchors.insert(anchor.to_string(), reliability::section_target(anchor));
            }
            for row in &schema.reliability {
                anchors.insert(row.anchor(), reliability::row_target(row));
            }
        }
        if deprecations::has_section(schema) {
            anchors.insert("deprecations".to_string(), DEPRECATIONS_TARGET.to_string());
        }
        Links { targets, anchors }
    }

    /// The target of a `#anchor` link, when the manual has it.
    #[must_use]
    pub fn anchor(&self, anchor: &str) -> Option<&str> {
        self.anchors.get(anchor).map(String::as_str)
    }

    /// The target of the definition called `name`.
    #[must_use]
    pub fn target(&self, name: &str) -> Option<&str> {
        self.targets.get(name).map(String::as_str)
    }
}

/// Target names of the manual's own sections; they contain spaces, so no
/// definition name can clash with them.
pub(crate) const RELIABILITY_TARGET: &str = "unplug reliability";
pub(crate) const DEPRECATIONS_TARGET: &str = "deprecated interfaces";

/// For every type, the names of the definitions that refer to it, in
/// source order; built once, so the manual costs linear time.
pub(super) fn users(schema: &Schema) -> BTreeMap<String, Vec<String>> {
    let mut users: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for definition in &schema.definitions {
        fn mention<'a>(mentioned: &mut Vec<&'a str>, ty: &'a Type) {
            match ty {
                Type::Named(n) => mentioned.push(n),
                Type::Array(inner) => mention(mentioned, inner),
                Type::Builtin(_) => {}
            }
        }
        fn members<'a>(mentioned: &mut Vec<&'a str>, list: &'a [Member]) {
            list.iter().for_each(|m| mention(mentioned, &m.ty));
        }
        let mut mentioned: Vec<&str> = Vec::new();
        match &definition.kind {
            DefKind::Struct(s) => members(&mut mentioned, &s.members),
            DefKind::Union(u) => {
                members(&mut mentioned, &u.base_members);
                mentioned.extend(u.variants.iter().filter_map(|v| v.ty.as_deref()));
            }
            DefKind::Alternate(a) => a.branches.iter().for_each(|b| mention(&mut mentioned, &b.ty)),
            DefKind::Event(e) => members(&mut mentioned, &e.members),
            DefKind::Command(c) => {
                members(&mut mentioned, &c.arguments);
                if let Some(returns) = &c.returns {
                    mention(&mut mentioned, returns);
                }
            }
            DefKind::Enum(_) => {}
        }
        let bases = match &definition.kind {
            DefKind::Struct(s) => s.base.as_deref(),
            DefKind::Union(u) => u.base.as_deref(),
            _ => None,
        };
        let data_type = match &definition.kind {
            DefKind::Event(e) => e.data_type.as_deref(),
            DefKind::Command(c) => c.data_type.as_deref(),
            DefKind::Union(u) => Some(u.discriminator_enum.as_str()),
            _ => None,
        };
        mentioned.extend(bases);
        mentioned.extend(data_type);
        mentioned.sort_unstable();
        mentioned.dedup();
        for name in mentioned {
            if name != definition.name {
                users.entry(name.to_string()).or_default().push(definition.name.clone());
            }
        }
    }
    users
}
