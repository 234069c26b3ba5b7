//! Small DOM helpers over `web-sys`, so the rest of the module reads like the page it handles.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

/// Every element matching `selector`, in document order.
pub(crate) fn all(root: &Document, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index)?.dyn_into::<Element>().ok())
        .collect()
}

/// Every element inside `root` matching `selector`.
pub(crate) fn all_in(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index)?.dyn_into::<Element>().ok())
        .collect()
}

/// `[name]`: a CSS selector for elements carrying the attribute.
pub(crate) fn with(attribute: &str) -> String {
    format!("[{attribute}]")
}

/// Sets an element's text (never HTML).
pub(crate) fn set_text(element: &Element, text: &str) {
    element.set_text_content(Some(text));
}

/// Shows or hides an element with the `hidden` attribute.
pub(crate) fn set_hidden(element: &Element, hidden: bool) {
    if let Some(element) = element.dyn_ref::<HtmlElement>() {
        element.set_hidden(hidden);
    }
}

/// Creates an element with a class and text content.
pub(crate) fn create(document: &Document, tag: &str, class: &str, text: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    if !class.is_empty() {
        element.set_class_name(class);
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
