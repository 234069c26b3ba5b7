//! The guide's pages within their gzipped budgets (`stepwise::weight`): HTML, CSS and the
//! browser code each page type can load.

use std::collections::BTreeSet;

use stepwise::pipeline::{BuildOptions, build};
use stepwise::weight::{PageType, weigh_output};

use crate::support::workspace;

#[test]
fn every_page_of_the_guide_is_within_its_page_types_budget() {
    let source = stepwise::source::load(&workspace()).expect("the guide loads");
    let config = source.config.clone().expect("site.yaml").expect("valid");
    let output = build(&source, &BuildOptions::default());
    assert!(output.succeeded(true), "{:?}", output.diagnostics);
    let pages = weigh_output(&output.files, config.base_path());
    let over: Vec<String> = pages
        .iter()
        .flat_map(|page| {
            page.weight
                .over(&page.budget)
                .into_iter()
                .map(move |problem| format!("{} ({}): {problem}", page.path, page.kind.name()))
        })
        .collect();
    assert!(over.is_empty(), "over budget:\n{}", over.join("\n"));
    for page in &pages {
        assert!(page.weight.css > 0 && page.weight.code > 0, "{page:?}");
    }
    let kinds: BTreeSet<PageType> = pages.iter().map(|page| page.kind).collect();
    for kind in PageType::ALL {
        assert!(
            kinds.contains(&kind),
            "the guide has no {} page",
            kind.name()
        );
    }
}
