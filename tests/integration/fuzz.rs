//! The fuzz targets' corpus and every past finding, replayed on stable Rust in every
//! `cargo test`: each file of `tests/fuzz/corpus/<target>/` and `tests/fuzz/regressions/<target>/`
//! goes through the check that fuzz target runs (`tests/fuzz/src/checks.rs`, compiled here
//! too). Any panic or broken invariant fails the test, naming the file.

use std::fs;
use std::panic;
use std::path::{Path, PathBuf};

use crate::support::workspace;

#[allow(
    unreachable_pub,
    reason = "the fuzz crate's public checks, compiled into this test as a private module"
)]
#[path = "../fuzz/src/checks.rs"]
mod checks;

/// One file to replay, and the check of its target.
struct Input {
    target: &'static str,
    check: fn(&[u8]),
    path: PathBuf,
}

/// The inputs of one folder (`corpus` or `regressions`), by target, after checking that every
/// subfolder is a target's.
fn inputs(folder: &str) -> Vec<Input> {
    let root = workspace().join("tests/fuzz").join(folder);
    for entry in fs::read_dir(&root).unwrap_or_else(|e| panic!("reading {}: {e}", root.display())) {
        let path = entry.expect("folder entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_dir() {
            assert!(
                checks::TARGETS.iter().any(|(target, _)| *target == name),
                "tests/fuzz/{folder}/{name}/ is not a fuzz target's folder"
            );
        }
    }
    let mut inputs = Vec::new();
    for &(target, check) in checks::TARGETS {
        let dir = root.join(target);
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .map(|entry| entry.expect("folder entry").path())
            .filter(|path| path.is_file() && !is_hidden(path))
            .collect();
        files.sort();
        inputs.extend(files.into_iter().map(|path| Input {
            target,
            check,
            path,
        }));
    }
    inputs
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|name| name.starts_with('.'))
}

/// Runs every input through its check, on every core, and fails naming each input that
/// panicked (the panic message is printed above the failure).
fn replay(inputs: &[Input]) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = inputs.len().div_ceil(threads).max(1);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = inputs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut failed = Vec::new();
                    for Input {
                        target,
                        check,
                        path,
                    } in part
                    {
                        let bytes = fs::read(path)
                            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
                        if panic::catch_unwind(|| check(&bytes)).is_err() {
                            failed.push(format!("{target}: {}", path.display()));
                        }
                    }
                    failed
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("replay thread"))
            .collect()
    });
    println!("replayed {} fuzz inputs", inputs.len());
    assert!(
        failures.is_empty(),
        "{} of {} fuzz inputs failed their check:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n")
    );
}

#[test]
fn the_fuzz_corpus_passes_every_check() {
    let inputs = inputs("corpus");
    for (target, _) in checks::TARGETS {
        assert!(
            inputs.iter().any(|input| input.target == *target),
            "no corpus for fuzz target `{target}` in tests/fuzz/corpus/{target}/"
        );
    }
    replay(&inputs);
}

#[test]
fn past_fuzz_findings_stay_fixed() {
    replay(&inputs("regressions"));
}
