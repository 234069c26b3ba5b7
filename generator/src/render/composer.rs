//! The markup of message composers, written when pages are rendered through the theme (a
//! composer can list the ticked items of a checklist on another page, so its markup needs every
//! page's Markdown rendered first).
//!
//! Each composer is written twice: as a form with a live preview, which the browser module
//! shows and runs, and as its template with `[blanks]`, which readers without JavaScript copy
//! by hand. The templates travel in data attributes; reader input is only ever set as text.

use std::collections::BTreeMap;

use stepwise_core::composer::FieldKind;
use stepwise_core::deadline::rule_text;
use stepwise_core::template::{DeadlineValue, FieldValue, Inputs, ListValue, Template};
use stepwise_core::{dom, ids};

use crate::diagnostics::Diagnostic;
use crate::escape::html as esc;
use crate::markdown::checklists::replaces_attribute;
use crate::markdown::composer::{ComposerInfo, FieldDef, SLOT};
use crate::markdown::{Checklist, Rendered};
use crate::model::{PageId, SiteModel};
use crate::render::deadlines::{DeadlineIndex, composer_rules};

/// Currencies offered for amounts (the field's own default is always offered).
const CURRENCIES: [&str; 12] = [
    "GBP", "EUR", "USD", "AUD", "CAD", "NZD", "SEK", "NOK", "DKK", "CHF", "SGD", "INR",
];

/// Every checklist of the site by key, for composers' `{{ticked …}}` lists.
pub type ListIndex<'a> = BTreeMap<&'a str, &'a Checklist>;

/// Indexes every page's checklists.
pub fn list_index(rendered: &[Rendered]) -> ListIndex<'_> {
    rendered
        .iter()
        .flat_map(|page| page.checklists.iter().map(|list| (list.key.as_str(), list)))
        .collect()
}

/// Reports composers sharing an id and `{{ticked …}}` references to checklists that do not
/// exist. Needs every page rendered.
pub fn check(model: &SiteModel, rendered: &[Rendered]) -> Vec<Diagnostic> {
    // Most sites have few composers: without one there is nothing to index.
    if rendered.iter().all(|page| page.composers.is_empty()) {
        return Vec::new();
    }
    let lists = list_index(rendered);
    let mut problems = Vec::new();
    let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
    for (index, page) in rendered.iter().enumerate() {
        let source = &model.page(PageId(index)).source_path;
        for composer in &page.composers {
            if let Some(first) = ids.insert(&composer.id, source) {
                problems.push(Diagnostic::error(
                    source.as_str(),
                    composer.at,
                    format!("two composers have the id `{}` (the other is in {first}); drafts are saved by id, so give each its own", composer.id),
                ));
            }
            for (written, key, at) in &composer.lists {
                if !lists.contains_key(key.as_str()) {
                    let known: Vec<&str> = lists.keys().copied().collect();
                    problems.push(Diagnostic::error(
                        source.as_str(),
                        *at,
                        format!("`{{{{ticked {written}}}}}` refers to no checklist (`{key}`); the site's checklists are: {}", known.join(", ")),
                    ));
                }
            }
        }
    }
    problems
}

/// A page's body HTML with each composer's slot replaced by the composer's markup. Slots are
/// found by their recorded offsets, so an identical comment written by the author stays as it is.
pub fn expand(page: &Rendered, lists: &ListIndex<'_>, deadlines: &DeadlineIndex<'_>) -> String {
    let mut out = String::with_capacity(page.html.len() + page.composers.len() * 4096);
    let mut copied = 0;
    for (composer, &at) in page.composers.iter().zip(&page.composer_slots) {
        out.push_str(&page.html[copied..at]);
        out.push_str(&html(composer, lists, deadlines));
        copied = at + SLOT.len();
    }
    out.push_str(&page.html[copied..]);
    out
}

/// The markup of one composer.
pub fn html(
    composer: &ComposerInfo,
    lists: &ListIndex<'_>,
    deadlines: &DeadlineIndex<'_>,
) -> String {
    let id = &composer.id;
    let mut out = format!(
        "<div class=\"composer\" id=\"{element_id}\" {attr}=\"{id}\" {subject_attr}=\"{subject}\" {body_attr}=\"{body}\"",
        element_id = esc(&stepwise_core::ids::composer_element_id(id)),
        attr = dom::ATTR_COMPOSER,
        id = esc(id),
        subject_attr = dom::ATTR_SUBJECT_TEMPLATE,
        subject = esc(&composer.subject),
        body_attr = dom::ATTR_BODY_TEMPLATE,
        body = esc(&composer.body),
    );
    if let Some(recipient) = &composer.recipient {
        out.push_str(&format!(" {}=\"{}\"", dom::ATTR_RECIPIENT, esc(recipient)));
    }
    out.push_str(">\n");
    fallback(&mut out, composer, lists, deadlines);
    out.push_str(&format!(
        "<div class=\"composer-app\" {} hidden>\n",
        dom::ATTR_COMPOSER_APP
    ));
    out.push_str(&format!(
        "<div class=\"error-summary\" {} role=\"alert\" tabindex=\"-1\" hidden></div>\n",
        dom::ATTR_ERROR_SUMMARY
    ));
    out.push_str(&format!(
        "<fieldset class=\"composer-fields\">\n<legend class=\"{}\">{}</legend>\n",
        title_class(composer),
        esc(&composer.title)
    ));
    if let Some(intro) = &composer.intro {
        out.push_str(&format!("<p class=\"composer-intro\">{}</p>\n", esc(intro)));
    }
    out.push_str("<p class=\"composer-privacy\">What you type stays in this browser. Nothing is sent anywhere: you copy the message yourself.</p>\n");
    for field in &composer.fields {
        field_html(
            &mut out,
            id,
            field,
            deadlines.reader_dates.contains(field.name.as_str()),
        );
    }
    out.push_str("</fieldset>\n");
    preview(&mut out, id, composer.recipient.is_some());
    for (written, key, _) in &composer.lists {
        if let Some(list) = lists.get(key.as_str()) {
            out.push_str(&format!(
                "<ul hidden {}=\"{}\">",
                dom::ATTR_TICKED_SOURCE,
                esc(written)
            ));
            for item in &list.items {
                let replaces = replaces_attribute(&item.replaces);
                out.push_str(&format!(
                    "<li {}=\"{}\"{replaces}>{}</li>",
                    dom::ATTR_ITEM,
                    esc(&item.key),
                    esc(&item.text)
                ));
            }
            out.push_str("</ul>\n");
        }
    }
    out.push_str(&composer_rules(&composer.deadlines, deadlines));
    out.push_str("</div>\n</div>\n");
    out
}

/// The class of the composer's title. Under a heading, the heading is the form's heading on
/// screen (a second one right below it would read as two), so the title is there only for
/// screen readers: it names the form's group of fields.
fn title_class(composer: &ComposerInfo) -> &'static str {
    if composer.under_heading {
        "composer-title visually-hidden"
    } else {
        "composer-title"
    }
}

/// The template with `[blanks]`, for readers without JavaScript.
fn fallback(
    out: &mut String,
    composer: &ComposerInfo,
    lists: &ListIndex<'_>,
    deadlines: &DeadlineIndex<'_>,
) {
    let inputs = Inputs {
        deadlines: composer
            .deadlines
            .iter()
            .filter_map(|(id, _)| {
                let found = deadlines.get(id.as_str())?;
                Some(DeadlineValue {
                    id: id.clone(),
                    date: None,
                    rule: rule_text(&found.deadline.after, found.from_label),
                })
            })
            .collect(),
        fields: composer
            .fields
            .iter()
            .map(|field| FieldValue {
                name: field.name.clone(),
                label: field.label.clone(),
                kind: Some(field.kind),
                ..FieldValue::default()
            })
            .collect(),
        lists: composer
            .lists
            .iter()
            .filter_map(|(written, key, _)| {
                let list = lists.get(key.as_str())?;
                Some(ListValue {
                    reference: written.clone(),
                    items: list.items.iter().map(|item| item.text.clone()).collect(),
                    ticked: Vec::new(),
                })
            })
            .collect(),
        today: None,
        blank: true,
    };
    let render = |text: &str| {
        Template::parse(text)
            .map(|t| t.render(&inputs))
            .unwrap_or_default()
    };
    out.push_str(&format!(
        "<div class=\"composer-fallback\" {}>\n<p class=\"{}\">{}</p>\n\
         <p>Copy this message and replace the parts in [square brackets] with your own details.</p>\n\
         <p class=\"preview-label\">Subject</p>\n<p class=\"preview-subject\">{}</p>\n\
         <p class=\"preview-label\">Message</p>\n<pre class=\"preview-body\">{}</pre>\n</div>\n",
        dom::ATTR_COMPOSER_FALLBACK,
        title_class(composer),
        esc(&composer.title),
        esc(&render(&composer.subject)),
        esc(&render(&composer.body)),
    ));
}

/// `shared`: the field is a date readers enter for the guide's deadlines too, so its value is
/// the reader's (the module keeps the two in step).
fn field_html(out: &mut String, composer: &str, field: &FieldDef, shared: bool) {
    let input_id = ids::composer_field_id(composer, &field.name);
    let help_id = ids::field_help_id(&input_id);
    // A date (three boxes) and a choice (radios) are groups of inputs: a `fieldset` whose
    // `legend` is the label, carrying the field's attributes; other kinds are one input.
    let group = matches!(field.kind, FieldKind::Date | FieldKind::Choice);
    out.push_str(&format!(
        "<div class=\"field field-{}\">\n",
        field.kind.name()
    ));
    let mut attributes = format!(
        " id=\"{}\" {}=\"{}\" {}=\"{}\" {}=\"{}\"",
        esc(&input_id),
        dom::ATTR_FIELD,
        esc(&field.name),
        dom::ATTR_KIND,
        field.kind.name(),
        dom::ATTR_LABEL,
        esc(&field.label),
    );
    if !group {
        attributes.push_str(&format!(" name=\"{}\"", esc(&field.name)));
    }
    if shared && field.kind == FieldKind::Date {
        attributes.push_str(&format!(
            " {}=\"{}\"",
            dom::ATTR_READER_DATE,
            esc(&field.name)
        ));
    }
    if let Some(error) = &field.error {
        attributes.push_str(&format!(" {}=\"{}\"", dom::ATTR_ERROR_MESSAGE, esc(error)));
    }
    let mut described = Vec::new();
    if field.help.is_some() {
        described.push(help_id.clone());
    }
    if field.kind == FieldKind::Date {
        described.push(ids::composer_part_id(&input_id, "hint"));
    }
    if !described.is_empty() {
        attributes.push_str(&format!(
            " aria-describedby=\"{}\"",
            esc(&described.join(" "))
        ));
    }
    if field.required {
        attributes.push_str(&format!(" {}=\"true\"", dom::ATTR_REQUIRED));
        if !group {
            attributes.push_str(" aria-required=\"true\"");
        }
    }
    let optional = if field.required {
        ""
    } else {
        "<span class=\"field-optional\"> (optional)</span>"
    };
    if group {
        out.push_str(&format!(
            "<fieldset class=\"field-group\"{attributes}>\n<legend class=\"field-label\">{}{optional}</legend>\n",
            esc(&field.label)
        ));
    } else {
        out.push_str(&format!(
            "<label class=\"field-label\" for=\"{}\">{}{optional}</label>\n",
            esc(&input_id),
            esc(&field.label)
        ));
    }
    if let Some(help) = &field.help {
        out.push_str(&format!(
            "<p class=\"field-help\" id=\"{}\">{}</p>\n",
            esc(&help_id),
            esc(help)
        ));
    }
    if field.kind == FieldKind::Date {
        out.push_str(&format!(
            "<p class=\"field-help\" id=\"{}\">For example, 27 3 2026</p>\n",
            esc(&ids::composer_part_id(&input_id, "hint"))
        ));
    }
    out.push_str(&format!(
        "<p class=\"field-error\" id=\"{}\" {}=\"{}\" hidden></p>\n",
        esc(&ids::field_error_id(&input_id)),
        dom::ATTR_FIELD_ERROR,
        esc(&field.name)
    ));
    if let Some(placeholder) = &field.placeholder {
        attributes.push_str(&format!(" placeholder=\"{}\"", esc(placeholder)));
    }
    match field.kind {
        FieldKind::LongText => {
            out.push_str(&format!("<textarea{attributes} rows=\"6\"></textarea>\n"))
        }
        FieldKind::Choice => choice_html(out, &input_id, field),
        FieldKind::Date => {
            out.push_str("<div class=\"date-input\">\n");
            // No `maxlength`: it would cut off what a reader pastes without a word (GOV.UK
            // sizes the boxes instead, and the check names what is wrong).
            for (part, label) in [("day", "Day"), ("month", "Month"), ("year", "Year")] {
                let part_id = ids::composer_part_id(&input_id, part);
                out.push_str(&format!(
                    "<div class=\"date-part date-{part}\"><label for=\"{id}\">{label}</label><input id=\"{id}\" name=\"{id}\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" spellcheck=\"false\" {attr}=\"{part}\"></div>\n",
                    id = esc(&part_id),
                    attr = dom::ATTR_DATE_PART,
                ));
            }
            out.push_str("</div>\n</fieldset>\n");
        }
        FieldKind::Amount => {
            out.push_str(&format!(
                "<div class=\"amount\"><input type=\"text\" inputmode=\"decimal\" autocomplete=\"off\"{attributes}>\n<select {}=\"{}\" aria-label=\"Currency of: {}\">\n",
                dom::ATTR_CURRENCY_FOR,
                esc(&field.name),
                esc(&field.label),
            ));
            let offered: Vec<&str> = if field.currencies.is_empty() {
                CURRENCIES.to_vec()
            } else {
                field.currencies.iter().map(String::as_str).collect()
            };
            let mut currencies: Vec<&str> = Vec::new();
            if field.currency.is_empty() {
                // The module starts a select on its first option's text: an empty one, shown
                // by its label, means no currency until the reader picks one.
                out.push_str("<option value=\"\" label=\"Choose a currency\"></option>\n");
            } else {
                currencies.push(field.currency.as_str());
            }
            currencies.extend(offered.into_iter().filter(|c| *c != field.currency));
            for code in currencies {
                out.push_str(&format!("<option>{}</option>\n", esc(code)));
            }
            out.push_str("</select></div>\n");
        }
        FieldKind::Email => out.push_str(&format!(
            "<input type=\"email\" autocomplete=\"email\"{attributes}>\n"
        )),
        FieldKind::Text => out.push_str(&format!("<input type=\"text\"{attributes}>\n")),
    }
    out.push_str("</div>\n");
}

/// A choice's options as radios (GOV.UK's pattern: long options wrap, where a drop-down cuts
/// them off on a phone). A radio cannot be unticked, so an optional choice ends with "None of
/// these" (which leaves the field empty), and an optional choice of one option is a checkbox.
fn choice_html(out: &mut String, input_id: &str, field: &FieldDef) {
    let single = !field.required && field.options.len() == 1;
    let (class, kind) = if single {
        ("checkboxes", "checkbox")
    } else {
        ("radios", "radio")
    };
    out.push_str(&format!("<div class=\"{class}\">\n"));
    let mut options: Vec<(&str, &str)> = field
        .options
        .iter()
        .map(|o| (o.as_str(), o.as_str()))
        .collect();
    if !field.required && !single {
        options.push(("", "None of these"));
    }
    for (index, (value, text)) in options.into_iter().enumerate() {
        if value.is_empty() {
            out.push_str("<p class=\"radios-divider\">or</p>\n");
        }
        let option_id = ids::composer_part_id(input_id, &(index + 1).to_string());
        out.push_str(&format!(
            "<div class=\"radio\"><input type=\"{kind}\" id=\"{id}\" name=\"{group}\" value=\"{value}\"><label for=\"{id}\">{text}</label></div>\n",
            id = esc(&option_id),
            group = esc(input_id),
            value = esc(value),
            text = esc(text),
        ));
    }
    out.push_str("</div>\n</fieldset>\n");
}

fn preview(out: &mut String, composer: &str, has_recipient: bool) {
    out.push_str(&format!(
        "<div class=\"composer-preview\">\n<p class=\"preview-heading\">Your message</p>\n\
         <p class=\"preview-label\">Subject</p>\n<p class=\"preview-subject\" id=\"{subject_id}\" {subject}></p>\n\
         <p class=\"preview-label\">Message</p>\n<pre class=\"preview-body\" id=\"{body_id}\" {body}></pre>\n</div>\n\
         <div class=\"button-row\">\n\
         <button type=\"button\" {action}=\"{copy_subject}\">Copy subject</button>\n\
         <button type=\"button\" {action}=\"{copy_body}\">Copy message</button>\n",
        subject_id = esc(&ids::composer_preview_id(composer, "subject")),
        body_id = esc(&ids::composer_preview_id(composer, "body")),
        subject = dom::ATTR_PREVIEW_SUBJECT,
        body = dom::ATTR_PREVIEW_BODY,
        action = dom::ATTR_ACTION,
        copy_subject = dom::ACTION_COPY_SUBJECT,
        copy_body = dom::ACTION_COPY_BODY,
    ));
    if has_recipient {
        out.push_str(&format!("<a class=\"button button-secondary\" href=\"#\" {} hidden>Open in your email app</a>\n", dom::ATTR_MAILTO));
    }
    out.push_str(&format!(
        "<button type=\"button\" class=\"button-secondary\" {action}=\"{download}\">Download as a text file</button>\n\
         <button type=\"button\" class=\"button-secondary\" {action}=\"{clear}\">Clear draft</button>\n</div>\n",
        action = dom::ATTR_ACTION,
        download = dom::ACTION_DOWNLOAD_MESSAGE,
        clear = dom::ACTION_CLEAR_DRAFT,
    ));
    if has_recipient {
        out.push_str(&format!(
            "<p class=\"composer-note\" {} hidden></p>\n",
            dom::ATTR_MAILTO_NOTE
        ));
    }
    out.push_str(&format!(
        "<p class=\"composer-status\" role=\"status\" {}></p>\n",
        dom::ATTR_COMPOSER_STATUS
    ));
}
