//! Rust emitter, customisation options: extra derives and attributes on
//! generated types and fields, extern paths instead of generated types,
//! the commands and events to generate, and a wrapping module. Every value
//! is parsed here, once, when a front door sets it, and rejected with an
//! [`OptionError`] when invalid, so the emitter cannot fail; what a
//! selector matches is decided from the model in `plan`.
//!
//! Selectors are globs over schema names ([`rules::glob_matches`]: `*` any
//! run of characters, `?` one character). A type selector matches a
//! definition by its schema name (`BlockdevOptions`, `DEVICE_DELETED`,
//! `query-status`) or by the name of the Rust type generated for it
//! (`DeviceDeleted`, `QueryStatus`). See `docs/customisation.md`.

use std::collections::BTreeMap;

use qapi_gen_schema::Schema;
use qapi_gen_schema::model::Definition;
use qapi_gen_schema::rules;

use super::ident::{self, Case};

/// A customisation that cannot be applied as given.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OptionError {
    /// The option (`type_attribute`, `extern_path`, …).
    pub option: &'static str,
    /// The value as given.
    pub value: String,
    /// What is wrong with it.
    pub message: String,
}

impl std::fmt::Display for OptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid `{}` value `{}`: {}", self.option, self.value, self.message)
    }
}

impl std::error::Error for OptionError {}

/// One derive to add, as the path was written (`Hash`, `schemars::JsonSchema`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Derive {
    /// The selector of the types it goes on.
    pub selector: String,
    /// The path, normalised (`schemars :: JsonSchema`), parsed when set.
    pub path: String,
    /// The path's last segment (`JsonSchema`), which says what it needs.
    pub trait_name: String,
}

/// Attributes given as text, checked and normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Attributes {
    /// The type selector.
    pub selector: String,
    /// For a field attribute, the member selector.
    pub member: Option<String>,
    /// The attributes' tokens, normalised, parsed when set.
    pub tokens: String,
    /// Whether one of them is a `#[serde(...)]` attribute.
    pub speaks_serde: bool,
}

/// The customisation of the Rust output; every setter checks its value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Customization {
    pub(crate) derives: Vec<Derive>,
    pub(crate) type_attributes: Vec<Attributes>,
    pub(crate) field_attributes: Vec<Attributes>,
    /// Schema type name to the Rust path used instead of generating it.
    pub(crate) extern_paths: BTreeMap<String, String>,
    /// Globs of the commands to generate; `None` for every command.
    pub(crate) commands: Option<Vec<String>>,
    /// Globs of the events to generate; `None` for every event.
    pub(crate) events: Option<Vec<String>>,
    /// The module wrapping the output.
    pub(crate) module: Option<String>,
}

fn error(option: &'static str, value: &str, message: impl Into<String>) -> OptionError {
    OptionError { option, value: value.to_owned(), message: message.into() }
}

fn selector(option: &'static str, text: &str) -> Result<String, OptionError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(error(option, text, "the selector is empty; use `*` for every definition"));
    }
    if text.contains(char::is_whitespace) {
        return Err(error(option, text, "a selector is a schema name or a glob of one, without spaces"));
    }
    Ok(text.to_owned())
}

fn path(option: &'static str, text: &str) -> Result<syn::Path, OptionError> {
    syn::parse_str::<syn::Path>(text.trim()).map_err(|_| error(option, text, "not a Rust path such as `Hash` or `crate::shared::BlockdevOptions`"))
}

fn path_text(path: &syn::Path) -> String {
    quote::ToTokens::to_token_stream(path).to_string()
}

impl Customization {
    /// Adds `derive` (a path: `Hash`, `schemars::JsonSchema`) to the
    /// generated types `selector` matches, where it is valid (see
    /// `docs/customisation.md`: `Eq`, `Hash`, `PartialOrd` and `Ord` never
    /// on a type holding a number or an `any` value, `Default` only on
    /// structs whose every field can default, any derive only when the
    /// types it holds get it too).
    ///
    /// # Errors
    /// When `selector` is empty or `derive` is not a path.
    pub fn derive(&mut self, selector: &str, derive: &str) -> Result<(), OptionError> {
        let selector = self::selector("derive", selector)?;
        let path = path("derive", derive)?;
        self.push_derive(selector, &path);
        Ok(())
    }

    fn push_derive(&mut self, selector: String, path: &syn::Path) {
        let trait_name = path.segments.last().map(|segment| segment.ident.to_string()).unwrap_or_default();
        self.derives.push(Derive { selector, path: path_text(path), trait_name });
    }

    /// Adds outer attributes (`#[serde(deny_unknown_fields)]`, one or more)
    /// to the generated types `selector` matches. A `#[derive(...)]` among
    /// them is read as [`Customization::derive`] of each path, so it is
    /// added only where valid.
    ///
    /// # Errors
    /// When `selector` is empty or `attributes` are not outer attributes.
    pub fn type_attribute(&mut self, selector: &str, attributes: &str) -> Result<(), OptionError> {
        let selector = self::selector("type_attribute", selector)?;
        let parsed = parse_attributes("type_attribute", attributes)?;
        let mut rest = Vec::new();
        for attribute in parsed {
            if attribute.path().is_ident("derive") {
                let paths = attribute
                    .parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
                    .map_err(|problem| error("type_attribute", attributes, format!("`derive` takes paths: {problem}")))?;
                for path in &paths {
                    self.push_derive(selector.clone(), path);
                }
            } else {
                rest.push(attribute);
            }
        }
        if !rest.is_empty() {
            self.type_attributes.push(Attributes { selector, member: None, tokens: tokens_text(&rest), speaks_serde: speaks_serde(&rest) });
        }
        Ok(())
    }

    /// Adds outer attributes (`#[serde(default)]`) to the fields a
    /// `Type.member` selector matches (`DeviceDeleted.path`, `*.id`): a
    /// member of a struct, of a union's base, of an event's data or of a
    /// command's arguments.
    ///
    /// # Errors
    /// When the selector is not `Type.member` or the attributes are not outer attributes.
    pub fn field_attribute(&mut self, selector: &str, attributes: &str) -> Result<(), OptionError> {
        let full = self::selector("field_attribute", selector)?;
        let Some((owner, member)) = full.split_once('.').filter(|(owner, member)| !owner.is_empty() && !member.is_empty()) else {
            return Err(error("field_attribute", selector, "expected `Type.member`, e.g. `DeviceDeleted.path` or `*.id`"));
        };
        let parsed = parse_attributes("field_attribute", attributes)?;
        self.field_attributes.push(Attributes { selector: owner.to_owned(), member: Some(member.to_owned()), tokens: tokens_text(&parsed), speaks_serde: speaks_serde(&parsed) });
        Ok(())
    }

    /// Uses the Rust type at `path` wherever the schema refers to the type
    /// `name` (a schema name, no glob), and does not generate it: two
    /// schemas can share a type this way.
    ///
    /// # Errors
    /// When `name` is a glob or empty, or `path` is not a Rust path.
    pub fn extern_path(&mut self, name: &str, path: &str) -> Result<(), OptionError> {
        let name = selector("extern_path", name)?;
        if rules::is_glob(&name) {
            return Err(error("extern_path", &name, "name one schema type; globs are not allowed here"));
        }
        let parsed = self::path("extern_path", path)?;
        self.extern_paths.insert(name, path_text(&parsed));
        Ok(())
    }

    /// Generates only the commands `globs` match, and the types they reach.
    /// Once commands or events are selected, the kind not selected
    /// contributes nothing (select `*` to keep all of it).
    ///
    /// # Errors
    /// When a glob is empty.
    pub fn commands<S: AsRef<str>>(&mut self, globs: impl IntoIterator<Item = S>) -> Result<(), OptionError> {
        let list = self.commands.get_or_insert_with(Vec::new);
        for glob in globs {
            list.push(selector("commands", glob.as_ref())?);
        }
        Ok(())
    }

    /// Generates only the events `globs` match, and the types they reach
    /// (see [`Customization::commands`]).
    ///
    /// # Errors
    /// When a glob is empty.
    pub fn events<S: AsRef<str>>(&mut self, globs: impl IntoIterator<Item = S>) -> Result<(), OptionError> {
        let list = self.events.get_or_insert_with(Vec::new);
        for glob in globs {
            list.push(selector("events", glob.as_ref())?);
        }
        Ok(())
    }

    /// Wraps the output in `pub mod name { ... }`.
    ///
    /// # Errors
    /// When `name` is not a Rust identifier (keywords included).
    pub fn module(&mut self, name: &str) -> Result<(), OptionError> {
        let ident = syn::parse_str::<syn::Ident>(name.trim()).map_err(|_| error("module", name, "not a Rust identifier such as `qmp`"))?;
        self.module = Some(ident.to_string());
        Ok(())
    }

    /// Whether commands or events are selected.
    #[must_use]
    pub fn selects(&self) -> bool {
        self.commands.is_some() || self.events.is_some()
    }

    /// Every selector that matches nothing in `schema`, as a warning
    /// message (`type_attribute selector `Blockdev*` matches no type`).
    #[must_use]
    pub fn unmatched(&self, schema: &Schema) -> Vec<String> {
        let mut warnings = Vec::new();
        let types_match = |glob: &str| schema.definitions.iter().any(|d| matches_definition(glob, d));
        for derive in &self.derives {
            if !types_match(&derive.selector) {
                warnings.push(format!("derive selector `{}` (for `{}`) matches no definition", derive.selector, derive.path.replace(' ', "")));
            }
        }
        for attributes in &self.type_attributes {
            if !types_match(&attributes.selector) {
                warnings.push(format!("type_attribute selector `{}` matches no definition", attributes.selector));
            }
        }
        for attributes in &self.field_attributes {
            let member = attributes.member.as_deref().unwrap_or_default();
            let found = schema.definitions.iter().filter(|d| matches_definition(&attributes.selector, d)).any(|d| members_of(d).iter().any(|m| rules::glob_matches(member, m)));
            if !found {
                warnings.push(format!("field_attribute selector `{}.{member}` matches no member", attributes.selector));
            }
        }
        for name in self.extern_paths.keys() {
            if !schema.definition(name).is_some_and(|d| d.kind.is_type()) {
                warnings.push(format!("extern_path `{name}` names no type of the schema"));
            }
        }
        let messages = |list: &Option<Vec<String>>, what: &str, is_event: bool| {
            let mut found = Vec::new();
            for glob in list.iter().flatten() {
                let hit = schema.definitions.iter().filter(|d| matches!(d.kind, qapi_gen_schema::model::DefKind::Event(_)) == is_event && !d.kind.is_type()).any(|d| rules::glob_matches(glob, &d.name));
                if !hit {
                    found.push(format!("{what} selector `{glob}` matches no {}", if is_event { "event" } else { "command" }));
                }
            }
            found
        };
        warnings.extend(messages(&self.commands, "commands", false));
        warnings.extend(messages(&self.events, "events", true));
        warnings
    }
}

/// Whether a type selector matches a definition: its schema name or the
/// name of the Rust type generated for it.
pub(crate) fn matches_definition(glob: &str, definition: &Definition) -> bool {
    let case = if definition.kind.is_type() { Case::Type } else { Case::Camel };
    rules::glob_matches(glob, &definition.name) || rules::glob_matches(glob, &ident::convert(&definition.name, case))
}

/// The wire names of a definition's members (struct, union base, event data, command arguments).
fn members_of(definition: &Definition) -> Vec<&str> {
    use qapi_gen_schema::model::DefKind;
    let members = match &definition.kind {
        DefKind::Struct(strukt) => &strukt.members,
        DefKind::Union(union) => &union.base_members,
        DefKind::Event(event) => &event.members,
        DefKind::Command(command) => &command.arguments,
        DefKind::Enum(_) | DefKind::Alternate(_) => return Vec::new(),
    };
    members.iter().map(|m| m.name.as_str()).collect()
}

fn parse_attributes(option: &'static str, text: &str) -> Result<Vec<syn::Attribute>, OptionError> {
    let parsed = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, text.trim()).map_err(|problem| error(option, text, format!("not outer attributes such as `#[serde(default)]`: {problem}")))?;
    if parsed.is_empty() {
        return Err(error(option, text, "no attribute given; write it as `#[...]`"));
    }
    Ok(parsed)
}

fn speaks_serde(attributes: &[syn::Attribute]) -> bool {
    attributes.iter().any(|attribute| attribute.path().is_ident("serde"))
}

fn tokens_text(attributes: &[syn::Attribute]) -> String {
    attributes.iter().map(|a| quote::ToTokens::to_token_stream(a).to_string()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_when_set() {
        let mut custom = Customization::default();
        assert!(custom.derive("*", "Hash").is_ok());
        assert!(custom.derive("*", "schemars::JsonSchema").is_ok());
        assert_eq!(custom.derives[1].trait_name, "JsonSchema");
        let bad = custom.derive("*", "not a path").expect_err("invalid path");
        assert_eq!(bad.to_string(), "invalid `derive` value `not a path`: not a Rust path such as `Hash` or `crate::shared::BlockdevOptions`");
        assert!(custom.derive("", "Hash").is_err());
        assert!(custom.type_attribute("Blockdev*", "#[serde(deny_unknown_fields)]").is_ok());
        assert!(custom.type_attribute("X", "serde(default)").is_err(), "needs #[...]");
        assert!(custom.type_attribute("X", "#[serde(").is_err());
        assert!(custom.type_attribute("X", "#![allow(dead_code)]").is_err(), "inner attributes are not outer");
        assert!(custom.type_attribute("X", "").is_err());
        assert!(custom.field_attribute("DeviceDeleted.path", "#[serde(default)]").is_ok());
        assert!(custom.field_attribute("DeviceDeleted", "#[serde(default)]").is_err());
        assert!(custom.field_attribute(".path", "#[serde(default)]").is_err());
        assert!(custom.extern_path("BlockdevOptions", "crate::shared::BlockdevOptions").is_ok());
        assert!(custom.extern_path("Blockdev*", "crate::X").is_err());
        assert!(custom.extern_path("X", "crate::").is_err());
        assert!(custom.module("qmp").is_ok());
        assert!(custom.module("type").is_err(), "keywords are not identifiers");
        assert!(custom.module("a::b").is_err());
        assert!(custom.commands(["query-*", " "]).is_err());
    }

    #[test]
    fn derives_in_type_attributes_become_derives() {
        let mut custom = Customization::default();
        custom.type_attribute("Blockdev*", "#[derive(Hash, ::core::cmp::Eq)] #[serde(deny_unknown_fields)]").expect("valid");
        let derives: Vec<(&str, &str)> = custom.derives.iter().map(|d| (d.selector.as_str(), d.trait_name.as_str())).collect();
        assert_eq!(derives, [("Blockdev*", "Hash"), ("Blockdev*", "Eq")]);
        assert_eq!(custom.type_attributes.len(), 1);
        assert!(custom.type_attributes[0].tokens.contains("deny_unknown_fields"));
        assert!(custom.type_attribute("X", "#[derive(\"Hash\")]").is_err());
    }
}
