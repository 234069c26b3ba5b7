//! Comparing the checklist items of two builds: which items readers may have ticked on the
//! published site would disappear, with nothing to carry their ticks over, if this build were
//! published. Reading and writing the manifest file is the generator's job; this module only
//! compares lists of items.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

/// One checklist item as recorded in a build's manifest.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ManifestItem {
    /// Storage key: `<page key>/<item id>`.
    pub key: String,
    /// The item's text.
    pub text: String,
    /// The Markdown file it is written in.
    pub source: String,
    /// Keys whose saved ticks this item takes over.
    pub replaces: Vec<String>,
}

impl ManifestItem {
    /// The page key part of the item key.
    pub fn page_key(&self) -> &str {
        self.key.rsplit_once('/').map_or("", |(page, _)| page)
    }

    /// The item id part of the item key.
    pub fn id(&self) -> &str {
        self.key
            .rsplit_once('/')
            .map_or(self.key.as_str(), |(_, id)| id)
    }
}

/// An item of the previous build that this build drops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// The item as it was.
    pub old: ManifestItem,
    /// How to keep readers' ticks, when a likely successor is found.
    pub fix: Option<Fix>,
}

/// A way to carry ticks over to the new build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// The item was probably reworded or given a new id: add `replaces=<old id>` to it.
    Replaces {
        /// The likely successor.
        successor: ManifestItem,
    },
    /// The whole page moved: pin its old key with `id:` in its front matter.
    PageMoved {
        /// The page key the items had.
        old_page: String,
        /// The page key they have now.
        new_page: String,
        /// The file the page is in now.
        source: String,
    },
}

/// The items of `previous` whose ticks this build (`current`) would drop: their key is gone
/// and no current item replaces it.
pub fn dropped(previous: &[ManifestItem], current: &[ManifestItem]) -> Vec<Dropped> {
    let covered = |key: &str| {
        current
            .iter()
            .any(|item| item.key == key || item.replaces.iter().any(|r| r == key))
    };
    let gone: Vec<&ManifestItem> = previous.iter().filter(|item| !covered(&item.key)).collect();
    gone.iter()
        .map(|old| Dropped {
            old: (*old).clone(),
            fix: page_moved(old, previous, current).or_else(|| successor(old, previous, current)),
        })
        .collect()
}

/// Whether every item of `old`'s page reappears, with the same ids, under one other page key.
fn page_moved(
    old: &ManifestItem,
    previous: &[ManifestItem],
    current: &[ManifestItem],
) -> Option<Fix> {
    let old_page = old.page_key();
    if current.iter().any(|item| item.page_key() == old_page) {
        return None;
    }
    let candidate = current
        .iter()
        .find(|item| item.id() == old.id() && item.page_key() != old_page)?;
    let new_page = candidate.page_key();
    let siblings = previous.iter().filter(|item| item.page_key() == old_page);
    let all_moved = siblings.clone().all(|sibling| {
        current
            .iter()
            .any(|item| item.page_key() == new_page && item.id() == sibling.id())
    });
    all_moved.then(|| Fix::PageMoved {
        old_page: old_page.to_owned(),
        new_page: new_page.to_owned(),
        source: candidate.source.clone(),
    })
}

/// The current item on the same page, new in this build, whose text is most like `old`'s.
fn successor(
    old: &ManifestItem,
    previous: &[ManifestItem],
    current: &[ManifestItem],
) -> Option<Fix> {
    let old_words = words(&old.text);
    current
        .iter()
        .filter(|item| item.source == old.source || item.page_key() == old.page_key())
        .filter(|item| !previous.iter().any(|p| p.key == item.key))
        .map(|item| (similarity(&old_words, &words(&item.text)), item))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|(a, _), (b, _)| a.total_cmp(b))
        .map(|(_, item)| Fix::Replaces {
            successor: item.clone(),
        })
}

fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 3)
        .map(str::to_lowercase)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// The share of the shorter word list that the two lists have in common (overlap
/// coefficient), for sorted, de-duplicated lists of words longer than three letters.
fn similarity(a: &[String], b: &[String]) -> f64 {
    let shared = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        0.0
    } else {
        shared as f64 / smaller as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, text: &str, source: &str, replaces: &[&str]) -> ManifestItem {
        ManifestItem {
            key: key.into(),
            text: text.into(),
            source: source.into(),
            replaces: replaces.iter().map(|r| (*r).to_owned()).collect(),
        }
    }

    #[test]
    fn kept_and_replaced_items_are_not_reported() {
        let previous = [
            item("p/a", "Keep the receipt", "content/p.md", &[]),
            item("p/b", "Note the date", "content/p.md", &[]),
        ];
        let current = [
            item("p/a", "Keep the receipt from Apple", "content/p.md", &[]),
            item("p/date", "Note the date", "content/p.md", &["p/b"]),
        ];
        assert_eq!(dropped(&previous, &current), []);
    }

    #[test]
    fn a_reworded_item_gets_a_successor_suggestion() {
        let previous = [item(
            "p/keep-your-receipt",
            "Keep your receipt",
            "content/p.md",
            &[],
        )];
        let current = [
            item(
                "p/keep-the-receipt-apple-sent-you",
                "Keep the receipt Apple sent you",
                "content/p.md",
                &[],
            ),
            item("p/other", "Something unrelated", "content/p.md", &[]),
        ];
        let result = dropped(&previous, &current);
        assert_eq!(result.len(), 1);
        assert_eq!(
            result[0].fix,
            Some(Fix::Replaces {
                successor: current[0].clone()
            })
        );
    }

    #[test]
    fn a_moved_page_is_recognised() {
        let previous = [
            item("guide/old/a", "A", "content/guide/old.md", &[]),
            item("guide/old/b", "B", "content/guide/old.md", &[]),
        ];
        let current = [
            item("guide/new/a", "A", "content/guide/new.md", &[]),
            item("guide/new/b", "B", "content/guide/new.md", &[]),
        ];
        let result = dropped(&previous, &current);
        assert_eq!(result.len(), 2);
        assert_eq!(
            result[0].fix,
            Some(Fix::PageMoved {
                old_page: "guide/old".into(),
                new_page: "guide/new".into(),
                source: "content/guide/new.md".into()
            })
        );
    }

    #[test]
    fn a_removed_item_has_no_fix() {
        let previous = [item("p/a", "Print the form", "content/p.md", &[])];
        let result = dropped(&previous, &[]);
        assert_eq!(
            result,
            [Dropped {
                old: previous[0].clone(),
                fix: None
            }]
        );
    }
}
