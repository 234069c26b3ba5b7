//! The search page (`search/`): where the header's search form leads. With JavaScript it
//! shows the results for `?q=`; without, it says search needs JavaScript, and either way it
//! lists every page A to Z so the reader can still find things.

use super::views::{LinkView, PageView};
use super::{OutputFile, Shared, check_namespace, rendering_problem};
use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::model::PageId;

/// The theme template of the search page.
pub const TEMPLATE: &str = "search.html";

/// Renders the search page through the theme.
pub fn render(shared: &Shared<'_>) -> Result<OutputFile, Diagnostic> {
    let model = shared.model;
    let mut context = shared.base_context(super::assets::Variant::Base);
    let empty = Rendered::default();
    let mut view = PageView::new(model, model.root(), &empty, "");
    view.title = "Search";
    view.url = format!("{}search/", model.config.base_path());
    view.permalink = format!("{}search/", model.config.base_url);
    view.kind = "search";
    let mut pages: Vec<LinkView<'_>> = (0..model.pages.len())
        .map(|index| LinkView::new(model, PageId(index)))
        .collect();
    pages.sort_by(|a, b| {
        a.title
            .to_lowercase()
            .cmp(&b.title.to_lowercase())
            .then_with(|| a.url.cmp(&b.url))
    });
    context.insert("page", &view);
    context.insert("all_pages", &pages);
    context.insert("sidebar", shared.parts.navigation.of_section(model.root())?);
    context.insert("nav_lists_every_child", &true);
    context.insert("breadcrumbs", &Vec::<LinkView<'_>>::new());
    context.insert("previous", &None::<LinkView<'_>>);
    context.insert("next", &None::<LinkView<'_>>);
    context.insert("children", &Vec::<LinkView<'_>>::new());
    context.insert("all_items", "");
    let html = shared
        .theme
        .tera
        .render(TEMPLATE, &context)
        .map_err(|error| rendering_problem(&error, &shared.theme.origins, TEMPLATE))?;
    check_namespace(shared, &html, TEMPLATE)?;
    Ok(OutputFile::new(crate::search::PAGE_PATH, html.into_bytes()))
}
