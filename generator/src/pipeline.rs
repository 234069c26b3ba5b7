//! The build: plain data in, plain data out.
//!
//! `SiteSource` (loaded by `source::load`) → config → model → Markdown → checks → templates →
//! site files → `BuildOutput`. No stage does IO; `output::write` is the other edge.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::config::{self, CONFIG_FILE};
use crate::diagnostics::{self, Diagnostic};
use crate::front_matter::BodyPositions;
use crate::manifest;
use crate::markdown::{self, PageContext, Rendered};
use crate::model::{self, ModelOptions, SiteModel};
use crate::render::{self, OutputFile, Shared, assets, site_files};
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
}

/// What a build produced.
#[derive(Debug, Default)]
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
#[derive(Debug, Clone)]
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
    let mut diagnostics = source.diagnostics.clone();
    let Some(config) = load_config(source, options, &mut diagnostics) else {
        return finish(Vec::new(), diagnostics, 0);
    };

    let model_options = ModelOptions {
        include_drafts: options.include_drafts,
    };
    let (model, model_problems) =
        model::build(config, &source.content, &source.content_dirs, model_options);
    diagnostics.extend(model_problems);

    let all_sources: BTreeSet<String> = source
        .content
        .iter()
        .map(|file| file.path.clone())
        .collect();
    let rendered = render_markdown(&model, &all_sources);
    for page in &rendered {
        diagnostics.extend(page.diagnostics.iter().cloned());
    }
    diagnostics.extend(render::composer::check(&model, &rendered));

    let mut files = Vec::with_capacity(model.pages.len() + 16);
    let origins = theme::template_origins(&source.theme);
    match theme::load_templates(&source.theme) {
        Ok(tera) => {
            let assets = assets::build(&source.theme, model.config.base_path(), &mut files);
            let shared = Shared::new(&model, &rendered, &tera, &origins, &assets);
            let (pages, problems) = render::pages(&shared);
            files.extend(pages);
            diagnostics.extend(problems);
            match render::not_found(&shared) {
                Ok(file) => files.push(file),
                Err(problem) => diagnostics.push(problem),
            }
        }
        Err(problems) => diagnostics.extend(problems),
    }
    files.push(site_files::sitemap(&model));
    files.push(site_files::robots(&model));
    files.push(site_files::headers(&model));
    files.push(manifest::write(&model, &rendered));
    if let Some(previous) = &options.previous {
        diagnostics.extend(manifest::compare(previous, &model, &rendered));
    }
    files.extend(site_files::aliases(&model));
    for (path, bytes) in &source.static_files {
        files.push(OutputFile::new(path.clone(), bytes.clone()));
    }

    let output_paths: BTreeSet<String> = files.iter().map(|file| file.path.clone()).collect();
    diagnostics.extend(crate::check::links(&model, &rendered, &output_paths));
    let pages = model
        .reading_order
        .iter()
        .map(|&id| PageSummary {
            source: model.page(id).source_path.clone(),
            title: model.page(id).front.title.clone(),
            stats: rendered[id.0].text_stats,
        })
        .collect();
    let mut output = finish(files, diagnostics, model.pages.len());
    output.pages = pages;
    output
}

fn load_config(
    source: &SiteSource,
    options: &BuildOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<config::SiteConfig> {
    let Some(file) = &source.config else {
        diagnostics.push(Diagnostic::error(
            CONFIG_FILE,
            (1, 1),
            "missing site configuration: create `site.yaml` with at least `title:` and `base_url:` (or run `stepwise init`)",
        ));
        return None;
    };
    let config = match config::parse(&file.text) {
        Ok(config) => config,
        Err(problems) => {
            diagnostics.extend(problems);
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
            let id = model::PageId(index);
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
) -> BuildOutput {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    diagnostics.sort();
    diagnostics.dedup();
    BuildOutput {
        files,
        diagnostics,
        page_count,
        pages: Vec::new(),
    }
}
