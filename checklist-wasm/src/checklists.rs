//! Drawing saved progress into the page: boxes, checklist status lines, sidebar marks, the
//! overall progress block.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::dom;
use stepwise_core::progress;
use stepwise_core::refs;
use stepwise_core::text::number;
use web_sys::Element;

use crate::app::App;
use crate::page;

/// Redraws everything that shows progress from `app.state`.
pub(crate) fn render(app: &App) {
    let document = &app.document;
    for input in page::all(document, dom::SELECTOR_ITEM) {
        page::control(&input).set_checked(app.state.is_ticked(&page::attr(&input, dom::ATTR_ITEM)));
    }
    for list in page::all(document, dom::SELECTOR_CHECKLIST) {
        let keys = item_keys(&list);
        let done = keys.iter().filter(|key| app.state.is_ticked(key)).count();
        for line in page::all_in(&list, dom::SELECTOR_STATUS) {
            page::set_text(&line, &progress::checklist_status(done, keys.len()));
        }
    }
    for element in page::all(document, dom::SELECTOR_PROGRESS_ITEMS) {
        let items = refs::decode(&page::attr(&element, dom::ATTR_PROGRESS_ITEMS));
        let done = app.state.count_ticked(&items);
        let total = items.len();
        for mark in page::all_in(&element, dom::SELECTOR_NAV_PROGRESS) {
            draw_mark(document, &mark, done, total);
        }
        for text in page::all_in(&element, dom::SELECTOR_GUIDE_PROGRESS_TEXT) {
            page::set_text(&text, &progress::guide_status(done, total));
        }
        for bar in page::all_in(&element, dom::SELECTOR_GUIDE_PROGRESS_BAR) {
            let _ = bar.set_attribute("max", &number(total.max(1) as u64));
            let _ = bar.set_attribute("value", &number(done as u64));
            page::set_hidden(&bar, false);
        }
    }
}

fn draw_mark(document: &web_sys::Document, mark: &Element, done: usize, total: usize) {
    if page::attr(mark, dom::ATTR_NAV_PROGRESS) == dom::NAV_PROGRESS_LONG {
        // A step's mark says it in words, for everyone: "2 of 6 done".
        page::set_text(mark, &progress::checklist_status(done, total));
    } else {
        let (visible, spoken) = progress::nav_mark(done, total);
        mark.set_text_content(None);
        if let Some(shown) = page::create(document, "span", "", &visible) {
            let _ = shown.set_attribute("aria-hidden", "true");
            let _ = mark.append_child(&shown);
        }
        if let Some(hidden) = page::create(document, "span", "visually-hidden", &spoken) {
            let _ = mark.append_child(&hidden);
        }
    }
    let state = if total > 0 && done >= total {
        "done"
    } else if done > 0 {
        "partial"
    } else {
        "none"
    };
    let _ = mark.set_attribute(dom::ATTR_STATE, state);
}

/// The item keys of a checklist's boxes.
pub(crate) fn item_keys(list: &Element) -> Vec<String> {
    page::all_in(list, dom::SELECTOR_ITEM)
        .iter()
        .map(|input| page::attr(input, dom::ATTR_ITEM))
        .collect()
}
