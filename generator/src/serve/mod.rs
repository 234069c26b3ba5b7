//! `stepwise serve`: builds the site in memory, serves it on 127.0.0.1, rebuilds when a file
//! changes (only the affected pages when it can) and reloads open pages; when a rebuild fails,
//! the last good site keeps being served and open pages show the problems.
//!
//! Threads: one accepts connections (one short-lived thread per request), one turns watcher
//! events into rebuilds. They share [`Served`] (what is served) and [`Hub`] (the live-reload
//! listeners), passed explicitly; nothing is global.

pub mod http;
pub mod live;
pub mod watch;

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::diagnostics;
use crate::pipeline::{Build, BuildOptions, Timings, Update};
use crate::source;
use http::{Method, Refusal};
use stepwise_core::dom::CONTENT_SECURITY_POLICY;
use watch::ChangeKind;

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 1111;
/// How many ports after the default are tried when it is taken.
const PORT_ATTEMPTS: u16 = 20;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The port; `None` takes the first free one from [`DEFAULT_PORT`].
    pub port: Option<u16>,
    /// The address to listen on (127.0.0.1 unless asked otherwise).
    pub bind: IpAddr,
    /// Open the site in the default browser.
    pub open: bool,
    /// Include draft pages.
    pub drafts: bool,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port asked for is taken.
    #[error(
        "port {0} is already in use: choose another with --port, or leave --port out to use the next free port"
    )]
    PortInUse(u16),
    /// No port from the default range was free.
    #[error("no free port between {DEFAULT_PORT} and {}: choose one with --port", DEFAULT_PORT + PORT_ATTEMPTS - 1)]
    NoFreePort,
    /// Listening failed for another reason.
    #[error("cannot listen on {address}")]
    Bind {
        /// The address.
        address: SocketAddr,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The site could not be read.
    #[error("reading the site in {path}")]
    Load {
        /// The site root.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The files could not be watched.
    #[error("watching the site's files")]
    Watch(#[from] notify::Error),
}

/// What the server hands out: the last site that built, and the current problems.
#[derive(Debug, Default)]
pub struct Served {
    /// Output files by path.
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// The problems of the last rebuild, if it failed.
    pub problems: Option<String>,
    /// Counts successful rebuilds.
    pub version: u64,
}

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

/// Binds the listener: the port asked for, or the first free one from the default.
pub fn bind(address: IpAddr, port: Option<u16>) -> Result<TcpListener, ServeError> {
    let attempt = |port: u16| TcpListener::bind(SocketAddr::new(address, port));
    match port {
        Some(port) => attempt(port).map_err(|source| match source.kind() {
            io::ErrorKind::AddrInUse => ServeError::PortInUse(port),
            _ => ServeError::Bind {
                address: SocketAddr::new(address, port),
                source,
            },
        }),
        None => (DEFAULT_PORT..DEFAULT_PORT + PORT_ATTEMPTS)
            .find_map(|port| attempt(port).ok())
            .ok_or(ServeError::NoFreePort),
    }
}

/// Serves the site under `root` until the process is stopped.
pub fn run(root: &Path, options: &ServeOptions) -> Result<(), ServeError> {
    // Watcher events carry absolute paths; compare them with an absolute root.
    let root = &root.canonicalize().map_err(|source| ServeError::Load {
        path: root.to_path_buf(),
        source,
    })?;
    let root: &PathBuf = root;
    let listener = bind(options.bind, options.port)?;
    let address = listener.local_addr().map_err(|source| ServeError::Bind {
        address: SocketAddr::new(options.bind, options.port.unwrap_or(DEFAULT_PORT)),
        source,
    })?;
    let host = if address.ip().is_unspecified() {
        "localhost".to_owned()
    } else {
        address.ip().to_string()
    };
    let url = format!("http://{host}:{}/", address.port());
    if !address.ip().is_loopback() {
        eprintln!(
            "warning: listening on {address}: other devices on your network can see this preview"
        );
    }

    let build_options = BuildOptions {
        include_drafts: options.drafts,
        base_url: Some(url.clone()),
        ..BuildOptions::default()
    };
    let loaded = source::load(root).map_err(|source| ServeError::Load {
        path: root.to_path_buf(),
        source,
    })?;
    let started = Instant::now();
    let build = Build::new(loaded, build_options);
    let served = Arc::new(RwLock::new(Served::default()));
    let hub = Arc::new(Hub::default());
    let mut rebuilder = Rebuilder {
        root: root.to_path_buf(),
        build,
        served: Arc::clone(&served),
        hub: Arc::clone(&hub),
        stale: true,
    };
    rebuilder.publish(Update::Full, started);

    let (mut watcher, batches) = watch::watch(root)?;
    let mut watched = Vec::new();
    watch::watch_new_folders(&mut watcher, root, &mut watched)?;
    let watch_root = root.clone();
    std::thread::spawn(move || {
        // The watcher lives as long as the thread that receives its events.
        for batch in batches {
            if batch.contains(&ChangeKind::Site) {
                let _ = watch::watch_new_folders(&mut watcher, &watch_root, &mut watched);
            }
            rebuilder.apply(&batch);
        }
    });
    let _ = ctrlc::set_handler(|| {
        eprintln!("\nStopped.");
        std::process::exit(0);
    });
    eprintln!("Serving {} at {url} (press Ctrl-C to stop)", root.display());
    if options.open {
        open_browser(&url);
    }
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let served = Arc::clone(&served);
        let hub = Arc::clone(&hub);
        std::thread::spawn(move || {
            let _ = handle(stream, &served, &hub);
        });
    }
    Ok(())
}

/// Turns batches of file changes into rebuilds and tells open pages.
struct Rebuilder {
    root: PathBuf,
    build: Build,
    served: Arc<RwLock<Served>>,
    hub: Arc<Hub>,
    /// Whether what is served lags behind the build (after a failed rebuild), so the next good
    /// one must replace every file rather than the changed ones.
    stale: bool,
}

impl Rebuilder {
    fn apply(&mut self, batch: &[ChangeKind]) {
        let started = Instant::now();
        let mut timings = Timings::new();
        let mut update = Update::Pages(0);
        for change in batch {
            let edited = match change {
                // Read as a full load reads it; a page that cannot be read (or is gone) is left
                // to the full reload below, which reports it as a full load does.
                ChangeKind::Page(path) => source::read_text(&self.root, path)
                    .ok()
                    .map(|file| self.build.update_content(path, file.text.to_string())),
                ChangeKind::Site => None,
            };
            let Some(step) = edited else {
                // Read the whole site again, which also picks up the rest of the batch.
                self.reload();
                update = Update::Full;
                break;
            };
            // A page edit that moved the page rebuilt the site from memory, which holds every
            // edit so far, so the rest of the batch still applies on top of it.
            update = match (update, step) {
                (Update::Pages(a), Update::Pages(b)) => Update::Pages(a + b),
                _ => Update::Full,
            };
        }
        timings.lap("update");
        self.publish(update, started);
        timings.lap("publish");
        print_timings(self.build.timings());
        print_timings(&timings);
    }

    /// Reads the whole site from disk again and rebuilds it.
    fn reload(&mut self) {
        match source::load(&self.root) {
            Ok(source) => {
                self.build.replace_source(source);
            }
            Err(error) => eprintln!("error: reading the site: {error}"),
        }
    }

    /// Serves the new build if it succeeded, or reports its problems.
    fn publish(&mut self, update: Update, started: Instant) {
        let delta = self.build.delta();
        self.build.clear_changes();
        for problem in &delta.diagnostics {
            eprintln!("{problem}");
        }
        let failed = diagnostics::has_fatal(&delta.diagnostics, false);
        let Ok(mut served) = self.served.write() else {
            return;
        };
        if failed {
            let text: Vec<String> = delta.diagnostics.iter().map(ToString::to_string).collect();
            let text = text.join("\n");
            served.problems = Some(text.clone());
            self.stale = true;
            drop(served);
            self.hub
                .broadcast(&live::event(live::EVENT_PROBLEMS, &text));
            eprintln!("The site could not be rebuilt; still serving the last version that built.");
            return;
        }
        let files = if self.stale && !delta.full {
            self.build.output().files
        } else {
            delta.files
        };
        if self.stale || delta.full {
            served.files.clear();
        }
        for file in files {
            served.files.insert(file.path, Arc::new(file.bytes));
        }
        served.problems = None;
        served.version += 1;
        let version = served.version;
        drop(served);
        self.stale = false;
        self.hub
            .broadcast(&live::event(live::EVENT_RELOAD, &version.to_string()));
        let what = match update {
            Update::Pages(count) => {
                format!("{count} {}", if count == 1 { "page" } else { "pages" })
            }
            Update::Full => "the site".to_owned(),
        };
        eprintln!("Built {what} in {} ms.", started.elapsed().as_millis());
    }
}

/// Prints how long each stage took, when `STEPWISE_TIMINGS` is set (for profiling).
fn print_timings(timings: &Timings) {
    if std::env::var_os("STEPWISE_TIMINGS").is_some() {
        for line in timings.lines() {
            eprintln!("{line}");
        }
    }
}

/// Answers one request.
fn handle(mut stream: TcpStream, served: &RwLock<Served>, hub: &Hub) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let head = read_head(&stream)?;
    let request = match http::parse_request(&head) {
        Ok(request) => request,
        Err(refusal) => return refuse(&mut stream, refusal),
    };
    let body = request.method == Method::Get;
    if request.path == live::EVENTS {
        return events(stream, served, hub);
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

/// The live-reload stream of one open page.
fn events(mut stream: TcpStream, served: &RwLock<Served>, hub: &Hub) -> io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n",
    )?;
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
    stream.write_all(greeting.as_bytes())?;
    stream.flush()?;
    loop {
        let message = match receiver.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_owned(),
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        stream.write_all(message.as_bytes())?;
        stream.flush()?;
    }
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(command)
        .arg(url)
        .spawn()
        .is_err()
    {
        eprintln!("Could not open a browser: open {url} yourself.");
    }
}
