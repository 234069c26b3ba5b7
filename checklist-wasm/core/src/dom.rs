//! The DOM contract: the attribute and class names the generator writes into pages and the
//! browser module looks for. Both sides import these constants; neither spells them out.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

/// Set on `<html>` by the browser module once it has started.
pub const ATTR_READY: &str = "data-stepwise-ready";
/// Set on `<html>` by the generator: the site's storage namespace.
pub const ATTR_SITE: &str = "data-stepwise-site";
/// On the element wrapping one checklist; the value is the checklist's key.
pub const ATTR_CHECKLIST: &str = "data-checklist";
/// Set by the browser module on a checklist it has made interactive.
pub const ATTR_ENHANCED: &str = "data-enhanced";
/// On each checklist checkbox; the value is the item's storage key.
pub const ATTR_ITEM: &str = "data-item";
/// On a checklist checkbox: space-separated keys whose saved state this item inherits.
pub const ATTR_REPLACES: &str = "data-replaces";

/// CSS selector for every checklist wrapper on a page.
pub const SELECTOR_CHECKLIST: &str = "[data-checklist]";
/// CSS selector for every checklist checkbox on a page.
pub const SELECTOR_ITEM: &str = "input[type=checkbox][data-item]";
/// On the element inside a checklist where its progress ("3 of 7 done") is written.
pub const ATTR_STATUS: &str = "data-checklist-status";
/// On a button: what it does (one of the `ACTION_*` values).
pub const ATTR_ACTION: &str = "data-action";
/// On the container of a checklist's buttons, hidden until the module starts.
pub const ATTR_ACTIONS: &str = "data-checklist-actions";
/// Button action: untick every item of the checklist it belongs to.
pub const ACTION_RESET_LIST: &str = "reset-list";
/// Prefix of a checklist checkbox's element id; the item id follows.
pub const ITEM_ELEMENT_PREFIX: &str = "task-";
/// On `<html>`, set by the loader when the module failed to start.
pub const ATTR_FAILED: &str = "data-stepwise-failed";
/// On the element notices are written into (storage unavailable, data recovered, imports).
pub const ATTR_NOTICES: &str = "data-stepwise-notices";
/// On a link or section: the checklist items it summarises (see [`crate::refs`]).
pub const ATTR_PROGRESS_ITEMS: &str = "data-progress-items";
/// Inside a sidebar link: where its progress mark goes.
pub const ATTR_NAV_PROGRESS: &str = "data-nav-progress";
/// On a sidebar mark: `done` when every item of the page is ticked, `partial` otherwise.
pub const ATTR_STATE: &str = "data-state";
/// The start page's overall progress block.
pub const ATTR_GUIDE_PROGRESS: &str = "data-guide-progress";
/// Inside the overall progress block: where the summary sentence goes.
pub const ATTR_GUIDE_PROGRESS_TEXT: &str = "data-guide-progress-text";
/// Inside the overall progress block: a `<progress>` element.
pub const ATTR_GUIDE_PROGRESS_BAR: &str = "data-guide-progress-bar";
/// On the container of the progress tools (export, import, reset all), hidden until the
/// module starts.
pub const ATTR_GUIDE_ACTIONS: &str = "data-guide-actions";
/// On the file input that imports saved progress.
pub const ATTR_IMPORT_INPUT: &str = "data-import-input";
/// Button action: remove every tick and draft of the site from this browser.
pub const ACTION_RESET_ALL: &str = "reset-all";
/// Button action: download saved progress as a file.
pub const ACTION_EXPORT: &str = "export";

/// On a composer's wrapper; the value is its id (drafts are saved under it).
pub const ATTR_COMPOSER: &str = "data-composer";
/// On the interactive part of a composer, hidden until the module starts.
pub const ATTR_COMPOSER_APP: &str = "data-composer-app";
/// On the no-JavaScript version of a composer (the template with blanks), hidden once the
/// module starts.
pub const ATTR_COMPOSER_FALLBACK: &str = "data-composer-fallback";
/// On the wrapper: the subject template.
pub const ATTR_SUBJECT_TEMPLATE: &str = "data-subject-template";
/// On the wrapper: the body template.
pub const ATTR_BODY_TEMPLATE: &str = "data-body-template";
/// On the wrapper: the recipient of `mailto:` links, when there is one.
pub const ATTR_RECIPIENT: &str = "data-recipient";
/// On each input of a composer: the field's name in the templates.
pub const ATTR_FIELD: &str = "data-field";
/// On each input: the field's kind (see `template::FieldKind`).
pub const ATTR_KIND: &str = "data-kind";
/// On each input: the field's label, used for `[Label]` blanks and error messages.
pub const ATTR_LABEL: &str = "data-label";
/// On an amount's currency select: the amount field's name.
pub const ATTR_CURRENCY_FOR: &str = "data-currency-for";
/// On a field's error message element: the field's name.
pub const ATTR_FIELD_ERROR: &str = "data-field-error";
/// Where the rendered subject is shown.
pub const ATTR_PREVIEW_SUBJECT: &str = "data-preview-subject";
/// Where the rendered body is shown.
pub const ATTR_PREVIEW_BODY: &str = "data-preview-body";
/// A composer's status line (copied, problems to fix).
pub const ATTR_COMPOSER_STATUS: &str = "data-composer-status";
/// On the error summary of a composer.
pub const ATTR_ERROR_SUMMARY: &str = "data-error-summary";
/// On a hidden list of a checklist's items that a composer's template refers to; the value
/// is the reference as written in the template.
pub const ATTR_TICKED_SOURCE: &str = "data-ticked-source";
/// On the `mailto:` link of a composer.
pub const ATTR_MAILTO: &str = "data-mailto";
/// Where a composer says why it offers no `mailto:` link for a long message.
pub const ATTR_MAILTO_NOTE: &str = "data-mailto-note";
/// Button action: copy the subject.
pub const ACTION_COPY_SUBJECT: &str = "copy-subject";
/// Button action: copy the body.
pub const ACTION_COPY_BODY: &str = "copy-body";
/// Button action: download the message as a text file.
pub const ACTION_DOWNLOAD_MESSAGE: &str = "download-message";
/// Button action: clear the composer's draft.
pub const ACTION_CLEAR_DRAFT: &str = "clear-draft";
