//! The sidebar: the start page, the way to the current page with the nearest siblings at each
//! level, and the pages of the current section. Its size does not grow with the site: a level
//! with more entries than fit shows a window around the way to the page and a link to the
//! full list (the section's own page, which lists its children).
//!
//! A page's sidebar depends only on its section (its parent, or itself for a section), so the
//! theme's `partials/nav.html` is rendered once per section, and every page of the section
//! gets that HTML with its own link marked `aria-current="page"`. Nothing is re-interpreted
//! per page.

use serde::Serialize;
use stepwise_core::refs;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::model::{PageId, SiteModel};

/// How many siblings are shown on each side of the way to the page, at each level above the
/// page's section.
pub const SIBLINGS_SHOWN: usize = 5;
/// How many pages of the current section are listed before a link to the full list.
pub const SECTION_PAGES_SHOWN: usize = 100;

/// Whether every sidebar shows all `children` of a section above the current page's (with
/// fewer, a sidebar can show only the window at an end: the way down and its
/// [`SIBLINGS_SHOWN`] neighbours). When not, the section's own page must list them all: the
/// sidebar's `more` entries link there (`#children`).
pub fn lists_every_child(children: usize) -> bool {
    children <= SIBLINGS_SHOWN + 1
}

/// The template rendered once per section.
pub const TEMPLATE: &str = "partials/nav.html";

/// One sidebar entry. The list is flat; `open` and `close` say where nested lists start and
/// end, so templates need no recursion.
#[derive(Debug, Serialize)]
struct NavItemView<'a> {
    /// The page this entry links to (`None` for a `more` entry).
    #[serde(skip)]
    id: Option<PageId>,
    title: &'a str,
    url: String,
    depth: usize,
    is_section: bool,
    /// The page's checklist items (see `stepwise_core::refs`), for progress marks.
    items: &'a str,
    /// Its number, when the page is one of the guide's steps (see `crate::steps`).
    step: Option<usize>,
    /// `and` or `or` when that step goes with the step before it.
    step_logic: Option<&'static str>,
    /// A nested list of this entry's children follows it.
    open: bool,
    /// How many nested lists end after this entry.
    close: usize,
    /// Set on an entry that stands for entries left out: how many, and where they are all
    /// listed (the section's own page). Its `title` is empty and `items` too.
    more: Option<usize>,
}

/// Every section's sidebar, rendered.
pub struct Navigation {
    /// By `PageId` of a section: its sidebar's HTML (`None` for pages that are not sections).
    by_section: Vec<Option<Result<String, Diagnostic>>>,
    /// By `PageId` of a page: where in its section's sidebar its own link's `href="…"` ends,
    /// so marking it as current needs no search.
    current_at: Vec<Option<usize>>,
}

/// The encoded checklist items of each page (see `stepwise_core::refs`).
pub fn page_item_refs(rendered: &[Rendered]) -> Vec<String> {
    rendered.iter().map(item_refs).collect()
}

/// The encoded checklist items of one page.
pub fn item_refs(page: &Rendered) -> String {
    refs::encode(
        page.checklists
            .iter()
            .flat_map(|list| &list.items)
            .map(|item| (item.key.as_str(), item.replaces.as_slice())),
    )
}

/// What the sidebar shows of page `id` (whose encoded items are `items`), wherever it appears.
pub fn entry_value(model: &SiteModel, id: PageId, items: &str) -> tera::Value {
    tera::Value::from_serializable(&item(model, id, 0, false, items))
}

/// What rendering a sidebar needs besides the site: the theme's templates, the context every
/// template sees, and where each template came from (for problems).
pub struct Renderer<'a> {
    /// The parsed templates.
    pub tera: &'a tera::Tera,
    /// The context every template sees (`site`, `assets`, `contract`).
    pub base: &'a Context,
    /// Where each template came from.
    pub origins: &'a std::collections::BTreeMap<String, String>,
}

impl Navigation {
    /// Renders the sidebar of every section through the theme's [`TEMPLATE`], with the base
    /// context and `nav`, the section's entries.
    pub fn build(model: &SiteModel, item_refs: &[String], renderer: &Renderer<'_>) -> Self {
        let mut navigation = Self {
            by_section: vec![None; model.pages.len()],
            current_at: vec![None; model.pages.len()],
        };
        for id in (0..model.pages.len()).map(PageId) {
            if model.page(id).is_section() {
                let html = navigation.render(model, item_refs, renderer, id);
                navigation.by_section[id.0] = Some(html);
            }
        }
        navigation
    }

    /// After page `id` changed in a way a sidebar shows (its title, its checklist items),
    /// renders again the sidebars that list it; returns the sections whose sidebar came out
    /// different. Only sections below the page's parent can list it (the way down to them
    /// passes there), and of those only the ones whose entries name it are rendered.
    pub fn refresh(
        &mut self,
        model: &SiteModel,
        item_refs: &[String],
        renderer: &Renderer<'_>,
        id: PageId,
    ) -> Vec<PageId> {
        let listing: Vec<PageId> = sections_below(model, model.page(id).parent.unwrap_or(id))
            .into_iter()
            .filter(|&section| {
                entries(model, section, item_refs)
                    .iter()
                    .any(|entry| entry.id == Some(id))
            })
            .collect();
        self.render_again(model, item_refs, renderer, &listing)
    }

    /// After the sections in `before` (with their entries then, from
    /// [`Navigation::entries_below`]) may have changed in structure (a page joined or left
    /// one), renders again those whose entries differ now; returns the sections whose sidebar
    /// came out different.
    pub fn refresh_entries(
        &mut self,
        model: &SiteModel,
        item_refs: &[String],
        renderer: &Renderer<'_>,
        before: &[(PageId, tera::Value)],
    ) -> Vec<PageId> {
        let different: Vec<PageId> = before
            .iter()
            .filter(|(section, entries)| *entries != Self::entries(model, *section, item_refs))
            .map(|(section, _)| *section)
            .collect();
        self.render_again(model, item_refs, renderer, &different)
    }

    /// The entries of the sidebars that can change when a page of section `parent` joins or
    /// leaves it (the section and every section below it), to compare with after the change.
    pub fn entries_below(
        model: &SiteModel,
        item_refs: &[String],
        parent: PageId,
    ) -> Vec<(PageId, tera::Value)> {
        sections_below(model, parent)
            .into_iter()
            .map(|section| (section, Self::entries(model, section, item_refs)))
            .collect()
    }

    /// What the sidebar of `section` shows, as templates see it.
    fn entries(model: &SiteModel, section: PageId, item_refs: &[String]) -> tera::Value {
        tera::Value::from_serializable(&entries(model, section, item_refs))
    }

    /// Renders the sidebars of `sections` again; returns those that came out different.
    fn render_again(
        &mut self,
        model: &SiteModel,
        item_refs: &[String],
        renderer: &Renderer<'_>,
        sections: &[PageId],
    ) -> Vec<PageId> {
        let mut changed = Vec::new();
        for &section in sections {
            let old_current: Vec<(PageId, Option<usize>)> = pages_of(model, section)
                .map(|page| (page, self.current_at[page.0]))
                .collect();
            let html = self.render(model, item_refs, renderer, section);
            let same = self.by_section[section.0].as_ref() == Some(&html)
                && old_current
                    .iter()
                    .all(|&(page, at)| self.current_at[page.0] == at);
            self.by_section[section.0] = Some(html);
            if !same {
                changed.push(section);
            }
        }
        changed
    }

    /// Renders the sidebar of `section` and records where each of its pages' own link ends.
    fn render(
        &mut self,
        model: &SiteModel,
        item_refs: &[String],
        renderer: &Renderer<'_>,
        section: PageId,
    ) -> Result<String, Diagnostic> {
        let entries = entries(model, section, item_refs);
        let mut context = renderer.base.clone();
        context.insert("nav", &entries);
        let html = renderer.tera.render(TEMPLATE, &context);
        if let Ok(html) = &html {
            // The links appear in the order of the entries: one pass finds them all.
            let mut from = 0;
            for entry in &entries {
                let Some(page) = entry.id else { continue };
                if section_of(model, page) != section {
                    continue;
                }
                let link = format!("href=\"{}\"", crate::escape::html(&entry.url));
                self.current_at[page.0] = html[from..].find(&link).map(|found| {
                    from += found + link.len();
                    from
                });
            }
        }
        html.map_err(|error| {
            let mut problem = crate::theme::template_diagnostic(&error, renderer.origins);
            problem.message = format!(
                "{} (while rendering the sidebar of {})",
                problem.message,
                model.page(section).source_path
            );
            problem
        })
    }

    /// The sidebar's HTML of section `section`, as rendered (no link marked as current).
    pub fn of_section(&self, section: PageId) -> Result<&str, Diagnostic> {
        match self.by_section.get(section.0).and_then(Option::as_ref) {
            Some(Ok(html)) => Ok(html),
            Some(Err(problem)) => Err(problem.clone()),
            None => Ok(""),
        }
    }

    /// The sidebar's HTML for page `id`, its own link marked as the current page.
    pub fn for_page(&self, model: &SiteModel, id: PageId) -> Result<String, Diagnostic> {
        let html = self.of_section(section_of(model, id))?;
        Ok(match self.current_at.get(id.0).copied().flatten() {
            Some(end) if end <= html.len() && html.is_char_boundary(end) => {
                let mut marked = String::with_capacity(html.len() + 24);
                marked.push_str(&html[..end]);
                marked.push_str(" aria-current=\"page\"");
                marked.push_str(&html[end..]);
                marked
            }
            _ => html.to_owned(),
        })
    }
}

/// The pages that show the sidebar of `section`: itself and its pages that are not sections.
pub fn pages_of(model: &SiteModel, section: PageId) -> impl Iterator<Item = PageId> + '_ {
    std::iter::once(section).chain(
        model
            .page(section)
            .children
            .iter()
            .copied()
            .filter(|&child| !model.page(child).is_section()),
    )
}

/// `from` (a section) and every section below it.
fn sections_below(model: &SiteModel, from: PageId) -> Vec<PageId> {
    let mut found = Vec::new();
    let mut stack = vec![from];
    while let Some(section) = stack.pop() {
        found.push(section);
        stack.extend(
            model
                .page(section)
                .children
                .iter()
                .copied()
                .filter(|&child| model.page(child).is_section()),
        );
    }
    found
}

/// The section whose sidebar page `id` shows: itself for a section, else its parent.
pub fn section_of(model: &SiteModel, id: PageId) -> PageId {
    let page = model.page(id);
    if page.is_section() {
        id
    } else {
        page.parent.unwrap_or(model.root())
    }
}

fn item<'a>(
    model: &'a SiteModel,
    id: PageId,
    depth: usize,
    open: bool,
    items: &'a str,
) -> NavItemView<'a> {
    let page = model.page(id);
    let step = model.steps.step(id);
    NavItemView {
        id: Some(id),
        title: &page.front.title,
        url: model.url(id),
        depth,
        is_section: page.is_section() && id != model.root(),
        step: step.map(|step| step.number),
        step_logic: step.and_then(|step| step.logic).map(|logic| logic.word()),
        items,
        open,
        close: 0,
        more: None,
    }
}

/// An entry standing for `count` entries left out of a level of `parent`'s children.
fn more(model: &SiteModel, parent: PageId, depth: usize, count: usize) -> NavItemView<'_> {
    NavItemView {
        id: None,
        title: "",
        url: model.url(parent),
        depth,
        is_section: false,
        step: None,
        step_logic: None,
        items: "",
        open: false,
        close: 0,
        more: Some(count),
    }
}

/// The entries of section `section`'s sidebar: the start page, then each level on the way down
/// to the section (a window of siblings around the way, the section's pages in full up to
/// [`SECTION_PAGES_SHOWN`]).
fn entries<'a>(
    model: &'a SiteModel,
    section: PageId,
    item_refs: &'a [String],
) -> Vec<NavItemView<'a>> {
    let root = model.root();
    let mut way: Vec<PageId> = model.ancestors(section);
    way.push(section);
    let mut out = vec![item(model, root, 0, false, &item_refs[root.0])];
    // `way[0]` is the start page; level `depth` lists the children of `way[depth]`.
    level(model, &way, 0, item_refs, &mut out);
    out
}

/// Appends the children of `way[depth]`, opening the one on the way (and, recursively, its
/// children). Recursion is bounded by the depth of the content folders.
fn level<'a>(
    model: &'a SiteModel,
    way: &[PageId],
    depth: usize,
    item_refs: &'a [String],
    out: &mut Vec<NavItemView<'a>>,
) {
    let parent = way[depth];
    let children = &model.page(parent).children;
    let next = way.get(depth + 1).copied();
    let (from, to) = match next.and_then(|next| children.iter().position(|&c| c == next)) {
        // A level above the page's section: the nearest siblings of the way down.
        Some(at) => (
            at.saturating_sub(SIBLINGS_SHOWN),
            (at + SIBLINGS_SHOWN + 1).min(children.len()),
        ),
        // The section itself: its pages.
        None => (0, children.len().min(SECTION_PAGES_SHOWN)),
    };
    if from > 0 {
        out.push(more(model, parent, depth, from));
    }
    for &child in &children[from..to] {
        let open = Some(child) == next && !model.page(child).children.is_empty();
        out.push(item(model, child, depth, open, &item_refs[child.0]));
        if open {
            level(model, way, depth + 1, item_refs, out);
            if let Some(last) = out.last_mut() {
                last.close += 1;
            }
        }
    }
    if to < children.len() {
        out.push(more(model, parent, depth, children.len() - to));
    }
}
