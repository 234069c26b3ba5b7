//! A synthetic site of any size, shaped like a real guide: nested sections of 50 pages, each
//! page ~1,100 words with front matter, headings, lists, a task list, a table, code, callouts
//! and links to its neighbours (some with anchors). Deterministic: the same size gives the
//! same bytes.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Pages per section, as in the anchors' corpus.
pub(crate) const PAGES_PER_SECTION: usize = 50;

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

/// Writes a site with `pages` pages (sections included) under `root`.
pub(crate) fn generate(root: &Path, pages: usize) -> io::Result<()> {
    if root.exists() {
        fs::remove_dir_all(root)?;
    }
    fs::create_dir_all(root.join("content"))?;
    fs::write(
        root.join("site.yaml"),
        "title: Synthetic guide\nbase_url: https://bench.example.org/guide/\nlanguage: en\ndescription: A generated site for benchmarks.\n",
    )?;
    fs::write(
        root.join("content/_index.md"),
        page_text("Synthetic guide", 0, 0, None),
    )?;
    let sections = pages.saturating_sub(1).div_ceil(PAGES_PER_SECTION).max(1);
    let mut written = 1;
    for section in 0..sections {
        // Two levels: groups of ten sections, so the tree is nested.
        let dir = root.join(format!(
            "content/part-{:03}/section-{section:04}",
            section / 10
        ));
        fs::create_dir_all(&dir)?;
        let group_index = dir.parent().map(|p| p.join("_index.md"));
        if let Some(group_index) = group_index.filter(|p| !p.exists()) {
            fs::write(
                group_index,
                page_text(&format!("Part {}", section / 10), section / 10, 0, None),
            )?;
            written += 1;
        }
        fs::write(
            dir.join("_index.md"),
            page_text(&format!("Section {section}"), section, 0, None),
        )?;
        written += 1;
        let in_section = (pages.saturating_sub(written)).min(PAGES_PER_SECTION - 1);
        for page in 0..in_section {
            let neighbour = (page + 1 < in_section).then(|| format!("page-{:03}.md", page + 1));
            fs::write(
                dir.join(format!("page-{page:03}.md")),
                page_text(
                    &format!("Step {page} of section {section}"),
                    section,
                    page,
                    neighbour.as_deref(),
                ),
            )?;
            written += 1;
        }
        if written >= pages {
            break;
        }
    }
    Ok(())
}

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

fn page_text(title: &str, section: usize, page: usize, next: Option<&str>) -> String {
    let seed = section * 1000 + page;
    let mut text = format!(
        "---\ntitle: \"{title}\"\ndescription: \"{}\"\nweight: {page}\nupdated: 2026-11-28\ntags: [bench, synthetic]\n---\n",
        sentence(seed, 12).trim_end_matches('.')
    );
    for part in 0..4 {
        let _ = writeln!(
            text,
            "## {} {part}\n",
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
        text.push('\n');
    }
    let _ = writeln!(text, "## Checklist\n");
    for item in 0..5 {
        let _ = writeln!(
            text,
            "- [ ] {} {item}",
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
    if let Some(next) = next {
        let _ = writeln!(
            text,
            "Next: [the next step]({next}#checklist). Back to [the section](_index.md).\n"
        );
    }
    text
}
