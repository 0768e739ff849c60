//! RST emitter, each unplug path in detail: a section per row with its
//! explanation, then labelled items for detection, events, history,
//! repeated requests, reset, what is not implemented, what a client waits
//! for, and the code (file, function, release) it was checked against.

use qapi_gen_schema::model::{Detection, Doc, Evidence, Reliability};

use super::super::document::Document;
use super::wait::waited_for;
use super::{event_list, path_name, row_target};

/// "Each unplug path in detail".
pub fn section(doc: &mut Document<'_>, rows: &[Reliability]) {
    doc.writer.text("Each unplug path in detail");
    doc.open_subsection();
    for row in rows {
        path(doc, row);
    }
}

fn path(doc: &mut Document<'_>, row: &Reliability) {
    doc.writer.target(&row_target(row));
    doc.writer.text(&path_name(row));
    doc.open_nested();
    if let Some(text) = &row.doc {
        doc.markdown(&text.text);
    }
    match row.since {
        Some(since) => label(doc, &format!("Since {since}")),
        None => label(doc, "Detection"),
    }
    doc.writer.text(row.detection.keyword());
    if !matches!(row.detection, Detection::Synchronous | Detection::Refused) {
        doc.writer.text("; event on failure: ");
        event_list(doc, &row.events, "none");
    }
    doc.writer.text(".");
    end(doc);
    if !row.history.is_empty() {
        label(doc, "Earlier releases");
        doc.writer.paragraph();
        for (index, period) in row.history.iter().enumerate() {
            doc.writer.open_item("- ");
            let until = row.history.get(index + 1).map(|next| next.since).or(row.since);
            match until {
                Some(until) => doc.writer.text(&format!("From {} until {until}: ", period.since)),
                None => doc.writer.text(&format!("From {}: ", period.since)),
            }
            doc.writer.text(period.detection.keyword());
            doc.writer.text("; event on failure: ");
            event_list(doc, &period.events, "none");
            doc.writer.text(".");
            if let Some(text) = &period.doc {
                doc.writer.text(" ");
                doc.markdown(&text.text);
            } else {
                doc.writer.paragraph();
            }
            evidence(doc, &period.evidence, "Code: ");
            doc.writer.close();
        }
        end(doc);
    }
    labelled_doc(doc, "Repeated device_del", row.repeat.as_ref());
    labelled_doc(doc, "Guest reset", row.reset.as_ref());
    if let Some(gap) = &row.gap {
        label(doc, &format!("Not implemented ({})", gap.strength.keyword()));
        doc.markdown(&gap.doc.text);
        end(doc);
    }
    label(doc, "A client waits for");
    waited_for(doc, row.wait());
    doc.writer.text(".");
    end(doc);
    if !row.evidence.is_empty() {
        label(doc, "Checked in the code");
        evidence(doc, &row.evidence, "");
        doc.writer.close();
    }
    doc.writer.blank_line();
}

/// Opens a labelled item: "- **Label:** ".
fn label(doc: &mut Document<'_>, text: &str) {
    doc.writer.open_item("- ");
    doc.writer.strong(true);
    doc.writer.text(&format!("{text}:"));
    doc.writer.strong(false);
    doc.writer.text(" ");
}

/// Ends a labelled item.
fn end(doc: &mut Document<'_>) {
    doc.writer.paragraph();
    doc.writer.close();
}

fn labelled_doc(doc: &mut Document<'_>, text: &str, body: Option<&Doc>) {
    if let Some(body) = body {
        label(doc, text);
        doc.markdown(&body.text);
        doc.writer.close();
    }
}

/// "``drc_unisolate_logical`` in ``hw/ppc/spapr_drc.c`` (10.2); …", as a
/// paragraph after `prefix`.
fn evidence(doc: &mut Document<'_>, rows: &[Evidence], prefix: &str) {
    if rows.is_empty() {
        return;
    }
    doc.writer.text(prefix);
    for (index, row) in rows.iter().enumerate() {
        if index > 0 {
            doc.writer.text("; ");
        }
        doc.writer.code(&row.function);
        doc.writer.text(" in ");
        doc.writer.code(&row.file);
        doc.writer.text(&format!(" ({})", row.release));
    }
    doc.writer.text(".");
    doc.writer.paragraph();
}
