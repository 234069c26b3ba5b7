//! Offline reading and installing: the service worker that keeps the guide in the reader's
//! browser (`worker`), the part of every page's script that registers it and offers newer versions
//! (`client`), and the web app manifest (`manifest`). `site.yaml`'s `offline: false` turns them
//! off and makes [`WORKER_FILE`] the [`REMOVING_WORKER`], which deletes what an earlier version
//! kept in readers' browsers and unregisters itself; the dev server always builds that way (its
//! pages must never be kept) and answers any `…/sw.js` it lacks with it too.

pub mod client;
pub mod manifest;
pub mod worker;

/// The service worker's file, at the site's base path (so its scope is the whole guide).
pub const WORKER_FILE: &str = "sw.js";

/// The web app manifest's file, at the site's base path.
pub const MANIFEST_FILE: &str = "manifest.webmanifest";

/// The most the service worker's registration (`client`) may weigh, gzipped on its own:
/// browser code in every page's script on a site that works offline.
pub const CLIENT_BUDGET_GZIPPED: usize = 1_200;

/// The most pages a site may have for the worker to keep it whole on the first visit.
pub const PRECACHE_PAGE_LIMIT: usize = 300;

/// The most bytes the static files, the theme's files and the module may weigh together for
/// the worker to keep the whole site on the first visit. Past either limit it keeps the
/// theme's files, the module, the start page and the 404 page, and every other page and file
/// once the reader has opened it.
pub const PRECACHE_BYTE_LIMIT: usize = 5_000_000;

/// [`WORKER_FILE`] when the site does not work offline (and under the dev server): a worker
/// that deletes Stepwise's caches, takes over the open pages, unregisters itself and handles no
/// request.
pub const REMOVING_WORKER: &str = include_str!("removing-worker.js");

/// Replaces each `/*NAME*/default` token of `template` with its value.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_owned();
    for (token, value) in values {
        debug_assert!(text.contains(token), "template lacks {token}");
        text = text.replace(token, value);
    }
    text
}

/// `text` as a JavaScript (JSON) string literal.
fn js_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}
