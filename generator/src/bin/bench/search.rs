//! Search beside Pagefind on the same built site: index build time (a build with search
//! against the same build with `search: false`, alternating), total index bytes, the bytes a
//! cold one-word and three-word query download, the module's weight gzipped, and the warm time
//! from a keypress to results (both in headless Chromium, `tests/browser/search-bench.mjs`).
//!
//! Pagefind 1.6 is `pagefind` on the PATH, or the `pagefind` npm package (which brings its
//! binary from the registry) installed with npm into a folder of its own under --dir. It
//! indexes the same output, `main` only (`--root-selector main`), as Stepwise indexes only the
//! content.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context as _, bail};

use crate::corpus::{self, Plan, Shape};
use crate::measure::{self, Run};

/// The Pagefind version compared with.
const PAGEFIND_VERSION: &str = "1.6.0";
/// The queries timed: one word and three words, all in the corpus's vocabulary.
const ONE_WORD: &str = "receipt";
const THREE_WORDS: &str = "payment receipt dispute";

/// What one side measured.
#[derive(Default)]
struct Side {
    build_ms: Option<f64>,
    index_bytes: u64,
    module_gz: u64,
    one: Option<serde_json::Value>,
    three: Option<serde_json::Value>,
}

/// Runs the search comparison on a `pages`-page site.
pub(crate) fn run(
    dir: &Path,
    pages: usize,
    shape: Shape,
    stepwise: &Path,
    runs: u64,
    timeout: Duration,
) -> anyhow::Result<()> {
    let plan = Plan::new(pages, shape);
    let base = dir.join(format!("search-{}-{pages}", shape.name()));
    let site = base.join("stepwise");
    let logs = base.join("logs");
    eprintln!(
        "[search, {pages} pages] writing the site under {}",
        base.display()
    );
    plan.write_stepwise(&site)
        .with_context(|| format!("writing {}", site.display()))?;
    std::fs::create_dir_all(&logs)?;
    let config = site.join("site.yaml");
    let with_search = std::fs::read_to_string(&config)?;
    let without_search = format!("{with_search}search: false\n");
    let out = base.join("out");
    let out_without = base.join("out-without-search");

    let mut on: Vec<Run> = Vec::new();
    let mut off: Vec<Run> = Vec::new();
    for round in 1..=runs {
        eprintln!("[search, {pages} pages] builds, round {round} of {runs}");
        for (text, target, runs, name) in [
            (&without_search, &out_without, &mut off, "without"),
            (&with_search, &out, &mut on, "with"),
        ] {
            std::fs::write(&config, text)?;
            remove(target)?;
            let mut build = Command::new(stepwise);
            build
                .arg("--root")
                .arg(&site)
                .arg("build")
                .arg("--out")
                .arg(target);
            let log = logs.join(format!("build-{name}-{round}.log"));
            let run = measure::run(&mut build, &log, timeout)?;
            if !run.success {
                bail!(
                    "stepwise build ({name} search) failed (log: {})",
                    log.display()
                );
            }
            runs.push(run);
        }
    }
    std::fs::write(&config, &with_search)?;
    remove(&out_without)?;
    let best = |runs: &[Run]| {
        runs.iter()
            .map(|run| run.wall.as_secs_f64() * 1000.0)
            .fold(f64::INFINITY, f64::min)
    };
    let (with_ms, without_ms) = (best(&on), best(&off));
    let mut ours = Side {
        build_ms: Some(with_ms - without_ms),
        index_bytes: measure::folder_size(&out.join("search"))
            + measure::folder_size(&out.join("assets/search")),
        module_gz: our_module(&out.join("assets")),
        ..Side::default()
    };

    let mut theirs = Side::default();
    let pagefind = match find_or_install_pagefind(dir, &logs, timeout) {
        Ok((path, version)) => {
            println!("pagefind: {} ({version})", path.display());
            let mut index = Command::new(&path);
            index
                .arg("--site")
                .arg(&out)
                .args(["--root-selector", "main"]);
            let log = logs.join("pagefind.log");
            let run = measure::run(&mut index, &log, timeout)?;
            if run.success {
                theirs.build_ms = Some(run.wall.as_secs_f64() * 1000.0);
                let folder = out.join("pagefind");
                theirs.index_bytes = pagefind_index_bytes(&folder);
                theirs.module_gz = wire_bytes(&folder.join("pagefind.js"))
                    + std::fs::read_dir(&folder)
                        .map(|entries| {
                            entries
                                .filter_map(Result::ok)
                                .filter(|e| e.file_name().to_string_lossy().starts_with("wasm."))
                                .map(|e| wire_bytes(&e.path()))
                                .sum::<u64>()
                        })
                        .unwrap_or(0);
                true
            } else {
                println!("pagefind: it failed (log: {})", log.display());
                false
            }
        }
        Err(why) => {
            println!("pagefind: not compared: {why:#}");
            false
        }
    };

    match browser_numbers(&out, pagefind, &logs, timeout) {
        Ok(value) => {
            for (query, slot_ours, slot_theirs) in [
                (ONE_WORD, &mut ours.one, &mut theirs.one),
                (THREE_WORDS, &mut ours.three, &mut theirs.three),
            ] {
                *slot_ours = value["queries"][query].get("stepwise").cloned();
                *slot_theirs = value["queries"][query].get("pagefind").cloned();
            }
        }
        Err(why) => println!("search in the browser: not measured: {why:#}"),
    }
    print(pages, with_ms, without_ms, &ours, &theirs, pagefind);
    remove(&out)?;
    Ok(())
}

fn remove(path: &Path) -> anyhow::Result<()> {
    if path.exists() {
        std::fs::remove_dir_all(path).with_context(|| format!("removing {}", path.display()))?;
    }
    Ok(())
}

/// Bytes as a host sends a file: gzipped files as they are, others gzipped.
fn wire_bytes(path: &Path) -> u64 {
    let Ok(bytes) = std::fs::read(path) else {
        return 0;
    };
    if bytes.starts_with(&[0x1f, 0x8b]) {
        bytes.len() as u64
    } else {
        stepwise::render::assets::gzipped_len(&bytes) as u64
    }
}

/// The search module in the output: WebAssembly, glue and the field's script, gzipped.
fn our_module(assets: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(assets) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("search_wasm") || name.starts_with("search-ui.")
        })
        .map(|e| wire_bytes(&e.path()))
        .sum()
}

/// Pagefind's index: everything it wrote but its ready-made interfaces.
fn pagefind_index_bytes(folder: &Path) -> u64 {
    let mut total = 0;
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.contains("-ui") || name.contains("highlight") {
            continue;
        }
        let path = entry.path();
        total += if path.is_dir() {
            measure::folder_size(&path)
        } else {
            entry.metadata().map_or(0, |m| m.len())
        };
    }
    total
}

fn find_or_install_pagefind(
    dir: &Path,
    logs: &Path,
    timeout: Duration,
) -> anyhow::Result<(PathBuf, String)> {
    let version = |path: &Path| -> Option<String> {
        let output = Command::new(path).arg("--version").output().ok()?;
        let text = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        (output.status.success() && text.contains(PAGEFIND_VERSION)).then_some(text)
    };
    if let Some(found) = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("pagefind"))
            .find(|p| version(p).is_some())
    }) {
        let text = version(&found).unwrap_or_default();
        return Ok((found, text));
    }
    let prefix = dir.join("pagefind-npm");
    let binary = prefix.join("node_modules/.bin/pagefind");
    if version(&binary).is_none() {
        eprintln!(
            "[search] installing pagefind {PAGEFIND_VERSION} with npm into {}",
            prefix.display()
        );
        std::fs::create_dir_all(&prefix)?;
        let mut npm = Command::new("npm");
        npm.args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(format!("pagefind@{PAGEFIND_VERSION}"));
        let run = measure::run(&mut npm, &logs.join("npm-pagefind.log"), timeout)?;
        if !run.success {
            bail!(
                "npm could not install pagefind (log: {})",
                logs.join("npm-pagefind.log").display()
            );
        }
    }
    let text = version(&binary).context("the installed pagefind does not run")?;
    Ok((binary, text))
}

/// Runs the browser half; its JSON.
fn browser_numbers(
    out: &Path,
    pagefind: bool,
    logs: &Path,
    timeout: Duration,
) -> anyhow::Result<serde_json::Value> {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/browser");
    if !tests.join("node_modules/playwright-core").is_dir() {
        let mut npm = Command::new("npm");
        npm.current_dir(&tests)
            .args(["ci", "--no-audit", "--no-fund"]);
        let run = measure::run(&mut npm, &logs.join("npm-ci.log"), timeout)?;
        if !run.success {
            bail!("npm ci in tests/browser failed");
        }
    }
    if !pagefind {
        bail!("needs Pagefind's index beside ours");
    }
    let base = corpus::BASE_URL
        .trim_start_matches("https://")
        .split_once('/')
        .map_or("/".to_owned(), |(_, path)| format!("/{path}"));
    let output = Command::new("node")
        .arg(tests.join("search-bench.mjs"))
        .arg(out)
        .arg(&base)
        .arg("")
        .args([ONE_WORD, THREE_WORDS])
        .output()
        .context("running node")?;
    if !output.status.success() {
        bail!(
            "search-bench.mjs failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    serde_json::from_slice(&output.stdout).context("reading search-bench.mjs's answer")
}

fn field(value: &Option<serde_json::Value>, key: &str) -> String {
    value
        .as_ref()
        .and_then(|v| v.get(key))
        .map_or("-".to_owned(), ToString::to_string)
}

fn print(pages: usize, with_ms: f64, without_ms: f64, ours: &Side, theirs: &Side, pagefind: bool) {
    let pf = |text: String| if pagefind { text } else { "-".to_owned() };
    println!(
        "\nSearch on the {pages}-page site: Stepwise beside Pagefind {PAGEFIND_VERSION} (same output; Pagefind indexes `main`)"
    );
    println!("{:<44} {:>22} {:>22}", "", "stepwise", "pagefind");
    println!(
        "{:<44} {:>22} {:>22}",
        "index build time (ms)",
        format!(
            "{:.0} ({:+.1} % of {:.0})",
            with_ms - without_ms,
            (with_ms - without_ms) * 100.0 / without_ms,
            without_ms
        ),
        pf(theirs
            .build_ms
            .map_or("-".to_owned(), |ms| format!("{ms:.0}"))),
    );
    println!(
        "{:<44} {:>22} {:>22}",
        "total index bytes",
        ours.index_bytes,
        pf(theirs.index_bytes.to_string())
    );
    for (label, a, b) in [
        (
            format!("cold \"{ONE_WORD}\": bytes (5 results)"),
            &ours.one,
            &theirs.one,
        ),
        (
            format!("cold \"{THREE_WORDS}\": bytes"),
            &ours.three,
            &theirs.three,
        ),
    ] {
        println!(
            "{label:<44} {:>22} {:>22}",
            field(a, "bytes"),
            pf(field(b, "bytes"))
        );
    }
    for (label, a, b) in [
        ("  requests (one word)", &ours.one, &theirs.one),
        ("  requests (three words)", &ours.three, &theirs.three),
    ] {
        println!(
            "{label:<44} {:>22} {:>22}",
            field(a, "requests"),
            pf(field(b, "requests"))
        );
    }
    println!(
        "{:<44} {:>22} {:>22}",
        "search module gzipped (bytes)",
        ours.module_gz,
        pf(theirs.module_gz.to_string())
    );
    println!(
        "{:<44} {:>22} {:>22}",
        "warm keypress → results (ms, median)",
        field(&ours.one, "warm_ms"),
        pf(field(&theirs.one, "warm_ms"))
    );
    println!(
        "(bytes: as a host sends them, gzipped; index build time: a build with search minus the same build with `search: false`, best of each;\n warm: Stepwise from the input event to the results drawn, Pagefind from search() to the 5 results' data, both with every file cached)"
    );
}
