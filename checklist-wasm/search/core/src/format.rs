//! The index's files, byte by byte. Every file is served gzipped (the browser inflates it with
//! `DecompressionStream`); these are the bytes inside.
//!
//! - The root (`search/<lang>.bin`, fixed name, revalidated): page count, average page length,
//!   the first term of every term shard, the key of every dictionary shard, and the name of
//!   every page's metadata file.
//! - Term shards (`t.<hash>`): a sorted run of terms, each with its postings (page number
//!   deltas and one impact byte each).
//! - Dictionary shards (`d.<hash>`): the terms starting with one or two letters and how many
//!   pages hold each, for prefix and typo matching.
//! - Metadata (`m.<hash>`, one per page): the page's address, title and text by heading, for
//!   result titles and excerpts. Fetched only for results shown.
//!
//! Numbers are LEB128 varints; terms are front-coded (bytes shared with the previous term,
//! then the rest). Names carry a 32-bit FNV-1a hash of the file's bytes, so they can be cached
//! for a year.

/// The first bytes of a root file.
pub const MAGIC: &[u8; 4] = b"SWS1";

/// Appends `value` as a varint.
pub fn put_varint(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends `bytes` with their length first.
pub fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u32);
    out.extend_from_slice(bytes);
}

/// Appends `term` front-coded against `previous`.
pub fn put_term(out: &mut Vec<u8>, previous: &str, term: &str) {
    let shared = previous
        .bytes()
        .zip(term.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    // Never split a character: the shared part ends on a boundary of both.
    let shared = (0..=shared)
        .rev()
        .find(|&n| term.is_char_boundary(n))
        .unwrap_or(0);
    put_varint(out, shared as u32);
    put_bytes(out, &term.as_bytes()[shared..]);
}

/// 32-bit FNV-1a: short content hashes for file names.
pub fn hash32(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &byte in bytes {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// A file name: `kind` (`t`, `d`, `m`), a dot and the hash in 8 hex digits.
pub fn name(kind: char, hash: u32) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut name = String::with_capacity(10);
    name.push(kind);
    name.push('.');
    for shift in (0..8).rev() {
        name.push(HEX[((hash >> (shift * 4)) & 0xf) as usize] as char);
    }
    name
}

/// Reads what the `put_` functions write; every read checks bounds (`None` past the end).
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// Starts reading `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    /// Whether everything was read.
    pub fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    /// One byte.
    pub fn byte(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    /// A varint.
    pub fn varint(&mut self) -> Option<u32> {
        let mut value: u32 = 0;
        for shift in (0..35).step_by(7) {
            let byte = self.byte()?;
            value |= u32::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    /// Bytes with their length first.
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.varint()? as usize;
        self.take(n)
    }

    /// A front-coded term, given the previous one (which it replaces).
    pub fn term(&mut self, previous: &mut String) -> Option<()> {
        let shared = self.varint()? as usize;
        let rest = core::str::from_utf8(self.bytes()?).ok()?;
        if shared > previous.len() || !previous.is_char_boundary(shared) {
            return None;
        }
        previous.truncate(shared);
        previous.push_str(rest);
        Some(())
    }

    /// A 4-byte hash.
    pub fn hash(&mut self) -> Option<u32> {
        let b = self.take(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// The root file, decoded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Root {
    /// The index's language code.
    pub language: String,
    /// How many pages the index holds.
    pub pages: u32,
    /// Each term shard's first term (the first is empty) and hash.
    pub term_shards: Vec<(String, u32)>,
    /// Each dictionary shard's key (one or two characters) and hash.
    pub dict_shards: Vec<(String, u32)>,
    /// Each page's metadata hash.
    pub page_meta: Vec<u32>,
}

impl Root {
    /// Encodes the root.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        put_bytes(&mut out, self.language.as_bytes());
        put_varint(&mut out, self.pages);
        put_varint(&mut out, self.term_shards.len() as u32);
        let mut previous = "";
        for (first, hash) in &self.term_shards {
            put_term(&mut out, previous, first);
            out.extend_from_slice(&hash.to_le_bytes());
            previous = first;
        }
        put_varint(&mut out, self.dict_shards.len() as u32);
        for (key, hash) in &self.dict_shards {
            put_bytes(&mut out, key.as_bytes());
            out.extend_from_slice(&hash.to_le_bytes());
        }
        put_varint(&mut out, self.page_meta.len() as u32);
        for hash in &self.page_meta {
            out.extend_from_slice(&hash.to_le_bytes());
        }
        out
    }

    /// Decodes a root; `None` if the bytes are not one.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let mut r = Reader::new(bytes);
        if r.take(4)? != MAGIC {
            return None;
        }
        let language = core::str::from_utf8(r.bytes()?).ok()?.to_owned();
        let pages = r.varint()?;
        let count = r.varint()? as usize;
        let mut term_shards = Vec::with_capacity(count.min(bytes.len()));
        let mut term = String::new();
        for _ in 0..count {
            r.term(&mut term)?;
            term_shards.push((term.clone(), r.hash()?));
        }
        let count = r.varint()? as usize;
        let mut dict_shards = Vec::with_capacity(count.min(bytes.len()));
        for _ in 0..count {
            let key = core::str::from_utf8(r.bytes()?).ok()?.to_owned();
            dict_shards.push((key, r.hash()?));
        }
        let count = r.varint()? as usize;
        let mut page_meta = Vec::with_capacity(count.min(bytes.len()));
        for _ in 0..count {
            page_meta.push(r.hash()?);
        }
        r.done().then_some(Self {
            language,
            pages,
            term_shards,
            dict_shards,
            page_meta,
        })
    }

    /// The term shard that holds `term`, if any.
    pub fn term_shard(&self, term: &str) -> Option<usize> {
        let after = self
            .term_shards
            .partition_point(|(first, _)| first.as_str() <= term);
        after.checked_sub(1)
    }

    /// The dictionary shard for words starting like `word`: its first two characters' shard,
    /// else its first character's.
    pub fn dict_shard(&self, word: &str) -> Option<usize> {
        let mut ends = word.char_indices().map(|(i, c)| i + c.len_utf8());
        let one = ends.next()?;
        let two = ends.next();
        let find = |end: usize| {
            let key = word.get(..end)?;
            self.dict_shards.iter().position(|(k, _)| k == key)
        };
        two.and_then(find).or_else(|| find(one))
    }
}

/// One term and its postings: `(page, impact)` with pages ascending.
pub type Postings = Vec<(u32, u8)>;

/// Encodes a term shard.
pub fn encode_term_shard(terms: &[(&str, &Postings)]) -> Vec<u8> {
    let mut head = Vec::new();
    let mut blob = Vec::new();
    put_varint(&mut head, terms.len() as u32);
    let mut previous = "";
    for (term, postings) in terms {
        put_term(&mut head, previous, term);
        previous = term;
        let start = blob.len();
        let mut last = 0;
        for (i, &(page, impact)) in postings.iter().enumerate() {
            put_varint(&mut blob, if i == 0 { page } else { page - last });
            blob.push(impact);
            last = page;
        }
        put_varint(&mut head, postings.len() as u32);
        put_varint(&mut head, (blob.len() - start) as u32);
    }
    head.extend_from_slice(&blob);
    head
}

/// A decoded term shard: terms in order, each with its postings.
pub fn decode_term_shard(bytes: &[u8]) -> Option<Vec<(String, Postings)>> {
    let mut r = Reader::new(bytes);
    let count = r.varint()? as usize;
    let mut heads = Vec::with_capacity(count.min(bytes.len()));
    let mut term = String::new();
    for _ in 0..count {
        r.term(&mut term)?;
        let df = r.varint()? as usize;
        let len = r.varint()? as usize;
        heads.push((term.clone(), df, len));
    }
    let mut terms = Vec::with_capacity(heads.len());
    for (term, df, len) in heads {
        let mut p = Reader::new(r.take(len)?);
        let mut postings = Vec::with_capacity(df.min(len));
        let mut page: u32 = 0;
        for i in 0..df {
            let delta = p.varint()?;
            page = if i == 0 {
                delta
            } else {
                page.checked_add(delta)?
            };
            postings.push((page, p.byte()?));
        }
        terms.push((term, postings));
    }
    r.done().then_some(terms)
}

/// Encodes a dictionary shard: terms (sorted) and how many pages hold each.
pub fn encode_dict_shard(terms: &[(&str, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, terms.len() as u32);
    let mut previous = "";
    for (term, df) in terms {
        put_term(&mut out, previous, term);
        put_varint(&mut out, *df);
        previous = term;
    }
    out
}

/// A decoded dictionary shard.
pub fn decode_dict_shard(bytes: &[u8]) -> Option<Vec<(String, u32)>> {
    let mut r = Reader::new(bytes);
    let count = r.varint()? as usize;
    let mut terms = Vec::with_capacity(count.min(bytes.len()));
    let mut term = String::new();
    for _ in 0..count {
        r.term(&mut term)?;
        terms.push((term.clone(), r.varint()?));
    }
    r.done().then_some(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_and_reject_overflow() {
        let mut out = Vec::new();
        for n in [0, 1, 127, 128, 300, u32::MAX] {
            put_varint(&mut out, n);
        }
        let mut r = Reader::new(&out);
        for n in [0, 1, 127, 128, 300, u32::MAX] {
            assert_eq!(r.varint(), Some(n));
        }
        assert!(r.done());
        assert_eq!(Reader::new(&[0xff; 6]).varint(), None);
    }

    #[test]
    fn roots_round_trip_and_find_shards() {
        let root = Root {
            language: "en".into(),
            pages: 3,
            term_shards: vec![("".into(), 1), ("mango".into(), 2), ("ménage".into(), 3)],
            dict_shards: vec![("m".into(), 4), ("re".into(), 5), ("r".into(), 6)],
            page_meta: vec![7, 8, 9],
        };
        let decoded = Root::decode(&root.encode()).expect("decodes");
        assert_eq!(decoded, root);
        assert_eq!(root.term_shard("apple"), Some(0));
        assert_eq!(root.term_shard("mango"), Some(1));
        assert_eq!(root.term_shard("zebra"), Some(2));
        assert_eq!(root.dict_shard("receipt"), Some(1));
        assert_eq!(root.dict_shard("rz"), Some(2));
        assert_eq!(root.dict_shard("q"), None);
        assert_eq!(Root::decode(b"nope"), None);
        let encoded = root.encode();
        for cut in 0..encoded.len() {
            assert_eq!(Root::decode(&encoded[..cut]), None);
        }
    }

    #[test]
    fn term_shards_round_trip() {
        let a: Postings = vec![(0, 200), (5, 3), (70_000, 255)];
        let b: Postings = vec![(2, 1)];
        let bytes = encode_term_shard(&[("receipt", &a), ("récépissé", &b)]);
        let decoded = decode_term_shard(&bytes).expect("decodes");
        assert_eq!(
            decoded,
            vec![("receipt".into(), a), ("récépissé".into(), b)]
        );
        assert_eq!(decode_term_shard(&bytes[..bytes.len() - 1]), None);
    }

    #[test]
    fn dict_shards_round_trip() {
        let bytes = encode_dict_shard(&[("rec", 2), ("receipt", 9)]);
        assert_eq!(
            decode_dict_shard(&bytes),
            Some(vec![("rec".into(), 2), ("receipt".into(), 9)])
        );
    }

    #[test]
    fn names_are_kind_and_hash() {
        assert_eq!(name('t', 0x0a1b_2c3d), "t.0a1b2c3d");
        assert_ne!(hash32(b"a"), hash32(b"b"));
    }
}
