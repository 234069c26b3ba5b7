//! The same corpus as a Hugo site, for a side-by-side build time: TOML front matter with the
//! same values, `_index.md` sections, the same Markdown bodies (GitHub alerts and task lists
//! left for Hugo to render as it does; Stepwise's `{#id}` item attributes stripped), and a
//! minimal theme written here at run time (never committed as a Hugo project).
//!
//! The theme does what Stepwise's default theme does on every page, as plainly as a Hugo author
//! would write it: a sidebar listing the start page, every top-level section and the contents
//! of the sections on the way to the page (`range site.Sections`, then the `.Pages` of each
//! section that is or holds `.CurrentSection`), breadcrumbs, the table of contents, prev/next in the section and the content;
//! sections also list their pages. Links to `.md` files are resolved by a link render hook
//! (`.Page.GetPage`), as Stepwise resolves them. No minification, no syntax highlighting of
//! code blocks, no taxonomy or RSS pages (Stepwise does none of these); the sitemap,
//! `robots.txt` and the 404 page are kept (Stepwise writes them too).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::corpus::{self, FrontMatter, Page, Plan, quoted};
use crate::measure;

/// The theme's folder name.
const THEME: &str = "bench";

/// Hugo's settings for the site.
fn config() -> String {
    format!(
        "baseURL = {}\ntitle = {}\nlanguageCode = \"en\"\ntheme = \"{THEME}\"\n\
disableKinds = [\"taxonomy\", \"term\", \"RSS\"]\nenableRobotsTXT = true\n\n\
[params]\ndescription = {}\n\n\
[markup.highlight]\ncodeFences = false\n\n\
[markup.tableOfContents]\nstartLevel = 2\nendLevel = 3\n",
        quoted(corpus::BASE_URL),
        quoted(corpus::SITE_TITLE),
        quoted(corpus::SITE_DESCRIPTION)
    )
}

/// The theme's files, under `themes/bench/layouts/`.
const LAYOUTS: [(&str, &str); 8] = [
    (
        "_default/baseof.html",
        r##"<!doctype html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} – {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:site_name" content="{{ site.Title }}">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><a class="site-title" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a> <a class="nav-jump" href="#guide-nav">Contents</a></header>
<div class="layout">
<main id="main">
{{ block "main" . }}{{ end }}
</main>
{{ partial "nav.html" . }}
</div>
<footer class="site-footer"><p>{{ site.Title }}</p></footer>
</body>
</html>
"##,
    ),
    (
        "_default/single.html",
        r##"{{ define "main" }}
{{ partial "header.html" . }}
<div class="content">
{{ .Content }}
</div>
{{ partial "pager.html" . }}
{{ end }}
"##,
    ),
    (
        "_default/list.html",
        r##"{{ define "main" }}
{{ partial "header.html" . }}
<div class="content">
{{ .Content }}
</div>
{{ with .Pages }}<ol class="children">
{{ range . }}  <li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}</ol>
{{ end }}
{{ partial "pager.html" . }}
{{ end }}
"##,
    ),
    (
        "404.html",
        r##"{{ define "main" }}
<h1>Page not found</h1>
<div class="content">
<p>There is no page at this address. <a href="{{ site.Home.RelPermalink }}">Go to the start of the guide</a>, or use the contents.</p>
</div>
{{ end }}
"##,
    ),
    (
        "partials/header.html",
        r##"{{ with .Ancestors }}<nav class="breadcrumbs" aria-label="Breadcrumb">
  <ol>
{{ range .Reverse }}    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}  </ol>
</nav>
{{ end }}<h1>{{ .Title }}</h1>
<p class="page-meta">Last checked <time datetime="{{ .Lastmod.Format "2006-01-02" }}">{{ .Lastmod.Format "2 January 2006" }}</time></p>
{{ with .TableOfContents }}<nav class="toc" aria-labelledby="toc-title">
  <h2 id="toc-title" class="toc-title">On this page</h2>
{{ . }}
</nav>
{{ end }}"##,
    ),
    (
        // Inline, as deep as the corpus goes (a part, its sections, a section's pages): a
        // partial per entry would cost Hugo about three times as much.
        "partials/nav.html",
        r##"{{ $page := . }}{{ $current := .CurrentSection }}<nav class="sidebar" id="guide-nav" aria-label="Guide contents">
<h2 class="sidebar-title">Guide contents</h2>
<ul class="nav-list">
<li><a href="{{ site.Home.RelPermalink }}"{{ if .IsHome }} aria-current="page"{{ end }}>{{ site.Home.Title }}</a></li>
{{ range site.Sections }}<li class="nav-section"><a href="{{ .RelPermalink }}"{{ if $page.Eq . }} aria-current="page"{{ end }}>{{ .Title }}</a>
{{- if or ($current.Eq .) ($current.IsDescendant .) }}<ul class="nav-list">
{{ range .Pages }}<li{{ if .IsSection }} class="nav-section"{{ end }}><a href="{{ .RelPermalink }}"{{ if $page.Eq . }} aria-current="page"{{ end }}>{{ .Title }}</a>
{{- if and .IsSection (or ($current.Eq .) ($current.IsDescendant .)) }}<ul class="nav-list">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}"{{ if $page.Eq . }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{ end }}</ul>
{{- end }}</li>
{{ end }}</ul>
{{- end }}</li>
{{ end }}</ul>
<p class="nav-top"><a href="#main">Back to top</a></p>
</nav>
"##,
    ),
    (
        "partials/pager.html",
        // Hugo's `NextInSection` is the page before in the section's order (weight), and
        // `PrevInSection` the one after.
        r##"{{ if or .PrevInSection .NextInSection }}<nav class="pager" aria-label="Previous and next pages">
{{ with .NextInSection }}  <a class="pager-link pager-previous" href="{{ .RelPermalink }}" rel="prev"><span class="pager-label">Previous</span> <span class="pager-title">{{ .Title }}</span></a>
{{ end }}{{ with .PrevInSection }}  <a class="pager-link pager-next" href="{{ .RelPermalink }}" rel="next"><span class="pager-label">Next</span> <span class="pager-title">{{ .Title }}</span></a>
{{ end }}</nav>
{{ end }}"##,
    ),
    (
        "_default/_markup/render-link.html",
        r##"{{- $href := .Destination -}}
{{- $url := urls.Parse .Destination -}}
{{- if and (not $url.IsAbs) (strings.HasSuffix $url.Path ".md") -}}
  {{- with .Page.GetPage $url.Path -}}
    {{- $href = .RelPermalink -}}
    {{- with $url.Fragment }}{{ $href = printf "%s#%s" $href . }}{{ end -}}
  {{- else -}}
    {{- warnf "%s: no page %s" $.Page.File.Path $url.Path -}}
  {{- end -}}
{{- end -}}
<a href="{{ $href | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>
{{- /* no newline */ -}}"##,
    ),
];

/// The front matter as Hugo reads it: TOML, with Stepwise's `updated` as Hugo's `lastmod`.
pub(crate) fn front_matter(front: &FrontMatter) -> String {
    let tags: Vec<String> = front.tags.iter().map(|tag| quoted(tag)).collect();
    format!(
        "+++\ntitle = {}\ndescription = {}\nweight = {}\nlastmod = {}\ntags = [{}]\n+++\n",
        quoted(&front.title),
        quoted(&front.description),
        front.weight,
        front.updated,
        tags.join(", ")
    )
}

/// The body as Hugo reads it: the same Markdown without Stepwise's checklist item attributes
/// (`- [ ] Keep the receipt {#receipt}`), which Hugo would print as text. Heading attributes
/// (`## Title {#id}`) stay: Hugo reads them too.
pub(crate) fn body(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.split_inclusive('\n') {
        let (text, newline) = match line.strip_suffix('\n') {
            Some(text) => (text, "\n"),
            None => (line, ""),
        };
        let trimmed = text.trim_start();
        let is_item = ["- ", "* ", "+ "]
            .iter()
            .any(|marker| trimmed.starts_with(marker));
        let attribute = text
            .trim_end()
            .strip_suffix('}')
            .and_then(|rest| rest.rfind(" {#").map(|start| &text[..start]));
        match attribute {
            Some(kept) if is_item => {
                out.push_str(kept);
                out.push_str(newline);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// The page as Hugo reads it.
pub(crate) fn page_text(page: &Page) -> String {
    format!("{}{}", front_matter(&page.front), body(&page.body))
}

/// Writes the corpus as a Hugo site under `root` (settings, theme, content), replacing
/// whatever was there.
pub(crate) fn write_site(plan: &Plan, root: &Path) -> io::Result<()> {
    if root.exists() {
        fs::remove_dir_all(root)?;
    }
    fs::create_dir_all(root.join("content"))?;
    fs::write(root.join("hugo.toml"), config())?;
    let layouts = root.join("themes").join(THEME).join("layouts");
    for (path, text) in LAYOUTS {
        let path = layouts.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)?;
    }
    plan.write_pages(&root.join("content"), page_text)
}

/// The Hugo the comparison runs.
#[derive(Debug, Clone)]
pub(crate) struct Hugo {
    pub(crate) path: PathBuf,
    /// `hugo version`'s first line.
    pub(crate) version: String,
}

impl Hugo {
    /// The command that builds the site in `root` into `destination`.
    pub(crate) fn build_command(&self, root: &Path, destination: &Path) -> Command {
        let mut command = Command::new(&self.path);
        command
            .arg("--quiet")
            .arg("--source")
            .arg(root)
            .arg("--destination")
            .arg(destination)
            .current_dir(root);
        command
    }
}

/// Finds Hugo (`explicit`, else `hugo` on the `PATH`), installing Debian's package with
/// `apt-get` when it is missing and this process may (it runs as root). `Err` says why there
/// is no Hugo to compare with.
pub(crate) fn find_or_install(
    explicit: Option<&Path>,
    log_dir: &Path,
    timeout: Duration,
) -> Result<Hugo, String> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => match on_path("hugo") {
            Some(path) => path,
            None => {
                install(log_dir, timeout)?;
                on_path("hugo").ok_or("`apt-get install hugo` left no `hugo` on the PATH")?
            }
        },
    };
    let output = Command::new(&path)
        .arg("version")
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run {}: {error}", path.display()))?;
    if !output.status.success() {
        return Err(format!("`{} version` failed", path.display()));
    }
    let version = String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    Ok(Hugo { path, version })
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
}

#[cfg(unix)]
fn may_install() -> bool {
    rustix::process::getuid().is_root()
}

#[cfg(not(unix))]
fn may_install() -> bool {
    false
}

fn install(log_dir: &Path, timeout: Duration) -> Result<(), String> {
    if on_path("apt-get").is_none() || !may_install() {
        return Err(
            "hugo is not on the PATH (install it, e.g. `apt-get install hugo`, or pass --hugo PATH)"
                .to_owned(),
        );
    }
    println!("hugo is not on the PATH: installing Debian's package (apt-get install -y hugo)");
    let apt = |args: &[&str]| {
        let mut command = Command::new("apt-get");
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        measure::run(&mut command, &log_dir.join("apt-get.log"), timeout)
            .is_ok_and(|run| run.success)
    };
    if apt(&["install", "-y", "hugo"]) || (apt(&["update"]) && apt(&["install", "-y", "hugo"])) {
        Ok(())
    } else {
        Err(format!(
            "hugo is not on the PATH and `apt-get install -y hugo` failed (see {})",
            log_dir.join("apt-get.log").display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Shape;

    #[test]
    fn front_matter_becomes_toml_with_the_same_values() {
        let front = FrontMatter {
            title: "Step 3 of \"section\" 5".to_owned(),
            description: "Keep the receipt".to_owned(),
            weight: 4,
            updated: "2026-11-28",
            tags: ["bench", "synthetic"],
        };
        assert_eq!(
            front_matter(&front),
            "+++\ntitle = \"Step 3 of \\\"section\\\" 5\"\ndescription = \"Keep the receipt\"\nweight = 4\nlastmod = 2026-11-28\ntags = [\"bench\", \"synthetic\"]\n+++\n"
        );
    }

    #[test]
    fn item_attributes_are_stripped_and_heading_attributes_kept() {
        let markdown = "## Keep {#keep}\n\n- [ ] Keep the receipt {#receipt}\n- [x] Moved {#new replaces=old}\n  * [ ] Nested {#n}\n- Plain {not an attribute}\n> [!NOTE]\n> Text {#x}\nlast - [ ] {#y}";
        assert_eq!(
            body(markdown),
            "## Keep {#keep}\n\n- [ ] Keep the receipt\n- [x] Moved\n  * [ ] Nested\n- Plain {not an attribute}\n> [!NOTE]\n> Text {#x}\nlast - [ ] {#y}"
        );
    }

    #[test]
    fn hugo_pages_carry_the_same_content() {
        let plan = Plan::new(60, Shape::Flat);
        let page = plan.entries[5].page(plan.shape);
        let text = page_text(&page);
        assert!(text.starts_with("+++\ntitle = \"Step 3 of section 0\"\n"));
        assert!(text.contains("\nweight = 4\n"));
        assert!(text.contains("\n> [!NOTE]\n"));
        assert!(text.contains("[the next step](page-004.md#checklist)"));
        assert!(!text.contains("{#item-"));
        assert_eq!(text.matches("\n- [ ] ").count(), 5);
    }

    #[test]
    fn the_config_is_toml_for_the_same_site() {
        let config = config();
        assert!(config.contains("baseURL = \"https://bench.example.org/guide/\"\n"));
        assert!(config.contains("theme = \"bench\"\n"));
        assert!(config.contains("disableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n"));
    }
}
