//! Export saved progress to a file and import it on another device. An import is read by
//! `stepwise_core::storage` line by line, as saved data is: a damaged line is left out (and the
//! reader told which), a file with nothing usable changes nothing, and the reader is told why.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::progress;
use stepwise_core::storage::{self, Salvaged, State};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

use crate::app::Shared;
use crate::sync::update;
use crate::{notices, page};

/// Downloads the site's saved state as a text file.
pub(crate) fn export(shared: &Shared) {
    let Some(app) = shared.app() else {
        return;
    };
    // `app.state` follows what is saved: every change reloads it first, and other tabs'
    // changes arrive as storage events.
    let text = app.state.encode(app.store.site());
    let date = page::today().map(|d| d.iso()).unwrap_or_default();
    let name = stepwise_core::text::cat(&[
        page::file_stem(app.store.site()).as_str(),
        "-progress-",
        &date,
        ".txt",
    ]);
    page::download(&app.document, &name, page::TEXT, &text);
}

/// Reads the file chosen in `input`; [`on_loaded`] merges it into the saved state.
pub(crate) fn import(shared: &Shared, input: &web_sys::Element) {
    let files: web_sys::HtmlInputElement = input.clone().unchecked_into();
    let Some(file) = files.files().and_then(|files| files.get(0)) else {
        return;
    };
    page::control(input).set_value("");
    if file.size() > storage::MAX_IMPORT_BYTES as f64 {
        notices::show(
            &shared.document,
            &progress::import_failed(storage::IMPORT_TOO_LARGE),
            None,
        );
        return;
    }
    let Some(app) = shared.app() else {
        return;
    };
    if let Some(callbacks) = &app.callbacks {
        // A file that is not text rejects the promise: treat it as empty, which is refused.
        let _ = file
            .text()
            .then2(&callbacks.file_loaded, &callbacks.file_loaded);
    }
}

/// The import file has been read (`text` is its content, or an error for unreadable files).
///
/// The lines that decode are taken, as for a damaged saved entry, so that the backup copy of one
/// loads again as it is; the notice names the first damaged line, so nothing is left out
/// silently.
pub(crate) fn on_loaded(shared: &Shared, text: JsValue) {
    let text = text.as_string().unwrap_or_default();
    let Some(site) = shared.app().map(|app| app.store.site().to_owned()) else {
        return;
    };
    // Every line that decodes is taken, as for saved data: a backup of a damaged entry loads
    // again as it is. A file with nothing usable (another guide's, a newer version's, only
    // damaged lines) changes nothing.
    match State::salvage(&text, &site, true) {
        Ok(Salvaged {
            state: imported,
            damaged,
        }) => {
            let count = imported.tick_count();
            update(shared, |state| state.merge(imported));
            let message = match damaged {
                None => progress::imported(count),
                Some(line) => progress::imported_partly(count, line),
            };
            notices::show(&shared.document, &message, None);
        }
        Err(error) => {
            notices::show(
                &shared.document,
                &progress::import_failed(&error.reason()),
                None,
            );
        }
    }
}
