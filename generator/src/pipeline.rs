//! The build: plain data in, plain data out.
//!
//! `SiteSource` (loaded by `source::load`) → config → model → Markdown → checks → templates →
//! site files → `BuildOutput`. No stage does IO; `output::write` is the other edge.
//!
//! [`Build`] keeps every stage's result, so the dev server can rebuild after an edit to one page
//! by redoing only what depends on it ([`Build::update_content`]); the result is the same as a
//! full build's, which a test checks.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::config::{self, CONFIG_FILE};
use crate::diagnostics::{self, Diagnostic};
use crate::front_matter::{self, BodyPositions};
use crate::manifest;
use crate::markdown::{self, PageContext, Rendered};
use crate::model::{self, ModelOptions, PageId, SiteModel};
use crate::output::{self, OutputError, Staging};
use crate::render::{self, OutputFile, Shared, SiteParts, assets, site_files, views::AssetsView};
use crate::source::{SiteSource, TextFile};
use crate::theme;

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Publish pages marked `draft: true`.
    pub include_drafts: bool,
    /// Publish at this address instead of `site.yaml`'s `base_url`.
    pub base_url: Option<String>,
    /// Treat warnings as errors.
    pub strict: bool,
    /// The checklist items of the published build (see `manifest`): items this build would
    /// drop are reported.
    pub previous: Option<Vec<stepwise_core::manifest::ManifestItem>>,
}

/// What a build produced.
#[derive(Debug, Default, Clone)]
pub struct BuildOutput {
    /// Every output file, sorted by path.
    pub files: Vec<OutputFile>,
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// How many pages were rendered.
    pub page_count: usize,
    /// Each page's source file, title and prose statistics, in reading order.
    pub pages: Vec<PageSummary>,
}

/// A page as reported to the author.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSummary {
    /// The Markdown file.
    pub source: String,
    /// The page's title.
    pub title: String,
    /// Words, sentences and syllables of its prose.
    pub stats: crate::readability::TextStats,
}

impl BuildOutput {
    /// Whether the output may be published (no errors, and no warnings in strict mode).
    pub fn succeeded(&self, strict: bool) -> bool {
        !diagnostics::has_fatal(&self.diagnostics, strict)
    }
}

/// Builds the site. Always returns every problem found; `files` is only meaningful when
/// [`BuildOutput::succeeded`].
pub fn build(source: &SiteSource, options: &BuildOptions) -> BuildOutput {
    Build::new(source.clone(), options.clone()).output()
}

/// Builds the site and publishes it to `out_dir`, replacing what was there only if the build
/// succeeded (see `output::publish`). Returns every problem found.
pub fn build_to_disk(
    source: SiteSource,
    options: &BuildOptions,
    out_dir: &std::path::Path,
) -> Result<BuildOutput, OutputError> {
    let build = Build::prepare(source, options.clone());
    let timer = Timer::new();
    let result = output::publish(out_dir, |staging| {
        let result = build.write_into(staging)?;
        let keep = result.succeeded(options.strict);
        Ok((result, keep))
    });
    timer.lap("publish (including the above)");
    result
}

/// A build and every intermediate result, kept so that an edit can be rebuilt in part.
pub struct Build {
    source: SiteSource,
    options: BuildOptions,
    /// Problems found before the model could be built (config).
    early: Vec<Diagnostic>,
    site: Option<Built>,
    /// The pages rendered since [`Build::clear_changes`] (`None`: everything was built).
    changed: Option<BTreeSet<PageId>>,
    /// Whether files other than pages changed since [`Build::clear_changes`].
    extras_changed: bool,
}

/// The output files that changed, and every current problem (see [`Build::delta`]).
#[derive(Debug, Clone)]
pub struct Delta {
    /// Whether `files` is the whole output (after a full build) rather than the changed part.
    pub full: bool,
    /// Changed (or all) files.
    pub files: Vec<OutputFile>,
    /// Every problem, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// The stages after the configuration was read, each kept so an edit redoes only what it must.
struct Built {
    model: SiteModel,
    model_problems: Vec<Diagnostic>,
    rendered: Vec<Rendered>,
    theme: Result<Theme, Vec<Diagnostic>>,
    /// The site-wide parts of the template context (when the theme loaded).
    parts: Option<SiteParts>,
    /// Each page's output, by `PageId` (`Err` when its template failed).
    pages: Vec<Result<OutputFile, Diagnostic>>,
    /// The output files other than pages.
    extras: Vec<OutputFile>,
    /// Problems rendering the 404 page.
    extra_problems: Vec<Diagnostic>,
    /// The path of every output file.
    output_paths: BTreeSet<String>,
    /// Problems found by the checks that need the whole site (links, composers, manifest).
    checks: Vec<Diagnostic>,
}

struct Theme {
    tera: tera::Tera,
    origins: std::collections::BTreeMap<String, String>,
    assets: AssetsView,
    asset_files: Vec<OutputFile>,
}

/// What [`Build::update_content`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// Only these many pages were rendered again.
    Pages(usize),
    /// The change affected the site's structure, so everything was rebuilt.
    Full,
}

impl Build {
    /// Builds everything from `source`, keeping every page in memory (for the dev server).
    pub fn new(source: SiteSource, options: BuildOptions) -> Self {
        Self::with_pages(source, options, true)
    }

    /// Builds everything except the pages' final HTML, which [`Build::write_into`] renders
    /// straight to disk: a large site's pages are never all in memory at once.
    pub fn prepare(source: SiteSource, options: BuildOptions) -> Self {
        Self::with_pages(source, options, false)
    }

    fn with_pages(source: SiteSource, options: BuildOptions, keep_pages: bool) -> Self {
        let timer = Timer::new();
        let mut early = Vec::new();
        let site = load_config(&source, &options, &mut early).map(|config| {
            let model_options = ModelOptions {
                include_drafts: options.include_drafts,
            };
            let (model, model_problems) =
                model::build(config, &source.content, &source.content_dirs, model_options);
            timer.lap("model");
            let all_sources: BTreeSet<String> = source
                .content
                .iter()
                .map(|file| file.path.clone())
                .collect();
            let rendered = render_markdown(&model, &all_sources);
            timer.lap("markdown");
            let theme = theme::load_templates(&source.theme).map(|tera| {
                let mut asset_files = Vec::new();
                let assets =
                    assets::build(&source.theme, model.config.base_path(), &mut asset_files);
                Theme {
                    tera,
                    origins: theme::template_origins(&source.theme),
                    assets,
                    asset_files,
                }
            });
            let mut built = Built {
                model,
                model_problems,
                rendered,
                theme,
                parts: None,
                pages: Vec::new(),
                extras: Vec::new(),
                extra_problems: Vec::new(),
                output_paths: BTreeSet::new(),
                checks: Vec::new(),
            };
            built.refresh_parts();
            timer.lap("theme");
            if keep_pages {
                built.pages = built.render_pages(None);
                timer.lap("templates");
            }
            built.refresh_extras(&source);
            built.refresh_checks(&options, true);
            timer.lap("site files and checks");
            built
        });
        Self {
            source,
            options,
            early,
            site,
            changed: None,
            extras_changed: true,
        }
    }

    /// The site's source as this build last saw it.
    pub fn source(&self) -> &SiteSource {
        &self.source
    }

    /// The current output: files and every problem.
    pub fn output(&self) -> BuildOutput {
        let mut diagnostics = self.source.diagnostics.clone();
        diagnostics.extend(self.early.iter().cloned());
        let Some(site) = &self.site else {
            return finish(Vec::new(), diagnostics, 0, Vec::new());
        };
        diagnostics.extend(site.problems());
        let mut files = site.extras.clone();
        files.extend(
            site.pages
                .iter()
                .filter_map(|page| page.as_ref().ok())
                .cloned(),
        );
        finish(files, diagnostics, site.model.pages.len(), site.summaries())
    }

    /// What changed in the output since [`Build::clear_changes`] (or since the build began): the
    /// pages rendered again and every non-page file (all files after a full rebuild), and every
    /// current problem. Cheaper than
    /// [`Build::output`] after an incremental update: unchanged pages are not copied.
    pub fn delta(&self) -> Delta {
        let mut diagnostics = self.source.diagnostics.clone();
        diagnostics.extend(self.early.iter().cloned());
        let Some(site) = &self.site else {
            diagnostics.sort();
            return Delta {
                full: true,
                files: Vec::new(),
                diagnostics,
            };
        };
        diagnostics.extend(site.problems());
        let full = self.changed.is_none();
        let mut files = if full || self.extras_changed {
            site.extras.clone()
        } else {
            Vec::new()
        };
        for (index, page) in site.pages.iter().enumerate() {
            let changed = self
                .changed
                .as_ref()
                .is_none_or(|ids| ids.contains(&PageId(index)));
            if let (true, Ok(file)) = (changed, page) {
                files.push(file.clone());
            }
        }
        diagnostics.sort();
        diagnostics.dedup();
        Delta {
            full,
            files,
            diagnostics,
        }
    }

    /// Rebuilds after the Markdown file `path` (`content/…`) changed to `text`, redoing only
    /// what depends on it when its place in the site is unchanged; otherwise rebuilds everything.
    pub fn update_content(&mut self, path: &str, text: String) -> Update {
        let file = TextFile {
            path: path.to_owned(),
            text: text.into(),
        };
        match self.source.content.iter_mut().find(|f| f.path == path) {
            Some(existing) => *existing = file.clone(),
            None => {
                self.source.content.push(file);
                self.source.content.sort_by(|a, b| a.path.cmp(&b.path));
                return self.rebuild();
            }
        }
        self.source.diagnostics.retain(|d| d.path != path);
        let Some(site) = &mut self.site else {
            return self.rebuild();
        };
        match site.update_page(&file, &self.source, &self.options) {
            Some((ids, extras_changed)) => {
                let count = ids.len();
                // Several edits can come before the next `delta`: it must cover them all.
                if let Some(changed) = &mut self.changed {
                    changed.extend(ids);
                }
                self.extras_changed |= extras_changed;
                Update::Pages(count)
            }
            None => self.rebuild(),
        }
    }

    /// Marks the current output as delivered: the next [`Build::delta`] holds only what changes
    /// from now on.
    pub fn clear_changes(&mut self) {
        self.changed = Some(BTreeSet::new());
        self.extras_changed = false;
    }

    /// Replaces the source (after any other kind of change) and rebuilds everything.
    pub fn replace_source(&mut self, source: SiteSource) -> Update {
        self.source = source;
        self.rebuild()
    }

    /// Writes the whole site into `staging`, rendering pages in parallel and writing each as
    /// soon as it is rendered. Returns every problem (and no files: they are on disk).
    pub fn write_into(&self, staging: &Staging) -> Result<BuildOutput, OutputError> {
        let timer = Timer::new();
        let mut diagnostics = self.source.diagnostics.clone();
        diagnostics.extend(self.early.iter().cloned());
        let Some(site) = &self.site else {
            return Ok(finish(Vec::new(), diagnostics, 0, Vec::new()));
        };
        site.extras
            .par_iter()
            .try_for_each(|file| staging.write(file))?;
        diagnostics.extend(site.problems());
        if let (Ok(theme), Some(parts)) = (&site.theme, &site.parts) {
            let shared = Shared::new(
                &site.model,
                &site.rendered,
                &theme.tera,
                &theme.origins,
                parts,
            );
            let failures: Vec<Result<Option<Diagnostic>, OutputError>> =
                (0..site.model.pages.len())
                    .into_par_iter()
                    .map(|index| match render::page(&shared, PageId(index)) {
                        Ok(file) => staging.write(&file).map(|()| None),
                        Err(problem) => Ok(Some(problem)),
                    })
                    .collect();
            for failure in failures {
                diagnostics.extend(failure?);
            }
        }
        timer.lap("templates and writing");
        let mut output = finish(Vec::new(), diagnostics, site.model.pages.len(), Vec::new());
        output.pages = site.summaries();
        Ok(output)
    }

    fn rebuild(&mut self) -> Update {
        let source = std::mem::take(&mut self.source);
        *self = Self::new(source, self.options.clone());
        Update::Full
    }
}

impl Built {
    /// Each page's source, title and prose statistics, in reading order.
    fn summaries(&self) -> Vec<PageSummary> {
        self.model
            .reading_order
            .iter()
            .map(|&id| PageSummary {
                source: self.model.page(id).source_path.clone(),
                title: self.model.page(id).front.title.clone(),
                stats: self.rendered[id.0].text_stats,
            })
            .collect()
    }

    /// Renders pages through the theme: all of them, or only those in `only`.
    fn render_pages(&self, only: Option<&BTreeSet<PageId>>) -> Vec<Result<OutputFile, Diagnostic>> {
        let (Ok(theme), Some(parts)) = (&self.theme, &self.parts) else {
            return Vec::new();
        };
        let shared = Shared::new(
            &self.model,
            &self.rendered,
            &theme.tera,
            &theme.origins,
            parts,
        );
        match only {
            None => (0..self.model.pages.len())
                .into_par_iter()
                .map(|index| render::page(&shared, PageId(index)))
                .collect(),
            Some(ids) => ids
                .par_iter()
                .map(|&id| render::page(&shared, id))
                .collect(),
        }
    }

    /// Recomputes the site-wide parts of the template context.
    fn refresh_parts(&mut self) {
        self.parts = self
            .theme
            .as_ref()
            .ok()
            .map(|theme| SiteParts::new(&self.model, &self.rendered, &theme.assets));
    }

    /// Recomputes the output files other than pages: assets, the 404 page, site-wide files,
    /// redirects and static files.
    fn refresh_extras(&mut self, source: &SiteSource) {
        let model = &self.model;
        let mut files = Vec::new();
        self.extra_problems.clear();
        if let (Ok(theme), Some(parts)) = (&self.theme, &self.parts) {
            files.extend(theme.asset_files.iter().cloned());
            let shared = Shared::new(model, &self.rendered, &theme.tera, &theme.origins, parts);
            match render::not_found(&shared) {
                Ok(file) => files.push(file),
                Err(problem) => self.extra_problems.push(problem),
            }
        }
        files.push(site_files::sitemap(model));
        files.push(site_files::robots(model));
        files.push(site_files::headers(model));
        files.push(manifest::write(model, &self.rendered));
        files.extend(site_files::aliases(model));
        for (path, bytes) in &source.static_files {
            files.push(OutputFile::new(path.clone(), bytes.clone()));
        }
        self.extras = files;
    }

    /// Reruns the checks that need the whole site; `paths` also recomputes the set of output
    /// paths (after a change to the site's structure).
    fn refresh_checks(&mut self, options: &BuildOptions, paths: bool) {
        let model = &self.model;
        if paths {
            self.output_paths = self.extras.iter().map(|file| file.path.clone()).collect();
            self.output_paths.extend(
                model
                    .pages
                    .iter()
                    .map(|page| format!("{}index.html", page.url_path)),
            );
        }
        let mut checks = render::composer::check(model, &self.rendered);
        if let Some(previous) = &options.previous {
            checks.extend(manifest::compare(previous, model, &self.rendered));
        }
        checks.extend(crate::check::links(
            model,
            &self.rendered,
            &self.output_paths,
        ));
        self.checks = checks;
    }

    /// Every problem found after the configuration was read.
    fn problems(&self) -> Vec<Diagnostic> {
        let mut problems = self.model_problems.clone();
        for page in &self.rendered {
            problems.extend(page.diagnostics.iter().cloned());
        }
        if let Err(theme_problems) = &self.theme {
            problems.extend(theme_problems.iter().cloned());
        }
        problems.extend(
            self.pages
                .iter()
                .filter_map(|page| page.as_ref().err())
                .cloned(),
        );
        problems.extend(self.extra_problems.iter().cloned());
        problems.extend(self.checks.iter().cloned());
        problems
    }

    /// Applies an edit to one existing page. `None` if the edit changes the site's structure
    /// (the caller then rebuilds everything).
    fn update_page(
        &mut self,
        file: &TextFile,
        source: &SiteSource,
        options: &BuildOptions,
    ) -> Option<(BTreeSet<PageId>, bool)> {
        let id = *self.model.by_source.get(&file.path)?;
        let (front, split) = front_matter::parse(&file.path, &file.text).ok()?;
        let old = self.model.page(id).front.clone();
        let structural = front.slug != old.slug
            || front.draft != old.draft
            || front.aliases != old.aliases
            || front.id != old.id
            || front.replaces != old.replaces
            || front.weight != old.weight
            || front.template != old.template
            || (front.title != old.title && !order_kept(&self.model, id, &front.title));
        if structural {
            return None;
        }
        let title_changed = front.title != old.title;
        let description_changed = front.description != old.description;
        let updated_changed = front.updated != old.updated;
        {
            let page = &mut self.model.pages[id.0];
            page.front = front;
            page.text = std::sync::Arc::clone(&file.text);
            page.body_offset = split.body_offset;
        }
        let all_sources: BTreeSet<String> = source.content.iter().map(|f| f.path.clone()).collect();
        let page = self.model.page(id);
        let fresh = markdown::render(&PageContext {
            model: &self.model,
            page: id,
            all_sources: &all_sources,
            positions: BodyPositions::new(&page.text, page.body_offset),
        });
        let old_rendered = std::mem::replace(&mut self.rendered[id.0], fresh);
        let items_changed = old_rendered.checklists != self.rendered[id.0].checklists;

        let mut affected: BTreeSet<PageId> = BTreeSet::new();
        affected.insert(id);
        if title_changed || items_changed {
            // Every page whose sidebar lists this one.
            affected.extend(sidebar_readers(&self.model, id));
        }
        if title_changed {
            let (previous, next) = self.model.neighbours(id);
            affected.extend(previous);
            affected.extend(next);
        }
        if title_changed || description_changed {
            affected.extend(self.model.page(id).parent);
        }
        if items_changed {
            affected.insert(self.model.root());
            // Composers listing this page's checklists.
            let keys: BTreeSet<&str> = old_rendered
                .checklists
                .iter()
                .chain(&self.rendered[id.0].checklists)
                .map(|list| list.key.as_str())
                .collect();
            for (index, page) in self.rendered.iter().enumerate() {
                if page
                    .composers
                    .iter()
                    .flat_map(|c| &c.lists)
                    .any(|(_, key, _)| keys.contains(key.as_str()))
                {
                    affected.insert(PageId(index));
                }
            }
        }
        if title_changed || items_changed {
            self.refresh_parts();
        }
        let fresh = self.render_pages(Some(&affected));
        if self.pages.len() == self.model.pages.len() {
            for (&id, page) in affected.iter().zip(fresh) {
                self.pages[id.0] = page;
            }
        }
        // The 404 page shows the sidebar and the home page's title; the sitemap has dates; the
        // manifest lists items.
        let extras_changed =
            title_changed || items_changed || updated_changed || id == self.model.root();
        if extras_changed {
            self.refresh_extras(source);
        }
        self.refresh_checks(options, false);
        Some((affected, extras_changed))
    }
}

/// Prints how long each stage took, when `STEPWISE_TIMINGS` is set (for profiling builds).
pub(crate) struct Timer {
    start: Option<std::cell::Cell<std::time::Instant>>,
}

impl Timer {
    pub(crate) fn new() -> Self {
        Self {
            start: std::env::var_os("STEPWISE_TIMINGS")
                .map(|_| std::cell::Cell::new(std::time::Instant::now())),
        }
    }

    pub(crate) fn lap(&self, stage: &str) {
        if let Some(start) = &self.start {
            eprintln!("{stage}: {} ms", start.get().elapsed().as_millis());
            start.set(std::time::Instant::now());
        }
    }
}

/// Whether giving page `id` this title keeps its place among its siblings.
fn order_kept(model: &SiteModel, id: PageId, title: &str) -> bool {
    let Some(parent) = model.page(id).parent else {
        return true;
    };
    let key = |p: PageId, title: &str| {
        (
            model.page(p).front.weight,
            title.to_owned(),
            model.page(p).source_path.clone(),
        )
    };
    let mut siblings: Vec<_> = model
        .page(parent)
        .children
        .iter()
        .map(|&c| {
            if c == id {
                key(c, title)
            } else {
                key(c, &model.page(c).front.title)
            }
        })
        .collect();
    let before = siblings.clone();
    siblings.sort();
    siblings == before
}

/// The pages whose sidebar shows page `id`: the sidebar of a page lists the start page's
/// children and the children of every section on the way to it.
fn sidebar_readers(model: &SiteModel, id: PageId) -> Vec<PageId> {
    let Some(parent) = model.page(id).parent else {
        return (0..model.pages.len()).map(PageId).collect();
    };
    if parent == model.root() {
        return (0..model.pages.len()).map(PageId).collect();
    }
    (0..model.pages.len())
        .map(PageId)
        .filter(|&other| other == parent || model.ancestors(other).contains(&parent))
        .collect()
}

fn load_config(
    source: &SiteSource,
    options: &BuildOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<config::SiteConfig> {
    let Some(parsed) = &source.config else {
        diagnostics.push(Diagnostic::error(
            CONFIG_FILE,
            (1, 1),
            "missing site configuration: create `site.yaml` with at least `title:` and `base_url:` (or run `stepwise init`)",
        ));
        return None;
    };
    // Parsed once, by `source::load`.
    let config = match parsed {
        Ok(config) => config.clone(),
        Err(problems) => {
            diagnostics.extend(problems.iter().cloned());
            return None;
        }
    };
    match &options.base_url {
        None => Some(config),
        Some(url) => match config.with_base_url(url) {
            Ok(config) => Some(config),
            Err(message) => {
                diagnostics.push(Diagnostic::error("--base-url", (1, 1), message));
                None
            }
        },
    }
}

/// Renders every page's Markdown, in parallel.
pub fn render_markdown(model: &SiteModel, all_sources: &BTreeSet<String>) -> Vec<Rendered> {
    (0..model.pages.len())
        .into_par_iter()
        .map(|index| {
            let id = PageId(index);
            let page = model.page(id);
            let ctx = PageContext {
                model,
                page: id,
                all_sources,
                positions: BodyPositions::new(&page.text, page.body_offset),
            };
            markdown::render(&ctx)
        })
        .collect()
}

fn finish(
    mut files: Vec<OutputFile>,
    mut diagnostics: Vec<Diagnostic>,
    page_count: usize,
    pages: Vec<PageSummary>,
) -> BuildOutput {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    diagnostics.sort();
    diagnostics.dedup();
    BuildOutput {
        files,
        diagnostics,
        page_count,
        pages,
    }
}
