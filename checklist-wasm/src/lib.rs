//! The Stepwise browser module, loaded by every page as an ES module.
//!
//! It is glue only: it finds the markup the generator wrote (by the names in
//! [`stepwise_core::dom`]), keeps the reader's ticks and drafts in `localStorage` through
//! [`store`], and delegates every rule (storage format, replacements, templates, wording) to
//! `stepwise-core`.
//!
//! It makes no network request: everything it needs is in the page.
//!
//! Each module imports only modules listed before it: [`page`] (browser helpers),
//! `date_input` (GOV.UK's day, month and year boxes as one value) and [`store`]; [`app`] (the
//! state every callback shares); [`checklists`], `composer` (its previews), `deadlines` (computed dates) and [`notices`], which draw the state; [`contents`],
//! which marks where the reader is in "On this page"; [`sync`], which saves the reader's
//! changes, reads back changes made elsewhere and redraws; [`resets`], [`transfer`],
//! [`composer_drafts`], [`composer_actions`] and `deadline_actions`, which handle what the
//! reader does; this file starts the module and routes the page's events.
//!
//! Optional parts are cargo features, compiled only into the variant of the module loaded by
//! pages that use them: `composer` (the composer, [`composer_drafts`], [`composer_actions`] and
//! `date_input`) and `deadlines` ([`deadlines`]: the reader's dates, computed deadlines, calendar files).
//! Without them the module is the base variant: checklists, storage, sync, resets, export and
//! import, notices. Each part hooks in at the same few places, each marked
//! `#[cfg(feature = ...)]`: its modules below, its callbacks and state in [`app`], [`start`],
//! the event routing in this file, [`sync::redraw`] and [`resets::reset_all`].
//!
//! Written for size (the base variant with its JS glue must stay under 30 KB gzipped, every
//! variant under 45 KB): it is
//! `no_std`, so the standard library's panic and formatting machinery stays out (a panic stops
//! the module with `unreachable`; the page keeps working as plain HTML); every callback has
//! one closure type; text is built without `format!`.

#![no_std]

extern crate alloc;

/// What every module needs from `alloc`.
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::string::String;
    pub(crate) use alloc::vec::Vec;
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

mod app;
mod checklists;
#[cfg(feature = "composer")]
mod composer;
#[cfg(feature = "composer")]
mod composer_actions;
#[cfg(feature = "composer")]
mod composer_drafts;
mod contents;
#[cfg(any(feature = "composer", feature = "deadlines"))]
mod date_input;
#[cfg(feature = "deadlines")]
mod deadline_actions;
#[cfg(feature = "deadlines")]
mod deadlines;
mod notices;
mod page;
mod resets;
mod store;
mod sync;
mod transfer;

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use stepwise_core::dom;
use stepwise_core::storage::State;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, Window};

use app::{App, Callback, Callbacks, Context, Shared};
use store::Store;

// Called by the page's script once the module is instantiated, with the page's `window`
// (passing it in spares the module the code that looks it up). Fails, before reading or
// writing any storage, when `<html>` names no storage namespace (`data-stepwise-site` missing
// or empty); the page's script then marks the page as failed. (Doc comments of exported functions
// are copied into the JS glue, so this one stays short.)
/// Starts the module on the page.
#[wasm_bindgen]
pub fn start(window: Window) -> Result<(), JsValue> {
    let document = window.document().ok_or("no document")?;
    let root = document.document_element().ok_or("no root element")?;
    // Without its own namespace a guide would share readers' ticks with every other such
    // guide on the origin: the module then touches no storage and leaves the page as it is.
    let site = root
        .get_attribute(dom::ATTR_SITE)
        .filter(|site| !site.is_empty())
        .ok_or("no data-stepwise-site")?;

    let store = Store::open(&window, &site);
    let store_available = store.is_available();
    let mut state = State::default();
    // False while the saved entry is damaged and could not be backed up: it is then left as
    // it is (and the reader was told so).
    let mut may_save = true;
    if !store_available {
        notices::show(
            &document,
            stepwise_core::progress::STORAGE_UNAVAILABLE,
            None,
        );
    }
    if let Some(saved) = store.load(page::now()) {
        if !saved.is_whole() {
            may_save = saved.backup_key.is_some();
            notices::recovered(&document, &saved);
        }
        if let Ok(kept) = saved.read {
            state = kept.state;
        }
    }
    let items = page_items(&document);
    let shared = Context::new(
        window.clone(),
        App {
            document: document.clone(),
            store,
            state,
            items,
            contents: contents::targets(&document),
            warned_save: !may_save,
            saved: store_available,
            #[cfg(feature = "composer")]
            drafts: app::Drafts::default(),
            callbacks: None,
        },
    );
    let callbacks = Callbacks {
        file_loaded: callback(&shared, transfer::on_loaded),
        heading_crossed: callback(&shared, contents::mark),
        #[cfg(feature = "composer")]
        save_drafts: callback(&shared, |shared, _| composer_drafts::save_drafts(shared)),
        #[cfg(feature = "composer")]
        copied: callback(&shared, |shared, _| composer_actions::copied(shared, true)),
        #[cfg(feature = "composer")]
        copy_failed: callback(&shared, |shared, _| composer_actions::copied(shared, false)),
    };
    if let Some(mut app) = shared.app_mut() {
        app.callbacks = Some(callbacks);
        let App {
            state,
            items,
            store,
            ..
        } = &mut *app;
        // Renamed items show their old ticks either way; they are saved only where allowed.
        if state.apply_replacements(
            items
                .iter()
                .map(|(key, replaces)| (key.as_str(), replaces.as_slice())),
        ) && may_save
        {
            store.save(state);
        }
        checklists::render(&app);
        if let Some(callbacks) = &app.callbacks {
            contents::watch(&app.contents, &callbacks.heading_crossed);
        }
    }
    for selector in [dom::SELECTOR_ACTIONS, dom::SELECTOR_GUIDE_ACTIONS] {
        for container in page::all(&document, selector) {
            page::set_hidden(&container, false);
        }
    }
    for list in page::all(&document, dom::SELECTOR_CHECKLIST) {
        list.set_attribute(dom::ATTR_ENHANCED, "")?;
    }

    listen(document.as_ref(), "change", &shared, on_change)?;
    #[cfg(any(feature = "composer", feature = "deadlines"))]
    listen(document.as_ref(), "input", &shared, on_input)?;
    listen(document.as_ref(), "click", &shared, on_click)?;
    listen(window.as_ref(), "storage", &shared, sync::on_outside_change)?;
    // A page restored from the back/forward cache may have missed changes made meanwhile.
    listen(
        window.as_ref(),
        "pageshow",
        &shared,
        sync::on_outside_change,
    )?;
    // Keep the last keystrokes when the reader leaves before the debounced save ran (saves
    // nothing when nothing is pending).
    #[cfg(feature = "composer")]
    listen(window.as_ref(), "pagehide", &shared, |shared, _| {
        composer_drafts::save_drafts(shared)
    })?;

    // Composers and deadlines start in a task of their own, so that no single task keeps a
    // slow phone's main thread long enough to delay the reader's first tap (their parts stay
    // hidden until then, so nothing can be typed into them before).
    #[cfg(any(feature = "composer", feature = "deadlines"))]
    {
        // The same kind of callback as the listeners' (no new closure type in the module).
        let start_rest = callback(&shared, |shared, _| start_blocks(shared));
        window.set_timeout_with_callback_and_timeout_and_arguments_0(
            start_rest.as_ref().unchecked_ref(),
            0,
        )?;
        start_rest.forget();
    }
    #[cfg(not(any(feature = "composer", feature = "deadlines")))]
    root.set_attribute(dom::ATTR_READY, "")?;
    Ok(())
}

/// The second part of [`start`]: fills and shows the composers and deadlines, then marks the
/// page ready.
#[cfg(any(feature = "composer", feature = "deadlines"))]
fn start_blocks(shared: &Shared) {
    if let Some(app) = shared.app_mut() {
        #[cfg(feature = "composer")]
        composer::start(&app);
        // After the composers: a composer's date field that is a reader's date shows the
        // reader's value, and its preview follows.
        #[cfg(feature = "deadlines")]
        {
            deadlines::start(&app);
            deadlines::fill(&app);
            deadlines::render(&app);
            #[cfg(feature = "composer")]
            composer::render_all(&app);
        }
        if let Some(root) = app.document.document_element() {
            let _ = root.set_attribute(dom::ATTR_READY, "");
        }
    }
}

/// A callback that runs `handler` with the shared state.
fn callback(shared: &Shared, handler: fn(&Shared, JsValue)) -> Callback {
    let shared = shared.clone();
    Closure::new(move |value: JsValue| handler(&shared, value))
}

/// Adds a listener that lives as long as the page.
fn listen(
    target: &web_sys::EventTarget,
    kind: &str,
    shared: &Shared,
    handler: fn(&Shared, JsValue),
) -> Result<(), JsValue> {
    let closure = callback(shared, handler);
    target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
    closure.forget();
    Ok(())
}

/// Every checklist item on the page, with the older keys it replaces.
fn page_items(document: &Document) -> Vec<(String, Vec<String>)> {
    page::all(document, dom::SELECTOR_ITEM)
        .iter()
        .map(|input| {
            let replaces = page::attr(input, dom::ATTR_REPLACES);
            (
                page::attr(input, dom::ATTR_ITEM),
                replaces
                    .split(' ')
                    .filter(|key| !key.is_empty())
                    .map(ToOwned::to_owned)
                    .collect(),
            )
        })
        .collect()
}

/// The element an event happened on, if it is an element.
fn target(event: &JsValue) -> Option<Element> {
    event
        .unchecked_ref::<Event>()
        .target()?
        .dyn_into::<Element>()
        .ok()
}

fn on_change(shared: &Shared, event: JsValue) {
    let Some(input) = target(&event) else { return };
    if input.has_attribute(dom::ATTR_ITEM) {
        let key = page::attr(&input, dom::ATTR_ITEM);
        let ticked = page::control(&input).checked();
        sync::update(shared, |state| {
            if ticked {
                state.tick(&key, page::now());
            } else {
                state.untick(&key);
            }
        });
    } else if input.has_attribute(dom::ATTR_IMPORT_INPUT) {
        transfer::import(shared, &input);
    }
    #[cfg(feature = "deadlines")]
    if input.has_attribute(dom::ATTR_DATE_PART) {
        deadline_actions::on_date_change(shared, &input);
    } else if matches!(input.closest(dom::SELECTOR_READER_CHOICE), Ok(Some(_))) {
        deadline_actions::on_choice(shared, &input);
    }
}

#[cfg(any(feature = "composer", feature = "deadlines"))]
fn on_input(shared: &Shared, event: JsValue) {
    let Some(input) = target(&event) else { return };
    #[cfg(feature = "deadlines")]
    if input.has_attribute(dom::ATTR_DATE_PART) {
        deadline_actions::on_date_input(shared, &input);
    }
    #[cfg(feature = "composer")]
    if composer::field_of(&input).is_some() {
        composer_drafts::on_input(shared, &input);
    }
}

fn on_click(shared: &Shared, event: JsValue) {
    let Some(target) = target(&event) else { return };
    #[cfg(feature = "composer")]
    if let Ok(Some(link)) = target.closest(dom::SELECTOR_MAILTO) {
        composer_actions::on_mailto(shared, &link, event.unchecked_ref());
        return;
    }
    let Ok(Some(button)) = target.closest(dom::SELECTOR_ACTION) else {
        return;
    };
    let action = page::attr(&button, dom::ATTR_ACTION);
    match action.as_str() {
        dom::ACTION_RESET_LIST => resets::reset_list(shared, &button),
        dom::ACTION_RESET_ALL => resets::reset_all(shared),
        dom::ACTION_EXPORT => transfer::export(shared),
        notices::ACTION_DOWNLOAD_BACKUP => notices::download_backup(shared, &button),
        #[cfg(feature = "deadlines")]
        dom::ACTION_CALENDAR_ONE | dom::ACTION_CALENDAR_ALL => {
            deadline_actions::calendar(shared, &button, action == dom::ACTION_CALENDAR_ALL);
        }
        #[cfg(feature = "composer")]
        dom::ACTION_COPY_SUBJECT
        | dom::ACTION_COPY_BODY
        | dom::ACTION_DOWNLOAD_MESSAGE
        | dom::ACTION_CLEAR_DRAFT => {
            composer_actions::on_action(shared, &action, &button);
        }
        _ => {}
    }
}
