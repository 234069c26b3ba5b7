//! Drawing deadlines blocks: the dates and choices the reader entered (shared by the whole
//! guide: saved as drafts of [`READER_FACTS`]) put back in their inputs, and the deadlines
//! computed from them on the device. Composers' `{{deadline id}}` use the same computation.
//! What the reader does in a block is handled by `deadline_actions`.
//!
//! "Today" is the reader's local calendar date and deadlines are calendar dates, so a deadline
//! never moves with the reader's clock or time zone.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::date::Date;
use stepwise_core::deadline::{self, Computed, Period, READER_FACTS};
use stepwise_core::dom;
#[cfg(feature = "composer")]
use stepwise_core::template::DeadlineValue;
use web_sys::Element;

use crate::app::App;
use crate::page::{self, attr, control};

/// Shows the parts that need the module and draws every block.
pub(crate) fn start(app: &App) {
    for element in page::all(&app.document, dom::SELECTOR_DEADLINES_APP) {
        page::set_hidden(&element, false);
    }
}

/// Puts the saved dates and choices into the page's inputs (boxes already showing a date are
/// left as they are, so nothing changes under the reader's cursor).
pub(crate) fn fill(app: &App) {
    for group in page::all(&app.document, dom::SELECTOR_READER_DATE) {
        let saved = app
            .state
            .draft(READER_FACTS, &attr(&group, dom::ATTR_READER_DATE));
        // A composer's date field keeps its own draft until the reader has entered this date.
        if saved.is_some() || !group.has_attribute(dom::ATTR_FIELD) {
            crate::date_input::write(&group, saved.unwrap_or(""));
        }
    }
    for group in page::all(&app.document, dom::SELECTOR_READER_CHOICE) {
        let saved = app
            .state
            .draft(READER_FACTS, &attr(&group, dom::ATTR_READER_CHOICE));
        for radio in page::all_in(&group, "input") {
            let control = control(&radio);
            control.set_checked(saved == Some(control.value().as_str()));
        }
    }
}

/// Whether a rule applies (no condition, the reader has not answered, or answered the option
/// it names), and its date when the date it counts from is known.
pub(crate) fn compute(app: &App, rule: &Element, today: Date) -> (bool, Option<Computed>) {
    let from = stepwise_core::date_entry::date(
        app.state
            .draft(READER_FACTS, &attr(rule, dom::ATTR_DEADLINE_FROM))
            .unwrap_or(""),
    )
    .ok()
    .flatten();
    let period = Period::from_code(&attr(rule, dom::ATTR_DEADLINE_AFTER));
    let when = attr(rule, dom::ATTR_DEADLINE_WHEN);
    let applies = when.is_empty()
        || app
            .state
            .draft(READER_FACTS, &when)
            .is_none_or(|answer| answer == attr(rule, dom::ATTR_DEADLINE_EQUALS));
    let computed = match (from, period) {
        (Some(from), Some(period)) => Some(Computed::new(from, &period, today)),
        _ => None,
    };
    (applies, computed)
}

/// Draws every deadline: its date and days left, its urgency, hidden when the reader's answer
/// rules it out; the open ones soonest first, then the passed ones, then those without a date;
/// the next one announced.
pub(crate) fn render(app: &App) {
    let Some(today) = page::today() else { return };
    for block in page::all(&app.document, dom::SELECTOR_DEADLINES) {
        // (sort key, where it stood, the item, its date when it applies)
        let mut order: Vec<(i64, usize, Element, Option<Computed>)> = Vec::new();
        for (index, item) in page::all_in(&block, dom::SELECTOR_DEADLINE)
            .into_iter()
            .enumerate()
        {
            let (applies, computed) = compute(app, &item, today);
            let computed = computed.filter(|_| applies);
            page::set_hidden(&item, !applies);
            if let Ok(Some(status)) = item.query_selector(dom::SELECTOR_DEADLINE_STATUS) {
                let text = computed.map(|c| deadline::status(&c)).unwrap_or_default();
                page::set_text(&status, &text);
                page::set_hidden(&status, computed.is_none());
            }
            let key = match computed {
                Some(computed) => {
                    let _ = item.set_attribute(dom::ATTR_URGENCY, computed.urgency().name());
                    let (passed, days) = computed.sort_key();
                    days + if passed { 1 << 32 } else { 0 }
                }
                None => {
                    let _ = item.remove_attribute(dom::ATTR_URGENCY);
                    (1 << 40) + index as i64
                }
            };
            order.push((key, index, item, computed));
        }
        // A handful of items: insertion sort keeps the standard library's sort out of the module.
        for end in 1..order.len() {
            let mut at = end;
            while at > 0 && order[at - 1].0 > order[at].0 {
                order.swap(at - 1, at);
                at -= 1;
            }
        }
        if order.iter().enumerate().any(|(at, entry)| entry.1 != at) {
            for entry in &order {
                if let Some(list) = entry.2.parent_node() {
                    let _ = list.append_child(&entry.2);
                }
            }
        }
        let next = order
            .first()
            .and_then(|entry| Some((&entry.2, entry.3.filter(|c| c.days_left >= 0)?)));
        let text = next
            .map(|(item, computed)| {
                deadline::next_deadline(&text_of(item, dom::SELECTOR_DEADLINE_TITLE), &computed)
            })
            .unwrap_or_default();
        if let Ok(Some(summary)) = block.query_selector(dom::SELECTOR_DEADLINES_SUMMARY)
            // Changed only when it changes, so screen readers hear it once.
            && summary.text_content().unwrap_or_default() != text
        {
            page::set_text(&summary, &text);
        }
    }
}

pub(crate) fn text_of(item: &Element, selector: &str) -> String {
    item.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

/// The deadlines a composer's templates show, computed from the reader's dates.
#[cfg(feature = "composer")]
pub(crate) fn values(app: &App, composer: &Element) -> Vec<DeadlineValue> {
    let mut values = Vec::new();
    let (Some(today), Ok(Some(list))) = (
        page::today(),
        composer.query_selector(dom::SELECTOR_COMPOSER_DEADLINES),
    ) else {
        return values;
    };
    for rule in page::all_in(&list, dom::SELECTOR_DEADLINE) {
        let (applies, computed) = compute(app, &rule, today);
        values.push(DeadlineValue {
            id: attr(&rule, dom::ATTR_DEADLINE),
            date: computed.filter(|_| applies).map(|computed| computed.date),
            rule: rule.text_content().unwrap_or_default(),
        });
    }
    values
}
