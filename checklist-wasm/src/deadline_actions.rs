//! What the reader does in a deadlines block: typing a date they know, choosing an answer
//! (both saved at once, for the whole guide), and asking for a calendar file, made on the
//! device.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::date::Date;
use stepwise_core::deadline::READER_FACTS;
use stepwise_core::text::cat;
use stepwise_core::{dom, ics, ids};
use web_sys::Element;

use crate::app::Shared;
use crate::deadlines::{compute, text_of};
use crate::page::{self, attr, control};
use crate::sync::update;

/// Typing in a reader's date: saved at once (as typed until it is a whole date), so every
/// deadline and composer of the guide follows; an error shown earlier goes once it is right.
pub(crate) fn on_date_input(shared: &Shared, input: &Element) {
    let Ok(Some(group)) = input.closest(dom::SELECTOR_READER_DATE) else {
        return;
    };
    let value = crate::date_input::read(&group);
    let name = attr(&group, dom::ATTR_READER_DATE);
    update(shared, |state| state.set_draft(READER_FACTS, &name, &value));
    if group.has_attribute("aria-invalid") {
        check_date(shared, &group, false);
    }
}

/// Leaving a reader's date: says what is wrong with it, if anything (GOV.UK's messages).
pub(crate) fn on_date_change(shared: &Shared, input: &Element) {
    // A composer's date field says what is wrong when its message is asked for, as its other
    // fields do.
    if let Ok(Some(group)) = input.closest(dom::SELECTOR_READER_DATE)
        && !group.has_attribute(dom::ATTR_FIELD)
    {
        check_date(shared, &group, true);
    }
}

fn check_date(shared: &Shared, group: &Element, show: bool) {
    let problem = stepwise_core::date_entry::date(&crate::date_input::read(group)).err();
    let Some(error) = shared
        .document
        .get_element_by_id(&ids::field_error_id(&group.id()))
    else {
        return;
    };
    // The group's description always names the error element; it is empty while all is well.
    match problem {
        Some(problem) if show || group.has_attribute("aria-invalid") => {
            page::set_text(&error, &problem.message(&text_of(group, "legend")));
            page::set_hidden(&error, false);
            let _ = group.set_attribute("aria-invalid", "true");
        }
        Some(_) => {}
        None => {
            page::set_text(&error, "");
            page::set_hidden(&error, true);
            let _ = group.remove_attribute("aria-invalid");
        }
    }
}

/// Choosing an answer that deadlines depend on.
pub(crate) fn on_choice(shared: &Shared, radio: &Element) {
    let Ok(Some(group)) = radio.closest(dom::SELECTOR_READER_CHOICE) else {
        return;
    };
    let name = attr(&group, dom::ATTR_READER_CHOICE);
    let value = control(radio).value();
    update(shared, |state| state.set_draft(READER_FACTS, &name, &value));
}

/// "Add to calendar" for one deadline, or for every deadline of the block: an `.ics` file made
/// on the device. Deadlines whose date is not known yet are left out (the block says so when
/// none is known).
pub(crate) fn calendar(shared: &Shared, button: &Element, all: bool) {
    let Some(app) = shared.app() else { return };
    let Some(today) = page::today() else { return };
    let Ok(Some(block)) = button.closest(dom::SELECTOR_DEADLINES) else {
        return;
    };
    let items = if all {
        page::all_in(&block, dom::SELECTOR_DEADLINE)
    } else {
        button
            .closest(dom::SELECTOR_DEADLINE)
            .ok()
            .flatten()
            .into_iter()
            .collect()
    };
    let site = app.store.site();
    let mut events: Vec<(String, Date)> = Vec::new();
    for item in &items {
        if let (true, Some(computed)) = compute(&app, item, today) {
            events.push((attr(item, dom::ATTR_DEADLINE_ICS), computed.date));
        }
    }
    if events.is_empty() {
        if let Ok(Some(summary)) = block.query_selector(dom::SELECTOR_DEADLINES_SUMMARY) {
            page::set_text(&summary, stepwise_core::progress::CALENDAR_NEEDS_DATE);
        }
        return;
    }
    let file = ics::calendar(&events, page::now());
    let name = match (all, items.first()) {
        (false, Some(item)) => cat(&[
            &page::file_stem(site),
            "-",
            &page::file_stem(&attr(item, dom::ATTR_DEADLINE)),
            ".ics",
        ]),
        _ => cat(&[&page::file_stem(site), "-deadlines.ics"]),
    };
    page::download(&app.document, &name, page::CALENDAR, &file);
}
