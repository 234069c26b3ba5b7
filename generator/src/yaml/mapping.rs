//! Checked mappings: the keys a mapping may have, typed getters, and every problem recorded
//! at its position.

use std::cell::RefCell;

use granit_parser::ScalarStyle;

use super::value::to_value;
use super::{Extra, Kind, Node, Position, Problem, Resolved, Scalar, Value};

/// Problems found while checking parsed YAML, collected so that every one is reported.
#[derive(Debug, Default)]
pub struct Problems(RefCell<Vec<Problem>>);

impl Problems {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem at `at` (a position in the YAML text).
    pub fn report(&self, at: Position, message: impl Into<String>) {
        self.0.borrow_mut().push(Problem {
            at,
            message: message.into(),
        });
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }

    /// Every problem, in the order found.
    pub fn into_vec(self) -> Vec<Problem> {
        self.0.into_inner()
    }
}

/// A mapping checked against its known keys (see [`Node::mapping`]): its getters return the
/// value of a known key, or record a problem at the value when it has the wrong type.
#[derive(Debug)]
pub struct Mapping<'a> {
    pub(super) at: Position,
    pub(super) entries: Vec<Entry<'a>>,
    /// Keys not known, kept (only with [`Node::mapping_keeping_unknown`]).
    pub(super) unknown: Vec<Entry<'a>>,
    pub(super) problems: &'a Problems,
}

#[derive(Debug)]
pub(super) struct Entry<'a> {
    pub(super) key: &'a str,
    pub(super) at: Position,
    pub(super) value: &'a Node,
}

/// A value and where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it starts in the YAML text.
    pub at: Position,
}

/// A text value, which can map an offset in its text back to the YAML text (see
/// [`Text::position_of`]).
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    /// The text, after YAML's escapes and line folding.
    pub value: &'a str,
    /// Where the value starts in the YAML text.
    pub at: Position,
    scalar: &'a Scalar,
}

impl<'a> Mapping<'a> {
    /// Where the mapping starts.
    pub fn at(&self) -> Position {
        self.at
    }

    /// Where `key` is written, if it is.
    pub fn key_at(&self, key: &str) -> Option<Position> {
        self.entry(key).map(|entry| entry.at)
    }

    fn entry(&self, key: &str) -> Option<&Entry<'a>> {
        self.entries.iter().find(|entry| entry.key == key)
    }

    /// The value of `key`, unless it is absent or null (`key:` or `key: ~`).
    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entry(key)
            .map(|entry| entry.value)
            .filter(|node| !node.is_null())
    }

    /// Records a problem at `at` with the others of this mapping.
    pub fn report(&self, at: Position, message: impl Into<String>) {
        self.problems.report(at, message);
    }

    fn wrong(&self, node: &Node, message: String) {
        self.problems
            .report(node.at, format!("{message}, not {}", node.describe()));
    }

    /// The value of `key` as text: any scalar, as written (`2024` is the text "2024"); a list or
    /// a mapping is a problem.
    pub fn text(&self, key: &str) -> Option<Text<'a>> {
        let node = self.get(key)?;
        let text = as_text(node);
        if text.is_none() {
            self.wrong(node, format!("`{key}` must be text"));
        }
        text
    }

    /// Like [`Mapping::text`] for a key that must be given: when it is absent, records "missing
    /// required key `key`" followed by `explanation` at `missing_at`; when it has no value
    /// (`key:`), records that at the key.
    pub fn required_text(
        &self,
        key: &str,
        missing_at: Position,
        explanation: &str,
    ) -> Option<Text<'a>> {
        if self.get(key).is_none() {
            match self.key_at(key) {
                Some(at) => self.report(
                    at,
                    format!("missing value for required key `{key}`{explanation}"),
                ),
                None => self.report(
                    missing_at,
                    format!("missing required key `{key}`{explanation}"),
                ),
            }
            return None;
        }
        self.text(key)
    }

    /// The value of `key` as a whole number (`3`, `-1`).
    pub fn whole_number(&self, key: &str) -> Option<Spanned<i64>> {
        let node = self.get(key)?;
        match node.scalar().map(|scalar| scalar.resolved) {
            Some(Resolved::Int(value)) => Some(Spanned { value, at: node.at }),
            _ => {
                self.wrong(node, format!("`{key}` must be a whole number"));
                None
            }
        }
    }

    /// The value of `key` as `true` or `false`.
    pub fn boolean(&self, key: &str) -> Option<Spanned<bool>> {
        let node = self.get(key)?;
        match node.scalar().map(|scalar| scalar.resolved) {
            Some(Resolved::Bool(value)) => Some(Spanned { value, at: node.at }),
            _ => {
                self.wrong(node, format!("`{key}` must be `true` or `false`"));
                None
            }
        }
    }

    /// The value of `key` as a list of texts (`[a, b]`); each item that is not text is a problem
    /// at that item (and is left out).
    pub fn text_list(&self, key: &str) -> Option<Vec<Text<'a>>> {
        let items = self.items(key, "text, such as `[first, second]`")?;
        Some(
            items
                .into_iter()
                .filter_map(|item| {
                    let text = as_text(item);
                    if text.is_none() {
                        self.wrong(item, format!("each item of `{key}` must be text"));
                    }
                    text
                })
                .collect(),
        )
    }

    /// The value of `key` as a list of nodes; `of` says what the items are, for the message.
    pub fn list(&self, key: &str, of: &str) -> Option<Vec<&'a Node>> {
        self.items(key, of)
    }

    fn items(&self, key: &str, of: &str) -> Option<Vec<&'a Node>> {
        let node = self.get(key)?;
        match &node.kind {
            Kind::List(items) => Some(items.iter().collect()),
            _ => {
                self.wrong(node, format!("`{key}` must be a list of {of}"));
                None
            }
        }
    }

    /// The value of `key` as free-form values for themes, which must be a mapping (absent or
    /// null: [`Extra::default`]). Non-text keys and duplicate keys inside it are problems.
    pub fn extra(&self, key: &str) -> Extra {
        let Some(node) = self.get(key) else {
            return Extra::default();
        };
        if !matches!(node.kind, Kind::Map(_)) {
            self.wrong(node, format!("`{key}` must be a mapping of keys to values"));
            return Extra::default();
        }
        Extra(to_value(node, self.problems))
    }

    /// The keys that are not known (kept by [`Node::mapping_keeping_unknown`]), each with
    /// where it is written.
    pub fn unknown(&self) -> Vec<Spanned<&'a str>> {
        self.unknown
            .iter()
            .map(|entry| Spanned {
                value: entry.key,
                at: entry.at,
            })
            .collect()
    }

    /// `extra` (as [`Mapping::extra`]) with every unknown key added to it, unless `extra`
    /// already has that key: how content written for another tool keeps its own settings.
    pub fn extra_with_unknown(&self, key: &str) -> Extra {
        let Extra(mut value) = self.extra(key);
        if self.unknown.is_empty() {
            return Extra(value);
        }
        if value == Value::Null {
            value = Value::Map(Vec::new());
        }
        if let Value::Map(entries) = &mut value {
            for entry in &self.unknown {
                if !entries.iter().any(|(name, _)| name == entry.key) {
                    entries.push((entry.key.to_owned(), to_value(entry.value, self.problems)));
                }
            }
        }
        Extra(value)
    }
}

fn as_text(node: &Node) -> Option<Text<'_>> {
    node.scalar().map(|scalar| Text {
        value: &scalar.text,
        at: node.at,
        scalar,
    })
}

impl Text<'_> {
    /// Where byte `offset` of [`Text::value`] was written in the YAML text. Exact for every
    /// scalar style: a block scalar's indentation, quotes, escapes (`\"`, `''`) and folded line
    /// breaks are accounted for.
    pub fn position_of(&self, offset: usize) -> Position {
        self.positions_of(&[offset])[0]
    }

    /// [`Text::position_of`] for many offsets, in one walk (so a template with thousands of
    /// placeholders is placed in linear time). `offsets` must be in ascending order.
    pub fn positions_of(&self, offsets: &[usize]) -> Vec<Position> {
        locate(self.scalar, self.at, offsets)
    }
}

/// Walks the decoded text and the source side by side once, and returns where each of
/// `offsets` (byte offsets of the decoded text, in ascending order) was written.
fn locate(scalar: &Scalar, at: Position, offsets: &[usize]) -> Vec<Position> {
    let double = scalar.style == ScalarStyle::DoubleQuoted;
    let single = scalar.style == ScalarStyle::SingleQuoted;
    let mut raw = scalar.raw.chars().peekable();
    let (mut line, mut col) = at;
    let mut found = Vec::with_capacity(offsets.len());
    // Records `here` for every offset not yet placed that is at or before `index`.
    let place = |index: usize, here: Position, found: &mut Vec<Position>| {
        while found.len() < offsets.len() && index >= offsets[found.len()] {
            found.push(here);
        }
    };
    fn advance(ch: char, line: &mut usize, col: &mut usize) {
        if ch == '\n' {
            *line += 1;
            *col = 1;
        } else {
            *col += 1;
        }
    }
    if (double || single)
        && let Some(quote) = raw.next()
    {
        advance(quote, &mut line, &mut col);
    }
    'text: for (index, ch) in scalar.text.char_indices() {
        if found.len() == offsets.len() {
            break;
        }
        loop {
            let Some(&next) = raw.peek() else {
                break 'text;
            };
            if double && next == '\\' {
                let here = (line, col);
                raw.next();
                advance(next, &mut line, &mut col);
                let Some(escaped) = raw.next() else {
                    place(usize::MAX, here, &mut found);
                    break 'text;
                };
                advance(escaped, &mut line, &mut col);
                if escaped == '\n' || escaped == '\r' {
                    // A line continuation: produces nothing.
                    continue;
                }
                let hex = match escaped {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => 0,
                };
                for _ in 0..hex {
                    if let Some(digit) = raw.next() {
                        advance(digit, &mut line, &mut col);
                    }
                }
                place(index, here, &mut found);
                break;
            }
            if next == ch {
                place(index, (line, col), &mut found);
                raw.next();
                advance(next, &mut line, &mut col);
                break;
            }
            if next.is_whitespace() || (single && next == '\'') {
                // Indentation, a folded line break or the second quote of `''`.
                raw.next();
                advance(next, &mut line, &mut col);
                continue;
            }
            // A character of the text that is not in the source (a line break from folding, or
            // a block scalar's leading empty lines): it belongs where the source is now.
            place(index, (line, col), &mut found);
            break;
        }
    }
    found.resize(offsets.len(), (line, col));
    found
}
