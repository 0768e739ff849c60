//! Derive macros, `#[derive(Schema)]`: the whole generated API of a schema
//! next to the item, with every file of the schema tracked for rebuilds.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::quote;

use super::attr::{self, Allowed, Errors};
use crate::outputs::Options;
use crate::rust::CfgMapping;

/// `#[derive(Schema)] #[qapi(schema = "...")]`; `manifest_dir` is the
/// crate's `CARGO_MANIFEST_DIR`, against which the path is resolved.
#[must_use]
pub fn schema(input: &syn::DeriveInput, manifest_dir: &Path) -> TokenStream {
    let mut cx = Errors::default();
    let attrs = attr::parse(&mut cx, &input.attrs, Allowed::Schema);
    let runtime = super::runtime_path(&mut cx, &attrs);
    let mut options = Options { include_removed: attrs.include_removed, ..Options::default() };
    options.rust.runtime_path = runtime.to_string().replace(' ', "");
    let mut mapping = CfgMapping::new();
    for (flag, predicate) in &attrs.cfg {
        match mapping.clone().flag(&flag.value, &predicate.value) {
            Ok(updated) => mapping = updated,
            Err(error) => cx.error(predicate.span, error),
        }
    }
    options.rust.cfg = mapping;
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
    let base = std::fs::canonicalize(manifest_dir).unwrap_or_else(|_| manifest_dir.to_path_buf());
    let mut lines: Vec<(String, u32, u32, String)> = failure
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let severity = diagnostic.severity.as_str();
            let help = diagnostic.help.as_ref().map(|h| format!("\n  help: {h}")).unwrap_or_default();
            match diagnostic.span {
                Some(span) => {
                    let file = failure.sources.file(span.file);
                    let shown = relative(&file.canonical, &base).display().to_string();
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

/// `path` relative to the directory `base` (with `..` where needed); both absolute.
fn relative(path: &Path, base: &Path) -> std::path::PathBuf {
    let path_parts: Vec<_> = path.components().collect();
    let base_parts: Vec<_> = base.components().collect();
    let common = path_parts.iter().zip(&base_parts).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut out = std::path::PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_to_the_crate() {
        assert_eq!(relative(Path::new("/w/main/schema/a.yaml"), Path::new("/w/main/tests/c")), Path::new("../../schema/a.yaml"));
        assert_eq!(relative(Path::new("/w/c/schema.yaml"), Path::new("/w/c")), Path::new("schema.yaml"));
    }

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
    fn a_valid_schema_expands_with_tracking() {
        let directory = tempfile::tempdir().expect("temporary directory");
        std::fs::write(directory.path().join("ok.yaml"), "module: ok\ndefinitions:\n  - event: PING\n").expect("write");
        let out = expand("#[qapi(schema = \"ok.yaml\")] struct S;", directory.path());
        assert!(out.contains("include_bytes") && out.contains("ok.yaml"), "{out}");
        assert!(out.contains("pub struct Ping"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }
}
