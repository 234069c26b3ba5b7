//! Time from saving a page to the dev server's reload message, as an author would feel it:
//! start `stepwise serve` as a child process, listen to its live-reload stream like a browser,
//! write to a page, and time until the `reload` event arrives.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

/// A running `stepwise serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn stepwise_binary() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let binary = exe.with_file_name(format!("stepwise{}", std::env::consts::EXE_SUFFIX));
    if !binary.exists() {
        bail!(
            "{} not found: build it with `cargo build --release`",
            binary.display()
        );
    }
    Ok(binary)
}

fn start(root: &Path) -> anyhow::Result<Server> {
    let port = free_port()?;
    let mut child = Command::new(stepwise_binary()?)
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let stderr = child.stderr.take().context("no stderr")?;
    let mut lines = BufReader::new(stderr).lines();
    loop {
        let line = lines.next().context("serve stopped before listening")??;
        if line.starts_with("Serving ") {
            break;
        }
    }
    // Keep draining the server's log so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Ok(Server { child, port })
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Opens the live-reload stream and waits for its greeting.
fn listen(port: u16) -> anyhow::Result<BufReader<TcpStream>> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    stream.write_all(b"GET /__stepwise/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")?;
    let mut reader = BufReader::new(stream);
    // The stream opens with the version served now; read that event to its end.
    let greeting = format!("event: {}", stepwise::serve::live::EVENT_VERSION);
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen_greeting = false;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            bail!("the live-reload stream closed");
        }
        if line.starts_with(&greeting) {
            seen_greeting = true;
        } else if seen_greeting && line.trim().is_empty() {
            return Ok(reader);
        }
        if Instant::now() > deadline {
            bail!("no greeting on the live-reload stream within 60 s");
        }
    }
}

fn wait_for_reload(reader: &mut BufReader<TcpStream>) -> anyhow::Result<()> {
    let reload = format!("event: {}", stepwise::serve::live::EVENT_RELOAD);
    let problems = format!("event: {}", stepwise::serve::live::EVENT_PROBLEMS);
    // Keep-alive comments arrive every 15 s and restart the read timeout: bound the wait too.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut line = String::new();
    loop {
        if Instant::now() > deadline {
            bail!("no reload within 60 s of the edit");
        }
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            bail!("the live-reload stream closed");
        }
        if line.starts_with(&problems) {
            bail!("the edit did not build");
        }
        if line.starts_with(&reload) {
            return Ok(());
        }
    }
}

/// Milliseconds from each of `runs` writes to `page` (relative to `root`) to the reload event.
pub(crate) fn measure(root: &Path, page: &str, runs: usize) -> anyhow::Result<Vec<f64>> {
    let server = start(root)?;
    let mut reader = listen(server.port)?;
    let path = root.join(page);
    let original =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut times = Vec::new();
    for run in 0..runs {
        // Let the watcher settle between edits, as between an author's saves.
        std::thread::sleep(Duration::from_millis(300));
        let text = format!("{original}\nEdit number {run} for the benchmark.\n");
        let started = Instant::now();
        std::fs::write(&path, text)?;
        wait_for_reload(&mut reader)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    std::fs::write(&path, original)?;
    let _ = reader.get_mut().read(&mut [0u8; 0]);
    Ok(times)
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

/// The median of some times.
pub(crate) fn median(times: &[f64]) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(0.0)
}
