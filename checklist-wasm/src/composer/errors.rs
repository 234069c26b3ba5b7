//! Field checks in a composer (GOV.UK-style): an error summary linking to each wrong field,
//! and a message under the field, both cleared as the reader fixes them.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::composer::FieldKind;
use stepwise_core::composer::problem;
use stepwise_core::dom;
use web_sys::{Document, Element};

use crate::composer::field_value;
use crate::page::{self, attr, control};

/// What is wrong with a field's value, if anything.
fn field_problem(field: &Element) -> Option<String> {
    let kind = FieldKind::parse(&attr(field, dom::ATTR_KIND)).unwrap_or(FieldKind::Text);
    problem(
        kind,
        &attr(field, dom::ATTR_LABEL),
        &field_value(field),
        attr(field, dom::ATTR_REQUIRED) == "true",
        &attr(field, dom::ATTR_ERROR_MESSAGE),
    )
}

/// Whether a field shows an error message (so typing in it checks it again).
pub(crate) fn is_marked_wrong(document: &Document, field: &Element) -> bool {
    document
        .get_element_by_id(&error_id(field))
        .is_some_and(|error| !error.has_attribute("hidden"))
}

/// Marks a field wrong and returns the id of the input the error summary links to: the input
/// itself; for a date, its first wrong box; for radios, the first one (GOV.UK's rule).
fn mark_wrong(field: &Element) -> String {
    match FieldKind::parse(&attr(field, dom::ATTR_KIND)) {
        Some(FieldKind::Date) => {
            let problem = stepwise_core::date_entry::date(&field_value(field))
                .err()
                .unwrap_or(stepwise_core::date::PartsError::Empty);
            crate::date_input::mark(field, Some(problem)).unwrap_or_else(|| attr(field, "id"))
        }
        Some(FieldKind::Choice) => page::all_in(field, "input")
            .first()
            .map_or_else(|| attr(field, "id"), |radio| attr(radio, "id")),
        _ => {
            let _ = field.set_attribute("aria-invalid", "true");
            attr(field, "id")
        }
    }
}

/// Removes the marks of [`mark_wrong`].
fn unmark(field: &Element) {
    let _ = field.remove_attribute("aria-invalid");
    for input in page::all_in(field, "[aria-invalid]") {
        let _ = input.remove_attribute("aria-invalid");
    }
}

/// The id of the element showing a field's error message.
fn error_id(field: &Element) -> String {
    stepwise_core::ids::field_error_id(&attr(field, "id"))
}

/// Checks every field; shows an error summary and per-field messages. Returns whether all is
/// well. `focus` moves focus to the summary (on an action).
pub(crate) fn validate(document: &Document, wrapper: &Element, focus: bool) -> bool {
    clear_errors(document, wrapper);
    let mut problems: Vec<(String, String)> = Vec::new();
    for input in page::all_in(wrapper, dom::SELECTOR_FIELD) {
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
            let described = attr(&input, "aria-describedby");
            let _ = input.set_attribute(
                "aria-describedby",
                stepwise_core::text::cat(&[described.as_str(), " ", &error_id]).trim(),
            );
        }
        problems.push((mark_wrong(&input), message));
    }
    if problems.is_empty() {
        return true;
    }
    let Some(summary) = page::all_in(wrapper, dom::SELECTOR_ERROR_SUMMARY)
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
pub(crate) fn recheck(document: &Document, wrapper: &Element, input: &Element) {
    if field_problem(input).is_some() {
        return;
    }
    clear_field_error(document, input);
    for summary in page::all_in(wrapper, dom::SELECTOR_ERROR_SUMMARY) {
        for line in page::all_in(&summary, "a") {
            // The line links to the field's input, or to an input in its group.
            let target = attr(&line, "href");
            let target = document.get_element_by_id(target.trim_start_matches('#'));
            let field = target.and_then(|target| crate::composer::field_of(&target));
            if field.is_some_and(|field| field == *input)
                && let Ok(Some(item)) = line.closest("li")
            {
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
    unmark(input);
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

pub(crate) fn clear_errors(document: &Document, wrapper: &Element) {
    for input in page::all_in(wrapper, "[aria-invalid]") {
        if let Some(field) = crate::composer::field_of(&input) {
            clear_field_error(document, &field);
        }
    }
    for summary in page::all_in(wrapper, dom::SELECTOR_ERROR_SUMMARY) {
        summary.set_text_content(None);
        page::set_hidden(&summary, true);
    }
}
