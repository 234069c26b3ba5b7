//! Small browser helpers over `web-sys` (the DOM, the clock, downloads), so the rest of the
//! module reads like the page it handles. Imports no other module of the crate.
//!
//! Written for size: elements from `querySelectorAll` are cast without checks (they are always
//! elements), and form values are read through one structural binding instead of a type per
//! kind of input.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::date::Date;
use stepwise_core::percent;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, NodeList};

#[wasm_bindgen]
extern "C" {
    /// Any form control (`input`, `select`, `textarea`): they all have `value` and `checked`.
    #[wasm_bindgen(extends = Element)]
    pub(crate) type FormControl;

    /// The control's current value.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn value(this: &FormControl) -> String;

    /// Sets the control's value.
    #[wasm_bindgen(method, setter)]
    pub(crate) fn set_value(this: &FormControl, value: &str);

    /// Whether a checkbox is ticked.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn checked(this: &FormControl) -> bool;

    /// Ticks or unticks a checkbox.
    #[wasm_bindgen(method, setter)]
    pub(crate) fn set_checked(this: &FormControl, checked: bool);

    /// Moves focus to the element.
    #[wasm_bindgen(method)]
    pub(crate) fn focus(this: &FormControl);
}

/// The element as a form control.
pub(crate) fn control(element: &Element) -> &FormControl {
    element.unchecked_ref()
}

fn elements(list: Result<NodeList, JsValue>) -> Vec<Element> {
    let mut out = Vec::new();
    if let Ok(list) = list {
        for index in 0..list.length() {
            if let Some(node) = list.item(index) {
                out.push(node.unchecked_into());
            }
        }
    }
    out
}

/// Every element of the document matching `selector`, in document order.
pub(crate) fn all(document: &Document, selector: &str) -> Vec<Element> {
    elements(document.query_selector_all(selector))
}

/// Every element inside `root` matching `selector`.
pub(crate) fn all_in(root: &Element, selector: &str) -> Vec<Element> {
    elements(root.query_selector_all(selector))
}

/// An attribute's value, or `""`.
pub(crate) fn attr(element: &Element, name: &str) -> String {
    element.get_attribute(name).unwrap_or_default()
}

/// Sets an element's text (never HTML).
pub(crate) fn set_text(element: &Element, text: &str) {
    element.set_text_content(Some(text));
}

/// Shows or hides an element with the `hidden` attribute.
pub(crate) fn set_hidden(element: &Element, hidden: bool) {
    let _ = if hidden {
        element.set_attribute("hidden", "")
    } else {
        element.remove_attribute("hidden")
    };
}

/// Creates an element with a class and text content.
pub(crate) fn create(document: &Document, tag: &str, class: &str, text: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    if !class.is_empty() {
        let _ = element.set_attribute("class", class);
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    Some(element)
}

/// Milliseconds since 1970, from the browser's clock.
pub(crate) fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// Asks the reader a yes-or-no question.
pub(crate) fn confirm(window: &web_sys::Window, question: &str) -> bool {
    window.confirm_with_message(question).unwrap_or(false)
}

/// The reader's local date.
pub(crate) fn today() -> Option<Date> {
    let now = js_sys::Date::new_0();
    Date::new(
        now.get_full_year() as i32,
        (now.get_month() + 1) as u8,
        now.get_date() as u8,
    )
}

/// The start of a `data:` address of plain text, for [`download`].
pub(crate) const TEXT: &str = "data:text/plain;charset=utf-8,";
/// The start of a `data:` address of a calendar file, for [`download`].
#[cfg(feature = "deadlines")]
pub(crate) const CALENDAR: &str = "data:text/calendar;charset=utf-8,";

/// Offers `text` to the reader as a file (`kind`: [`TEXT`] or a calendar). Nothing leaves the device: the file is made from a
/// `data:` address that holds the text itself.
pub(crate) fn download(document: &Document, name: &str, kind: &str, text: &str) {
    let Some(link) = create(document, "a", "", "") else {
        return;
    };
    let href = stepwise_core::text::cat(&[kind, &percent::encode(text)]);
    let _ = link.set_attribute("href", &href);
    let _ = link.set_attribute("download", name);
    link.unchecked_ref::<web_sys::HtmlElement>().click();
}

/// A file-name-safe version of the site's namespace.
pub(crate) fn file_stem(site: &str) -> String {
    site.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}
