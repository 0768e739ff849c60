//! The catalogue of compatibility rules: each change a comparison can
//! report, with its stable id (used in reports, JSON and fixture names).

use std::fmt;

/// How a change affects existing clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Existing clients may fail.
    Breaking,
    /// Part of the deprecation process: newly deprecated, removed after
    /// deprecation, deprecation withdrawn.
    Deprecation,
    /// Existing clients keep working.
    Compatible,
}

impl Class {
    /// Every class, in report order.
    pub const ALL: [Class; 3] = [Class::Breaking, Class::Deprecation, Class::Compatible];

    /// `breaking`, `deprecation`, `compatible`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Deprecation => "deprecation",
            Class::Compatible => "compatible",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

macro_rules! rules {
    ($($(#[doc = $doc:literal])+ $variant:ident = $id:literal,)+) => {
        /// A compatibility rule. The class of a change may depend on its
        /// direction; the rule names what changed.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Rule {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)+];

            /// The stable id, e.g. `member-removed`.
            #[must_use]
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)+
                }
            }

            /// One line on what the rule covers and how it is classified.
            #[must_use]
            pub fn summary(self) -> &'static str {
                match self {
                    $(Rule::$variant => concat!($($doc),+).trim_ascii(),)+
                }
            }
        }
    };
}

rules! {
    /// A command was removed: breaking unless deprecated long enough.
    CommandRemoved = "command-removed",
    /// A command was added: compatible.
    CommandAdded = "command-added",
    /// An event was removed: breaking unless deprecated long enough.
    EventRemoved = "event-removed",
    /// An event was added: compatible.
    EventAdded = "event-added",
    /// An argument or member was removed: breaking unless deprecated long enough.
    MemberRemoved = "member-removed",
    /// An optional argument, or any output member, was added: compatible.
    MemberAdded = "member-added",
    /// A mandatory argument (or input member) was added: breaking.
    MemberAddedMandatory = "member-added-mandatory",
    /// An optional member became mandatory: breaking on input, compatible on output.
    MemberMadeMandatory = "member-made-mandatory",
    /// A mandatory member became optional: compatible on input, breaking on output.
    MemberMadeOptional = "member-made-optional",
    /// An enum value was removed: breaking on input unless deprecated long enough; compatible on output.
    EnumValueRemoved = "enum-value-removed",
    /// An enum value was added: compatible (on output, clients must accept unknown values).
    EnumValueAdded = "enum-value-added",
    /// A union branch (discriminator value) was removed: breaking on input unless deprecated long enough; compatible on output.
    UnionBranchRemoved = "union-branch-removed",
    /// A union branch was added: compatible.
    UnionBranchAdded = "union-branch-added",
    /// An alternate lost a branch: breaking on input, compatible on output.
    AlternateBranchRemoved = "alternate-branch-removed",
    /// An alternate gained a branch: compatible on input, breaking on output.
    AlternateBranchAdded = "alternate-branch-added",
    /// A union's discriminator member changed: breaking.
    DiscriminatorChanged = "discriminator-changed",
    /// A type changed its JSON shape (`int` to `str`, object to array): breaking.
    TypeChanged = "type-changed",
    /// A type accepts more values (`int8` to `int64`, enum to `str`): compatible on input, breaking on output.
    TypeWidened = "type-widened",
    /// A type accepts fewer values (`int64` to `int8`): breaking on input, compatible on output.
    TypeNarrowed = "type-narrowed",
    /// A type became an alternate that contains it: compatible on input, breaking on output.
    WidenedToAlternate = "widened-to-alternate",
    /// A struct became a union or back: compatible in itself; the members (a union's base plus its branches) are compared.
    ObjectReshaped = "object-reshaped",
    /// A type got another name with the same wire shape: compatible.
    TypeRenamed = "type-renamed",
    /// Members, values or branches were reordered: compatible.
    Reordered = "reordered",
    /// An item became deprecated.
    NewlyDeprecated = "newly-deprecated",
    /// An item was removed after its deprecation period (or one that cannot be verified).
    RemovedAfterDeprecation = "removed-after-deprecation",
    /// A deprecated item is no longer deprecated.
    DeprecationWithdrawn = "deprecation-withdrawn",
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_summarised() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
        for rule in Rule::ALL {
            assert!(rule.id().bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{rule}");
            assert!(!rule.summary().is_empty(), "{rule}");
        }
    }
}
