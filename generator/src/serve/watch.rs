//! Watching the site's files: which changes matter ([`classify`], a pure function) and a
//! watcher that delivers them in debounced batches.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::config::CONFIG_FILE;
use crate::source::{self, CONTENT_DIR, STATIC_DIR, THEMES_DIR};

/// What a changed file is to the build.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A Markdown page (its path relative to the site root).
    Page(String),
    /// Anything else the build reads: config, theme, static files, other content files.
    Site,
}

/// How long the watcher waits for more events after the first one, so that an editor's
/// save (which may write, rename and touch several files) is one rebuild.
pub const QUIET: Duration = Duration::from_millis(12);
/// The longest a burst of events can postpone a rebuild.
const MAX_WAIT: Duration = Duration::from_millis(250);

/// Classifies a changed path. `None` for files the build never reads, including the files
/// reading the site ignores (editors' temporary files, hidden files: [`source::is_ignored`]).
pub fn classify(root: &Path, path: &Path) -> Option<ChangeKind> {
    let relative = path.strip_prefix(root).ok()?;
    if source::is_ignored(relative) {
        return None;
    }
    let relative = source::relative(root, path);
    let first = relative.split('/').next().unwrap_or_default();
    match first {
        _ if relative == CONFIG_FILE => Some(ChangeKind::Site),
        CONTENT_DIR if relative.ends_with(".md") => Some(ChangeKind::Page(relative)),
        CONTENT_DIR | STATIC_DIR | THEMES_DIR => Some(ChangeKind::Site),
        _ => None,
    }
}

/// Watches the site under `root` (call [`watch_new_folders`] next). Keep the returned watcher
/// alive; batches of changes arrive on the receiver, each sorted and de-duplicated.
pub fn watch(
    root: &Path,
) -> notify::Result<(notify::RecommendedWatcher, Receiver<Vec<ChangeKind>>)> {
    let (raw_tx, raw_rx) = mpsc::channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !event.kind.is_access()
        {
            for path in event.paths {
                let _ = raw_tx.send(path);
            }
        }
    })?;
    // The root only for `site.yaml` and new folders; the folders themselves are added with
    // `watch_new_folders`.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    let (batch_tx, batch_rx) = mpsc::channel();
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        while let Ok(first) = raw_rx.recv() {
            let started = Instant::now();
            let mut batch: Vec<ChangeKind> = classify(&root, &first).into_iter().collect();
            loop {
                let left = MAX_WAIT.saturating_sub(started.elapsed());
                match raw_rx.recv_timeout(QUIET.min(left)) {
                    Ok(path) => batch.extend(classify(&root, &path)),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
                if left.is_zero() {
                    break;
                }
            }
            batch.sort();
            batch.dedup();
            if !batch.is_empty() && batch_tx.send(batch).is_err() {
                return;
            }
        }
    });
    Ok((watcher, batch_rx))
}

/// Starts watching the site's folders that exist now and are not in `watched` yet (a site may
/// gain a `static/` or `themes/` folder while it is being served).
pub fn watch_new_folders(
    watcher: &mut notify::RecommendedWatcher,
    root: &Path,
    watched: &mut Vec<PathBuf>,
) -> notify::Result<()> {
    for dir in [CONTENT_DIR, STATIC_DIR, THEMES_DIR] {
        let path = root.join(dir);
        if path.is_dir() && !watched.contains(&path) {
            watcher.watch(&path, RecursiveMode::Recursive)?;
            watched.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_what_the_build_reads() {
        let root = Path::new("/site");
        let kind = |path: &str| classify(root, &root.join(path));
        assert_eq!(
            kind("content/guide/a.md"),
            Some(ChangeKind::Page("content/guide/a.md".into()))
        );
        assert_eq!(kind("content/guide/image.png"), Some(ChangeKind::Site));
        assert_eq!(kind("site.yaml"), Some(ChangeKind::Site));
        assert_eq!(
            kind("themes/default/templates/page.html"),
            Some(ChangeKind::Site)
        );
        assert_eq!(kind("static/file.pdf"), Some(ChangeKind::Site));
        for ignored in [
            "content/.a.md.swp",
            "content/a.md~",
            "content/#a.md#",
            "content/.#a.md",
            "content/4913",
            "content/a.md.tmp",
            "content/a.md.swx",
            "static/#notes.txt#",
            "themes/default/templates/.page.html.swp",
            "public/index.html",
            "target/debug/x",
            "README.md",
        ] {
            assert_eq!(kind(ignored), None, "{ignored}");
        }
        assert_eq!(classify(root, Path::new("/elsewhere/content/a.md")), None);
    }
}
