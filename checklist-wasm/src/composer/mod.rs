//! The message composer: a form whose live preview is rendered by `stepwise_core::template` as
//! the reader types, with copy, download and (when the message has a recipient) `mailto:`
//! actions. Drafts are saved in the site's storage entry, debounced, and restored on return.
//!
//! Reader input is only ever set as text (`textContent`, `value`), never parsed as HTML, and
//! nothing is sent anywhere: copying, downloading and mail links all stay on the device.
//!
//! This module maps controls to drafts, fills the forms and draws the previews; [`drafts`]
//! handles typing, [`actions`] the buttons and the mail link, `errors` the field checks.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::composer;
use stepwise_core::composer::FieldKind;
use stepwise_core::dom;
use stepwise_core::template::{FieldValue, Inputs, ListValue, Template};
use web_sys::{Document, Element};

use crate::app::App;
use crate::page::{self, attr, control};

pub(crate) mod errors;

/// The suffix of the draft key holding an amount field's currency.
const CURRENCY_SUFFIX: &str = ".currency";

/// A composer's inputs: `(draft key, control, is a currency select)`.
fn controls(wrapper: &Element) -> Vec<(String, Element, bool)> {
    let mut out = Vec::new();
    for selector in [dom::SELECTOR_FIELD, dom::SELECTOR_CURRENCY_FOR] {
        for element in page::all_in(wrapper, selector) {
            let (key, is_currency) = draft_key(&element);
            out.push((key, element, is_currency));
        }
    }
    out
}

/// The draft key a control's value is saved under, and whether it is a currency select.
pub(crate) fn draft_key(element: &Element) -> (String, bool) {
    match element.get_attribute(dom::ATTR_FIELD) {
        Some(name) => (name, false),
        None => (
            stepwise_core::text::cat(&[
                attr(element, dom::ATTR_CURRENCY_FOR).as_str(),
                CURRENCY_SUFFIX,
            ]),
            true,
        ),
    }
}

/// The field a control belongs to: the control itself, or the group (a date's boxes, a
/// choice's radios) carrying the field's attributes. `None` for anything else.
pub(crate) fn field_of(target: &Element) -> Option<Element> {
    if target.has_attribute(dom::ATTR_CURRENCY_FOR) {
        return Some(target.clone());
    }
    target.closest(dom::SELECTOR_FIELD).ok().flatten()
}

fn kind(field: &Element) -> Option<FieldKind> {
    FieldKind::parse(&attr(field, dom::ATTR_KIND))
}

/// What a field (or currency select) holds, as saved in its draft: a date as
/// `stepwise_core::date_entry` writes it, a choice as the option picked.
pub(crate) fn field_value(field: &Element) -> String {
    match kind(field) {
        Some(FieldKind::Date) => crate::date_input::read(field),
        Some(FieldKind::Choice) => page::all_in(field, "input:checked")
            .first()
            .map(|radio| control(radio).value())
            .unwrap_or_default(),
        _ => control(field).value(),
    }
}

/// Shows a saved value in a field (leaving it alone when it already shows it).
fn set_field_value(field: &Element, value: &str) {
    match kind(field) {
        Some(FieldKind::Date) => crate::date_input::write(field, value),
        // Left alone when it already shows the value: a reader's "None of these" (an empty
        // value) stays ticked.
        Some(FieldKind::Choice) if field_value(field) != value => {
            for option in page::all_in(field, "input") {
                control(&option)
                    .set_checked(!value.is_empty() && control(&option).value() == value);
            }
        }
        Some(FieldKind::Choice) => {}
        _ => {
            if control(field).value() != value {
                control(field).set_value(value);
            }
        }
    }
}

/// What a control holds with no draft: nothing, or the field's own currency (the first option).
fn default_value(element: &Element, is_currency: bool) -> String {
    if !is_currency {
        return String::new();
    }
    page::all_in(element, "option")
        .first()
        .and_then(|option| option.text_content())
        .unwrap_or_default()
}

fn wrappers(document: &Document) -> Vec<Element> {
    page::all(document, dom::SELECTOR_COMPOSER)
}

/// Fills every composer from its saved draft, shows its form and draws its preview.
pub(crate) fn start(app: &App) {
    fill(app);
    for wrapper in wrappers(&app.document) {
        if templates(&wrapper).is_some() {
            for (selector, hidden) in [
                (dom::SELECTOR_COMPOSER_FALLBACK, true),
                (dom::SELECTOR_COMPOSER_APP, false),
            ] {
                for part in page::all_in(&wrapper, selector) {
                    page::set_hidden(&part, hidden);
                }
            }
        }
    }
    render_all(app);
}

/// Sets every composer's controls to the saved drafts (after another tab, an import or a reset
/// changed them). Controls with typing not saved yet keep what the reader typed.
pub(crate) fn fill(app: &App) {
    for wrapper in wrappers(&app.document) {
        let id = attr(&wrapper, dom::ATTR_COMPOSER);
        for (key, element, is_currency) in controls(&wrapper) {
            if app.is_pending(&element) {
                continue;
            }
            let value = match app.state.draft(&id, &key) {
                Some(value) => value.to_owned(),
                None => default_value(&element, is_currency),
            };
            set_field_value(&element, &value);
        }
    }
}

/// Redraws every composer's preview (after typing, or after a checklist changed).
pub(crate) fn render_all(app: &App) {
    for wrapper in wrappers(&app.document) {
        render(app, &wrapper);
    }
}

fn templates(wrapper: &Element) -> Option<(Template, Template)> {
    let subject = Template::parse(&attr(wrapper, dom::ATTR_SUBJECT_TEMPLATE)).ok()?;
    let body = Template::parse(&attr(wrapper, dom::ATTR_BODY_TEMPLATE)).ok()?;
    Some((subject, body))
}

/// The message as it reads now: `(subject, body)`.
pub(crate) fn message(app: &App, wrapper: &Element) -> Option<(String, String)> {
    let (subject, body) = templates(wrapper)?;
    let inputs = inputs(app, wrapper);
    Some((
        subject.render(&inputs).trim().to_owned(),
        body.render(&inputs).trim_end().to_owned(),
    ))
}

pub(crate) fn render(app: &App, wrapper: &Element) {
    let Some((subject, body)) = message(app, wrapper) else {
        return;
    };
    set_all(wrapper, dom::SELECTOR_PREVIEW_SUBJECT, &subject);
    set_all(wrapper, dom::SELECTOR_PREVIEW_BODY, &body);
    let Some(recipient) = wrapper.get_attribute(dom::ATTR_RECIPIENT) else {
        return;
    };
    let href = composer::mailto(&recipient, &subject, &body);
    for link in page::all_in(wrapper, dom::SELECTOR_MAILTO) {
        if let Some(href) = &href {
            let _ = link.set_attribute("href", href);
        }
        page::set_hidden(&link, href.is_none());
    }
    for note in page::all_in(wrapper, dom::SELECTOR_MAILTO_NOTE) {
        page::set_text(
            &note,
            "This message is too long for a link to your email app. Copy it and paste it into a new email instead.",
        );
        page::set_hidden(&note, href.is_some());
    }
}

/// Sets the text of every element inside `wrapper` matching `selector`.
pub(crate) fn set_all(wrapper: &Element, selector: &str, text: &str) {
    for element in page::all_in(wrapper, selector) {
        page::set_text(&element, text);
    }
}

/// What the reader has entered, the referenced checklists, and today's date.
fn inputs(app: &App, wrapper: &Element) -> Inputs {
    let controls = controls(wrapper);
    let mut fields = Vec::new();
    for (name, element, is_currency) in &controls {
        if *is_currency {
            continue;
        }
        let currency_key = stepwise_core::text::cat(&[name.as_str(), CURRENCY_SUFFIX]);
        let currency = controls
            .iter()
            .find(|(key, _, _)| *key == currency_key)
            .map(|(_, select, _)| field_value(select))
            .unwrap_or_default();
        fields.push(FieldValue {
            name: name.clone(),
            label: attr(element, dom::ATTR_LABEL),
            kind: kind(element),
            value: field_value(element),
            currency,
        });
    }
    let mut lists = Vec::new();
    for list in page::all_in(wrapper, dom::SELECTOR_TICKED_SOURCE) {
        let mut value = ListValue {
            reference: attr(&list, dom::ATTR_TICKED_SOURCE),
            ..ListValue::default()
        };
        for item in page::all_in(&list, "li") {
            value.items.push(item.text_content().unwrap_or_default());
            value.ticked.push(app.state.is_ticked_or_replaced(
                &attr(&item, dom::ATTR_ITEM),
                &attr(&item, dom::ATTR_REPLACES),
            ));
        }
        lists.push(value);
    }
    Inputs {
        #[cfg(feature = "deadlines")]
        deadlines: crate::deadlines::values(app, wrapper),
        #[cfg(not(feature = "deadlines"))]
        deadlines: Vec::new(),
        fields,
        lists,
        today: page::today(),
        blank: false,
    }
}
