//! The one script a page loads: its module variant's JS glue, the lines that start the
//! module (`start.js`), and the site's own page scripts (the service worker's registration
//! when the site works offline, the lines that start search on first use when it has search),
//! each in a block of its own. The build script writes one per variant and set of page
//! scripts, minified as one module with terser (`generator/build/scripts.rs`); this module
//! picks the right one and fills in the names only known here. One minified file instead of
//! four (loader, glue, registration, search start) saves three requests and about 2 KB
//! gzipped on every page.

use crate::config::SiteConfig;

/// Which of the site's own page scripts go into every page's script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SiteScripts {
    /// The service worker's registration (`offline::client`), when the site works offline.
    pub offline: bool,
    /// The lines that load search when the reader asks for it (`search-start.js`).
    pub search: bool,
}

impl SiteScripts {
    /// Every page script: what a site with the default settings loads, and the most any does.
    pub const ALL: Self = Self {
        offline: true,
        search: true,
    };

    /// The page scripts of a site with `config`.
    pub fn of(config: &SiteConfig) -> Self {
        Self {
            offline: config.offline,
            search: config.search,
        }
    }
}

/// The script of a page, from the build script's `template` for its variant and the site's
/// page scripts, whose WebAssembly is the file `wasm_name` beside it.
pub fn page_script(template: &str, wasm_name: &str, scripts: SiteScripts) -> String {
    let mut script = compact(template)
        .replace("\"__STEPWISE_WASM__\"", &format!("\"./{wasm_name}\""))
        .replace("__STEPWISE_FAILED__", stepwise_core::dom::ATTR_FAILED);
    if scripts.offline {
        script = crate::offline::client::fill_in(&script);
    }
    if scripts.search {
        script = super::search_assets::fill_in_start(&script);
    }
    script
}

/// `js` without indentation, blank lines and whole-line `//` comments (for scripts the build
/// could not minify). Safe because no line of the scripts it is given continues a string: a
/// template literal spanning lines would change, so when any line has an odd number of
/// backticks the script is kept as it is.
pub fn compact(js: &str) -> String {
    if js.lines().any(|line| line.matches('`').count() % 2 == 1) {
        return js.to_owned();
    }
    let mut out = String::with_capacity(js.len());
    for line in js.lines().map(str::trim_start) {
        if !line.is_empty() && !line.starts_with("//") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::assets::Variant;

    #[test]
    fn compacting_drops_comments_and_indentation_only() {
        assert_eq!(
            compact("// a comment\n  const a = 1; // kept\n\n\tb();\n"),
            "const a = 1; // kept\nb();\n"
        );
        let literal = "const t = `one\n  // two\n`;\n";
        assert_eq!(compact(literal), literal);
    }

    #[test]
    fn each_script_holds_what_its_site_needs_and_nothing_else() {
        for variant in Variant::ALL {
            for offline in [false, true] {
                for search in [false, true] {
                    let scripts = SiteScripts { offline, search };
                    let script = variant.files(scripts).script;
                    let wasm = variant.files(scripts).wasm_name;
                    assert!(script.contains(&format!("\"./{wasm}\"")), "{script}");
                    assert!(script.contains(stepwise_core::dom::ATTR_FAILED));
                    assert_eq!(script.contains("serviceWorker"), offline, "{script}");
                    assert_eq!(script.contains("./search-ui."), search, "{script}");
                    assert!(!script.contains("__STEPWISE") && !script.contains("__SEARCH"));
                    assert!(!script.contains("__ATTR") && !script.contains("__UPDATE"));
                    // A page script exports nothing (so terser drops the glue's `initSync`).
                    assert!(!script.contains("export "), "{script}");
                    assert!(!script.contains("export{"), "{script}");
                }
            }
        }
    }
}
