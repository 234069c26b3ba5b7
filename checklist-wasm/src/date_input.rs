//! GOV.UK's date input in the page: three text boxes (day, month, year), each marked with
//! `dom::ATTR_DATE_PART`, inside one group element, read and written as one
//! [`stepwise_core::date_entry`] value (`YYYY-MM-DD` once complete, the boxes as typed before).
//! Composer date fields use it; so can any other date the reader types in these three boxes.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

#[cfg(feature = "composer")]
use stepwise_core::date::PartsError;
use stepwise_core::date_entry;
use stepwise_core::dom;
use web_sys::Element;

use crate::page::{self, attr, control};

/// The group's day, month and year boxes, in that order (missing ones are `None`).
pub(crate) fn boxes(group: &Element) -> [Option<Element>; 3] {
    let found = page::all_in(
        group,
        &stepwise_core::text::cat(&["[", dom::ATTR_DATE_PART, "]"]),
    );
    date_entry::PARTS.map(|part| {
        found
            .iter()
            .find(|input| attr(input, dom::ATTR_DATE_PART) == part)
            .cloned()
    })
}

/// What the boxes hold, as one saved value.
pub(crate) fn read(group: &Element) -> String {
    let [day, month, year] =
        boxes(group).map(|input| input.map(|i| control(&i).value()).unwrap_or_default());
    date_entry::value(&day, &month, &year)
}

/// Shows a saved value in the boxes. Boxes that already show it are left alone (so a reader's
/// `03` is not rewritten as `3` under their cursor).
pub(crate) fn write(group: &Element, value: &str) {
    if read(group) == value {
        return;
    }
    for (input, text) in boxes(group).into_iter().zip(date_entry::parts(value)) {
        if let Some(input) = input {
            control(&input).set_value(&text);
        }
    }
}

/// Marks the boxes a problem concerns as wrong (`aria-invalid`), or none when `problem` is
/// `None`. Returns the id of the first box marked, for the error summary to link to.
#[cfg(feature = "composer")]
pub(crate) fn mark(group: &Element, problem: Option<PartsError>) -> Option<String> {
    let wrong = problem.map_or([false; 3], date_entry::wrong_parts);
    let mut first = None;
    for (input, wrong) in boxes(group).into_iter().zip(wrong) {
        let Some(input) = input else { continue };
        if wrong {
            let _ = input.set_attribute("aria-invalid", "true");
            first.get_or_insert_with(|| attr(&input, "id"));
        } else {
            let _ = input.remove_attribute("aria-invalid");
        }
    }
    first
}
