//! RST emitter, what a client should wait for: for each path, the events
//! that end the wait after `device_del` returned, and when only a timeout
//! of the client's own can end it. The data is `Reliability::wait`, the
//! same a client library uses.

use qapi_gen_schema::model::{OwnTimeout, Reliability, Wait};
use qapi_gen_schema::reliability::COMPLETION_EVENT;

use super::super::document::Document;
use super::{event_list, path_reference, section_target};

/// "What a client should wait for".
pub fn section(doc: &mut Document<'_>, rows: &[Reliability]) {
    doc.writer.target(&section_target("client-wait"));
    doc.writer.text("What a client should wait for");
    doc.open_subsection();
    doc.writer.text("After a successful ");
    doc.reference("device_del");
    doc.writer.text(", a client waits for ");
    doc.reference(COMPLETION_EVENT);
    doc.writer.text(
        " (the device is gone) or for an event that reports the failure. Where the machine cannot report a failure, \
         only a timeout of the client's own ends the wait; afterwards the client checks whether the device is still \
         there, and may repeat the request as each path allows.",
    );
    doc.writer.paragraph();
    doc.table(Some("Waiting for the outcome"), &["Path", "After the reply, wait for", "A timeout of its own ends the wait"], &[24, 40, 36]);
    for row in rows {
        doc.row();
        doc.cell();
        path_reference(doc, row);
        doc.end();
        doc.cell();
        waited_for(doc, row.wait());
        doc.end();
        doc.cell();
        doc.writer.text(match row.wait() {
            Wait::Refused | Wait::DeletedBeforeReply => "never: there is nothing to wait for",
            Wait::Events { own_timeout: OwnTimeout::Never, .. } => "never: the machine reports the outcome",
            Wait::Events { own_timeout: OwnTimeout::GuestSilent, .. } => "when the guest neither completes nor visibly refuses",
            Wait::Events { own_timeout: OwnTimeout::Failure, .. } => "on every failure",
        });
        doc.end();
        doc.end();
    }
    doc.end_table();
}

/// The events that end the wait.
pub(super) fn waited_for(doc: &mut Document<'_>, wait: Wait<'_>) {
    match wait {
        Wait::Refused => doc.writer.text("nothing: the command fails"),
        Wait::DeletedBeforeReply => {
            doc.writer.text("nothing: ");
            doc.reference(COMPLETION_EVENT);
            doc.writer.text(" came before the reply");
        }
        Wait::Events { failure, .. } => {
            doc.reference(COMPLETION_EVENT);
            if !failure.is_empty() {
                doc.writer.text(", or a failure: ");
                event_list(doc, failure, "");
            }
        }
    }
}
