//! Rust emitter, lifecycle: `#[deprecated]` attributes and the doc notes
//! for deprecated, removed and unstable items.

use proc_macro2::TokenStream;
use qapi_gen_schema::model::{Info, Status};
use quote::quote;

/// One line of prose from Markdown: whitespace collapsed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The note rustc shows: replacement, removal, and the reason.
#[must_use]
pub fn note(info: &Info) -> Option<String> {
    let deprecation = info.deprecation.as_ref()?;
    let mut parts = Vec::new();
    if let Some(replacement) = &deprecation.replaced_by {
        parts.push(format!("replaced by `{replacement}`"));
    }
    if let Some(removal) = deprecation.removal {
        parts.push(if info.status == Status::Removed { format!("removed in {removal}") } else { format!("to be removed in {removal}") });
    }
    let mut note = parts.join("; ");
    if let Some(doc) = &deprecation.doc {
        if !note.is_empty() {
            note.push_str(". ");
        }
        note.push_str(&one_line(&doc.text));
    }
    if note.is_empty() {
        note.push_str("deprecated");
    }
    Some(note)
}

/// `#[deprecated(since = "...", note = "...")]`, or nothing.
#[must_use]
pub fn attribute(info: &Info) -> TokenStream {
    let Some(deprecation) = &info.deprecation else { return TokenStream::new() };
    let note = note(info).unwrap_or_default();
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
pub fn doc_paragraphs(info: &Info) -> Vec<String> {
    let mut paragraphs = Vec::new();
    if let Some(deprecation) = &info.deprecation {
        let mut text = match (info.status, deprecation.since) {
            (Status::Removed, Some(since)) => format!("**Removed:** deprecated since {since}"),
            (Status::Removed, None) => "**Removed:** deprecated".to_owned(),
            (_, Some(since)) => format!("**Deprecated** since {since}"),
            (_, None) => "**Deprecated**".to_owned(),
        };
        if let Some(replacement) = &deprecation.replaced_by {
            text.push_str(&format!("; replaced by `{replacement}`"));
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
