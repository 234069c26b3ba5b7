//! Readability of a page's prose, for authors who write for stressed readers on phones:
//! Flesch–Kincaid grade level and the reading age it implies (grade + 5, the usual UK
//! conversion; GOV.UK aims for a reading age of 9).
//!
//! Counted from the rendered page's own text: paragraphs, list items, headings and table cells
//! each end a sentence; code and composer blocks are left out. Syllables are estimated with the
//! usual English vowel-group rules, which is what readability formulas were calibrated with.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Counts behind the scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextStats {
    /// Words of prose.
    pub words: usize,
    /// Sentences (at least one per paragraph, item, heading or cell with words).
    pub sentences: usize,
    /// Estimated syllables.
    pub syllables: usize,
}

impl TextStats {
    /// Words per sentence.
    pub fn words_per_sentence(&self) -> f64 {
        ratio(self.words, self.sentences)
    }

    /// Flesch–Kincaid grade level: 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
    pub fn grade(&self) -> f64 {
        if self.words == 0 {
            return 0.0;
        }
        0.39 * self.words_per_sentence() + 11.8 * ratio(self.syllables, self.words) - 15.59
    }

    /// The reading age a text of this grade suits (grade + 5).
    pub fn reading_age(&self) -> f64 {
        self.grade() + 5.0
    }

    /// Flesch reading ease (higher is easier; 60–70 is plain English).
    pub fn reading_ease(&self) -> f64 {
        if self.words == 0 {
            return 100.0;
        }
        206.835 - 1.015 * self.words_per_sentence() - 84.6 * ratio(self.syllables, self.words)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Measures the prose in a page's events (taken before any pass rewrites them).
pub fn measure(events: &[(Event<'_>, std::ops::Range<usize>)]) -> TextStats {
    let mut stats = TextStats::default();
    let mut skip = 0usize;
    let mut words_in_block = 0usize;
    let mut open_sentence = false;
    for (event, _) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => skip += 1,
            Event::End(TagEnd::CodeBlock) => skip = skip.saturating_sub(1),
            Event::Text(text) if skip == 0 => {
                for word in text.split_whitespace() {
                    let letters: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
                    if !letters.is_empty() {
                        stats.words += 1;
                        words_in_block += 1;
                        stats.syllables += syllables(&letters);
                        open_sentence = true;
                    }
                    if open_sentence
                        && (word.ends_with(['.', '!', '?'])
                            || word.ends_with(".”")
                            || word.ends_with(".)"))
                    {
                        stats.sentences += 1;
                        open_sentence = false;
                    }
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
            ) => {
                if open_sentence && words_in_block > 0 {
                    stats.sentences += 1;
                }
                open_sentence = false;
                words_in_block = 0;
            }
            _ => {}
        }
    }
    if open_sentence {
        stats.sentences += 1;
    }
    stats
}

/// Estimated syllables of one English word: vowel groups, minus a silent final `e`, at least 1.
pub fn syllables(word: &str) -> usize {
    let word = word.to_lowercase();
    if word.chars().any(|c| c.is_ascii_digit()) {
        return 1;
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut previous_vowel = false;
    for c in word.chars() {
        let vowel = is_vowel(c);
        if vowel && !previous_vowel {
            count += 1;
        }
        previous_vowel = vowel;
    }
    let silent_e =
        word.ends_with('e') && !word.ends_with("le") && !word.ends_with("ee") && count > 1;
    if silent_e {
        count -= 1;
    }
    if word.ends_with("ed") && count > 1 && !word.ends_with("ted") && !word.ends_with("ded") {
        count -= 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn stats(markdown: &str) -> TextStats {
        let events: Vec<_> = Parser::new_ext(markdown, crate::markdown::options())
            .into_offset_iter()
            .collect();
        measure(&events)
    }

    #[test]
    fn counts_syllables_like_a_person_would() {
        for (word, expected) in [
            ("cat", 1),
            ("refund", 2),
            ("receipt", 2),
            ("promotion", 3),
            ("make", 1),
            ("table", 2),
            ("asked", 1),
            ("wanted", 2),
            ("the", 1),
            ("2026", 1),
        ] {
            assert_eq!(syllables(word), expected, "{word}");
        }
    }

    #[test]
    fn sentences_end_at_stops_and_blocks() {
        let counted = stats(
            "# Get your money back\n\nKeep the receipt. Ask for a refund!\n\n- Take a screenshot\n- Note the date\n\n```text\nignored code words here\n```\n",
        );
        assert_eq!(counted.sentences, 5);
        assert_eq!(counted.words, 17);
    }

    #[test]
    fn plain_text_scores_a_young_reading_age() {
        let plain = stats(
            "You paid for a promotion. It did not run. Ask TikTok for your money back. Keep a copy of what you send.",
        );
        assert!(plain.reading_age() < 11.0, "{}", plain.reading_age());
        let dense = stats(
            "Notwithstanding the aforementioned contractual stipulations, reimbursement eligibility determinations necessitate comprehensive documentation of transactional irregularities.",
        );
        assert!(dense.reading_age() > 18.0, "{}", dense.reading_age());
    }
}
