//! What readers are told about their progress. Written here, not in the browser glue, so the
//! wording is tested natively.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use crate::storage::{DecodeError, State};

/// A checklist's status line: `2 of 5 done`, or `All 5 done`.
pub fn checklist_status(done: usize, total: usize) -> String {
    if total > 0 && done >= total {
        crate::text::cat(&["All ", &n(total), " done"])
    } else {
        crate::text::cat(&[n(done).as_str(), " of ", &n(total), " done"])
    }
}

/// The guide-wide summary on the start page.
pub fn guide_status(done: usize, total: usize) -> String {
    match (done, total) {
        (_, 0) => "This guide has no checklists yet.".to_owned(),
        (0, total) => crate::text::cat(&[
            "You have not ticked anything yet. The guide has ",
            &n(total),
            " things to do.",
        ]),
        (done, total) if done >= total => {
            crate::text::cat(&["You have done all ", &n(total), " things in this guide."])
        }
        (done, total) => crate::text::cat(&[
            "You have done ",
            &n(done),
            " of ",
            &n(total),
            " things in this guide.",
        ]),
    }
}

/// A sidebar mark: what sighted readers see, and what screen readers hear.
pub fn nav_mark(done: usize, total: usize) -> (String, String) {
    if total > 0 && done >= total {
        ("✓".to_owned(), ", all done".to_owned())
    } else {
        (
            crate::text::cat(&[n(done).as_str(), "/", &n(total)]),
            crate::text::cat(&[", ", &n(done), " of ", &n(total), " done"]),
        )
    }
}

/// Shown (by the page's script) when the service worker has installed a newer version of the guide
/// than the one on screen.
pub const UPDATE_AVAILABLE: &str = "A newer version of this guide is available.";

/// The button beside [`UPDATE_AVAILABLE`] that switches to the newer version.
pub const UPDATE_RELOAD: &str = "Reload";

/// Said when the reader asks for a calendar file before entering the date a deadline counts from.
pub const CALENDAR_NEEDS_DATE: &str =
    "Enter the date above first: then these deadlines can be added to your calendar.";

/// Shown when the browser will not let the guide save anything.
pub const STORAGE_UNAVAILABLE: &str = "This browser is not letting the guide save anything (storage is turned off, full, or in a private window). You can still tick boxes and write drafts, but they will be lost when you leave this page.";

/// Shown when a change could not be saved although storage worked before.
pub const SAVE_FAILED: &str = "Your last change could not be saved: this browser's storage may be full. It will be lost when you leave this page.";

/// Asked before removing every tick and draft.
pub const CONFIRM_RESET_ALL: &str =
    "Remove all your ticks and drafts for this guide from this browser? You cannot undo this.";

/// Shown after every tick and draft was removed.
pub const RESET_DONE: &str =
    "All your ticks and drafts for this guide were removed from this browser.";

/// Shown when saved data could not be read in full: `kept` is what could be read (the lines
/// that decode, see [`crate::storage`]) or why nothing could; `backed_up` says whether the
/// saved text was copied to a backup (else it was left as it was and nothing will be saved).
pub fn recovered(kept: Result<&State, &DecodeError>, backed_up: bool) -> String {
    let (start, what, end) = match kept {
        Ok(state) => {
            let (ticks, drafts) = (state.tick_count(), state.draft_count());
            let mut what = String::new();
            if ticks > 0 {
                what = counted(ticks, " tick", " ticks");
            }
            if drafts > 0 {
                if ticks > 0 {
                    what.push_str(" and ");
                }
                what.push_str(&counted(drafts, " draft", " drafts"));
            }
            (
                "Some of your saved progress was damaged. We kept ",
                what,
                if backed_up {
                    "; a copy of everything as it was is kept in this browser."
                } else {
                    " for this visit, but left what was saved as it was, so nothing you do on this visit will be saved."
                },
            )
        }
        Err(error) => (
            "We found saved progress we could not read: ",
            error.reason(),
            if backed_up {
                ". We kept a copy of it in this browser and started again with no ticks. You can download the copy below."
            } else {
                ". We left it as it was, so nothing you do on this visit will be saved."
            },
        ),
    };
    crate::text::cat(&[start, &what, end])
}

/// Asked before unticking a whole checklist.
pub fn confirm_reset_list(title: &str, ticked: usize) -> String {
    crate::text::cat(&["Untick all ", &n(ticked), " ticked items in “", title, "”?"])
}

/// Shown after an import.
pub fn imported(ticks: usize) -> String {
    crate::text::cat(&[
        "Imported ",
        &counted(ticks, " ticked item", " ticked items"),
        " from the file. Your other ticks were kept.",
    ])
}

/// Shown after an import that left out a damaged line (`line` of the file, the first one).
pub fn imported_partly(ticks: usize, line: usize) -> String {
    crate::text::cat(&[
        "Imported ",
        &counted(ticks, " ticked item", " ticked items"),
        " from the file. Line ",
        &crate::text::number(line as u64),
        " of the file was damaged and was left out, with any other damaged lines. Your other ticks were kept.",
    ])
}

/// Shown when an import file was rejected.
pub fn import_failed(reason: &str) -> String {
    crate::text::cat(&[
        "That file could not be imported: ",
        reason,
        ". Nothing was changed.",
    ])
}

/// `1 tick`, `2 ticks`.
fn counted(count: usize, one: &str, many: &str) -> String {
    crate::text::cat(&[&n(count), if count == 1 { one } else { many }])
}

fn n(count: usize) -> String {
    crate::text::number(count as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording() {
        assert_eq!(checklist_status(2, 5), "2 of 5 done");
        assert_eq!(checklist_status(5, 5), "All 5 done");
        assert_eq!(
            guide_status(0, 12),
            "You have not ticked anything yet. The guide has 12 things to do."
        );
        assert_eq!(
            guide_status(3, 12),
            "You have done 3 of 12 things in this guide."
        );
        assert_eq!(
            guide_status(12, 12),
            "You have done all 12 things in this guide."
        );
        assert_eq!(
            nav_mark(1, 3),
            ("1/3".to_owned(), ", 1 of 3 done".to_owned())
        );
        assert_eq!(nav_mark(3, 3).0, "✓");
        assert_eq!(
            confirm_reset_list("What to keep", 2),
            "Untick all 2 ticked items in “What to keep”?"
        );
        assert_eq!(
            imported(1),
            "Imported 1 ticked item from the file. Your other ticks were kept."
        );
        assert_eq!(
            imported(3),
            "Imported 3 ticked items from the file. Your other ticks were kept."
        );
        assert!(
            import_failed("it is damaged (line 3 cannot be read)")
                .ends_with("Nothing was changed.")
        );
    }

    #[test]
    fn recovered_says_how_much_was_kept() {
        let mut kept = State::default();
        kept.tick("a", 1);
        assert_eq!(
            recovered(Ok(&kept), true),
            "Some of your saved progress was damaged. We kept 1 tick; a copy of everything as it was is kept in this browser."
        );
        for key in ["b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"] {
            kept.tick(key, 1);
        }
        kept.set_draft("letter", "name", "Ann");
        kept.set_draft("letter", "order", "12");
        assert_eq!(
            recovered(Ok(&kept), true),
            "Some of your saved progress was damaged. We kept 12 ticks and 1 draft; a copy of everything as it was is kept in this browser."
        );
        assert_eq!(
            recovered(Ok(&kept), false),
            "Some of your saved progress was damaged. We kept 12 ticks and 1 draft for this visit, but left what was saved as it was, so nothing you do on this visit will be saved."
        );
        let mut drafts = State::default();
        drafts.set_draft("letter", "name", "Ann");
        drafts.set_draft("reply", "name", "Ann");
        assert!(
            recovered(Ok(&drafts), true)
                .starts_with("Some of your saved progress was damaged. We kept 2 drafts; ")
        );
        assert_eq!(
            recovered(Err(&DecodeError::NewerVersion(2)), true),
            "We found saved progress we could not read: it was saved by a newer version of this guide (format 2). We kept a copy of it in this browser and started again with no ticks. You can download the copy below."
        );
        assert_eq!(
            recovered(Err(&DecodeError::Corrupt(3)), false),
            "We found saved progress we could not read: it is damaged (line 3 cannot be read). We left it as it was, so nothing you do on this visit will be saved."
        );
    }
}
