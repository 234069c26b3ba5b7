//! Tables without inline styles (the Content-Security-Policy forbids them): column alignment
//! becomes a class. A table of two columns sits in a focusable scroll container for narrow
//! screens; one of [`STACKED_FROM`] columns or more is marked to be stacked there instead (the
//! theme shows each row as a block, each cell under its column's name, from `data-label`).

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

use super::{Events, Rendering};

/// Tables with at least this many columns are stacked on narrow screens, not scrolled.
pub const STACKED_FROM: usize = 3;

/// Rewrites table markup.
pub fn rewrite<'a>(events: Events<'a>, _page: &mut Rendering<'_>) -> Events<'a> {
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut column = 0;
    // The text of each header cell, as labels of the body's cells.
    let mut labels: Vec<String> = Vec::new();
    let mut stacked = false;
    let html = |text: String| Event::Html(CowStr::from(text));
    super::map_events(events, |event| match event {
        Event::Start(Tag::Table(columns)) => {
            stacked = columns.len() >= STACKED_FROM;
            alignments = columns;
            labels.clear();
            html(if stacked {
                "<div class=\"table-stack\"><table class=\"stacked\">\n".to_owned()
            } else {
                "<div class=\"table-scroll\" tabindex=\"0\" role=\"group\" aria-label=\"Table (scrolls sideways)\"><table>\n".to_owned()
            })
        }
        Event::Text(ref text) | Event::Code(ref text) if in_head => {
            if let Some(label) = labels.last_mut() {
                label.push_str(text);
            }
            event
        }
        Event::End(TagEnd::Table) => html("</tbody></table></div>\n".to_owned()),
        Event::Start(Tag::TableHead) => {
            in_head = true;
            column = 0;
            html("<thead><tr>".to_owned())
        }
        Event::End(TagEnd::TableHead) => {
            in_head = false;
            html("</tr></thead><tbody>\n".to_owned())
        }
        Event::Start(Tag::TableRow) => {
            column = 0;
            html("<tr>".to_owned())
        }
        Event::End(TagEnd::TableRow) => html("</tr>\n".to_owned()),
        Event::Start(Tag::TableCell) => {
            if in_head {
                labels.push(String::new());
            }
            let label = match labels.get(column) {
                Some(label) if stacked && !in_head && !label.trim().is_empty() => {
                    format!(" data-label=\"{}\"", crate::escape::html(label.trim()))
                }
                _ => String::new(),
            };
            let tag = if in_head { "th scope=\"col\"" } else { "td" };
            let class = match alignments.get(column) {
                Some(Alignment::Left) => " class=\"align-left\"",
                Some(Alignment::Center) => " class=\"align-center\"",
                Some(Alignment::Right) => " class=\"align-right\"",
                _ => "",
            };
            html(format!("<{tag}{class}{label}>"))
        }
        Event::End(TagEnd::TableCell) => {
            column += 1;
            html(if in_head { "</th>" } else { "</td>" }.to_owned())
        }
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::html;

    #[test]
    fn alignment_uses_classes_not_styles() {
        let out = html("| Route | Limit |\n|:--|--:|\n| Visa | 120 days |\n");
        assert!(!out.contains("style="), "{out}");
        insta::assert_snapshot!(out, @r#"
        <div class="table-scroll" tabindex="0" role="group" aria-label="Table (scrolls sideways)"><table>
        <thead><tr><th scope="col" class="align-left">Route</th><th scope="col" class="align-right">Limit</th></tr></thead><tbody>
        <tr><td class="align-left">Visa</td><td class="align-right">120 days</td></tr>
        </tbody></table></div>
        "#);
    }

    #[test]
    fn tables_of_three_columns_are_stacked_with_labels() {
        let out = html(
            "| How you *paid* | Who | `Where` |\n|---|---|---|\n| Card | Bank & co | [Ask](https://example.org) |\n",
        );
        insta::assert_snapshot!(out, @r#"
        <div class="table-stack"><table class="stacked">
        <thead><tr><th scope="col">How you <em>paid</em></th><th scope="col">Who</th><th scope="col"><code>Where</code></th></tr></thead><tbody>
        <tr><td data-label="How you paid">Card</td><td data-label="Who">Bank &amp; co</td><td data-label="Where"><a href="https://example.org">Ask</a></td></tr>
        </tbody></table></div>
        "#);
    }
}
