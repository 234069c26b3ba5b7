//! Answering one request: a file of the site, a redirect to a folder's address, the 404 page
//! (or a placeholder before the site has ever built), the dev server's own files, or the
//! live-reload stream.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use super::events::{self, Hub};
use super::http::{self, DeadlineWriter, HeadSource, Method, Refusal};
use super::limits::{LINGER, LINGER_BYTES, Limits, Slot, Slots};
use super::live;
use super::served::Served;
use stepwise_core::dom::CONTENT_SECURITY_POLICY;

/// What every connection's thread shares.
#[derive(Debug)]
pub(super) struct Server {
    /// What is served.
    pub(super) served: Arc<RwLock<Served>>,
    /// The open pages' live-reload streams.
    pub(super) hub: Arc<Hub>,
    /// Caps and deadlines.
    pub(super) limits: Limits,
    /// The live-reload streams' slots, counted apart from ordinary connections'.
    pub(super) streams: Arc<Slots>,
}

/// Answers one connection, accepted at `accepted` (its head's deadline counts from then). It
/// holds `slot`, one of the ordinary connections' slots, until it is answered or becomes a
/// live-reload stream (which takes one of the streams' slots instead).
pub(super) fn handle(
    stream: TcpStream,
    accepted: Instant,
    slot: Slot,
    server: &Server,
) -> io::Result<()> {
    let limits = &server.limits;
    let deadline = accepted + limits.head_deadline;
    let head = match http::read_head(&mut &stream, limits.head_size, deadline) {
        Ok(Some(head)) => head,
        Ok(None) => return Ok(()),
        Err(refusal) => return refuse(&stream, refusal, limits),
    };
    // The host first: a page on another origin learns nothing, whatever it asks.
    if let Err(refusal) = http::check_host(&head, stream.local_addr()?) {
        return refuse(&stream, refusal, limits);
    }
    let request = match http::parse_request(&head) {
        Ok(request) => request,
        Err(refusal) => return refuse(&stream, refusal, limits),
    };
    let body = request.method == Method::Get;
    if request.path == live::EVENTS {
        let Some(_stream_slot) = server.streams.take() else {
            return refuse(&stream, Refusal::Unavailable, limits);
        };
        drop(slot);
        return events::stream(
            &stream,
            &server.served,
            &server.hub,
            body,
            limits.write_deadline,
        );
    }
    let mut stream = DeadlineWriter::new(&stream, Instant::now() + limits.write_deadline);
    let stream = &mut stream;
    if let Some((content_type, source)) = live::asset(&request.path) {
        let headers = [
            ("Content-Type", content_type),
            ("Cache-Control", "no-store"),
        ];
        return http::respond(stream, (200, "OK"), &headers, source.as_bytes(), body);
    }

    let key = http::file_for(&request.path);
    let (found, redirect, version) = {
        let served = server
            .served
            .read()
            .map_err(|_| io::Error::other("server state poisoned"))?;
        let found = served.files.get(&key).cloned();
        let redirect = found.is_none()
            && !key.ends_with("index.html")
            && served.files.contains_key(&format!("{key}/index.html"));
        let found = match found {
            Some(bytes) => Ok((key.clone(), bytes)),
            None => Err(served.files.get("404.html").cloned()),
        };
        (found, redirect, served.version)
    };
    // No preview is ever kept in a browser: a worker a published copy of the site left on
    // this address (at any base path) is replaced by one that removes itself.
    let worker = crate::offline::WORKER_FILE;
    if found.is_err() && (key == worker || key.ends_with(&format!("/{worker}"))) {
        let headers = [
            ("Content-Type", http::content_type(worker)),
            ("Cache-Control", "no-store"),
        ];
        let source = crate::offline::REMOVING_WORKER.as_bytes();
        return http::respond(stream, (200, "OK"), &headers, source, body);
    }
    let security = [
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
    ];
    if redirect {
        let location = http::location_for(&key);
        let mut headers = security.to_vec();
        headers.push(("Location", &location));
        return http::respond(stream, (301, "Moved Permanently"), &headers, b"", body);
    }
    let (status, path, bytes) = match found {
        Ok((path, bytes)) => ((200, "OK"), path, bytes),
        Err(Some(not_found)) => ((404, "Not Found"), "404.html".to_owned(), not_found),
        Err(None) => (
            (404, "Not Found"),
            "404.html".to_owned(),
            Arc::from(placeholder().into_bytes()),
        ),
    };
    let mut headers = security.to_vec();
    headers.push(("Content-Type", http::content_type(&path)));
    if path.ends_with(".html") {
        let html = live::inject(&String::from_utf8_lossy(&bytes), version);
        http::respond(stream, status, &headers, html.as_bytes(), body)
    } else {
        http::respond(stream, status, &headers, &bytes, body)
    }
}

/// The page shown before the site has ever built: the overlay explains why.
fn placeholder() -> String {
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built yet</title></head>\
     <body><p>The site has not built yet. The problems are shown on this page; fix them and save.</p></body></html>\n"
        .to_owned()
}

/// Answers a refusal, then closes the connection without resetting it.
fn refuse(stream: &TcpStream, refusal: Refusal, limits: &Limits) -> io::Result<()> {
    let mut out = DeadlineWriter::new(stream, Instant::now() + limits.write_deadline);
    write_refusal(&mut out, refusal)?;
    linger(stream);
    Ok(())
}

fn write_refusal(out: &mut impl Write, refusal: Refusal) -> io::Result<()> {
    let mut headers = vec![("Content-Type", "text/plain; charset=utf-8")];
    headers.extend_from_slice(refusal.headers());
    http::respond(
        out,
        refusal.status(),
        &headers,
        refusal.message().as_bytes(),
        true,
    )
}

/// Answers a connection beyond the cap `503` from the accepting thread, without ever waiting
/// on the client: what it has sent so far is read and dropped, the answer fits in the socket's
/// buffer, and a client too slow for either just loses the answer.
pub(super) fn turn_away(stream: &TcpStream) {
    if stream.set_nonblocking(true).is_err() {
        return;
    }
    let mut buf = [0_u8; 4096];
    for _ in 0..4 {
        match (&mut &*stream).read(&mut buf) {
            Ok(read) if read > 0 => {}
            _ => break,
        }
    }
    let _ = write_refusal(&mut &*stream, Refusal::Unavailable);
    let _ = stream.shutdown(Shutdown::Write);
}

/// Closes the sending side and reads (and drops) what the client still sends, for at most
/// [`LINGER`] and [`LINGER_BYTES`]: closing a connection with unread bytes resets it, and a
/// reset can destroy the refusal before the client has read it (an oversize head, a body).
fn linger(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER;
    let mut buf = [0_u8; 4096];
    let mut left = LINGER_BYTES;
    while left > 0 {
        let wait = deadline.saturating_duration_since(Instant::now());
        if wait.is_zero() {
            return;
        }
        match (&mut &*stream).read_within(&mut buf, wait) {
            Ok(read) if read > 0 => left = left.saturating_sub(read),
            _ => return,
        }
    }
}
