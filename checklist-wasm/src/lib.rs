//! The Stepwise browser module, loaded by every page as an ES module.
//!
//! It is glue only: it finds the markup the generator wrote (by the names in
//! [`stepwise_core::dom`]) and delegates every decision to `stepwise-core`.

use stepwise_core::dom;
use wasm_bindgen::prelude::*;

/// Entry point, called by the page's loader once the module is instantiated.
///
/// Marks every checklist on the page as enhanced and the document as ready.
#[wasm_bindgen]
pub fn start() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let lists = document.query_selector_all(dom::SELECTOR_CHECKLIST)?;
    for index in 0..lists.length() {
        if let Some(list) = lists
            .item(index)
            .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
        {
            list.set_attribute(dom::ATTR_ENHANCED, "")?;
        }
    }
    if let Some(root) = document.document_element() {
        root.set_attribute(dom::ATTR_READY, "")?;
    }
    Ok(())
}
