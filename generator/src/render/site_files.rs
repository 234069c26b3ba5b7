//! Site-wide files: `sitemap.xml`, `robots.txt`, `_headers` (caching and the
//! Content-Security-Policy for static hosts), and redirect pages for `aliases`.

use super::OutputFile;
use super::assets::ASSETS_DIR;
use stepwise_core::dom::CONTENT_SECURITY_POLICY;

use crate::escape;
use crate::model::{SiteModel, normalize_alias};

/// `sitemap.xml`: every page, with its last-checked date when known.
pub fn sitemap(model: &SiteModel) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for &id in &model.reading_order {
        xml.push_str("  <url><loc>");
        escape::push_html(&mut xml, &model.permalink(id));
        xml.push_str("</loc>");
        if let Some(updated) = model.page(id).front.updated {
            xml.push_str(&format!("<lastmod>{}</lastmod>", updated.iso()));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", xml.into_bytes())
}

/// `robots.txt`, pointing at the sitemap.
pub fn robots(model: &SiteModel) -> OutputFile {
    let text = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        model.config.base_url
    );
    OutputFile::new("robots.txt", text.into_bytes())
}

/// `_headers` (Netlify, Cloudflare Pages and compatible hosts): security headers on every
/// response and year-long caching for hashed assets.
pub fn headers(model: &SiteModel) -> OutputFile {
    let base = model.config.base_path();
    let text = format!(
        "# Response headers for static hosts that read this file (Netlify, Cloudflare Pages).\n\
         {base}*\n  Content-Security-Policy: {CONTENT_SECURITY_POLICY}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n\
         {base}{ASSETS_DIR}/*\n  Cache-Control: public, max-age=31536000, immutable\n"
    );
    OutputFile::new("_headers", text.into_bytes())
}

/// A redirect page at every alias of every page.
pub fn aliases(model: &SiteModel) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for (index, page) in model.pages.iter().enumerate() {
        let id = crate::model::PageId(index);
        for alias in &page.front.aliases {
            let path = normalize_alias(alias);
            let url = escape::html(&model.url(id));
            let permalink = escape::html(&model.permalink(id));
            let title = escape::html(&page.front.title);
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n\
                 <meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{permalink}\">\n\
                 <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
                 <p>This page has moved to <a href=\"{url}\">{title}</a>.</p>\n</body>\n</html>\n",
                lang = escape::html(&model.config.language),
            );
            files.push(OutputFile::new(
                format!("{path}index.html"),
                html.into_bytes(),
            ));
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::TextFile;

    fn model() -> SiteModel {
        let config =
            crate::config::parse("title: T\nbase_url: https://example.org/sub/\n").expect("config");
        let content = [
            TextFile {
                path: "content/_index.md".into(),
                text: "---\ntitle: Home\nupdated: 2026-11-01\n---\n".into(),
            },
            TextFile {
                path: "content/a.md".into(),
                text: "---\ntitle: A & B\naliases: [old/a]\n---\n".into(),
            },
        ];
        crate::model::build(
            config,
            &content,
            &["content".to_owned()],
            Default::default(),
        )
        .0
    }

    #[test]
    fn sitemap_lists_every_page_absolutely() {
        insta::assert_snapshot!(String::from_utf8_lossy(&sitemap(&model()).bytes), @r#"
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>https://example.org/sub/</loc><lastmod>2026-11-01</lastmod></url>
          <url><loc>https://example.org/sub/a/</loc></url>
        </urlset>
        "#);
    }

    #[test]
    fn headers_are_scoped_to_the_base_path() {
        let text = String::from_utf8(headers(&model()).bytes).expect("utf-8");
        assert!(text.contains("/sub/*\n  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"));
        assert!(
            text.contains("/sub/assets/*\n  Cache-Control: public, max-age=31536000, immutable")
        );
    }

    #[test]
    fn aliases_redirect_without_script() {
        let files = aliases(&model());
        assert_eq!(files[0].path, "old/a/index.html");
        let html = String::from_utf8_lossy(&files[0].bytes);
        assert!(
            html.contains(r#"<meta http-equiv="refresh" content="0; url=/sub/a/">"#),
            "{html}"
        );
        assert!(html.contains("A &amp; B"));
        assert!(!html.contains("<script"));
    }
}
