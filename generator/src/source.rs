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
    if content_root.is_dir() {
        load_content(root, &content_root, &mut source);
    }

    let static_root = root.join(STATIC_DIR);
    if static_root.is_dir() {
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
    if theme_root.is_dir() {
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

/// Reads a UTF-8 text file; a read error or invalid UTF-8 becomes a diagnostic.
fn read_file(root: &Path, path: &Path) -> Result<TextFile, Diagnostic> {
    let relative_path = relative(root, path);
    let bytes = fs::read(path).map_err(|error| {
        Diagnostic::error(
            relative_path.as_str(),
            (1, 1),
            format!("cannot read: {error}"),
        )
    })?;
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
            Ok(entry) if entry.file_type().is_file() && !is_ignored(entry.path()) => {
                match fs::read(entry.path()) {
                    Ok(bytes) => files.push((relative(dir, entry.path()), bytes)),
                    Err(error) => diagnostics.push(Diagnostic::error(
                        relative(root, entry.path()),
                        (1, 1),
                        format!("cannot read: {error}"),
                    )),
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
