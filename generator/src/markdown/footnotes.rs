//! Footnotes, numbered in order of first reference and listed in that order, with ids in their
//! own namespace (`fn-…`, `fnref-…`) so they never collide with heading ids, and a link back to
//! the text. A definition nothing refers to is a warning and is listed last, unnumbered.

use std::collections::BTreeMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Events, Rendering};
use crate::escape;

/// A footnote label as Markdown matches it: letter case does not count (`[^Note]` refers to
/// `[^note]:`), so numbers and ids are keyed by this form.
fn label_key(label: &str) -> String {
    label.to_lowercase()
}

/// Rewrites footnote references and definitions, and records their anchors.
pub fn rewrite<'a>(events: Events<'a>, page: &mut Rendering<'_>) -> Events<'a> {
    let has_footnotes = events.iter().any(|(event, _)| {
        matches!(
            event,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        )
    });
    if !has_footnotes {
        // Most pages: nothing to move or rewrite.
        return events;
    }
    let (ctx, rendered) = (page.ctx, &mut page.rendered);
    let mut numbers: BTreeMap<String, usize> = BTreeMap::new();
    for (event, _) in &events {
        if let Event::FootnoteReference(label) = event {
            let next = numbers.len() + 1;
            numbers.entry(label_key(label)).or_insert(next);
        }
    }
    let number_of = |label: &str| numbers.get(&label_key(label)).copied();
    let events = in_reference_order(events, &number_of);
    let mut referenced = BTreeMap::<String, usize>::new();
    let mut out = Vec::with_capacity(events.len());
    for (event, range) in events {
        let event = match event {
            Event::FootnoteReference(label) => {
                let number = number_of(&label).unwrap_or_default();
                let label = label_key(&label);
                let count = referenced.entry(label.clone()).or_insert(0);
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
            Event::Start(Tag::FootnoteDefinition(written)) => {
                let label = label_key(&written);
                rendered.anchors.insert(format!("fn-{label}"));
                let label_html = escape::html(&label);
                match number_of(&label) {
                    Some(number) => Event::Html(CowStr::from(format!(
                        "<div class=\"footnote-definition\" id=\"fn-{label_html}\"><a class=\"footnote-back\" href=\"#fnref-{label_html}\" aria-label=\"Back to the text of source {number}\">[{number}]</a>\n",
                    ))),
                    None => {
                        rendered.diagnostics.push(ctx.warning(
                            range.start,
                            format!("the footnote `[^{written}]` is defined but nothing refers to it: refer to it with `[^{written}]` in the text, or remove it"),
                        ));
                        Event::Html(CowStr::from(format!(
                            "<div class=\"footnote-definition\" id=\"fn-{label_html}\">\n"
                        )))
                    }
                }
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html(CowStr::Borrowed("</div>\n")),
            other => other,
        };
        out.push((event, range));
    }
    out
}

/// Moves every footnote definition to where the first one stands, in the order of their
/// numbers (unreferenced ones last, as written), so the list reads in the order of the text.
fn in_reference_order<'a>(
    events: Events<'a>,
    number_of: &dyn Fn(&str) -> Option<usize>,
) -> Events<'a> {
    let mut out = Vec::with_capacity(events.len());
    let mut definitions: Vec<(usize, Events<'a>)> = Vec::new();
    let mut first_at = None;
    let mut current: Option<Events<'a>> = None;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                first_at.get_or_insert(out.len());
                let order = number_of(label).unwrap_or(usize::MAX);
                definitions.push((order, Vec::new()));
                current = Some(vec![(event, range)]);
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let (Some(mut events), Some(last)) = (current.take(), definitions.last_mut()) {
                    events.push((event, range));
                    last.1 = events;
                }
            }
            _ => match &mut current {
                Some(events) => events.push((event, range)),
                None => out.push((event, range)),
            },
        }
    }
    let Some(at) = first_at else {
        return out;
    };
    // Stable: unreferenced definitions keep the order they were written in.
    definitions.sort_by_key(|(order, _)| *order);
    let moved: Vec<_> = definitions
        .into_iter()
        .flat_map(|(_, events)| events)
        .collect();
    out.splice(at..at, moved);
    out
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::{messages, render_page};

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

    #[test]
    fn definitions_are_listed_in_the_order_of_their_numbers() {
        let rendered = render_page(
            "A claim.[^b] Another.[^a]\n\n[^a]: First written.\n[^b]: Second written.\n",
            &[],
        );
        let first = rendered.html.find("id=\"fn-b\"").expect("b listed");
        let second = rendered.html.find("id=\"fn-a\"").expect("a listed");
        assert!(first < second, "{}", rendered.html);
        assert!(
            rendered
                .html
                .contains("of source 1\">[1]</a>\n<p>Second written."),
            "{}",
            rendered.html
        );
        assert!(rendered.diagnostics.is_empty());
    }

    #[test]
    fn labels_match_whatever_their_letter_case() {
        let rendered = render_page("A claim.[^Note]\n\n[^note]: The source.\n", &[]);
        assert!(
            rendered.diagnostics.is_empty(),
            "{:?}",
            rendered.diagnostics
        );
        assert!(
            rendered.html.contains("href=\"#fn-note\""),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains("id=\"fn-note\""),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains("aria-label=\"Source 1\""),
            "{}",
            rendered.html
        );
    }

    #[test]
    fn an_unreferenced_definition_is_a_warning_and_has_no_number() {
        let rendered = render_page(
            "Text.[^a]\n\n[^lost]: Nobody cites me.\n[^a]: Cited.\n",
            &[],
        );
        assert!(!rendered.html.contains("[0]"), "{}", rendered.html);
        let cited = rendered.html.find("id=\"fn-a\"").expect("a listed");
        let lost = rendered.html.find("id=\"fn-lost\"").expect("lost listed");
        assert!(cited < lost, "{}", rendered.html);
        let messages = messages(&rendered);
        assert_eq!(
            messages,
            [
                "content/page.md:6:1: warning: the footnote `[^lost]` is defined but nothing refers to it: refer to it with `[^lost]` in the text, or remove it"
            ]
        );
    }
}
