//! Hot-plugs a USB keyboard into a running QEMU, unplugs it again with the
//! unplug helper, and prints what happened.
//!
//! It starts nothing itself; give it the QMP socket of a VM that has a USB
//! controller, for example one started with
//!
//! ```text
//! qemu-system-x86_64 -machine q35 -device qemu-xhci -qmp unix:/tmp/qmp.sock,server=on,wait=off …
//! ```
//!
//! and run `cargo run -p qapi-runtime --example unplug --features client -- /tmp/qmp.sock`.
//! It needs no generated types: `device_add` goes as a raw command, and
//! the helper reads the raw events.

use std::process::ExitCode;
use std::time::Duration;

use qapi_runtime::client::{Client, Error, Options, UnplugOutcome};
use serde_json::json;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: unplug QMP-SOCKET-PATH");
        return ExitCode::from(2);
    };
    match run(std::path::Path::new(&path)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &std::path::Path) -> Result<(), Error> {
    let client: Client = Client::connect_with(path, &Options::default().command_timeout(Some(Duration::from_secs(10))))?;
    println!("connected to QEMU {}", client.greeting().version());

    client.execute_raw(json!({
        "execute": "device_add",
        "arguments": { "driver": "usb-kbd", "id": "kbd0" },
    }))?;
    println!("added usb-kbd as kbd0");

    // USB unplug is synchronous: DEVICE_DELETED comes before the reply,
    // which the helper is ready for.
    match client.device_del("kbd0", Duration::from_secs(10))? {
        UnplugOutcome::Deleted(event) | UnplugOutcome::GuestError(event) => {
            println!("{}", serde_json::to_string(&event).map_err(Error::Encode)?);
        }
        UnplugOutcome::TimedOut => println!("no DEVICE_DELETED or DEVICE_UNPLUG_GUEST_ERROR within 10 s"),
        other => println!("{other:?}"),
    }
    Ok(())
}
