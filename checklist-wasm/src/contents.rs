//! "On this page" marks where the reader is: the link of the last heading above a line near the
//! top of the screen (a tenth of the way down) gets `aria-current="true"` (the first link before the reader reaches any).
//! An `IntersectionObserver` reports when a heading crosses that line, so nothing runs while
//! the reader scrolls between headings. The mark only restyles a link (no size changes), so
//! it never moves anything on the page.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::dom;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverInit};

use crate::app::{Callback, Shared};
use crate::page;

/// The observed area: everything above the line (the screen's bottom nine tenths cut off, its
/// top extended far up), so a heading crossing the line changes state even when a jump (a
/// link, a long scroll) takes it from below the screen to far above it at once.
const ROOT_MARGIN: &str = "1000000px 0px -90% 0px";
/// The line's height on the screen, in hundredths of the window's height (100 - 90).
const LINE_PERCENT: f64 = 10.0;

/// The page's headings with their links in "On this page", in order (empty without one).
pub(crate) fn targets(document: &web_sys::Document) -> Vec<(Element, Element)> {
    let mut out = Vec::new();
    for toc in page::all(document, dom::SELECTOR_TOC) {
        for link in page::all_in(&toc, "a") {
            let href = page::attr(&link, "href");
            let heading = href
                .strip_prefix('#')
                .and_then(|id| document.get_element_by_id(id));
            if let Some(heading) = heading {
                out.push((heading, link));
            }
        }
    }
    out
}

/// Starts watching the headings with `crossed`, the callback that runs [`mark`].
pub(crate) fn watch(targets: &[(Element, Element)], crossed: &Callback) {
    if targets.is_empty() {
        return;
    }
    let options = IntersectionObserverInit::new();
    options.set_root_margin(ROOT_MARGIN);
    let Ok(observer) =
        IntersectionObserver::new_with_options(crossed.as_ref().unchecked_ref(), &options)
    else {
        return;
    };
    for (heading, _) in targets {
        observer.observe(heading);
    }
}

/// Marks the link of the heading the reader is at.
pub(crate) fn mark(shared: &Shared, _: wasm_bindgen::JsValue) {
    let Some(app) = shared.app() else { return };
    let height = shared
        .window
        .inner_height()
        .ok()
        .and_then(|height| height.as_f64())
        .unwrap_or(0.0);
    let line = height * LINE_PERCENT / 100.0;
    let mut current = 0;
    for (index, (heading, _)) in app.contents.iter().enumerate() {
        if heading.get_bounding_client_rect().top() <= line {
            current = index;
        } else {
            break;
        }
    }
    for (index, (_, link)) in app.contents.iter().enumerate() {
        if index == current {
            let _ = link.set_attribute("aria-current", "true");
        } else {
            let _ = link.remove_attribute("aria-current");
        }
    }
}
