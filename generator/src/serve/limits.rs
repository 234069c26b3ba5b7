//! How much the server takes on at once, and for how long: the connection caps and deadlines
//! ([`Limits`]), and the counted [`Slots`] that enforce a cap.
//!
//! A local preview is visited by one author's browser, which opens at most a handful of
//! connections (six per host over HTTP/1.1, live-reload streams included). The caps are far
//! above that and exist so that a misbehaving client, or a page on another origin making the
//! browser open connections, cannot make the server start threads without end.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Connections answered at once (one thread each). A connection beyond the cap is answered
/// `503 Service Unavailable` with `Retry-After` straight away and closed: waiting for a slot
/// would stall the accepting thread, and with it every other connection.
pub const MAX_CONNECTIONS: usize = 64;
/// Live-reload streams open at once. They are long-lived by design (one per open page), so they
/// are counted apart from [`MAX_CONNECTIONS`] and cannot starve ordinary requests; a stream
/// beyond the cap is answered `503` (that page then does not reload by itself).
pub const MAX_EVENT_STREAMS: usize = 32;
/// How long a client has to send its whole request head, counted from the moment its connection
/// was accepted, however slowly the bytes arrive; then it is answered `408` and closed.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// How long writing one response may take in all (the same deadline, for a client that reads
/// slowly); each live-reload event gets this long too.
pub const WRITE_DEADLINE: Duration = Duration::from_secs(30);
/// The most a request head may take; a longer one is answered `431`.
pub const HEAD_LIMIT: usize = 16 * 1024;
/// After a refusal, how long the server goes on reading (and dropping) what the client still
/// sends, so that closing does not reset the connection before the client read the refusal.
pub const LINGER: Duration = Duration::from_secs(1);
/// The most read (and dropped) after a refusal.
pub const LINGER_BYTES: usize = 64 * 1024;

/// The server's caps and deadlines; [`Limits::default`] is what `stepwise serve` uses, tests
/// choose smaller ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Ordinary connections answered at once.
    pub connections: usize,
    /// Live-reload streams open at once.
    pub event_streams: usize,
    /// The time allowed for the whole request head.
    pub head_deadline: Duration,
    /// The time allowed for writing a whole response, or one event.
    pub write_deadline: Duration,
    /// The largest request head, in bytes.
    pub head_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            connections: MAX_CONNECTIONS,
            event_streams: MAX_EVENT_STREAMS,
            head_deadline: HEAD_DEADLINE,
            write_deadline: WRITE_DEADLINE,
            head_size: HEAD_LIMIT,
        }
    }
}

/// A fixed number of slots, taken by [`Slots::take`] and given back when the [`Slot`] is
/// dropped (however its thread ends).
#[derive(Debug)]
pub struct Slots {
    taken: AtomicUsize,
    cap: usize,
}

/// One taken slot; dropping it frees the slot.
#[derive(Debug)]
pub struct Slot(Arc<Slots>);

impl Slots {
    /// `cap` free slots.
    pub fn new(cap: usize) -> Arc<Self> {
        Arc::new(Self {
            taken: AtomicUsize::new(0),
            cap,
        })
    }

    /// A free slot, or `None` when all are taken.
    pub fn take(self: &Arc<Self>) -> Option<Slot> {
        self.taken
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |taken| {
                (taken < self.cap).then_some(taken + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(self)))
    }

    /// How many slots are taken now.
    pub fn taken(&self) -> usize {
        self.taken.load(Ordering::Acquire)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.taken.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_capped_and_come_back_when_dropped() {
        let slots = Slots::new(2);
        let first = slots.take().expect("first");
        let second = slots.take().expect("second");
        assert!(slots.take().is_none());
        assert_eq!(slots.taken(), 2);
        drop(first);
        let third = slots.take().expect("a freed slot");
        assert!(slots.take().is_none());
        drop((second, third));
        assert_eq!(slots.taken(), 0);
    }

    #[test]
    fn slots_given_back_by_other_threads() {
        let slots = Slots::new(8);
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let slot = slots.take().expect("a slot");
                std::thread::spawn(move || drop(slot))
            })
            .collect();
        for handle in handles {
            handle.join().expect("thread");
        }
        assert_eq!(slots.taken(), 0);
    }
}
