//! Checks that need every page rendered first: anchors of links between pages, and links to
//! site paths (`/file.pdf`) against the files the build produces. Every problem is reported.

use std::collections::BTreeSet;

use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::model::SiteModel;

/// Checks every page's links. `output_paths` are the paths of every file the build writes.
pub fn links(
    model: &SiteModel,
    rendered: &[Rendered],
    output_paths: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for page in rendered {
        for link in &page.links {
            let Some(anchor) = &link.anchor else { continue };
            if anchor.is_empty() || rendered[link.target.0].anchors.contains(anchor) {
                continue;
            }
            let target = &model.page(link.target).source_path;
            problems.push(Diagnostic::error(
                link.at.0.as_str(),
                link.at.1,
                format!("`#{anchor}` is not a heading or item id on {target}"),
            ));
        }
        for link in &page.site_paths {
            let path = link.path.trim_end_matches('/');
            let exists = path.is_empty()
                || output_paths.contains(path)
                || output_paths.contains(&format!("{path}/index.html"));
            if !exists {
                problems.push(Diagnostic::error(
                    link.at.0.as_str(),
                    link.at.1,
                    format!("`/{}` is not a page or file of this site (files to publish as they are go in `static/`)", link.path),
                ));
            }
        }
    }
    problems
}
