//! `stepwise-bench`: the numbers behind the README's performance claims.
//!
//! For each size it generates a synthetic site, builds it in a child process (so peak memory
//! is the build's alone) and prints pages per second and peak memory; it also prints the
//! browser module's size, raw and gzipped.
//!
//! It then measures `stepwise serve`: the time from writing a page to the reload message, for
//! the guide (`--guide DIR`, the current folder by default) and the largest synthetic site.
//!
//! Usage: `stepwise-bench [--pages 1000,10000] [--runs 3] [--dir DIR] [--guide DIR]`

mod serve_latency;
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context as _, bail};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

struct Options {
    pages: Vec<usize>,
    runs: usize,
    dir: PathBuf,
    guide: PathBuf,
}

fn parse_args() -> anyhow::Result<Option<Options>> {
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        pages: vec![1_000, 10_000],
        runs: 3,
        dir: std::env::temp_dir().join("stepwise-bench"),
        guide: PathBuf::from("."),
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--measure-build" => {
                let root = PathBuf::from(args.next().context("--measure-build needs a folder")?);
                measure_build(&root)?;
                return Ok(None);
            }
            "--pages" => {
                let list = args
                    .next()
                    .context("--pages needs a list such as 1000,10000")?;
                options.pages = list
                    .split(',')
                    .map(str::parse)
                    .collect::<Result<_, _>>()
                    .context("--pages")?;
            }
            "--runs" => {
                options.runs = args
                    .next()
                    .context("--runs needs a number")?
                    .parse()
                    .context("--runs")?
            }
            "--dir" => options.dir = PathBuf::from(args.next().context("--dir needs a folder")?),
            "--guide" => {
                options.guide = PathBuf::from(args.next().context("--guide needs a folder")?)
            }
            "-h" | "--help" => {
                println!(
                    "stepwise-bench [--pages 1000,10000] [--runs 3] [--dir DIR] [--guide DIR]"
                );
                return Ok(None);
            }
            other => bail!("unknown argument `{other}`"),
        }
    }
    Ok(Some(options))
}

fn run() -> anyhow::Result<()> {
    let Some(options) = parse_args()? else {
        return Ok(());
    };
    println!(
        "Stepwise benchmark (release build: {}, {} cores)",
        !cfg!(debug_assertions),
        available_cores()
    );
    if cfg!(debug_assertions) {
        println!(
            "warning: this is a debug build; run with `cargo run --release --bin stepwise-bench`"
        );
    }
    module_size();
    println!();
    println!(
        "{:>8} {:>12} {:>12} {:>12} {:>14}",
        "pages", "build ms", "pages/s", "peak MiB", "output MiB"
    );
    for &pages in &options.pages {
        let root = options.dir.join(format!("site-{pages}"));
        synthetic::generate(&root, pages)
            .with_context(|| format!("generating {}", root.display()))?;
        let mut best: Option<Measurement> = None;
        for _ in 0..options.runs.max(1) {
            let measurement = spawn_measurement(&root)?;
            if best.as_ref().is_none_or(|b| measurement.millis < b.millis) {
                best = Some(measurement);
            }
        }
        let best = best.context("no measurement")?;
        println!(
            "{:>8} {:>12.0} {:>12.0} {:>12.1} {:>14.1}",
            best.pages,
            best.millis,
            best.pages as f64 / (best.millis / 1000.0),
            best.peak_kib as f64 / 1024.0,
            best.output_bytes as f64 / 1_048_576.0
        );
    }
    println!(
        "\n(best of {} runs each; peak memory is the build process's maximum resident set)",
        options.runs
    );

    println!("\nstepwise serve: from writing a page to the reload message (median of 5 edits)");
    let guide = options.dir.join("guide");
    serve_latency::copy_site(&options.guide, &guide).context("copying the guide")?;
    let times = serve_latency::measure(&guide, "content/steps/gather-evidence.md", 5)?;
    println!(
        "{:>24} {:>8.1} ms   (all: {})",
        "the guide",
        serve_latency::median(&times),
        list(&times)
    );
    if let Some(&largest) = options.pages.iter().max() {
        let root = options.dir.join(format!("site-{largest}"));
        let page = "content/part-000/section-0005/page-020.md";
        let times = serve_latency::measure(&root, page, 5)?;
        let label = format!("{largest} synthetic pages");
        println!(
            "{label:>24} {:>8.1} ms   (all: {})",
            serve_latency::median(&times),
            list(&times)
        );
    }
    Ok(())
}

fn list(times: &[f64]) -> String {
    times
        .iter()
        .map(|t| format!("{t:.0}"))
        .collect::<Vec<_>>()
        .join(", ")
}

struct Measurement {
    pages: usize,
    millis: f64,
    peak_kib: u64,
    output_bytes: u64,
}

fn spawn_measurement(root: &Path) -> anyhow::Result<Measurement> {
    let exe = std::env::current_exe()?;
    let output = Command::new(exe)
        .arg("--measure-build")
        .arg(root)
        .output()?;
    if !output.status.success() {
        bail!(
            "build of {} failed:\n{}",
            root.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let field = |name: &str| -> anyhow::Result<f64> {
        text.split_whitespace()
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
            .with_context(|| format!("missing {name} in {text}"))
    };
    Ok(Measurement {
        pages: field("pages")? as usize,
        millis: field("millis")?,
        peak_kib: field("peak_kib")? as u64,
        output_bytes: field("bytes")? as u64,
    })
}

/// In the child: load, build and write the site, then report time and peak memory.
fn measure_build(root: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let source = stepwise::source::load(root)?;
    let out_dir = root.join("public");
    let build = stepwise::pipeline::Build::prepare(source, Default::default());
    let (output, published) = stepwise::output::publish_build(&build, &out_dir, false);
    published?;
    if !output.succeeded(false) {
        for problem in output.diagnostics.iter().take(20) {
            eprintln!("{problem}");
        }
        bail!("the synthetic site did not build");
    }
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    let bytes = folder_size(&out_dir);
    println!(
        "pages={} millis={millis:.1} peak_kib={} bytes={bytes}",
        output.page_count,
        peak_rss_kib().unwrap_or(0)
    );
    Ok(())
}

/// The total size of the files under `dir`.
fn folder_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => folder_size(&entry.path()),
            _ => entry.metadata().map_or(0, |m| m.len()),
        })
        .sum()
}

/// The process's peak resident set (Linux: `VmHWM`).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn module_size() {
    use stepwise::render::assets::{MODULE_BUDGET_GZIPPED, MODULE_JS, MODULE_WASM, gzipped_len};
    let wasm_gz = gzipped_len(MODULE_WASM);
    let js_gz = gzipped_len(MODULE_JS.as_bytes());
    println!(
        "browser module: wasm {} B ({} B gzipped), JS glue {} B ({} B gzipped)",
        MODULE_WASM.len(),
        wasm_gz,
        MODULE_JS.len(),
        js_gz
    );
    println!(
        "browser module total gzipped: {} B (budget {MODULE_BUDGET_GZIPPED} B)",
        wasm_gz + js_gz
    );
}
