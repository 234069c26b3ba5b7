//! What readers are told about their progress. Written here, not in the browser glue, so the
//! wording is tested natively.

/// A checklist's status line: `2 of 5 done`, or `All 5 done`.
pub fn checklist_status(done: usize, total: usize) -> String {
    if total > 0 && done >= total {
        format!("All {total} done")
    } else {
        format!("{done} of {total} done")
    }
}

/// The guide-wide summary on the start page.
pub fn guide_status(done: usize, total: usize) -> String {
    match (done, total) {
        (_, 0) => "This guide has no checklists yet.".to_owned(),
        (0, total) => format!("You have not ticked anything yet. The guide has {total} things to do."),
        (done, total) if done >= total => format!("You have done all {total} things in this guide."),
        (done, total) => format!("You have done {done} of {total} things in this guide."),
    }
}

/// A sidebar mark: what sighted readers see, and what screen readers hear.
pub fn nav_mark(done: usize, total: usize) -> (String, String) {
    if total > 0 && done >= total {
        ("✓".to_owned(), ", all done".to_owned())
    } else {
        (format!("{done}/{total}"), format!(", {done} of {total} done"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording() {
        assert_eq!(checklist_status(2, 5), "2 of 5 done");
        assert_eq!(checklist_status(5, 5), "All 5 done");
        assert_eq!(guide_status(0, 12), "You have not ticked anything yet. The guide has 12 things to do.");
        assert_eq!(guide_status(3, 12), "You have done 3 of 12 things in this guide.");
        assert_eq!(guide_status(12, 12), "You have done all 12 things in this guide.");
        assert_eq!(nav_mark(1, 3), ("1/3".to_owned(), ", 1 of 3 done".to_owned()));
        assert_eq!(nav_mark(3, 3).0, "✓");
    }
}
