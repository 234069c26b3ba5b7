//! Calendar files (iCalendar, RFC 5545) for deadlines, built on the reader's device: one
//! all-day event per deadline, with reminders before it.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use crate::date::Date;

/// One deadline as a calendar event, as the build knows it (everything but the dates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    /// Unique and stable for the deadline, so importing the file again updates the event
    /// instead of adding a second one (`tiktok-promotion-refund.card-fcba`).
    pub uid: &'a str,
    /// The event's title (`Send your letter to the card company`).
    pub summary: &'a str,
    /// More about it: the rule and its note.
    pub description: &'a str,
    /// The page the deadline comes from, if known.
    pub url: &'a str,
}

/// Reminders go off this many days before the deadline (at the start of that day).
pub const REMINDER_DAYS: [u32; 2] = [7, 1];

/// The lines of an event whose values the device fills in: when the file is made, the first
/// day and the day after the last.
const STAMP: &str = "DTSTAMP:";
const START: &str = "DTSTART;VALUE=DATE:";
const END: &str = "DTEND;VALUE=DATE:";

/// The event, escaped and folded (RFC 5545), with its lines ended by `\n` alone (HTML
/// attributes turn CRLF into LF anyway) and its three date lines left without a value for
/// [`calendar`] to fill in. Built at build time and carried in the page, so the browser module
/// only adds the dates.
pub fn event_template(event: &Event<'_>) -> String {
    let mut out = String::new();
    let summary = escape(event.summary);
    let mut line = |parts: &[&str]| push_line(&mut out, &crate::text::cat(parts));
    line(&["BEGIN:VEVENT"]);
    line(&["UID:", &escape(event.uid)]);
    line(&[STAMP]);
    line(&[START]);
    line(&[END]);
    line(&["SUMMARY:", &summary]);
    if !event.description.is_empty() {
        line(&["DESCRIPTION:", &escape(event.description)]);
    }
    if !event.url.is_empty() && !event.url.contains(['\r', '\n']) {
        line(&["URL:", event.url]);
    }
    for days in REMINDER_DAYS {
        line(&["BEGIN:VALARM"]);
        line(&["ACTION:DISPLAY"]);
        line(&["DESCRIPTION:", &summary]);
        line(&[
            "TRIGGER;RELATED=START:-P",
            &crate::text::number(u64::from(days)),
            "D",
        ]);
        line(&["END:VALARM"]);
    }
    line(&["END:VEVENT"]);
    out
}

/// The calendar file for `events` (each an [`event_template`] and its last day), stamped
/// `now_millis` (milliseconds since 1970, UTC). Lines end with CRLF, as RFC 5545 requires.
pub fn calendar(events: &[(String, Date)], now_millis: u64) -> String {
    let stamp = utc_stamp(now_millis);
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Stepwise//Deadlines//EN\r\nMETHOD:PUBLISH\r\n",
    );
    for (template, date) in events {
        for line in template.split('\n').filter(|line| !line.is_empty()) {
            let line = line.strip_suffix('\r').unwrap_or(line);
            out.push_str(line);
            match line {
                STAMP => out.push_str(&stamp),
                START => out.push_str(&compact(*date)),
                END => out.push_str(&compact(date.add_days(1))),
                _ => {}
            }
            out.push_str("\r\n");
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// `20270314`.
fn compact(date: Date) -> String {
    let mut out = date.iso();
    out.retain(|c| c != '-');
    out
}

/// `20261202T013000Z` for `millis` since 1970 (UTC).
pub fn utc_stamp(millis: u64) -> String {
    let seconds = millis / 1000;
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let of_day = seconds % 86_400;
    let date = Date::from_days_since_epoch(days)
        .or_else(|| Date::new(1970, 1, 1))
        .map_or_else(|| "19700101".to_owned(), compact);
    let two = |value: u64| {
        let digits = crate::text::number(value);
        if digits.len() < 2 {
            crate::text::cat(&["0", &digits])
        } else {
            digits
        }
    };
    crate::text::cat(&[
        &date,
        "T",
        &two(of_day / 3600),
        &two(of_day / 60 % 60),
        &two(of_day % 60),
        "Z",
    ])
}

/// RFC 5545 TEXT escaping: backslash, semicolon and comma escaped, line breaks as `\n`, other
/// control characters dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_return = false;
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => out.push_str("\\n"),
            // A CRLF is one line break.
            '\n' if after_return => {}
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {}
            c => out.push(c),
        }
        after_return = c == '\r';
    }
    out
}

/// Appends `line`, folded so no line is longer than 75 octets (continuations start with a
/// space), never inside a UTF-8 character, and ended with `\n` ([`calendar`] writes CRLF).
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn event(summary: &str, description: &str) -> (String, Date) {
        let template = event_template(&Event {
            uid: "guide.card-fcba",
            summary,
            description,
            url: "https://example.org/guide/card/",
        });
        (
            template,
            Date::parse("2027-03-14").expect("valid in the test"),
        )
    }

    fn file(events: &[(String, Date)], now: u64) -> String {
        calendar(events, now)
    }

    #[test]
    fn a_calendar_with_one_event() {
        let text = file(
            &[event("Send your letter", "60 days after, you know")],
            1_796_175_000_000,
        );
        assert_eq!(
            text,
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Stepwise//Deadlines//EN\r\nMETHOD:PUBLISH\r\n\
             BEGIN:VEVENT\r\nUID:guide.card-fcba\r\nDTSTAMP:20261202T013000Z\r\nDTSTART;VALUE=DATE:20270314\r\n\
             DTEND;VALUE=DATE:20270315\r\nSUMMARY:Send your letter\r\nDESCRIPTION:60 days after\\, you know\r\n\
             URL:https://example.org/guide/card/\r\n\
             BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Send your letter\r\nTRIGGER;RELATED=START:-P7D\r\nEND:VALARM\r\n\
             BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Send your letter\r\nTRIGGER;RELATED=START:-P1D\r\nEND:VALARM\r\n\
             END:VEVENT\r\nEND:VCALENDAR\r\n"
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a;b,c\\d\ne\r\nf\u{7}g"), "a\\;b\\,c\\\\d\\ne\\nfg");
    }

    #[test]
    fn stamps_are_utc() {
        assert_eq!(utc_stamp(0), "19700101T000000Z");
        assert_eq!(utc_stamp(951_782_400_000), "20000229T000000Z");
        assert_eq!(utc_stamp(1_796_175_045_999), "20261202T013045Z");
    }

    proptest! {
        #[test]
        fn lines_are_folded_and_unfold_to_what_was_written(summary in "\\PC{0,300}") {
            let (template, _) = event(&summary, &summary);
            prop_assert!(!template.contains('\r'), "templates travel in HTML attributes");
            let text = file(&[event(&summary, &summary)], 0);
            prop_assert!(text.ends_with("\r\n"));
            for line in text.split("\r\n") {
                prop_assert!(line.len() <= 75, "{line:?}");
            }
            let unfolded = text.replace("\r\n ", "");
            let expected = crate::text::cat(&["SUMMARY:", &escape(&summary), "\r\n"]);
            prop_assert!(unfolded.contains(&expected));
        }
    }
}
