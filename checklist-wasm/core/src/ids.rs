//! Stable identifiers: heading anchors, checklist item ids and the keys progress is saved under.
//!
//! Readers' saved progress is keyed by these ids, so the rules here are a compatibility
//! promise: changing them would silently reset every reader's ticks. Tests pin the exact
//! output for representative inputs.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

/// The longest slug [`item_id`] derives from an item's text, in bytes.
pub const MAX_DERIVED_ID_LEN: usize = 48;

/// Turns text into an identifier: lowercase letters and digits joined by single hyphens.
///
/// Letters outside ASCII are kept (lowercased), apostrophes are dropped so that "don't"
/// becomes `dont`, and every other run of punctuation or whitespace becomes one hyphen.
///
/// ```
/// assert_eq!(stepwise_core::ids::slugify("Keep your *payment* receipt!"), "keep-your-payment-receipt");
/// assert_eq!(stepwise_core::ids::slugify("Don't pay “recovery” firms"), "dont-pay-recovery-firms");
/// assert_eq!(stepwise_core::ids::slugify("Café à la carte"), "café-à-la-carte");
/// ```
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(ch.to_lowercase().filter(|lower| lower.is_alphanumeric()));
        } else if matches!(ch, '\'' | '’' | '‘') {
            // Apostrophes join words rather than separate them.
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

/// Derives a checklist item's id from its text: the slug, cut at a word boundary so it is at
/// most [`MAX_DERIVED_ID_LEN`] bytes long. Returns `"item"` for text with no letters or digits.
///
/// ```
/// use stepwise_core::ids::item_id;
/// assert_eq!(item_id("Keep your payment receipt"), "keep-your-payment-receipt");
/// assert_eq!(
///     item_id("Take screenshots of the promotion's results and the settings you chose before it ran"),
///     "take-screenshots-of-the-promotions-results-and",
/// );
/// ```
pub fn item_id(text: &str) -> String {
    let slug = slugify(text);
    if slug.is_empty() {
        return "item".to_owned();
    }
    if slug.len() <= MAX_DERIVED_ID_LEN {
        return slug;
    }
    let mut end = 0;
    for (index, ch) in slug.char_indices() {
        if index + ch.len_utf8() > MAX_DERIVED_ID_LEN {
            break;
        }
        if ch == '-' {
            end = index;
        }
    }
    if end == 0 {
        // One very long word: cut at a character boundary instead.
        end = slug
            .char_indices()
            .map(|(index, ch)| index + ch.len_utf8())
            .take_while(|&stop| stop <= MAX_DERIVED_ID_LEN)
            .last()
            .unwrap_or(0);
    }
    slug[..end].to_owned()
}

/// Whether `id` can be written as an explicit id: non-empty, and made only of ASCII letters
/// and digits, `-`, `_` and non-ASCII characters other than spaces (so it is safe in HTML
/// attributes, URLs and the storage format, and slugs of any language are valid).
///
/// Non-ASCII characters are not classified further: the browser module shares this function
/// and would otherwise carry Unicode's letter tables.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().all(|ch| {
            ch.is_ascii_alphanumeric()
                || ch == '-'
                || ch == '_'
                || (!ch.is_ascii() && !ch.is_whitespace())
        })
}

/// Whether `key` is a valid page key: one or more valid ids joined by `/`.
pub fn is_valid_page_key(key: &str) -> bool {
    key.split('/').all(is_valid_id)
}

/// The key an item's progress is saved under: `<page key>/<item id>`.
///
/// Scoping by page key means the same wording on two pages never collides. The page key
/// comes from the page's path unless the author pins it in front matter, so moving a file
/// can keep its readers' progress.
pub fn item_key(page_key: &str, item_id: &str) -> String {
    format!("{page_key}/{item_id}")
}

/// Separates a checklist's page key from its list id in a list key (`guide/evidence#keep`).
pub const LIST_SEPARATOR: char = '#';

/// The key of a checklist: `<page key>#<list id>`, unique across the site. Composers refer to
/// checklists by it (`{{ticked guide/evidence#keep}}`).
pub fn list_key(page_key: &str, list_id: &str) -> String {
    let mut key = String::with_capacity(page_key.len() + 1 + list_id.len());
    key.push_str(page_key);
    key.push(LIST_SEPARATOR);
    key.push_str(list_id);
    key
}

/// Splits a list key (or a composer's reference to one: `#keep` for the same page) into its
/// page key (empty for the same page) and list id. `None` without a separator.
pub fn split_list_key(key: &str) -> Option<(&str, &str)> {
    key.split_once(LIST_SEPARATOR)
}

/// Whether `key` is a well-formed list key (`page/key#list`, or `#list` for the same page
/// when `same_page` is allowed).
pub fn is_valid_list_key(key: &str, same_page: bool) -> bool {
    split_list_key(key).is_some_and(|(page, list)| {
        (is_valid_page_key(page) || (same_page && page.is_empty())) && is_valid_id(list)
    })
}

/// A URL segment and page-key part from a file or folder name: kept if it is already a valid
/// id, else slugified (`page` when nothing is left).
pub fn name_segment(name: &str) -> String {
    if is_valid_id(name) {
        return name.to_owned();
    }
    let slug = slugify(name);
    if slug.is_empty() {
        "page".to_owned()
    } else {
        slug
    }
}

/// The key a page's progress is saved under unless its front matter pins one: the names of
/// its folders below `content/` and (for a page that is not a section's `_index.md`) its file
/// stem, each through [`name_segment`], joined by `/`; `index` for the start page.
///
/// ```
/// use stepwise_core::ids::page_key;
/// assert_eq!(page_key(["steps", "gather-evidence"]), "steps/gather-evidence");
/// assert_eq!(page_key(Vec::<&str>::new()), "index");
/// ```
pub fn page_key<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let parts: Vec<String> = names.into_iter().map(name_segment).collect();
    if parts.is_empty() {
        "index".to_owned()
    } else {
        parts.join("/")
    }
}

/// Whether `name` can name a composer field (`{{name}}` in templates): ASCII letters, digits,
/// `_` and `-`.
pub fn is_field_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The element id of a checklist item's checkbox (`task-receipt`), which links may target.
pub fn item_element_id(item_id: &str) -> String {
    let mut id = String::from(crate::dom::ITEM_ELEMENT_PREFIX);
    id.push_str(item_id);
    id
}

/// The element id of a composer's input for `field` (`composer-letter-amount`).
pub fn composer_field_id(composer: &str, field: &str) -> String {
    let mut id = String::from("composer-");
    id.push_str(composer);
    id.push('-');
    id.push_str(field);
    id
}

/// The element id of one input of a composer field made of several (`part`: `day`, `month`,
/// `year` of a date; `1`, `2`, … for a choice's radios): `composer-letter-paid_on-day`.
pub fn composer_part_id(input_id: &str, part: &str) -> String {
    crate::text::cat(&[input_id, "-", part])
}

/// The element id of a composer's whole form (`form-letter`), which "Skip to the message
/// form" links target.
pub fn composer_element_id(composer: &str) -> String {
    let mut id = String::from("form-");
    id.push_str(composer);
    id
}

/// The element id of a composer's preview part (`subject` or `body`).
pub fn composer_preview_id(composer: &str, part: &str) -> String {
    composer_field_id(composer, part)
}

/// The element id of the help text of the input whose id is `input_id`.
pub fn field_help_id(input_id: &str) -> String {
    let mut id = String::from(input_id);
    id.push_str("-help");
    id
}

/// The element id of the error message of the input whose id is `input_id`.
pub fn field_error_id(input_id: &str) -> String {
    let mut id = String::from(input_id);
    id.push_str("-error");
    id
}

/// The element id of a deadline (`deadline-card-fcba`), which links may target.
pub fn deadline_element_id(deadline: &str) -> String {
    crate::text::cat(&["deadline-", deadline])
}

/// The element id of one of the three inputs (`part`: `day`, `month`, `year`) of a reader's
/// date in a deadlines block (`dates-card-statement_on-day`), or of a choice's option when
/// `part` is the option's index.
pub fn reader_input_id(block: &str, name: &str, part: &str) -> String {
    crate::text::cat(&["dates-", block, "-", name, "-", part])
}

/// A source of unique ids within one scope (for example the headings of one page): the
/// first use of `base` returns it unchanged, later uses get `-1`, `-2`, … appended.
#[derive(Debug, Default, Clone)]
pub struct UniqueIds {
    seen: alloc::collections::BTreeSet<String>,
    /// For each base asked for more than once, the next suffix to try (so a page with thousands
    /// of identical headings takes linear time, not quadratic).
    next_suffix: alloc::collections::BTreeMap<String, usize>,
}

impl UniqueIds {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `id` as taken without changing it; returns `false` if it was already taken.
    pub fn claim(&mut self, id: &str) -> bool {
        self.seen.insert(id.to_owned())
    }

    /// Returns `base`, or the first of `base-1`, `base-2`, … not yet taken, and records it.
    pub fn unique(&mut self, base: &str) -> String {
        if self.seen.insert(base.to_owned()) {
            return base.to_owned();
        }
        let mut n = self.next_suffix.get(base).copied().unwrap_or(1);
        let candidate = loop {
            let candidate = format!("{base}-{n}");
            n += 1;
            if !self.seen.contains(&candidate) {
                break candidate;
            }
        };
        self.next_suffix.insert(base.to_owned(), n);
        self.seen.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs_are_pinned() {
        // Saved progress depends on these exact outputs: never change them casually.
        let cases = [
            ("Keep your payment receipt", "keep-your-payment-receipt"),
            ("  Order ID / transaction ID  ", "order-id-transaction-id"),
            ("Screenshots — before & after", "screenshots-before-after"),
            ("It's 100% done", "its-100-done"),
            ("Ünïcödé Straße", "ünïcödé-straße"),
            ("!!!", ""),
            ("a--b", "a-b"),
        ];
        for (input, expected) in cases {
            assert_eq!(slugify(input), expected, "slugify({input:?})");
        }
    }

    #[test]
    fn derived_item_ids_fall_back_and_truncate() {
        assert_eq!(item_id("?!"), "item");
        let long = "x".repeat(100);
        assert_eq!(item_id(&long).len(), MAX_DERIVED_ID_LEN);
        let long_unicode = "é".repeat(100);
        let id = item_id(&long_unicode);
        assert!(id.len() <= MAX_DERIVED_ID_LEN && !id.is_empty());
    }

    #[test]
    fn unique_ids_count_up() {
        let mut ids = UniqueIds::new();
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.unique("a"), "a-1");
        assert!(!ids.claim("a-1"));
        assert_eq!(ids.unique("a"), "a-2");
        assert_eq!(ids.unique("a-2"), "a-2-1");
        assert!(ids.claim("a-4"));
        assert_eq!(ids.unique("a"), "a-3");
        assert_eq!(ids.unique("a"), "a-5");
    }

    #[test]
    fn validity() {
        assert!(is_valid_id("receipt_2"));
        assert!(!is_valid_id("has space"));
        assert!(!is_valid_id(""));
        assert!(is_valid_page_key("guide/evidence"));
        assert!(!is_valid_page_key("guide//evidence"));
        assert_eq!(
            item_key("guide/evidence", "receipt"),
            "guide/evidence/receipt"
        );
    }

    #[test]
    fn page_and_list_keys_are_pinned() {
        // Readers' progress is saved under these keys: never change them casually.
        assert_eq!(
            page_key(["steps", "gather-evidence"]),
            "steps/gather-evidence"
        );
        assert_eq!(
            page_key(["Other Routes", "Apple & iPhone"]),
            "other-routes/apple-iphone"
        );
        assert_eq!(page_key(["Über uns"]), "über-uns");
        assert_eq!(page_key(["!!!"]), "page");
        assert_eq!(page_key(Vec::<&str>::new()), "index");
        assert_eq!(
            list_key("steps/evidence", "what-to-keep"),
            "steps/evidence#what-to-keep"
        );
        assert_eq!(split_list_key("a/b#c"), Some(("a/b", "c")));
        assert_eq!(split_list_key("#c"), Some(("", "c")));
        assert!(is_valid_list_key("a/b#c", false));
        assert!(!is_valid_list_key("#c", false));
        assert!(is_valid_list_key("#c", true));
        assert!(!is_valid_list_key("a b#c", true));
    }

    #[test]
    fn element_ids_are_pinned() {
        assert_eq!(item_element_id("receipt"), "task-receipt");
        assert_eq!(composer_element_id("letter"), "form-letter");
        assert_eq!(
            composer_field_id("letter", "amount"),
            "composer-letter-amount"
        );
        assert_eq!(
            composer_preview_id("letter", "body"),
            "composer-letter-body"
        );
        assert_eq!(
            field_help_id("composer-letter-amount"),
            "composer-letter-amount-help"
        );
        assert_eq!(
            field_error_id("composer-letter-amount"),
            "composer-letter-amount-error"
        );
        assert_eq!(
            composer_part_id("composer-letter-paid_on", "day"),
            "composer-letter-paid_on-day"
        );
        assert!(is_field_name("paid_on-2"));
        assert!(!is_field_name("paid on"));
        assert!(!is_field_name(""));
        assert!(!is_field_name("é"));
    }

    proptest! {
        #[test]
        fn derived_ids_are_always_valid(text in "\\PC{0,200}") {
            let id = item_id(&text);
            prop_assert!(is_valid_id(&id));
            prop_assert!(id.len() <= MAX_DERIVED_ID_LEN);
        }
    }
}
