//! Answering one request: a file of the site, a redirect to a folder's address, the 404 page
//! (or a placeholder before the site has ever built), the dev server's own files, or the
//! live-reload stream.

use std::io::{self, BufRead, BufReader, Read};
use std::net::TcpStream;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use super::events::{self, Hub};
use super::http::{self, Method, Refusal};
use super::live;
use super::served::Served;
use stepwise_core::dom::CONTENT_SECURITY_POLICY;

/// Answers one request.
pub(super) fn handle(mut stream: TcpStream, served: &RwLock<Served>, hub: &Hub) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let head = read_head(&stream)?;
    let request = match http::parse_request(&head) {
        Ok(request) => request,
        Err(refusal) => return refuse(&mut stream, refusal),
    };
    let body = request.method == Method::Get;
    if request.path == live::EVENTS {
        return events::stream(stream, served, hub);
    }
    if let Some((content_type, source)) = live::asset(&request.path) {
        let headers = [
            ("Content-Type", content_type),
            ("Cache-Control", "no-store"),
        ];
        return http::respond(&mut stream, (200, "OK"), &headers, source.as_bytes(), body);
    }

    let key = http::file_for(&request.path);
    let (found, redirect, version) = {
        let served = served
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
        return http::respond(&mut stream, (301, "Moved Permanently"), &headers, b"", body);
    }
    let (status, path, bytes) = match found {
        Ok((path, bytes)) => ((200, "OK"), path, bytes),
        Err(Some(not_found)) => ((404, "Not Found"), "404.html".to_owned(), not_found),
        Err(None) => (
            (404, "Not Found"),
            "404.html".to_owned(),
            Arc::new(placeholder().into_bytes()),
        ),
    };
    let mut headers = security.to_vec();
    headers.push(("Content-Type", http::content_type(&path)));
    if path.ends_with(".html") {
        let html = live::inject(&String::from_utf8_lossy(&bytes), version);
        http::respond(&mut stream, status, &headers, html.as_bytes(), body)
    } else {
        http::respond(&mut stream, status, &headers, &bytes, body)
    }
}

/// The page shown before the site has ever built: the overlay explains why.
fn placeholder() -> String {
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built yet</title></head>\
     <body><p>The site has not built yet. The problems are shown on this page; fix them and save.</p></body></html>\n"
        .to_owned()
}

fn refuse(stream: &mut TcpStream, refusal: Refusal) -> io::Result<()> {
    let status = refusal.status();
    let headers = [("Content-Type", "text/plain; charset=utf-8")];
    http::respond(stream, status, &headers, status.1.as_bytes(), true)
}

/// The most a request head may take.
const HEAD_LIMIT: u64 = 16 * 1024;

/// Reads the request head (up to the blank line), at most [`HEAD_LIMIT`] bytes: no line, however
/// long, is read past it.
fn read_head(stream: &TcpStream) -> io::Result<String> {
    let mut reader = BufReader::new(stream.try_clone()?.take(HEAD_LIMIT));
    let mut head = String::new();
    loop {
        let mut line = String::new();
        let read = reader.read_line(&mut line)?;
        if line == "\r\n" || line == "\n" {
            break;
        }
        head.push_str(&line);
        if read == 0 {
            if head.len() as u64 >= HEAD_LIMIT {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "request head too long",
                ));
            }
            break;
        }
    }
    Ok(head)
}
