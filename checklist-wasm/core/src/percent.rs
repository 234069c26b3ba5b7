//! Percent-encoding: for values in the storage format and for `mailto:` links (RFC 3986).

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

/// Encodes every byte outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`) as `%XX`.
///
/// ```
/// assert_eq!(stepwise_core::percent::encode("a b&c\n"), "a%20b%26c%0A");
/// assert_eq!(stepwise_core::percent::encode("é"), "%C3%A9");
/// ```
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            push_escape(&mut out, byte);
        }
    }
    out
}

/// Encodes only what the storage format must: `%`, whitespace and control characters, so
/// saved values stay readable in an export file.
pub fn encode_minimal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch == '%' || ch.is_whitespace() || ch.is_control() {
            let mut buffer = [0u8; 4];
            for &byte in ch.encode_utf8(&mut buffer).as_bytes() {
                push_escape(&mut out, byte);
            }
        } else {
            out.push(ch);
        }
    }
    out
}

fn push_escape(out: &mut String, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(HEX[usize::from(byte >> 4)]));
    out.push(char::from(HEX[usize::from(byte & 0xF)]));
}

/// Decodes `%XX` escapes. `None` if an escape is malformed or the result is not UTF-8.
pub fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn minimal_encoding_keeps_text_readable() {
        assert_eq!(
            encode_minimal("Jane Doe 100%\nok"),
            "Jane%20Doe%20100%25%0Aok"
        );
        assert_eq!(
            decode("Jane%20Doe%20100%25%0Aok").as_deref(),
            Some("Jane Doe 100%\nok")
        );
    }

    #[test]
    fn malformed_escapes_are_rejected() {
        assert_eq!(decode("%2"), None);
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%FF"), None);
        assert_eq!(decode("%+1"), None);
    }

    proptest! {
        #[test]
        fn both_encodings_round_trip(text in "\\PC*|[\\s\\S]*") {
            prop_assert_eq!(decode(&encode(&text)), Some(text.clone()));
            prop_assert_eq!(decode(&encode_minimal(&text)), Some(text));
        }

        #[test]
        fn decoding_anything_never_panics(text in "[\\s\\S]*") {
            let _ = decode(&text);
        }
    }
}
