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
    /// What the reader entered (`YYYY-MM-DD` for dates).
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

impl Inputs {
    fn field(&self, name: &str) -> Option<&FieldValue> {
        self.fields.iter().find(|f| f.name == name)
    }

    fn is_filled(&self, name: &str) -> bool {
        !self.blank && self.field(name).is_some_and(|f| !f.value.trim().is_empty())
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
    /// Renders the template as plain text.
    pub fn render(&self, inputs: &Inputs) -> String {
        let mut out = String::new();
        render_nodes(&self.nodes, inputs, &mut out);
        out
    }
}

fn render_nodes(nodes: &[Node], inputs: &Inputs, out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Value { name, days, .. } => render_value(name, *days, inputs, out),
            Node::Section {
                name,
                inverted,
                children,
                ..
            } => {
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
                let deadline = inputs.deadlines.iter().find(|d| d.id == *id);
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
                let texts = inputs.ticked_texts(list);
                for (index, text) in texts.iter().enumerate() {
                    if index > 0 {
                        out.push('\n');
                    }
                    out.push_str("- ");
                    out.push_str(text);
                }
            }
            Node::TickedSection {
                list,
                inverted,
                children,
                ..
            } => {
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
    if value.is_empty() || inputs.blank {
        blank(&field.label, out);
        return;
    }
    match field.kind {
        Some(FieldKind::Date) => match Date::parse(value) {
            Some(date) => out.push_str(&date.add_days(days).human()),
            None => out.push_str(value),
        },
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
