//! The message composer: a form whose live preview is rendered by `stepwise_core::template` as
//! the reader types, with copy, download and (when the message has a recipient) `mailto:`
//! actions. Drafts are saved in the site's storage entry, debounced, and restored on return.
//!
//! Reader input is only ever set as text (`textContent`, `value`), never parsed as HTML, and
//! nothing is sent anywhere: copying, downloading and mail links all stay on the device.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::composer::{self, problem};
use stepwise_core::dom;
use stepwise_core::template::{FieldKind, FieldValue, Inputs, ListValue, Template};
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use crate::page::{self, attr, control};
use crate::{App, Shared, update};

/// How long after the last keystroke a draft is saved.
const SAVE_DELAY_MS: i32 = 400;

/// The suffix of the draft key holding an amount field's currency.
const CURRENCY_SUFFIX: &str = ".currency";

const TRY_AGAIN: &str = "Fix the problems shown above, then try again.";

/// A composer's inputs: `(draft key, control, is a currency select)`.
fn controls(wrapper: &Element) -> Vec<(String, Element, bool)> {
    let mut out = Vec::new();
    for selector in [dom::ATTR_FIELD, dom::ATTR_CURRENCY_FOR] {
        for element in page::all_in(wrapper, &page::with(selector)) {
            let (key, is_currency) = draft_key(&element);
            out.push((key, element, is_currency));
        }
    }
    out
}

/// The draft key a control's value is saved under, and whether it is a currency select.
fn draft_key(element: &Element) -> (String, bool) {
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
    page::all(document, &page::with(dom::ATTR_COMPOSER))
}

/// Fills every composer from its saved draft, shows its form and draws its preview.
pub(crate) fn start(app: &App) {
    fill(app);
    for wrapper in wrappers(&app.document) {
        if templates(&wrapper).is_some() {
            for (selector, hidden) in [
                (dom::ATTR_COMPOSER_FALLBACK, true),
                (dom::ATTR_COMPOSER_APP, false),
            ] {
                for part in page::all_in(&wrapper, &page::with(selector)) {
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
            if control(&element).value() != value {
                control(&element).set_value(&value);
            }
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
fn message(app: &App, wrapper: &Element) -> Option<(String, String)> {
    let (subject, body) = templates(wrapper)?;
    let inputs = inputs(app, wrapper);
    Some((
        subject.render(&inputs).trim().to_owned(),
        body.render(&inputs).trim_end().to_owned(),
    ))
}

fn render(app: &App, wrapper: &Element) {
    let Some((subject, body)) = message(app, wrapper) else {
        return;
    };
    set_all(wrapper, dom::ATTR_PREVIEW_SUBJECT, &subject);
    set_all(wrapper, dom::ATTR_PREVIEW_BODY, &body);
    let Some(recipient) = wrapper.get_attribute(dom::ATTR_RECIPIENT) else {
        return;
    };
    let href = composer::mailto(&recipient, &subject, &body);
    for link in page::all_in(wrapper, &page::with(dom::ATTR_MAILTO)) {
        if let Some(href) = &href {
            let _ = link.set_attribute("href", href);
        }
        page::set_hidden(&link, href.is_none());
    }
    for note in page::all_in(wrapper, &page::with(dom::ATTR_MAILTO_NOTE)) {
        page::set_text(
            &note,
            "This message is too long for a link to your email app. Copy it and paste it into a new email instead.",
        );
        page::set_hidden(&note, href.is_some());
    }
}

fn set_all(wrapper: &Element, attribute: &str, text: &str) {
    for element in page::all_in(wrapper, &page::with(attribute)) {
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
            .map(|(_, select, _)| control(select).value())
            .unwrap_or_default();
        fields.push(FieldValue {
            name: name.clone(),
            label: attr(element, dom::ATTR_LABEL),
            kind: FieldKind::parse(&attr(element, dom::ATTR_KIND)),
            value: control(element).value(),
            currency,
        });
    }
    let mut lists = Vec::new();
    for list in page::all_in(wrapper, &page::with(dom::ATTR_TICKED_SOURCE)) {
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
        fields,
        lists,
        today: page::today(),
        blank: false,
    }
}

/// Handles typing in a composer: redraws its preview at once and saves the draft shortly after.
pub(crate) fn on_input(shared: &Shared, target: &Element) {
    let Ok(Some(wrapper)) = target.closest(&page::with(dom::ATTR_COMPOSER)) else {
        return;
    };
    let Some(mut app) = shared.app_mut() else {
        return;
    };
    if !app.is_pending(target) {
        let id = attr(&wrapper, dom::ATTR_COMPOSER);
        let (key, _) = draft_key(target);
        app.pending_drafts.push((target.clone(), id, key));
    }
    render(&app, &wrapper);
    if target.has_attribute("aria-invalid") {
        recheck(&app.document, &wrapper, target);
    }
    app.cancel_save(&shared.window);
    if let Some(callbacks) = &app.callbacks {
        app.save_timer = shared
            .window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callbacks.save_drafts.as_ref().unchecked_ref(),
                SAVE_DELAY_MS,
            )
            .ok();
    }
}

/// Saves the fields typed in since the last save (also called when the page is being left).
/// Only those fields are written, so a draft another tab saved meanwhile is kept.
pub(crate) fn save_drafts(shared: &Shared) {
    let pending = match shared.app_mut() {
        Some(mut app) => {
            app.cancel_save(&shared.window);
            core::mem::take(&mut app.pending_drafts)
        }
        None => return,
    };
    if pending.is_empty() {
        return;
    }
    update(shared, |state| {
        for (element, id, key) in &pending {
            state.set_draft(id, key, &control(element).value());
        }
    });
}

/// Copy, download or clear, for the composer the button belongs to.
pub(crate) fn on_action(shared: &Shared, action: &str, button: &Element) {
    let Ok(Some(wrapper)) = button.closest(&page::with(dom::ATTR_COMPOSER)) else {
        return;
    };
    if action == dom::ACTION_CLEAR_DRAFT {
        clear(shared, &wrapper);
        return;
    }
    let document = shared.document.clone();
    if !validate(&document, &wrapper, true) {
        status(&wrapper, TRY_AGAIN);
        return;
    }
    let Some((subject, body)) = shared.app().and_then(|app| message(&app, &wrapper)) else {
        return;
    };
    match action {
        dom::ACTION_COPY_SUBJECT => copy(shared, &wrapper, &subject, "Subject copied."),
        dom::ACTION_COPY_BODY => copy(
            shared,
            &wrapper,
            &body,
            "Message copied. Paste it where you need it.",
        ),
        _ => {
            let name = composer::file_name(&attr(&wrapper, dom::ATTR_COMPOSER), page::today());
            let text = stepwise_core::text::cat(&["Subject: ", &subject, "\n\n", &body, "\n"]);
            page::download(&document, &name, &text);
            status(&wrapper, "Your message was saved as a text file.");
        }
    }
}

/// Stops a `mailto:` link from opening while required fields are missing.
pub(crate) fn on_mailto(shared: &Shared, link: &Element, event: &web_sys::Event) {
    let Ok(Some(wrapper)) = link.closest(&page::with(dom::ATTR_COMPOSER)) else {
        return;
    };
    let document = shared.document.clone();
    if !validate(&document, &wrapper, true) {
        event.prevent_default();
        status(&wrapper, TRY_AGAIN);
    }
}

fn clear(shared: &Shared, wrapper: &Element) {
    let title = page::all_in(wrapper, "legend")
        .first()
        .and_then(|l| l.text_content())
        .unwrap_or_default();
    if !page::confirm(
        &shared.window,
        &stepwise_core::text::cat(&[
            "Clear everything you typed in “",
            &title,
            "”? You cannot undo this.",
        ]),
    ) {
        return;
    }
    // Typing not saved yet is saved first, so that `update` below finds nothing pending and
    // puts the emptied draft back into every field.
    save_drafts(shared);
    let id = attr(wrapper, dom::ATTR_COMPOSER);
    update(shared, |state| {
        state.clear_drafts(&id);
    });
    let document = shared.document.clone();
    clear_errors(&document, wrapper);
    status(wrapper, "Draft cleared.");
}

/// What is wrong with a field's value, if anything.
fn field_problem(input: &Element) -> Option<String> {
    let kind = FieldKind::parse(&attr(input, dom::ATTR_KIND)).unwrap_or(FieldKind::Text);
    problem(
        kind,
        &attr(input, dom::ATTR_LABEL),
        &control(input).value(),
        attr(input, "aria-required") == "true",
    )
}

/// The id of the element showing a field's error message.
fn error_id(input: &Element) -> String {
    stepwise_core::text::cat(&[attr(input, "id").as_str(), "-error"])
}

/// Checks every field; shows an error summary and per-field messages. Returns whether all is
/// well. `focus` moves focus to the summary (on an action).
fn validate(document: &Document, wrapper: &Element, focus: bool) -> bool {
    clear_errors(document, wrapper);
    let mut problems: Vec<(String, String)> = Vec::new();
    for input in page::all_in(wrapper, &page::with(dom::ATTR_FIELD)) {
        let Some(message) = field_problem(&input) else {
            continue;
        };
        let error_id = error_id(&input);
        if let Ok(Some(error)) =
            document.query_selector(&stepwise_core::text::cat(&["#", &error_id]))
        {
            error.set_text_content(None);
            if let Some(prefix) = page::create(document, "span", "visually-hidden", "Error: ") {
                let _ = error.append_child(&prefix);
            }
            if let Some(text) = page::create(document, "span", "", &message) {
                let _ = error.append_child(&text);
            }
            page::set_hidden(&error, false);
            let _ = input.set_attribute("aria-invalid", "true");
            let described = attr(&input, "aria-describedby");
            let _ = input.set_attribute(
                "aria-describedby",
                stepwise_core::text::cat(&[described.as_str(), " ", &error_id]).trim(),
            );
        }
        problems.push((attr(&input, "id"), message));
    }
    if problems.is_empty() {
        return true;
    }
    let Some(summary) = page::all_in(wrapper, &page::with(dom::ATTR_ERROR_SUMMARY))
        .into_iter()
        .next()
    else {
        return false;
    };
    if let Some(title) = page::create(document, "p", "error-summary-title", "There is a problem") {
        let _ = summary.append_child(&title);
    }
    if let Some(list) = page::create(document, "ul", "", "") {
        for (input_id, message) in &problems {
            if let (Some(item), Some(link)) = (
                page::create(document, "li", "", ""),
                page::create(document, "a", "", message),
            ) {
                let _ = link.set_attribute("href", &stepwise_core::text::cat(&["#", input_id]));
                let _ = item.append_child(&link);
                let _ = list.append_child(&item);
            }
        }
        let _ = summary.append_child(&list);
    }
    page::set_hidden(&summary, false);
    if focus {
        control(&summary).focus();
    }
    false
}

/// While the reader corrects a field marked wrong: once it is right, its message and its line
/// in the summary go (the summary itself when it lists nothing more). The summary is an alert,
/// so it is never rebuilt while typing: screen readers would announce it at every keystroke.
fn recheck(document: &Document, wrapper: &Element, input: &Element) {
    if field_problem(input).is_some() {
        return;
    }
    clear_field_error(document, input);
    let link = stepwise_core::text::cat(&["a[href=\"#", attr(input, "id").as_str(), "\"]"]);
    for summary in page::all_in(wrapper, &page::with(dom::ATTR_ERROR_SUMMARY)) {
        for line in page::all_in(&summary, &link) {
            if let Ok(Some(item)) = line.closest("li") {
                page::set_hidden(&item, true);
            }
        }
        if page::all_in(&summary, "li:not([hidden])").is_empty() {
            summary.set_text_content(None);
            page::set_hidden(&summary, true);
        }
    }
}

/// Removes a field's error message and its link from the field.
fn clear_field_error(document: &Document, input: &Element) {
    let error_id = error_id(input);
    if let Ok(Some(error)) = document.query_selector(&stepwise_core::text::cat(&["#", &error_id])) {
        error.set_text_content(None);
        page::set_hidden(&error, true);
    }
    let _ = input.remove_attribute("aria-invalid");
    let described = attr(input, "aria-describedby");
    let mut kept = String::new();
    for part in described.split(' ') {
        if !part.is_empty() && part != error_id {
            if !kept.is_empty() {
                kept.push(' ');
            }
            kept.push_str(part);
        }
    }
    let _ = if kept.is_empty() {
        input.remove_attribute("aria-describedby")
    } else {
        input.set_attribute("aria-describedby", &kept)
    };
}

fn clear_errors(document: &Document, wrapper: &Element) {
    for input in page::all_in(wrapper, "[aria-invalid]") {
        clear_field_error(document, &input);
    }
    for summary in page::all_in(wrapper, &page::with(dom::ATTR_ERROR_SUMMARY)) {
        summary.set_text_content(None);
        page::set_hidden(&summary, true);
    }
}

fn status(wrapper: &Element, text: &str) {
    set_all(wrapper, dom::ATTR_COMPOSER_STATUS, text);
}

/// Copies `text` with the Clipboard API; [`copied`] reports the outcome.
fn copy(shared: &Shared, wrapper: &Element, text: &str, done: &'static str) {
    let Some(mut app) = shared.app_mut() else {
        return;
    };
    app.copying = Some((wrapper.clone(), done));
    // `navigator.clipboard` is missing outside secure contexts (plain http on a LAN address).
    let clipboard = Some(shared.window.navigator().clipboard()).filter(|c| !c.is_undefined());
    match (clipboard, &app.callbacks) {
        (Some(clipboard), Some(callbacks)) => {
            let _ = clipboard
                .write_text(text)
                .then2(&callbacks.copied, &callbacks.copy_failed);
        }
        _ => {
            drop(app);
            copied(shared, false);
        }
    }
}

/// The clipboard accepted the text (`ok`) or refused it: then the preview is selected so the
/// reader can copy it with their device's own command.
pub(crate) fn copied(shared: &Shared, ok: bool) {
    let Some((wrapper, done)) = shared.app_mut().and_then(|mut app| app.copying.take()) else {
        return;
    };
    if ok {
        status(&wrapper, done);
        return;
    }
    let preview = if done.starts_with("Subject") {
        dom::ATTR_PREVIEW_SUBJECT
    } else {
        dom::ATTR_PREVIEW_BODY
    };
    if let Some(target) = page::all_in(&wrapper, &page::with(preview)).first()
        && let Ok(Some(selection)) = shared.window.get_selection()
    {
        let _ = selection.select_all_children(target);
    }
    status(
        &wrapper,
        "This browser did not let the page copy. The text is selected: copy it with your device's copy command.",
    );
}
