//! A struct's serde impls, member by member: [`Members`], its key seed
//! and the helpers of each kind of member ([`mandatory`], [`optional`],
//! [`nullable`]) to decode, [`MembersWriter`] to encode, and the
//! `__struct_serde!` macro that the generated code calls with its list of
//! members.

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
fn read<'de, T: serde::Deserialize<'de>, A: serde::de::MapAccess<'de>>(slot: &mut Option<T>, map: &mut A, name: &'static str) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// A mandatory member: the field is its value.
pub mod mandatory {
    use super::MembersWriter;

    /// Whether the member is written: always.
    #[inline]
    pub fn present<T: ?Sized>(_: &T) -> bool {
        true
    }

    /// Writes the member.
    #[inline]
    pub fn write<M: serde::ser::SerializeMap, T: serde::Serialize + ?Sized>(map: &mut MembersWriter<M>, name: &'static str, value: &T) {
        map.member(name, value);
    }

    /// Reads the member's value into its slot.
    ///
    /// # Errors
    /// When the member came before, or its value does not decode.
    #[inline]
    pub fn read<'de, T: serde::Deserialize<'de>, A: serde::de::MapAccess<'de>>(slot: &mut Option<T>, map: &mut A, name: &'static str) -> Result<(), A::Error> {
        super::read(slot, map, name)
    }

    /// The field's value, `None` when the member was not sent.
    #[inline]
    pub fn finish<T>(slot: Option<T>) -> Option<T> {
        slot
    }

    /// Writes the member as an entry of `map` (a union's base member).
    ///
    /// # Errors
    /// The serializer's.
    #[inline]
    pub fn entry<M: serde::ser::SerializeMap, T: serde::Serialize + ?Sized>(map: &mut M, name: &'static str, value: &T) -> Result<(), M::Error> {
        map.serialize_entry(name, value)
    }

    /// The member's value in `object` (a union's base member); `union`
    /// names the union in errors.
    ///
    /// # Errors
    /// When the member is missing or does not decode.
    pub fn from_object<T: serde::de::DeserializeOwned, E: serde::de::Error>(object: &serde_json::Map<String, serde_json::Value>, name: &'static str, union: &'static str) -> Result<T, E> {
        match object.get(name) {
            Some(value) => super::base_member(T::deserialize(value), union),
            None => Err(super::base_error(format_args!("missing field `{name}`"), union)),
        }
    }
}

/// An optional member: the field is an `Option`, and `null` is an absent
/// member.
pub mod optional {
    use super::MembersWriter;

    /// Whether the member is written: when it is present.
    #[inline]
    pub fn present<T>(value: &Option<T>) -> bool {
        value.is_some()
    }

    /// Writes the member when it is present.
    #[inline]
    pub fn write<M: serde::ser::SerializeMap, T: serde::Serialize>(map: &mut MembersWriter<M>, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            map.member(name, value);
        }
    }

    /// Reads the member's value (`null` is `None`) into its slot.
    ///
    /// # Errors
    /// When the member came before, or its value does not decode.
    #[inline]
    pub fn read<'de, T: serde::Deserialize<'de>, A: serde::de::MapAccess<'de>>(slot: &mut Option<Option<T>>, map: &mut A, name: &'static str) -> Result<(), A::Error> {
        super::read(slot, map, name)
    }

    /// The field's value: `None` when the member was not sent; never
    /// missing.
    #[inline]
    pub fn finish<T>(slot: Option<Option<T>>) -> Option<Option<T>> {
        Some(slot.flatten())
    }

    /// Writes the member as an entry of `map` when it is present (a
    /// union's base member).
    ///
    /// # Errors
    /// The serializer's.
    #[inline]
    pub fn entry<M: serde::ser::SerializeMap, T: serde::Serialize>(map: &mut M, name: &'static str, value: &Option<T>) -> Result<(), M::Error> {
        match value {
            Some(value) => map.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// The member's value in `object` (`null` is `None`; a union's base
    /// member); `union` names the union in errors.
    ///
    /// # Errors
    /// When the member does not decode.
    pub fn from_object<T: serde::de::DeserializeOwned, E: serde::de::Error>(object: &serde_json::Map<String, serde_json::Value>, name: &'static str, union: &'static str) -> Result<Option<T>, E> {
        object.get(name).map_or(Ok(None), |value| super::base_member(<Option<T> as serde::Deserialize>::deserialize(value), union))
    }
}

/// An optional member whose type accepts `null` (`null` itself, `any`, or
/// an alternate with a `null` branch): a `null` sent is that value,
/// `Some`, not an absent member.
pub mod nullable {
    pub use super::optional::{entry, finish, present, write};

    /// The member's value in `object` (`null` is a value; a union's base
    /// member); `union` names the union in errors.
    ///
    /// # Errors
    /// When the member does not decode.
    pub fn from_object<T: serde::de::DeserializeOwned, E: serde::de::Error>(object: &serde_json::Map<String, serde_json::Value>, name: &'static str, union: &'static str) -> Result<Option<T>, E> {
        object.get(name).map_or(Ok(None), |value| super::base_member(T::deserialize(value).map(Some), union))
    }

    /// Reads the member's value (`null` is a value) into its slot.
    ///
    /// # Errors
    /// When the member came before, or its value does not decode.
    #[inline]
    pub fn read<'de, T: serde::Deserialize<'de>, A: serde::de::MapAccess<'de>>(slot: &mut Option<Option<T>>, map: &mut A, name: &'static str) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(<A::Error as serde::de::Error>::duplicate_field(name));
        }
        *slot = Some(Some(map.next_value()?));
        Ok(())
    }
}

/// What a struct does with a key it does not declare: [`Skip`] its value,
/// or [`Keep`] it in the `extra` map of a command that takes more than it
/// declares.
pub trait Other<'de> {
    /// Handles the value of `key`, which is not a member.
    ///
    /// # Errors
    /// When the value is not well formed.
    fn other<A: serde::de::MapAccess<'de>>(&mut self, key: Key, map: &mut A) -> Result<(), A::Error>;
}

/// Skips the values of keys a struct does not declare.
#[derive(Clone, Copy, Debug)]
pub struct Skip;

impl<'de> Other<'de> for Skip {
    #[inline]
    fn other<A: serde::de::MapAccess<'de>>(&mut self, _: Key, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<serde::de::IgnoredAny>().map(|_| ())
    }
}

/// Keeps the values of keys a struct does not declare in a map (the
/// arguments of a command that takes more than the schema lists).
#[derive(Debug)]
pub struct Keep<'a>(pub &'a mut Map<String, Value>);

impl<'de> Other<'de> for Keep<'_> {
    fn other<A: serde::de::MapAccess<'de>>(&mut self, key: Key, map: &mut A) -> Result<(), A::Error> {
        match key {
            Key::Other(name) => {
                let value = map.next_value()?;
                self.0.insert(name, value);
                Ok(())
            }
            Key::Member(_) => Skip.other(key, map),
        }
    }
}

/// A union's base member as decoded from its object, its error naming
/// the union.
fn base_member<T, E: Error>(decoded: Result<T, serde_json::Error>, union: &'static str) -> Result<T, E> {
    decoded.map_err(|error| base_error(error, union))
}

/// An error of a union's base members.
fn base_error<E: Error>(error: impl std::fmt::Display, union: &'static str) -> E {
    E::custom(format_args!("invalid base members of `{union}`: {error}"))
}

/// The error of a mandatory member that was not sent.
#[must_use]
#[inline]
pub fn missing<E: Error>(name: &'static str) -> E {
    E::missing_field(name)
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

/// The `Serialize`, `Deserialize` and [`Members`] impls of a generated
/// struct, from the list of its members, so that the generated code
/// holds a line per member instead of their code:
///
/// ```text
/// __struct_serde! { Struct "SchemaName" [extra field] { index kind field "wire-name", ... } }
/// ```
///
/// `index` is the member's position in the list, `kind` the module of
/// its helpers (`mandatory`, `optional` or `nullable`), and `extra` the
/// field that keeps the keys the struct does not declare. A member may
/// carry `#[cfg(...)]` attributes.
#[doc(hidden)]
#[macro_export]
macro_rules! __struct_serde {
    ($name:ident $owner:literal $(extra $extra:ident)? { $( $(#[$cfg:meta])* $index:literal $kind:ident $field:ident $wire:literal ),* $(,)? }) => {
        #[allow(deprecated)]
        #[automatically_derived]
        impl $crate::serde::Serialize for $name {
            #[allow(unused_mut)]
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                let mut map = $crate::__private::MembersWriter::new(
                    serializer,
                    &[$( $(#[$cfg])* $crate::__private::$kind::present(&self.$field) ),*],
                    0 $(+ self.$extra.len())?,
                );
                $( $(#[$cfg])* $crate::__private::$kind::write(&mut map, $wire, &self.$field); )*
                $( map.extra(&self.$extra); )?
                map.end()
            }
        }

        #[allow(deprecated)]
        #[automatically_derived]
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::deserialize_struct(deserializer)
            }
        }

        #[allow(deprecated)]
        #[automatically_derived]
        impl<'de> $crate::__private::Members<'de> for $name {
            const NAME: &'static str = $owner;
            const MEMBERS: &'static [&'static str] = &[$($wire),*];

            #[allow(unused_mut, unused_variables)]
            fn visit_members<A: $crate::serde::de::MapAccess<'de>>(mut map: A) -> ::core::result::Result<Self, A::Error> {
                $( $(#[$cfg])* let mut $field = ::core::option::Option::None; )*
                $( let mut $extra = $crate::serde_json::Map::new(); )?
                {
                    let mut other = $crate::__private::Skip;
                    $( let mut other = $crate::__private::Keep(&mut $extra); )?
                    while let ::core::option::Option::Some(key) = map.next_key_seed($crate::__private::MemberKey(Self::MEMBERS))? {
                        match key {
                            $( $(#[$cfg])* $crate::__private::Key::Member($index) => $crate::__private::$kind::read(&mut $field, &mut map, $wire), )*
                            key => $crate::__private::Other::other(&mut other, key, &mut map),
                        }?;
                    }
                }
                $(
                    $(#[$cfg])*
                    let ::core::option::Option::Some($field) = $crate::__private::$kind::finish($field) else {
                        return ::core::result::Result::Err($crate::__private::missing($wire));
                    };
                )*
                ::core::result::Result::Ok(Self { $( $(#[$cfg])* $field, )* $( $extra, )? })
            }
        }
    };
}
