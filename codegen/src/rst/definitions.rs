//! RST emitter, definitions: one section per event, command and type, with
//! its lifecycle notices, metadata fields, members table and examples.

use qapi_gen_schema::model::{Alternate, Command, DefKind, Definition, Direction, Enum, Event, Example, Info, Member, Status, Struct, Union};

use super::deprecations;
use super::document::Document;

/// The section of one definition.
pub fn definition(doc: &mut Document<'_>, definition: &Definition) {
    let target = doc.links.target(&definition.name).unwrap_or(&definition.name).to_string();
    doc.writer.target(&target);
    doc.writer.code(&definition.name);
    let status = match (definition.info.status, definition.info.deprecation.as_ref().and_then(|d| d.removal)) {
        (Status::Removed, Some(removal)) => format!(", removed in {removal}"),
        (Status::Removed, None) => ", removed".to_string(),
        (Status::Deprecated, _) => ", deprecated".to_string(),
        (Status::Active, _) => String::new(),
    };
    doc.writer.text(&format!(" ({}{status})", definition.kind.keyword()));
    doc.open_definition();

    notices(doc, &definition.info);
    if let Some(text) = &definition.info.doc {
        doc.markdown(&text.text);
    }
    fields(doc, definition);
    features(doc, &definition.info);
    match &definition.kind {
        DefKind::Event(event) => event_body(doc, event),
        DefKind::Command(command) => command_body(doc, command),
        DefKind::Enum(enumeration) => enum_body(doc, enumeration),
        DefKind::Struct(strukt) => struct_body(doc, strukt),
        DefKind::Union(union) => union_body(doc, union),
        DefKind::Alternate(alternate) => alternate_body(doc, alternate),
    }
    examples(doc, &definition.examples);
}

/// The visible notices: deprecated or removed (a warning), unstable (a note).
fn notices(doc: &mut Document<'_>, info: &Info) {
    if info.deprecation.is_some() || info.status != Status::Active {
        doc.writer.directive("warning", None, &[]);
        doc.writer.open_indent(3);
        deprecations::sentence(doc, info);
        doc.writer.paragraph();
        if let Some(text) = info.deprecation.as_ref().and_then(|d| d.doc.as_ref()) {
            doc.markdown(&text.text);
        }
        doc.end();
    }
    if info.unstable {
        doc.writer.directive("note", None, &[]);
        doc.writer.open_indent(3);
        doc.writer.strong(true);
        doc.writer.text("Unstable:");
        doc.writer.strong(false);
        doc.writer.text(" this interface may change incompatibly or disappear without going through deprecation.");
        doc.end();
    }
}

/// Since, condition, payload or arguments type, returns, flags, users.
fn fields(doc: &mut Document<'_>, definition: &Definition) {
    doc.writer.blank_line();
    if let Some(since) = definition.info.since {
        doc.writer.text(&since.to_string());
        doc.writer.field("Since");
    }
    if let Some(condition) = &definition.info.condition {
        doc.writer.text("only when ");
        doc.writer.code(&condition.to_string());
        doc.writer.text(" holds");
        doc.writer.field("Availability");
    }
    match &definition.kind {
        DefKind::Event(event) => {
            if let Some(data) = &event.data_type {
                doc.reference(data);
                if event.boxed {
                    doc.writer.text(" (passed whole)");
                }
                doc.writer.field("Payload");
            }
        }
        DefKind::Command(command) => {
            if let Some(data) = &command.data_type {
                doc.reference(data);
                if command.boxed {
                    doc.writer.text(" (passed whole)");
                }
                doc.writer.field("Arguments");
            }
            match &command.returns {
                Some(ty) => doc.ty(ty),
                None => doc.writer.text("an empty object"),
            }
            doc.writer.field("Returns");
            let flags = [
                (command.allow_oob, "allow-oob"),
                (command.allow_preconfig, "allow-preconfig"),
                (command.coroutine, "coroutine"),
                (!command.success_response, "success-response: false"),
                (!command.generate, "gen: false"),
            ];
            let mut first = true;
            for (_, flag) in flags.iter().filter(|(set, _)| *set) {
                if !first {
                    doc.writer.text(", ");
                }
                first = false;
                doc.writer.code(flag);
            }
            if !first {
                doc.writer.field("Flags");
            }
        }
        DefKind::Union(union) => {
            doc.writer.code(&union.discriminator);
            doc.writer.text(" (");
            doc.reference(&union.discriminator_enum);
            doc.writer.text(")");
            doc.writer.field("Discriminator");
            if let Some(base) = &union.base {
                doc.reference(base);
                doc.writer.field("Base");
            }
        }
        DefKind::Struct(strukt) => {
            if let Some(base) = &strukt.base {
                doc.reference(base);
                doc.writer.field("Base");
            }
        }
        DefKind::Enum(_) | DefKind::Alternate(_) => {}
    }
    if definition.kind.is_type() {
        let users = doc.users.get(&definition.name).cloned().unwrap_or_default();
        if !users.is_empty() {
            for (index, user) in users.iter().enumerate() {
                if index > 0 {
                    doc.writer.text(", ");
                }
                doc.reference(user);
            }
            doc.writer.field("Used by");
        }
    }
    doc.writer.blank_line();
}

/// Custom features, as a definition list (`deprecated` and `unstable`
/// have their own notices).
fn features(doc: &mut Document<'_>, info: &Info) {
    let listed: Vec<_> = info.custom_features().collect();
    if listed.is_empty() {
        return;
    }
    doc.writer.text("Features");
    doc.writer.directive_with_inline("rubric");
    for feature in listed {
        doc.writer.code(&feature.name);
        if let Some(condition) = &feature.condition {
            doc.writer.text(" (only when ");
            doc.writer.code(&condition.to_string());
            doc.writer.text(" holds)");
        }
        doc.writer.term();
        doc.writer.open_indent(3);
        match &feature.doc {
            Some(text) => doc.markdown(&text.text),
            None => doc.writer.text("A custom feature (not documented)."),
        }
        doc.end();
    }
    doc.writer.blank_line();
}

fn event_body(doc: &mut Document<'_>, event: &Event) {
    if event.members.is_empty() {
        if event.data_type.is_none() {
            doc.writer.text("This event carries no data.");
            doc.writer.paragraph();
        }
        return;
    }
    members(doc, "Data", &event.members);
}

fn command_body(doc: &mut Document<'_>, command: &Command) {
    if command.arguments.is_empty() {
        if command.data_type.is_none() {
            doc.writer.text("This command takes no arguments.");
            doc.writer.paragraph();
        }
        return;
    }
    members(doc, "Arguments", &command.arguments);
}

fn struct_body(doc: &mut Document<'_>, strukt: &Struct) {
    if strukt.members.is_empty() {
        doc.writer.text("This struct has no members.");
        doc.writer.paragraph();
        return;
    }
    members(doc, "Members", &strukt.members);
}

fn union_body(doc: &mut Document<'_>, union: &Union) {
    members(doc, "Members common to every branch", &union.base_members);
    let schema = doc.schema;
    let values = match schema.definition(&union.discriminator_enum).map(|d| &d.kind) {
        Some(DefKind::Enum(enumeration)) => enumeration.values.as_slice(),
        _ => &[],
    };
    let header = format!("Value of {}", union.discriminator);
    doc.table(Some("Branches"), &[&header, "Further members", "Description"], &[25, 25, 50]);
    for variant in &union.variants {
        doc.row();
        doc.cell();
        doc.writer.code(&variant.value);
        doc.end();
        doc.cell();
        match &variant.ty {
            Some(ty) => {
                doc.writer.text("the members of ");
                doc.reference(ty);
            }
            None => doc.writer.text("none"),
        }
        doc.end();
        doc.cell();
        if let Some(text) = values.iter().find(|v| v.name == variant.value).and_then(|v| v.info.doc.as_ref()) {
            doc.markdown(&text.text);
        }
        if let Some(condition) = &variant.condition {
            condition_note(doc, condition);
        }
        doc.end();
        doc.end();
    }
    doc.end_table();
}

fn alternate_body(doc: &mut Document<'_>, alternate: &Alternate) {
    doc.writer.text("A value of any one of these types; the JSON type of the value tells which.");
    doc.writer.paragraph();
    doc.table(Some("Branches"), &["Branch", "Type", "Description"], &[25, 35, 40]);
    for branch in &alternate.branches {
        doc.row();
        doc.cell();
        doc.writer.code(&branch.name);
        doc.end();
        doc.cell();
        doc.ty(&branch.ty);
        doc.end();
        doc.cell();
        if let Some(condition) = &branch.condition {
            condition_note(doc, condition);
        }
        doc.end();
        doc.end();
    }
    doc.end_table();
}

fn enum_body(doc: &mut Document<'_>, enumeration: &Enum) {
    doc.table(Some("Values"), &["Value", "Since", "Description"], &[25, 10, 65]);
    for value in &enumeration.values {
        doc.row();
        doc.cell();
        doc.writer.code(&value.name);
        doc.end();
        doc.cell();
        if let Some(since) = value.info.since {
            doc.writer.text(&since.to_string());
        }
        doc.end();
        doc.cell();
        description(doc, &value.info, None);
        doc.end();
        doc.end();
    }
    doc.end_table();
}

/// The members table of a struct, union base, event or command.
fn members(doc: &mut Document<'_>, caption: &str, members: &[Member]) {
    if members.is_empty() {
        return;
    }
    doc.table(Some(caption), &["Name", "Type", "Presence", "Since", "Description"], &[18, 18, 12, 8, 44]);
    for member in members {
        doc.row();
        doc.cell();
        doc.writer.code(&member.name);
        doc.end();
        doc.cell();
        doc.ty(&member.ty);
        doc.end();
        doc.cell();
        doc.writer.text(if member.optional { "optional" } else { "mandatory" });
        doc.end();
        doc.cell();
        if let Some(since) = member.info.since {
            doc.writer.text(&since.to_string());
        }
        doc.end();
        doc.cell();
        description(doc, &member.info, member.inherited_from.as_deref());
        doc.end();
        doc.end();
    }
    doc.end_table();
}

/// The description cell of a member or enum value: its doc, then notes on
/// inheritance, condition, features and deprecation.
fn description(doc: &mut Document<'_>, info: &Info, inherited_from: Option<&str>) {
    if let Some(text) = &info.doc {
        doc.markdown(&text.text);
    }
    if let Some(base) = inherited_from {
        doc.writer.text("Inherited from ");
        doc.reference(base);
        doc.writer.text(".");
        doc.writer.paragraph();
    }
    if let Some(condition) = &info.condition {
        condition_note(doc, condition);
    }
    let custom: Vec<_> = info.custom_features().collect();
    if !custom.is_empty() {
        doc.writer.text(if custom.len() == 1 { "Feature: " } else { "Features: " });
        for (index, feature) in custom.iter().enumerate() {
            if index > 0 {
                doc.writer.text(", ");
            }
            doc.writer.code(&feature.name);
        }
        doc.writer.text(".");
        doc.writer.paragraph();
    }
    if info.unstable {
        doc.writer.strong(true);
        doc.writer.text("Unstable:");
        doc.writer.strong(false);
        doc.writer.text(" may change incompatibly without deprecation.");
        doc.writer.paragraph();
    }
    if info.deprecation.is_some() || info.status != Status::Active {
        deprecations::sentence(doc, info);
        doc.writer.paragraph();
        if let Some(text) = info.deprecation.as_ref().and_then(|d| d.doc.as_ref()) {
            doc.markdown(&text.text);
        }
    }
}

fn condition_note(doc: &mut Document<'_>, condition: &qapi_gen_schema::model::Condition) {
    doc.writer.text("Only when ");
    doc.writer.code(&condition.to_string());
    doc.writer.text(" holds.");
    doc.writer.paragraph();
}

/// Examples as JSON code blocks, each message marked with its direction.
fn examples(doc: &mut Document<'_>, examples: &[Example]) {
    if examples.is_empty() {
        return;
    }
    doc.writer.text(if examples.len() == 1 { "Example" } else { "Examples" });
    doc.writer.directive_with_inline("rubric");
    for example in examples {
        if let Some(text) = &example.doc {
            doc.markdown(&text.text);
        }
        for message in &example.messages {
            match message.direction {
                Direction::ToServer => doc.writer.text("Client to server (QMP "),
                Direction::FromServer => doc.writer.text("Server to client (QMP "),
            }
            doc.writer.code(match message.direction {
                Direction::ToServer => "->",
                Direction::FromServer => "<-",
            });
            doc.writer.text("):");
            doc.writer.paragraph();
            let json = serde_json::to_string_pretty(&message.message).unwrap_or_else(|_| message.message.to_string());
            doc.writer.code_block(Some("json"), &json);
        }
    }
}
