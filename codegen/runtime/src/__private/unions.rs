//! The serde impls of a generated flat union, from its lists of base
//! members and branches (`__union_serde!`).

/// The `Serialize` and `Deserialize` impls of a generated flat union: a
/// struct of its base members and a field holding its branch enum, so
/// that the generated code holds a line per member and branch instead of
/// their code:
///
/// ```text
/// __union_serde! {
///     Union "SchemaName" Branches branch_field "discriminator" closed union_tag
///     before { kind field "wire-name", ... }
///     after { kind field "wire-name", ... }
///     branches { "value" Variant value|boxed|unit, ... }
/// }
/// ```
///
/// The base members are written in schema order, `before` and `after`
/// the discriminator, each `kind` the module of its helpers (`mandatory`,
/// `optional` or `nullable`), and read from the object, where the
/// branch is told by the discriminator (`union_tag`, or
/// `union_tag_or_none` where an older server may not send it). A branch
/// holds its members' type (`value`, or `boxed` when it leads back to
/// the union) or nothing (`unit`). An `open` union keeps an unknown
/// branch in `Unknown`; a `closed` one rejects it. Members and branches
/// may carry `#[cfg(...)]` attributes.
#[doc(hidden)]
#[macro_export]
macro_rules! __union_serde {
    (
        $name:ident $union:literal $branches:ident $branch_field:ident $discriminator:literal $open:ident $read_tag:ident
        before { $( $(#[$before_cfg:meta])* $before_kind:ident $before_field:ident $before_wire:literal ),* $(,)? }
        after { $( $(#[$after_cfg:meta])* $after_kind:ident $after_field:ident $after_wire:literal ),* $(,)? }
        branches { $( $(#[$branch_cfg:meta])* $value:literal $variant:ident $holds:ident ),* $(,)? }
    ) => {
        #[allow(deprecated)]
        #[automatically_derived]
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                let branch = $crate::__private::branch_members::<_, S::Error>(&self.$branch_field)?;
                let mut map = $crate::serde::Serializer::serialize_map(serializer, ::core::option::Option::None)?;
                $( $(#[$before_cfg])* $crate::__private::$before_kind::entry(&mut map, $before_wire, &self.$before_field)?; )*
                if let ::core::option::Option::Some(tag) = branch.get($discriminator) {
                    $crate::serde::ser::SerializeMap::serialize_entry(&mut map, $discriminator, tag)?;
                }
                $( $(#[$after_cfg])* $crate::__private::$after_kind::entry(&mut map, $after_wire, &self.$after_field)?; )*
                for (key, value) in &branch {
                    if key != $discriminator {
                        $crate::serde::ser::SerializeMap::serialize_entry(&mut map, key, value)?;
                    }
                }
                $crate::serde::ser::SerializeMap::end(map)
            }
        }

        #[allow(deprecated)]
        #[automatically_derived]
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            // A closed union whose every branch is conditional may be
            // built with none: the match then always returns.
            #[allow(unreachable_code)]
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let map = <$crate::serde_json::Map<::std::string::String, $crate::serde_json::Value> as $crate::serde::Deserialize>::deserialize(deserializer)?;
                let tag = $crate::__private::$read_tag::<D::Error>(&map, $discriminator, $union)?;
                $( $(#[$before_cfg])* let $before_field = $crate::__private::$before_kind::from_object::<_, D::Error>(&map, $before_wire, $union)?; )*
                $( $(#[$after_cfg])* let $after_field = $crate::__private::$after_kind::from_object::<_, D::Error>(&map, $after_wire, $union)?; )*
                let branch = match tag.as_str() {
                    $( $(#[$branch_cfg])* $value => $crate::__union_serde!(@branch $holds $branches $variant map concat!("`", $value, "` branch of `", $union, "`")), )*
                    _ => $crate::__union_serde!(@unknown $open $branches tag map
                        [$( $(#[$before_cfg])* $before_wire, )* $( $(#[$after_cfg])* $after_wire, )*]
                        [$( $(#[$branch_cfg])* $value ),*]),
                };
                ::core::result::Result::Ok($name {
                    $( $(#[$before_cfg])* $before_field, )*
                    $( $(#[$after_cfg])* $after_field, )*
                    $branch_field: branch,
                })
            }
        }
    };
    (@branch value $branches:ident $variant:ident $map:ident $what:expr) => {
        $branches::$variant($crate::__private::from_map::<_, D::Error>(&$map, $what)?)
    };
    (@branch boxed $branches:ident $variant:ident $map:ident $what:expr) => {
        $branches::$variant(::std::boxed::Box::new($crate::__private::from_map::<_, D::Error>(&$map, $what)?))
    };
    (@branch unit $branches:ident $variant:ident $map:ident $what:expr) => {
        $branches::$variant
    };
    (@unknown open $branches:ident $tag:ident $map:ident [$($base:tt)*] [$($known:tt)*]) => {
        $branches::Unknown($crate::__private::without($map, &[$($base)*]))
    };
    (@unknown closed $branches:ident $tag:ident $map:ident [$($base:tt)*] [$($known:tt)*]) => {
        return ::core::result::Result::Err(<D::Error as $crate::serde::de::Error>::unknown_variant(&$tag, &[$($known)*]))
    };
}
