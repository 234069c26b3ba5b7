//! A composer's buttons and mail link: copy (with the Clipboard API), download as a text
//! file, open in the mail app, clear the draft. Each checks the form first.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::composer;
use stepwise_core::dom;
use web_sys::Element;

use crate::app::Shared;
use crate::composer::errors::{clear_errors, validate};
use crate::composer::{message, set_all};
use crate::composer_drafts::save_drafts;
use crate::page::{self, attr};
use crate::sync::update;

/// What an action says when the form has problems.
const TRY_AGAIN: &str = "Fix the problems shown above, then try again.";

/// Copy, download or clear, for the composer the button belongs to.
pub(crate) fn on_action(shared: &Shared, action: &str, button: &Element) {
    let Ok(Some(wrapper)) = button.closest(dom::SELECTOR_COMPOSER) else {
        return;
    };
    if action == dom::ACTION_CLEAR_DRAFT {
        clear(shared, &wrapper);
        return;
    }
    let document = shared.document.clone();
    if !validate(&document, &wrapper, true) {
        status(&wrapper, TRY_AGAIN);
        return;
    }
    let Some((subject, body)) = shared.app().and_then(|app| message(&app, &wrapper)) else {
        return;
    };
    match action {
        dom::ACTION_COPY_SUBJECT => copy(shared, &wrapper, &subject, "Subject copied."),
        dom::ACTION_COPY_BODY => copy(
            shared,
            &wrapper,
            &body,
            "Message copied. Paste it where you need it.",
        ),
        _ => {
            let name = composer::file_name(&attr(&wrapper, dom::ATTR_COMPOSER), page::today());
            let text = stepwise_core::text::cat(&["Subject: ", &subject, "\n\n", &body, "\n"]);
            page::download(&document, &name, page::TEXT, &text);
            status(&wrapper, "Your message was saved as a text file.");
        }
    }
}

/// Stops a `mailto:` link from opening while required fields are missing.
pub(crate) fn on_mailto(shared: &Shared, link: &Element, event: &web_sys::Event) {
    let Ok(Some(wrapper)) = link.closest(dom::SELECTOR_COMPOSER) else {
        return;
    };
    let document = shared.document.clone();
    if !validate(&document, &wrapper, true) {
        event.prevent_default();
        status(&wrapper, TRY_AGAIN);
    }
}

fn clear(shared: &Shared, wrapper: &Element) {
    let title = page::all_in(wrapper, "legend.composer-title")
        .first()
        .and_then(|l| l.text_content())
        .unwrap_or_default();
    if !page::confirm(
        &shared.window,
        &stepwise_core::text::cat(&[
            "Clear everything you typed in “",
            &title,
            "”? You cannot undo this.",
        ]),
    ) {
        return;
    }
    // Typing not saved yet is saved first, so that `update` below finds nothing pending and
    // puts the emptied draft back into every field.
    save_drafts(shared);
    let id = attr(wrapper, dom::ATTR_COMPOSER);
    update(shared, |state| {
        state.clear_drafts(&id);
    });
    let document = shared.document.clone();
    clear_errors(&document, wrapper);
    status(wrapper, "Draft cleared.");
}

fn status(wrapper: &Element, text: &str) {
    set_all(wrapper, dom::SELECTOR_COMPOSER_STATUS, text);
}

/// Copies `text` with the Clipboard API; [`copied`] reports the outcome.
fn copy(shared: &Shared, wrapper: &Element, text: &str, done: &'static str) {
    let Some(mut app) = shared.app_mut() else {
        return;
    };
    app.drafts.copying = Some((wrapper.clone(), done));
    // `navigator.clipboard` is missing outside secure contexts (plain http on a LAN address).
    let clipboard = Some(shared.window.navigator().clipboard()).filter(|c| !c.is_undefined());
    match (clipboard, &app.callbacks) {
        (Some(clipboard), Some(callbacks)) => {
            let _ = clipboard
                .write_text(text)
                .then2(&callbacks.copied, &callbacks.copy_failed);
        }
        _ => {
            drop(app);
            copied(shared, false);
        }
    }
}

/// The clipboard accepted the text (`ok`) or refused it: then the preview is selected so the
/// reader can copy it with their device's own command.
pub(crate) fn copied(shared: &Shared, ok: bool) {
    let Some((wrapper, done)) = shared
        .app_mut()
        .and_then(|mut app| app.drafts.copying.take())
    else {
        return;
    };
    if ok {
        status(&wrapper, done);
        return;
    }
    let preview = if done.starts_with("Subject") {
        dom::SELECTOR_PREVIEW_SUBJECT
    } else {
        dom::SELECTOR_PREVIEW_BODY
    };
    if let Some(target) = page::all_in(&wrapper, preview).first()
        && let Ok(Some(selection)) = shared.window.get_selection()
    {
        let _ = selection.select_all_children(target);
    }
    status(
        &wrapper,
        "This browser did not let the page copy. The text is selected: copy it with your device's copy command.",
    );
}
