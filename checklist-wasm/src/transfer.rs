//! Export saved progress to a file and import it on another device. An import is validated
//! by `stepwise_core::storage` as a whole: a bad file, even one damaged line, changes nothing
//! and the reader is told why.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::progress;
use stepwise_core::storage::{self, State};
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
    page::download(&app.document, &name, &text);
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
/// All or nothing, unlike a damaged saved entry (of which the lines that decode are kept): the
/// reader chose this file to load it as it is, and taking only part of it would silently leave
/// the rest behind. A file with any damaged line changes nothing, and the reader is told why.
pub(crate) fn on_loaded(shared: &Shared, text: JsValue) {
    let text = text.as_string().unwrap_or_default();
    let Some(site) = shared.app().map(|app| app.store.site().to_owned()) else {
        return;
    };
    match State::decode(&text, &site) {
        Ok(imported) => {
            let count = imported.tick_count();
            update(shared, |state| state.merge(imported));
            notices::show(&shared.document, &progress::imported(count), None);
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
