//! Renders pages through the theme's templates, and writes the site-wide files.

pub mod assets;
pub mod composer;
pub mod deadlines;
pub mod nav;
pub mod script;
pub mod search_assets;
pub mod search_page;
pub mod views;

use std::collections::BTreeMap;

use tera::{Context, Tera, Value};

use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::model::{PageId, PageKind, SiteModel};
use crate::theme;
use nav::Navigation;
use views::{LinkView, PageView, SiteView, StepView, StepsView};

/// One file of the output, by its path inside the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// `/`-separated path inside the output folder (`guide/evidence/index.html`).
    pub path: String,
    /// Contents, shared: the dev server serves the very bytes the build keeps.
    pub bytes: std::sync::Arc<[u8]>,
}

impl OutputFile {
    /// A file at `path` with `bytes`.
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// The parts of every page's template context that are computed from the whole site. They
/// are kept between rebuilds and recomputed only when titles or checklists change.
pub struct SiteParts {
    /// `site`, converted once.
    pub site: Value,
    /// `assets` for each module variant (indexed by `assets::Variant`), converted once.
    pub assets: [Value; assets::Variant::ALL.len()],
    /// `contract`, converted once.
    pub contract: Value,
    /// Every section's sidebar.
    pub navigation: Navigation,
    /// Every checklist item of the site (see `stepwise_core::refs`), for the start page.
    pub all_items: String,
    /// Each page's encoded checklist items, by `PageId` (see `stepwise_core::refs`).
    pub item_refs: Vec<String>,
    /// The context sidebars are rendered with: `site`, `assets` (of the base module), `contract`.
    pub base: Context,
    /// `data-stepwise-site="<storage id>"`, which every page must contain.
    pub namespace: String,
}

impl SiteParts {
    /// Computes the parts for a site, rendering every section's sidebar through `theme`.
    pub fn new(model: &SiteModel, rendered: &[Rendered], theme: &Theme) -> Self {
        let item_refs = nav::page_item_refs(rendered);
        let all_items = all_items(model, &item_refs);
        let site = Value::from_serializable(&SiteView::new(&model.config));
        let assets = assets::Variant::ALL
            .map(|variant| Value::from_serializable(theme.assets.view(variant)));
        let contract = Value::from_serializable(&views::ContractView::CURRENT);
        let mut base = Context::new();
        base.insert_value("site", site.clone());
        base.insert_value("assets", assets[assets::Variant::Base as usize].clone());
        base.insert_value("contract", contract.clone());
        let renderer = nav::Renderer {
            tera: &theme.tera,
            base: &base,
            origins: &theme.origins,
        };
        let navigation = Navigation::build(model, &item_refs, &renderer);
        Self {
            site,
            assets,
            contract,
            navigation,
            all_items,
            item_refs,
            base,
            namespace: format!(
                "{}=\"{}\"",
                stepwise_core::dom::ATTR_SITE,
                crate::escape::html(&model.config.storage_id)
            ),
        }
    }
}

impl SiteParts {
    /// After an edit to page `id` (`rendered` is the site after it), renders again the
    /// sidebars that show the change: with `before` (see [`Navigation::entries_below`]), those
    /// of the sections whose entries changed (the page joined or left its section); otherwise
    /// those that list the page (its title or checklist items changed). Returns the sections
    /// whose sidebar changed.
    pub fn refresh_page(
        &mut self,
        model: &SiteModel,
        rendered: &[Rendered],
        theme: &Theme,
        id: PageId,
        before: Option<&[(PageId, Value)]>,
    ) -> Vec<PageId> {
        let items = nav::item_refs(&rendered[id.0]);
        if items != self.item_refs[id.0] || before.is_some() {
            self.item_refs[id.0] = items;
            self.all_items = all_items(model, &self.item_refs);
        }
        let renderer = nav::Renderer {
            tera: &theme.tera,
            base: &self.base,
            origins: &theme.origins,
        };
        match before {
            Some(before) => {
                self.navigation
                    .refresh_entries(model, &self.item_refs, &renderer, before)
            }
            None => self
                .navigation
                .refresh(model, &self.item_refs, &renderer, id),
        }
    }
}

/// Every page's checklist items in reading order, for the start page.
fn all_items(model: &SiteModel, item_refs: &[String]) -> String {
    model
        .reading_order
        .iter()
        .map(|id| item_refs[id.0].as_str())
        .filter(|refs| !refs.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

/// The theme, loaded: parsed templates, where each came from, and its hashed assets.
pub struct Theme {
    /// The parsed templates.
    pub tera: Tera,
    /// Where each template came from, for diagnostics.
    pub origins: BTreeMap<String, String>,
    /// Where the template that writes `<html>` came from (see [`theme::document_template`]).
    pub document: Option<String>,
    /// `assets` in templates, for each module variant.
    pub assets: assets::Assets,
    /// The hashed asset files.
    pub asset_files: Vec<OutputFile>,
}

/// Everything every page's template context shares.
pub struct Shared<'a> {
    /// The site.
    pub model: &'a SiteModel,
    /// Each page's rendered body, indexed by `PageId`.
    pub rendered: &'a [Rendered],
    /// The theme.
    pub theme: &'a Theme,
    /// The site-wide parts of the context.
    pub parts: &'a SiteParts,
    /// Every checklist by key, for composers.
    pub lists: composer::ListIndex<'a>,
    /// Every deadline by id, for composers.
    pub deadlines: deadlines::DeadlineIndex<'a>,
}

impl<'a> Shared<'a> {
    /// Prepares the shared context.
    pub fn new(
        model: &'a SiteModel,
        rendered: &'a [Rendered],
        theme: &'a Theme,
        parts: &'a SiteParts,
    ) -> Self {
        Self {
            model,
            rendered,
            theme,
            parts,
            lists: composer::list_index(rendered),
            deadlines: deadlines::index(rendered),
        }
    }

    /// The context every page starts from, for a page that loads `variant` of the module.
    fn base_context(&self, variant: assets::Variant) -> Context {
        let mut context = Context::new();
        context.insert_value("site", self.parts.site.clone());
        context.insert_value("assets", self.parts.assets[variant as usize].clone());
        context.insert_value("contract", self.parts.contract.clone());
        context
    }
}

/// Renders one page.
pub fn page(shared: &Shared<'_>, id: PageId) -> Result<OutputFile, Diagnostic> {
    let model = shared.model;
    let page = model.page(id);
    let rendered = &shared.rendered[id.0];
    let mut context = shared.base_context(assets::Variant::for_page(rendered));
    let expanded;
    let content = if rendered.composers.is_empty() {
        rendered.html.as_str()
    } else {
        expanded = composer::expand(rendered, &shared.lists, &shared.deadlines);
        expanded.as_str()
    };
    context.insert("page", &PageView::new(model, id, rendered, content));
    context.insert("sidebar", &shared.parts.navigation.for_page(model, id)?);
    context.insert(
        "nav_lists_every_child",
        &nav::lists_every_child(page.children.len()),
    );
    let breadcrumbs: Vec<LinkView<'_>> = model
        .ancestors(id)
        .into_iter()
        .map(|a| LinkView::new(model, a))
        .collect();
    context.insert("breadcrumbs", &breadcrumbs);
    let (previous, next) = model.neighbours(id);
    context.insert("previous", &previous.map(|p| LinkView::new(model, p)));
    context.insert("next", &next.map(|n| LinkView::new(model, n)));
    let children: Vec<LinkView<'_>> = page
        .children
        .iter()
        .map(|&c| LinkView::new(model, c))
        .collect();
    context.insert("children", &children);
    context.insert("step", &StepView::new(model, id));
    let lists_steps = page.kind == PageKind::Index || model.steps.section == Some(id);
    context.insert(
        "steps",
        &lists_steps
            .then(|| StepsView::new(model, shared.rendered))
            .flatten(),
    );
    context.insert(
        "all_items",
        if page.kind == PageKind::Index {
            shared.parts.all_items.as_str()
        } else {
            ""
        },
    );

    let template = match (&page.front.template, page.kind) {
        (Some(name), _) => name.as_str(),
        (None, PageKind::Index) => "index.html",
        (None, PageKind::Section) => "section.html",
        (None, PageKind::Page) => "page.html",
    };
    if !shared.theme.tera.contains_template(template) {
        return Err(Diagnostic::error(
            &page.source_path,
            (1, 1),
            format!("the theme has no template `{template}`"),
        ));
    }
    let html = shared
        .theme
        .tera
        .render(template, &context)
        .map_err(|error| rendering_problem(&error, &shared.theme.origins, &page.source_path))?;
    check_namespace(shared, &html, template)?;
    Ok(OutputFile::new(
        crate::model::output_path(&page.url_path),
        html.into_bytes(),
    ))
}

/// The site's "page not found" page.
pub fn not_found(shared: &Shared<'_>) -> Result<OutputFile, Diagnostic> {
    let model = shared.model;
    let mut context = shared.base_context(assets::Variant::Base);
    let empty = Rendered::default();
    let mut view = PageView::new(model, model.root(), &empty, "");
    view.title = "Page not found";
    view.url = format!("{}404.html", model.config.base_path());
    view.permalink = format!("{}404.html", model.config.base_url);
    view.kind = "404";
    context.insert("page", &view);
    context.insert("sidebar", shared.parts.navigation.of_section(model.root())?);
    context.insert("nav_lists_every_child", &true);
    context.insert("breadcrumbs", &Vec::<LinkView<'_>>::new());
    context.insert("previous", &None::<LinkView<'_>>);
    context.insert("next", &None::<LinkView<'_>>);
    context.insert("children", &Vec::<LinkView<'_>>::new());
    context.insert("step", &None::<StepView<'_>>);
    context.insert("steps", &None::<StepsView<'_>>);
    context.insert("all_items", "");
    let html = shared
        .theme
        .tera
        .render("404.html", &context)
        .map_err(|error| rendering_problem(&error, &shared.theme.origins, "404.html"))?;
    check_namespace(shared, &html, "404.html")?;
    Ok(OutputFile::new("404.html", html.into_bytes()))
}

/// Pages must name the site's storage namespace on `<html>`: the browser module refuses to save
/// without it rather than mix two guides' readers on one origin.
fn check_namespace(shared: &Shared<'_>, html: &str, template: &str) -> Result<(), Diagnostic> {
    // On `<html>` itself, where the module reads it.
    let tag_end = html
        .find("<html")
        .and_then(|start| html[start..].find('>').map(|end| start + end))
        .unwrap_or(0);
    if html[..tag_end].contains(&shared.parts.namespace) {
        return Ok(());
    }
    let origin = shared
        .theme
        .document
        .clone()
        .or_else(|| shared.theme.origins.get(template).cloned())
        .unwrap_or_else(|| template.to_owned());
    Err(Diagnostic::error(
        origin,
        (1, 1),
        format!(
            "pages rendered with this template lack the storage namespace on `<html>`: write `<html {{{{ contract.site }}}}=\"{{{{ site.storage_id }}}}\">` (it renders as `{}`), so readers' saved progress is kept apart from other guides on the same site",
            shared.parts.namespace
        ),
    ))
}

fn rendering_problem(
    error: &tera::Error,
    origins: &BTreeMap<String, String>,
    page: &str,
) -> Diagnostic {
    let mut diagnostic = theme::template_diagnostic(error, origins);
    diagnostic.message = format!("{} (while rendering {page})", diagnostic.message);
    diagnostic
}
