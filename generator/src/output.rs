//! The output edge: writes a built site to disk so that readers never see half a site, and a
//! build killed at any moment (`kill -9`) leaves the complete old site or the complete new one.
//! (Nothing is flushed to the disk with `fsync`: a power cut is not covered.)
//!
//! Publishing goes step by step ([`Step`]), next to the output folder `NAME`:
//!
//! 1. **Recover** what builds that were killed left ([`Step::Restore`], [`Step::Clean`]): if
//!    `NAME` is missing but an old-output folder `.NAME.old-PID` with the [`MARKER`] is there,
//!    the newest is moved back (with a warning on stderr); then every staging folder
//!    `.NAME.staging-PID` and old-output folder of a process that no longer runs is deleted. A
//!    folder whose process still runs is never touched (another build is using it).
//! 2. **Stage**: a fresh `.NAME.staging-PID` ([`Step::Prepare`]), the build renders into it
//!    ([`Step::Write`], a [`Sink`]), then the marker ([`Step::Mark`]). If anything fails, or
//!    the build says not to keep it, the staging folder is removed and the output stays as it
//!    was.
//! 3. **Swap**. On Linux, `renameat2(RENAME_EXCHANGE)` swaps the staging folder and the output
//!    in one atomic step ([`Step::Exchange`]): there is no moment without an output folder.
//!    Elsewhere, or when the filesystem refuses the exchange (`EINVAL`, `ENOSYS`,
//!    `EOPNOTSUPP`), two renames: the output aside to `.NAME.old-PID` ([`Step::MoveAside`]),
//!    the staging folder in ([`Step::MoveIn`]; if that fails the old output is put back,
//!    [`Step::PutBack`]). A kill between the two leaves no output folder but a complete old
//!    one, which the next publish restores (step 1). The first publish is the one rename.
//! 4. **Retire** the old site ([`Step::Retire`]): its marker first, so that a folder half
//!    deleted when a kill came is never restored, then the rest. Failing to delete it does not
//!    undo the build: a warning names it, and the next publish deletes it.
//!
//! Whether a process runs is asked of the system (`kill(pid, 0)` on Unix); where it cannot be
//! asked, every process counts as running, so nothing is removed. A process id reused by an
//! unrelated program keeps that build's leftovers until it ends. Folders of this very process
//! are leftovers of its earlier publishes (one process publishes to one output folder at a
//! time).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::pipeline::{BuildOutput, Prepared, Sink};
use crate::render::OutputFile;

/// A file every output folder gets, so a later build knows it may replace the folder.
pub const MARKER: &str = ".stepwise-output";

/// An output problem, with the path it concerns.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The folder exists, is not empty, and was not written by Stepwise.
    #[error(
        "refusing to replace {0}: it is not empty and was not written by stepwise (no {MARKER} file)"
    )]
    NotOurs(PathBuf),
    /// A filesystem operation failed.
    #[error("{action} {path}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The path it was done to.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
}

fn io_error<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(io::Error) -> OutputError + 'a {
    move |source| OutputError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// The steps of publishing, in the order they run (see the module's documentation); tests
/// make each of them fail, or stop dead right after it as a kill would.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// Moving a killed build's old output back, when the output folder is missing.
    Restore,
    /// Deleting one folder a killed build left.
    Clean,
    /// Creating the staging folder.
    Prepare,
    /// Writing one file into the staging folder.
    Write,
    /// Writing the marker into the staging folder.
    Mark,
    /// Swapping the staging folder and the output in one step.
    Exchange,
    /// Without the exchange: moving the output aside.
    MoveAside,
    /// Moving the staging folder to the output's name.
    MoveIn,
    /// Without the exchange, after a failed move in: moving the old output back.
    PutBack,
    /// Deleting the old site once the new one is in place.
    Retire,
}

/// Where publishing can be interrupted (only tests interrupt it): any step can fail with an
/// error, or publishing can stop right after a step, leaving the disk as a kill would.
trait Faults: Sync {
    /// An error to report instead of doing `step`.
    fn fail(&self, step: Step) -> Option<io::Error>;
    /// Whether to stop dead right after `step` succeeded.
    fn crash_after(&self, step: Step) -> bool;
}

/// No interruptions: what every real publish uses.
struct NoFaults;

impl Faults for NoFaults {
    fn fail(&self, _: Step) -> Option<io::Error> {
        None
    }

    fn crash_after(&self, _: Step) -> bool {
        false
    }
}

/// One publish: the process id that names its folders, and its interruptions.
struct Run<'a> {
    pid: u32,
    faults: &'a dyn Faults,
}

/// Why a publish stopped early.
enum Stop {
    Failed(OutputError),
    /// A test stopped it dead (nothing was cleaned up).
    Crashed,
}

impl From<OutputError> for Stop {
    fn from(error: OutputError) -> Self {
        Self::Failed(error)
    }
}

impl Run<'_> {
    /// Runs one step's operation, unless told to fail it.
    fn attempt<T>(&self, step: Step, op: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
        match self.faults.fail(step) {
            Some(error) => Err(error),
            None => op(),
        }
    }

    /// Stops here if told to.
    fn checkpoint(&self, step: Step) -> Result<(), Stop> {
        if self.faults.crash_after(step) {
            Err(Stop::Crashed)
        } else {
            Ok(())
        }
    }
}

/// Replaces `out_dir` with exactly `files`.
pub fn write(out_dir: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
    publish(out_dir, |staging| {
        files.par_iter().try_for_each(|file| staging.write(file))?;
        Ok(((), true))
    })
}

/// Renders `build` into a staging folder and makes it `out_dir` if the build succeeded (no
/// errors, and no warnings when `strict`). Returns every problem the build found, even when
/// writing failed, and whether publishing worked.
pub fn publish_build(
    build: &Prepared,
    out_dir: &Path,
    strict: bool,
) -> (BuildOutput, Result<(), OutputError>) {
    let mut report = None;
    let published = publish(out_dir, |staging| {
        let (output, written) = build.write_into(staging);
        let keep = output.succeeded(strict);
        report = Some(output);
        written.map(|()| ((), keep))
    });
    // Publishing can fail before anything was rendered (a folder that is not ours): the
    // problems found so far are still reported.
    let output = report.unwrap_or_else(|| build.output());
    (output, published)
}

/// A staging folder being filled with a new build.
pub struct Staging<'a> {
    dir: PathBuf,
    run: &'a Run<'a>,
    /// Set when a test stopped publishing in the middle of writing.
    crashed: AtomicBool,
}

impl Sink for Staging<'_> {
    type Error = OutputError;

    fn put(&self, file: &OutputFile) -> Result<(), OutputError> {
        self.write(file)
    }
}

impl Staging<'_> {
    /// Writes one file (creating its folders).
    pub fn write(&self, file: &OutputFile) -> Result<(), OutputError> {
        let path = self.dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error("creating", parent))?;
        }
        self.run
            .attempt(Step::Write, || fs::write(&path, &file.bytes))
            .map_err(io_error("writing", &path))?;
        if self.run.faults.crash_after(Step::Write) {
            self.crashed.store(true, Ordering::SeqCst);
            return Err(io_error("writing", &path)(
                io::ErrorKind::Interrupted.into(),
            ));
        }
        Ok(())
    }
}

/// Lets `produce` write a new build into a staging folder next to `out_dir`, then, if it says
/// to keep it, makes that folder the output. Otherwise (or on any error) the staging folder is
/// removed and the previous output stays as it was. What builds that were killed left beside
/// `out_dir` is restored or removed first (see the module's documentation).
pub fn publish<T>(
    out_dir: &Path,
    produce: impl FnOnce(&Staging<'_>) -> Result<(T, bool), OutputError>,
) -> Result<T, OutputError> {
    let run = Run {
        pid: std::process::id(),
        faults: &NoFaults,
    };
    match publish_with(out_dir, produce, &run) {
        Ok(value) => Ok(value),
        Err(Stop::Failed(error)) => Err(error),
        // Only tests stop a publish dead, and never through this function.
        Err(Stop::Crashed) => Err(io_error("publishing", out_dir)(
            io::ErrorKind::Interrupted.into(),
        )),
    }
}

/// The folders of one output folder's publishing: its parent, and the names beside it.
struct Places {
    parent: PathBuf,
    name: String,
}

impl Places {
    fn new(out_dir: &Path) -> Self {
        let parent = match out_dir.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out_dir
            .file_name()
            .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
        Self { parent, name }
    }

    fn staging(&self, pid: u32) -> PathBuf {
        self.parent.join(format!(".{}.staging-{pid}", self.name))
    }

    fn retired(&self, pid: u32) -> PathBuf {
        self.parent.join(format!(".{}.old-{pid}", self.name))
    }

    /// The staging and old-output folders beside the output: `(path, is old output, pid)`.
    fn leftovers(&self) -> Vec<(PathBuf, bool, u32)> {
        let staging = format!(".{}.staging-", self.name);
        let old = format!(".{}.old-", self.name);
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return Vec::new();
        };
        let mut found: Vec<(PathBuf, bool, u32)> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let file_name = entry.file_name();
                let file_name = file_name.to_str()?;
                let (is_old, pid) = match file_name.strip_prefix(&staging) {
                    Some(pid) => (false, pid),
                    None => (true, file_name.strip_prefix(&old)?),
                };
                let pid = pid
                    .parse()
                    .ok()
                    .filter(|_| pid.bytes().all(|b| b.is_ascii_digit()))?;
                Some((entry.path(), is_old, pid))
            })
            .collect();
        found.sort();
        found
    }
}

fn publish_with<T>(
    out_dir: &Path,
    produce: impl FnOnce(&Staging<'_>) -> Result<(T, bool), OutputError>,
    run: &Run<'_>,
) -> Result<T, Stop> {
    if out_dir.exists() && !is_replaceable(out_dir) {
        return Err(OutputError::NotOurs(out_dir.to_path_buf()).into());
    }
    let places = Places::new(out_dir);
    fs::create_dir_all(&places.parent).map_err(io_error("creating", &places.parent))?;
    recover(out_dir, &places, run)?;
    let staging = places.staging(run.pid);
    let retired = places.retired(run.pid);

    let sink = Staging {
        dir: staging.clone(),
        run,
        crashed: AtomicBool::new(false),
    };
    let result = prepare(&staging, run).and_then(|()| {
        let produced = produce(&sink);
        if sink.crashed.load(Ordering::SeqCst) {
            return Err(Stop::Crashed);
        }
        let (value, keep) = produced?;
        if keep {
            finish(&staging, run)?;
            swap(&staging, out_dir, &retired, run)?;
        } else {
            let _ = fs::remove_dir_all(&staging);
        }
        Ok(value)
    });
    if let Err(Stop::Failed(_)) = result {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn is_replaceable(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
        || fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// Restores the newest old output of a killed build when the output is missing, then deletes
/// every folder killed builds left. Nothing here fails the publish: what cannot be restored or
/// deleted is reported as a warning and left for the next one.
fn recover(out_dir: &Path, places: &Places, run: &Run<'_>) -> Result<(), Stop> {
    let mut leftovers: Vec<(PathBuf, bool, u32)> = places
        .leftovers()
        .into_iter()
        .filter(|(_, _, pid)| *pid == run.pid || !running(*pid))
        .collect();
    if !out_dir.exists() {
        let newest = leftovers
            .iter()
            .enumerate()
            .filter(|(_, (_, is_old, _))| *is_old)
            .filter_map(|(index, (path, _, _))| {
                let built = fs::metadata(path.join(MARKER)).ok()?.modified().ok()?;
                Some((built, index))
            })
            .max();
        if let Some((_, index)) = newest {
            let (old, _, _) = &leftovers[index];
            match run.attempt(Step::Restore, || fs::rename(old, out_dir)) {
                Ok(()) => {
                    eprintln!(
                        "{}: warning: the output folder was missing (a build was stopped while replacing it); restored the previous site from {}",
                        out_dir.display(),
                        old.display()
                    );
                    leftovers.remove(index);
                    run.checkpoint(Step::Restore)?;
                }
                Err(error) => eprintln!(
                    "{}: warning: could not restore the previous site from {}: {error}",
                    out_dir.display(),
                    old.display()
                ),
            }
        }
    }
    for (path, _, _) in &leftovers {
        match run.attempt(Step::Clean, || remove_site(path)) {
            Ok(()) => run.checkpoint(Step::Clean)?,
            Err(error) => eprintln!(
                "{}: warning: could not delete what a stopped build left: {error}",
                path.display()
            ),
        }
    }
    Ok(())
}

/// Whether process `pid` is running (see the module's documentation).
fn running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return true;
        };
        // EPERM: it runs, as another user.
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Deletes a site folder, marker first, so that a deletion cut short never leaves a folder
/// that looks complete.
fn remove_site(dir: &Path) -> io::Result<()> {
    match fs::remove_file(dir.join(MARKER)) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
        _ => {}
    }
    fs::remove_dir_all(dir)
}

fn prepare(staging: &Path, run: &Run<'_>) -> Result<(), Stop> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(io_error("removing", staging))?;
    }
    run.attempt(Step::Prepare, || fs::create_dir_all(staging))
        .map_err(io_error("creating", staging))?;
    run.checkpoint(Step::Prepare)
}

fn finish(staging: &Path, run: &Run<'_>) -> Result<(), Stop> {
    let marker = staging.join(MARKER);
    run.attempt(Step::Mark, || {
        fs::write(
            &marker,
            "This folder is written by `stepwise build` and replaced on every build.\n",
        )
    })
    .map_err(io_error("writing", &marker))?;
    run.checkpoint(Step::Mark)
}

/// Swaps `staging` and `out_dir` in one step where the system can; the old site then sits
/// under the staging folder's name. `Ok(false)` when the exchange is not available here.
fn exchange(staging: &Path, out_dir: &Path, run: &Run<'_>) -> io::Result<bool> {
    let swapped = run.attempt(Step::Exchange, || exchange_folders(staging, out_dir));
    match swapped {
        Ok(()) => Ok(true),
        Err(error) if exchange_refused(&error) => Ok(false),
        Err(error) => Err(error),
    }
}

#[cfg(target_os = "linux")]
fn exchange_folders(staging: &Path, out_dir: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, staging, CWD, out_dir, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange_folders(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Whether an exchange failed because this system or filesystem has none (then two renames
/// do the job), rather than for a reason two renames would meet too.
fn exchange_refused(error: &io::Error) -> bool {
    if error.kind() == io::ErrorKind::Unsupported {
        return true;
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::io::Errno;
        [Errno::INVAL, Errno::NOSYS, Errno::OPNOTSUPP]
            .iter()
            .any(|errno| error.raw_os_error() == Some(errno.raw_os_error()))
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

/// Moves the staging folder into place and deletes the old output (if that deletion fails,
/// the build still succeeded: a warning names the folder left behind, which the next publish
/// deletes).
fn swap(staging: &Path, out_dir: &Path, retired: &Path, run: &Run<'_>) -> Result<(), Stop> {
    if !out_dir.exists() {
        run.attempt(Step::MoveIn, || fs::rename(staging, out_dir))
            .map_err(io_error("creating", out_dir))?;
        return run.checkpoint(Step::MoveIn);
    }
    let exchanged = exchange(staging, out_dir, run).map_err(io_error("replacing", out_dir))?;
    run.checkpoint(Step::Exchange)?;
    let old = if exchanged {
        staging
    } else {
        if retired.exists() {
            remove_site(retired).map_err(io_error("removing", retired))?;
        }
        run.attempt(Step::MoveAside, || fs::rename(out_dir, retired))
            .map_err(io_error("moving aside", out_dir))?;
        run.checkpoint(Step::MoveAside)?;
        if let Err(error) = run.attempt(Step::MoveIn, || fs::rename(staging, out_dir)) {
            // Put the previous output back before reporting; if even that fails, the next
            // publish restores it.
            if run
                .attempt(Step::PutBack, || fs::rename(retired, out_dir))
                .is_ok()
            {
                run.checkpoint(Step::PutBack)?;
            }
            return Err(io_error("replacing", out_dir)(error).into());
        }
        run.checkpoint(Step::MoveIn)?;
        retired
    };
    // The new output is in place: failing to tidy up the old one does not undo the build.
    match run.attempt(Step::Retire, || remove_site(old)) {
        Ok(()) => run.checkpoint(Step::Retire),
        Err(error) => {
            eprintln!(
                "{}: warning: the previous output was replaced but could not be deleted: {error}",
                old.display()
            );
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let unique = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!(
            "stepwise-output-{name}-{}-{unique}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn replaces_previous_output_exactly() {
        let root = temp_dir("replace");
        let out = root.join("public");
        write(
            &out,
            &[
                OutputFile::new("a/index.html", b"one".to_vec()),
                OutputFile::new("gone.txt", b"x".to_vec()),
            ],
        )
        .expect("first write");
        write(&out, &[OutputFile::new("a/index.html", b"two".to_vec())]).expect("second write");
        assert_eq!(fs::read(out.join("a/index.html")).expect("read"), b"two");
        assert!(!out.join("gone.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(&root)
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[test]
    fn refuses_to_replace_a_foreign_folder() {
        let root = temp_dir("foreign");
        fs::write(root.join("precious.txt"), "keep").expect("write");
        let error = write(&root, &[]).expect_err("must refuse");
        assert!(matches!(error, OutputError::NotOurs(_)));
        assert!(root.join("precious.txt").exists());
    }

    #[test]
    fn a_failed_write_keeps_the_previous_output() {
        let root = temp_dir("failed");
        let out = root.join("public");
        write(&out, &[OutputFile::new("index.html", b"old".to_vec())]).expect("first write");
        // A file and a folder with the same path cannot both be written.
        let clash = [
            OutputFile::new("x", b"file".to_vec()),
            OutputFile::new("x/y", b"nested".to_vec()),
        ];
        assert!(write(&out, &clash).is_err());
        assert_eq!(fs::read(out.join("index.html")).expect("read"), b"old");
        let leftovers: Vec<_> = fs::read_dir(&root)
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, ["public"]);
    }

    /// Every file under `dir`, by relative path.
    fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                let relative = entry.path().strip_prefix(dir).expect("inside");
                let bytes = fs::read(entry.path()).expect("read");
                (relative.to_string_lossy().replace('\\', "/"), bytes)
            })
            .collect()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The id of a process that has ended.
    #[cfg(unix)]
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true")
            .spawn()
            .expect("run true");
        let pid = child.id();
        child.wait().expect("wait");
        pid
    }

    /// A folder as a killed build leaves it: `files`, and the marker when `complete`.
    fn leftover(dir: &Path, files: &[(&str, &str)], complete: bool) {
        for (path, text) in files {
            let path = dir.join(path);
            fs::create_dir_all(path.parent().expect("parent")).expect("create");
            fs::write(path, text).expect("write");
        }
        if complete {
            fs::write(dir.join(MARKER), "marker").expect("marker");
        }
    }

    #[cfg(unix)]
    #[test]
    fn leftovers_of_killed_builds_are_removed_and_those_of_running_builds_kept() {
        let root = temp_dir("leftovers");
        let out = root.join("public");
        write(&out, &[OutputFile::new("index.html", b"old".to_vec())]).expect("first write");
        let dead = dead_pid();
        leftover(
            &root.join(format!(".public.staging-{dead}")),
            &[("half.html", "x")],
            false,
        );
        leftover(
            &root.join(format!(".public.old-{dead}")),
            &[("index.html", "older")],
            true,
        );
        // A build still running (its process is alive) keeps its folders.
        let mut running = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("sleep");
        let live = running.id();
        leftover(
            &root.join(format!(".public.staging-{live}")),
            &[("busy.html", "x")],
            false,
        );
        leftover(
            &root.join(format!(".public.old-{live}")),
            &[("index.html", "x")],
            true,
        );
        // Other folders are not ours to touch.
        leftover(&root.join(".public.staging-notapid"), &[("x", "x")], false);
        leftover(&root.join(".other.old-1"), &[("x", "x")], true);
        let written = write(&out, &[OutputFile::new("index.html", b"new".to_vec())]);
        let _ = running.kill();
        let _ = running.wait();
        written.expect("second write");
        assert_eq!(fs::read(out.join("index.html")).expect("read"), b"new");
        assert_eq!(
            names(&root),
            [
                ".other.old-1".to_owned(),
                format!(".public.old-{live}"),
                format!(".public.staging-{live}"),
                ".public.staging-notapid".to_owned(),
                "public".to_owned(),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_missing_output_is_restored_from_the_old_folder_a_killed_build_left() {
        let root = temp_dir("restore");
        let out = root.join("public");
        let dead = dead_pid();
        // Killed between moving the old output aside and moving the new one in.
        let old = root.join(format!(".public.old-{dead}"));
        leftover(&old, &[("index.html", "old"), ("a/b.html", "b")], true);
        let staged = root.join(format!(".public.staging-{dead}"));
        leftover(&staged, &[("index.html", "new")], true);
        let expected = tree(&old);
        // Even a build that fails brings the old site back.
        let failed: Result<(), _> = publish(&out, |_| Ok(((), false)));
        failed.expect("nothing to publish");
        assert_eq!(tree(&out), expected);
        assert_eq!(names(&root), ["public"]);
    }

    // Fault injection: every step of publishing made to fail, or stopped dead right after it.

    use std::collections::BTreeMap;
    use std::sync::Mutex;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Mode {
        Fail,
        Crash,
    }

    /// Records every step attempted, fails or stops after the chosen attempts (`(step, n, mode)`:
    /// the `n`th attempt of `step`, from 0), and with `refuse_exchange` answers every exchange
    /// as a filesystem without one would.
    #[derive(Default)]
    struct Inject {
        targets: Vec<(Step, usize, Mode)>,
        refuse_exchange: bool,
        attempts: Mutex<Vec<Step>>,
    }

    impl Inject {
        fn at(step: Step, n: usize, mode: Mode, refuse_exchange: bool) -> Self {
            Self {
                targets: vec![(step, n, mode)],
                refuse_exchange,
                ..Self::default()
            }
        }

        fn attempts(&self) -> Vec<Step> {
            self.attempts.lock().expect("attempts").clone()
        }

        fn targeted(&self, step: Step, mode: Mode) -> bool {
            let attempts = self.attempts.lock().expect("attempts");
            let n = attempts
                .iter()
                .filter(|s| **s == step)
                .count()
                .saturating_sub(1);
            self.targets.contains(&(step, n, mode))
        }
    }

    impl Faults for Inject {
        fn fail(&self, step: Step) -> Option<io::Error> {
            self.attempts.lock().expect("attempts").push(step);
            if self.targeted(step, Mode::Fail) {
                return Some(match step {
                    Step::Write | Step::Mark => {
                        io::Error::new(io::ErrorKind::StorageFull, "no space left on device")
                    }
                    _ => io::Error::new(io::ErrorKind::PermissionDenied, "injected failure"),
                });
            }
            (step == Step::Exchange && self.refuse_exchange).then(|| {
                if cfg!(target_os = "linux") {
                    io::Error::from_raw_os_error(22) // EINVAL: this filesystem has no exchange
                } else {
                    io::ErrorKind::Unsupported.into()
                }
            })
        }

        fn crash_after(&self, step: Step) -> bool {
            self.targeted(step, Mode::Crash)
        }
    }

    const OLD: &[(&str, &str)] = &[
        ("index.html", "old home"),
        ("guide/a.html", "old a"),
        ("gone.txt", "only in the old site"),
    ];
    const NEW: &[(&str, &str)] = &[
        ("index.html", "new home"),
        ("guide/a.html", "new a"),
        ("guide/b.html", "new b"),
        ("new.txt", "only in the new site"),
    ];
    const NEWER: &[(&str, &str)] = &[("index.html", "newer home")];

    fn files(site: &[(&str, &str)]) -> Vec<OutputFile> {
        site.iter()
            .map(|(path, text)| OutputFile::new(*path, text.as_bytes().to_vec()))
            .collect()
    }

    /// What a complete published `site` looks like on disk.
    fn complete(site: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        let dir = temp_dir(&format!("complete-{}", site.len()));
        let out = dir.join("public");
        write(&out, &files(site)).expect("write");
        let tree = tree(&out);
        let _ = fs::remove_dir_all(&dir);
        tree
    }

    /// Where a scenario starts.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Setup {
        /// An old site to replace.
        Replace,
        /// An old site to replace, on a filesystem without the exchange.
        ReplaceWithoutExchange,
        /// No output folder, but the complete old site a killed build moved aside, and a
        /// half-written staging folder of another killed build.
        RecoverThenReplace,
        /// Nothing published yet.
        First,
    }

    const SETUPS: [Setup; 4] = [
        Setup::Replace,
        Setup::ReplaceWithoutExchange,
        Setup::RecoverThenReplace,
        Setup::First,
    ];

    /// A fresh folder set up as `setup` says; returns it and the output folder.
    #[cfg(unix)]
    fn set_up(setup: Setup, case: &str) -> (PathBuf, PathBuf) {
        let root = temp_dir(&format!("fault-{case}"));
        let out = root.join("public");
        if setup != Setup::First {
            write(&out, &files(OLD)).expect("old site");
        }
        if setup == Setup::RecoverThenReplace {
            fs::rename(&out, root.join(format!(".public.old-{}", dead_pid()))).expect("aside");
            leftover(
                &root.join(format!(".public.staging-{}", dead_pid())),
                &[("index.html", "half")],
                false,
            );
        }
        (root, out)
    }

    /// Publishes `NEW` as a process that is gone by the time anyone looks, with `faults`.
    #[cfg(unix)]
    fn publish_new(out: &Path, faults: &Inject) -> Result<(), Stop> {
        let run = Run {
            pid: dead_pid(),
            faults,
        };
        publish_with(
            out,
            |staging| {
                // One file after the other, so that "the nth write" is well defined.
                for file in files(NEW) {
                    staging.write(&file)?;
                }
                Ok(((), true))
            },
            &run,
        )
    }

    fn site_at(out: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
        out.exists().then(|| tree(out))
    }

    #[cfg(unix)]
    #[test]
    fn every_step_failing_or_killed_leaves_a_complete_site_and_no_leftovers() {
        let old = complete(OLD);
        let new = complete(NEW);
        let newer = complete(NEWER);
        let mut cases = 0;
        for setup in SETUPS {
            let refuse = setup == Setup::ReplaceWithoutExchange;
            // The steps this scenario takes, as recorded on a run without faults.
            let (root, out) = set_up(setup, "record");
            let recorder = Inject {
                refuse_exchange: refuse,
                ..Inject::default()
            };
            assert!(publish_new(&out, &recorder).is_ok(), "{setup:?}");
            assert_eq!(site_at(&out).as_ref(), Some(&new), "{setup:?}");
            assert_eq!(names(&root), ["public"], "{setup:?}");
            let steps = recorder.attempts();
            let renames = [Step::Exchange, Step::MoveAside, Step::MoveIn, Step::Retire];
            let expected_swap = match setup {
                Setup::First => vec![Step::MoveIn],
                Setup::ReplaceWithoutExchange => renames.to_vec(),
                // Where the filesystem has the exchange (see the_exchange_swaps_two_folders).
                _ if exchange_available() => vec![Step::Exchange, Step::Retire],
                _ => renames.to_vec(),
            };
            let swap: Vec<Step> = steps.iter().copied().filter(|s| *s > Step::Mark).collect();
            assert_eq!(swap, expected_swap, "{setup:?}: {steps:?}");
            if setup == Setup::RecoverThenReplace {
                assert_eq!(steps[..2], [Step::Restore, Step::Clean], "{steps:?}");
            }

            for (index, &step) in steps.iter().enumerate() {
                let n = steps[..index].iter().filter(|s| **s == step).count();
                for mode in [Mode::Fail, Mode::Crash] {
                    cases += 1;
                    let case = format!("{setup:?} {mode:?} {step:?} #{n}");
                    let (root, out) = set_up(setup, &format!("{index}-{mode:?}"));
                    let faults = Inject::at(step, n, mode, refuse);
                    let result = publish_new(&out, &faults);
                    let after = site_at(&out);
                    let was_old = if setup == Setup::First {
                        None
                    } else {
                        Some(&old)
                    };
                    let whole = after.as_ref() == Some(&new) || after.as_ref() == was_old;
                    // Two renames leave a moment without an output folder: the complete old
                    // site is then beside it, and the next publish restores it.
                    let between_renames = mode == Mode::Crash && step == Step::MoveAside;
                    if between_renames {
                        assert_eq!(after, None, "{case}");
                        let aside: Vec<_> = names(&root)
                            .into_iter()
                            .filter(|name| name.starts_with(".public.old-"))
                            .collect();
                        assert_eq!(aside.len(), 1, "{case}");
                        assert_eq!(tree(&root.join(&aside[0])), old, "{case}");
                    } else {
                        assert!(whole, "{case}: the output is {after:?}");
                    }
                    match mode {
                        Mode::Crash => assert!(matches!(result, Err(Stop::Crashed)), "{case}"),
                        // Tidying up is not the build: its failures are warnings.
                        Mode::Fail
                            if matches!(step, Step::Restore | Step::Clean | Step::Retire) =>
                        {
                            assert!(result.is_ok(), "{case}");
                            assert_eq!(after.as_ref(), Some(&new), "{case}");
                        }
                        Mode::Fail => {
                            assert!(matches!(result, Err(Stop::Failed(_))), "{case}");
                            assert_eq!(
                                after.as_ref(),
                                was_old,
                                "{case}: a failed step changed the output"
                            );
                        }
                    }

                    // The next build fails: the site that was whole (or moved aside) is there.
                    let failed: Result<(), OutputError> = publish(&out, |_| Ok(((), false)));
                    failed.expect("a build that is not kept");
                    let kept = site_at(&out);
                    let expected = if between_renames {
                        was_old
                    } else {
                        after.as_ref()
                    };
                    if setup != Setup::First || after.is_some() {
                        assert_eq!(kept.as_ref(), expected, "{case}: after a failed build");
                    }
                    // The one after succeeds, and nothing is left beside it.
                    write(&out, &files(NEWER)).unwrap_or_else(|e| panic!("{case}: {e}"));
                    assert_eq!(site_at(&out).as_ref(), Some(&newer), "{case}");
                    assert_eq!(names(&root), ["public"], "{case}: leftovers");
                    let _ = fs::remove_dir_all(&root);
                }
            }
        }
        assert!(cases >= 40, "only {cases} cases");
    }

    #[cfg(unix)]
    #[test]
    fn when_the_old_output_cannot_be_put_back_the_next_publish_restores_it() {
        let old = complete(OLD);
        let (root, out) = set_up(Setup::ReplaceWithoutExchange, "put-back");
        let faults = Inject {
            targets: vec![
                (Step::MoveIn, 0, Mode::Fail),
                (Step::PutBack, 0, Mode::Fail),
            ],
            refuse_exchange: true,
            ..Inject::default()
        };
        assert!(matches!(publish_new(&out, &faults), Err(Stop::Failed(_))));
        assert!(!out.exists());
        let failed: Result<(), OutputError> = publish(&out, |_| Ok(((), false)));
        failed.expect("a build that is not kept");
        assert_eq!(site_at(&out), Some(old));
        assert_eq!(names(&root), ["public"]);
    }

    #[cfg(unix)]
    #[test]
    fn an_exchange_that_fails_for_another_reason_fails_the_publish_and_keeps_the_old_site() {
        let old = complete(OLD);
        let (root, out) = set_up(Setup::Replace, "exchange-error");
        let faults = Inject::at(Step::Exchange, 0, Mode::Fail, false);
        let result = publish_new(&out, &faults);
        assert!(matches!(result, Err(Stop::Failed(_))));
        assert!(
            !faults.attempts().contains(&Step::MoveAside),
            "fell back to renames"
        );
        assert_eq!(site_at(&out), Some(old));
        assert_eq!(names(&root), ["public"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_parent_folder_keeps_the_old_output() {
        use std::os::unix::fs::PermissionsExt;
        let old = complete(OLD);
        let root = temp_dir("read-only");
        let parent = root.join("parent");
        let out = parent.join("public");
        write(&out, &files(OLD)).expect("old site");
        fs::set_permissions(&parent, fs::Permissions::from_mode(0o555)).expect("chmod");
        // Root (or CAP_DAC_OVERRIDE) writes through a read-only mode: nothing to test there.
        let probe = parent.join("probe");
        if fs::write(&probe, "x").is_ok() {
            let _ = fs::remove_file(&probe);
            fs::set_permissions(&parent, fs::Permissions::from_mode(0o755)).expect("chmod");
            eprintln!(
                "note: a_read_only_parent_folder_keeps_the_old_output skipped its chmod case: this process writes into read-only folders (root); see a_parent_no_one_can_write_is_an_error"
            );
            return;
        }
        let result = write(&out, &files(NEW));
        fs::set_permissions(&parent, fs::Permissions::from_mode(0o755)).expect("chmod");
        assert!(result.is_err());
        assert_eq!(site_at(&out), Some(old));
        assert_eq!(names(&parent), ["public"]);
    }

    /// Whether the temporary folder's filesystem swaps folders in one step.
    fn exchange_available() -> bool {
        let root = temp_dir("probe-exchange");
        fs::create_dir_all(root.join("a")).expect("a");
        fs::create_dir_all(root.join("b")).expect("b");
        let swapped = exchange_folders(&root.join("a"), &root.join("b"));
        let _ = fs::remove_dir_all(&root);
        swapped.is_ok()
    }

    #[test]
    fn the_exchange_swaps_two_folders() {
        let root = temp_dir("exchange");
        leftover(&root.join("staging"), &[("index.html", "new")], true);
        leftover(&root.join("public"), &[("index.html", "old")], true);
        match exchange_folders(&root.join("staging"), &root.join("public")) {
            Ok(()) => {
                assert_eq!(
                    fs::read(root.join("public/index.html")).expect("new"),
                    b"new"
                );
                assert_eq!(
                    fs::read(root.join("staging/index.html")).expect("old"),
                    b"old"
                );
            }
            Err(error) => {
                assert!(exchange_refused(&error), "{error}");
                assert!(!cfg!(target_os = "linux") || error.raw_os_error().is_some());
                eprintln!(
                    "note: the_exchange_swaps_two_folders: no exchange here ({error}); publishing uses two renames"
                );
            }
        }
    }

    /// `/proc/self` is a folder no one can create anything in, root included.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_parent_no_one_can_write_is_an_error() {
        let out = Path::new("/proc/self/stepwise-public");
        let error = write(out, &files(NEW)).expect_err("cannot be written");
        assert!(matches!(error, OutputError::Io { .. }), "{error}");
        assert!(!out.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_full_disk_while_writing_keeps_the_old_output() {
        let old = complete(OLD);
        for n in 0..NEW.len() {
            let (root, out) = set_up(Setup::Replace, &format!("full-{n}"));
            let faults = Inject::at(Step::Write, n, Mode::Fail, false);
            let Err(Stop::Failed(error)) = publish_new(&out, &faults) else {
                panic!("a full disk must fail the publish");
            };
            assert!(error.to_string().starts_with("writing "), "{error}");
            assert_eq!(site_at(&out).as_ref(), Some(&old));
            assert_eq!(names(&root), ["public"]);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_deletion_cut_short_is_never_restored() {
        // A killed build's old output, half deleted (its marker went first): not a site.
        let (root, out) = set_up(Setup::First, "half-deleted");
        let dead = dead_pid();
        leftover(
            &root.join(format!(".public.old-{dead}")),
            &[("index.html", "half")],
            false,
        );
        let failed: Result<(), OutputError> = publish(&out, |_| Ok(((), false)));
        failed.expect("a build that is not kept");
        assert!(!out.exists());
        assert!(names(&root).is_empty());
    }
}
