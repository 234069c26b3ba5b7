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
//! | `{{ticked page/key#list}}` | the items the reader ticked in that checklist, one `- ` line each |
//! | `{{#ticked page/key#list}}…{{/ticked}}` | shown only when at least one of them is ticked |
//!
//! A section tag alone on its line takes its line with it, so optional paragraphs leave no
//! blank lines behind. An empty field outside a section shows as `[Its label]`, so the reader
//! sees what is missing.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use crate::date::Date;

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

/// The name of the built-in date value.
pub const TODAY: &str = "today";

/// A section being parsed: its content so far, and how it was opened (`None` for the root).
struct Frame {
    nodes: Vec<Node>,
    open: Option<OpenSection>,
}

struct OpenSection {
    name: String,
    inverted: bool,
    ticked: bool,
    offset: usize,
}

enum Tag<'a> {
    Value {
        name: &'a str,
        days: i64,
    },
    Open {
        name: &'a str,
        inverted: bool,
        ticked: bool,
    },
    Close {
        name: &'a str,
    },
    Ticked {
        list: &'a str,
    },
}

impl Template {
    /// Parses a template. The error points at the first problem.
    pub fn parse(source: &str) -> Result<Self, TemplateError> {
        let mut stack = vec![Frame {
            nodes: Vec::new(),
            open: None,
        }];
        let mut rest = 0;
        while let Some(open) = crate::text::find_pair(source, rest, *b"{{") {
            let close = crate::text::find_pair(source, open, *b"}}")
                .ok_or_else(|| TemplateError::new(open, TemplateErrorKind::Unclosed))?;
            let tag = parse_tag(slice(source, open + 2, close), open)?;
            let standalone = matches!(tag, Tag::Open { .. } | Tag::Close { .. })
                .then(|| is_standalone(source, open, close + 2))
                .flatten();
            let (text_end, next) = match standalone {
                Some((line_start, line_end)) => (line_start, line_end),
                None => (open, close + 2),
            };
            push_text(&mut stack, slice(source, rest, text_end.max(rest)));
            match tag {
                Tag::Value { name, days } => push_node(
                    &mut stack,
                    Node::Value {
                        name: name.to_owned(),
                        days,
                        offset: open,
                    },
                ),
                Tag::Ticked { list } => push_node(
                    &mut stack,
                    Node::Ticked {
                        list: list.to_owned(),
                        offset: open,
                    },
                ),
                Tag::Open {
                    name,
                    inverted,
                    ticked,
                } => stack.push(Frame {
                    nodes: Vec::new(),
                    open: Some(OpenSection {
                        name: name.to_owned(),
                        inverted,
                        ticked,
                        offset: open,
                    }),
                }),
                Tag::Close { name } => {
                    let Some(Frame {
                        nodes: children,
                        open:
                            Some(OpenSection {
                                name: open_name,
                                inverted,
                                ticked,
                                offset: open_offset,
                            }),
                    }) = stack.pop()
                    else {
                        return Err(TemplateError::new(
                            open,
                            TemplateErrorKind::NeverOpened(name.to_owned()),
                        ));
                    };
                    let expected = if ticked { "ticked" } else { open_name.as_str() };
                    if name != expected {
                        return Err(TemplateError::new(
                            open,
                            TemplateErrorKind::Mismatch {
                                found: name.to_owned(),
                                expected: expected.to_owned(),
                            },
                        ));
                    }
                    let node = if ticked {
                        Node::TickedSection {
                            list: open_name,
                            inverted,
                            children,
                            offset: open_offset,
                        }
                    } else {
                        Node::Section {
                            name: open_name,
                            inverted,
                            children,
                            offset: open_offset,
                        }
                    };
                    push_node(&mut stack, node);
                }
            }
            rest = next;
        }
        push_text(&mut stack, slice(source, rest, source.len()));
        match stack.pop() {
            Some(Frame { nodes, open: None }) if stack.is_empty() => Ok(Self { nodes }),
            Some(Frame {
                open:
                    Some(OpenSection {
                        name,
                        ticked,
                        offset,
                        ..
                    }),
                ..
            }) => Err(TemplateError::new(
                offset,
                TemplateErrorKind::NeverClosed(if ticked { "ticked".to_owned() } else { name }),
            )),
            // The root frame is never popped by a closing tag, so this cannot happen.
            _ => Err(TemplateError::new(0, TemplateErrorKind::Empty)),
        }
    }

    /// Every field name, checklist reference and day offset the template uses, with offsets:
    /// `(name or reference, is a checklist reference, has a day offset, offset)`.
    pub fn references(&self) -> Vec<(String, bool, bool, usize)> {
        let mut found = Vec::new();
        collect_references(&self.nodes, &mut found);
        found
    }
}

fn collect_references(nodes: &[Node], found: &mut Vec<(String, bool, bool, usize)>) {
    for node in nodes {
        match node {
            Node::Text(_) => {}
            Node::Value { name, days, offset } => {
                found.push((name.clone(), false, *days != 0, *offset))
            }
            Node::Section {
                name,
                children,
                offset,
                ..
            } => {
                found.push((name.clone(), false, false, *offset));
                collect_references(children, found);
            }
            Node::Ticked { list, offset } => found.push((list.clone(), true, false, *offset)),
            Node::TickedSection {
                list,
                children,
                offset,
                ..
            } => {
                found.push((list.clone(), true, false, *offset));
                collect_references(children, found);
            }
        }
    }
}

fn push_node(stack: &mut [Frame], node: Node) {
    if let Some(frame) = stack.last_mut() {
        frame.nodes.push(node);
    }
}

fn push_text(stack: &mut [Frame], text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Frame { nodes, .. }) = stack.last_mut() {
        match nodes.last_mut() {
            Some(Node::Text(existing)) => existing.push_str(text),
            _ => nodes.push(Node::Text(text.to_owned())),
        }
    }
}

/// `source[start..end]`, or `""` if that is not a valid range. Every offset here sits next to an
/// ASCII `{{`, `}}` or newline, so the range is always valid; `get` keeps the browser module
/// free of the panic path (and its Unicode tables) that indexing would bring.
fn slice(source: &str, start: usize, end: usize) -> &str {
    source.get(start..end).unwrap_or_default()
}

/// If the tag spanning `open..close` is alone on its line (only spaces around it), the range
/// of the whole line including its newline.
fn is_standalone(source: &str, open: usize, close: usize) -> Option<(usize, usize)> {
    let line_start = slice(source, 0, open).rfind('\n').map_or(0, |i| i + 1);
    let line_end = slice(source, close, source.len())
        .find('\n')
        .map_or(source.len(), |i| close + i + 1);
    let before = slice(source, line_start, open);
    let after = slice(source, close, line_end).trim_end_matches(['\n', '\r']);
    (before.trim().is_empty() && after.trim().is_empty()).then_some((line_start, line_end))
}

fn parse_tag(inner: &str, offset: usize) -> Result<Tag<'_>, TemplateError> {
    let error = |kind: TemplateErrorKind| TemplateError::new(offset, kind);
    let tag = inner.trim();
    if tag.is_empty() {
        return Err(error(TemplateErrorKind::Empty));
    }
    if let Some(rest) = tag.strip_prefix('#').or_else(|| tag.strip_prefix('^')) {
        let inverted = tag.starts_with('^');
        let rest = rest.trim();
        if let Some(list) = rest.strip_prefix("ticked ") {
            return Ok(Tag::Open {
                name: checklist_ref(list.trim(), offset)?,
                inverted,
                ticked: true,
            });
        }
        return Ok(Tag::Open {
            name: field_name(rest, offset)?,
            inverted,
            ticked: false,
        });
    }
    if let Some(rest) = tag.strip_prefix('/') {
        let rest = rest.trim();
        return Ok(Tag::Close {
            name: if rest == "ticked" {
                rest
            } else {
                field_name(rest, offset)?
            },
        });
    }
    if let Some(list) = tag.strip_prefix("ticked ") {
        return Ok(Tag::Ticked {
            list: checklist_ref(list.trim(), offset)?,
        });
    }
    // Split on spaces only: `split_whitespace` would bring Unicode tables into the browser module.
    let mut words = tag.split(' ').filter(|word| !word.is_empty());
    let name = field_name(words.next().unwrap_or_default(), offset)?;
    let days = match (words.next(), words.next(), words.next(), words.next()) {
        (None, ..) => 0,
        (Some(sign @ ("+" | "-")), Some(count), Some("days" | "day"), None) => {
            let count: i64 = count
                .parse()
                .ok()
                .filter(|n| (0..=36_500).contains(n))
                .ok_or_else(|| error(TemplateErrorKind::BadDays(count.to_owned())))?;
            if sign == "-" { -count } else { count }
        }
        _ => {
            return Err(error(TemplateErrorKind::NotAField(tag.to_owned())));
        }
    };
    Ok(Tag::Value { name, days })
}

fn field_name(name: &str, offset: usize) -> Result<&str, TemplateError> {
    if crate::ids::is_field_name(name) {
        Ok(name)
    } else {
        Err(TemplateError::new(
            offset,
            TemplateErrorKind::BadName(name.to_owned()),
        ))
    }
}

fn checklist_ref(list: &str, offset: usize) -> Result<&str, TemplateError> {
    if crate::ids::is_valid_list_key(list, true) {
        Ok(list)
    } else {
        Err(TemplateError::new(
            offset,
            TemplateErrorKind::BadList(list.to_owned()),
        ))
    }
}

/// The kinds of field a composer can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines of text.
    LongText,
    /// A date (`YYYY-MM-DD`).
    Date,
    /// A sum of money with its currency.
    Amount,
    /// An e-mail address.
    Email,
    /// One of a list of options.
    Choice,
}

impl FieldKind {
    /// Every kind, with the name authors write.
    pub const ALL: [(&'static str, FieldKind); 6] = [
        ("text", FieldKind::Text),
        ("long-text", FieldKind::LongText),
        ("date", FieldKind::Date),
        ("amount", FieldKind::Amount),
        ("email", FieldKind::Email),
        ("choice", FieldKind::Choice),
    ];

    /// The kind an author named.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, kind)| *kind)
    }

    /// The name authors write.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("text", |(n, _)| n)
    }
}

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

/// Everything a template is rendered with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Inputs {
    /// The composer's fields.
    pub fields: Vec<FieldValue>,
    /// The checklists the template refers to.
    pub lists: Vec<ListValue>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn field(name: &str, kind: FieldKind, value: &str) -> FieldValue {
        FieldValue {
            name: name.into(),
            label: name.replace('_', " "),
            kind: Some(kind),
            value: value.into(),
            currency: if kind == FieldKind::Amount {
                "GBP".into()
            } else {
                String::new()
            },
        }
    }

    fn inputs(values: &[(&str, FieldKind, &str)]) -> Inputs {
        Inputs {
            fields: values.iter().map(|(n, k, v)| field(n, *k, v)).collect(),
            lists: vec![ListValue {
                reference: "steps/evidence#keep".into(),
                items: vec![
                    "Receipt".into(),
                    "Order number".into(),
                    "Screenshots".into(),
                ],
                ticked: vec![true, false, true],
            }],
            today: Date::parse("2026-11-28"),
            blank: false,
        }
    }

    const LETTER: &str = "Order {{order}}.\n{{#paid_on}}\nI paid {{amount}} on {{paid_on}}.\n{{/paid_on}}\n{{^paid_on}}\nI do not know when I paid.\n{{/paid_on}}\n{{#ticked steps/evidence#keep}}\nI can send:\n{{ticked steps/evidence#keep}}\n{{/ticked}}\nPlease reply by {{today + 14 days}} ({{paid_on + 30 days}}).";

    #[test]
    fn renders_values_sections_lists_and_dates() {
        let template = Template::parse(LETTER).expect("valid");
        let filled = inputs(&[
            ("order", FieldKind::Text, "123"),
            ("paid_on", FieldKind::Date, "2026-11-01"),
            ("amount", FieldKind::Amount, "9.99"),
        ]);
        assert_eq!(
            template.render(&filled),
            "Order 123.\nI paid 9.99 GBP on 1 November 2026.\nI can send:\n- Receipt\n- Screenshots\nPlease reply by 12 December 2026 (1 December 2026)."
        );
        let empty = inputs(&[
            ("order", FieldKind::Text, " "),
            ("paid_on", FieldKind::Date, ""),
            ("amount", FieldKind::Amount, ""),
        ]);
        let mut nothing_ticked = empty.clone();
        nothing_ticked.lists[0].ticked = vec![false; 3];
        assert_eq!(
            template.render(&nothing_ticked),
            "Order [order].\nI do not know when I paid.\nPlease reply by 12 December 2026 ([paid on + 30 days])."
        );
    }

    #[test]
    fn blank_mode_shows_every_optional_part_with_blanks() {
        let template = Template::parse(LETTER).expect("valid");
        let mut blank = inputs(&[
            ("order", FieldKind::Text, "123"),
            ("paid_on", FieldKind::Date, "2026-11-01"),
            ("amount", FieldKind::Amount, "9"),
        ]);
        blank.blank = true;
        assert_eq!(
            template.render(&blank),
            "Order [order].\nI paid [amount] on [paid on].\nI can send:\n- Receipt\n- Order number\n- Screenshots\nPlease reply by [today's date + 14 days] ([paid on + 30 days])."
        );
    }

    #[test]
    fn reader_input_is_inserted_as_is() {
        let template = Template::parse("Hi {{name}}").expect("valid");
        let rendered = template.render(&inputs(&[(
            "name",
            FieldKind::Text,
            "<script>alert(1)</script> {{order}}",
        )]));
        assert_eq!(rendered, "Hi <script>alert(1)</script> {{order}}");
    }

    #[test]
    fn errors_point_at_the_tag() {
        let cases = [
            ("Hi {{name", 3, "this `{{` is never closed with `}}`"),
            ("{{#a}}x", 0, "this section is never closed: add `{{/a}}`"),
            (
                "{{#a}}x{{/b}}",
                7,
                "`{{/b}}` does not match the open section `a`: close it with `{{/a}}`",
            ),
            (
                "x {{/a}}",
                2,
                "`{{/a}}` closes a section that was never opened",
            ),
            ("{{ }}", 0, "empty `{{}}`: put a field name inside"),
            ("{{a + x days}}", 0, "`x` is not a number of days"),
            (
                "{{a plus 2}}",
                0,
                "`{{a plus 2}}` is not a field: write `{{name}}`, or `{{name + 14 days}}` for a date",
            ),
            (
                "{{ticked evidence}}",
                0,
                "`evidence` is not a checklist: write `page/key#checklist-id`, or `#checklist-id` on the same page",
            ),
            (
                "{{#ticked #x}}{{/x}}",
                14,
                "`{{/x}}` does not match the open section `ticked`: close it with `{{/ticked}}`",
            ),
        ];
        for (source, offset, message) in cases {
            let error = Template::parse(source).expect_err(source);
            assert_eq!(
                (error.offset, error.message().as_str()),
                (offset, message),
                "{source}"
            );
        }
    }

    #[test]
    fn references_are_listed() {
        let template = Template::parse(LETTER).expect("valid");
        let names: Vec<String> = template
            .references()
            .into_iter()
            .map(|(name, ..)| name)
            .collect();
        assert_eq!(
            names,
            [
                "order",
                "paid_on",
                "amount",
                "paid_on",
                "paid_on",
                "steps/evidence#keep",
                "steps/evidence#keep",
                "today",
                "paid_on"
            ]
        );
    }

    proptest! {
        #[test]
        fn any_template_and_input_never_panics(
            source in "([a-z #^/+{}\\n]|\\{\\{|\\}\\}|today|ticked|days|[0-9]){0,60}",
            value in "\\PC{0,20}",
        ) {
            if let Ok(template) = Template::parse(&source) {
                let _ = template.render(&inputs(&[("a", FieldKind::Date, &value), ("b", FieldKind::Amount, &value)]));
            }
        }

        #[test]
        fn arbitrary_text_never_panics(source in "[\\s\\S]{0,200}") {
            if let Ok(template) = Template::parse(&source) {
                let mut blank = inputs(&[]);
                let _ = template.render(&blank);
                blank.blank = true;
                let _ = template.render(&blank);
            }
        }
    }
}
