//! Export saved progress to a file and import it on another device. An import is validated
//! by `stepwise_core::storage`: a bad file changes nothing and the reader is told why.

use stepwise_core::progress;
use stepwise_core::storage::State;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    Blob, BlobPropertyBag, Document, FileReader, HtmlAnchorElement, HtmlInputElement, Url,
};

use crate::{Shared, checklists, notices, update};

/// Downloads the site's saved state as a text file.
pub(crate) fn export(shared: &Shared) {
    let app = shared.borrow();
    let text = app
        .store
        .read()
        .unwrap_or_else(|| app.state.clone())
        .encode(app.store.site());
    let date: String = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
        .chars()
        .take(10)
        .collect();
    download(
        &app.document,
        &format!("{}-progress-{date}.txt", file_stem(app.store.site())),
        &text,
    );
}

/// Reads the file chosen in `input` and merges it into the saved state.
pub(crate) fn import(shared: &Shared, input: &HtmlInputElement) {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    let Ok(reader) = FileReader::new() else {
        return;
    };
    let shared = shared.clone();
    let input_for_reset = input.clone();
    let reader_for_result = reader.clone();
    let on_load = Closure::once_into_js(move || {
        let text = reader_for_result
            .result()
            .ok()
            .and_then(|value| value.as_string())
            .unwrap_or_default();
        // Let the same file be chosen again later.
        input_for_reset.set_value("");
        let site = shared.borrow().store.site().to_owned();
        match State::decode(&text, &site) {
            Ok(imported) => {
                let count = imported.tick_count();
                update(&shared, |state| state.merge(imported));
                let app = shared.borrow();
                checklists::render(&app);
                notices::show(&app.document, &progress::imported(count), None);
            }
            Err(error) => {
                let app = shared.borrow();
                notices::show(
                    &app.document,
                    &progress::import_failed(&error.to_string()),
                    None,
                );
            }
        }
    });
    reader.set_onload(Some(on_load.unchecked_ref()));
    let _ = reader.read_as_text(&file);
}

/// Offers `text` to the reader as a file download. Nothing leaves the device: the file is made
/// from a local `blob:` address.
pub(crate) fn download(document: &Document, name: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let Some(anchor) = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok())
    else {
        return;
    };
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // Free the file once the browser has had time to start the download.
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    }
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
