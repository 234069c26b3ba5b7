//! Splits a Markdown file into its YAML front matter and body, and validates the front matter
//! strictly: an unknown key, a wrong type or a missing title is an error at its line.

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::yaml::{self, Extra};

/// The keys front matter may hold.
const KEYS: &[&str] = &[
    "title",
    "description",
    "weight",
    "draft",
    "slug",
    "aliases",
    "updated",
    "tags",
    "template",
    "id",
    "replaces",
    "step_logic",
    "extra",
];

/// How a step goes with the step before it (`step_logic` in front matter), as in GOV.UK's
/// step-by-step pattern: it shares that step's number, and the word shows between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepLogic {
    /// Do both this step and the one before it.
    And,
    /// Do this step or the one before it.
    Or,
}

impl StepLogic {
    /// The word shown between the steps (`and`, `or`).
    pub fn word(self) -> &'static str {
        match self {
            Self::And => "and",
            Self::Or => "or",
        }
    }
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
    /// Where each alias is written in the file (for problems found once the site is built).
    pub alias_positions: Vec<(usize, usize)>,
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
    /// For a step of the guide: how it goes with the step before it (`and`, `or`).
    pub step_logic: Option<StepLogic>,
    /// Where `step_logic`'s value is written (for problems found once the site is built).
    pub step_logic_at: (usize, usize),
    /// Free-form values for themes.
    pub extra: Extra,
    /// Keys Stepwise does not know, kept in `extra` (only with
    /// `compatibility.keep_unknown_front_matter`), each with where it is written.
    pub kept_keys: Vec<(String, (usize, usize))>,
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
            self.step_logic,
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

/// Parses the front matter of the file at `path`. All problems are returned together, each at
/// the key or value it concerns.
pub fn parse<'a>(path: &str, text: &'a str) -> Result<(FrontMatter, Split<'a>), Vec<Diagnostic>> {
    parse_with(path, text, false)
}

/// [`parse`], keeping keys Stepwise does not know in `extra` (listed in
/// [`FrontMatter::kept_keys`]) when `keep_unknown` (see `config::Compatibility`).
pub fn parse_with<'a>(
    path: &str,
    text: &'a str,
    keep_unknown: bool,
) -> Result<(FrontMatter, Split<'a>), Vec<Diagnostic>> {
    let Some(split) = split(text) else {
        return Err(vec![Diagnostic::error(
            path,
            (1, 1),
            "missing front matter: start the file with `---`, a line `title: …`, and `---`",
        )]);
    };
    let diagnostic = |problem: yaml::Problem| Diagnostic::error(path, problem.at, problem.message);
    let root =
        yaml::parse(split.yaml, split.yaml_line).map_err(|problem| vec![diagnostic(problem)])?;
    let problems = yaml::Problems::new();
    let front = check(&root, &problems, keep_unknown);
    match front {
        Some(front) if problems.is_empty() => Ok((front, split)),
        _ => Err(problems.into_vec().into_iter().map(diagnostic).collect()),
    }
}

/// Where a missing key is reported: the opening fence.
const FENCE: (usize, usize) = (1, 1);

fn check(root: &yaml::Node, problems: &yaml::Problems, keep_unknown: bool) -> Option<FrontMatter> {
    let map = if keep_unknown {
        root.mapping_keeping_unknown("front matter", KEYS, problems)?
    } else {
        root.mapping("front matter", KEYS, problems)?
    };
    let text = |key: &str| map.text(key).map(|text| text.value.to_owned());
    let title = match map.required_text("title", FENCE, "") {
        Some(title) if title.value.trim().is_empty() => {
            map.report(title.at, "`title` is empty: give the page a title");
            String::new()
        }
        Some(title) => title.value.trim().to_owned(),
        None => String::new(),
    };
    let slug = map.text("slug").map(|slug| {
        if !stepwise_core::ids::is_valid_id(slug.value) {
            map.report(
                slug.at,
                format!(
                    "slug `{}` may only hold letters, digits, `-` and `_`",
                    slug.value
                ),
            );
        } else if slug.value.len() > MAX_ALIAS_SEGMENT_BYTES {
            map.report(
                slug.at,
                format!(
                    "this slug is {} bytes long; file systems allow at most {MAX_ALIAS_SEGMENT_BYTES} for a folder name",
                    slug.value.len()
                ),
            );
        }
        slug.value.to_owned()
    });
    let updated = map.text("updated").and_then(|text| {
        let date = Date::parse(text.value.trim());
        if date.is_none() {
            map.report(
                text.at,
                format!(
                    "`updated: {}` is not a date written as YYYY-MM-DD",
                    text.value
                ),
            );
        }
        date
    });
    let aliases = map.text_list("aliases").unwrap_or_default();
    for alias in &aliases {
        if let Err(problem) = check_alias(alias.value) {
            map.report(alias.at, problem);
        }
    }
    let id = map.text("id").map(|id| {
        if !stepwise_core::ids::is_valid_page_key(id.value) {
            map.report(
                id.at,
                format!(
                    "id `{}` may only hold letters, digits, `-`, `_` and `/` between them",
                    id.value
                ),
            );
        }
        id.value.to_owned()
    });
    let replaces = map.text_list("replaces").unwrap_or_default();
    for key in &replaces {
        if !stepwise_core::ids::is_valid_page_key(key.value) {
            map.report(
                key.at,
                format!("`{}` is not a page key such as `guide/old-page`", key.value),
            );
        }
    }
    let step_logic_text = map.text("step_logic");
    let step_logic = step_logic_text.as_ref().and_then(|text| match text.value.trim() {
        "and" => Some(StepLogic::And),
        "or" => Some(StepLogic::Or),
        other => {
            map.report(
                text.at,
                format!(
                    "`step_logic: {other}` is not `and` or `or`: write `and` when the reader does this step as well as the one before it, `or` when they do one of them"
                ),
            );
            None
        }
    });
    let owned = |texts: Vec<yaml::Text<'_>>| texts.iter().map(|t| t.value.to_owned()).collect();
    Some(FrontMatter {
        title,
        description: text("description")
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty()),
        weight: map.whole_number("weight").map_or(0, |weight| weight.value),
        draft: map.boolean("draft").is_some_and(|draft| draft.value),
        slug,
        alias_positions: aliases.iter().map(|alias| alias.at).collect(),
        aliases: owned(aliases),
        updated,
        tags: owned(map.text_list("tags").unwrap_or_default()),
        template: text("template"),
        id,
        replaces: owned(replaces),
        step_logic,
        step_logic_at: step_logic_text.map_or(FENCE, |text| text.at),
        extra: map.extra_with_unknown("extra"),
        kept_keys: map
            .unknown()
            .into_iter()
            .map(|key| (key.value.to_owned(), key.at))
            .collect(),
    })
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

/// The longest segment (folder or file name) an alias or a slug may have: most filesystems
/// refuse names longer than 255 bytes.
pub const MAX_ALIAS_SEGMENT_BYTES: usize = 255;

/// Whether `alias` can be published: a path on this site whose every segment names a folder
/// (`old/page/`), so the redirect page can be written at `old/page/index.html`.
fn check_alias(alias: &str) -> Result<(), String> {
    let path_on_this_site =
        || format!("alias `{alias}` must be a path on this site, such as `old/page/`");
    if alias.contains("://") || alias.contains(['?', '#', '\\', ' ']) {
        return Err(path_on_this_site());
    }
    if alias.chars().any(char::is_control) {
        return Err(format!(
            "alias `{}` holds a control character (such as a NUL byte): write a plain path such as `old/page/`",
            alias.escape_debug()
        ));
    }
    let inner = alias.trim().trim_matches('/');
    if inner.is_empty() {
        return Err(format!(
            "alias `{alias}` names the site's start page itself: an alias must be another path, such as `old/page/`"
        ));
    }
    for segment in inner.split('/') {
        match segment {
            "" => {
                return Err(format!(
                    "alias `{alias}` has an empty segment (`//`): write each folder once, such as `old/page/`"
                ));
            }
            "." | ".." => return Err(path_on_this_site()),
            long if long.len() > MAX_ALIAS_SEGMENT_BYTES => {
                return Err(format!(
                    "alias `{alias}` has a segment of {} bytes; file systems allow at most {MAX_ALIAS_SEGMENT_BYTES}",
                    long.len()
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slug_too_long_for_a_folder_name_is_an_error() {
        let text = format!("---\ntitle: A\nslug: {}\n---\n", "x".repeat(300));
        let problems = parse("content/a.md", &text).expect_err("long slug");
        assert_eq!((problems[0].line, problems[0].col), (3, 7));
        assert!(problems[0].message.contains("300 bytes"), "{problems:?}");
    }

    #[test]
    fn aliases_that_cannot_be_published_are_errors_at_their_line() {
        let long = "x".repeat(300);
        let text = format!(
            "---\ntitle: A\naliases:\n  - ok/page/\n  - \"a\\u0000b/\"\n  - {long}/\n  - .\n  - a/./b\n  - a//b\n  - /\n---\n"
        );
        let problems = parse("content/a.md", &text).expect_err("bad aliases");
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [5, 6, 7, 8, 9, 10], "{problems:?}");
        assert!(
            problems[0].message.contains("control character"),
            "{problems:?}"
        );
        assert!(problems[1].message.contains("300 bytes"), "{problems:?}");
        assert!(
            problems[4].message.contains("empty segment"),
            "{problems:?}"
        );
        assert!(problems[5].message.contains("start page"), "{problems:?}");
    }

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

    fn problems(text: &str) -> Vec<String> {
        let mut rendered: Vec<String> = parse("content/a.md", text)
            .expect_err("invalid")
            .iter()
            .map(ToString::to_string)
            .collect();
        rendered.sort();
        rendered
    }

    #[test]
    fn errors_point_into_the_file() {
        assert_eq!(
            problems("---\ntitle: A\ntitel: typo\n---\n"),
            [
                "content/a.md:3:1: error: unknown key `titel` (known keys: title, description, weight, draft, slug, aliases, updated, tags, template, id, replaces, step_logic, extra)"
            ]
        );
        assert_eq!(
            problems("---\ndescription: x\n---\n"),
            ["content/a.md:1:1: error: missing required key `title`"]
        );
        assert_eq!(
            problems("no front matter")[0],
            "content/a.md:1:1: error: missing front matter: start the file with `---`, a line `title: …`, and `---`"
        );
        assert_eq!(
            problems("---\ntitle: A\nupdated: 2026-02-30\n---\n"),
            ["content/a.md:3:10: error: `updated: 2026-02-30` is not a date written as YYYY-MM-DD"]
        );
        assert_eq!(
            problems("---\ntitle: [unclosed\nweight: 1\n---\n"),
            [
                "content/a.md:2:8: error: this `[` is never closed with `]` (the YAML stops making sense at line 3, column 7: illegal placement of ':' indicator)"
            ]
        );
    }

    #[test]
    fn every_problem_of_the_front_matter_is_reported_at_once() {
        let text = "---\ntitel: typo\nweight: heavy\ndraft: maybe\ntags: tips\nslug: 'no spaces'\naliases: [ok/, ../up, fine/, 'a b']\nextra: [1]\nupdated: soon\n---\nBody\n";
        assert_eq!(
            problems(text),
            [
                "content/a.md:1:1: error: missing required key `title`",
                "content/a.md:2:1: error: unknown key `titel` (known keys: title, description, weight, draft, slug, aliases, updated, tags, template, id, replaces, step_logic, extra)",
                "content/a.md:3:9: error: `weight` must be a whole number, not `heavy`",
                "content/a.md:4:8: error: `draft` must be `true` or `false`, not `maybe`",
                "content/a.md:5:7: error: `tags` must be a list of text, such as `[first, second]`, not `tips`",
                "content/a.md:6:7: error: slug `no spaces` may only hold letters, digits, `-` and `_`",
                "content/a.md:7:16: error: alias `../up` must be a path on this site, such as `old/page/`",
                "content/a.md:7:30: error: alias `a b` must be a path on this site, such as `old/page/`",
                "content/a.md:8:8: error: `extra` must be a mapping of keys to values, not a list",
                "content/a.md:9:10: error: `updated: soon` is not a date written as YYYY-MM-DD",
            ]
        );
    }

    #[test]
    fn extra_is_free_form_for_themes() {
        let (front, _) = parse(
            "content/a.md",
            "---\ntitle: A\nextra:\n  hero: pic.png\n  sizes: [1, 2]\n---\n",
        )
        .expect("valid");
        let json = serde_json::to_string(&front.extra).expect("serializes");
        assert_eq!(json, r#"{"hero":"pic.png","sizes":[1,2]}"#);
    }
}
