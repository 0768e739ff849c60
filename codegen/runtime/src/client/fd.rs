//! File-descriptor passing (`SCM_RIGHTS`) on Unix sockets, for `getfd`
//! and `add-fd`: the descriptors travel with the command's bytes, which is
//! how QEMU associates them with the command.

use std::io::{self, IoSlice, Write as _};
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;

use rustix::io::Errno;
use rustix::net::{SendAncillaryBuffer, SendAncillaryMessage, SendFlags, sendmsg};

/// One `sendmsg` of (a first part of) `bytes` with `fds` attached; returns
/// how many bytes went.
fn send_once(socket: impl AsFd, bytes: &[u8], fds: &[BorrowedFd<'_>]) -> io::Result<usize> {
    let mut space = vec![MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(fds.len()))];
    let mut control = SendAncillaryBuffer::new(&mut space);
    if !control.push(SendAncillaryMessage::ScmRights(fds)) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "too many file descriptors for one message"));
    }
    loop {
        match sendmsg(&socket, &[IoSlice::new(bytes)], &mut control, SendFlags::empty()) {
            Ok(sent) => return Ok(sent),
            Err(Errno::INTR) => {}
            Err(error) => return Err(error.into()),
        }
    }
}

/// Writes `bytes` to `socket`, with `fds` attached to the first byte.
pub(crate) fn send_with_fds(socket: &UnixStream, bytes: &[u8], fds: &[BorrowedFd<'_>]) -> io::Result<()> {
    let sent = send_once(socket, bytes, fds)?;
    let mut socket = socket;
    socket.write_all(bytes.get(sent..).unwrap_or_default())
}

/// The first step of [`send_with_fds`] on a tokio socket: returns how
/// many bytes went with the descriptors.
#[cfg(feature = "tokio")]
pub(crate) async fn send_with_fds_async(socket: &::tokio::net::UnixStream, bytes: &[u8], fds: &[BorrowedFd<'_>]) -> io::Result<usize> {
    loop {
        socket.writable().await?;
        match socket.try_io(::tokio::io::Interest::WRITABLE, || send_once(socket, bytes, fds)) {
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {}
            result => return result,
        }
    }
}
