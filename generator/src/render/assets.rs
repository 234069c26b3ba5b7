//! Static assets with a content hash in their names, so hosts can cache them for a year:
//! the theme's files, and the browser module in each of its variants: its WebAssembly and
//! the one script a page loads (`script`: the glue, the module's start, the site's page
//! scripts).
//!
//! Every page loads exactly one variant of the module, chosen from what the page contains
//! ([`Variant::for_page`]): two instances in one document would each keep their own copy of
//! the reader's state, and a page never hears of its own storage writes, so they would undo
//! each other's changes.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::OutputFile;
use super::script::{SiteScripts, page_script};
use super::views::AssetsView;
use crate::config::SiteConfig;
use crate::markdown::Rendered;
use crate::theme::STATIC;
use crate::theme::ThemeFile;

/// The folder, inside the output, that holds hashed assets.
pub const ASSETS_DIR: &str = "assets";

/// The most the base variant (WebAssembly and the page's script) may weigh, gzipped.
pub const BASE_BUDGET_GZIPPED: usize = 30_000;
/// The most any page's browser code (its variant's WebAssembly and the page's script, which
/// holds the glue and every page script of the site) may weigh, gzipped.
pub const PAGE_BUDGET_GZIPPED: usize = 45_000;

/// A build of the browser module with some of its optional parts (cargo features of
/// `checklist-wasm`, chosen in `generator/build.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Variant {
    /// Checklists, storage, sync, resets, export and import, notices: on every page that needs
    /// nothing more.
    Base,
    /// The base and every optional part (the message composer, deadlines).
    Full,
}

impl Variant {
    /// Every variant, smallest first.
    pub const ALL: [Self; 2] = [Self::Base, Self::Full];

    /// The variant a page needs: the full one when it has a composer or deadlines.
    pub fn for_page(rendered: &Rendered) -> Self {
        if rendered.composers.is_empty() && rendered.deadlines.is_empty() {
            Self::Base
        } else {
            Self::Full
        }
    }

    /// The variant's name, as in its files' names (`base`, `full`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Base => "base",
            Self::Full => "full",
        }
    }

    /// The variant's page script as the build script wrote it for a site with `scripts`
    /// (wasm-bindgen's glue, the module's start, the site's page scripts; minified), before
    /// [`page_script`] fills in its names.
    pub fn script_template(self, scripts: SiteScripts) -> &'static str {
        macro_rules! script {
            ($variant:literal, $set:literal) => {
                include_str!(concat!(
                    env!("OUT_DIR"),
                    "/pkg/",
                    $variant,
                    "/script-",
                    $set,
                    ".js"
                ))
            };
        }
        macro_rules! templates {
            ($variant:literal) => {
                match (scripts.offline, scripts.search) {
                    (false, false) => script!($variant, "plain"),
                    (true, false) => script!($variant, "offline"),
                    (false, true) => script!($variant, "search"),
                    (true, true) => script!($variant, "offline-search"),
                }
            };
        }
        match self {
            Self::Base => templates!("base"),
            Self::Full => templates!("full"),
        }
    }

    /// The variant's WebAssembly, compiled from `checklist-wasm` at build time.
    pub const fn wasm(self) -> &'static [u8] {
        match self {
            Self::Base => {
                include_bytes!(concat!(env!("OUT_DIR"), "/pkg/base/checklist_wasm_bg.wasm"))
            }
            Self::Full => {
                include_bytes!(concat!(env!("OUT_DIR"), "/pkg/full/checklist_wasm_bg.wasm"))
            }
        }
    }

    /// The variant's two files (WebAssembly, the page's script) on a site with `scripts`,
    /// named as in the output's assets folder.
    pub fn files(self, scripts: SiteScripts) -> ModuleFiles {
        let name = self.name();
        let wasm = hashed_name(&format!("checklist_{name}_bg.wasm"), self.wasm());
        let script = page_script(self.script_template(scripts), &wasm, scripts);
        ModuleFiles {
            script_name: hashed_name(&format!("stepwise-{name}.js"), script.as_bytes()),
            script,
            wasm_name: wasm,
        }
    }

    /// The gzipped size of the variant's WebAssembly and script on a site with `scripts`:
    /// what a page using it downloads.
    pub fn gzipped_len(self, scripts: SiteScripts) -> usize {
        gzipped_len(self.wasm()) + gzipped_len(self.files(scripts).script.as_bytes())
    }
}

/// A module variant's files in the assets folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleFiles {
    /// The hashed name of the WebAssembly file.
    pub wasm_name: String,
    /// The hashed name of the page's script.
    pub script_name: String,
    /// The script's source.
    pub script: String,
}

/// What templates see as `assets`, for each module variant (the theme's files are the same in
/// every one).
#[derive(Debug, Clone)]
pub struct Assets {
    views: [AssetsView; Variant::ALL.len()],
}

impl Assets {
    /// `assets` on a page that loads `variant`.
    pub fn view(&self, variant: Variant) -> &AssetsView {
        &self.views[variant as usize]
    }
}

/// The size of `bytes` after gzip at the highest level, as a host would serve them.
pub fn gzipped_len(bytes: &[u8]) -> usize {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    if encoder.write_all(bytes).is_err() {
        return bytes.len();
    }
    encoder
        .finish()
        .map_or(bytes.len(), |compressed| compressed.len())
}

/// The first 10 hex digits of the SHA-256 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest
        .iter()
        .take(5)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// `style.css` + hash → `style.0a1b2c3d4e.css`.
fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let hash = content_hash(bytes);
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

/// Writes every asset and returns what templates need to link to them.
pub fn build(
    theme: &BTreeMap<String, ThemeFile>,
    config: &SiteConfig,
    files: &mut Vec<OutputFile>,
) -> Assets {
    let base_path = config.base_path();
    let mut urls = BTreeMap::new();
    for (path, file) in theme {
        let Some(name) = path.strip_prefix(STATIC) else {
            continue;
        };
        let output = format!("{ASSETS_DIR}/{}", hashed_name(name, &file.bytes));
        urls.insert(name.to_owned(), format!("{base_path}{output}"));
        files.push(OutputFile::new(output, file.bytes.to_vec()));
    }

    // Search is one set of files, whichever variant a page loads.
    let search = super::search_assets::build(base_path, files);
    let scripts = SiteScripts::of(config);
    let views = Variant::ALL.map(|variant| {
        let module = variant.files(scripts);
        files.push(OutputFile::new(
            format!("{ASSETS_DIR}/{}", module.wasm_name),
            variant.wasm().to_vec(),
        ));
        files.push(OutputFile::new(
            format!("{ASSETS_DIR}/{}", module.script_name),
            module.script.into_bytes(),
        ));
        let script = format!("{base_path}{ASSETS_DIR}/{}", module.script_name);
        AssetsView {
            files: urls.clone(),
            module: script.clone(),
            wasm: format!("{base_path}{ASSETS_DIR}/{}", module.wasm_name),
            search: super::search_assets::SearchAssetsView {
                start: script.clone(),
                ..search.clone()
            },
            offline: None,
            script,
            manifest: config
                .offline
                .then(|| format!("{base_path}{}", crate::offline::MANIFEST_FILE)),
            theme_color: config
                .offline
                .then(|| crate::offline::manifest::colours(theme).accent)
                .flatten(),
        }
    });
    Assets { views }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_content_hash() {
        assert_eq!(hashed_name("style.css", b"a"), "style.ca978112ca.css");
        assert_ne!(
            hashed_name("style.css", b"b"),
            hashed_name("style.css", b"a")
        );
    }

    #[test]
    fn the_base_variant_stays_within_its_size_budget() {
        let total = Variant::Base.gzipped_len(SiteScripts::ALL);
        assert!(
            total <= BASE_BUDGET_GZIPPED,
            "the base module is {total} B gzipped, over the {BASE_BUDGET_GZIPPED} B budget"
        );
    }

    #[test]
    fn every_page_stays_within_its_size_budget() {
        // A page loads exactly one variant, so its browser code is that variant's files.
        for variant in Variant::ALL {
            let total = variant.gzipped_len(SiteScripts::ALL);
            assert!(
                total <= PAGE_BUDGET_GZIPPED,
                "the {} module is {total} B gzipped, over the {PAGE_BUDGET_GZIPPED} B page budget",
                variant.name()
            );
        }
    }

    #[test]
    fn every_variant_was_built_from_source_with_its_own_parts() {
        for variant in Variant::ALL {
            assert!(variant.wasm().starts_with(b"\0asm"), "not a wasm file");
            // The names `script::page_script` fills in.
            let template = variant.script_template(SiteScripts::ALL);
            assert!(
                template.contains("\"__STEPWISE_WASM__\"")
                    && template.contains("__STEPWISE_FAILED__"),
                "the script lacks its tokens"
            );
        }
        // The composer's clipboard calls are the full variant's alone.
        assert!(
            Variant::Full
                .script_template(SiteScripts::ALL)
                .contains("writeText")
        );
        assert!(
            !Variant::Base
                .script_template(SiteScripts::ALL)
                .contains("writeText")
        );
        assert!(Variant::Base.wasm().len() < Variant::Full.wasm().len());
    }

    #[test]
    fn a_page_with_a_composer_gets_the_full_variant() {
        let mut rendered = Rendered::default();
        assert_eq!(Variant::for_page(&rendered), Variant::Base);
        rendered.composers.push(crate::markdown::ComposerInfo {
            id: "letter".to_owned(),
            title: "Your letter".to_owned(),
            intro: None,
            recipient: None,
            fields: Vec::new(),
            subject: "Refund".to_owned(),
            body: "Hello".to_owned(),
            lists: Vec::new(),
            deadlines: Vec::new(),
            at: (1, 1),
            under_heading: false,
        });
        assert_eq!(Variant::for_page(&rendered), Variant::Full);
        let mut with_deadlines = Rendered::default();
        with_deadlines
            .deadlines
            .push(crate::markdown::DeadlinesInfo {
                id: "card".to_owned(),
                title: "Deadlines".to_owned(),
                intro: None,
                dates: Vec::new(),
                choices: Vec::new(),
                deadlines: Vec::new(),
                at: (1, 1),
            });
        assert_eq!(Variant::for_page(&with_deadlines), Variant::Full);
    }

    #[test]
    fn variants_have_distinct_files() {
        let [base, full] = Variant::ALL.map(|variant| variant.files(SiteScripts::ALL));
        assert_ne!(base.script_name, full.script_name);
        assert_ne!(base.wasm_name, full.wasm_name);
        assert!(full.script.contains(&format!("\"./{}\"", full.wasm_name)));
        assert!(base.script.contains(&format!("\"./{}\"", base.wasm_name)));
    }
}
