//! What search engines read: `sitemap.xml` and `robots.txt`.

use crate::escape;
use crate::model::SiteModel;
use crate::render::OutputFile;

/// `sitemap.xml`: every page, with its last-checked date when known.
pub fn sitemap(model: &SiteModel) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    xml.reserve(model.reading_order.len() * (model.config.base_url.len() + 64));
    for &id in &model.reading_order {
        let page = model.page(id);
        xml.push_str("  <url><loc>");
        // `permalink`, written in place (a large site has many).
        escape::push_html(&mut xml, &model.config.base_url);
        escape::push_html(&mut xml, &page.url_path);
        xml.push_str("</loc>");
        if let Some(updated) = page.front.updated {
            xml.push_str("<lastmod>");
            xml.push_str(&updated.iso());
            xml.push_str("</lastmod>");
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::source::TextFile;

    /// A two-page site published under a sub-path, for the site files' tests.
    pub(crate) fn test_model() -> SiteModel {
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
        insta::assert_snapshot!(String::from_utf8_lossy(&sitemap(&test_model()).bytes), @r#"
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>https://example.org/sub/</loc><lastmod>2026-11-01</lastmod></url>
          <url><loc>https://example.org/sub/a/</loc></url>
        </urlset>
        "#);
    }
}
