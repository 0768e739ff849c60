//! Logic of the derive macros; `qapi-gen-derive` only forwards to it.
//!
//! - `#[derive(Event)]` / `#[derive(Command)]` implement the runtime traits
//!   for hand-written types, applying the front end's rules (name case,
//!   version syntax, deprecation metadata) through `qapi_gen_schema::rules`,
//!   and report every mistake at once on the span of the offending literal.
//! - `#[derive(Schema)]` loads a schema and expands the whole generated API
//!   ([`super::emit`]) next to the item, or in the `module` it names, with
//!   the customisation (`commands`, `events`, `derive`) of the other front
//!   doors.
//!
//! On errors the expansion still contains a placeholder impl, so the user
//! sees the real mistakes and not a cascade of "trait not implemented".

mod attr;
mod schema;

use proc_macro2::{Span, TokenStream};
use qapi_gen_schema::model::Feature;
use qapi_gen_schema::rules::{self, NameKind};
use quote::quote;

use attr::{Allowed, Errors, ItemAttrs};
pub use schema::schema;

/// `#[derive(Event)]`.
#[must_use]
pub fn event(input: &syn::DeriveInput) -> TokenStream {
    let mut cx = Errors::default();
    let attrs = attr::parse(&mut cx, &input.attrs, Allowed::Event);
    let common = check_common(&mut cx, input, &attrs, NameKind::Event);
    let runtime = runtime_path(&mut cx, &attrs);
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let ident = &input.ident;
    let Common { name, since, features, deprecation, unstable } = common.tokens(&runtime);
    let metadata = super::context::metadata_consts(&runtime, &since, &features, &deprecation, &unstable);
    let has_data = has_members(input);
    let errors = cx.to_compile_errors();
    quote! {
        #errors
        #[allow(deprecated)]
        #[automatically_derived]
        impl #impl_generics #runtime::Event for #ident #ty_generics #where_clause {
            const NAME: &'static str = #name;
            #metadata
            const HAS_DATA: bool = #has_data;
        }
    }
}

/// `#[derive(Command)]`.
#[must_use]
pub fn command(input: &syn::DeriveInput) -> TokenStream {
    let mut cx = Errors::default();
    let attrs = attr::parse(&mut cx, &input.attrs, Allowed::Command);
    let common = check_common(&mut cx, input, &attrs, NameKind::Command);
    let runtime = runtime_path(&mut cx, &attrs);
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let ident = &input.ident;
    let Common { name, since, features, deprecation, unstable } = common.tokens(&runtime);
    let metadata = super::context::metadata_consts(&runtime, &since, &features, &deprecation, &unstable);
    let returns = match &attrs.returns {
        Some(ty) => quote!(#ty),
        None => quote!(#runtime::Empty),
    };
    let has_arguments = has_members(input);
    let errors = cx.to_compile_errors();
    quote! {
        #errors
        #[allow(deprecated)]
        #[automatically_derived]
        impl #impl_generics #runtime::Command for #ident #ty_generics #where_clause {
            const NAME: &'static str = #name;
            type Returns = #returns;
            #metadata
            const HAS_ARGUMENTS: bool = #has_arguments;
        }
    }
}

/// Checked values shared by both derives (placeholders where a check failed).
struct Checked {
    name: String,
    since: Option<String>,
    features: Vec<String>,
    deprecation: Option<DeprecationText>,
    unstable: bool,
}

/// `since`, `replaced_by`, `removal`, `doc` of `deprecated(...)`.
type DeprecationText = (Option<String>, Option<String>, Option<String>, Option<String>);

struct Common {
    name: TokenStream,
    since: TokenStream,
    features: TokenStream,
    deprecation: TokenStream,
    unstable: TokenStream,
}

fn optional(value: Option<&String>) -> TokenStream {
    match value {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    }
}

impl Checked {
    fn tokens(&self, runtime: &TokenStream) -> Common {
        let name = &self.name;
        let features = &self.features;
        let deprecation = match &self.deprecation {
            Some((since, replaced_by, removal, doc)) => {
                let (since, replaced_by, removal, doc) = (optional(since.as_ref()), optional(replaced_by.as_ref()), optional(removal.as_ref()), optional(doc.as_ref()));
                quote!(::core::option::Option::Some(#runtime::Deprecation { since: #since, replaced_by: #replaced_by, removal: #removal, doc: #doc }))
            }
            None => quote!(::core::option::Option::None),
        };
        let unstable = self.unstable;
        Common { name: quote!(#name), since: optional(self.since.as_ref()), features: quote!(&[#(#features),*]), deprecation, unstable: quote!(#unstable) }
    }
}

/// The rules of the front end, applied to the attribute values.
fn check_common(cx: &mut Errors, input: &syn::DeriveInput, attrs: &ItemAttrs, kind: NameKind) -> Checked {
    let name = match &attrs.name {
        Some(name) => {
            if let Err(problem) = rules::definition_name(kind, &name.value, attrs.name_exception) {
                let help = if kind == NameKind::Command && !attrs.name_exception && name.value.contains('_') {
                    "use lower-case words joined by `-`, or add `name_exception` for an existing QAPI name such as `device_del`"
                } else {
                    problem.help
                };
                cx.error_with_help(name.span, problem.message, help);
            }
            name.value.clone()
        }
        None => {
            let example = if kind == NameKind::Event { "#[qapi(name = \"DEVICE_DELETED\")]" } else { "#[qapi(name = \"device-list\")]" };
            cx.error(input.ident.span(), format!("missing `name`: add the wire name, e.g. `{example}`"));
            String::new()
        }
    };
    let version = |cx: &mut Errors, text: &attr::Text| match rules::version(&text.value) {
        Ok(version) => Some(version),
        Err(problem) => {
            cx.error_with_help(text.span, problem.message, problem.help);
            None
        }
    };
    let item_since = attrs.since.as_ref().and_then(|text| version(cx, text));
    let mut features: Vec<String> = Vec::new();
    let deprecation = attrs.deprecated.as_ref().map(|deprecated| {
        let span = deprecated.span.unwrap_or_else(Span::call_site);
        let since = deprecated.since.as_ref().and_then(|t| version(cx, t));
        let removal = deprecated.removal.as_ref().and_then(|t| version(cx, t));
        // Without a policy in a derive, QEMU's is assumed: two releases, three minors per major.
        let syntax_ok = deprecated.since.as_ref().is_none_or(|_| since.is_some()) && deprecated.removal.as_ref().is_none_or(|_| removal.is_some());
        if syntax_ok {
            for problem in rules::deprecation(item_since, since, removal, 2, Some(3)) {
                let at = if problem.message.starts_with("removal") { deprecated.removal.as_ref().map_or(span, |t| t.span) } else { deprecated.since.as_ref().map_or(span, |t| t.span) };
                cx.error_with_help(at, problem.message, problem.help);
            }
        }
        if let Some(replacement) = &deprecated.replaced_by {
            if let Err(problem) = rules::replacement(&replacement.value) {
                cx.error_with_help(replacement.span, problem.message, problem.help);
            } else if replacement.value == name {
                cx.error(replacement.span, format!("`{name}` cannot be replaced by itself"));
            }
        }
        features.push(Feature::DEPRECATED.to_owned());
        let text = |t: &Option<attr::Text>| t.as_ref().map(|t| t.value.clone());
        (text(&deprecated.since), text(&deprecated.replaced_by), text(&deprecated.removal), text(&deprecated.doc))
    });
    if attrs.unstable {
        features.push(Feature::UNSTABLE.to_owned());
    }
    for feature in &attrs.features {
        if feature.value == Feature::DEPRECATED || feature.value == Feature::UNSTABLE {
            cx.error_with_help(feature.span, format!("`{}` is a special feature", feature.value), "write `deprecated(...)` or `unstable` instead");
        } else if let Err(problem) = rules::feature_name(&feature.value) {
            cx.error_with_help(feature.span, problem.message, problem.help);
        } else if features.contains(&feature.value) {
            cx.error(feature.span, format!("duplicate feature `{}`", feature.value));
        } else {
            features.push(feature.value.clone());
        }
    }
    Checked { name, since: attrs.since.as_ref().map(|t| t.value.clone()), features, deprecation, unstable: attrs.unstable }
}

/// The runtime crate's path: `crate = "..."` or `::qapi_runtime`.
fn runtime_path(cx: &mut Errors, attrs: &ItemAttrs) -> TokenStream {
    match &attrs.runtime {
        Some(text) => match syn::parse_str::<syn::Path>(&text.value) {
            Ok(path) => quote!(#path),
            Err(_) => {
                cx.error(text.span, format!("`{}` is not a path", text.value));
                quote!(::qapi_runtime)
            }
        },
        None => quote!(::qapi_runtime),
    }
}

/// Whether the type has members on the wire (unit and empty structs have none).
fn has_members(input: &syn::DeriveInput) -> bool {
    match &input.data {
        syn::Data::Struct(data) => !data.fields.is_empty(),
        _ => true,
    }
}

/// Whether all went well (used by the schema derive).
fn no_errors(cx: &Errors) -> bool {
    cx.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(expand: fn(&syn::DeriveInput) -> TokenStream, source: &str) -> Vec<String> {
        let input: syn::DeriveInput = syn::parse_str(source).expect("valid item");
        let out = expand(&input).to_string();
        out.split("compile_error !").skip(1).map(|s| s.split("\" }").next().unwrap_or_default().trim_start_matches(" { \"").to_owned()).collect()
    }

    #[test]
    fn a_valid_event_has_no_errors() {
        assert!(messages(event, r#"#[qapi(name = "MEM_UNPLUG_ERROR", since = "2.4", deprecated(since = "6.2", replaced_by = "DEVICE_UNPLUG_GUEST_ERROR", removal = "9.1"), features("json-cli"))] struct S { a: i32 }"#).is_empty());
        assert!(messages(command, r#"#[qapi(name = "device_del", name_exception, returns = Vec<String>)] struct S {}"#).is_empty());
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let found = messages(event, r#"#[qapi(name = "device-deleted", since = "one.five", deprecated(removal = "9.1"), bogus)] struct S {}"#);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found.iter().any(|m| m.contains("unknown qapi attribute `bogus`")), "{found:?}");
        assert!(found.iter().any(|m| m.contains("event name `device-deleted` has the wrong case")), "{found:?}");
        assert!(found.iter().any(|m| m.contains("invalid version `one.five`")), "{found:?}");
        assert!(found.iter().any(|m| m.contains("`deprecated` needs `since`")), "{found:?}");
    }

    /// A derive, an input for it, and a message it must report.
    type Case = (fn(&syn::DeriveInput) -> TokenStream, &'static str, &'static str);

    #[test]
    fn front_end_rules_apply() {
        let cases: &[Case] = &[
            (event, r#"#[qapi(since = "1.5")] struct S {}"#, "missing `name`"),
            (event, r#"#[qapi(name = "X", deprecated(since = "6.2", removal = "7.0"))] struct S {}"#, "removal in 7.0 is too early"),
            (event, r#"#[qapi(name = "X", since = "7.0", deprecated(since = "6.2"))] struct S {}"#, "deprecated since 6.2 but only introduced in 7.0"),
            (event, r#"#[qapi(name = "X", deprecated(since = "6.2", replaced_by = "not a name"))] struct S {}"#, "is not a definition name"),
            (event, r#"#[qapi(name = "X")] #[qapi(name = "Y")] struct S {}"#, "duplicate qapi attribute `name`"),
            (event, r#"#[qapi(name = "X", since = 1.5)] struct S {}"#, "expected a string for `since`"),
            (event, r#"#[qapi(name = "X", features("deprecated", "Bad_Case", "ok", "ok"))] struct S {}"#, "is a special feature"),
            (event, r#"#[qapi(name = "X", features("Bad_Case"))] struct S {}"#, "feature name `Bad_Case` has the wrong case"),
            (event, r#"#[qapi(name = "X", features("ok", "ok"))] struct S {}"#, "duplicate feature `ok`"),
            (event, r#"#[qapi(name = "X", returns = String)] struct S {}"#, "unknown qapi attribute `returns`"),
            (command, r#"#[qapi(name = "device_del")] struct S {}"#, "add `name_exception`"),
        ];
        for (expand, source, expected) in cases {
            let found = messages(*expand, source);
            assert!(found.iter().any(|m| m.contains(expected)), "{source}: expected `{expected}` in {found:?}");
        }
    }

    #[test]
    fn an_erroneous_item_still_gets_an_impl() {
        let input: syn::DeriveInput = syn::parse_str(r#"#[qapi(name = "bad")] struct S {}"#).expect("valid item");
        let out = event(&input).to_string();
        assert!(out.contains("compile_error") && out.contains("impl :: qapi_runtime :: Event for S"), "{out}");
    }

    #[test]
    fn schema_derive_customisation() {
        let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let expand = |source: &str| {
            let input: syn::DeriveInput = syn::parse_str(source).expect("valid item");
            schema(&input, &workspace).to_string()
        };
        let out = expand(r#"#[qapi(schema = "schema/unplug-events.yaml", module = "qmp", events = ["DEVICE_*"], commands = [], derive(Eq, ::core::hash::Hash))] struct S;"#);
        assert!(!out.contains("compile_error"), "{out}");
        assert!(out.contains("pub mod qmp {"), "the API goes into the module");
        assert!(out.contains("impl S {"), "the constants stay on the item");
        assert!(out.contains("pub struct DeviceDeleted") && !out.contains("pub struct MemUnplugError") && !out.contains("pub struct DeviceDel "), "{out}");
        assert!(out.contains("# [derive (Eq , :: core :: hash :: Hash)]"), "{out}");

        let unmatched = expand(r#"#[qapi(schema = "schema/unplug-events.yaml", events = ["DEVICE_*", "BLOCK_JOB_*"])] struct S;"#);
        assert!(unmatched.contains("compile_error ! { \"events selector `BLOCK_JOB_*` matches no event\" }"), "{unmatched}");
        assert!(unmatched.contains("pub struct DeviceDeleted"), "the API is still expanded, so nothing else fails");
    }
}
