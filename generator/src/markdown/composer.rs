//! ` ```composer ` blocks: a YAML definition of a message composer (fields, a subject and a
//! body template) that the browser module turns into a form with a live preview.
//!
//! This pass parses and validates each block with the same template engine the browser uses
//! (`stepwise_core::template`), reporting problems at their line in the Markdown file, and
//! leaves a slot in the HTML. The composer's markup is written once every page is rendered
//! (`render::composer`), because its `{{ticked …}}` lists come from other pages' checklists.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use stepwise_core::composer::FieldKind;
use stepwise_core::ids;
use stepwise_core::template::{TODAY, Template};

use super::{Events, PageContext, Rendered, Rendering};
use crate::diagnostics::Diagnostic;
use crate::yaml;

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
    /// Where the block starts in its file.
    pub at: (usize, usize),
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
    /// For `amount`: the currency preselected.
    pub currency: String,
}

/// The keys a composer block may hold.
const KEYS: &[&str] = &[
    "id",
    "title",
    "intro",
    "recipient",
    "fields",
    "subject",
    "body",
];

/// The keys a composer's field may hold.
const FIELD_KEYS: &[&str] = &[
    "name",
    "label",
    "kind",
    "help",
    "placeholder",
    "required",
    "options",
    "currency",
];

/// The HTML comment that stands where a composer goes until its markup is written; the
/// rendered page records its byte offsets (`Rendered::composer_slots`).
pub const SLOT: &str = "<!--stepwise-composer-->";

/// The event standing where a composer goes. It borrows [`SLOT`] itself, never the page's
/// text, so [`is_slot`] tells it from an identical comment written by the author.
fn slot() -> Event<'static> {
    Event::Html(CowStr::Borrowed(SLOT))
}

/// Whether `event` is a composer's slot (see [`slot`]).
pub fn is_slot(event: &Event<'_>) -> bool {
    matches!(event, Event::Html(CowStr::Borrowed(text)) if std::ptr::eq(*text, SLOT))
}

/// Replaces composer blocks with slots and records them in `rendered.composers`.
pub fn rewrite<'a>(events: Events<'a>, page: &mut Rendering<'_>) -> Events<'a> {
    let (ctx, rendered) = (page.ctx, &mut page.rendered);
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        let is_composer = matches!(&event, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if lang.as_ref() == "composer");
        if !is_composer {
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
        if let Some(info) = parse(&text, yaml_line, block_at, ctx, rendered) {
            rendered.composers.push(info);
            out.push((slot(), range));
        }
    }
    out
}

/// Parses and validates one block. `yaml_line` is the file line of the YAML's first line.
/// Every problem of the block is reported, each at the key or value it concerns.
fn parse(
    text: &str,
    yaml_line: usize,
    block_at: (usize, usize),
    ctx: &PageContext<'_>,
    rendered: &mut Rendered,
) -> Option<ComposerInfo> {
    let path = ctx.path();
    let root = match yaml::parse(text, yaml_line) {
        Ok(root) => root,
        Err(problem) => {
            rendered.diagnostics.push(Diagnostic::error(
                path,
                problem.at,
                format!("composer: {}", problem.message),
            ));
            return None;
        }
    };
    let problems = yaml::Problems::new();
    let mut errors = Vec::new();
    let info = check(&root, &problems, &mut errors, block_at, ctx);
    let ok = problems.is_empty() && errors.is_empty();
    let shape = problems
        .into_vec()
        .into_iter()
        .map(|problem| (problem.at, format!("composer: {}", problem.message)));
    for (position, message) in shape.chain(errors) {
        rendered
            .diagnostics
            .push(Diagnostic::error(path, position, message));
    }
    info.filter(|_| ok)
}

/// Checks the parsed block. Problems of YAML shape (unknown keys, wrong types, missing keys) go
/// to `problems`; the others (ids, kinds, templates) to `errors`. A missing key is reported at
/// `block_at`, the opening fence. Returns the composer when its required parts are there.
fn check(
    root: &yaml::Node,
    problems: &yaml::Problems,
    errors: &mut Vec<(yaml::Position, String)>,
    block_at: yaml::Position,
    ctx: &PageContext<'_>,
) -> Option<ComposerInfo> {
    let map = root.mapping("a composer", KEYS, problems)?;
    let required = |key: &str| map.required_text(key, block_at, "");
    let id = required("id");
    let title = required("title");
    let subject = required("subject");
    let body = required("body");
    if map.get("fields").is_none() {
        map.report(block_at, "missing required key `fields`");
    }
    let intro = map.text("intro");
    let recipient = map.text("recipient");

    if let Some(id) = id
        && !ids::is_valid_id(id.value)
    {
        errors.push((
            id.at,
            format!(
                "composer id `{}` may only hold letters, digits, `-` and `_`",
                id.value
            ),
        ));
    }
    if let Some(recipient) = recipient
        && !stepwise_core::composer::is_email(recipient.value)
    {
        errors.push((
            recipient.at,
            format!("recipient `{}` is not an e-mail address", recipient.value),
        ));
    }

    let mut fields: Vec<FieldDef> = Vec::new();
    let mut unknown_kinds = Vec::new();
    let nodes = map
        .list(
            "fields",
            "fields, each with a `name`, a `label` and a `kind`",
        )
        .unwrap_or_default();
    for node in nodes {
        let Some(field) = node.mapping("a field", FIELD_KEYS, problems) else {
            continue;
        };
        let needed = |key: &str| field.required_text(key, node.at(), " in this field");
        let (name, label, kind_text) = (needed("name"), needed("label"), needed("kind"));
        let help = field.text("help").map(|t| t.value.to_owned());
        let placeholder = field.text("placeholder").map(|t| t.value.to_owned());
        let required = field.boolean("required").is_some_and(|r| r.value);
        // Where `options` is, when given as a list (a wrong type is reported by `text_list`).
        let listed = field.text_list("options");
        let options_at = listed
            .as_ref()
            .and(field.get("options").map(yaml::Node::at));
        let options_given = field.get("options").is_some();
        let options: Vec<String> = listed
            .unwrap_or_default()
            .iter()
            .map(|t| t.value.to_owned())
            .collect();
        let currency = field.text("currency");
        let (Some(name), Some(label), Some(kind_text)) = (name, label, kind_text) else {
            continue;
        };
        if !name
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            || name.value.is_empty()
        {
            errors.push((
                name.at,
                format!(
                    "field name `{}` may only hold letters, digits, `_` and `-`",
                    name.value
                ),
            ));
        }
        if name.value == TODAY {
            errors.push((
                name.at,
                "`today` is built in: give the field another name".to_owned(),
            ));
        }
        if fields.iter().any(|f| f.name == name.value) {
            errors.push((name.at, format!("two fields are named `{}`", name.value)));
        }
        let known = FieldKind::parse(kind_text.value);
        if known.is_none() {
            let kinds: Vec<&str> = FieldKind::ALL.iter().map(|(name, _)| *name).collect();
            errors.push((
                kind_text.at,
                format!(
                    "unknown field kind `{}`: use one of {}",
                    kind_text.value,
                    kinds.join(", ")
                ),
            ));
            // The templates' uses of this field are not checked, so one mistake gives one error.
            unknown_kinds.push(name.value.to_owned());
        }
        let kind = known.unwrap_or(FieldKind::Text);
        let currency_text = currency.map_or("", |c| c.value);
        if known.is_some() {
            match (kind, options_at) {
                (FieldKind::Choice, None) if !options_given => errors.push((
                    kind_text.at,
                    format!("the choice field `{}` needs `options: [...]`", name.value),
                )),
                (FieldKind::Choice, _) | (_, None) => {}
                (_, Some(options_at)) => errors.push((
                    options_at,
                    format!(
                        "only `choice` fields take `options` (`{}` is `{}`)",
                        name.value, kind_text.value
                    ),
                )),
            }
            let valid_code =
                currency_text.len() == 3 && currency_text.chars().all(|c| c.is_ascii_uppercase());
            if let Some(currency) = currency
                && (kind != FieldKind::Amount || !valid_code)
            {
                errors.push((
                    currency.at,
                    format!(
                        "`currency: {}` needs an `amount` field and a code such as GBP, EUR or USD",
                        currency.value
                    ),
                ));
            }
        }
        fields.push(FieldDef {
            name: name.value.to_owned(),
            label: label.value.trim().to_owned(),
            kind,
            help,
            placeholder,
            required,
            options,
            currency: if currency_text.is_empty() && kind == FieldKind::Amount {
                "GBP".to_owned()
            } else {
                currency_text.to_owned()
            },
        });
    }

    let mut lists = Vec::new();
    for (key, template_text) in [("subject", subject), ("body", body)] {
        let Some(template_text) = template_text else {
            continue;
        };
        let template = match Template::parse(template_text.value) {
            Ok(template) => template,
            Err(problem) => {
                errors.push((
                    template_text.position_of(problem.offset),
                    format!("composer {key}: {}", problem.message()),
                ));
                continue;
            }
        };
        for (name, is_list, has_days, offset) in template.references() {
            let position = template_text.position_of(offset);
            if is_list {
                let resolved = match name.strip_prefix('#') {
                    Some(id) => ids::list_key(&ctx.model.page(ctx.page).key, id),
                    None => name.clone(),
                };
                lists.push((name, resolved, position));
                continue;
            }
            if unknown_kinds.contains(&name) {
                continue;
            }
            let kind = fields.iter().find(|f| f.name == name).map(|f| f.kind);
            match (name == TODAY, kind) {
                (true, _) | (false, Some(FieldKind::Date)) => {}
                (false, None) => {
                    let known: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
                    errors.push((
                        position,
                        format!(
                            "composer {key}: unknown placeholder `{name}`; the fields are: {}",
                            known.join(", ")
                        ),
                    ));
                }
                (false, Some(other)) if has_days => {
                    errors.push((
                        position,
                        format!(
                            "composer {key}: `{name}` is a {} field, so days cannot be added to it",
                            other.name()
                        ),
                    ));
                }
                _ => {}
            }
        }
    }
    // One hidden list per reference as written (the browser finds lists by it), however often
    // and wherever in the subject and body it appears.
    let mut written_once = std::collections::BTreeSet::new();
    lists.retain(|(written, _, _)| written_once.insert(written.clone()));

    Some(ComposerInfo {
        id: id?.value.to_owned(),
        title: title?.value.to_owned(),
        intro: intro.map(|t| t.value.to_owned()),
        recipient: recipient.map(|t| t.value.to_owned()),
        fields,
        subject: subject?.value.to_owned(),
        body: body?.value.to_owned(),
        lists,
        at: block_at,
    })
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::render_page;

    const GOOD: &str = "## Evidence\n\n- [ ] Receipt {#receipt}\n\n```composer\nid: request\ntitle: Your request\nfields:\n  - name: order\n    label: Order number\n    kind: text\n    required: true\n  - name: paid_on\n    label: Date you paid\n    kind: date\nsubject: \"Refund for order {{order}}\"\nbody: |\n  Order {{order}}, paid {{paid_on}}.\n  {{ticked #evidence}}\n  Reply by {{paid_on + 14 days}}.\n```\n";

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
        let markdown = format!("Before.\n\n{}\n\n{GOOD}", super::SLOT);
        let rendered = render_page(&markdown, &[]);
        let lists = crate::render::composer::list_index(std::slice::from_ref(&rendered));
        let html = crate::render::composer::expand(&rendered, &lists);
        let comment = html
            .find(super::SLOT)
            .expect("the author's comment is kept");
        let composer = html
            .find("data-composer=\"request\"")
            .expect("composer written");
        assert!(comment < composer, "{html}");
        assert_eq!(html.matches(super::SLOT).count(), 1, "{html}");
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
                "content/page.md:11:7: error: composer: illegal placement of ':' indicator (inside the `[` at line 10, column 8: is a `]` missing?)"
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
                "content/page.md:16:5: error: composer: unknown key `colour` (known keys: name, label, kind, help, placeholder, required, options, currency)",
                "content/page.md:20:14: error: composer: `options` must be a list of text, such as `[first, second]`, not `yes`",
                "content/page.md:24:3: error: composer body: unknown placeholder `unknown`; the fields are: order, paid_on",
                "content/page.md:8:1: error: composer: missing required key `title`",
            ]
        );
    }
}
