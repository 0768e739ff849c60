//! RST emitter, reliability answers: the two questions the section exists
//! for, answered from the rows. Undetectable paths with the reason (their
//! `summary`); and the failures that could be detected or reported but are
//! not (the rows with a `gap`), the strong cases first.

use qapi_gen_schema::model::{Detection, Reliability, Strength};

use super::super::document::Document;
use super::{path_reference, section_target};

/// "Which unplug failures cannot be detected?"
pub fn undetectable(doc: &mut Document<'_>, rows: &[Reliability]) {
    doc.writer.target(&section_target("undetectable"));
    doc.writer.text("Which unplug failures cannot be detected?");
    doc.open_subsection();
    let never: Vec<&Reliability> = rows.iter().filter(|r| r.detection == Detection::None).collect();
    let not_yet: Vec<&Reliability> = rows.iter().filter(|r| r.detection == Detection::NotImplemented).collect();
    if never.is_empty() && not_yet.is_empty() {
        doc.writer.text("None: on every path described here a failed unplug is detected in some way.");
        doc.writer.paragraph();
        return;
    }
    doc.writer.text(&format!(
        "On {} of the {} paths a failed unplug is not detected: no event is sent and the device simply stays. A \
         client can only wait for the removal with a time limit of its own, then check whether the device is still \
         there.",
        never.len() + not_yet.len(),
        rows.len()
    ));
    doc.writer.paragraph();
    if !never.is_empty() {
        doc.writer.text("Cannot be detected, by the nature of the path:");
        doc.writer.paragraph();
        reasons(doc, &never);
    }
    if !not_yet.is_empty() {
        doc.writer.text("Not detected yet, though the machine could (see ");
        doc.writer.reference("the next question", &section_target("not-implemented"));
        doc.writer.text("):");
        doc.writer.paragraph();
        reasons(doc, &not_yet);
    }
}

/// A bullet list: each path, linked, with its `summary`.
fn reasons(doc: &mut Document<'_>, rows: &[&Reliability]) {
    let items: Vec<(&Reliability, Option<&str>)> = rows.iter().map(|r| (*r, r.summary.as_ref().map(|s| s.text.as_str()))).collect();
    grouped(doc, &items);
}

/// A bullet list of texts, each led by the paths it is about: paths with
/// the same text share one item, in the order of their first row.
fn grouped(doc: &mut Document<'_>, items: &[(&Reliability, Option<&str>)]) {
    let mut groups: Vec<(Option<&str>, Vec<&Reliability>)> = Vec::new();
    for (row, text) in items {
        match groups.iter_mut().find(|(t, _)| t.is_some() && t == text) {
            Some((_, rows)) => rows.push(row),
            None => groups.push((*text, vec![*row])),
        }
    }
    for (text, rows) in groups {
        doc.writer.open_item("- ");
        for (index, row) in rows.iter().enumerate() {
            if index > 0 {
                doc.writer.text(", ");
            }
            path_reference(doc, row);
        }
        match text {
            Some(text) => {
                doc.writer.text(": ");
                doc.markdown(text);
            }
            None => doc.writer.paragraph(),
        }
        doc.writer.close();
    }
    doc.writer.blank_line();
}

/// "Which unplug failures could be detected, but are not yet?"
pub fn not_implemented(doc: &mut Document<'_>, rows: &[Reliability]) {
    doc.writer.target(&section_target("not-implemented"));
    doc.writer.text("Which unplug failures could be detected, but are not yet?");
    doc.open_subsection();
    let with_gap: Vec<&Reliability> = rows.iter().filter(|r| r.gap.is_some()).collect();
    if with_gap.is_empty() {
        doc.writer.text("None: no path described here is waiting for an implementation.");
        doc.writer.paragraph();
        return;
    }
    for strength in Strength::ALL {
        let found: Vec<&Reliability> = with_gap.iter().copied().filter(|r| r.gap.as_ref().is_some_and(|g| g.strength == strength)).collect();
        if found.is_empty() {
            continue;
        }
        doc.writer.text(match strength {
            Strength::Strong => "The machine has the information, and only does not report it:",
            Strength::Weak => "Weaker candidates, where the information would not tell a failure from a delay:",
        });
        doc.writer.paragraph();
        let items: Vec<(&Reliability, Option<&str>)> = found.iter().map(|r| (*r, r.gap.as_ref().map(|g| g.doc.text.as_str()))).collect();
        grouped(doc, &items);
    }
}
