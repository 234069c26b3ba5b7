//! Parsing a template: tags, sections and standalone lines, validated as it goes.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use super::{Node, Template, TemplateError, TemplateErrorKind};

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
    Deadline {
        id: &'a str,
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
                Tag::Deadline { id } => push_node(
                    &mut stack,
                    Node::Deadline {
                        id: id.to_owned(),
                        offset: open,
                    },
                ),
                Tag::Open { .. } if stack.len() > super::MAX_SECTION_DEPTH => {
                    return Err(TemplateError::new(open, TemplateErrorKind::TooDeep));
                }
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
    /// The deadlines the template shows (`{{deadline id}}`), with the offset of each tag.
    pub fn deadline_references(&self) -> Vec<(String, usize)> {
        let mut found = Vec::new();
        collect_deadlines(&self.nodes, &mut found);
        found
    }

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
            Node::Deadline { .. } => {}
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

fn collect_deadlines(nodes: &[Node], found: &mut Vec<(String, usize)>) {
    for node in nodes {
        match node {
            Node::Deadline { id, offset } => found.push((id.clone(), *offset)),
            Node::Section { children, .. } | Node::TickedSection { children, .. } => {
                collect_deadlines(children, found);
            }
            _ => {}
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
    if let Some(id) = tag.strip_prefix("deadline ") {
        let id = id.trim();
        if !crate::ids::is_valid_id(id) {
            return Err(error(TemplateErrorKind::BadDeadline(id.to_owned())));
        }
        return Ok(Tag::Deadline { id });
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
