//! ` ```composer ` blocks: a YAML definition of a message composer (fields, a subject and a
//! body template) that the browser module turns into a form with a live preview.
//!
//! This pass parses and validates each block with the same template engine the browser uses
//! (`stepwise_core::template`), reporting problems at their line in the Markdown file, and
//! leaves a slot in the HTML. The composer's markup is written once every page is rendered
//! (`render::composer`), because its `{{ticked …}}` lists come from other pages' checklists.

mod definition;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use stepwise_core::composer::FieldKind;

use super::{Events, Rendering};

/// A composer defined on a page, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposerInfo {
    /// Site-unique id; drafts are saved under it.
    pub id: String,
    /// Shown above the form.
    pub title: String,
    /// An optional sentence under the title.
    pub intro: Option<String>,
    /// An e-mail address for a `mailto:` link, if the message has one recipient.
    pub recipient: Option<String>,
    /// The form's fields, in order.
    pub fields: Vec<FieldDef>,
    /// The subject template's text.
    pub subject: String,
    /// The body template's text.
    pub body: String,
    /// Checklists the templates list ticked items of: `(as written, resolved key, position)`.
    pub lists: Vec<(String, String, (usize, usize))>,
    /// Deadlines the templates show (`{{deadline id}}`): `(id, position)`.
    pub deadlines: Vec<(String, (usize, usize))>,
    /// Where the block starts in its file.
    pub at: (usize, usize),
    /// Whether a heading comes before the block on its page: that heading is then the form's
    /// heading on screen, and the title names the form only for screen readers.
    pub under_heading: bool,
}

/// One field of a composer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDef {
    /// Its name in the templates.
    pub name: String,
    /// The label shown to readers.
    pub label: String,
    /// What kind of value it takes.
    pub kind: FieldKind,
    /// Help shown under the label.
    pub help: Option<String>,
    /// Example text inside the empty input.
    pub placeholder: Option<String>,
    /// Whether the message cannot be sent without it.
    pub required: bool,
    /// For `choice`: the options.
    pub options: Vec<String>,
    /// For `amount`: the currency preselected; empty when the reader must choose one.
    pub currency: String,
    /// For `amount`: the currencies offered, when the field lists its own (else a default set).
    pub currencies: Vec<String>,
    /// For a required field: the message shown when it is left empty, instead of one made from
    /// the label (`Enter your name`, `Select how you paid`).
    pub error: Option<String>,
}

/// The HTML comment that stands where a composer goes until its markup is written; the
/// rendered page records its byte offsets (`Rendered::composer_slots`).
///
/// A `static`, not a `const`: a static has one address, so [`is_slot`] can tell the generator's
/// slot (which borrows this very text) from an identical comment written by the author (which
/// borrows the page's text) by address. A `const` may be copied to several addresses.
pub static SLOT: &str = "<!--stepwise-composer-->";

/// The event standing where a composer goes. It borrows [`SLOT`] itself.
fn slot() -> Event<'static> {
    Event::Html(CowStr::Borrowed(SLOT))
}

/// Whether `event` is a composer's slot (made by `slot`), not an author's identical comment.
pub fn is_slot(event: &Event<'_>) -> bool {
    matches!(event, Event::Html(CowStr::Borrowed(text)) if std::ptr::eq(*text, SLOT))
}

/// Replaces composer blocks with slots and records them in `rendered.composers`.
pub fn rewrite<'a>(events: Events<'a>, page: &mut Rendering<'_>) -> Events<'a> {
    let is_block = |event: &Event<'_>| matches!(event, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if lang.as_ref() == "composer");
    if !events.iter().any(|(event, _)| is_block(event)) {
        return events;
    }
    let (ctx, rendered) = (page.ctx, &mut page.rendered);
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    let mut under_heading = false;
    while let Some((event, range)) = iter.next() {
        if !is_block(&event) {
            under_heading |= matches!(event, Event::End(TagEnd::Heading(_)));
            out.push((event, range));
            continue;
        }
        let mut text = String::new();
        let mut text_start = None;
        for (inner, inner_range) in iter.by_ref() {
            match inner {
                Event::Text(t) => {
                    text_start.get_or_insert(inner_range.start);
                    text.push_str(&t);
                }
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let block_at = ctx.at(range.start);
        // The YAML's first line is the line after the opening fence.
        let yaml_line = ctx.at(text_start.unwrap_or(range.start)).0;
        if let Some(mut info) = definition::parse(&text, yaml_line, block_at, ctx, rendered) {
            info.under_heading = under_heading;
            rendered.composers.push(info);
            out.push((slot(), range));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::{messages, render_page};

    const GOOD: &str = "## Evidence\n\n- [ ] Receipt {#receipt}\n\n```composer\nid: request\ntitle: Your request\nfields:\n  - name: order\n    label: Order number\n    kind: text\n    required: true\n  - name: paid_on\n    label: Date you paid\n    kind: date\nsubject: \"Refund for order {{order}}\"\nbody: |\n  Order {{order}}, paid {{paid_on}}.\n  {{ticked #evidence}}\n  Reply by {{paid_on + 14 days}}.\n```\n";

    #[test]
    fn a_recipient_that_would_add_headers_is_an_error() {
        let markdown = GOOD.replace(
            "title: Your request\n",
            "title: Your request\nrecipient: help@bank.example?cc=someone@else.example\n",
        );
        let rendered = render_page(&markdown, &[]);
        let messages = messages(&rendered);
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains("must be one plain e-mail address"),
            "{messages:?}"
        );
        assert!(rendered.composers.is_empty());
    }

    #[test]
    fn every_list_reference_gets_one_hidden_list_however_often_it_is_used() {
        let markdown = GOOD
            .replace("## Evidence", "## Other\n\n- [ ] Thing {#thing}\n\n## Evidence")
            .replace(
                "  Reply by",
                "  {{ticked #other}}\n  {{ticked #evidence}}\n  {{ticked page#evidence}}\n  Reply by",
            );
        let rendered = render_page(&markdown, &[]);
        assert!(
            rendered.diagnostics.is_empty(),
            "{:?}",
            rendered.diagnostics
        );
        let written: Vec<&str> = rendered.composers[0]
            .lists
            .iter()
            .map(|(written, _, _)| written.as_str())
            .collect();
        assert_eq!(written, ["#evidence", "#other", "page#evidence"]);
    }

    #[test]
    fn an_identical_comment_written_by_the_author_does_not_capture_the_composer() {
        let lookalike = super::SLOT;
        let markdown = format!("Before.\n\n{lookalike}\n\n{GOOD}");
        let rendered = render_page(&markdown, &[]);
        let lists = crate::render::composer::list_index(std::slice::from_ref(&rendered));
        let deadlines = crate::render::deadlines::index(std::slice::from_ref(&rendered));
        let html = crate::render::composer::expand(&rendered, &lists, &deadlines);
        assert_eq!(rendered.composer_slots.len(), 1, "{html}");
        let comment = html.find(lookalike).expect("the author's comment is kept");
        let composer = html
            .find("data-composer=\"request\"")
            .expect("composer written");
        assert!(comment < composer, "{html}");
        assert_eq!(html.matches(lookalike).count(), 1, "{html}");
    }

    #[test]
    fn a_valid_block_becomes_a_slot_and_a_composer() {
        let rendered = render_page(GOOD, &[]);
        assert!(
            rendered.diagnostics.is_empty(),
            "{:?}",
            rendered.diagnostics
        );
        let at = rendered.composer_slots[0];
        assert_eq!(
            &rendered.html[at..at + super::SLOT.len()],
            super::SLOT,
            "{}",
            rendered.html
        );
        let composer = &rendered.composers[0];
        assert_eq!(composer.id, "request");
        assert_eq!(composer.fields.len(), 2);
        assert_eq!(composer.lists[0].1, "page#evidence");
    }

    #[test]
    fn an_amount_can_offer_its_own_currencies_and_leave_the_choice_to_the_reader() {
        let amount = "  - name: amount\n    label: Amount\n    kind: amount\n";
        let with = |extra: &str| GOOD.replace("subject:", &format!("{amount}{extra}subject:"));
        // A list and no `currency`: nothing is preselected, and only the list is offered.
        let rendered = render_page(&with("    currencies: [IDR, BRL]\n"), &[]);
        assert!(
            rendered.diagnostics.is_empty(),
            "{:?}",
            rendered.diagnostics
        );
        let field = &rendered.composers[0].fields[2];
        assert_eq!(field.currency, "");
        assert_eq!(field.currencies, ["IDR", "BRL"]);
        let lists = crate::render::composer::list_index(std::slice::from_ref(&rendered));
        let deadlines = crate::render::deadlines::index(std::slice::from_ref(&rendered));
        let html = crate::render::composer::expand(&rendered, &lists, &deadlines);
        let select = &html[html
            .find("data-currency-for=\"amount\"")
            .expect("currency select")..];
        let select = &select[..select.find("</select>").expect("select end")];
        assert_eq!(
            select.matches("<option").count(),
            3,
            "an empty choice, then the list: {select}"
        );
        assert!(select.contains("<option value=\"\" label=\"Choose a currency\"></option>"));
        assert!(select.find("IDR") < select.find("BRL") && !select.contains("GBP"));
        // A preselected currency comes first; no list keeps the default set and GBP.
        let rendered = render_page(
            &with("    currency: BRL\n    currencies: [IDR, BRL]\n"),
            &[],
        );
        assert_eq!(rendered.composers[0].fields[2].currency, "BRL");
        let rendered = render_page(&with(""), &[]);
        assert_eq!(rendered.composers[0].fields[2].currency, "GBP");
        assert!(rendered.composers[0].fields[2].currencies.is_empty());
        // Bad codes, a list on another kind, and a preselection outside the list are errors.
        let problems = errors(&with("    currency: EUR\n    currencies: [IDR, rupiah]\n"));
        assert_eq!(problems.len(), 2, "{problems:?}");
        let all = problems.join("\n");
        assert!(
            all.contains("22:15: error: `currency: EUR` is not in this field's `currencies`"),
            "{all}"
        );
        assert!(
            all.contains("23:23: error: `currencies` lists `rupiah`"),
            "{all}"
        );
        let on_text = GOOD.replace(
            "    kind: text\n    required: true\n",
            "    kind: text\n    required: true\n    currencies: [EUR]\n",
        );
        let problems = errors(&on_text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("needs an `amount` field"),
            "{problems:?}"
        );
    }

    fn errors(markdown: &str) -> Vec<String> {
        render_page(markdown, &[])
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn template_errors_point_into_the_block() {
        let broken = GOOD
            .replace(
                "Reply by {{paid_on + 14 days}}.",
                "Reply by {{#paid_on}}soon.",
            )
            .replace("{{order}}, paid", "{{orderr}}, paid");
        assert_eq!(
            errors(&broken),
            [
                "content/page.md:23:12: error: composer body: this section is never closed: add `{{/paid_on}}`"
            ]
        );
        let unknown = GOOD.replace("{{order}}, paid", "{{orderr}}, paid");
        assert_eq!(
            errors(&unknown),
            [
                "content/page.md:21:9: error: composer body: unknown placeholder `orderr`; the fields are: order, paid_on"
            ]
        );
        let subject = GOOD.replace("for order {{order}}", "for order {{order");
        assert_eq!(
            errors(&subject),
            ["content/page.md:19:28: error: composer subject: this `{{` is never closed with `}}`"]
        );
    }

    #[test]
    fn field_problems_point_at_their_line() {
        let bad_kind = GOOD.replace("kind: date", "kind: calendar");
        assert_eq!(
            errors(&bad_kind),
            [
                "content/page.md:18:11: error: unknown field kind `calendar`: use one of text, long-text, date, amount, email, choice"
            ]
        );
        let duplicate = GOOD.replace("name: paid_on", "name: order");
        assert!(
            errors(&duplicate)[0]
                .starts_with("content/page.md:16:11: error: two fields are named `order`"),
            "{:?}",
            errors(&duplicate)
        );
        let days_on_text = GOOD.replace("{{paid_on + 14 days}}", "{{order + 14 days}}");
        assert_eq!(
            errors(&days_on_text),
            [
                "content/page.md:23:12: error: composer body: `order` is a text field, so days cannot be added to it"
            ]
        );
        let yaml = GOOD.replace("title: Your request", "title: [oops");
        assert_eq!(
            errors(&yaml),
            [
                "content/page.md:10:8: error: composer: this `[` is never closed with `]` (the YAML stops making sense at line 11, column 7: illegal placement of ':' indicator)"
            ]
        );
        let unknown_key = GOOD.replace("title: Your request", "title: Your request\nsend_to: x");
        assert_eq!(
            errors(&unknown_key),
            [
                "content/page.md:11:1: error: composer: unknown key `send_to` (known keys: id, title, intro, recipient, fields, subject, body)"
            ]
        );
    }

    #[test]
    fn error_messages_must_read_well() {
        let question = GOOD.replace("label: Order number", "label: What is your order number?");
        let found = errors(&question);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("content/page.md:13:12: error: the label `What is your order number?` is a question, so the message for leaving it empty cannot be made from it: add `error:`"),
            "{found:?}"
        );
        let with_error = question.replace(
            "    required: true\n",
            "    required: true\n    error: Enter your order number\n",
        );
        let rendered = render_page(&with_error, &[]);
        assert_eq!(messages(&rendered), Vec::<String>::new());
        assert_eq!(
            rendered.composers[0].fields[0].error.as_deref(),
            Some("Enter your order number")
        );
        assert!(rendered.composers[0].under_heading);
        let full_stop = with_error.replace("your order number\n", "your order number.\n");
        assert_eq!(
            errors(&full_stop),
            [
                "content/page.md:16:12: error: `error: Enter your order number.`: error messages end without a full stop or question mark (GOV.UK style)"
            ]
        );
        let optional = GOOD.replace("kind: date\n", "kind: date\n    error: Enter the date\n");
        assert_eq!(
            errors(&optional),
            [
                "content/page.md:19:12: error: `error` is the message for a required field left empty: add `required: true`, or remove `error`"
            ]
        );
        let date_question = GOOD.replace("label: Date you paid", "label: When did you pay?");
        assert!(
            errors(&date_question)[0].starts_with("content/page.md:17:12: error: the label `When did you pay?` is a question, but a `date` field's error messages name it"),
            "{:?}",
            errors(&date_question)
        );
        let placeholder = GOOD.replace("kind: date\n", "kind: date\n    placeholder: 1 2 2026\n");
        assert_eq!(
            errors(&placeholder),
            [
                "content/page.md:19:18: error: a `date` field has no box to show a `placeholder` in: use `help` instead"
            ]
        );
        let instruction = GOOD.replace("label: Order number", "label: Tell us the order number");
        assert!(
            errors(&instruction)[0].starts_with("content/page.md:13:12: error: the label `Tell us the order number` is an instruction, so the message for leaving it empty cannot be made from it"),
            "{:?}",
            errors(&instruction)
        );
        let first = render_page(&GOOD.replace("## Evidence\n\n", ""), &[]);
        assert!(!first.composers[0].under_heading, "no heading before it");
    }

    #[test]
    fn every_problem_of_a_block_is_reported_at_once() {
        let broken = GOOD
            .replace("id: request", "id: request\nsend_to: x")
            .replace("title: Your request\n", "")
            .replace(
                "    required: true",
                "    required: sometimes\n    colour: red",
            )
            .replace("    kind: date", "    kind: date\n    options: yes")
            .replace("{{ticked #evidence}}", "{{unknown}}");
        let mut found = errors(&broken);
        found.sort();
        assert_eq!(
            found,
            [
                "content/page.md:10:1: error: composer: unknown key `send_to` (known keys: id, title, intro, recipient, fields, subject, body)",
                "content/page.md:15:15: error: composer: `required` must be `true` or `false`, not `sometimes`",
                "content/page.md:16:5: error: composer: unknown key `colour` (known keys: name, label, kind, help, placeholder, required, options, currency, currencies, error)",
                "content/page.md:20:14: error: composer: `options` must be a list of text, such as `[first, second]`, not `yes`",
                "content/page.md:24:3: error: composer body: unknown placeholder `unknown`; the fields are: order, paid_on",
                "content/page.md:8:1: error: composer: missing required key `title`",
            ]
        );
    }
}
