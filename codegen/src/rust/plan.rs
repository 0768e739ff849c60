//! Rust emitter, what the customisation picks from a schema, computed once
//! from the model before any piece is built and shared read-only by every
//! thread: the definitions generated (removed items, the closure of the
//! selected commands and events, extern paths) and the extra derives each
//! type gets where they are valid.
//!
//! Where a derive is valid, by the trait's name (the path's last segment):
//! - `Clone`, `Debug`, `PartialEq`, `Serialize`, `Deserialize`: every
//!   generated type has them already; they are never added twice;
//! - `Eq`, `Hash`, `Ord`, `PartialOrd`: not on a type that holds, directly
//!   or through the types it holds, an `f64` (`number`) or a
//!   `serde_json::Value` (`any`, the `Unknown` branch of a union the
//!   server sends, the extra arguments of a `gen: false` command); enums
//!   already have `Eq` and `Hash`;
//! - `Default`: only on structs (event data and command arguments
//!   included) whose every required member can default: builtins,
//!   arrays, and structs that get `Default` themselves (a chain of
//!   required members never loops); optional members are `None`;
//! - `Copy`: only where every held value is `Copy` (no strings, arrays or
//!   `any`; enums without an `Unknown` variant are `Copy` already);
//! - any other derive (`schemars::JsonSchema`): wherever selected;
//! - and in every case only when each generated type it holds gets the
//!   derive too (or has it already); a type mapped to an extern path is
//!   assumed to have it.

use std::collections::{BTreeMap, BTreeSet};

use qapi_gen_schema::Schema;
use qapi_gen_schema::model::{Builtin, DefKind, Definition, Member, Type};
use proc_macro2::TokenStream;
use qapi_gen_schema::rules;
use quote::quote;

use super::Options;
use super::context::Context;
use super::custom::{Customization, Derive, matches_definition};

/// What the derives need of the values a type holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Already derived on every generated type: never added.
    Present,
    /// `Eq`, `Hash`, `Ord`, `PartialOrd`: no float, no JSON value.
    Total,
    /// `Default`: structs only, required members that can default.
    Default,
    /// `Copy`: nothing that owns memory.
    Copy,
    /// Anything else: only that held types get it too.
    Other,
}

impl Need {
    fn of(derive: &Derive) -> Need {
        match derive.trait_name.as_str() {
            "Clone" | "Debug" | "PartialEq" | "Serialize" | "Deserialize" => Need::Present,
            "Eq" | "Hash" | "Ord" | "PartialOrd" => Need::Total,
            "Default" => Need::Default,
            "Copy" => Need::Copy,
            _ => Need::Other,
        }
    }

    /// Whether an enum of the schema has the trait without being given it.
    fn enum_has_it(self, derive: &Derive, open: bool) -> bool {
        match self {
            Need::Present => true,
            Need::Total => matches!(derive.trait_name.as_str(), "Eq" | "Hash"),
            Need::Copy => !open,
            Need::Default | Need::Other => false,
        }
    }
}

/// The customisation applied to one schema.
pub(crate) struct Plan {
    /// The names of the definitions generated, when a selection, an
    /// extern path or removed items leave some out.
    generated: BTreeSet<String>,
    /// Rust paths of the types not generated, by schema name.
    extern_paths: BTreeMap<String, String>,
    /// The extra derives of each type (indices into the options' derives).
    derives: BTreeMap<String, Vec<usize>>,
}

impl Plan {
    pub(crate) fn new(schema: &Schema, options: &Options) -> Plan {
        let custom = &options.custom;
        let kept = |definition: &Definition| options.keeps(&definition.info);
        let selected: Option<BTreeSet<&str>> = custom.selects().then(|| {
            let roots = schema.definitions.iter().filter(|d| kept(d) && selected_message(custom, d)).map(|d| d.name.as_str());
            schema.closure(roots.collect::<Vec<_>>())
        });
        let generated: BTreeSet<String> = schema
            .definitions
            .iter()
            .filter(|d| kept(d) && selected.as_ref().is_none_or(|names| names.contains(d.name.as_str())))
            .filter(|d| !(d.kind.is_type() && custom.extern_paths.contains_key(&d.name)))
            .map(|d| d.name.clone())
            .collect();
        let extern_paths = custom.extern_paths.iter().filter(|(name, _)| schema.definition(name).is_some_and(|d| d.kind.is_type())).map(|(n, p)| (n.clone(), p.clone())).collect();
        let mut plan = Plan { generated, extern_paths, derives: BTreeMap::new() };
        // One derive per path, whatever selects it: the selectors of a path
        // add up (`Link` needs `Port` to get `Hash` by any selector), and a
        // type two selectors match gets it once.
        let mut by_path: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (index, derive) in custom.derives.iter().enumerate() {
            by_path.entry(derive.path.as_str()).or_default().push(index);
        }
        let mut first: Vec<usize> = by_path.values().filter_map(|indices| indices.first().copied()).collect();
        first.sort_unstable();
        for index in first {
            let derive = &custom.derives[index];
            let selectors: Vec<&str> = by_path[derive.path.as_str()].iter().map(|&i| custom.derives[i].selector.as_str()).collect();
            for name in plan.valid_for(schema, derive, &selectors) {
                plan.derives.entry(name).or_default().push(index);
            }
        }
        plan
    }

    /// Whether the definition called `name` is generated.
    pub(crate) fn generates(&self, name: &str) -> bool {
        self.generated.contains(name)
    }

    /// The Rust path of a type mapped to one, as normalised text.
    pub(crate) fn extern_path(&self, name: &str) -> Option<&str> {
        self.extern_paths.get(name).map(String::as_str)
    }

    /// The extra derives of a generated definition, as indices.
    pub(crate) fn derives(&self, name: &str) -> &[usize] {
        self.derives.get(name).map_or(&[], Vec::as_slice)
    }

    /// The generated definitions one of `selectors` selects `derive` for and it is valid on.
    fn valid_for(&self, schema: &Schema, derive: &Derive, selectors: &[&str]) -> Vec<String> {
        let need = Need::of(derive);
        if need == Need::Present {
            return Vec::new();
        }
        let candidates: Vec<&Definition> = schema.definitions.iter().filter(|d| self.generates(&d.name) && selectors.iter().any(|selector| matches_definition(selector, d))).collect();
        // Each candidate with the named types it needs to have the trait,
        // or none when it cannot have it whatever they do.
        let mut needs: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for definition in &candidates {
            if let Some(held) = requirements(schema, definition, need) {
                needs.insert(definition.name.as_str(), held);
            }
        }
        let has = |valid: &BTreeSet<&str>, name: &str| -> bool {
            match schema.definition(name).map(|d| &d.kind) {
                _ if self.extern_path(name).is_some() => true,
                Some(DefKind::Enum(_)) if need.enum_has_it(derive, open(schema, name)) => true,
                _ => valid.contains(name),
            }
        };
        let mut valid: BTreeSet<&str>;
        if matches!(need, Need::Default | Need::Copy) {
            // Least fixed point: a loop of required members never
            // defaults, and a recursive type (boxed) is never `Copy`.
            valid = BTreeSet::new();
            loop {
                let grown: BTreeSet<&str> = needs.iter().filter(|(_, held)| held.iter().all(|name| has(&valid, name))).map(|(name, _)| *name).collect();
                if grown.len() == valid.len() {
                    break;
                }
                valid = grown;
            }
        } else {
            // Greatest fixed point: recursive types compare like any other.
            valid = needs.keys().copied().collect();
            loop {
                let kept: BTreeSet<&str> = valid.iter().copied().filter(|name| needs[name].iter().all(|held| has(&valid, held))).collect();
                if kept.len() == valid.len() {
                    break;
                }
                valid = kept;
            }
        }
        // Enums that have the trait already do not get it again.
        valid.into_iter().filter(|name| !matches!(schema.definition(name).map(|d| &d.kind), Some(DefKind::Enum(_)) if need.enum_has_it(derive, open(schema, name)))).map(str::to_owned).collect()
    }
}

/// The named types `definition` holds that must have the trait for it
/// to have it, or `None` when it cannot have it.
fn requirements<'s>(schema: &'s Schema, definition: &'s Definition, need: Need) -> Option<Vec<&'s str>> {
    let mut held = Vec::new();
    let members = |held: &mut Vec<&'s str>, members: &'s [Member]| members.iter().filter(|m| !(need == Need::Default && m.optional)).try_for_each(|m| value(held, &m.ty, need));
    match &definition.kind {
        DefKind::Enum(_) => (need != Need::Default && !(need == Need::Copy && open(schema, &definition.name))).then_some(())?,
        DefKind::Struct(strukt) => members(&mut held, &strukt.members)?,
        DefKind::Union(union) => {
            if matches!(need, Need::Default | Need::Copy) || (need == Need::Total && definition.usage.output) {
                return None;
            }
            members(&mut held, &union.base_members)?;
            held.extend(union.variants.iter().filter_map(|v| v.ty.as_deref()));
        }
        DefKind::Alternate(alternate) => {
            if need == Need::Default {
                return None;
            }
            alternate.branches.iter().try_for_each(|b| value(&mut held, &b.ty, need))?;
        }
        DefKind::Event(event) => match &event.data_type {
            Some(name) => held.push(name.as_str()),
            None => members(&mut held, &event.members)?,
        },
        DefKind::Command(command) => {
            if !command.generate && matches!(need, Need::Total | Need::Copy) {
                return None;
            }
            match &command.data_type {
                Some(name) => held.push(name.as_str()),
                None => members(&mut held, &command.arguments)?,
            }
        }
    }
    Some(held)
}

/// Whether a type's values may come from a newer server (its enum gets
/// `Unknown`, its union keeps unknown branches).
fn open(schema: &Schema, name: &str) -> bool {
    schema.definition(name).is_some_and(|d| d.usage.output)
}

/// Records the named types a value of `ty` holds; `None` when the value
/// itself rules the trait out.
fn value<'s>(held: &mut Vec<&'s str>, ty: &'s Type, need: Need) -> Option<()> {
    match ty {
        Type::Builtin(Builtin::Number) if need == Need::Total => None,
        Type::Builtin(Builtin::Any) if matches!(need, Need::Total | Need::Copy) => None,
        Type::Builtin(Builtin::Str) if need == Need::Copy => None,
        Type::Builtin(_) => Some(()),
        Type::Array(_) if need == Need::Copy => None,
        // `Vec` defaults whatever it holds.
        Type::Array(_) if need == Need::Default => Some(()),
        Type::Array(inner) => value(held, inner, need),
        Type::Named(name) => {
            held.push(name.as_str());
            Some(())
        }
    }
}

/// Whether an event or command is selected by the options' globs.
fn selected_message(custom: &Customization, definition: &Definition) -> bool {
    let globs = match &definition.kind {
        DefKind::Event(_) => &custom.events,
        DefKind::Command(_) => &custom.commands,
        _ => return false,
    };
    globs.iter().flatten().any(|glob| rules::glob_matches(glob, &definition.name))
}

/// Text checked when the option was set, back to tokens (per thread:
/// tokens cannot cross threads); the check makes the fallback unreachable.
fn tokens(text: &str) -> TokenStream {
    text.parse().unwrap_or_default()
}

impl Context<'_> {
    /// The customisation of a generated type: its extra derives (where
    /// valid) and attributes, after the derives it always has.
    pub fn custom_attributes(&self, definition: &Definition) -> TokenStream {
        let custom = &self.options.custom;
        let derives: Vec<TokenStream> = self.plan.derives(&definition.name).iter().filter_map(|&index| custom.derives.get(index)).map(|derive| tokens(&derive.path)).collect();
        let derive = if derives.is_empty() { TokenStream::new() } else { quote!(#[derive(#(#derives),*)]) };
        let attributes = custom.type_attributes.iter().filter(|a| matches_definition(&a.selector, definition)).map(|a| tokens(&a.tokens));
        quote!(#derive #(#attributes)*)
    }

    /// Whether the definition's serde impls are serde's derives rather
    /// than written out ([`members`](super::members)): when it gets a
    /// derive from outside the standard library (`schemars::JsonSchema`
    /// reads `#[serde]` attributes, so they must be there) or attributes of
    /// the user's that speak to serde (`#[serde(alias = ...)]` must apply).
    pub fn serde_derives(&self, definition: &Definition) -> bool {
        let custom = &self.options.custom;
        let outside_std = self.plan.derives(&definition.name).iter().filter_map(|&index| custom.derives.get(index)).any(|derive| Need::of(derive) == Need::Other);
        outside_std || custom.type_attributes.iter().chain(&custom.field_attributes).any(|a| a.speaks_serde && matches_definition(&a.selector, definition))
    }

    /// The attributes a field attribute selector gives the member `member` of `owner`.
    pub fn field_attributes(&self, owner: &str, member: &str) -> TokenStream {
        let Some(definition) = self.schema.definition(owner) else { return TokenStream::new() };
        let custom = &self.options.custom;
        custom
            .field_attributes
            .iter()
            .filter(|a| matches_definition(&a.selector, definition) && a.member.as_deref().is_some_and(|glob| rules::glob_matches(glob, member)))
            .map(|a| tokens(&a.tokens))
            .collect()
    }

    /// The Rust path of a type mapped to an extern path.
    pub fn extern_type(&self, name: &str) -> Option<TokenStream> {
        self.plan.extern_path(name).map(tokens)
    }
}
