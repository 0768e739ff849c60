//! Helpers for generated code only; not a stable API.

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
