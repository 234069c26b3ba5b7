//! GitHub-style alerts (`> [!NOTE]`, `> [!WARNING]`, …) as accessible callouts: a `note`
//! region with a visible title, so the kind is not conveyed by colour alone.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::{Events, Rendering};

/// Replaces alert block quotes with callout markup.
pub fn rewrite<'a>(events: Events<'a>, _page: &mut Rendering<'_>) -> Events<'a> {
    super::map_events(events, |event| match event {
        Event::Start(Tag::BlockQuote(Some(kind))) => {
            let (class, title) = describe(kind);
            let open = format!(
                "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>\n"
            );
            Event::Html(CowStr::from(open))
        }
        Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(CowStr::Borrowed("</div>\n")),
        other => other,
    })
}

fn describe(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::html;

    #[test]
    fn alerts_become_titled_callouts() {
        insta::assert_snapshot!(html("> [!WARNING]\n> Never pay a *recovery* firm.\n"), @r#"
        <div class="callout callout-warning" role="note"><p class="callout-title">Warning</p>
        <p>Never pay a <em>recovery</em> firm.</p>
        </div>
        "#);
    }

    #[test]
    fn plain_quotes_stay_quotes() {
        assert_eq!(
            html("> Just a quote\n"),
            "<blockquote>\n<p>Just a quote</p>\n</blockquote>\n"
        );
    }
}
