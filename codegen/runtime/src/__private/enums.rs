//! The impls of a generated enum, from its list of values: its wire
//! names, `Display` and serde's traits (`__enum_serde!`).

/// The inherent impl (`VALUES`, `as_str`, `from_wire`), `Display`,
/// `Serialize` and `Deserialize` of a generated enum, so that the
/// generated code holds a line per value instead of three match arms:
///
/// ```text
/// __enum_serde! { Enum closed { Variant "wire-name", ... } }
/// ```
///
/// A `closed` enum rejects names it does not know; an `open` one keeps
/// them in its `Unknown(String)` variant. A value may carry `#[cfg(...)]`
/// attributes.
#[doc(hidden)]
#[macro_export]
macro_rules! __enum_serde {
    ($name:ident closed { $( $(#[$cfg:meta])* $variant:ident $wire:literal ),* $(,)? }) => {
        $crate::__enum_serde!(@impls $name { $( $(#[$cfg])* $variant $wire ),* } {
            /// The wire name of the value.
            #[must_use]
            pub fn as_str(&self) -> &'static str {
                match *self {
                    $( $(#[$cfg])* Self::$variant => $wire, )*
                }
            }
        } |value| ::core::result::Result::Err(<D::Error as $crate::serde::de::Error>::unknown_variant(&value, Self::VALUES))
        );
    };
    ($name:ident open { $( $(#[$cfg:meta])* $variant:ident $wire:literal ),* $(,)? }) => {
        $crate::__enum_serde!(@impls $name { $( $(#[$cfg])* $variant $wire ),* } {
            /// The wire name of the value.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $( $(#[$cfg])* Self::$variant => $wire, )*
                    Self::Unknown(value) => value,
                }
            }
        } |value| ::core::result::Result::Ok(Self::Unknown(value))
        );
    };
    // What both kinds share: `as_str` is given, and `unknown` is what a
    // name the schema does not know becomes.
    (@impls $name:ident { $( $(#[$cfg:meta])* $variant:ident $wire:literal ),* } { $($as_str:tt)* } |$value:ident| $unknown:expr) => {
        #[allow(dead_code, deprecated, clippy::match_single_binding)]
        impl $name {
            /// The wire names of every value this schema knows, in schema order.
            pub const VALUES: &'static [&'static str] = &[$( $(#[$cfg])* $wire ),*];

            $($as_str)*

            /// The value called `wire`, if this schema knows it.
            #[must_use]
            pub fn from_wire(wire: &str) -> ::core::option::Option<Self> {
                match wire {
                    $( $(#[$cfg])* $wire => ::core::option::Option::Some(Self::$variant), )*
                    _ => ::core::option::Option::None,
                }
            }
        }

        #[allow(deprecated)]
        #[automatically_derived]
        impl ::core::fmt::Display for $name {
            fn fmt(&self, formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        #[allow(deprecated)]
        #[automatically_derived]
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[allow(deprecated)]
        #[automatically_derived]
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let $value = <::std::string::String as $crate::serde::Deserialize>::deserialize(deserializer)?;
                match Self::from_wire(&$value) {
                    ::core::option::Option::Some(known) => ::core::result::Result::Ok(known),
                    ::core::option::Option::None => $unknown,
                }
            }
        }
    };
}
