//! The input edge: reads a site's files from disk into plain data.
//!
//! Architecture invariant: this is the only module that reads the site's files. Everything
//! after it works on [`SiteSource`], so the pipeline can be tested with in-memory sites and
//! the dev server can reload single files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::{self, CONFIG_FILE, SiteConfig};
use crate::diagnostics::Diagnostic;
use crate::theme::{EMBEDDED_THEME, ThemeFile};

/// The folder holding the site's Markdown.
pub const CONTENT_DIR: &str = "content";
/// The folder whose files are copied to the output as they are.
pub const STATIC_DIR: &str = "static";
/// The folder holding themes.
pub const THEMES_DIR: &str = "themes";

/// A text file of the site, by its path relative to the site root (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    /// Relative path, e.g. `content/guide/evidence.md`.
    pub path: String,
    /// Contents, shared (not copied) with the model's pages.
    pub text: std::sync::Arc<str>,
}

/// Everything a build reads, loaded into memory.
#[derive(Debug, Clone, Default)]
pub struct SiteSource {
    /// `site.yaml`, read and parsed once, here: `None` when there is no such file, the problems
    /// when it cannot be read or is invalid.
    pub config: Option<Result<SiteConfig, Vec<Diagnostic>>>,
    /// Every Markdown file under `content/`, sorted by path.
    pub content: Vec<TextFile>,
    /// Every folder under `content/` (relative paths, sorted), including `content` itself.
    pub content_dirs: Vec<String>,
    /// Theme files by path inside the theme (`templates/page.html`, `static/style.css`):
    /// the embedded default theme, overridden file by file by the site's own.
    pub theme: BTreeMap<String, ThemeFile>,
    /// Files under `static/`, by path relative to that folder.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Problems found while reading (unreadable or non-UTF-8 files), except `site.yaml`'s.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the site rooted at `root`. IO problems with individual files become diagnostics;
/// only a missing root is an `Err`.
pub fn load(root: &Path) -> std::io::Result<SiteSource> {
    let mut source = SiteSource::default();
    fs::metadata(root)?;

    let config_path = root.join(CONFIG_FILE);
    if config_path.exists() {
        source.config = Some(match read_file(root, &config_path) {
            Ok(file) => config::parse(&file.text),
            Err(problem) => Err(vec![problem]),
        });
    }

    let content_root = root.join(CONTENT_DIR);
    if content_root.is_dir() && inside_site(root, &content_root, &mut source.diagnostics) {
        load_content(root, &content_root, &mut source);
    }

    let static_root = root.join(STATIC_DIR);
    if static_root.is_dir() && inside_site(root, &static_root, &mut source.diagnostics) {
        for (relative, bytes) in read_tree(root, &static_root, &mut source.diagnostics) {
            source.static_files.insert(relative, bytes);
        }
    }

    for (path, bytes) in EMBEDDED_THEME {
        source.theme.insert(
            (*path).to_owned(),
            ThemeFile {
                origin: format!("(built-in theme)/{path}"),
                bytes: bytes.to_vec(),
            },
        );
    }
    // The theme named by the parsed configuration; an invalid one builds nothing anyway.
    let (theme_name, theme_at) = match &source.config {
        Some(Ok(config)) => (config.theme.clone(), config.theme_at),
        _ => ("default".to_owned(), (1, 1)),
    };
    let theme_root = root.join(THEMES_DIR).join(&theme_name);
    if theme_root.is_dir() && inside_site(root, &theme_root, &mut source.diagnostics) {
        for (relative, bytes) in read_tree(root, &theme_root, &mut source.diagnostics) {
            let origin = format!("{THEMES_DIR}/{theme_name}/{relative}");
            source.theme.insert(relative, ThemeFile { origin, bytes });
        }
    } else if theme_name != "default" {
        source.diagnostics.push(Diagnostic::error(
            CONFIG_FILE,
            theme_at,
            format!(
                "theme `{theme_name}` not found: expected a folder `{THEMES_DIR}/{theme_name}/`"
            ),
        ));
    }
    Ok(source)
}

/// Whether the folder `dir` really is inside the site (it is not a link to a folder
/// elsewhere); when it is not, says so and it is not read.
fn inside_site(root: &Path, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let (Ok(root_real), Ok(dir_real)) = (fs::canonicalize(root), fs::canonicalize(dir)) else {
        return true;
    };
    if dir_real.starts_with(&root_real) {
        return true;
    }
    diagnostics.push(Diagnostic::error(
        relative(root, dir),
        (1, 1),
        format!(
            "is a link to {}, outside the site: links may only point inside the site's folder",
            dir_real.display()
        ),
    ));
    false
}

fn load_content(root: &Path, content_root: &Path, source: &mut SiteSource) {
    for entry in WalkDir::new(content_root).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .map_or_else(|| CONTENT_DIR.to_owned(), |p| relative(root, p));
                source.diagnostics.push(Diagnostic::error(
                    path,
                    (1, 1),
                    format!("cannot read: {error}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_dir() {
            source.content_dirs.push(relative(root, path));
        } else if is_ignored(path) {
            // Editors' and the system's files are never part of the site.
        } else if path.extension().is_some_and(|ext| ext == "md") {
            match read_file(root, path) {
                Ok(file) => source.content.push(file),
                Err(problem) => source.diagnostics.push(problem),
            }
        } else {
            source.diagnostics.push(Diagnostic::warning(
                relative(root, path),
                (1, 1),
                format!("not a Markdown file, so not published; put files to publish as they are in `{STATIC_DIR}/`"),
            ));
        }
    }
}

/// Reads the site's text file at `path` (relative to `root`, `/`-separated, such as
/// `content/guide/a.md`) exactly as [`load`] reads it: a leading byte-order mark is dropped, and
/// a file that cannot be read or is not UTF-8 is the same diagnostic a full load reports. The dev
/// server reads edited pages with it.
pub fn read_text(root: &Path, path: &str) -> Result<TextFile, Diagnostic> {
    read_file(root, &root.join(path))
}

/// The largest file Stepwise reads: a page, a theme file or a static file. Larger ones are a
/// diagnostic (a guide's pages are kilobytes; this guards against a runaway file or a link to a
/// device).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads the file at `path` if it is one Stepwise may read: a regular file, or a link to a
/// regular file inside the site `root`, of at most [`MAX_FILE_BYTES`]. Anything else (a named
/// pipe, a device, a socket, a link that leaves the site or points at a folder) is a diagnostic,
/// reported without opening it, so nothing can block or flood the build.
fn read_bytes(root: &Path, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read as _;
    let problem = |message: String| Diagnostic::error(relative(root, path), (1, 1), message);
    let cannot = |error: std::io::Error| problem(format!("cannot read: {error}"));
    let link = fs::symlink_metadata(path).map_err(cannot)?;
    let metadata = if link.file_type().is_symlink() {
        let target = fs::canonicalize(path).map_err(cannot)?;
        let inside = fs::canonicalize(root).is_ok_and(|root| target.starts_with(root));
        if !inside {
            return Err(problem(format!(
                "is a link to {}, outside the site: links may only point to files inside the site's folder",
                target.display()
            )));
        }
        fs::metadata(&target).map_err(cannot)?
    } else {
        link
    };
    if metadata.is_dir() {
        return Err(problem(
            "is a link to a folder: Stepwise does not follow links to folders; move or copy the folder here".to_owned(),
        ));
    }
    if !metadata.is_file() {
        return Err(problem(
            "is not a regular file (a named pipe, a device or a socket): Stepwise only reads regular files".to_owned(),
        ));
    }
    let too_large = || {
        problem(format!(
            "is larger than {} MiB, the most Stepwise reads from one file",
            MAX_FILE_BYTES / (1024 * 1024)
        ))
    };
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    // The file may have grown since it was measured.
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Reads a UTF-8 text file; a read error or invalid UTF-8 becomes a diagnostic.
fn read_file(root: &Path, path: &Path) -> Result<TextFile, Diagnostic> {
    let relative_path = relative(root, path);
    let bytes = read_bytes(root, path)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(TextFile {
            text: text.strip_prefix('\u{feff}').unwrap_or(&text).into(),
            path: relative_path,
        }),
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let valid = String::from_utf8_lossy(valid);
            let index = crate::diagnostics::LineIndex::new(&valid);
            Err(Diagnostic::error(
                relative_path,
                index.line_col(&valid, valid.len()),
                "not valid UTF-8 text: save the file with UTF-8 encoding",
            ))
        }
    }
}

/// Reads every file under `dir` that is not [ignored](is_ignored), keyed by its path relative
/// to `dir`.
fn read_tree(root: &Path, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        match entry {
            Ok(entry) if !entry.file_type().is_dir() && !is_ignored(entry.path()) => {
                match read_bytes(root, entry.path()) {
                    Ok(bytes) => files.push((relative(dir, entry.path()), bytes)),
                    Err(problem) => diagnostics.push(problem),
                }
            }
            Ok(_) => {}
            Err(error) => diagnostics.push(Diagnostic::error(
                error
                    .path()
                    .map_or_else(|| relative(root, dir), |p| relative(root, p)),
                (1, 1),
                format!("cannot read: {error}"),
            )),
        }
    }
    files
}

/// Whether the file at `path` is never part of a site: hidden files (`.DS_Store`, Emacs's `.#x`
/// locks, Vim's `.x.swp`) and editors' temporary files (`x~`, `x.swp`, `x.swx`, `x.tmp`, Emacs's
/// `#x#`, Vim's `4913` probe). Reading the site and the dev server's watcher both ask this.
pub fn is_ignored(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| {
            name.starts_with('.')
                || name.ends_with('~')
                || name.ends_with(".swp")
                || name.ends_with(".swx")
                || name.ends_with(".tmp")
                || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
                || name == "4913"
        })
}

/// `path` relative to `base`, with `/` separators.
pub fn relative(base: &Path, path: &Path) -> String {
    let relative: PathBuf = path.strip_prefix(base).unwrap_or(path).to_path_buf();
    relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads `root` on another thread: a load that would block forever fails the test instead.
    fn load_within_seconds(root: &Path) -> SiteSource {
        let (done, result) = std::sync::mpsc::channel();
        let root = root.to_path_buf();
        std::thread::spawn(move || {
            let _ = done.send(load(&root));
        });
        result
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("loading the site did not finish")
            .expect("the site loads")
    }

    fn messages(source: &SiteSource) -> Vec<String> {
        source.diagnostics.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn special_files_are_reported_without_being_opened() {
        let root = folder("special");
        fs::write(
            root.join(CONFIG_FILE),
            "title: T\nbase_url: https://example.org/\n",
        )
        .expect("write");
        fs::create_dir_all(root.join("static")).expect("static");
        let made = std::process::Command::new("mkfifo")
            .arg(root.join("content/pipe.md"))
            .arg(root.join("static/pipe.txt"))
            .status()
            .is_ok_and(|status| status.success());
        assert!(made, "mkfifo is needed for this test");
        std::os::unix::fs::symlink("/dev/zero", root.join("content/zero.md")).expect("link");
        let source = load_within_seconds(&root);
        let found = messages(&source);
        for path in ["content/pipe.md", "static/pipe.txt", "content/zero.md"] {
            assert!(
                found
                    .iter()
                    .any(|m| m.starts_with(&format!("{path}:1:1: error: "))),
                "{path}: {found:?}"
            );
        }
        assert!(
            found
                .iter()
                .any(|m| m.contains("content/pipe.md:1:1: error: is not a regular file"))
        );
        assert!(found.iter().any(|m| {
            m.contains("content/zero.md:1:1: error: is a link to /dev/zero, outside the site")
        }));
    }

    #[test]
    fn links_are_followed_only_inside_the_site_and_the_same_way_everywhere() {
        let root = folder("links");
        fs::write(
            root.join(CONFIG_FILE),
            "title: T\nbase_url: https://example.org/\n",
        )
        .expect("write");
        let outside = folder("links-outside");
        fs::write(outside.join("secret.md"), "---\ntitle: Secret\n---\n").expect("write");
        fs::write(root.join("content/real.md"), "---\ntitle: Real\n---\n").expect("write");
        fs::create_dir_all(root.join("static")).expect("static");
        let link = std::os::unix::fs::symlink;
        link(outside.join("secret.md"), root.join("content/secret.md")).expect("link");
        link(outside.join("secret.md"), root.join("static/secret.txt")).expect("link");
        link(root.join("content/real.md"), root.join("content/alias.md")).expect("link");
        link(root.join("content/real.md"), root.join("static/real.txt")).expect("link");
        let source = load_within_seconds(&root);
        let found = messages(&source);
        for path in ["content/secret.md", "static/secret.txt"] {
            assert!(
                found.iter().any(
                    |m| m.starts_with(&format!("{path}:1:1: error: is a link to "))
                        && m.contains("outside the site")
                ),
                "{path}: {found:?}"
            );
        }
        assert!(source.content.iter().any(|f| f.path == "content/alias.md"));
        assert!(source.static_files.contains_key("real.txt"));
        assert!(!source.static_files.contains_key("secret.txt"));
    }

    #[test]
    fn files_over_the_size_limit_are_a_diagnostic() {
        let root = folder("large");
        fs::write(
            root.join(CONFIG_FILE),
            "title: T\nbase_url: https://example.org/\n",
        )
        .expect("write");
        let file = fs::File::create(root.join("content/huge.md")).expect("create");
        file.set_len(MAX_FILE_BYTES + 1).expect("sparse file");
        let source = load_within_seconds(&root);
        assert_eq!(
            messages(&source),
            [
                "content/huge.md:1:1: error: is larger than 16 MiB, the most Stepwise reads from one file"
            ]
        );
    }

    /// A fresh folder for one test.
    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("stepwise-source-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join(CONTENT_DIR)).expect("create folder");
        dir
    }

    #[test]
    fn read_text_reads_a_file_exactly_as_load_does() {
        let root = folder("read-text");
        fs::write(
            root.join(CONFIG_FILE),
            "title: T\nbase_url: https://example.org/\n",
        )
        .expect("write");
        fs::write(
            root.join("content/bom.md"),
            "\u{feff}---\ntitle: With a BOM\n---\nText.\n",
        )
        .expect("write");
        fs::write(
            root.join("content/latin1.md"),
            b"---\ntitle: Caf\xe9\n---\n",
        )
        .expect("write");

        let loaded = load(&root).expect("loads");
        let bom = read_text(&root, "content/bom.md").expect("readable");
        assert_eq!(bom.text.as_ref(), "---\ntitle: With a BOM\n---\nText.\n");
        assert_eq!(
            Some(&bom),
            loaded.content.iter().find(|f| f.path == bom.path)
        );

        let problem = read_text(&root, "content/latin1.md").expect_err("not UTF-8");
        assert_eq!(
            problem.to_string(),
            "content/latin1.md:2:11: error: not valid UTF-8 text: save the file with UTF-8 encoding"
        );
        assert!(
            loaded.diagnostics.contains(&problem),
            "{:?}",
            loaded.diagnostics
        );

        let missing = read_text(&root, "content/gone.md").expect_err("missing");
        assert_eq!(missing.path, "content/gone.md");
        assert!(
            missing.message.starts_with("cannot read: "),
            "{}",
            missing.message
        );
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn the_config_is_parsed_once_while_loading() {
        let root = folder("config");
        fs::write(
            root.join(CONFIG_FILE),
            "title: T\nbase_url: https://example.org/\ncolour: x\n",
        )
        .expect("write");
        let loaded = load(&root).expect("loads");
        let problems = loaded.config.expect("present").expect_err("invalid");
        assert_eq!(problems[0].line, 3);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        fs::remove_file(root.join(CONFIG_FILE)).expect("remove");
        assert!(load(&root).expect("loads").config.is_none());
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn editors_and_systems_files_are_ignored() {
        for name in [
            ".DS_Store",
            ".#page.md",
            ".page.md.swp",
            "page.md.swp",
            "page.md.swx",
            "page.md~",
            "page.md.tmp",
            "#page.md#",
            "4913",
        ] {
            assert!(
                is_ignored(Path::new("content/guide").join(name).as_path()),
                "{name}"
            );
        }
        for name in ["page.md", "#", "notes#", "49130", "temp.md", "file.txt"] {
            assert!(
                !is_ignored(Path::new("content").join(name).as_path()),
                "{name}"
            );
        }
    }
}
