//! What a reader's browser saves: ticked items and composer drafts, in one versioned entry per
//! site, and the export files made from it.
//!
//! The format is line-based text, so an export file is readable and the browser module needs
//! no JSON library:
//!
//! ```text
//! stepwise-progress 1
//! site tiktok-promotion-refund
//! tick steps/gather-evidence/receipt 1764320000000
//! draft tiktok-request order_number 12345%2067
//! ```
//!
//! The first line names the format and its version; `site` names the guide, so two guides
//! never mix; `tick` lines give an item key and when it was ticked (milliseconds since 1970);
//! `draft` lines give a composer id, a field name and the percent-encoded value.
//!
//! Decoding is strict: a value that is not exactly this format (corrupt, from a newer version,
//! or written by another tool) is an error, so the caller can keep a backup of it instead of
//! silently overwriting it.

use std::collections::BTreeMap;
use std::fmt;

use crate::percent;
use crate::refs::ItemRef;

/// The first word of every saved value and export file.
pub const MAGIC: &str = "stepwise-progress";
/// The format version this code writes.
pub const VERSION: u32 = 1;
/// Every `localStorage` key Stepwise uses starts with this.
pub const KEY_PREFIX: &str = "stepwise:";

/// The `localStorage` key of a site's saved state.
pub fn storage_key(site: &str) -> String {
    format!("{KEY_PREFIX}{site}")
}

/// The `localStorage` key a backup of unreadable saved data is kept under.
pub fn backup_key(site: &str, at_millis: u64) -> String {
    format!("{KEY_PREFIX}{site}:backup:{at_millis}")
}

/// Everything saved for one site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// Ticked items: key → when it was ticked (milliseconds since 1970).
    pub ticks: BTreeMap<String, u64>,
    /// Composer drafts: composer id → field name → value.
    pub drafts: BTreeMap<String, BTreeMap<String, String>>,
}

/// Why a saved value or an import file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The value does not start with `stepwise-progress`: another tool wrote it.
    Foreign,
    /// Written by a newer version of Stepwise.
    NewerVersion(u32),
    /// Saved for another guide.
    OtherSite(String),
    /// Damaged: the 1-based line that could not be read.
    Corrupt(usize),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Foreign => write!(f, "it was not saved by this guide"),
            Self::NewerVersion(version) => {
                write!(f, "it was saved by a newer version of this guide (format {version})")
            }
            Self::OtherSite(site) => write!(f, "it belongs to another guide ({site})"),
            Self::Corrupt(line) => write!(f, "it is damaged (line {line} cannot be read)"),
        }
    }
}

impl State {
    /// Writes the state in the format described in the module docs. Output is deterministic.
    pub fn encode(&self, site: &str) -> String {
        let mut out = format!("{MAGIC} {VERSION}\nsite {site}\n");
        for (key, at) in &self.ticks {
            out.push_str(&format!("tick {key} {at}\n"));
        }
        for (composer, fields) in &self.drafts {
            for (field, value) in fields {
                out.push_str(&format!("draft {composer} {field} {}\n", percent::encode_minimal(value)));
            }
        }
        out
    }

    /// Reads a saved value or export file written for `site`. Never panics.
    pub fn decode(text: &str, site: &str) -> Result<Self, DecodeError> {
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        let Some(version) = header.strip_prefix(MAGIC).and_then(|rest| rest.strip_prefix(' ')) else {
            return Err(DecodeError::Foreign);
        };
        match version.trim().parse::<u32>() {
            Ok(VERSION) => decode_v1(lines, site),
            Ok(newer) if newer > VERSION => Err(DecodeError::NewerVersion(newer)),
            _ => Err(DecodeError::Corrupt(1)),
        }
    }

    /// Carries saved state over to items that replace older ones: for each ref, the first
    /// ticked old key moves to the new key, unless the new key is ticked already. Returns
    /// whether anything changed.
    pub fn apply_replacements<'a>(&mut self, refs: impl IntoIterator<Item = &'a ItemRef>) -> bool {
        let mut changed = false;
        for item in refs {
            for old in &item.replaces {
                if old == &item.key {
                    continue;
                }
                if let Some(at) = self.ticks.remove(old) {
                    changed = true;
                    self.ticks.entry(item.key.clone()).or_insert(at);
                }
            }
        }
        changed
    }

    /// Adds an imported state to this one: ticks are united (keeping the earlier time) and
    /// imported drafts fill in composers that have no draft here.
    pub fn merge(&mut self, imported: Self) {
        for (key, at) in imported.ticks {
            let entry = self.ticks.entry(key).or_insert(at);
            *entry = (*entry).min(at);
        }
        for (composer, fields) in imported.drafts {
            self.drafts.entry(composer).or_insert(fields);
        }
    }

    /// How many of `refs` are ticked.
    pub fn count_ticked<'a>(&self, refs: impl IntoIterator<Item = &'a ItemRef>) -> usize {
        refs.into_iter().filter(|item| self.is_ticked(&item.key)).count()
    }

    /// Whether the item with this key is ticked.
    pub fn is_ticked(&self, key: &str) -> bool {
        self.ticks.contains_key(key)
    }
}

fn decode_v1<'a>(lines: impl Iterator<Item = &'a str>, site: &str) -> Result<State, DecodeError> {
    let mut state = State::default();
    let mut saw_site = false;
    for (index, line) in lines.enumerate() {
        let number = index + 2;
        let corrupt = DecodeError::Corrupt(number);
        if line.is_empty() {
            continue;
        }
        let mut words = line.split(' ');
        match words.next() {
            Some("site") => {
                let saved = words.next().ok_or(corrupt.clone())?;
                if saved != site {
                    return Err(DecodeError::OtherSite(saved.to_owned()));
                }
                saw_site = true;
            }
            Some("tick") => {
                let key = words.next().filter(|k| is_key(k)).ok_or(corrupt.clone())?;
                let at = words.next().and_then(|t| t.parse().ok()).ok_or(corrupt.clone())?;
                state.ticks.insert(key.to_owned(), at);
            }
            Some("draft") => {
                let composer = words.next().filter(|k| is_key(k)).ok_or(corrupt.clone())?;
                let field = words.next().filter(|k| is_key(k)).ok_or(corrupt.clone())?;
                let value = percent::decode(words.next().unwrap_or_default()).ok_or(corrupt.clone())?;
                state
                    .drafts
                    .entry(composer.to_owned())
                    .or_default()
                    .insert(field.to_owned(), value);
            }
            _ => return Err(corrupt),
        }
        if words.next().is_some() {
            return Err(corrupt);
        }
    }
    if !saw_site {
        return Err(DecodeError::Corrupt(2));
    }
    Ok(state)
}

/// Keys, composer ids and field names: non-empty, no whitespace or control characters.
fn is_key(text: &str) -> bool {
    !text.is_empty() && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> State {
        let mut state = State::default();
        state.ticks.insert("steps/evidence/receipt".into(), 1_764_320_000_000);
        state.ticks.insert("steps/evidence/order".into(), 1_764_320_000_500);
        state
            .drafts
            .entry("tiktok-request".into())
            .or_default()
            .insert("what_happened".into(), "It never ran.\nI paid 100% up front.".into());
        state
    }

    #[test]
    fn the_format_is_pinned() {
        // Readers' saved data is in this format: changing it needs a new version and a migration.
        assert_eq!(
            sample().encode("guide"),
            "stepwise-progress 1\nsite guide\ntick steps/evidence/order 1764320000500\ntick steps/evidence/receipt 1764320000000\ndraft tiktok-request what_happened It%20never%20ran.%0AI%20paid%20100%25%20up%20front.\n"
        );
    }

    #[test]
    fn round_trips() {
        let text = sample().encode("guide");
        assert_eq!(State::decode(&text, "guide"), Ok(sample()));
    }

    #[test]
    fn unreadable_values_are_classified() {
        assert_eq!(State::decode("", "g"), Err(DecodeError::Foreign));
        assert_eq!(State::decode("{\"done\":[1,2]}", "g"), Err(DecodeError::Foreign));
        assert_eq!(State::decode("stepwise-progress 2\nsite g\n", "g"), Err(DecodeError::NewerVersion(2)));
        assert_eq!(State::decode("stepwise-progress 1\nsite other\n", "g"), Err(DecodeError::OtherSite("other".into())));
        assert_eq!(State::decode("stepwise-progress 1\nsite g\ntick a\n", "g"), Err(DecodeError::Corrupt(3)));
        assert_eq!(State::decode("stepwise-progress 1\nsite g\ntick a 1 extra\n", "g"), Err(DecodeError::Corrupt(3)));
        assert_eq!(State::decode("stepwise-progress 1\ntick a 1\n", "g"), Err(DecodeError::Corrupt(2)));
        assert_eq!(State::decode("stepwise-progress one\n", "g"), Err(DecodeError::Corrupt(1)));
    }

    #[test]
    fn replacements_carry_ticks_over_once() {
        let mut state = State::default();
        state.ticks.insert("p/old".into(), 5);
        state.ticks.insert("p/kept".into(), 7);
        let refs = crate::refs::decode("p/new=p/old p/kept=p/gone");
        assert!(state.apply_replacements(&refs));
        assert_eq!(state.ticks.get("p/new"), Some(&5));
        assert!(!state.ticks.contains_key("p/old"));
        assert_eq!(state.ticks.get("p/kept"), Some(&7));
        assert!(!state.apply_replacements(&refs), "a second run changes nothing");
    }

    #[test]
    fn merge_unites_ticks_and_keeps_local_drafts() {
        let mut local = sample();
        let mut imported = State::default();
        imported.ticks.insert("steps/evidence/receipt".into(), 1);
        imported.ticks.insert("steps/other/x".into(), 9);
        imported.drafts.entry("tiktok-request".into()).or_default().insert("what_happened".into(), "other".into());
        imported.drafts.entry("follow-up".into()).or_default().insert("date".into(), "2026-01-01".into());
        local.merge(imported);
        assert_eq!(local.ticks.len(), 3);
        assert_eq!(local.ticks["steps/evidence/receipt"], 1);
        assert_eq!(local.drafts["tiktok-request"]["what_happened"], "It never ran.\nI paid 100% up front.");
        assert!(local.drafts.contains_key("follow-up"));
    }

    #[test]
    fn stale_ids_are_kept_but_not_counted() {
        let mut state = State::default();
        state.ticks.insert("p/gone".into(), 1);
        state.ticks.insert("p/here".into(), 1);
        let refs = crate::refs::decode("p/here p/other");
        assert_eq!(state.count_ticked(&refs), 1);
        assert!(state.encode("g").contains("tick p/gone 1"));
    }

    proptest! {
        #[test]
        fn decoding_arbitrary_text_never_panics(text in "[\\s\\S]{0,400}") {
            let _ = State::decode(&text, "g");
        }

        #[test]
        fn decoding_near_valid_text_never_panics(body in "(tick|draft|site|x)( [a-z/%0-9A-F]{0,6}){0,4}\n{0,2}") {
            let _ = State::decode(&format!("stepwise-progress 1\nsite g\n{body}"), "g");
        }

        #[test]
        fn any_state_round_trips(
            ticks in proptest::collection::btree_map("[a-z0-9/_-]{1,20}", 0u64..u64::MAX, 0..8),
            values in proptest::collection::btree_map("[a-z_]{1,8}", "[\\s\\S]{0,40}", 0..4),
        ) {
            let mut state = State { ticks, drafts: BTreeMap::new() };
            if !values.is_empty() {
                state.drafts.insert("c".into(), values);
            }
            prop_assert_eq!(State::decode(&state.encode("g"), "g"), Ok(state));
        }
    }
}
