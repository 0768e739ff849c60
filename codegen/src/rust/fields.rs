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
use super::members;
use super::docs::DocText;
use super::ident::{Case, Scope};

/// The attributes a field gets besides its docs, `cfg` and deprecation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldAttributes {
    /// serde's, which its type's serde derives read, and the user's.
    Serde,
    /// The user's only: the type's serde impls are written out
    /// ([`members`](super::members)), so serde's would have no derive to read them.
    User,
    /// None: the public fields of a union, whose impls are written out;
    /// the user's reach the base members through the union's decoding helper.
    None,
}

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

    /// One struct field for a member, with its docs and the `attributes`.
    pub fn member_field(&self, owner: &str, scope: &mut Scope, member: &Member, public: bool, attributes: FieldAttributes) -> (Ident, TokenStream) {
        let field = scope.claim(&member.name, Case::Snake);
        let newer = if member.optional { None } else { self.newer_than_floor(owner, member) };
        let optional = member.optional || newer.is_some();
        let ty = self.field_type(owner, member);
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
        let serde = if serde_args.is_empty() || attributes != FieldAttributes::Serde { TokenStream::new() } else { quote!(#[serde(#(#serde_args),*)]) };
        let custom = if attributes == FieldAttributes::None { TokenStream::new() } else { self.field_attributes(owner, &member.name) };
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

    /// The Rust type of the member's field: its type held in `owner`,
    /// in an `Option` when [`Context::rust_optional`].
    pub fn field_type(&self, owner: &str, member: &Member) -> TokenStream {
        let ty = self.held_type(owner, &member.ty);
        if self.rust_optional(owner, member) { quote!(::core::option::Option<#ty>) } else { ty }
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

    /// The fields of a struct's members (those kept), with the attributes
    /// its serde impls need, and, when its impls are `written`, the
    /// members they hold for [`members::impls`]; `scope` holds their names.
    pub fn struct_fields<'m>(&self, owner: &str, scope: &mut Scope, members: &'m [Member], written: bool) -> (Vec<TokenStream>, Vec<members::Field<'m>>) {
        let attributes = if written { FieldAttributes::User } else { FieldAttributes::Serde };
        let mut fields = Vec::new();
        let mut written_fields = Vec::new();
        for member in members.iter().filter(|m| self.keeps(&m.info)) {
            let (ident, tokens) = self.member_field(owner, scope, member, true, attributes);
            fields.push(tokens);
            if written {
                written_fields.push(members::Field::new(self, owner, ident, member));
            }
        }
        (fields, written_fields)
    }

    /// Whether the struct of `definition` has its serde impls written out
    /// ([`members::impls`]), and the derive attributes it gets otherwise.
    pub fn struct_serde(&self, definition: &Definition) -> (bool, TokenStream) {
        if self.serde_derives(definition) { (false, self.serde_derive_attributes()) } else { (true, TokenStream::new()) }
    }

    /// The documented struct of an event's data or a command's arguments,
    /// with its `cfg`, deprecation, derives and serde impls.
    pub fn data_item(&self, definition: &Definition, name: &Ident, doc: &DocText, data_type: Option<&str>, members: &[Member], what: &str) -> TokenStream {
        let doc = doc.attributes();
        let cfg = self.definition_cfg(definition);
        let deprecated = deprecated::attribute(self, &definition.info);
        let derives = self.data_derives();
        let custom = self.custom_attributes(definition);
        let (written, serde) = self.struct_serde(definition);
        let header = quote!(#doc #cfg #deprecated #derives #serde #custom);
        let runtime = &self.runtime;
        match data_type {
            Some(data_type) => {
                let ty = self.rust_type(&Type::Named(data_type.to_owned()));
                let field_doc = format!(" The {what}, a `{data_type}`.");
                let (transparent, impls) = if written {
                    (TokenStream::new(), members::transparent(self, name, &cfg))
                } else {
                    (quote!(#[serde(transparent)]), TokenStream::new())
                };
                quote! {
                    #header
                    #transparent
                    pub struct #name(#[doc = #field_doc] pub #ty);

                    #impls
                }
            }
            None => {
                let mut scope = Scope::new();
                let (mut fields, written_fields) = self.struct_fields(&definition.name, &mut scope, members, written);
                let mut extra = None;
                if matches!(&definition.kind, DefKind::Command(command) if !command.generate) {
                    // QAPI's `gen: false`: the command takes more than the
                    // schema lists (`device_add` takes every property of
                    // the device), so the rest travels as it came.
                    let ident = scope.claim("extra", Case::Snake);
                    let flatten = if written { TokenStream::new() } else { quote!(#[serde(flatten)]) };
                    fields.push(quote! {
                        /// The arguments the schema does not list (the command
                        /// takes more than it declares), in order, as sent.
                        #flatten
                        pub #ident: #runtime::serde_json::Map<::std::string::String, #runtime::serde_json::Value>,
                    });
                    extra = Some(ident);
                }
                let impls = if written { members::impls(self, &definition.name, name, &cfg, &written_fields, extra.as_ref()) } else { TokenStream::new() };
                quote! {
                    #header
                    pub struct #name { #(#fields)* }

                    #impls
                }
            }
        }
    }
}
