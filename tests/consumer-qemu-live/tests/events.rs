//! Events a real QEMU 10.0 sends, provoked one by one, decode with the
//! generated `Event` enum of `qemu-qapi-10.0` (none as `Unknown`) and
//! encode back to the JSON QEMU sent. Two QEMUs: one for the events of a
//! machine that keeps running, one for those that end it (reset, power
//! down, quit).

// Without the corpus the crate is empty; `tests/corpus.rs` reports it.
#![cfg(not(qapi_gen_corpus_missing))]

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use qapi_gen_consumer_qemu_live::qemu_10_0 as api;
use serde_json::{Value, json};
use support::{Qemu, round_trip};

/// How long one provoked event may take to arrive.
const PATIENCE: Duration = Duration::from_secs(30);

/// Every event read so far, in arrival order.
#[derive(Default)]
struct Seen(Vec<Value>);

impl Seen {
    /// Reads events until one called `name` satisfies `done`; panics after [`PATIENCE`].
    fn until(&mut self, qemu: &Qemu, name: &str, done: impl Fn(&Value) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match qemu.client.next_event(Some(left)) {
                Ok(event) => {
                    let found = event["event"] == name && done(&event);
                    self.0.push(event);
                    if found {
                        return;
                    }
                }
                Err(error) => panic!("waiting for {name}: {error}; events so far: {:?}", self.0),
            }
        }
    }

    /// Decodes every event: none may be `Unknown`, each must encode back
    /// unchanged. Returns how many of each name arrived.
    fn check(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        let mut failures = Vec::new();
        for event in &self.0 {
            let name = event["event"].as_str().unwrap_or_default().to_owned();
            match round_trip::<api::Event>(event) {
                Ok((api::Event::Unknown(_), _)) => failures.push(format!("{name} arrives as Unknown: {event}")),
                Ok(_) => *counts.entry(name).or_insert(0) += 1,
                Err(error) => failures.push(format!("{name}: {error}")),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        counts
    }
}

fn execute(qemu: &Qemu, command: &str, arguments: Value) -> Value {
    qemu.client.execute_raw(json!({"execute": command, "arguments": arguments})).unwrap_or_else(|error| panic!("{command}: {error}"))
}

fn any(_: &Value) -> bool {
    true
}

#[test]
fn events_of_a_running_machine() {
    let qemu = Qemu::start();
    let mut seen = Seen::default();

    // A USB keyboard unplugs at once.
    execute(&qemu, "device_add", json!({"driver": "usb-kbd", "id": "kbd0", "bus": "usb.0"}));
    execute(&qemu, "device_del", json!({"id": "kbd0"}));
    seen.until(&qemu, "DEVICE_DELETED", |event| event["data"]["device"] == "kbd0");

    // Start the guest, then stop it.
    execute(&qemu, "cont", json!({}));
    seen.until(&qemu, "RESUME", any);
    execute(&qemu, "stop", json!({}));
    seen.until(&qemu, "STOP", any);

    // A block job from one null-co node to another, to its end.
    execute(&qemu, "blockdev-backup", json!({"job-id": "job0", "device": "null0", "target": "null1", "sync": "full"}));
    seen.until(&qemu, "JOB_STATUS_CHANGE", |event| event["data"]["status"] == "null");

    // A migration into a file, with migration events on.
    execute(&qemu, "migrate-set-capabilities", json!({"capabilities": [{"capability": "events", "state": true}]}));
    let target = qemu.dir.path().join("migration");
    execute(&qemu, "migrate", json!({"uri": format!("exec:cat > '{}'", target.display())}));
    seen.until(&qemu, "MIGRATION", |event| event["data"]["status"] == "completed");

    let counts = seen.check();
    println!("QEMU 10.0 events of a running machine: {} decoded and re-encoded unchanged: {counts:?}", seen.0.len());
    for name in ["DEVICE_DELETED", "RESUME", "STOP", "JOB_STATUS_CHANGE", "MIGRATION"] {
        assert!(counts.contains_key(name), "no {name}");
    }
}

#[test]
fn events_that_end_the_machine() {
    let mut qemu = Qemu::start();
    let mut seen = Seen::default();
    execute(&qemu, "system_reset", json!({}));
    seen.until(&qemu, "RESET", any);
    execute(&qemu, "system_powerdown", json!({}));
    seen.until(&qemu, "POWERDOWN", any);
    execute(&qemu, "quit", json!({}));
    seen.until(&qemu, "SHUTDOWN", |event| event["data"]["reason"] == "host-qmp-quit");
    assert!(qemu.wait_for_exit(PATIENCE), "QEMU did not exit after `quit`");

    let counts = seen.check();
    println!("QEMU 10.0 events that end the machine: {} decoded and re-encoded unchanged: {counts:?}", seen.0.len());
    for name in ["RESET", "POWERDOWN", "SHUTDOWN"] {
        assert!(counts.contains_key(name), "no {name}");
    }
}
