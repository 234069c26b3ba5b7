//! The message composer's template language: small, and the same at build time (where every
//! template is validated) and in the browser (where it is rendered as the reader types).
//!
//! | syntax | meaning |
//! | --- | --- |
//! | `{{name}}` | the value of field `name` (dates read "28 November 2026") |
//! | `{{name + 14 days}}`, `{{name - 3 days}}` | a date field moved by some days |
//! | `{{today}}`, `{{today + 14 days}}` | the reader's date, optionally moved |
//! | `{{#name}}…{{/name}}` | shown only when `name` is filled in |
//! | `{{^name}}…{{/name}}` | shown only when `name` is empty |
//! | `{{deadline id}}` | the date of a deadline defined in a ` ```deadlines ` block (from the reader's dates) |
//! | `{{ticked page/key#list}}` | the items the reader ticked in that checklist, one `- ` line each |
//! | `{{#ticked page/key#list}}…{{/ticked}}` | shown only when at least one of them is ticked |
//!
//! A section tag alone on its line takes its line with it, so optional paragraphs leave no
//! blank lines behind. An empty field outside a section shows as `[Its label]`, so the reader
//! sees what is missing.

//!
//! `parse` turns a template's text into [`Node`]s (and reports problems at byte offsets);
//! `render` turns nodes and the reader's [`Inputs`] into text.

mod parse;
mod render;

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use crate::composer::FieldKind;
pub use render::{DeadlineValue, FieldValue, Inputs, ListValue};

/// A problem in a template, at a byte offset of the template text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// Byte offset of the tag in the template.
    pub offset: usize,
    /// What is wrong.
    pub kind: TemplateErrorKind,
}

/// What is wrong with a template. Turned into words by [`TemplateError::message`], at build
/// time only: the browser never shows template errors, so it needs no wording for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateErrorKind {
    /// `{{` without `}}`.
    Unclosed,
    /// `{{/name}}` with no section open.
    NeverOpened(String),
    /// `{{/found}}` while `expected` is open.
    Mismatch {
        /// The name closed.
        found: String,
        /// The name open.
        expected: String,
    },
    /// A section still open at the end.
    NeverClosed(String),
    /// `{{}}`.
    Empty,
    /// `+ x days` where `x` is not a number.
    BadDays(String),
    /// A tag that is none of the allowed forms.
    NotAField(String),
    /// A field name with characters not allowed.
    BadName(String),
    /// A checklist reference that is not `page/key#id`.
    BadList(String),
    /// Sections nested deeper than [`MAX_SECTION_DEPTH`].
    TooDeep,
    /// `{{deadline x}}` where `x` is not a deadline id.
    BadDeadline(String),
}

impl TemplateError {
    fn new(offset: usize, kind: TemplateErrorKind) -> Self {
        Self { offset, kind }
    }

    /// The problem in words, for the author.
    pub fn message(&self) -> String {
        use TemplateErrorKind as K;
        match &self.kind {
            K::Unclosed => "this `{{` is never closed with `}}`".to_owned(),
            K::NeverOpened(name) => {
                format!("`{{{{/{name}}}}}` closes a section that was never opened")
            }
            K::Mismatch { found, expected } => format!(
                "`{{{{/{found}}}}}` does not match the open section `{expected}`: close it with `{{{{/{expected}}}}}`"
            ),
            K::NeverClosed(name) => format!("this section is never closed: add `{{{{/{name}}}}}`"),
            K::Empty => "empty `{{}}`: put a field name inside".to_owned(),
            K::BadDays(count) => format!("`{count}` is not a number of days"),
            K::NotAField(tag) => format!(
                "`{{{{{tag}}}}}` is not a field: write `{{{{name}}}}`, or `{{{{name + 14 days}}}}` for a date"
            ),
            K::BadName(name) => {
                format!("`{name}` is not a field name: use letters, digits, `_` and `-`")
            }
            K::TooDeep => format!(
                "sections are nested more than {MAX_SECTION_DEPTH} deep here: a message needs far fewer"
            ),
            K::BadDeadline(id) => format!(
                "`{id}` is not a deadline id: write `{{{{deadline card-fcba}}}}` with the id of a deadline"
            ),
            K::BadList(list) => format!(
                "`{list}` is not a checklist: write `page/key#checklist-id`, or `#checklist-id` on the same page"
            ),
        }
    }
}

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Literal text.
    Text(String),
    /// `{{name}}` or `{{name + N days}}`.
    Value {
        /// The field (or `today`).
        name: String,
        /// Days to add (dates only).
        days: i64,
        /// Offset of the tag.
        offset: usize,
    },
    /// `{{#name}}…{{/name}}` or, inverted, `{{^name}}…{{/name}}`.
    Section {
        /// The field tested.
        name: String,
        /// Shown when empty instead of when filled.
        inverted: bool,
        /// The content.
        children: Vec<Node>,
        /// Offset of the opening tag.
        offset: usize,
    },
    /// `{{deadline id}}`.
    Deadline {
        /// The deadline's id.
        id: String,
        /// Offset of the tag.
        offset: usize,
    },
    /// `{{ticked ref}}`.
    Ticked {
        /// The checklist reference as written.
        list: String,
        /// Offset of the tag.
        offset: usize,
    },
    /// `{{#ticked ref}}…{{/ticked}}` (or inverted with `^`).
    TickedSection {
        /// The checklist reference as written.
        list: String,
        /// Shown when nothing is ticked instead of when something is.
        inverted: bool,
        /// The content.
        children: Vec<Node>,
        /// Offset of the opening tag.
        offset: usize,
    },
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template {
    /// Its pieces in order.
    pub nodes: Vec<Node>,
}

/// How deeply sections may nest (`{{#a}}{{#b}}…`). Rendering and checking walk the tree
/// recursively, so the limit keeps any template from exhausting the stack; real messages nest
/// two or three deep.
pub const MAX_SECTION_DEPTH: usize = 32;

/// The name of the built-in date value.
pub const TODAY: &str = "today";

#[cfg(test)]
mod tests;
