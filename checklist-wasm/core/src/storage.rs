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
//! `draft` lines give a composer id, a field name and the percent-encoded value (a choice's
//! option as written; a date as [`crate::date_entry`] keeps it, `YYYY-MM-DD` once complete and
//! the boxes as typed before, like `31/2/2027`). Every line
//! [`State::encode`] writes ends with a newline.
//!
//! # Reading, line by line
//!
//! [`State::salvage`] reads a saved entry; [`State::decode`] applies the same rules to a file
//! the reader imports, but takes it whole or not at all. The rules:
//!
//! - **The header decides whether anything is read.** The first line must be
//!   `stepwise-progress <version>`. Anything else ([`DecodeError::Foreign`], also for empty
//!   text), a version that is not a number or is 0 (`Corrupt(1)`), or a version newer than
//!   [`VERSION`] ([`DecodeError::NewerVersion`]) makes the whole text unreadable: nothing of it
//!   is used.
//!   A newer version may have changed what any line means, so an older module that kept "the
//!   lines it understands" and saved them back would destroy the newer data; instead the
//!   caller keeps the text exactly as it is (a backup) and never rewrites it in part.
//! - **The guide must be named.** A well-formed `site` line naming another guide makes the whole
//!   text unreadable ([`DecodeError::OtherSite`]); without a readable `site` line naming this
//!   guide nothing is used either (`Corrupt` with the first damaged line, or line 2).
//! - **Every other line stands alone.** A line decodes when it is empty, or is exactly one of
//!   `site <this guide>`, `tick <key> <decimal u64>`, `draft <composer> <field> <value>` (keys,
//!   composer ids and field names non-empty without whitespace or control characters, the
//!   value valid percent-encoding of UTF-8, no extra words, single spaces), and ends with a
//!   newline (a `\r` before it is allowed, for files edited on Windows). A line
//!   that does not decode is *damaged*: it is left out, and the lines around it still count.
//!   The last line without its newline was cut off (its number or value may be cut short) and
//!   is damaged. When the text is not exactly what was stored (`exact` is `false`: the browser
//!   read a lone UTF-16 surrogate, which a Rust string cannot hold, as U+FFFD), every line
//!   holding U+FFFD is damaged too, so nothing is saved back changed.
//! - **Something must be kept.** Damaged lines and nothing else (no tick, no draft) is
//!   unreadable as a whole: `Corrupt` with the first damaged line.
//!
//! **Versioning.** A module of version 1 treats a line kind it does not know as damaged and,
//! once the entry is backed up, saves the entry without it. So the format never grows within a
//! version: a new kind of line, or a new field on a line, needs a new [`VERSION`], which older
//! modules then leave as it is (the first rule). A later module that also reads older versions
//! reads each by that version's rules.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use core::fmt;

use crate::percent;
use crate::refs::ItemRef;

/// The first word of every saved value and export file.
pub const MAGIC: &str = "stepwise-progress";
/// The format version this code writes.
pub const VERSION: u32 = 1;
/// Every `localStorage` key Stepwise uses starts with this.
pub const KEY_PREFIX: &str = "stepwise:";

/// The largest import file accepted, in bytes. A progress file holds a few hundred short
/// lines; anything this big is not one, and reading it would only stall the page.
pub const MAX_IMPORT_BYTES: u64 = 1_000_000;

/// Why an import file that is too big was refused (the end of [`crate::progress::import_failed`]'s sentence).
pub const IMPORT_TOO_LARGE: &str = "it is too big to be a progress file (over 1 MB)";

/// The `localStorage` key of a site's saved state.
pub fn storage_key(site: &str) -> String {
    crate::text::cat(&[KEY_PREFIX, site])
}

/// The `localStorage` key a backup of unreadable saved data is kept under.
pub fn backup_key(site: &str, at_millis: u64) -> String {
    crate::text::cat(&[
        KEY_PREFIX,
        site,
        ":backup:",
        &crate::text::number(at_millis),
    ])
}

/// Everything saved for one site.
///
/// Kept as sorted `Vec`s rather than maps: the browser module's size matters more than the
/// speed of lookups in a few dozen entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// Ticked items as `(key, when it was ticked in milliseconds since 1970)`, sorted by key.
    ticks: Vec<(String, u64)>,
    /// Draft values as `((composer id, field name), value)`, sorted by composer and field.
    drafts: Vec<((String, String), String)>,
}

/// What [`State::salvage`] could read of a saved entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Salvaged {
    /// The lines that decode.
    pub state: State,
    /// The first damaged line (1-based), if any line was left out.
    pub damaged: Option<usize>,
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
    /// Damaged: the 1-based line that could not be read (the first one).
    Corrupt(usize),
}

impl DecodeError {
    /// Why, as the end of a sentence for readers ("… could not be read: it is damaged").
    pub fn reason(&self) -> String {
        use crate::text::number;
        match self {
            Self::Foreign => "it was not saved by this guide".to_owned(),
            Self::NewerVersion(version) => crate::text::cat(&[
                "it was saved by a newer version of this guide (format ",
                &number(u64::from(*version)),
                ")",
            ]),
            Self::OtherSite(site) => {
                crate::text::cat(&["it belongs to another guide (", site, ")"])
            }
            Self::Corrupt(line) => crate::text::cat(&[
                "it is damaged (line ",
                &number(*line as u64),
                " cannot be read)",
            ]),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason())
    }
}

impl State {
    /// Ticks `key` at time `at`; an item already ticked keeps its first time.
    pub fn tick(&mut self, key: &str, at: u64) {
        if let Err(index) = self.ticks.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            self.ticks.insert(index, (key.to_owned(), at));
        }
    }

    /// Unticks `key`; returns whether it was ticked.
    pub fn untick(&mut self, key: &str) -> bool {
        match self.ticks.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            Ok(index) => {
                self.ticks.remove(index);
                true
            }
            Err(_) => false,
        }
    }

    /// When `key` was ticked, if it is.
    pub fn ticked_at(&self, key: &str) -> Option<u64> {
        let index = self
            .ticks
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()?;
        Some(self.ticks[index].1)
    }

    /// Whether the item with this key is ticked.
    pub fn is_ticked(&self, key: &str) -> bool {
        self.ticked_at(key).is_some()
    }

    /// Whether the item is ticked under its key or under one of the older keys it replaces
    /// (`replaces` is the space-separated `data-replaces` value).
    pub fn is_ticked_or_replaced(&self, key: &str, replaces: &str) -> bool {
        self.is_ticked(key)
            || replaces
                .split(' ')
                .any(|old| !old.is_empty() && self.is_ticked(old))
    }

    /// How many items are ticked (including ones no longer on the site).
    pub fn tick_count(&self) -> usize {
        self.ticks.len()
    }

    /// How many composers have a saved draft.
    pub fn draft_count(&self) -> usize {
        let mut count = 0;
        let mut last = None;
        for ((composer, _), _) in &self.drafts {
            if last != Some(composer) {
                count += 1;
                last = Some(composer);
            }
        }
        count
    }

    /// A composer draft's value for a field.
    pub fn draft(&self, composer: &str, field: &str) -> Option<&str> {
        let index = self.draft_index(composer, field).ok()?;
        Some(&self.drafts[index].1)
    }

    /// Sets a draft value; an empty value removes it.
    pub fn set_draft(&mut self, composer: &str, field: &str, value: &str) {
        match (self.draft_index(composer, field), value.is_empty()) {
            (Ok(index), true) => {
                self.drafts.remove(index);
            }
            (Ok(index), false) => value.clone_into(&mut self.drafts[index].1),
            (Err(_), true) => {}
            (Err(index), false) => self.drafts.insert(
                index,
                ((composer.to_owned(), field.to_owned()), value.to_owned()),
            ),
        }
    }

    /// Removes every draft value of a composer; returns whether there were any.
    pub fn clear_drafts(&mut self, composer: &str) -> bool {
        let before = self.drafts.len();
        self.drafts.retain(|((c, _), _)| c != composer);
        self.drafts.len() != before
    }

    /// Whether a composer has any saved draft value.
    pub fn has_draft(&self, composer: &str) -> bool {
        self.drafts.iter().any(|((c, _), _)| c == composer)
    }

    fn draft_index(&self, composer: &str, field: &str) -> Result<usize, usize> {
        self.drafts
            .binary_search_by(|((c, f), _)| (c.as_str(), f.as_str()).cmp(&(composer, field)))
    }

    /// Writes the state in the format described in the module docs. Output is deterministic.
    pub fn encode(&self, site: &str) -> String {
        let mut out = crate::text::cat(&[
            MAGIC,
            " ",
            &crate::text::number(u64::from(VERSION)),
            "\nsite ",
            site,
            "\n",
        ]);
        for (key, at) in &self.ticks {
            out.push_str("tick ");
            out.push_str(key);
            out.push(' ');
            out.push_str(&crate::text::number(*at));
            out.push('\n');
        }
        for ((composer, field), value) in &self.drafts {
            out.push_str("draft ");
            out.push_str(composer);
            out.push(' ');
            out.push_str(field);
            out.push(' ');
            out.push_str(&percent::encode_minimal(value));
            out.push('\n');
        }
        out
    }

    /// Reads an import file (or any text that must be read whole) written for `site`: all or
    /// nothing. A reader who chose a file expects it to be loaded as it is; taking part of a
    /// damaged file would silently leave some of it behind, so a file with any damaged line
    /// changes nothing and the reader is told which line. Never panics.
    // Inlined: its one caller in the browser module then needs no second copy of the state.
    #[inline]
    pub fn decode(text: &str, site: &str) -> Result<Self, DecodeError> {
        match Self::salvage(text, site, true)? {
            Salvaged {
                state,
                damaged: None,
            } => Ok(state),
            Salvaged {
                damaged: Some(line),
                ..
            } => Err(DecodeError::Corrupt(line)),
        }
    }

    /// Reads a saved entry written for `site`, line by line (see the module docs): the lines
    /// that decode, and the first damaged line if there was one; or why nothing of it can be
    /// used. `exact` says whether `text` is exactly what was stored. Never panics.
    pub fn salvage(text: &str, site: &str, exact: bool) -> Result<Salvaged, DecodeError> {
        let mut lines = text.split_inclusive('\n');
        let header = lines.next().unwrap_or_default();
        let Some(version) = header
            .strip_prefix(MAGIC)
            .and_then(|rest| rest.strip_prefix(' '))
        else {
            return Err(DecodeError::Foreign);
        };
        match version.trim().parse::<u32>() {
            Ok(VERSION) => {}
            Ok(newer) if newer > VERSION => return Err(DecodeError::NewerVersion(newer)),
            _ => return Err(DecodeError::Corrupt(1)),
        }
        let mut state = State::default();
        let mut saw_site = false;
        let mut damaged = None;
        for (index, line) in lines.enumerate() {
            // Cut off: every line the guide writes ends with a newline.
            let line = line
                .strip_suffix('\n')
                .map(|line| line.strip_suffix('\r').unwrap_or(line))
                .filter(|line| exact || !line.chars().any(|c| c == '\u{FFFD}'));
            match line.map(|line| (line, read_line(line))) {
                Some(("", _)) => {}
                Some((_, Some(Line::Site(saved)))) if saved == site => saw_site = true,
                Some((_, Some(Line::Site(other)))) => {
                    return Err(DecodeError::OtherSite(other.to_owned()));
                }
                Some((_, Some(Line::Tick(key, at)))) => {
                    state.untick(key);
                    state.tick(key, at);
                }
                Some((_, Some(Line::Draft(composer, field, value)))) => {
                    state.set_draft(composer, field, &value);
                }
                _ => {
                    damaged = damaged.or(Some(index + 2));
                }
            }
        }
        if !saw_site {
            return Err(DecodeError::Corrupt(damaged.unwrap_or(2)));
        }
        match damaged {
            Some(line) if state.ticks.is_empty() && state.drafts.is_empty() => {
                Err(DecodeError::Corrupt(line))
            }
            damaged => Ok(Salvaged { state, damaged }),
        }
    }

    /// Carries saved state over to items that replace older ones: for each `(key, replaced
    /// keys)`, every ticked old key moves to the new key (keeping the earliest time). Returns
    /// whether anything changed.
    pub fn apply_replacements<'a>(
        &mut self,
        items: impl IntoIterator<Item = (&'a str, &'a [String])>,
    ) -> bool {
        let mut changed = false;
        for (key, replaces) in items {
            for old in replaces {
                if old == key {
                    continue;
                }
                if let Some(at) = self.ticked_at(old) {
                    self.untick(old);
                    let at = self.ticked_at(key).map_or(at, |existing| existing.min(at));
                    self.untick(key);
                    self.tick(key, at);
                    changed = true;
                }
            }
        }
        changed
    }

    /// Adds an imported state to this one: ticks are united (keeping the earlier time) and
    /// imported drafts fill in composers that have no draft here.
    pub fn merge(&mut self, imported: Self) {
        for (key, at) in imported.ticks {
            match self.ticked_at(&key) {
                Some(existing) if existing <= at => {}
                Some(_) => {
                    self.untick(&key);
                    self.tick(&key, at);
                }
                None => self.tick(&key, at),
            }
        }
        let local: Vec<String> = self.drafts.iter().map(|((c, _), _)| c.clone()).collect();
        for ((composer, field), value) in imported.drafts {
            if !local.contains(&composer) {
                self.set_draft(&composer, &field, &value);
            }
        }
    }

    /// How many of the listed items (see [`crate::refs`]) are ticked, counting a tick saved
    /// under a key an item replaces.
    pub fn count_ticked(&self, refs: &[ItemRef]) -> usize {
        // A linear scan: a reader ticks at most a few hundred items, and sorting would bring a
        // sizeable sort routine into the browser module.
        let ticked: Vec<u64> = self
            .ticks
            .iter()
            .map(|(key, _)| crate::refs::hash_key(key))
            .collect();
        refs.iter()
            .filter(|item| {
                ticked.contains(&item.hash) || item.replaces.iter().any(|old| self.is_ticked(old))
            })
            .count()
    }
}

/// One line of the format, read on its own.
enum Line<'a> {
    Site(&'a str),
    Tick(&'a str, u64),
    Draft(&'a str, &'a str, String),
}

/// Reads one line (without its newline); `None` if it is damaged.
fn read_line(line: &str) -> Option<Line<'_>> {
    let mut words = line.split(' ');
    let read = match words.next()? {
        "site" => Line::Site(words.next().filter(|k| is_key(k))?),
        "tick" => Line::Tick(
            words.next().filter(|k| is_key(k))?,
            words.next()?.parse().ok()?,
        ),
        "draft" => Line::Draft(
            words.next().filter(|k| is_key(k))?,
            words.next().filter(|k| is_key(k))?,
            percent::decode(words.next().unwrap_or_default())?,
        ),
        _ => return None,
    };
    match words.next() {
        None => Some(read),
        Some(_) => None,
    }
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
        state.tick("steps/evidence/receipt", 1_764_320_000_000);
        state.tick("steps/evidence/order", 1_764_320_000_500);
        state.set_draft(
            "tiktok-request",
            "what_happened",
            "It never ran.\nI paid 100% up front.",
        );
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
        assert_eq!(
            State::decode("{\"done\":[1,2]}", "g"),
            Err(DecodeError::Foreign)
        );
        assert_eq!(
            State::decode("stepwise-progress 2\nsite g\n", "g"),
            Err(DecodeError::NewerVersion(2))
        );
        assert_eq!(
            State::decode("stepwise-progress 1\nsite other\n", "g"),
            Err(DecodeError::OtherSite("other".into()))
        );
        assert_eq!(
            State::decode("stepwise-progress 1\nsite g\ntick a\n", "g"),
            Err(DecodeError::Corrupt(3))
        );
        assert_eq!(
            State::decode("stepwise-progress 1\nsite g\ntick a 1 extra\n", "g"),
            Err(DecodeError::Corrupt(3))
        );
        assert_eq!(
            State::decode("stepwise-progress 1\ntick a 1\n", "g"),
            Err(DecodeError::Corrupt(2))
        );
        assert_eq!(
            State::decode("stepwise-progress one\n", "g"),
            Err(DecodeError::Corrupt(1))
        );
    }

    const HEAD: &str = "stepwise-progress 1\nsite g\n";

    fn ticks(keys: &[(&str, u64)]) -> State {
        let mut state = State::default();
        for (key, at) in keys {
            state.tick(key, *at);
        }
        state
    }

    #[test]
    fn a_damaged_line_in_the_middle_costs_only_that_line() {
        let text = format!("{HEAD}tick a 1\ntick b 2x\ndraft c f %ZZ\ntick d 4\ndraft c g ok\n");
        let mut kept = ticks(&[("a", 1), ("d", 4)]);
        kept.set_draft("c", "g", "ok");
        assert_eq!(
            State::salvage(&text, "g", true),
            Ok(Salvaged {
                state: kept,
                damaged: Some(4)
            })
        );
        // Read whole (`decode`), the first damaged line is named.
        assert_eq!(State::decode(&text, "g"), Err(DecodeError::Corrupt(4)));
        // Damaged in every other way a line can be.
        for line in [
            "tick",
            "tick a",
            "tick a 1 extra",
            "tick a -1",
            "tick a 18446744073709551616",
            "tick  1",
            "draft c",
            "draft c f a b",
            "draft c f %E9",
            "site",
            "site g extra",
            "ticks a 1",
            " tick a 1",
            "tick a\u{7}b 1",
        ] {
            let text = format!("{HEAD}tick d 4\n{line}\n");
            assert_eq!(
                State::salvage(&text, "g", true),
                Ok(Salvaged {
                    state: ticks(&[("d", 4)]),
                    damaged: Some(4)
                }),
                "{line:?}"
            );
        }
    }

    #[test]
    fn a_cut_off_last_line_is_damaged() {
        // It would still parse, with a time cut short: it is left out, not kept wrong.
        let text = format!("{HEAD}tick a 1\ntick b 17643");
        assert_eq!(
            State::salvage(&text, "g", true),
            Ok(Salvaged {
                state: ticks(&[("a", 1)]),
                damaged: Some(4)
            })
        );
        assert_eq!(State::decode(&text, "g"), Err(DecodeError::Corrupt(4)));
        // A draft cut short would be kept as a shorter draft.
        let text = format!("{HEAD}tick a 1\ndraft c f Dear%20Si");
        assert_eq!(
            State::salvage(&text, "g", true),
            Ok(Salvaged {
                state: ticks(&[("a", 1)]),
                damaged: Some(4)
            })
        );
        // Cut off before or inside the site line: nothing says which guide it is.
        assert_eq!(
            State::salvage("stepwise-progress 1\nsite g", "g", true),
            Err(DecodeError::Corrupt(2))
        );
        assert_eq!(
            State::salvage("stepwise-progress 1", "g", true),
            Err(DecodeError::Corrupt(2))
        );
        // Windows line ends are read like the guide's own.
        assert_eq!(
            State::decode("stepwise-progress 1\r\nsite g\r\ntick a 1\r\n", "g"),
            Ok(ticks(&[("a", 1)]))
        );
    }

    #[test]
    fn a_wrong_header_makes_everything_unreadable() {
        let body = "site g\ntick a 1\n";
        for (header, error) in [
            ("stepwise-progres 1", DecodeError::Foreign),
            ("", DecodeError::Foreign),
            ("site g", DecodeError::Foreign),
            ("stepwise-progress", DecodeError::Foreign),
            ("stepwise-progress x", DecodeError::Corrupt(1)),
            ("stepwise-progress 1 1", DecodeError::Corrupt(1)),
            ("stepwise-progress 0", DecodeError::Corrupt(1)),
        ] {
            let text = format!("{header}\n{body}");
            assert_eq!(State::salvage(&text, "g", true), Err(error), "{header:?}");
        }
    }

    #[test]
    fn a_newer_version_is_never_read_in_part() {
        // Its lines look like version 1's, but may mean something else: nothing is kept.
        let text = "stepwise-progress 2\nsite g\ntick a 1\ntick b 2 more\n";
        assert_eq!(
            State::salvage(text, "g", true),
            Err(DecodeError::NewerVersion(2))
        );
        assert_eq!(
            State::salvage("stepwise-progress 4000000000", "g", false),
            Err(DecodeError::NewerVersion(4_000_000_000))
        );
    }

    #[test]
    fn another_guides_entry_is_not_read() {
        let text = "stepwise-progress 1\nsite other\ntick a 1\n";
        assert_eq!(
            State::salvage(text, "g", true),
            Err(DecodeError::OtherSite("other".into()))
        );
        // Named anywhere, with damaged lines before it.
        let text = format!("{HEAD}tick a\nsite other\ntick a 1\n");
        assert_eq!(
            State::salvage(&text, "g", true),
            Err(DecodeError::OtherSite("other".into()))
        );
        // A damaged site line names no guide.
        assert_eq!(
            State::salvage("stepwise-progress 1\nsite \ntick a 1\n", "g", true),
            Err(DecodeError::Corrupt(2))
        );
    }

    #[test]
    fn every_line_damaged_is_unreadable() {
        let text = format!("{HEAD}tick a\ndraft\nnonsense\n");
        assert_eq!(
            State::salvage(&text, "g", true),
            Err(DecodeError::Corrupt(3))
        );
        assert_eq!(
            State::salvage("stepwise-progress 1\nsite\ntick a\n", "g", true),
            Err(DecodeError::Corrupt(2))
        );
        assert_eq!(
            State::salvage("garbage\nmore garbage\n", "g", true),
            Err(DecodeError::Foreign)
        );
        // An entry with nothing in it but its header is not damaged.
        assert_eq!(
            State::salvage(&format!("{HEAD}\n\n"), "g", true),
            Ok(Salvaged {
                state: State::default(),
                damaged: None
            })
        );
    }

    #[test]
    fn lines_that_were_not_read_exactly_are_damaged() {
        // As the browser reads an entry holding a lone surrogate: U+FFFD in its place.
        let text = format!("{HEAD}tick a 1\ndraft c f Ann\u{FFFD}e\ntick b\u{FFFD} 2\n");
        assert_eq!(
            State::salvage(&text, "g", false),
            Ok(Salvaged {
                state: ticks(&[("a", 1)]),
                damaged: Some(4)
            })
        );
        // Read exactly, U+FFFD is a character like any other (a reader may type it).
        let Salvaged { state, damaged } = State::salvage(&text, "g", true).expect("readable");
        assert_eq!(damaged, None);
        assert_eq!(state.draft("c", "f"), Some("Ann\u{FFFD}e"));
        assert_eq!(state.tick_count(), 2);
        // Not in the site line either.
        assert_eq!(
            State::salvage(
                "stepwise-progress 1\nsite g\u{FFFD}\ntick a 1\n",
                "g",
                false
            ),
            Err(DecodeError::Corrupt(2))
        );
    }

    #[test]
    fn drafts_are_counted_by_composer() {
        let mut state = sample();
        assert_eq!(state.draft_count(), 1);
        state.set_draft("tiktok-request", "order", "1");
        state.set_draft("a-letter", "name", "Ann");
        state.set_draft("z-letter", "name", "Bo");
        assert_eq!(state.draft_count(), 3);
        assert_eq!(State::default().draft_count(), 0);
    }

    #[test]
    fn replacements_carry_ticks_over_once() {
        let mut state = State::default();
        state.tick("p/old", 5);
        state.tick("p/kept", 7);
        let replaces = [vec!["p/old".to_owned()], vec!["p/gone".to_owned()]];
        let refs = [
            ("p/new", replaces[0].as_slice()),
            ("p/kept", replaces[1].as_slice()),
        ];
        assert!(state.apply_replacements(refs));
        assert_eq!(state.ticked_at("p/new"), Some(5));
        assert!(!state.is_ticked("p/old"));
        assert_eq!(state.ticked_at("p/kept"), Some(7));
        assert!(
            !state.apply_replacements(refs),
            "a second run changes nothing"
        );
    }

    #[test]
    fn merge_unites_ticks_and_keeps_local_drafts() {
        let mut local = sample();
        let mut imported = State::default();
        imported.tick("steps/evidence/receipt", 1);
        imported.tick("steps/other/x", 9);
        imported.set_draft("tiktok-request", "what_happened", "other");
        imported.set_draft("tiktok-request", "order", "123");
        imported.set_draft("follow-up", "date", "2026-01-01");
        local.merge(imported);
        assert_eq!(local.tick_count(), 3);
        assert_eq!(local.ticked_at("steps/evidence/receipt"), Some(1));
        assert_eq!(
            local.draft("tiktok-request", "what_happened"),
            Some("It never ran.\nI paid 100% up front.")
        );
        assert_eq!(
            local.draft("tiktok-request", "order"),
            None,
            "a local draft is not mixed with an imported one"
        );
        assert_eq!(local.draft("follow-up", "date"), Some("2026-01-01"));
    }

    #[test]
    fn drafts_are_set_replaced_and_cleared() {
        let mut state = State::default();
        state.set_draft("c", "b", "2");
        state.set_draft("c", "a", "1");
        state.set_draft("c", "a", "one");
        assert_eq!(state.draft("c", "a"), Some("one"));
        state.set_draft("c", "b", "");
        assert_eq!(state.draft("c", "b"), None);
        assert!(state.clear_drafts("c"));
        assert!(!state.has_draft("c"));
    }

    #[test]
    fn stale_ids_are_kept_but_not_counted() {
        let mut state = State::default();
        state.tick("p/gone", 1);
        state.tick("p/here", 1);
        let none: &[String] = &[];
        let refs = crate::refs::decode(&crate::refs::encode([("p/here", none), ("p/other", none)]));
        assert_eq!(state.count_ticked(&refs), 1);
        let old = vec!["p/gone".to_owned()];
        let renamed = crate::refs::decode(&crate::refs::encode([("p/new", old.as_slice())]));
        assert_eq!(
            state.count_ticked(&renamed),
            1,
            "a tick under a replaced key counts"
        );
        assert!(state.encode("g").contains("tick p/gone 1"));
    }

    proptest! {
        #[test]
        fn decoding_arbitrary_text_never_panics(text in "[\\s\\S]{0,400}") {
            let _ = State::decode(&text, "g");
        }

        #[test]
        fn salvaging_arbitrary_text_never_panics(
            text in "[\\s\\S]{0,400}",
            exact in proptest::bool::ANY,
        ) {
            let _ = State::salvage(&text, "g", exact);
            let _ = State::salvage(&format!("stepwise-progress 1\nsite g\n{text}"), "g", exact);
        }

        #[test]
        fn a_damaged_line_anywhere_costs_only_itself(
            ticks in proptest::collection::btree_map("[a-z0-9/_-]{1,20}", 0u64..u64::MAX, 1..8),
            damaged in prop_oneof![
                Just("tick x"), Just("tick x 1 2"), Just("draft c f %G0"), Just("nonsense"),
                Just("tick x 99999999999999999999"), Just("site"),
            ],
            at in 0usize..10,
        ) {
            let mut state = State::default();
            for (key, at) in &ticks {
                state.tick(key, *at);
            }
            let mut lines: Vec<String> = state.encode("g").lines().map(str::to_owned).collect();
            let index = (at % (lines.len() - 1)) + 2;
            lines.insert(index, damaged.to_owned());
            let text = lines.join("\n") + "\n";
            let first = Some(index + 1);
            prop_assert_eq!(State::salvage(&text, "g", true), Ok(Salvaged { state, damaged: first }));
            prop_assert_eq!(State::decode(&text, "g"), Err(DecodeError::Corrupt(index + 1)));
        }

        #[test]
        fn decoding_near_valid_text_never_panics(body in "(tick|draft|site|x)( [a-z/%0-9A-F]{0,6}){0,4}\n{0,2}") {
            let _ = State::decode(&format!("stepwise-progress 1\nsite g\n{body}"), "g");
        }

        #[test]
        fn any_state_round_trips(
            ticks in proptest::collection::btree_map("[a-z0-9/_-]{1,20}", 0u64..u64::MAX, 0..8),
            values in proptest::collection::btree_map("[a-z_]{1,8}", "[\\s\\S]{1,40}", 0..4),
        ) {
            let mut state = State::default();
            for (key, at) in &ticks {
                state.tick(key, *at);
            }
            for (field, value) in &values {
                state.set_draft("c", field, value);
            }
            prop_assert_eq!(State::decode(&state.encode("g"), "g"), Ok(state));
        }
    }

    #[test]
    fn a_tick_under_a_replaced_key_counts_for_the_new_item() {
        let mut state = State::default();
        state.tick("p/old", 5);
        assert!(state.is_ticked_or_replaced("p/new", "p/older p/old"));
        assert!(!state.is_ticked_or_replaced("p/new", ""));
        assert!(!state.is_ticked_or_replaced("p/new", " p/other "));
        state.tick("p/new", 6);
        assert!(state.is_ticked_or_replaced("p/new", ""));
    }
}
