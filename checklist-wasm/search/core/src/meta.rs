//! A page's metadata file: its address, title and text by heading, one record per section,
//! checklist item and composer. The browser reads it for a result's title, the anchor it
//! lands on, and the excerpt.
//!
//! Plain UTF-8 lines: the address, the title, then one record a line, its fields separated by
//! tabs: kind (`s` section, `i` checklist item, `c` composer), anchor (empty: the page's top),
//! heading, text. Fields never hold tabs, line breaks or other control characters
//! ([`clean`]).

/// What a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text under a heading (or above the first one).
    Section,
    /// One checklist item.
    Item,
    /// A message composer (its title).
    Composer,
}

impl Kind {
    fn code(self) -> char {
        match self {
            Kind::Section => 's',
            Kind::Item => 'i',
            Kind::Composer => 'c',
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        match code {
            "s" => Some(Kind::Section),
            "i" => Some(Kind::Item),
            "c" => Some(Kind::Composer),
            _ => None,
        }
    }
}

/// One part of a page that a result can land on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// What it is.
    pub kind: Kind,
    /// The element id to land on (empty: the page itself).
    pub anchor: String,
    /// The heading above it (for items, the checklist's title).
    pub heading: String,
    /// Its text.
    pub text: String,
}

/// A page's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageMeta {
    /// The page's address (absolute path).
    pub url: String,
    /// The page's title.
    pub title: String,
    /// Its sections, items and composers, in page order.
    pub records: Vec<Record>,
}

/// `text` on one line: control characters (tabs, line breaks) become spaces, runs of white
/// space one space, no space at either end.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    clean_into(&mut out, text);
    out
}

/// [`clean`], appended to `out`: a byte loop, with characters decoded only where the text is
/// not ASCII (metadata files hold every page's text, so this runs over all of it).
fn clean_into(out: &mut String, text: &str) {
    let start = out.len();
    let bytes = text.as_bytes();
    // In ASCII, white space and control characters are the bytes up to the space, and DEL.
    let plain = |byte: u8| byte > b' ' && byte != 0x7F && byte < 0x80;
    let mut at = 0;
    while at < bytes.len() {
        // Skip what separates words.
        while at < bytes.len() && !plain(bytes[at]) {
            if bytes[at] < 0x80 {
                at += 1;
                continue;
            }
            let c = text[at..].chars().next().unwrap_or(' ');
            if !(c.is_whitespace() || c.is_control()) {
                break;
            }
            at += c.len_utf8();
        }
        // Then take the word.
        let from = at;
        while at < bytes.len() {
            if plain(bytes[at]) {
                at += 1;
                continue;
            }
            if bytes[at] < 0x80 {
                break;
            }
            let c = text[at..].chars().next().unwrap_or(' ');
            if c.is_whitespace() || c.is_control() {
                break;
            }
            at += c.len_utf8();
        }
        if at > from {
            if out.len() > start {
                out.push(' ');
            }
            out.push_str(&text[from..at]);
        }
    }
}

impl PageMeta {
    /// Encodes the metadata (fields are cleaned).
    pub fn encode(&self) -> String {
        let size: usize = self
            .records
            .iter()
            .map(|r| r.text.len() + r.heading.len() + 16)
            .sum();
        let mut out = String::with_capacity(size + self.url.len() + self.title.len() + 2);
        clean_into(&mut out, &self.url);
        out.push('\n');
        clean_into(&mut out, &self.title);
        out.push('\n');
        for record in &self.records {
            out.push(record.kind.code());
            for field in [&record.anchor, &record.heading, &record.text] {
                out.push('\t');
                clean_into(&mut out, field);
            }
            out.push('\n');
        }
        out
    }

    /// Decodes metadata; `None` if it is not well formed.
    pub fn decode(text: &str) -> Option<Self> {
        let mut lines = text.split('\n');
        let url = lines.next()?.to_owned();
        let title = lines.next()?.to_owned();
        let mut records = Vec::new();
        for line in lines.filter(|l| !l.is_empty()) {
            let mut fields = line.split('\t');
            let kind = Kind::from_code(fields.next()?)?;
            let anchor = fields.next()?.to_owned();
            let heading = fields.next()?.to_owned();
            let text = fields.next()?.to_owned();
            if fields.next().is_some() {
                return None;
            }
            records.push(Record {
                kind,
                anchor,
                heading,
                text,
            });
        }
        Some(Self {
            url,
            title,
            records,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_joins_words_with_one_space_whatever_separates_them() {
        let simple = |text: &str| {
            text.split(|c: char| c.is_whitespace() || c.is_control())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for text in [
            "",
            "  ",
            "one",
            " a\tb\n\nc\u{0B}d\u{7F}e ",
            "x\u{A0}y\u{2003}z\u{85}w\u{200B}v",
            "Geld zurück — שלום 退款\r\n申请 🙂",
        ] {
            assert_eq!(clean(text), simple(text), "{text:?}");
        }
    }

    #[test]
    fn metadata_round_trips_with_hostile_text_cleaned() {
        let meta = PageMeta {
            url: "/guide/steps/".into(),
            title: "Gather\tevidence\n".into(),
            records: vec![Record {
                kind: Kind::Item,
                anchor: "task-receipt".into(),
                heading: "What to keep".into(),
                text: "Payment\u{1}receipt\r\n  or  statement".into(),
            }],
        };
        let decoded = PageMeta::decode(&meta.encode()).expect("decodes");
        assert_eq!(decoded.title, "Gather evidence");
        assert_eq!(decoded.records[0].text, "Payment receipt or statement");
        assert_eq!(decoded.records[0].kind, Kind::Item);
        assert_eq!(PageMeta::decode("only a url"), None);
        assert_eq!(PageMeta::decode("u\nt\nx\ta\tb\tc\n"), None);
    }
}
