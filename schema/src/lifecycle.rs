//! Check phase: versions and deprecation. `since` must not be later than the
//! file's version, a member no older than its definition; `deprecated`
//! needs `since`, a `replaced-by` that resolves and does not lead back into
//! deprecation, and a `removal` that respects the policy; types cannot be
//! deprecated (as in QAPI).

use crate::ast::{self, Data, DefKind, Definition, Meta, SpannedVersion};
use crate::diag::{Diagnostics, WarningKind};
use crate::model::{Origin, Policy, Version};
use crate::rules::{self, Field};
use crate::symbols::Symbols;

/// What the lifecycle rules need to know about the schema as a whole.
pub struct Context<'a> {
    /// The symbol table.
    pub symbols: &'a Symbols<'a>,
    /// Version of each file, by file id; the top file's for files without one.
    pub file_version: &'a dyn Fn(crate::source::FileId) -> Option<Version>,
    /// The top file's policy.
    pub policy: Policy,
    /// YAML or imported QAPI (missing metadata is then a warning).
    pub origin: Origin,
}

/// Runs the version and deprecation rules over every definition.
pub fn all(cx: &mut Diagnostics, context: &Context<'_>) {
    for definition in &context.symbols.order {
        let file_version = (context.file_version)(definition.file);
        since_not_later(cx, &definition.meta, file_version);
        if definition.kind.is_type() {
            if let Some(feature) = definition.meta.features.iter().find(|f| f.name.text == "deprecated") {
                cx.error(feature.name.span, format!("type `{}` cannot be deprecated", definition.name.text))
                    .help("deprecate the members, values, commands or events that use it instead");
            }
        } else {
            deprecation(cx, context, &definition.meta);
        }
        for (meta, _) in inner_items(definition) {
            since_not_later(cx, meta, file_version);
            if let (Some(outer), Some(inner)) = (definition.meta.since, meta.since)
                && inner.version < outer.version {
                    let severity = context.origin.lenient_severity();
                    cx.report(severity, WarningKind::SinceOrder, inner.span, format!("`since` {} is earlier than {} of `{}`", inner.version, outer.version, definition.name.text));
                }
            deprecation(cx, context, meta);
        }
    }
}

/// Metadata of every member and enum value written inside a definition.
fn inner_items(definition: &Definition) -> Vec<(&Meta, &str)> {
    fn members(members: &[ast::Member]) -> Vec<(&Meta, &str)> {
        members.iter().map(|m| (&m.meta, m.name.text.as_str())).collect()
    }
    match &definition.kind {
        DefKind::Enum { values, .. } => values.iter().map(|v| (&v.meta, v.name.text.as_str())).collect(),
        DefKind::Struct { members: list, .. } => members(list),
        DefKind::Union { base: Some(ast::Base::Inline(list, _)), .. } => members(list),
        DefKind::Event { data: Some(Data::Inline(list)), .. } => members(list),
        DefKind::Command(command) => match &command.data {
            Some(Data::Inline(list)) => members(list),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn since_not_later(cx: &mut Diagnostics, meta: &Meta, file_version: Option<Version>) {
    let Some(version) = file_version else { return };
    let check = |cx: &mut Diagnostics, since: Option<SpannedVersion>, what: &str| {
        if let Some(since) = since
            && since.version.key() > version.key() {
                cx.error(since.span, format!("{what} {} is later than the schema's version {version}", since.version));
            }
    };
    check(cx, meta.since, "`since`");
    for feature in &meta.features {
        if let Some(deprecation) = &feature.deprecation {
            check(cx, deprecation.since, "deprecated `since`");
        }
    }
}

fn deprecation(cx: &mut Diagnostics, context: &Context<'_>, meta: &Meta) {
    let Some(feature) = meta.features.iter().find(|f| f.name.text == "deprecated") else { return };
    let metadata = feature.deprecation.clone().unwrap_or_default();
    let missing = context.origin.lenient_severity();
    let releases = context.policy.deprecation_releases.unwrap_or(0);
    let version = |v: Option<SpannedVersion>| v.map(|v| v.version);
    for problem in rules::deprecation(version(meta.since), version(metadata.since), version(metadata.removal), releases, context.policy.minors_per_major) {
        match problem.field {
            Field::MissingSince => {
                cx.report(missing, WarningKind::DeprecationMetadata, feature.name.span, problem.message).help("write `deprecated: {since: \"X.Y\", replaced-by: ..., removal: \"X.Y\"}`");
                return;
            }
            Field::Removal => {
                cx.error(metadata.removal.map_or(feature.name.span, |r| r.span), problem.message);
            }
            _ => {
                cx.error(metadata.since.map_or(feature.name.span, |s| s.span), problem.message);
            }
        }
    }
    if let Some(replacement) = &metadata.replaced_by {
        replaced_by(cx, context, replacement);
    }
}

/// The `deprecated` metadata of `Definition` or `Definition.member`, if the target exists.
enum Target<'a> {
    Missing(String),
    Found(Option<&'a ast::DeprecationMeta>, bool),
}

fn target<'a>(symbols: &Symbols<'a>, text: &'a str) -> Target<'a> {
    let (definition_name, member) = match text.split_once('.') {
        Some((definition, member)) => (definition, Some(member)),
        None => (text, None),
    };
    let Some(definition) = symbols.get(definition_name) else {
        return Target::Missing(format!("`{definition_name}` is not defined"));
    };
    let meta = match member {
        None => Some(&definition.meta),
        Some(member) => {
            let merged: Vec<&Meta> = match &definition.kind {
                DefKind::Struct { .. } => symbols.struct_members(definition_name).into_iter().filter(|(m, _)| m.name.text == member).map(|(m, _)| &m.meta).collect(),
                DefKind::Union { base, .. } => {
                    symbols.union_base_members(base.as_ref(), definition_name).into_iter().filter(|(m, _)| m.name.text == member).map(|(m, _)| &m.meta).collect()
                }
                DefKind::Enum { values, .. } => values.iter().filter(|v| v.name.text == member).map(|v| &v.meta).collect(),
                _ => inner_items(definition).into_iter().filter(|(_, name)| *name == member).map(|(meta, _)| meta).collect(),
            };
            match merged.first() {
                Some(meta) => Some(*meta),
                None => return Target::Missing(format!("`{definition_name}` has no member `{member}`")),
            }
        }
    };
    let deprecated = meta.and_then(|m| m.features.iter().find(|f| f.name.text == "deprecated"));
    Target::Found(deprecated.and_then(|f| f.deprecation.as_ref()), deprecated.is_some())
}

fn replaced_by(cx: &mut Diagnostics, context: &Context<'_>, replacement: &ast::Name) {
    let mut chain = vec![replacement.text.clone()];
    let mut current = replacement.text.clone();
    loop {
        let current_name = current.clone();
        match target(context.symbols, &current_name) {
            Target::Missing(reason) => {
                let diagnostic = cx.error(replacement.span, format!("`replaced-by` names `{current}`, but {reason}"));
                if current == replacement.text
                    && let Some(suggestion) = crate::suggest::did_you_mean(&current, context.symbols.names()) {
                        diagnostic.help(format!("did you mean `{suggestion}`?"));
                    }
                return;
            }
            Target::Found(_, false) => return,
            Target::Found(meta, true) => {
                let Some(next) = meta.and_then(|m| m.replaced_by.as_ref()) else {
                    cx.error(replacement.span, format!("`replaced-by` leads to `{current}`, which is deprecated without a replacement"));
                    return;
                };
                if chain.contains(&next.text) {
                    chain.push(next.text.clone());
                    cx.error(replacement.span, format!("`replaced-by` forms a deprecation cycle: {}", chain.join(" -> ")));
                    return;
                }
                chain.push(next.text.clone());
                current = next.text.clone();
            }
        }
    }
}
