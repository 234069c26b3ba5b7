//! The live-reload stream: the [`Hub`] of open pages' connections, and the stream each of them
//! reads (server-sent events, formatted by [`super::live`]).

use std::io::{self, Write};
use std::net::TcpStream;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use super::http::DeadlineWriter;
use super::live;
use super::served::Served;

/// The open pages' live-reload connections.
#[derive(Debug, Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    /// Sends an event to every open page, forgetting pages that have gone.
    pub fn broadcast(&self, message: &str) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|client| client.send(message.to_owned()).is_ok());
        }
    }

    fn subscribe(&self) -> mpsc::Receiver<String> {
        let (sender, receiver) = mpsc::channel();
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(sender);
        }
        receiver
    }
}

/// The live-reload stream of one open page; for a `HEAD` request (`body` false) its headers
/// only. Each write must be done within `write_deadline`, so a page that stopped reading is
/// dropped (at the latest with the next keep-alive comment).
pub(super) fn stream(
    stream: &TcpStream,
    served: &RwLock<Served>,
    hub: &Hub,
    body: bool,
    write_deadline: Duration,
) -> io::Result<()> {
    let send = |bytes: &[u8]| {
        let mut out = DeadlineWriter::new(stream, Instant::now() + write_deadline);
        out.write_all(bytes)?;
        out.flush()
    };
    send(HEADERS)?;
    if !body {
        return Ok(());
    }
    let receiver = hub.subscribe();
    // Subscribed first, so no rebuild falls between the version named here and the events.
    let greeting = match served.read() {
        Ok(served) => {
            let mut greeting = live::event(live::EVENT_VERSION, &served.version.to_string());
            if let Some(problems) = &served.problems {
                greeting.push_str(&live::event(live::EVENT_PROBLEMS, problems));
            }
            greeting
        }
        Err(_) => ": connected\n\n".to_owned(),
    };
    send(greeting.as_bytes())?;
    loop {
        let message = match receiver.recv_timeout(KEEP_ALIVE) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_owned(),
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        send(message.as_bytes())?;
    }
}

/// The stream's response head.
const HEADERS: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";

/// How often an idle stream sends a comment, so a page that has gone is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
