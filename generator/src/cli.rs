//! Command-line arguments. Each flag's doc comment is its `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Build step-by-step guides with interactive checklists into a static site.
#[derive(Debug, Parser)]
#[command(name = "stepwise", version, about, long_about = None)]
pub(crate) struct Cli {
    /// The site's root folder (holding site.yaml and content/). Defaults to the current folder.
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into a folder, replacing it only if the build succeeds.
    Build(BuildArgs),
    /// Build without writing anything, and report every problem.
    Check(CheckArgs),
    /// Create a small example site in a new folder.
    Init(InitArgs),
    /// Build the site in memory and serve it locally, rebuilding and reloading on every change.
    Serve(ServeArgs),
}

/// `stepwise serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The port to listen on; without it, the first free port from 1111 is used.
    #[arg(long, short)]
    pub port: Option<u16>,
    /// The address to listen on. Only change it to preview on another device: 0.0.0.0 lets
    /// every device on your network see the site.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in your default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// Options shared by `build` and `check`.
#[derive(Debug, Args)]
pub(crate) struct CommonArgs {
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
}

/// `stepwise build`.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The output folder (relative paths are relative to the site root).
    #[arg(long, short, value_name = "DIR", default_value = "public")]
    pub out: PathBuf,
    /// Publish at this address instead of site.yaml's base_url (e.g. https://example.org/guide/).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `stepwise check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The published site (its folder, or its stepwise-manifest.json): report checklist items
    /// whose readers' ticks this version would drop.
    #[arg(long, value_name = "DIR_OR_MANIFEST")]
    pub previous: Option<PathBuf>,
    /// Print each page's readability: words per sentence, Flesch–Kincaid grade and reading age.
    #[arg(long)]
    pub readability: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `stepwise init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to create the site in (it must not exist, or be empty).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}
