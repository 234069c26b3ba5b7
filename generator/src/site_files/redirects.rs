//! A redirect page at every alias of every page: a plain HTML page with a `refresh` and a
//! link, no script.

use crate::escape;
use crate::model::{SiteModel, alias_output_path};
use crate::render::OutputFile;

/// A redirect page at every alias of every page.
pub fn aliases(model: &SiteModel) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for (index, page) in model.pages.iter().enumerate() {
        let id = crate::model::PageId(index);
        for alias in &page.front.aliases {
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
            files.push(OutputFile::new(alias_output_path(alias), html.into_bytes()));
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_redirect_without_script() {
        let files = aliases(&super::super::seo::tests::test_model());
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
