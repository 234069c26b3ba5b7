//! The `stepwise` command.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use clap::Parser as _;
use stepwise::diagnostics::{Diagnostic, Severity};
use stepwise::pipeline::{self, BuildOptions, BuildOutput};

mod cli;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let root = cli.root.clone().unwrap_or_else(|| PathBuf::from("."));
    match cli.command {
        Command::Build(args) => {
            let started = Instant::now();
            let options = BuildOptions {
                include_drafts: args.common.drafts,
                base_url: args.base_url,
                strict: args.common.strict,
                previous: None,
                readability: false,
                preview: false,
            };
            let source = stepwise::source::load(&root)
                .with_context(|| format!("reading the site in {}", root.display()))?;
            let out_dir = if args.out.is_absolute() {
                args.out.clone()
            } else {
                root.join(&args.out)
            };
            let build = pipeline::Build::prepare(source, options.clone());
            let (output, published) =
                stepwise::output::publish_build(&build, &out_dir, options.strict);
            print_timings(&output);
            let succeeded = report(&output, options.strict);
            published.with_context(|| format!("writing the site to {}", out_dir.display()))?;
            if !succeeded {
                eprintln!("The previous output, if any, was left as it was.");
                return Ok(ExitCode::FAILURE);
            }
            eprintln!(
                "Built {} pages into {} in {} ms.",
                output.page_count,
                out_dir.display(),
                started.elapsed().as_millis()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(args) => {
            let previous = match &args.previous {
                Some(path) => Some(read_previous(path)?),
                None => None,
            };
            let options = BuildOptions {
                include_drafts: args.common.drafts,
                base_url: None,
                strict: args.common.strict,
                previous,
                readability: args.readability,
                preview: false,
            };
            let output = check(&root, &options)?;
            print_timings(&output);
            if args.readability {
                print_readability(&output);
            }
            if !report(&output, options.strict) {
                return Ok(ExitCode::FAILURE);
            }
            let verdict = if output.diagnostics.is_empty() {
                "No problems"
            } else {
                "No errors"
            };
            eprintln!("{verdict} in {} pages.", output.page_count);
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve(args) => {
            let options = stepwise::serve::ServeOptions {
                port: args.port,
                bind: args.bind,
                open: args.open,
                drafts: args.drafts,
            };
            stepwise::serve::run(&root, &options)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init(args) => {
            stepwise::init::create(&args.dir)
                .with_context(|| format!("creating a site in {}", args.dir.display()))?;
            eprintln!(
                "Created a site in {dir}. Next: `stepwise --root {dir} build`, then open {dir}/public/index.html through a web server.",
                dir = args.dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A table of every page's readability, on standard output.
fn print_readability(output: &BuildOutput) {
    println!(
        "{:<44} {:>6} {:>9} {:>6} {:>12}",
        "page", "words", "words/sen", "grade", "reading age"
    );
    let mut total = stepwise::readability::TextStats::default();
    for page in &output.pages {
        let stats = page.stats;
        total.words += stats.words;
        total.sentences += stats.sentences;
        total.syllables += stats.syllables;
        println!(
            "{:<44} {:>6} {:>9.1} {:>6.1} {:>12.1}",
            page.source,
            stats.words,
            stats.words_per_sentence(),
            stats.grade(),
            stats.reading_age()
        );
    }
    println!(
        "{:<44} {:>6} {:>9.1} {:>6.1} {:>12.1}",
        "all pages",
        total.words,
        total.words_per_sentence(),
        total.grade(),
        total.reading_age()
    );
}

/// Reads the previous build's manifest from its output folder or the file itself.
fn read_previous(path: &Path) -> anyhow::Result<Vec<stepwise_core::manifest::ManifestItem>> {
    let file = if path.is_dir() {
        path.join(stepwise::manifest::FILE_NAME)
    } else {
        path.to_path_buf()
    };
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("reading the previous manifest {}", file.display()))?;
    stepwise::manifest::read(&text)
        .map_err(|message| anyhow::anyhow!("{}: {message}", file.display()))
}

fn check(root: &Path, options: &BuildOptions) -> anyhow::Result<BuildOutput> {
    let source = stepwise::source::load(root)
        .with_context(|| format!("reading the site in {}", root.display()))?;
    Ok(pipeline::check(source, options))
}

/// Prints how long each stage took, when `STEPWISE_TIMINGS` is set (for profiling builds).
fn print_timings(output: &BuildOutput) {
    if std::env::var_os("STEPWISE_TIMINGS").is_some() {
        for line in output.timings.lines() {
            eprintln!("{line}");
        }
    }
}

/// Prints every diagnostic and a summary; returns whether the build may be published.
fn report(output: &BuildOutput, strict: bool) -> bool {
    for diagnostic in &output.diagnostics {
        eprintln!("{}", shown(diagnostic, strict));
    }
    let errors = output
        .diagnostics
        .iter()
        .filter(|d| d.is_fatal(strict))
        .count();
    let warnings = output.diagnostics.len() - errors;
    if errors > 0 {
        eprintln!(
            "error: the build failed with {errors} {}{}.",
            plural(errors, "error"),
            warning_note(warnings)
        );
        false
    } else {
        if warnings > 0 {
            eprintln!(
                "{warnings} {} (use --strict to treat them as errors).",
                plural(warnings, "warning")
            );
        }
        true
    }
}

fn shown(diagnostic: &Diagnostic, strict: bool) -> String {
    if strict && diagnostic.severity == Severity::Warning {
        let mut promoted = diagnostic.clone();
        promoted.severity = Severity::Error;
        promoted
            .message
            .push_str(" [warning, an error in --strict mode]");
        promoted.to_string()
    } else {
        diagnostic.to_string()
    }
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

fn warning_note(warnings: usize) -> String {
    if warnings == 0 {
        String::new()
    } else {
        format!(" and {warnings} {}", plural(warnings, "warning"))
    }
}
