//! The site model: every page and section, where it is published, and how they nest.
//!
//! Built once from the parsed sources. Relations are stored as [`PageId`]s into one `Vec`, so
//! the model is plain data with a deterministic order (weight, then title, then path).

use std::collections::BTreeMap;

use stepwise_core::ids;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::front_matter::{self, FrontMatter};
use crate::source::{CONTENT_DIR, TextFile};

/// The output file of a page or redirect at `path` (its URL path, ending in `/` or empty):
/// `path/index.html`.
pub fn output_path(path: &str) -> String {
    format!("{path}index.html")
}

/// The output file of the redirect page of `alias`.
pub fn alias_output_path(alias: &str) -> String {
    output_path(&normalize_alias(alias))
}

/// Index of a page in [`SiteModel::pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(pub usize);

/// What a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// The site's start page (`content/_index.md`).
    Index,
    /// A section's own page (`_index.md` of a folder).
    Section,
    /// An ordinary page.
    Page,
}

/// One page or section.
#[derive(Debug, Clone)]
pub struct Page {
    /// Where diagnostics point: the Markdown file, or the folder of a section without one.
    pub source_path: String,
    /// What kind of page this is.
    pub kind: PageKind,
    /// Its validated front matter.
    pub front: FrontMatter,
    /// The path after the site's base path, ending in `/` (`""` for the start page).
    pub url_path: String,
    /// The key readers' progress on this page is saved under.
    pub key: String,
    /// The section this page belongs to (`None` only for the start page).
    pub parent: Option<PageId>,
    /// For sections: their pages and subsections, in reading order.
    pub children: Vec<PageId>,
    /// The whole source file (empty for a section without `_index.md`), shared with the source.
    pub text: std::sync::Arc<str>,
    /// Byte offset of the Markdown body in `text`.
    pub body_offset: usize,
    /// The problems of its front matter, when it does not parse. Such a page stays in the
    /// model (so an edit that breaks it, and the one that fixes it, are ordinary incremental
    /// updates, and links to it are reported as links to a page with errors) but is not
    /// published: it is nobody's child, has no place in reading order and is not rendered. Its
    /// front matter is a stand-in ([`broken_page`]), the same whether the page broke in an
    /// edit or was broken when the site was read.
    pub broken: Option<Vec<Diagnostic>>,
}

impl Page {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// Whether this page can have children.
    pub fn is_section(&self) -> bool {
        self.kind != PageKind::Page
    }

    /// Whether the page is published (its front matter parsed).
    pub fn is_published(&self) -> bool {
        self.broken.is_none()
    }
}

/// The whole site.
#[derive(Debug, Clone)]
pub struct SiteModel {
    /// Settings from `site.yaml`.
    pub config: SiteConfig,
    /// Every published page; `pages[0]` is the start page.
    pub pages: Vec<Page>,
    /// Pages in reading order (depth first), which gives previous and next links.
    pub reading_order: Vec<PageId>,
    /// Each page's position in `reading_order`.
    pub position: Vec<usize>,
    /// Pages by their source path (`content/guide/a.md`; sections by their `_index.md`).
    pub by_source: BTreeMap<String, PageId>,
    /// Source paths of drafts left out of this build.
    pub drafts: std::collections::BTreeSet<String>,
    /// The guide's steps (see [`crate::steps`]).
    pub steps: crate::steps::Steps,
}

impl SiteModel {
    /// The page with this id.
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id.0]
    }

    /// The start page.
    pub fn root(&self) -> PageId {
        PageId(0)
    }

    /// The page's ancestors, from the start page down to its parent.
    pub fn ancestors(&self, id: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut current = self.page(id).parent;
        while let Some(parent) = current {
            chain.push(parent);
            current = self.page(parent).parent;
        }
        chain.reverse();
        chain
    }

    /// The site-relative URL of a page: base path + its path (`/guides/refund/evidence/`).
    pub fn url(&self, id: PageId) -> String {
        format!("{}{}", self.config.base_path(), self.page(id).url_path)
    }

    /// The absolute URL of a page.
    pub fn permalink(&self, id: PageId) -> String {
        format!("{}{}", self.config.base_url, self.page(id).url_path)
    }

    /// The pages before and after this one in reading order.
    pub fn neighbours(&self, id: PageId) -> (Option<PageId>, Option<PageId>) {
        let position = self.position[id.0];
        let previous = position.checked_sub(1).map(|p| self.reading_order[p]);
        let next = self.reading_order.get(position + 1).copied();
        (previous, next)
    }
}

/// Options that change which pages exist.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelOptions {
    /// Publish pages marked `draft: true`.
    pub include_drafts: bool,
}

/// Builds the model from the content files, with every problem found: those of the files
/// ([`assemble`], [`broken_problems`]) and of the site as a whole ([`problems`]).
pub fn build(
    config: SiteConfig,
    content: &[TextFile],
    content_dirs: &[String],
    options: ModelOptions,
) -> (SiteModel, Vec<Diagnostic>) {
    let (model, mut diagnostics) = assemble(config, content, content_dirs, options);
    diagnostics.extend(broken_problems(&model));
    diagnostics.extend(problems(&model));
    (model, diagnostics)
}

/// Builds the model from the content files, with the problems of the folders and of section
/// pages' front matter (which depend only on which files exist and on those pages). A page
/// whose front matter does not parse is in the model as broken (see [`Page::broken`]); the
/// problems that depend on other pages are [`problems`]'s.
pub fn assemble(
    config: SiteConfig,
    content: &[TextFile],
    content_dirs: &[String],
    options: ModelOptions,
) -> (SiteModel, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut parsed: BTreeMap<String, (FrontMatter, usize, &TextFile)> = BTreeMap::new();
    let mut broken: BTreeMap<String, (Vec<Diagnostic>, &TextFile)> = BTreeMap::new();
    for file in content {
        match front_matter::parse_with(
            &file.path,
            &file.text,
            config.compatibility.keep_unknown_front_matter,
        ) {
            Ok((front, split)) => {
                parsed.insert(file.path.clone(), (front, split.body_offset, file));
            }
            // A section's own page stands in for its folder, which exists anyway: its problems
            // are reported here, and the folder gets a page made up from its name.
            Err(problems) if file.path.ends_with("/_index.md") => diagnostics.extend(problems),
            Err(problems) => {
                broken.insert(file.path.clone(), (problems, file));
            }
        }
    }
    if content.is_empty() && diagnostics.is_empty() {
        diagnostics.push(Diagnostic::error(
            CONTENT_DIR,
            (1, 1),
            "no pages: the content folder is empty or missing; add `content/_index.md` for the start page",
        ));
    }

    let mut sorted_dirs = content_dirs.to_vec();
    sorted_dirs.sort();
    let mut builder = Builder {
        config: &config,
        parsed,
        broken,
        all_files: content.iter().map(|file| file.path.as_str()).collect(),
        content_dirs: &sorted_dirs,
        options,
        pages: Vec::new(),
        drafts: Default::default(),
        diagnostics,
    };
    builder.add_section(CONTENT_DIR, None);
    let Builder {
        pages,
        drafts,
        mut diagnostics,
        broken,
        ..
    } = builder;
    // Broken pages the walk did not reach (in a draft section): their problems still count.
    diagnostics.extend(broken.into_values().flat_map(|(problems, _)| problems));

    let mut model = SiteModel {
        config,
        pages,
        reading_order: Vec::new(),
        position: Vec::new(),
        by_source: BTreeMap::new(),
        drafts,
        steps: Default::default(),
    };
    for (index, page) in model.pages.iter().enumerate() {
        model
            .by_source
            .insert(page.source_path.clone(), PageId(index));
    }
    model.reorder();
    (model, diagnostics)
}

/// Every broken page's front-matter problems.
pub fn broken_problems(model: &SiteModel) -> impl Iterator<Item = Diagnostic> + '_ {
    model
        .pages
        .iter()
        .filter_map(|page| page.broken.as_ref())
        .flatten()
        .cloned()
}

/// The problems of the pages seen together: `step_logic` where it cannot apply, keys kept for
/// other tools, addresses and progress keys used twice. The one function both a full build and
/// an incremental update compute them with; an incremental update never changes an address or
/// key, so it calls it again only when kept keys or the guide's steps changed.
pub fn problems(model: &SiteModel) -> Vec<Diagnostic> {
    let mut diagnostics = crate::steps::check(model, &model.steps);
    diagnostics.extend(kept_keys(model));
    diagnostics.extend(check_unique_urls(model));
    diagnostics.extend(check_unique_keys(model));
    diagnostics
}

/// A broken page (see [`Page::broken`]) at `path` in section `parent`: what the model holds
/// of a page whose front matter has `problems`, whether it was broken when the site was read
/// or broke in an edit.
pub fn broken_page(
    model_pages: &[Page],
    path: &str,
    parent: PageId,
    text: std::sync::Arc<str>,
    problems: Vec<Diagnostic>,
) -> Page {
    let stem = page_stem(path);
    let front = FrontMatter {
        title: title_from_name(stem),
        ..FrontMatter::default()
    };
    let (url_path, key) = page_address(&model_pages[parent.0].url_path, path, &front);
    Page {
        source_path: path.to_owned(),
        kind: PageKind::Page,
        front,
        url_path,
        key,
        parent: Some(parent),
        children: Vec::new(),
        text,
        body_offset: 0,
        broken: Some(problems),
    }
}

/// The file name of a page without `.md`.
fn page_stem(path: &str) -> &str {
    path.rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".md")
}

/// The address (after the base path) and key of the page at `path` with front matter `front`,
/// in a section at `parent_url`.
pub fn page_address(parent_url: &str, path: &str, front: &FrontMatter) -> (String, String) {
    let stem = page_stem(path);
    let segment = front
        .slug
        .clone()
        .unwrap_or_else(|| ids::name_segment(stem));
    let url_path = format!("{parent_url}{segment}/");
    let dir = path.rsplit_once('/').map_or(CONTENT_DIR, |(dir, _)| dir);
    let key = front
        .id
        .clone()
        .unwrap_or_else(|| ids::page_key(dir.split('/').skip(1).chain([stem])));
    (url_path, key)
}

/// Where page `id` goes among `siblings` (sorted): by weight, then title, then path.
pub fn sorted_position(pages: &[Page], siblings: &[PageId], id: PageId) -> usize {
    let key = |p: PageId| {
        let page = &pages[p.0];
        (page.front.weight, &page.front.title, &page.source_path)
    };
    siblings.partition_point(|&sibling| key(sibling) < key(id))
}

impl SiteModel {
    /// Recomputes the reading order and each page's position in it (after a page joined or
    /// left its section's children).
    pub fn reorder(&mut self) {
        self.reading_order = reading_order(self);
        self.position = vec![0; self.pages.len()];
        for (position, id) in self.reading_order.iter().enumerate() {
            self.position[id.0] = position;
        }
        self.steps = crate::steps::Steps::of(self);
    }
}

struct Builder<'a> {
    config: &'a SiteConfig,
    parsed: BTreeMap<String, (FrontMatter, usize, &'a TextFile)>,
    /// Pages whose front matter does not parse, with its problems.
    broken: BTreeMap<String, (Vec<Diagnostic>, &'a TextFile)>,
    /// Every Markdown file's path, whether its front matter parsed or not.
    all_files: std::collections::BTreeSet<&'a str>,
    content_dirs: &'a [String],
    options: ModelOptions,
    pages: Vec<Page>,
    drafts: std::collections::BTreeSet<String>,
    diagnostics: Vec<Diagnostic>,
}

impl Builder<'_> {
    /// Adds the section for folder `dir` (and, recursively, everything in it). Returns its id,
    /// or `None` if it is a draft that is left out.
    fn add_section(&mut self, dir: &str, parent: Option<PageId>) -> Option<PageId> {
        let index_path = format!("{dir}/_index.md");
        let is_root = parent.is_none();
        let (front, body_offset, text, source_path) = match self.parsed.remove(&index_path) {
            Some((front, offset, file)) => (front, offset, file.text.clone(), index_path.clone()),
            None => {
                let name = dir.rsplit('/').next().unwrap_or(dir);
                let title = if is_root {
                    self.config.title.clone()
                } else {
                    title_from_name(name)
                };
                if self.content_dirs.iter().any(|d| d == dir) && !self.parsed.is_empty() {
                    self.diagnostics.push(Diagnostic::warning(
                        dir,
                        (1, 1),
                        format!("this folder has no `_index.md`, so its page is titled “{title}”; add one to set its title and text"),
                    ));
                }
                let front = FrontMatter {
                    title,
                    ..FrontMatter::default()
                };
                (front, 0, std::sync::Arc::from(""), dir.to_owned())
            }
        };
        if front.draft && !self.options.include_drafts && !is_root {
            self.drafts.insert(source_path);
            return None;
        }
        let url_path = match parent {
            None => String::new(),
            Some(parent) => {
                let name = dir.rsplit('/').next().unwrap_or(dir);
                let segment = front
                    .slug
                    .clone()
                    .unwrap_or_else(|| ids::name_segment(name));
                format!("{}{segment}/", self.pages[parent.0].url_path)
            }
        };
        let key = front
            .id
            .clone()
            .unwrap_or_else(|| ids::page_key(dir.split('/').skip(1)));
        let id = PageId(self.pages.len());
        self.pages.push(Page {
            source_path,
            kind: if is_root {
                PageKind::Index
            } else {
                PageKind::Section
            },
            front,
            url_path,
            key,
            parent,
            children: Vec::new(),
            text,
            body_offset,
            broken: None,
        });

        let mut children = Vec::new();
        let prefix = format!("{dir}/");
        // Paths are sorted, so the folder's files are one run from `prefix` on: the model is
        // built in time linear in the number of files, however many sections there are.
        let page_paths: Vec<String> = self
            .parsed
            .range(prefix.clone()..)
            .map(|(path, _)| path)
            .take_while(|path| path.starts_with(&prefix))
            .filter(|path| !path[prefix.len()..].contains('/'))
            .cloned()
            .collect();
        for path in page_paths {
            if let Some(child) = self.add_page(&path, id) {
                children.push(child);
            }
        }
        let broken_paths: Vec<String> = self
            .broken
            .range(prefix.clone()..)
            .map(|(path, _)| path)
            .take_while(|path| path.starts_with(&prefix))
            .filter(|path| !path[prefix.len()..].contains('/'))
            .cloned()
            .collect();
        for path in broken_paths {
            if let Some((problems, file)) = self.broken.remove(&path) {
                let page = broken_page(&self.pages, &path, id, file.text.clone(), problems);
                self.pages.push(page);
            }
        }
        let subdirs: Vec<String> = folders_below(self.content_dirs, &prefix)
            .filter(|d| !d[prefix.len()..].contains('/'))
            .cloned()
            .collect();
        for subdir in subdirs {
            let inside = format!("{subdir}/");
            // Every Markdown file counts, also one whose front matter was rejected: such a
            // folder is not empty, its pages have problems (reported with them).
            let has_markdown = self
                .all_files
                .range(inside.as_str()..)
                .next()
                .is_some_and(|path| path.starts_with(&inside));
            if !has_markdown && folders_below(self.content_dirs, &inside).next().is_none() {
                self.diagnostics.push(Diagnostic::warning(
                    subdir.as_str(),
                    (1, 1),
                    "empty folder: it holds no Markdown files, so it is not published",
                ));
                continue;
            }
            if let Some(child) = self.add_section(&subdir, Some(id)) {
                children.push(child);
            }
        }
        children.sort_by(|a, b| {
            let (a, b) = (&self.pages[a.0], &self.pages[b.0]);
            (a.front.weight, &a.front.title, &a.source_path).cmp(&(
                b.front.weight,
                &b.front.title,
                &b.source_path,
            ))
        });
        self.pages[id.0].children = children;
        Some(id)
    }

    fn add_page(&mut self, path: &str, parent: PageId) -> Option<PageId> {
        let (front, body_offset, file) = self.parsed.remove(path)?;
        if front.draft && !self.options.include_drafts {
            self.drafts.insert(path.to_owned());
            return None;
        }
        let (url_path, key) = page_address(&self.pages[parent.0].url_path, path, &front);
        let id = PageId(self.pages.len());
        self.pages.push(Page {
            source_path: path.to_owned(),
            kind: PageKind::Page,
            front,
            url_path,
            key,
            parent: Some(parent),
            children: Vec::new(),
            text: file.text.clone(),
            body_offset,
            broken: None,
        });
        Some(id)
    }
}

/// The folders of `sorted` (sorted paths) that start with `prefix`: one run, found by binary
/// search.
fn folders_below<'d>(sorted: &'d [String], prefix: &'d str) -> impl Iterator<Item = &'d String> {
    let start = sorted.partition_point(|dir| dir.as_str() < prefix);
    sorted[start..]
        .iter()
        .take_while(move |dir| dir.starts_with(prefix))
}

/// `Getting started` for `getting-started`.
fn title_from_name(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn reading_order(model: &SiteModel) -> Vec<PageId> {
    let mut order = Vec::with_capacity(model.pages.len());
    let mut stack = vec![model.root()];
    while let Some(id) = stack.pop() {
        order.push(id);
        stack.extend(model.page(id).children.iter().rev());
    }
    order
}

/// One warning per front-matter key kept for another tool (see
/// `config::Compatibility::keep_unknown_front_matter`), at its first use, with how many pages
/// use it: a corpus of thousands of pages gets a short list, not thousands of lines.
fn kept_keys(model: &SiteModel) -> Vec<Diagnostic> {
    let mut keys: BTreeMap<&str, (usize, &str, (usize, usize))> = BTreeMap::new();
    for page in &model.pages {
        for (key, at) in &page.front.kept_keys {
            keys.entry(key)
                .and_modify(|(count, _, _)| *count += 1)
                .or_insert((1, &page.source_path, *at));
        }
    }
    keys.into_iter()
        .map(|(key, (count, path, at))| {
            Diagnostic::warning(
                path,
                at,
                format!(
                    "`{key}` is not a front-matter key of Stepwise's: kept for themes as `page.extra[\"{key}\"]` (on {count} {})",
                    if count == 1 { "page" } else { "pages" }
                ),
            )
        })
        .collect()
}

fn check_unique_urls(model: &SiteModel) -> Vec<Diagnostic> {
    let mut owners: BTreeMap<std::borrow::Cow<'_, str>, Vec<(&str, &str)>> = BTreeMap::new();
    for page in &model.pages {
        owners
            .entry(std::borrow::Cow::Borrowed(page.url_path.as_str()))
            .or_default()
            .push((&page.source_path, ""));
        for alias in &page.front.aliases {
            owners
                .entry(std::borrow::Cow::Owned(normalize_alias(alias)))
                .or_default()
                .push((&page.source_path, " (as an alias)"));
        }
    }
    let mut diagnostics = Vec::new();
    for (url, claims) in owners {
        if claims.len() < 2 {
            continue;
        }
        for (path, how) in &claims {
            let others: Vec<String> = claims
                .iter()
                .filter(|(p, _)| p != path)
                .map(|(p, how)| format!("{p}{how}"))
                .collect();
            let others = if others.is_empty() {
                "this page again".to_owned()
            } else {
                others.join(" and ")
            };
            diagnostics.push(Diagnostic::error(
                *path,
                (1, 1),
                format!(
                    "the address `{}{url}` is used by this page{how} and by {others}; change a `slug` or rename a file",
                    model.config.base_path()
                ),
            ));
        }
    }
    diagnostics
}

fn check_unique_keys(model: &SiteModel) -> Vec<Diagnostic> {
    let mut owners: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for page in &model.pages {
        owners.entry(&page.key).or_default().push(&page.source_path);
    }
    owners
        .into_iter()
        .filter(|(_, paths)| paths.len() > 1)
        .flat_map(|(key, paths)| {
            paths.iter().map(move |path| {
                Diagnostic::error(
                    *path,
                    (1, 1),
                    format!("two pages share the progress key `{key}`: give one of them a different `id` in its front matter"),
                )
            }).collect::<Vec<_>>()
        })
        .collect()
}

/// `old/page/` for `/old/page`, `old/page`, `old/page/`.
pub fn normalize_alias(alias: &str) -> String {
    let trimmed = alias.trim().trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> TextFile {
        TextFile {
            path: path.to_owned(),
            text: text.into(),
        }
    }

    fn config() -> SiteConfig {
        crate::config::parse("title: T\nbase_url: https://example.org/g/\n").expect("valid config")
    }

    fn dirs(list: &[&str]) -> Vec<String> {
        list.iter().map(|d| (*d).to_owned()).collect()
    }

    #[test]
    fn builds_tree_urls_keys_and_order() {
        let content = [
            file("content/_index.md", "---\ntitle: Home\n---\n"),
            file(
                "content/guide/_index.md",
                "---\ntitle: Guide\nweight: 1\n---\n",
            ),
            file("content/guide/b.md", "---\ntitle: B\nweight: 2\n---\n"),
            file(
                "content/guide/a.md",
                "---\ntitle: A\nweight: 2\nslug: first\n---\n",
            ),
            file(
                "content/about.md",
                "---\ntitle: About\nweight: 5\nid: about-us\n---\n",
            ),
            file("content/draft.md", "---\ntitle: Draft\ndraft: true\n---\n"),
        ];
        let (model, diagnostics) = build(
            config(),
            &content,
            &dirs(&["content", "content/guide"]),
            ModelOptions::default(),
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let titles: Vec<&str> = model
            .reading_order
            .iter()
            .map(|&id| model.page(id).front.title.as_str())
            .collect();
        assert_eq!(titles, ["Home", "Guide", "A", "B", "About"]);
        let a = model.by_source["content/guide/a.md"];
        assert_eq!(model.url(a), "/g/guide/first/");
        assert_eq!(model.page(a).key, "guide/a");
        assert_eq!(
            model.page(model.by_source["content/about.md"]).key,
            "about-us"
        );
        assert_eq!(model.permalink(model.root()), "https://example.org/g/");
        let (previous, next) = model.neighbours(a);
        assert_eq!(
            previous.map(|p| model.page(p).front.title.as_str()),
            Some("Guide")
        );
        assert_eq!(next.map(|p| model.page(p).front.title.as_str()), Some("B"));
    }

    #[test]
    fn duplicate_urls_are_errors_on_both_pages() {
        let content = [
            file("content/_index.md", "---\ntitle: Home\n---\n"),
            file("content/a.md", "---\ntitle: A\nslug: b\n---\n"),
            file("content/b.md", "---\ntitle: B\n---\n"),
        ];
        let (_, diagnostics) = build(
            config(),
            &content,
            &dirs(&["content"]),
            ModelOptions::default(),
        );
        let paths: Vec<&str> = diagnostics.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["content/a.md", "content/b.md"]);
        assert_eq!(
            diagnostics[0].message,
            "the address `/g/b/` is used by this page and by content/b.md; change a `slug` or rename a file"
        );
    }

    #[test]
    fn empty_content_is_an_error() {
        let (_, diagnostics) = build(config(), &[], &dirs(&["content"]), ModelOptions::default());
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(
            diagnostics
                .iter()
                .any(|d| d.message.starts_with("no pages"))
        );
    }
}
