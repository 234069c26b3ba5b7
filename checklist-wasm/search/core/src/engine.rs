//! Answering queries in the browser over the shards loaded so far.
//!
//! A query is tokenised as pages were. Each word matches its own term; the last word, while
//! the reader is still typing it, also matches terms it begins (prefix matching); a word of
//! five or more letters that is not in the index matches terms one typo away (a letter added,
//! missing, changed or two swapped; candidates come from the dictionary shard of its first
//! letters, so the first letter or two must be right). Pages must match every word when any
//! does; otherwise those matching most words come first. Scores are BM25: the impact byte
//! stored with each posting times the term's IDF, less for prefix and typo matches.
//!
//! [`Engine::needed`] says which files a query still needs; the caller fetches them, hands
//! them over with [`Engine::add`] and asks again (at most three rounds: term shards and the
//! prefix dictionary, the typo dictionary, the candidates' shards).

use crate::format::{self, Postings, Root};
use crate::meta::{Kind, PageMeta};
use crate::tokenise::{Language, Tokeniser};

/// At most this many words of a query count (a pasted paragraph is searched by its start).
pub const MAX_WORDS: usize = 10;
/// At most this many results are ranked.
pub const MAX_RESULTS: usize = 100;
/// Words this long or longer tolerate one typo.
pub const TYPO_MIN_CHARS: usize = 5;
/// A word being typed matches as a prefix from this many characters.
pub const PREFIX_MIN_CHARS: usize = 2;
/// Terms a prefix expands to, the most frequent first.
const PREFIX_TERMS: usize = 6;
/// Terms a misspelt word expands to.
const TYPO_TERMS: usize = 3;
/// Words of context in an excerpt.
const EXCERPT_WORDS: usize = 26;
/// Words of an excerpt before its first match.
const EXCERPT_LEAD: usize = 6;

/// Separates the fields of [`Engine::result`].
pub const FIELD: char = '\u{2}';
/// Separates the plain and marked parts of an excerpt (plain first).
pub const MARK: char = '\u{1}';

/// One word of a query.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    /// Lowercased, as typed.
    raw: String,
    /// Its term.
    term: String,
    /// Still being typed: matches terms it begins.
    prefix: bool,
    /// May hold one typo.
    typo: bool,
}

/// The index as far as it is loaded, and the last query's matches.
pub struct Engine {
    tokeniser: Tokeniser,
    root: Root,
    /// Loaded term shards, by index in the root.
    terms: Vec<Option<Vec<(String, Postings)>>>,
    /// Loaded dictionary shards, by index in the root.
    dicts: Vec<Option<Vec<(String, u32)>>>,
    /// Loaded page metadata (only for results shown: few).
    metas: Vec<(u32, PageMeta)>,
    /// Per word of the last search: the terms it matched, and the raw word if it was
    /// a prefix.
    matched: Vec<(Vec<String>, Option<String>)>,
}

impl Engine {
    /// An engine over the index whose root file is `root`; `None` if it is not one.
    pub fn new(root: &[u8]) -> Option<Self> {
        let root = Root::decode(root)?;
        let language = if root.language == Language::English.code() {
            Language::English
        } else {
            Language::Unstemmed
        };
        Some(Self {
            tokeniser: Tokeniser::new(language),
            terms: (0..root.term_shards.len()).map(|_| None).collect(),
            dicts: (0..root.dict_shards.len()).map(|_| None).collect(),
            root,
            metas: Vec::new(),
            matched: Vec::new(),
        })
    }

    /// How many pages the index holds.
    pub fn pages(&self) -> u32 {
        self.root.pages
    }

    fn words(&self, query: &str) -> Vec<Word> {
        let tokens = self.tokeniser.tokens(query);
        let count = tokens.len().min(MAX_WORDS);
        let mut words: Vec<Word> = Vec::new();
        for (i, token) in tokens.into_iter().take(count).enumerate() {
            let chars = token.word.chars().count();
            let last_typed = i + 1 == count && token.end == query.len();
            let numeric = token.word.chars().all(|c| c.is_ascii_digit() || c == '.');
            let word = Word {
                prefix: last_typed && chars >= PREFIX_MIN_CHARS,
                typo: chars >= TYPO_MIN_CHARS && !numeric,
                raw: token.word,
                term: token.term,
            };
            if !words.iter().any(|w| w.term == word.term) {
                words.push(word);
            }
        }
        words
    }

    fn postings(&self, term: &str) -> Option<&Postings> {
        let shard = self.terms.get(self.root.term_shard(term)?)?.as_ref()?;
        let at = shard.binary_search_by(|(t, _)| t.as_str().cmp(term)).ok()?;
        Some(&shard[at].1)
    }

    /// Whether the term shard for `term` is loaded.
    fn term_loaded(&self, term: &str) -> bool {
        self.root
            .term_shard(term)
            .is_some_and(|shard| matches!(self.terms.get(shard), Some(Some(_))))
    }

    /// The dictionary for `word`: `Some(None)` when the index has none for it.
    fn dict(&self, word: &str) -> Option<Option<&Vec<(String, u32)>>> {
        match self.root.dict_shard(word) {
            None => Some(None),
            Some(shard) => self.dicts.get(shard)?.as_ref().map(Some),
        }
    }

    /// Whether `word` needs its dictionary: while typed, or misspelt (its term is missing).
    fn wants_dict(&self, word: &Word) -> bool {
        word.prefix
            || (word.typo && self.term_loaded(&word.term) && self.postings(&word.term).is_none())
    }

    /// The terms `word` matches in what is loaded, each with its weight.
    fn candidates(&self, word: &Word) -> Vec<(String, f64)> {
        let mut found = Vec::new();
        if self.postings(&word.term).is_some() {
            found.push((word.term.clone(), 1.0));
        }
        if !self.wants_dict(word) {
            return found;
        }
        let Some(Some(dict)) = self.dict(&word.raw) else {
            return found;
        };
        if word.prefix {
            let raw_chars = word.raw.chars().count();
            let mut prefixed: Vec<&(String, u32)> = dict
                .iter()
                .filter(|(term, _)| *term != word.term)
                .filter(|(term, _)| {
                    term.starts_with(&word.raw) || {
                        let chars = term.chars().count();
                        word.raw.starts_with(term.as_str()) && chars >= 3 && raw_chars - chars <= 3
                    }
                })
                .collect();
            most_frequent_first(&mut prefixed);
            found.extend(
                prefixed
                    .into_iter()
                    .take(PREFIX_TERMS)
                    .map(|(term, _)| (term.clone(), 0.8)),
            );
        }
        if word.typo && self.postings(&word.term).is_none() {
            // The stems of every spelling one edit from the word ("evidnce" → "evidence" →
            // "evid"), and terms one edit from its stem.
            let stems: Vec<String> = edits(&word.raw)
                .into_iter()
                .map(|spelling| self.tokeniser.term(&spelling))
                .collect();
            let mut near: Vec<&(String, u32)> = dict
                .iter()
                .filter(|(term, _)| stems.contains(term) || one_typo(term, &word.term))
                .collect();
            most_frequent_first(&mut near);
            for (term, _) in near.into_iter().take(TYPO_TERMS) {
                if !found.iter().any(|(t, _)| t == term) {
                    found.push((term.clone(), 0.6));
                }
            }
        }
        found
    }

    /// The files `query` needs that are not loaded yet (names as in the root: `t.…`, `d.…`).
    pub fn needed(&self, query: &str) -> Vec<String> {
        let mut shards: Vec<(char, usize)> = Vec::new();
        let term_missing = |shard: usize| matches!(self.terms.get(shard), Some(None));
        for word in self.words(query) {
            if let Some(shard) = self.root.term_shard(&word.term)
                && term_missing(shard)
            {
                shards.push(('t', shard));
            }
            if !self.wants_dict(&word) {
                continue;
            }
            match self.dict(&word.raw) {
                None => {
                    if let Some(shard) = self.root.dict_shard(&word.raw) {
                        shards.push(('d', shard));
                    }
                }
                Some(_) => {
                    for (term, _) in self.candidates(&word) {
                        if let Some(shard) = self.root.term_shard(&term)
                            && term_missing(shard)
                        {
                            shards.push(('t', shard));
                        }
                    }
                }
            }
        }
        let mut unique: Vec<(char, usize)> = Vec::new();
        for shard in shards {
            if !unique.contains(&shard) {
                unique.push(shard);
            }
        }
        unique
            .into_iter()
            .map(|(kind, i)| {
                let hash = if kind == 't' {
                    self.root.term_shards[i].1
                } else {
                    self.root.dict_shards[i].1
                };
                format::name(kind, hash)
            })
            .collect()
    }

    /// Takes a fetched shard; `false` if the name is unknown or the bytes do not decode.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> bool {
        let find = |kind: char, shards: &[(String, u32)]| {
            shards
                .iter()
                .position(|(_, hash)| format::name(kind, *hash) == name)
        };
        if let Some(index) = find('t', &self.root.term_shards) {
            let Some(terms) = format::decode_term_shard(bytes) else {
                return false;
            };
            self.terms[index] = Some(terms);
            true
        } else if let Some(index) = find('d', &self.root.dict_shards) {
            let Some(terms) = format::decode_dict_shard(bytes) else {
                return false;
            };
            self.dicts[index] = Some(terms);
            true
        } else {
            false
        }
    }

    /// Ranks the pages for `query` with what is loaded: best first, at most [`MAX_RESULTS`].
    pub fn search(&mut self, query: &str) -> Vec<u32> {
        let words = self.words(query);
        let pages = self.root.pages as usize;
        // Per page: how many words it matched, and its score.
        let mut counts = vec![0u8; pages];
        let mut scores = vec![0f64; pages];
        let mut best = vec![0f64; pages];
        let mut touched: Vec<u32> = Vec::new();
        let mut matched = Vec::new();
        let mut searched_words = 0;
        for word in &words {
            let candidates = self.candidates(word);
            for (term, weight) in &candidates {
                let Some(postings) = self.postings(term) else {
                    continue;
                };
                let df = postings.len() as f64;
                let idf = (1.0 + (pages as f64 - df + 0.5) / (df + 0.5)).ln();
                for &(page, impact) in postings {
                    let Some(slot) = best.get_mut(page as usize) else {
                        continue;
                    };
                    let score = weight * idf * f64::from(impact) / 255.0;
                    if *slot == 0.0 {
                        touched.push(page);
                    }
                    if score > *slot {
                        *slot = score;
                    }
                }
            }
            if !candidates.is_empty() {
                searched_words += 1;
            }
            for &page in &touched {
                let page = page as usize;
                counts[page] += 1;
                scores[page] += best[page];
                best[page] = 0.0;
            }
            touched.clear();
            let terms: Vec<String> = candidates.into_iter().map(|(t, _)| t).collect();
            matched.push((terms, word.prefix.then(|| word.raw.clone())));
        }
        self.matched = matched;
        let every = words.len() as u8;
        let all_found = searched_words == words.len() && counts.contains(&every);
        // The best MAX_RESULTS, kept in order as pages come (pages ascending, so among equals
        // the first page wins).
        let better = |a: usize, b: usize| {
            counts[a] > counts[b] || (counts[a] == counts[b] && scores[a] > scores[b])
        };
        let mut ranked: Vec<u32> = Vec::new();
        for (page, &count) in counts.iter().enumerate() {
            if count == 0 || (all_found && count != every) {
                continue;
            }
            if ranked.len() == MAX_RESULTS
                && !ranked
                    .last()
                    .is_some_and(|&last| better(page, last as usize))
            {
                continue;
            }
            let at = ranked
                .iter()
                .position(|&other| better(page, other as usize))
                .unwrap_or(ranked.len());
            ranked.insert(at, page as u32);
            ranked.truncate(MAX_RESULTS);
        }
        ranked
    }

    /// The name of `page`'s metadata file.
    pub fn meta_name(&self, page: u32) -> Option<String> {
        let hash = self.root.page_meta.get(page as usize)?;
        Some(format::name('m', *hash))
    }

    /// Takes a page's fetched metadata; `false` if it does not decode.
    pub fn add_meta(&mut self, page: u32, bytes: &[u8]) -> bool {
        let Some(meta) = core::str::from_utf8(bytes).ok().and_then(PageMeta::decode) else {
            return false;
        };
        self.metas.retain(|(p, _)| *p != page);
        self.metas.push((page, meta));
        true
    }

    /// The tokens of a result's text, stemming only words that could match the last search
    /// (their first two letters begin a matched term or a typed prefix): stemming every word
    /// of a long page would take milliseconds a keypress cannot spare. A word that is not
    /// stemmed keeps its lowercase form, which matches no term it could not match stemmed.
    fn page_tokens(&self, text: &str) -> Vec<crate::tokenise::Token> {
        let starts = |a: &str, b: &str| {
            let head: String = b.chars().take(2).collect();
            a.starts_with(head.as_str())
        };
        let could_match = |word: &str| {
            self.matched.iter().any(|(terms, prefix)| {
                terms.iter().any(|t| starts(word, t))
                    || prefix.as_ref().is_some_and(|p| starts(word, p))
            })
        };
        self.tokeniser.tokens_by(text, &mut |word| {
            if could_match(word) {
                self.tokeniser.term(word)
            } else {
                word.to_owned()
            }
        })
    }

    /// Whether a token matches the last search, and which word.
    fn word_of(&self, term: &str, word: &str) -> Option<usize> {
        self.matched.iter().position(|(terms, prefix)| {
            terms.iter().any(|t| t == term)
                || prefix
                    .as_ref()
                    .is_some_and(|p| word.starts_with(p.as_str()))
        })
    }

    /// A result for `page` (its metadata loaded), for the last search: the address to land on
    /// (the best-matching heading or checklist item), the page's title, the heading, and the
    /// excerpt, separated by [`FIELD`]; the excerpt's plain and marked parts alternate,
    /// separated by [`MARK`].
    pub fn result(&self, page: u32) -> Option<String> {
        let (_, meta) = self.metas.iter().find(|(p, _)| *p == page)?;
        let mut best: Option<(usize, usize)> = None;
        for (index, record) in meta.records.iter().enumerate() {
            // Which query words the record holds, as bits.
            let mut words: u32 = 0;
            let mut in_heading = 0;
            for (field, text) in [(1, &record.heading), (0, &record.text)] {
                for token in self.page_tokens(text) {
                    if let Some(w) = self.word_of(&token.term, &token.word) {
                        words |= 1 << w;
                        in_heading |= field;
                    }
                }
            }
            let item = usize::from(record.kind == Kind::Item && words != 0);
            let score = words.count_ones() as usize * 10 + in_heading * 3 + item * 2;
            if score > 0 && best.is_none_or(|(_, s)| score > s) {
                best = Some((index, score));
            }
        }
        let record = match best {
            Some((index, _)) => meta.records.get(index),
            None => meta.records.first(),
        };
        let mut out = meta.url.clone();
        if let Some(record) = record
            && !record.anchor.is_empty()
        {
            out.push('#');
            out.push_str(&record.anchor);
        }
        out.push(FIELD);
        out.push_str(&meta.title);
        out.push(FIELD);
        if let Some(record) = record {
            out.push_str(&record.heading);
            out.push(FIELD);
            self.excerpt(&record.text, &mut out);
        } else {
            out.push(FIELD);
        }
        Some(out)
    }

    fn excerpt(&self, text: &str, out: &mut String) {
        let tokens = self.page_tokens(text);
        if tokens.is_empty() {
            out.push_str(text);
            return;
        }
        let hits: Vec<bool> = tokens
            .iter()
            .map(|t| self.word_of(&t.term, &t.word).is_some())
            .collect();
        let first = hits.iter().position(|&h| h).unwrap_or(0);
        let start = first.saturating_sub(EXCERPT_LEAD);
        let end = (start + EXCERPT_WORDS).min(tokens.len());
        let from = if start == 0 { 0 } else { tokens[start].start };
        let to = if end == tokens.len() {
            text.len()
        } else {
            tokens[end - 1].end
        };
        if start > 0 {
            out.push_str("… ");
        }
        let mut at = from;
        for (token, _) in tokens[start..end]
            .iter()
            .zip(&hits[start..end])
            .filter(|(_, hit)| **hit)
        {
            out.push_str(text.get(at..token.start).unwrap_or_default());
            out.push(MARK);
            out.push_str(text.get(token.start..token.end).unwrap_or_default());
            out.push(MARK);
            at = token.end;
        }
        out.push_str(text.get(at..to).unwrap_or_default());
        if end < tokens.len() {
            out.push_str(" …");
        }
    }
}

/// Sorts dictionary terms by how many pages hold them, most first (then alphabetically).
fn most_frequent_first(terms: &mut [&(String, u32)]) {
    // Insertion sort: short lists, and far less code than the standard sorts.
    for i in 1..terms.len() {
        let mut j = i;
        while j > 0 && (terms[j].1, &terms[j - 1].0) > (terms[j - 1].1, &terms[j].0) {
            terms.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Every spelling one edit from `word`: a letter removed, two neighbours swapped, a letter
/// changed or added (letters a to z and the word's own).
fn edits(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut alphabet: Vec<char> = ('a'..='z').collect();
    for &c in &chars {
        if !alphabet.contains(&c) {
            alphabet.push(c);
        }
    }
    let text = |chars: &[char]| chars.iter().collect::<String>();
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let mut removed = chars.clone();
        removed.remove(i);
        out.push(text(&removed));
        if i + 1 < chars.len() {
            let mut swapped = chars.clone();
            swapped.swap(i, i + 1);
            out.push(text(&swapped));
        }
        for &c in &alphabet {
            let mut changed = chars.clone();
            changed[i] = c;
            out.push(text(&changed));
        }
    }
    for i in 0..=chars.len() {
        for &c in &alphabet {
            let mut added = chars.clone();
            added.insert(i, c);
            out.push(text(&added));
        }
    }
    out
}

/// Whether `a` and `b` are one typo apart (insertion, deletion, substitution or swap of two
/// neighbours), and not equal.
pub fn one_typo(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => {
            let diffs: Vec<usize> = (0..short.len()).filter(|&i| short[i] != long[i]).collect();
            match diffs.as_slice() {
                [_] => true,
                [i, j] => *j == i + 1 && short[*i] == long[*j] && short[*j] == long[*i],
                _ => false,
            }
        }
        1 => {
            let skip = (0..short.len())
                .find(|&i| short[i] != long[i])
                .unwrap_or(short.len());
            short[skip..] == long[skip + 1..]
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
