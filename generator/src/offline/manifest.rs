//! `manifest.webmanifest`: what a browser needs to install the guide as an app (name, start
//! address, scope, colours, icon). The icon is the theme's `favicon.svg` (an SVG icon for any
//! size); the colours are the theme's own: `--accent` and `--bg` as `style.css` first sets them
//! (its light scheme).

use std::collections::BTreeMap;

use serde::Serialize;

use super::MANIFEST_FILE;
use crate::config::SiteConfig;
use crate::render::OutputFile;
use crate::theme::{STATIC, ThemeFile};

/// The theme file the icon is made from.
pub const ICON_SOURCE: &str = "favicon.svg";

/// The theme's colours, read from its `style.css`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Colours {
    /// `--accent`: the browser's toolbar and the app's title bar.
    pub accent: Option<String>,
    /// `--bg`: the app's splash screen.
    pub background: Option<String>,
}

/// The first value `style.css` gives each colour.
pub fn colours(theme: &BTreeMap<String, ThemeFile>) -> Colours {
    let css = theme
        .get(&format!("{STATIC}style.css"))
        .and_then(|file| std::str::from_utf8(&file.bytes).ok())
        .unwrap_or_default();
    Colours {
        accent: custom_property(css, "--accent"),
        background: custom_property(css, "--bg"),
    }
}

/// The value of the first declaration of `name` in `css`, if it is a plain colour (`#1d4ed8`,
/// `rgb(…)`, a keyword): nothing that could break out of the manifest or an attribute.
fn custom_property(css: &str, name: &str) -> Option<String> {
    let declaration = format!("{name}:");
    let start = css.find(&declaration)? + declaration.len();
    let value = css[start..].split([';', '}']).next()?.trim();
    let plain = !value.is_empty()
        && value.len() <= 64
        && value.chars().all(|ch| {
            ch.is_ascii_alphanumeric() || matches!(ch, '#' | '(' | ')' | ',' | '.' | '%' | ' ')
        });
    plain.then(|| value.to_owned())
}

#[derive(Serialize)]
struct Manifest<'a> {
    name: &'a str,
    short_name: &'a str,
    description: &'a str,
    lang: &'a str,
    start_url: &'a str,
    scope: &'a str,
    display: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    theme_color: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    background_color: Option<&'a str>,
    icons: Vec<Icon<'a>>,
}

#[derive(Serialize)]
struct Icon<'a> {
    src: &'a str,
    sizes: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
}

/// The manifest; `icon` is the address of the hashed `favicon.svg`, if the theme has one.
pub fn write(config: &SiteConfig, colours: &Colours, icon: Option<&str>) -> OutputFile {
    let base = config.base_path();
    let manifest = Manifest {
        name: &config.title,
        short_name: &config.title,
        description: &config.description,
        lang: &config.language,
        start_url: base,
        scope: base,
        display: "standalone",
        theme_color: colours.accent.as_deref(),
        background_color: colours.background.as_deref(),
        icons: icon
            .map(|src| Icon {
                src,
                sizes: "any",
                kind: "image/svg+xml",
                purpose: "any",
            })
            .into_iter()
            .collect(),
    };
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    OutputFile::new(MANIFEST_FILE, format!("{text}\n").into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(css: &str) -> BTreeMap<String, ThemeFile> {
        BTreeMap::from([(
            "static/style.css".to_owned(),
            ThemeFile {
                origin: "style.css".to_owned(),
                bytes: css.as_bytes().to_vec(),
            },
        )])
    }

    #[test]
    fn colours_are_the_first_the_theme_sets() {
        let colours = colours(&theme(
            ":root { --bg: #fff; --accent: #1d4ed8; }\n@media (prefers-color-scheme: dark) { :root { --accent: #8ab4ff; } }",
        ));
        assert_eq!(colours.accent.as_deref(), Some("#1d4ed8"));
        assert_eq!(colours.background.as_deref(), Some("#fff"));
    }

    #[test]
    fn a_colour_that_is_not_plain_is_left_out() {
        let colours = colours(&theme(":root { --accent: \"</x>\"; }"));
        assert_eq!(colours, Colours::default());
    }
}
