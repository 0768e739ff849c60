//! Derive macros, `#[derive(Schema)]`: the whole generated API of a schema
//! next to the item, with every file of the schema tracked for rebuilds.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::quote;

use super::attr::{self, Allowed, Errors};
use crate::outputs::Options;
use crate::rust::{CfgMapping, FlagStyle};

/// `#[derive(Schema)] #[qapi(schema = "...")]`; `manifest_dir` is the
/// crate's `CARGO_MANIFEST_DIR`, against which the path is resolved.
#[must_use]
pub fn schema(input: &syn::DeriveInput, manifest_dir: &Path) -> TokenStream {
    let mut cx = Errors::default();
    let attrs = attr::parse(&mut cx, &input.attrs, Allowed::Schema);
    let runtime = super::runtime_path(&mut cx, &attrs);
    let mut options = Options { include_removed: attrs.include_removed, ..Options::default() };
    options.provenance.front_door = crate::output::FrontDoor::Derive;
    options.rust.runtime_path = runtime.to_string().replace(' ', "");
    let mut mapping = CfgMapping::new();
    if let Some(style) = &attrs.conditions {
        match FlagStyle::from_name(&style.value) {
            Some(known) => mapping = mapping.style(known),
            None => {
                let names = FlagStyle::ALL.iter().map(|style| format!("`{style}`")).collect::<Vec<_>>().join(", ");
                cx.error(style.span, format!("unknown conditions style `{}`; expected one of {names}", style.value));
            }
        }
    }
    for (flag, predicate) in &attrs.cfg {
        match mapping.clone().flag(&flag.value, &predicate.value) {
            Ok(updated) => mapping = updated,
            Err(error) => cx.error(predicate.span, error),
        }
    }
    options.rust.cfg = mapping;
    if let Some(version) = &attrs.oldest_server {
        match qapi_gen_schema::version::Version::parse(&version.value) {
            Some(parsed) => options.rust.oldest_server = Some(parsed),
            None => cx.error(version.span, format!("`{}` is not a version such as `10.0`", version.value)),
        }
    }
    customize(&mut cx, &attrs, &mut options.rust.custom);
    let Some(path_text) = &attrs.schema else {
        cx.error(input.ident.span(), "missing `schema`: add `#[qapi(schema = \"path/to/schema.yaml\")]`, relative to the crate's Cargo.toml");
        return cx.to_compile_errors();
    };
    if !super::no_errors(&cx) {
        return cx.to_compile_errors();
    }
    let path = manifest_dir.join(&path_text.value);
    let ident = &input.ident;
    match qapi_gen_schema::load(&path) {
        Ok(loaded) => {
            let tracked = track(&canonical(&loaded.sources));
            let api = crate::rust::emit(&loaded.schema, &options.rust());
            // Selectors that match nothing: a derive has no warnings, so
            // they are errors here, on the glob's literal.
            let unmatched = options.rust.custom.unmatched(&loaded.schema);
            if !unmatched.is_empty() {
                let globs: Vec<&attr::Text> = attrs.commands.iter().chain(&attrs.events).flatten().collect();
                for message in unmatched {
                    let span = globs.iter().find(|glob| message.contains(&format!("`{}`", glob.value))).map_or(path_text.span, |glob| glob.span);
                    cx.error(span, message);
                }
                let errors = cx.to_compile_errors();
                return quote!(#tracked #errors #api);
            }
            let module = &loaded.schema.module;
            let version = loaded.schema.version.map(|v| v.to_string());
            let version = match version {
                Some(text) => quote!(::core::option::Option::Some(#text)),
                None => quote!(::core::option::Option::None),
            };
            quote! {
                #tracked
                impl #ident {
                    /// Name of the schema's top module.
                    pub const MODULE: &'static str = #module;
                    /// Interface version the schema describes.
                    pub const VERSION: ::core::option::Option<&'static str> = #version;
                }
                #api
            }
        }
        Err(failure) => {
            let tracked = track(&canonical(&failure.sources));
            for line in render(&failure, manifest_dir) {
                cx.error(path_text.span, line);
            }
            let errors = cx.to_compile_errors();
            quote!(#tracked #errors)
        }
    }
}

/// `module`, `commands`, `events`, `derive(...)`, `type_attribute`,
/// `field_attribute` and `extern_path` into the shared customisation; a
/// refused value is an error on its literal.
fn customize(cx: &mut Errors, attrs: &attr::ItemAttrs, custom: &mut crate::rust::Customization) {
    let mut record = |span: proc_macro2::Span, result: Result<(), crate::rust::OptionError>| {
        if let Err(error) = result {
            cx.error(span, error);
        }
    };
    if let Some(module) = &attrs.module {
        record(module.span, custom.module(&module.value));
    }
    for (list, commands) in [(&attrs.commands, true), (&attrs.events, false)] {
        let Some(list) = list else { continue };
        if list.is_empty() {
            // An empty list selects nothing, which is what it says.
            record(proc_macro2::Span::call_site(), if commands { custom.commands(Vec::<String>::new()) } else { custom.events(Vec::<String>::new()) });
        }
        for glob in list {
            record(glob.span, if commands { custom.commands([&glob.value]) } else { custom.events([&glob.value]) });
        }
    }
    for (selector, path) in &attrs.derives {
        let text = quote!(#path).to_string();
        let result = custom.derive(selector.as_ref().map_or("*", |selector| selector.value.as_str()), &text);
        record(pair_span(selector.as_ref(), syn::spanned::Spanned::span(path), &result), result);
    }
    for (selector, attributes) in &attrs.type_attributes {
        let result = custom.type_attribute(&selector.value, &attributes.value);
        record(pair_span(Some(selector), attributes.span, &result), result);
    }
    for (selector, attributes) in &attrs.field_attributes {
        let result = custom.field_attribute(&selector.value, &attributes.value);
        record(pair_span(Some(selector), attributes.span, &result), result);
    }
    for (name, path) in &attrs.extern_paths {
        let result = custom.extern_path(&name.value, &path.value);
        record(pair_span(Some(name), path.span, &result), result);
    }
}

/// Where a refused pair of values is reported: on the selector when the
/// error names it, on the value otherwise.
fn pair_span(selector: Option<&attr::Text>, value: proc_macro2::Span, result: &Result<(), crate::rust::OptionError>) -> proc_macro2::Span {
    match (selector, result) {
        (Some(selector), Err(error)) if error.value == selector.value.trim() => selector.span,
        _ => value,
    }
}

/// The identity of every file read, as the front end recorded it.
fn canonical(sources: &qapi_gen_schema::SourceMap) -> Vec<std::path::PathBuf> {
    sources.files().map(|(_, file)| file.canonical.clone()).collect()
}

/// `include_bytes!` of every file, so that editing one rebuilds the crate.
fn track(files: &[std::path::PathBuf]) -> TokenStream {
    let includes = files.iter().map(|file| {
        let text = file.to_string_lossy().into_owned();
        quote!(const _: &[u8] = ::core::include_bytes!(#text);)
    });
    quote!(#(#includes)*)
}

/// Every diagnostic as `path:line:column: error: message` (with `help:`),
/// paths relative to the crate so messages do not depend on where rustc runs.
fn render(failure: &qapi_gen_schema::Failure, manifest_dir: &Path) -> Vec<String> {
    let mut lines: Vec<(String, u32, u32, String)> = failure
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let severity = diagnostic.severity.as_str();
            let help = diagnostic.help.as_ref().map(|h| format!("\n  help: {h}")).unwrap_or_default();
            match diagnostic.span {
                Some(span) => {
                    let file = failure.sources.file(span.file);
                    let shown = crate::output::relative_path(&file.canonical, manifest_dir);
                    let text = format!("{shown}:{}:{}: {severity}: {}{help}", span.start.line, span.start.column, diagnostic.message);
                    (shown, span.start.line, span.start.column, text)
                }
                None => (String::new(), 0, 0, format!("{severity}: {}{help}", diagnostic.message)),
            }
        })
        .collect();
    lines.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
    lines.into_iter().map(|(_, _, _, text)| text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(source: &str, manifest_dir: &Path) -> String {
        let input: syn::DeriveInput = syn::parse_str(source).expect("valid item");
        schema(&input, manifest_dir).to_string()
    }

    #[test]
    fn schema_errors_quote_path_line_and_column() {
        let directory = tempfile::tempdir().expect("temporary directory");
        std::fs::write(directory.path().join("bad.yaml"), "definitions:\n  - event: lower_case\n  - struct: x\n    data: {}\n").expect("write");
        let out = expand("#[qapi(schema = \"bad.yaml\")] struct S;", directory.path());
        assert!(out.contains("bad.yaml:2:12: error: event name `lower_case` has the wrong case"), "{out}");
        assert!(out.contains("bad.yaml:3:13: error:"), "{out}");
        assert!(out.contains("include_bytes"), "the schema must be tracked even when it has errors: {out}");
        let missing = expand("#[qapi(schema = \"missing.yaml\")] struct S;", directory.path());
        assert!(missing.contains("compile_error"), "{missing}");
    }

    #[test]
    fn conditions_follow_the_chosen_style() {
        let directory = tempfile::tempdir().expect("temporary directory");
        std::fs::write(directory.path().join("ok.yaml"), "module: ok\ndefinitions:\n  - event: PING\n    if: CONFIG_X\n").expect("write");
        let default = expand("#[qapi(schema = \"ok.yaml\")] struct S;", directory.path());
        assert!(default.contains("pub struct Ping") && !default.contains("cfg"), "{default}");
        let cfg = expand("#[qapi(schema = \"ok.yaml\", conditions = \"cfg\")] struct S;", directory.path());
        assert!(cfg.contains("# [cfg (config_x)]"), "{cfg}");
        let feature = expand("#[qapi(schema = \"ok.yaml\", conditions = \"feature\")] struct S;", directory.path());
        assert!(feature.contains("# [cfg (feature = \"config_x\")]"), "{feature}");
    }

    #[test]
    fn the_oldest_server_makes_newer_received_members_optional() {
        let directory = tempfile::tempdir().expect("temporary directory");
        let schema = "module: dated\ndefinitions:\n  - event: PING\n    since: \"1.0\"\n    data:\n      extra:\n        type: int\n        since: \"2.0\"\n";
        std::fs::write(directory.path().join("dated.yaml"), schema).expect("write");
        let plain = expand("#[qapi(schema = \"dated.yaml\")] struct S;", directory.path());
        assert!(plain.contains("pub extra : i64"), "{plain}");
        let floored = expand("#[qapi(schema = \"dated.yaml\", oldest_server = \"1.0\")] struct S;", directory.path());
        assert!(floored.contains("pub extra : :: core :: option :: Option < i64 >"), "{floored}");
        let bad = expand("#[qapi(schema = \"dated.yaml\", oldest_server = \"ten\")] struct S;", directory.path());
        assert!(bad.contains("`ten` is not a version such as `10.0`"), "{bad}");
    }

    #[test]
    fn a_valid_schema_expands_with_tracking() {
        let directory = tempfile::tempdir().expect("temporary directory");
        std::fs::write(directory.path().join("ok.yaml"), "module: ok\ndefinitions:\n  - event: PING\n").expect("write");
        let out = expand("#[qapi(schema = \"ok.yaml\")] struct S;", directory.path());
        assert!(out.contains("include_bytes") && out.contains("ok.yaml"), "{out}");
        assert!(out.contains("pub struct Ping"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }
}
