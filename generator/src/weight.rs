//! Page weights: what one page of a built site sends a reader, gzipped as hosts serve it: its
//! HTML, its stylesheets, and the most browser code it can load (the scripts it names, and the
//! files those scripts name in turn, such as the WebAssembly module). Budgets per page type
//! keep them small; the `integration` tests hold the guide to them and `stepwise-bench`
//! prints them. Pure: the caller reads the files.

use std::collections::BTreeSet;

use stepwise_core::dom;

use crate::render::assets::{BASE_BUDGET_GZIPPED, PAGE_BUDGET_GZIPPED, Variant, gzipped_len};

/// The kinds of page a guide has, each with its own budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageType {
    /// The start page.
    Home,
    /// A section's page (it has pages below it).
    Section,
    /// A page with a checklist.
    Checklist,
    /// A page with a message composer.
    Composer,
    /// Any other page (the sources, the privacy notice).
    Page,
    /// The 404 page.
    NotFound,
}

impl PageType {
    /// Every page type, in the order they are reported.
    pub const ALL: [Self; 6] = [
        Self::Home,
        Self::Section,
        Self::Checklist,
        Self::Composer,
        Self::Page,
        Self::NotFound,
    ];

    /// How reports name it.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Home => "home",
            Self::Section => "section",
            Self::Checklist => "step with checklist",
            Self::Composer => "composer",
            Self::Page => "other page (sources)",
            Self::NotFound => "404",
        }
    }

    /// The most each part of a page of this type may weigh, gzipped.
    pub const fn budget(self) -> Weight {
        let html = match self {
            Self::Home => 12_000,
            Self::Section => 8_000,
            Self::Checklist => 10_000,
            Self::Composer => 14_000,
            Self::Page => 16_000,
            Self::NotFound => 6_000,
        };
        // A page loads one variant of the browser module: the base one unless it has a
        // composer (`assets::Variant::for_page`), each with its budget, which covers the
        // page's whole script (the service worker's registration and the lines that start
        // search are in it; the search module is loaded only when the reader asks, and has
        // its cap).
        let code = match self {
            Self::Composer => PAGE_BUDGET_GZIPPED,
            _ => BASE_BUDGET_GZIPPED,
        };
        Weight {
            html,
            // The theme's stylesheet, with the search field's styles.
            css: 9_000,
            code,
        }
    }
}

/// Gzipped bytes of one page's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Weight {
    /// The page's HTML.
    pub html: usize,
    /// Its stylesheets.
    pub css: usize,
    /// The scripts and WebAssembly it can load.
    pub code: usize,
}

impl Weight {
    /// The parts of `self` over `budget`, named (`html 13000 > 12000`).
    pub fn over(&self, budget: &Self) -> Vec<String> {
        [
            ("html", self.html, budget.html),
            ("css", self.css, budget.css),
            ("code", self.code, budget.code),
        ]
        .into_iter()
        .filter(|(_, weight, limit)| weight > limit)
        .map(|(part, weight, limit)| format!("{part} {weight} B > {limit} B"))
        .collect()
    }
}

/// The type of the page at output path `path` (`steps/index.html`), whose HTML is `html`;
/// `paths` are every output path of the site (a section is a page with pages below it).
pub fn page_type<'a>(path: &str, html: &str, mut paths: impl Iterator<Item = &'a str>) -> PageType {
    if path == "404.html" {
        return PageType::NotFound;
    }
    if path == "index.html" {
        return PageType::Home;
    }
    if html.contains(&format!(" {}=", dom::ATTR_COMPOSER)) {
        return PageType::Composer;
    }
    if html.contains(&format!(" {}=", dom::ATTR_CHECKLIST)) {
        return PageType::Checklist;
    }
    let folder = path.trim_end_matches("index.html");
    if paths
        .any(|other| other != path && other.starts_with(folder) && other.ends_with("/index.html"))
    {
        return PageType::Section;
    }
    PageType::Page
}

/// The weight of a page whose HTML is `html`, on a site published at `base_path`; `read`
/// returns an output file's bytes by its path in the output (`assets/style.1a2b.css`).
pub fn weigh(html: &str, base_path: &str, read: impl Fn(&str) -> Option<Vec<u8>>) -> Weight {
    let mut css = 0;
    let mut code = BTreeSet::new();
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        if tag.starts_with("link ") && tag.contains("rel=\"stylesheet\"") {
            if let Some(path) = attribute(tag, "href").and_then(|href| site_path(href, base_path)) {
                css += read(&path).map_or(0, |bytes| gzipped_len(&bytes));
            }
        } else if tag.starts_with("script ") {
            code.extend(attribute(tag, "src").and_then(|src| site_path(src, base_path)));
        } else if tag.starts_with("link ") && tag.contains("rel=\"modulepreload\"") {
            code.extend(attribute(tag, "href").and_then(|href| site_path(href, base_path)));
        }
    }
    // What the scripts load in turn: the `./name.js` they import and the `./name.wasm` they
    // name, beside them. A script named any other way is loaded on demand with `import(…)`:
    // search, once the reader asks for it (or at once on the search page), with its own cap.
    let mut pending: Vec<String> = code.iter().cloned().collect();
    while let Some(path) = pending.pop() {
        let Some(bytes) = read(&path) else { continue };
        if !path.ends_with(".js") {
            continue;
        }
        let script = String::from_utf8_lossy(&bytes);
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        for named in relative_names(&script) {
            let full = if folder.is_empty() {
                named
            } else {
                format!("{folder}/{named}")
            };
            if code.insert(full.clone()) {
                pending.push(full);
            }
        }
    }
    Weight {
        html: gzipped_len(html.as_bytes()),
        css,
        code: code
            .iter()
            .filter(|path| path.ends_with(".js") || path.ends_with(".wasm"))
            .filter_map(|path| read(path))
            .map(|bytes| gzipped_len(&bytes))
            .sum(),
    }
}

/// One page of a built site, weighed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeighedPage {
    /// Its output path (`steps/index.html`).
    pub path: String,
    /// Its type.
    pub kind: PageType,
    /// What it weighs.
    pub weight: Weight,
    /// The most it may weigh: its type's budget, with the code budget of the module variant it
    /// loads.
    pub budget: Weight,
}

/// Every page of a build's output (redirect pages left out), weighed: [`weigh_site`] over
/// `files`.
pub fn weigh_output(files: &[crate::render::OutputFile], base_path: &str) -> Vec<WeighedPage> {
    let files: std::collections::BTreeMap<&str, &[u8]> = files
        .iter()
        .map(|file| (file.path.as_str(), &file.bytes[..]))
        .collect();
    weigh_site(&files, base_path)
}

/// Every page of a built site (its output files by path; redirect pages left out), weighed.
pub fn weigh_site(
    files: &std::collections::BTreeMap<&str, &[u8]>,
    base_path: &str,
) -> Vec<WeighedPage> {
    files
        .iter()
        .filter(|(path, _)| path.ends_with("index.html") || **path == "404.html")
        .map(|(path, bytes)| (*path, String::from_utf8_lossy(bytes)))
        .filter(|(_, html)| !html.contains("http-equiv=\"refresh\""))
        .map(|(path, html)| {
            let kind = page_type(path, &html, files.keys().copied());
            // A page without a composer may still need the full variant (a deadline block).
            let full = format!("/stepwise-{}.", Variant::Full.name());
            let budget = Weight {
                code: if html.contains(&full) {
                    PAGE_BUDGET_GZIPPED
                } else {
                    kind.budget().code
                },
                ..kind.budget()
            };
            WeighedPage {
                path: path.to_owned(),
                kind,
                weight: weigh(&html, base_path, |name| {
                    files.get(name).map(|bytes| bytes.to_vec())
                }),
                budget,
            }
        })
        .collect()
}

/// The heaviest page of each type of `pages` (the most of each part), in [`PageType::ALL`]
/// order, with how many pages the type has and the largest budget among them.
pub fn heaviest(pages: &[WeighedPage]) -> Vec<(PageType, usize, Weight, Weight)> {
    PageType::ALL
        .iter()
        .filter_map(|&kind| {
            let of_kind: Vec<&Weight> = pages
                .iter()
                .filter(|page| page.kind == kind)
                .map(|page| &page.weight)
                .collect();
            let budgets: Vec<&Weight> = pages
                .iter()
                .filter(|page| page.kind == kind)
                .map(|page| &page.budget)
                .collect();
            (!of_kind.is_empty()).then(|| {
                let most = Weight {
                    html: of_kind.iter().map(|w| w.html).max().unwrap_or(0),
                    css: of_kind.iter().map(|w| w.css).max().unwrap_or(0),
                    code: of_kind.iter().map(|w| w.code).max().unwrap_or(0),
                };
                let budget = Weight {
                    html: budgets.iter().map(|w| w.html).max().unwrap_or(0),
                    css: budgets.iter().map(|w| w.css).max().unwrap_or(0),
                    code: budgets.iter().map(|w| w.code).max().unwrap_or(0),
                };
                (kind, of_kind.len(), most, budget)
            })
        })
        .collect()
}

/// The value of `name="…"` in a tag's text.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split('"').next()
}

/// A site-absolute address (`/guide/assets/x.css`) as an output path (`assets/x.css`).
fn site_path(address: &str, base_path: &str) -> Option<String> {
    address.strip_prefix(base_path).map(str::to_owned)
}

/// What a script loads as soon as it runs: the `"./name.js"` it imports (`import … from` or
/// `import "…"`) and every `"./name.wasm"` it names.
fn relative_names(script: &str) -> Vec<String> {
    let mut names = Vec::new();
    for quote in ['"', '\''] {
        for (start, opening) in script.match_indices(&format!("{quote}./")) {
            let after = &script[start + opening.len()..];
            let Some(name) = after.split(quote).next() else {
                continue;
            };
            let before = script[..start].trim_end();
            let imported = before.ends_with("from") || before.ends_with("import");
            let plain = !name.contains('/') && !name.contains(char::is_whitespace);
            if plain && (name.ends_with(".wasm") || (name.ends_with(".js") && imported)) {
                names.push(name.to_owned());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_weighs_its_html_stylesheets_and_every_script_it_can_load() {
        let files = std::collections::BTreeMap::from([
            ("assets/a.css", b"body{}".to_vec()),
            (
                "assets/loader.js",
                b"import init from \"./glue.js\"; new URL(\"./m.wasm\", import.meta.url)".to_vec(),
            ),
            ("assets/glue.js", b"export default 1".to_vec()),
            ("assets/m.wasm", b"\0asm".to_vec()),
            ("assets/unused.js", vec![b'x'; 5000]),
        ]);
        let html = "<html><head><link rel=\"stylesheet\" href=\"/g/assets/a.css\"><script type=\"module\" src=\"/g/assets/loader.js\"></script></head></html>";
        let weight = weigh(html, "/g/", |path| files.get(path).cloned());
        let gz = |path: &str| gzipped_len(&files[path]);
        assert_eq!(weight.css, gz("assets/a.css"));
        assert_eq!(
            weight.code,
            gz("assets/loader.js") + gz("assets/glue.js") + gz("assets/m.wasm")
        );
        assert_eq!(weight.html, gzipped_len(html.as_bytes()));
    }

    #[test]
    fn code_loaded_on_demand_is_not_counted() {
        let files = std::collections::BTreeMap::from([
            (
                "assets/page.js",
                b"const ui = new URL(\"./ui.js\", import.meta.url).href;\nimport(ui);\nnew URL('./m.wasm', import.meta.url);".to_vec(),
            ),
            ("assets/ui.js", vec![b'u'; 3000]),
            ("assets/m.wasm", b"\0asm".to_vec()),
        ]);
        let html = "<script type=\"module\" src=\"/assets/page.js\"></script>";
        let weight = weigh(html, "/", |path| files.get(path).cloned());
        let gz = |path: &str| gzipped_len(&files[path]);
        assert_eq!(weight.code, gz("assets/page.js") + gz("assets/m.wasm"));
    }

    #[test]
    fn page_types_come_from_the_path_and_the_markup() {
        let paths = [
            "index.html",
            "steps/index.html",
            "steps/a/index.html",
            "about/index.html",
        ];
        let kind = |path: &str, html: &str| page_type(path, html, paths.iter().copied());
        assert_eq!(kind("index.html", ""), PageType::Home);
        assert_eq!(kind("404.html", ""), PageType::NotFound);
        assert_eq!(kind("steps/index.html", "<p>"), PageType::Section);
        assert_eq!(kind("about/index.html", "<p>"), PageType::Page);
        assert_eq!(
            kind("steps/a/index.html", "<div data-checklist=\"x\">"),
            PageType::Checklist
        );
        assert_eq!(
            kind(
                "steps/a/index.html",
                "<div data-checklist=\"x\"><form data-composer=\"y\">"
            ),
            PageType::Composer
        );
    }

    #[test]
    fn over_names_each_part_past_its_budget() {
        let budget = PageType::NotFound.budget();
        let heavy = Weight {
            html: budget.html + 1,
            ..Weight::default()
        };
        assert_eq!(heavy.over(&budget), ["html 6001 B > 6000 B"]);
        assert!(Weight::default().over(&budget).is_empty());
    }
}
