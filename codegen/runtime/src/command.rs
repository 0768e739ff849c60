//! Commands: the [`Command`] trait of generated argument types, and the
//! QMP messages that carry them (`execute` and `exec-oob` requests, typed
//! or [`UnknownRequest`], and their responses).

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::SerializeMap as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::meta::{Deprecation, SpecialFeatures};

/// One command of a schema: implemented by each generated argument type and
/// by `#[derive(Command)]`.
pub trait Command {
    /// The wire name (`device_del`).
    const NAME: &'static str;
    /// What a successful call returns ([`Empty`] for `{}`).
    type Returns;
    /// Version that introduced the command.
    const SINCE: Option<&'static str> = None;
    /// Every feature of the command, special ones included, in schema order.
    const FEATURES: &'static [&'static str] = &[];
    /// Deprecation metadata, when the command is deprecated.
    const DEPRECATION: Option<Deprecation> = None;
    /// Whether the command carries the `unstable` feature.
    const UNSTABLE: bool = false;
    /// Whether the request has an `arguments` member (false without arguments).
    const HAS_ARGUMENTS: bool = true;

    /// The special features, for [`crate::CompatPolicy`].
    #[must_use]
    fn special_features() -> SpecialFeatures {
        SpecialFeatures { deprecated: Self::DEPRECATION.is_some(), unstable: Self::UNSTABLE }
    }
}

/// The empty object `{}`: what commands without `returns` give back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Empty {}

/// A request: `{"execute": NAME, "arguments": {...}, "id": ...}` (or
/// `"exec-oob"` for out-of-band execution), with `arguments` absent for
/// commands without arguments and when every argument is absent (QMP reads
/// a missing `arguments` as `{}`).
#[derive(Clone, Debug, PartialEq)]
pub struct Execute<C> {
    /// The arguments.
    pub arguments: C,
    /// The client's transaction id, echoed in the response: any JSON
    /// value, `null` included (`Some(Value::Null)`); `None` when absent.
    pub id: Option<serde_json::Value>,
    /// Sent as `exec-oob` (out-of-band) instead of `execute`.
    pub oob: bool,
}

impl<C> Execute<C> {
    /// A request without an id, executed in band.
    #[must_use]
    pub const fn new(arguments: C) -> Self {
        Execute { arguments, id: None, oob: false }
    }
}

/// The key naming the command: `execute`, or `exec-oob` when out of band.
const fn execute_key(oob: bool) -> &'static str {
    if oob { "exec-oob" } else { "execute" }
}

impl<C: Command + Serialize> Serialize for Execute<C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let arguments = if C::HAS_ARGUMENTS {
            match serde_json::to_value(&self.arguments).map_err(serde::ser::Error::custom)? {
                serde_json::Value::Object(map) if map.is_empty() => None,
                value => Some(value),
            }
        } else {
            None
        };
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(execute_key(self.oob), C::NAME)?;
        if let Some(arguments) = &arguments {
            map.serialize_entry("arguments", arguments)?;
        }
        if let Some(id) = &self.id {
            map.serialize_entry("id", id)?;
        }
        map.end()
    }
}

impl<'de, C: Command + DeserializeOwned> Deserialize<'de> for Execute<C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = UnknownRequest::deserialize(deserializer)?;
        if raw.name != C::NAME {
            return Err(D::Error::custom(format_args!("expected command `{}`, found `{}`", C::NAME, raw.name)));
        }
        raw.decode()
    }
}

/// A request as it came, for commands the schema does not know — and the
/// first step of decoding every request.
#[derive(Clone, Debug, PartialEq)]
pub struct UnknownRequest {
    /// The command's wire name (the value of `execute` or `exec-oob`).
    pub name: String,
    /// The arguments, when the message had them.
    pub arguments: Option<serde_json::Value>,
    /// The client's transaction id (`Some(Value::Null)` for `"id": null`).
    pub id: Option<serde_json::Value>,
    /// Sent as `exec-oob` instead of `execute`.
    pub oob: bool,
}

impl UnknownRequest {
    /// Decodes the arguments as command `C`; absent `arguments` read as `{}`.
    ///
    /// # Errors
    /// When the arguments do not match `C`, naming the command and the problem.
    pub fn decode<C: Command + DeserializeOwned, Error: serde::de::Error>(self) -> Result<Execute<C>, Error> {
        let arguments = self.arguments.unwrap_or_else(|| serde_json::Value::Object(serde_json::Map::new()));
        match serde_json::from_value(arguments) {
            Ok(arguments) => Ok(Execute { arguments, id: self.id, oob: self.oob }),
            Err(error) => Err(Error::custom(format_args!("invalid arguments of command `{}`: {error}", C::NAME))),
        }
    }
}

impl Serialize for UnknownRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(execute_key(self.oob), &self.name)?;
        if let Some(arguments) = &self.arguments {
            map.serialize_entry("arguments", arguments)?;
        }
        if let Some(id) = &self.id {
            map.serialize_entry("id", id)?;
        }
        map.end()
    }
}

#[derive(Deserialize)]
struct RawRequest {
    #[serde(default)]
    execute: Option<String>,
    #[serde(rename = "exec-oob", default)]
    exec_oob: Option<String>,
    #[serde(default, deserialize_with = "crate::__private::present")]
    arguments: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "crate::__private::present")]
    id: Option<serde_json::Value>,
}

impl<'de> Deserialize<'de> for UnknownRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawRequest::deserialize(deserializer)?;
        let (name, oob) = match (raw.execute, raw.exec_oob) {
            (Some(name), None) => (name, false),
            (None, Some(name)) => (name, true),
            (Some(_), Some(_)) => return Err(D::Error::custom("a request has either `execute` or `exec-oob`, not both")),
            (None, None) => return Err(D::Error::custom("a request needs `execute` or `exec-oob`")),
        };
        Ok(UnknownRequest { name, arguments: raw.arguments, id: raw.id, oob })
    }
}

/// An error response's body: `{"class": ..., "desc": ...}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QmpError {
    /// The error class (`GenericError`, `DeviceNotFound`, …).
    pub class: String,
    /// A human-readable description.
    pub desc: String,
}

/// A response: `{"return": T}` or `{"error": {...}}`, with the request's `id`.
/// A `null` return (commands returning `any`) is a return value like any
/// other, and `"id": null` is kept as an id.
#[derive(Clone, Debug, PartialEq)]
pub struct Response<T> {
    /// The returned value, or the error.
    pub result: Result<T, QmpError>,
    /// The request's id, when it had one (`Some(Value::Null)` for `"id": null`).
    pub id: Option<serde_json::Value>,
}

impl<T> Response<T> {
    /// The same response with its returned value converted by `convert`
    /// (an error response stays as it is).
    ///
    /// # Errors
    /// What `convert` returns.
    pub fn try_map<U, E>(self, convert: impl FnOnce(T) -> Result<U, E>) -> Result<Response<U>, E> {
        let result = match self.result {
            Ok(value) => Ok(convert(value)?),
            Err(error) => Err(error),
        };
        Ok(Response { result, id: self.id })
    }
}

impl<T: Serialize> Serialize for Response<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match &self.result {
            Ok(value) => map.serialize_entry("return", value)?,
            Err(error) => map.serialize_entry("error", error)?,
        }
        if let Some(id) = &self.id {
            map.serialize_entry("id", id)?;
        }
        map.end()
    }
}

#[derive(Deserialize)]
struct RawResponse {
    #[serde(rename = "return", default, deserialize_with = "crate::__private::present")]
    value: Option<serde_json::Value>,
    #[serde(default)]
    error: Option<QmpError>,
    #[serde(default, deserialize_with = "crate::__private::present")]
    id: Option<serde_json::Value>,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Response<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawResponse::deserialize(deserializer)?;
        let result = match (raw.value, raw.error) {
            (Some(value), None) => Ok(serde_json::from_value(value).map_err(|error| D::Error::custom(format_args!("invalid return value: {error}")))?),
            (None, Some(error)) => Err(error),
            (Some(_), Some(_)) => return Err(D::Error::custom("a response has either `return` or `error`, not both")),
            (None, None) => return Err(D::Error::custom("a response needs `return` or `error`")),
        };
        Ok(Response { result, id: raw.id })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{DeserializeOwned, Response, Serialize, UnknownRequest};

    fn round_trip<T: Serialize + DeserializeOwned>(message: &Value) -> T {
        let decoded: T = serde_json::from_value(message.clone()).unwrap_or_else(|error| panic!("{message}: {error}"));
        assert_eq!(&serde_json::to_value(&decoded).unwrap_or_else(|error| panic!("{message}: {error}")), message);
        decoded
    }

    #[test]
    fn a_null_return_is_a_value() {
        let response: Response<Value> = round_trip(&json!({"return": null}));
        assert_eq!(response, Response { result: Ok(Value::Null), id: None });
        let response: Response<Option<u8>> = round_trip(&json!({"return": null, "id": 4}));
        assert_eq!(response.result, Ok(None));
    }

    #[test]
    fn a_null_id_is_kept() {
        let response: Response<Value> = round_trip(&json!({"return": {}, "id": null}));
        assert_eq!(response.id, Some(Value::Null));
        let error: Response<Value> = round_trip(&json!({"error": {"class": "GenericError", "desc": "no"}, "id": null}));
        assert_eq!(error.id, Some(Value::Null));
        let request: UnknownRequest = round_trip(&json!({"execute": "query-status", "id": null}));
        assert_eq!(request.id, Some(Value::Null));
        let absent: UnknownRequest = round_trip(&json!({"execute": "query-status"}));
        assert_eq!(absent.id, None);
    }
}
