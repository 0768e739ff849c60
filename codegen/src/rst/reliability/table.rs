//! RST emitter, reliability table: the detection kinds, then one line per
//! unplug path (machine, device, detection, failure events, since), each
//! path linked to its section.

use qapi_gen_schema::model::{Detection, Reliability};

use super::super::document::Document;
use super::{event_list, row_target};

/// What each detection kind means, for the legend.
fn meaning(detection: Detection) -> &'static str {
    match detection {
        Detection::Reported => "the guest or the firmware reports the failure.",
        Detection::Timeout => "the failure is assumed when the unplug has not completed after a time.",
        Detection::Inferred => "the machine infers the failure from what the guest does.",
        Detection::None => "the failure cannot be detected.",
        Detection::NotImplemented => "the failure could be detected, but this is not implemented yet.",
        Detection::Synchronous => "the device is removed before the command returns; nothing can fail afterwards.",
        Detection::Refused => "the device cannot be unplugged: the command fails.",
    }
}

/// "The unplug paths": legend and table.
pub fn section(doc: &mut Document<'_>, rows: &[Reliability]) {
    doc.writer.text("The unplug paths");
    doc.open_subsection();
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
    doc.table(Some("Unplug paths (each linked to its details)"), &["Machine", "Device", "Detection", "Event on failure", "Since"], &[16, 16, 16, 40, 12]);
    for row in rows {
        doc.row();
        doc.cell();
        let target = row_target(row);
        doc.writer.reference(&row.machine, &target);
        doc.end();
        doc.cell();
        doc.writer.reference(&row.device, &target);
        doc.end();
        doc.cell();
        doc.writer.text(row.detection.keyword());
        doc.end();
        doc.cell();
        event_list(doc, &row.events, "none");
        doc.end();
        doc.cell();
        match (row.history.first(), row.since) {
            (Some(first), Some(since)) => doc.writer.text(&format!("{}, as now since {since}", first.since)),
            (None, Some(since)) => doc.writer.text(&since.to_string()),
            _ => {}
        }
        doc.end();
        doc.end();
    }
    doc.end_table();
}
