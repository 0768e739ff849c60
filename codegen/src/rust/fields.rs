//! Struct fields of the Rust emitter: the Rust type of a schema type (boxed
//! where the schema's [`Cycles`](super::cycles::Cycles) say so), one field per
//! member with its docs and serde attributes, and the structs of an event's
//! data or a command's arguments built from them.

use proc_macro2::{Ident, TokenStream};
use qapi_gen_schema::model::{Builtin, DefKind, Definition, Member, Type, Union};
use qapi_gen_schema::version::Version;
use quote::quote;

use super::context::Context;
use super::deprecated;
use super::docs::DocText;
use super::ident::{Case, Scope};

impl Context<'_> {
    /// The Rust type of a schema type.
    pub fn rust_type(&self, ty: &Type) -> TokenStream {
        let runtime = &self.runtime;
        match ty {
            Type::Builtin(builtin) => match builtin {
                Builtin::Str => quote!(::std::string::String),
                Builtin::Number => quote!(f64),
                Builtin::Int | Builtin::Int64 => quote!(i64),
                Builtin::Int8 => quote!(i8),
                Builtin::Int16 => quote!(i16),
                Builtin::Int32 => quote!(i32),
                Builtin::Uint8 => quote!(u8),
                Builtin::Uint16 => quote!(u16),
                Builtin::Uint32 => quote!(u32),
                Builtin::Uint64 | Builtin::Size => quote!(u64),
                Builtin::Bool => quote!(bool),
                Builtin::Null => quote!(()),
                Builtin::Any => quote!(#runtime::serde_json::Value),
            },
            Type::Named(name) => match self.extern_type(name) {
                Some(path) => path,
                None => {
                    let ident = self.name(name);
                    quote!(#ident)
                }
            },
            Type::Array(inner) => {
                let inner = self.rust_type(inner);
                quote!(::std::vec::Vec<#inner>)
            }
        }
    }

    /// The Rust type of a schema type held directly inside `owner`, boxed
    /// when it leads back to `owner` (a recursive type).
    pub fn held_type(&self, owner: &str, ty: &Type) -> TokenStream {
        let inner = self.rust_type(ty);
        if self.boxes(owner, ty) { quote!(::std::boxed::Box<#inner>) } else { inner }
    }

    /// Whether `ty` held directly inside `owner` needs a `Box` (it leads back to `owner`).
    pub fn boxes(&self, owner: &str, ty: &Type) -> bool {
        self.cycles.boxes(owner, ty)
    }

    /// One struct field for a member, with its docs and serde attributes.
    pub fn member_field(&self, owner: &str, scope: &mut Scope, member: &Member, public: bool) -> (Ident, TokenStream) {
        self.member_field_with(owner, scope, member, public, true)
    }

    /// [`Context::member_field`], with or without the serde attributes
    /// (without for types whose `Serialize` is written out).
    pub fn member_field_with(&self, owner: &str, scope: &mut Scope, member: &Member, public: bool, with_serde: bool) -> (Ident, TokenStream) {
        let field = scope.claim(&member.name, Case::Snake);
        let ty = self.held_type(owner, &member.ty);
        let newer = if member.optional { None } else { self.newer_than_floor(owner, member) };
        let optional = member.optional || newer.is_some();
        let ty = if optional { quote!(::core::option::Option<#ty>) } else { ty };
        let mut serde_args = Vec::new();
        if field.to_string().trim_start_matches("r#") != member.name {
            let wire = &member.name;
            serde_args.push(quote!(rename = #wire));
        }
        if optional {
            serde_args.push(quote!(default, skip_serializing_if = "::core::option::Option::is_none"));
            if self.nullable(&member.ty) {
                // `null` is a value of the type, not an absent member.
                let present = format!("{}::__private::present", self.serde_crate.trim_end_matches("::serde"));
                serde_args.push(quote!(deserialize_with = #present));
            }
        }
        let serde = if serde_args.is_empty() || !with_serde { TokenStream::new() } else { quote!(#[serde(#(#serde_args),*)]) };
        // The user's field attributes go where serde reads the field.
        let custom = if with_serde { self.field_attributes(owner, &member.name) } else { TokenStream::new() };
        let serde = quote!(#serde #custom);
        let cfg = self.cfg([member.info.condition.as_ref()]);
        let tokens = if public {
            let floor = newer.map(|(since, floor)| format!("Mandatory in the schema, but sent only by servers since {since}: `None` from an older one (this client talks to servers from {floor} on)."));
            let doc = self.item_doc(&member.info, &format!("The `{}` member.", member.name), floor.as_slice()).attributes();
            let deprecated = deprecated::attribute(self, &member.info);
            quote!(#doc #cfg #deprecated #serde pub #field: #ty,)
        } else {
            quote!(#cfg #serde #field: #ty,)
        };
        (field, tokens)
    }

    /// Whether the member's field is an `Option`: optional in the schema,
    /// or mandatory but newer than the oldest server.
    pub fn rust_optional(&self, owner: &str, member: &Member) -> bool {
        member.optional || self.newer_than_floor(owner, member).is_some()
    }

    /// For a mandatory member of a type the client receives (an event's
    /// data, or a type reached from a command's return or an event):
    /// its release and the floor when the member is newer than
    /// [`Options::oldest_server`](super::Options::oldest_server), dated by
    /// `Schema::member_since`. A member nothing dates keeps the schema's rule.
    pub fn newer_than_floor(&self, owner: &str, member: &Member) -> Option<(Version, Version)> {
        let floor = self.options.oldest_server?;
        let definition = self.schema.definition(owner)?;
        let received = match &definition.kind {
            DefKind::Event(_) => true,
            DefKind::Command(_) => false,
            _ => definition.usage.output,
        };
        let since = self.schema.member_since(owner, member)?;
        (received && since > floor).then_some((since, floor))
    }

    /// The release of a union's discriminator (`Schema::member_since`)
    /// when it is newer than
    /// [`Options::oldest_server`](super::Options::oldest_server).
    pub fn discriminator_newer_than_floor(&self, owner: &str, union: &Union) -> Option<Version> {
        let floor = self.options.oldest_server?;
        let member = union.base_members.iter().find(|m| m.name == union.discriminator)?;
        let since = self.schema.member_since(owner, member)?;
        (since > floor).then_some(since)
    }

    /// Whether JSON `null` is a value of `ty` (`null`, `any`, or an
    /// alternate with a `null` branch).
    pub fn nullable(&self, ty: &Type) -> bool {
        match ty {
            Type::Builtin(Builtin::Null | Builtin::Any) => true,
            Type::Named(name) => match self.schema.definition(name).map(|d| &d.kind) {
                Some(DefKind::Alternate(alternate)) => alternate.branches.iter().any(|b| b.ty == Type::Builtin(Builtin::Null)),
                _ => false,
            },
            _ => false,
        }
    }

    /// The documented struct of an event's data or a command's arguments,
    /// with its `cfg`, deprecation, derives and serde attributes.
    pub fn data_item(&self, definition: &Definition, name: &Ident, doc: &DocText, data_type: Option<&str>, members: &[Member], what: &str) -> TokenStream {
        let doc = doc.attributes();
        let cfg = self.definition_cfg(definition);
        let deprecated = deprecated::attribute(self, &definition.info);
        let derives = self.data_derives();
        let custom = self.custom_attributes(definition);
        let serde_crate = self.serde_crate_attribute();
        let body = self.data_struct(definition, name, data_type, members, what);
        quote! {
            #doc
            #cfg
            #deprecated
            #derives
            #custom
            #serde_crate
            #body
        }
    }

    /// The struct of an event's data or a command's arguments: a
    /// transparent wrapper of the named type, or the inline members.
    pub fn data_struct(&self, definition: &Definition, name: &Ident, data_type: Option<&str>, members: &[Member], what: &str) -> TokenStream {
        match data_type {
            Some(data_type) => {
                let ty = self.rust_type(&Type::Named(data_type.to_owned()));
                let field_doc = format!(" The {what}, a `{data_type}`.");
                quote!(#[serde(transparent)] pub struct #name(#[doc = #field_doc] pub #ty);)
            }
            None => {
                let mut scope = Scope::new();
                let mut fields = members.iter().filter(|m| self.keeps(&m.info)).map(|m| self.member_field(&definition.name, &mut scope, m, true).1).collect::<Vec<_>>();
                if matches!(&definition.kind, DefKind::Command(command) if !command.generate) {
                    // QAPI's `gen: false`: the command takes more than the
                    // schema lists (`device_add` takes every property of
                    // the device), so the rest travels as it came.
                    let runtime = &self.runtime;
                    let extra = scope.claim("extra", Case::Snake);
                    fields.push(quote! {
                        /// The arguments the schema does not list (the command
                        /// takes more than it declares), in order, as sent.
                        #[serde(flatten)]
                        pub #extra: #runtime::serde_json::Map<::std::string::String, #runtime::serde_json::Value>,
                    });
                }
                quote!(pub struct #name { #(#fields)* })
            }
        }
    }
}
