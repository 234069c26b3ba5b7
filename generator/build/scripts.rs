//! The scripts pages load, written by the build script and minified with npm's `terser`.
//!
//! Each module variant gets one page script for each set of the site's own page scripts
//! ([`SITE_SCRIPT_SETS`]): the variant's JS glue, the lines that start it (`start.js`) and,
//! when the set has them, the service worker's registration and the lines that start search,
//! each in a block of its own, minified as one module (`render::script` fills in the names
//! only known at run time: the `__STEPWISE_…__` and `__SEARCH_…__` strings). The search
//! module's glue and the search field's script are minified too.
//!
//! Without Node.js and npm the scripts are written as they are (a few KB larger gzipped, over
//! the size budgets) and the build says so.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The release of terser that minifies the scripts, from npm.
const TERSER: &str = "terser@5.51.4";

/// The sets of the site's own page scripts: the file name's suffix, the service worker's
/// registration (`site.yaml`'s `offline`), the lines that start search (`search`).
const SITE_SCRIPT_SETS: [(&str, bool, bool); 4] = [
    ("plain", false, false),
    ("offline", true, false),
    ("search", false, true),
    ("offline-search", true, true),
];

/// The glue's exports, as the pinned wasm-bindgen writes them: a page script exports nothing,
/// so the glue's unused parts (`initSync`) can go.
const GLUE_EXPORTS: &str = "export { initSync, __wbg_init as default };";
/// The glue's start function, called by `start.js`.
const GLUE_START: &str = "export function start(";

/// The scripts' sources in the workspace.
const START_JS: &str = "generator/src/render/start.js";
const OFFLINE_JS: &str = "generator/src/offline/client.js";
const SEARCH_START_JS: &str = "checklist-wasm/search/js/search-start.js";
const SEARCH_UI_JS: &str = "checklist-wasm/search/js/search-ui.js";

/// The files whose changes make the build script run again.
pub(crate) const WATCHED: [&str; 4] = [START_JS, OFFLINE_JS, SEARCH_START_JS, SEARCH_UI_JS];

/// Writes `script-<set>.js` for every set into `pkg` (a variant's folder, which holds its
/// glue `checklist_wasm.js`).
pub(crate) fn write_page_scripts(
    workspace: &Path,
    pkg: &Path,
    terser: Option<&Path>,
) -> Result<(), String> {
    let glue = read(&pkg.join("checklist_wasm.js"))?;
    if !glue.contains(GLUE_EXPORTS) || !glue.contains(GLUE_START) {
        return Err(format!(
            "the JS glue in {} lacks `{GLUE_EXPORTS}` or `{GLUE_START}`: has wasm-bindgen changed?",
            pkg.display()
        ));
    }
    let glue = glue
        .replace(GLUE_EXPORTS, "")
        .replace(GLUE_START, "function start(");
    let start = read(&workspace.join(START_JS))?;
    let offline = read(&workspace.join(OFFLINE_JS))?;
    let search = read(&workspace.join(SEARCH_START_JS))?;
    for (name, with_offline, with_search) in SITE_SCRIPT_SETS {
        let mut source = format!("{glue}\n{start}");
        for (wanted, script) in [(with_offline, &offline), (with_search, &search)] {
            if wanted {
                source.push_str("{\n");
                source.push_str(script);
                source.push_str("}\n");
            }
        }
        write(
            &pkg.join(format!("script-{name}.js")),
            &minify(terser, &source)?,
        )?;
    }
    Ok(())
}

/// Minifies the search module's glue (in `pkg`, in place) and writes the search field's
/// script there as `search-ui.js`.
pub(crate) fn write_search_scripts(
    workspace: &Path,
    pkg: &Path,
    terser: Option<&Path>,
) -> Result<(), String> {
    let glue_path = pkg.join("checklist_wasm.js");
    let glue = read(&glue_path)?;
    write(&glue_path, &minify(terser, &glue)?)?;
    let ui = read(&workspace.join(SEARCH_UI_JS))?;
    write(&pkg.join("search-ui.js"), &minify(terser, &ui)?)
}

/// `source` minified as an ES module (its top-level names are its own: those it does not
/// export are renamed or dropped when unused), or as it is without terser.
fn minify(terser: Option<&Path>, source: &str) -> Result<String, String> {
    let Some(terser) = terser else {
        return Ok(source.to_owned());
    };
    let mut command = Command::new(terser);
    command.args(["--module", "--compress", "--mangle"]);
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|error| format!("running {}: {error}", terser.display()))?;
    child
        .stdin
        .take()
        .ok_or("terser's input")?
        .write_all(source.as_bytes())
        .map_err(|error| format!("writing to terser: {error}"))?;
    let output = child
        .wait_with_output()
        .map_err(|error| format!("running terser: {error}"))?;
    if !output.status.success() {
        return Err(format!("terser failed ({})", output.status));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| "terser wrote something that is not UTF-8".to_owned())
}

/// `terser` from npm, installed once into `<tools>/terser`.
pub(crate) fn terser(tools: &Path) -> Option<PathBuf> {
    super::npm_tool(tools, "terser", TERSER, "terser")
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| format!("reading {}: {error}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|error| format!("writing {}: {error}", path.display()))
}
