//! The markup of a checklist: a labelled group with a status line, its items' checkboxes keyed
//! by storage key, and an "untick all" button, all named by `stepwise_core::dom`.

use stepwise_core::dom;

use crate::escape;

/// Opens a checklist titled `title` whose key is `key` (`first_number` for ordered lists).
pub(super) fn open_list(title: &str, key: &str, first_number: Option<u64>) -> String {
    let list_tag = match first_number {
        Some(1) => "<ol class=\"checklist-items\">".to_owned(),
        Some(n) => format!("<ol class=\"checklist-items\" start=\"{n}\">"),
        None => "<ul class=\"checklist-items\">".to_owned(),
    };
    format!(
        "<div class=\"checklist\" role=\"group\" aria-label=\"{title}\" {list}=\"{key}\">\n\
         <p class=\"checklist-status\" role=\"status\" {status}></p>\n\
         <noscript><p class=\"checklist-note\">JavaScript is off, so your ticks will not be saved when you leave this page.</p></noscript>\n\
         {list_tag}\n",
        title = escape::html(title),
        list = dom::ATTR_CHECKLIST,
        key = escape::html(key),
        status = dom::ATTR_STATUS,
    )
}

/// Closes a checklist, with its "untick all" button (shown by the browser module).
pub(super) fn close_list(ordered: bool) -> String {
    format!(
        "</{list}>\n<div class=\"checklist-actions\" {actions} hidden><button type=\"button\" class=\"button-secondary\" {action}=\"{reset}\">Untick all in this list</button></div>\n</div>\n",
        list = if ordered { "ol" } else { "ul" },
        actions = dom::ATTR_ACTIONS,
        action = dom::ATTR_ACTION,
        reset = dom::ACTION_RESET_LIST,
    )
}

/// An item's checkbox and the start of its label.
pub(super) fn item_input(element_id: &str, key: &str, replaces: &[String]) -> String {
    format!(
        "<input type=\"checkbox\" id=\"{id}\" {attr_item}=\"{key}\"{replaces}><label for=\"{id}\">",
        id = escape::html(element_id),
        attr_item = dom::ATTR_ITEM,
        key = escape::html(key),
        replaces = replaces_attribute(replaces),
    )
}

/// ` data-replaces="a b"` for an item that replaces older keys (empty when it replaces none),
/// on every element that stands for the item, so the browser counts ticks saved under them.
pub(crate) fn replaces_attribute(replaces: &[String]) -> String {
    if replaces.is_empty() {
        String::new()
    } else {
        format!(
            " {}=\"{}\"",
            dom::ATTR_REPLACES,
            escape::html(&replaces.join(" "))
        )
    }
}
