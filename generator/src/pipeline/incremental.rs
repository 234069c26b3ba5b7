//! Rebuilding after an edit to one page: only the pages and site files that show what changed.
//!
//! What another page shows of a page is exactly what its views carry (`LinkView` in
//! breadcrumbs, previous/next and section listings; the sidebar entry), so the edit is compared
//! through those views: a theme field added to them is followed without a change here.
//! Front-matter fields that change the site's structure are declared by
//! `FrontMatter::structure`; a change to one of them rebuilds everything.

use std::collections::BTreeSet;

use super::{Build, BuildOptions, Built, render_one};
use crate::front_matter;
use crate::model::{PageId, SiteModel};
use crate::render::nav;
use crate::render::views::{LinkView, StepEntryView};
use crate::site_files::Inputs;
use crate::source::{SiteSource, TextFile};

/// What [`Build::update_content`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// Only these many pages were rendered again.
    Pages(usize),
    /// The change affected the site's structure, so everything was rebuilt.
    Full,
}

impl Build {
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
        let mut timings = super::Timings::new();
        match site.update_page(&file, &self.source, &self.options) {
            Some((ids, files)) => {
                timings.lap("incremental update");
                self.timings = timings;
                let count = ids.len();
                // Several edits can come before the next `delta`: it must cover them all.
                if let Some(changed) = &mut self.changed {
                    changed.extend(ids);
                }
                self.files_changed.extend(files);
                Update::Pages(count)
            }
            None => self.rebuild(),
        }
    }
}

/// What other pages and site files see of one page, taken before and after an edit.
#[derive(PartialEq)]
struct Seen {
    /// As a link: breadcrumbs, previous/next, section listings.
    link: tera::Value,
    /// As a sidebar entry (title, address, checklist items).
    sidebar: tera::Value,
    /// As a step in the step-by-step list (its tasks, description, items), if it is a step.
    step: Option<tera::Value>,
    title: String,
    description: Option<String>,
    updated: Option<front_matter::Date>,
}

impl Seen {
    fn of(built: &Built, id: PageId) -> Self {
        let model = &built.model;
        let page = model.page(id);
        Self {
            link: tera::Value::from_serializable(&LinkView::new(model, id)),
            sidebar: nav::entry_value(model, id, &nav::item_refs(&built.rendered[id.0])),
            step: model.steps.step(id).map(|step| {
                tera::Value::from_serializable(&StepEntryView::new(
                    model,
                    step,
                    &built.rendered[id.0],
                ))
            }),
            title: page.front.title.clone(),
            description: page.front.description.clone(),
            updated: page.front.updated,
        }
    }
}

impl Built {
    /// Applies an edit to one existing page: the pages to render again and the site files
    /// written again, or `None` if the edit changes the site's structure (the caller then
    /// rebuilds everything).
    fn update_page(
        &mut self,
        file: &TextFile,
        source: &SiteSource,
        options: &BuildOptions,
    ) -> Option<(BTreeSet<PageId>, BTreeSet<usize>)> {
        let id = *self.model.by_source.get(&file.path)?;
        let keep_unknown = self.model.config.compatibility.keep_unknown_front_matter;
        let (front, split) = front_matter::parse_with(&file.path, &file.text, keep_unknown).ok()?;
        let old = &self.model.page(id).front;
        let aliases_moved = front.alias_positions != old.alias_positions;
        if front.structure() != old.structure()
            || (front.title != old.title && !order_kept(&self.model, id, &front.title))
            // Kept keys are summarised across the site when the model is built.
            || front.kept_keys != old.kept_keys
        {
            return None;
        }
        let before = Seen::of(self, id);
        {
            let page = &mut self.model.pages[id.0];
            page.front = front;
            page.text = std::sync::Arc::clone(&file.text);
            page.body_offset = split.body_offset;
        }
        let all_sources = super::all_sources(source);
        let external = super::external_links(&self.model, source);
        let fresh = render_one(
            &self.model,
            id,
            &all_sources,
            options.readability,
            external.as_ref(),
        );
        let old_rendered = std::mem::replace(&mut self.rendered[id.0], fresh);
        let after = Seen::of(self, id);
        // What readers and other pages see of checklists; where they stand in the file does not
        // count (a line added above one must not re-render the site).
        let items_changed =
            !same_checklists(&old_rendered.checklists, &self.rendered[id.0].checklists);

        let mut affected: BTreeSet<PageId> = BTreeSet::new();
        affected.insert(id);
        if before.link != after.link {
            affected.extend(link_readers(&self.model, id));
        }
        if before.step != after.step {
            // The step-by-step list (start page, steps section) and the steps' own links to
            // the steps on either side show it.
            affected.insert(self.model.root());
            affected.extend(self.model.steps.section);
            affected.extend(self.model.steps.list.iter().map(|step| step.page));
        }
        let sidebar_changed = before.sidebar != after.sidebar;
        if items_changed {
            affected.insert(self.model.root());
            affected.extend(self.composers_listing(id, &old_rendered));
        }
        if sidebar_changed || items_changed {
            // Sidebars are rendered once per section: the pages of every section whose sidebar
            // came out different show the change.
            let old_parts = self.parts.take();
            self.refresh_parts();
            if let (Some(old), Some(new)) = (&old_parts, &self.parts) {
                let changed: BTreeSet<PageId> = old
                    .navigation
                    .changed_sections(&new.navigation)
                    .into_iter()
                    .collect();
                affected.extend(
                    (0..self.model.pages.len())
                        .map(PageId)
                        .filter(|&page| changed.contains(&nav::section_of(&self.model, page))),
                );
            }
        }
        let fresh = self.render_pages(Some(&affected));
        if self.pages.len() == self.model.pages.len() {
            for (&id, page) in affected.iter().zip(fresh) {
                self.pages[id.0] = page;
            }
        }

        let mut changed = Inputs::BODIES;
        if before.title != after.title {
            changed |= Inputs::TITLES;
        }
        if before.description != after.description {
            changed |= Inputs::DESCRIPTIONS;
        }
        if before.updated != after.updated {
            changed |= Inputs::DATES;
        }
        if items_changed {
            changed |= Inputs::CHECKLISTS;
        }
        if id == self.model.root() {
            changed |= Inputs::HOME;
        }
        let files = self.refresh_site_files(source, changed);
        self.refresh_checks(options, &source.static_files, false, aliases_moved);
        Some((affected, files))
    }

    /// Pages with a composer that lists a checklist the edited page had or has.
    fn composers_listing(&self, id: PageId, old: &crate::markdown::Rendered) -> Vec<PageId> {
        let keys: BTreeSet<&str> = old
            .checklists
            .iter()
            .chain(&self.rendered[id.0].checklists)
            .map(|list| list.key.as_str())
            .collect();
        self.rendered
            .iter()
            .enumerate()
            .filter(|(_, page)| {
                page.composers
                    .iter()
                    .flat_map(|c| &c.lists)
                    .any(|(_, key, _)| keys.contains(key.as_str()))
            })
            .map(|(index, _)| PageId(index))
            .collect()
    }
}

/// Whether two versions of a page's checklists are the same but for their items' positions.
fn same_checklists(a: &[crate::markdown::Checklist], b: &[crate::markdown::Checklist]) -> bool {
    let key = |list: &crate::markdown::Checklist| {
        (
            list.key.clone(),
            list.title.clone(),
            list.items
                .iter()
                .map(|item| {
                    (
                        item.key.clone(),
                        item.text.clone(),
                        item.replaces.clone(),
                        item.explicit,
                    )
                })
                .collect::<Vec<_>>(),
        )
    };
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| key(a) == key(b))
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

/// The pages that show page `id` as a link: its neighbours in reading order (previous/next), its
/// section (which lists its children), and everything below it (breadcrumbs).
fn link_readers(model: &SiteModel, id: PageId) -> Vec<PageId> {
    let (previous, next) = model.neighbours(id);
    let mut readers: Vec<PageId> = previous.into_iter().chain(next).collect();
    readers.extend(model.page(id).parent);
    if model.page(id).is_section() {
        readers.extend(
            (0..model.pages.len())
                .map(PageId)
                .filter(|&other| model.ancestors(other).contains(&id)),
        );
    }
    readers
}
