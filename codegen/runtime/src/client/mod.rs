//! A QMP client for generated types: connect, run typed commands, read
//! typed events, follow an unplug, pass file descriptors.
//!
//! [`Client`] is blocking (std sockets, `client` feature);
//! [`tokio::Client`] is the same API async (`tokio` feature). Both are
//! generic over the event type they deliver: a generated `Event` enum (any
//! schema's), or the default [`serde_json::Value`].
//!
//! ```no_run
//! use std::time::Duration;
//! use qapi_runtime::client::{Client, Options, UnplugOutcome};
//!
//! # fn main() -> Result<(), qapi_runtime::client::Error> {
//! let options = Options::default().command_timeout(Some(Duration::from_secs(5)));
//! let client: Client = Client::connect_with("/run/vm/qmp.sock", &options)?;
//! println!("QEMU {}", client.greeting().version());
//!
//! // A command the schema does not know, as raw JSON.
//! client.execute_raw(serde_json::json!({
//!     "execute": "device_add",
//!     "arguments": { "driver": "usb-kbd", "id": "kbd0" },
//! }))?;
//!
//! // Unplug, and wait for DEVICE_DELETED or DEVICE_UNPLUG_GUEST_ERROR.
//! match client.device_del("kbd0", Duration::from_secs(10))? {
//!     UnplugOutcome::Deleted(event) => println!("gone at {:?}", event.timestamp),
//!     UnplugOutcome::GuestError(event) => println!("refused: {event:?}"),
//!     UnplugOutcome::TimedOut => println!("no answer (yet)"),
//!     _ => {}
//! }
//!
//! // Events, in arrival order.
//! while let Ok(event) = client.next_event(Some(Duration::from_millis(100))) {
//!     println!("{event}");
//! }
//! # Ok(())
//! # }
//! ```
//!
//! [`Client::server_schema`] fetches the server's `query-qmp-schema` and
//! answers, per command, argument, event and member, whether this server
//! has it ([`ServerSchema`]), for a client built against a newer schema.
//!
//! With generated types, `client.execute(DeviceDelCommand { id: "kbd0".into() })`
//! returns the command's typed `Returns`, and a `Client<Event>` yields the
//! schema's `Event` enum (events the schema does not know arrive as its
//! `Unknown` variant).
//!
//! # How it works
//!
//! One reader (a thread, or a tokio task) reads every line and hands it to
//! a demultiplexer: replies go to the command waiting for their `id`
//! (every command gets a fresh one), events go to a bounded buffer and to
//! the unplug waiters. So events and out-of-band replies that arrive
//! between a command and its reply are neither lost nor mismatched, and a
//! command's reply never waits for somebody to read events.
//!
//! # Event buffer policy
//!
//! Events wait in a buffer of [`Options::event_buffer`] events (1024 by
//! default) until read. When it is full, the **oldest** event is dropped
//! and counted: [`Client::dropped_events`]. A capacity of 0 keeps no events
//! at all (every event is counted as dropped; the unplug waiters still see
//! them). The unplug waiters never depend on the buffer.
//!
//! # Timeouts and failures
//!
//! [`Options::connect_timeout`] covers connecting, the greeting and the
//! capabilities negotiation; [`Options::command_timeout`] each command
//! (sending it and its reply); waiting for an event takes its own timeout.
//! A reply that arrives after its command timed out is counted
//! ([`Client::unmatched_replies`]) and dropped. When the server closes the
//! connection, or sends a line that is not a QMP message (the connection is
//! then dropped, since a reply may be lost in it), every pending command
//! and waiter gets [`Error::Closed`] with the [`CloseReason`].

mod blocking;
mod demux;
mod error;
#[cfg(unix)]
mod fd;
mod greeting;
mod protocol;
mod server_schema;
#[cfg(feature = "tokio")]
pub mod tokio;
pub mod unplug;

use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde_json::Value;

pub use blocking::{Client, Events};
pub use error::{CloseReason, Error, Waiting};
pub use greeting::{Capability, Greeting, GreetingBody, Version, VersionTriple};
pub use server_schema::ServerSchema;
pub use unplug::{UnplugOutcome, UnplugWatch};

/// Where the server listens.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Address {
    /// A Unix socket (`-qmp unix:PATH,server`); strings and paths convert
    /// to this.
    #[cfg(unix)]
    Unix(std::path::PathBuf),
    /// A TCP socket (`-qmp tcp:HOST:PORT,server`).
    Tcp(std::net::SocketAddr),
}

#[cfg(unix)]
impl From<&str> for Address {
    fn from(path: &str) -> Self {
        Address::Unix(path.into())
    }
}

#[cfg(unix)]
impl From<&std::path::Path> for Address {
    fn from(path: &std::path::Path) -> Self {
        Address::Unix(path.to_owned())
    }
}

#[cfg(unix)]
impl From<std::path::PathBuf> for Address {
    fn from(path: std::path::PathBuf) -> Self {
        Address::Unix(path)
    }
}

impl From<std::net::SocketAddr> for Address {
    fn from(address: std::net::SocketAddr) -> Self {
        Address::Tcp(address)
    }
}

/// How the client connects and waits.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Options {
    /// Limit for connecting, the greeting and the negotiation (default 10 s;
    /// `None`: no limit).
    pub connect_timeout: Option<Duration>,
    /// Limit for each command, from sending it to its reply (default 60 s;
    /// `None`: no limit).
    pub command_timeout: Option<Duration>,
    /// How many unread events are kept; beyond it the oldest is dropped
    /// and counted (default 1024).
    pub event_buffer: usize,
    /// Enable out-of-band execution when the server offers it (default off).
    pub oob: bool,
    /// The longest line accepted from the server, in bytes (default 16 MiB);
    /// a longer one closes the connection.
    pub max_line_length: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            connect_timeout: Some(Duration::from_secs(10)),
            command_timeout: Some(Duration::from_secs(60)),
            event_buffer: 1024,
            oob: false,
            max_line_length: 16 << 20,
        }
    }
}

impl Options {
    /// Sets [`Options::connect_timeout`](Options#structfield.connect_timeout).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets [`Options::command_timeout`](Options#structfield.command_timeout).
    #[must_use]
    pub fn command_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.command_timeout = timeout;
        self
    }

    /// Sets [`Options::event_buffer`](Options#structfield.event_buffer).
    #[must_use]
    pub fn event_buffer(mut self, events: usize) -> Self {
        self.event_buffer = events;
        self
    }

    /// Sets [`Options::oob`](Options#structfield.oob).
    #[must_use]
    pub fn oob(mut self, enable: bool) -> Self {
        self.oob = enable;
        self
    }

    /// Sets [`Options::max_line_length`](Options#structfield.max_line_length).
    #[must_use]
    pub fn max_line_length(mut self, bytes: usize) -> Self {
        self.max_line_length = bytes;
        self
    }
}

/// The instant `timeout` from now (`None` for no limit, or one too far away).
fn deadline(timeout: Option<Duration>) -> Option<Instant> {
    timeout.and_then(|timeout| Instant::now().checked_add(timeout))
}

/// Decodes a `return` value, keeping it when it does not match.
fn decode_return<T: DeserializeOwned>(raw: Value) -> Result<T, Error> {
    match T::deserialize(&raw) {
        Ok(value) => Ok(value),
        Err(error) => Err(Error::Decode { error, raw }),
    }
}

/// The request for the server's introspection.
fn query_qmp_schema() -> Value {
    serde_json::json!({"execute": "query-qmp-schema"})
}

/// Reads a `query-qmp-schema` reply, keeping it when it does not match.
fn server_schema(raw: Value) -> Result<ServerSchema, Error> {
    ServerSchema::from_reply(&raw).map_err(|error| Error::Decode { error, raw })
}

/// Decodes an event, keeping it when it does not match.
fn decode_event<E: DeserializeOwned>(raw: Value) -> Result<E, Error> {
    decode_return(raw)
}
