//! Heading ids, visible anchor links and the on-page table of contents.
//!
//! Ids come from `{#explicit}` attributes or from the heading's text, and are unique within
//! the page (`setup`, `setup-1`, …). Each heading gets a link to itself that screen readers
//! announce as "Section titled …".

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use stepwise_core::ids::{UniqueIds, slugify};

use super::{Events, Rendering, plain_text};
use crate::escape;

/// A heading, as found by [`collect`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingInfo {
    /// 1 to 6.
    pub level: u8,
    /// Unique id on the page.
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// The heading's id.
    pub id: String,
    /// The heading's plain text.
    pub title: String,
    /// Third-level headings under a second-level one.
    pub children: Vec<TocEntry>,
}

/// Ids a heading may not take because the default theme's templates use them.
const RESERVED_IDS: [&str; 9] = [
    "main",
    "content",
    "top",
    "footnotes",
    "children",
    "guide-nav",
    "guide-progress-title",
    "import-progress",
    "toc-title",
];

/// Prefixes of the ids footnotes take (`fn-label`, `fnref-label`): a heading's derived id that
/// starts with one gets `section-` in front, and an explicit one is an error.
const FOOTNOTE_PREFIXES: [&str; 2] = ["fn-", "fnref-"];

/// Gives every heading a unique id (explicit ids first, so derived ones never take them) and
/// fills `rendered.toc` and `rendered.anchors`.
pub fn collect<'a>(owned: Events<'a>, page: &mut Rendering<'_>) -> Events<'a> {
    let (ctx, rendered) = (page.ctx, &mut page.rendered);
    let events = &owned;
    let mut ids = UniqueIds::new();
    for reserved in RESERVED_IDS {
        ids.claim(reserved);
    }
    // Explicit ids are claimed before any derived one.
    for (event, range) in events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event
            && FOOTNOTE_PREFIXES.iter().any(|p| id.starts_with(p))
        {
            rendered.diagnostics.push(ctx.error(
                range.start,
                format!("the heading id `{id}` starts like a footnote's (`fn-`, `fnref-`): choose another"),
            ));
        }
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event
            && !ids.claim(id)
        {
            rendered.diagnostics.push(ctx.error(
                range.start,
                format!("the heading id `{id}` is used twice on this page"),
            ));
        }
    }

    let mut headings = Vec::new();
    for (index, (event, _)) in events.iter().enumerate() {
        let Event::Start(Tag::Heading { level, id, .. }) = event else {
            continue;
        };
        let end = super::matching_end(events, index);
        let text = plain_text(&events[index + 1..end]);
        let id = match id {
            Some(explicit) => explicit.to_string(),
            None => {
                let mut slug = slugify(&text);
                if slug.is_empty() {
                    slug = "section".to_owned();
                } else if FOOTNOTE_PREFIXES.iter().any(|p| slug.starts_with(p)) {
                    slug.insert_str(0, "section-");
                }
                ids.unique(&slug)
            }
        };
        headings.push(HeadingInfo {
            level: level_number(*level),
            id,
            text,
        });
    }

    for heading in &headings {
        rendered.anchors.insert(heading.id.clone());
        let entry = TocEntry {
            id: heading.id.clone(),
            title: heading.text.clone(),
            children: Vec::new(),
        };
        match heading.level {
            2 => rendered.toc.push(entry),
            3 => match rendered.toc.last_mut() {
                Some(parent) => parent.children.push(entry),
                None => rendered.toc.push(entry),
            },
            _ => {}
        }
    }
    page.headings = headings;
    owned
}

/// Replaces heading tags with ones carrying the ids from [`collect`] and an anchor link.
pub fn rewrite<'a>(events: Events<'a>, page: &mut Rendering<'_>) -> Events<'a> {
    let mut infos = page.headings.iter();
    let mut current: Option<&HeadingInfo> = None;
    events
        .into_iter()
        .map(|(event, range)| match event {
            Event::Start(Tag::Heading { level, classes, attrs, .. }) => {
                current = infos.next();
                let id = current.map_or("", |h| h.id.as_str());
                let mut open = format!("<div class=\"heading\"><{level} id=\"{}\"", escape::html(id));
                if !classes.is_empty() {
                    let classes: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
                    open.push_str(&format!(" class=\"{}\"", escape::html(&classes.join(" "))));
                }
                for (name, value) in &attrs {
                    if is_safe_attribute(name) {
                        open.push_str(&format!(
                            " {}=\"{}\"",
                            escape::html(name),
                            escape::html(value.as_deref().unwrap_or_default())
                        ));
                    }
                }
                open.push('>');
                (Event::Html(CowStr::from(open)), range)
            }
            Event::End(TagEnd::Heading(level)) => {
                let (id, text) = current.map_or(("", ""), |h| (h.id.as_str(), h.text.as_str()));
                let close = format!(
                    "</{level}><a class=\"heading-anchor\" href=\"#{}\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">Section titled “{}”</span></a></div>\n",
                    escape::html(id),
                    escape::html(text)
                );
                (Event::Html(CowStr::from(close)), range)
            }
            other => (other, range),
        })
        .collect()
}

/// Attributes an author may set on a heading: not event handlers or inline styles, which the
/// Content-Security-Policy would block anyway.
fn is_safe_attribute(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    !name.starts_with("on")
        && name != "style"
        && name != "id"
        && name != "class"
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::{html, render_page};

    #[test]
    fn headings_never_take_the_ids_of_the_theme_or_footnotes() {
        let rendered = render_page("## Children\n\n## Fn a\n\n## Top {#fnref-x}\n", &[]);
        let ids: Vec<&str> = rendered.toc.iter().map(|entry| entry.id.as_str()).collect();
        assert_eq!(ids, ["children-1", "section-fn-a", "fnref-x"]);
        assert_eq!(rendered.diagnostics.len(), 1, "{:?}", rendered.diagnostics);
        assert!(
            rendered.diagnostics[0]
                .message
                .contains("starts like a footnote's")
        );
    }

    #[test]
    fn ids_are_unique_and_explicit_ids_win() {
        let rendered = render_page(
            "## Setup\n\n## Setup\n\n## Other {#setup-1}\n\n### Child\n",
            &[],
        );
        let ids: Vec<&str> = rendered.toc.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["setup", "setup-2", "setup-1"]);
        assert_eq!(rendered.toc[2].children[0].id, "child");
    }

    #[test]
    fn headings_get_anchor_links() {
        insta::assert_snapshot!(html("## Keep *your* receipt\n"), @r##"<div class="heading"><h2 id="keep-your-receipt">Keep <em>your</em> receipt</h2><a class="heading-anchor" href="#keep-your-receipt"><span aria-hidden="true">#</span><span class="visually-hidden">Section titled “Keep your receipt”</span></a></div>"##);
    }

    #[test]
    fn duplicate_explicit_ids_are_errors() {
        let rendered = render_page("## A {#x}\n\n## B {#x}\n", &[]);
        assert_eq!(rendered.diagnostics.len(), 1);
        assert_eq!(
            rendered.diagnostics[0].to_string(),
            "content/page.md:6:1: error: the heading id `x` is used twice on this page"
        );
    }
}
