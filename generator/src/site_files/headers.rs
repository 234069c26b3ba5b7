//! `_headers`, for static hosts that read it (Netlify, Cloudflare Pages): the
//! Content-Security-Policy and security headers on every response, and year-long caching for
//! hashed assets.

use stepwise_core::dom::CONTENT_SECURITY_POLICY;

use crate::model::SiteModel;
use crate::offline::WORKER_FILE;
use crate::render::OutputFile;
use crate::render::assets::ASSETS_DIR;

/// `_headers` (Netlify, Cloudflare Pages and compatible hosts): security headers on every
/// response and year-long caching for hashed assets.
pub fn headers(model: &SiteModel) -> OutputFile {
    let base = model.config.base_path();
    let text = format!(
        "# Response headers for static hosts that read this file (Netlify, Cloudflare Pages).\n\
         {base}*\n  Content-Security-Policy: {CONTENT_SECURITY_POLICY}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n\
         {base}{ASSETS_DIR}/*\n  Cache-Control: public, max-age=31536000, immutable\n\
         {base}{root}\n  Cache-Control: no-cache\n\
         {base}{WORKER_FILE}\n  Cache-Control: no-cache\n",
        root = crate::search::ROOT_PATH
    );
    OutputFile::new("_headers", text.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_scoped_to_the_base_path() {
        let text = String::from_utf8(
            headers(&super::super::seo::tests::test_model())
                .bytes
                .to_vec(),
        )
        .expect("utf-8");
        assert!(text.contains("/sub/*\n  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"));
        assert!(
            text.contains("/sub/assets/*\n  Cache-Control: public, max-age=31536000, immutable")
        );
    }
}
