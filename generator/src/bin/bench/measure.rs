//! Running a child process and measuring it: wall-clock time (from spawning to its exit), CPU
//! time (user + system, all threads) and peak resident memory, within a deadline.
//!
//! Peak memory is the child's `VmHWM` (the kernel's high-water mark of its resident set), read
//! from `/proc/<pid>/status` every [`POLL`] while it runs: the workspace has no binding of
//! `getrusage`, and unsafe code is forbidden. The last reading is at most [`POLL`] before the
//! exit, so memory first touched in that instant is missed; the peak of a build is reached
//! well before its end. The exit is awaited with `waitid(WNOWAIT)`, which leaves the child
//! unreaped, so its CPU time can still be read from `/proc/<pid>/stat` and a deadline can kill
//! it without any risk of hitting a reused process id. The same [`Watch`] guards the dev
//! server, which runs for the whole `serve` measurement.

use std::fs::File;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::Context as _;

/// How often the child's memory is read.
pub(crate) const POLL: Duration = Duration::from_millis(5);

/// The kernel's clock ticks per second in `/proc/<pid>/stat` (`USER_HZ`, 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

/// When the machine has less memory than this left (`MemAvailable`, KiB), the child is stopped:
/// the benchmark shares the machine, and a generator that needs more should not push other
/// people's processes out of memory. A sixth of the machine's memory, and at least 1 GiB.
pub(crate) fn min_available_kib() -> u64 {
    static MIN: OnceLock<u64> = OnceLock::new();
    *MIN.get_or_init(|| {
        let total = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|text| meminfo_kib(&text, "MemTotal:"))
            .unwrap_or(0);
        (total / 6).max(1024 * 1024)
    })
}

/// What one run of a child took.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    /// From spawning to exiting.
    pub(crate) wall: Duration,
    /// User and system time of all its threads, when the platform says.
    pub(crate) cpu: Option<Duration>,
    /// The largest resident set seen (KiB), when the platform says.
    pub(crate) peak_kib: Option<u64>,
    /// Whether it exited with status 0.
    pub(crate) success: bool,
    /// Why it was stopped, if it was.
    pub(crate) stopped: Option<String>,
}

/// Runs `command` with its output going to `log`, measuring it. A run that outlives `timeout`,
/// or leaves the machine with less than [`min_available_kib`] of memory, is stopped (and says
/// why in [`Run::stopped`]).
pub(crate) fn run(command: &mut Command, log: &Path, timeout: Duration) -> anyhow::Result<Run> {
    let out = File::create(log).with_context(|| format!("creating {}", log.display()))?;
    let err = out.try_clone()?;
    command
        .stdin(std::process::Stdio::null())
        .stdout(out)
        .stderr(err);
    let started = Instant::now();
    let mut child = command
        .spawn()
        .with_context(|| format!("starting {:?}", command.get_program()))?;
    let pid = child.id();
    let watch = Watch::start(pid, Some(started + timeout));
    let exited = wait_unreaped(&mut child);
    let wall = started.elapsed();
    let cpu = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .as_deref()
        .and_then(cpu_time);
    let peak_kib = watch.peak_kib();
    // The watch is over before the child is reaped (see [`Watch`]).
    let stopped = watch.finish();
    let status = child.wait()?;
    exited?;
    Ok(Run {
        wall,
        cpu,
        peak_kib,
        success: status.success() && stopped.is_none(),
        stopped,
    })
}

/// Watches a running child from a thread of its own: reads its memory every [`POLL`], and kills
/// it past its deadline or when the machine has less than [`min_available_kib`] left.
///
/// Killing by process id is safe only while the child is not reaped: call [`Watch::finish`]
/// before `Child::wait` (or `Child::kill`, which may reap it).
pub(crate) struct Watch {
    done: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    resident: Arc<AtomicU64>,
    stopped: Arc<Mutex<Option<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl Watch {
    /// Starts watching process `pid`, until `deadline` if there is one.
    pub(crate) fn start(pid: u32, deadline: Option<Instant>) -> Self {
        let done = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(0));
        let resident = Arc::new(AtomicU64::new(0));
        let stopped = Arc::new(Mutex::new(None));
        let thread = {
            let (done, peak, resident, stopped) = (
                done.clone(),
                peak.clone(),
                resident.clone(),
                stopped.clone(),
            );
            std::thread::spawn(move || {
                let status = format!("/proc/{pid}/status");
                let mut polls: u64 = 0;
                while !done.load(Ordering::Acquire) {
                    if let Ok(text) = std::fs::read_to_string(&status) {
                        if let Some(kib) = status_kib(&text, "VmHWM:") {
                            peak.fetch_max(kib, Ordering::Relaxed);
                        }
                        if let Some(kib) = status_kib(&text, "VmRSS:") {
                            resident.store(kib, Ordering::Relaxed);
                        }
                    }
                    polls += 1;
                    let why = if deadline.is_some_and(|deadline| Instant::now() > deadline) {
                        Some("it took longer than its deadline (--timeout)".to_owned())
                    } else if polls.is_multiple_of(20)
                        && available_kib().is_some_and(|kib| kib < min_available_kib())
                    {
                        Some(format!(
                            "the machine had less than {} MiB of memory left (its resident set: {} MiB)",
                            min_available_kib() / 1024,
                            resident.load(Ordering::Relaxed) / 1024
                        ))
                    } else {
                        None
                    };
                    if let Some(why) = why {
                        kill(pid);
                        if let Ok(mut stopped) = stopped.lock() {
                            *stopped = Some(why);
                        }
                        return;
                    }
                    std::thread::sleep(POLL);
                }
            })
        };
        Self {
            done,
            peak,
            resident,
            stopped,
            thread: Some(thread),
        }
    }

    /// The largest resident set seen so far (KiB).
    pub(crate) fn peak_kib(&self) -> Option<u64> {
        Some(self.peak.load(Ordering::Relaxed)).filter(|&kib| kib > 0)
    }

    /// The resident set at the last reading (KiB).
    pub(crate) fn resident_kib(&self) -> Option<u64> {
        Some(self.resident.load(Ordering::Relaxed)).filter(|&kib| kib > 0)
    }

    /// Why the child was killed, if it was.
    pub(crate) fn stopped(&self) -> Option<String> {
        self.stopped.lock().ok().and_then(|stopped| stopped.clone())
    }

    /// Stops watching (the thread has ended when this returns); why the child was killed, if
    /// it was.
    pub(crate) fn finish(mut self) -> Option<String> {
        self.end();
        self.stopped()
    }

    fn end(&mut self) {
        self.done.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.end();
    }
}

/// The machine's available memory (KiB, `MemAvailable` in `/proc/meminfo`).
pub(crate) fn available_kib() -> Option<u64> {
    meminfo_kib(
        &std::fs::read_to_string("/proc/meminfo").ok()?,
        "MemAvailable:",
    )
}

/// Waits until the child has exited, leaving it to be reaped by `Child::wait`.
#[cfg(unix)]
fn wait_unreaped(child: &mut std::process::Child) -> anyhow::Result<()> {
    use rustix::process::{Pid, WaitId, WaitIdOptions, waitid};
    let pid = Pid::from_child(child);
    loop {
        match waitid(
            WaitId::Pid(pid),
            WaitIdOptions::EXITED | WaitIdOptions::NOWAIT,
        ) {
            Ok(_) => return Ok(()),
            Err(rustix::io::Errno::INTR) => continue,
            Err(error) => return Err(error).context("waiting for a child process"),
        }
    }
}

/// Waits until the child has exited (without `waitid`, polling).
#[cfg(not(unix))]
fn wait_unreaped(child: &mut std::process::Child) -> anyhow::Result<()> {
    while child.try_wait()?.is_none() {
        std::thread::sleep(Duration::from_millis(1));
    }
    Ok(())
}

#[cfg(unix)]
fn kill(pid: u32) {
    use rustix::process::{Pid, Signal, kill_process};
    if let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) {
        let _ = kill_process(pid, Signal::KILL);
    }
}

#[cfg(not(unix))]
fn kill(_pid: u32) {}

/// A memory figure (KiB) from the text of `/proc/<pid>/status`: `VmHWM:` (the peak resident
/// set) or `VmRSS:` (the resident set now).
pub(crate) fn status_kib(status: &str, field: &str) -> Option<u64> {
    meminfo_kib(status, field)
}

/// A `Field:   1234 kB` line's number, from `/proc/meminfo` or `/proc/<pid>/status`.
fn meminfo_kib(text: &str, field: &str) -> Option<u64> {
    text.lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|value| value.trim().strip_suffix("kB"))
        .and_then(|value| value.trim().parse().ok())
}

/// User plus system time from the text of `/proc/<pid>/stat` (fields 14 and 15, counted after
/// the command name, which may itself hold spaces and parentheses).
pub(crate) fn cpu_time(stat: &str) -> Option<Duration> {
    let (_, rest) = stat.rsplit_once(')')?;
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_secs_f64(
        (user + system) as f64 / TICKS_PER_SECOND,
    ))
}

/// The time all threads of process `pid` have spent on a CPU so far, to the nanosecond (the
/// first field of each `/proc/<pid>/task/<tid>/schedstat`); `None` where there is no such file.
/// Threads that ended are not counted: the server's threads live as long as it does.
pub(crate) fn cpu_time_of(pid: u32) -> Option<Duration> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    let mut total = 0u64;
    for task in tasks.flatten() {
        let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
        total += schedstat_nanos(&stat)?;
    }
    Some(Duration::from_nanos(total))
}

/// The time on a CPU in a `schedstat` line (`123456 789 10`: nanoseconds first).
fn schedstat_nanos(line: &str) -> Option<u64> {
    line.split_whitespace().next()?.parse().ok()
}

/// A stage's time from a `STEPWISE_TIMINGS` line (`markdown: 1594.2 ms`).
pub(crate) fn stage_timing(line: &str) -> Option<(String, f64)> {
    let (stage, time) = line.split_once(": ")?;
    let millis = time.strip_suffix(" ms")?.parse().ok()?;
    Some((stage.to_owned(), millis))
}

/// The total size of the files under `dir`.
pub(crate) fn folder_size(dir: &Path) -> u64 {
    walk(dir, &mut |_, len| len)
}

/// How many `.html` files there are under `dir`.
pub(crate) fn html_files(dir: &Path) -> u64 {
    walk(dir, &mut |path, _| {
        u64::from(path.extension().is_some_and(|ext| ext == "html"))
    })
}

fn walk(dir: &Path, count: &mut dyn FnMut(&Path, u64) -> u64) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => total += walk(&entry.path(), count),
            Ok(_) => total += count(&entry.path(), entry.metadata().map_or(0, |m| m.len())),
            Err(_) => {}
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_timings_are_read_from_the_build_log() {
        assert_eq!(
            stage_timing("templates and writing: 5191 ms"),
            Some(("templates and writing".to_owned(), 5_191.0))
        );
        assert_eq!(
            stage_timing("checks: 0.4 ms"),
            Some(("checks".to_owned(), 0.4))
        );
        assert_eq!(
            stage_timing("Built 10000 pages into public in 7858 ms."),
            None
        );
        assert_eq!(stage_timing("content/a.md:1:1: error: x"), None);
        assert_eq!(schedstat_nanos("1234567 89 10\n"), Some(1_234_567));
        assert_eq!(schedstat_nanos(""), None);
    }

    #[test]
    fn reads_the_peak_resident_set() {
        let status =
            "Name:\tstepwise\nVmPeak:\t  200000 kB\nVmHWM:\t   53124 kB\nVmRSS:\t   41000 kB\n";
        assert_eq!(status_kib(status, "VmHWM:"), Some(53_124));
        assert_eq!(status_kib(status, "VmRSS:"), Some(41_000));
        assert_eq!(
            status_kib("Name:\tzombie\nState:\tZ (zombie)\n", "VmHWM:"),
            None
        );
    }

    #[test]
    fn reads_the_machines_memory() {
        let meminfo = "MemTotal:       24683520 kB\nMemFree:        16160204 kB\nMemAvailable:   23659784 kB\n";
        assert_eq!(meminfo_kib(meminfo, "MemTotal:"), Some(24_683_520));
        assert_eq!(meminfo_kib(meminfo, "MemAvailable:"), Some(23_659_784));
        assert_eq!(meminfo_kib(meminfo, "SwapTotal:"), None);
    }

    #[test]
    fn reads_cpu_time_after_an_awkward_command_name() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        let stat = "4242 (odd ) name) Z 1 4242 4242 0 -1 4194560 5000 0 3 0 250 37 0 0 20 0 3 0";
        assert_eq!(cpu_time(stat), Some(Duration::from_millis(2_870)));
        assert_eq!(cpu_time("garbage"), None);
    }
}
