//! What can go wrong talking to a QMP server: the server's own error reply,
//! kept apart from I/O, protocol, decode, timeout and closed-connection
//! errors.

use std::fmt;
use std::sync::Arc;

use crate::QmpError;

/// An error of the QMP client.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered the command with an error (`{"error": {"class", "desc"}}`).
    Qmp(QmpError),
    /// Connecting or writing failed.
    Io(std::io::Error),
    /// The connection is gone (or was never usable); every pending command
    /// and waiter gets this when it dies.
    Closed(CloseReason),
    /// The server broke the protocol in an answer to this request (a reply
    /// with both `return` and `error`, a bad greeting, …).
    Protocol {
        /// What was wrong.
        message: String,
        /// The message as received, when there was one.
        raw: Option<serde_json::Value>,
    },
    /// A reply or event did not decode as the expected type; `raw` is the
    /// JSON as received (the `return` value, or the whole event).
    Decode {
        /// The decoding error.
        error: serde_json::Error,
        /// The JSON that failed to decode.
        raw: serde_json::Value,
    },
    /// The arguments did not encode as JSON.
    Encode(serde_json::Error),
    /// A time limit passed.
    Timeout(Waiting),
    /// `execute_oob` without out-of-band execution negotiated (the server
    /// did not offer `oob`, or [`Options::oob`](super::Options::oob) was off).
    OobNotNegotiated,
    /// File descriptors can only be passed over a Unix socket.
    FdPassingUnsupported,
}

/// What a [`Error::Timeout`] was waiting for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Waiting {
    /// Connecting, the greeting and the capabilities negotiation.
    Connect,
    /// A command's reply (or sending the command).
    Command,
    /// The next event.
    Event,
}

/// Why the connection ended.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum CloseReason {
    /// The server closed the connection between messages.
    Eof,
    /// The server closed the connection in the middle of a message;
    /// `partial` is what had arrived of it.
    Truncated {
        /// The unterminated bytes, lossily decoded.
        partial: String,
    },
    /// Reading failed.
    Io(Arc<std::io::Error>),
    /// The server sent a line that is not a QMP message; the connection is
    /// dropped, since a reply may have been lost in it.
    Garbage {
        /// The line, lossily decoded (cut to 256 bytes).
        line: String,
        /// Why it was rejected.
        message: String,
    },
    /// A line exceeded [`Options::max_line_length`](super::Options::max_line_length).
    LineTooLong {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The client was dropped or closed.
    Shutdown,
}

impl fmt::Display for CloseReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CloseReason::Eof => f.write_str("the server closed the connection"),
            CloseReason::Truncated { partial } => write!(f, "the server closed the connection in the middle of a message ({partial:?})"),
            CloseReason::Io(error) => write!(f, "reading from the server failed: {error}"),
            CloseReason::Garbage { line, message } => write!(f, "the server sent a line that is not a QMP message ({message}): {line:?}"),
            CloseReason::LineTooLong { limit } => write!(f, "the server sent a line longer than {limit} bytes"),
            CloseReason::Shutdown => f.write_str("the client was closed"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Qmp(error) => write!(f, "{}: {}", error.class, error.desc),
            Error::Io(error) => write!(f, "QMP I/O error: {error}"),
            Error::Closed(reason) => write!(f, "QMP connection closed: {reason}"),
            Error::Protocol { message, raw: Some(raw) } => write!(f, "QMP protocol error: {message}: {raw}"),
            Error::Protocol { message, raw: None } => write!(f, "QMP protocol error: {message}"),
            Error::Decode { error, raw } => write!(f, "cannot decode QMP message: {error}: {raw}"),
            Error::Encode(error) => write!(f, "cannot encode QMP arguments: {error}"),
            Error::Timeout(Waiting::Connect) => f.write_str("timed out connecting to the QMP server"),
            Error::Timeout(Waiting::Command) => f.write_str("timed out waiting for a QMP reply"),
            Error::Timeout(Waiting::Event) => f.write_str("timed out waiting for a QMP event"),
            Error::OobNotNegotiated => f.write_str("out-of-band execution was not negotiated"),
            Error::FdPassingUnsupported => f.write_str("file descriptors can only be passed over a Unix socket"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(error) => Some(error),
            Error::Closed(CloseReason::Io(error)) => Some(&**error),
            Error::Decode { error, .. } | Error::Encode(error) => Some(error),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Self {
        Error::Io(error)
    }
}

impl Error {
    /// The server's error reply, when this is one.
    #[must_use]
    pub fn qmp(&self) -> Option<&QmpError> {
        match self {
            Error::Qmp(error) => Some(error),
            _ => None,
        }
    }

    /// Whether the connection is gone (no later call can succeed).
    #[must_use]
    pub fn is_closed(&self) -> bool {
        matches!(self, Error::Closed(_))
    }
}
