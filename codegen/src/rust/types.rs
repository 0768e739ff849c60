//! Rust emitter, types: enums, structs, unions and alternates.
//!
//! - Enums serialize as their wire strings; an enum the server sends (its
//!   [`Usage`](qapi_gen_schema::model::Usage) includes output) gets an
//!   `Unknown(String)` variant so newer values still decode.
//! - Structs hold one field per member, their serde impls written out by
//!   `members`; optional members are `Option`s, `None` when absent; where `null` is a value of the type (`null`,
//!   `any`, an alternate with a `null` branch) a `null` sent is `Some`.
//! - A union is a struct of its base members plus, flattened, an enum of its
//!   branches tagged by the discriminator, exactly QAPI's flat wire form;
//!   unions the server sends keep unknown branches.
//! - Alternates are untagged enums, told apart by JSON type.

use proc_macro2::TokenStream;
use qapi_gen_schema::model::{Alternate, DefKind, Definition, Enum, EnumValue, Struct, Union, Usage};
use quote::quote;

use super::context::Context;
use super::deprecated;
use super::fields::FieldAttributes;
use super::members;
use super::ident::{Case, Scope};

/// Whether values of this type may come from a server newer than the schema.
fn received(usage: Usage) -> bool {
    usage.output
}

/// The variant of every value of an enum that is emitted, in order
/// (`Unknown` is kept for the catch-all of an enum the server sends).
pub fn enum_variants<'e>(cx: &Context<'_>, definition: &Definition, enumeration: &'e Enum) -> Vec<(&'e EnumValue, proc_macro2::Ident)> {
    let mut scope = if received(definition.usage) { Scope::with_reserved(&["Unknown"]) } else { Scope::new() };
    enumeration.values.iter().filter(|v| cx.keeps(&v.info)).map(|v| (v, scope.claim(&v.name, Case::Camel))).collect()
}

/// One enum.
pub fn enumeration(cx: &Context<'_>, definition: &Definition, enumeration: &Enum) -> TokenStream {
    let runtime = &cx.runtime;
    let name = cx.name(&definition.name);
    let open = received(definition.usage);
    let mut extra = Vec::new();
    if open {
        extra.push("Values this schema does not know (from a newer server) arrive as `Unknown`.".to_owned());
    }
    let mut doc = cx.item_doc(&definition.info, &format!("The `{}` enumeration.", definition.name), &extra);
    Context::examples_doc(&mut doc, &definition.examples);
    let doc = doc.attributes();
    let cfg = cx.definition_cfg(definition);
    let values = enum_variants(cx, definition, enumeration);
    let cfgs: Vec<TokenStream> = values.iter().map(|(value, _)| cx.cfg([value.info.condition.as_ref()])).collect();

    let variants = values.iter().zip(&cfgs).map(|((value, variant), cfg)| {
        let doc = cx.item_doc(&value.info, &format!("The `{}` value.", value.name), &[]).attributes();
        let deprecated = deprecated::attribute(cx, &value.info);
        quote!(#doc #cfg #deprecated #variant,)
    });
    let unknown_variant = open.then(|| {
        quote! {
            /// A value this schema does not know, as sent.
            Unknown(::std::string::String),
        }
    });
    let listed = values.iter().zip(&cfgs).map(|((value, variant), cfg)| {
        let wire = &value.name;
        quote!(#cfg #variant #wire,)
    });
    let (copy, openness) = if open { (TokenStream::new(), quote!(open)) } else { (quote!(::core::marker::Copy,), quote!(closed)) };
    let custom = cx.custom_attributes(definition);
    quote! {
        #doc
        #cfg
        #[derive(::core::clone::Clone, #copy ::core::fmt::Debug, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
        #custom
        pub enum #name {
            #(#variants)*
            #unknown_variant
        }

        #cfg
        #runtime::__enum_serde! {
            #name #openness {
                #(#listed)*
            }
        }
    }
}

/// One struct.
pub fn structure(cx: &Context<'_>, definition: &Definition, strukt: &Struct) -> TokenStream {
    let name = cx.name(&definition.name);
    let mut extra = Vec::new();
    if let Some(base) = &strukt.base {
        extra.push(format!("Includes the members of `{base}`."));
    }
    let mut doc = cx.item_doc(&definition.info, &format!("The `{}` structure.", definition.name), &extra);
    Context::examples_doc(&mut doc, &definition.examples);
    let doc = doc.attributes();
    let cfg = cx.definition_cfg(definition);
    let derives = cx.data_derives();
    let (written, serde) = cx.struct_serde(definition);
    let (fields, written_fields) = cx.struct_fields(&definition.name, &mut Scope::new(), &strukt.members, written);
    let custom = cx.custom_attributes(definition);
    let impls = if written { members::impls(cx, &definition.name, &name, &cfg, &written_fields, None) } else { TokenStream::new() };
    quote! {
        #doc
        #cfg
        #derives
        #serde
        #custom
        pub struct #name {
            #(#fields)*
        }

        #impls
    }
}

/// One union: the struct of base members with the branch enum flattened in.
pub fn union(cx: &Context<'_>, definition: &Definition, union: &Union) -> TokenStream {
    let runtime = &cx.runtime;
    let name = cx.name(&definition.name);
    let branch_enum = cx.branch_enum(&definition.name);
    let open = received(definition.usage);
    let union_name = &definition.name;
    let discriminator = &union.discriminator;
    // An older server may not send a discriminator newer than the oldest
    // server (QEMU's `SevInfo` was a struct before 9.1): such an object
    // is kept whole by the `Unknown` branch.
    let tag_newer = open.then(|| cx.discriminator_newer_than_floor(union_name, union)).flatten();
    let read_tag = if tag_newer.is_some() { quote!(union_tag_or_none) } else { quote!(union_tag) };
    let mut extra = vec![format!("The branch is chosen by `{discriminator}`; see [`{branch_enum}`](enum@{branch_enum}).")];
    if let Some(since) = tag_newer {
        extra.push(format!("Servers before {since} may send no `{discriminator}` (an older shape of the type): such an object arrives whole in the `Unknown` branch."));
    }
    let mut doc = cx.item_doc(&definition.info, &format!("The `{union_name}` union."), &extra);
    Context::examples_doc(&mut doc, &definition.examples);
    let doc = doc.attributes();
    let cfg = cx.definition_cfg(definition);
    let serde_crate = cx.serde_crate_attribute();
    let value_info = |value: &str| match cx.schema.definition(&union.discriminator_enum).map(|d| &d.kind) {
        Some(DefKind::Enum(enumeration)) => enumeration.values.iter().find(|v| v.name == value).map(|v| v.info.clone()),
        _ => None,
    };

    // Base members other than the discriminator, as fields of the outer struct.
    let mut scope = Scope::new();
    let base_members: Vec<_> = union.base_members.iter().filter(|m| m.name != union.discriminator && cx.keeps(&m.info)).collect();
    let mut public_fields = Vec::new();
    let mut helper_fields = Vec::new();
    let mut moves = Vec::new();
    let mut base_wire_names = Vec::new();
    let mut fields = std::collections::BTreeMap::new();
    // The impls are one call of `qapi-runtime`'s `__union_serde!`, unless
    // the user's attributes on base members need serde's derive of them
    // (they reach the members through a helper struct).
    let discriminator_kept = union.base_members.iter().any(|m| m.name == *discriminator && cx.keeps(&m.info));
    let by_macro = discriminator_kept && base_members.iter().all(|m| cx.field_attributes(union_name, &m.name).is_empty());
    for member in &base_members {
        let mut helper_scope = scope.clone();
        let (field, tokens) = cx.member_field(union_name, &mut scope, member, true, FieldAttributes::None);
        public_fields.push(tokens);
        fields.insert(member.name.clone(), field.clone());
        if by_macro {
            continue;
        }
        helper_fields.push(cx.member_field(union_name, &mut helper_scope, member, false, FieldAttributes::Serde).1);
        let member_cfg = cx.cfg([member.info.condition.as_ref()]);
        moves.push(quote!(#member_cfg #field: __base.#field,));
        let wire = &member.name;
        base_wire_names.push(quote!(#member_cfg #wire));
    }
    let branch_field = scope.claim(discriminator, Case::Snake);

    // Serialization in schema order: the base members with the
    // discriminator in its place, then the branch's own members.
    let mut entries = Vec::new();
    for member in union.base_members.iter().filter(|m| !by_macro && cx.keeps(&m.info)) {
        let wire = &member.name;
        if *wire == *discriminator {
            entries.push(quote! {
                if let ::core::option::Option::Some(__tag) = __branch.get(#discriminator) {
                    #runtime::serde::ser::SerializeMap::serialize_entry(&mut __map, #discriminator, __tag)?;
                }
            });
            continue;
        }
        let Some(field) = fields.get(wire) else { continue };
        let member_cfg = cx.cfg([member.info.condition.as_ref()]);
        entries.push(if cx.rust_optional(union_name, member) {
            quote! {
                #member_cfg
                {
                    if let ::core::option::Option::Some(__value) = &self.#field {
                        #runtime::serde::ser::SerializeMap::serialize_entry(&mut __map, #wire, __value)?;
                    }
                }
            }
        } else {
            quote! {
                #member_cfg
                {
                    #runtime::serde::ser::SerializeMap::serialize_entry(&mut __map, #wire, &self.#field)?;
                }
            }
        });
    }

    // The branches.
    let mut variant_scope = if open { Scope::with_reserved(&["Unknown"]) } else { Scope::new() };
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut known = Vec::new();
    let mut branch_entries = Vec::new();
    for variant in &union.variants {
        let info = value_info(&variant.value).unwrap_or_default();
        if !cx.keeps(&info) {
            continue;
        }
        let ident = variant_scope.claim(&variant.value, Case::Camel);
        let wire = &variant.value;
        let cfg = cx.cfg([variant.condition.as_ref(), info.condition.as_ref()]);
        let deprecated = deprecated::attribute(cx, &info);
        let mut variant_doc = super::docs::DocText::new();
        match &variant.ty {
            Some(ty) => variant_doc.paragraph(format!("`{discriminator}` is `{wire}`: the members of `{ty}`.")),
            None => variant_doc.paragraph(format!("`{discriminator}` is `{wire}`: no further members.")),
        };
        if let Some(text) = &info.doc {
            variant_doc.markdown(&text.text);
        }
        let condition = match (variant.condition.as_ref(), info.condition.as_ref()) {
            (Some(branch), Some(value)) if branch != value => Some(qapi_gen_schema::model::Condition::All(vec![branch.clone(), value.clone()])),
            (branch, value) => branch.or(value).cloned(),
        };
        if let Some(condition) = &condition {
            variant_doc.paragraph(cx.condition_doc(condition));
        }
        let variant_doc = variant_doc.attributes();
        let what = format!("`{wire}` branch of `{union_name}`");
        match &variant.ty {
            Some(ty) => {
                let branch_type = qapi_gen_schema::model::Type::Named(ty.clone());
                let held = cx.held_type(union_name, &branch_type);
                let boxed = cx.boxes(union_name, &branch_type);
                // On the field, as in the `Event` enum: one warning per pattern.
                variants.push(quote!(#variant_doc #cfg #[serde(rename = #wire)] #ident(#deprecated #held),));
                if !by_macro {
                    let decode = quote!(#runtime::__private::from_map::<_, D::Error>(&__map, #what)?);
                    let decode = if boxed { quote!(::std::boxed::Box::new(#decode)) } else { decode };
                    arms.push(quote!(#cfg #wire => #branch_enum::#ident(#decode),));
                }
                let holds = if boxed { quote!(boxed) } else { quote!(value) };
                branch_entries.push(quote!(#cfg #wire #ident #holds,));
            }
            None => {
                variants.push(quote!(#variant_doc #cfg #deprecated #[serde(rename = #wire)] #ident,));
                if !by_macro {
                    arms.push(quote!(#cfg #wire => #branch_enum::#ident,));
                }
                branch_entries.push(quote!(#cfg #wire #ident unit,));
            }
        }
        if !by_macro {
            known.push(quote!(#cfg #wire));
        }
    }
    let (unknown_variant, unknown_arm) = if open {
        (
            quote! {
                /// A branch this schema does not know: the discriminator and the branch's members, as sent.
                #[serde(untagged)]
                Unknown(#runtime::serde_json::Map<::std::string::String, #runtime::serde_json::Value>),
            },
            quote!(_ => #branch_enum::Unknown(#runtime::__private::without(__map, &[#(#base_wire_names),*])),),
        )
    } else {
        (TokenStream::new(), quote!(_ => return ::core::result::Result::Err(<D::Error as #runtime::serde::de::Error>::unknown_variant(&__tag, &[#(#known),*])),))
    };
    // A closed union whose every branch is conditional may be built with
    // none: the match then always returns, and what follows is unreachable.
    let all_conditional = union.variants.iter().all(|v| v.condition.is_some() || value_info(&v.value).is_some_and(|i| i.condition.is_some()) || value_info(&v.value).is_some_and(|i| !cx.keeps(&i)));
    let allow_unreachable = if !open && all_conditional { quote!(#[allow(unreachable_code)]) } else { TokenStream::new() };
    let (helper, read_base) = if base_members.is_empty() {
        (TokenStream::new(), TokenStream::new())
    } else {
        let what = format!("base members of `{union_name}`");
        (
            quote! {
                #[derive(#runtime::serde::Deserialize)]
                #serde_crate
                struct __Base {
                    #(#helper_fields)*
                }
            },
            quote!(let __base: __Base = #runtime::__private::from_map::<_, D::Error>(&__map, #what)?;),
        )
    };
    let custom = cx.custom_attributes(definition);
    let enum_doc = format!(" The branches of [`{name}`](struct@{name}), told apart by its `{discriminator}` member.");
    let field_doc = format!(" The `{discriminator}` discriminator, with the members of its branch.");
    let structure = quote! {
        #doc
        #cfg
        #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
        #custom
        pub struct #name {
            #(#public_fields)*
            #[doc = #field_doc]
            pub #branch_field: #branch_enum,
        }
    };
    let branches = quote! {
        #[doc = #enum_doc]
        #cfg
        #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq, #runtime::serde::Serialize)]
        #custom
        #serde_crate
        #[serde(tag = #discriminator)]
        #[allow(clippy::large_enum_variant)]
        pub enum #branch_enum {
            #(#variants)*
            #unknown_variant
        }
    };
    if by_macro {
        let (mut before, mut after) = (Vec::new(), Vec::new());
        let mut entries = &mut before;
        for member in union.base_members.iter().filter(|m| cx.keeps(&m.info)) {
            if member.name == *discriminator {
                entries = &mut after;
                continue;
            }
            let Some(field) = fields.get(&member.name) else { continue };
            let field = members::Field::new(cx, union_name, field.clone(), member);
            let (kind, member_cfg, ident, wire) = (field.kind(cx), &field.cfg, &field.ident, &member.name);
            entries.push(quote!(#member_cfg #kind #ident #wire,));
        }
        let open = if open { quote!(open) } else { quote!(closed) };
        return quote! {
            #structure
            #branches
            #cfg
            #runtime::__union_serde! {
                #name #union_name #branch_enum #branch_field #discriminator #open #read_tag
                before { #(#before)* }
                after { #(#after)* }
                branches { #(#branch_entries)* }
            }
        };
    }
    quote! {
        #structure

        #cfg
        #[allow(deprecated)]
        impl #runtime::serde::Serialize for #name {
            fn serialize<S: #runtime::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                let __branch = #runtime::__private::branch_members::<_, S::Error>(&self.#branch_field)?;
                let mut __map = #runtime::serde::Serializer::serialize_map(serializer, ::core::option::Option::None)?;
                #(#entries)*
                for (__key, __value) in &__branch {
                    if __key != #discriminator {
                        #runtime::serde::ser::SerializeMap::serialize_entry(&mut __map, __key, __value)?;
                    }
                }
                #runtime::serde::ser::SerializeMap::end(__map)
            }
        }

        #branches

        #cfg
        #[allow(deprecated)]
        impl<'de> #runtime::serde::Deserialize<'de> for #name {
            #allow_unreachable
            fn deserialize<D: #runtime::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #helper
                let __map = <#runtime::serde_json::Map<::std::string::String, #runtime::serde_json::Value> as #runtime::serde::Deserialize>::deserialize(deserializer)?;
                let __tag = #runtime::__private::#read_tag::<D::Error>(&__map, #discriminator, #union_name)?;
                #read_base
                let __branch = match __tag.as_str() {
                    #(#arms)*
                    #unknown_arm
                };
                ::core::result::Result::Ok(#name { #(#moves)* #branch_field: __branch })
            }
        }
    }
}

/// One alternate: an untagged enum.
pub fn alternate(cx: &Context<'_>, definition: &Definition, alternate: &Alternate) -> TokenStream {
    let name = cx.name(&definition.name);
    let mut doc = cx.item_doc(&definition.info, &format!("The `{}` alternate.", definition.name), &["The branch is told apart by the JSON type of the value.".to_owned()]);
    Context::examples_doc(&mut doc, &definition.examples);
    let doc = doc.attributes();
    let cfg = cx.definition_cfg(definition);
    let derives = cx.data_derives();
    let serde = cx.serde_derive_attributes();
    let mut scope = Scope::new();
    // An untagged enum tries its variants in order, and serde's structs
    // also accept arrays: struct branches go last, or `[5]` for an array
    // branch would decode as a struct.
    let is_struct = |branch: &&qapi_gen_schema::model::AlternateBranch| {
        matches!(&branch.ty, qapi_gen_schema::model::Type::Named(name) if matches!(cx.schema.definition(name).map(|d| &d.kind), Some(DefKind::Struct(_))))
    };
    let ordered = alternate.branches.iter().filter(|b| !is_struct(b)).chain(alternate.branches.iter().filter(is_struct));
    let variants = ordered.map(|branch| {
        let ident = scope.claim(&branch.name, Case::Camel);
        let ty = cx.held_type(&definition.name, &branch.ty);
        let cfg = cx.cfg([branch.condition.as_ref()]);
        let text = format!(" The `{}` branch: a `{}`.", branch.name, branch.ty);
        let condition = branch.condition.as_ref().map(|condition| {
            let text = format!(" {}", cx.condition_doc(condition));
            quote!(#[doc = ""] #[doc = #text])
        });
        quote!(#[doc = #text] #condition #cfg #ident(#ty),)
    });
    let custom = cx.custom_attributes(definition);
    quote! {
        #doc
        #cfg
        #derives
        #serde
        #custom
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}
