//! What readers are told about their progress. Written here, not in the browser glue, so the
//! wording is tested natively.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

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

/// Shown when saved data could not be read and was set aside.
pub fn recovered(reason: &str, backed_up: bool) -> String {
    let outcome = if backed_up {
        ". We kept a copy of it in this browser and started again with no ticks. You can download the copy below."
    } else {
        ". We left it as it was, so nothing you do on this visit will be saved."
    };
    crate::text::cat(&[
        "We found saved progress we could not read: ",
        reason,
        outcome,
    ])
}

/// Asked before unticking a whole checklist.
pub fn confirm_reset_list(title: &str, ticked: usize) -> String {
    crate::text::cat(&["Untick all ", &n(ticked), " ticked items in “", title, "”?"])
}

/// Shown after an import.
pub fn imported(ticks: usize) -> String {
    match ticks {
        1 => "Imported 1 ticked item from the file. Your other ticks were kept.".to_owned(),
        count => crate::text::cat(&[
            "Imported ",
            &n(count),
            " ticked items from the file. Your other ticks were kept.",
        ]),
    }
}

/// Shown when an import file was rejected.
pub fn import_failed(reason: &str) -> String {
    crate::text::cat(&[
        "That file could not be imported: ",
        reason,
        ". Nothing was changed.",
    ])
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
        assert!(
            import_failed("it is damaged (line 3 cannot be read)")
                .ends_with("Nothing was changed.")
        );
    }
}
