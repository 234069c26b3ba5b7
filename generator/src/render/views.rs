//! What templates see: serializable views that borrow from the model.
//!
//! API boundary: these structs are the theme API. Domain types are not `Serialize`; a field
//! appears here only because a template needs it. `docs` in the README lists every field.

use serde::Serialize;
use stepwise_core::dom;

use crate::config::SiteConfig;
use crate::front_matter::Date;
use crate::markdown::{Rendered, TocEntry};
use crate::model::{PageId, PageKind, SiteModel};
use crate::yaml::Extra;

/// `site` in every template.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    /// The site's name.
    pub title: &'a str,
    /// The site's description.
    pub description: &'a str,
    /// Its language tag, for `<html lang>`.
    pub language: &'a str,
    /// Absolute address of the start page, ending in `/`.
    pub base_url: &'a str,
    /// Path of the start page, ending in `/`.
    pub base_path: &'a str,
    /// The author, if set.
    pub author: Option<&'a str>,
    /// Namespace of readers' saved progress, for `<html data-stepwise-site>`.
    pub storage_id: &'a str,
    /// Whether the site has search (`partials/search.html`).
    pub search: bool,
    /// Free-form values from `site.yaml`.
    pub extra: &'a Extra,
}

impl<'a> SiteView<'a> {
    /// The view of `config`.
    pub fn new(config: &'a SiteConfig) -> Self {
        Self {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: &config.base_url,
            base_path: config.base_path(),
            author: config.author.as_deref(),
            storage_id: &config.storage_id,
            search: config.search,
            extra: &config.extra,
        }
    }
}

/// `page` in every template.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// The page's title.
    pub title: &'a str,
    /// Its description, or the site's when it has none.
    pub description: &'a str,
    /// Site-relative address (`/guide/evidence/`).
    pub url: String,
    /// Absolute address.
    pub permalink: String,
    /// The body as HTML (print it with `| safe`).
    pub content: &'a str,
    /// `index`, `section` or `page`.
    pub kind: &'static str,
    /// The table of contents.
    pub toc: Vec<TocView<'a>>,
    /// When the content was last checked.
    pub updated: Option<DateView>,
    /// Free-form labels.
    pub tags: &'a [String],
    /// Free-form values from front matter.
    pub extra: &'a Extra,
    /// The key readers' progress on this page is saved under.
    pub key: &'a str,
    /// Words in the body.
    pub word_count: usize,
    /// Estimated minutes to read (at 200 words a minute, at least 1).
    pub reading_minutes: usize,
    /// How many checklist items the page has.
    pub item_count: usize,
    /// How many message composers the page has.
    pub composer_count: usize,
    /// The element id of the page's first composer, for a link that skips to it.
    pub composer_anchor: Option<String>,
}

impl<'a> PageView<'a> {
    /// The view of page `id`, whose body HTML is `content`.
    pub fn new(model: &'a SiteModel, id: PageId, rendered: &'a Rendered, content: &'a str) -> Self {
        let page = model.page(id);
        Self {
            title: &page.front.title,
            description: page
                .front
                .description
                .as_deref()
                .unwrap_or(&model.config.description),
            url: model.url(id),
            permalink: model.permalink(id),
            content,
            kind: match page.kind {
                PageKind::Index => "index",
                PageKind::Section => "section",
                PageKind::Page => "page",
            },
            toc: rendered.toc.iter().map(TocView::new).collect(),
            updated: page.front.updated.map(DateView::new),
            tags: &page.front.tags,
            extra: &page.front.extra,
            key: &page.key,
            word_count: rendered.word_count,
            reading_minutes: rendered.word_count.div_ceil(200).max(1),
            item_count: rendered
                .checklists
                .iter()
                .map(|list| list.items.len())
                .sum(),
            composer_count: rendered.composers.len(),
            composer_anchor: rendered
                .composers
                .first()
                .map(|composer| stepwise_core::ids::composer_element_id(&composer.id)),
        }
    }
}

/// An entry of `page.toc`.
#[derive(Debug, Serialize)]
pub struct TocView<'a> {
    /// The heading's id.
    pub id: &'a str,
    /// The heading's text.
    pub title: &'a str,
    /// Third-level headings under it.
    pub children: Vec<TocView<'a>>,
}

impl<'a> TocView<'a> {
    fn new(entry: &'a TocEntry) -> Self {
        Self {
            id: &entry.id,
            title: &entry.title,
            children: entry.children.iter().map(TocView::new).collect(),
        }
    }
}

/// A date in two forms.
#[derive(Debug, Serialize)]
pub struct DateView {
    /// `2026-11-28`, for `<time datetime>` and the sitemap.
    pub iso: String,
    /// `28 November 2026`, for readers.
    pub human: String,
}

impl DateView {
    /// The view of `date`.
    pub fn new(date: Date) -> Self {
        Self {
            iso: date.iso(),
            human: date.human(),
        }
    }
}

/// A link to another page: breadcrumbs, previous and next, section listings.
#[derive(Debug, Serialize)]
pub struct LinkView<'a> {
    /// The page's title.
    pub title: &'a str,
    /// Site-relative address.
    pub url: String,
    /// The page's description, if it has one.
    pub description: Option<&'a str>,
    /// Whether the page is a section.
    pub is_section: bool,
}

impl<'a> LinkView<'a> {
    /// The link to page `id`.
    pub fn new(model: &'a SiteModel, id: PageId) -> Self {
        let page = model.page(id);
        Self {
            title: &page.front.title,
            url: model.url(id),
            description: page.front.description.as_deref(),
            is_section: page.is_section(),
        }
    }
}

/// `contract` in every template: the names the browser module looks for and the policy pages
/// work under, all spelled in `stepwise_core::dom`. Templates write them instead of typing the
/// names, so a renamed attribute can never leave a theme behind.
#[derive(Debug, Serialize)]
pub struct ContractView {
    /// On `<html>`: the storage namespace (`site.storage_id`). Required on every page.
    pub site: &'static str,
    /// On the live region where notices appear.
    pub notices: &'static str,
    /// On the empty live region where a newer version of the guide is offered (keep it out of
    /// the page's flow, e.g. `position: fixed`, so that filling it moves nothing).
    pub update_notice: &'static str,
    /// On the start page's overall progress block.
    pub guide_progress: &'static str,
    /// Inside it: where the summary sentence goes.
    pub guide_progress_text: &'static str,
    /// Inside it: the `<progress>` element.
    pub guide_progress_bar: &'static str,
    /// Inside it: the progress tools, hidden until the module starts.
    pub guide_actions: &'static str,
    /// On a link or block: the checklist items it summarises (`item.items`, `all_items`).
    pub progress_items: &'static str,
    /// Inside a sidebar link: where its progress mark goes.
    pub nav_progress: &'static str,
    /// The value of `nav_progress` for a mark that says `2 of 6 done` rather than `2/6`.
    pub nav_progress_long: &'static str,
    /// On the "On this page" list, whose link of the heading the reader is at gets marked.
    pub toc: &'static str,
    /// On a button: what it does.
    pub action: &'static str,
    /// Button action: save progress to a file.
    pub action_export: &'static str,
    /// Button action: remove every tick and draft.
    pub action_reset_all: &'static str,
    /// On the file input that loads saved progress.
    pub import_input: &'static str,
    /// The Content-Security-Policy for `<meta http-equiv>`.
    pub content_security_policy: &'static str,
}

impl ContractView {
    /// The contract, from `stepwise_core::dom`.
    pub const CURRENT: Self = Self {
        site: dom::ATTR_SITE,
        notices: dom::ATTR_NOTICES,
        update_notice: dom::ATTR_UPDATE_NOTICE,
        guide_progress: dom::ATTR_GUIDE_PROGRESS,
        guide_progress_text: dom::ATTR_GUIDE_PROGRESS_TEXT,
        guide_progress_bar: dom::ATTR_GUIDE_PROGRESS_BAR,
        guide_actions: dom::ATTR_GUIDE_ACTIONS,
        progress_items: dom::ATTR_PROGRESS_ITEMS,
        nav_progress: dom::ATTR_NAV_PROGRESS,
        nav_progress_long: dom::NAV_PROGRESS_LONG,
        toc: dom::ATTR_TOC,
        action: dom::ATTR_ACTION,
        action_export: dom::ACTION_EXPORT,
        action_reset_all: dom::ACTION_RESET_ALL,
        import_input: dom::ATTR_IMPORT_INPUT,
        content_security_policy: dom::CONTENT_SECURITY_POLICY_META,
    };
}

/// `assets` in every template: addresses of the theme's hashed files.
#[derive(Debug, Clone, Serialize)]
pub struct AssetsView {
    /// Every theme static file by its name in the theme (`style.css`).
    pub files: std::collections::BTreeMap<String, String>,
    /// The page's one script, for `<script type="module" src>`: the browser module's glue and
    /// start, the service worker's registration when the site works offline, and the lines
    /// that start search when it has search (`render::script`).
    pub script: String,
    /// The same address as `script`, for themes written when the JS glue was a file of its
    /// own (they preload it with `<link rel="modulepreload">`, which does no harm).
    pub module: String,
    /// The WebAssembly file the script starts, for `<link rel="preload">`.
    pub wasm: String,
    /// The search module's files and the index (`partials/search.html`).
    pub search: super::search_assets::SearchAssetsView,
    /// Always empty: the service worker's registration is part of `script`. Kept for themes
    /// written when it was a script of its own (`{% if assets.offline %}`).
    pub offline: Option<String>,
    /// The web app manifest, for `<link rel="manifest">`, when the site works offline.
    pub manifest: Option<String>,
    /// The theme's accent colour, for `<meta name="theme-color">`, when the site works offline.
    pub theme_color: Option<String>,
}

/// `step` on a page that is one of the guide's steps (see `crate::steps`).
#[derive(Debug, Serialize)]
pub struct StepView<'a> {
    /// Its number (`3` of "Step 3 of 5").
    pub number: usize,
    /// How many numbers the steps use (`5`).
    pub total: usize,
    /// `and` or `or` when it goes with the step before it, which has the same number.
    pub logic: Option<&'static str>,
    /// The step before it.
    pub previous: Option<StepLinkView<'a>>,
    /// The step after it.
    pub next: Option<StepLinkView<'a>>,
}

impl<'a> StepView<'a> {
    /// The view of page `id`, if it is a step.
    pub fn new(model: &'a SiteModel, id: PageId) -> Option<Self> {
        let steps = &model.steps;
        let step = steps.step(id)?;
        let (previous, next) = steps.neighbours(id);
        Some(Self {
            number: step.number,
            total: steps.total,
            logic: step.logic.map(|logic| logic.word()),
            previous: previous.map(|step| StepLinkView::new(model, step)),
            next: next.map(|step| StepLinkView::new(model, step)),
        })
    }
}

/// A link to a step: its number and its page.
#[derive(Debug, Serialize)]
pub struct StepLinkView<'a> {
    /// The step's number.
    pub number: usize,
    /// `and` or `or` when it goes with the step before it.
    pub logic: Option<&'static str>,
    /// The step's title.
    pub title: &'a str,
    /// Site-relative address.
    pub url: String,
}

impl<'a> StepLinkView<'a> {
    fn new(model: &'a SiteModel, step: &crate::steps::Step) -> Self {
        Self {
            number: step.number,
            logic: step.logic.map(|logic| logic.word()),
            title: &model.page(step.page).front.title,
            url: model.url(step.page),
        }
    }
}

/// `steps` on the start page and the steps section's page: every step with its tasks, for the
/// step-by-step list (`partials/steps.html`).
#[derive(Debug, Serialize)]
pub struct StepsView<'a> {
    /// The steps section's title.
    pub title: &'a str,
    /// Its address.
    pub url: String,
    /// Its description, if it has one.
    pub description: Option<&'a str>,
    /// How many numbers the steps use.
    pub total: usize,
    /// The steps, in order.
    pub list: Vec<StepEntryView<'a>>,
}

impl<'a> StepsView<'a> {
    /// The guide's steps, with each step page's rendered body from `rendered` (by `PageId`).
    pub fn new(model: &'a SiteModel, rendered: &'a [Rendered]) -> Option<Self> {
        let steps = &model.steps;
        let section = steps.section?;
        if steps.list.is_empty() {
            return None;
        }
        let page = model.page(section);
        Some(Self {
            title: &page.front.title,
            url: model.url(section),
            description: page.front.description.as_deref(),
            total: steps.total,
            list: steps
                .list
                .iter()
                .map(|step| StepEntryView::new(model, step, &rendered[step.page.0]))
                .collect(),
        })
    }
}

/// One step of `steps.list`.
#[derive(Debug, Serialize, PartialEq)]
pub struct StepEntryView<'a> {
    /// The step's number.
    pub number: usize,
    /// `and` or `or` when it goes with the step before it (which has the same number).
    pub logic: Option<&'static str>,
    /// The step page's title.
    pub title: &'a str,
    /// Its address.
    pub url: String,
    /// Its description, if it has one.
    pub description: Option<&'a str>,
    /// Its checklist items (see `stepwise_core::refs`), for its progress mark; empty if none.
    pub items: String,
    /// How many checklist items it has.
    pub item_count: usize,
    /// Its tasks: the page's second-level headings, linked.
    pub tasks: Vec<TaskView<'a>>,
}

impl<'a> StepEntryView<'a> {
    /// The entry of `step`, whose page rendered as `rendered`.
    pub fn new(model: &'a SiteModel, step: &crate::steps::Step, rendered: &'a Rendered) -> Self {
        let page = model.page(step.page);
        let url = model.url(step.page);
        Self {
            number: step.number,
            logic: step.logic.map(|logic| logic.word()),
            title: &page.front.title,
            description: page.front.description.as_deref(),
            items: crate::render::nav::item_refs(rendered),
            item_count: rendered
                .checklists
                .iter()
                .map(|list| list.items.len())
                .sum(),
            tasks: rendered
                .toc
                .iter()
                .map(|entry| TaskView {
                    title: &entry.title,
                    url: format!("{url}#{}", entry.id),
                })
                .collect(),
            url,
        }
    }
}

/// A task of a step: a heading of its page.
#[derive(Debug, Serialize, PartialEq)]
pub struct TaskView<'a> {
    /// The heading's text.
    pub title: &'a str,
    /// Its address (`/steps/evidence/#what-to-keep`).
    pub url: String,
}
