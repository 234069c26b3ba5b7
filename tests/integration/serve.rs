//! `stepwise serve` reads edited pages as a full load reads them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::support::SiteTest;

/// A running `stepwise serve`, stopped when dropped.
struct Serving {
    child: Child,
    lines: Receiver<String>,
    port: u16,
    log: String,
}

impl Serving {
    fn start(site: &SiteTest) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_stepwise"))
            .arg("--root")
            .arg(&site.root)
            .args(["serve", "--port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start stepwise serve");
        let stderr = child.stderr.take().expect("stderr");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    return;
                }
            }
        });
        let mut serving = Self {
            child,
            lines,
            port,
            log: String::new(),
        };
        serving.wait_for("Serving ");
        serving
    }

    /// Waits until the server prints a line containing `needle` (and returns that line).
    fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.log.push_str(&line);
                    self.log.push('\n');
                    if line.contains(needle) {
                        return line;
                    }
                    assert!(
                        !line.contains("could not be rebuilt"),
                        "serve failed to rebuild while waiting for {needle:?}:\n{}",
                        self.log
                    );
                }
                Err(_) => break,
            }
        }
        panic!("serve never printed {needle:?}:\n{}", self.log);
    }

    /// The body of `GET path`.
    fn get(&self, path: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .expect("request");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("response");
        let (_, body) = response.split_once("\r\n\r\n").expect("a head and a body");
        body.to_owned()
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("<main>");
    let end = html.find("</main>").expect("</main>") + "</main>".len();
    &html[start..end]
}

#[test]
fn an_edit_saved_with_a_byte_order_mark_renders_as_a_full_build_does() {
    let site = SiteTest::fixture("basic");
    let mut serve = Serving::start(&site);
    assert!(serve.get("/guide/second/").contains("Keep going"));

    // Some Windows editors start UTF-8 files with a byte-order mark; a full load drops it.
    let edited = "\u{feff}---\ntitle: Second step\nweight: 2\naliases: [old/second]\n---\n## Keep going\n\nThis sentence was added.\n\n1. [ ] Send the request\n";
    site.write("content/guide/second.md", edited);
    let built = serve.wait_for("Built ");
    assert!(built.contains("page"), "{built}\n{}", serve.log);
    let served = serve.get("/guide/second/");
    let url = serve.url();
    drop(serve);

    site.build(&["--base-url", &url]);
    let full = site.read("public/guide/second/index.html");
    assert!(full.contains("This sentence was added."), "{full}");
    assert_eq!(main_of(&served), main_of(&full));
}

#[test]
fn an_edited_page_that_is_not_utf8_is_reported_as_a_full_load_reports_it() {
    let site = SiteTest::fixture("basic");
    let mut serve = Serving::start(&site);
    site.write(
        "content/guide/second.md",
        b"---\ntitle: Caf\xe9\n---\n".as_slice(),
    );
    let problem = serve.wait_for("not valid UTF-8");
    assert_eq!(
        problem,
        "content/guide/second.md:2:11: error: not valid UTF-8 text: save the file with UTF-8 encoding"
    );
    serve.wait_for("still serving the last version that built");
}
