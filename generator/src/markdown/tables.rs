//! Tables without inline styles (the Content-Security-Policy forbids them): column alignment
//! becomes a class, and each table sits in a focusable scroll container for narrow screens.

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

use super::{Events, Rendering};

/// Rewrites table markup.
pub fn rewrite<'a>(events: Events<'a>, _page: &mut Rendering<'_>) -> Events<'a> {
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut column = 0;
    let html = |text: String| Event::Html(CowStr::from(text));
    super::map_events(events, |event| match event {
        Event::Start(Tag::Table(columns)) => {
            alignments = columns;
            html("<div class=\"table-scroll\" tabindex=\"0\" role=\"group\" aria-label=\"Table (scrolls sideways)\"><table>\n".to_owned())
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
            let tag = if in_head { "th scope=\"col\"" } else { "td" };
            let class = match alignments.get(column) {
                Some(Alignment::Left) => " class=\"align-left\"",
                Some(Alignment::Center) => " class=\"align-center\"",
                Some(Alignment::Right) => " class=\"align-right\"",
                _ => "",
            };
            html(format!("<{tag}{class}>"))
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
}
