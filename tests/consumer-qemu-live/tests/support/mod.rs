//! Shared by the real-QEMU tests: a QEMU 10.0 started in a temporary
//! directory with the devices the tests use, connected through the QMP
//! client of `qapi-runtime`, and always stopped (killed and waited for)
//! when the guard drops, a failing test included; the model of the
//! `qemu-qapi-10.0` schema; and the check that a value decoded with the
//! generated types encodes back to the JSON QEMU sent.


#![allow(dead_code)]

#[path = "../../../support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

pub mod calls;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use qapi_runtime::client::{Client, Options};
use qapi_runtime::serde::Serialize;
use qapi_runtime::serde::de::DeserializeOwned;
use serde_json::Value;

/// The QEMU binary the tests start.
pub const QEMU: &str = "qemu-system-x86_64";

/// One running QEMU 10.0 (`-S`: the guest has not started), its QMP
/// connection, and the directory holding its socket.
pub struct Qemu {
    /// The connection; events arrive as raw JSON so each can be compared
    /// with its decoded form.
    pub client: Client<Value>,
    child: Child,
    /// The temporary directory (socket, migration stream).
    pub dir: tempfile::TempDir,
}

impl Qemu {
    /// Starts QEMU with a USB controller (`usb`), two null-co block nodes
    /// (`null0`, `null1`), a virtio-net NIC (`nic0` on netdev `n0`) and a
    /// memory backend (`mem0`), and connects to it.
    ///
    /// # Panics
    /// When QEMU is missing (a failure, never a skip: `scripts/install-qemu`
    /// installs it) or does not come up.
    #[must_use]
    pub fn start() -> Qemu {
        let dir = tempfile::Builder::new().prefix("qapi-gen-qemu").tempdir().unwrap_or_else(|error| panic!("cannot create a temporary directory: {error}"));
        let socket = dir.path().join("qmp.sock");
        let qmp = format!("unix:{},server=on,wait=off", socket.display());
        #[rustfmt::skip]
        let arguments = [
            "-M", "q35,accel=tcg", "-nodefaults", "-display", "none", "-S",
            "-qmp", &qmp,
            "-device", "qemu-xhci,id=usb",
            "-blockdev", "driver=null-co,node-name=null0,size=1048576",
            "-blockdev", "driver=null-co,node-name=null1,size=1048576",
            // romfile= : no option ROM, so the tests need no iPXE package.
            "-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0,id=nic0,romfile=",
            "-object", "memory-backend-ram,id=mem0,size=64M",
        ];
        let mut child = match Command::new(QEMU).args(arguments).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn() {
            Ok(child) => child,
            Err(error) => panic!("cannot start {QEMU}: {error}\nhelp: the real-QEMU tests need QEMU 10.0 for x86; `scripts/install-qemu` installs it on Debian 12 (as root), and `scripts/test` runs it"),
        };
        let started = Instant::now();
        while !socket.exists() {
            if let Ok(Some(status)) = child.try_wait() {
                let mut stderr = String::new();
                if let Some(mut pipe) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
                }
                panic!("{QEMU} exited with {status} before listening:\n{stderr}");
            }
            if started.elapsed() > Duration::from_secs(30) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{QEMU} did not create its QMP socket within 30 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let options = Options::default().connect_timeout(Some(Duration::from_secs(30))).command_timeout(Some(Duration::from_secs(60)));
        match Client::connect_with(socket.as_path(), &options) {
            Ok(client) => Qemu { client, child, dir },
            Err(error) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("cannot connect to {QEMU}: {error}");
            }
        }
    }

    /// Waits up to `timeout` for QEMU to exit on its own (after `quit`).
    pub fn wait_for_exit(&mut self, timeout: Duration) -> bool {
        let started = Instant::now();
        while started.elapsed() < timeout {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for Qemu {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// The top file of a release of the corpus (`10.0`).
pub fn release_schema(release: &str) -> PathBuf {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    corpus::corpus_dir(&workspace).join(format!("qemu-qapi-{release}/qapi-schema.json"))
}

/// The model of `qemu-qapi-10.0`.
pub fn load() -> qapi_gen_schema::Loaded {
    let path = release_schema("10.0");
    match qapi_gen_schema::load(&path) {
        Ok(loaded) => loaded,
        Err(failure) => panic!("QEMU 10.0 must load:\n{}", failure.render_short()),
    }
}

/// `value` decoded as `T` and encoded again, or why that failed.
pub fn round_trip<T: Serialize + DeserializeOwned>(value: &Value) -> Result<(T, Value), String> {
    let decoded: T = serde_json::from_value(value.clone()).map_err(|error| format!("does not decode: {error}"))?;
    let encoded = serde_json::to_value(&decoded).map_err(|error| format!("does not encode: {error}"))?;
    if encoded != *value {
        return Err(format!("encodes differently:\n  sent:    {value}\n  encoded: {encoded}"));
    }
    Ok((decoded, encoded))
}

/// Whether `condition` holds in the generated types, as `build.rs` maps
/// the flags: of the target flags only `TARGET_I386`, every other flag.
pub fn holds(condition: &qapi_gen_schema::model::Condition) -> bool {
    use qapi_gen_schema::model::Condition;
    match condition {
        Condition::Flag(flag) => !flag.starts_with("TARGET_") || flag == "TARGET_I386",
        Condition::All(items) => items.iter().all(holds),
        Condition::Any(items) => items.iter().any(holds),
        Condition::Not(inner) => !holds(inner),
    }
}
