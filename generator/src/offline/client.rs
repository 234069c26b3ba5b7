//! The part of the module loader that registers the service worker and, once the worker has
//! installed a newer version of the guide, shows [`UPDATE_AVAILABLE`] with a reload button in
//! the theme's empty live region (`contract.update_notice`), which the theme places so that it
//! moves nothing when it fills. Appended to the loader by `render::assets` when the site works
//! offline; the loader sits in `assets/`, so the worker is `../sw.js` from it.
//!
//! [`UPDATE_AVAILABLE`]: stepwise_core::progress::UPDATE_AVAILABLE

use stepwise_core::{dom, progress};

use super::{fill, js_string};

const TEMPLATE: &str = include_str!("client.js");

/// The loader's offline part.
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
    fn the_wording_and_names_come_from_the_core() {
        let source = source();
        assert!(!source.contains("/*"), "a token was left: {source}");
        assert!(source.contains("\"A newer version of this guide is available.\""));
        assert!(source.contains("[data-stepwise-update]"));
        assert!(source.contains("new URL(\"../sw.js\", import.meta.url)"));
    }
}
