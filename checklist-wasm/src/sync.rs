//! Keeps the app's state, the saved entry and the page in step: a reader's change starts from
//! what is saved now and is saved at once; a change made elsewhere (another tab, the browser's
//! settings, a page restored from the back/forward cache) is read back; the page is redrawn.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::storage::State;
use wasm_bindgen::{JsCast, JsValue};

use crate::app::{App, Shared};
#[cfg(feature = "composer")]
use crate::composer;
use crate::store::Saved;
use crate::{checklists, notices, page};

/// Another tab changed the saved state (a `storage` event), or the page was shown (a
/// `pageshow` event, also when restored from the back/forward cache): redraws from what is
/// saved now. A `pageshow` event has no `key`, so it always rereads; on a first visit it finds
/// what `start` has just read.
pub(crate) fn on_outside_change(shared: &Shared, event: JsValue) {
    let Some(mut app) = shared.app_mut() else {
        return;
    };
    let key = event.unchecked_ref::<web_sys::StorageEvent>().key();
    if key.is_none_or(|key| key == app.store.key()) {
        match app.store.read() {
            None => forget_if_removed(&mut app),
            // Every line that decodes is shown, also of a damaged entry, but nothing is written
            // from here (the other tab may be a newer version); the next change backs a damaged
            // entry up first.
            Some(Saved { read: Ok(kept), .. }) => app.state = kept.state,
            // Not readable at all: this page keeps what it shows.
            Some(_) => return,
        }
        redraw(&app);
    }
}

/// The entry is empty: if it held what this page saved, it was removed outside the page
/// (another tab's reset, the browser's settings), so nothing is ticked any more. Without
/// working storage nothing was saved, and the visit's ticks stay.
fn forget_if_removed(app: &mut App) {
    if app.saved {
        app.state = State::default();
    }
    // The entry is empty now: only a later save puts this page's state in it again.
    app.saved = false;
}

/// Applies a change to the saved state: starts from what is saved now (another tab may have
/// changed it), applies `change`, saves, and redraws.
///
/// Saved data that cannot be read in full (another tab with a newer version, another tool) is
/// backed up before it is replaced (by the lines that could be read, with the change); if the
/// backup fails, nothing is saved.
pub(crate) fn update(shared: &Shared, change: impl FnOnce(&mut State)) {
    let Some(mut app) = shared.app_mut() else {
        return;
    };
    let may_save = refresh(&mut app);
    change(&mut app.state);
    commit(&mut app, may_save);
}

/// Loads what is saved now into `app.state`; returns whether it may be overwritten. Kept out
/// of the generic [`update`] so the module carries it once.
#[inline(never)]
fn refresh(app: &mut App) -> bool {
    let Some(saved) = app.store.load(page::now()) else {
        forget_if_removed(app);
        return true;
    };
    let mut may_save = true;
    if !saved.is_whole() {
        may_save = saved.backup_key.is_some();
        if may_save || !app.warned_save {
            app.warned_save |= !may_save;
            notices::recovered(&app.document, &saved);
        }
    }
    // Left as it is, the entry no longer follows this page: the page keeps what it shows (what
    // `start` or a storage event read of it, renamed items carried over, and the visit's changes).
    if may_save && let Ok(kept) = saved.read {
        app.state = kept.state;
    }
    may_save
}

/// Saves `app.state` (if allowed) and redraws the page from it.
#[inline(never)]
fn commit(app: &mut App, may_save: bool) {
    let saved = may_save && app.store.save(&app.state);
    // A save that failed leaves the entry as this page last saved it: finding it empty later
    // still means it was removed outside the page.
    app.saved |= saved;
    if !saved && may_save && app.store.is_available() && !app.warned_save {
        app.warned_save = true;
        notices::show(&app.document, stepwise_core::progress::SAVE_FAILED, None);
    }
    redraw(app);
}

/// Draws `app.state` into the page: composer forms, checklists and progress, previews.
pub(crate) fn redraw(app: &App) {
    #[cfg(feature = "composer")]
    composer::fill(app);
    // After the composers, so a composer's date field that is a reader's date shows the
    // reader's value.
    #[cfg(feature = "deadlines")]
    {
        crate::deadlines::fill(app);
        crate::deadlines::render(app);
    }
    checklists::render(app);
    #[cfg(feature = "composer")]
    composer::render_all(app);
}
