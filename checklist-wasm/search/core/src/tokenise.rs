//! Words to terms, the one way both the build and the browser do it: Unicode word boundaries
//! (UAX #29, so no language is split as if it were ASCII), lowercase, the site language's
//! Snowball stemmer where there is one, and overlapping pairs of characters (bigrams) for
//! Chinese and Japanese, whose words are not separated by spaces.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

/// Words longer than this (in bytes) are not indexed: no reader searches for them.
pub const MAX_WORD_BYTES: usize = 64;

/// The languages the tokeniser treats differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// English: words are stemmed ("refunds", "refunded" → "refund").
    English,
    /// Any other language: words are segmented and lowercased, not stemmed (the browser module
    /// carries one stemmer, to stay small).
    Unstemmed,
}

impl Language {
    /// The language of a site's `language` tag (`en`, `en-GB`, `de`, …).
    pub fn from_tag(tag: &str) -> Self {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("en") {
            Language::English
        } else {
            Language::Unstemmed
        }
    }

    /// The code written into the index (`en`, `xx`).
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Unstemmed => "xx",
        }
    }
}

/// Turns text into terms.
pub struct Tokeniser {
    stemmer: Option<Stemmer>,
}

/// One word of a text: where it is (byte offsets) and the term it is indexed under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the word's start in the text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// The word lowercased, before stemming.
    pub word: String,
    /// The term: the word lowercased and stemmed (or a bigram of a CJK run).
    pub term: String,
}

/// Whether `c` is written without spaces between words (Han ideographs, Hiragana): such runs
/// are indexed as overlapping pairs of characters.
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x309F     // Hiragana
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK unified ideographs
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0x20000..=0x2FA1F // CJK extensions B and later
    )
}

impl Tokeniser {
    /// A tokeniser for `language`.
    pub fn new(language: Language) -> Self {
        Self {
            stemmer: match language {
                Language::English => Some(Stemmer::create(Algorithm::English)),
                Language::Unstemmed => None,
            },
        }
    }

    /// The term of one lowercased word.
    pub fn term(&self, word: &str) -> String {
        match &self.stemmer {
            // The stemmer knows the ASCII apostrophe ("receipt's"); typographic ones become it.
            Some(stemmer) if word.contains('\u{2019}') => {
                stemmer.stem(&word.replace('\u{2019}', "'")).into_owned()
            }
            Some(stemmer) => stemmer.stem(word).into_owned(),
            None => word.to_owned(),
        }
    }

    /// Every word of `text`, in order, with its term. Runs of Han or Hiragana characters give
    /// one token per pair of neighbouring characters (a lone character gives itself).
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        self.tokens_by(text, &mut |word| self.term(word))
    }

    /// [`Tokeniser::tokens`] with the terms of words given by `term` (the build passes a
    /// memo of [`Tokeniser::term`]: pages repeat their words).
    pub fn tokens_by(&self, text: &str, term: &mut dyn FnMut(&str) -> String) -> Vec<Token> {
        let mut tokens = Vec::new();
        self.each(text, &mut |start, end, word, stem| {
            let term = if stem { term(word) } else { word.to_owned() };
            if !term.is_empty() {
                tokens.push(Token {
                    start,
                    end,
                    word: word.to_owned(),
                    term,
                });
            }
        });
        tokens
    }

    /// Calls `f(start, end, word, stem)` for every word of `text` in order, lowercased;
    /// `stem` is false for the bigrams of Han and Hiragana runs (their own terms).
    pub fn each(&self, text: &str, f: &mut impl FnMut(usize, usize, &str, bool)) {
        // A run of single unspaced characters waiting to be paired: (start, end, char).
        let mut run: Vec<(usize, usize, char)> = Vec::new();
        let mut lower = String::new();
        each_segment(text, &mut |start, word| {
            let end = start + word.len();
            // Most words of most sites: ASCII, lowercased byte by byte.
            if word.is_ascii() {
                flush_run(&mut run, f);
                if word.len() <= MAX_WORD_BYTES && word.bytes().any(|b| b.is_ascii_alphanumeric()) {
                    lower.clear();
                    lower.push_str(word);
                    lower.make_ascii_lowercase();
                    f(start, end, &lower, true);
                }
                return;
            }
            let mut chars = word.chars();
            let first = chars.next();
            if let (Some(c), None) = (first, chars.next())
                && is_unspaced(c)
            {
                if run
                    .last()
                    .is_some_and(|&(_, last_end, _)| last_end != start)
                {
                    flush_run(&mut run, f);
                }
                run.push((start, end, c));
                return;
            }
            flush_run(&mut run, f);
            if word.len() > MAX_WORD_BYTES || !word.chars().any(crate::fold::is_word_char) {
                return;
            }
            lower.clear();
            lower.extend(word.chars().map(crate::fold::lower));
            f(start, end, &lower, true);
        });
        flush_run(&mut run, f);
    }
}

/// The segments of `text` at Unicode word boundaries (UAX #29), with their byte offsets.
///
/// Words never span white space, so the text is cut at ASCII white space first, and a piece
/// that is all ASCII is split by `ascii_words`, the rules of UAX #29 for ASCII, many times
/// faster than the general tables (only its words are returned: the rest are never indexed).
/// Other pieces go through `unicode-segmentation`.
pub fn segments(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    each_segment(text, &mut |start, word| out.push((start, word)));
    out
}

/// Calls `f(start, segment)` for every segment [`segments`] gives, in order.
fn each_segment<'a>(text: &'a str, f: &mut impl FnMut(usize, &'a str)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii_whitespace() {
            at += 1;
            continue;
        }
        let start = at;
        let mut ascii = true;
        while at < bytes.len() && !bytes[at].is_ascii_whitespace() {
            ascii &= bytes[at].is_ascii();
            at += 1;
        }
        let piece = &text[start..at];
        if ascii {
            ascii_words(piece, start, f);
        } else {
            for (offset, word) in piece.split_word_bound_indices() {
                f(start + offset, word);
            }
        }
    }
}

/// The words of an ASCII piece by UAX #29: letters, digits and `_` run together (WB5, WB8–10,
/// WB13a–b); a letter, then `:` `.` or `'`, then a letter stays one word (WB6–7); a digit,
/// then `,` `;` `.` or `'`, then a digit too (WB11–12).
fn ascii_words<'a>(piece: &'a str, offset: usize, out: &mut impl FnMut(usize, &'a str)) {
    let b = piece.as_bytes();
    let joins = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        if !joins(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        loop {
            while i < b.len() && joins(b[i]) {
                i += 1;
            }
            let (Some(&mid), Some(&next)) = (b.get(i), b.get(i + 1)) else {
                break;
            };
            let before = b[i - 1];
            let letters = before.is_ascii_alphabetic()
                && next.is_ascii_alphabetic()
                && matches!(mid, b':' | b'.' | b'\'');
            let digits = before.is_ascii_digit()
                && next.is_ascii_digit()
                && matches!(mid, b',' | b';' | b'.' | b'\'');
            if letters || digits {
                i += 1;
            } else {
                break;
            }
        }
        out(offset + start, &piece[start..i]);
    }
}

/// Turns a run of unspaced characters into bigrams (a lone character stands for itself).
fn flush_run(run: &mut Vec<(usize, usize, char)>, f: &mut impl FnMut(usize, usize, &str, bool)) {
    let mut text = String::new();
    match run.len() {
        0 => {}
        1 => {
            let (start, end, c) = run[0];
            text.push(c);
            f(start, end, &text, false);
        }
        _ => {
            for pair in run.windows(2) {
                text.clear();
                text.push(pair[0].2);
                text.push(pair[1].2);
                f(pair[0].0, pair[1].1, &text, false);
            }
        }
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        Tokeniser::new(Language::English)
            .tokens(text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn english_words_are_lowercased_and_stemmed() {
        assert_eq!(
            terms("Refunds, refunded: REFUNDING!"),
            ["refund", "refund", "refund"]
        );
        assert_eq!(terms("TikTok’s receipts"), ["tiktok", "receipt"]);
    }

    #[test]
    fn punctuation_and_symbols_are_not_words() {
        assert!(terms("... ?!*+ () [] {} ^$ | \\ 🙂").is_empty());
        assert_eq!(terms("12.50 EUR"), ["12.50", "eur"]);
    }

    #[test]
    fn other_scripts_are_split_at_unicode_word_boundaries() {
        let t = Tokeniser::new(Language::Unstemmed);
        let words: Vec<String> = t
            .tokens("Geld zurück — שלום עולם")
            .into_iter()
            .map(|t| t.term)
            .collect();
        assert_eq!(words, ["geld", "zurück", "שלום", "עולם"]);
    }

    #[test]
    fn cjk_runs_become_bigrams_with_their_offsets() {
        let t = Tokeniser::new(Language::Unstemmed);
        let tokens = t.tokens("退款申请 x 款");
        let got: Vec<&str> = tokens.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(got, ["退款", "款申", "申请", "x", "款"]);
        assert_eq!((tokens[0].start, tokens[0].end), (0, 6));
    }

    #[test]
    fn languages_come_from_tags() {
        assert_eq!(Language::from_tag("en-GB"), Language::English);
        assert_eq!(Language::from_tag("EN"), Language::English);
        assert_eq!(Language::from_tag("de"), Language::Unstemmed);
        assert_eq!(Language::from_tag(""), Language::Unstemmed);
    }

    #[test]
    fn the_ascii_splitter_agrees_with_unicode_segmentation() {
        let alphabet = b"aZ09_.,;:'- \t\n!?()\"e";
        let mut seed: u32 = 7;
        for _ in 0..20_000 {
            let len = (seed % 14) as usize + 1;
            let mut text = String::new();
            for _ in 0..len {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                text.push(alphabet[(seed >> 16) as usize % alphabet.len()] as char);
            }
            let ours: Vec<(usize, &str)> = segments(&text);
            let theirs: Vec<(usize, &str)> = text
                .split_word_bound_indices()
                .filter(|(_, w)| w.bytes().any(|b| b.is_ascii_alphanumeric()))
                .collect();
            let ours: Vec<(usize, &str)> = ours
                .into_iter()
                .filter(|(_, w)| w.bytes().any(|b| b.is_ascii_alphanumeric()))
                .collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn very_long_words_are_skipped() {
        assert!(terms(&"a".repeat(MAX_WORD_BYTES + 1)).is_empty());
    }
}
