//! Following a device unplug to its end: `device_del`, then wait for
//! `DEVICE_DELETED`, `DEVICE_UNPLUG_GUEST_ERROR`, or a timeout.
//!
//! The waiter works for any schema: it looks at the raw event JSON the
//! reader sees, before (and besides) the typed event stream, so it sees its
//! events even when the user reads the stream too.
//!
//! # When only a timeout can end the wait
//!
//! From the reliability table of the shipped schema
//! (`schema/unplug-events.yaml`, checked against QEMU 10.2):
//!
//! - **No failure event at all** — a refused or ignored unplug looks like a
//!   slow guest, so [`UnplugOutcome::TimedOut`] is the only negative outcome:
//!   PCI on pseries; ACPI PCI hot-plug on `pc` and `q35` (the default on
//!   `q35` machine types 6.1 and later); native PCI Express hot-plug on
//!   `q35` (older machine types), arm `virt` and other PCIe machines; SHPC
//!   slots; s390x zPCI; Xen PV devices; virtio-mem (`device_del` is refused
//!   while it still provides memory; its progress shows only in
//!   `MEMORY_DEVICE_SIZE_CHANGE`).
//! - **x86 (and other ACPI) CPU and DIMM unplug**: a failure the guest
//!   reports through `_OST` arrives only as `ACPI_DEVICE_OST`, which this
//!   waiter does not interpret (its status codes are the guest's; 0x84 means
//!   "in progress"); `DEVICE_UNPLUG_GUEST_ERROR` comes only for a
//!   machine-side failure of a DIMM removal after the guest ejected it. For
//!   a guest-side failure, expect [`UnplugOutcome::TimedOut`] and read the
//!   `ACPI_DEVICE_OST` events yourself.
//! - **pseries CPU, DIMM and PHB** report a refusal the machine infers (the
//!   guest reuses the connector) with `DEVICE_UNPLUG_GUEST_ERROR` since 6.2;
//!   an old or hung guest still ends in a timeout. The DIMM path may send the
//!   error twice; the first one decides.
//!
//! # Synchronous buses
//!
//! USB, SCSI (and virtio-scsi), virtio-serial ports, s390 CCW and vfio-ap
//! devices are removed at once: `DEVICE_DELETED` arrives *before* the reply
//! to `device_del`. That is why [`Client::device_del`](super::Client::device_del)
//! registers its waiter before sending the command, and why, when you send
//! `device_del` yourself, you call [`Client::watch_unplug`](super::Client::watch_unplug)
//! first.
//!
//! # Child devices
//!
//! QEMU sends `DEVICE_DELETED` for every child device of the removed one
//! too; those carry only `path` (no `device`). A waiter for a device id
//! matches `device` only, and a waiter for a QOM path (an argument starting
//! with `/`) matches `path` exactly, so a child's event is never taken for
//! the device's.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::demux::Shared;
use super::error::{Error, Waiting};
use crate::UnknownEvent;

/// How an unplug ended.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum UnplugOutcome {
    /// `DEVICE_DELETED` for the device: it is gone.
    Deleted(UnknownEvent),
    /// `DEVICE_UNPLUG_GUEST_ERROR` for the device: it stays; a later
    /// `device_del` may be tried.
    GuestError(UnknownEvent),
    /// Neither arrived in time. The device may still go later (or at the
    /// next reset); check with `qom-list`/`query-pci` before reusing its id.
    TimedOut,
}

impl UnplugOutcome {
    /// The event that decided the outcome, unless it timed out.
    #[must_use]
    pub fn event(&self) -> Option<&UnknownEvent> {
        match self {
            UnplugOutcome::Deleted(event) | UnplugOutcome::GuestError(event) => Some(event),
            UnplugOutcome::TimedOut => None,
        }
    }
}

/// The outcome `event` decides for the unplug of `target` (a device id,
/// or a QOM path when it starts with `/`), if it is about that device.
pub(crate) fn outcome_of(target: &str, event: &Value) -> Option<UnplugOutcome> {
    let name = event.get("event")?.as_str()?;
    if name != "DEVICE_DELETED" && name != "DEVICE_UNPLUG_GUEST_ERROR" {
        return None;
    }
    let data = event.get("data")?;
    let key = if target.starts_with('/') { "path" } else { "device" };
    if data.get(key)?.as_str()? != target {
        return None;
    }
    let event = <UnknownEvent as serde::Deserialize>::deserialize(event).ok()?;
    Some(if name == "DEVICE_DELETED" { UnplugOutcome::Deleted(event) } else { UnplugOutcome::GuestError(event) })
}

/// The `device_del` command for `id`.
pub(crate) fn device_del(id: &str) -> Value {
    serde_json::json!({ "execute": "device_del", "arguments": { "id": id } })
}

/// A registered waiter for the outcome of one unplug; it sees every event
/// from its registration on. Dropping it unregisters it.
#[must_use = "a watch only helps if you wait on it"]
pub struct UnplugWatch {
    shared: Arc<Shared>,
    id: u64,
}

impl std::fmt::Debug for UnplugWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnplugWatch").field("id", &self.id).finish_non_exhaustive()
    }
}

impl UnplugWatch {
    pub(crate) fn new(shared: &Arc<Shared>, target: &str) -> Self {
        UnplugWatch { id: shared.watch(target), shared: Arc::clone(shared) }
    }

    /// Blocks until the outcome is known or `timeout` passed
    /// ([`UnplugOutcome::TimedOut`]).
    ///
    /// # Errors
    /// [`Error::Closed`] when the connection died first.
    pub fn wait(self, timeout: Duration) -> Result<UnplugOutcome, Error> {
        let deadline = Instant::now().checked_add(timeout);
        let id = self.id;
        match self.shared.wait_blocking(deadline, Waiting::Event, |inner| inner.unplug(id)) {
            Ok(result) => result,
            Err(Error::Timeout(_)) => Ok(UnplugOutcome::TimedOut),
            Err(error) => Err(error),
        }
    }

    /// Waits asynchronously until the outcome is known or `timeout` passed
    /// ([`UnplugOutcome::TimedOut`]).
    ///
    /// # Errors
    /// [`Error::Closed`] when the connection died first.
    #[cfg(feature = "tokio")]
    pub async fn wait_async(self, timeout: Duration) -> Result<UnplugOutcome, Error> {
        let id = self.id;
        let shared = Arc::clone(&self.shared);
        let outcome = std::future::poll_fn(|cx| shared.poll(cx, |inner| inner.unplug(id)));
        match ::tokio::time::timeout(timeout, outcome).await {
            Ok(result) => result,
            Err(_) => Ok(UnplugOutcome::TimedOut),
        }
    }
}

impl Drop for UnplugWatch {
    fn drop(&mut self) {
        self.shared.unwatch(self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, data: Value) -> Value {
        serde_json::json!({ "event": name, "data": data, "timestamp": { "seconds": 1, "microseconds": 2 } })
    }

    #[test]
    fn matches_by_id_or_path_and_ignores_children() {
        let parent = event("DEVICE_DELETED", serde_json::json!({ "device": "kbd0", "path": "/machine/peripheral/kbd0" }));
        let child = event("DEVICE_DELETED", serde_json::json!({ "path": "/machine/peripheral/kbd0/child" }));
        assert!(matches!(outcome_of("kbd0", &parent), Some(UnplugOutcome::Deleted(_))));
        assert!(outcome_of("kbd0", &child).is_none());
        assert!(matches!(outcome_of("/machine/peripheral/kbd0", &parent), Some(UnplugOutcome::Deleted(_))));
        assert!(outcome_of("/machine/peripheral/kbd0", &child).is_none());
        let failed = event("DEVICE_UNPLUG_GUEST_ERROR", serde_json::json!({ "device": "kbd0", "path": "/machine/peripheral/kbd0" }));
        assert!(matches!(outcome_of("kbd0", &failed), Some(UnplugOutcome::GuestError(_))));
        assert!(outcome_of("kbd0", &event("ACPI_DEVICE_OST", serde_json::json!({ "device": "kbd0" }))).is_none());
    }
}
