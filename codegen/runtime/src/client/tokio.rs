//! The async client on tokio: the same API as the blocking
//! [`Client`](super::Client), with a reader task feeding the shared
//! demultiplexer, a writer task that sends whole lines (so a cancelled call
//! never leaves half a command on the wire), and events as a [`Stream`].
//!
//! ```no_run
//! use std::time::Duration;
//! use qapi_runtime::client::tokio::Client;
//!
//! # async fn demo() -> Result<(), qapi_runtime::client::Error> {
//! let client: Client = Client::connect("/run/vm/qmp.sock").await?;
//! let mut events = client.events();
//! client.execute_raw(serde_json::json!({"execute": "stop"})).await?;
//! while let Some(event) = events.next().await {
//!     println!("{}", event?);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Connecting spawns two tasks with [`tokio::spawn`], so it
//! must run inside a tokio runtime (a current-thread one is enough); they
//! end when the client is dropped.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
#[cfg(unix)]
use std::os::fd::{BorrowedFd, OwnedFd};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use ::tokio::sync::mpsc;
use ::tokio::task::JoinHandle;
use futures_core::Stream;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::demux::Shared;
use super::error::{CloseReason, Error, Waiting};
use super::greeting::Greeting;
use super::protocol::{self, LineFramer};
use super::unplug::{self, UnplugOutcome, UnplugWatch};
use super::{Address, Options, ServerSchema, decode_event, decode_return};
use crate::Command;

/// One line for the writer task, with the descriptors to attach.
struct Outgoing {
    line: Vec<u8>,
    #[cfg(unix)]
    fds: Vec<OwnedFd>,
}

/// The connected socket, shared by the reader and the writer task.
enum Socket {
    #[cfg(unix)]
    Unix(::tokio::net::UnixStream),
    Tcp(::tokio::net::TcpStream),
}

impl Socket {
    async fn readable(&self) -> io::Result<()> {
        match self {
            #[cfg(unix)]
            Socket::Unix(stream) => stream.readable().await,
            Socket::Tcp(stream) => stream.readable().await,
        }
    }

    fn try_read(&self, buffer: &mut [u8]) -> io::Result<usize> {
        match self {
            #[cfg(unix)]
            Socket::Unix(stream) => stream.try_read(buffer),
            Socket::Tcp(stream) => stream.try_read(buffer),
        }
    }

    async fn writable(&self) -> io::Result<()> {
        match self {
            #[cfg(unix)]
            Socket::Unix(stream) => stream.writable().await,
            Socket::Tcp(stream) => stream.writable().await,
        }
    }

    fn try_write(&self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            #[cfg(unix)]
            Socket::Unix(stream) => stream.try_write(bytes),
            Socket::Tcp(stream) => stream.try_write(bytes),
        }
    }

    async fn write_all(&self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            self.writable().await?;
            match self.try_write(bytes) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(written) => bytes = bytes.get(written..).unwrap_or_default(),
                Err(error) if matches!(error.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }

    async fn send(&self, outgoing: &Outgoing) -> io::Result<()> {
        match self {
            #[cfg(unix)]
            Socket::Unix(stream) if !outgoing.fds.is_empty() => {
                let fds: Vec<BorrowedFd<'_>> = outgoing.fds.iter().map(std::os::fd::AsFd::as_fd).collect();
                let sent = super::fd::send_with_fds_async(stream, &outgoing.line, &fds).await?;
                self.write_all(outgoing.line.get(sent..).unwrap_or_default()).await
            }
            _ => self.write_all(&outgoing.line).await,
        }
    }

    /// Shuts both directions down at once, so the server sees the end
    /// without waiting for the tasks to be dropped.
    fn shutdown(&self) {
        #[cfg(unix)]
        {
            let fd = match self {
                Socket::Unix(stream) => std::os::fd::AsFd::as_fd(stream),
                Socket::Tcp(stream) => std::os::fd::AsFd::as_fd(stream),
            };
            // Fails only when the peer is already gone.
            let _ = rustix::net::shutdown(fd, rustix::net::Shutdown::Both);
        }
    }
}

async fn read_loop(socket: Arc<Socket>, shared: Arc<Shared>, limit: usize) {
    let mut framer = LineFramer::new(limit);
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let read = match socket.readable().await {
            Ok(()) => socket.try_read(&mut buffer),
            Err(error) => Err(error),
        };
        match read {
            Ok(0) => return shared.close(framer.end()),
            Ok(read) => {
                if let Err(reason) = framer.push(buffer.get(..read).unwrap_or_default(), |line| shared.dispatch(line)) {
                    socket.shutdown();
                    return shared.close(reason);
                }
            }
            Err(error) if matches!(error.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted) => {}
            Err(error) => return shared.close(CloseReason::Io(Arc::new(error))),
        }
    }
}

async fn write_loop(socket: Arc<Socket>, mut lines: mpsc::UnboundedReceiver<Outgoing>, shared: Arc<Shared>) {
    while let Some(outgoing) = lines.recv().await {
        if let Err(error) = socket.send(&outgoing).await {
            socket.shutdown();
            let error = io::Error::new(error.kind(), format!("sending a command failed: {error}"));
            return shared.close(CloseReason::Io(Arc::new(error)));
        }
    }
}

/// The tasks and the shared state; stops the tasks when dropped.
struct Connection {
    shared: Arc<Shared>,
    socket: Arc<Socket>,
    lines: mpsc::UnboundedSender<Outgoing>,
    reader: JoinHandle<()>,
    writer: JoinHandle<()>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.shared.close(CloseReason::Shutdown);
        self.socket.shutdown();
        self.reader.abort();
        self.writer.abort();
    }
}

/// Forgets a pending command when its call ends, however it ends.
struct Forget<'a> {
    shared: &'a Shared,
    id: u64,
}

impl Drop for Forget<'_> {
    fn drop(&mut self) {
        self.shared.forget_reply(self.id);
    }
}

async fn within<T>(timeout: Option<Duration>, waiting: Waiting, future: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
    match timeout {
        Some(timeout) => ::tokio::time::timeout(timeout, future).await.unwrap_or(Err(Error::Timeout(waiting))),
        None => future.await,
    }
}

/// An async QMP client on tokio, generic over the event type `E` it
/// delivers (a generated `Event` enum, or [`serde_json::Value`]). Methods
/// take `&self`; wrap it in an [`Arc`] to share it between tasks.
pub struct Client<E = Value> {
    connection: Connection,
    greeting: Greeting,
    oob: bool,
    /// Connected over a Unix socket (descriptors can be passed).
    unix: bool,
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
    pub async fn connect(address: impl Into<Address>) -> Result<Self, Error> {
        Self::connect_with(address, &Options::default()).await
    }

    /// Connects, reads the greeting and negotiates capabilities, all within
    /// [`Options::connect_timeout`]; as the blocking
    /// [`Client::connect_with`](super::Client::connect_with).
    ///
    /// # Errors
    /// As the blocking [`Client::connect_with`](super::Client::connect_with).
    pub async fn connect_with(address: impl Into<Address>, options: &Options) -> Result<Self, Error> {
        let address = address.into();
        within(options.connect_timeout, Waiting::Connect, Self::handshake(address, options.clone())).await
    }

    async fn handshake(address: Address, options: Options) -> Result<Self, Error> {
        let shared = Arc::new(Shared::new(options.event_buffer));
        let limit = options.max_line_length;
        #[cfg(unix)]
        let unix = matches!(address, Address::Unix(_));
        #[cfg(not(unix))]
        let unix = false;
        let socket = Arc::new(match address {
            #[cfg(unix)]
            Address::Unix(path) => Socket::Unix(::tokio::net::UnixStream::connect(path).await?),
            Address::Tcp(address) => {
                let stream = ::tokio::net::TcpStream::connect(address).await?;
                stream.set_nodelay(true)?;
                Socket::Tcp(stream)
            }
        });
        let (lines, receiver) = mpsc::unbounded_channel();
        let reader = ::tokio::spawn(read_loop(Arc::clone(&socket), Arc::clone(&shared), limit));
        let writer = ::tokio::spawn(write_loop(Arc::clone(&socket), receiver, Arc::clone(&shared)));
        let connection = Connection { shared, socket, lines, reader, writer };

        let shared = Arc::clone(&connection.shared);
        let greeting = std::future::poll_fn(|cx| shared.poll(cx, |inner| inner.greeting())).await?;
        let greeting = protocol::parse_greeting(greeting)?;
        let (negotiation, oob) = protocol::negotiation(&greeting, &options);
        let client = Client { connection, greeting, oob, unix, options, events: PhantomData };
        let id = shared.next_id();
        let (line, _) = protocol::encode_raw(negotiation, id)?;
        client.roundtrip(id, line, Vec::new()).await?;
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
    /// As the blocking [`Client::execute`](super::Client::execute).
    pub async fn execute<C>(&self, command: C) -> Result<C::Returns, Error>
    where
        C: Command + Serialize,
        C::Returns: DeserializeOwned,
    {
        self.execute_typed(command, false, Vec::new()).await
    }

    /// Runs command `C` out of band (`exec-oob`).
    ///
    /// # Errors
    /// [`Error::OobNotNegotiated`] without `oob`; otherwise as [`Client::execute`].
    pub async fn execute_oob<C>(&self, command: C) -> Result<C::Returns, Error>
    where
        C: Command + Serialize,
        C::Returns: DeserializeOwned,
    {
        self.execute_typed(command, true, Vec::new()).await
    }

    /// Runs command `C` with file descriptors attached (they are
    /// duplicated, so the caller keeps its own).
    ///
    /// # Errors
    /// [`Error::FdPassingUnsupported`] on a TCP connection, [`Error::Io`]
    /// when a descriptor cannot be duplicated; otherwise as [`Client::execute`].
    #[cfg(unix)]
    pub async fn execute_with_fds<C>(&self, command: C, fds: &[BorrowedFd<'_>]) -> Result<C::Returns, Error>
    where
        C: Command + Serialize,
        C::Returns: DeserializeOwned,
    {
        let fds = self.own(fds)?;
        self.execute_typed(command, false, fds).await
    }

    /// Sends a raw command object and returns its raw `return` value; as
    /// the blocking [`Client::execute_raw`](super::Client::execute_raw).
    ///
    /// # Errors
    /// As the blocking [`Client::execute_raw`](super::Client::execute_raw).
    pub async fn execute_raw(&self, command: Value) -> Result<Value, Error> {
        self.send_raw(command, Fds::new()).await
    }

    /// [`Client::execute_raw`] with file descriptors attached.
    ///
    /// # Errors
    /// As [`Client::execute_with_fds`] and [`Client::execute_raw`].
    #[cfg(unix)]
    pub async fn execute_raw_with_fds(&self, command: Value, fds: &[BorrowedFd<'_>]) -> Result<Value, Error> {
        let fds = self.own(fds)?;
        self.send_raw(command, fds).await
    }

    /// Fetches the server's `query-qmp-schema`: which commands, arguments,
    /// events and members it has ([`ServerSchema`]).
    ///
    /// # Errors
    /// [`Error::Decode`] (with the raw reply) when the reply is not
    /// introspection; otherwise as [`Client::execute`].
    pub async fn server_schema(&self) -> Result<ServerSchema, Error> {
        super::server_schema(self.execute_raw(super::query_qmp_schema()).await?)
    }

    /// The events, in arrival order, as a [`Stream`] that ends once the
    /// connection closed and the buffer is drained. Every event goes to
    /// exactly one of the streams taken.
    #[must_use]
    pub fn events(&self) -> EventStream<E> {
        EventStream { shared: Arc::clone(&self.connection.shared), events: PhantomData }
    }

    /// The next event, waiting at most `timeout` (`None`: forever).
    ///
    /// # Errors
    /// As the blocking [`Client::next_event`](super::Client::next_event).
    pub async fn next_event(&self, timeout: Option<Duration>) -> Result<E, Error> {
        next_event(&self.connection.shared, timeout).await
    }

    /// How many events were dropped because the buffer was full.
    #[must_use]
    pub fn dropped_events(&self) -> u64 {
        self.connection.shared.dropped_events()
    }

    /// How many replies matched no waiting command.
    #[must_use]
    pub fn unmatched_replies(&self) -> u64 {
        self.connection.shared.unmatched_replies()
    }

    /// Why the connection ended, once it did.
    #[must_use]
    pub fn closed(&self) -> Option<CloseReason> {
        self.connection.shared.closed()
    }

    /// Starts watching for the outcome of unplugging `target`; wait with
    /// [`UnplugWatch::wait_async`]. Register it *before* sending
    /// `device_del` yourself: see [the unplug notes](super::unplug).
    pub fn watch_unplug(&self, target: &str) -> UnplugWatch {
        UnplugWatch::new(&self.connection.shared, target)
    }

    /// Sends `device_del` for `id` and waits up to `timeout` after its
    /// reply for the outcome; as the blocking
    /// [`Client::device_del`](super::Client::device_del).
    ///
    /// # Errors
    /// As the blocking [`Client::device_del`](super::Client::device_del).
    pub async fn device_del(&self, id: &str, timeout: Duration) -> Result<UnplugOutcome, Error> {
        let watch = self.watch_unplug(id);
        self.execute_raw(unplug::device_del(id)).await?;
        watch.wait_async(timeout).await
    }

    #[cfg(unix)]
    fn own(&self, fds: &[BorrowedFd<'_>]) -> Result<Fds, Error> {
        if !self.unix {
            return Err(Error::FdPassingUnsupported);
        }
        Ok(fds.iter().map(BorrowedFd::try_clone_to_owned).collect::<io::Result<_>>()?)
    }

    async fn execute_typed<C>(&self, command: C, oob: bool, fds: Fds) -> Result<C::Returns, Error>
    where
        C: Command + Serialize,
        C::Returns: DeserializeOwned,
    {
        if oob && !self.oob {
            return Err(Error::OobNotNegotiated);
        }
        let id = self.connection.shared.next_id();
        let line = protocol::encode_command(command, id, oob)?;
        decode_return(within(self.options.command_timeout, Waiting::Command, self.roundtrip(id, line, fds)).await?)
    }

    async fn send_raw(&self, command: Value, fds: Fds) -> Result<Value, Error> {
        let id = self.connection.shared.next_id();
        let (line, oob) = protocol::encode_raw(command, id)?;
        if oob && !self.oob {
            return Err(Error::OobNotNegotiated);
        }
        within(self.options.command_timeout, Waiting::Command, self.roundtrip(id, line, fds)).await
    }

    async fn roundtrip(&self, id: u64, line: Vec<u8>, fds: Fds) -> Result<Value, Error> {
        let shared = &*self.connection.shared;
        shared.expect_reply(id)?;
        let _forget = Forget { shared, id };
        #[cfg(not(unix))]
        let _ = fds;
        let outgoing = Outgoing {
            line,
            #[cfg(unix)]
            fds,
        };
        if self.connection.lines.send(outgoing).is_err() {
            return Err(Error::Closed(shared.closed().unwrap_or(CloseReason::Shutdown)));
        }
        std::future::poll_fn(|cx| shared.poll(cx, |inner| inner.reply(id))).await
    }
}

#[cfg(unix)]
type Fds = Vec<OwnedFd>;
#[cfg(not(unix))]
type Fds = Vec<()>;

async fn next_event<E: DeserializeOwned>(shared: &Shared, timeout: Option<Duration>) -> Result<E, Error> {
    let event = within(timeout, Waiting::Event, std::future::poll_fn(|cx| shared.poll(cx, |inner| inner.event()))).await?;
    decode_event(event)
}

/// The events of a [`Client`], in arrival order, as a [`Stream`] (see
/// [`Client::events`]). It does not keep the connection open.
pub struct EventStream<E = Value> {
    shared: Arc<Shared>,
    events: PhantomData<fn() -> E>,
}

impl<E> std::fmt::Debug for EventStream<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

impl<E: DeserializeOwned> EventStream<E> {
    /// The next event, or `None` once the connection closed and every
    /// buffered event was delivered (the same as `StreamExt::next`).
    pub async fn next(&mut self) -> Option<Result<E, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The next event, waiting at most `timeout` (`None`: forever).
    ///
    /// # Errors
    /// As [`Client::next_event`].
    pub async fn next_timeout(&mut self, timeout: Option<Duration>) -> Result<E, Error> {
        next_event(&self.shared, timeout).await
    }
}

impl<E: DeserializeOwned> Stream for EventStream<E> {
    type Item = Result<E, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.shared.poll(cx, |inner| inner.event()).map(|event| match event {
            Ok(event) => Some(decode_event(event)),
            Err(Error::Closed(_)) => None,
            Err(error) => Some(Err(error)),
        })
    }
}
