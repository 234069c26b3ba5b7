//! The Stepwise browser module, loaded by every page as an ES module.
//!
//! It is glue only: it finds the markup the generator wrote (by the names in
//! [`stepwise_core::dom`]), keeps the reader's ticks and drafts in `localStorage` through
//! [`store`], and delegates every rule (storage format, replacements, templates, wording) to
//! `stepwise-core`.
//!
//! It makes no network request: everything it needs is in the page.
//!
//! Written for size (the module and its JS glue must stay under 40 KB gzipped): it is
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

mod checklists;
mod composer;
mod notices;
mod page;
mod store;
mod transfer;

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use alloc::rc::Rc;
use core::cell::RefCell;

use stepwise_core::dom;
use stepwise_core::storage::State;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, Window};

use store::{Loaded, Saved, Store};

/// A callback the browser calls; one type for all, so the glue carries one set of shims.
pub(crate) type Callback = Closure<dyn FnMut(JsValue)>;

/// Callbacks created once and reused for the page's lifetime.
pub(crate) struct Callbacks {
    /// Saves composer drafts (debounced with `setTimeout`).
    pub(crate) save_drafts: Callback,
    /// An import file has been read.
    pub(crate) file_loaded: Callback,
    /// The clipboard accepted the text.
    pub(crate) copied: Callback,
    /// The clipboard refused the text.
    pub(crate) copy_failed: Callback,
}

/// Everything the module keeps for the page's lifetime.
pub(crate) struct App {
    document: Document,
    store: Store,
    state: State,
    /// Every checklist item on the page, with the older keys each replaces.
    items: Vec<(String, Vec<String>)>,
    /// Whether a "could not save" notice was shown already (shown once per visit).
    warned_save: bool,
    /// Whether the entry holds `state` as this page last saved it, so that finding it empty
    /// means it was removed outside the page (then nothing is ticked). `false` while storage
    /// is unavailable or refuses writes: `state` is then all there is, kept for the visit.
    saved: bool,
    /// The pending debounced draft save, if any.
    save_timer: Option<i32>,
    /// Controls typed in since the last draft save: `(control, composer id, draft key)`.
    pending_drafts: Vec<(Element, String, String)>,
    /// The composer whose text is being copied, and what to say when it is.
    copying: Option<(Element, &'static str)>,
    /// Reused callbacks (set right after start).
    callbacks: Option<Callbacks>,
}

impl App {
    /// Cancels the pending debounced draft save, if any.
    pub(crate) fn cancel_save(&mut self, window: &Window) {
        if let Some(timer) = self.save_timer.take() {
            window.clear_timeout_with_handle(timer);
        }
    }

    /// Whether the reader typed in `control` since the last draft save.
    pub(crate) fn is_pending(&self, control: &Element) -> bool {
        self.pending_drafts
            .iter()
            .any(|pending| pending.0 == *control)
    }
}

/// The app and the page, shared by every callback.
pub(crate) struct Context {
    /// The browser window the page is in.
    pub(crate) window: Window,
    /// The page (also reachable without borrowing the app).
    pub(crate) document: Document,
    app: RefCell<App>,
}

impl Context {
    /// The app, unless a callback is using it right now. Callbacks never run inside one
    /// another, so in practice this always succeeds; `try_borrow` keeps the panic path (and
    /// the formatting code it would bring) out of the module.
    pub(crate) fn app(&self) -> Option<core::cell::Ref<'_, App>> {
        self.app.try_borrow().ok()
    }

    /// The app, mutably; see [`Context::app`].
    pub(crate) fn app_mut(&self) -> Option<core::cell::RefMut<'_, App>> {
        self.app.try_borrow_mut().ok()
    }
}

pub(crate) type Shared = Rc<Context>;

// Called by the page's loader once the module is instantiated, with the page's `window`
// (passing it in spares the module the code that looks it up). Fails, before reading or
// writing any storage, when `<html>` names no storage namespace (`data-stepwise-site` missing
// or empty); the loader then marks the page as failed. (Doc comments of exported functions
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
    let mut warned_save = false;
    if !store_available {
        notices::show(
            &document,
            stepwise_core::progress::STORAGE_UNAVAILABLE,
            None,
        );
    }
    match store.load(page::now()) {
        Loaded::Empty => {}
        Loaded::State(saved) => state = saved,
        Loaded::Recovered { error, backup_key } => {
            warned_save = backup_key.is_none();
            notices::recovered(&document, &error.reason(), backup_key)
        }
    }
    let items = page_items(&document);
    let shared: Shared = Rc::new(Context {
        window: window.clone(),
        document: document.clone(),
        app: RefCell::new(App {
            document: document.clone(),
            store,
            state,
            items,
            warned_save,
            saved: store_available,
            save_timer: None,
            pending_drafts: Vec::new(),
            copying: None,
            callbacks: None,
        }),
    });
    let callbacks = Callbacks {
        save_drafts: callback(&shared, |shared, _| composer::drafts::save_drafts(shared)),
        file_loaded: callback(&shared, transfer::on_loaded),
        copied: callback(&shared, |shared, _| composer::actions::copied(shared, true)),
        copy_failed: callback(&shared, |shared, _| {
            composer::actions::copied(shared, false)
        }),
    };
    if let Some(mut app) = shared.app_mut() {
        app.callbacks = Some(callbacks);
        let App {
            state,
            items,
            store,
            ..
        } = &mut *app;
        if state.apply_replacements(
            items
                .iter()
                .map(|(key, replaces)| (key.as_str(), replaces.as_slice())),
        ) {
            store.save(state);
        }
        checklists::render(&app);
        composer::start(&app);
    }
    for selector in [
        page::with(dom::ATTR_ACTIONS),
        page::with(dom::ATTR_GUIDE_ACTIONS),
    ] {
        for container in page::all(&document, &selector) {
            page::set_hidden(&container, false);
        }
    }
    for list in page::all(&document, dom::SELECTOR_CHECKLIST) {
        list.set_attribute(dom::ATTR_ENHANCED, "")?;
    }

    listen(document.as_ref(), "change", &shared, on_change)?;
    listen(document.as_ref(), "input", &shared, on_input)?;
    listen(document.as_ref(), "click", &shared, on_click)?;
    listen(window.as_ref(), "storage", &shared, on_outside_change)?;
    // A page restored from the back/forward cache may have missed changes made meanwhile.
    listen(window.as_ref(), "pageshow", &shared, on_outside_change)?;
    // Keep the last keystrokes when the reader leaves before the debounced save ran (saves
    // nothing when nothing is pending).
    listen(window.as_ref(), "pagehide", &shared, |shared, _| {
        composer::drafts::save_drafts(shared)
    })?;

    root.set_attribute(dom::ATTR_READY, "")?;
    Ok(())
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
        update(shared, |state| {
            if ticked {
                state.tick(&key, page::now());
            } else {
                state.untick(&key);
            }
        });
    } else if input.has_attribute(dom::ATTR_IMPORT_INPUT) {
        transfer::import(shared, &input);
    }
}

fn on_input(shared: &Shared, event: JsValue) {
    let Some(input) = target(&event) else { return };
    if input.has_attribute(dom::ATTR_FIELD) || input.has_attribute(dom::ATTR_CURRENCY_FOR) {
        composer::drafts::on_input(shared, &input);
    }
}

fn on_click(shared: &Shared, event: JsValue) {
    let Some(target) = target(&event) else { return };
    if let Ok(Some(link)) = target.closest(&page::with(dom::ATTR_MAILTO)) {
        composer::actions::on_mailto(shared, &link, event.unchecked_ref());
        return;
    }
    let Ok(Some(button)) = target.closest(&page::with(dom::ATTR_ACTION)) else {
        return;
    };
    let action = page::attr(&button, dom::ATTR_ACTION);
    match action.as_str() {
        dom::ACTION_RESET_LIST => checklists::reset_list(shared, &button),
        dom::ACTION_RESET_ALL => checklists::reset_all(shared),
        dom::ACTION_EXPORT => transfer::export(shared),
        notices::ACTION_DOWNLOAD_BACKUP => notices::download_backup(shared, &button),
        dom::ACTION_COPY_SUBJECT
        | dom::ACTION_COPY_BODY
        | dom::ACTION_DOWNLOAD_MESSAGE
        | dom::ACTION_CLEAR_DRAFT => {
            composer::actions::on_action(shared, &action, &button);
        }
        _ => {}
    }
}

/// Another tab changed the saved state (a `storage` event), or the page was shown (a
/// `pageshow` event, also when restored from the back/forward cache): redraws from what is
/// saved now. A `pageshow` event has no `key`, so it always rereads; on a first visit it finds
/// what `start` has just read.
fn on_outside_change(shared: &Shared, event: JsValue) {
    let Some(mut app) = shared.app_mut() else {
        return;
    };
    let key = event.unchecked_ref::<web_sys::StorageEvent>().key();
    if key.is_none_or(|key| key == app.store.key()) {
        match app.store.read() {
            Saved::State(state) => app.state = state,
            Saved::Empty => forget_if_removed(&mut app),
            // Never overwritten from here; the next change backs it up first.
            Saved::Unreadable(..) => return,
        }
        redraw(&app);
    }
}

/// The entry is empty: if it held what this page saved, it was removed outside the page
/// (another tab's reset, the browser's settings), so nothing is ticked any more. Without
/// working storage nothing was saved, and the visit's ticks stay.
fn forget_if_removed(app: &mut App) {
    if app.saved {
        app.state = State::default();
    }
}

/// Applies a change to the saved state: starts from what is saved now (another tab may have
/// changed it), applies `change`, saves, and redraws.
///
/// Saved data that cannot be read (another tab with a newer version, another tool) is backed
/// up before it is replaced; if the backup fails, nothing is saved.
pub(crate) fn update(shared: &Shared, change: impl FnOnce(&mut State)) {
    let Some(mut app) = shared.app_mut() else {
        return;
    };
    let may_save = refresh(&mut app);
    change(&mut app.state);
    commit(&mut app, may_save);
}

/// Loads what is saved now into `app.state`; returns whether it may be overwritten. Kept out
/// of the generic [`update`] so the module carries it once.
#[inline(never)]
fn refresh(app: &mut App) -> bool {
    match app.store.load(page::now()) {
        Loaded::State(fresh) => app.state = fresh,
        Loaded::Empty => forget_if_removed(app),
        Loaded::Recovered { error, backup_key } => {
            let backed_up = backup_key.is_some();
            if backed_up || !app.warned_save {
                app.warned_save |= !backed_up;
                notices::recovered(&app.document, &error.reason(), backup_key);
            }
            return backed_up;
        }
    }
    true
}

/// Saves `app.state` (if allowed) and redraws the page from it.
#[inline(never)]
fn commit(app: &mut App, may_save: bool) {
    let saved = may_save && app.store.save(&app.state);
    app.saved = saved;
    if !saved && may_save && app.store.is_available() && !app.warned_save {
        app.warned_save = true;
        notices::show(&app.document, stepwise_core::progress::SAVE_FAILED, None);
    }
    redraw(app);
}

/// Draws `app.state` into the page: composer forms, checklists and progress, previews.
pub(crate) fn redraw(app: &App) {
    composer::fill(app);
    checklists::render(app);
    composer::render_all(app);
}
