//! The trailing attribute block of a checklist item: `{#id}`, `{#id replaces=old,page/key/old}`.

use pulldown_cmark::{CowStr, Event};
use stepwise_core::ids;

use crate::markdown::Events;

/// A parsed trailing `{#id replaces=a,b}` block.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Attributes {
    pub(super) id: Option<String>,
    pub(super) replaces: Vec<String>,
    pub(super) problems: Vec<String>,
}

/// Removes a trailing `{…}` attribute block from the label's text and parses it.
pub(super) fn take_attributes(label: &mut Events<'_>) -> Attributes {
    let trailing_texts = label
        .iter()
        .rev()
        .take_while(|(event, _)| matches!(event, Event::Text(_)))
        .count();
    if trailing_texts == 0 {
        return Attributes::default();
    }
    let first = label.len() - trailing_texts;
    let joined: String = label[first..]
        .iter()
        .map(|(event, _)| match event {
            Event::Text(text) => text.as_ref(),
            _ => "",
        })
        .collect();
    let trimmed = joined.trim_end();
    let Some(open) = trimmed.rfind('{') else {
        return Attributes::default();
    };
    let block = &trimmed[open + 1..];
    let Some(inner) = block.strip_suffix('}') else {
        return Attributes::default();
    };
    if !(inner.trim_start().starts_with('#') || inner.trim_start().starts_with("replaces=")) {
        return Attributes::default();
    }
    let attributes = parse_attributes(inner);
    let range = label[first].1.start..label[label.len() - 1].1.end;
    label.truncate(first);
    let remaining = joined[..open].trim_end().to_owned();
    if !remaining.is_empty() {
        label.push((Event::Text(CowStr::from(remaining)), range));
    }
    attributes
}

fn parse_attributes(inner: &str) -> Attributes {
    let mut attributes = Attributes::default();
    for token in inner.split_whitespace() {
        if let Some(id) = token.strip_prefix('#') {
            if ids::is_valid_id(id) {
                attributes.id = Some(id.to_owned());
            } else {
                attributes.problems.push(format!(
                    "`#{id}` is not a valid id: use letters, digits, `-` and `_`"
                ));
            }
        } else if let Some(list) = token.strip_prefix("replaces=") {
            for old in list.split(',').filter(|old| !old.is_empty()) {
                if ids::is_valid_page_key(old) {
                    attributes.replaces.push(old.to_owned());
                } else {
                    attributes.problems.push(format!(
                        "`{old}` in `replaces=` is not an id or a `page/key/id`"
                    ));
                }
            }
        } else {
            attributes
                .problems
                .push(format!("unknown checklist item attribute `{token}`: write `{{#id}}` or `{{#id replaces=old-id}}`"));
        }
    }
    attributes
}
