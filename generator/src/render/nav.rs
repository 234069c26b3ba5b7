//! The sidebar: the start page, the top-level pages and sections, and the contents of every
//! section on the way to the current page. Never every page of a large site on every page.
//!
//! A page's sidebar depends only on the deepest open section (its parent, or itself for a
//! section), so it is computed once per section and shared, as a Tera value, by every page
//! in it. Templates mark the current page by comparing `item.url` with `page.url`.

use std::collections::BTreeSet;

use serde::Serialize;
use stepwise_core::refs;

use crate::markdown::Rendered;
use crate::model::{PageId, SiteModel};

/// One sidebar entry. The list is flat; `open` and `close` say where nested lists start and
/// end, so templates need no recursion.
#[derive(Debug, Serialize)]
struct NavItemView<'a> {
    title: &'a str,
    url: String,
    depth: usize,
    is_section: bool,
    /// The page's checklist items (see `stepwise_core::refs`), for progress marks.
    items: &'a str,
    /// A nested list of this entry's children follows it.
    open: bool,
    /// How many nested lists end after this entry.
    close: usize,
}

/// Every section's sidebar, ready for templates.
pub struct Navigation {
    by_section: Vec<Option<tera::Value>>,
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
    let page = model.page(id);
    tera::Value::from_serializable(&NavItemView {
        title: &page.front.title,
        url: model.url(id),
        depth: 0,
        is_section: page.is_section() && id != model.root(),
        items,
        open: false,
        close: 0,
    })
}

impl Navigation {
    /// Computes the sidebar of every section.
    pub fn build(model: &SiteModel, item_refs: &[String]) -> Self {
        let mut by_section = vec![None; model.pages.len()];
        for (index, page) in model.pages.iter().enumerate() {
            if !page.is_section() {
                continue;
            }
            let id = PageId(index);
            let mut expanded: BTreeSet<PageId> = model.ancestors(id).into_iter().collect();
            expanded.insert(id);
            let root = model.root();
            let mut items = vec![item(model, root, 0, false, item_refs)];
            flatten(
                model,
                &model.page(root).children,
                0,
                &expanded,
                item_refs,
                &mut items,
            );
            by_section[index] = Some(tera::Value::from_serializable(&items));
        }
        Self { by_section }
    }

    /// The sidebar for page `id`.
    pub fn for_page(&self, model: &SiteModel, id: PageId) -> tera::Value {
        let page = model.page(id);
        let section = if page.is_section() {
            id
        } else {
            page.parent.unwrap_or(model.root())
        };
        self.by_section[section.0]
            .clone()
            .unwrap_or_else(tera::Value::none)
    }
}

fn item<'a>(
    model: &'a SiteModel,
    id: PageId,
    depth: usize,
    open: bool,
    item_refs: &'a [String],
) -> NavItemView<'a> {
    let page = model.page(id);
    NavItemView {
        title: &page.front.title,
        url: model.url(id),
        depth,
        is_section: page.is_section() && id != model.root(),
        items: &item_refs[id.0],
        open,
        close: 0,
    }
}

fn flatten<'a>(
    model: &'a SiteModel,
    children: &[PageId],
    depth: usize,
    expanded: &BTreeSet<PageId>,
    item_refs: &'a [String],
    out: &mut Vec<NavItemView<'a>>,
) {
    for &child in children {
        let open = expanded.contains(&child) && !model.page(child).children.is_empty();
        out.push(item(model, child, depth, open, item_refs));
        if open {
            flatten(
                model,
                &model.page(child).children,
                depth + 1,
                expanded,
                item_refs,
                out,
            );
            if let Some(last) = out.last_mut() {
                last.close += 1;
            }
        }
    }
}
