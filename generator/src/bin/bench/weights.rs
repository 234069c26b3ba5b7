//! Page weights of the guide: the heaviest page of each type, gzipped (HTML, CSS, the browser
//! code it can load), beside its budget (`stepwise::weight`).

use std::path::Path;

use anyhow::Context as _;
use stepwise::pipeline::{BuildOptions, build};
use stepwise::weight::{heaviest, weigh_output};

/// Builds the guide at `guide` in memory and prints its page weights.
pub(crate) fn print(guide: &Path) -> anyhow::Result<()> {
    let source = stepwise::source::load(guide).context("reading the guide")?;
    let Some(Ok(config)) = source.config.clone() else {
        println!("page weights: skipped (the guide's site.yaml has problems)");
        return Ok(());
    };
    let output = build(&source, &BuildOptions::default());
    let pages = weigh_output(&output.files, config.base_path());
    println!(
        "page weights of the guide, gzipped (the heaviest page of each type; budget in brackets):"
    );
    for (kind, count, weight, budget) in heaviest(&pages) {
        let over = if weight.over(&budget).is_empty() {
            ""
        } else {
            "  OVER BUDGET"
        };
        println!(
            "  {:<22} {count:>3} pages  HTML {:>6} B ({:>6})  CSS {:>6} B ({:>6})  code {:>6} B ({:>6}){over}",
            kind.name(),
            weight.html,
            budget.html,
            weight.css,
            budget.css,
            weight.code,
            budget.code,
        );
    }
    Ok(())
}
