//! Rust emitter, conditions: the one mapping from schema `if` conditions to
//! `#[cfg(...)]`.
//!
//! A condition is a tree of flags under `all`, `any` and `not`; the tree
//! maps one to one onto `cfg` predicates, and each flag maps to a predicate
//! through [`CfgMapping`]:
//!
//! 1. a flag with an explicit entry ([`CfgMapping::flag`]) uses that
//!    predicate, e.g. `CONFIG_KVM` → `target_os = "linux"`;
//! 2. any other flag follows the default style: [`FlagStyle::Feature`]
//!    (the default) gives `feature = "<flag in lower case>"`, so
//!    `CONFIG_ACPI` → `feature = "config_acpi"`; [`FlagStyle::Cfg`] gives a
//!    bare `cfg` name (`config_acpi`), to be declared with `check-cfg`.
//!
//! With the default style the consuming crate declares one Cargo feature per
//! flag it uses; rustc's `unexpected_cfgs` lint points at any it forgot.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use qapi_gen_schema::model::Condition;
use quote::quote;

/// How flags without an explicit entry become `cfg` predicates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FlagStyle {
    /// `feature = "<flag in lower case>"`.
    #[default]
    Feature,
    /// `<flag in lower case>` as a bare `cfg` name.
    Cfg,
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
    /// The default mapping: every flag is a Cargo feature.
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

    /// Maps `flag` to `predicate`, any `cfg` predicate such as
    /// `target_arch = "x86_64"` or `all(unix, feature = "acpi")`.
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

    /// The predicate of one condition.
    #[must_use]
    pub fn predicate(&self, condition: &Condition) -> TokenStream {
        match condition {
            Condition::Flag(flag) => self.flag_predicate(flag),
            // `all(x)` and `any(x)` are `x` (clippy's `non_minimal_cfg`).
            Condition::All(items) | Condition::Any(items) if items.len() == 1 => self.predicate(&items[0]),
            Condition::All(items) => {
                let items = items.iter().map(|item| self.predicate(item));
                quote!(all(#(#items),*))
            }
            Condition::Any(items) => {
                let items = items.iter().map(|item| self.predicate(item));
                quote!(any(#(#items),*))
            }
            Condition::Not(inner) => {
                let inner = self.predicate(inner);
                quote!(not(#inner))
            }
        }
    }

    fn flag_predicate(&self, flag: &str) -> TokenStream {
        if let Some(tokens) = self.explicit.get(flag).and_then(|text| text.parse::<TokenStream>().ok()) {
            return tokens;
        }
        let lower = flag.to_lowercase();
        match self.style {
            FlagStyle::Feature => quote!(feature = #lower),
            FlagStyle::Cfg => {
                let name: String = lower.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
                let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("_{name}") } else { name };
                let ident = proc_macro2::Ident::new(&name, proc_macro2::Span::call_site());
                quote!(#ident)
            }
        }
    }

    /// `#[cfg(...)]` for all `conditions` that are present (none: no attribute).
    #[must_use]
    pub fn attribute<'a>(&self, conditions: impl IntoIterator<Item = Option<&'a Condition>>) -> TokenStream {
        let mut present: Vec<&Condition> = Vec::new();
        for condition in conditions.into_iter().flatten() {
            if !present.contains(&condition) {
                present.push(condition);
            }
        }
        match present.as_slice() {
            [] => TokenStream::new(),
            [one] => {
                let predicate = self.predicate(one);
                quote!(#[cfg(#predicate)])
            }
            many => {
                let predicates = many.iter().map(|c| self.predicate(c));
                quote!(#[cfg(all(#(#predicates),*))])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(name: &str) -> Condition {
        Condition::Flag(name.to_owned())
    }

    #[test]
    fn maps_the_tree() {
        let condition = Condition::All(vec![flag("CONFIG_ACPI"), Condition::Not(Box::new(Condition::Any(vec![flag("A"), flag("B")])))]);
        let mapping = CfgMapping::new();
        assert_eq!(mapping.predicate(&condition).to_string(), quote!(all(feature = "config_acpi", not(any(feature = "a", feature = "b")))).to_string());
        let mapping = CfgMapping::new().style(FlagStyle::Cfg).flag("A", "target_arch = \"x86_64\"").expect("valid predicate");
        assert_eq!(mapping.predicate(&condition).to_string(), quote!(all(config_acpi, not(any(target_arch = "x86_64", b)))).to_string());
    }

    #[test]
    fn rejects_bad_predicates() {
        assert!(CfgMapping::new().flag("A", "not a predicate (").is_err());
        assert!(CfgMapping::new().flag("A", "= 3").is_err());
    }

    #[test]
    fn combines_attributes() {
        let mapping = CfgMapping::new();
        assert!(mapping.attribute([None, None]).is_empty());
        let same = flag("A");
        assert_eq!(mapping.attribute([Some(&same), Some(&same)]).to_string(), quote!(#[cfg(feature = "a")]).to_string());
        let a = flag("A");
        let b = flag("B");
        assert_eq!(mapping.attribute([Some(&a), None, Some(&b)]).to_string(), quote!(#[cfg(all(feature = "a", feature = "b"))]).to_string());
    }

    #[test]
    fn single_item_lists_are_the_item() {
        let mapping = CfgMapping::new();
        let one = Condition::All(vec![Condition::Any(vec![flag("X")])]);
        assert_eq!(mapping.predicate(&one).to_string(), quote!(feature = "x").to_string());
    }
}
