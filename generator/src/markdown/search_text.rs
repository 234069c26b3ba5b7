//! Collects a page's text by section for the search index (`crate::search`): each heading
//! starts a section with the heading's id, task-list items are left to the checklist records,
//! composer blocks only note where they stand, deadline blocks and raw HTML are skipped. Events pass unchanged.

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::{Events, Rendering};

/// The text of one part of a page, between two headings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchSection {
    /// The heading's id (empty above the first heading).
    pub anchor: String,
    /// The heading's text.
    pub heading: String,
    /// The text under it, as a reader reads it.
    pub text: String,
}

/// Runs after `heading ids`, which gives every heading its final id.
pub fn collect<'a>(events: Events<'a>, page: &mut Rendering<'_>) -> Events<'a> {
    let mut sections = vec![SearchSection::default()];
    let mut composers = Vec::new();
    let mut headings = page.headings.iter();
    let mut index = 0;
    while index < events.len() {
        let (event, _) = &events[index];
        let current = sections.len() - 1;
        match event {
            Event::Start(Tag::Heading { .. }) => {
                let heading = headings.next();
                sections.push(SearchSection {
                    anchor: heading.map(|h| h.id.clone()).unwrap_or_default(),
                    heading: heading.map(|h| h.text.clone()).unwrap_or_default(),
                    text: String::new(),
                });
                index = super::matching_end(&events, index);
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.as_ref() == "composer" =>
            {
                composers.push(current);
                index = super::matching_end(&events, index);
            }
            Event::Start(Tag::Item) if is_task(&events, index) => {
                index = super::matching_end(&events, index);
            }
            Event::Text(text) | Event::Code(text) => sections[current].text.push_str(text),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => sections[current].text.push(' '),
            _ => {}
        }
        index += 1;
    }
    page.rendered.search_sections = sections;
    page.rendered.search_composers = composers;
    events
}

/// Whether the list item starting at `index` is a task (checklist) item.
fn is_task(events: &Events<'_>, index: usize) -> bool {
    events[index + 1..]
        .iter()
        .take(2)
        .any(|(event, _)| matches!(event, Event::TaskListMarker(_)))
}
