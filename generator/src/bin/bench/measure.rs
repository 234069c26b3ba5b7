//! Running a child process and measuring it: wall-clock time (from spawning to its exit), CPU
//! time (user + system, all threads) and peak resident memory, within a deadline.
//!
//! Peak memory is the child's `VmHWM` (the kernel's high-water mark of its resident set), read
//! from `/proc/<pid>/status` every [`POLL`] while it runs: the workspace has no binding of
//! `getrusage`, and unsafe code is forbidden. The last reading is at most [`POLL`] before the
//! exit, so memory first touched in that instant is missed; the peak of a build is reached
//! well before its end. The exit is awaited with `waitid(WNOWAIT)`, which leaves the child
//! unreaped, so its CPU time can still be read from `/proc/<pid>/stat` and a deadline can kill
//! it without any risk of hitting a reused process id.

use std::fs::File;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;

/// How often the child's memory is read.
pub(crate) const POLL: Duration = Duration::from_millis(5);

/// The kernel's clock ticks per second in `/proc/<pid>/stat` (`USER_HZ`, 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

/// When the machine has less memory than this left (`MemAvailable`, KiB), the child is stopped:
/// the benchmark shares the machine, and a generator that needs more should not push other
/// people's processes out of memory.
pub(crate) const MIN_AVAILABLE_KIB: u64 = 2 * 1024 * 1024;

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
/// or leaves the machine with less than [`MIN_AVAILABLE_KIB`] of memory, is stopped (and says
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
    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let watcher = {
        let (done, peak) = (done.clone(), peak.clone());
        std::thread::spawn(move || {
            let status = format!("/proc/{pid}/status");
            let mut polls: u64 = 0;
            while !done.load(Ordering::Acquire) {
                if let Some(kib) = std::fs::read_to_string(&status)
                    .ok()
                    .as_deref()
                    .and_then(vm_hwm_kib)
                {
                    peak.fetch_max(kib, Ordering::Relaxed);
                }
                polls += 1;
                let stop = if started.elapsed() > timeout {
                    Some(format!("it took longer than {} s", timeout.as_secs()))
                } else if polls.is_multiple_of(20)
                    && available_kib().is_some_and(|kib| kib < MIN_AVAILABLE_KIB)
                {
                    Some(format!(
                        "the machine had less than {} MiB of memory left",
                        MIN_AVAILABLE_KIB / 1024
                    ))
                } else {
                    None
                };
                if stop.is_some() {
                    // Safe: the child is not reaped before this thread has stopped.
                    kill(pid);
                    return stop;
                }
                std::thread::sleep(POLL);
            }
            None
        })
    };
    let exited = wait_unreaped(&mut child);
    let wall = started.elapsed();
    let cpu = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .as_deref()
        .and_then(cpu_time);
    done.store(true, Ordering::Release);
    let stopped = watcher.join().unwrap_or(None);
    let status = child.wait()?;
    exited?;
    let peak_kib = peak.load(Ordering::Relaxed);
    Ok(Run {
        wall,
        cpu,
        peak_kib: (peak_kib > 0).then_some(peak_kib),
        success: status.success() && stopped.is_none(),
        stopped,
    })
}

/// The machine's available memory (KiB, `MemAvailable` in `/proc/meminfo`).
pub(crate) fn available_kib() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix("MemAvailable:"))
        .and_then(|value| value.trim().strip_suffix("kB"))
        .and_then(|value| value.trim().parse().ok())
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

/// `VmHWM` (peak resident set, KiB) from the text of `/proc/<pid>/status`.
pub(crate) fn vm_hwm_kib(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
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

/// A stage's time from a `STEPWISE_TIMINGS` line (`markdown: 1594 ms`).
pub(crate) fn stage_timing(line: &str) -> Option<(String, u64)> {
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
            Some(("templates and writing".to_owned(), 5_191))
        );
        assert_eq!(
            stage_timing("Built 10000 pages into /tmp/o in 7858 ms."),
            None
        );
        assert_eq!(stage_timing("content/a.md:1:1: error: x"), None);
    }

    #[test]
    fn reads_the_peak_resident_set() {
        let status =
            "Name:\tstepwise\nVmPeak:\t  200000 kB\nVmHWM:\t   53124 kB\nVmRSS:\t   41000 kB\n";
        assert_eq!(vm_hwm_kib(status), Some(53_124));
        assert_eq!(vm_hwm_kib("Name:\tzombie\nState:\tZ (zombie)\n"), None);
    }

    #[test]
    fn reads_cpu_time_after_an_awkward_command_name() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        let stat = "4242 (odd ) name) Z 1 4242 4242 0 -1 4194560 5000 0 3 0 250 37 0 0 20 0 3 0";
        assert_eq!(cpu_time(stat), Some(Duration::from_millis(2_870)));
        assert_eq!(cpu_time("garbage"), None);
    }
}
