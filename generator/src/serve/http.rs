//! Just enough HTTP/1.1 for a local preview server: parse a request head, map its path to a
//! file of the site (refusing anything that could reach outside it), and write responses.
//!
//! The parsing and path rules are pure functions, tested natively.

use std::io::{self, Write};

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
    /// Not a request this server understands (400).
    BadRequest,
    /// A method other than GET or HEAD (405).
    MethodNotAllowed,
    /// A path that tries to leave the site (`..`, encoded separators, NUL) (403).
    Forbidden,
}

impl Refusal {
    /// The status line's code and reason.
    pub fn status(self) -> (u16, &'static str) {
        match self {
            Self::BadRequest => (400, "Bad Request"),
            Self::MethodNotAllowed => (405, "Method Not Allowed"),
            Self::Forbidden => (403, "Forbidden"),
        }
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
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
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
