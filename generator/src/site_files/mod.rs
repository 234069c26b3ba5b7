//! Site-wide output files as a registry: each entry is one output (the sitemap, `_headers`, the
//! 404 page, …) and declares what it is made from, so a build writes every entry and an edit
//! refreshes exactly the entries that depend on what it changed.
//!
//! A new site-wide file (a search index, a service worker, a feed) is one entry in
//! [`SITE_FILES`] and the function that writes it.

mod headers;
mod redirects;
mod seo;

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::model::SiteModel;
use crate::offline;
use crate::render::{self, OutputFile, Shared, SiteParts, Theme};
use crate::theme::ThemeFile;

pub use headers::headers;
pub use redirects::aliases;
pub use seo::{robots, sitemap};

/// What a site-wide file can depend on, as a set of flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Inputs(u16);

impl Inputs {
    /// No input.
    pub const NONE: Self = Self(0);
    /// Which pages exist, their addresses, order and nesting.
    pub const PAGE_SET: Self = Self(1);
    /// `site.yaml`.
    pub const CONFIG: Self = Self(1 << 1);
    /// The theme's templates and files.
    pub const THEME: Self = Self(1 << 2);
    /// The files under `static/`.
    pub const STATIC: Self = Self(1 << 3);
    /// Pages' titles.
    pub const TITLES: Self = Self(1 << 4);
    /// Pages' descriptions.
    pub const DESCRIPTIONS: Self = Self(1 << 5);
    /// Pages' last-checked dates.
    pub const DATES: Self = Self(1 << 6);
    /// Pages' checklists and their items.
    pub const CHECKLISTS: Self = Self(1 << 7);
    /// Pages' rendered text.
    pub const BODIES: Self = Self(1 << 8);
    /// Anything about the start page (its view is shown by pages that are not pages).
    pub const HOME: Self = Self(1 << 9);
    /// Everything: after a full build.
    pub const ALL: Self = Self(u16::MAX);

    /// Both sets together.
    pub const fn and(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether the sets share an input.
    pub const fn touches(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }
}

impl std::ops::BitOr for Inputs {
    type Output = Self;

    fn bitor(self, other: Self) -> Self {
        self.and(other)
    }
}

impl std::ops::BitOrAssign for Inputs {
    fn bitor_assign(&mut self, other: Self) {
        *self = self.and(other);
    }
}

/// What the entries are made from.
pub struct Context<'a> {
    /// The site.
    pub model: &'a SiteModel,
    /// Every page's rendered Markdown.
    pub rendered: &'a [Rendered],
    /// The theme and the site-wide template parts, when the theme loaded.
    pub theme: Option<(&'a Theme, &'a SiteParts)>,
    /// The files under `static/`, by path.
    pub static_files: &'a BTreeMap<String, Vec<u8>>,
    /// Every file of the theme (templates and static files), by path in the theme.
    pub theme_files: &'a BTreeMap<String, ThemeFile>,
    /// Each page's part of the checklist manifest (`manifest::entries`, by `PageId`), when
    /// kept between rebuilds.
    pub manifest_entries: Option<&'a [String]>,
}

/// What an entry wrote: its files, or the problem that stopped it.
pub type Written = Result<Vec<OutputFile>, Diagnostic>;

/// One site-wide output.
pub struct SiteFile {
    /// What it is, for timings and messages.
    pub name: &'static str,
    /// What it is made from: an edit that changes any of these refreshes it.
    pub depends_on: Inputs,
    /// Whether its files stand for files the author wrote (redirects for aliases, static
    /// files), so that problems with them are reported at those sources rather than as the
    /// build's own files.
    pub from_sources: bool,
    /// Writes it.
    pub write: fn(&Context<'_>) -> Written,
}

/// The paths of the site-wide files whose names do not change (hashed assets go under
/// `assets/`). Kept next to the registry: a new entry with a fixed name adds it here (a test
/// checks the two agree).
pub const FIXED_PATHS: [&str; 9] = [
    "404.html",
    crate::search::ROOT_PATH,
    crate::search::PAGE_PATH,
    "sitemap.xml",
    "robots.txt",
    "_headers",
    crate::manifest::FILE_NAME,
    offline::WORKER_FILE,
    offline::MANIFEST_FILE,
];

/// What a page the build writes in the theme (the 404 page, the search page) shows: the
/// sidebar (titles, checklists) and the start page's title and description.
const THEMED_PAGE: Inputs = Inputs::PAGE_SET
    .and(Inputs::CONFIG)
    .and(Inputs::THEME)
    .and(Inputs::TITLES)
    .and(Inputs::CHECKLISTS)
    .and(Inputs::HOME);

/// Every site-wide output, in the order they are written.
pub const SITE_FILES: [SiteFile; 12] = [
    SiteFile {
        name: "theme assets",
        from_sources: false,
        depends_on: Inputs::THEME.and(Inputs::CONFIG),
        write: theme_assets,
    },
    SiteFile {
        name: "404 page",
        from_sources: false,
        depends_on: THEMED_PAGE,
        write: not_found,
    },
    SiteFile {
        name: "sitemap.xml",
        from_sources: false,
        depends_on: Inputs::PAGE_SET.and(Inputs::DATES).and(Inputs::CONFIG),
        write: |ctx| Ok(vec![sitemap(ctx.model)]),
    },
    SiteFile {
        name: "robots.txt",
        from_sources: false,
        depends_on: Inputs::CONFIG,
        write: |ctx| Ok(vec![robots(ctx.model)]),
    },
    SiteFile {
        name: "_headers",
        from_sources: false,
        depends_on: Inputs::CONFIG,
        write: |ctx| Ok(vec![headers(ctx.model)]),
    },
    SiteFile {
        name: "checklist manifest",
        from_sources: false,
        // It names the site's storage namespace too.
        depends_on: Inputs::PAGE_SET.and(Inputs::CHECKLISTS).and(Inputs::CONFIG),
        write: |ctx| {
            Ok(vec![match ctx.manifest_entries {
                Some(entries) => crate::manifest::assemble(ctx.model, entries),
                None => crate::manifest::write(ctx.model, ctx.rendered),
            }])
        },
    },
    SiteFile {
        name: "service worker",
        from_sources: false,
        // Its version is a hash of everything the site is made from.
        depends_on: Inputs::ALL,
        write: service_worker,
    },
    SiteFile {
        name: "web app manifest",
        from_sources: false,
        depends_on: Inputs::CONFIG.and(Inputs::THEME),
        write: web_app_manifest,
    },
    SiteFile {
        name: "redirects",
        from_sources: true,
        depends_on: Inputs::PAGE_SET.and(Inputs::TITLES).and(Inputs::CONFIG),
        write: |ctx| Ok(aliases(ctx.model)),
    },
    SiteFile {
        name: "search index",
        from_sources: false,
        // Titles, text and checklist items, and the language (site.yaml) it is tokenised in.
        depends_on: Inputs::PAGE_SET
            .and(Inputs::TITLES)
            .and(Inputs::BODIES)
            .and(Inputs::CHECKLISTS)
            .and(Inputs::CONFIG),
        write: |ctx| Ok(crate::search::index_files(ctx.model, ctx.rendered)),
    },
    SiteFile {
        name: "search page",
        from_sources: false,
        // Every page A to Z, in the theme, with the sidebar (as the 404 page).
        depends_on: THEMED_PAGE,
        write: search_page,
    },
    SiteFile {
        name: "static files",
        from_sources: true,
        depends_on: Inputs::STATIC,
        write: |ctx| {
            Ok(ctx
                .static_files
                .iter()
                .map(|(path, bytes)| OutputFile::new(path.clone(), bytes.clone()))
                .collect())
        },
    },
];

fn theme_assets(ctx: &Context<'_>) -> Written {
    Ok(ctx
        .theme
        .map(|(theme, _)| theme.asset_files.clone())
        .unwrap_or_default())
}

fn service_worker(ctx: &Context<'_>) -> Written {
    let Some((theme, _)) = ctx.theme else {
        return Ok(Vec::new());
    };
    if !ctx.model.config.offline {
        // Readers whose browsers kept an earlier version lose that copy on their next visit.
        return Ok(vec![OutputFile::new(
            offline::WORKER_FILE,
            offline::REMOVING_WORKER.as_bytes().to_vec(),
        )]);
    }
    // With search, its index and page are kept too when the whole site is (offline search
    // from the first visit); a larger site keeps the shards a search used.
    let mut other_files = Vec::new();
    if ctx.model.config.search && ctx.model.pages.len() <= offline::PRECACHE_PAGE_LIMIT {
        other_files = crate::search::index_files(ctx.model, ctx.rendered);
        other_files.push(OutputFile::new(crate::search::PAGE_PATH, Vec::new()));
    }
    Ok(vec![offline::worker::write(
        &offline::worker::WorkerInputs {
            model: ctx.model,
            theme_files: ctx.theme_files,
            asset_files: &theme.asset_files,
            static_files: ctx.static_files,
            rendered: ctx.rendered,
            manifest: true,
            other_files: &other_files,
        },
    )])
}

fn web_app_manifest(ctx: &Context<'_>) -> Written {
    let Some((theme, _)) = ctx.theme.filter(|_| ctx.model.config.offline) else {
        return Ok(Vec::new());
    };
    let colours = offline::manifest::colours(ctx.theme_files);
    let icon = theme
        .assets
        .view(render::assets::Variant::Base)
        .files
        .get(offline::manifest::ICON_SOURCE);
    Ok(vec![offline::manifest::write(
        &ctx.model.config,
        &colours,
        icon.map(String::as_str),
    )])
}

fn not_found(ctx: &Context<'_>) -> Written {
    let Some((theme, parts)) = ctx.theme else {
        return Ok(Vec::new());
    };
    let shared = Shared::new(ctx.model, ctx.rendered, theme, parts);
    render::not_found(&shared).map(|file| vec![file])
}

fn search_page(ctx: &Context<'_>) -> Written {
    let (Some((theme, parts)), true) = (ctx.theme, ctx.model.config.search) else {
        return Ok(Vec::new());
    };
    let shared = Shared::new(ctx.model, ctx.rendered, theme, parts);
    render::search_page::render(&shared).map(|file| vec![file])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_combine_and_intersect() {
        let sitemap = Inputs::PAGE_SET | Inputs::DATES;
        assert!(sitemap.touches(Inputs::DATES));
        assert!(!sitemap.touches(Inputs::TITLES | Inputs::BODIES));
        assert!(Inputs::ALL.touches(Inputs::HOME));
        assert!(!Inputs::NONE.touches(Inputs::ALL));
    }

    #[test]
    fn the_fixed_paths_are_the_files_the_entries_write() {
        let config =
            crate::config::parse("title: T\nbase_url: https://example.org/\n").expect("config");
        let content = [crate::source::TextFile {
            path: "content/_index.md".into(),
            text: "---\ntitle: Home\n---\n".into(),
        }];
        let (model, _) = crate::model::build(
            config,
            &content,
            &["content".to_owned()],
            Default::default(),
        );
        let statics = BTreeMap::new();
        let context = Context {
            model: &model,
            rendered: &[crate::markdown::Rendered::default()],
            theme: None,
            static_files: &statics,
            theme_files: &BTreeMap::new(),
            manifest_entries: None,
        };
        let mut written: Vec<String> = SITE_FILES
            .iter()
            .filter(|entry| !entry.from_sources)
            .flat_map(|entry| (entry.write)(&context).unwrap_or_default())
            .map(|file| file.path)
            // Hashed files (the search index's shards) go under `assets/`.
            .filter(|path| !path.starts_with("assets/"))
            .collect();
        // Without a theme there is no 404 page, search page, service worker or manifest to write.
        written.extend(
            [
                "404.html",
                crate::search::PAGE_PATH,
                offline::WORKER_FILE,
                offline::MANIFEST_FILE,
            ]
            .map(str::to_owned),
        );
        written.sort();
        let mut fixed = FIXED_PATHS.map(str::to_owned).to_vec();
        fixed.sort();
        assert_eq!(written, fixed);
    }

    #[test]
    fn every_entry_has_a_name_and_inputs() {
        for file in &SITE_FILES {
            assert!(!file.name.is_empty());
            assert_ne!(file.depends_on, Inputs::NONE, "{}", file.name);
        }
    }
}
