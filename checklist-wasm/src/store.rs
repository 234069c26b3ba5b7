//! The reader's saved data in `localStorage`: one versioned entry per site (see
//! `stepwise_core::storage`). Storage can be missing, disabled or full; every operation then
//! fails softly and the page keeps working for the visit.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::storage::{self, DecodeError, State};
use web_sys::Storage;

/// What the site's entry holds right now.
pub(crate) enum Saved {
    /// Nothing saved yet.
    Empty,
    /// Saved state, read successfully.
    State(State),
    /// Something this version cannot read (damaged, foreign or newer), as saved, and why:
    /// never overwritten without a backup.
    Unreadable(String, DecodeError),
}

/// Access to one site's entry.
pub(crate) struct Store {
    storage: Option<Storage>,
    site: String,
    key: String,
}

/// What was found when loading.
pub(crate) enum Loaded {
    /// Nothing saved yet.
    Empty,
    /// Saved state, read successfully.
    State(State),
    /// Something unreadable was saved; it was backed up under `backup_key` if possible.
    Recovered {
        /// Why it could not be read.
        error: DecodeError,
        /// Where the backup is, if it could be written.
        backup_key: Option<String>,
    },
}

impl Store {
    /// Opens the store for `site`, checking that writing works.
    pub(crate) fn open(window: &web_sys::Window, site: &str) -> Self {
        let storage = window.local_storage().ok().flatten().filter(|storage| {
            // Outside the `stepwise:` namespace, so it can never be a site's entry.
            let probe = "stepwise-probe";
            let works = storage.set_item(probe, "1").is_ok();
            let _ = storage.remove_item(probe);
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

    /// Reads the saved state. Unreadable data is copied to a backup key before the entry is
    /// reset, so it is never silently lost.
    pub(crate) fn load(&self, now: u64) -> Loaded {
        let (raw, error) = match self.read() {
            Saved::Empty => return Loaded::Empty,
            Saved::State(state) => return Loaded::State(state),
            Saved::Unreadable(raw, error) => (raw, error),
        };
        let backup = storage::backup_key(&self.site, now);
        let backed_up = self
            .storage
            .as_ref()
            .is_some_and(|storage| storage.set_item(&backup, &raw).is_ok());
        if backed_up {
            self.save(&State::default());
        }
        Loaded::Recovered {
            error,
            backup_key: backed_up.then_some(backup),
        }
    }

    /// Reads the saved state without changing anything (when another tab changed it: writing
    /// in answer to a storage event could set tabs answering each other).
    pub(crate) fn read(&self) -> Saved {
        let raw = self
            .storage
            .as_ref()
            .and_then(|storage| storage.get_item(&self.key).ok().flatten());
        let Some(raw) = raw else {
            return Saved::Empty;
        };
        match State::decode(&raw, &self.site) {
            Ok(state) => Saved::State(state),
            Err(error) => Saved::Unreadable(raw, error),
        }
    }

    /// Writes the state; `false` if storage refused (unavailable or full).
    pub(crate) fn save(&self, state: &State) -> bool {
        self.storage.as_ref().is_some_and(|storage| {
            storage
                .set_item(&self.key, &state.encode(&self.site))
                .is_ok()
        })
    }

    /// Removes the site's entry (backups are kept).
    pub(crate) fn clear(&self) -> bool {
        self.storage
            .as_ref()
            .is_some_and(|storage| storage.remove_item(&self.key).is_ok())
    }

    /// A raw value by key (to download a backup).
    pub(crate) fn raw(&self, key: &str) -> Option<String> {
        self.storage.as_ref()?.get_item(key).ok().flatten()
    }
}
