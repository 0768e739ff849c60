//! RST emitter, reliability: the matrix of unplug paths (machine, device,
//! how a failure is detected, the event that reports it) and the answers,
//! generated from its rows, to "which unplug failures cannot be detected"
//! and "which could be, but are not yet".

use qapi_gen_schema::model::{Detection, Reliability, Status};

use super::document::Document;
use super::links::RELIABILITY_TARGET;
use super::writer::GridRow;

/// What each detection kind means, for the legend.
fn meaning(detection: Detection) -> &'static str {
    match detection {
        Detection::Reported => "the guest or the firmware reports the failure.",
        Detection::Timeout => "the failure is assumed when the unplug has not completed after a time.",
        Detection::Inferred => "the hypervisor infers the failure from what the guest does.",
        Detection::None => "the failure cannot be detected.",
        Detection::NotImplemented => "the failure could be detected, but this is not implemented yet.",
    }
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
    doc.writer.text(
        "Unplugging a device needs the guest's cooperation, so an unplug request can fail after the command that \
         asked for it has returned. The table lists every unplug path, a machine type and a kind of device, with how \
         a failed unplug is detected there, which event reports it, and since which version this holds.",
    );
    doc.writer.paragraph();
    legend(doc, rows);
    matrix(doc, rows);
    undetectable(doc, rows);
    not_implemented(doc, rows);
    by_event(doc, rows);
}

fn legend(doc: &mut Document<'_>, rows: &[Reliability]) {
    doc.writer.text("The detection kinds:");
    doc.writer.paragraph();
    for detection in Detection::ALL.into_iter().filter(|d| rows.iter().any(|r| r.detection == *d)) {
        doc.writer.open_item("- ");
        doc.writer.code(detection.keyword());
        doc.writer.text(": ");
        doc.writer.text(meaning(detection));
        doc.writer.close();
    }
    doc.writer.blank_line();
}

/// The matrix as a grid table in which each path's explanation spans the
/// row below its facts, so it gets the table's full width; a `list-table`
/// with an explanation column when the text does not suit a grid.
fn matrix(doc: &mut Document<'_>, rows: &[Reliability]) {
    const HEADERS: [&str; 5] = ["Machine", "Device", "Detection", "Event on failure", "Since"];
    let header: Vec<String> = HEADERS.iter().map(|h| doc.capture(|d| d.writer.text(h))).collect();
    let mut grid = Vec::new();
    for row in rows {
        let strong = |d: &mut Document<'_>, text: &str| {
            d.writer.strong(true);
            d.writer.text(text);
            d.writer.strong(false);
        };
        let cells = vec![
            doc.capture(|d| strong(d, &row.machine)),
            doc.capture(|d| strong(d, &row.device)),
            doc.capture(|d| d.writer.text(row.detection.keyword())),
            doc.capture(|d| event_cell(d, row)),
            doc.capture(|d| {
                if let Some(since) = row.since {
                    d.writer.text(&since.to_string());
                }
            }),
        ];
        grid.push(GridRow::Cells(cells));
        if let Some(text) = &row.doc {
            grid.push(GridRow::Span(doc.capture(|d| d.markdown(&text.text))));
        }
    }
    doc.writer.text("Each unplug path, with the explanation below it:");
    doc.writer.paragraph();
    if doc.writer.grid_table(&header, &grid, 3) {
        return;
    }
    let mut headers = HEADERS.to_vec();
    headers.push("Explanation");
    doc.table(Some("Unplug paths"), &headers, &[9, 9, 11, 24, 6, 41]);
    for row in rows {
        doc.row();
        doc.cell();
        doc.writer.text(&row.machine);
        doc.end();
        doc.cell();
        doc.writer.text(&row.device);
        doc.end();
        doc.cell();
        doc.writer.text(row.detection.keyword());
        doc.end();
        doc.cell();
        event_cell(doc, row);
        doc.end();
        doc.cell();
        if let Some(since) = row.since {
            doc.writer.text(&since.to_string());
        }
        doc.end();
        doc.cell();
        if let Some(text) = &row.doc {
            doc.markdown(&text.text);
        }
        doc.end();
        doc.end();
    }
    doc.end_table();
}

fn event_cell(doc: &mut Document<'_>, row: &Reliability) {
    match &row.event {
        Some(event) => event_reference(doc, event),
        None => doc.writer.text("none"),
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

/// "``cpu`` on ``pseries`` (since 6.2)"
fn path(doc: &mut Document<'_>, row: &Reliability) {
    doc.writer.code(&row.device);
    doc.writer.text(" on ");
    doc.writer.code(&row.machine);
    if let Some(since) = row.since {
        doc.writer.text(&format!(" (since {since})"));
    }
}

/// A bullet list of paths (their explanations are in the table).
fn paths(doc: &mut Document<'_>, rows: &[&Reliability]) {
    for row in rows {
        doc.writer.open_item("- ");
        path(doc, row);
        doc.writer.close();
    }
    doc.writer.blank_line();
}

fn share(count: usize, total: usize) -> String {
    if count == total { format!("On all {total} paths") } else { format!("On {count} of the {total} paths") }
}

fn undetectable(doc: &mut Document<'_>, rows: &[Reliability]) {
    doc.writer.text("Which unplug failures cannot be detected?");
    doc.open_subsection();
    let found: Vec<&Reliability> = rows.iter().filter(|r| r.detection == Detection::None).collect();
    if found.is_empty() {
        doc.writer.text("None: on every path in the table a failed unplug is detected in some way.");
        doc.writer.paragraph();
        return;
    }
    doc.writer.text(&share(found.len(), rows.len()));
    doc.writer.text(
        " a failed unplug cannot be detected. No event is sent and the device simply stays; a client can only wait \
         for the removal with a time limit of its own and then check whether the device is still there. The table \
         above explains why for each of them:",
    );
    doc.writer.paragraph();
    paths(doc, &found);
}

fn not_implemented(doc: &mut Document<'_>, rows: &[Reliability]) {
    doc.writer.text("Which unplug failures could be detected, but are not yet?");
    doc.open_subsection();
    let found: Vec<&Reliability> = rows.iter().filter(|r| r.detection == Detection::NotImplemented).collect();
    if found.is_empty() {
        doc.writer.text("None: no path in the table is waiting for an implementation.");
        doc.writer.paragraph();
        return;
    }
    doc.writer.text(&share(found.len(), rows.len()));
    doc.writer.text(
        " a failed unplug could be detected, but no event reports it yet; until then these behave like undetectable \
         failures. The table above tells how each could be detected:",
    );
    doc.writer.paragraph();
    paths(doc, &found);
}

fn by_event(doc: &mut Document<'_>, rows: &[Reliability]) {
    doc.writer.text("Which events report unplug failures?");
    doc.open_subsection();
    let mut events: Vec<&str> = Vec::new();
    for row in rows {
        if let Some(event) = row.event.as_deref()
            && !events.contains(&event)
        {
            events.push(event);
        }
    }
    if events.is_empty() {
        doc.writer.text("No event reports unplug failures.");
        doc.writer.paragraph();
    }
    for event in &events {
        doc.writer.open_item("- ");
        event_reference(doc, event);
        doc.writer.text(" reports failures of ");
        let reported: Vec<&Reliability> = rows.iter().filter(|r| r.event.as_deref() == Some(*event)).collect();
        detected_list(doc, &reported);
        doc.writer.text(".");
        doc.writer.close();
    }
    doc.writer.blank_line();
    let silent: Vec<&Reliability> =
        rows.iter().filter(|r| r.event.is_none() && !matches!(r.detection, Detection::None | Detection::NotImplemented)).collect();
    if !silent.is_empty() {
        doc.writer.text("Detected without an event: ");
        detected_list(doc, &silent);
        doc.writer.text(".");
        doc.writer.paragraph();
    }
}

/// "``cpu`` on ``pseries`` (reported), ``dimm`` on ``pc`` (inferred)"
fn detected_list(doc: &mut Document<'_>, rows: &[&Reliability]) {
    for (index, row) in rows.iter().enumerate() {
        if index > 0 {
            doc.writer.text(", ");
        }
        doc.writer.code(&row.device);
        doc.writer.text(" on ");
        doc.writer.code(&row.machine);
        doc.writer.text(&format!(" ({})", row.detection.keyword()));
    }
}
