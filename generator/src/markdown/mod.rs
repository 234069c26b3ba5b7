//! Markdown to HTML, as a short sequence of named passes over pulldown-cmark's event stream.
//!
//! 1. Parse with every extension the guide uses (tables, footnotes, strikethrough, task
//!    lists, smart punctuation, heading attributes, GitHub-style alerts), keeping each event's
//!    byte range so problems can be reported at `path:line:col`.
//! 2. [`headings::collect`] gives every heading a unique id and builds the table of contents.
//! 3. [`checklists::rewrite`] turns task lists into labelled, keyed checklists.
//! 4. [`composer::rewrite`] turns ` ```composer ` blocks into message composers, and
//!    [`deadlines::rewrite`] ` ```deadlines ` blocks into deadlines computed on the device.
//! 5. [`links::rewrite`] resolves links between pages and records them for checking.
//! 6. [`headings::rewrite`], [`alerts::rewrite`], [`tables::rewrite`] and
//!    [`footnotes::rewrite`] write accessible, CSP-safe markup (no inline styles).
//! 7. pulldown-cmark's HTML writer serializes the result.
//!
//! The renderer does two jobs in one walk: it produces HTML and it collects the facts later
//! stages need (anchors, links, checklists), as plain data in [`Rendered`].

pub mod alerts;
pub mod checklists;
pub mod composer;
pub mod deadlines;
pub mod footnotes;
pub mod headings;
pub mod links;
pub mod search_text;
pub mod tables;

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, TagEnd};

use crate::diagnostics::Diagnostic;
use crate::front_matter::BodyPositions;
use crate::model::{PageId, SiteModel};

pub use checklists::{Checklist, ChecklistItem};
pub use composer::ComposerInfo;
pub use deadlines::DeadlinesInfo;
pub use headings::TocEntry;
pub use links::{PageLink, SitePathLink};

/// Events with the byte range in the body each came from.
pub type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// The pulldown-cmark options every page is parsed with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// What the passes need to know about the page being rendered and the rest of the site.
pub struct PageContext<'a> {
    /// The whole site.
    pub model: &'a SiteModel,
    /// The page being rendered.
    pub page: PageId,
    /// Its whole source file (a build that is never updated lets go of each page's text as
    /// soon as it is rendered, so it is passed here rather than read from the model).
    pub text: &'a str,
    /// Every content file, drafts included, to tell "missing" from "draft" in link errors.
    pub all_sources: &'a BTreeSet<String>,
    /// Maps body offsets to file positions.
    pub positions: BodyPositions,
    /// Whether to measure the prose for readability scores (only `check --readability` shows
    /// them, and measuring costs a seventh of a build).
    pub measure_prose: bool,
    /// Where site-absolute links that are not files of this site point (see
    /// `config::Compatibility::external_links_base`), when set.
    pub external_links: Option<&'a links::ExternalLinks>,
}

impl PageContext<'_> {
    /// The file position of byte `offset` of the body.
    pub fn at(&self, offset: usize) -> (usize, usize) {
        self.positions.line_col(self.text, offset)
    }

    /// The page's source path, for diagnostics.
    pub fn path(&self) -> &str {
        &self.model.page(self.page).source_path
    }

    /// An error at byte `offset` of the body.
    pub fn error(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path(), self.at(offset), message)
    }

    /// A warning at byte `offset` of the body.
    pub fn warning(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.path(), self.at(offset), message)
    }
}

/// A page's body rendered to HTML, with the facts later stages need.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body's HTML.
    pub html: String,
    /// The table of contents: second-level headings with their third-level children.
    pub toc: Vec<TocEntry>,
    /// Every id a link may point to on this page (headings, footnotes, checklist items).
    pub anchors: BTreeSet<String>,
    /// Links to pages of this site, checked once every page is rendered.
    pub links: Vec<PageLink>,
    /// Links to other files of this site by path (`/file.pdf`), checked against the output.
    pub site_paths: Vec<SitePathLink>,
    /// The page's checklists, in order.
    pub checklists: Vec<Checklist>,
    /// The page's message composers, in order.
    pub composers: Vec<ComposerInfo>,
    /// The page's deadlines blocks, in order.
    pub deadlines: Vec<DeadlinesInfo>,
    /// Where each composer's markup goes: the byte offset in `html` of its slot (a
    /// [`composer::SLOT`] comment, replaced when the page is rendered through the theme).
    pub composer_slots: Vec<usize>,
    /// Words of text, for reading-time estimates.
    pub word_count: usize,
    /// Words, sentences and syllables of the prose, for readability scores.
    pub text_stats: crate::readability::TextStats,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// The page's text by section, for the search index (emptied once `search` is made).
    pub search_sections: Vec<search_text::SearchSection>,
    /// For each composer, the index in `search_sections` of the section it stands in.
    pub search_composers: Vec<usize>,
    /// The page as the search index needs it (see `crate::search`).
    pub search: crate::search::SearchDoc,
}

/// A page while its passes run: what every pass reads, and what they record.
pub struct Rendering<'c> {
    /// The page and the site.
    pub ctx: &'c PageContext<'c>,
    /// What the passes found so far (the HTML is written after the last pass).
    pub rendered: Rendered,
    /// Every heading of the page with its final id, set by [`headings::collect`].
    pub headings: Vec<headings::HeadingInfo>,
}

/// The one signature every pass has: events in, events out, with the page being rendered.
pub type Pass = for<'a> fn(Events<'a>, &mut Rendering<'_>) -> Events<'a>;

/// Every pass, in the order they run. Adding a pass means adding a file and a line here.
pub const PASSES: [(&str, Pass); 10] = [
    // Ids first: later passes (checklist titles, anchors) need every heading's final id.
    ("heading ids", headings::collect),
    ("search text", search_text::collect),
    ("checklists", checklists::rewrite),
    ("composers", composer::rewrite),
    ("deadlines", deadlines::rewrite),
    ("links", links::rewrite),
    ("heading markup", headings::rewrite),
    ("alerts", alerts::rewrite),
    ("tables", tables::rewrite),
    ("footnotes", footnotes::rewrite),
];

/// Renders one page's Markdown body.
pub fn render(ctx: &PageContext<'_>) -> Rendered {
    let body = &ctx.text[ctx.model.page(ctx.page).body_offset..];
    let mut events: Events<'_> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut page = Rendering {
        ctx,
        rendered: Rendered {
            word_count: count_words(&events),
            text_stats: if ctx.measure_prose {
                crate::readability::measure(&events)
            } else {
                crate::readability::TextStats::default()
            },
            ..Rendered::default()
        },
        headings: Vec::new(),
    };
    for (_, pass) in PASSES {
        events = pass(events, &mut page);
    }
    let mut rendered = page.rendered;
    let (mut html, slots) = write_html(events, body.len() + body.len() / 2);
    // Every page's HTML is kept until the pages are written: no spare capacity.
    html.shrink_to_fit();
    rendered.html = html;
    rendered.composer_slots = slots;
    rendered.search = crate::search::page_doc(ctx.model, ctx.page, &mut rendered);
    rendered
}

/// Serializes the events, noting the byte offset in the HTML of each composer slot.
fn write_html(events: Events<'_>, capacity: usize) -> (String, Vec<usize>) {
    /// Lets the event iterator read how much the writer has written so far.
    struct Shared<'s>(&'s std::cell::RefCell<String>);
    impl std::fmt::Write for Shared<'_> {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            self.0.borrow_mut().push_str(text);
            Ok(())
        }
    }
    let html = std::cell::RefCell::new(String::with_capacity(capacity));
    let mut slots = Vec::new();
    // The writer finishes each event before it asks for the next one (composer slots stand at
    // block level, where it never looks ahead), so the length read here is the slot's offset.
    let events = events.into_iter().map(|(event, _)| {
        if composer::is_slot(&event) {
            slots.push(html.borrow().len());
        }
        event
    });
    let _ = pulldown_cmark::html::write_html_fmt(Shared(&html), events);
    (html.into_inner(), slots)
}

/// The text of a run of inline events, as a reader would read it (markup removed).
pub fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                text.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

fn count_words(events: &[(Event<'_>, Range<usize>)]) -> usize {
    events
        .iter()
        .map(|(event, _)| match event {
            Event::Text(t) | Event::Code(t) => t.split_whitespace().count(),
            _ => 0,
        })
        .sum()
}

/// Applies `change` to every event, keeping each event's byte range (the shape of the passes
/// that rewrite single events).
pub fn map_events<'a>(
    events: Events<'a>,
    mut change: impl FnMut(Event<'a>) -> Event<'a>,
) -> Events<'a> {
    events
        .into_iter()
        .map(|(event, range)| (change(event), range))
        .collect()
}

/// Index of the event closing the element opened at `start` (which must be a `Start`).
pub fn matching_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (index, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return index;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// Whether `event` ends the element `tag`.
pub fn is_end(event: &Event<'_>, tag: TagEnd) -> bool {
    matches!(event, Event::End(end) if *end == tag)
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Renders a Markdown snippet as a page of a tiny in-memory site.

    use super::*;
    use crate::source::TextFile;

    /// The one place these tests touch the renderer: Markdown in, [`Rendered`] out. Extra
    /// pages (`(path, text)`) can be given for link targets.
    pub(crate) fn render_page(markdown: &str, others: &[(&str, &str)]) -> Rendered {
        let config =
            crate::config::parse("title: T\nbase_url: https://example.org/g/\n").expect("config");
        let mut content = vec![
            TextFile {
                path: "content/_index.md".into(),
                text: "---\ntitle: Home\n---\n".into(),
            },
            TextFile {
                path: "content/page.md".into(),
                text: format!("---\ntitle: The page\n---\n{markdown}").into(),
            },
        ];
        content.extend(others.iter().map(|(path, text)| TextFile {
            path: (*path).into(),
            text: (*text).into(),
        }));
        let dirs = vec!["content".to_owned()];
        let (model, diagnostics) = crate::model::build(config, &content, &dirs, Default::default());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let page = model.by_source["content/page.md"];
        let all_sources = content.iter().map(|f| f.path.clone()).collect();
        let ctx = PageContext {
            measure_prose: true,
            external_links: None,
            model: &model,
            page,
            text: &model.page(page).text,
            all_sources: &all_sources,
            positions: BodyPositions::new(&model.page(page).text, model.page(page).body_offset),
        };
        render(&ctx)
    }

    /// Every problem found, as printed (`path:line:col: severity: message`).
    pub(crate) fn messages(rendered: &Rendered) -> Vec<String> {
        rendered
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// Just the HTML.
    pub(crate) fn html(markdown: &str) -> String {
        render_page(markdown, &[]).html
    }
}
