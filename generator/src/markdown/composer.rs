//! ` ```composer ` blocks: a YAML definition of a message composer (fields, a subject and a
//! body template) that the browser module turns into a form with a live preview.
//!
//! This pass parses and validates each block with the same template engine the browser uses
//! (`stepwise_core::template`), reporting problems at their line in the Markdown file, and
//! leaves a slot in the HTML. The composer's markup is written once every page is rendered
//! (`render::composer`), because its `{{ticked …}}` lists come from other pages' checklists.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use serde::Deserialize;
use stepwise_core::composer::FieldKind;
use stepwise_core::ids;
use stepwise_core::template::{TODAY, Template};

use super::{Events, PageContext, Rendered, Rendering};
use crate::config::key_position;
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComposer {
    id: String,
    title: String,
    #[serde(default)]
    intro: Option<String>,
    #[serde(default)]
    recipient: Option<String>,
    fields: Vec<RawField>,
    subject: String,
    body: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: String,
    label: String,
    kind: String,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    placeholder: Option<String>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    options: Option<Vec<String>>,
    #[serde(default)]
    currency: Option<String>,
}

/// The HTML comment that stands where a composer goes until its markup is written; the
/// rendered page records its byte offsets (`Rendered::composer_slots`).
pub const SLOT: &str = "<!--stepwise-composer-->";

/// The event standing where a composer goes. It borrows [`SLOT`] itself, never the page's
/// text, so [`is_slot`] tells it from an identical comment written by the author.
fn slot() -> Event<'static> {
    Event::Html(CowStr::Borrowed(SLOT))
}

/// Whether `event` is a composer's slot (see `slot`).
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
fn parse(
    text: &str,
    yaml_line: usize,
    block_at: (usize, usize),
    ctx: &PageContext<'_>,
    rendered: &mut Rendered,
) -> Option<ComposerInfo> {
    let path = ctx.path().to_owned();
    let at = |(line, col): (usize, usize)| (yaml_line + line - 1, col);
    let mut error = |position: (usize, usize), message: String| {
        rendered
            .diagnostics
            .push(crate::diagnostics::Diagnostic::error(
                path.as_str(),
                at(position),
                message,
            ));
    };
    let raw: RawComposer = match yaml::parse(text) {
        Ok(raw) => raw,
        Err(problem) => {
            error(
                (problem.line, problem.col),
                format!("composer: {}", problem.message),
            );
            return None;
        }
    };
    let mut ok = true;
    if !ids::is_valid_id(&raw.id) {
        error(
            key_position(text, "id"),
            format!(
                "composer id `{}` may only hold letters, digits, `-` and `_`",
                raw.id
            ),
        );
        ok = false;
    }
    if let Some(recipient) = &raw.recipient
        && !stepwise_core::composer::is_email(recipient)
    {
        error(
            key_position(text, "recipient"),
            format!("recipient `{recipient}` is not an e-mail address"),
        );
        ok = false;
    }

    let mut fields = Vec::new();
    let mut unknown_kinds = Vec::new();
    for (index, field) in raw.fields.iter().enumerate() {
        let field_at = nth_field_position(text, index);
        let kind_at = line_after(text, field_at, "kind:");
        let mut fail = |position, message: String| {
            error(position, message);
            ok = false;
        };
        if !field
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            || field.name.is_empty()
        {
            fail(
                field_at,
                format!(
                    "field name `{}` may only hold letters, digits, `_` and `-`",
                    field.name
                ),
            );
        }
        if field.name == TODAY {
            fail(
                field_at,
                "`today` is built in: give the field another name".to_owned(),
            );
        }
        if fields.iter().any(|f: &FieldDef| f.name == field.name) {
            fail(field_at, format!("two fields are named `{}`", field.name));
        }
        let known = FieldKind::parse(&field.kind);
        if known.is_none() {
            let kinds: Vec<&str> = FieldKind::ALL.iter().map(|(name, _)| *name).collect();
            fail(
                kind_at,
                format!(
                    "unknown field kind `{}`: use one of {}",
                    field.kind,
                    kinds.join(", ")
                ),
            );
            // The templates' uses of this field are not checked, so one mistake gives one error.
            unknown_kinds.push(field.name.clone());
        }
        let kind = known.unwrap_or(FieldKind::Text);
        let options = field.options.clone().unwrap_or_default();
        let currency = field.currency.clone().unwrap_or_default();
        if known.is_some() {
            match (kind, options.is_empty()) {
                (FieldKind::Choice, true) => fail(
                    kind_at,
                    format!("the choice field `{}` needs `options: [...]`", field.name),
                ),
                (FieldKind::Choice, false) | (_, true) => {}
                (_, false) => fail(
                    kind_at,
                    format!(
                        "only `choice` fields take `options` (`{}` is `{}`)",
                        field.name, field.kind
                    ),
                ),
            }
            let valid_code =
                currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase());
            if !currency.is_empty() && (kind != FieldKind::Amount || !valid_code) {
                fail(
                    kind_at,
                    format!(
                        "`currency: {currency}` needs an `amount` field and a code such as GBP, EUR or USD"
                    ),
                );
            }
        }
        fields.push(FieldDef {
            name: field.name.clone(),
            label: field.label.trim().to_owned(),
            kind,
            help: field.help.clone(),
            placeholder: field.placeholder.clone(),
            required: field.required,
            options,
            currency: if currency.is_empty() && kind == FieldKind::Amount {
                "GBP".to_owned()
            } else {
                currency
            },
        });
    }

    let mut lists = Vec::new();
    for (key, template_text) in [("subject", &raw.subject), ("body", &raw.body)] {
        let template = match Template::parse(template_text) {
            Ok(template) => template,
            Err(problem) => {
                error(
                    template_position(text, key, template_text, problem.offset),
                    format!("composer {key}: {}", problem.message()),
                );
                ok = false;
                continue;
            }
        };
        for (name, is_list, has_days, offset) in template.references() {
            let position = template_position(text, key, template_text, offset);
            if is_list {
                let resolved = match name.strip_prefix('#') {
                    Some(id) => ids::list_key(&ctx.model.page(ctx.page).key, id),
                    None => name.clone(),
                };
                lists.push((name, resolved, at(position)));
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
                    error(
                        position,
                        format!(
                            "composer {key}: unknown placeholder `{name}`; the fields are: {}",
                            known.join(", ")
                        ),
                    );
                    ok = false;
                }
                (false, Some(other)) if has_days => {
                    error(
                        position,
                        format!(
                            "composer {key}: `{name}` is a {} field, so days cannot be added to it",
                            other.name()
                        ),
                    );
                    ok = false;
                }
                _ => {}
            }
        }
    }
    // One hidden list per reference as written (the browser finds lists by it), however often
    // and wherever in the subject and body it appears.
    let mut written_once = std::collections::BTreeSet::new();
    lists.retain(|(written, _, _)| written_once.insert(written.clone()));

    ok.then_some(ComposerInfo {
        id: raw.id,
        title: raw.title,
        intro: raw.intro,
        recipient: raw.recipient,
        fields,
        subject: raw.subject,
        body: raw.body,
        lists,
        at: block_at,
    })
}

/// The (line, column), within the YAML, of the `index`-th item of `fields:`.
fn nth_field_position(yaml: &str, index: usize) -> (usize, usize) {
    let fields_line = key_position(yaml, "fields").0;
    yaml.lines()
        .enumerate()
        .skip(fields_line)
        .filter(|(_, line)| line.trim_start().starts_with("- "))
        .nth(index)
        .map_or((fields_line, 1), |(number, line)| {
            (number + 1, line.len() - line.trim_start().len() + 1)
        })
}

/// The first line at or after `from` whose text starts with `needle`, else `from`.
fn line_after(yaml: &str, from: (usize, usize), needle: &str) -> (usize, usize) {
    yaml.lines()
        .enumerate()
        .skip(from.0 - 1)
        .take_while(|(number, line)| *number + 1 == from.0 || !line.trim_start().starts_with("- "))
        .find(|(_, line)| {
            line.trim_start()
                .trim_start_matches("- ")
                .starts_with(needle)
        })
        .map_or(from, |(number, line)| {
            (number + 1, line.len() - line.trim_start().len() + 1)
        })
}

/// Where byte `offset` of the template under `key:` sits in the YAML: block scalars (`|`) map
/// line by line; one-line values are found on the key's line.
fn template_position(yaml: &str, key: &str, template: &str, offset: usize) -> (usize, usize) {
    let (key_line, _) = key_position(yaml, key);
    let lines: Vec<&str> = yaml.lines().collect();
    let before = &template[..offset.min(template.len())];
    let template_line = before.matches('\n').count();
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count();
    let key_text = lines.get(key_line - 1).copied().unwrap_or_default();
    let value = key_text.split_once(':').map_or("", |(_, v)| v).trim();
    if value.starts_with('|') || value.starts_with('>') {
        let indent = lines
            .iter()
            .skip(key_line)
            .find(|line| !line.trim().is_empty())
            .map_or(2, |line| line.len() - line.trim_start().len());
        (key_line + 1 + template_line, indent + column + 1)
    } else {
        let start = key_text.find(value).unwrap_or(0) + usize::from(value.starts_with(['"', '\'']));
        (key_line, start + column + 1)
    }
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
                "content/page.md:18:5: error: unknown field kind `calendar`: use one of text, long-text, date, amount, email, choice"
            ]
        );
        let duplicate = GOOD.replace("name: paid_on", "name: order");
        assert!(
            errors(&duplicate)[0]
                .starts_with("content/page.md:16:3: error: two fields are named `order`"),
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
        assert!(
            errors(&yaml)[0].starts_with("content/page.md:10:"),
            "{:?}",
            errors(&yaml)
        );
        let unknown_key = GOOD.replace("title: Your request", "title: Your request\nsend_to: x");
        assert!(
            errors(&unknown_key)[0].contains("unknown field `send_to`"),
            "{:?}",
            errors(&unknown_key)
        );
    }
}
