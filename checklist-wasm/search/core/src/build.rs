//! Building the index (at build time only): each page's terms are counted once
//! ([`page_doc`], when the page is rendered), and the site's index is assembled from them
//! ([`build_index`]).
//!
//! Ranking is BM25 with field weights, computed here: each posting carries one byte, the
//! page's BM25 term-frequency part (title words count 6 times, headings and composer titles 3,
//! checklist items 2, body text once) against the average page length rounded to a quarter
//! power of two, so one edit rarely moves it and unchanged shards keep their bytes. The
//! browser multiplies by the term's IDF, known from its posting count.
//!
//! Term shards are sorted runs of terms cut where a term's hash says so (about every 64
//! terms), before and after any term with many postings (it gets a shard of its own), and
//! when a shard grows past 48 KB: an edit changes only the shards of the terms it touches.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use crate::format::{self, Postings, Root};
use crate::meta::{Kind, PageMeta, Record};
use crate::tokenise::{Language, Tokeniser};

/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// BM25's length normalisation.
const B: f64 = 0.75;
/// Postings bytes above which a term gets a shard of its own.
const BIG_TERM_BYTES: usize = 8 * 1024;
/// Bytes after which a term shard is cut whatever the hashes say.
const MAX_SHARD_BYTES: usize = 48 * 1024;
/// One term in this many starts a shard.
const CUT_EVERY: u32 = 64;
/// Dictionary groups of one first letter above this size are split by the first two.
const DICT_SPLIT_BYTES: usize = 4 * 1024;

/// How much a word counts, by where it stands.
const TITLE_WEIGHT: u16 = 6;
const HEADING_WEIGHT: u16 = 3;
const ITEM_WEIGHT: u16 = 2;
const BODY_WEIGHT: u16 = 1;

/// What the index needs of one page: its terms with their weighted counts, its length, and
/// the hash of its metadata file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocTerms {
    /// The page's distinct terms, sorted, each followed by `\n`.
    pub terms: String,
    /// Each term's weighted count, in the order of `terms`.
    pub weights: Vec<u16>,
    /// How many words the page has (title and headings included).
    pub length: u32,
    /// The hash of the page's metadata file (its name).
    pub meta_hash: u32,
}

impl DocTerms {
    /// The terms with their weights.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u16)> {
        self.terms
            .split_terminator('\n')
            .zip(self.weights.iter().copied())
    }
}

/// One page, ready to be indexed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageDoc {
    /// Its terms.
    pub terms: DocTerms,
    /// Its metadata file's text.
    pub meta: String,
}

/// Counts a page's terms and writes its metadata file.
pub fn page_doc(tokeniser: &Tokeniser, meta: &PageMeta) -> PageDoc {
    page_doc_with(tokeniser, meta, &mut TermMemo::default())
}

/// The terms of the words seen so far, kept from page to page by a build (stemming is the
/// costly part of indexing, and a site repeats its words), and the counts of the page being
/// indexed. The same words give the same terms whatever was seen before, so a memo never
/// changes a page's part of the index.
#[derive(Debug, Default)]
pub struct TermMemo {
    /// Each lowercased word's term number ([`NO_TERM`] for a word without one).
    words: HashMap<String, u32>,
    /// Each term's number.
    numbers: HashMap<String, u32>,
    /// The terms by number.
    terms: Vec<String>,
    /// The page's weighted count of each term by number (0: not on the page).
    counts: Vec<u16>,
    /// The numbers of the terms on the page, in the order first seen.
    seen: Vec<u32>,
}

/// A word whose term is empty (the stemmer left nothing).
const NO_TERM: u32 = u32::MAX;

/// More words and terms than this (the pairs of Han and Hiragana runs are terms of their own)
/// and the memo starts again, between pages: a bound on its memory.
const MEMO_WORDS: usize = 500_000;

impl TermMemo {
    /// The number of `term`, numbering it if it is new.
    fn number(&mut self, term: &str) -> u32 {
        if let Some(&number) = self.numbers.get(term) {
            return number;
        }
        let number = self.terms.len() as u32;
        self.numbers.insert(term.to_owned(), number);
        self.terms.push(term.to_owned());
        self.counts.push(0);
        number
    }

    /// Adds `weight` to the count of the term numbered `number` on the page.
    fn count(&mut self, number: u32, weight: u16) {
        let count = &mut self.counts[number as usize];
        if *count == 0 {
            self.seen.push(number);
        }
        *count = count.saturating_add(weight).max(1);
    }

    /// The page's terms, sorted, with their counts; the counts start again.
    fn take_page(&mut self) -> DocTerms {
        let mut seen = std::mem::take(&mut self.seen);
        seen.sort_unstable_by(|&a, &b| self.terms[a as usize].cmp(&self.terms[b as usize]));
        let mut terms = String::new();
        let mut weights = Vec::with_capacity(seen.len());
        for &number in &seen {
            terms.push_str(&self.terms[number as usize]);
            terms.push('\n');
            weights.push(std::mem::take(&mut self.counts[number as usize]));
        }
        seen.clear();
        self.seen = seen;
        if self.words.len() + self.terms.len() > MEMO_WORDS {
            *self = Self::default();
        }
        DocTerms {
            terms,
            weights,
            ..DocTerms::default()
        }
    }
}

/// [`page_doc`] with the terms of words seen before taken from `memo`.
pub fn page_doc_with(tokeniser: &Tokeniser, meta: &PageMeta, memo: &mut TermMemo) -> PageDoc {
    let mut length: u32 = 0;
    let mut count = |text: &str, weight: u16, memo: &mut TermMemo| {
        tokeniser.each(text, &mut |_, _, word, stem| {
            if word.is_empty() {
                return;
            }
            let number = if !stem {
                memo.number(word)
            } else if let Some(&number) = memo.words.get(word) {
                number
            } else {
                let term = tokeniser.term(word);
                let number = if term.is_empty() {
                    NO_TERM
                } else {
                    memo.number(&term)
                };
                memo.words.insert(word.to_owned(), number);
                number
            };
            if number == NO_TERM {
                return;
            }
            length = length.saturating_add(1);
            memo.count(number, weight);
        });
    };
    count(&meta.title, TITLE_WEIGHT, memo);
    for record in &meta.records {
        match record.kind {
            Kind::Section => {
                count(&record.heading, HEADING_WEIGHT, memo);
                count(&record.text, BODY_WEIGHT, memo);
            }
            Kind::Item => {
                // A checklist's title is the heading of the section it stands in: counted there.
                count(&record.text, ITEM_WEIGHT, memo);
            }
            Kind::Composer => count(&record.heading, HEADING_WEIGHT, memo),
        }
    }
    let text = meta.encode();
    PageDoc {
        terms: DocTerms {
            length,
            meta_hash: format::hash32(text.as_bytes()),
            ..memo.take_page()
        },
        meta: text,
    }
}

/// The index's files (term and dictionary shards; the pages' metadata files are their own).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexFiles {
    /// The root file's bytes.
    pub root: Vec<u8>,
    /// Every shard: its name and bytes.
    pub shards: Vec<(String, Vec<u8>)>,
}

/// The average length, rounded to a quarter power of two.
fn rounded_average(docs: &[&DocTerms]) -> f64 {
    let total: f64 = docs.iter().map(|d| f64::from(d.length)).sum();
    let average = (total / docs.len().max(1) as f64).max(1.0);
    (average.log2() * 4.0).round().exp2().powf(0.25)
}

/// BM25's term-frequency part, scaled to one byte (at least 1).
fn impact(weight: u16, length: u32, average: f64) -> u8 {
    let tf = f64::from(weight);
    let norm = K1 * (1.0 - B + B * f64::from(length) / average);
    let part = tf * (K1 + 1.0) / (tf + norm) / (K1 + 1.0);
    (part * 255.0).round().clamp(1.0, 255.0) as u8
}

/// Builds the index of `docs` (page `i` is `docs[i]`).
pub fn build_index(language: Language, docs: &[&DocTerms]) -> IndexFiles {
    let average = rounded_average(docs);
    let mut postings: BTreeMap<&str, Postings> = BTreeMap::new();
    for (page, doc) in docs.iter().enumerate() {
        for (term, weight) in doc.iter() {
            postings
                .entry(term)
                .or_default()
                .push((page as u32, impact(weight, doc.length, average)));
        }
    }

    let mut shards = Vec::new();
    let mut term_shards = Vec::new();
    let mut current: Vec<(&str, &Postings)> = Vec::new();
    let mut current_bytes = 0;
    let mut previous_big = false;
    let flush = |current: &mut Vec<(&str, &Postings)>,
                 shards: &mut Vec<(String, Vec<u8>)>,
                 term_shards: &mut Vec<(String, u32)>| {
        if current.is_empty() {
            return;
        }
        let bytes = format::encode_term_shard(current);
        let hash = format::hash32(&bytes);
        let first = if term_shards.is_empty() {
            String::new()
        } else {
            current[0].0.to_owned()
        };
        term_shards.push((first, hash));
        shards.push((format::name('t', hash), bytes));
        current.clear();
    };
    for (term, list) in &postings {
        let bytes = list.len() * 3 + term.len() + 4;
        let big = bytes > BIG_TERM_BYTES;
        let cut = big
            || previous_big
            || current_bytes > MAX_SHARD_BYTES
            || format::hash32(term.as_bytes()).is_multiple_of(CUT_EVERY);
        if cut {
            flush(&mut current, &mut shards, &mut term_shards);
            current_bytes = 0;
        }
        current.push((term, list));
        current_bytes += bytes;
        previous_big = big;
    }
    flush(&mut current, &mut shards, &mut term_shards);

    let mut dict_shards = Vec::new();
    for (key, terms) in dictionary_groups(&postings) {
        let bytes = format::encode_dict_shard(&terms);
        let hash = format::hash32(&bytes);
        dict_shards.push((key, hash));
        shards.push((format::name('d', hash), bytes));
    }

    let root = Root {
        language: language.code().to_owned(),
        pages: docs.len() as u32,
        term_shards,
        dict_shards,
        page_meta: docs.iter().map(|d| d.meta_hash).collect(),
    };
    IndexFiles {
        root: root.encode(),
        shards,
    }
}

/// The terms grouped by first character, large groups by the first two.
fn dictionary_groups<'a>(
    postings: &BTreeMap<&'a str, Postings>,
) -> Vec<(String, Vec<(&'a str, u32)>)> {
    let prefix = |term: &str, n: usize| -> String { term.chars().take(n).collect() };
    let mut by_first: BTreeMap<String, Vec<(&str, u32)>> = BTreeMap::new();
    for (term, list) in postings {
        by_first
            .entry(prefix(term, 1))
            .or_default()
            .push((term, list.len() as u32));
    }
    let mut groups = Vec::new();
    for (first, terms) in by_first {
        let size: usize = terms.iter().map(|(t, _)| t.len() + 3).sum();
        if size <= DICT_SPLIT_BYTES {
            groups.push((first, terms));
            continue;
        }
        let mut by_two: BTreeMap<String, Vec<(&str, u32)>> = BTreeMap::new();
        for (term, df) in terms {
            let key = if term.chars().count() >= 2 {
                prefix(term, 2)
            } else {
                first.clone()
            };
            by_two.entry(key).or_default().push((term, df));
        }
        groups.extend(by_two);
    }
    groups
}

/// A record of a page's metadata (a convenience for callers building [`PageMeta`]).
pub fn record(kind: Kind, anchor: &str, heading: &str, text: &str) -> Record {
    Record {
        kind,
        anchor: anchor.to_owned(),
        heading: heading.to_owned(),
        text: text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_kept_from_page_to_page_changes_no_page() {
        let t = Tokeniser::new(Language::English);
        let pages: Vec<PageMeta> = [
            "Refunds refunded quickly: receipts, Receipt's and 退款申请",
            "quickly refunding the receipts",
            "",
        ]
        .iter()
        .enumerate()
        .map(|(i, text)| PageMeta {
            url: format!("/p{i}/"),
            title: format!("Refund page {i}"),
            records: vec![
                record(Kind::Section, "a", "Receipts", text),
                record(Kind::Item, "b", "", "Keep the receipt"),
            ],
        })
        .collect();
        let mut memo = TermMemo::default();
        for page in pages.iter().chain(pages.iter().rev()) {
            let shared = page_doc_with(&t, page, &mut memo);
            assert_eq!(shared, page_doc(&t, page), "{}", page.url);
        }
        let doc = page_doc(&t, &pages[0]);
        let terms: Vec<(&str, u16)> = doc.terms.iter().collect();
        assert!(terms.contains(&("refund", 6 + 1 + 1)), "{terms:?}");
        assert!(terms.contains(&("receipt", 3 + 1 + 1 + 2)), "{terms:?}");
        assert!(
            terms.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted: {terms:?}"
        );
    }

    #[test]
    fn impacts_favour_short_pages_and_saturate() {
        assert!(impact(1, 50, 100.0) > impact(1, 200, 100.0));
        assert!(impact(10, 100, 100.0) > impact(1, 100, 100.0));
        assert_eq!(impact(0, 100, 100.0), 1);
        assert_eq!(impact(u16::MAX, 1, 100.0), 255);
    }

    #[test]
    fn the_rounded_average_ignores_small_changes() {
        let a = DocTerms {
            length: 1000,
            ..Default::default()
        };
        let b = DocTerms {
            length: 1010,
            ..Default::default()
        };
        assert_eq!(rounded_average(&[&a, &a]), rounded_average(&[&a, &b]));
    }

    #[test]
    fn a_common_term_gets_a_shard_of_its_own() {
        let t = Tokeniser::new(Language::English);
        let pages: Vec<PageDoc> = (0..4000)
            .map(|i| {
                page_doc(
                    &t,
                    &PageMeta {
                        url: format!("/p{i}/"),
                        title: format!("Page {i}"),
                        records: vec![record(Kind::Section, "", "", "refund alpha")],
                    },
                )
            })
            .collect();
        let docs: Vec<&DocTerms> = pages.iter().map(|p| &p.terms).collect();
        let index = build_index(Language::English, &docs);
        let root = Root::decode(&index.root).expect("root");
        let shard = root.term_shard("refund").expect("shard");
        let name = format::name('t', root.term_shards[shard].1);
        let bytes = &index
            .shards
            .iter()
            .find(|(n, _)| *n == name)
            .expect("file")
            .1;
        let terms = format::decode_term_shard(bytes).expect("decodes");
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0].1.len(), 4000);
    }
}
