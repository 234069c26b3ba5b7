//! The reader's saved data in `localStorage`: one versioned entry per site (see
//! `stepwise_core::storage`). Storage can be missing, disabled or full; every operation then
//! fails softly and the page keeps working for the visit.
//!
//! Entries are read and written as JS values, not Rust strings: a JS string may hold what a
//! Rust `String` cannot (a lone UTF-16 surrogate reads as U+FFFD), and a backup must be the
//! stored text exactly, so it is copied from `getItem` to `setItem` without leaving JS.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::storage::{self, DecodeError, Salvaged, State};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `localStorage`, its values read and written as JS values.
    type Entries;

    /// `getItem`: the stored string as it is (`null` when there is none).
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get(this: &Entries, key: &str) -> Result<JsValue, JsValue>;

    /// `setItem` with a JS value (a string), so a value read with [`Entries::get`] is written
    /// back exactly.
    #[wasm_bindgen(method, catch, js_name = setItem)]
    fn set(this: &Entries, key: &str, value: &JsValue) -> Result<(), JsValue>;

    /// `removeItem`.
    #[wasm_bindgen(method, catch, js_name = removeItem)]
    fn remove(this: &Entries, key: &str) -> Result<(), JsValue>;
}

/// What the site's entry held when it was read (when it held anything).
pub(crate) struct Saved {
    /// The entry exactly as stored.
    raw: JsValue,
    /// What could be read: the lines that decode (and the first damaged line), or why nothing
    /// could (foreign, newer, another guide's). Not readable in full, the entry is never
    /// overwritten without a backup.
    pub(crate) read: Result<Salvaged, DecodeError>,
    /// Where [`Store::load`] backed the entry up, when it was not readable in full and the
    /// backup could be written.
    pub(crate) backup_key: Option<String>,
}

impl Saved {
    /// Whether every line was read (nothing to back up or report).
    pub(crate) fn is_whole(&self) -> bool {
        matches!(self.read, Ok(Salvaged { damaged: None, .. }))
    }
}

/// Access to one site's entry.
pub(crate) struct Store {
    storage: Option<Entries>,
    site: String,
    key: String,
}

impl Store {
    /// Opens the store for `site`, checking that writing works.
    pub(crate) fn open(window: &web_sys::Window, site: &str) -> Self {
        let storage = window
            .local_storage()
            .ok()
            .flatten()
            .map(JsCast::unchecked_into::<Entries>)
            .filter(|storage| {
                // Outside the `stepwise:` namespace, so it can never be a site's entry.
                let probe = "stepwise-probe";
                let works = storage.set(probe, &JsValue::TRUE).is_ok();
                let _ = storage.remove(probe);
                works
            });
        Self {
            storage,
            site: site.to_owned(),
            key: storage::storage_key(site),
        }
    }

    /// Whether progress can be saved at all.
    pub(crate) fn is_available(&self) -> bool {
        self.storage.is_some()
    }

    /// The site's namespace.
    pub(crate) fn site(&self) -> &str {
        &self.site
    }

    /// The `localStorage` key of the site's entry.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }

    /// Reads the saved state (`None`: nothing saved). An entry not readable in full is copied,
    /// exactly, to a backup key before it is replaced by what could be kept (nothing, if nothing
    /// could), so it is never silently lost; if the backup fails the entry is left as it is.
    pub(crate) fn load(&self, now: u64) -> Option<Saved> {
        let mut saved = self.read()?;
        if !saved.is_whole() {
            let backup = storage::backup_key(&self.site, now);
            if self
                .storage
                .as_ref()
                .is_some_and(|storage| storage.set(&backup, &saved.raw).is_ok())
            {
                let empty = State::default();
                self.save(saved.read.as_ref().map_or(&empty, |kept| &kept.state));
                saved.backup_key = Some(backup);
            }
        }
        Some(saved)
    }

    /// Reads the saved state without changing anything (`None`: nothing saved). Used when
    /// another tab changed it: writing in answer to a storage event could set tabs answering
    /// each other, and the other tab may be a newer version.
    pub(crate) fn read(&self) -> Option<Saved> {
        let raw = self.storage.as_ref()?.get(&self.key).ok()?;
        let text = raw.as_string()?;
        // Whether the text survived the trip into Rust (a lone surrogate does not).
        let exact = js_sys::Object::is(&JsValue::from_str(&text), &raw);
        Some(Saved {
            read: State::salvage(&text, &self.site, exact),
            raw,
            backup_key: None,
        })
    }

    /// Writes the state; `false` if storage refused (unavailable or full).
    pub(crate) fn save(&self, state: &State) -> bool {
        self.storage.as_ref().is_some_and(|storage| {
            storage
                .set(&self.key, &JsValue::from_str(&state.encode(&self.site)))
                .is_ok()
        })
    }

    /// Removes the site's entry (backups are kept).
    pub(crate) fn clear(&self) -> bool {
        self.storage
            .as_ref()
            .is_some_and(|storage| storage.remove(&self.key).is_ok())
    }

    /// A raw value by key (to download a backup). A file holds UTF-8, so a lone surrogate
    /// in it becomes U+FFFD there; the backup in storage stays exact.
    pub(crate) fn raw(&self, key: &str) -> Option<String> {
        self.storage.as_ref()?.get(key).ok()?.as_string()
    }
}
