//! The [`Rebuilder`]: turns batches of file changes into rebuilds, and each rebuild into what is
//! served ([`Served`]) and what open pages are told ([`Hub`]).

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use super::events::Hub;
use super::live;
use super::served::Served;
use super::watch::ChangeKind;
use crate::diagnostics;
use crate::pipeline::{Build, Timings, Update};
use crate::source;

/// Turns batches of file changes into rebuilds and tells open pages.
pub(super) struct Rebuilder {
    root: PathBuf,
    build: Build,
    served: Arc<RwLock<Served>>,
    hub: Arc<Hub>,
    /// Whether what is served lags behind the build (after a failed rebuild), so the next good
    /// one must replace every file rather than the changed ones.
    stale: bool,
}

impl Rebuilder {
    /// A rebuilder of `build` (read from `root`) that has served nothing yet.
    pub(super) fn new(
        root: PathBuf,
        build: Build,
        served: Arc<RwLock<Served>>,
        hub: Arc<Hub>,
    ) -> Self {
        Self {
            root,
            build,
            served,
            hub,
            stale: true,
        }
    }

    pub(super) fn apply(&mut self, batch: &[ChangeKind]) {
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
    pub(super) fn publish(&mut self, update: Update, started: Instant) {
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
