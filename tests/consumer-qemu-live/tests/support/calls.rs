//! The commands the real-QEMU tests send: every command of the model
//! that needs no argument and changes neither the machine nor the
//! session, and a few with arguments.

use qapi_gen_schema::model::DefKind;
use serde_json::{Value, json};

/// Commands not sent although they need no argument: they change the
/// machine or the session, so later replies would depend on the order.
const DESTRUCTIVE: &[&str] = &[
    // The machine's run state: quits, resets, powers down, starts, stops,
    // wakes, interrupts, leaves preconfig.
    "quit",
    "system_reset",
    "system_powerdown",
    "system_wakeup",
    "stop",
    "cont",
    "inject-nmi",
    "x-exit-preconfig",
    // Settings and state changed even without arguments.
    "set-action",
    "cancel-vcpu-dirty-limit",
    "rtc-reset-reinjection",
    "nbd-server-stop",
    "replay-delete-break",
    // COLO and Xen checkpointing.
    "x-colo-lost-heartbeat",
    "xen-colo-do-checkpoint",
    // The session itself: the client negotiated capabilities already.
    "qmp_capabilities",
];

/// Whether a command is left out: the list above, every migration command
/// (`migrate`, `migrate-incoming`, `migrate-pause`, …, which start, stop
/// or reconfigure a migration) and every cancellation (`*-cancel`).
pub fn destructive(name: &str) -> bool {
    DESTRUCTIVE.contains(&name) || name.starts_with("migrate") || name.ends_with("-cancel") || name.ends_with("_cancel")
}

/// The commands with arguments that are sent too, and their arguments.
pub fn with_arguments() -> Vec<(&'static str, Value)> {
    vec![
        ("qom-list", json!({"path": "/machine"})),
        ("qom-list-types", json!({})),
        ("qom-list-types", json!({"implements": "device", "abstract": true})),
        ("qom-get", json!({"path": "/machine", "property": "type"})),
        ("device-list-properties", json!({"typename": "virtio-net-pci"})),
        ("device-list-properties", json!({"typename": "pc-dimm"})),
        ("qom-list-properties", json!({"typename": "memory-backend-ram"})),
        ("query-cpu-model-expansion", json!({"type": "full", "model": {"name": "qemu64"}})),
        ("query-command-line-options", json!({"option": "machine"})),
        ("query-rx-filter", json!({"name": "nic0"})),
        ("human-monitor-command", json!({"command-line": "info version"})),
        // An error reply: no such device.
        ("device_del", json!({"id": "no-such-device"})),
    ]
}

/// What is sent, and what is not and why.
pub struct Calls {
    /// Command name and arguments, in schema order, then [`with_arguments`].
    pub calls: Vec<(String, Value)>,
    /// Commands left out as [`destructive`].
    pub skipped: Vec<String>,
    /// How many commands need arguments (not sent).
    pub needs_arguments: usize,
    /// Commands of other targets than `qemu-system-x86_64`'s.
    pub other_targets: Vec<String>,
}

impl Calls {
    /// The commands of `schema` to send.
    pub fn of(schema: &qapi_gen_schema::Schema) -> Calls {
        let mut calls: Vec<(String, Value)> = Vec::new();
        let mut skipped = Vec::new();
        let mut needs_arguments = 0;
        let mut other_targets = Vec::new();
        for (definition, command) in schema.commands() {
            let name = &definition.name;
            if !definition.info.condition.as_ref().is_none_or(super::holds) {
                // Only for other targets: not in the generated types.
                other_targets.push(name.clone());
                continue;
            }
            let union_arguments = command.data_type.as_deref().and_then(|ty| schema.definition(ty)).is_some_and(|d| matches!(d.kind, DefKind::Union(_) | DefKind::Alternate(_)));
            if union_arguments || command.arguments.iter().any(|m| !m.optional) {
                needs_arguments += 1;
            } else if destructive(name) {
                skipped.push(name.clone());
            } else {
                calls.push((name.clone(), json!({})));
            }
        }
        calls.extend(with_arguments().into_iter().map(|(name, arguments)| (name.to_owned(), arguments)));
        Calls { calls, skipped, needs_arguments, other_targets }
    }
}
