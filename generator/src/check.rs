//! Checks that need every page rendered first: anchors of links between pages, and links to
//! site paths (`/file.pdf`) against the files the build produces, and output files that would
//! clash. Every problem is reported.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::model::{PageId, SiteModel};

/// Checks every page's links. `output_paths` are the paths of every file the build writes.
pub fn links(
    model: &SiteModel,
    rendered: &[Rendered],
    output_paths: &BTreeSet<String>,
) -> Vec<Vec<Diagnostic>> {
    (0..rendered.len())
        .map(|index| page_links(model, rendered, output_paths, PageId(index)))
        .collect()
}

/// Checks the links of page `id`: the anchors of the pages it links to, and the site paths it
/// names. What it finds depends on this page, the pages it links to, and `output_paths`, so
/// after an edit only the edited page and the pages linking to it are checked again.
pub fn page_links(
    model: &SiteModel,
    rendered: &[Rendered],
    output_paths: &BTreeSet<String>,
    id: PageId,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let page = &rendered[id.0];
    for link in &page.links {
        if !model.page(link.target).is_published() {
            let message = format!(
                "`{}` links to {}, which has errors of its own (see them above), so it is not published",
                link.written,
                model.page(link.target).source_path
            );
            problems.push(if model.config.compatibility.link_problems_are_warnings {
                Diagnostic::warning(link.at.0.as_str(), link.at.1, message)
            } else {
                Diagnostic::error(link.at.0.as_str(), link.at.1, message)
            });
            continue;
        }
        let Some(anchor) = &link.anchor else { continue };
        if anchor.is_empty() || rendered[link.target.0].anchors.contains(anchor) {
            continue;
        }
        let target = &model.page(link.target).source_path;
        let suggestion = similar_anchor(anchor, &rendered[link.target.0].anchors)
            .map(|found| format!("; did you mean `#{found}`?"))
            .unwrap_or_default();
        let message = format!("`#{anchor}` is not a heading or item id on {target}{suggestion}");
        problems.push(if model.config.compatibility.link_problems_are_warnings {
            Diagnostic::warning(link.at.0.as_str(), link.at.1, message)
        } else {
            Diagnostic::error(link.at.0.as_str(), link.at.1, message)
        });
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
    problems
}

/// For every page, the pages whose links point to it (sorted, each once): the pages whose
/// link problems can change when it does.
pub fn linked_from(rendered: &[Rendered]) -> Vec<Vec<PageId>> {
    let mut from = vec![Vec::new(); rendered.len()];
    for (index, page) in rendered.iter().enumerate() {
        for link in &page.links {
            let readers: &mut Vec<PageId> = &mut from[link.target.0];
            if readers.last() != Some(&PageId(index)) {
                readers.push(PageId(index));
            }
        }
    }
    from
}

/// An anchor of the page that differs from `anchor` only in letter case, punctuation or the
/// slug rule (`Keep_going`, `keep--going` for `keep-going`): written for another tool's ids.
fn similar_anchor<'a>(anchor: &str, anchors: &'a BTreeSet<String>) -> Option<&'a str> {
    let key = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = key(anchor);
    (!wanted.is_empty())
        .then(|| anchors.iter().find(|candidate| key(candidate) == wanted))
        .flatten()
        .map(String::as_str)
}

/// Where an output file comes from, for collision messages.
#[derive(Debug, Clone)]
enum Origin<'a> {
    /// A page, by its source file.
    Page(&'a str),
    /// An alias of a page: the page's source file and where the alias is written.
    Alias(&'a str, (usize, usize)),
    /// A file under `static/`, by its path there.
    Static(&'a str),
    /// A file the build writes itself: the registry entry's name.
    Generated(&'static str),
}

impl Origin<'_> {
    fn describe(&self) -> String {
        match self {
            Self::Page(source) => format!("the page {source}"),
            Self::Alias(source, _) => format!("an alias of {source}"),
            Self::Static(path) => format!("the static file `static/{path}`"),
            Self::Generated(name) => format!("the build's own {name}"),
        }
    }

    /// Where to report a problem with this file (the build's own files have no source).
    fn location(&self) -> Option<(String, (usize, usize))> {
        match self {
            Self::Page(source) => Some(((*source).to_owned(), (1, 1))),
            Self::Alias(source, at) => Some(((*source).to_owned(), *at)),
            Self::Static(path) => Some((format!("{}/{path}", crate::source::STATIC_DIR), (1, 1))),
            Self::Generated(_) => None,
        }
    }

    fn is_address(&self) -> bool {
        matches!(self, Self::Page(_) | Self::Alias(..))
    }
}

/// Output files that would overwrite each other, or a file standing where another output needs
/// a folder: every such clash is an error at each author-written source involved, naming the
/// others, so `check` finds what would otherwise fail (or silently lose a file) when writing.
/// `generated` are the files the build writes itself, by the registry entry that writes them.
/// Two addresses of pages (pages and aliases) are reported by the model already.
pub fn output_collisions<'a>(
    model: &'a SiteModel,
    static_files: impl Iterator<Item = &'a str>,
    generated: impl Iterator<Item = (&'static str, &'a str)>,
) -> Vec<Diagnostic> {
    let mut outputs: BTreeMap<String, Vec<Origin<'a>>> = BTreeMap::new();
    for page in &model.pages {
        outputs
            .entry(crate::model::output_path(&page.url_path))
            .or_default()
            .push(Origin::Page(&page.source_path));
        for (alias, &at) in page.front.aliases.iter().zip(&page.front.alias_positions) {
            outputs
                .entry(crate::model::alias_output_path(alias))
                .or_default()
                .push(Origin::Alias(&page.source_path, at));
        }
    }
    for path in static_files {
        outputs
            .entry(path.to_owned())
            .or_default()
            .push(Origin::Static(path));
    }
    for (name, path) in generated {
        outputs
            .entry(path.to_owned())
            .or_default()
            .push(Origin::Generated(name));
    }

    let mut problems = Vec::new();
    let mut report = |origin: &Origin<'_>, message: String| {
        if let Some((path, at)) = origin.location() {
            problems.push(Diagnostic::error(path, at, message));
        }
    };
    for (path, origins) in &outputs {
        if origins.len() > 1 && !origins.iter().all(Origin::is_address) {
            for (index, origin) in origins.iter().enumerate() {
                let others: Vec<String> = origins
                    .iter()
                    .enumerate()
                    .filter(|(other, _)| *other != index)
                    .map(|(_, other)| other.describe())
                    .collect();
                report(
                    origin,
                    format!(
                        "{} would be published as `{path}`, and so would {}: one file would replace the other; rename or move one of them",
                        origin.describe(),
                        others.join(" and ")
                    ),
                );
            }
        }
        // A file standing where this output needs a folder.
        let mut folder = path.as_str();
        while let Some((parent, _)) = folder.rsplit_once('/') {
            folder = parent;
            let Some(files) = outputs.get(folder) else {
                continue;
            };
            for file in files {
                for needs in origins {
                    let message = format!(
                        "{} would be published as the file `{folder}`, but {} needs a folder there (for `{path}`): rename or move one of them",
                        file.describe(),
                        needs.describe()
                    );
                    report(file, message.clone());
                    report(needs, message);
                }
            }
        }
    }
    problems
}
