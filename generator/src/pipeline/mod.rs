//! The build: plain data in, plain data out.
//!
//! `SiteSource` (read by `source::load`) → config → model → Markdown → theme → site-wide parts
//! → pages and site files (see `site_files`) → checks. No stage does IO: pages and files go to
//! a [`Sink`] the edge passes in (a staging folder for `build`, nothing for `check`), and
//! timings are returned as data.
//!
//! [`Build`] keeps every stage's result, so the dev server can rebuild after an edit to one page
//! by redoing only what depends on it ([`Build::update_content`], in `incremental`); the result
//! is the same as a full build's, which a test checks.

mod incremental;
mod timings;

use std::collections::BTreeSet;

use rayon::prelude::*;

pub use incremental::Update;
pub use timings::Timings;

use crate::config::{self, CONFIG_FILE};
use crate::diagnostics::{self, Diagnostic};
use crate::front_matter::BodyPositions;
use crate::manifest;
use crate::markdown::links::ExternalLinks;
use crate::markdown::{self, PageContext, Rendered};
use crate::model::{self, ModelOptions, PageId, SiteModel};
use crate::render::{self, OutputFile, Shared, SiteParts, Theme, assets};
use crate::site_files::{self, Inputs, SITE_FILES};
use crate::source::SiteSource;
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
    /// Measure each page's prose for readability scores (`PageSummary::stats`); otherwise they
    /// are zero.
    pub readability: bool,
    /// Build a preview (the dev server): no service worker and no web app manifest, whatever
    /// `site.yaml` says, so nothing of a preview is ever kept in a browser.
    pub preview: bool,
}

/// What a build produced.
#[derive(Debug, Default, Clone)]
pub struct BuildOutput {
    /// Every output file, sorted by path (empty when the files went to a [`Sink`]).
    pub files: Vec<OutputFile>,
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// How many pages were rendered.
    pub page_count: usize,
    /// Each page's source file, title and prose statistics, in reading order.
    pub pages: Vec<PageSummary>,
    /// How long each stage took.
    pub timings: Timings,
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

/// Where a build's files go: a staging folder on disk (`output::Staging`), memory, or nowhere
/// (`check`). Called from several threads at once.
pub trait Sink: Sync {
    /// Why a file could not be taken.
    type Error: Send;

    /// Takes one output file.
    fn put(&self, file: &OutputFile) -> Result<(), Self::Error>;
}

/// A sink that keeps nothing: `check` renders every page (to find template problems) without
/// holding the site in memory.
pub struct Discard;

impl Sink for Discard {
    type Error = std::convert::Infallible;

    fn put(&self, _: &OutputFile) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// Builds the site in memory. Always returns every problem found; `files` is only meaningful
/// when [`BuildOutput::succeeded`].
pub fn build(source: &SiteSource, options: &BuildOptions) -> BuildOutput {
    Build::new(source.clone(), options.clone()).output()
}

/// Builds the site and renders every page without keeping any (for `check`): every problem,
/// no files.
pub fn check(source: SiteSource, options: &BuildOptions) -> BuildOutput {
    let build = Build::prepare(source, options.clone());
    match build.write_into(&Discard) {
        (output, Ok(())) => output,
        (_, Err(never)) => match never {},
    }
}

/// A build made to be written once (see [`Build::prepare`]): it holds no page text, so it
/// cannot be updated after an edit.
pub struct Prepared(Build);

impl Prepared {
    /// Writes the whole site into `sink` (see [`Build::write_into`]).
    pub fn write_into<S: Sink>(&self, sink: &S) -> (BuildOutput, Result<(), S::Error>) {
        self.0.write_into(sink)
    }

    /// Every problem, and the site files (the pages go only to a sink).
    pub fn output(&self) -> BuildOutput {
        self.0.output()
    }
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
    /// The paths of site files written again with different bytes (or new) since
    /// [`Build::clear_changes`]: an edit that leaves most of a site file's outputs as they
    /// were (the search index's shards) sends only the others.
    files_changed: BTreeSet<String>,
    /// The paths of site files no longer written since [`Build::clear_changes`] (a search
    /// shard renamed by an edit).
    files_removed: BTreeSet<String>,
    timings: Timings,
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
    /// Paths of files that are no longer part of the output (empty when `full`).
    pub removed: Vec<String>,
}

/// What refreshing the site files changed: paths written with new bytes, paths gone.
#[derive(Debug, Default)]
struct FileChanges {
    written: BTreeSet<String>,
    removed: BTreeSet<String>,
}

/// The stages after the configuration was read, each kept so an edit redoes only what it must.
struct Built {
    model: SiteModel,
    /// Problems of folders and sections' front matter, found when the model was built.
    model_problems: Vec<Diagnostic>,
    /// Problems of the pages seen together (`model::problems`; broken pages' own are read from
    /// the model).
    model_checks: Vec<Diagnostic>,
    rendered: Vec<Rendered>,
    theme: Result<Theme, Vec<Diagnostic>>,
    /// The site-wide parts of the template context (when the theme loaded).
    parts: Option<SiteParts>,
    /// Each page's output, by `PageId` (`Err` when its template failed, `None` for a broken
    /// page, which is not published); empty unless the build keeps pages in memory.
    pages: Vec<Option<Result<OutputFile, Diagnostic>>>,
    /// What each entry of [`SITE_FILES`] wrote, by index.
    site_files: Vec<site_files::Written>,
    /// The path of every output file.
    output_paths: BTreeSet<String>,
    /// Every content file's path, drafts included (to tell "missing" from "draft" in links).
    all_sources: BTreeSet<String>,
    /// Each page's part of the checklist manifest (see `manifest::entries`), by `PageId`, kept
    /// only by a build that is updated after edits.
    manifest_entries: Option<Vec<String>>,
    /// With `compatibility.external_links_base`, what this site publishes.
    external: Option<ExternalLinks>,
    /// Each page's link problems, by `PageId` (see `check::page_links`).
    link_problems: Vec<Vec<Diagnostic>>,
    /// For each page, the pages linking to it (see `check::linked_from`).
    linked_from: Vec<Vec<PageId>>,
    /// Problems found by the checks that need every page's composers and checklists
    /// (composers, the previous manifest).
    site_checks: Vec<Diagnostic>,
    /// Output files that would clash (recomputed with `output_paths`).
    collisions: Vec<Diagnostic>,
}

impl Build {
    /// Builds everything from `source`, keeping every page in memory (for the dev server).
    pub fn new(source: SiteSource, options: BuildOptions) -> Self {
        Self::with_pages(source, options, true)
    }

    /// Builds everything except the pages' final HTML, which [`Prepared::write_into`] renders
    /// straight into a sink: a large site's pages are never all in memory at once, and each
    /// page's text is let go of once its Markdown is rendered. Such a build is only written,
    /// never updated.
    pub fn prepare(source: SiteSource, options: BuildOptions) -> Prepared {
        Prepared(Self::with_pages(source, options, false))
    }

    fn with_pages(source: SiteSource, options: BuildOptions, keep_pages: bool) -> Self {
        let mut timings = Timings::new();
        let mut early = Vec::new();
        // With a broken or missing `site.yaml` the pages are still checked (with stand-in
        // settings), so every problem is reported at once; such a build has failed already.
        let config =
            load_config(&source, &options, &mut early).unwrap_or_else(config::SiteConfig::stand_in);
        let mut source = source;
        let site = Some(Built::new(
            &mut source,
            &options,
            config,
            keep_pages,
            &mut timings,
        ));
        Self {
            source,
            options,
            early,
            site,
            changed: None,
            files_changed: BTreeSet::new(),
            files_removed: BTreeSet::new(),
            timings,
        }
    }

    /// The site's source as this build last saw it.
    pub fn source(&self) -> &SiteSource {
        &self.source
    }

    /// How long each stage of the last (full or partial) build took.
    pub fn timings(&self) -> &Timings {
        &self.timings
    }

    /// The current output: files and every problem.
    pub fn output(&self) -> BuildOutput {
        let mut diagnostics = self.early_problems();
        let Some(site) = &self.site else {
            return finish(Vec::new(), diagnostics, 0, Vec::new(), self.timings.clone());
        };
        diagnostics.extend(site.problems());
        let mut files: Vec<OutputFile> = site.site_file_outputs().cloned().collect();
        files.extend(
            site.pages
                .iter()
                .flatten()
                .filter_map(|page| page.as_ref().ok())
                .cloned(),
        );
        finish(
            files,
            diagnostics,
            site.model.reading_order.len(),
            site.summaries(),
            self.timings.clone(),
        )
    }

    /// What changed in the output since [`Build::clear_changes`] (or since the build began): the
    /// pages rendered again and the site files written again (all files after a full rebuild),
    /// and every current problem. Cheaper than [`Build::output`] after an incremental update:
    /// unchanged files are not copied.
    pub fn delta(&self) -> Delta {
        let mut diagnostics = self.early_problems();
        let Some(site) = &self.site else {
            diagnostics.sort();
            return Delta {
                full: true,
                files: Vec::new(),
                diagnostics,
                removed: Vec::new(),
            };
        };
        diagnostics.extend(site.problems());
        let full = self.changed.is_none();
        let mut files: Vec<OutputFile> = site
            .site_file_outputs()
            .filter(|file| full || self.files_changed.contains(&file.path))
            .cloned()
            .collect();
        for (index, page) in site.pages.iter().enumerate() {
            let changed = self
                .changed
                .as_ref()
                .is_none_or(|ids| ids.contains(&PageId(index)));
            if let (true, Some(Ok(file))) = (changed, page) {
                files.push(file.clone());
            }
        }
        diagnostics.sort();
        diagnostics.dedup();
        let removed = if full {
            Vec::new()
        } else {
            self.files_removed.iter().cloned().collect()
        };
        Delta {
            full,
            files,
            diagnostics,
            removed,
        }
    }

    /// Notes what a refresh of the site files changed, for the next [`Build::delta`].
    fn note_files(&mut self, changes: FileChanges) {
        for path in &changes.written {
            self.files_removed.remove(path);
        }
        for path in changes.removed {
            self.files_changed.remove(&path);
            self.files_removed.insert(path);
        }
        self.files_changed.extend(changes.written);
    }

    /// Marks the current output as delivered: the next [`Build::delta`] holds only what changes
    /// from now on.
    pub fn clear_changes(&mut self) {
        self.changed = Some(BTreeSet::new());
        self.files_changed.clear();
        self.files_removed.clear();
    }

    /// Replaces the source (after any other kind of change) and rebuilds everything.
    pub fn replace_source(&mut self, source: SiteSource) -> Update {
        self.source = source;
        self.rebuild()
    }

    /// Writes the whole site into `sink`, rendering pages in parallel and handing each over as
    /// soon as it is rendered. Returns every problem (and no files: the sink has them), and
    /// whether the sink took everything. The problems are returned even when it did not.
    pub fn write_into<S: Sink>(&self, sink: &S) -> (BuildOutput, Result<(), S::Error>) {
        let mut timings = self.timings.clone();
        let mut diagnostics = self.early_problems();
        let Some(site) = &self.site else {
            return (
                finish(Vec::new(), diagnostics, 0, Vec::new(), timings),
                Ok(()),
            );
        };
        diagnostics.extend(site.problems());
        let mut written: Result<(), S::Error> = site
            .site_file_outputs()
            .collect::<Vec<_>>()
            .par_iter()
            .try_for_each(|file| sink.put(file));
        if let (Ok(theme), Some(parts), Ok(())) = (&site.theme, &site.parts, &written) {
            let shared = Shared::new(&site.model, &site.rendered, theme, parts);
            let results: Vec<Result<Option<Diagnostic>, S::Error>> = site
                .model
                .reading_order
                .par_iter()
                .map(|&id| match render::page(&shared, id) {
                    Ok(file) => sink.put(&file).map(|()| None),
                    Err(problem) => Ok(Some(problem)),
                })
                .collect();
            for result in results {
                match result {
                    Ok(problem) => diagnostics.extend(problem),
                    Err(error) => {
                        if written.is_ok() {
                            written = Err(error);
                        }
                    }
                }
            }
        }
        timings.lap("templates and writing");
        let output = finish(
            Vec::new(),
            diagnostics,
            site.model.reading_order.len(),
            site.summaries(),
            timings,
        );
        (output, written)
    }

    /// Problems found before the model was built: reading the site, and its configuration.
    fn early_problems(&self) -> Vec<Diagnostic> {
        let mut diagnostics = self.source.diagnostics.clone();
        diagnostics.extend(self.early.iter().cloned());
        diagnostics
    }

    fn rebuild(&mut self) -> Update {
        let source = std::mem::take(&mut self.source);
        // The old site goes first: a large site is not held twice.
        self.site = None;
        *self = Self::new(source, self.options.clone());
        Update::Full
    }
}

impl Built {
    /// Runs every stage after the configuration (pages only when `keep_pages`; without, the
    /// pages' text is released from `source` and the model once rendered: such a build is
    /// only written, never updated).
    fn new(
        source: &mut SiteSource,
        options: &BuildOptions,
        config: config::SiteConfig,
        keep_pages: bool,
        timings: &mut Timings,
    ) -> Self {
        let model_options = ModelOptions {
            include_drafts: options.include_drafts,
        };
        let (model, model_problems) =
            model::assemble(config, &source.content, &source.content_dirs, model_options);
        let model_checks = model::problems(&model);
        timings.lap("model");
        let external = external_links(&model, source);
        let all_sources = all_sources(source);
        // A build that is updated after edits keeps every page's text; one that is only written
        // lets go of each as soon as its page is rendered (a large site's text is large).
        let mut model = model;
        let texts: Vec<std::sync::Arc<str>> = if keep_pages {
            model.pages.iter().map(|page| page.text.clone()).collect()
        } else {
            for file in &mut source.content {
                file.text = std::sync::Arc::from("");
            }
            model
                .pages
                .iter_mut()
                .map(|page| std::mem::replace(&mut page.text, std::sync::Arc::from("")))
                .collect()
        };
        let rendered = render_markdown(
            &model,
            texts,
            &all_sources,
            options.readability,
            external.as_ref(),
        );
        timings.lap("markdown");
        let theme = load_theme(source, &model);
        let mut built = Built {
            model,
            model_problems,
            model_checks,
            rendered,
            theme,
            parts: None,
            pages: Vec::new(),
            site_files: Vec::new(),
            output_paths: BTreeSet::new(),
            all_sources,
            manifest_entries: None,
            external,
            link_problems: Vec::new(),
            linked_from: Vec::new(),
            site_checks: Vec::new(),
            collisions: Vec::new(),
        };
        built.refresh_parts();
        timings.lap("theme");
        if keep_pages {
            built.pages = built.render_pages(None);
            timings.lap("templates");
        }
        if keep_pages {
            built.manifest_entries = Some(
                (0..built.model.pages.len())
                    .into_par_iter()
                    .map(|index| manifest::entries(&built.model, &built.rendered, PageId(index)))
                    .collect(),
            );
        }
        built.refresh_site_files(source, Inputs::ALL, timings);
        built.refresh_paths(&source.static_files);
        if keep_pages {
            built.linked_from = crate::check::linked_from(&built.rendered);
        }
        built.link_problems =
            crate::check::links(&built.model, &built.rendered, &built.output_paths);
        built.refresh_site_checks(options);
        timings.lap("site files and checks");
        built
    }

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

    /// The files the site-file entries wrote.
    fn site_file_outputs(&self) -> impl Iterator<Item = &OutputFile> + '_ {
        self.site_files
            .iter()
            .filter_map(|written| written.as_ref().ok())
            .flatten()
    }

    /// Renders pages through the theme: all of them, or only those in `only` (`None` for a
    /// broken page, which is not published).
    fn render_pages(
        &self,
        only: Option<&BTreeSet<PageId>>,
    ) -> Vec<Option<Result<OutputFile, Diagnostic>>> {
        let (Ok(theme), Some(parts)) = (&self.theme, &self.parts) else {
            return Vec::new();
        };
        let shared = Shared::new(&self.model, &self.rendered, theme, parts);
        let render = |id: PageId| {
            self.model
                .page(id)
                .is_published()
                .then(|| render::page(&shared, id))
        };
        match only {
            None => (0..self.model.pages.len())
                .into_par_iter()
                .map(|index| render(PageId(index)))
                .collect(),
            Some(ids) => ids.par_iter().map(|&id| render(id)).collect(),
        }
    }

    /// Recomputes the site-wide parts of the template context.
    fn refresh_parts(&mut self) {
        self.parts = self
            .theme
            .as_ref()
            .ok()
            .map(|theme| SiteParts::new(&self.model, &self.rendered, theme));
    }

    /// Writes again every site file that depends on `changed`; returns the paths written with
    /// new bytes and the paths no longer written.
    fn refresh_site_files(
        &mut self,
        source: &SiteSource,
        changed: Inputs,
        timings: &mut Timings,
    ) -> FileChanges {
        let context = site_files::Context {
            model: &self.model,
            rendered: &self.rendered,
            theme: match (&self.theme, &self.parts) {
                (Ok(theme), Some(parts)) => Some((theme, parts)),
                _ => None,
            },
            static_files: &source.static_files,
            theme_files: &source.theme,
            manifest_entries: self.manifest_entries.as_deref(),
        };
        let mut changes = FileChanges::default();
        let mut outputs = std::mem::take(&mut self.site_files);
        outputs.resize_with(SITE_FILES.len(), || Ok(Vec::new()));
        for (index, entry) in SITE_FILES.iter().enumerate() {
            if !entry.depends_on.touches(changed) {
                continue;
            }
            let fresh = (entry.write)(&context);
            let old: std::collections::BTreeMap<&str, &[u8]> = outputs[index]
                .as_ref()
                .map(|files| {
                    files
                        .iter()
                        .map(|f| (f.path.as_str(), &f.bytes[..]))
                        .collect()
                })
                .unwrap_or_default();
            let new_paths: BTreeSet<&str> = fresh
                .as_ref()
                .map(|files| files.iter().map(|f| f.path.as_str()).collect())
                .unwrap_or_default();
            if let Ok(files) = &fresh {
                for file in files {
                    if old.get(file.path.as_str()) != Some(&&file.bytes[..]) {
                        changes.written.insert(file.path.clone());
                    }
                }
            }
            for path in old.keys().filter(|path| !new_paths.contains(*path)) {
                changes.removed.insert((*path).to_owned());
            }
            outputs[index] = fresh;
            timings.lap(entry.name);
        }
        self.site_files = outputs;
        changes
    }

    /// Recomputes the set of output paths (after a change to the site's structure) and the
    /// clashes between them.
    fn refresh_paths(&mut self, source_static: &std::collections::BTreeMap<String, Vec<u8>>) {
        let mut output_paths: BTreeSet<String> = self
            .site_file_outputs()
            .map(|file| file.path.clone())
            .collect();
        output_paths.extend(
            self.model
                .pages
                .iter()
                .map(|page| crate::model::output_path(&page.url_path)),
        );
        self.output_paths = output_paths;
        self.refresh_collisions(source_static);
    }

    /// Output files that would clash, reported at the aliases' lines: again when the structure
    /// or their lines changed.
    fn refresh_collisions(&mut self, source_static: &std::collections::BTreeMap<String, Vec<u8>>) {
        let generated = SITE_FILES
            .iter()
            .zip(&self.site_files)
            .filter(|(entry, _)| !entry.from_sources)
            .filter_map(|(entry, written)| Some((entry.name, written.as_ref().ok()?)))
            .flat_map(|(name, files)| files.iter().map(move |file| (name, file.path.as_str())));
        self.collisions = crate::check::output_collisions(
            &self.model,
            source_static.keys().map(String::as_str),
            generated,
        );
    }

    /// Reruns the checks that need every page's composers and checklists.
    fn refresh_site_checks(&mut self, options: &BuildOptions) {
        let model = &self.model;
        let mut checks = render::composer::check(model, &self.rendered);
        checks.extend(render::deadlines::check(model, &self.rendered));
        if let Some(previous) = &options.previous {
            checks.extend(manifest::compare(previous, model, &self.rendered));
        }
        self.site_checks = checks;
    }

    /// Every problem found after the configuration was read.
    fn problems(&self) -> Vec<Diagnostic> {
        let mut problems = self.model_problems.clone();
        problems.extend(self.model_checks.iter().cloned());
        problems.extend(model::broken_problems(&self.model));
        for page in &self.rendered {
            problems.extend(page.diagnostics.iter().cloned());
        }
        if let Err(theme_problems) = &self.theme {
            problems.extend(theme_problems.iter().cloned());
        }
        problems.extend(
            self.pages
                .iter()
                .flatten()
                .filter_map(|page| page.as_ref().err())
                .cloned(),
        );
        problems.extend(
            self.site_files
                .iter()
                .filter_map(|written| written.as_ref().err())
                .cloned(),
        );
        problems.extend(self.link_problems.iter().flatten().cloned());
        problems.extend(self.site_checks.iter().cloned());
        problems.extend(self.collisions.iter().cloned());
        problems
    }
}

/// Every content file's path, drafts included (to tell "missing" from "draft" in link errors).
fn all_sources(source: &SiteSource) -> BTreeSet<String> {
    source
        .content
        .iter()
        .map(|file| file.path.clone())
        .collect()
}

fn load_theme(source: &SiteSource, model: &SiteModel) -> Result<Theme, Vec<Diagnostic>> {
    theme::load_templates(&source.theme).map(|tera| {
        let mut asset_files = Vec::new();
        let assets = assets::build(&source.theme, &model.config, &mut asset_files);
        Theme {
            tera,
            origins: theme::template_origins(&source.theme),
            document: theme::document_template(&source.theme),
            assets,
            asset_files,
        }
    })
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
    let config = config::SiteConfig {
        offline: config.offline && !options.preview,
        ..config
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

/// Renders every page's Markdown, in parallel (measuring the prose when `measure_prose`), from
/// `texts` (each page's source, by `PageId`), each dropped once its page is rendered.
fn render_markdown(
    model: &SiteModel,
    texts: Vec<std::sync::Arc<str>>,
    all_sources: &BTreeSet<String>,
    measure_prose: bool,
    external: Option<&ExternalLinks>,
) -> Vec<Rendered> {
    texts
        .into_par_iter()
        .enumerate()
        .map(|(index, text)| {
            render_text(
                model,
                PageId(index),
                &text,
                all_sources,
                measure_prose,
                external,
            )
        })
        .collect()
}

/// With `compatibility.external_links_base`, what this site publishes, so site-absolute links
/// to anything else point to the other site.
fn external_links(model: &SiteModel, source: &SiteSource) -> Option<ExternalLinks> {
    let base = model.config.compatibility.external_links_base.clone()?;
    // Before the site files are written: pages, their aliases, static files, and the files the
    // build always writes (`site_files::FIXED_PATHS`, and everything under `assets/`).
    let mut known: BTreeSet<String> = model
        .pages
        .iter()
        .map(|page| crate::model::output_path(&page.url_path))
        .collect();
    known.extend(model.pages.iter().flat_map(|page| {
        page.front
            .aliases
            .iter()
            .map(|alias| crate::model::alias_output_path(alias))
    }));
    known.extend(source.static_files.keys().cloned());
    known.extend(site_files::FIXED_PATHS.map(str::to_owned));
    Some(ExternalLinks {
        base,
        known,
        ours_below: vec![format!("{}/", assets::ASSETS_DIR)],
    })
}

/// Renders one page's Markdown (nothing for a broken page, which is not published).
fn render_one(
    model: &SiteModel,
    id: PageId,
    all_sources: &BTreeSet<String>,
    measure_prose: bool,
    external_links: Option<&ExternalLinks>,
) -> Rendered {
    render_text(
        model,
        id,
        &model.page(id).text,
        all_sources,
        measure_prose,
        external_links,
    )
}

/// Renders one page's Markdown from its source `text`.
fn render_text(
    model: &SiteModel,
    id: PageId,
    text: &str,
    all_sources: &BTreeSet<String>,
    measure_prose: bool,
    external_links: Option<&ExternalLinks>,
) -> Rendered {
    let page = model.page(id);
    if !page.is_published() {
        return Rendered::default();
    }
    markdown::render(&PageContext {
        model,
        page: id,
        text,
        all_sources,
        positions: BodyPositions::new(text, page.body_offset),
        measure_prose,
        external_links,
    })
}

fn finish(
    mut files: Vec<OutputFile>,
    mut diagnostics: Vec<Diagnostic>,
    page_count: usize,
    pages: Vec<PageSummary>,
    timings: Timings,
) -> BuildOutput {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    diagnostics.sort();
    diagnostics.dedup();
    BuildOutput {
        files,
        diagnostics,
        page_count,
        pages,
        timings,
    }
}
