//! Links between pages, written as relative paths to Markdown files (`../evidence.md#receipts`),
//! resolved to the target page's address. A missing page is reported here; anchors are checked
//! once every page is rendered (see `check`).
//!
//! Links starting with `/` are paths on this site: they get the base path prepended, so a site
//! published under a sub-path works, and they are checked against the output. External links
//! are left as written and never fetched.

use std::collections::BTreeSet;

use pulldown_cmark::{CowStr, Event, Tag};

use super::{Events, PageContext, Rendered, Rendering};
use crate::model::PageId;

/// A link to a page of this site, to be checked once all pages are rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    /// The page linked to.
    pub target: PageId,
    /// The `#fragment`, if any.
    pub anchor: Option<String>,
    /// Where the link is written: file, line, column.
    pub at: (String, (usize, usize)),
    /// The address as written (for the problem when the page linked to is broken: see
    /// `model::Page::broken`).
    pub written: String,
}

/// A link to a file of this site by path (`/guide.pdf`), checked against the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePathLink {
    /// The path after the base path, without a leading `/` (`guide.pdf`).
    pub path: String,
    /// Where the link is written: file, line, column.
    pub at: (String, (usize, usize)),
}

/// Site-absolute links for content written for another site: paths that are not files of this
/// site point to `base` instead (see `config::Compatibility::external_links_base`).
#[derive(Debug, Clone, Default)]
pub struct ExternalLinks {
    /// The other site's address, ending in `/`.
    pub base: String,
    /// Every path this site publishes (`guide/index.html`, `files/a.pdf`), without the base path.
    pub known: BTreeSet<String>,
    /// Folders whose every path is this site's (`assets/`).
    pub ours_below: Vec<String>,
}

impl ExternalLinks {
    /// Whether `path` (after the leading `/`) names a file or page of this site.
    fn is_ours(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        path.is_empty()
            || self
                .ours_below
                .iter()
                .any(|folder| path.starts_with(folder.as_str()))
            || self.known.contains(path)
            || self.known.contains(&format!("{path}/index.html"))
    }
}

/// Resolves page links and site paths in links and images.
pub fn rewrite<'a>(events: Events<'a>, page: &mut Rendering<'_>) -> Events<'a> {
    let (ctx, rendered) = (page.ctx, &mut page.rendered);
    events
        .into_iter()
        .map(|(event, range)| {
            let event = match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    refuse_scripts(&dest_url, false, range.start, ctx, rendered);
                    let dest_url = resolve(dest_url, range.start, ctx, rendered);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    refuse_scripts(&dest_url, true, range.start, ctx, rendered);
                    let dest_url = resolve(dest_url, range.start, ctx, rendered);
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
                Event::Html(html) => {
                    refuse_scripts_in_html(&html, range.start, ctx, rendered);
                    Event::Html(html)
                }
                Event::InlineHtml(html) => {
                    refuse_scripts_in_html(&html, range.start, ctx, rendered);
                    Event::InlineHtml(html)
                }
                other => other,
            };
            (event, range)
        })
        .collect()
}

/// The scheme of an address as a browser reads it: leading spaces and control characters are
/// dropped, tabs and line breaks inside are ignored, letters compared in lower case.
fn scheme(dest: &str) -> Option<String> {
    let cleaned: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let valid = !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// `javascript:` (and `vbscript:`) addresses anywhere, and `data:` addresses in links, are
/// errors: the pages' Content-Security-Policy blocks them, so for readers they do nothing, and in
/// a guide they are far more likely an injected attack or a paste error than intended. (`data:`
/// images are allowed: the policy permits them.)
fn refuse_scripts(
    dest: &str,
    is_image: bool,
    offset: usize,
    ctx: &PageContext<'_>,
    rendered: &mut Rendered,
) {
    let refused = match scheme(dest).as_deref() {
        Some("javascript" | "vbscript") => true,
        Some("data") => !is_image,
        _ => false,
    };
    if refused {
        let shown: String = dest.chars().take(40).collect();
        rendered.diagnostics.push(ctx.error(
            offset,
            format!("`{shown}…` is a script or data address: pages run under a Content-Security-Policy that blocks it, so it would do nothing for readers; link to a page or a file instead"),
        ));
    }
}

/// The same rule for the author's raw HTML: an attribute whose value starts with a script
/// address (`href="javascript:…"`, `src=' vbscript:…'`) is an error.
fn refuse_scripts_in_html(
    html: &str,
    offset: usize,
    ctx: &PageContext<'_>,
    rendered: &mut Rendered,
) {
    if attribute_values(html)
        .any(|value| matches!(scheme(value).as_deref(), Some("javascript" | "vbscript")))
    {
        rendered.diagnostics.push(ctx.error(
            offset,
            "this HTML has a script address (`javascript:`, `vbscript:`): pages run under a Content-Security-Policy that blocks it, so it would do nothing for readers; link to a page or a file instead",
        ));
    }
}

/// The values of the attributes in raw HTML (`a="x"`, `b='y'`, `c=z`), read as a browser would:
/// an `=` inside a quoted value starts nothing.
fn attribute_values(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let quote_or_equals = rest.find(['=', '"', '\''])?;
            let found = rest[quote_or_equals..].chars().next()?;
            if found != '=' {
                // A quoted text outside an attribute value (rare): skip past its end.
                let after = &rest[quote_or_equals + 1..];
                rest = after.find(found).map_or("", |end| &after[end + 1..]);
                continue;
            }
            let value = rest[quote_or_equals + 1..].trim_start();
            let (taken, remaining) = match value.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let inner = &value[1..];
                    let end = inner.find(quote).unwrap_or(inner.len());
                    (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = value
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(value.len());
                    (&value[..end], &value[end..])
                }
            };
            rest = remaining;
            return Some(taken);
        }
    })
}

fn resolve<'a>(
    dest: CowStr<'a>,
    offset: usize,
    ctx: &PageContext<'_>,
    rendered: &mut Rendered,
) -> CowStr<'a> {
    let at = (ctx.path().to_owned(), ctx.at(offset));
    if dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("//")
    {
        return dest;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        rendered.links.push(PageLink {
            target: ctx.page,
            anchor: Some(anchor.to_owned()),
            at,
            written: dest.to_string(),
        });
        return dest;
    }
    if dest.contains(':') && !dest.contains('/') {
        // Another scheme (`sms:`, `data:`): not ours to check.
        return dest;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_owned())),
        None => (dest.as_ref(), None),
    };
    if let Some(site_path) = path.strip_prefix('/') {
        if let Some(external) = ctx.external_links
            && !external.is_ours(site_path)
        {
            let fragment = anchor.map(|a| format!("#{a}")).unwrap_or_default();
            return CowStr::from(format!("{}{site_path}{fragment}", external.base));
        }
        rendered.site_paths.push(SitePathLink {
            path: site_path.to_owned(),
            at,
        });
        let fragment = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        return CowStr::from(format!(
            "{}{site_path}{fragment}",
            ctx.model.config.base_path()
        ));
    }
    let is_markdown = path.ends_with(".md") || path.ends_with('/');
    if path.is_empty() || !is_markdown {
        return dest;
    }
    let page = ctx.model.page(ctx.page);
    let dir = page.source_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let joined = normalize(&format!("{dir}/{path}"));
    let candidates = if path.ends_with(".md") {
        vec![joined.clone()]
    } else {
        vec![format!("{}/_index.md", joined.trim_end_matches('/'))]
    };
    let found = candidates
        .iter()
        .find_map(|candidate| ctx.model.by_source.get(candidate).copied());
    match found {
        Some(target) => {
            let fragment = anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default();
            rendered.links.push(PageLink {
                target,
                anchor,
                at,
                written: dest.to_string(),
            });
            CowStr::from(format!("{}{fragment}", ctx.model.url(target)))
        }
        None => {
            let shown = candidates.first().cloned().unwrap_or(joined);
            let message = if ctx.model.drafts.contains(&shown) {
                format!("`{dest}` links to a draft page ({shown}), which is not published")
            } else if ctx.all_sources.contains(&shown) {
                format!(
                    "`{dest}` links to {shown}, which has errors of its own (see them above), so it is not published"
                )
            } else {
                let suggestion = ctx
                    .all_sources
                    .iter()
                    .find(|source| source.eq_ignore_ascii_case(&shown))
                    .map(|source| format!("; did you mean {source} (the letter case differs)?"))
                    .unwrap_or_default();
                format!("`{dest}` links to a page that does not exist ({shown}){suggestion}")
            };
            rendered.diagnostics.push(
                if ctx.model.config.compatibility.link_problems_are_warnings {
                    ctx.warning(offset, message)
                } else {
                    ctx.error(offset, message)
                },
            );
            dest
        }
    }
}

/// Resolves `.` and `..` segments: `content/guide/../a.md` becomes `content/a.md`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::{messages, render_page};

    const OTHER: (&str, &str) = ("content/other.md", "---\ntitle: Other\n---\n## Receipts\n");

    #[test]
    fn script_and_data_links_are_errors() {
        let rendered = render_page(
            "[a](javascript:alert(1)) [b](JaVaScript:x) [c](data:text/html,hi) ![d](data:image/png;base64,AA==) [e](https://x.example/javascript:)\n",
            &[],
        );
        let columns: Vec<usize> = rendered.diagnostics.iter().map(|d| d.col).collect();
        assert_eq!(columns, [1, 26, 44], "{:?}", rendered.diagnostics);
        assert_eq!(
            super::scheme(" \tjava\nscript:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(super::scheme("guide/a.md"), None);
        assert_eq!(super::scheme("a:b"), Some("a".to_owned()));
        assert!(
            rendered.diagnostics[0]
                .message
                .contains("Content-Security-Policy")
        );
    }

    #[test]
    fn page_links_resolve_to_urls() {
        let rendered = render_page(
            "See [other](other.md#receipts) and [home](_index.md).\n",
            &[OTHER],
        );
        assert!(
            rendered.diagnostics.is_empty(),
            "{:?}",
            rendered.diagnostics
        );
        assert!(
            rendered
                .html
                .contains(r#"<a href="/g/other/#receipts">other</a>"#),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains(r#"<a href="/g/">home</a>"#),
            "{}",
            rendered.html
        );
        assert_eq!(rendered.links.len(), 2);
        assert_eq!(rendered.links[0].anchor.as_deref(), Some("receipts"));
    }

    #[test]
    fn missing_pages_are_errors_with_positions() {
        let rendered = render_page("Text\n\nA [broken](nope.md) link.\n", &[]);
        let messages = messages(&rendered);
        assert_eq!(
            messages,
            [
                "content/page.md:6:3: error: `nope.md` links to a page that does not exist (content/nope.md)"
            ]
        );
    }

    #[test]
    fn site_paths_get_the_base_path_and_external_links_stay() {
        let rendered = render_page("[pdf](/files/a.pdf) [ext](https://example.com/x.md)\n", &[]);
        assert!(
            rendered.html.contains(r#"href="/g/files/a.pdf""#),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains(r#"href="https://example.com/x.md""#));
        assert_eq!(rendered.site_paths[0].path, "files/a.pdf");
    }
}
