//! Just enough HTTP/1.1 for a local preview server: read a request head (bounded in size and
//! time), check that it is addressed to this server, parse it, map its path to a file of the
//! site (refusing anything that could reach outside it), and write responses.
//!
//! The reading, host and path rules are pure functions (reading over a [`HeadSource`], which
//! tests fake together with its clock), tested natively.

use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// A parsed request line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET` or `HEAD`.
    pub method: Method,
    /// The decoded path, starting with `/` (query string removed).
    pub path: String,
}

/// The methods the server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Fetch a file.
    Get,
    /// Fetch only the headers.
    Head,
}

/// Why a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a request this server understands (400): a malformed request line, a head that is
    /// not UTF-8, an HTTP/1.1 request without exactly one `Host`.
    BadRequest,
    /// A method other than GET or HEAD (405, with `Allow: GET, HEAD`).
    MethodNotAllowed,
    /// A path that tries to leave the site (`..`, encoded separators, NUL) (403).
    Forbidden,
    /// A `Host` that is not this server (403); see [`host_allowed`].
    ///
    /// 403 rather than 421 (Misdirected Request): 421 tells a client that another connection
    /// might reach the right server and invites it to retry, while here no connection ever
    /// will; the refusal is a policy about who may read the preview, which is what 403 says.
    WrongHost,
    /// A request head over the size limit (431).
    HeadTooLarge,
    /// The request head did not arrive in time (408).
    TimedOut,
    /// Every connection slot is taken (503, with `Retry-After`).
    Unavailable,
}

impl Refusal {
    /// The status line's code and reason.
    pub fn status(self) -> (u16, &'static str) {
        match self {
            Self::BadRequest => (400, "Bad Request"),
            Self::MethodNotAllowed => (405, "Method Not Allowed"),
            Self::Forbidden | Self::WrongHost => (403, "Forbidden"),
            Self::HeadTooLarge => (431, "Request Header Fields Too Large"),
            Self::TimedOut => (408, "Request Timeout"),
            Self::Unavailable => (503, "Service Unavailable"),
        }
    }

    /// The headers the status calls for, besides `Content-Type`.
    pub fn headers(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::MethodNotAllowed => &[("Allow", "GET, HEAD")],
            Self::Unavailable => &[("Retry-After", "1")],
            _ => &[],
        }
    }

    /// A short explanation, sent as the body.
    pub fn message(self) -> &'static str {
        match self {
            Self::WrongHost => {
                "Forbidden: this preview answers only requests addressed to localhost, 127.0.0.1, [::1] or the address it listens on.\n"
            }
            Self::MethodNotAllowed => "Method Not Allowed: this preview answers GET and HEAD.\n",
            _ => self.status().1,
        }
    }
}

/// Where a request head is read from: bytes that arrive over time, and a clock. The server
/// reads a [`TcpStream`]; tests fake both the bytes and the clock.
pub trait HeadSource {
    /// Reads some bytes into `buf`, waiting at most `wait` for the first; `Ok(0)` when the
    /// client has closed its side, an error of kind `TimedOut` or `WouldBlock` after `wait`.
    fn read_within(&mut self, buf: &mut [u8], wait: Duration) -> io::Result<usize>;
    /// The current time.
    fn now(&self) -> Instant;
}

impl HeadSource for &TcpStream {
    fn read_within(&mut self, buf: &mut [u8], wait: Duration) -> io::Result<usize> {
        self.set_read_timeout(Some(wait))?;
        self.read(buf)
    }

    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// Reads a request head, up to and without the blank line that ends it, refusing one over
/// `limit` bytes ([`Refusal::HeadTooLarge`]: no line, however long, is read past the limit),
/// one not complete by `deadline` ([`Refusal::TimedOut`], however slowly the bytes arrive: each
/// read waits only for what is left until the deadline) and one that is not UTF-8
/// ([`Refusal::BadRequest`]).
///
/// `Ok(None)`: nothing to answer (the client closed before sending anything, or the connection
/// failed). A client that closes its side after part of a head gets that part answered.
pub fn read_head(
    source: &mut impl HeadSource,
    limit: usize,
    deadline: Instant,
) -> Result<Option<String>, Refusal> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0_u8; 4096];
    let end = loop {
        if let Some(end) = head_end(&head) {
            break end;
        }
        if head.len() >= limit {
            return Err(Refusal::HeadTooLarge);
        }
        let wait = deadline.saturating_duration_since(source.now());
        if wait.is_zero() {
            return Err(Refusal::TimedOut);
        }
        let room = (limit - head.len()).min(buf.len());
        match source.read_within(&mut buf[..room], wait) {
            Ok(0) if head.is_empty() => return Ok(None),
            Ok(0) => break head.len(),
            Ok(read) => head.extend_from_slice(&buf[..read]),
            Err(error) => match error.kind() {
                io::ErrorKind::Interrupted => {}
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
                    return Err(Refusal::TimedOut);
                }
                _ => return Ok(None),
            },
        }
    };
    head.truncate(end);
    String::from_utf8(head)
        .map(Some)
        .map_err(|_| Refusal::BadRequest)
}

/// Where the head in `bytes` ends (before its blank line), if it is complete. Lines end in
/// CRLF or, leniently, in LF alone.
fn head_end(bytes: &[u8]) -> Option<usize> {
    let mut line_start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        if byte == b'\n' {
            let line = &bytes[line_start..index];
            if line.is_empty() || line == b"\r" {
                return Some(line_start);
            }
            line_start = index + 1;
        }
    }
    None
}

/// Checks that a request is addressed to this server, whose end of the connection is `local`,
/// so that a page on another origin cannot read the preview through DNS rebinding (a name the
/// attacker controls, resolving to 127.0.0.1, makes the browser send that name as `Host`).
///
/// An HTTP/1.1 request must carry exactly one `Host` (RFC 9112, section 3.2), else it is a
/// [`Refusal::BadRequest`]; a `Host` that [`host_allowed`] refuses is a [`Refusal::WrongHost`].
/// An HTTP/1.0 request without `Host` is accepted: every browser sends `Host`, so such a
/// request cannot come from a web page, and only a web page can be rebound.
pub fn check_host(head: &str, local: SocketAddr) -> Result<(), Refusal> {
    let mut lines = head.lines();
    let request_line = lines.next().ok_or(Refusal::BadRequest)?;
    let http_1_0 = request_line.ends_with(" HTTP/1.0");
    let mut hosts = lines.filter_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("host").then(|| value.trim())
    });
    match (hosts.next(), hosts.next()) {
        (Some(host), None) if host_allowed(host, local) => Ok(()),
        (Some(_), None) => Err(Refusal::WrongHost),
        (None, _) if http_1_0 => Ok(()),
        _ => Err(Refusal::BadRequest),
    }
}

/// Whether a `Host` value names this server: a loopback name (`localhost` in any case,
/// `127.0.0.1` or any `127.x.y.z`, `[::1]`) or the address the connection reached (`local`:
/// the bound address, or the interface's when bound to every interface). A port, when given,
/// must be the server's. Any other name could be one an attacker's DNS points here.
pub fn host_allowed(host: &str, local: SocketAddr) -> bool {
    let (name, port) = match host.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once(']') {
            Some((inside, rest)) => (inside, rest),
            None => return false,
        },
        None => host.split_at(host.find(':').unwrap_or(host.len())),
    };
    let port_ok = match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(digits) => {
            !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && digits.parse::<u16>() == Ok(local.port())
        }
    };
    if !port_ok {
        return false;
    }
    if host.starts_with('[') {
        // Only IPv6 literals are bracketed.
        return match name.parse::<std::net::Ipv6Addr>() {
            Ok(ip) => {
                ip.is_loopback() || IpAddr::V6(ip).to_canonical() == local.ip().to_canonical()
            }
            Err(_) => false,
        };
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<std::net::Ipv4Addr>() {
        Ok(ip) => ip.is_loopback() || IpAddr::V4(ip) == local.ip().to_canonical(),
        Err(_) => false,
    }
}

/// Parses the first line of a request head (`GET /path?x HTTP/1.1`).
pub fn parse_request(head: &str) -> Result<Request, Refusal> {
    let line = head.lines().next().ok_or(Refusal::BadRequest)?;
    let mut parts = line.split(' ');
    let method = match parts.next() {
        Some("GET") => Method::Get,
        Some("HEAD") => Method::Head,
        Some(other) if !other.is_empty() && other.chars().all(|c| c.is_ascii_uppercase()) => {
            return Err(Refusal::MethodNotAllowed);
        }
        _ => return Err(Refusal::BadRequest),
    };
    let target = parts.next().ok_or(Refusal::BadRequest)?;
    let version = parts.next().ok_or(Refusal::BadRequest)?;
    if !version.starts_with("HTTP/1.") || parts.next().is_some() || !target.starts_with('/') {
        // Absolute-form targets (`GET http://…`) are for proxies, not for us.
        return Err(Refusal::BadRequest);
    }
    let raw_path = target.split(['?', '#']).next().unwrap_or_default();
    Ok(Request {
        method,
        path: decode_path(raw_path)?,
    })
}

/// Percent-decodes a path, refusing anything that could name a file outside the site: `..`
/// or `.` segments (plain or encoded), backslashes, NUL, and malformed escapes.
pub fn decode_path(raw: &str) -> Result<String, Refusal> {
    let decoded = stepwise_core::percent::decode(raw).ok_or(Refusal::Forbidden)?;
    if decoded.contains(['\\', '\0']) || !decoded.starts_with('/') {
        return Err(Refusal::Forbidden);
    }
    if decoded
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return Err(Refusal::Forbidden);
    }
    Ok(decoded)
}

/// The output file a decoded path names: `/guide/` → `guide/index.html`.
pub fn file_for(path: &str) -> String {
    let relative = path.trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    }
}

/// Where to redirect a request for a folder without its trailing slash: `guide` → `/guide/`.
/// Built from the file key (never the raw request), so it is always a path on this server
/// (`//host/` would send the browser elsewhere) and percent-encoded.
pub fn location_for(key: &str) -> String {
    let mut location = String::from("/");
    for segment in key.trim_matches('/').split('/') {
        location.push_str(&stepwise_core::percent::encode(segment));
        location.push('/');
    }
    location
}

/// The `Content-Type` of a file, from its name.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// A writer to a connection that must be done by a deadline, however slowly the client reads:
/// each write waits only for what is left until then (a write timeout alone restarts on every
/// write).
#[derive(Debug)]
pub struct DeadlineWriter<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl<'a> DeadlineWriter<'a> {
    /// Writes to `stream` until `deadline`.
    pub fn new(stream: &'a TcpStream, deadline: Instant) -> Self {
        Self { stream, deadline }
    }
}

impl Write for DeadlineWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let wait = self.deadline.saturating_duration_since(Instant::now());
        if wait.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_write_timeout(Some(wait))?;
        let mut stream = self.stream;
        stream.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut stream = self.stream;
        stream.flush()
    }
}

/// Writes a complete response and closes the exchange (`Connection: close`).
pub fn respond(
    stream: &mut impl Write,
    status: (u16, &str),
    headers: &[(&str, &str)],
    body: &[u8],
    include_body: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        status.0,
        status.1,
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if include_body {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes that arrive `every` apart on a fake clock (nothing really waits).
    struct Trickle {
        bytes: Vec<u8>,
        sent: usize,
        per_read: usize,
        every: Duration,
        clock: Instant,
        reads: usize,
    }

    impl Trickle {
        fn new(bytes: &[u8], per_read: usize, every: Duration) -> Self {
            Self {
                bytes: bytes.to_vec(),
                sent: 0,
                per_read,
                every,
                clock: Instant::now(),
                reads: 0,
            }
        }
    }

    impl HeadSource for Trickle {
        fn read_within(&mut self, buf: &mut [u8], wait: Duration) -> io::Result<usize> {
            self.reads += 1;
            if self.sent == self.bytes.len() {
                return Ok(0);
            }
            if self.every > wait {
                self.clock += wait;
                return Err(io::ErrorKind::WouldBlock.into());
            }
            self.clock += self.every;
            let count = self
                .per_read
                .min(buf.len())
                .min(self.bytes.len() - self.sent);
            buf[..count].copy_from_slice(&self.bytes[self.sent..self.sent + count]);
            self.sent += count;
            Ok(count)
        }

        fn now(&self) -> Instant {
            self.clock
        }
    }

    fn read(
        source: &mut Trickle,
        limit: usize,
        within: Duration,
    ) -> Result<Option<String>, Refusal> {
        let deadline = source.clock + within;
        read_head(source, limit, deadline)
    }

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn a_head_is_read_up_to_its_blank_line() {
        let mut fast = Trickle::new(
            b"GET / HTTP/1.1\r\nHost: a\r\n\r\nbody",
            4096,
            Duration::ZERO,
        );
        assert_eq!(
            read(&mut fast, 1024, SECOND),
            Ok(Some("GET / HTTP/1.1\r\nHost: a\r\n".into()))
        );
        let mut bare = Trickle::new(b"GET / HTTP/1.0\n\n", 3, Duration::ZERO);
        assert_eq!(
            read(&mut bare, 1024, SECOND),
            Ok(Some("GET / HTTP/1.0\n".into()))
        );
        let mut closed = Trickle::new(b"", 1, Duration::ZERO);
        assert_eq!(read(&mut closed, 1024, SECOND), Ok(None));
        // A client that closes its side after part of a head gets that part answered.
        let mut half = Trickle::new(b"GET / HTTP/1.0\r\n", 64, Duration::ZERO);
        assert_eq!(
            read(&mut half, 1024, SECOND),
            Ok(Some("GET / HTTP/1.0\r\n".into()))
        );
    }

    #[test]
    fn a_slow_head_is_cut_off_at_the_deadline_however_often_bytes_arrive() {
        // One byte every 9 s: a read timeout of 10 s that restarts on each byte never fires.
        let slowloris = b"GET / HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
        let mut slow = Trickle::new(slowloris, 1, Duration::from_secs(9));
        assert_eq!(read(&mut slow, 1024, 10 * SECOND), Err(Refusal::TimedOut));
        assert_eq!(slow.sent, 1, "read past the deadline");
        assert!(slow.reads <= 2);
        // A fast client sending many small pieces is unaffected.
        let mut chatty = Trickle::new(slowloris, 1, Duration::from_millis(100));
        assert!(matches!(read(&mut chatty, 1024, 10 * SECOND), Ok(Some(_))));
        // A client that sends nothing at all.
        let mut silent = Trickle::new(b"GET", 1, Duration::from_secs(60));
        assert_eq!(read(&mut silent, 1024, 10 * SECOND), Err(Refusal::TimedOut));
    }

    #[test]
    fn an_oversize_head_is_refused_without_reading_past_the_limit() {
        let mut long_line = Trickle::new(&[b'a'; 5000], 4096, Duration::ZERO);
        assert_eq!(
            read(&mut long_line, 1024, SECOND),
            Err(Refusal::HeadTooLarge)
        );
        assert_eq!(long_line.sent, 1024);
        let many_lines = "X-A: b\r\n".repeat(200);
        let mut many = Trickle::new(many_lines.as_bytes(), 100, Duration::ZERO);
        assert_eq!(read(&mut many, 1024, SECOND), Err(Refusal::HeadTooLarge));
        // Exactly at the limit, blank line included, is fine.
        let exact = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(1024 - 18));
        assert_eq!(exact.len(), 1024);
        let mut at_limit = Trickle::new(exact.as_bytes(), 4096, Duration::ZERO);
        assert!(matches!(read(&mut at_limit, 1024, SECOND), Ok(Some(_))));
    }

    #[test]
    fn a_head_that_is_not_utf8_is_a_bad_request() {
        let mut latin1 = Trickle::new(
            b"GET / HTTP/1.1\r\nX-Name: \xff\xfe\r\n\r\n",
            4096,
            Duration::ZERO,
        );
        assert_eq!(read(&mut latin1, 1024, SECOND), Err(Refusal::BadRequest));
    }

    #[test]
    fn only_this_servers_own_names_are_hosts() {
        let local: SocketAddr = "127.0.0.1:1111".parse().expect("address");
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.1.2.3:1111",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(host_allowed(host, local), "{host}");
        }
        for host in [
            "",
            "evil.example",
            "evil.example:1111",
            "localhost:1112",
            "localhost:",
            "localhost:+1111",
            "localhost:1111:1111",
            "localhost.:1111",
            "app.localhost:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.evil.example:1111",
            "127.0.0.1:1111.evil.example",
            "192.168.1.5:1111",
            "[::1",
            "[::1]x",
            "[evil.example]:1111",
            "::1",
            "0.0.0.0:1111",
        ] {
            assert!(!host_allowed(host, local), "{host}");
        }
        // Bound to every interface, a device on the network reaches the interface's address.
        let lan: SocketAddr = "192.168.1.5:1111".parse().expect("address");
        assert!(host_allowed("192.168.1.5:1111", lan));
        assert!(host_allowed("localhost:1111", lan));
        assert!(!host_allowed("192.168.1.6:1111", lan));
        assert!(!host_allowed("192.168.1.5:80", lan));
        let mapped: SocketAddr = "[::ffff:192.168.1.5]:1111".parse().expect("address");
        assert!(host_allowed("192.168.1.5:1111", mapped));
        let v6: SocketAddr = "[fe80::1]:1111".parse().expect("address");
        assert!(host_allowed("[fe80::1]:1111", v6));
        assert!(!host_allowed("[fe80::2]:1111", v6));
    }

    #[test]
    fn http_1_1_needs_exactly_one_allowed_host() {
        let local: SocketAddr = "127.0.0.1:1111".parse().expect("address");
        let check = |head: &str| check_host(head, local);
        assert_eq!(check("GET / HTTP/1.1\r\nHost: localhost:1111\r\n"), Ok(()));
        assert_eq!(check("GET / HTTP/1.1\r\nhOsT:127.0.0.1:1111 \r\n"), Ok(()));
        assert_eq!(
            check("GET / HTTP/1.1\r\nHost: evil.example:1111\r\n"),
            Err(Refusal::WrongHost)
        );
        assert_eq!(
            check("GET / HTTP/1.1\r\nAccept: */*\r\n"),
            Err(Refusal::BadRequest)
        );
        assert_eq!(
            check("GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n"),
            Err(Refusal::BadRequest)
        );
        assert_eq!(check("GET / HTTP/1.0\r\n"), Ok(()));
        assert_eq!(
            check("GET / HTTP/1.0\r\nHost: evil.example\r\n"),
            Err(Refusal::WrongHost)
        );
        assert_eq!(check(""), Err(Refusal::BadRequest));
    }

    #[test]
    fn refusals_carry_the_headers_their_status_needs() {
        assert_eq!(
            Refusal::MethodNotAllowed.headers(),
            [("Allow", "GET, HEAD")]
        );
        assert_eq!(Refusal::Unavailable.status().0, 503);
        assert!(
            Refusal::Unavailable
                .headers()
                .iter()
                .any(|(name, _)| *name == "Retry-After")
        );
        assert_eq!(
            Refusal::HeadTooLarge.status(),
            (431, "Request Header Fields Too Large")
        );
        assert_eq!(Refusal::WrongHost.status().0, 403);
    }

    #[test]
    fn redirects_stay_on_this_server_and_are_encoded() {
        assert_eq!(location_for("guide"), "/guide/");
        assert_eq!(
            location_for(file_for("//evil.example").trim_end_matches("/index.html")),
            "/evil.example/"
        );
        assert_eq!(location_for("a b/é"), "/a%20b/%C3%A9/");
    }

    #[test]
    fn parses_gets_and_heads() {
        assert_eq!(
            parse_request("GET /guide/a%20b/?x=1 HTTP/1.1\r\nHost: x\r\n"),
            Ok(Request {
                method: Method::Get,
                path: "/guide/a b/".into()
            })
        );
        assert_eq!(
            parse_request("HEAD / HTTP/1.0\r\n").map(|r| r.method),
            Ok(Method::Head)
        );
        assert_eq!(
            parse_request("POST / HTTP/1.1\r\n"),
            Err(Refusal::MethodNotAllowed)
        );
        assert_eq!(
            parse_request("GET http://evil.example/ HTTP/1.1\r\n"),
            Err(Refusal::BadRequest)
        );
        assert_eq!(parse_request("nonsense"), Err(Refusal::BadRequest));
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        for path in [
            "/../etc/passwd",
            "/guide/../../secret",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2fsite.yaml",
            "/a/%2e/b",
            "/..\\windows",
            "/%5c..%5csecret",
            "/a%00.html",
            "/%zz",
        ] {
            assert_eq!(decode_path(path), Err(Refusal::Forbidden), "{path}");
        }
        assert_eq!(decode_path("/guide/first/"), Ok("/guide/first/".into()));
        assert_eq!(decode_path("/a..b/c"), Ok("/a..b/c".into()));
    }

    #[test]
    fn paths_map_to_files() {
        assert_eq!(file_for("/"), "index.html");
        assert_eq!(file_for("/guide/"), "guide/index.html");
        assert_eq!(file_for("/assets/x.wasm"), "assets/x.wasm");
        assert_eq!(content_type("assets/x.wasm"), "application/wasm");
    }
}
