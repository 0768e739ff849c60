//! The flow of the RST manual: the header comment, the title with the
//! bibliographic fields and the introduction, then the free-form
//! documentation and the definitions in source order, each included
//! module's doc before its first item.

use std::collections::BTreeSet;

use qapi_gen_schema::model::Item;

use super::{definitions, deprecations};
use super::document::Document;
use super::markdown;

/// Header comment, title, bibliographic fields, introduction, contents.
pub(super) fn title_and_intro(doc: &mut Document<'_>) {
    let schema = doc.schema;
    let source = schema.modules.first().map_or(schema.module.as_str(), |m| m.path.as_str());
    doc.writer.comment(&qapi_gen_codegen_header(source));
    let intro = schema.doc.as_ref().map(|d| d.text.as_str()).unwrap_or_default();
    match markdown::split_title(intro) {
        Some((title, rest)) => {
            // The title alone first, so the bibliographic fields follow it directly.
            doc.title_next();
            doc.flow_markdown(title);
            fields(doc);
            doc.flow_markdown(rest);
        }
        None => {
            doc.writer.text("The ");
            doc.writer.code(&schema.module);
            doc.writer.text(" interface");
            doc.writer.title(0);
            fields(doc);
            doc.flow_markdown(intro);
        }
    }
    doc.writer.directive("contents", Some("Contents"), &[("depth", "2")]);
}

/// The bibliographic fields: module, version, deprecation policy.
fn fields(doc: &mut Document<'_>) {
    let schema = doc.schema;
    doc.writer.blank_line();
    doc.writer.code(&schema.module);
    doc.writer.field("Module");
    if let Some(version) = schema.version {
        doc.writer.text(&version.to_string());
        doc.writer.field("Version");
    }
    if let Some(releases) = schema.policy.deprecation_releases {
        doc.writer.text(&format!("a deprecated interface stays {}", deprecations::kept(releases)));
        doc.writer.field("Deprecation policy");
    }
    doc.writer.blank_line();
}

/// Free-form documentation and definitions: the top module's in source
/// order, then each included module's, so the manual reads from the
/// interface itself to what it builds on.
pub(super) fn items(doc: &mut Document<'_>) {
    let schema = doc.schema;
    let own_module = |item: &Item| match item {
        Item::Doc(free) => free.module == schema.module,
        Item::Definition(index) => schema.definitions.get(*index).is_some_and(|d| d.module == schema.module),
    };
    let (own, included): (Vec<&Item>, Vec<&Item>) = schema.items.iter().partition(|item| own_module(item));
    let items: Vec<&Item> = own.into_iter().chain(included).collect();
    // The modules whose doc is written (the main module's is the introduction).
    let mut introduced = BTreeSet::from([schema.module.clone()]);
    // Items before the first heading would otherwise end up in the
    // reliability section: give them a section of their own.
    let nothing_to_introduce = |module: &str| introduced.contains(module) || schema.modules.iter().all(|m| m.name != module || m.doc.is_none());
    let opens_section = match items.first().copied() {
        Some(Item::Doc(free)) => markdown::starts_with_heading(&free.doc.text) || !nothing_to_introduce(&free.module),
        Some(Item::Definition(index)) => schema.definitions.get(*index).is_some_and(|d| !nothing_to_introduce(&d.module)),
        None => true,
    };
    if !opens_section {
        doc.writer.text("Interface reference");
        doc.open_section(1);
    }
    for item in items {
        match item {
            Item::Doc(free) => {
                let text = free.doc.text.as_str();
                let rest = introduce(doc, &mut introduced, &free.module, Some(text));
                doc.flow_markdown(rest);
            }
            Item::Definition(index) => {
                let Some(definition) = schema.definitions.get(*index) else { continue };
                introduce(doc, &mut introduced, &definition.module, None);
                definitions::definition(doc, definition);
            }
        }
    }
}

/// Writes the doc of an included module before its first item: after
/// the heading that item starts with, or else under a section of its
/// own. Returns what remains of the free-form `text` to render.
fn introduce<'d>(doc: &mut Document<'_>, introduced: &mut BTreeSet<String>, module: &str, text: Option<&'d str>) -> &'d str {
    let text = text.unwrap_or_default();
    if !introduced.insert(module.to_string()) {
        return text;
    }
    let schema = doc.schema;
    let Some(intro) = schema.modules.iter().find(|m| m.name == module).and_then(|m| m.doc.as_ref()) else {
        return text;
    };
    let rest = match markdown::split_heading(text) {
        Some((heading, rest)) => {
            doc.flow_markdown(heading);
            rest
        }
        None => {
            doc.writer.text("Module ");
            doc.writer.code(module);
            doc.open_section(1);
            text
        }
    };
    doc.flow_markdown(&intro.text);
    rest
}

/// The generated-file notice.
fn qapi_gen_codegen_header(source: &str) -> String {
    crate::output::header(&format!("qapi-gen rst {source}"))
}
