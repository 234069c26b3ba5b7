//! Lowercasing and the test for word characters, without Unicode tables: the search module
//! must stay small (the standard library's lowercase tables alone weigh 11 KB), and both sides
//! call these same functions, so what they leave out cannot make a query miss.
//!
//! Lowercase covers the alphabets with case that guides are written in: Latin (ASCII,
//! Latin-1, Extended-A and Additional), Greek, Cyrillic, Armenian and full-width Latin.
//! Characters elsewhere stay as they are.

/// `c` in lowercase (one character; `İ` becomes `i`).
pub fn lower(c: char) -> char {
    let n = c as u32;
    let shifted = match n {
        0x41..=0x5A => n + 32,
        0xC0..=0xDE if n != 0xD7 => n + 32,
        0x130 => 0x69,
        0x178 => 0xFF,
        // Latin Extended-A: pairs, capital first, except where the pairs shift by one.
        0x100..=0x137 | 0x14A..=0x177 if n.is_multiple_of(2) => n + 1,
        0x139..=0x148 | 0x179..=0x17E if n % 2 == 1 => n + 1,
        0x386 => 0x3AC,
        0x388..=0x38A => n + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => n + 63,
        0x391..=0x3A1 | 0x3A3..=0x3AB => n + 32,
        0x400..=0x40F => n + 80,
        0x410..=0x42F => n + 32,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if n.is_multiple_of(2) => n + 1,
        0x531..=0x556 => n + 48,
        0x1E00..=0x1E95 | 0x1EA0..=0x1EFF if n.is_multiple_of(2) => n + 1,
        0xFF21..=0xFF3A => n + 32,
        _ => n,
    };
    char::from_u32(shifted).unwrap_or(c)
}

/// `text` in lowercase, character by character.
pub fn lowercase(text: &str) -> String {
    text.chars().map(lower).collect()
}

/// Whether `c` can be part of a word: ASCII letters and digits, and anything beyond ASCII
/// that is not white space, punctuation, a symbol, an emoji or a control character.
pub fn is_word_char(c: char) -> bool {
    let n = c as u32;
    if n < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    !matches!(n,
        0x80..=0xBF       // Latin-1 controls, punctuation and symbols (ª and º aside)
        | 0xD7 | 0xF7     // × ÷
        | 0x2000..=0x2BFF // punctuation, symbols, arrows, shapes, dingbats
        | 0x2E00..=0x2E7F // supplemental punctuation
        | 0x3000..=0x303F // CJK symbols and punctuation
        | 0xFE10..=0xFE6F // vertical forms, small forms
        | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
        | 0xFFF0..=0xFFFF
        | 0x1F000..=0x1FBFF // emoji, symbols
        | 0xE0000..=0xE007F // tags
        | 0xFE00..=0xFE0F   // variation selectors
    ) || matches!(n, 0xAA | 0xB2 | 0xB3 | 0xB5 | 0xB9 | 0xBA | 0xBC..=0xBE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_matches_the_standard_library_where_it_applies() {
        for c in ('\0'..='\u{5FF}')
            .chain('\u{1E00}'..='\u{1EFF}')
            .chain('\u{FF21}'..='\u{FF3A}')
        {
            let ours = lower(c);
            let std: Vec<char> = c.to_lowercase().collect();
            if std.len() == 1 && ours != c {
                assert_eq!(ours, std[0], "{c:?} U+{:04X}", c as u32);
            }
        }
        assert_eq!(
            lowercase("ÉCRAN Ünïcödé ΑΘΗΝΑ МОСКВА ԱՐԱՐԱՏ"),
            "écran ünïcödé αθηνα москва արարատ"
        );
    }

    #[test]
    fn capitals_of_the_covered_alphabets_are_all_lowered() {
        for c in ('A'..='Z')
            .chain('À'..='Þ')
            .chain('Α'..='Ω')
            .chain('А'..='Я')
        {
            if c != '×' && c != '\u{3A2}' {
                assert_ne!(lower(c), c, "{c}");
            }
        }
    }

    #[test]
    fn punctuation_symbols_and_emoji_are_not_word_characters() {
        for c in [
            '.', '—', '“', '…', '€', '🙂', '→', '、', '！', ' ', '\u{a0}', '\u{fe0f}',
        ] {
            assert!(!is_word_char(c), "{c}");
        }
        for c in ['a', 'Z', '7', 'é', 'ß', 'ש', 'ع', '退', 'ア', '한', 'ж'] {
            assert!(is_word_char(c), "{c}");
        }
    }
}
