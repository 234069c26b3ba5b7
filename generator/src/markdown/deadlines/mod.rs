//! ` ```deadlines ` blocks: the dates a reader may know, and the deadlines that follow from
//! them, as a YAML definition that the browser module turns into concrete dates.
//!
//! This pass parses and validates each block with the rules of `stepwise_core::deadline`,
//! reporting problems at their line in the Markdown file, and writes the block's markup in
//! place: the rules as sentences (what readers without JavaScript see), and the date entry and
//! calendar buttons the module shows. Site-wide rules (ids unique, one meaning per date name)
//! are checked once every page is rendered (`render::deadlines`).

mod definition;
mod markup;

pub(crate) use markup::rule_attributes;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use stepwise_core::deadline::{Condition, Period};

use super::{Events, Rendering};

/// A deadlines block defined on a page, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlinesInfo {
    /// Page-unique id of the block (element ids derive from it).
    pub id: String,
    /// Shown above the block.
    pub title: String,
    /// An optional sentence under the title.
    pub intro: Option<String>,
    /// The dates the reader may enter.
    pub dates: Vec<ReaderDate>,
    /// The choices deadlines depend on.
    pub choices: Vec<ReaderChoice>,
    /// The deadlines, in the order written.
    pub deadlines: Vec<DeadlineDef>,
    /// Where the block starts in its file.
    pub at: (usize, usize),
}

/// A date the reader may know; its name is shared by the whole guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderDate {
    /// Its name (`paid_on`); composers' date fields of the same name share its value.
    pub name: String,
    /// The label shown to readers (`Date you paid`).
    pub label: String,
    /// Help shown under the label.
    pub help: Option<String>,
    /// Where its name is written.
    pub at: (usize, usize),
}

/// A choice of the reader that deadlines depend on; its name is shared by the whole guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderChoice {
    /// Its name (`card_country`).
    pub name: String,
    /// The question (`Where was your card issued?`).
    pub label: String,
    /// The answers.
    pub options: Vec<String>,
    /// Where its name is written.
    pub at: (usize, usize),
}

/// One deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineDef {
    /// Site-unique id (`card-fcba`); composers refer to it as `{{deadline card-fcba}}`.
    pub id: String,
    /// What to do by then (`Send your letter to the card company`).
    pub title: String,
    /// The name of the date it counts from.
    pub from: String,
    /// How long after it.
    pub after: Period,
    /// When it applies only after a reader's choice.
    pub when: Option<Condition>,
    /// More about it.
    pub note: Option<String>,
    /// Where the rule comes from (an `http(s)` address).
    pub source: String,
    /// The source's name, for the link text (the address's host when not given).
    pub source_title: Option<String>,
    /// Where its id is written.
    pub at: (usize, usize),
}

/// Replaces deadlines blocks with their markup and records them in `rendered.deadlines`.
pub fn rewrite<'a>(events: Events<'a>, page: &mut Rendering<'_>) -> Events<'a> {
    let is_block = |event: &Event<'_>| matches!(event, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if lang.as_ref() == "deadlines");
    if !events.iter().any(|(event, _)| is_block(event)) {
        return events;
    }
    let (ctx, rendered) = (page.ctx, &mut page.rendered);
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        if !is_block(&event) {
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
        if let Some(info) = definition::parse(&text, yaml_line, block_at, ctx, rendered) {
            if rendered.deadlines.iter().any(|other| other.id == info.id) {
                rendered
                    .diagnostics
                    .push(crate::diagnostics::Diagnostic::error(
                        ctx.path(),
                        block_at,
                        format!(
                            "two deadlines blocks on this page have the id `{}`: give each its own",
                            info.id
                        ),
                    ));
                continue;
            }
            for deadline in &info.deadlines {
                rendered
                    .anchors
                    .insert(stepwise_core::ids::deadline_element_id(&deadline.id));
            }
            let markup = markup::html(
                &info,
                &ctx.model.config.storage_id,
                &ctx.model.permalink(ctx.page),
            );
            out.push((Event::Html(CowStr::from(markup)), range));
            rendered.deadlines.push(info);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::{messages, render_page};

    const GOOD: &str = "## Your deadlines\n\n```deadlines\nid: card\ntitle: Your card deadlines\ndates:\n  - name: statement_on\n    label: Date of the statement that first showed the charge\n    help: It is printed at the top of the statement.\nchoices:\n  - name: card_country\n    label: Where was your card issued?\n    options: [The US, The UK, Somewhere else]\ndeadlines:\n  - id: card-fcba\n    title: Send your billing-error letter\n    from: statement_on\n    after: 60 days\n    when: card_country = The US\n    note: The letter must arrive by then.\n    source: https://www.consumerfinance.gov/rules-policy/regulations/1026/13/\n    source_title: Regulation Z, section 1026.13\n  - id: card-chargeback\n    title: Ask for a chargeback\n    from: statement_on\n    after: 120 days\n    source: https://example.org/rules\n```\n";

    #[test]
    fn a_block_becomes_rules_readers_can_read_without_javascript() {
        let page = render_page(GOOD, &[]);
        assert!(messages(&page).is_empty(), "{:?}", messages(&page));
        assert_eq!(page.deadlines.len(), 1);
        let html = &page.html;
        assert!(html.contains("data-deadlines=\"card\""), "{html}");
        assert!(
            html.contains("60 days after the date of the statement that first showed the charge"),
            "{html}"
        );
        assert!(html.contains("data-deadline-after=\"60d\""), "{html}");
        assert!(
            html.contains("data-deadline-when=\"card_country\""),
            "{html}"
        );
        assert!(html.contains("data-deadline-equals=\"The US\""), "{html}");
        assert!(
            html.contains("Only if you answered “The US” to “Where was your card issued?”"),
            "{html}"
        );
        assert!(html.contains("id=\"deadline-card-fcba\""), "{html}");
        assert!(
            html.contains(
                "href=\"https://www.consumerfinance.gov/rules-policy/regulations/1026/13/\""
            ),
            "{html}"
        );
        assert!(
            html.contains(">Regulation Z, section 1026.13</a>"),
            "{html}"
        );
        assert!(html.contains(">example.org</a>"), "{html}");
        assert!(
            html.contains("id=\"dates-card-statement_on-day\""),
            "{html}"
        );
        assert!(page.anchors.contains("deadline-card-chargeback"));
        // The parts that need the module stay hidden without it.
        assert!(html.contains("data-deadlines-app hidden"), "{html}");
    }

    #[test]
    fn every_problem_of_a_block_is_reported_at_its_place() {
        let bad = "```deadlines\nid: bad id\ntitle: T\ndates:\n  - name: paid_on\n    label: Date you paid\n  - name: paid_on\n    label: Again\nchoices:\n  - name: where\n    label: Where?\n    options: [Here]\ndeadlines:\n  - id: a\n    title: A\n    from: paid\n    after: 60 fortnights\n    source: https://example.org/\n  - id: a\n    title: B\n    from: paid_on\n    after: 0 days\n    when: where = There\n    source: mailto:x@example.org\n  - id: c\n    title: C\n    from: paid_on\n    after: 1 day\n    when: nowhere = Here\n    colour: red\n```\n";
        let found = messages(&render_page(bad, &[]));
        let expected = [
            "5:5: error: deadlines id `bad id` may only hold letters, digits, `-` and `_`",
            "10:11: error: two dates of this block are named `paid_on`",
            "19:11: error: `from: paid` is not a date of this block; its dates are: paid_on",
            "20:12: error: unknown unit: use days, working days (Monday to Friday; public holidays count as working days), weeks or months",
            "22:9: error: two deadlines have the id `a`",
            "25:12: error: the number of a period must be from 1 to 9999",
            "26:11: error: `where` has no option `There`; its options are: Here",
            "27:13: error: `source` must be an `https://` or `http://` address",
            "32:11: error: `when: nowhere = …` names no choice of this block; its choices are: where",
            "13:11: error: the choice `where` needs at least two options",
            "28:5: error: deadlines: missing required key `source` in this deadline",
            "33:5: error: deadlines: unknown key `colour`",
        ];
        for line in expected {
            assert!(
                found.iter().any(|m| m.contains(&format!(":{line}"))),
                "missing {line:?} in {found:#?}"
            );
        }
        assert_eq!(found.len(), expected.len(), "{found:#?}");
    }

    #[test]
    fn missing_parts_are_named() {
        let found = messages(&render_page(
            "```deadlines\nid: x\ntitle: T\ndeadlines:\n  - id: a\n    title: A\n```\n",
            &[],
        ));
        for line in [
            "4:1: error: deadlines: missing required key `dates`",
            "8:5: error: deadlines: missing required key `from` in this deadline",
            "8:5: error: deadlines: missing required key `after` in this deadline",
            "8:5: error: deadlines: missing required key `source` in this deadline",
        ] {
            assert!(
                found.iter().any(|m| m.ends_with(line)),
                "missing {line:?} in {found:#?}"
            );
        }
    }
}
