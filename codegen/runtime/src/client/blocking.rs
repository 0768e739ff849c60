//! The blocking client: std sockets, a reader thread that feeds the shared
//! demultiplexer, and callers that wait on it with deadlines.

use std::io::{self, Read, Write};
use std::marker::PhantomData;
use std::net::{Shutdown, TcpStream};
#[cfg(unix)]
use std::os::fd::BorrowedFd;
#[cfg(unix)]
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::demux::Shared;
use super::error::{CloseReason, Error, Waiting};
use super::greeting::Greeting;
use super::protocol::{self, LineFramer};
use super::unplug::{self, UnplugOutcome, UnplugWatch};
use super::{Address, Options, ServerSchema, decode_event, decode_return, deadline};
use crate::Command;

/// A connected socket of either kind.
enum Stream {
    #[cfg(unix)]
    Unix(UnixStream),
    Tcp(TcpStream),
}

impl Stream {
    fn open(address: &Address, timeout: Option<Duration>) -> io::Result<Stream> {
        match address {
            #[cfg(unix)]
            Address::Unix(path) => match timeout {
                None => Ok(Stream::Unix(UnixStream::connect(path)?)),
                // A Unix connect blocks while the listener's backlog is full
                // (a server busy with another client): connect on a helper
                // thread and stop waiting for it at the deadline.
                Some(timeout) => {
                    let (send, receive) = std::sync::mpsc::channel();
                    let path = path.clone();
                    std::thread::Builder::new().name("qmp-connect".into()).spawn(move || {
                        // The receiver is gone when the caller timed out; the socket is then dropped.
                        let _ = send.send(UnixStream::connect(path));
                    })?;
                    match receive.recv_timeout(timeout) {
                        Ok(stream) => Ok(Stream::Unix(stream?)),
                        Err(_) => Err(io::ErrorKind::TimedOut.into()),
                    }
                }
            },
            Address::Tcp(address) => {
                let stream = match timeout {
                    Some(timeout) => TcpStream::connect_timeout(address, timeout)?,
                    None => TcpStream::connect(address)?,
                };
                stream.set_nodelay(true)?;
                Ok(Stream::Tcp(stream))
            }
        }
    }

    fn try_clone(&self) -> io::Result<Stream> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.try_clone().map(Stream::Unix),
            Stream::Tcp(stream) => stream.try_clone().map(Stream::Tcp),
        }
    }

    fn set_write_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.set_write_timeout(timeout),
            Stream::Tcp(stream) => stream.set_write_timeout(timeout),
        }
    }

    fn shutdown(&self) {
        // Fails only when already shut down or disconnected: nothing left to do either way.
        let _ = match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.shutdown(Shutdown::Both),
            Stream::Tcp(stream) => stream.shutdown(Shutdown::Both),
        };
    }

    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.read(buffer),
            Stream::Tcp(stream) => stream.read(buffer),
        }
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.write_all(bytes),
            Stream::Tcp(stream) => stream.write_all(bytes),
        }
    }
}

/// Reads lines until the connection ends, handing them to `shared`.
fn read_loop(mut stream: Stream, shared: &Shared, limit: usize) {
    let mut framer = LineFramer::new(limit);
    let mut buffer = vec![0; 64 * 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return shared.close(framer.end()),
            Ok(read) => {
                if let Err(reason) = framer.push(buffer.get(..read).unwrap_or_default(), |line| shared.dispatch(line)) {
                    shared.close(reason);
                    return stream.shutdown();
                }
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return shared.close(CloseReason::Io(Arc::new(error))),
        }
    }
}

/// The socket and the shared state; closes the socket (ending the reader
/// thread) when dropped.
struct Connection {
    shared: Arc<Shared>,
    writer: Mutex<Stream>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.shared.close(CloseReason::Shutdown);
        self.writer.lock().unwrap_or_else(PoisonError::into_inner).shutdown();
    }
}

/// A blocking QMP client, generic over the event type `E` it delivers
/// (a generated `Event` enum, or [`serde_json::Value`]).
///
/// All methods take `&self`: share it between threads (it is `Sync`) to
/// run commands while another thread reads events. A reader thread owns
/// the receiving side; it ends when the client is dropped.
pub struct Client<E = Value> {
    connection: Connection,
    greeting: Greeting,
    oob: bool,
    options: Options,
    events: PhantomData<fn() -> E>,
}

impl<E> std::fmt::Debug for Client<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("greeting", &self.greeting).field("oob", &self.oob).finish_non_exhaustive()
    }
}

impl<E: DeserializeOwned> Client<E> {
    /// Connects with the default [`Options`].
    ///
    /// # Errors
    /// See [`Client::connect_with`].
    pub fn connect(address: impl Into<Address>) -> Result<Self, Error> {
        Self::connect_with(address, &Options::default())
    }

    /// Connects, reads the greeting and negotiates capabilities (with
    /// `oob` when [`Options::oob`] asks for it and the server offers it),
    /// all within [`Options::connect_timeout`].
    ///
    /// # Errors
    /// [`Error::Io`] when the socket cannot be opened;
    /// [`Error::Timeout`]`(`[`Waiting::Connect`]`)`; [`Error::Closed`]
    /// when the server hangs up or sends garbage; [`Error::Decode`] for a
    /// greeting that does not match [`Greeting`]; [`Error::Qmp`] when the
    /// server refuses `qmp_capabilities`.
    pub fn connect_with(address: impl Into<Address>, options: &Options) -> Result<Self, Error> {
        let deadline = deadline(options.connect_timeout);
        let stream = match Stream::open(&address.into(), options.connect_timeout) {
            Ok(stream) => stream,
            Err(error) if error.kind() == io::ErrorKind::TimedOut => return Err(Error::Timeout(Waiting::Connect)),
            Err(error) => return Err(Error::Io(error)),
        };
        let reader = stream.try_clone()?;
        let shared = Arc::new(Shared::new(options.event_buffer));
        let connection = Connection { shared: Arc::clone(&shared), writer: Mutex::new(stream) };
        let limit = options.max_line_length;
        std::thread::Builder::new().name("qmp-reader".into()).spawn(move || read_loop(reader, &shared, limit))?;

        let shared = &connection.shared;
        let greeting = match shared.wait_blocking(deadline, Waiting::Connect, |inner| inner.greeting()) {
            Ok(greeting) => protocol::parse_greeting(greeting?)?,
            Err(error) => return Err(error),
        };
        let (negotiation, oob) = protocol::negotiation(&greeting, options);
        let client = Client { connection, greeting, oob, options: options.clone(), events: PhantomData };
        client.send(negotiation, false, deadline, Waiting::Connect, None)?;
        Ok(client)
    }

    /// The server's greeting.
    #[must_use]
    pub fn greeting(&self) -> &Greeting {
        &self.greeting
    }

    /// Whether out-of-band execution was negotiated.
    #[must_use]
    pub fn oob_enabled(&self) -> bool {
        self.oob
    }

    /// Runs command `C` and decodes what it returns, within
    /// [`Options::command_timeout`].
    ///
    /// # Errors
    /// [`Error::Qmp`] for the server's error reply; [`Error::Decode`] (with
    /// the raw `return` value) when the value does not match
    /// `C::Returns`; [`Error::Timeout`], [`Error::Closed`], [`Error::Io`].
    pub fn execute<C>(&self, command: C) -> Result<C::Returns, Error>
    where
        C: Command + Serialize,
        C::Returns: DeserializeOwned,
    {
        self.execute_typed(command, false, None)
    }

    /// Runs command `C` out of band (`exec-oob`): its reply may overtake
    /// replies to earlier commands.
    ///
    /// # Errors
    /// [`Error::OobNotNegotiated`] without `oob`; otherwise as [`Client::execute`].
    pub fn execute_oob<C>(&self, command: C) -> Result<C::Returns, Error>
    where
        C: Command + Serialize,
        C::Returns: DeserializeOwned,
    {
        self.execute_typed(command, true, None)
    }

    /// Runs command `C` with file descriptors attached (`getfd`, `add-fd`).
    ///
    /// # Errors
    /// [`Error::FdPassingUnsupported`] on a TCP connection; otherwise as
    /// [`Client::execute`].
    #[cfg(unix)]
    pub fn execute_with_fds<C>(&self, command: C, fds: &[BorrowedFd<'_>]) -> Result<C::Returns, Error>
    where
        C: Command + Serialize,
        C::Returns: DeserializeOwned,
    {
        self.execute_typed(command, false, Some(fds))
    }

    /// Sends a raw command object (`{"execute": NAME, "arguments": {…}}`,
    /// or `exec-oob`) for commands a schema does not know, and returns its
    /// raw `return` value. The client sets `id`, replacing any given.
    ///
    /// # Errors
    /// [`Error::Protocol`] when `command` is not such an object; otherwise
    /// as [`Client::execute`].
    pub fn execute_raw(&self, command: Value) -> Result<Value, Error> {
        self.send(command, true, deadline(self.options.command_timeout), Waiting::Command, None)
    }

    /// [`Client::execute_raw`] with file descriptors attached.
    ///
    /// # Errors
    /// As [`Client::execute_with_fds`] and [`Client::execute_raw`].
    #[cfg(unix)]
    pub fn execute_raw_with_fds(&self, command: Value, fds: &[BorrowedFd<'_>]) -> Result<Value, Error> {
        self.send(command, true, deadline(self.options.command_timeout), Waiting::Command, Some(fds))
    }

    /// Fetches the server's `query-qmp-schema`: which commands, arguments,
    /// events and members it has ([`ServerSchema`]).
    ///
    /// # Errors
    /// [`Error::Decode`] (with the raw reply) when the reply is not
    /// introspection; otherwise as [`Client::execute`].
    pub fn server_schema(&self) -> Result<ServerSchema, Error> {
        super::server_schema(self.execute_raw(super::query_qmp_schema())?)
    }

    /// The events, in arrival order, as an iterator that blocks for the
    /// next one and ends once the connection closed and the buffer is
    /// drained. Every event goes to exactly one of the iterators taken.
    #[must_use]
    pub fn events(&self) -> Events<E> {
        Events { shared: Arc::clone(&self.connection.shared), events: PhantomData }
    }

    /// The next event, waiting at most `timeout` (`None`: forever).
    ///
    /// # Errors
    /// [`Error::Timeout`]`(`[`Waiting::Event`]`)`; [`Error::Closed`] once
    /// the connection closed and the buffer is empty; [`Error::Decode`]
    /// with the raw event when it does not match `E`.
    pub fn next_event(&self, timeout: Option<Duration>) -> Result<E, Error> {
        next_event(&self.connection.shared, timeout)
    }

    /// How many events were dropped because the buffer was full (see
    /// [`Options::event_buffer`]).
    #[must_use]
    pub fn dropped_events(&self) -> u64 {
        self.connection.shared.dropped_events()
    }

    /// How many replies matched no waiting command (late replies to
    /// commands that timed out).
    #[must_use]
    pub fn unmatched_replies(&self) -> u64 {
        self.connection.shared.unmatched_replies()
    }

    /// Why the connection ended, once it did.
    #[must_use]
    pub fn closed(&self) -> Option<CloseReason> {
        self.connection.shared.closed()
    }

    /// Starts watching for the outcome of unplugging `target` (a device id,
    /// or a QOM path starting with `/`). Register it *before* sending
    /// `device_del` yourself: see [the unplug notes](super::unplug).
    pub fn watch_unplug(&self, target: &str) -> UnplugWatch {
        UnplugWatch::new(&self.connection.shared, target)
    }

    /// Sends `device_del` for `id` (a device id or QOM path) and waits up
    /// to `timeout` after its reply for the outcome. Works with any
    /// schema; see [the unplug notes](super::unplug) for the paths where
    /// [`UnplugOutcome::TimedOut`] is the only possible failure.
    ///
    /// # Errors
    /// [`Error::Qmp`] when `device_del` itself fails (`DeviceNotFound`, an
    /// unplug already in progress, …); [`Error::Closed`], [`Error::Io`],
    /// and [`Error::Timeout`] for the command's own reply.
    pub fn device_del(&self, id: &str, timeout: Duration) -> Result<UnplugOutcome, Error> {
        let watch = self.watch_unplug(id);
        self.execute_raw(unplug::device_del(id))?;
        watch.wait(timeout)
    }

    fn execute_typed<C>(&self, command: C, oob: bool, fds: Option<&[PassedFd<'_>]>) -> Result<C::Returns, Error>
    where
        C: Command + Serialize,
        C::Returns: DeserializeOwned,
    {
        if oob && !self.oob {
            return Err(Error::OobNotNegotiated);
        }
        let id = self.connection.shared.next_id();
        let line = protocol::encode_command(command, id, oob)?;
        decode_return(self.roundtrip(id, &line, deadline(self.options.command_timeout), Waiting::Command, fds)?)
    }

    /// Sends a raw command (checking `oob` when `check_oob`) and waits for its reply.
    fn send(&self, command: Value, check_oob: bool, deadline: Option<Instant>, waiting: Waiting, fds: Option<&[PassedFd<'_>]>) -> Result<Value, Error> {
        let id = self.connection.shared.next_id();
        let (line, oob) = protocol::encode_raw(command, id)?;
        if check_oob && oob && !self.oob {
            return Err(Error::OobNotNegotiated);
        }
        self.roundtrip(id, &line, deadline, waiting, fds)
    }

    fn roundtrip(&self, id: u64, line: &[u8], deadline: Option<Instant>, waiting: Waiting, fds: Option<&[PassedFd<'_>]>) -> Result<Value, Error> {
        let shared = &self.connection.shared;
        shared.expect_reply(id)?;
        if let Err(error) = self.write(line, deadline, waiting, fds) {
            shared.forget_reply(id);
            return Err(error);
        }
        match shared.wait_blocking(deadline, waiting, |inner| inner.reply(id)) {
            Ok(reply) => reply,
            Err(error) => {
                shared.forget_reply(id);
                Err(error)
            }
        }
    }

    fn write(&self, line: &[u8], deadline: Option<Instant>, waiting: Waiting, fds: Option<&[PassedFd<'_>]>) -> Result<(), Error> {
        let mut writer = self.connection.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let timeout = match deadline {
            Some(deadline) => match deadline.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => Some(left),
                _ => return Err(Error::Timeout(waiting)),
            },
            None => None,
        };
        writer.set_write_timeout(timeout)?;
        let written = match fds {
            None => writer.write_all(line),
            #[cfg(unix)]
            Some(fds) => match &*writer {
                Stream::Unix(stream) => super::fd::send_with_fds(stream, line, fds),
                Stream::Tcp(_) => return Err(Error::FdPassingUnsupported),
            },
            #[cfg(not(unix))]
            Some(_) => return Err(Error::FdPassingUnsupported),
        };
        let Err(error) = written else { return Ok(()) };
        // Part of the line may be out: nothing more can be sent on this connection.
        writer.shutdown();
        self.connection.shared.close(CloseReason::Io(Arc::new(io::Error::new(error.kind(), format!("sending a command failed: {error}")))));
        if matches!(error.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) { Err(Error::Timeout(waiting)) } else { Err(Error::Io(error)) }
    }
}

/// A descriptor to pass (there are none to pass off unix).
#[cfg(unix)]
type PassedFd<'fd> = BorrowedFd<'fd>;
#[cfg(not(unix))]
type PassedFd<'fd> = PhantomData<&'fd ()>;

fn next_event<E: DeserializeOwned>(shared: &Shared, timeout: Option<Duration>) -> Result<E, Error> {
    decode_event(shared.wait_blocking(deadline(timeout), Waiting::Event, |inner| inner.event())??)
}

/// The events of a [`Client`], in arrival order (see [`Client::events`]).
/// It does not keep the connection open.
pub struct Events<E = Value> {
    shared: Arc<Shared>,
    events: PhantomData<fn() -> E>,
}

impl<E> std::fmt::Debug for Events<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Events").finish_non_exhaustive()
    }
}

impl<E: DeserializeOwned> Events<E> {
    /// The next event, waiting at most `timeout` (`None`: forever).
    ///
    /// # Errors
    /// As [`Client::next_event`].
    pub fn next_timeout(&mut self, timeout: Option<Duration>) -> Result<E, Error> {
        next_event(&self.shared, timeout)
    }
}

impl<E: DeserializeOwned> Iterator for Events<E> {
    type Item = Result<E, Error>;

    /// The next event, blocking until one arrives; `None` once the
    /// connection closed and every buffered event was delivered.
    fn next(&mut self) -> Option<Self::Item> {
        match next_event(&self.shared, None) {
            Err(Error::Closed(_)) => None,
            other => Some(other),
        }
    }
}
