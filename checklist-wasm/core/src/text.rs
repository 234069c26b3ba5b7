//! Building text without `core::fmt`: the browser module leaves the formatting machinery out,
//! which keeps it within its size budget. Native callers may use `format!` freely.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

/// The decimal digits of `n`.
///
/// ```
/// assert_eq!(stepwise_core::text::number(1_764_320_000_000), "1764320000000");
/// assert_eq!(stepwise_core::text::number(0), "0");
/// ```
pub fn number(mut n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[start..].iter().map(|&d| char::from(d)).collect()
}

/// Joins pieces of text (`[a, b].concat()` without the generic routine behind it).
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// The position of the first occurrence of the two-byte ASCII `pair` in `text` from `from`.
pub fn find_pair(text: &str, from: usize, pair: [u8; 2]) -> Option<usize> {
    let bytes = text.as_bytes();
    (from..bytes.len().saturating_sub(1)).find(|&i| bytes[i] == pair[0] && bytes[i + 1] == pair[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn numbers_match_the_standard_library(n in proptest::num::u64::ANY) {
            prop_assert_eq!(number(n), n.to_string());
        }

        #[test]
        fn pairs_are_found_like_str_find(text in "[a-z{}]{0,30}", from in 0usize..30) {
            let from = from.min(text.len());
            prop_assert_eq!(find_pair(&text, from, *b"{{"), text[from..].find("{{").map(|i| i + from));
        }
    }
}
