//! The reset actions: "Untick all in this list" and "Remove all my ticks and drafts", each
//! after the reader confirms.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::dom;
use stepwise_core::progress;
use web_sys::Element;

use crate::app::Shared;
use crate::checklists::item_keys;
use crate::sync::{redraw, update};
use crate::{notices, page};

/// "Untick all in this list", after confirmation.
pub(crate) fn reset_list(shared: &Shared, button: &Element) {
    let Ok(Some(list)) = button.closest(dom::SELECTOR_CHECKLIST) else {
        return;
    };
    let keys = item_keys(&list);
    let ticked = {
        let Some(app) = shared.app() else {
            return;
        };
        keys.iter().filter(|key| app.state.is_ticked(key)).count()
    };
    if ticked == 0
        || !page::confirm(
            &shared.window,
            &progress::confirm_reset_list(&page::attr(&list, "aria-label"), ticked),
        )
    {
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
    if !page::confirm(&shared.window, progress::CONFIRM_RESET_ALL) {
        return;
    }
    let Some(mut app) = shared.app_mut() else {
        return;
    };
    #[cfg(feature = "composer")]
    {
        app.cancel_save(&shared.window);
        app.drafts.pending.clear();
    }
    app.state = Default::default();
    app.store.clear();
    redraw(&app);
    notices::show(&app.document, progress::RESET_DONE, None);
}
