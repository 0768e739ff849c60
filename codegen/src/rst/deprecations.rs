//! RST emitter, lifecycle: the deprecation sentence used in notices, and
//! the closing section that lists deprecated and removed interfaces in the
//! spirit of QEMU's `deprecated.rst` and `removed-features.rst`.

use qapi_gen_schema::model::{DefKind, Definition, Info, Member, Status};

use super::document::Document;
use super::links::DEPRECATIONS_TARGET;

/// "**Deprecated** since 6.2; removal is planned for 9.1. Use `X`_
/// instead." (or "**Removed** in 9.1 …"), as pending inline content.
pub fn sentence(doc: &mut Document<'_>, info: &Info) {
    let deprecation = info.deprecation.as_ref();
    let since = deprecation.and_then(|d| d.since);
    let removal = deprecation.and_then(|d| d.removal);
    doc.writer.strong(true);
    match info.status {
        Status::Removed => {
            doc.writer.text("Removed");
            doc.writer.strong(false);
            if let Some(removal) = removal {
                doc.writer.text(&format!(" in {removal}"));
            }
            if let Some(since) = since {
                doc.writer.text(&format!(", deprecated since {since}"));
            }
        }
        Status::Deprecated | Status::Active => {
            doc.writer.text("Deprecated");
            doc.writer.strong(false);
            if let Some(since) = since {
                doc.writer.text(&format!(" since {since}"));
            }
            match removal {
                Some(removal) => doc.writer.text(&format!("; removal is planned for {removal}")),
                None => doc.writer.text("; no removal is planned yet"),
            }
        }
    }
    doc.writer.text(".");
    if let Some(replacement) = deprecation.and_then(|d| d.replaced_by.as_ref()) {
        doc.writer.text(" Use ");
        doc.member_reference(&replacement.definition, replacement.member.as_deref());
        doc.writer.text(" instead.");
    }
}

/// One deprecated or removed item.
struct Entry<'a> {
    definition: &'a str,
    member: Option<&'a str>,
    kind: &'static str,
    info: &'a Info,
}

/// Every deprecated or removed definition, member and enum value, in source order.
fn entries<'a>(definitions: &'a [Definition]) -> Vec<Entry<'a>> {
    let mut out = Vec::new();
    let listed = |info: &Info| info.deprecation.is_some() || info.status != Status::Active;
    for definition in definitions {
        let name = definition.name.as_str();
        if listed(&definition.info) {
            out.push(Entry { definition: name, member: None, kind: definition.kind.keyword(), info: &definition.info });
        }
        let mut own = |members: &'a [Member], kind: &'static str| {
            for member in members.iter().filter(|m| m.inherited_from.is_none() && listed(&m.info)) {
                out.push(Entry { definition: name, member: Some(&member.name), kind, info: &member.info });
            }
        };
        match &definition.kind {
            DefKind::Struct(strukt) => own(&strukt.members, "struct member"),
            DefKind::Union(union) => own(&union.base_members, "union member"),
            DefKind::Event(event) if event.data_type.is_none() => own(&event.members, "event member"),
            DefKind::Command(command) if command.data_type.is_none() => own(&command.arguments, "command argument"),
            DefKind::Enum(enumeration) => {
                for value in enumeration.values.iter().filter(|v| listed(&v.info)) {
                    out.push(Entry { definition: name, member: Some(&value.name), kind: "enum value", info: &value.info });
                }
            }
            _ => {}
        }
    }
    out
}

/// How long the policy keeps a deprecated interface: `releases` counts the
/// release that deprecates it (`policy: deprecation-releases`).
pub fn kept(releases: u32) -> String {
    match releases {
        0 => "for no minimum time".to_string(),
        1 => "in the release that deprecates it".to_string(),
        2 => "in the release that deprecates it and in one more".to_string(),
        n => format!("in the release that deprecates it and in {} more", n - 1),
    }
}

/// Whether the manual has the closing section.
pub fn has_section(schema: &qapi_gen_schema::Schema) -> bool {
    !entries(&schema.definitions).is_empty()
}

/// The closing section; nothing when no item is deprecated or removed.
pub fn section(doc: &mut Document<'_>) {
    let schema = doc.schema;
    let all = entries(&schema.definitions);
    if all.is_empty() {
        return;
    }
    doc.writer.target(DEPRECATIONS_TARGET);
    doc.writer.text("Deprecated and removed interfaces");
    doc.open_section(1);
    doc.writer.text("A deprecated interface still works but is going away: move to its replacement.");
    if let Some(releases) = schema.policy.deprecation_releases {
        doc.writer.text(&format!(" The policy keeps it {}.", kept(releases)));
    }
    doc.writer.text(" A removed interface is listed as history: ");
    match schema.version {
        Some(version) => doc.writer.text(&format!("a server of version {version} no longer has it, ")),
        None => doc.writer.text("current servers no longer have it, "),
    }
    doc.writer.text("but clients that talk to older servers may still meet it.");
    doc.writer.paragraph();

    let (removed, deprecated): (Vec<&Entry<'_>>, Vec<&Entry<'_>>) = all.iter().partition(|e| e.info.status == Status::Removed);
    for (title, list, removal_header) in [("Deprecated", deprecated, "Planned removal"), ("Removed", removed, "Removed in")] {
        if list.is_empty() {
            continue;
        }
        doc.writer.text(title);
        doc.open_subsection();
        doc.table(None, &["Name", "Kind", "Deprecated since", removal_header, "Replacement and notes"], &[26, 12, 10, 10, 42]);
        for entry in list {
            row(doc, entry);
        }
        doc.end_table();
    }
}

fn row(doc: &mut Document<'_>, entry: &Entry<'_>) {
    let deprecation = entry.info.deprecation.as_ref();
    doc.row();
    doc.cell();
    doc.member_reference(entry.definition, entry.member);
    doc.end();
    doc.cell();
    doc.writer.text(entry.kind);
    doc.end();
    doc.cell();
    if let Some(since) = deprecation.and_then(|d| d.since) {
        doc.writer.text(&since.to_string());
    }
    doc.end();
    doc.cell();
    match deprecation.and_then(|d| d.removal) {
        Some(removal) => doc.writer.text(&removal.to_string()),
        None => doc.writer.text("not planned"),
    }
    doc.end();
    doc.cell();
    match deprecation.and_then(|d| d.replaced_by.as_ref()) {
        Some(replacement) => doc.member_reference(&replacement.definition, replacement.member.as_deref()),
        None => doc.writer.text("No replacement."),
    }
    doc.writer.paragraph();
    if let Some(text) = deprecation.and_then(|d| d.doc.as_ref()) {
        doc.markdown(&text.text);
    }
    doc.end();
    doc.end();
}
