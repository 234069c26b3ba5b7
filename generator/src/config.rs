//! `site.yaml`: the site's settings, parsed strictly (an unknown key is an error).

use crate::diagnostics::Diagnostic;
use crate::yaml::{self, Extra};

/// The configuration file's name, at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// The keys `site.yaml` may hold.
const KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "description",
    "author",
    "theme",
    "storage_id",
    "search",
    "compatibility",
    "offline",
    "extra",
];

/// The keys of `compatibility:`.
const COMPATIBILITY_KEYS: &[&str] = &[
    "keep_unknown_front_matter",
    "external_links_base",
    "link_problems",
];

/// Settings for content written for another documentation tool, so an existing corpus builds
/// as it is (`compatibility:` in `site.yaml`; every one is off unless set).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Compatibility {
    /// Front-matter keys Stepwise does not know are kept in the page's `extra` (and listed once
    /// per key as a warning) instead of being errors.
    pub keep_unknown_front_matter: bool,
    /// Where links to site-absolute paths that are not files of this site point (`/azure/x`
    /// → `https://learn.example.org/azure/x`), instead of being errors.
    pub external_links_base: Option<String>,
    /// Links to missing pages and anchors are warnings (still with a suggestion) instead of
    /// errors: `link_problems: warning`.
    pub link_problems_are_warnings: bool,
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
    /// Where `theme` is set in `site.yaml` (1:1 when it is not), for problems with its folder.
    pub theme_at: (usize, usize),
    /// The namespace readers' saved progress is stored under in their browser. Derived from
    /// `base_url` unless set, so two guides on one origin never share progress.
    pub storage_id: String,
    /// Whether the site has search (`search: false` turns it off: no index, no search page,
    /// no field in the header).
    pub search: bool,
    /// Settings for content written for another tool.
    pub compatibility: Compatibility,
    /// Whether the site works offline: a service worker keeps its pages in the reader's
    /// browser, and a web app manifest makes it installable (`offline: false` turns both off).
    pub offline: bool,
    /// Free-form values for themes.
    pub extra: Extra,
}

impl SiteConfig {
    /// The path part of `base_url`, starting and ending with `/` (`/` for a site at the root).
    pub fn base_path(&self) -> &str {
        base_path(&self.base_url)
    }

    /// Settings to go on checking the pages with when `site.yaml` is missing or has problems,
    /// so that every problem of the site is reported at once. Nothing built with them is ever
    /// published: such a build has failed already.
    pub fn stand_in() -> Self {
        Self {
            title: "(site.yaml has problems)".to_owned(),
            base_url: "https://site.invalid/".to_owned(),
            language: "en".to_owned(),
            description: String::new(),
            author: None,
            theme: "default".to_owned(),
            theme_at: (1, 1),
            storage_id: "site.invalid".to_owned(),
            search: true,
            compatibility: Compatibility::default(),
            offline: true,
            extra: Extra::default(),
        }
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

/// Parses and validates `site.yaml`, reporting every problem at once, each at the key or value
/// it concerns.
pub fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    let diagnostic =
        |problem: yaml::Problem| Diagnostic::error(CONFIG_FILE, problem.at, problem.message);
    let root = yaml::parse(text, 1).map_err(|problem| vec![diagnostic(problem)])?;
    let problems = yaml::Problems::new();
    let config = check(&root, &problems);
    match config {
        Some(config) if problems.is_empty() => Ok(config),
        _ => Err(problems.into_vec().into_iter().map(diagnostic).collect()),
    }
}

/// Where problems with a key that is missing are reported: the start of the file.
const FILE_START: (usize, usize) = (1, 1);

fn check(root: &yaml::Node, problems: &yaml::Problems) -> Option<SiteConfig> {
    let map = root.mapping(CONFIG_FILE, KEYS, problems)?;
    let title = match map.required_text("title", FILE_START, " (the site's name)") {
        Some(title) if title.value.trim().is_empty() => {
            map.report(title.at, "`title` is empty: give the site a name");
            String::new()
        }
        Some(title) => title.value.to_owned(),
        None => String::new(),
    };
    let url = map.required_text(
        "base_url",
        FILE_START,
        " (e.g. `https://example.org/guide/`)",
    );
    let base_url = url.map_or_else(String::new, |url| {
        normalize_base_url(url.value).unwrap_or_else(|message| {
            map.report(url.at, message);
            String::new()
        })
    });
    let language = match map.text("language") {
        Some(tag) if !is_language_tag(tag.value) => {
            map.report(
                tag.at,
                format!(
                    "`{}` is not a language tag such as `en` or `en-GB`",
                    tag.value
                ),
            );
            String::new()
        }
        Some(tag) => tag.value.to_owned(),
        None => "en".to_owned(),
    };
    let (theme, theme_at) = match map.text("theme") {
        Some(theme) => {
            if !stepwise_core::ids::is_valid_id(theme.value) {
                map.report(
                    theme.at,
                    format!("`{}` is not a theme folder name", theme.value),
                );
            }
            (theme.value.to_owned(), theme.at)
        }
        None => ("default".to_owned(), FILE_START),
    };
    let storage_id = match map.text("storage_id") {
        Some(id) => {
            if !is_storage_id(id.value) {
                map.report(id.at, storage_id_message(id.value));
            }
            id.value.to_owned()
        }
        None => {
            let derived = derive_storage_id(&base_url);
            if let Some(url) = url.filter(|_| !base_url.is_empty() && !is_storage_id(&derived)) {
                map.report(
                    url.at,
                    format!(
                        "the storage id derived from this address, {}; set `storage_id`",
                        storage_id_message(&derived)
                    ),
                );
            }
            derived
        }
    };
    let description = map
        .text("description")
        .map(|text| text.value.to_owned())
        .unwrap_or_default();
    let author = map.text("author").map(|text| text.value.to_owned());
    let compatibility = map
        .get("compatibility")
        .and_then(|node| node.mapping("`compatibility`", COMPATIBILITY_KEYS, problems))
        .map(|settings| compatibility(&settings))
        .unwrap_or_default();
    let offline = map.boolean("offline").is_none_or(|offline| offline.value);
    let extra = map.extra("extra");
    let search = map.boolean("search").is_none_or(|on| on.value);
    Some(SiteConfig {
        title,
        base_url,
        language,
        description,
        author,
        theme,
        theme_at,
        storage_id,
        search,
        compatibility,
        offline,
        extra,
    })
}

fn compatibility(settings: &yaml::Mapping<'_>) -> Compatibility {
    let external_links_base = settings.text("external_links_base").and_then(|url| {
        normalize_base_url(url.value)
            .map_err(|message| {
                settings.report(url.at, message.replace("base_url", "external_links_base"))
            })
            .ok()
    });
    let link_problems_are_warnings = match settings.text("link_problems") {
        Some(level) if level.value == "warning" => true,
        Some(level) if level.value == "error" => false,
        Some(level) => {
            settings.report(
                level.at,
                format!(
                    "`link_problems` is `error` or `warning`, not `{}`",
                    level.value
                ),
            );
            false
        }
        None => false,
    };
    Compatibility {
        keep_unknown_front_matter: settings
            .boolean("keep_unknown_front_matter")
            .is_some_and(|keep| keep.value),
        external_links_base,
        link_problems_are_warnings,
    }
}

fn storage_id_message(id: &str) -> String {
    format!("`{id}` may only hold letters, digits, `.`, `-`, `_` and `/`")
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
    fn reports_every_problem_at_its_value() {
        let problems =
            parse("title: ''\nbase_url: ftp://x\nlanguage: 'not a tag'\n").expect_err("invalid");
        let rendered: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            rendered,
            [
                "site.yaml:1:8: error: `title` is empty: give the site a name",
                "site.yaml:2:11: error: base_url `ftp://x` must start with `https://` or `http://`",
                "site.yaml:3:11: error: `not a tag` is not a language tag such as `en` or `en-GB`",
            ]
        );
    }

    #[test]
    fn unknown_keys_wrong_types_and_invalid_values_are_all_reported() {
        let text = "colour: red\ntitle: [A]\nbase_url: https://a.example/\ntheme: 'my theme'\nauthor: {name: x}\nextra: [1]\ntitel: typo\n";
        let mut rendered: Vec<String> = parse(text)
            .expect_err("invalid")
            .iter()
            .map(ToString::to_string)
            .collect();
        rendered.sort();
        assert_eq!(
            rendered,
            [
                "site.yaml:1:1: error: unknown key `colour` (known keys: title, base_url, language, description, author, theme, storage_id, search, compatibility, offline, extra)",
                "site.yaml:2:8: error: `title` must be text, not a list",
                "site.yaml:4:8: error: `my theme` is not a theme folder name",
                "site.yaml:5:9: error: `author` must be text, not a mapping",
                "site.yaml:6:8: error: `extra` must be a mapping of keys to values, not a list",
                "site.yaml:7:1: error: unknown key `titel` (known keys: title, base_url, language, description, author, theme, storage_id, search, compatibility, offline, extra)",
            ]
        );
    }

    #[test]
    fn offline_is_on_unless_turned_off_and_must_be_a_boolean() {
        let base = "title: T\nbase_url: https://a.example/\n";
        assert!(parse(base).expect("valid").offline);
        assert!(
            !parse(&format!("{base}offline: false\n"))
                .expect("valid")
                .offline
        );
        let rendered: Vec<String> = parse(&format!("{base}offline: 'no'\n"))
            .expect_err("invalid")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            rendered,
            ["site.yaml:3:10: error: `offline` must be `true` or `false`, not `'no'`"]
        );
    }

    #[test]
    fn the_theme_is_read_as_yaml() {
        let config = parse("title: A\nbase_url: https://a.example/\ntheme: custom  # a note\n")
            .expect("valid");
        assert_eq!(config.theme, "custom");
        assert_eq!(config.theme_at, (3, 8));
        let config = parse("title: A\nbase_url: https://a.example/\n").expect("valid");
        assert_eq!(
            (config.theme.as_str(), config.theme_at),
            ("default", (1, 1))
        );
    }

    #[test]
    fn missing_keys_are_reported_at_the_start() {
        let rendered: Vec<String> = parse("# nothing yet\n")
            .expect_err("empty")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            rendered,
            [
                "site.yaml:1:1: error: missing required key `title` (the site's name)",
                "site.yaml:1:1: error: missing required key `base_url` (e.g. `https://example.org/guide/`)",
            ]
        );
        let problems = parse("title:\nbase_url: https://a.example/\n").expect_err("no value");
        assert_eq!(
            problems[0].to_string(),
            "site.yaml:1:1: error: missing value for required key `title` (the site's name)"
        );
        let problems = parse("title: A\nbase_url: [x\n").expect_err("syntax");
        assert_eq!(
            (problems.len(), problems[0].line, problems[0].col),
            (1, 2, 11)
        );
    }

    #[test]
    fn base_path_of_root_site() {
        assert_eq!(base_path("https://example.org/"), "/");
    }
}
