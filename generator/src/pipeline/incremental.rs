//! Rebuilding after an edit to one page: only the pages and site files that show what changed.
//!
//! What another page shows of a page is exactly what its views carry (`LinkView` in
//! breadcrumbs, previous/next and section listings; the sidebar entry), so the edit is compared
//! through those views: a theme field added to them is followed without a change here.
//! Front-matter fields that change the site's structure are declared by
//! `FrontMatter::structure`; a change to one of them rebuilds everything.
//!
//! A page whose front matter stops parsing stays in the model as broken (`model::Page::broken`,
//! exactly as a full build holds it): it leaves its section's children and reading order, and
//! the pages around it are rendered again; the fix is an ordinary edit by which it joins its
//! section again. Every problem is computed by the same functions from the same data in both
//! paths (`model::problems`, `check::page_links`), so they agree by construction.

use std::collections::BTreeSet;

use super::{Build, BuildOptions, Built, render_one};
use crate::front_matter;
use crate::model::{self, PageId, SiteModel};
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
        match site.update_page(&file, &self.source, &self.options, &mut timings) {
            Some((ids, files)) => {
                self.timings = timings;
                let count = ids.len();
                // Several edits can come before the next `delta`: it must cover them all.
                if let Some(changed) = &mut self.changed {
                    changed.extend(ids);
                }
                self.note_files(files);
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
        timings: &mut super::Timings,
    ) -> Option<(BTreeSet<PageId>, super::FileChanges)> {
        let id = *self.model.by_source.get(&file.path)?;
        let keep_unknown = self.model.config.compatibility.keep_unknown_front_matter;
        let old = self.model.page(id);
        // Only the start page has no parent; it is a section, which never joins or leaves one.
        let parent = old.parent.unwrap_or(id);
        let was_published = old.is_published();
        // The page as a full build would hold it after the edit.
        let new = match front_matter::parse_with(&file.path, &file.text, keep_unknown) {
            // A section's page stands in for its folder: breaking it rebuilds the site.
            Err(_) if old.is_section() => return None,
            Err(problems) => model::broken_page(
                &self.model.pages,
                &file.path,
                parent,
                std::sync::Arc::clone(&file.text),
                problems,
            ),
            Ok((front, split)) => {
                if was_published
                    && (front.structure() != old.front.structure()
                        || (front.title != old.front.title
                            && !order_kept(&self.model, id, &front.title)))
                {
                    return None;
                }
                // A broken page that is fixed joins its section where its front matter puts it.
                if front.draft {
                    return None;
                }
                let mut page = old.clone();
                if !was_published {
                    (page.url_path, page.key) =
                        model::page_address(&self.model.page(parent).url_path, &file.path, &front);
                }
                page.front = front;
                page.text = std::sync::Arc::clone(&file.text);
                page.body_offset = split.body_offset;
                page.broken = None;
                page
            }
        };
        // Its address and key are where every other page finds it: a change rebuilds the site
        // (a page with a `slug` or `id` that breaks, or a fix that sets one).
        if new.url_path != old.url_path || new.key != old.key {
            return None;
        }
        let joins_or_leaves = was_published != new.is_published();
        let aliases_changed = new.front.aliases != old.front.aliases;
        // With links to another host, which paths are this site's decides how other pages'
        // links are written.
        if aliases_changed && self.external.is_some() {
            return None;
        }
        let aliases_moved = new.front.alias_positions != old.front.alias_positions;
        let kept_keys_changed = new.front.kept_keys != old.front.kept_keys
            // `step_logic` problems are reported where it is written.
            || (new.front.step_logic, new.front.step_logic_at)
                != (old.front.step_logic, old.front.step_logic_at);

        let before = Seen::of(self, id);
        let (previous, next) = if was_published {
            self.model.neighbours(id)
        } else {
            (None, None)
        };
        let sidebars_before = match (&self.parts, joins_or_leaves) {
            (Some(parts), true) => Some(nav::Navigation::entries_below(
                &self.model,
                &parts.item_refs,
                parent,
            )),
            _ => None,
        };
        self.model.pages[id.0] = new;
        let steps_before = joins_or_leaves.then(|| self.model.steps.clone());
        if joins_or_leaves {
            let mut children = std::mem::take(&mut self.model.pages[parent.0].children);
            if was_published {
                children.retain(|&child| child != id);
            } else {
                let at = model::sorted_position(&self.model.pages, &children, id);
                children.insert(at, id);
            }
            self.model.pages[parent.0].children = children;
            self.model.reorder();
        }
        timings.lap("front matter");
        let fresh = render_one(
            &self.model,
            id,
            &self.all_sources,
            options.readability,
            self.external.as_ref(),
        );
        let old_rendered = std::mem::replace(&mut self.rendered[id.0], fresh);
        timings.lap("markdown");
        let after = Seen::of(self, id);
        // What readers and other pages see of checklists; where they stand in the file does not
        // count (a line added above one must not re-render the site).
        let items_changed =
            !same_checklists(&old_rendered.checklists, &self.rendered[id.0].checklists);

        let mut affected: BTreeSet<PageId> = BTreeSet::new();
        affected.insert(id);
        let steps_changed = steps_before
            .as_ref()
            .is_some_and(|steps| *steps != self.model.steps);
        if let Some(before) = steps_before.filter(|_| steps_changed) {
            // The page joined or left the guide's steps: their numbers, "Step 3 of 5" and the
            // step-by-step lists (start page, steps section) change.
            affected.insert(self.model.root());
            affected.extend(before.section.into_iter().chain(self.model.steps.section));
            affected.extend(before.list.iter().map(|step| step.page));
            affected.extend(self.model.steps.list.iter().map(|step| step.page));
        }
        if joins_or_leaves {
            // Its neighbours before and after, and its section, which lists it.
            affected.extend(previous.into_iter().chain(next));
            affected.insert(parent);
            if self.model.page(id).is_published() {
                affected.extend(link_readers(&self.model, id));
            }
        } else if before.link != after.link {
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
        if !same_deadlines(&old_rendered.deadlines, &self.rendered[id.0].deadlines) {
            // Composers carry the rules of the deadlines they show and share readers' dates by
            // name: every page with a composer may change.
            affected.extend(
                self.rendered
                    .iter()
                    .enumerate()
                    .filter(|(_, page)| !page.composers.is_empty())
                    .map(|(index, _)| PageId(index)),
            );
        }
        if (sidebar_changed || items_changed || joins_or_leaves)
            && let (Ok(theme), Some(parts)) = (&self.theme, &mut self.parts)
        {
            // Sidebars are rendered once per section: the pages of every section whose sidebar
            // came out different show the change.
            let sections = parts.refresh_page(
                &self.model,
                &self.rendered,
                theme,
                id,
                sidebars_before.as_deref(),
            );
            for section in sections {
                affected.extend(nav::pages_of(&self.model, section));
            }
        }
        timings.lap("sidebars");
        let fresh = self.render_pages(Some(&affected));
        if self.pages.len() == self.model.pages.len() {
            for (&id, page) in affected.iter().zip(fresh) {
                self.pages[id.0] = page;
            }
        }

        timings.lap("pages");
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
        if let Some(entries) = &mut self.manifest_entries
            && (items_changed || joins_or_leaves)
        {
            entries[id.0] = crate::manifest::entries(&self.model, &self.rendered, id);
        }
        if joins_or_leaves {
            changed |= Inputs::PAGE_SET
                | Inputs::TITLES
                | Inputs::DESCRIPTIONS
                | Inputs::DATES
                | Inputs::CHECKLISTS;
        }
        if id == self.model.root() {
            changed |= Inputs::HOME;
        }
        timings.lap("site files");
        let files = self.refresh_site_files(source, changed, timings);
        if aliases_changed {
            // Its redirects came or went: the paths the site publishes changed.
            self.refresh_paths(&source.static_files);
        } else if aliases_moved {
            self.refresh_collisions(&source.static_files);
        }
        if kept_keys_changed || steps_changed {
            self.model_checks = model::problems(&self.model);
        }
        self.refresh_links(id, &old_rendered, joins_or_leaves, aliases_changed);
        let composers =
            !old_rendered.composers.is_empty() || !self.rendered[id.0].composers.is_empty();
        if items_changed || composers {
            self.refresh_site_checks(options);
        }
        timings.lap("checks");
        Some((affected, files))
    }

    /// After page `id` was rendered again (it was `old`): follows its links in the index of
    /// who links to whom, and checks again the links of the page and, if its anchors changed
    /// or it was published or unpublished (`readers`), of the pages linking to it; with
    /// `paths` (the site's output paths changed), of every page naming a site path.
    fn refresh_links(
        &mut self,
        id: PageId,
        old: &crate::markdown::Rendered,
        readers: bool,
        paths: bool,
    ) {
        for link in &old.links {
            self.linked_from[link.target.0].retain(|&reader| reader != id);
        }
        for link in &self.rendered[id.0].links {
            let readers = &mut self.linked_from[link.target.0];
            if let Err(at) = readers.binary_search(&id) {
                readers.insert(at, id);
            }
        }
        let mut recheck = BTreeSet::from([id]);
        if readers || old.anchors != self.rendered[id.0].anchors {
            recheck.extend(self.linked_from[id.0].iter().copied());
        }
        if paths {
            recheck.extend(
                (0..self.rendered.len())
                    .filter(|&index| !self.rendered[index].site_paths.is_empty())
                    .map(PageId),
            );
        }
        for page in recheck {
            self.link_problems[page.0] =
                crate::check::page_links(&self.model, &self.rendered, &self.output_paths, page);
        }
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
/// Whether two versions of a page's deadlines blocks are the same but for where they stand in
/// the file.
fn same_deadlines(
    a: &[crate::markdown::DeadlinesInfo],
    b: &[crate::markdown::DeadlinesInfo],
) -> bool {
    let placeless = |blocks: &[crate::markdown::DeadlinesInfo]| {
        let mut blocks = blocks.to_vec();
        for block in &mut blocks {
            block.at = (0, 0);
            block.dates.iter_mut().for_each(|date| date.at = (0, 0));
            block
                .choices
                .iter_mut()
                .for_each(|choice| choice.at = (0, 0));
            block.deadlines.iter_mut().for_each(|rule| rule.at = (0, 0));
        }
        blocks
    };
    a.len() == b.len() && placeless(a) == placeless(b)
}

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
