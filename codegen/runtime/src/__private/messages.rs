//! The impls of a generated schema's message enums, from the list of its
//! events (`__events!`) and of its commands (`__requests!`), with what
//! they share (`__message_enum!`).

/// The impls of a generated `Event` enum (its `name`, `EventMessage`,
/// `Serialize`, `Deserialize`, and `From` each event's envelope), so
/// that the generated code holds a line per event instead of an arm in
/// each of five matches and an impl:
///
/// ```text
/// __events! { Event { Variant "WIRE_NAME" Payload, ... } }
/// ```
///
/// An event may carry `#[cfg(...)]` attributes.
#[doc(hidden)]
#[macro_export]
macro_rules! __events {
    ($name:ident { $( $(#[$cfg:meta])* $variant:ident $wire:literal $payload:ident ),* $(,)? }) => {
        // With no unconditional events a match may keep only its
        // `Unknown` arm.
        #[allow(dead_code, deprecated, clippy::match_single_binding)]
        impl $name {
            /// The wire name of the event.
            #[must_use]
            pub fn name(&self) -> &str {
                match self {
                    $( $(#[$cfg])* Self::$variant(_) => $wire, )*
                    Self::Unknown(message) => &message.event,
                }
            }
        }

        #[allow(deprecated, clippy::match_single_binding)]
        #[automatically_derived]
        impl $crate::EventMessage for $name {
            fn event_name(&self) -> &str {
                self.name()
            }

            fn special_features(&self) -> $crate::SpecialFeatures {
                match self {
                    $( $(#[$cfg])* Self::$variant(_) => <$payload as $crate::Event>::special_features(), )*
                    Self::Unknown(message) => $crate::EventMessage::special_features(message),
                }
            }

            fn timestamp(&self) -> $crate::Timestamp {
                match self {
                    $( $(#[$cfg])* Self::$variant(message) => message.timestamp, )*
                    Self::Unknown(message) => message.timestamp,
                }
            }
        }

        $crate::__message_enum!(@serialize $name { $( $(#[$cfg])* $variant ),* });

        #[allow(deprecated, clippy::match_single_binding)]
        #[automatically_derived]
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let raw = <$crate::UnknownEvent as $crate::serde::Deserialize>::deserialize(deserializer)?;
                match raw.event.as_str() {
                    $( $(#[$cfg])* $wire => raw.decode::<$payload, D::Error>().map(Self::$variant), )*
                    _ => ::core::result::Result::Ok(Self::Unknown(raw)),
                }
            }
        }

        $crate::__message_enum!(@from $name Envelope { $( $(#[$cfg])* $variant $payload ),* });
    };
}

/// The impls of a generated `Request` enum and its `Reply` enum (their
/// methods, `Serialize`, `Deserialize` of the request, and `From` each
/// command's `Execute`), so that the generated code holds a line per
/// command instead of an arm in each of seven matches and an impl:
///
/// ```text
/// __requests! { Request Reply { Variant "wire-name" Arguments, ... } }
/// ```
///
/// A command may carry `#[cfg(...)]` attributes.
#[doc(hidden)]
#[macro_export]
macro_rules! __requests {
    ($request:ident $reply:ident { $( $(#[$cfg:meta])* $variant:ident $wire:literal $arguments:ident ),* $(,)? }) => {
        // With no unconditional commands a match may keep only its
        // `Unknown` arm.
        #[allow(dead_code, deprecated, clippy::match_single_binding)]
        impl $request {
            /// The wire name of the command.
            #[must_use]
            pub fn name(&self) -> &str {
                match self {
                    $( $(#[$cfg])* Self::$variant(_) => $wire, )*
                    Self::Unknown(message) => &message.name,
                }
            }

            /// The client's transaction id, when the request has one.
            #[must_use]
            pub fn id(&self) -> ::core::option::Option<&$crate::serde_json::Value> {
                match self {
                    $( $(#[$cfg])* Self::$variant(message) => message.id.as_ref(), )*
                    Self::Unknown(message) => message.id.as_ref(),
                }
            }

            /// The command's special features, for `CompatPolicy` (none for
            /// commands this schema does not know).
            #[must_use]
            pub fn special_features(&self) -> $crate::SpecialFeatures {
                match self {
                    $( $(#[$cfg])* Self::$variant(_) => <$arguments as $crate::Command>::special_features(), )*
                    Self::Unknown(_) => $crate::SpecialFeatures::default(),
                }
            }

            /// Decodes `value`, the `return` member of the response to this
            #[doc = concat!(" request, as the command's return type (see [`", stringify!($reply), "::decode`]).")]
            ///
            /// # Errors
            /// When `value` does not match the command's return type.
            #[inline]
            pub fn decode_return(&self, value: $crate::serde_json::Value) -> ::core::result::Result<$reply, $crate::serde_json::Error> {
                $reply::decode(self.name(), value)
            }

            /// Decodes `message`, the whole response to this request
            /// (`{"return": ...}` or `{"error": ...}`, with its id).
            ///
            /// # Errors
            /// When `message` is not a response, or its return value does not
            /// match the command's return type.
            #[inline]
            pub fn decode_response(&self, message: $crate::serde_json::Value) -> ::core::result::Result<$crate::Response<$reply>, $crate::serde_json::Error> {
                let response: $crate::Response<$crate::serde_json::Value> = $crate::serde_json::from_value(message)?;
                response.try_map(|value| self.decode_return(value))
            }
        }

        $crate::__message_enum!(@serialize $request { $( $(#[$cfg])* $variant ),* });

        #[allow(deprecated, clippy::match_single_binding)]
        #[automatically_derived]
        impl<'de> $crate::serde::Deserialize<'de> for $request {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let raw = <$crate::UnknownRequest as $crate::serde::Deserialize>::deserialize(deserializer)?;
                match raw.name.as_str() {
                    $( $(#[$cfg])* $wire => raw.decode::<$arguments, D::Error>().map(Self::$variant), )*
                    _ => ::core::result::Result::Ok(Self::Unknown(raw)),
                }
            }
        }

        $crate::__message_enum!(@from $request Execute { $( $(#[$cfg])* $variant $arguments ),* });

        #[allow(dead_code, deprecated, clippy::match_single_binding)]
        impl $reply {
            /// Decodes `value`, what command `command` (a wire name)
            /// returned, as that command's return type; for a command this
            /// schema does not know it is kept as it came.
            ///
            /// # Errors
            /// When `value` does not match the command's return type.
            #[inline]
            pub fn decode(command: &str, value: $crate::serde_json::Value) -> ::core::result::Result<Self, $crate::serde_json::Error> {
                match command {
                    $( $(#[$cfg])* $wire => $crate::serde_json::from_value(value).map(Self::$variant), )*
                    _ => ::core::result::Result::Ok(Self::Unknown(value)),
                }
            }
        }

        $crate::__message_enum!(@serialize $reply { $( $(#[$cfg])* $variant ),* });
    };
}

/// The impls that the `Event`, `Request` and `Reply` enums share: the
/// `Serialize` of an enum whose every variant, `Unknown` included, is
/// written as what it holds, and `From` each message type wrapped in
/// `Envelope` or `Execute`.
#[doc(hidden)]
#[macro_export]
macro_rules! __message_enum {
    (@serialize $name:ident { $( $(#[$cfg:meta])* $variant:ident ),* }) => {
        #[allow(deprecated, clippy::match_single_binding)]
        #[automatically_derived]
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    $( $(#[$cfg])* Self::$variant(value) => $crate::serde::Serialize::serialize(value, serializer), )*
                    Self::Unknown(value) => $crate::serde::Serialize::serialize(value, serializer),
                }
            }
        }
    };
    (@from $name:ident $wrapper:ident { $( $(#[$cfg:meta])* $variant:ident $inner:ident ),* }) => {
        $(
            $(#[$cfg])*
            #[allow(deprecated)]
            #[automatically_derived]
            impl ::core::convert::From<$crate::$wrapper<$inner>> for $name {
                fn from(message: $crate::$wrapper<$inner>) -> Self {
                    Self::$variant(message)
                }
            }
        )*
    };
}
