//! Typing in a composer: the preview is redrawn at once, the draft saved shortly after (field
//! by field: only what the reader typed since the last save).

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::dom;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::app::Shared;
use crate::composer::errors::{is_marked_wrong, recheck};
use crate::composer::{draft_key, field_of, field_value, render};
use crate::page::attr;
use crate::sync::update;

/// How long after the last keystroke a draft is saved.
const SAVE_DELAY_MS: i32 = 400;

/// Handles typing in a composer: redraws its preview at once and saves the draft shortly after.
pub(crate) fn on_input(shared: &Shared, target: &Element) {
    // The field typed in: the input itself, or the group of a date's boxes or a choice's radios.
    let Some(field) = field_of(target) else {
        return;
    };
    let target = &field;
    let Ok(Some(wrapper)) = target.closest(dom::SELECTOR_COMPOSER) else {
        return;
    };
    let Some(mut app) = shared.app_mut() else {
        return;
    };
    if !app.is_pending(target) {
        let id = attr(&wrapper, dom::ATTR_COMPOSER);
        let (key, _) = draft_key(target);
        app.drafts.pending.push((target.clone(), id, key));
    }
    render(&app, &wrapper);
    if is_marked_wrong(&app.document, target) {
        recheck(&app.document, &wrapper, target);
    }
    app.cancel_save(&shared.window);
    if let Some(callbacks) = &app.callbacks {
        app.drafts.save_timer = shared
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
            core::mem::take(&mut app.drafts.pending)
        }
        None => return,
    };
    if pending.is_empty() {
        return;
    }
    update(shared, |state| {
        for (element, id, key) in &pending {
            state.set_draft(id, key, &field_value(element));
        }
    });
}
