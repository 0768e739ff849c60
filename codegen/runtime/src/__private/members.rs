//! The helpers of a struct's written-out serde impls: [`Members`] and its
//! key seed and slot helpers to decode, [`MembersWriter`] to encode.

use serde::de::Error;
use serde_json::{Map, Value};

/// A struct whose generated `Deserialize` reads its members one by one
/// from a map ([`deserialize_struct`]): one small function per struct
/// instead of serde's derived visitors, which cost most of the generated
/// crate's compile time.
pub trait Members<'de>: Sized {
    /// The schema name of the struct, for errors.
    const NAME: &'static str;
    /// The wire name of every member, in declaration order; a member's
    /// [`Key::Member`] is its index here.
    const MEMBERS: &'static [&'static str];

    /// Reads the members from `map` and builds the struct.
    ///
    /// # Errors
    /// When a member is missing, repeated or does not decode.
    fn visit_members<A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The `Deserialize` of a [`Members`] struct: a map, whatever the format.
///
/// # Errors
/// When the input is not a map of the struct's members.
pub fn deserialize_struct<'de, T: Members<'de>, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::MEMBERS, MembersVisitor(std::marker::PhantomData))
}

struct MembersVisitor<T>(std::marker::PhantomData<fn() -> T>);

impl<'de, T: Members<'de>> serde::de::Visitor<'de> for MembersVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "struct {}", T::NAME)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit_members(map)
    }
}

/// A key of a struct's map: one of its members, or another name (from a
/// newer server, or the extra arguments of a command that takes more than
/// it declares).
#[derive(Debug, PartialEq, Eq)]
pub enum Key {
    /// The member at this index of [`Members::MEMBERS`].
    Member(usize),
    /// A name the struct does not declare.
    Other(String),
}

/// Reads one [`Key`] of a struct whose members are these wire names.
#[derive(Clone, Copy, Debug)]
pub struct MemberKey(pub &'static [&'static str]);

impl MemberKey {
    fn key(self, name: &str) -> Key {
        match self.0.iter().position(|member| *member == name) {
            Some(index) => Key::Member(index),
            None => Key::Other(name.to_owned()),
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for MemberKey {
    type Value = Key;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl serde::de::Visitor<'_> for MemberKey {
    type Value = Key;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_str<E: Error>(self, name: &str) -> Result<Key, E> {
        Ok(self.key(name))
    }

    fn visit_bytes<E: Error>(self, name: &[u8]) -> Result<Key, E> {
        match std::str::from_utf8(name) {
            Ok(name) => Ok(self.key(name)),
            Err(_) => Err(E::invalid_value(serde::de::Unexpected::Bytes(name), &self)),
        }
    }
}

/// Reads the value of a member into its slot.
///
/// # Errors
/// When the member came before, or its value does not decode.
pub fn member<'de, T: serde::Deserialize<'de>, A: serde::de::MapAccess<'de>>(slot: &mut Option<T>, map: &mut A, name: &'static str) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// [`member`] for an optional member whose type accepts `null` (`null`
/// itself, `any`, or an alternate with a `null` branch): a `null` sent is
/// that value, `Some`, not an absent member.
///
/// # Errors
/// When the member came before, or its value does not decode.
pub fn present_member<'de, T: serde::Deserialize<'de>, A: serde::de::MapAccess<'de>>(slot: &mut Option<Option<T>>, map: &mut A, name: &'static str) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(Some(map.next_value()?));
    Ok(())
}

/// Skips the value of a key the struct does not declare.
///
/// # Errors
/// When the value is not well formed.
pub fn skip<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(|_| ())
}

/// Keeps the value of a key the struct does not declare in `extra` (the
/// arguments of a command that takes more than the schema lists).
///
/// # Errors
/// When its value is not well formed.
pub fn extra<'de, A: serde::de::MapAccess<'de>>(extra: &mut Map<String, Value>, key: Key, map: &mut A) -> Result<(), A::Error> {
    match key {
        Key::Other(name) => {
            let value = map.next_value()?;
            extra.insert(name, value);
            Ok(())
        }
        Key::Member(_) => skip(map),
    }
}

/// The error for the first of `members` (whether it is missing, its
/// name) that was not sent.
#[must_use]
pub fn missing<E: Error>(members: &[(bool, &'static str)]) -> E {
    match members.iter().find(|(missing, _)| *missing) {
        Some((_, name)) => E::missing_field(name),
        None => E::custom("a mandatory member is missing"),
    }
}

/// The value of an optional member: `None` when it was not sent.
#[must_use]
pub fn optional<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
}

/// The value of a mandatory member.
///
/// # Errors
/// When it was not sent.
pub fn required<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Writes the members of a struct whose generated `Serialize` is written
/// out: a map of the members present, in order. The first error is kept
/// and ends the writing, so that each member is one call.
pub struct MembersWriter<M: serde::ser::SerializeMap> {
    state: Result<M, M::Error>,
}

impl<M: serde::ser::SerializeMap> MembersWriter<M> {
    /// Starts the map; `present` says, member by member, whether it is
    /// written, and `extra` counts the entries written with
    /// [`MembersWriter::extra`].
    pub fn new<S: serde::Serializer<SerializeMap = M, Ok = M::Ok, Error = M::Error>>(serializer: S, present: &[bool], extra: usize) -> Self {
        let len = present.iter().filter(|present| **present).count() + extra;
        MembersWriter { state: serializer.serialize_map(Some(len)) }
    }

    /// Writes a member.
    pub fn member<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Ok(map) = &mut self.state
            && let Err(error) = map.serialize_entry(name, value)
        {
            self.state = Err(error);
        }
    }

    /// Writes an optional member when it is present.
    pub fn optional<T: serde::Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.member(name, value);
        }
    }

    /// Writes the entries of the extra arguments, after the members.
    pub fn extra(&mut self, extra: &Map<String, Value>) {
        for (name, value) in extra {
            if let Ok(map) = &mut self.state
                && let Err(error) = map.serialize_entry(name, value)
            {
                self.state = Err(error);
            }
        }
    }

    /// Ends the map.
    ///
    /// # Errors
    /// The first error of the serializer.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        self.state?.end()
    }
}
