//! The one place that knows which YAML library is in use (`granit-parser`, a maintained
//! pure-Rust YAML 1.2 parser whose events carry exact source spans).
//!
//! [`parse`] turns YAML text into a tree of [`Node`]s, each knowing where it was written.
//! [`Node::mapping`] checks a mapping against the keys it may have, and its typed getters
//! ([`Mapping::text`], [`Mapping::whole_number`], …) record a positioned [`Problem`] in
//! [`Problems`] for every unknown key, duplicate key and wrong-typed value, so that every problem
//! of a block is reported at once, each at its own line and column. `site.yaml`, front matter
//! and composer blocks are all checked this way.
//!
//! Free-form values (`extra`) become [`Extra`], a YAML-library-independent value that themes read.

mod mapping;
mod value;

use std::collections::HashMap;

use granit_parser::{Event, Marker, Options, Parser, ScalarStyle, ScanError, Span, StructureStyle};

use mapping::Entry;
pub use mapping::{Mapping, Problems, Spanned, Text};
pub use value::{Extra, Value};

/// A place in the file that holds the YAML: 1-based line and 1-based column (in characters).
pub type Position = (usize, usize);

/// One problem found in YAML text, at its position in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, in the file.
    pub at: Position,
    /// What is wrong, without the location.
    pub message: String,
}

/// How deeply lists and mappings may nest in one document. The tree is built without
/// recursion, but the values it becomes are walked recursively (and templates read them), so
/// the limit keeps any input from exhausting the stack.
pub const MAX_DEPTH: usize = 64;

/// At most this many bytes of text copied by aliases in one document (the number of values
/// has a budget of its own).
pub const ALIAS_BYTES_BUDGET: usize = 16 * 1024 * 1024;

/// At most this many nodes (counting every copy an alias makes) in one document: a few aliases
/// of aliases could otherwise expand to more than memory holds.
const NODE_BUDGET: usize = 100_000;

/// Parses one YAML document whose first line is line `first_line` of its file (1 for a whole
/// file), so that every position is a position in that file. A syntax error stops the parse
/// and is returned at its position; an empty document is a null [`Node`].
pub fn parse(text: &str, first_line: usize) -> Result<Node, Problem> {
    let mut options = Options::default();
    options.emit_comments = false;
    let mut builder = Builder {
        line_offset: first_line.saturating_sub(1),
        ..Builder::default()
    };
    for next in Parser::new_from_str_with_options(text, options) {
        let (event, span) = next.map_err(|error| builder.syntax_problem(&error))?;
        builder.event(text, event, span)?;
    }
    Ok(builder.root.unwrap_or(Node {
        at: (first_line.max(1), 1),
        kind: Kind::Scalar(Scalar::null()),
    }))
}

/// A YAML value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    at: Position,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Scalar(Scalar),
    List(Vec<Node>),
    /// Entries in document order, duplicates included (they are reported when checked).
    Map(Vec<(Node, Node)>),
}

/// A scalar: its text after YAML's escapes and folding, what the YAML 1.2 core schema resolves
/// it to, and enough of its source to map offsets in its text back to the YAML.
#[derive(Debug, Clone, PartialEq)]
struct Scalar {
    text: String,
    resolved: Resolved,
    style: ScalarStyle,
    /// The scalar as written (quotes included; a block scalar's lines without its header).
    raw: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str,
}

impl Scalar {
    fn null() -> Self {
        Self {
            text: String::new(),
            resolved: Resolved::Null,
            style: ScalarStyle::Plain,
            raw: String::new(),
        }
    }
}

/// Builds the tree from the parser's events.
#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    /// Anchored nodes by anchor id, with how many nodes each holds.
    anchors: HashMap<usize, (Node, usize)>,
    /// The bytes of text the aliases so far have copied.
    alias_bytes: usize,
    nodes: usize,
    documents: usize,
    /// Added to the parser's lines: the YAML's first line in its file, less one.
    line_offset: usize,
}

struct Frame {
    at: Position,
    /// `[` or `{` for a flow collection.
    flow: Option<char>,
    anchor: usize,
    nodes_before: usize,
    content: FrameContent,
}

enum FrameContent {
    List(Vec<Node>),
    Map(Vec<(Node, Node)>, Option<Node>),
}

impl Builder {
    /// Takes one event.
    fn event(&mut self, text: &str, event: Event<'_>, span: Span) -> Result<(), Problem> {
        let at = self.position(span.start);
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(Problem {
                        at,
                        message: "only one YAML document is allowed here: remove this `---`"
                            .to_owned(),
                    });
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let resolved = resolve(&value, style, tag.as_deref().and_then(|t| t.core_suffix()));
                let raw = span
                    .byte_range()
                    .and_then(|range| text.get(range))
                    .unwrap_or_default()
                    .to_owned();
                let node = Node {
                    at,
                    kind: Kind::Scalar(Scalar {
                        text: value.into_owned(),
                        resolved,
                        style,
                        raw,
                    }),
                };
                self.count(1, at)?;
                if anchor != 0 {
                    self.anchors.insert(anchor, (node.clone(), 1));
                }
                self.push(node);
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if self.stack.len() >= MAX_DEPTH => {
                return Err(Problem {
                    at,
                    message: format!(
                        "values are nested more than {MAX_DEPTH} deep here: settings and front matter need only a few levels"
                    ),
                });
            }
            Event::SequenceStart(style, anchor, _) => {
                let flow = (style == StructureStyle::Flow).then_some('[');
                self.open(at, flow, anchor, FrameContent::List(Vec::new()));
            }
            Event::MappingStart(style, anchor, _) => {
                let flow = (style == StructureStyle::Flow).then_some('{');
                self.open(at, flow, anchor, FrameContent::Map(Vec::new(), None));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let kind = match frame.content {
                        FrameContent::List(items) => Kind::List(items),
                        FrameContent::Map(entries, _) => Kind::Map(entries),
                    };
                    let node = Node { at: frame.at, kind };
                    if frame.anchor != 0 {
                        let size = self.nodes - frame.nodes_before;
                        self.anchors.insert(frame.anchor, (node.clone(), size));
                    }
                    self.push(node);
                }
            }
            Event::Alias(id) => {
                let (node, size) = self.anchors.get(&id).cloned().ok_or_else(|| Problem {
                    at,
                    message: "this alias names no anchor defined before it".to_owned(),
                })?;
                self.count(size, at)?;
                // Each alias copies its value: count the text too, or a few aliases of one long
                // text would ask for more memory than there is.
                self.alias_bytes += node.text_bytes();
                if self.alias_bytes > ALIAS_BYTES_BUDGET {
                    return Err(Problem {
                        at,
                        message: format!(
                            "the aliases (`*name`) of this YAML copy more than {} MiB of text: use fewer",
                            ALIAS_BYTES_BUDGET / (1024 * 1024)
                        ),
                    });
                }
                self.push(node);
            }
            _ => {}
        }
        Ok(())
    }

    /// The parser's error at its position; inside a flow collection opened on an earlier line,
    /// at that collection's bracket instead (an unclosed `[` is often only noticed lines later).
    fn syntax_problem(&self, error: &ScanError) -> Problem {
        let at = self.position(*error.marker());
        let message = error.info();
        if message == "recursion limit exceeded" {
            // The scanner's own guard, met in flow collections before the tree's limit.
            return Problem {
                at,
                message: format!(
                    "values are nested more than {MAX_DEPTH} deep here: settings and front matter need only a few levels"
                ),
            };
        }
        let open = self
            .stack
            .iter()
            .rev()
            .find_map(|frame| frame.flow.map(|bracket| (bracket, frame.at)));
        if let Some((bracket, opened)) = open
            && opened.0 < at.0
        {
            // Report it where the mistake most likely is: the bracket left open.
            let close = if bracket == '[' { ']' } else { '}' };
            return Problem {
                at: opened,
                message: format!(
                    "this `{bracket}` is never closed with `{close}` (the YAML stops making sense at line {}, column {}: {message})",
                    at.0, at.1
                ),
            };
        }
        Problem { at, message }
    }

    fn position(&self, marker: Marker) -> Position {
        (marker.line().max(1) + self.line_offset, marker.col() + 1)
    }

    fn open(&mut self, at: Position, flow: Option<char>, anchor: usize, content: FrameContent) {
        self.stack.push(Frame {
            at,
            flow,
            anchor,
            nodes_before: self.nodes,
            content,
        });
        self.nodes += 1;
    }

    fn count(&mut self, nodes: usize, at: Position) -> Result<(), Problem> {
        self.nodes += nodes;
        if self.nodes > NODE_BUDGET {
            return Err(Problem {
                at,
                message: format!(
                    "this YAML expands to more than {NODE_BUDGET} values: use fewer aliases (`*name`)"
                ),
            });
        }
        Ok(())
    }

    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(frame) => match &mut frame.content {
                FrameContent::List(items) => items.push(node),
                FrameContent::Map(entries, pending) => match pending.take() {
                    None => *pending = Some(node),
                    Some(key) => entries.push((key, node)),
                },
            },
        }
    }
}

/// Resolves a scalar by the YAML 1.2 core schema: only plain scalars (or core tags) are
/// anything but text.
fn resolve(text: &str, style: ScalarStyle, core_tag: Option<&str>) -> Resolved {
    match core_tag {
        Some("str") => return Resolved::Str,
        Some(_) => {}
        None if style != ScalarStyle::Plain => return Resolved::Str,
        None => {}
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    let radix = |prefix: &str, radix: u32| {
        text.strip_prefix(prefix)
            .filter(|digits| !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix)))
            .map(|digits| i64::from_str_radix(digits, radix).ok())
    };
    if let Some(value) = radix("0o", 8).or_else(|| radix("0x", 16)) {
        return value.map_or(Resolved::Str, Resolved::Int);
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.is_empty() && unsigned.chars().all(|c| c.is_ascii_digit()) {
        return match text.parse::<i64>() {
            Ok(value) => Resolved::Int(value),
            Err(_) => text.parse().map_or(Resolved::Str, Resolved::Float),
        };
    }
    if is_float(unsigned) {
        return text.parse().map_or(Resolved::Str, Resolved::Float);
    }
    Resolved::Str
}

/// `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`, the core schema's floats.
fn is_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(index) => (&text[..index], Some(&text[index + 1..])),
        None => (text, None),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty())
        }
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

impl Node {
    /// The bytes of text this value holds, its children's included (for the alias budget).
    fn text_bytes(&self) -> usize {
        match &self.kind {
            Kind::Scalar(scalar) => scalar.text.len() + scalar.raw.len(),
            Kind::List(items) => items.iter().map(Node::text_bytes).sum(),
            Kind::Map(entries) => entries
                .iter()
                .map(|(key, value)| key.text_bytes() + value.text_bytes())
                .sum(),
        }
    }

    /// Where the value starts (for a block scalar, where its first line's text starts).
    pub fn at(&self) -> Position {
        self.at
    }

    fn scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            Kind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        self.scalar()
            .is_some_and(|scalar| scalar.resolved == Resolved::Null)
    }

    /// What this value is, for messages: "a list", "a mapping", or a short scalar as written.
    fn describe(&self) -> String {
        match &self.kind {
            Kind::List(_) => "a list".to_owned(),
            Kind::Map(_) => "a mapping".to_owned(),
            Kind::Scalar(scalar) => {
                let raw = scalar.raw.trim();
                if raw.is_empty() || raw.contains('\n') || raw.chars().count() > 40 {
                    "text".to_owned()
                } else {
                    format!("`{raw}`")
                }
            }
        }
    }

    /// This node as a mapping whose keys must be among `known`. A key not in `known` or given
    /// twice is recorded in `problems` at the key; `what` names the mapping in the message when
    /// it is not a mapping at all (then `None`). A null node (an empty document) is an empty
    /// mapping.
    pub fn mapping<'a>(
        &'a self,
        what: &str,
        known: &'static [&'static str],
        problems: &'a Problems,
    ) -> Option<Mapping<'a>> {
        self.checked_mapping(what, known, problems, false)
    }

    /// Like [`Node::mapping`], but keys that are not `known` are kept (see
    /// [`Mapping::unknown`]) instead of reported: for content written for another tool.
    pub fn mapping_keeping_unknown<'a>(
        &'a self,
        what: &str,
        known: &'static [&'static str],
        problems: &'a Problems,
    ) -> Option<Mapping<'a>> {
        self.checked_mapping(what, known, problems, true)
    }

    fn checked_mapping<'a>(
        &'a self,
        what: &str,
        known: &'static [&'static str],
        problems: &'a Problems,
        keep_unknown: bool,
    ) -> Option<Mapping<'a>> {
        let entries: &[(Node, Node)] = match &self.kind {
            Kind::Map(entries) => entries,
            _ if self.is_null() => &[],
            _ => {
                problems.report(
                    self.at,
                    format!(
                        "{what} must be a mapping of keys to values (such as `{}: …`), not {}",
                        known.first().copied().unwrap_or("key"),
                        self.describe()
                    ),
                );
                return None;
            }
        };
        let mut checked: Vec<Entry<'a>> = Vec::with_capacity(entries.len());
        let mut unknown: Vec<Entry<'a>> = Vec::new();
        for (key, value) in entries {
            let Some(name) = key.scalar().map(|scalar| scalar.text.as_str()) else {
                problems.report(
                    key.at,
                    format!(
                        "a key must be a name such as `{}`",
                        known.first().copied().unwrap_or("key")
                    ),
                );
                continue;
            };
            if let Some(first) = checked.iter().find(|entry| entry.key == name) {
                problems.report(
                    key.at,
                    format!(
                        "duplicate key `{name}` (first given on line {}): keep one",
                        first.at.0
                    ),
                );
                continue;
            }
            if !known.contains(&name) && keep_unknown {
                unknown.push(Entry {
                    key: name,
                    at: key.at,
                    value,
                });
                continue;
            }
            if !known.contains(&name) {
                problems.report(
                    key.at,
                    format!("unknown key `{name}` (known keys: {})", known.join(", ")),
                );
                continue;
            }
            checked.push(Entry {
                key: name,
                at: key.at,
                value,
            });
        }
        Some(Mapping {
            at: self.at,
            entries: checked,
            unknown,
            problems,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &["title", "weight", "draft", "tags", "extra", "body"];

    fn check(text: &str) -> (Vec<String>, Option<i64>) {
        let root = parse(text, 1).expect("valid YAML");
        let problems = Problems::new();
        let mut weight = None;
        if let Some(map) = root.mapping("the sample", KEYS, &problems) {
            map.text("title");
            weight = map.whole_number("weight").map(|w| w.value);
            map.boolean("draft");
            map.text_list("tags");
            map.extra("extra");
        }
        let rendered = problems
            .into_vec()
            .into_iter()
            .map(|p| format!("{}:{}: {}", p.at.0, p.at.1, p.message))
            .collect();
        (rendered, weight)
    }

    #[test]
    fn every_problem_is_reported_at_its_key_or_value() {
        let (problems, _) = check(
            "title: [a, b]\ntitel: typo\nweight: heavy\ndraft: maybe\ntags: [ok, [no]]\nextra: 3\ntitle: again\n",
        );
        assert_eq!(
            problems,
            [
                "2:1: unknown key `titel` (known keys: title, weight, draft, tags, extra, body)",
                "7:1: duplicate key `title` (first given on line 1): keep one",
                "1:8: `title` must be text, not a list",
                "3:9: `weight` must be a whole number, not `heavy`",
                "4:8: `draft` must be `true` or `false`, not `maybe`",
                "5:12: each item of `tags` must be text, not a list",
                "6:8: `extra` must be a mapping of keys to values, not `3`",
            ]
        );
    }

    #[test]
    fn values_resolve_by_the_core_schema() {
        assert_eq!(check("weight: 12\n").1, Some(12));
        assert_eq!(check("weight: -0x10\n").1, None);
        assert_eq!(check("weight: 0x10\n").1, Some(16));
        assert_eq!(check("weight: ~\n"), (vec![], None));
        let (problems, weight) = check("weight: '12'\n");
        assert_eq!(weight, None);
        assert_eq!(
            problems,
            ["1:9: `weight` must be a whole number, not `'12'`"]
        );
        // Plain scalars of any kind are text where text is asked for.
        assert_eq!(check("title: 2024\ndraft: true\n").0, Vec::<String>::new());
        assert!(is_float("1.5e3") && is_float(".5") && !is_float(".") && !is_float("1e"));
    }

    #[test]
    fn syntax_errors_stop_at_their_position() {
        let error = parse("title: ok\nbody: [unclosed\n", 1).expect_err("bad syntax");
        assert_eq!(error.at, (2, 7));
        assert!(error.message.contains("unclosed"), "{}", error.message);
        let error = parse("a: 1\n---\nb: 2\n", 1).expect_err("two documents");
        assert_eq!(error.at.0, 2);
        // Positions are in the file that holds the YAML.
        let error = parse("title: ok\nbody: [unclosed\nmore: x\n", 5).expect_err("bad syntax");
        assert_eq!(error.at, (6, 7));
        assert!(
            error.message.starts_with(
                "this `[` is never closed with `]` (the YAML stops making sense at line 7, column 5:"
            ),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_non_mapping_document_is_one_problem() {
        let root = parse("- a\n- b\n", 1).expect("valid");
        let problems = Problems::new();
        assert!(root.mapping("site.yaml", KEYS, &problems).is_none());
        assert_eq!(
            problems.into_vec()[0].message,
            "site.yaml must be a mapping of keys to values (such as `title: …`), not a list"
        );
        let empty = parse("# nothing\n", 1).expect("valid");
        assert!(empty.mapping("x", KEYS, &Problems::new()).is_some());
    }

    #[test]
    fn aliases_are_copies_within_a_budget() {
        let root = parse("a: &x [1, 2]\nb: *x\n", 1).expect("valid");
        let problems = Problems::new();
        let map = root.mapping("x", &["a", "b"], &problems).expect("mapping");
        assert_eq!(map.list("b", "numbers").map(|items| items.len()), Some(2));

        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (name, previous) in ["b", "c", "d", "e", "f"]
            .iter()
            .zip(["a", "b", "c", "d", "e"])
        {
            bomb.push_str(&format!(
                "{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
            ));
        }
        let error = parse(&bomb, 1).expect_err("too big");
        assert!(error.message.contains("aliases"), "{}", error.message);
    }

    #[test]
    fn extra_serializes_in_the_order_written() {
        let root = parse(
            "extra:\n  zeta: 1\n  alpha: [true, 2.5, text]\n  none: ~\n  neg: -3\n",
            1,
        )
        .expect("valid");
        let problems = Problems::new();
        let map = root.mapping("x", KEYS, &problems).expect("mapping");
        let extra = map.extra("extra");
        assert!(problems.is_empty());
        assert_eq!(
            serde_json::to_string(&extra).expect("serializes"),
            r#"{"zeta":1,"alpha":[true,2.5,"text"],"none":null,"neg":-3}"#
        );
        assert_eq!(
            serde_json::to_string(&Extra::default()).expect("null"),
            "null"
        );
    }

    fn position_in(yaml: &str, needle: &str) -> Position {
        let root = parse(yaml, 1).expect("valid");
        let problems = Problems::new();
        let map = root.mapping("x", KEYS, &problems).expect("mapping");
        let text = map.text("body").expect("body");
        let offset = text.value.find(needle).expect("needle in the text");
        text.position_of(offset)
    }

    #[test]
    fn offsets_in_text_map_back_to_the_source() {
        assert_eq!(position_in("body: plain {{x}}\n", "{{x"), (1, 13));
        assert_eq!(position_in("body: \"a \\\"b\\\" {{x}}\"\n", "{{x"), (1, 16));
        assert_eq!(position_in("body: 'it''s {{x}}'\n", "{{x"), (1, 14));
        assert_eq!(
            position_in("body: |\n  one\n    two {{x}}\n", "{{x"),
            (3, 9)
        );
        assert_eq!(position_in("body: |\n\n  after {{x}}\n", "{{x"), (3, 9));
        assert_eq!(
            position_in("body: >\n  folded\n  line {{x}}\n", "{{x"),
            (3, 8)
        );
        assert_eq!(position_in("body: \"two\n  lines {{x}}\"\n", "{{x"), (2, 9));
        assert_eq!(position_in("body: \"caf\\u00e9 {{x}}\"\n", "{{x"), (1, 18));
        assert_eq!(position_in("body: \"é {{x}}\"\n", "{{x"), (1, 10));
    }
}
