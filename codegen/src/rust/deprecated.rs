//! Rust emitter, lifecycle: `#[deprecated]` attributes and the doc notes
//! for deprecated, removed and unstable items. A replacement is named as
//! the Rust item users write (`VmStateChanged`, `RunState::Paused`,
//! `DeviceGone::path`), not by its wire name.

use proc_macro2::TokenStream;
use qapi_gen_schema::model::{DefKind, Info, Replacement, Status};
use quote::quote;

use super::context::Context;
use super::ident::{Case, Scope};

/// One line of prose from Markdown: whitespace collapsed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The Rust item `replacement` names: the definition's type, with `::`
/// and the enum variant or field for a member (the field of the named
/// data type for an event or command whose data is one).
fn rust_path(cx: &Context<'_>, replacement: &Replacement) -> String {
    let Some(member) = &replacement.member else { return cx.name(&replacement.definition).to_string() };
    let owner = match cx.schema.definition(&replacement.definition).map(|definition| &definition.kind) {
        Some(DefKind::Event(qapi_gen_schema::model::Event { data_type: Some(data), .. }) | DefKind::Command(qapi_gen_schema::model::Command { data_type: Some(data), .. })) => data.as_str(),
        _ => replacement.definition.as_str(),
    };
    match member_ident(cx, owner, member) {
        Some(ident) => format!("{}::{ident}", cx.name(owner)),
        None => format!("{}::{member}", cx.name(owner)),
    }
}

/// The Rust name of member (or enum value) `member` of definition `owner`,
/// claimed in the order the emitters claim them: the enum's variants
/// (`types::enum_variants`), a struct's or an event's or command's inline
/// members as fields, a union's base members (the discriminator last).
fn member_ident(cx: &Context<'_>, owner: &str, member: &str) -> Option<proc_macro2::Ident> {
    let definition = cx.schema.definition(owner)?;
    let fields = |members: &mut dyn Iterator<Item = &qapi_gen_schema::model::Member>, last: Option<&str>| {
        let mut scope = Scope::new();
        let mut found = None;
        for candidate in members.filter(|m| cx.keeps(&m.info) && Some(m.name.as_str()) != last) {
            let ident = scope.claim(&candidate.name, Case::Snake);
            if candidate.name == member {
                found = Some(ident);
            }
        }
        match last {
            Some(last) if last == member => Some(scope.claim(last, Case::Snake)),
            _ => found,
        }
    };
    match &definition.kind {
        DefKind::Enum(enumeration) => super::types::enum_variants(cx, definition, enumeration).into_iter().find(|(value, _)| value.name == member).map(|(_, ident)| ident),
        DefKind::Struct(strukt) => fields(&mut strukt.members.iter(), None),
        DefKind::Event(event) => fields(&mut event.members.iter(), None),
        DefKind::Command(command) => fields(&mut command.arguments.iter(), None),
        DefKind::Union(union) => fields(&mut union.base_members.iter(), Some(&union.discriminator)),
        DefKind::Alternate(_) => None,
    }
}

/// The note rustc shows: replacement, removal, and the reason.
#[must_use]
pub fn note(cx: &Context<'_>, info: &Info) -> Option<String> {
    let deprecation = info.deprecation.as_ref()?;
    let mut parts = Vec::new();
    if let Some(replacement) = &deprecation.replaced_by {
        parts.push(format!("replaced by `{}`", rust_path(cx, replacement)));
    }
    if let Some(removal) = deprecation.removal {
        parts.push(if info.status == Status::Removed { format!("removed in {removal}") } else { format!("to be removed in {removal}") });
    }
    let mut note = parts.join("; ");
    if let Some(doc) = &deprecation.doc {
        if !note.is_empty() {
            note.push_str(". ");
        }
        // rustdoc renders the note as Markdown: no links to resolve.
        note.push_str(&one_line(&doc.text).replace('[', "\\[").replace(']', "\\]"));
    }
    if note.is_empty() {
        note.push_str("deprecated");
    }
    Some(note)
}

/// `#[deprecated(since = "...", note = "...")]`, or nothing.
#[must_use]
pub fn attribute(cx: &Context<'_>, info: &Info) -> TokenStream {
    let Some(deprecation) = &info.deprecation else { return TokenStream::new() };
    let note = note(cx, info).unwrap_or_default();
    match deprecation.since {
        Some(since) => {
            // rustc takes any text, but clippy's `deprecated_semver` wants semver.
            let since = format!("{}.{}.{}", since.major, since.minor, since.micro.unwrap_or(0));
            quote!(#[deprecated(since = #since, note = #note)])
        }
        None => quote!(#[deprecated(note = #note)]),
    }
}

/// The Markdown paragraph documenting deprecation, removal or instability.
#[must_use]
pub fn doc_paragraphs(cx: &Context<'_>, info: &Info) -> Vec<String> {
    let mut paragraphs = Vec::new();
    if let Some(deprecation) = &info.deprecation {
        let mut text = match (info.status, deprecation.since) {
            (Status::Removed, Some(since)) => format!("**Removed:** deprecated since {since}"),
            (Status::Removed, None) => "**Removed:** deprecated".to_owned(),
            (_, Some(since)) => format!("**Deprecated** since {since}"),
            (_, None) => "**Deprecated**".to_owned(),
        };
        if let Some(replacement) = &deprecation.replaced_by {
            text.push_str(&format!("; replaced by `{}` (`{replacement}` in the schema)", rust_path(cx, replacement)));
        }
        if let Some(removal) = deprecation.removal {
            text.push_str(&if info.status == Status::Removed { format!("; removed in {removal}") } else { format!("; to be removed in {removal}") });
        }
        text.push('.');
        paragraphs.push(text);
    }
    if info.unstable {
        paragraphs.push("**Unstable:** this interface may change incompatibly, or go away, in any release.".to_owned());
    }
    paragraphs
}

/// Whether an item with this metadata is left out (removed, not asked for).
#[must_use]
pub fn omitted(info: &Info, include_removed: bool) -> bool {
    !info.is_emitted(include_removed)
}
