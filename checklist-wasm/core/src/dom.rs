//! The DOM contract: the attribute names the generator writes into pages (through its Rust
//! code and, via the template context, the theme's templates) and the browser module looks
//! for, and the Content-Security-Policy both sides work under. Both sides import these
//! constants; neither spells them out. Selectors are built from the attribute names at compile
//! time, so a renamed attribute renames its selector.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

/// Defines an attribute-name constant and, from the same literal, its CSS selector.
macro_rules! attribute {
    ($(#[$doc:meta])* $name:ident = $value:literal, $(#[$selector_doc:meta])* $selector:ident = $prefix:literal) => {
        $(#[$doc])*
        pub const $name: &str = $value;
        $(#[$selector_doc])*
        pub const $selector: &str = concat!($prefix, "[", $value, "]");
    };
}

/// The policy's directives that a `<meta>` element can carry.
macro_rules! policy {
    () => {
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'none'"
    };
}

/// The Content-Security-Policy every page works under, as a response header (`_headers`, the
/// dev server): no inline scripts or styles, WebAssembly allowed to compile, no framing.
pub const CONTENT_SECURITY_POLICY: &str = concat!(policy!(), "; frame-ancestors 'none'");

/// The same policy for a page's `<meta http-equiv>` element, which browsers only honour
/// without `frame-ancestors` (hosts that ignore `_headers` still get the rest).
pub const CONTENT_SECURITY_POLICY_META: &str = policy!();

/// Set on `<html>` by the browser module once it has started.
pub const ATTR_READY: &str = "data-stepwise-ready";
/// Set on `<html>` by the generator: the site's storage namespace.
pub const ATTR_SITE: &str = "data-stepwise-site";
attribute! {
    /// On the element wrapping one checklist; the value is the checklist's key.
    ATTR_CHECKLIST = "data-checklist",
    /// CSS selector for every checklist wrapper on a page.
    SELECTOR_CHECKLIST = ""
}
/// Set by the browser module on a checklist it has made interactive.
pub const ATTR_ENHANCED: &str = "data-enhanced";
attribute! {
    /// On each checklist checkbox (and each item of a composer's hidden evidence list); the
    /// value is the item's storage key.
    ATTR_ITEM = "data-item",
    /// CSS selector for every checklist checkbox on a page.
    SELECTOR_ITEM = "input[type=checkbox]"
}
/// On a checklist checkbox: space-separated keys whose saved state this item inherits.
pub const ATTR_REPLACES: &str = "data-replaces";

attribute! {
    /// On the element inside a checklist where its progress ("3 of 7 done") is written.
    ATTR_STATUS = "data-checklist-status",
    /// CSS selector for elements with the attribute.
    SELECTOR_STATUS = ""
}
attribute! {
    /// On a button: what it does (one of the `ACTION_*` values).
    ATTR_ACTION = "data-action",
    /// CSS selector for elements with the attribute.
    SELECTOR_ACTION = ""
}
attribute! {
    /// On the container of a checklist's buttons, hidden until the module starts.
    ATTR_ACTIONS = "data-checklist-actions",
    /// CSS selector for elements with the attribute.
    SELECTOR_ACTIONS = ""
}
/// Button action: untick every item of the checklist it belongs to.
pub const ACTION_RESET_LIST: &str = "reset-list";
/// Prefix of a checklist checkbox's element id; the item id follows.
pub const ITEM_ELEMENT_PREFIX: &str = "task-";
/// On `<html>`, set by the page's script when the module failed to start.
pub const ATTR_FAILED: &str = "data-stepwise-failed";
/// On the (empty) live region where the page's script offers a newer version of the guide, once the
/// service worker has installed one (see `progress::UPDATE_AVAILABLE`).
pub const ATTR_UPDATE_NOTICE: &str = "data-stepwise-update";
attribute! {
    /// On the element notices are written into (storage unavailable, data recovered, imports).
    ATTR_NOTICES = "data-stepwise-notices",
    /// CSS selector for elements with the attribute.
    SELECTOR_NOTICES = ""
}
attribute! {
    /// On a link or section: the checklist items it summarises (see [`crate::refs`]).
    ATTR_PROGRESS_ITEMS = "data-progress-items",
    /// CSS selector for elements with the attribute.
    SELECTOR_PROGRESS_ITEMS = ""
}
attribute! {
    /// Inside a sidebar link: where its progress mark goes.
    ATTR_NAV_PROGRESS = "data-nav-progress",
    /// CSS selector for elements with the attribute.
    SELECTOR_NAV_PROGRESS = ""
}
/// The value of [`ATTR_NAV_PROGRESS`] on a mark that says `2 of 6 done` (a step in the
/// step-by-step list) rather than the sidebar's compact `2/6`.
pub const NAV_PROGRESS_LONG: &str = "long";
attribute! {
    /// On a page's "On this page" list: the module marks the link of the heading the reader is
    /// at with `aria-current="true"`.
    ATTR_TOC = "data-toc",
    /// CSS selector for elements with the attribute.
    SELECTOR_TOC = ""
}
/// On a sidebar mark: `done` when every item of the page is ticked, `partial` otherwise.
pub const ATTR_STATE: &str = "data-state";
/// The start page's overall progress block.
pub const ATTR_GUIDE_PROGRESS: &str = "data-guide-progress";
attribute! {
    /// Inside the overall progress block: where the summary sentence goes.
    ATTR_GUIDE_PROGRESS_TEXT = "data-guide-progress-text",
    /// CSS selector for elements with the attribute.
    SELECTOR_GUIDE_PROGRESS_TEXT = ""
}
attribute! {
    /// Inside the overall progress block: a `<progress>` element.
    ATTR_GUIDE_PROGRESS_BAR = "data-guide-progress-bar",
    /// CSS selector for elements with the attribute.
    SELECTOR_GUIDE_PROGRESS_BAR = ""
}
attribute! {
    /// On the container of the progress tools (export, import, reset all), hidden until the
    /// module starts.
    ATTR_GUIDE_ACTIONS = "data-guide-actions",
    /// CSS selector for elements with the attribute.
    SELECTOR_GUIDE_ACTIONS = ""
}
/// On the file input that imports saved progress.
pub const ATTR_IMPORT_INPUT: &str = "data-import-input";
/// Button action: remove every tick and draft of the site from this browser.
pub const ACTION_RESET_ALL: &str = "reset-all";
/// Button action: download saved progress as a file.
pub const ACTION_EXPORT: &str = "export";

attribute! {
    /// On a composer's wrapper; the value is its id (drafts are saved under it).
    ATTR_COMPOSER = "data-composer",
    /// CSS selector for elements with the attribute.
    SELECTOR_COMPOSER = ""
}
attribute! {
    /// On the interactive part of a composer, hidden until the module starts.
    ATTR_COMPOSER_APP = "data-composer-app",
    /// CSS selector for elements with the attribute.
    SELECTOR_COMPOSER_APP = ""
}
attribute! {
    /// On the no-JavaScript version of a composer (the template with blanks), hidden once the
    /// module starts.
    ATTR_COMPOSER_FALLBACK = "data-composer-fallback",
    /// CSS selector for elements with the attribute.
    SELECTOR_COMPOSER_FALLBACK = ""
}
/// On the wrapper: the subject template.
pub const ATTR_SUBJECT_TEMPLATE: &str = "data-subject-template";
/// On the wrapper: the body template.
pub const ATTR_BODY_TEMPLATE: &str = "data-body-template";
/// On the wrapper: the recipient of `mailto:` links, when there is one.
pub const ATTR_RECIPIENT: &str = "data-recipient";
attribute! {
    /// On each field of a composer: the field's name in the templates. It sits on the input
    /// itself, or, for fields made of several inputs (a date's day, month and year boxes, a
    /// choice's radios), on the `fieldset` grouping them.
    ATTR_FIELD = "data-field",
    /// CSS selector for elements with the attribute.
    SELECTOR_FIELD = ""
}
/// On each field: its kind (see `template::FieldKind`).
pub const ATTR_KIND: &str = "data-kind";
/// On each field: its label, used for `[Label]` blanks and error messages.
pub const ATTR_LABEL: &str = "data-label";
/// On each required field (`true`). Single inputs also carry `aria-required`, which a
/// `fieldset` cannot.
pub const ATTR_REQUIRED: &str = "data-required";
/// On a required field with the author's own message for leaving it empty: that message.
pub const ATTR_ERROR_MESSAGE: &str = "data-error";
attribute! {
    /// On an amount's currency select: the amount field's name.
    ATTR_CURRENCY_FOR = "data-currency-for",
    /// CSS selector for elements with the attribute.
    SELECTOR_CURRENCY_FOR = ""
}
/// On a field's error message element: the field's name.
pub const ATTR_FIELD_ERROR: &str = "data-field-error";
attribute! {
    /// Where the rendered subject is shown.
    ATTR_PREVIEW_SUBJECT = "data-preview-subject",
    /// CSS selector for elements with the attribute.
    SELECTOR_PREVIEW_SUBJECT = ""
}
attribute! {
    /// Where the rendered body is shown.
    ATTR_PREVIEW_BODY = "data-preview-body",
    /// CSS selector for elements with the attribute.
    SELECTOR_PREVIEW_BODY = ""
}
attribute! {
    /// A composer's status line (copied, problems to fix).
    ATTR_COMPOSER_STATUS = "data-composer-status",
    /// CSS selector for elements with the attribute.
    SELECTOR_COMPOSER_STATUS = ""
}
attribute! {
    /// On the error summary of a composer.
    ATTR_ERROR_SUMMARY = "data-error-summary",
    /// CSS selector for elements with the attribute.
    SELECTOR_ERROR_SUMMARY = ""
}
attribute! {
    /// On a hidden list of a checklist's items that a composer's template refers to; the value
    /// is the reference as written in the template.
    ATTR_TICKED_SOURCE = "data-ticked-source",
    /// CSS selector for elements with the attribute.
    SELECTOR_TICKED_SOURCE = ""
}
attribute! {
    /// On the `mailto:` link of a composer.
    ATTR_MAILTO = "data-mailto",
    /// CSS selector for elements with the attribute.
    SELECTOR_MAILTO = ""
}
attribute! {
    /// Where a composer says why it offers no `mailto:` link for a long message.
    ATTR_MAILTO_NOTE = "data-mailto-note",
    /// CSS selector for elements with the attribute.
    SELECTOR_MAILTO_NOTE = ""
}
/// Button action: copy the subject.
pub const ACTION_COPY_SUBJECT: &str = "copy-subject";
/// Button action: copy the body.
pub const ACTION_COPY_BODY: &str = "copy-body";
/// Button action: download the message as a text file.
pub const ACTION_DOWNLOAD_MESSAGE: &str = "download-message";
/// Button action: clear the composer's draft.
pub const ACTION_CLEAR_DRAFT: &str = "clear-draft";

attribute! {
    /// On the element wrapping a deadlines block; the value is the block's id.
    ATTR_DEADLINES = "data-deadlines",
    /// CSS selector for every deadlines block on a page.
    SELECTOR_DEADLINES = ""
}
attribute! {
    /// On the parts of a deadlines block that need the module (date entry, computed dates),
    /// hidden until it starts.
    ATTR_DEADLINES_APP = "data-deadlines-app",
    /// CSS selector for elements with the attribute.
    SELECTOR_DEADLINES_APP = ""
}
attribute! {
    /// On one deadline; the value is its site-unique id.
    ATTR_DEADLINE = "data-deadline",
    /// CSS selector for every deadline on a page.
    SELECTOR_DEADLINE = ""
}
/// On a deadline (or a composer's copy of a rule): the name of the reader's date it counts from.
pub const ATTR_DEADLINE_FROM: &str = "data-deadline-from";
/// On a deadline: how long after that date it falls, as a period code (`60d`).
pub const ATTR_DEADLINE_AFTER: &str = "data-deadline-after";
/// On a deadline: its calendar event, built at build time without its dates
/// (`stepwise_core::ics::event_template`).
pub const ATTR_DEADLINE_ICS: &str = "data-deadline-ics";
/// On a deadline that applies only after a reader's choice: the choice's name.
pub const ATTR_DEADLINE_WHEN: &str = "data-deadline-when";
/// On a deadline with [`ATTR_DEADLINE_WHEN`]: the option that makes it apply.
pub const ATTR_DEADLINE_EQUALS: &str = "data-deadline-equals";
/// Set by the module on a deadline: how urgent it is (`today`, `soon`, `later`, `passed`),
/// for styling; the words say it too.
pub const ATTR_URGENCY: &str = "data-urgency";
attribute! {
    /// Inside a deadline: its title (what to do by then).
    ATTR_DEADLINE_TITLE = "data-deadline-title",
    /// CSS selector for elements with the attribute.
    SELECTOR_DEADLINE_TITLE = ""
}
attribute! {
    /// Inside a deadline: its rule in words (`60 days after the date you paid`).
    ATTR_DEADLINE_RULE = "data-deadline-rule",
    /// CSS selector for elements with the attribute.
    SELECTOR_DEADLINE_RULE = ""
}
attribute! {
    /// Inside a deadline: where the module writes its date and the days left.
    ATTR_DEADLINE_STATUS = "data-deadline-status",
    /// CSS selector for elements with the attribute.
    SELECTOR_DEADLINE_STATUS = ""
}
attribute! {
    /// On a group of inputs for a date the reader knows (day, month, year); the value is the
    /// date's name, shared by the whole guide.
    ATTR_READER_DATE = "data-reader-date",
    /// CSS selector for elements with the attribute.
    SELECTOR_READER_DATE = ""
}
attribute! {
    /// On a group of radios for a reader's choice that deadlines depend on; the value is the
    /// choice's name, shared by the whole guide.
    ATTR_READER_CHOICE = "data-reader-choice",
    /// CSS selector for elements with the attribute.
    SELECTOR_READER_CHOICE = ""
}
/// On each of the three inputs of a date (a reader date in a deadlines block, a composer's
/// date field): which part it holds (`day`, `month`, `year`: `date_entry::PARTS`).
pub const ATTR_DATE_PART: &str = "data-date-part";
attribute! {
    /// On a composer: the deadline rules its templates refer to, as
    /// `id=from+code[?choice=option]` entries separated by newlines.
    ATTR_COMPOSER_DEADLINES = "data-composer-deadlines",
    /// CSS selector for elements with the attribute.
    SELECTOR_COMPOSER_DEADLINES = ""
}
attribute! {
    /// In a deadlines block: the polite live region that says which deadline comes next.
    ATTR_DEADLINES_SUMMARY = "data-deadlines-summary",
    /// CSS selector for elements with the attribute.
    SELECTOR_DEADLINES_SUMMARY = ""
}
/// Button action: download a calendar file with one deadline (the button sits inside it).
pub const ACTION_CALENDAR_ONE: &str = "calendar-one";
/// Button action: download a calendar file with every deadline of the block.
pub const ACTION_CALENDAR_ALL: &str = "calendar-all";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_are_built_from_the_attribute_names() {
        assert_eq!(SELECTOR_CHECKLIST, "[data-checklist]");
        assert_eq!(SELECTOR_ITEM, "input[type=checkbox][data-item]");
    }

    #[test]
    fn the_policy_is_pinned() {
        assert_eq!(
            CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'none'; \
             frame-ancestors 'none'"
        );
        assert!(CONTENT_SECURITY_POLICY.starts_with(CONTENT_SECURITY_POLICY_META));
        assert!(!CONTENT_SECURITY_POLICY_META.contains("frame-ancestors"));
    }
}
