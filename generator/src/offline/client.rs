//! The script that registers the service worker and, once the worker has installed a newer
//! version of the guide, shows [`UPDATE_AVAILABLE`] with a reload button in the theme's empty
//! live region (`contract.update_notice`), which the theme places so that it moves nothing when
//! it fills. When the site works offline, it is part of every page's script (`render::script`,
//! in `assets/`, so the worker is `../sw.js`).
//!
//! [`UPDATE_AVAILABLE`]: stepwise_core::progress::UPDATE_AVAILABLE

use stepwise_core::{dom, progress};

use super::js_string;

/// The script as written: its names and words are `"__…__"` strings, filled in by [`fill_in`]
/// (after the build script has minified it into the page scripts, which keeps strings).
pub const TEMPLATE: &str = include_str!("client.js");

/// `script` (a page script holding this one, or [`TEMPLATE`]) with the names and words from
/// the core.
pub fn fill_in(script: &str) -> String {
    script
        .replace("__ATTR_UPDATE__", dom::ATTR_UPDATE_NOTICE)
        .replace(
            "\"__UPDATE_AVAILABLE__\"",
            &js_string(progress::UPDATE_AVAILABLE),
        )
        .replace("\"__UPDATE_RELOAD__\"", &js_string(progress::UPDATE_RELOAD))
}

/// The script's source, filled in.
pub fn source() -> String {
    fill_in(TEMPLATE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_stays_within_its_size_budget() {
        let size = crate::render::assets::gzipped_len(
            crate::render::script::compact(&source()).as_bytes(),
        );
        assert!(
            size <= super::super::CLIENT_BUDGET_GZIPPED,
            "the offline script is {size} B gzipped"
        );
    }

    #[test]
    fn the_wording_and_names_come_from_the_core() {
        let source = source();
        assert!(!source.contains("__"), "a token was left: {source}");
        assert!(source.contains("\"A newer version of this guide is available.\""));
        assert!(source.contains("[data-stepwise-update]"));
        assert!(source.contains("new URL(\"../sw.js\", import.meta.url)"));
    }
}
