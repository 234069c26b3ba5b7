//! Messages to the reader at the top of the page: storage problems, recovered data, imports.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::dom;
use web_sys::{Document, Element};

use crate::app::Shared;
use crate::page;
use crate::store::Saved;

/// Button action: download the backup of unreadable saved data.
pub(crate) const ACTION_DOWNLOAD_BACKUP: &str = "download-backup";
/// On that button: the `localStorage` key of the backup.
const ATTR_BACKUP_KEY: &str = "data-backup-key";

/// Shows `text` as a notice; `action` is an optional button to put under it.
pub(crate) fn show(document: &Document, text: &str, action: Option<Element>) {
    let Some(container) = container(document) else {
        return;
    };
    let Some(notice) = page::create(document, "div", "notice", "") else {
        return;
    };
    if let Some(paragraph) = page::create(document, "p", "", text) {
        let _ = notice.append_child(&paragraph);
    }
    if let Some(action) = action {
        let _ = notice.append_child(&action);
    }
    let _ = container.append_child(&notice);
}

/// The notice for saved data that could not be read in full, with a download button for its
/// backup.
pub(crate) fn recovered(document: &Document, saved: &Saved) {
    let text = stepwise_core::progress::recovered(
        saved.read.as_ref().map(|kept| &kept.state),
        saved.backup_key.is_some(),
    );
    let button = saved.backup_key.as_ref().and_then(|key| {
        let button = page::create(document, "button", "button-secondary", "Download the copy")?;
        button.set_attribute("type", "button").ok()?;
        button
            .set_attribute(dom::ATTR_ACTION, ACTION_DOWNLOAD_BACKUP)
            .ok()?;
        button.set_attribute(ATTR_BACKUP_KEY, key).ok()?;
        Some(button)
    });
    show(document, &text, button);
}

/// Downloads the backup named by the button.
pub(crate) fn download_backup(shared: &Shared, button: &Element) {
    let Some(app) = shared.app() else {
        return;
    };
    if let Some(raw) = app.store.raw(&page::attr(button, ATTR_BACKUP_KEY)) {
        let name = stepwise_core::text::cat(&[
            page::file_stem(app.store.site()).as_str(),
            "-unreadable-progress.txt",
        ]);
        page::download(&app.document, &name, page::TEXT, &raw);
    }
}

fn container(document: &Document) -> Option<Element> {
    if let Ok(Some(existing)) = document.query_selector(dom::SELECTOR_NOTICES) {
        return Some(existing);
    }
    // Themes without a notices element get one at the top of <main> (or <body>). It is a live
    // region, so screen readers read each notice out as it is added.
    let parent = match document.query_selector("main").ok().flatten() {
        Some(main) => main,
        None => document.query_selector("body").ok().flatten()?,
    };
    let created = page::create(document, "div", "notices", "")?;
    created.set_attribute(dom::ATTR_NOTICES, "").ok()?;
    created.set_attribute("role", "status").ok()?;
    parent.prepend_with_node_1(&created).ok()?;
    Some(created)
}
