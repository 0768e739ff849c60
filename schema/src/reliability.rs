//! The model of the `reliability` rows: for each unplug path, how a failure
//! is detected and reported, its history, the code that implements it, and
//! what a client has to wait for (derived here, once, for every output).

use crate::model::Doc;
use crate::source::Span;
use crate::version::Version;

/// The event that tells a client an unplug completed.
pub const COMPLETION_EVENT: &str = "DEVICE_DELETED";

/// Link targets a doc text may name as `[text](#anchor)`, besides the rows'
/// own ([`Reliability::anchor`]): the reliability section, its two answers,
/// what a client should wait for, and the deprecated interfaces.
pub const SECTION_ANCHORS: [&str; 5] = ["reliability", "undetectable", "not-implemented", "client-wait", "deprecations"];

/// How one unplug path reports failure.
#[derive(Clone, Debug)]
pub struct Reliability {
    /// Machine type (`pseries`, `pc`, `q35`, `arm-virt`, `any`, …).
    pub machine: String,
    /// Device kind (`cpu`, `dimm`, `pci`, …).
    pub device: String,
    /// How failure is detected.
    pub detection: Detection,
    /// The events sent on failure, in the order written.
    pub events: Vec<String>,
    /// Since when this holds.
    pub since: Option<Version>,
    /// One line: why failure is (or is not) detected.
    pub summary: Option<Doc>,
    /// The mechanism and its limits.
    pub doc: Option<Doc>,
    /// What held before `since`, oldest first.
    pub history: Vec<Period>,
    /// What a repeated `device_del` does while the removal is pending.
    pub repeat: Option<Doc>,
    /// What a guest reset does to a pending removal.
    pub reset: Option<Doc>,
    /// A failure the machine could detect or report, but does not.
    pub gap: Option<Gap>,
    /// The code that implements this path.
    pub evidence: Vec<Evidence>,
    /// Where the row was written.
    pub span: Span,
}

/// An earlier state of a path, from `since` to the next period (or the row).
#[derive(Clone, Debug)]
pub struct Period {
    /// First release of the period.
    pub since: Version,
    /// How failure was detected (the row's when not written).
    pub detection: Detection,
    /// The events sent on failure.
    pub events: Vec<String>,
    /// What was different.
    pub doc: Option<Doc>,
    /// The code of that period.
    pub evidence: Vec<Evidence>,
    /// Where it was written.
    pub span: Span,
}

/// One piece of code that implements a path: a file of the implementation
/// (QEMU's, for the shipped schema), a function in it, and the release at
/// which it was checked.
#[derive(Clone, Debug)]
pub struct Evidence {
    /// Path in the implementation's source tree, `/`-separated.
    pub file: String,
    /// The function (or table) in that file.
    pub function: String,
    /// The release the code was read at.
    pub release: Version,
    /// Where it was written.
    pub span: Span,
}

/// A failure that could be detected or reported, but is not.
#[derive(Clone, Debug)]
pub struct Gap {
    /// How good the case for implementing it is.
    pub strength: Strength,
    /// What is missing.
    pub doc: Doc,
}

/// How good the case for closing a [`Gap`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Strength {
    /// The machine has the information and only does not pass it on.
    Strong,
    /// Doubtful: the information would not tell failure from delay.
    Weak,
}

impl Strength {
    /// Every strength, strongest first.
    pub const ALL: [Strength; 2] = [Strength::Strong, Strength::Weak];

    /// The schema keyword.
    #[must_use]
    pub fn keyword(self) -> &'static str {
        match self {
            Strength::Strong => "strong",
            Strength::Weak => "weak",
        }
    }
}

/// How an unplug failure is detected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Detection {
    /// The guest or firmware reports failure.
    Reported,
    /// Failure is assumed after a time.
    Timeout,
    /// The hypervisor infers failure from guest behaviour.
    Inferred,
    /// Failure cannot be detected.
    None,
    /// Could be detected, is not yet.
    NotImplemented,
    /// The device is removed before the command returns: nothing can fail
    /// afterwards.
    Synchronous,
    /// The command always fails: the device cannot be unplugged.
    Refused,
}

impl Detection {
    /// Every kind, in the order the schema language lists them.
    pub const ALL: [Detection; 7] = [
        Detection::Reported,
        Detection::Timeout,
        Detection::Inferred,
        Detection::None,
        Detection::NotImplemented,
        Detection::Synchronous,
        Detection::Refused,
    ];

    /// The schema keyword.
    #[must_use]
    pub fn keyword(self) -> &'static str {
        match self {
            Detection::Reported => "reported",
            Detection::Timeout => "timeout",
            Detection::Inferred => "inferred",
            Detection::None => "none",
            Detection::NotImplemented => "not-implemented",
            Detection::Synchronous => "synchronous",
            Detection::Refused => "refused",
        }
    }

    /// Whether an event reports the failure (so a row may name one).
    #[must_use]
    pub fn reports_by_event(self) -> bool {
        matches!(self, Detection::Reported | Detection::Timeout | Detection::Inferred)
    }

    /// Whether a failure goes unreported after `device_del` returned.
    #[must_use]
    pub fn undetectable(self) -> bool {
        matches!(self, Detection::None | Detection::NotImplemented)
    }
}

/// What a client does after `device_del` returned successfully.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait<'a> {
    /// `device_del` fails: its error reply is the outcome.
    Refused,
    /// [`COMPLETION_EVENT`] arrived before the reply: nothing to wait for.
    DeletedBeforeReply,
    /// Wait for [`COMPLETION_EVENT`] or one of `failure`.
    Events {
        /// The events that report a failure (possibly none).
        failure: &'a [String],
        /// When only a timeout of the client's own ends the wait.
        own_timeout: OwnTimeout,
    },
}

/// When a client's own timeout is the only end of the wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnTimeout {
    /// Never: the machine reports every outcome.
    Never,
    /// When the guest neither completes nor visibly refuses the unplug.
    GuestSilent,
    /// Whenever the unplug fails: no failure is reported.
    Failure,
}

impl Reliability {
    /// The link target of the row, `unplug:MACHINE/DEVICE`.
    #[must_use]
    pub fn anchor(&self) -> String {
        anchor(&self.machine, &self.device)
    }

    /// What a client has to wait for on this path.
    #[must_use]
    pub fn wait(&self) -> Wait<'_> {
        let own_timeout = match self.detection {
            Detection::Refused => return Wait::Refused,
            Detection::Synchronous => return Wait::DeletedBeforeReply,
            Detection::Timeout => OwnTimeout::Never,
            Detection::Reported | Detection::Inferred => OwnTimeout::GuestSilent,
            Detection::None | Detection::NotImplemented => OwnTimeout::Failure,
        };
        Wait::Events { failure: &self.events, own_timeout }
    }
}

/// The link target of the row for `machine` and `device`.
#[must_use]
pub fn anchor(machine: &str, device: &str) -> String {
    format!("unplug:{machine}/{device}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(detection: Detection, events: &[&str]) -> Reliability {
        Reliability {
            machine: "pc".into(),
            device: "cpu".into(),
            detection,
            events: events.iter().map(|e| (*e).to_string()).collect(),
            since: None,
            summary: None,
            doc: None,
            history: Vec::new(),
            repeat: None,
            reset: None,
            gap: None,
            evidence: Vec::new(),
            span: Span::default(),
        }
    }

    #[test]
    fn wait_follows_detection() {
        assert_eq!(row(Detection::Refused, &[]).wait(), Wait::Refused);
        assert_eq!(row(Detection::Synchronous, &[]).wait(), Wait::DeletedBeforeReply);
        let reported = row(Detection::Reported, &["ACPI_DEVICE_OST"]);
        assert_eq!(reported.wait(), Wait::Events { failure: &["ACPI_DEVICE_OST".to_string()], own_timeout: OwnTimeout::GuestSilent });
        assert_eq!(row(Detection::None, &[]).wait(), Wait::Events { failure: &[], own_timeout: OwnTimeout::Failure });
        assert_eq!(row(Detection::Timeout, &["X"]).wait(), Wait::Events { failure: &["X".to_string()], own_timeout: OwnTimeout::Never });
        assert_eq!(reported.anchor(), "unplug:pc/cpu");
    }
}
