//! The demultiplexer shared by the blocking and the tokio client: the
//! reader hands it every line; it routes replies to their pending command
//! by id, events to the bounded event buffer and to the unplug waiters,
//! and wakes everybody with an error when the connection dies.
//!
//! Waiting is written once as a `check` on the locked state; the blocking
//! client waits for it on a condition variable, the tokio client polls it
//! with a registered waker.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use serde_json::Value;

use super::error::{CloseReason, Error, Waiting};
use super::protocol::lossy;
use super::unplug::{self, UnplugOutcome};
use crate::QmpError;

/// What a command's reply carried.
pub(crate) type Reply = Result<Value, Error>;

/// State shared by the client handle, its event iterators or streams, and
/// the reader.
pub(crate) struct Shared {
    inner: Mutex<Inner>,
    changed: Condvar,
    next_id: AtomicU64,
}

pub(crate) struct Inner {
    closed: Option<CloseReason>,
    greeting: Option<Value>,
    greeted: bool,
    /// Commands sent and not yet answered (`None`) or answered.
    pending: HashMap<u64, Option<Reply>>,
    events: VecDeque<Value>,
    capacity: usize,
    dropped: u64,
    unmatched: u64,
    watches: HashMap<u64, Watch>,
    wakers: Vec<Waker>,
}

struct Watch {
    target: String,
    outcome: Option<UnplugOutcome>,
}

impl Shared {
    pub(crate) fn new(capacity: usize) -> Self {
        Shared {
            inner: Mutex::new(Inner {
                closed: None,
                greeting: None,
                greeted: false,
                pending: HashMap::new(),
                events: VecDeque::new(),
                capacity,
                dropped: 0,
                unmatched: 0,
                watches: HashMap::new(),
                wakers: Vec::new(),
            }),
            changed: Condvar::new(),
            next_id: AtomicU64::new(1),
        }
    }

    /// A fresh id, for a command or a watch.
    pub(crate) fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Nothing panics while holding the lock; a poisoned lock still holds consistent state.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn notify(&self, mut inner: MutexGuard<'_, Inner>) {
        let wakers = std::mem::take(&mut inner.wakers);
        drop(inner);
        self.changed.notify_all();
        for waker in wakers {
            waker.wake();
        }
    }

    /// Routes one line from the server.
    ///
    /// # Errors
    /// When the line is not a QMP message: the connection must be closed.
    pub(crate) fn dispatch(&self, line: &[u8]) -> Result<(), CloseReason> {
        let garbage = |message: &str| CloseReason::Garbage { line: lossy(line), message: message.into() };
        let value: Value = serde_json::from_slice(line).map_err(|error| garbage(&error.to_string()))?;
        let Value::Object(map) = &value else {
            return Err(garbage("not a JSON object"));
        };
        let mut inner = self.lock();
        if !inner.greeted {
            if !map.contains_key("QMP") {
                return Err(garbage("expected the greeting"));
            }
            inner.greeted = true;
            inner.greeting = Some(value);
        } else if map.contains_key("event") {
            for watch in inner.watches.values_mut() {
                if watch.outcome.is_none() {
                    watch.outcome = unplug::outcome_of(&watch.target, &value);
                }
            }
            if inner.capacity == 0 {
                inner.dropped += 1;
            } else {
                if inner.events.len() >= inner.capacity {
                    inner.events.pop_front();
                    inner.dropped += 1;
                }
                inner.events.push_back(value);
            }
        } else if map.contains_key("return") || map.contains_key("error") {
            let id = map.get("id").and_then(Value::as_u64);
            match id.and_then(|id| inner.pending.get_mut(&id)) {
                Some(slot @ None) => *slot = Some(reply(value)),
                _ => inner.unmatched += 1,
            }
        } else {
            return Err(garbage("neither an event nor a reply"));
        }
        self.notify(inner);
        Ok(())
    }

    /// Marks the connection dead (the first reason wins) and wakes every waiter.
    pub(crate) fn close(&self, reason: CloseReason) {
        let mut inner = self.lock();
        if inner.closed.is_none() {
            inner.closed = Some(reason);
        }
        self.notify(inner);
    }

    /// Why the connection ended, if it did.
    pub(crate) fn closed(&self) -> Option<CloseReason> {
        self.lock().closed.clone()
    }

    /// Events dropped because the buffer was full.
    pub(crate) fn dropped_events(&self) -> u64 {
        self.lock().dropped
    }

    /// Replies whose id matched no waiting command (late replies after a
    /// timeout, or replies without id).
    pub(crate) fn unmatched_replies(&self) -> u64 {
        self.lock().unmatched
    }

    /// Starts waiting for the reply to command `id` (before sending it).
    ///
    /// # Errors
    /// When the connection is already closed.
    pub(crate) fn expect_reply(&self, id: u64) -> Result<(), Error> {
        let mut inner = self.lock();
        if let Some(reason) = &inner.closed {
            return Err(Error::Closed(reason.clone()));
        }
        inner.pending.insert(id, None);
        Ok(())
    }

    /// Stops waiting for command `id` (timed out, cancelled, or failed to send).
    pub(crate) fn forget_reply(&self, id: u64) {
        self.lock().pending.remove(&id);
    }

    /// Starts watching for the unplug outcome of `target` (a device id or QOM path).
    pub(crate) fn watch(&self, target: &str) -> u64 {
        let id = self.next_id();
        self.lock().watches.insert(id, Watch { target: target.to_owned(), outcome: None });
        id
    }

    /// Stops watch `id`.
    pub(crate) fn unwatch(&self, id: u64) {
        self.lock().watches.remove(&id);
    }

    /// Waits on the calling thread until `check` gives a value, the
    /// deadline passes (`Timeout(waiting)`), or forever without deadline.
    pub(crate) fn wait_blocking<T>(&self, deadline: Option<Instant>, waiting: Waiting, mut check: impl FnMut(&mut Inner) -> Option<T>) -> Result<T, Error> {
        let mut inner = self.lock();
        loop {
            if let Some(value) = check(&mut inner) {
                return Ok(value);
            }
            inner = match deadline {
                None => self.changed.wait(inner).unwrap_or_else(PoisonError::into_inner),
                Some(deadline) => {
                    let now = Instant::now();
                    if now >= deadline {
                        return Err(Error::Timeout(waiting));
                    }
                    self.changed.wait_timeout(inner, deadline - now).unwrap_or_else(PoisonError::into_inner).0
                }
            };
        }
    }

    /// Polls `check`, registering the task's waker when it gives nothing yet.
    #[cfg_attr(not(feature = "tokio"), allow(dead_code))]
    pub(crate) fn poll<T>(&self, cx: &mut Context<'_>, mut check: impl FnMut(&mut Inner) -> Option<T>) -> Poll<T> {
        let mut inner = self.lock();
        match check(&mut inner) {
            Some(value) => Poll::Ready(value),
            None => {
                if !inner.wakers.iter().any(|waker| waker.will_wake(cx.waker())) {
                    inner.wakers.push(cx.waker().clone());
                }
                Poll::Pending
            }
        }
    }
}

impl Inner {
    fn closed_error(&self) -> Option<Error> {
        self.closed.clone().map(Error::Closed)
    }

    /// The greeting, once it arrived.
    pub(crate) fn greeting(&mut self) -> Option<Result<Value, Error>> {
        match self.greeting.take() {
            Some(greeting) => Some(Ok(greeting)),
            None => self.closed_error().map(Err),
        }
    }

    /// The reply to command `id`, once it arrived.
    pub(crate) fn reply(&mut self, id: u64) -> Option<Reply> {
        if let Some(Some(_)) = self.pending.get(&id) {
            return self.pending.remove(&id).flatten();
        }
        let error = self.closed_error()?;
        self.pending.remove(&id);
        Some(Err(error))
    }

    /// The oldest buffered event; after the connection died and the
    /// buffer is empty, why it died.
    pub(crate) fn event(&mut self) -> Option<Result<Value, Error>> {
        match self.events.pop_front() {
            Some(event) => Some(Ok(event)),
            None => self.closed_error().map(Err),
        }
    }

    /// The outcome of watch `id`, once an event decided it.
    pub(crate) fn unplug(&mut self, id: u64) -> Option<Result<UnplugOutcome, Error>> {
        if let Some(outcome) = self.watches.get_mut(&id).and_then(|watch| watch.outcome.take()) {
            return Some(Ok(outcome));
        }
        self.closed_error().map(Err)
    }
}

/// Types a reply: its `return` value, or the server's error.
fn reply(value: Value) -> Reply {
    let Value::Object(mut map) = value else {
        return Err(Error::Protocol { message: "a reply must be an object".into(), raw: Some(value) });
    };
    match (map.remove("return"), map.remove("error")) {
        (Some(value), None) => Ok(value),
        (None, Some(error)) => match <QmpError as serde::Deserialize>::deserialize(&error) {
            Ok(error) => Err(Error::Qmp(error)),
            Err(_) => {
                map.insert("error".into(), error);
                Err(Error::Protocol { message: "an error reply needs a string `class` and `desc`".into(), raw: Some(Value::Object(map)) })
            }
        },
        (value, error) => {
            if let Some(value) = value {
                map.insert("return".into(), value);
            }
            if let Some(error) = error {
                map.insert("error".into(), error);
            }
            Err(Error::Protocol { message: "a reply has either `return` or `error`, not both".into(), raw: Some(Value::Object(map)) })
        }
    }
}
