//! A scripted fake QMP server on a thread, for the client tests: it
//! listens on a Unix socket in a temporary directory (or on 127.0.0.1
//! port 0), accepts one client and runs the test's script against it.
//! Every read has a short timeout, so a broken script fails instead of
//! hanging.

#![allow(dead_code, clippy::unwrap_used, missing_docs)]

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::Duration;

use qapi_runtime::Command;
use qapi_runtime::client::Options;
use serde_json::{Value, json};

/// The generated types of the shipped schema, as a consumer would have them.
#[allow(deprecated, dead_code, missing_docs, clippy::all)]
mod generated {
    include!("../../../../tests/expected/unplug-events.rs");
}

pub use generated::{DeviceDelCommand, Event};

/// How long a test waits for something that must not come.
pub const SHORT: Duration = Duration::from_millis(200);

/// Client options with timeouts no test exceeds.
pub fn options() -> Options {
    Options::default().connect_timeout(Some(Duration::from_secs(5))).command_timeout(Some(Duration::from_secs(5)))
}

/// A hand-written command, as a user of the runtime alone writes it.
#[derive(serde::Serialize)]
pub struct QueryStatus {}

/// Its reply.
#[derive(Debug, PartialEq, serde::Deserialize)]
pub struct StatusInfo {
    pub running: bool,
    pub status: String,
}

impl Command for QueryStatus {
    const NAME: &'static str = "query-status";
    type Returns = StatusInfo;
    const HAS_ARGUMENTS: bool = false;
}

/// How long the fake server waits for the client before failing.
pub const PATIENCE: Duration = Duration::from_secs(5);

pub const GREETING: &str = r#"{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 10}, "package": "v10.2.0"}, "capabilities": ["oob"]}}"#;

/// Two commands as (the in-band one, the out-of-band one), in whichever
/// order they came.
pub fn in_band_then_oob(one: Value, two: Value) -> (Value, Value) {
    if one.get("exec-oob").is_some() { (two, one) } else { (one, two) }
}

/// One accepted connection, seen from the server.
pub struct Conn {
    reader: BufReader<Box<dyn std::io::Read + Send>>,
    writer: Box<dyn Write + Send>,
    pub unix: Option<UnixStream>,
}

impl Conn {
    fn unix(stream: UnixStream) -> Conn {
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let reader = Box::new(stream.try_clone().unwrap());
        let writer = Box::new(stream.try_clone().unwrap());
        Conn { reader: BufReader::new(reader), writer, unix: Some(stream) }
    }

    fn tcp(stream: TcpStream) -> Conn {
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let reader = Box::new(stream.try_clone().unwrap());
        Conn { reader: BufReader::new(reader), writer: Box::new(stream), unix: None }
    }

    /// Sends raw text as it is (add the `\n` yourself).
    pub fn send_raw(&mut self, text: &str) {
        self.writer.write_all(text.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Sends one message, QEMU style (`\r\n`).
    pub fn send(&mut self, message: &Value) {
        self.send_raw(&format!("{message}\r\n"));
    }

    /// Reads one message.
    pub fn recv(&mut self) -> Value {
        let mut line = String::new();
        let read = self.reader.read_line(&mut line).unwrap();
        assert!(read > 0, "the client closed the connection");
        serde_json::from_str(&line).unwrap()
    }

    /// Reads one command, checks its name, and returns it.
    pub fn expect(&mut self, name: &str) -> Value {
        let command = self.recv();
        let got = command.get("execute").or_else(|| command.get("exec-oob")).and_then(Value::as_str);
        assert_eq!(got, Some(name), "unexpected command {command}");
        command
    }

    /// Replies `{"return": value}` to `command`.
    pub fn reply(&mut self, command: &Value, value: Value) {
        self.send(&json!({ "return": value, "id": command["id"] }));
    }

    /// Replies with an error to `command`.
    pub fn error(&mut self, command: &Value, class: &str, desc: &str) {
        self.send(&json!({ "error": { "class": class, "desc": desc }, "id": command["id"] }));
    }

    /// Sends an event.
    pub fn event(&mut self, name: &str, data: Value) {
        self.send(&json!({ "event": name, "data": data, "timestamp": { "seconds": 1_700_000_000, "microseconds": 1 } }));
    }

    /// Greets and answers `qmp_capabilities`; returns that command.
    pub fn handshake(&mut self) -> Value {
        self.send_raw(GREETING);
        self.send_raw("\r\n");
        let negotiation = self.expect("qmp_capabilities");
        self.reply(&negotiation, json!({}));
        negotiation
    }

    /// Waits until the client closes its side.
    pub fn wait_closed(&mut self) {
        let mut line = String::new();
        while self.reader.read_line(&mut line).map(|read| read > 0).unwrap_or(false) {
            line.clear();
        }
    }
}

/// A running fake server: where to connect, and the script's thread.
pub struct Server {
    pub path: PathBuf,
    pub tcp: Option<SocketAddr>,
    thread: Option<JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Listens on a Unix socket and runs `script` on the first connection.
    pub fn unix(script: impl FnOnce(&mut Conn) + Send + 'static) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("qmp.sock");
        let listener = UnixListener::bind(&path).unwrap();
        let thread = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            script(&mut Conn::unix(stream));
        });
        Server { path, tcp: None, thread: Some(thread), _dir: dir }
    }

    /// Listens on 127.0.0.1, port 0, and runs `script` on the first connection.
    pub fn tcp(script: impl FnOnce(&mut Conn) + Send + 'static) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let thread = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            script(&mut Conn::tcp(stream));
        });
        Server { path: dir.path().join("unused"), tcp: Some(address), thread: Some(thread), _dir: dir }
    }

    /// Waits for the script to end; fails the test if the script failed.
    pub fn finish(mut self) {
        if let Some(thread) = self.thread.take()
            && let Err(panic) = thread.join()
        {
            std::panic::resume_unwind(panic);
        }
    }
}
