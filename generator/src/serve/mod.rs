//! `stepwise serve`: builds the site in memory, serves it on 127.0.0.1, rebuilds when a file
//! changes (only the affected pages when it can) and reloads open pages; when a rebuild fails,
//! the last good site keeps being served and open pages show the problems.
//!
//! Threads: one accepts connections ([`accept`]: one short-lived thread per request, at most
//! [`limits::MAX_CONNECTIONS`] at once, plus at most [`limits::MAX_EVENT_STREAMS`] live-reload
//! streams), one turns watcher events into rebuilds (`rebuild`). They share [`Served`] (what
//! is served) and [`Hub`] (the live-reload listeners), passed explicitly; nothing is global.
//!
//! Files, one job each (none imports another in a cycle): `mod.rs` options, errors, binding
//! and the accepting loop; `rebuild` batches of changes into rebuilds into what is served;
//! `respond` answering one request; `events` the live-reload stream and its [`Hub`]; `served`
//! the state they share; `http` the protocol (reading a head within its deadline, the `Host`
//! check, paths); `limits` the caps and deadlines; `live` the reload script; `watch` the
//! watcher.
//!
//! As a web server on the author's machine it answers only requests addressed to itself
//! ([`http::check_host`], against DNS rebinding), caps its connections, and gives every client
//! an absolute deadline for its request head ([`limits`]).

pub mod events;
pub mod http;
pub mod limits;
pub mod live;
mod rebuild;
mod respond;
pub mod served;
pub mod watch;

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::pipeline::{Build, BuildOptions, Update};
use crate::source;
pub use events::Hub;
pub use limits::Limits;
use limits::Slots;
use rebuild::Rebuilder;
pub use served::Served;
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
        preview: true,
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
    let mut rebuilder = Rebuilder::new(
        root.to_path_buf(),
        build,
        Arc::clone(&served),
        Arc::clone(&hub),
    );
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
    accept(&listener, served, hub, Limits::default());
    Ok(())
}

/// Answers connections on `listener` until the process stops, each in a thread of its own
/// while fewer than `limits.connections` are being answered; a connection beyond that is
/// answered `503` at once (see [`limits`]).
pub fn accept(listener: &TcpListener, served: Arc<RwLock<Served>>, hub: Arc<Hub>, limits: Limits) {
    let server = Arc::new(respond::Server {
        served,
        hub,
        limits,
        streams: Slots::new(limits.event_streams),
    });
    let connections = Slots::new(limits.connections);
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, say: give connections in progress time to finish.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let accepted = Instant::now();
        let Some(slot) = connections.take() else {
            respond::turn_away(&stream);
            continue;
        };
        let server = Arc::clone(&server);
        // A thread that cannot start drops the connection (and frees the slot).
        let _ = std::thread::Builder::new().spawn(move || {
            let _ = respond::handle(stream, accepted, slot, &server);
        });
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
