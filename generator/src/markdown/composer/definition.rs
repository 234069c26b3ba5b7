//! A composer block's YAML, checked: its keys and fields, and its subject and body templates
//! against the fields and the site's checklists. Every problem is reported at the key or
//! value (or template tag) it concerns.

use stepwise_core::composer::FieldKind;
use stepwise_core::ids;
use stepwise_core::template::{TODAY, Template};

use super::{ComposerInfo, FieldDef};
use crate::diagnostics::Diagnostic;
use crate::markdown::{PageContext, Rendered};
use crate::yaml;

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
    "currencies",
    "error",
];

/// Checks that a field's error messages will read well: a required field labelled with a
/// question or an instruction needs its own `error` (a question cannot be turned into one); a `date` or `amount`
/// field, whose messages name it (`Date you paid must be a real date`), needs a label that is
/// not a question; `error` belongs to required fields and ends without a full stop.
fn check_error_wording(
    errors: &mut Vec<(yaml::Position, String)>,
    label: yaml::Text<'_>,
    error: Option<yaml::Text<'_>>,
    required: bool,
    kind: &str,
) {
    use stepwise_core::composer::{label_is_instruction, label_is_question};
    let form = if label_is_question(label.value) {
        Some("a question")
    } else if label_is_instruction(label.value) {
        Some("an instruction")
    } else {
        None
    };
    if let Some(form) = form
        && matches!(kind, "date" | "amount")
    {
        errors.push((
            label.at,
            format!(
                "the label `{}` is {form}, but a `{kind}` field's error messages name it (\"… must be a real date\"): write it as the thing asked for, like `Date you paid`",
                label.value.trim()
            ),
        ));
        return;
    }
    match error {
        Some(error) if !required => errors.push((
            error.at,
            "`error` is the message for a required field left empty: add `required: true`, or remove `error`".to_owned(),
        )),
        Some(error) if error.value.trim().is_empty() => errors.push((
            error.at,
            "`error` is empty: write the message to show when the field is left empty".to_owned(),
        )),
        Some(error) if error.value.trim_end().ends_with(['.', '?', '!']) => errors.push((
            error.at,
            format!(
                "`error: {}`: error messages end without a full stop or question mark (GOV.UK style)",
                error.value.trim()
            ),
        )),
        None if required && form.is_some() => {
            let verb = if kind == "choice" { "Select" } else { "Enter" };
            let example = if form == Some("a question") {
                format!("`What is this about?` → `error: {verb} what your message is about`")
            } else {
                format!("`Tell us what happened` → `error: {verb} what happened`")
            };
            errors.push((
                label.at,
                format!(
                    "the label `{}` is {}, so the message for leaving it empty cannot be made from it: add `error:` with the message to show, in GOV.UK style ({example})",
                    label.value.trim(),
                    form.unwrap_or_default(),
                ),
            ));
        }
        _ => {}
    }
}

/// Parses and validates one block. `yaml_line` is the file line of the YAML's first line.
/// Every problem of the block is reported, each at the key or value it concerns.
pub(super) fn parse(
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
    } else if let Some(recipient) = recipient
        && recipient
            .value
            .contains(['?', '&', '#', '%', ',', ';', '<', '>', '"', '\'', ':'])
    {
        errors.push((
            recipient.at,
            format!(
                "recipient `{}` must be one plain e-mail address: `?`, `&`, `,` and the like would add headers or more recipients to the mail link readers open",
                recipient.value
            ),
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
        let currencies = field.text_list("currencies");
        let error = field.text("error");
        let (Some(name), Some(label), Some(kind_text)) = (name, label, kind_text) else {
            continue;
        };
        check_error_wording(errors, label, error, required, kind_text.value);
        if let Some(placeholder) = field.text("placeholder")
            && matches!(kind_text.value, "date" | "choice")
        {
            errors.push((
                placeholder.at,
                format!(
                    "a `{}` field has no box to show a `placeholder` in: use `help` instead",
                    kind_text.value
                ),
            ));
        }
        if !ids::is_field_name(name.value) {
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
                |code: &str| code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase());
            if let Some(currency) = currency
                && (kind != FieldKind::Amount || !valid_code(currency_text))
            {
                errors.push((
                    currency.at,
                    format!(
                        "`currency: {}` needs an `amount` field and a code such as GBP, EUR or USD",
                        currency.value
                    ),
                ));
            }
            for code in currencies.iter().flatten() {
                if kind != FieldKind::Amount || !valid_code(code.value) {
                    errors.push((
                        code.at,
                        format!(
                            "`currencies` lists `{}`: it needs an `amount` field and codes such as GBP, EUR or USD",
                            code.value
                        ),
                    ));
                }
            }
            if let (Some(currency), Some(list)) = (currency, &currencies)
                && !list.is_empty()
                && !list.iter().any(|code| code.value == currency.value)
            {
                errors.push((
                    currency.at,
                    format!(
                        "`currency: {}` is not in this field's `currencies`: add it to the list",
                        currency.value
                    ),
                ));
            }
        }
        let offered: Vec<String> = currencies
            .unwrap_or_default()
            .iter()
            .map(|code| code.value.to_owned())
            .collect();
        fields.push(FieldDef {
            name: name.value.to_owned(),
            label: label.value.trim().to_owned(),
            kind,
            help,
            placeholder,
            required,
            options,
            error: error.map(|e| e.value.trim().to_owned()),
            // With its own list of currencies and none named, the reader chooses: nothing is
            // preselected.
            currency: if currency_text.is_empty() && kind == FieldKind::Amount && offered.is_empty()
            {
                "GBP".to_owned()
            } else {
                currency_text.to_owned()
            },
            currencies: offered,
        });
    }

    let mut lists = Vec::new();
    let mut deadlines = Vec::new();
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
        let mut shown = template.deadline_references();
        shown.sort_by_key(|(_, offset)| *offset);
        let offsets: Vec<usize> = shown.iter().map(|(_, offset)| *offset).collect();
        for ((id, _), position) in shown.into_iter().zip(template_text.positions_of(&offsets)) {
            deadlines.push((id, position));
        }
        let references = template.references();
        // Placed in one walk over the text, in the order they were written.
        let mut order: Vec<usize> = (0..references.len()).collect();
        order.sort_by_key(|&index| references[index].3);
        let offsets: Vec<usize> = order.iter().map(|&index| references[index].3).collect();
        let mut positions = vec![(1, 1); references.len()];
        for (&index, position) in order.iter().zip(template_text.positions_of(&offsets)) {
            positions[index] = position;
        }
        for ((name, is_list, has_days, _), position) in references.into_iter().zip(positions) {
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
        deadlines,
        at: block_at,
        under_heading: false,
    })
}
