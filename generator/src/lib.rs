//! Stepwise: a static-site generator for step-by-step guides with interactive checklists and
//! a private, in-browser message composer.
//!
//! The build is a pipeline of plain data: [`source::load`] reads a site from disk,
//! [`pipeline::build`] turns it into output files and diagnostics without doing any IO, and
//! [`output::write`] replaces the output folder only when the build succeeded.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let source = stepwise::source::load(std::path::Path::new("my-site"))?;
//! let output = stepwise::pipeline::build(&source, &Default::default());
//! for problem in &output.diagnostics {
//!     eprintln!("{problem}");
//! }
//! if output.succeeded(false) {
//!     stepwise::output::write(std::path::Path::new("my-site/public"), &output.files)?;
//! }
//! # Ok(())
//! # }
//! ```

pub mod check;
pub mod config;
pub mod diagnostics;
pub mod escape;
pub mod front_matter;
pub mod init;
pub mod manifest;
pub mod markdown;
pub mod model;
pub mod offline;
pub mod output;
pub mod pipeline;
pub mod readability;
pub mod render;
pub mod search;
pub mod serve;
pub mod site_files;
pub mod source;
pub mod steps;
pub mod theme;
pub mod weight;
pub mod yaml;
