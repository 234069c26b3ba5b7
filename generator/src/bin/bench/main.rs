//! `stepwise-bench`: the numbers behind the README's performance claims, and the yardstick for
//! making builds faster.
//!
//! For each size it generates a synthetic guide ([`corpus`]), the same guide as a Hugo site
//! ([`hugo`]), and times full builds of both with the real binaries, alternating runs; it runs
//! `stepwise check` too, and reads every child's peak memory ([`measure`]). Then it times
//! `stepwise serve` on the largest size, from saving a page to the live-reload event, for three
//! kinds of edit ([`serve_latency`]), and on the guide itself. It prints the guide's page weights
//! per page type beside their budgets ([`weights`]).
//!
//! Usage: `cargo run --release --bin stepwise-bench -- --pages 1000,10000` (see `--help`).

mod corpus;
mod hugo;
mod measure;
mod search;
mod serve_latency;
mod sse;
mod weights;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::Parser as _;

use corpus::{Plan, Shape};
use measure::Run;
use serve_latency::{Expect, Restore, Sample, Session};

/// Times full builds of a synthetic guide (Stepwise beside Hugo), `stepwise check`, peak memory,
/// output size and `stepwise serve`'s rebuilds after an edit.
///
/// For each size in --pages it writes the guide twice (as a Stepwise site and as a Hugo site with
/// a minimal theme written at run time) under --dir, then runs `stepwise build`, `hugo` and
/// `stepwise check` --runs times each, alternating, and reports the best wall-clock time of
/// each, CPU time, peak resident memory (VmHWM, polled) and output size, and the stages of
/// Stepwise's best build (STEPWISE_TIMINGS). Each build writes into an empty folder. Then it
/// serves the largest size and times, median of --edits each: saving a page's body, its title
/// (which re-renders its section's sidebar), a front-matter syntax error and its fix; and a body
/// edit of the guide in --guide; with the server's own account of each rebuild.
///
/// The `stepwise` binary measured is the one beside this one (rebuilt first with cargo when run
/// through `cargo run`), or --stepwise. Hugo is --hugo, or `hugo` on the PATH, or installed with
/// `apt-get install hugo` when running as root; without it the comparison is skipped.
///
/// As the machine may be shared, a child (the server too) is stopped when less than a sixth of
/// the machine's memory (at least 1 GiB) is left, and Hugo is skipped at a size it would need
/// most of the available memory for (foreseen from the sizes before). `serve` holds the whole
/// output in memory and needs several times the build's peak after full rebuilds: at 30,000
/// pages and more it may be stopped this way.
///
/// The corpus: about 1,100 words a page, sections of 50 pages (49 steps and the section's own
/// page); the flat shape puts one top-level section per 50 pages (10,000 pages: 200 top-level
/// sections, all in every page's sidebar), the nested shape groups ten sections under a part.
#[derive(Debug, clap::Parser)]
#[command(name = "stepwise-bench", verbatim_doc_comment)]
struct Options {
    /// The site sizes, in pages, comma-separated (e.g. 1000,10000,30000,50000).
    #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
    pages: Vec<usize>,
    /// How many times each build runs; the best is reported.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..))]
    runs: u64,
    /// flat: one top-level section per 50 pages; nested: ten sections to a part.
    #[arg(long, default_value = "flat", value_parser = parse_shape)]
    shape: Shape,
    /// Where the generated sites, outputs and logs go, replaced on every run (default:
    /// stepwise-bench in the temporary folder).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// The guide whose `serve` latency is measured (its site.yaml and content/ are copied).
    #[arg(long, value_name = "DIR", default_value = ".")]
    guide: PathBuf,
    /// The `stepwise` binary to measure (default: the one beside this binary).
    #[arg(long, value_name = "PATH")]
    stepwise: Option<PathBuf>,
    /// The `hugo` binary to compare with (default: `hugo` on the PATH).
    #[arg(long, value_name = "PATH", conflicts_with = "no_hugo")]
    hugo: Option<PathBuf>,
    /// Skip the Hugo comparison.
    #[arg(long)]
    no_hugo: bool,
    /// Skip the `serve` measurements.
    #[arg(long)]
    no_serve: bool,
    /// Keep each size's build outputs under --dir (by default they are deleted once measured:
    /// at 50,000 pages they take many gigabytes).
    #[arg(long)]
    keep_output: bool,
    /// How many edits of each kind `serve` is timed on (the median is reported).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    edits: u64,
    /// Measure only this part: `search` (search beside Pagefind on the largest --pages size).
    #[arg(long, value_name = "PART", value_parser = ["search"])]
    only: Option<String>,
    /// Skip the search comparison (search beside Pagefind on the largest size).
    #[arg(long, conflicts_with = "only")]
    no_search: bool,
    /// The longest any one step may take, in seconds (a build, a check, a Hugo run, the
    /// server's start, one edit's answer); a step that takes longer is stopped and reported.
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    timeout: u64,
}

fn parse_shape(text: &str) -> Result<Shape, String> {
    Shape::parse(text).ok_or_else(|| format!("`{text}` is not a shape: use flat or nested"))
}

fn main() -> ExitCode {
    let options = Options::parse();
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Everything measured for one size.
struct SizeResult {
    pages: usize,
    top_sections: usize,
    build: Vec<Run>,
    /// Each build's stage timings (`STEPWISE_TIMINGS`), in the order of `build`.
    stages: Vec<Vec<(String, f64)>>,
    check: Vec<Run>,
    hugo: Vec<Run>,
    output_bytes: u64,
    output_html: u64,
    hugo_output_bytes: u64,
    hugo_output_html: u64,
    /// Why Hugo has no numbers for this size, when it has none.
    hugo_missing: Option<&'static str>,
}

/// The Hugo compared with, as the run goes.
struct HugoState {
    /// `None` when there is none, or it failed (then the rest of the run goes without).
    hugo: Option<hugo::Hugo>,
    /// The most memory it needed per page so far (KiB), to foresee a size it cannot build.
    kib_per_page: Option<f64>,
}

fn run(options: &Options) -> anyhow::Result<()> {
    let timeout = Duration::from_secs(options.timeout);
    let dir = match &options.dir {
        Some(dir) => dir.clone(),
        None => std::env::temp_dir().join("stepwise-bench"),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let dir = dir.canonicalize()?;
    let logs = dir.join("logs");
    std::fs::create_dir_all(&logs)?;

    println!(
        "Stepwise benchmark ({} build, {} cores, load average {} at the start)",
        if cfg!(debug_assertions) {
            "DEBUG"
        } else {
            "release"
        },
        std::thread::available_parallelism().map_or(1, usize::from),
        load_average()
    );
    if cfg!(debug_assertions) {
        println!(
            "warning: this is a debug build; run with `cargo run --release --bin stepwise-bench`"
        );
    }
    let stepwise = stepwise_binary(options.stepwise.as_deref())?;
    println!(
        "stepwise: {} ({})",
        stepwise.display(),
        first_line(&stepwise, "--version")
    );
    let found = if options.no_hugo {
        println!("hugo: skipped (--no-hugo)");
        None
    } else {
        match hugo::find_or_install(options.hugo.as_deref(), &logs, timeout) {
            Ok(hugo) => {
                println!("hugo: {} ({})", hugo.path.display(), hugo.version);
                Some(hugo)
            }
            Err(why) => {
                println!("hugo: not compared: {why}");
                None
            }
        }
    };
    module_size();
    if options.only.is_some() {
        let largest = options.pages.iter().copied().max().unwrap_or(10_000);
        search::run(
            &dir,
            largest,
            options.shape,
            &stepwise,
            options.runs,
            timeout,
        )?;
        println!("\nload average at the end: {}", load_average());
        return Ok(());
    }
    weights::print(&options.guide)?;
    println!(
        "corpus: {} shape, about 1,100 words a page, {} pages a section{}; files under {}",
        options.shape.name(),
        corpus::PAGES_PER_SECTION,
        match options.shape {
            Shape::Flat => ", one top-level section per 50 pages",
            Shape::Nested => ", ten sections to a top-level part",
        },
        dir.display()
    );

    let mut hugo = HugoState {
        hugo: found,
        kib_per_page: None,
    };
    let mut results = Vec::new();
    for &pages in &options.pages {
        results.push(measure_size(
            &dir, pages, options, &stepwise, &mut hugo, timeout,
        )?);
    }
    print_builds(&results, options.runs);
    if !options.no_search
        && let Some(&largest) = options.pages.iter().max()
    {
        search::run(
            &dir,
            largest,
            options.shape,
            &stepwise,
            options.runs,
            timeout,
        )?;
    }

    if !options.no_serve {
        println!();
        if let Some(&largest) = options.pages.iter().max() {
            serve_synthetic(&dir, largest, options, &stepwise, timeout)?;
        }
        serve_guide(&dir, options, &stepwise, timeout)?;
    }
    println!("\nload average at the end: {}", load_average());
    Ok(())
}

fn site_dir(dir: &Path, shape: Shape, pages: usize) -> PathBuf {
    dir.join(format!("{}-{pages}", shape.name()))
}

fn measure_size(
    dir: &Path,
    pages: usize,
    options: &Options,
    stepwise: &Path,
    state: &mut HugoState,
    timeout: Duration,
) -> anyhow::Result<SizeResult> {
    let plan = Plan::new(pages, options.shape);
    let base = site_dir(dir, options.shape, pages);
    let site = base.join("stepwise");
    let hugo_site = base.join("hugo");
    let out = base.join("out-stepwise");
    let hugo_out = base.join("out-hugo");
    let logs = base.join("logs");
    eprintln!("[{pages} pages] writing the sites under {}", base.display());
    plan.write_stepwise(&site)
        .with_context(|| format!("writing {}", site.display()))?;
    let mut hugo_missing = match &state.hugo {
        None => Some("-"),
        Some(_) => hugo_would_not_fit(pages, state.kib_per_page).then_some("skipped"),
    };
    if hugo_missing.is_none() {
        hugo::write_site(&plan, &hugo_site)
            .with_context(|| format!("writing {}", hugo_site.display()))?;
    }
    std::fs::create_dir_all(&logs)?;

    let mut result = SizeResult {
        pages: plan.entries.len(),
        top_sections: plan.top_level_sections(),
        build: Vec::new(),
        stages: Vec::new(),
        check: Vec::new(),
        hugo: Vec::new(),
        output_bytes: 0,
        output_html: 0,
        hugo_output_bytes: 0,
        hugo_output_html: 0,
        hugo_missing: None,
    };
    for round in 1..=options.runs {
        eprintln!("[{pages} pages] round {round} of {}", options.runs);
        remove(&out)?;
        let mut build = Command::new(stepwise);
        build
            .arg("--root")
            .arg(&site)
            .arg("build")
            .arg("--out")
            .arg(&out)
            .env("STEPWISE_TIMINGS", "1");
        let log = logs.join(format!("build-{round}.log"));
        result
            .build
            .push(checked(&mut build, &log, timeout, "stepwise build")?);
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        result
            .stages
            .push(text.lines().filter_map(measure::stage_timing).collect());
        if let (Some(hugo), None) = (&state.hugo, hugo_missing) {
            remove(&hugo_out)?;
            let log = logs.join(format!("hugo-{round}.log"));
            let run = measure::run(
                &mut hugo.build_command(&hugo_site, &hugo_out),
                &log,
                timeout,
            )?;
            if run.success {
                result.hugo.push(run);
            } else {
                let why = run.stopped.unwrap_or_else(|| "it failed".to_owned());
                println!(
                    "hugo: no comparison from {pages} pages on: {why} (log: {})\n{}",
                    log.display(),
                    log_head(&log)
                );
                state.hugo = None;
                result.hugo.clear();
                hugo_missing = Some("failed");
            }
        }
        let mut check = Command::new(stepwise);
        check.arg("--root").arg(&site).arg("check");
        result.check.push(checked(
            &mut check,
            &logs.join(format!("check-{round}.log")),
            timeout,
            "stepwise check",
        )?);
    }
    result.output_bytes = measure::folder_size(&out);
    result.output_html = measure::html_files(&out);
    result.hugo_missing = hugo_missing;
    if hugo_missing.is_none() {
        if let Some(kib) = result.hugo.iter().filter_map(|run| run.peak_kib).max() {
            let per_page = kib as f64 / pages.max(1) as f64;
            state.kib_per_page = Some(state.kib_per_page.map_or(per_page, |k| k.max(per_page)));
        }
        result.hugo_output_bytes = measure::folder_size(&hugo_out);
        result.hugo_output_html = measure::html_files(&hugo_out);
        let warnings = std::fs::read_to_string(logs.join(format!("hugo-{}.log", options.runs)))
            .unwrap_or_default();
        if !warnings.trim().is_empty() {
            eprintln!(
                "[{pages} pages] hugo printed:\n{}",
                warnings.lines().take(10).collect::<Vec<_>>().join("\n")
            );
        }
    }
    if !options.keep_output {
        remove(&out)?;
        remove(&hugo_out)?;
    }
    Ok(result)
}

/// Runs a measured command that must succeed.
fn checked(
    command: &mut Command,
    log: &Path,
    timeout: Duration,
    what: &str,
) -> anyhow::Result<Run> {
    let run = measure::run(command, log, timeout).with_context(|| what.to_owned())?;
    if !run.success {
        bail!(
            "{what} failed: {} (log: {}):\n{}",
            run.stopped.as_deref().unwrap_or("it exited with an error"),
            log.display(),
            log_head(log)
        );
    }
    Ok(run)
}

/// The first lines of a log.
fn log_head(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines().take(30).collect::<Vec<_>>().join("\n")
}

/// Whether Hugo, having needed `kib_per_page` so far, would need more than 70% of the memory
/// the machine has available now for `pages` pages (it is then skipped, and says so; the
/// machine is shared).
fn hugo_would_not_fit(pages: usize, kib_per_page: Option<f64>) -> bool {
    let (Some(per_page), Some(available)) = (kib_per_page, measure::available_kib()) else {
        return false;
    };
    let needed = per_page * pages as f64;
    let too_much = needed > available as f64 * 0.7;
    if too_much {
        println!(
            "hugo: skipped at {pages} pages: at the sizes before it needed {per_page:.0} KiB a page, so about {:.0} MiB here, and the machine has {:.0} MiB available",
            needed / 1024.0,
            available as f64 / 1024.0
        );
    }
    too_much
}

fn remove(path: &Path) -> anyhow::Result<()> {
    if path.exists() {
        std::fs::remove_dir_all(path).with_context(|| format!("removing {}", path.display()))?;
    }
    Ok(())
}

fn best(runs: &[Run]) -> Option<&Run> {
    runs.iter().min_by_key(|run| run.wall)
}

fn millis(run: &Run) -> f64 {
    run.wall.as_secs_f64() * 1000.0
}

fn peak_mib(runs: &[Run]) -> String {
    runs.iter()
        .filter_map(|run| run.peak_kib)
        .max()
        .map_or("?".to_owned(), |kib| format!("{:.1}", kib as f64 / 1024.0))
}

fn cpu_seconds(run: Option<&Run>) -> String {
    run.and_then(|run| run.cpu)
        .map_or("?".to_owned(), |cpu| format!("{:.2}s", cpu.as_secs_f64()))
}

fn all_millis(runs: &[Run]) -> String {
    runs.iter()
        .map(|run| format!("{:.0}", millis(run)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn print_builds(results: &[SizeResult], runs: u64) {
    println!(
        "\nFull builds: wall clock, best of {runs} (Stepwise and Hugo runs alternating, each into an empty folder)"
    );
    println!(
        "{:>7} {:>9} {:>12} {:>10} {:>8} {:>10} {:>12} {:>10}",
        "pages",
        "sections",
        "stepwise ms",
        "hugo ms",
        "ratio",
        "µs/page",
        "stepwise cpu",
        "hugo cpu"
    );
    for result in results {
        let build = best(&result.build);
        let hugo = best(&result.hugo);
        let build_ms = build.map_or(0.0, millis);
        let missing = result.hugo_missing.unwrap_or("-");
        let (hugo_ms, ratio) = match hugo {
            Some(hugo) => (
                format!("{:.0}", millis(hugo)),
                format!("{:.2}", build_ms / millis(hugo)),
            ),
            None => (missing.to_owned(), "-".to_owned()),
        };
        println!(
            "{:>7} {:>9} {:>12.0} {:>10} {:>8} {:>10.0} {:>12} {:>10}",
            result.pages,
            result.top_sections,
            build_ms,
            hugo_ms,
            ratio,
            build_ms * 1000.0 / result.pages as f64,
            cpu_seconds(build),
            if hugo.is_some() {
                cpu_seconds(hugo)
            } else {
                "-".to_owned()
            },
        );
    }
    println!(
        "(sections: top-level sections, each listed in every page's sidebar; ratio: Stepwise's time ÷ Hugo's, below 1 Stepwise is faster;\n µs/page: Stepwise's; cpu: user + system time of the best run, all threads)"
    );

    println!(
        "\nOutput and peak memory (peak resident set, VmHWM polled every 5 ms, the largest of the runs)"
    );
    println!(
        "{:>7} {:>11} {:>11} {:>11} {:>9} {:>11} {:>11} {:>11} {:>10}",
        "pages",
        "output MiB",
        "bytes/page",
        "build MiB",
        "check ms",
        "check MiB",
        "hugo out",
        "hugo MiB",
        "html files"
    );
    for result in results {
        let check = best(&result.check);
        let (hugo_out, hugo_peak) = if result.hugo_missing.is_none() {
            (
                format!("{:.1}", result.hugo_output_bytes as f64 / 1_048_576.0),
                peak_mib(&result.hugo),
            )
        } else {
            ("-".to_owned(), "-".to_owned())
        };
        println!(
            "{:>7} {:>11.1} {:>11.0} {:>11} {:>9.0} {:>11} {:>11} {:>11} {:>10}",
            result.pages,
            result.output_bytes as f64 / 1_048_576.0,
            result.output_bytes as f64 / result.pages as f64,
            peak_mib(&result.build),
            check.map_or(0.0, millis),
            peak_mib(&result.check),
            hugo_out,
            hugo_peak,
            if result.hugo_missing.is_none() {
                format!("{}/{}", result.output_html, result.hugo_output_html)
            } else {
                format!("{}/-", result.output_html)
            }
        );
    }
    println!(
        "(build MiB, check MiB: peak memory of `stepwise build` and `stepwise check`; hugo out: Hugo's output MiB; html files: Stepwise's/Hugo's)"
    );
    println!("\nAll runs, ms:");
    for result in results {
        let mut line = format!(
            "{:>7}  stepwise build {}",
            result.pages,
            all_millis(&result.build)
        );
        if result.hugo_missing.is_none() {
            line.push_str(&format!("  · hugo {}", all_millis(&result.hugo)));
        }
        line.push_str(&format!("  · stepwise check {}", all_millis(&result.check)));
        println!("{line}");
    }
    println!("\nStepwise's stages in its best build (STEPWISE_TIMINGS=1), ms:");
    for result in results {
        let Some((index, run)) = result
            .build
            .iter()
            .enumerate()
            .min_by_key(|(_, run)| run.wall)
        else {
            continue;
        };
        let stages = &result.stages[index];
        let listed: f64 = stages.iter().map(|(_, ms)| ms).sum();
        let mut line: Vec<String> = stages
            .iter()
            .map(|(stage, ms)| format!("{stage} {ms:.0}"))
            .collect();
        line.push(format!(
            "the rest (reading the site, publishing, starting) {:.0}",
            (millis(run) - listed).max(0.0)
        ));
        println!("{:>7}  {}", result.pages, line.join(" · "));
    }
}

fn serve_synthetic(
    dir: &Path,
    pages: usize,
    options: &Options,
    stepwise: &Path,
    timeout: Duration,
) -> anyhow::Result<()> {
    let plan = Plan::new(pages, options.shape);
    let Some(target) = plan.edit_target() else {
        println!("stepwise serve: {pages} pages are too few to edit a step page");
        return Ok(());
    };
    let root = site_dir(dir, options.shape, pages).join("stepwise");
    let page = format!("content/{}", target.path);
    let edits = options.edits as usize;
    println!(
        "stepwise serve, {pages} pages ({}): from saving {page} to the live-reload event, median of {edits}",
        options.shape.name()
    );
    eprintln!("[serve] starting stepwise serve on {pages} pages");
    let restore = Restore::new(&root, &page)?;
    let original = restore.original().to_owned();
    let front = target.page(options.shape);
    let mut session = Session::open(stepwise, &root, timeout)?;
    println!(
        "  {:<42} {:>8.0} ms  (peak memory {})",
        "start (the first build, in memory)",
        session.started_in.as_secs_f64() * 1000.0,
        mib(session.memory().0)
    );

    let body: Vec<Sample> = (0..edits)
        .map(|n| {
            let text = format!("{original}\nEdit number {n} for the benchmark.\n");
            session.edit(&page, &text, Expect::Reload)
        })
        .collect::<anyhow::Result<_>>()
        .context("(a) body edits")?;
    session.edit(&page, &original, Expect::Reload)?;
    print_samples("(a) one page's body → reload", &body);

    let title: Vec<Sample> = (0..edits)
        .map(|n| {
            let mut edited = front.clone();
            edited.front.title = format!("{} (edit {n})", front.front.title);
            session.edit(&page, &edited.stepwise_text(), Expect::Reload)
        })
        .collect::<anyhow::Result<_>>()
        .context("(b) title edits")?;
    session.edit(&page, &original, Expect::Reload)?;
    print_samples("(b) one page's title → reload", &title);

    let broken_text = front.stepwise_text_broken();
    let mut broken = Vec::new();
    let mut fixed = Vec::new();
    for _ in 0..edits {
        broken.push(
            session
                .edit(&page, &broken_text, Expect::Problems)
                .context("(c) front-matter error")?,
        );
        fixed.push(
            session
                .edit(&page, &original, Expect::Reload)
                .context("(c) fix")?,
        );
    }
    print_samples("(c) front-matter syntax error → problems", &broken);
    print_samples("(c) ...and its fix → reload", &fixed);
    let (peak, resident) = session.memory();
    println!(
        "  server memory at the end: peak {}, resident {}",
        mib(peak),
        mib(resident)
    );
    drop(session);
    drop(restore);
    Ok(())
}

fn serve_guide(
    dir: &Path,
    options: &Options,
    stepwise: &Path,
    timeout: Duration,
) -> anyhow::Result<()> {
    let page = "content/steps/gather-evidence.md";
    if !options.guide.join("site.yaml").is_file() || !options.guide.join(page).is_file() {
        println!(
            "the guide: skipped (no site.yaml or {page} in {})",
            options.guide.display()
        );
        return Ok(());
    }
    let guide = dir.join("guide");
    serve_latency::copy_site(&options.guide, &guide).context("copying the guide")?;
    eprintln!("[serve] starting stepwise serve on the guide");
    let restore = Restore::new(&guide, page)?;
    let original = restore.original().to_owned();
    let mut session = Session::open(stepwise, &guide, timeout)?;
    let samples: Vec<Sample> = (0..options.edits)
        .map(|n| {
            let text = format!("{original}\nEdit number {n} for the benchmark.\n");
            session.edit(page, &text, Expect::Reload)
        })
        .collect::<anyhow::Result<_>>()
        .context("the guide's body edits")?;
    println!("stepwise serve, the guide: from saving {page} to the live-reload event");
    print_samples("one page's body → reload", &samples);
    Ok(())
}

fn print_samples(label: &str, samples: &[Sample]) {
    let times: Vec<f64> = samples.iter().map(|sample| sample.millis).collect();
    let all: Vec<String> = times.iter().map(|t| format!("{t:.0}")).collect();
    let server = samples
        .iter()
        .filter_map(|sample| sample.server_said.as_deref())
        .filter_map(serve_latency::parse_built)
        .map(|(pages, ms)| match pages {
            Some(1) => format!("1 page in {ms} ms"),
            Some(pages) => format!("{pages} pages in {ms} ms"),
            None => format!("the site in {ms} ms"),
        })
        .collect::<Vec<_>>();
    let server = if server.is_empty() {
        String::new()
    } else {
        format!("; server: {}", server.join(", "))
    };
    println!(
        "  {label:<42} {:>8.1} ms  (all: {}{server})",
        median(&times),
        all.join(", ")
    );
    let cpu: Vec<f64> = samples
        .iter()
        .filter_map(|sample| sample.cpu_millis)
        .collect();
    if cpu.len() == samples.len() {
        let all: Vec<String> = cpu.iter().map(|t| format!("{t:.1}")).collect();
        println!(
            "  {:<42} server's CPU time (all threads), median {:.1} ms  (all: {})",
            "",
            median(&cpu),
            all.join(", ")
        );
    }
    if let (Some(first), Some(last)) = (
        samples.first().and_then(|sample| sample.resident_kib),
        samples.last().and_then(|sample| sample.resident_kib),
    ) {
        println!(
            "  {:<42} server's resident memory after the first and the last: {} → {}",
            "",
            mib(Some(first)),
            mib(Some(last))
        );
    }
    if let Some(last) = samples.last().filter(|sample| !sample.stages.is_empty()) {
        let stages: Vec<String> = last
            .stages
            .iter()
            .map(|(stage, ms)| format!("{stage} {ms:.1}"))
            .collect();
        println!(
            "  {:<42} server's stages in the last edit, ms: {}",
            "",
            stages.join(" · ")
        );
    }
}

/// KiB as MiB, for printing.
fn mib(kib: Option<u64>) -> String {
    kib.map_or("?".to_owned(), |kib| {
        format!("{:.0} MiB", kib as f64 / 1024.0)
    })
}

/// The median of some times (the upper one of an even count).
fn median(times: &[f64]) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(0.0)
}

/// The machine's load average over 1, 5 and 15 minutes (Linux).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn first_line(binary: &Path, arg: &str) -> String {
    Command::new(binary)
        .arg(arg)
        .output()
        .ok()
        .and_then(|output| {
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .next()
                .map(str::to_owned)
        })
        .unwrap_or_default()
}

/// The `stepwise` binary to measure: `explicit`, or the one beside this binary. Run through
/// `cargo run`, it is rebuilt first with the same profile, so the numbers are those of the
/// source being benchmarked (`cargo run --bin stepwise-bench` builds only this binary).
fn stepwise_binary(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(path) = explicit {
        if !path.is_file() {
            bail!("--stepwise {}: no such file", path.display());
        }
        return Ok(path.to_path_buf());
    }
    let exe = std::env::current_exe()?;
    let binary = exe.with_file_name(format!("stepwise{}", std::env::consts::EXE_SUFFIX));
    let profile_dir = exe.parent().context("the benchmark's folder")?;
    if let (Some(cargo), Some(target_dir)) = (std::env::var_os("CARGO"), profile_dir.parent()) {
        let mut command = Command::new(cargo);
        command
            .args(["build", "--bin", "stepwise", "--manifest-path"])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .arg("--target-dir")
            .arg(target_dir);
        match profile_dir.file_name().and_then(|name| name.to_str()) {
            Some("debug") => {}
            Some("release") => {
                command.arg("--release");
            }
            Some(other) => {
                command.args(["--profile", other]);
            }
            None => {}
        }
        eprintln!("building the stepwise binary: {command:?}");
        let status = command.status().context("running cargo build")?;
        if !status.success() {
            bail!("building the stepwise binary failed");
        }
    }
    if !binary.is_file() {
        bail!(
            "{} not found: build it with `cargo build --release --bins`, or pass --stepwise PATH",
            binary.display()
        );
    }
    Ok(binary)
}

fn module_size() {
    use stepwise::render::assets::{
        BASE_BUDGET_GZIPPED, PAGE_BUDGET_GZIPPED, Variant, gzipped_len,
    };
    use stepwise::render::script::SiteScripts;
    for variant in Variant::ALL {
        let wasm = variant.wasm();
        let script = variant.files(SiteScripts::ALL).script;
        let budget = match variant {
            Variant::Base => BASE_BUDGET_GZIPPED,
            Variant::Full => PAGE_BUDGET_GZIPPED,
        };
        println!(
            "browser module ({}): wasm {} B ({} B gzipped), page script (JS glue, start, offline registration, search start; minified) {} B ({} B gzipped); total gzipped {} B (budget {budget} B)",
            variant.name(),
            wasm.len(),
            gzipped_len(wasm),
            script.len(),
            gzipped_len(script.as_bytes()),
            variant.gzipped_len(SiteScripts::ALL),
        );
    }
    use stepwise::render::search_assets::{SEARCH_BUDGET_GZIPPED, gzipped_size};
    println!(
        "search module (loaded on first search): wasm, glue and the field's script {} B gzipped (cap {SEARCH_BUDGET_GZIPPED} B; goal 25000 B)",
        gzipped_size()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_five_is_the_middle_one() {
        assert_eq!(median(&[5.0, 1.0, 4.0, 2.0, 3.0]), 3.0);
        assert_eq!(median(&[]), 0.0);
    }

    #[test]
    fn options_parse_as_documented() {
        let options = Options::try_parse_from(["stepwise-bench"]).expect("defaults");
        assert_eq!(options.pages, vec![1_000, 10_000]);
        assert_eq!(options.runs, 3);
        assert_eq!(options.shape, Shape::Flat);
        let options = Options::try_parse_from([
            "stepwise-bench",
            "--pages",
            "30000,50000",
            "--shape",
            "nested",
            "--runs",
            "1",
        ])
        .expect("options");
        assert_eq!(options.pages, vec![30_000, 50_000]);
        assert_eq!(options.shape, Shape::Nested);
        assert!(Options::try_parse_from(["stepwise-bench", "--shape", "round"]).is_err());
        assert!(Options::try_parse_from(["stepwise-bench", "--runs", "0"]).is_err());
    }
}
