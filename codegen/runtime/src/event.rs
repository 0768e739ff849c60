//! Events: the [`Event`] trait of generated payloads, the QMP envelope
//! around them, and the catch-all for events a schema does not know.

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::SerializeMap as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::meta::{Deprecation, SpecialFeatures};

/// One event of a schema: implemented by each generated event payload and
/// by `#[derive(Event)]`.
pub trait Event {
    /// The wire name (`DEVICE_DELETED`).
    const NAME: &'static str;
    /// Version that introduced the event.
    const SINCE: Option<&'static str> = None;
    /// Every feature of the event, special ones included, in schema order.
    const FEATURES: &'static [&'static str] = &[];
    /// Deprecation metadata, when the event is deprecated.
    const DEPRECATION: Option<Deprecation> = None;
    /// Whether the event carries the `unstable` feature.
    const UNSTABLE: bool = false;
    /// Whether the message has a `data` member (false for events without members).
    const HAS_DATA: bool = true;

    /// The special features, for [`crate::CompatPolicy`].
    #[must_use]
    fn special_features() -> SpecialFeatures {
        SpecialFeatures { deprecated: Self::DEPRECATION.is_some(), unstable: Self::UNSTABLE }
    }
}

/// Any event message, typed or not: what [`crate::CompatPolicy`] decides on.
pub trait EventMessage {
    /// The wire name of the event.
    fn event_name(&self) -> &str;
    /// Its special features (none for events the schema does not know).
    fn special_features(&self) -> SpecialFeatures;
    /// When it happened.
    fn timestamp(&self) -> Timestamp;
}

/// Time of an event since the Unix epoch; `-1`/`-1` when the host had no time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Timestamp {
    /// Seconds.
    pub seconds: i64,
    /// Microseconds within the second.
    pub microseconds: i64,
}

impl Timestamp {
    /// The timestamp QMP sends when host time is unavailable.
    pub const UNAVAILABLE: Timestamp = Timestamp { seconds: -1, microseconds: -1 };

    /// A timestamp from its two parts.
    #[must_use]
    pub const fn new(seconds: i64, microseconds: i64) -> Self {
        Timestamp { seconds, microseconds }
    }

    /// The current time, or [`Timestamp::UNAVAILABLE`] before the epoch.
    #[must_use]
    pub fn now() -> Self {
        match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(elapsed) => Timestamp {
                seconds: i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX),
                microseconds: i64::from(elapsed.subsec_micros()),
            },
            Err(_) => Timestamp::UNAVAILABLE,
        }
    }
}

/// One event message: `{"event": NAME, "data": {...}, "timestamp": {...}}`,
/// with `data` absent when the event has no members.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope<E> {
    /// The payload.
    pub data: E,
    /// When the event happened.
    pub timestamp: Timestamp,
}

impl<E> Envelope<E> {
    /// A message carrying `data`.
    #[must_use]
    pub const fn new(data: E, timestamp: Timestamp) -> Self {
        Envelope { data, timestamp }
    }
}

impl<E: Event> EventMessage for Envelope<E> {
    fn event_name(&self) -> &str {
        E::NAME
    }

    fn special_features(&self) -> SpecialFeatures {
        E::special_features()
    }

    fn timestamp(&self) -> Timestamp {
        self.timestamp
    }
}

impl<E: Event + Serialize> Serialize for Envelope<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(if E::HAS_DATA { 3 } else { 2 }))?;
        map.serialize_entry("event", E::NAME)?;
        if E::HAS_DATA {
            map.serialize_entry("data", &self.data)?;
        }
        map.serialize_entry("timestamp", &self.timestamp)?;
        map.end()
    }
}

impl<'de, E: Event + DeserializeOwned> Deserialize<'de> for Envelope<E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = UnknownEvent::deserialize(deserializer)?;
        if raw.event != E::NAME {
            return Err(D::Error::custom(format_args!("expected event `{}`, found `{}`", E::NAME, raw.event)));
        }
        raw.decode()
    }
}

/// An event message as it came, for events the schema does not know (a
/// newer server) — and the first step of decoding every event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnknownEvent {
    /// The wire name.
    pub event: String,
    /// The payload, when the message had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
    /// When it happened.
    pub timestamp: Timestamp,
}

impl UnknownEvent {
    /// Decodes the payload as event `E`; an absent `data` reads as `{}`.
    ///
    /// # Errors
    /// When the payload does not match `E`, naming the event and the problem.
    pub fn decode<E: Event + DeserializeOwned, Error: serde::de::Error>(self) -> Result<Envelope<E>, Error> {
        let data = self.data.unwrap_or_else(|| serde_json::Value::Object(serde_json::Map::new()));
        match serde_json::from_value(data) {
            Ok(data) => Ok(Envelope { data, timestamp: self.timestamp }),
            Err(error) => Err(Error::custom(format_args!("invalid data of event `{}`: {error}", E::NAME))),
        }
    }
}

impl EventMessage for UnknownEvent {
    fn event_name(&self) -> &str {
        &self.event
    }

    fn special_features(&self) -> SpecialFeatures {
        SpecialFeatures::default()
    }

    fn timestamp(&self) -> Timestamp {
        self.timestamp
    }
}
