//! `site.yaml`: the site's settings, parsed strictly (an unknown key is an error).

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::yaml::{self, Extra};

/// The configuration file's name, at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// What `site.yaml` may contain, exactly as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    storage_id: Option<String>,
    #[serde(default)]
    extra: Extra,
}

/// Validated site settings.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The site's name, shown in every page's header and title.
    pub title: String,
    /// Where the site is published, always ending in `/` (e.g. `https://example.org/guide/`).
    pub base_url: String,
    /// The BCP 47 language tag of the content (`en`, `en-GB`).
    pub language: String,
    /// A one-sentence summary, used when a page has no description of its own.
    pub description: String,
    /// Who wrote the site.
    pub author: Option<String>,
    /// The theme's folder name under `themes/` (`default` unless set).
    pub theme: String,
    /// The namespace readers' saved progress is stored under in their browser. Derived from
    /// `base_url` unless set, so two guides on one origin never share progress.
    pub storage_id: String,
    /// Free-form values for themes.
    pub extra: Extra,
}

impl SiteConfig {
    /// The path part of `base_url`, starting and ending with `/` (`/` for a site at the root).
    pub fn base_path(&self) -> &str {
        base_path(&self.base_url)
    }

    /// A copy published at another address (for `--base-url` and the dev server). The storage
    /// namespace stays the one derived from the configured address, so readers' progress in a
    /// preview matches the published site's.
    pub fn with_base_url(&self, base_url: &str) -> Result<Self, String> {
        Ok(Self {
            base_url: normalize_base_url(base_url)?,
            ..self.clone()
        })
    }
}

/// Parses and validates `site.yaml`.
pub fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    let raw: RawConfig = yaml::parse(text).map_err(|error| {
        vec![Diagnostic::error(
            CONFIG_FILE,
            (error.line, error.col),
            error.message,
        )]
    })?;
    let mut problems = Vec::new();
    let mut at_key = |key: &str, message: String| {
        problems.push(Diagnostic::error(
            CONFIG_FILE,
            key_position(text, key),
            message,
        ));
    };

    let title = raw.title.unwrap_or_default();
    if title.trim().is_empty() {
        at_key(
            "title",
            "missing required key `title` (the site's name)".to_owned(),
        );
    }
    let base_url = match raw.base_url.as_deref().map(normalize_base_url) {
        Some(Ok(url)) => url,
        Some(Err(message)) => {
            at_key("base_url", message);
            String::new()
        }
        None => {
            at_key(
                "base_url",
                "missing required key `base_url` (e.g. `https://example.org/guide/`)".to_owned(),
            );
            String::new()
        }
    };
    let language = raw.language.unwrap_or_else(|| "en".to_owned());
    if !is_language_tag(&language) {
        at_key(
            "language",
            format!("`{language}` is not a language tag such as `en` or `en-GB`"),
        );
    }
    let theme = raw.theme.unwrap_or_else(|| "default".to_owned());
    if !stepwise_core::ids::is_valid_id(&theme) {
        at_key("theme", format!("`{theme}` is not a theme folder name"));
    }
    let storage_id = raw
        .storage_id
        .unwrap_or_else(|| derive_storage_id(&base_url));
    if !is_storage_id(&storage_id) && !base_url.is_empty() {
        at_key(
            "storage_id",
            format!("`{storage_id}` may only hold letters, digits, `.`, `-`, `_` and `/`"),
        );
    }
    if !raw.extra.is_mapping() {
        at_key(
            "extra",
            "`extra` must be a mapping of keys to values".to_owned(),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(SiteConfig {
        title,
        base_url,
        language,
        description: raw.description.unwrap_or_default(),
        author: raw.author,
        theme,
        storage_id,
        extra: raw.extra,
    })
}

/// Checks that `url` is an absolute http(s) URL and makes it end with `/`.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` must start with `https://` or `http://`"))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || url.contains(['?', '#', ' ']) {
        return Err(format!(
            "base_url `{url}` must be an address such as `https://example.org/guide/`"
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    })
}

/// The path part of a normalized base URL: `/` or `/guides/refund/`.
pub fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("/", |index| &after_scheme[index..])
}

/// `example.org/guides/refund` for `https://example.org/guides/refund/`.
fn derive_storage_id(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme.trim_end_matches('/').to_owned()
}

fn is_storage_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '-' | '_' | '/' | ':'))
}

fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.split('-').all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|ch| ch.is_ascii_alphanumeric())
        })
}

/// The position of `key:` at the start of a line, or 1:1 when the key is absent.
pub(crate) fn key_position(text: &str, key: &str) -> (usize, usize) {
    text.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or((1, 1), |index| (index + 1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_config() {
        let config =
            parse("title: Guide\nbase_url: https://example.org/guides/refund\nlanguage: en-GB\n")
                .expect("valid");
        assert_eq!(config.base_url, "https://example.org/guides/refund/");
        assert_eq!(config.base_path(), "/guides/refund/");
        assert_eq!(config.storage_id, "example.org/guides/refund");
        assert_eq!(config.theme, "default");
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let problems =
            parse("title: ''\nbase_url: ftp://x\nlanguage: 'not a tag'\n").expect_err("invalid");
        let rendered: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            rendered,
            [
                "site.yaml:1:1: error: missing required key `title` (the site's name)",
                "site.yaml:2:1: error: base_url `ftp://x` must start with `https://` or `http://`",
                "site.yaml:3:1: error: `not a tag` is not a language tag such as `en` or `en-GB`",
            ]
        );
    }

    #[test]
    fn unknown_keys_are_errors() {
        let problems =
            parse("title: A\nbase_url: https://a.example/\ncolour: red\n").expect_err("unknown");
        assert_eq!(problems[0].line, 3);
        assert!(problems[0].message.contains("unknown field `colour`"));
    }

    #[test]
    fn base_path_of_root_site() {
        assert_eq!(base_path("https://example.org/"), "/");
    }
}
