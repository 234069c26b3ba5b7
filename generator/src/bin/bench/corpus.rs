//! The synthetic guide the benchmark builds: pages shaped like a real guide's, about 1,100 words
//! each with front matter, headings, lists, a task list, a table, code, a callout and links to
//! their neighbours (with anchors), in sections of 50 pages.
//!
//! Two shapes: `flat` (the scale issue's corpus: one top-level section per 50 pages, so 10,000
//! pages are 200 top-level sections, each listed in every page's sidebar) and `nested` (groups
//! of ten sections under parts, so the top level stays short).
//!
//! The layout ([`Plan`]) is computed first, cheaply; each page's text is made when it is
//! written ([`Entry::page`]), so a 50,000-page site is never in memory at once. Everything is
//! deterministic: the same size and shape give the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Pages per section, the section's own `_index.md` included.
pub(crate) const PAGES_PER_SECTION: usize = 50;
/// Sections per part in the nested shape.
pub(crate) const SECTIONS_PER_PART: usize = 10;

/// The site's title, in both generators' settings.
pub(crate) const SITE_TITLE: &str = "Synthetic guide";
/// The site's address, in both generators' settings.
pub(crate) const BASE_URL: &str = "https://bench.example.org/guide/";
/// The site's description.
pub(crate) const SITE_DESCRIPTION: &str = "A generated site for benchmarks.";

/// How the sections are arranged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Every section at the top level.
    Flat,
    /// Sections in parts of [`SECTIONS_PER_PART`].
    Nested,
}

impl Shape {
    /// The name used on the command line.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Shape::Flat => "flat",
            Shape::Nested => "nested",
        }
    }

    /// Parses `flat` or `nested`.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text {
            "flat" => Some(Shape::Flat),
            "nested" => Some(Shape::Nested),
            _ => None,
        }
    }
}

/// What a page is in the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The start page (`content/_index.md`).
    Root,
    /// A part's page (nested shape only).
    Part { part: usize },
    /// A section's page; `steps` is how many step pages the section holds.
    Section { section: usize, steps: usize },
    /// A step page, `index` of the section's `steps`.
    Step {
        section: usize,
        index: usize,
        steps: usize,
    },
}

/// One page of the plan: what it is and where it goes under `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The page's path under `content/`, with `/` separators.
    pub(crate) path: String,
    /// What the page is.
    pub(crate) kind: Kind,
}

/// The layout of a site: every page, in the order written.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// The pages, the start page first.
    pub(crate) entries: Vec<Entry>,
    /// How the sections are arranged.
    pub(crate) shape: Shape,
    /// How many sections (of at most [`PAGES_PER_SECTION`] pages) there are.
    pub(crate) sections: usize,
}

fn section_dir(shape: Shape, section: usize) -> String {
    match shape {
        Shape::Flat => format!("section-{section:04}"),
        Shape::Nested => format!(
            "part-{:03}/section-{section:04}",
            section / SECTIONS_PER_PART
        ),
    }
}

fn step_file(index: usize) -> String {
    format!("page-{index:03}.md")
}

impl Plan {
    /// The layout of a site of exactly `pages` pages (at least one: the start page), every
    /// section full except perhaps the last.
    pub(crate) fn new(pages: usize, shape: Shape) -> Self {
        let pages = pages.max(1);
        let mut entries = vec![Entry {
            path: "_index.md".to_owned(),
            kind: Kind::Root,
        }];
        let mut section = 0;
        while entries.len() < pages {
            if shape == Shape::Nested && section % SECTIONS_PER_PART == 0 {
                let part = section / SECTIONS_PER_PART;
                entries.push(Entry {
                    path: format!("part-{part:03}/_index.md"),
                    kind: Kind::Part { part },
                });
                if entries.len() == pages {
                    break;
                }
            }
            let dir = section_dir(shape, section);
            let steps = (pages - entries.len() - 1).min(PAGES_PER_SECTION - 1);
            entries.push(Entry {
                path: format!("{dir}/_index.md"),
                kind: Kind::Section { section, steps },
            });
            for index in 0..steps {
                entries.push(Entry {
                    path: format!("{dir}/{}", step_file(index)),
                    kind: Kind::Step {
                        section,
                        index,
                        steps,
                    },
                });
            }
            section += 1;
        }
        Self {
            entries,
            shape,
            sections: section,
        }
    }

    /// How many sections sit at the top level (what every sidebar lists).
    pub(crate) fn top_level_sections(&self) -> usize {
        match self.shape {
            Shape::Flat => self.sections,
            Shape::Nested => self.sections.div_ceil(SECTIONS_PER_PART),
        }
    }

    /// The page the serve benchmark edits: step 20 (or the last) of the middle section.
    pub(crate) fn edit_target(&self) -> Option<&Entry> {
        let middle = self.sections / 2;
        let steps_of = |wanted: usize| {
            self.entries.iter().filter(
                move |entry| matches!(entry.kind, Kind::Step { section, .. } if section == wanted),
            )
        };
        let section = (0..=middle)
            .rev()
            .find(|&section| steps_of(section).next().is_some())?;
        steps_of(section)
            .take(21)
            .last()
            .or_else(|| steps_of(section).next())
    }

    /// Writes the site as Stepwise reads it (`site.yaml`, `content/`) under `root`, replacing
    /// whatever was there.
    pub(crate) fn write_stepwise(&self, root: &Path) -> io::Result<()> {
        if root.exists() {
            fs::remove_dir_all(root)?;
        }
        fs::create_dir_all(root.join("content"))?;
        fs::write(
            root.join("site.yaml"),
            format!(
                "title: {SITE_TITLE}\nbase_url: {BASE_URL}\nlanguage: en\ndescription: {SITE_DESCRIPTION}\n"
            ),
        )?;
        self.write_pages(&root.join("content"), |page| page.stepwise_text())
    }

    /// Writes every page under `content`, as `text` makes it.
    pub(crate) fn write_pages(
        &self,
        content: &Path,
        text: impl Fn(&Page) -> String,
    ) -> io::Result<()> {
        for entry in &self.entries {
            let path = content.join(&entry.path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(path, text(&entry.page(self.shape)))?;
        }
        Ok(())
    }
}

/// A page's front matter, as both generators' front matter is written from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrontMatter {
    pub(crate) title: String,
    pub(crate) description: String,
    /// Order among siblings, from 1 (Hugo treats 0 as no weight).
    pub(crate) weight: usize,
    /// `YYYY-MM-DD`.
    pub(crate) updated: &'static str,
    pub(crate) tags: [&'static str; 2],
}

/// One page: its front matter and its Markdown body (in Stepwise's dialect).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Page {
    pub(crate) front: FrontMatter,
    pub(crate) body: String,
}

/// A double-quoted string, the same in YAML and TOML for the text used here (escapes `\` and
/// `"`; control characters never occur).
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

impl Page {
    /// The page as Stepwise reads it: YAML front matter, then the body.
    pub(crate) fn stepwise_text(&self) -> String {
        let front = &self.front;
        format!(
            "---\ntitle: {}\ndescription: {}\nweight: {}\nupdated: {}\ntags: [{}]\n---\n{}",
            quoted(&front.title),
            quoted(&front.description),
            front.weight,
            front.updated,
            front.tags.join(", "),
            self.body
        )
    }

    /// The page with a typo in its front matter (the title's closing quote missing), which
    /// Stepwise reports as a YAML syntax error.
    pub(crate) fn stepwise_text_broken(&self) -> String {
        let text = self.stepwise_text();
        let title_line = format!("title: {}", quoted(&self.front.title));
        let broken = format!("title: \"{}", self.front.title);
        text.replacen(&title_line, &broken, 1)
    }
}

impl Entry {
    /// The page's front matter and body.
    pub(crate) fn page(&self, shape: Shape) -> Page {
        let (title, weight, seed) = match self.kind {
            Kind::Root => (SITE_TITLE.to_owned(), 1, 0),
            Kind::Part { part } => (format!("Part {part}"), part + 1, part * 1000 + 999),
            Kind::Section { section, .. } => {
                let weight = match shape {
                    Shape::Flat => section + 1,
                    Shape::Nested => section % SECTIONS_PER_PART + 1,
                };
                (format!("Section {section}"), weight, section * 1000)
            }
            Kind::Step { section, index, .. } => (
                format!("Step {index} of section {section}"),
                index + 1,
                section * 1000 + index + 1,
            ),
        };
        Page {
            front: FrontMatter {
                title,
                description: sentence(seed, 12).trim_end_matches('.').to_owned(),
                weight,
                updated: "2026-11-28",
                tags: ["bench", "synthetic"],
            },
            body: body(seed, &links(self.kind, shape)),
        }
    }
}

/// The sentence of links to the page's neighbours (relative to the page's own folder).
fn links(kind: Kind, shape: Shape) -> String {
    match kind {
        Kind::Root => match shape {
            Shape::Flat => "Start with [the first section](section-0000/_index.md).".to_owned(),
            Shape::Nested => "Start with [the first part](part-000/_index.md).".to_owned(),
        },
        Kind::Part { part } => format!(
            "Start with [its first section](section-{:04}/_index.md). Back to [the start](../_index.md).",
            part * SECTIONS_PER_PART
        ),
        Kind::Section { steps: 0, .. } => "This section has no steps yet.".to_owned(),
        Kind::Section { .. } => format!("Start with [the first step]({}#checklist).", step_file(0)),
        Kind::Step { index, steps, .. } => {
            let mut text = String::new();
            if index > 0 {
                let _ = write!(
                    text,
                    "Before this: [the previous step]({}#details-1). ",
                    step_file(index - 1)
                );
            }
            if index + 1 < steps {
                let _ = write!(
                    text,
                    "Next: [the next step]({}#checklist). ",
                    step_file(index + 1)
                );
            }
            text.push_str("Back to [the section](_index.md).");
            text
        }
    }
}

const WORDS: [&str; 32] = [
    "refund",
    "order",
    "payment",
    "receipt",
    "promotion",
    "support",
    "ticket",
    "balance",
    "account",
    "evidence",
    "screenshot",
    "request",
    "reply",
    "days",
    "card",
    "bank",
    "dispute",
    "budget",
    "views",
    "campaign",
    "settings",
    "review",
    "policy",
    "keep",
    "check",
    "write",
    "send",
    "wait",
    "follow",
    "ask",
    "note",
    "date",
];

fn sentence(seed: usize, words: usize) -> String {
    let mut text = String::new();
    for i in 0..words {
        let word = WORDS[(seed * 7 + i * 13 + i / 3) % WORDS.len()];
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                text.extend(first.to_uppercase());
                text.push_str(chars.as_str());
            }
        } else {
            text.push(' ');
            text.push_str(word);
        }
    }
    text.push('.');
    text
}

/// Sections of prose in a page's body.
const PARTS: usize = 5;

fn body(seed: usize, links: &str) -> String {
    let mut text = String::new();
    for part in 0..PARTS {
        let _ = writeln!(
            text,
            "\n## {} {part}\n",
            sentence(seed + part, 3).trim_end_matches('.')
        );
        for (paragraph, word) in WORDS.iter().enumerate().take(3) {
            let _ = writeln!(
                text,
                "{} {} *{}* {}\n",
                sentence(seed + paragraph, 18),
                sentence(seed + 3, 16),
                word,
                sentence(seed + 5, 20)
            );
        }
        let _ = writeln!(text, "### Details {part}\n");
        for item in 0..4 {
            let _ = writeln!(text, "- {}", sentence(seed + item + part, 9));
        }
    }
    let _ = writeln!(text, "\n## Checklist\n");
    for item in 0..5 {
        let _ = writeln!(
            text,
            "- [ ] {} {item} {{#item-{item}}}",
            sentence(seed + item * 3, 6).trim_end_matches('.')
        );
    }
    let _ = writeln!(
        text,
        "\n| Route | Time limit | Notes |\n|:--|--:|---|\n| Card | 120 days | {} |\n| Store | 48 hours | {} |\n",
        sentence(seed, 5),
        sentence(seed + 1, 5)
    );
    let _ = writeln!(text, "```text\nOrder: {seed}\nAmount: 12.34\n```\n");
    let _ = writeln!(text, "> [!NOTE]\n> {}\n", sentence(seed + 9, 14));
    let _ = writeln!(text, "{links}");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(plan: &Plan, wanted: fn(&Kind) -> bool) -> usize {
        plan.entries
            .iter()
            .filter(|entry| wanted(&entry.kind))
            .count()
    }

    #[test]
    fn flat_sites_have_one_top_level_section_per_50_pages() {
        for (pages, sections) in [(1_000, 20), (10_000, 200), (30_000, 600), (50_000, 1_000)] {
            let plan = Plan::new(pages, Shape::Flat);
            assert_eq!(plan.entries.len(), pages);
            assert_eq!(plan.sections, sections);
            assert_eq!(plan.top_level_sections(), sections);
            assert_eq!(
                count(&plan, |kind| matches!(kind, Kind::Section { .. })),
                sections
            );
            assert_eq!(count(&plan, |kind| matches!(kind, Kind::Part { .. })), 0);
            // Every section folder is at the top of content/.
            assert!(
                plan.entries
                    .iter()
                    .all(|entry| entry.path.matches('/').count() <= 1)
            );
        }
    }

    #[test]
    fn nested_sites_group_ten_sections_under_a_part() {
        let plan = Plan::new(10_000, Shape::Nested);
        assert_eq!(plan.entries.len(), 10_000);
        // The 20 part pages take room from the last section.
        assert_eq!(plan.sections, 200);
        assert_eq!(plan.top_level_sections(), 20);
        assert_eq!(count(&plan, |kind| matches!(kind, Kind::Part { .. })), 20);
        assert_eq!(plan.entries[1].path, "part-000/_index.md");
        assert_eq!(plan.entries[2].path, "part-000/section-0000/_index.md");
        assert_eq!(plan.entries[3].path, "part-000/section-0000/page-000.md");
    }

    #[test]
    fn sections_hold_50_pages_and_small_sites_are_exact() {
        let plan = Plan::new(1_000, Shape::Flat);
        assert_eq!(plan.entries[1].path, "section-0000/_index.md");
        assert_eq!(
            plan.entries[1].kind,
            Kind::Section {
                section: 0,
                steps: 49
            }
        );
        assert_eq!(plan.entries[50].path, "section-0000/page-048.md");
        assert_eq!(plan.entries[51].path, "section-0001/_index.md");
        // 999 pages after the start page: 19 full sections and one of 49.
        assert_eq!(
            plan.entries[951].kind,
            Kind::Section {
                section: 19,
                steps: 48
            }
        );
        for pages in [1, 2, 3, 50, 51, 52, 101] {
            for shape in [Shape::Flat, Shape::Nested] {
                assert_eq!(Plan::new(pages, shape).entries.len(), pages, "{pages}");
            }
        }
    }

    #[test]
    fn the_edit_target_is_a_step_in_the_middle() {
        let plan = Plan::new(10_000, Shape::Flat);
        assert_eq!(
            plan.edit_target().map(|e| e.path.as_str()),
            Some("section-0100/page-020.md")
        );
        let nested = Plan::new(10_000, Shape::Nested);
        assert_eq!(
            nested.edit_target().map(|e| e.path.as_str()),
            Some("part-010/section-0100/page-020.md")
        );
        let tiny = Plan::new(5, Shape::Flat);
        assert_eq!(
            tiny.edit_target().map(|e| e.path.as_str()),
            Some("section-0000/page-002.md")
        );
        assert_eq!(Plan::new(2, Shape::Flat).edit_target(), None);
    }

    #[test]
    fn pages_are_about_1100_words_with_every_feature() {
        let plan = Plan::new(200, Shape::Flat);
        for entry in &plan.entries {
            let page = entry.page(plan.shape);
            let words = page
                .body
                .split_whitespace()
                .filter(|word| word.chars().any(char::is_alphabetic))
                .count();
            assert!((1_000..=1_200).contains(&words), "{}: {words}", entry.path);
        }
        let page = plan.entries[10].page(plan.shape);
        let text = page.stepwise_text();
        assert!(text.starts_with("---\ntitle: \"Step 8 of section 0\"\ndescription: \""));
        for feature in [
            "\nweight: 9\n",
            "\nupdated: 2026-11-28\n",
            "\ntags: [bench, synthetic]\n",
            "\n## Checklist\n",
            "\n### Details 1\n",
            "\n- [ ] ",
            " {#item-4}\n",
            "\n|:--|--:|---|\n",
            "\n```text\n",
            "\n> [!NOTE]\n",
            "[the next step](page-009.md#checklist)",
            "[the previous step](page-007.md#details-1)",
            "[the section](_index.md)",
        ] {
            assert!(text.contains(feature), "missing {feature:?}");
        }
    }

    #[test]
    fn output_is_deterministic() {
        let a = Plan::new(120, Shape::Nested);
        let b = Plan::new(120, Shape::Nested);
        assert_eq!(a.entries, b.entries);
        for (x, y) in a.entries.iter().zip(&b.entries) {
            assert_eq!(x.page(a.shape), y.page(b.shape));
        }
    }

    #[test]
    fn the_broken_variant_leaves_the_title_unclosed() {
        let page = Plan::new(3, Shape::Flat).entries[2].page(Shape::Flat);
        let broken = page.stepwise_text_broken();
        assert!(broken.starts_with("---\ntitle: \"Step 0 of section 0\ndescription: "));
        assert_eq!(broken.len() + 1, page.stepwise_text().len());
    }

    #[test]
    fn quoting_escapes_quotes_and_backslashes() {
        assert_eq!(quoted(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quoted("plain"), "\"plain\"");
    }
}
