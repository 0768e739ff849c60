//! Helpers for generated code only; not a stable API.
//!
//! The flat unions' helpers are here and their impls' macro in
//! `unions`; a struct's member by member `Serialize` and `Deserialize`
//! are in `members`, an enum's impls in `enums`, the impls of the
//! `Event`, `Request` and `Reply` enums in `messages`.

mod enums;
mod members;
mod messages;
mod unions;

pub use members::*;

use serde::de::{DeserializeOwned, Error};
use serde_json::{Map, Value};

/// The discriminator value of a flat union object.
///
/// # Errors
/// When the member is missing or not a string.
pub fn union_tag<E: Error>(map: &Map<String, Value>, discriminator: &'static str, union: &'static str) -> Result<String, E> {
    match map.get(discriminator) {
        Some(Value::String(value)) => Ok(value.clone()),
        Some(other) => Err(E::custom(format_args!("invalid discriminator `{discriminator}` of `{union}`: expected a string, found {other}"))),
        None => Err(E::custom(format_args!("missing field `{discriminator}` (the discriminator of `{union}`)"))),
    }
}

/// The discriminator value of a flat union object whose discriminator an
/// older server does not send: `""` when it is missing, which is no value
/// of a QAPI enum, so the union's `Unknown` branch takes the object.
///
/// # Errors
/// When the member is not a string.
pub fn union_tag_or_none<E: Error>(map: &Map<String, Value>, discriminator: &'static str, union: &'static str) -> Result<String, E> {
    if map.contains_key(discriminator) { union_tag(map, discriminator, union) } else { Ok(String::new()) }
}

/// Decodes `T` from (a copy of) a JSON object, naming `what` in errors.
///
/// # Errors
/// When the object does not match `T`.
pub fn from_map<T: DeserializeOwned, E: Error>(map: &Map<String, Value>, what: &'static str) -> Result<T, E> {
    serde_json::from_value(Value::Object(map.clone())).map_err(|error| E::custom(format_args!("invalid {what}: {error}")))
}

/// `map` without the members called `keys` (the base members of a union,
/// so that an unknown branch keeps only what is its own).
#[must_use]
pub fn without(mut map: Map<String, Value>, keys: &[&str]) -> Map<String, Value> {
    for key in keys {
        map.remove(*key);
    }
    map
}

/// Deserializes an optional member whose type accepts `null` (`null`
/// itself, `any`, or an alternate with a `null` branch): a `null` sent is that
/// value, `Some`, not an absent member (absence is `#[serde(default)]`).
///
/// # Errors
/// When the value does not match `T`.
pub fn present<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// The members of a union's branch with its discriminator, as a JSON
/// object, so the union can write them after its base members.
///
/// # Errors
/// When the branch does not encode as a JSON object.
pub fn branch_members<T: serde::Serialize, E: serde::ser::Error>(branch: &T) -> Result<Map<String, Value>, E> {
    match serde_json::to_value(branch) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(E::custom(format_args!("a union branch must encode as an object, not {other}"))),
        Err(error) => Err(E::custom(error)),
    }
}
