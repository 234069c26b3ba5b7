//! `SiteTest`: a fixture site in a temporary folder, and the `stepwise` binary to run on it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The workspace root (the generator crate's parent).
pub(crate) fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// A site in a temporary folder.
pub(crate) struct SiteTest {
    /// The site's root.
    pub(crate) root: PathBuf,
}

/// What a run of the binary printed and returned.
pub(crate) struct RunResult {
    pub(crate) success: bool,
    pub(crate) stdout: String,
    /// Standard error with the site's temporary path replaced by `[ROOT]`.
    pub(crate) stderr: String,
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>`.
    pub(crate) fn fixture(name: &str) -> Self {
        let test = Self::empty(name);
        copy_dir(&workspace().join("tests/fixtures").join(name), &test.root);
        test
    }

    /// An empty folder.
    pub(crate) fn empty(name: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = COUNTER.fetch_add(1, Ordering::SeqCst);
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("sites")
            .join(format!(
                "{}-{}-{unique}",
                name.replace('/', "-"),
                std::process::id()
            ));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).expect("create test folder");
        Self { root }
    }

    /// Writes a file of the site.
    pub(crate) fn write(&self, path: &str, contents: impl AsRef<[u8]>) -> &Self {
        let target = self.root.join(path);
        fs::create_dir_all(target.parent().expect("parent")).expect("create parent");
        fs::write(target, contents).expect("write file");
        self
    }

    /// Reads an output or site file as text.
    pub(crate) fn read(&self, path: &str) -> String {
        fs::read_to_string(self.root.join(path)).unwrap_or_else(|e| panic!("reading {path}: {e}"))
    }

    /// Whether a file exists.
    pub(crate) fn exists(&self, path: &str) -> bool {
        self.root.join(path).exists()
    }

    /// Runs `stepwise --root <site> <args>` in the site's folder.
    pub(crate) fn run(&self, args: &[&str]) -> RunResult {
        let output = Command::new(env!("CARGO_BIN_EXE_stepwise"))
            .current_dir(&self.root)
            .arg("--root")
            .arg(&self.root)
            .args(args)
            .output()
            .expect("run stepwise");
        let root = self.root.display().to_string();
        RunResult {
            success: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).replace(&root, "[ROOT]"),
            stderr: String::from_utf8_lossy(&output.stderr).replace(&root, "[ROOT]"),
        }
    }

    /// Runs `stepwise build` and panics with its output if it fails.
    pub(crate) fn build(&self, args: &[&str]) -> RunResult {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let result = self.run(&all);
        assert!(result.success, "build failed:\n{}", result.stderr);
        result
    }

    /// The `<main>` element of an output page, for snapshots without the page chrome.
    pub(crate) fn main_of(&self, path: &str) -> String {
        let html = self.read(path);
        let start = html.find("<main").expect("<main>");
        let end = html.find("</main>").expect("</main>") + "</main>".len();
        redact_hashes(&html[start..end])
    }

    /// Every file under `dir`, relative and sorted.
    pub(crate) fn files(&self, dir: &str) -> Vec<String> {
        let mut files = Vec::new();
        collect(&self.root.join(dir), &self.root.join(dir), &mut files);
        files.sort();
        files
    }
}

/// Replaces content hashes in asset names (`style.0a1b2c3d4e.css`, and the search index's
/// `assets/search/t.0a1b2c3d`) with `[HASH]`.
pub(crate) fn redact_hashes(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let is_hash = bytes[i] == b'.'
            && bytes.len() > i + 11
            && bytes[i + 1..i + 11]
                .iter()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            && bytes[i + 11] == b'.';
        let hex8 = |at: usize| {
            bytes.len() >= at + 8
                && bytes[at..at + 8]
                    .iter()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
                && bytes.get(at + 8).is_none_or(|b| !b.is_ascii_alphanumeric())
        };
        let is_shard = bytes[i] == b'.'
            && i >= 2
            && matches!(bytes[i - 1], b't' | b'd' | b'm')
            && bytes[i - 2] == b'/'
            && hex8(i + 1);
        if is_hash {
            out.push_str(".[HASH]");
            i += 11;
        } else if is_shard {
            out.push_str(".[HASH]");
            i += 9;
        } else {
            let ch = text[i..].chars().next().expect("char");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<String>) {
    for entry in fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry"))
    {
        let path = entry.path();
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let relative = path.strip_prefix(base).expect("relative");
            files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create");
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("reading {}: {e}", from.display())) {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}
