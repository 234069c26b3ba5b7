//! The calendar files deadlines make, read back by an independent iCalendar parser (the
//! `icalendar` crate): every event with its date, title, description, address and reminders.

use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
use stepwise_core::date::Date;
use stepwise_core::ics::{Event, calendar, event_template};

fn date(text: &str) -> Date {
    Date::parse(text).expect("a valid date")
}

#[test]
fn calendar_files_read_back_in_an_independent_parser() {
    let long = "Send your billing-error letter, with copies; of everything \\ you kept — 60 days after the date of the statement that first showed the charge, for US personal credit cards only";
    // Built at build time without dates (and carried in the page), dated on the device.
    let events = [
        (
            event_template(&Event {
                uid: "guide.card-fcba",
                summary: long,
                description: "60 days after the date of the statement\nthat first showed the charge",
                url: "https://example.org/guide/card/",
            }),
            date("2027-03-14"),
        ),
        (
            event_template(&Event {
                uid: "guide.visa",
                summary: "Ask for a chargeback (Visa)",
                description: "",
                url: "",
            }),
            date("2028-02-29"),
        ),
    ];
    let text = calendar(&events, 1_796_175_000_000);
    let parsed: Calendar = text.parse().expect("the parser reads the file");
    let found: Vec<_> = parsed
        .components
        .iter()
        .filter_map(|component| match component {
            CalendarComponent::Event(event) => Some(event),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 2, "{text}");

    let first = found[0];
    assert_eq!(first.get_uid(), Some("guide.card-fcba"));
    assert_eq!(first.get_summary(), Some(long));
    assert_eq!(
        first.get_description(),
        Some("60 days after the date of the statement\nthat first showed the charge")
    );
    assert_eq!(first.get_url(), Some("https://example.org/guide/card/"));
    match first.get_start() {
        Some(DatePerhapsTime::Date(day)) => assert_eq!(day.to_string(), "2027-03-14"),
        other => panic!("an all-day start, not {other:?}"),
    }
    match first.get_end() {
        Some(DatePerhapsTime::Date(day)) => assert_eq!(day.to_string(), "2027-03-15"),
        other => panic!("an all-day end, not {other:?}"),
    }
    let second = found[1];
    match second.get_start() {
        Some(DatePerhapsTime::Date(day)) => assert_eq!(day.to_string(), "2028-02-29"),
        other => panic!("an all-day start, not {other:?}"),
    }
    assert_eq!(second.get_description(), None);
    // Two reminders an event, 7 days and 1 day before.
    assert_eq!(text.matches("BEGIN:VALARM").count(), 4);
    assert_eq!(text.matches("TRIGGER;RELATED=START:-P7D").count(), 2);
    assert!(text.lines().all(|line| line.len() <= 75));
}
