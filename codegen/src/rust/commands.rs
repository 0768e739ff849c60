//! Rust emitter, commands: one argument type per command implementing
//! `qapi_runtime::Command`, which names the return type. The request and
//! response messages are `qapi_runtime::Execute` and `qapi_runtime::Response`.

use proc_macro2::TokenStream;
use qapi_gen_schema::model::{Command, Definition};
use quote::quote;

use super::context::Context;

/// The argument type of one command and its `Command` impl.
pub fn arguments(cx: &Context<'_>, definition: &Definition, command: &Command) -> TokenStream {
    let runtime = &cx.runtime;
    let name = cx.name(&definition.name);
    let wire = &definition.name;
    let returns_text = command.returns.as_ref().map_or_else(|| "`{}`".to_owned(), |ty| format!("`{ty}`"));
    let mut doc = cx.item_doc(&definition.info, &format!("The `{wire}` command."), &[format!("Arguments of the QMP command `{wire}`; it returns {returns_text}.")]);
    Context::examples_doc(&mut doc, &definition.examples);
    let item = cx.data_item(definition, &name, &doc, command.data_type.as_deref(), &command.arguments, "command's arguments");
    let cfg = cx.definition_cfg(definition);
    let returns = match &command.returns {
        Some(ty) => cx.rust_type(ty),
        None => quote!(#runtime::Empty),
    };
    let metadata = cx.metadata(&definition.info);
    let has_arguments = command.data_type.is_some() || !command.arguments.is_empty();
    quote! {
        #item

        #cfg
        #[allow(deprecated)]
        impl #runtime::Command for #name {
            const NAME: &'static str = #wire;
            type Returns = #returns;
            #metadata
            const HAS_ARGUMENTS: bool = #has_arguments;
        }
    }
}
