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
    /// The problems printed so far (sorted): later rebuilds print only what changed.
    reported: Option<Vec<crate::diagnostics::Diagnostic>>,
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
            reported: None,
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
    /// Prints every problem after the first build, and after a rebuild only the problems that
    /// are new, with a count (printing thousands of unchanged warnings would take longer than
    /// the rebuild).
    fn report(&mut self, problems: &[crate::diagnostics::Diagnostic]) {
        match &self.reported {
            None => {
                for problem in problems {
                    eprintln!("{problem}");
                }
            }
            Some(previous) => {
                let (added, fixed) = crate::diagnostics::changes(previous, problems);
                for problem in &added {
                    eprintln!("{problem}");
                }
                if !added.is_empty() || fixed > 0 {
                    eprintln!(
                        "{} new, {fixed} fixed; {} {} in all (`stepwise check` lists them).",
                        added.len(),
                        problems.len(),
                        if problems.len() == 1 {
                            "problem"
                        } else {
                            "problems"
                        }
                    );
                }
            }
        }
        self.reported = Some(problems.to_vec());
    }

    /// A build that failed is not served, and its changes are not cleared: the delta of the
    /// next one that succeeds covers them too, so what is served catches up without copying
    /// the whole site.
    pub(super) fn publish(&mut self, update: Update, started: Instant) {
        let delta = self.build.delta();
        self.report(&delta.diagnostics);
        let failed = diagnostics::has_fatal(&delta.diagnostics, false);
        let Ok(mut served) = self.served.write() else {
            return;
        };
        if failed {
            let text: Vec<String> = delta.diagnostics.iter().map(ToString::to_string).collect();
            let text = text.join("\n");
            served.problems = Some(text.clone());
            drop(served);
            self.hub
                .broadcast(&live::event(live::EVENT_PROBLEMS, &text));
            eprintln!("The site could not be rebuilt; still serving the last version that built.");
            return;
        }
        self.build.clear_changes();
        if delta.full {
            served.files.clear();
        } else {
            // Files an edit renamed (search shards carry their content's hash).
            for path in &delta.removed {
                served.files.remove(path);
            }
        }
        for file in delta.files {
            served.files.insert(file.path, file.bytes);
        }
        served.problems = None;
        served.version += 1;
        let version = served.version;
        drop(served);
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
