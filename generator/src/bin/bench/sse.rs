//! Reading the live-reload stream as a browser does: the HTTP response head, then server-sent
//! events (`event:` and `data:` lines ended by a blank line; `:` comments such as keep-alives
//! ignored). Pure: bytes in, events out, in whatever pieces the bytes arrive.

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Event {
    /// Its `event:` name (`message` when none was given).
    pub(crate) name: String,
    /// Its `data:` lines, joined with newlines.
    pub(crate) data: String,
}

/// Turns the bytes of a response into events.
#[derive(Debug, Default)]
pub(crate) struct Parser {
    /// Bytes of a line not ended yet.
    line: Vec<u8>,
    /// Whether the status line has been read, and the head's blank line.
    status_read: bool,
    head_done: bool,
    name: Option<String>,
    data: Vec<String>,
}

impl Parser {
    /// Reads more of the response; returns the events it completes, or the response's status
    /// line if it is not `200`.
    pub(crate) fn feed(&mut self, bytes: &[u8]) -> Result<Vec<Event>, String> {
        let mut events = Vec::new();
        for &byte in bytes {
            if byte != b'\n' {
                self.line.push(byte);
                continue;
            }
            let mut line = String::from_utf8_lossy(&self.line).into_owned();
            self.line.clear();
            if line.ends_with('\r') {
                line.pop();
            }
            if let Some(event) = self.line_done(&line)? {
                events.push(event);
            }
        }
        Ok(events)
    }

    fn line_done(&mut self, line: &str) -> Result<Option<Event>, String> {
        if !self.status_read {
            self.status_read = true;
            let mut parts = line.split(' ');
            return match (parts.next(), parts.next()) {
                (Some(version), Some("200")) if version.starts_with("HTTP/") => Ok(None),
                _ => Err(format!("the live-reload stream answered `{line}`")),
            };
        }
        if !self.head_done {
            self.head_done = line.is_empty();
            return Ok(None);
        }
        if line.is_empty() {
            if self.name.is_none() && self.data.is_empty() {
                return Ok(None);
            }
            return Ok(Some(Event {
                name: self.name.take().unwrap_or_else(|| "message".to_owned()),
                data: std::mem::take(&mut self.data).join("\n"),
            }));
        }
        if line.starts_with(':') {
            return Ok(None);
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => self.name = Some(value.to_owned()),
            "data" => self.data.push(value.to_owned()),
            _ => {}
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\r\n";

    fn event(name: &str, data: &str) -> Event {
        Event {
            name: name.to_owned(),
            data: data.to_owned(),
        }
    }

    #[test]
    fn reads_events_after_the_head_and_skips_keep_alives() {
        let mut parser = Parser::default();
        let text = format!(
            "{HEAD}event: version\ndata: 1\n\n: keep-alive\n\nevent: problems\ndata: a.md:1:1: error: x\ndata: b\n\n"
        );
        assert_eq!(
            parser.feed(text.as_bytes()),
            Ok(vec![
                event("version", "1"),
                event("problems", "a.md:1:1: error: x\nb")
            ])
        );
    }

    #[test]
    fn events_may_arrive_in_pieces() {
        let mut parser = Parser::default();
        let text = format!("{HEAD}event: reload\r\ndata: 7\r\n\r\nevent: rel");
        let mut events = Vec::new();
        for byte in text.as_bytes() {
            events.extend(parser.feed(&[*byte]).unwrap_or_default());
        }
        assert_eq!(events, vec![event("reload", "7")]);
        assert_eq!(
            parser.feed(b"oad\ndata:\n\n"),
            Ok(vec![event("reload", "")])
        );
    }

    #[test]
    fn a_refusal_is_an_error() {
        let mut parser = Parser::default();
        assert_eq!(
            parser.feed(b"HTTP/1.1 503 Service Unavailable\r\n\r\n"),
            Err("the live-reload stream answered `HTTP/1.1 503 Service Unavailable`".to_owned())
        );
    }
}
