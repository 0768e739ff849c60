//! Rust emitter, conditions: the one mapping from schema `if` conditions to
//! `#[cfg(...)]`.
//!
//! A condition is a tree of flags under `all`, `any` and `not`; the tree
//! maps one to one onto `cfg` predicates, and each flag maps to a predicate
//! through [`CfgMapping`]:
//!
//! 1. a flag with an explicit entry ([`CfgMapping::flag`]) uses that
//!    predicate, e.g. `CONFIG_KVM` → `target_os = "linux"`;
//! 2. any other flag follows the style ([`FlagStyle`]):
//!    - [`FlagStyle::Docs`] (the default) gives no predicate: the item is
//!      generated whatever the flag, and its docs state the condition. A
//!      client does not build the server it talks to, so it cannot know
//!      the server's flags; it gets every item, and a server built without
//!      one rejects the command or never sends the member. (A flag under
//!      `not` counts as false, so such items are kept too.)
//!    - [`FlagStyle::Feature`] gives `feature = "<flag in lower case>"`, so
//!      `CONFIG_ACPI` → `feature = "config_acpi"`; the crate declares one
//!      Cargo feature per flag ([`CfgMapping::names`] lists them).
//!    - [`FlagStyle::Cfg`] gives a bare `cfg` name
//!      ([`rules::cfg_name`]: `config_acpi`), declared with
//!      `cargo::rustc-check-cfg`, which the `Builder` prints itself.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use qapi_gen_schema::Schema;
use qapi_gen_schema::model::Condition;
use qapi_gen_schema::rules;
use quote::quote;

/// How flags without an explicit entry become `cfg` predicates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum FlagStyle {
    /// No predicate: every item is generated, its condition in its docs.
    #[default]
    Docs,
    /// `feature = "<flag in lower case>"`.
    Feature,
    /// The flag's `cfg` name ([`rules::cfg_name`]) as a bare `cfg`.
    Cfg,
}

impl FlagStyle {
    /// Every style, default first.
    pub const ALL: &[FlagStyle] = &[FlagStyle::Docs, FlagStyle::Feature, FlagStyle::Cfg];

    /// The name users write (`--conditions cfg`, `conditions = "cfg"`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            FlagStyle::Docs => "docs",
            FlagStyle::Feature => "feature",
            FlagStyle::Cfg => "cfg",
        }
    }

    /// The style called `name`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<FlagStyle> {
        FlagStyle::ALL.iter().copied().find(|style| style.name() == name)
    }
}

impl std::fmt::Display for FlagStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A condition reduced under a mapping: flags of the [`FlagStyle::Docs`]
/// style are constants, the rest predicates.
enum Reduced {
    Always,
    Never,
    Cfg(TokenStream),
}

/// The configurable mapping from schema flags to `cfg` predicates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CfgMapping {
    style: FlagStyle,
    /// Flag → predicate source text, already checked to parse.
    explicit: BTreeMap<String, String>,
}

/// A predicate given to [`CfgMapping::flag`] that is not a `cfg` predicate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidPredicate {
    /// The flag.
    pub flag: String,
    /// The text given for it.
    pub predicate: String,
    /// What the parser said.
    pub reason: String,
}

impl std::fmt::Display for InvalidPredicate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` is not a cfg predicate for flag `{}`: {}", self.predicate, self.flag, self.reason)
    }
}

impl std::error::Error for InvalidPredicate {}

impl CfgMapping {
    /// The default mapping: no flag becomes a predicate ([`FlagStyle::Docs`]).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the style for flags without an explicit entry.
    #[must_use]
    pub fn style(mut self, style: FlagStyle) -> Self {
        self.style = style;
        self
    }

    /// The style for flags without an explicit entry.
    #[must_use]
    pub fn flag_style(&self) -> FlagStyle {
        self.style
    }

    /// Maps `flag` to `predicate`, any `cfg` predicate such as
    /// `target_arch = "x86_64"` or `all(unix, feature = "acpi")`, in every
    /// style.
    ///
    /// # Errors
    /// When `predicate` does not parse as a `cfg` predicate.
    pub fn flag(mut self, flag: &str, predicate: &str) -> Result<Self, InvalidPredicate> {
        let invalid = |reason: String| InvalidPredicate { flag: flag.to_owned(), predicate: predicate.to_owned(), reason };
        let tokens: TokenStream = predicate.parse().map_err(|error: proc_macro2::LexError| invalid(error.to_string()))?;
        syn::parse2::<syn::Meta>(tokens).map_err(|error| invalid(error.to_string()))?;
        self.explicit.insert(flag.to_owned(), predicate.to_owned());
        Ok(self)
    }

    /// The Cargo feature names ([`FlagStyle::Feature`]) or `cfg` names
    /// ([`FlagStyle::Cfg`]) the code generated for `schema` may test: one
    /// per flag without an explicit entry, sorted; none for
    /// [`FlagStyle::Docs`]. A crate declares each of them (a feature in
    /// `[features]`, a `cfg` with `cargo::rustc-check-cfg`).
    #[must_use]
    pub fn names(&self, schema: &Schema) -> BTreeSet<String> {
        let unmapped = schema.condition_flags().into_iter().filter(|flag| !self.explicit.contains_key(flag));
        match self.style {
            FlagStyle::Docs => BTreeSet::new(),
            FlagStyle::Feature => unmapped.map(|flag| rules::cfg_feature(&flag)).collect(),
            FlagStyle::Cfg => unmapped.map(|flag| rules::cfg_name(&flag)).collect(),
        }
    }

    /// The predicate of one condition; `None` when it always holds under
    /// this mapping (every flag of the [`FlagStyle::Docs`] style).
    #[must_use]
    pub fn predicate(&self, condition: &Condition) -> Option<TokenStream> {
        match self.reduce(condition, true) {
            Reduced::Always => None,
            Reduced::Never => Some(quote!(any())),
            Reduced::Cfg(tokens) => Some(tokens),
        }
    }

    /// `condition` with each flag of the [`FlagStyle::Docs`] style taken as
    /// the value that keeps the item (true, false under an odd number of
    /// `not`s), and every other flag as its predicate. `positive` says
    /// whether `condition` is under an even number of `not`s.
    fn reduce(&self, condition: &Condition, positive: bool) -> Reduced {
        match condition {
            Condition::Flag(flag) => self.flag_predicate(flag).map_or(if positive { Reduced::Always } else { Reduced::Never }, Reduced::Cfg),
            Condition::All(items) => {
                let mut predicates = Vec::new();
                for item in items {
                    match self.reduce(item, positive) {
                        Reduced::Never => return Reduced::Never,
                        Reduced::Always => {}
                        Reduced::Cfg(tokens) => predicates.push(tokens),
                    }
                }
                match predicates.as_slice() {
                    [] => Reduced::Always,
                    // `all(x)` is `x` (clippy's `non_minimal_cfg`).
                    [one] => Reduced::Cfg(one.clone()),
                    many => Reduced::Cfg(quote!(all(#(#many),*))),
                }
            }
            Condition::Any(items) => {
                let mut predicates = Vec::new();
                for item in items {
                    match self.reduce(item, positive) {
                        Reduced::Always => return Reduced::Always,
                        Reduced::Never => {}
                        Reduced::Cfg(tokens) => predicates.push(tokens),
                    }
                }
                match predicates.as_slice() {
                    [] => Reduced::Never,
                    [one] => Reduced::Cfg(one.clone()),
                    many => Reduced::Cfg(quote!(any(#(#many),*))),
                }
            }
            Condition::Not(inner) => match self.reduce(inner, !positive) {
                Reduced::Always => Reduced::Never,
                Reduced::Never => Reduced::Always,
                Reduced::Cfg(tokens) => Reduced::Cfg(quote!(not(#tokens))),
            },
        }
    }

    /// The predicate of one flag; `None` for the [`FlagStyle::Docs`] style.
    fn flag_predicate(&self, flag: &str) -> Option<TokenStream> {
        if let Some(tokens) = self.explicit.get(flag).and_then(|text| text.parse::<TokenStream>().ok()) {
            return Some(tokens);
        }
        match self.style {
            FlagStyle::Docs => None,
            FlagStyle::Feature => {
                let feature = rules::cfg_feature(flag);
                Some(quote!(feature = #feature))
            }
            FlagStyle::Cfg => {
                let ident = proc_macro2::Ident::new(&rules::cfg_name(flag), proc_macro2::Span::call_site());
                Some(quote!(#ident))
            }
        }
    }

    /// `#[cfg(...)]` for all `conditions` that are present (none, or none
    /// with a predicate: no attribute).
    #[must_use]
    pub fn attribute<'a>(&self, conditions: impl IntoIterator<Item = Option<&'a Condition>>) -> TokenStream {
        let mut present: Vec<&Condition> = Vec::new();
        for condition in conditions.into_iter().flatten() {
            if !present.contains(&condition) {
                present.push(condition);
            }
        }
        let predicates: Vec<TokenStream> = present.iter().filter_map(|condition| self.predicate(condition)).collect();
        match predicates.as_slice() {
            [] => TokenStream::new(),
            [one] => quote!(#[cfg(#one)]),
            many => quote!(#[cfg(all(#(#many),*))]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(name: &str) -> Condition {
        Condition::Flag(name.to_owned())
    }

    fn text(tokens: Option<TokenStream>) -> String {
        tokens.map(|tokens| tokens.to_string()).unwrap_or_default()
    }

    #[test]
    fn maps_the_tree() {
        let condition = Condition::All(vec![flag("CONFIG_ACPI"), Condition::Not(Box::new(Condition::Any(vec![flag("A"), flag("B")])))]);
        let mapping = CfgMapping::new().style(FlagStyle::Feature);
        assert_eq!(text(mapping.predicate(&condition)), quote!(all(feature = "config_acpi", not(any(feature = "a", feature = "b")))).to_string());
        let mapping = CfgMapping::new().style(FlagStyle::Cfg).flag("A", "target_arch = \"x86_64\"").expect("valid predicate");
        assert_eq!(text(mapping.predicate(&condition)), quote!(all(config_acpi, not(any(target_arch = "x86_64", b)))).to_string());
    }

    #[test]
    fn the_docs_style_keeps_every_item() {
        let mapping = CfgMapping::new();
        assert_eq!(mapping.flag_style(), FlagStyle::Docs);
        for condition in [flag("A"), Condition::Not(Box::new(flag("A"))), Condition::All(vec![flag("A"), Condition::Not(Box::new(Condition::Any(vec![flag("B"), flag("C")])))])] {
            assert!(mapping.predicate(&condition).is_none(), "{condition}");
            assert!(mapping.attribute([Some(&condition)]).is_empty(), "{condition}");
        }
        // Explicit entries still apply; the other flags drop out.
        let mapping = CfgMapping::new().flag("K", "target_os = \"linux\"").expect("valid predicate");
        let condition = Condition::All(vec![flag("K"), Condition::Not(Box::new(flag("X")))]);
        assert_eq!(text(mapping.predicate(&condition)), quote!(target_os = "linux").to_string());
        let either = Condition::Any(vec![flag("K"), flag("X")]);
        assert!(mapping.predicate(&either).is_none());
    }

    #[test]
    fn styles_have_names() {
        for &style in FlagStyle::ALL {
            assert_eq!(FlagStyle::from_name(style.name()), Some(style));
        }
        assert_eq!(FlagStyle::from_name("features"), None);
    }

    #[test]
    fn rejects_bad_predicates() {
        assert!(CfgMapping::new().flag("A", "not a predicate (").is_err());
        assert!(CfgMapping::new().flag("A", "= 3").is_err());
    }

    #[test]
    fn combines_attributes() {
        let mapping = CfgMapping::new().style(FlagStyle::Feature);
        assert!(mapping.attribute([None, None]).is_empty());
        let same = flag("A");
        assert_eq!(mapping.attribute([Some(&same), Some(&same)]).to_string(), quote!(#[cfg(feature = "a")]).to_string());
        let a = flag("A");
        let b = flag("B");
        assert_eq!(mapping.attribute([Some(&a), None, Some(&b)]).to_string(), quote!(#[cfg(all(feature = "a", feature = "b"))]).to_string());
    }

    #[test]
    fn single_item_lists_are_the_item() {
        let mapping = CfgMapping::new().style(FlagStyle::Feature);
        let one = Condition::All(vec![Condition::Any(vec![flag("X")])]);
        assert_eq!(text(mapping.predicate(&one)), quote!(feature = "x").to_string());
    }
}
