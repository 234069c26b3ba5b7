//! Task lists (`- [ ] Keep your receipt`) become checklists whose ticks the browser module saves.
//!
//! Each item gets a stable id: an explicit trailing `{#receipt}` (removed from the text), or
//! one derived from its text. Ids are scoped by the page's key, so the same wording on two
//! pages never collides; two items with one id on a page is an error that suggests an
//! explicit id. `{#new replaces=old,other-page/old}` declares ids whose saved state the item
//! takes over (`attributes`). A checklist takes its title and id from the heading above it.
//! The markup the browser module reads is written by `markup`.

use std::collections::BTreeMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use stepwise_core::ids::{self, UniqueIds};

mod attributes;
mod markup;

pub(crate) use markup::replaces_attribute;

use super::headings::HeadingInfo;
use super::{Events, PageContext, Rendered, Rendering, plain_text};
use attributes::{Attributes, take_attributes};

/// One checklist on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    /// `<page key>#<list id>`: unique across the site.
    pub key: String,
    /// The id within the page (from the heading above the list).
    pub list_id: String,
    /// The title shown to readers (the heading's text, or the page's title).
    pub title: String,
    /// Its items in order.
    pub items: Vec<ChecklistItem>,
}

/// One item of a checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    /// The id within the page.
    pub id: String,
    /// The storage key: `<page key>/<id>`.
    pub key: String,
    /// The item's text, without markup.
    pub text: String,
    /// Keys whose saved state this item takes over.
    pub replaces: Vec<String>,
    /// Whether the author wrote the id (rewording then keeps readers' ticks).
    pub explicit: bool,
    /// Line and column of the item in its file.
    pub at: (usize, usize),
}

/// Rewrites task lists into checklist markup and records them in `rendered.checklists`.
pub fn rewrite<'a>(events: Events<'a>, page_render: &mut Rendering<'_>) -> Events<'a> {
    if !events
        .iter()
        .any(|(event, _)| matches!(event, Event::TaskListMarker(_)))
    {
        return events;
    }
    let Rendering {
        ctx,
        rendered,
        headings,
    } = page_render;
    let ctx = *ctx;
    let heading_ids: std::collections::BTreeSet<&str> =
        headings.iter().map(|heading| heading.id.as_str()).collect();
    let page = ctx.model.page(ctx.page);
    let mut out: Events<'a> = Vec::with_capacity(events.len() + 16);
    let mut headings_seen = 0;
    let mut last_heading: Option<&HeadingInfo> = None;
    let mut list_ids = UniqueIds::new();
    let mut item_lines: BTreeMap<String, usize> = BTreeMap::new();
    let mut list_depth = 0usize;
    let mut checklist_at: Option<(usize, bool)> = None; // (depth, ordered)
    let mut events = events.into_iter().map(Some).collect::<Vec<_>>();

    let mut index = 0;
    while index < events.len() {
        let Some((event, range)) = events[index].take() else {
            index += 1;
            continue;
        };
        match &event {
            Event::Start(Tag::Heading { .. }) => {
                last_heading = headings.get(headings_seen);
                headings_seen += 1;
                out.push((event, range));
            }
            Event::Start(Tag::List(first_number)) => {
                list_depth += 1;
                if checklist_at.is_none() && starts_task_list(&events, index) {
                    let ordered = first_number.is_some();
                    checklist_at = Some((list_depth, ordered));
                    let (base_id, title) = match last_heading {
                        Some(heading) => (heading.id.clone(), heading.text.clone()),
                        None => ("checklist".to_owned(), page.front.title.clone()),
                    };
                    let list_id = list_ids.unique(&base_id);
                    let key = ids::list_key(&page.key, &list_id);
                    let open = markup::open_list(&title, &key, *first_number);
                    rendered.checklists.push(Checklist {
                        key,
                        list_id,
                        title,
                        items: Vec::new(),
                    });
                    out.push((Event::Html(CowStr::from(open)), range));
                } else {
                    out.push((event, range));
                }
            }
            Event::End(TagEnd::List(_)) => {
                match checklist_at {
                    Some((depth, ordered)) if depth == list_depth => {
                        checklist_at = None;
                        let close = markup::close_list(ordered);
                        out.push((Event::Html(CowStr::from(close)), range));
                    }
                    _ => out.push((event, range)),
                }
                list_depth -= 1;
            }
            Event::Start(Tag::Item) if checklist_at.is_some() => {
                let Some(marker) = marker_index(&events, index) else {
                    out.push((event, range));
                    index += 1;
                    continue;
                };
                out.push((
                    Event::Html(CowStr::Borrowed("<li class=\"checklist-item\">")),
                    range.clone(),
                ));
                // A loose item's marker sits inside its first paragraph: keep that paragraph.
                for slot in &mut events[index + 1..marker] {
                    if let Some(kept) = slot.take() {
                        out.push(kept);
                    }
                }
                if let Some((Event::TaskListMarker(true), marker_range)) = &events[marker] {
                    rendered.diagnostics.push(ctx.warning(
                        marker_range.start,
                        "`[x]`: every reader's box starts unticked, so write `[ ]`",
                    ));
                }
                events[marker] = None;
                let label_end = label_end(&events, marker + 1);
                let mut label: Events<'a> = events[marker + 1..label_end]
                    .iter_mut()
                    .filter_map(Option::take)
                    .collect();
                let attributes = take_attributes(&mut label);
                let text = plain_text(&label);
                let item = make_item(
                    page,
                    &text,
                    attributes,
                    range.start,
                    ctx,
                    rendered,
                    &mut item_lines,
                );
                let element_id = ids::item_element_id(&item.id);
                if heading_ids.contains(element_id.as_str()) {
                    rendered.diagnostics.push(ctx.error(
                        range.start,
                        format!(
                            "this item's element id `{element_id}` is also a heading's id on this page, so links to either would be ambiguous: give the heading another id (`## Title {{#other-id}}`) or the item another id (`{{#other-id}}` at the end of its text)"
                        ),
                    ));
                }
                rendered.anchors.insert(element_id.clone());
                let input = markup::item_input(&element_id, &item.key, &item.replaces);
                if let Some(list) = rendered.checklists.last_mut() {
                    list.items.push(item);
                }
                out.push((Event::Html(CowStr::from(input)), range.clone()));
                out.extend(label);
                out.push((Event::Html(CowStr::Borrowed("</label>")), range));
                index = label_end;
                continue;
            }
            _ => out.push((event, range)),
        }
        index += 1;
    }
    out
}

/// Whether the list opened at `index` starts with a task item.
fn starts_task_list(events: &[Option<(Event<'_>, std::ops::Range<usize>)>], index: usize) -> bool {
    matches!(
        events.get(index + 1),
        Some(Some((Event::Start(Tag::Item), _)))
    ) && marker_index(events, index + 1).is_some()
}

/// The index of the task marker of the item opened at `item`, if it is a task item.
fn marker_index(
    events: &[Option<(Event<'_>, std::ops::Range<usize>)>],
    item: usize,
) -> Option<usize> {
    match events.get(item + 1) {
        Some(Some((Event::TaskListMarker(_), _))) => Some(item + 1),
        Some(Some((Event::Start(Tag::Paragraph), _))) => match events.get(item + 2) {
            Some(Some((Event::TaskListMarker(_), _))) => Some(item + 2),
            _ => None,
        },
        _ => None,
    }
}

/// The index just past the item's label: its inline content up to the first block boundary.
fn label_end(events: &[Option<(Event<'_>, std::ops::Range<usize>)>], from: usize) -> usize {
    let mut index = from;
    while let Some(Some((event, _))) = events.get(index) {
        let inline = match event {
            Event::Start(tag) => is_inline(tag),
            Event::End(end) => is_inline_end(*end),
            _ => true,
        };
        if !inline {
            break;
        }
        index += 1;
    }
    index
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_inline_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

#[allow(
    clippy::too_many_arguments,
    reason = "one call site; the arguments are the pass's state"
)]
fn make_item(
    page: &crate::model::Page,
    text: &str,
    attributes: Attributes,
    offset: usize,
    ctx: &PageContext<'_>,
    rendered: &mut Rendered,
    item_lines: &mut BTreeMap<String, usize>,
) -> ChecklistItem {
    for problem in attributes.problems {
        rendered.diagnostics.push(ctx.error(offset, problem));
    }
    let explicit = attributes.id.is_some();
    let id = attributes.id.unwrap_or_else(|| ids::item_id(text));
    let at = ctx.at(offset);
    let (line, _) = at;
    if let Some(first_line) = item_lines.insert(id.clone(), line) {
        rendered.diagnostics.push(ctx.error(
            offset,
            format!(
                "two checklist items on this page have the id `{id}` (lines {first_line} and {line}); give one an explicit id, e.g. `{{#{id}-2}}` at the end of its text"
            ),
        ));
    }
    let mut replaces: Vec<String> = attributes
        .replaces
        .iter()
        .map(|old| {
            if old.contains('/') {
                old.clone()
            } else {
                ids::item_key(&page.key, old)
            }
        })
        .collect();
    for old_page in &page.front.replaces {
        replaces.push(ids::item_key(old_page, &id));
        for old in attributes.replaces.iter().filter(|old| !old.contains('/')) {
            replaces.push(ids::item_key(old_page, old));
        }
    }
    ChecklistItem {
        key: ids::item_key(&page.key, &id),
        id,
        text: text.to_owned(),
        replaces,
        explicit,
        at,
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::{messages, render_page};

    #[test]
    fn task_lists_become_keyed_labelled_checklists() {
        let rendered = render_page(
            "## What to keep\n\n- [ ] Keep your *receipt* {#receipt}\n- [ ] Note the order ID\n",
            &[],
        );
        assert!(
            rendered.diagnostics.is_empty(),
            "{:?}",
            rendered.diagnostics
        );
        insta::assert_snapshot!(rendered.html);
        let list = &rendered.checklists[0];
        assert_eq!(list.key, "page#what-to-keep");
        let keys: Vec<&str> = list.items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["page/receipt", "page/note-the-order-id"]);
        assert_eq!(list.items[0].text, "Keep your receipt");
    }

    #[test]
    fn loose_and_nested_items_keep_their_blocks() {
        let rendered = render_page(
            "- [ ] First\n\n  More about it.\n\n  - [ ] Nested {#nested_one}\n- [ ] Second\n",
            &[],
        );
        assert!(
            rendered.diagnostics.is_empty(),
            "{:?}",
            rendered.diagnostics
        );
        let ids: Vec<&str> = rendered.checklists[0]
            .items
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(ids, ["first", "nested_one", "second"]);
        assert_eq!(rendered.checklists.len(), 1);
        insta::assert_snapshot!(rendered.html);
    }

    #[test]
    fn clashing_ids_are_errors_that_suggest_a_fix() {
        let rendered = render_page("- [ ] Keep it\n- [ ] Keep it!\n", &[]);
        let messages = messages(&rendered);
        assert_eq!(
            messages,
            [
                "content/page.md:5:1: error: two checklist items on this page have the id `keep-it` (lines 4 and 5); give one an explicit id, e.g. `{#keep-it-2}` at the end of its text"
            ]
        );
    }

    #[test]
    fn replaces_become_full_keys() {
        let rendered = render_page(
            "- [ ] Receipt {#receipt replaces=old-receipt,guide/other/x}\n",
            &[],
        );
        assert_eq!(
            rendered.checklists[0].items[0].replaces,
            ["page/old-receipt", "guide/other/x"]
        );
        assert!(
            rendered
                .html
                .contains(r#"data-replaces="page/old-receipt guide/other/x""#),
            "{}",
            rendered.html
        );
    }

    #[test]
    fn bad_attributes_and_ticked_boxes_are_reported() {
        let rendered = render_page("- [x] Done {#ok colour=red}\n", &[]);
        let messages: Vec<&str> = rendered
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("`[x]`"));
        assert!(messages[1].starts_with("unknown checklist item attribute `colour=red`"));
    }

    #[test]
    fn an_item_whose_element_id_is_a_heading_id_is_an_error() {
        let rendered = render_page("## Task receipt\n\n- [ ] Receipt {#receipt}\n", &[]);
        let messages = messages(&rendered);
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].starts_with("content/page.md:6:1: error: this item's element id `task-receipt` is also a heading's id"),
            "{messages:?}"
        );
    }

    #[test]
    fn two_lists_under_one_heading_get_distinct_ids() {
        let rendered = render_page("## Steps\n\n- [ ] A\n\nText\n\n- [ ] B\n", &[]);
        let keys: Vec<&str> = rendered.checklists.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["page#steps", "page#steps-1"]);
    }
}
