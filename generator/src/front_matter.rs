//! Splits a Markdown file into its YAML front matter and body, and validates the front matter
//! strictly: an unknown key, a wrong type or a missing title is an error at its line.

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::yaml::{self, Extra};

/// Front matter exactly as an author may write it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<String>,
    description: Option<String>,
    weight: Option<i64>,
    draft: Option<bool>,
    slug: Option<String>,
    aliases: Option<Vec<String>>,
    updated: Option<String>,
    tags: Option<Vec<String>>,
    template: Option<String>,
    id: Option<String>,
    replaces: Option<Vec<String>>,
    #[serde(default)]
    extra: Extra,
}

/// Validated front matter of one page or section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    /// The page's title (required).
    pub title: String,
    /// A one-sentence summary for search engines, link previews and section listings.
    pub description: Option<String>,
    /// Ordering among siblings: lower first; ties are ordered by title.
    pub weight: i64,
    /// Drafts are left out unless the build asks for them.
    pub draft: bool,
    /// Replaces the last segment of the page's URL.
    pub slug: Option<String>,
    /// Old addresses (site-relative paths) that redirect here.
    pub aliases: Vec<String>,
    /// When the content was last checked, as `YYYY-MM-DD`.
    pub updated: Option<Date>,
    /// Free-form labels.
    pub tags: Vec<String>,
    /// A theme template to use instead of the default for this kind of page.
    pub template: Option<String>,
    /// Pins the key readers' progress on this page is saved under (default: its path).
    pub id: Option<String>,
    /// Keys of pages whose readers' progress this page takes over (it was moved or merged).
    pub replaces: Vec<String>,
    /// Free-form values for themes.
    pub extra: Extra,
}

pub use stepwise_core::date::Date;

impl FrontMatter {
    /// The fields that decide the site's structure (which pages exist, their addresses, order,
    /// keys and templates): when any of them changes, the whole site is rebuilt. The title also
    /// orders pages, so a new title that moves a page among its siblings counts too (the
    /// incremental rebuild checks that).
    pub fn structure(&self) -> impl PartialEq + '_ {
        (
            &self.slug,
            self.draft,
            &self.aliases,
            &self.id,
            &self.replaces,
            self.weight,
            &self.template,
        )
    }
}

/// A Markdown file split into its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// The YAML between the `---` fences.
    pub yaml: &'a str,
    /// 1-based line of the first YAML line in the file.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Splits `text` at its `---` fences. `None` if the file does not start with front matter.
pub fn split(text: &str) -> Option<Split<'_>> {
    let after_open = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let yaml_start = text.len() - after_open.len();
    let mut offset = yaml_start;
    for line in after_open.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if trimmed == "---" || trimmed == "..." {
            let body_offset = offset + line.len();
            return Some(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    None
}

/// Parses the front matter of the file at `path`. All problems are returned together.
pub fn parse<'a>(path: &str, text: &'a str) -> Result<(FrontMatter, Split<'a>), Vec<Diagnostic>> {
    let Some(split) = split(text) else {
        return Err(vec![Diagnostic::error(
            path,
            (1, 1),
            "missing front matter: start the file with `---`, a line `title: …`, and `---`",
        )]);
    };
    let at = |line: usize, col: usize| (split.yaml_line + line - 1, col);
    let raw: RawFrontMatter = if split.yaml.trim().is_empty() {
        RawFrontMatter::default()
    } else {
        yaml::parse(split.yaml).map_err(|error| {
            vec![Diagnostic::error(
                path,
                at(error.line, error.col),
                error.message,
            )]
        })?
    };

    let mut problems = Vec::new();
    let key_at = |key: &str| {
        let (line, col) = crate::config::key_position(split.yaml, key);
        if split.yaml.contains(&format!("{key}:")) {
            at(line, col)
        } else {
            (1, 1)
        }
    };
    let title = raw.title.unwrap_or_default();
    if title.trim().is_empty() {
        problems.push(Diagnostic::error(
            path,
            key_at("title"),
            "missing required key `title`",
        ));
    }
    if let Some(slug) = &raw.slug
        && !stepwise_core::ids::is_valid_id(slug)
    {
        problems.push(Diagnostic::error(
            path,
            key_at("slug"),
            format!("slug `{slug}` may only hold letters, digits, `-` and `_`"),
        ));
    }
    let updated = raw.updated.as_deref().and_then(|text| {
        let date = Date::parse(text.trim());
        if date.is_none() {
            problems.push(Diagnostic::error(
                path,
                key_at("updated"),
                format!("`updated: {text}` is not a date written as YYYY-MM-DD"),
            ));
        }
        date
    });
    let aliases = raw.aliases.unwrap_or_default();
    for alias in &aliases {
        if alias.contains("..") || alias.contains("://") || alias.contains(['?', '#', '\\', ' ']) {
            problems.push(Diagnostic::error(
                path,
                key_at("aliases"),
                format!("alias `{alias}` must be a path on this site, such as `old/page/`"),
            ));
        }
    }
    if let Some(id) = &raw.id
        && !stepwise_core::ids::is_valid_page_key(id)
    {
        problems.push(Diagnostic::error(
            path,
            key_at("id"),
            format!("id `{id}` may only hold letters, digits, `-`, `_` and `/` between them"),
        ));
    }
    let replaces = raw.replaces.unwrap_or_default();
    for key in &replaces {
        if !stepwise_core::ids::is_valid_page_key(key) {
            problems.push(Diagnostic::error(
                path,
                key_at("replaces"),
                format!("`{key}` is not a page key such as `guide/old-page`"),
            ));
        }
    }
    if !raw.extra.is_mapping() {
        problems.push(Diagnostic::error(
            path,
            key_at("extra"),
            "`extra` must be a mapping of keys to values",
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((
        FrontMatter {
            title: title.trim().to_owned(),
            description: raw
                .description
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty()),
            weight: raw.weight.unwrap_or(0),
            draft: raw.draft.unwrap_or(false),
            slug: raw.slug,
            aliases,
            updated,
            tags: raw.tags.unwrap_or_default(),
            template: raw.template,
            id: raw.id,
            replaces,
            extra: raw.extra,
        },
        split,
    ))
}

/// Maps byte offsets in a Markdown body back to positions in the whole file.
#[derive(Debug, Clone)]
pub struct BodyPositions {
    index: LineIndex,
    body_offset: usize,
}

impl BodyPositions {
    /// Positions for a file whose body starts at `body_offset`.
    pub fn new(file_text: &str, body_offset: usize) -> Self {
        Self {
            index: LineIndex::new(file_text),
            body_offset,
        }
    }

    /// The 1-based line and column in the file of byte `offset` in the body.
    pub fn line_col(&self, file_text: &str, offset: usize) -> (usize, usize) {
        self.index.line_col(file_text, self.body_offset + offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_parses() {
        let text = "---\ntitle: Evidence\nweight: 2\nupdated: 2026-11-28\n---\n# Hi\n";
        let (front, split) = parse("content/a.md", text).expect("valid");
        assert_eq!(front.title, "Evidence");
        assert_eq!(front.weight, 2);
        assert_eq!(
            front.updated.map(|d| d.human()),
            Some("28 November 2026".to_owned())
        );
        assert_eq!(split.body, "# Hi\n");
        assert_eq!(&text[split.body_offset..], "# Hi\n");
    }

    #[test]
    fn errors_point_into_the_file() {
        let text = "---\ntitle: A\ntitel: typo\n---\n";
        let problems = parse("content/a.md", text).expect_err("unknown key");
        assert_eq!(
            problems[0].to_string().split(": error").next(),
            Some("content/a.md:3:1")
        );

        let problems = parse("content/a.md", "---\ndescription: x\n---\n").expect_err("no title");
        assert_eq!(
            problems[0].to_string(),
            "content/a.md:1:1: error: missing required key `title`"
        );

        let problems = parse("content/a.md", "no front matter").expect_err("none");
        assert!(problems[0].message.starts_with("missing front matter"));

        let problems =
            parse("content/a.md", "---\ntitle: A\nupdated: 2026-02-30\n---\n").expect_err("date");
        assert_eq!((problems[0].line, problems[0].col), (3, 1));
    }
}
