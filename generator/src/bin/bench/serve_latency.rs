//! Time from saving a page to the dev server's answer, as an author would feel it: start
//! `stepwise serve` as a child process, listen to its live-reload stream like a browser, save
//! a page (written beside it, then renamed over it, as editors save), and time until the
//! `reload` event arrives (or `problems`, for an edit that breaks the page).
//!
//! Every wait has a deadline: the server's start, the stream's greeting, each event. Reads
//! are given only the time left, so keep-alive comments never extend a wait. Between edits
//! the stream must fall quiet, so no event of one edit is taken for the next one's.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use stepwise::serve::live;

use crate::{measure, sse};

/// How long the stream must stay silent before an edit.
const QUIET: Duration = Duration::from_millis(300);
/// How long the server may take to log a rebuild after announcing it.
const LOG_GRACE: Duration = Duration::from_secs(2);

/// A running `stepwise serve`, watched (its memory read, and the machine's: see
/// [`measure::Watch`]) and stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    log: Receiver<String>,
    /// The last lines it logged, for error messages.
    tail: VecDeque<String>,
    watch: Option<measure::Watch>,
}

impl Drop for Server {
    fn drop(&mut self) {
        // The watch ends before the child is reaped (it may kill it by its id).
        if let Some(watch) = self.watch.take() {
            let _ = watch.finish();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(binary: &Path, root: &Path, timeout: Duration) -> anyhow::Result<Self> {
        let port = free_port()?;
        let mut child = Command::new(binary)
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", &port.to_string()])
            .env("STEPWISE_TIMINGS", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let stderr = child.stderr.take().context("no stderr")?;
        let (sender, log) = mpsc::channel();
        // Drain the server's log so it never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let watch = Some(measure::Watch::start(child.id(), None));
        let mut server = Self {
            child,
            port,
            log,
            tail: VecDeque::new(),
            watch,
        };
        let deadline = Instant::now() + timeout;
        loop {
            match server.next_line(deadline) {
                Ok(Some(line)) if line.starts_with("Serving ") => return Ok(server),
                Ok(Some(_)) => {}
                Ok(None) => bail!(
                    "stepwise serve did not start within {} s{}",
                    timeout.as_secs(),
                    server.recent()
                ),
                Err(()) => bail!("stepwise serve stopped before serving{}", server.recent()),
            }
        }
    }

    /// The next line of the log before `deadline` (`None`: none came); `Err` if it ended.
    fn next_line(&mut self, deadline: Instant) -> Result<Option<String>, ()> {
        let wait = deadline.saturating_duration_since(Instant::now());
        match self.log.recv_timeout(wait) {
            Ok(line) => {
                self.tail.push_back(line.clone());
                if self.tail.len() > 20 {
                    self.tail.pop_front();
                }
                Ok(Some(line))
            }
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => Err(()),
        }
    }

    /// Forgets the lines logged so far.
    fn skip_log(&mut self) {
        while self
            .next_line(Instant::now())
            .is_ok_and(|line| line.is_some())
        {}
    }

    /// Why it was stopped, if the benchmark stopped it, and the last lines it logged: for an
    /// error message.
    fn recent(&mut self) -> String {
        self.skip_log();
        let mut text = String::new();
        if let Some(why) = self.watch.as_ref().and_then(measure::Watch::stopped) {
            text.push_str(&format!("; the benchmark stopped stepwise serve: {why}"));
        }
        if !self.tail.is_empty() {
            let lines: Vec<&str> = self.tail.iter().map(String::as_str).collect();
            text.push_str(&format!("; its last words:\n  {}", lines.join("\n  ")));
        }
        text
    }

    /// Its peak and current resident set (KiB).
    fn memory(&self) -> (Option<u64>, Option<u64>) {
        match &self.watch {
            Some(watch) => (watch.peak_kib(), watch.resident_kib()),
            None => (None, None),
        }
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// The live-reload stream, read as a browser reads it.
struct Stream {
    socket: TcpStream,
    parser: sse::Parser,
    ready: VecDeque<sse::Event>,
}

impl Stream {
    /// Opens the stream and reads its greeting (the `version` event).
    fn open(port: u16, deadline: Instant) -> anyhow::Result<Self> {
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let mut socket = TcpStream::connect_timeout(&address, Duration::from_secs(10))
            .context("connecting to stepwise serve")?;
        socket.set_write_timeout(Some(Duration::from_secs(10)))?;
        write!(
            socket,
            "GET {} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n",
            live::EVENTS
        )?;
        let mut stream = Self {
            socket,
            parser: sse::Parser::default(),
            ready: VecDeque::new(),
        };
        loop {
            match stream.next(deadline)? {
                Some(event) if event.name == live::EVENT_VERSION => return Ok(stream),
                Some(_) => {}
                None => bail!("no greeting on the live-reload stream in time"),
            }
        }
    }

    /// The next event before `deadline`; `None` if none came.
    fn next(&mut self, deadline: Instant) -> anyhow::Result<Option<sse::Event>> {
        let mut buffer = [0u8; 16 * 1024];
        loop {
            if let Some(event) = self.ready.pop_front() {
                return Ok(Some(event));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            // Only the time left: a keep-alive comment ends a read, never extends the wait.
            self.socket
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))?;
            match self.socket.read(&mut buffer) {
                Ok(0) => bail!("the live-reload stream closed"),
                Ok(read) => {
                    let events = self
                        .parser
                        .feed(&buffer[..read])
                        .map_err(anyhow::Error::msg)?;
                    self.ready.extend(events);
                }
                Err(error)
                    if matches!(
                        error.kind(),
                        std::io::ErrorKind::WouldBlock
                            | std::io::ErrorKind::TimedOut
                            | std::io::ErrorKind::Interrupted
                    ) => {}
                Err(error) => return Err(error).context("reading the live-reload stream"),
            }
        }
    }
}

/// What an edit should make the server send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    /// The rebuild succeeds.
    Reload,
    /// The rebuild fails: the page is broken.
    Problems,
}

/// One timed edit.
#[derive(Debug, Clone)]
pub(crate) struct Sample {
    /// From starting to save to the event.
    pub(crate) millis: f64,
    /// What the server logged about the rebuild (`Built 50 pages in 40 ms.`).
    pub(crate) server_said: Option<String>,
    /// The rebuild's stages as the server timed them (`STEPWISE_TIMINGS`).
    pub(crate) stages: Vec<(String, f64)>,
    /// The server's resident set after the rebuild (KiB).
    pub(crate) resident_kib: Option<u64>,
    /// The CPU time the server spent from the save to the event and its log (all threads).
    pub(crate) cpu_millis: Option<f64>,
}

/// A served site, its stream, and the edits made to it.
pub(crate) struct Session {
    server: Server,
    stream: Stream,
    root: PathBuf,
    timeout: Duration,
    /// From starting the server to its `Serving` line (its first, full build in memory).
    pub(crate) started_in: Duration,
}

impl Session {
    /// Starts `binary serve` on the site in `root` and opens its stream; every wait, this one
    /// included, may take `timeout`.
    pub(crate) fn open(binary: &Path, root: &Path, timeout: Duration) -> anyhow::Result<Self> {
        let started = Instant::now();
        let mut server = Server::start(binary, root, timeout)?;
        let started_in = started.elapsed();
        let stream = match Stream::open(server.port, Instant::now() + timeout) {
            Ok(stream) => stream,
            Err(error) => return Err(error.context(format!("stepwise serve{}", server.recent()))),
        };
        Ok(Self {
            server,
            stream,
            root: root.to_path_buf(),
            timeout,
            started_in,
        })
    }

    /// Waits until the stream has been silent for [`QUIET`].
    fn settle(&mut self) -> anyhow::Result<()> {
        let deadline = Instant::now() + self.timeout;
        while self
            .stream
            .next((Instant::now() + QUIET).min(deadline))?
            .is_some()
        {
            if Instant::now() >= deadline {
                bail!("the live-reload stream never fell quiet");
            }
        }
        self.server.skip_log();
        Ok(())
    }

    /// The server's peak and current resident set (KiB).
    pub(crate) fn memory(&self) -> (Option<u64>, Option<u64>) {
        self.server.memory()
    }

    /// Saves `text` as `page` (relative to the root) and times the server's answer.
    pub(crate) fn edit(
        &mut self,
        page: &str,
        text: &str,
        expect: Expect,
    ) -> anyhow::Result<Sample> {
        match self.try_edit(page, text, expect) {
            Ok(sample) => Ok(sample),
            Err(error) => Err(anyhow::anyhow!("{error:#}{}", self.server.recent())),
        }
    }

    fn try_edit(&mut self, page: &str, text: &str, expect: Expect) -> anyhow::Result<Sample> {
        self.settle()?;
        let path = self.root.join(page);
        let pid = self.server.child.id();
        let cpu_before = measure::cpu_time_of(pid);
        let started = Instant::now();
        save(&path, text)?;
        let deadline = started + self.timeout;
        let millis = loop {
            let Some(event) = self.stream.next(deadline)? else {
                bail!(
                    "no answer on the live-reload stream within {} s of saving {page}",
                    self.timeout.as_secs()
                );
            };
            let millis = started.elapsed().as_secs_f64() * 1000.0;
            match (event.name.as_str(), expect) {
                (live::EVENT_RELOAD, Expect::Reload) | (live::EVENT_PROBLEMS, Expect::Problems) => {
                    break millis;
                }
                (live::EVENT_PROBLEMS, Expect::Reload) => {
                    bail!("saving {page} did not build:\n{}", event.data)
                }
                (live::EVENT_RELOAD, Expect::Problems) => {
                    bail!("saving a broken {page} built without problems")
                }
                _ => {}
            }
        };
        let log_deadline = Instant::now() + LOG_GRACE;
        let mut server_said = None;
        let mut stages = Vec::new();
        // The rebuild's summary, then its stages; `publish` is the last.
        while let Ok(Some(line)) = self.server.next_line(log_deadline) {
            if line.starts_with("Built ") || line.starts_with("The site could not be rebuilt") {
                server_said = Some(line);
            } else if let Some(stage) = measure::stage_timing(&line) {
                let last = stage.0 == "publish";
                stages.push(stage);
                if last {
                    break;
                }
            }
        }
        let cpu_millis = cpu_before
            .zip(measure::cpu_time_of(pid))
            .map(|(before, after)| after.saturating_sub(before).as_secs_f64() * 1000.0);
        Ok(Sample {
            millis,
            server_said,
            stages,
            resident_kib: self.server.memory().1,
            cpu_millis,
        })
    }
}

/// Writes `text` beside `path` under a name the server ignores, then renames it over `path`:
/// the page changes in one step, never seen half written.
fn save(path: &Path, text: &str) -> anyhow::Result<()> {
    let name = path
        .file_name()
        .context("a page path without a file name")?
        .to_string_lossy();
    let temporary = path.with_file_name(format!(".{name}.bench-save"));
    std::fs::write(&temporary, text).with_context(|| format!("writing {}", temporary.display()))?;
    std::fs::rename(&temporary, path).with_context(|| format!("saving {}", path.display()))
}

/// Puts a page back as it was, however the measurement ends.
pub(crate) struct Restore {
    path: PathBuf,
    original: String,
}

impl Restore {
    /// Remembers `page` under `root` as it is now.
    pub(crate) fn new(root: &Path, page: &str) -> anyhow::Result<Self> {
        let path = root.join(page);
        let original = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        Ok(Self { path, original })
    }

    /// The page's original text.
    pub(crate) fn original(&self) -> &str {
        &self.original
    }
}

impl Drop for Restore {
    fn drop(&mut self) {
        if std::fs::read_to_string(&self.path).ok().as_deref() != Some(&self.original) {
            let _ = save(&self.path, &self.original);
        }
    }
}

/// The number of pages and the milliseconds in the server's `Built 50 pages in 40 ms.` (or
/// `Built the site in 900 ms.`: `None` pages).
pub(crate) fn parse_built(line: &str) -> Option<(Option<usize>, u64)> {
    let rest = line.strip_prefix("Built ")?;
    let (what, time) = rest.rsplit_once(" in ")?;
    let millis = time.strip_suffix(" ms.")?.parse().ok()?;
    let pages = match what {
        "the site" => None,
        _ => Some(what.split(' ').next()?.parse().ok()?),
    };
    Some((pages, millis))
}

/// Copies the parts of a site that `serve` reads into `to`.
pub(crate) fn copy_site(from: &Path, to: &Path) -> anyhow::Result<()> {
    if to.exists() {
        std::fs::remove_dir_all(to)?;
    }
    for part in ["site.yaml", "content", "themes", "static"] {
        let source = from.join(part);
        if source.is_file() {
            std::fs::create_dir_all(to)?;
            std::fs::copy(&source, to.join(part))?;
        } else if source.is_dir() {
            copy_dir(&source, &to.join(part))?;
        }
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_servers_rebuild_lines() {
        assert_eq!(parse_built("Built 1 page in 12 ms."), Some((Some(1), 12)));
        assert_eq!(
            parse_built("Built 50 pages in 431 ms."),
            Some((Some(50), 431))
        );
        assert_eq!(
            parse_built("Built the site in 2100 ms."),
            Some((None, 2_100))
        );
        assert_eq!(parse_built("Serving x at y"), None);
        assert_eq!(parse_built("Built 3 pages in soon"), None);
    }
}
