//! Footnotes, numbered in order of first reference, with ids in their own namespace
//! (`fn-…`, `fnref-…`) so they never collide with heading ids, and a link back to the text.

use std::collections::BTreeMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Events, Rendered};
use crate::escape;

/// Rewrites footnote references and definitions, and records their anchors.
pub fn rewrite<'a>(events: Events<'a>, rendered: &mut Rendered) -> Events<'a> {
    let mut numbers: BTreeMap<String, usize> = BTreeMap::new();
    for (event, _) in &events {
        if let Event::FootnoteReference(label) = event {
            let next = numbers.len() + 1;
            numbers.entry(label.to_string()).or_insert(next);
        }
    }
    let mut referenced = BTreeMap::<String, usize>::new();
    super::map_events(events, |event| match event {
        Event::FootnoteReference(label) => {
            let number = numbers.get(label.as_ref()).copied().unwrap_or(0);
            let count = referenced.entry(label.to_string()).or_insert(0);
            *count += 1;
            let id = if *count == 1 {
                format!("fnref-{label}")
            } else {
                format!("fnref-{label}-{count}")
            };
            rendered.anchors.insert(id.clone());
            Event::Html(CowStr::from(format!(
                "<sup class=\"footnote-reference\" id=\"{}\"><a href=\"#fn-{}\" aria-label=\"Source {number}\">[{number}]</a></sup>",
                escape::html(&id),
                escape::html(&label),
            )))
        }
        Event::Start(Tag::FootnoteDefinition(label)) => {
            let number = numbers.get(label.as_ref()).copied().unwrap_or(0);
            rendered.anchors.insert(format!("fn-{label}"));
            Event::Html(CowStr::from(format!(
                "<div class=\"footnote-definition\" id=\"fn-{label}\"><a class=\"footnote-back\" href=\"#fnref-{label}\" aria-label=\"Back to the text of source {number}\">[{number}]</a>\n",
                label = escape::html(&label),
            )))
        }
        Event::End(TagEnd::FootnoteDefinition) => Event::Html(CowStr::Borrowed("</div>\n")),
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::render_page;

    #[test]
    fn footnotes_are_numbered_and_namespaced() {
        let rendered = render_page(
            "A claim.[^b] Another.[^a] Again.[^b]\n\n## Source\n\n[^a]: First.\n[^b]: Second.\n",
            &[],
        );
        insta::assert_snapshot!(rendered.html);
        assert!(rendered.anchors.contains("source"));
        assert!(rendered.anchors.contains("fn-b"));
    }
}
