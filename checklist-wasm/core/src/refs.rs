//! Compact lists of checklist items, as written into page markup for the browser module's
//! progress marks (sidebar links, the guide's overall progress).
//!
//! Every page repeats its sidebar, and a large site's sidebar mentions hundreds of items, so
//! items are named by a short hash of their key (40 bits, base 36) rather than the key itself:
//! the browser hashes the keys it has saved with the same function and compares. An item that
//! replaces older keys lists them in full after `=`, separated by `+`, so ticks saved under an
//! old key still count. Items are separated by `,`:
//!
//! `1xk2f9a0,0c4m2rbz=steps/evidence/old-order`
//!
//! With 40 bits, two of 50,000 items share a hash with a chance of about 1 in 1,000; the
//! only effect would be a progress mark counting one item wrongly.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

/// An item in a progress list: the hash of its key, and the older keys it replaces.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemRef {
    /// [`hash_key`] of the item's key.
    pub hash: u64,
    /// Keys whose saved state counts for this item.
    pub replaces: Vec<String>,
}

/// The 40-bit FNV-1a hash of an item key.
///
/// ```
/// assert_eq!(stepwise_core::refs::hash_key("steps/evidence/receipt"), stepwise_core::refs::hash_key("steps/evidence/receipt"));
/// assert_ne!(stepwise_core::refs::hash_key("a/b"), stepwise_core::refs::hash_key("a/c"));
/// ```
pub fn hash_key(key: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash & 0xff_ffff_ffff
}

/// Writes items (`(key, replaced keys)`) in the format above.
pub fn encode<'a>(refs: impl IntoIterator<Item = (&'a str, &'a [String])>) -> String {
    let mut out = String::new();
    for (key, replaces) in refs {
        if !out.is_empty() {
            out.push(',');
        }
        push_base36(&mut out, hash_key(key));
        if !replaces.is_empty() {
            out.push('=');
            out.push_str(&replaces.join("+"));
        }
    }
    out
}

/// Reads items written by [`encode`]. Never fails: malformed items are skipped.
pub fn decode(text: &str) -> Vec<ItemRef> {
    text.split(',')
        .filter_map(|item| {
            let (hash, replaces) = item.split_once('=').unwrap_or((item, ""));
            Some(ItemRef {
                hash: parse_base36(hash.trim())?,
                replaces: replaces
                    .split('+')
                    .filter(|k| !k.is_empty())
                    .map(ToOwned::to_owned)
                    .collect(),
            })
        })
        .collect()
}

fn push_base36(out: &mut String, mut value: u64) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buffer = [0u8; 13];
    let mut start = buffer.len();
    loop {
        start -= 1;
        buffer[start] = DIGITS[(value % 36) as usize];
        value /= 36;
        if value == 0 {
            break;
        }
    }
    out.extend(buffer[start..].iter().map(|&b| char::from(b)));
}

fn parse_base36(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 12 {
        return None;
    }
    text.chars().try_fold(0u64, |acc, c| {
        let digit = u64::from(c.to_digit(36)?);
        acc.checked_mul(36)?.checked_add(digit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hashes_are_pinned() {
        // Pages embed these and the browser decodes them: pinned literals (FNV-1a 64 of the
        // key, its low 40 bits, in base 36), checked against an independent FNV-1a.
        assert_eq!(hash_key(""), 0xcbf2_9ce4_8422_2325 & 0xff_ffff_ffff);
        assert_eq!(hash_key("steps/evidence/receipt"), 0x20_5524_2abb);
        assert_eq!(encode([("steps/evidence/receipt", &[][..])]), "1rsm21mj");
        let old = vec!["a/old".to_owned()];
        assert_eq!(
            encode([("a/new", old.as_slice()), ("a/other", &[][..])]),
            "abbcxmmd=a/old,6x415l1l"
        );
    }

    #[test]
    fn round_trips_with_replaced_keys() {
        let old = vec!["a/old".to_owned(), "b/old".to_owned()];
        let text = encode([("a/new", old.as_slice()), ("a/other", &[][..])]);
        let decoded = decode(&text);
        assert_eq!(decoded.len(), 2);
        assert_eq!(
            decoded[0],
            ItemRef {
                hash: hash_key("a/new"),
                replaces: old
            }
        );
        assert_eq!(decoded[1].hash, hash_key("a/other"));
    }

    proptest! {
        #[test]
        fn decoding_anything_never_panics(text in "\\PC*") {
            let _ = decode(&text);
        }

        #[test]
        fn base36_round_trips(value in 0u64..(1 << 40)) {
            let mut text = String::new();
            push_base36(&mut text, value);
            prop_assert_eq!(parse_base36(&text), Some(value));
        }
    }
}
