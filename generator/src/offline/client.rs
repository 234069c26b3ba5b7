//! The script that registers the service worker and, once the worker has installed a newer
//! version of the guide, shows [`UPDATE_AVAILABLE`] with a reload button in the theme's empty
//! live region (`contract.update_notice`), which the theme places so that it moves nothing when
//! it fills. One hashed file (`assets/offline.*.js`, written by `render::assets` when the site
//! works offline) for every page, apart from the module's variants, which keep their budgets;
//! pages load it with `assets.offline`. It sits in `assets/`, so the worker is `../sw.js`.
//!
//! [`UPDATE_AVAILABLE`]: stepwise_core::progress::UPDATE_AVAILABLE

use stepwise_core::{dom, progress};

use super::{fill, js_string};

const TEMPLATE: &str = include_str!("client.js");

/// The script's source.
pub fn source() -> String {
    fill(
        TEMPLATE,
        &[
            ("/*ATTR_UPDATE*/", dom::ATTR_UPDATE_NOTICE),
            (
                "/*UPDATE_AVAILABLE*/\"\"",
                &js_string(progress::UPDATE_AVAILABLE),
            ),
            ("/*UPDATE_RELOAD*/\"\"", &js_string(progress::UPDATE_RELOAD)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_stays_within_its_size_budget() {
        let size = crate::render::assets::gzipped_len(source().as_bytes());
        assert!(
            size <= super::super::CLIENT_BUDGET_GZIPPED,
            "the offline script is {size} B gzipped"
        );
    }

    #[test]
    fn the_wording_and_names_come_from_the_core() {
        let source = source();
        assert!(!source.contains("/*"), "a token was left: {source}");
        assert!(source.contains("\"A newer version of this guide is available.\""));
        assert!(source.contains("[data-stepwise-update]"));
        assert!(source.contains("new URL(\"../sw.js\", import.meta.url)"));
    }
}
