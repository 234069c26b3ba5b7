//! The guide's rules carry their sources: every link to another website is listed on the
//! sources page, and every passage that states a time limit, an amount or a share cites one.

use regex::Regex;

use crate::content::guide_pages;

/// The sources page, where every source is listed with its date and how far it is trusted.
const SOURCES: &str = "sources.md";

/// Links to other websites: `](http…)`.
fn external_links(text: &str) -> Vec<String> {
    let link = Regex::new(r"\]\((https?://[^)\s]+)\)").expect("regex");
    link.captures_iter(text).map(|c| c[1].to_owned()).collect()
}

/// The page's Markdown blocks (runs of lines between blank lines), leaving out the front
/// matter and composer definitions, which state no rules of their own.
fn blocks(text: &str) -> Vec<String> {
    let body = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(text, |(_, body)| body);
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut in_fence = false;
    for line in body.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

#[test]
fn every_website_the_guide_links_to_is_on_the_sources_page() {
    let pages = guide_pages();
    let (_, sources) = pages
        .iter()
        .find(|(path, _)| path.ends_with(SOURCES))
        .expect("the guide has a sources page");
    let listed = external_links(sources);
    let mut missing = Vec::new();
    for (path, text) in &pages {
        for url in external_links(text) {
            if !listed.contains(&url) {
                missing.push(format!("{path}: {url}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "links missing from the sources page:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_time_limit_amount_and_share_cites_a_source() {
    // A passage with a number of days, an amount of money or a percentage states a rule, so it
    // links to where the rule comes from: in the passage itself, or (for a list or table under
    // an introducing sentence) in the passage just before it.
    let rule = Regex::new(
        r"(?i)\b\d[\d,.]*\s*(calendar |business |working )?(days?|weeks?|months?|years?|hours?)\b|\d\s?%|[£$€]\s?\d|\b(A|US)\$\s?\d|\bRM\s?\d|\b\d[\d,.]*\s?TL\b",
    )
    .expect("regex");
    let link = Regex::new(r"\]\([^)\s]+\)").expect("regex");
    let mut unsourced = Vec::new();
    for (path, text) in guide_pages() {
        if path.ends_with(SOURCES) {
            continue;
        }
        let blocks = blocks(&text);
        for (index, block) in blocks.iter().enumerate() {
            if block.starts_with('#') || !rule.is_match(block) {
                continue;
            }
            let cited = link.is_match(block)
                || index
                    .checked_sub(1)
                    .is_some_and(|before| link.is_match(&blocks[before]));
            if !cited {
                unsourced.push(format!("{path}: {}", block.trim()));
            }
        }
    }
    assert!(
        unsourced.is_empty(),
        "passages stating a limit or amount without a source:\n\n{}",
        unsourced.join("\n\n")
    );
}

#[test]
fn the_rule_finder_sees_a_rule_and_its_citation() {
    // The two checks above rest on these helpers: a rule without a link must be found.
    let page = "---\ntitle: T\n---\nYou have 60 days.\n\nYou have [60 days](https://example.org/).\n\n```composer\nbody: 14 days\n```\n";
    let found = blocks(page);
    assert_eq!(
        found,
        [
            "You have 60 days.\n",
            "You have [60 days](https://example.org/).\n"
        ]
    );
    assert_eq!(external_links(page), ["https://example.org/"]);
}
