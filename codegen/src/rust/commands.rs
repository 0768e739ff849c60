//! Rust emitter, commands: one argument type per command implementing
//! `qapi_runtime::Command`, which names the return type. The request and
//! response messages are `qapi_runtime::Execute` and `qapi_runtime::Response`.

use proc_macro2::TokenStream;
use qapi_gen_schema::model::{Command, Definition};
use quote::quote;

use super::Context;
use super::deprecated;

/// The argument type of one command and its `Command` impl.
pub fn arguments(cx: &Context<'_>, definition: &Definition, command: &Command) -> TokenStream {
    let runtime = &cx.runtime;
    let name = cx.name(&definition.name);
    let wire = &definition.name;
    let returns_text = command.returns.as_ref().map_or_else(|| "`{}`".to_owned(), |ty| format!("`{ty}`"));
    let mut doc = cx.item_doc(&definition.info, &format!("The `{wire}` command."), &[format!("Arguments of the QMP command `{wire}`; it returns {returns_text}.")]);
    Context::examples_doc(&mut doc, &definition.examples);
    let doc = doc.attributes();
    let cfg = cx.definition_cfg(definition);
    let deprecated = deprecated::attribute(&definition.info);
    let derives = cx.data_derives();
    let serde_crate = cx.serde_crate_attribute();
    let body = cx.data_struct(definition, &name, command.data_type.as_deref(), &command.arguments, "command's arguments");
    let returns = match &command.returns {
        Some(ty) => cx.rust_type(ty),
        None => quote!(#runtime::Empty),
    };
    let since = Context::optional_str(definition.info.since.map(|v| v.to_string()));
    let features = cx.features_value(&definition.info);
    let deprecation = cx.deprecation_value(&definition.info);
    let unstable = definition.info.unstable;
    let metadata = super::metadata_consts(runtime, &since, &features, &deprecation, &unstable);
    let has_arguments = command.data_type.is_some() || !command.arguments.is_empty();
    quote! {
        #doc
        #cfg
        #deprecated
        #derives
        #serde_crate
        #body

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
