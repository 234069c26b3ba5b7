//! `stepwise serve` as a web server on the author's machine, against raw TCP clients on
//! 127.0.0.1: the real accepting loop and request handling (`stepwise::serve::accept`), with
//! small caps and deadlines so that limits are reached quickly. Every loop is bounded in count
//! and time. (`tests/browser/serve.test.mjs` runs the same checks against the binary with its
//! real limits.)

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use stepwise::serve::{Hub, Limits, Served, accept};

/// A server of a two-page site with `limits`, answering on 127.0.0.1 in a thread of its own
/// (which ends with the test process).
fn start(limits: Limits) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let address = listener.local_addr().expect("address");
    let mut served = Served::default();
    for (path, text) in [
        ("index.html", "<html><head></head><body>home</body></html>"),
        (
            "guide/index.html",
            "<html><head></head><body>guide</body></html>",
        ),
    ] {
        served
            .files
            .insert(path.to_owned(), Arc::from(text.as_bytes()));
    }
    let served = Arc::new(RwLock::new(served));
    std::thread::spawn(move || accept(&listener, served, Arc::new(Hub::default()), limits));
    address
}

fn small() -> Limits {
    Limits {
        connections: 4,
        event_streams: 2,
        head_deadline: Duration::from_millis(1500),
        write_deadline: Duration::from_secs(5),
        head_size: 2048,
    }
}

fn connect(address: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    stream
}

/// Everything the server sends until it closes (or 5 s pass).
fn read_all(stream: &mut TcpStream) -> String {
    let mut bytes = Vec::new();
    let mut buf = [0_u8; 4096];
    while let Ok(read) = stream.read(&mut buf) {
        if read == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..read]);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn exchange(address: SocketAddr, request: &[u8]) -> String {
    let mut stream = connect(address);
    stream.write_all(request).expect("send");
    read_all(&mut stream)
}

fn status(response: &str) -> u16 {
    response
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

fn get(address: SocketAddr, path: &str) -> u16 {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n");
    status(&exchange(address, request.as_bytes()))
}

/// Waits (at most 5 s) until `check` holds.
fn eventually(mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn requests_for_another_host_are_refused() {
    let address = start(small());
    let port = address.port();
    assert_eq!(get(address, "/guide/"), 200);
    for host in [
        format!("localhost:{port}"),
        "127.0.0.1".to_owned(),
        format!("[::1]:{port}"),
    ] {
        let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");
        assert_eq!(
            status(&exchange(address, request.as_bytes())),
            200,
            "{host}"
        );
    }
    for host in [
        format!("rebound.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");
        let response = exchange(address, request.as_bytes());
        assert_eq!(status(&response), 403, "{host}");
        assert!(!response.contains("home"), "{response}");
    }
    assert_eq!(status(&exchange(address, b"GET / HTTP/1.1\r\n\r\n")), 400);
    assert_eq!(status(&exchange(address, b"GET / HTTP/1.0\r\n\r\n")), 200);
}

#[test]
fn oversize_and_non_utf8_heads_are_answered() {
    let address = start(small());
    let long = format!(
        "GET / HTTP/1.1\r\nHost: {address}\r\nX-Filler: {}\r\n\r\n",
        "a".repeat(4096)
    );
    assert_eq!(status(&exchange(address, long.as_bytes())), 431);
    let mut latin1 = format!("GET / HTTP/1.1\r\nHost: {address}\r\nX-Name: ").into_bytes();
    latin1.extend_from_slice(b"\xe9t\xe9\r\n\r\n");
    assert_eq!(status(&exchange(address, &latin1)), 400);
    let post = format!("POST / HTTP/1.1\r\nHost: {address}\r\nContent-Length: 3\r\n\r\nabc");
    let response = exchange(address, post.as_bytes());
    assert_eq!(status(&response), 405);
    assert!(response.contains("\r\nAllow: GET, HEAD\r\n"), "{response}");
}

#[test]
fn a_slow_client_is_cut_off_at_the_head_deadline() {
    let limits = small();
    let address = start(limits);
    let mut stream = connect(address);
    let started = Instant::now();
    stream.write_all(b"GET / HTTP/1.1\r\n").expect("send");
    // One byte every 50 ms, at most 40 of them (2 s): far more often than any read timeout.
    for _ in 0..40 {
        std::thread::sleep(Duration::from_millis(50));
        if stream.write_all(b"X").is_err() {
            break;
        }
    }
    let response = read_all(&mut stream);
    let elapsed = started.elapsed();
    assert_eq!(status(&response), 408, "{response}");
    assert!(
        elapsed >= limits.head_deadline && elapsed < Duration::from_secs(4),
        "closed after {elapsed:?}"
    );
    // A client that sends nothing at all is cut off too.
    let mut silent = connect(address);
    let started = Instant::now();
    assert_eq!(status(&read_all(&mut silent)), 408);
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn connections_beyond_the_cap_get_503_and_the_server_recovers() {
    let limits = small();
    let address = start(limits);
    let held: Vec<TcpStream> = (0..limits.connections).map(|_| connect(address)).collect();
    // Wait until the server has taken them all (they send nothing, so each holds its slot).
    assert!(eventually(
        || status(&read_all(&mut connect(address))) == 503
    ));
    let mut refused = Vec::new();
    for _ in 0..3 {
        let mut extra = connect(address);
        refused.push(read_all(&mut extra));
    }
    for response in &refused {
        assert_eq!(status(response), 503, "{response}");
        assert!(response.contains("\r\nRetry-After: 1\r\n"), "{response}");
    }
    drop(held);
    assert!(
        eventually(|| get(address, "/") == 200),
        "no answer after the held connections closed"
    );
}

#[test]
fn live_reload_streams_have_a_cap_of_their_own() {
    let limits = small();
    let address = start(limits);
    let open_stream = || {
        let mut stream = connect(address);
        let request = format!("GET /__stepwise/events HTTP/1.1\r\nHost: {address}\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("send");
        let mut buf = [0_u8; 512];
        let read = stream.read(&mut buf).expect("response");
        (stream, String::from_utf8_lossy(&buf[..read]).into_owned())
    };
    let streams: Vec<_> = (0..limits.event_streams).map(|_| open_stream()).collect();
    for (_, response) in &streams {
        assert_eq!(status(response), 200, "{response}");
        assert!(response.contains("text/event-stream"));
    }
    let (_, refused) = open_stream();
    assert_eq!(status(&refused), 503, "{refused}");
    // The open streams take none of the ordinary connections' slots.
    let held: Vec<TcpStream> = (0..limits.connections).map(|_| connect(address)).collect();
    // Refused connections linger briefly before they give their slot back: wait for the cap.
    assert!(eventually(
        || status(&read_all(&mut connect(address))) == 503
    ));
    drop(held);
    assert!(eventually(|| get(address, "/guide/") == 200));
}

#[test]
fn head_of_the_live_reload_stream_is_its_headers_only() {
    let address = start(small());
    let started = Instant::now();
    let request = format!("HEAD /__stepwise/events HTTP/1.1\r\nHost: {address}\r\n\r\n");
    let response = exchange(address, request.as_bytes());
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the stream stayed open"
    );
    assert_eq!(status(&response), 200);
    assert!(response.contains("\r\nContent-Type: text/event-stream\r\n"));
    assert!(response.ends_with("\r\n\r\n"), "{response:?}");
}
