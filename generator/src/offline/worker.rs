//! `sw.js`: the service worker, with the list of files to keep on the first visit and the
//! build's version (so a republished guide installs a new worker, which replaces the cache).

use std::collections::BTreeMap;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::{
    MANIFEST_FILE, PRECACHE_BYTE_LIMIT, PRECACHE_PAGE_LIMIT, WORKER_FILE, fill, js_string,
};
use crate::markdown::Rendered;
use crate::model::SiteModel;
use crate::render::OutputFile;
use crate::theme::ThemeFile;

const TEMPLATE: &str = include_str!("worker.js");

/// What the worker is made from.
pub struct WorkerInputs<'a> {
    /// The site.
    pub model: &'a SiteModel,
    /// Every theme file (templates and static files), by path in the theme.
    pub theme_files: &'a BTreeMap<String, ThemeFile>,
    /// The hashed assets the build writes (theme files, the module, its page scripts).
    pub asset_files: &'a [OutputFile],
    /// The files under `static/`, by path.
    pub static_files: &'a BTreeMap<String, Vec<u8>>,
    /// Each page's rendered Markdown, by `PageId` (a build that only writes lets go of the
    /// pages' text, but not of what it rendered).
    pub rendered: &'a [Rendered],
    /// Whether the site has a web app manifest.
    pub manifest: bool,
    /// Other files of the site that readers fetch from its pages (the search index and the
    /// search page), kept with the whole site.
    pub other_files: &'a [OutputFile],
}

/// What the worker keeps on the first visit.
#[derive(Debug, PartialEq, Eq)]
pub struct Precache {
    /// Site-relative addresses, sorted.
    pub paths: Vec<String>,
    /// Whether they are the whole site (else pages are kept once visited).
    pub whole_site: bool,
}

/// The files to keep: the whole site when it has at most [`PRECACHE_PAGE_LIMIT`] pages and
/// its files at most [`PRECACHE_BYTE_LIMIT`] bytes; else the theme's files, the module, the
/// manifest, the start page and the 404 page.
pub fn precache(inputs: &WorkerInputs<'_>) -> Precache {
    let base = inputs.model.config.base_path();
    let bytes: usize = inputs
        .asset_files
        .iter()
        .map(|file| file.bytes.len())
        .chain(inputs.static_files.values().map(Vec::len))
        .chain(inputs.other_files.iter().map(|file| file.bytes.len()))
        .sum();
    let whole_site =
        inputs.model.pages.len() <= PRECACHE_PAGE_LIMIT && bytes <= PRECACHE_BYTE_LIMIT;
    let mut paths: Vec<String> = inputs
        .asset_files
        .iter()
        .map(|file| format!("{base}{}", file.path))
        .collect();
    paths.push(format!("{base}404.html"));
    paths.push(base.to_owned());
    if inputs.manifest {
        paths.push(format!("{base}{MANIFEST_FILE}"));
    }
    if whole_site {
        paths.extend((0..inputs.model.pages.len()).map(|index| {
            format!(
                "{base}{}",
                inputs.model.page(crate::model::PageId(index)).url_path
            )
        }));
        paths.extend(
            inputs
                .static_files
                .keys()
                .map(|path| format!("{base}{path}")),
        );
        paths.extend(inputs.other_files.iter().map(|file| {
            // A page is fetched at its folder's address.
            let path = file.path.strip_suffix("index.html").unwrap_or(&file.path);
            format!("{base}{path}")
        }));
    }
    paths.sort();
    paths.dedup();
    Precache { paths, whole_site }
}

/// The build's version: a hash of everything the output is made from (the pages' front matter
/// and rendered Markdown, `site.yaml`, the theme, the static files, the module and Stepwise's
/// version), so any change that can change a file the worker keeps gives a new worker. It
/// reads what every build keeps (a build that only writes lets go of the pages' text).
pub fn version(inputs: &WorkerInputs<'_>, precache: &Precache) -> String {
    // By source path: an incremental build keeps a page's place in the model where a full
    // build may give it another, and both must give the same version.
    let mut pages: Vec<(&str, [u8; 32])> = inputs
        .model
        .pages
        .par_iter()
        .enumerate()
        .map(|(index, page)| {
            let mut hash = Sha256::new();
            hash.update(page.source_path.as_bytes());
            hash.update([0]);
            hash.update(format!("{:?}", page.front).as_bytes());
            hash.update([0]);
            if let Some(rendered) = inputs.rendered.get(index) {
                hash.update(rendered.html.as_bytes());
            }
            (page.source_path.as_str(), hash.finalize().into())
        })
        .collect();
    pages.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut hash = Sha256::new();
    hash.update(env!("CARGO_PKG_VERSION").as_bytes());
    hash.update(format!("{:?}", inputs.model.config).as_bytes());
    for (_, page) in &pages {
        hash.update(page);
    }
    for (path, file) in inputs.theme_files {
        hash.update(path.as_bytes());
        hash.update(Sha256::digest(&file.bytes));
    }
    for (path, bytes) in inputs.static_files {
        hash.update(path.as_bytes());
        hash.update(Sha256::digest(bytes));
    }
    for path in &precache.paths {
        hash.update(path.as_bytes());
        hash.update([0]);
    }
    hash.finalize()
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The service worker file.
pub fn write(inputs: &WorkerInputs<'_>) -> OutputFile {
    let precache = precache(inputs);
    let version = version(inputs, &precache);
    let base = inputs.model.config.base_path();
    let list = serde_json::to_string(&precache.paths).unwrap_or_else(|_| "[]".to_owned());
    let text = fill(
        TEMPLATE,
        &[
            ("/*VERSION*/\"\"", &js_string(&version)),
            ("/*PRECACHE*/[]", &list),
            (
                "/*WHOLE_SITE*/true",
                if precache.whole_site { "true" } else { "false" },
            ),
            ("/*NOT_FOUND*/\"\"", &js_string(&format!("{base}404.html"))),
        ],
    );
    OutputFile::new(WORKER_FILE, text.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(pages: usize, body: &str) -> SiteModel {
        let config = crate::config::parse("title: T\nbase_url: https://example.org/guide/\n")
            .expect("config");
        let mut content = vec![crate::source::TextFile {
            path: "content/_index.md".into(),
            text: format!("---\ntitle: Home\n---\n{body}\n").into(),
        }];
        content.extend((1..pages).map(|n| crate::source::TextFile {
            path: format!("content/p{n}.md"),
            text: format!("---\ntitle: Page {n}\n---\n").into(),
        }));
        crate::model::build(
            config,
            &content,
            &["content".to_owned()],
            Default::default(),
        )
        .0
    }

    fn inputs<'a>(
        model: &'a SiteModel,
        assets: &'a [OutputFile],
        statics: &'a BTreeMap<String, Vec<u8>>,
        theme: &'a BTreeMap<String, ThemeFile>,
    ) -> WorkerInputs<'a> {
        WorkerInputs {
            model,
            theme_files: theme,
            asset_files: assets,
            static_files: statics,
            rendered: &[],
            manifest: true,
            other_files: &[],
        }
    }

    #[test]
    fn a_small_site_is_kept_whole() {
        let model = model(3, "");
        let assets = [OutputFile::new("assets/style.1.css", b"x".to_vec())];
        let statics = BTreeMap::from([("files/form.pdf".to_owned(), b"%PDF".to_vec())]);
        let theme = BTreeMap::new();
        let precache = precache(&inputs(&model, &assets, &statics, &theme));
        assert!(precache.whole_site);
        assert_eq!(
            precache.paths,
            [
                "/guide/",
                "/guide/404.html",
                "/guide/assets/style.1.css",
                "/guide/files/form.pdf",
                "/guide/manifest.webmanifest",
                "/guide/p1/",
                "/guide/p2/",
            ]
        );
    }

    #[test]
    fn past_the_page_limit_only_the_shell_is_kept() {
        let model = model(PRECACHE_PAGE_LIMIT + 1, "");
        let assets = [OutputFile::new("assets/style.1.css", b"x".to_vec())];
        let statics = BTreeMap::from([("files/form.pdf".to_owned(), b"%PDF".to_vec())]);
        let theme = BTreeMap::new();
        let precache = precache(&inputs(&model, &assets, &statics, &theme));
        assert!(!precache.whole_site);
        assert_eq!(
            precache.paths,
            [
                "/guide/",
                "/guide/404.html",
                "/guide/assets/style.1.css",
                "/guide/manifest.webmanifest",
            ]
        );
        let worker = String::from_utf8(
            write(&inputs(&model, &assets, &statics, &theme))
                .bytes
                .to_vec(),
        )
        .expect("utf-8");
        assert!(worker.contains("const WHOLE_SITE = false;"));
    }

    #[test]
    fn past_the_byte_limit_only_the_shell_is_kept() {
        let model = model(2, "");
        let assets = [OutputFile::new(
            "assets/big.1.bin",
            vec![0; PRECACHE_BYTE_LIMIT + 1],
        )];
        let (statics, theme) = (BTreeMap::new(), BTreeMap::new());
        assert!(!precache(&inputs(&model, &assets, &statics, &theme)).whole_site);
    }

    #[test]
    fn the_version_changes_with_any_page_and_only_then() {
        let (statics, theme) = (BTreeMap::new(), BTreeMap::new());
        let version = |pages: usize, body: &str| {
            let model = model(pages, "");
            let rendered: Vec<Rendered> = (0..pages)
                .map(|_| Rendered {
                    html: format!("<p>{body}</p>"),
                    ..Rendered::default()
                })
                .collect();
            let inputs = WorkerInputs {
                rendered: &rendered,
                ..inputs(&model, &[], &statics, &theme)
            };
            version(&inputs, &precache(&inputs))
        };
        assert_eq!(version(3, "a"), version(3, "a"));
        assert_ne!(version(3, "a"), version(3, "b"));
        assert_ne!(version(3, "a"), version(4, "a"));
        // A title is in the front matter, not in the rendered body.
        let titled = |title: &str| {
            let mut model = model(2, "");
            model.pages[1].front.title = title.to_owned();
            let inputs = inputs(&model, &[], &statics, &theme);
            super::version(&inputs, &precache(&inputs))
        };
        assert_ne!(titled("One"), titled("Two"));
    }

    #[test]
    fn every_value_is_filled_in() {
        let model = model(2, "");
        let (statics, theme) = (BTreeMap::new(), BTreeMap::new());
        let worker =
            String::from_utf8(write(&inputs(&model, &[], &statics, &theme)).bytes.to_vec())
                .expect("utf-8");
        for token in [
            "/*VERSION*/",
            "/*PRECACHE*/",
            "/*WHOLE_SITE*/",
            "/*NOT_FOUND*/",
        ] {
            assert!(!worker.contains(token), "{token} left in the worker");
        }
        assert!(worker.contains("const NOT_FOUND = \"/guide/404.html\";"));
    }
}
