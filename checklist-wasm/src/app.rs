//! What the module keeps for the page's lifetime: the app state, shared by every callback,
//! and the callbacks created once.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use alloc::rc::Rc;
use core::cell::RefCell;

use stepwise_core::storage::State;
use wasm_bindgen::prelude::*;
#[cfg(feature = "composer")]
use web_sys::Element;
use web_sys::{Document, Window};

use crate::store::Store;

/// A callback the browser calls; one type for all, so the glue carries one set of shims.
pub(crate) type Callback = Closure<dyn FnMut(JsValue)>;

/// Callbacks created once and reused for the page's lifetime.
pub(crate) struct Callbacks {
    /// An import file has been read.
    pub(crate) file_loaded: Callback,
    /// A heading crossed the line "On this page" marks by.
    pub(crate) heading_crossed: Callback,
    /// Saves composer drafts (debounced with `setTimeout`).
    #[cfg(feature = "composer")]
    pub(crate) save_drafts: Callback,
    /// The clipboard accepted the text.
    #[cfg(feature = "composer")]
    pub(crate) copied: Callback,
    /// The clipboard refused the text.
    #[cfg(feature = "composer")]
    pub(crate) copy_failed: Callback,
}

/// What the composer keeps between callbacks.
#[cfg(feature = "composer")]
#[derive(Default)]
pub(crate) struct Drafts {
    /// The pending debounced draft save, if any.
    pub(crate) save_timer: Option<i32>,
    /// Controls typed in since the last draft save: `(control, composer id, draft key)`.
    pub(crate) pending: Vec<(Element, String, String)>,
    /// The composer whose text is being copied, and what to say when it is.
    pub(crate) copying: Option<(Element, &'static str)>,
}

/// Everything the module keeps for the page's lifetime.
pub(crate) struct App {
    /// The page.
    pub(crate) document: Document,
    /// The site's saved entry.
    pub(crate) store: Store,
    /// The reader's ticks and drafts, as last read from the entry (or changed since).
    pub(crate) state: State,
    /// Every checklist item on the page, with the older keys each replaces.
    pub(crate) items: Vec<(String, Vec<String>)>,
    /// The page's headings with their links in "On this page".
    pub(crate) contents: Vec<(web_sys::Element, web_sys::Element)>,
    /// Whether a "could not save" notice was shown already (shown once per visit).
    pub(crate) warned_save: bool,
    /// Whether the entry held this page's state when last seen (saved by it, or read from it),
    /// so that finding it empty means it was removed outside the page (then nothing is ticked).
    /// A save that fails leaves it as it was; finding the entry empty clears it. `false` while
    /// storage is unavailable: `state` is then all there is, kept for the visit.
    pub(crate) saved: bool,
    /// The composer's drafts in progress.
    #[cfg(feature = "composer")]
    pub(crate) drafts: Drafts,
    /// Reused callbacks (set right after start).
    pub(crate) callbacks: Option<Callbacks>,
}

#[cfg(feature = "composer")]
impl App {
    /// Cancels the pending debounced draft save, if any.
    pub(crate) fn cancel_save(&mut self, window: &Window) {
        if let Some(timer) = self.drafts.save_timer.take() {
            window.clear_timeout_with_handle(timer);
        }
    }

    /// Whether the reader typed in `control` since the last draft save.
    pub(crate) fn is_pending(&self, control: &Element) -> bool {
        self.drafts
            .pending
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
    /// Shares `app`, on the page of `window`, with every callback.
    pub(crate) fn new(window: Window, app: App) -> Shared {
        Rc::new(Self {
            window,
            document: app.document.clone(),
            app: RefCell::new(app),
        })
    }

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

/// The context as every callback holds it.
pub(crate) type Shared = Rc<Context>;
