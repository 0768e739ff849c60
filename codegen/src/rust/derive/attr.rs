//! Derive macros, attributes: `#[qapi(...)]` parsed into plain values. Bad
//! keys and values are recorded and skipped, so every mistake of an item is
//! reported in one compilation (serde's approach).

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned as _;

/// The error collector of one expansion (`cx`).
#[derive(Default)]
pub struct Errors {
    list: Vec<syn::Error>,
}

impl Errors {
    /// Records an error at `span`.
    pub fn error(&mut self, span: Span, message: impl std::fmt::Display) {
        self.list.push(syn::Error::new(span, message));
    }

    /// Records an error with a hint.
    pub fn error_with_help(&mut self, span: Span, message: impl std::fmt::Display, help: &str) {
        self.list.push(syn::Error::new(span, format!("{message}\n\nhelp: {help}")));
    }

    /// Records a parse error.
    pub fn push(&mut self, error: syn::Error) {
        self.list.push(error);
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Every error as `compile_error!` tokens.
    pub fn to_compile_errors(&self) -> proc_macro2::TokenStream {
        self.list.iter().map(syn::Error::to_compile_error).collect()
    }
}

/// A string value and where it was written.
#[derive(Clone)]
pub struct Text {
    /// The value.
    pub value: String,
    /// The literal's span.
    pub span: Span,
}

/// `deprecated(...)`.
#[derive(Clone, Default)]
pub struct DeprecatedAttr {
    /// Where `deprecated` was written.
    pub span: Option<Span>,
    /// `since`.
    pub since: Option<Text>,
    /// `replaced_by`.
    pub replaced_by: Option<Text>,
    /// `removal`.
    pub removal: Option<Text>,
    /// `doc`.
    pub doc: Option<Text>,
}

/// Everything `#[qapi(...)]` may say on an item.
#[derive(Default)]
pub struct ItemAttrs {
    /// `name = "..."`.
    pub name: Option<Text>,
    /// `since = "..."`.
    pub since: Option<Text>,
    /// `unstable`.
    pub unstable: bool,
    /// `features("...", ...)`.
    pub features: Vec<Text>,
    /// `deprecated(...)`.
    pub deprecated: Option<DeprecatedAttr>,
    /// `returns = Type` (commands).
    pub returns: Option<syn::Type>,
    /// `name_exception`: allow `_` in a command name (QAPI's pragma exception).
    pub name_exception: bool,
    /// `schema = "..."` (schema derive).
    pub schema: Option<Text>,
    /// `include_removed` (schema derive).
    pub include_removed: bool,
    /// `cfg(FLAG = "predicate", ...)` (schema derive).
    pub cfg: Vec<(Text, Text)>,
    /// `conditions = "docs" | "feature" | "cfg"` (schema derive).
    pub conditions: Option<Text>,
    /// `oldest_server = "10.0"` (schema derive): the oldest server release
    /// the client talks to.
    pub oldest_server: Option<Text>,
    /// `crate = "..."`: path of the runtime crate.
    pub runtime: Option<Text>,
    /// `module = "..."` (schema derive): the module the API goes in.
    pub module: Option<Text>,
    /// `commands = ["...", ...]` (schema derive): the commands to generate.
    pub commands: Option<Vec<Text>>,
    /// `events = ["...", ...]` (schema derive): the events to generate.
    pub events: Option<Vec<Text>>,
    /// `derive(Path, ...)` and `derive("Selector", Path, ...)` (schema
    /// derive): derives added where valid, to every type or to the
    /// types the selector names.
    pub derives: Vec<(Option<Text>, syn::Path)>,
    /// `type_attribute("Selector", "#[...]")` (schema derive).
    pub type_attributes: Vec<(Text, Text)>,
    /// `field_attribute("Type.member", "#[...]")` (schema derive).
    pub field_attributes: Vec<(Text, Text)>,
    /// `extern_path("Type", "path::to::Type")` (schema derive).
    pub extern_paths: Vec<(Text, Text)>,
}

/// Which keys an item accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// `#[derive(Event)]`.
    Event,
    /// `#[derive(Command)]`.
    Command,
    /// `#[derive(Schema)]`.
    Schema,
}

impl Allowed {
    fn keys(self) -> &'static [&'static str] {
        match self {
            Allowed::Event => &["name", "since", "unstable", "features", "deprecated", "crate"],
            Allowed::Command => &["name", "since", "unstable", "features", "deprecated", "returns", "name_exception", "crate"],
            Allowed::Schema => &[
                "schema",
                "include_removed",
                "cfg",
                "conditions",
                "oldest_server",
                "crate",
                "module",
                "commands",
                "events",
                "derive",
                "type_attribute",
                "field_attribute",
                "extern_path",
            ],
        }
    }
}

/// Parses every `#[qapi(...)]` attribute of `attrs`.
pub fn parse(cx: &mut Errors, attrs: &[syn::Attribute], allowed: Allowed) -> ItemAttrs {
    let mut out = ItemAttrs::default();
    let mut seen: Vec<String> = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("qapi")) {
        let result = attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            let span = meta.path.span();
            if !allowed.keys().contains(&key.as_str()) {
                let expected = allowed.keys().iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                cx.error(span, format!("unknown qapi attribute `{}`; expected one of {expected}", path_text(&meta.path)));
                return skip_value(&meta);
            }
            if seen.contains(&key) && !matches!(key.as_str(), "cfg" | "features" | "derive" | "type_attribute" | "field_attribute" | "extern_path") {
                cx.error(span, format!("duplicate qapi attribute `{key}`"));
                return skip_value(&meta);
            }
            seen.push(key.clone());
            match key.as_str() {
                "name" => out.name = string_value(cx, &meta)?,
                "since" => out.since = string_value(cx, &meta)?,
                "schema" => out.schema = string_value(cx, &meta)?,
                "crate" => out.runtime = string_value(cx, &meta)?,
                "conditions" => out.conditions = string_value(cx, &meta)?,
                "oldest_server" => out.oldest_server = string_value(cx, &meta)?,
                "module" => out.module = string_value(cx, &meta)?,
                "commands" => out.commands = Some(string_list(&meta)?),
                "events" => out.events = Some(string_list(&meta)?),
                "derive" => {
                    let content;
                    syn::parenthesized!(content in meta.input);
                    let selector = if content.peek(syn::LitStr) {
                        let selector: syn::LitStr = content.parse()?;
                        content.parse::<syn::Token![,]>()?;
                        Some(Text { value: selector.value(), span: selector.span() })
                    } else {
                        None
                    };
                    let paths = content.parse_terminated(syn::Path::parse_mod_style, syn::Token![,])?;
                    out.derives.extend(paths.into_iter().map(|path| (selector.clone(), path)));
                }
                "type_attribute" => out.type_attributes.push(string_pair(&meta)?),
                "field_attribute" => out.field_attributes.push(string_pair(&meta)?),
                "extern_path" => out.extern_paths.push(string_pair(&meta)?),
                "unstable" => out.unstable = true,
                "name_exception" => out.name_exception = true,
                "include_removed" => out.include_removed = true,
                "returns" => out.returns = Some(meta.value()?.parse()?),
                "features" => {
                    let content;
                    syn::parenthesized!(content in meta.input);
                    let names = content.parse_terminated(<syn::LitStr as syn::parse::Parse>::parse, syn::Token![,])?;
                    out.features.extend(names.into_iter().map(|lit| Text { value: lit.value(), span: lit.span() }));
                }
                "deprecated" => out.deprecated = Some(deprecated(cx, &meta, span)?),
                "cfg" => meta.parse_nested_meta(|entry| {
                    let flag = Text { value: path_text(&entry.path), span: entry.path.span() };
                    if let Some(predicate) = string_value(cx, &entry)? {
                        out.cfg.push((flag, predicate));
                    }
                    Ok(())
                })?,
                _ => {}
            }
            Ok(())
        });
        if let Err(error) = result {
            cx.push(error);
        }
    }
    out
}

fn path_text(path: &syn::Path) -> String {
    path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::")
}

/// `key("first", "second")`: a selector or name and its value.
fn string_pair(meta: &ParseNestedMeta<'_>) -> syn::Result<(Text, Text)> {
    let content;
    syn::parenthesized!(content in meta.input);
    let first: syn::LitStr = content.parse()?;
    content.parse::<syn::Token![,]>()?;
    let second: syn::LitStr = content.parse()?;
    if !content.is_empty() {
        content.parse::<syn::Token![,]>()?;
    }
    if !content.is_empty() {
        return Err(content.error(format!("expected two strings, e.g. `{}(\"Selector\", \"...\")`", path_text(&meta.path))));
    }
    Ok((Text { value: first.value(), span: first.span() }, Text { value: second.value(), span: second.span() }))
}

/// `key = "string"`; a non-string literal is recorded and skipped.
fn string_value(cx: &mut Errors, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<Text>> {
    let lit: syn::Lit = meta.value()?.parse()?;
    match lit {
        syn::Lit::Str(text) => Ok(Some(Text { value: text.value(), span: text.span() })),
        other => {
            cx.error(other.span(), format!("expected a string for `{}`, e.g. `{} = \"...\"`", path_text(&meta.path), path_text(&meta.path)));
            Ok(None)
        }
    }
}

/// `key = ["...", ...]`: a list of strings.
fn string_list(meta: &ParseNestedMeta<'_>) -> syn::Result<Vec<Text>> {
    let value = meta.value()?;
    if !value.peek(syn::token::Bracket) {
        let key = path_text(&meta.path);
        return Err(value.error(format!("expected a list of strings for `{key}`, e.g. `{key} = [\"query-status\", \"device_*\"]`")));
    }
    let content;
    syn::bracketed!(content in value);
    let items = content.parse_terminated(<syn::LitStr as syn::parse::Parse>::parse, syn::Token![,])?;
    Ok(items.into_iter().map(|lit| Text { value: lit.value(), span: lit.span() }).collect())
}

/// Consumes whatever follows an unusable key.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}

fn deprecated(cx: &mut Errors, meta: &ParseNestedMeta<'_>, span: Span) -> syn::Result<DeprecatedAttr> {
    let mut out = DeprecatedAttr { span: Some(span), ..DeprecatedAttr::default() };
    if !meta.input.peek(syn::token::Paren) {
        return Ok(out);
    }
    meta.parse_nested_meta(|inner| {
        let key = path_text(&inner.path);
        let slot = match key.as_str() {
            "since" => &mut out.since,
            "replaced_by" => &mut out.replaced_by,
            "removal" => &mut out.removal,
            "doc" => &mut out.doc,
            _ => {
                cx.error(inner.path.span(), format!("unknown key `{key}` in `deprecated`; expected `since`, `replaced_by`, `removal` or `doc`"));
                return skip_value(&inner);
            }
        };
        if slot.is_some() {
            cx.error(inner.path.span(), format!("duplicate key `{key}` in `deprecated`"));
            return skip_value(&inner);
        }
        *slot = string_value(cx, &inner)?;
        Ok(())
    })?;
    Ok(out)
}
