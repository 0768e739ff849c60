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

    // Base members other than the discriminator, as fields of the outer
    // struct; `None` stands for the discriminator in its place.
    let mut scope = Scope::new();
    let mut public_fields = Vec::new();
    let mut base = Vec::new();
    for member in union.base_members.iter().filter(|m| cx.keeps(&m.info)) {
        if member.name == *discriminator {
            base.push(None);
            continue;
        }
        let (field, tokens) = cx.member_field(union_name, &mut scope, member, true, FieldAttributes::None);
        public_fields.push(tokens);
        base.push(Some(members::Field::new(cx, union_name, field, member)));
    }
    let branch_field = scope.claim(discriminator, Case::Snake);

    // The branches.
    let value_info = |value: &str| match cx.schema.definition(&union.discriminator_enum).map(|d| &d.kind) {
        Some(DefKind::Enum(enumeration)) => enumeration.values.iter().find(|v| v.name == value).map(|v| v.info.clone()),
        _ => None,
    };
    let mut variant_scope = if open { Scope::with_reserved(&["Unknown"]) } else { Scope::new() };
    let mut variants = Vec::new();
    let mut branches = Vec::new();
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
        let holds = match &variant.ty {
            Some(ty) => {
                let branch_type = qapi_gen_schema::model::Type::Named(ty.clone());
                let held = cx.held_type(union_name, &branch_type);
                // On the field, as in the `Event` enum: one warning per pattern.
                variants.push(quote!(#variant_doc #cfg #[serde(rename = #wire)] #ident(#deprecated #held),));
                if cx.boxes(union_name, &branch_type) { Holds::Boxed } else { Holds::Value }
            }
            None => {
                variants.push(quote!(#variant_doc #cfg #deprecated #[serde(rename = #wire)] #ident,));
                Holds::Unit
            }
        };
        branches.push(Branch { ident, wire, cfg, holds });
    }
    let unknown_variant = open.then(|| {
        quote! {
            /// A branch this schema does not know: the discriminator and the branch's members, as sent.
            #[serde(untagged)]
            Unknown(#runtime::serde_json::Map<::std::string::String, #runtime::serde_json::Value>),
        }
    });
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
    let branch_enum_item = quote! {
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
    let parts = UnionParts { name: &name, union_name, branch_enum: &branch_enum, branch_field: &branch_field, discriminator, open, read_tag, base, branches };
    // The impls are one call of `qapi-runtime`'s `__union_serde!`, unless
    // the user's attributes on base members need serde's derive of them
    // (they reach the members through a helper struct), or the
    // discriminator is left out.
    let discriminator_kept = parts.base.iter().any(Option::is_none);
    if discriminator_kept && parts.base.iter().flatten().all(|field| cx.field_attributes(union_name, &field.member.name).is_empty()) {
        let impls = union_macro_call(cx, &parts);
        return quote!(#structure #branch_enum_item #cfg #impls);
    }
    let all_conditional = union.variants.iter().all(|v| v.condition.is_some() || value_info(&v.value).is_some_and(|i| i.condition.is_some() || !cx.keeps(&i)));
    let (serialize, deserialize) = union_written_impls(cx, &parts, all_conditional);
    quote! {
        #structure
        #cfg
        #serialize
        #branch_enum_item
        #cfg
        #deserialize
    }
}

/// What a union's branch holds.
enum Holds {
    /// Its members' type.
    Value,
    /// Its members' type, boxed (it leads back to the union).
    Boxed,
    /// Nothing.
    Unit,
}

/// One branch of a union, as its impls need it.
struct Branch<'a> {
    ident: proc_macro2::Ident,
    wire: &'a str,
    cfg: TokenStream,
    holds: Holds,
}

/// What a union's impls are made of.
struct UnionParts<'a> {
    name: &'a proc_macro2::Ident,
    union_name: &'a str,
    branch_enum: &'a proc_macro2::Ident,
    branch_field: &'a proc_macro2::Ident,
    discriminator: &'a str,
    /// Whether unknown branches are kept (`Unknown`).
    open: bool,
    /// The runtime's helper that reads the discriminator.
    read_tag: TokenStream,
    /// The base members in schema order, `None` at the discriminator.
    base: Vec<Option<members::Field<'a>>>,
    branches: Vec<Branch<'a>>,
}

/// A union's impls as one call of `__union_serde!`: the base members
/// before and after the discriminator, and a line per branch.
fn union_macro_call(cx: &Context<'_>, parts: &UnionParts<'_>) -> TokenStream {
    let runtime = &cx.runtime;
    let UnionParts { name, union_name, branch_enum, branch_field, discriminator, read_tag, .. } = parts;
    let at = parts.base.iter().position(Option::is_none).unwrap_or(parts.base.len());
    let entries = |fields: &[Option<members::Field<'_>>]| -> Vec<TokenStream> {
        fields
            .iter()
            .flatten()
            .map(|field| {
                let (kind, member_cfg, ident, wire) = (field.kind(cx), &field.cfg, &field.ident, &field.member.name);
                quote!(#member_cfg #kind #ident #wire,)
            })
            .collect()
    };
    let (before, after) = (entries(&parts.base[..at]), entries(&parts.base[at..]));
    let branches = parts.branches.iter().map(|Branch { ident, wire, cfg, holds }| {
        let holds = match holds {
            Holds::Value => quote!(value),
            Holds::Boxed => quote!(boxed),
            Holds::Unit => quote!(unit),
        };
        quote!(#cfg #wire #ident #holds,)
    });
    let open = if parts.open { quote!(open) } else { quote!(closed) };
    quote! {
        #runtime::__union_serde! {
            #name #union_name #branch_enum #branch_field #discriminator #open #read_tag
            before { #(#before)* }
            after { #(#after)* }
            branches { #(#branches)* }
        }
    }
}

/// A union's `Serialize` and `Deserialize` written out, its base members
/// read through a helper struct with serde's derive (which reads the
/// user's attributes on them); `all_conditional` when every branch is
/// conditional (a closed union may then be built with none).
fn union_written_impls(cx: &Context<'_>, parts: &UnionParts<'_>, all_conditional: bool) -> (TokenStream, TokenStream) {
    let runtime = &cx.runtime;
    let serde_crate = cx.serde_crate_attribute();
    let UnionParts { name, union_name, branch_enum, branch_field, discriminator, read_tag, .. } = parts;
    let fields: Vec<&members::Field<'_>> = parts.base.iter().flatten().collect();
    // The helper's fields claim the same names as the public ones.
    let mut helper_scope = Scope::new();
    let helper_fields = fields.iter().map(|field| cx.member_field(union_name, &mut helper_scope, field.member, false, FieldAttributes::Serde).1);
    let moves = fields.iter().map(|field| {
        let (member_cfg, ident) = (&field.cfg, &field.ident);
        quote!(#member_cfg #ident: __base.#ident,)
    });

    // Serialization in schema order: the base members with the
    // discriminator in its place, then the branch's own members.
    let entries = parts.base.iter().map(|entry| match entry {
        None => quote! {
            if let ::core::option::Option::Some(__tag) = __branch.get(#discriminator) {
                #runtime::serde::ser::SerializeMap::serialize_entry(&mut __map, #discriminator, __tag)?;
            }
        },
        Some(field) => {
            let (member_cfg, ident, wire) = (&field.cfg, &field.ident, &field.member.name);
            if field.optional {
                quote! {
                    #member_cfg
                    {
                        if let ::core::option::Option::Some(__value) = &self.#ident {
                            #runtime::serde::ser::SerializeMap::serialize_entry(&mut __map, #wire, __value)?;
                        }
                    }
                }
            } else {
                quote! {
                    #member_cfg
                    {
                        #runtime::serde::ser::SerializeMap::serialize_entry(&mut __map, #wire, &self.#ident)?;
                    }
                }
            }
        }
    });
    let arms = parts.branches.iter().map(|Branch { ident, wire, cfg, holds }| {
        let what = format!("`{wire}` branch of `{union_name}`");
        let decode = quote!(#runtime::__private::from_map::<_, D::Error>(&__map, #what)?);
        match holds {
            Holds::Value => quote!(#cfg #wire => #branch_enum::#ident(#decode),),
            Holds::Boxed => quote!(#cfg #wire => #branch_enum::#ident(::std::boxed::Box::new(#decode)),),
            Holds::Unit => quote!(#cfg #wire => #branch_enum::#ident,),
        }
    });
    let unknown_arm = if parts.open {
        let base_wire_names = fields.iter().map(|field| {
            let (member_cfg, wire) = (&field.cfg, &field.member.name);
            quote!(#member_cfg #wire)
        });
        quote!(_ => #branch_enum::Unknown(#runtime::__private::without(__map, &[#(#base_wire_names),*])),)
    } else {
        let known = parts.branches.iter().map(|Branch { wire, cfg, .. }| quote!(#cfg #wire));
        quote!(_ => return ::core::result::Result::Err(<D::Error as #runtime::serde::de::Error>::unknown_variant(&__tag, &[#(#known),*])),)
    };
    // A closed union whose every branch is conditional may be built with
    // none: the match then always returns, and what follows is unreachable.
    let allow_unreachable = (!parts.open && all_conditional).then(|| quote!(#[allow(unreachable_code)]));
    let (helper, read_base) = if fields.is_empty() {
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
    let serialize = quote! {
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
    };
    let deserialize = quote! {
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
    };
    (serialize, deserialize)
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
