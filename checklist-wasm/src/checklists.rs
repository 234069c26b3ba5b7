//! Drawing saved progress into the page (boxes, checklist status lines, sidebar marks, the
//! overall progress block) and the reset actions.

use stepwise_core::dom;
use stepwise_core::progress;
use stepwise_core::refs;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use crate::{App, Shared, notices, page, update};

/// Redraws everything that shows progress from `app.state`.
pub(crate) fn render(app: &App) {
    let document = &app.document;
    for input in page::all(document, dom::SELECTOR_ITEM) {
        if let (Some(key), Some(input)) = (
            input.get_attribute(dom::ATTR_ITEM),
            input.dyn_ref::<HtmlInputElement>(),
        ) {
            input.set_checked(app.state.is_ticked(&key));
        }
    }
    for list in page::all(document, dom::SELECTOR_CHECKLIST) {
        let keys = item_keys(&list);
        let done = keys.iter().filter(|key| app.state.is_ticked(key)).count();
        for status in page::all_in(&list, &page::with(dom::ATTR_STATUS)) {
            page::set_text(&status, &progress::checklist_status(done, keys.len()));
        }
    }
    for link in page::all(document, &page::with(dom::ATTR_PROGRESS_ITEMS)) {
        let items = refs::decode(
            &link
                .get_attribute(dom::ATTR_PROGRESS_ITEMS)
                .unwrap_or_default(),
        );
        let done = app.state.count_ticked(&items);
        for mark in page::all_in(&link, &page::with(dom::ATTR_NAV_PROGRESS)) {
            draw_mark(document, &mark, done, items.len());
        }
        if link.has_attribute(dom::ATTR_GUIDE_PROGRESS) {
            for text in page::all_in(&link, &page::with(dom::ATTR_GUIDE_PROGRESS_TEXT)) {
                page::set_text(&text, &progress::guide_status(done, items.len()));
            }
            for bar in page::all_in(&link, &page::with(dom::ATTR_GUIDE_PROGRESS_BAR)) {
                let _ = bar.set_attribute("max", &items.len().max(1).to_string());
                let _ = bar.set_attribute("value", &done.to_string());
                page::set_hidden(&bar, false);
            }
        }
    }
}

fn draw_mark(document: &web_sys::Document, mark: &Element, done: usize, total: usize) {
    let (visible, spoken) = progress::nav_mark(done, total);
    mark.set_text_content(None);
    if let Some(shown) = page::create(document, "span", "", &visible) {
        let _ = shown.set_attribute("aria-hidden", "true");
        let _ = mark.append_child(&shown);
    }
    if let Some(hidden) = page::create(document, "span", "visually-hidden", &spoken) {
        let _ = mark.append_child(&hidden);
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
fn item_keys(list: &Element) -> Vec<String> {
    page::all_in(list, dom::SELECTOR_ITEM)
        .iter()
        .filter_map(|input| input.get_attribute(dom::ATTR_ITEM))
        .collect()
}

/// "Untick all in this list", after confirmation.
pub(crate) fn reset_list(shared: &Shared, button: &Element) {
    let Ok(Some(list)) = button.closest(dom::SELECTOR_CHECKLIST) else {
        return;
    };
    let keys = item_keys(&list);
    let ticked = {
        let app = shared.borrow();
        keys.iter().filter(|key| app.state.is_ticked(key)).count()
    };
    if ticked == 0 {
        return;
    }
    let title = list.get_attribute("aria-label").unwrap_or_default();
    if !confirm(&progress::confirm_reset_list(&title, ticked)) {
        return;
    }
    update(shared, |state| {
        for key in &keys {
            state.untick(key);
        }
    });
}

/// "Remove all my ticks and drafts", after confirmation.
pub(crate) fn reset_all(shared: &Shared) {
    if !confirm(progress::CONFIRM_RESET_ALL) {
        return;
    }
    let mut app = shared.borrow_mut();
    app.state = Default::default();
    app.store.clear();
    render(&app);
    notices::show(&app.document, progress::RESET_DONE, None);
}

fn confirm(question: &str) -> bool {
    web_sys::window().is_some_and(|window| window.confirm_with_message(question).unwrap_or(false))
}
