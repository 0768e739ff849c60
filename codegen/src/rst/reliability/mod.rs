//! RST emitter, reliability: the section on unplug failures. It answers
//! the two questions first ("which failures cannot be detected", "which
//! could be, but are not yet"), then gives the table of paths, what a
//! client should wait for, which events report failures, and each path in
//! detail with its history and the code that implements it.

mod answers;
mod paths;
mod table;
mod wait;

use qapi_gen_schema::model::{Reliability, Status};

use super::document::Document;
use super::links::RELIABILITY_TARGET;

/// The target of a section anchor (`qapi_gen_schema::reliability::SECTION_ANCHORS`).
pub(crate) fn section_target(anchor: &str) -> String {
    match anchor {
        "reliability" => RELIABILITY_TARGET.to_string(),
        other => format!("unplug {}", other.replace('-', " ")),
    }
}

/// The target of a row's section.
pub(crate) fn row_target(row: &Reliability) -> String {
    format!("unplug path {}/{}", row.machine, row.device)
}

/// The section; nothing when the schema has no reliability rows.
pub fn section(doc: &mut Document<'_>) {
    let rows = &doc.schema.reliability;
    if rows.is_empty() {
        return;
    }
    doc.writer.target(RELIABILITY_TARGET);
    doc.writer.text("Reliability of unplug failure reporting");
    doc.open_section(1);
    doc.writer.text(&format!(
        "Unplugging a device needs the guest's cooperation, so an unplug request can fail after the command that asked \
         for it has returned. This section describes {} unplug paths, each a machine type and a kind of device: \
         whether a failed unplug is detected there, which event reports it, since which release, and the code that \
         implements it. The two questions come first.",
        rows.len()
    ));
    doc.writer.paragraph();
    answers::undetectable(doc, rows);
    answers::not_implemented(doc, rows);
    table::section(doc, rows);
    wait::section(doc, rows);
    by_event(doc, rows);
    paths::section(doc, rows);
}

/// A link to the row's section: "cpu on pseries", "usb on any machine".
fn path_reference(doc: &mut Document<'_>, row: &Reliability) {
    let target = row_target(row);
    doc.writer.reference(&path_name(row), &target);
}

/// "cpu on pseries", "usb on any machine".
fn path_name(row: &Reliability) -> String {
    match row.machine.as_str() {
        "any" => format!("{} on any machine", row.device),
        machine => format!("{} on {machine}", row.device),
    }
}

/// Events joined with "or", each with its lifecycle status.
fn event_list(doc: &mut Document<'_>, events: &[String], none: &str) {
    if events.is_empty() {
        doc.writer.text(none);
    }
    for (index, event) in events.iter().enumerate() {
        if index > 0 {
            doc.writer.text(if index + 1 == events.len() { " or " } else { ", " });
        }
        event_reference(doc, event);
    }
}

/// An event, with "(deprecated)" or "(removed in X)" when it is going or gone.
fn event_reference(doc: &mut Document<'_>, event: &str) {
    doc.reference(event);
    let schema = doc.schema;
    let Some(definition) = schema.definition(event) else { return };
    match definition.info.status {
        Status::Active => {}
        Status::Deprecated => doc.writer.text(" (deprecated)"),
        Status::Removed => match definition.info.deprecation.as_ref().and_then(|d| d.removal) {
            Some(removal) => doc.writer.text(&format!(" (removed in {removal})")),
            None => doc.writer.text(" (removed)"),
        },
    }
}

/// Which events report failures, and on which paths.
fn by_event(doc: &mut Document<'_>, rows: &[Reliability]) {
    doc.writer.text("Which events report unplug failures?");
    doc.open_subsection();
    let mut events: Vec<&str> = Vec::new();
    for row in rows {
        for event in &row.events {
            if !events.contains(&event.as_str()) {
                events.push(event);
            }
        }
    }
    if events.is_empty() {
        doc.writer.text("No event reports unplug failures.");
        doc.writer.paragraph();
        return;
    }
    for event in &events {
        doc.writer.open_item("- ");
        event_reference(doc, event);
        doc.writer.text(": ");
        let reported: Vec<&Reliability> = rows.iter().filter(|r| r.events.iter().any(|e| e == event)).collect();
        for (index, row) in reported.iter().enumerate() {
            if index > 0 {
                doc.writer.text(", ");
            }
            path_reference(doc, row);
        }
        doc.writer.text(".");
        doc.writer.close();
    }
    doc.writer.blank_line();
}
