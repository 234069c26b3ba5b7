//! The Stepwise browser module, loaded by every page as an ES module.
//!
//! It is glue only: it finds the markup the generator wrote (by the names in
//! [`stepwise_core::dom`]), keeps the reader's ticks in `localStorage` through [`store`], and
//! delegates every rule (storage format, replacements, wording) to `stepwise-core`.
//!
//! It makes no network request: everything it needs is in the page.

mod checklists;
mod notices;
mod page;
mod store;
mod transfer;

use std::cell::RefCell;
use std::rc::Rc;

use stepwise_core::dom;
use stepwise_core::refs::{self, ItemRef};
use stepwise_core::storage::State;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Event, HtmlInputElement};

use store::{Loaded, Store};

/// Everything the module keeps for the page's lifetime.
pub(crate) struct App {
    document: Document,
    store: Store,
    state: State,
    /// Every item the page mentions (its checklists, sidebar and overall progress), with the
    /// older keys each replaces.
    refs: Vec<ItemRef>,
    /// Whether the "could not save" notice was shown already.
    warned_save: bool,
}

pub(crate) type Shared = Rc<RefCell<App>>;

/// Entry point, called by the page's loader once the module is instantiated.
#[wasm_bindgen]
pub fn start() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let root = document.document_element().ok_or("no root element")?;
    let site = root
        .get_attribute(dom::ATTR_SITE)
        .unwrap_or_else(|| "site".to_owned());

    let store = Store::open(&site);
    let mut state = State::default();
    if !store.is_available() {
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
            notices::recovered(&document, &error.to_string(), backup_key)
        }
    }

    let refs = page_refs(&document);
    let app = App {
        document: document.clone(),
        store,
        state,
        refs,
        warned_save: false,
    };
    let shared: Shared = Rc::new(RefCell::new(app));
    {
        let mut app = shared.borrow_mut();
        let App {
            state, refs, store, ..
        } = &mut *app;
        if state.apply_replacements(refs.iter()) {
            store.save(state);
        }
        checklists::render(&app);
    }
    for container in page::all(&document, &page::with(dom::ATTR_ACTIONS))
        .into_iter()
        .chain(page::all(&document, &page::with(dom::ATTR_GUIDE_ACTIONS)))
    {
        page::set_hidden(&container, false);
    }
    for list in page::all(&document, dom::SELECTOR_CHECKLIST) {
        list.set_attribute(dom::ATTR_ENHANCED, "")?;
    }

    listen(&document, "change", &shared, on_change)?;
    listen(&document, "click", &shared, on_click)?;
    let for_storage = shared.clone();
    let on_storage =
        Closure::<dyn FnMut(web_sys::StorageEvent)>::new(move |event: web_sys::StorageEvent| {
            let mut app = for_storage.borrow_mut();
            let ours = event.key().is_none_or(|key| key == app.store.key());
            if ours {
                app.state = app.store.read().unwrap_or_default();
                checklists::render(&app);
            }
        });
    window.add_event_listener_with_callback("storage", on_storage.as_ref().unchecked_ref())?;
    // The listener lives as long as the page.
    on_storage.forget();

    root.set_attribute(dom::ATTR_READY, "")?;
    Ok(())
}

/// Every item key the page mentions: checkboxes, sidebar links, the overall progress block.
fn page_refs(document: &Document) -> Vec<ItemRef> {
    let mut all = Vec::new();
    for input in page::all(document, dom::SELECTOR_ITEM) {
        if let Some(key) = input.get_attribute(dom::ATTR_ITEM) {
            let replaces = input.get_attribute(dom::ATTR_REPLACES).unwrap_or_default();
            all.push(ItemRef {
                key,
                replaces: replaces.split_whitespace().map(str::to_owned).collect(),
            });
        }
    }
    for element in page::all(document, &page::with(dom::ATTR_PROGRESS_ITEMS)) {
        all.extend(refs::decode(
            &element
                .get_attribute(dom::ATTR_PROGRESS_ITEMS)
                .unwrap_or_default(),
        ));
    }
    all
}

/// Adds a document-wide listener that lives as long as the page.
fn listen(
    document: &Document,
    kind: &str,
    shared: &Shared,
    handler: fn(&Shared, Event),
) -> Result<(), JsValue> {
    let shared = shared.clone();
    let closure = Closure::<dyn FnMut(Event)>::new(move |event: Event| handler(&shared, event));
    document.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
    closure.forget();
    Ok(())
}

fn on_change(shared: &Shared, event: Event) {
    let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    if let Some(key) = input.get_attribute(dom::ATTR_ITEM) {
        let ticked = input.checked();
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

fn on_click(shared: &Shared, event: Event) {
    let Some(target) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(Some(button)) = target.closest(&page::with(dom::ATTR_ACTION)) else {
        return;
    };
    match button.get_attribute(dom::ATTR_ACTION).as_deref() {
        Some(dom::ACTION_RESET_LIST) => checklists::reset_list(shared, &button),
        Some(dom::ACTION_RESET_ALL) => checklists::reset_all(shared),
        Some(dom::ACTION_EXPORT) => transfer::export(shared),
        Some(notices::ACTION_DOWNLOAD_BACKUP) => notices::download_backup(shared, &button),
        _ => {}
    }
}

/// Applies a change to the saved state: starts from what is saved now (another tab may have
/// changed it), applies `change`, saves, and redraws.
pub(crate) fn update(shared: &Shared, change: impl FnOnce(&mut State)) {
    let mut app = shared.borrow_mut();
    if let Some(fresh) = app.store.read() {
        app.state = fresh;
    }
    change(&mut app.state);
    let saved = app.store.save(&app.state);
    if !saved && app.store.is_available() && !app.warned_save {
        app.warned_save = true;
        notices::show(&app.document, stepwise_core::progress::SAVE_FAILED, None);
    }
    checklists::render(&app);
}
