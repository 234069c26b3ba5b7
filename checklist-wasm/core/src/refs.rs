//! Compact lists of checklist item keys, as written into page markup for the browser module
//! (sidebar progress marks, the guide's overall progress).
//!
//! Format: entries separated by spaces; each entry is an item key, optionally followed by `=`
//! and the comma-separated keys whose saved state it takes over:
//! `guide/evidence/receipt guide/evidence/order-id=guide/evidence/old-order`.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

/// An item key and the older keys it replaces.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemRef {
    /// The item's current key.
    pub key: String,
    /// Keys whose saved state moves to `key`.
    pub replaces: Vec<String>,
}

/// Writes refs in the format above.
pub fn encode<'a>(refs: impl IntoIterator<Item = (&'a str, &'a [String])>) -> String {
    let mut out = String::new();
    for (key, replaces) in refs {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(key);
        if !replaces.is_empty() {
            out.push('=');
            out.push_str(&replaces.join(","));
        }
    }
    out
}

/// Reads refs written by [`encode`]. Never fails: empty entries are skipped.
pub fn decode(text: &str) -> Vec<ItemRef> {
    text.split_whitespace()
        .filter_map(|entry| {
            let (key, replaces) = entry.split_once('=').unwrap_or((entry, ""));
            (!key.is_empty()).then(|| ItemRef {
                key: key.to_owned(),
                replaces: replaces
                    .split(',')
                    .filter(|k| !k.is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn round_trips() {
        let old = vec!["a/old".to_owned(), "b/old".to_owned()];
        let text = encode([("a/new", old.as_slice()), ("a/other", &[][..])]);
        assert_eq!(text, "a/new=a/old,b/old a/other");
        assert_eq!(
            decode(&text),
            [
                ItemRef {
                    key: "a/new".into(),
                    replaces: old
                },
                ItemRef {
                    key: "a/other".into(),
                    replaces: vec![]
                },
            ]
        );
    }

    proptest! {
        #[test]
        fn decoding_anything_never_panics(text in "\\PC*") {
            let _ = decode(&text);
        }
    }
}
