//! Rendering a parsed template with what the reader entered.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use super::{FieldKind, Node, TODAY, Template};
use crate::date::Date;

/// A field as the renderer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldValue {
    /// Its name in the template.
    pub name: String,
    /// Its label, shown as `[Label]` while empty.
    pub label: String,
    /// Its kind (dates and amounts are formatted).
    pub kind: Option<FieldKind>,
    /// What the reader entered (for dates, `YYYY-MM-DD` once complete: [`crate::date_entry`]).
    pub value: String,
    /// For amounts: the currency code.
    pub currency: String,
}

/// A checklist as the renderer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListValue {
    /// The reference as written in the template.
    pub reference: String,
    /// Every item's text, in order.
    pub items: Vec<String>,
    /// Whether each item is ticked, in the same order.
    pub ticked: Vec<bool>,
}

/// A deadline as the renderer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeadlineValue {
    /// Its id.
    pub id: String,
    /// Its date, when the reader entered the date it counts from (and it applies).
    pub date: Option<Date>,
    /// Its rule as words (`60 days after the date you paid`), shown as `[…]` while the date
    /// is not known.
    pub rule: String,
}

/// Everything a template is rendered with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Inputs {
    /// The composer's fields.
    pub fields: Vec<FieldValue>,
    /// The checklists the template refers to.
    pub lists: Vec<ListValue>,
    /// The deadlines the template refers to.
    pub deadlines: Vec<DeadlineValue>,
    /// The reader's date; `None` renders `{{today}}` as a blank.
    pub today: Option<Date>,
    /// Render for printing by hand: every optional section shown, every field a blank, every
    /// checklist item listed.
    pub blank: bool,
}

impl FieldValue {
    fn is_filled(&self) -> bool {
        let value = self.value.trim();
        match self.kind {
            Some(FieldKind::Date) => Date::parse(value).is_some(),
            _ => !value.is_empty(),
        }
    }
}

impl Inputs {
    fn field(&self, name: &str) -> Option<&FieldValue> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Whether the reader filled the field in. A date counts only once it is a real date: what
    /// a reader has half typed (see [`crate::date_entry`]) is still empty in the message.
    fn is_filled(&self, name: &str) -> bool {
        !self.blank && self.field(name).is_some_and(FieldValue::is_filled)
    }

    fn ticked_texts(&self, reference: &str) -> Vec<&str> {
        let Some(list) = self.lists.iter().find(|l| l.reference == reference) else {
            return Vec::new();
        };
        list.items
            .iter()
            .zip(list.ticked.iter().chain(core::iter::repeat(&false)))
            .filter(|(_, ticked)| self.blank || **ticked)
            .map(|(text, _)| text.as_str())
            .collect()
    }
}

impl Template {
    /// Renders the template as plain text, laid out as a person would write it: a line whose
    /// tags came out blank is left out, paragraphs are separated by exactly one blank line, a
    /// `{{ticked …}}` list by a blank line from the paragraph after it, and there is no blank
    /// line (or line break) at either end. The same text at build time and in the browser.
    pub fn render(&self, inputs: &Inputs) -> String {
        let mut out = Output::default();
        render_nodes(&self.nodes, inputs, &mut out);
        lay_out(&out.text, &out.marks)
    }
}

/// The text rendered so far, and where tags were rendered into it.
#[derive(Default)]
struct Output {
    text: String,
    /// `(byte offset, what)`, in increasing offset order.
    marks: Vec<(usize, Mark)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// A tag (a value, a section, a list) was rendered here, so this line was written by the
    /// template's logic, not only typed out by its author.
    Tag,
    /// A `{{ticked …}}` list ended here.
    ListEnd,
}

impl Output {
    fn mark(&mut self, mark: Mark) {
        self.marks.push((self.text.len(), mark));
    }
}

/// Lays rendered text out as a person would write it:
///
/// - a line holding a tag that came out blank (an empty optional field, a section not shown)
///   is dropped, so optional lines leave no gap in the lines around them;
/// - a `{{ticked …}}` list is followed by a blank line before the next paragraph;
/// - blank lines (only white space) are empty, every line loses its trailing white space, and runs of them become one, so paragraphs are
///   separated by exactly one blank line;
/// - there is no blank line at the start or the end, and no line break after the last line.
fn lay_out(text: &str, marks: &[(usize, Mark)]) -> String {
    let mut out = String::with_capacity(text.len());
    // Whether a blank line is owed before the next line written, and whether anything was.
    let mut blank_owed = false;
    let mut mark = marks.iter().peekable();
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.len();
        // The marks on this line: those at offsets from its start to its line break.
        let (mut tagged, mut list_end) = (false, false);
        while let Some(&&(at, kind)) = mark.peek() {
            if at > end {
                break;
            }
            tagged = true;
            list_end |= kind == Mark::ListEnd;
            mark.next();
        }
        start = end + 1;
        let content = line.trim_end();
        if content.is_empty() {
            // A blank line the author wrote separates paragraphs; one a tag left is dropped.
            blank_owed |= !tagged;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_owed {
                out.push('\n');
            }
        }
        out.push_str(content);
        blank_owed = list_end;
    }
    out
}

fn render_nodes(nodes: &[Node], inputs: &Inputs, out: &mut Output) {
    for node in nodes {
        match node {
            Node::Text(text) => out.text.push_str(text),
            Node::Value { name, days, .. } => {
                out.mark(Mark::Tag);
                render_value(name, *days, inputs, &mut out.text);
            }
            Node::Section {
                name,
                inverted,
                children,
                ..
            } => {
                mark_section(children, out);
                let show = if inputs.blank {
                    !inverted
                } else {
                    inputs.is_filled(name) != *inverted
                };
                if show {
                    render_nodes(children, inputs, out);
                }
            }
            Node::Deadline { id, .. } => {
                out.mark(Mark::Tag);
                let deadline = inputs.deadlines.iter().find(|d| d.id == *id);
                let out = &mut out.text;
                match deadline.and_then(|d| d.date).filter(|_| !inputs.blank) {
                    Some(date) => out.push_str(&date.human()),
                    None => {
                        out.push('[');
                        out.push_str(deadline.map_or(id.as_str(), |d| d.rule.as_str()));
                        out.push(']');
                    }
                }
            }
            Node::Ticked { list, .. } => {
                out.mark(Mark::Tag);
                let texts = inputs.ticked_texts(list);
                for (index, text) in texts.iter().enumerate() {
                    if index > 0 {
                        out.text.push('\n');
                    }
                    out.text.push_str("- ");
                    out.text.push_str(text);
                }
                if !texts.is_empty() {
                    out.mark(Mark::ListEnd);
                }
            }
            Node::TickedSection {
                list,
                inverted,
                children,
                ..
            } => {
                mark_section(children, out);
                let any = !inputs.ticked_texts(list).is_empty();
                let show = if inputs.blank {
                    !inverted
                } else {
                    any != *inverted
                };
                if show {
                    render_nodes(children, inputs, out);
                }
            }
        }
    }
}

/// Marks a section's place when it is written within one line. A section spanning lines (or
/// written on lines of its own) removes whole lines when it is not shown, so the line it
/// leaves is not its own: a blank line after it still separates paragraphs.
fn mark_section(children: &[Node], out: &mut Output) {
    if !spans_lines(children) {
        out.mark(Mark::Tag);
    }
}

fn spans_lines(nodes: &[Node]) -> bool {
    nodes.iter().any(|node| match node {
        Node::Text(text) => text.contains('\n'),
        Node::Section { children, .. } | Node::TickedSection { children, .. } => {
            spans_lines(children)
        }
        Node::Value { .. } | Node::Ticked { .. } | Node::Deadline { .. } => false,
    })
}

fn render_value(name: &str, days: i64, inputs: &Inputs, out: &mut String) {
    let blank = |label: &str, out: &mut String| {
        out.push('[');
        out.push_str(label);
        if days != 0 {
            out.push_str(if days > 0 { " + " } else { " - " });
            out.push_str(&crate::text::number(days.unsigned_abs()));
            out.push_str(if days.unsigned_abs() == 1 {
                " day"
            } else {
                " days"
            });
        }
        out.push(']');
    };
    if name == TODAY {
        match inputs.today.filter(|_| !inputs.blank) {
            Some(today) => out.push_str(&today.add_days(days).human()),
            None => blank("today's date", out),
        }
        return;
    }
    let Some(field) = inputs.field(name) else {
        blank(name, out);
        return;
    };
    let value = field.value.trim();
    if !field.is_filled() || inputs.blank {
        blank(&field.label, out);
        return;
    }
    match field.kind {
        Some(FieldKind::Date) => {
            if let Some(date) = Date::parse(value) {
                out.push_str(&date.add_days(days).human());
            }
        }
        Some(FieldKind::Amount) => {
            out.push_str(value);
            if !field.currency.is_empty() {
                out.push(' ');
                out.push_str(&field.currency);
            }
        }
        Some(FieldKind::LongText) => out.push_str(field.value.trim_end()),
        _ => out.push_str(value),
    }
}
