//! Deadlines: dates a reader must not miss, computed from dates the reader knows.
//!
//! An author declares, in a page's ` ```deadlines ` block, the dates a reader may know (the date
//! they paid, the date of the statement that first showed the charge) and rules: a deadline
//! falls a [`Period`] after one of those dates, optionally only when the reader made a given
//! choice (paid by card in the US). The build checks the rules with this module and writes
//! them into the page; the browser reads them back, computes the concrete dates on the
//! reader's device and words them with [`status`].
//!
//! Dates are calendar dates, never instants: "today" is the reader's local calendar date and a
//! deadline is a calendar date, so no time zone or clock change can move a deadline by a day.
//!
//! The dates a reader enters are shared by the whole guide: they are saved as drafts of the
//! reserved composer id [`READER_FACTS`] (as `date_entry` values), so every page's deadlines and
//! composers see them, and
//! they are exported, imported and removed with the rest of the reader's progress.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use crate::date::Date;

/// The composer id under which the dates and choices a reader enters for deadlines are saved
/// (as `draft ~reader <name> <value>` lines). Author ids are slugs, which never start with `~`,
/// so no composer can clash with it.
pub const READER_FACTS: &str = "~reader";

/// The most a period may count (in its own unit): about 27 years in days, far beyond any legal
/// time limit, and small enough that adding it can never leave the calendar.
pub const MAX_PERIOD: u32 = 9_999;

/// A deadline warns as "soon" this many days before it, and calendar reminders go off this
/// many days before it (and on the day before).
pub const SOON_DAYS: i64 = 7;

/// How long after a date a deadline falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// How many units.
    pub amount: u32,
    /// Which unit.
    pub unit: Unit,
}

/// The unit of a [`Period`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Calendar days.
    Days,
    /// Working days: Monday to Friday. Public holidays are not known, so they count.
    BusinessDays,
    /// Weeks of seven days.
    Weeks,
    /// Calendar months (the same day of the month, or the month's last day when it is shorter).
    Months,
}

impl Unit {
    /// Every unit with the one-letter code it has in markup and its singular and plural words.
    const ALL: [(Unit, u8, &'static str, &'static str); 4] = [
        (Unit::Days, b'd', "day", "days"),
        (Unit::BusinessDays, b'b', "working day", "working days"),
        (Unit::Weeks, b'w', "week", "weeks"),
        (Unit::Months, b'm', "month", "months"),
    ];

    fn code(self) -> u8 {
        Self::ALL
            .iter()
            .find(|entry| entry.0 == self)
            .map_or(b'd', |entry| entry.1)
    }

    fn words(self) -> (&'static str, &'static str) {
        Self::ALL
            .iter()
            .find(|entry| entry.0 == self)
            .map_or(("day", "days"), |entry| (entry.2, entry.3))
    }
}

/// Why an author's period does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodError {
    /// No number at the start.
    NoNumber,
    /// The number is 0 or above [`MAX_PERIOD`].
    OutOfRange,
    /// The unit is not one of the known ones.
    UnknownUnit,
}

impl PeriodError {
    /// The problem, for authors.
    pub fn message(self) -> &'static str {
        match self {
            Self::NoNumber => {
                "a period is a number and a unit, like `60 days`, `10 working days`, `2 weeks` or `4 months`"
            }
            Self::OutOfRange => "the number of a period must be from 1 to 9999",
            Self::UnknownUnit => {
                "unknown unit: use days, working days (Monday to Friday; public holidays count as working days), weeks or months"
            }
        }
    }
}

impl Period {
    /// Reads what an author writes: `60 days`, `+ 60 days`, `1 day`, `10 working days`
    /// (`business days` too), `2 weeks`, `4 months`.
    ///
    /// ```
    /// use stepwise_core::deadline::{Period, Unit};
    /// assert_eq!(Period::parse("+ 60 days"), Ok(Period { amount: 60, unit: Unit::Days }));
    /// assert_eq!(Period::parse("10 business days").map(|p| p.unit), Ok(Unit::BusinessDays));
    /// assert!(Period::parse("60 fortnights").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, PeriodError> {
        let text = text.trim();
        let text = text.strip_prefix('+').unwrap_or(text).trim_start();
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(PeriodError::NoNumber);
        }
        let amount = if digits > 4 {
            return Err(PeriodError::OutOfRange);
        } else {
            text[..digits]
                .parse::<u32>()
                .map_err(|_| PeriodError::NoNumber)?
        };
        if amount == 0 || amount > MAX_PERIOD {
            return Err(PeriodError::OutOfRange);
        }
        let words: Vec<&str> = text[digits..].split_ascii_whitespace().collect();
        let unit = match words.as_slice() {
            ["day" | "days"] => Unit::Days,
            ["working" | "business", "day" | "days"] => Unit::BusinessDays,
            ["week" | "weeks"] => Unit::Weeks,
            ["month" | "months"] => Unit::Months,
            _ => return Err(PeriodError::UnknownUnit),
        };
        Ok(Self { amount, unit })
    }

    /// The compact form written into markup: `60d`, `10b`, `2w`, `4m`.
    pub fn code(&self) -> String {
        let mut out = crate::text::number(u64::from(self.amount));
        out.push(char::from(self.unit.code()));
        out
    }

    /// Reads the compact form of [`Period::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        let (&last, digits) = code.as_bytes().split_last()?;
        let unit = Unit::ALL.iter().find(|entry| entry.1 == last)?.0;
        if digits.is_empty() || digits.len() > 4 || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let amount = digits
            .iter()
            .fold(0u32, |sum, digit| sum * 10 + u32::from(digit - b'0'));
        (1..=MAX_PERIOD)
            .contains(&amount)
            .then_some(Self { amount, unit })
    }

    /// `60 days`, `1 working day`.
    pub fn words(&self) -> String {
        let (one, many) = self.unit.words();
        crate::text::cat(&[
            &crate::text::number(u64::from(self.amount)),
            " ",
            if self.amount == 1 { one } else { many },
        ])
    }

    /// The date this period after `start`.
    ///
    /// ```
    /// use stepwise_core::{date::Date, deadline::Period};
    /// let paid = Date::parse("2027-01-31").unwrap();
    /// assert_eq!(Period::parse("1 month").unwrap().after(paid).iso(), "2027-02-28");
    /// assert_eq!(Period::parse("60 days").unwrap().after(paid).iso(), "2027-04-01");
    /// ```
    pub fn after(&self, start: Date) -> Date {
        match self.unit {
            Unit::Days => start.add_days(i64::from(self.amount)),
            Unit::Weeks => start.add_days(i64::from(self.amount) * 7),
            Unit::BusinessDays => start.add_business_days(self.amount),
            Unit::Months => start.add_months(self.amount),
        }
    }
}

/// A rule as text for readers without the computed date: `60 days after the date you paid`.
/// `from` is the label of the date it counts from; `Date you paid` reads as `the date you paid`.
pub fn rule_text(period: &Period, from: &str) -> String {
    crate::text::cat(&[&period.words(), " after ", &date_phrase(from)])
}

/// A date's label as part of a sentence: `Date you paid` → `the date you paid`; labels that
/// already start with `the`, `your` or `my` keep their article.
pub fn date_phrase(label: &str) -> String {
    let label = label.trim();
    let mut lowered = String::with_capacity(label.len() + 4);
    let mut chars = label.chars();
    if let Some(first) = chars.next() {
        lowered.push(first.to_ascii_lowercase());
        lowered.push_str(chars.as_str());
    }
    let has_article = ["the ", "your ", "my "]
        .iter()
        .any(|article| lowered.starts_with(article));
    if has_article {
        lowered
    } else {
        crate::text::cat(&["the ", &lowered])
    }
}

/// How close a deadline is, from the reader's today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    /// Today is the last day.
    Today,
    /// Within [`SOON_DAYS`] days.
    Soon,
    /// Further away.
    Later,
    /// The date has passed.
    Passed,
}

impl Urgency {
    /// The value of the attribute that styles the deadline (`today`, `soon`, `later`, `passed`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Today => "today",
            Self::Soon => "soon",
            Self::Later => "later",
            Self::Passed => "passed",
        }
    }
}

/// A computed deadline: its date, how many days are left, how urgent it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Computed {
    /// The last day.
    pub date: Date,
    /// Days from today to the last day (0 on the day, negative once passed).
    pub days_left: i64,
}

impl Computed {
    /// The deadline `period` after `start`, seen from `today`.
    pub fn new(start: Date, period: &Period, today: Date) -> Self {
        let date = period.after(start);
        Self {
            date,
            days_left: today.days_until(date),
        }
    }

    /// How urgent it is.
    pub fn urgency(&self) -> Urgency {
        match self.days_left {
            left if left < 0 => Urgency::Passed,
            0 => Urgency::Today,
            left if left <= SOON_DAYS => Urgency::Soon,
            _ => Urgency::Later,
        }
    }

    /// The order deadlines are listed in: the ones still open, soonest first, then the passed
    /// ones, most recent first.
    pub fn sort_key(&self) -> (bool, i64) {
        let passed = self.days_left < 0;
        (
            passed,
            if passed {
                -self.days_left
            } else {
                self.days_left
            },
        )
    }
}

/// The deadline as the page shows it, urgency in words (never by colour alone):
/// `By 14 March 2027 (23 days left)`, `Soon: by 9 December 2026 (7 days left)`,
/// `Today is the last day: 2 December 2026`, `This date has passed: 1 December 2026 (1 day ago)`.
pub fn status(computed: &Computed) -> String {
    let date = computed.date.human();
    let days = |count: i64| {
        let count = count.unsigned_abs();
        crate::text::cat(&[
            &crate::text::number(count),
            if count == 1 { " day" } else { " days" },
        ])
    };
    let left = computed.days_left;
    match computed.urgency() {
        Urgency::Today => crate::text::cat(&["Today is the last day: ", &date]),
        Urgency::Passed => {
            crate::text::cat(&["This date has passed: ", &date, " (", &days(left), " ago)"])
        }
        Urgency::Soon => crate::text::cat(&["Soon: by ", &date, " (", &days(left), " left)"]),
        Urgency::Later => crate::text::cat(&["By ", &date, " (", &days(left), " left)"]),
    }
}

/// What the page's live region says about the most urgent open deadline:
/// `Your next deadline: Send your letter, by 14 March 2027 (23 days left).`
pub fn next_deadline(title: &str, computed: &Computed) -> String {
    let status = status(computed);
    crate::text::cat(&["Your next deadline: ", title, ". ", &status, "."])
}

/// A rule's condition: the deadline applies only when the reader's answer to `choice` is
/// `equals`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The name of the reader's choice.
    pub choice: String,
    /// The option that makes the rule apply.
    pub equals: String,
}

impl Condition {
    /// Reads `choice = option` (spaces around `=` optional; the option may hold spaces).
    ///
    /// ```
    /// use stepwise_core::deadline::Condition;
    /// let condition = Condition::parse("card_country = The US").unwrap();
    /// assert_eq!((condition.choice.as_str(), condition.equals.as_str()), ("card_country", "The US"));
    /// assert_eq!(Condition::parse("no equals sign"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        let (choice, equals) = text.split_once('=')?;
        let (choice, equals) = (choice.trim(), equals.trim());
        (crate::ids::is_field_name(choice) && !equals.is_empty()).then(|| Self {
            choice: choice.to_owned(),
            equals: equals.to_owned(),
        })
    }

    /// Whether the reader's answer (if any) makes the rule apply.
    pub fn holds(&self, answer: Option<&str>) -> bool {
        answer.is_some_and(|answer| answer == self.equals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("valid in the test")
    }

    fn period(text: &str) -> Period {
        Period::parse(text).expect("valid in the test")
    }

    #[test]
    fn periods_read_as_authors_write_them() {
        assert_eq!(period("60 days").code(), "60d");
        assert_eq!(period("+60 days").code(), "60d");
        assert_eq!(period("  +  1 day ").code(), "1d");
        assert_eq!(period("10 working days").code(), "10b");
        assert_eq!(period("10 business days").code(), "10b");
        assert_eq!(period("2 weeks").code(), "2w");
        assert_eq!(period("4 months").code(), "4m");
        assert_eq!(Period::parse("days"), Err(PeriodError::NoNumber));
        assert_eq!(Period::parse("-5 days"), Err(PeriodError::NoNumber));
        assert_eq!(Period::parse("0 days"), Err(PeriodError::OutOfRange));
        assert_eq!(Period::parse("10000 days"), Err(PeriodError::OutOfRange));
        assert_eq!(
            Period::parse("99999999999999999999 days"),
            Err(PeriodError::OutOfRange)
        );
        assert_eq!(Period::parse("60"), Err(PeriodError::UnknownUnit));
        assert_eq!(
            Period::parse("60 days later"),
            Err(PeriodError::UnknownUnit)
        );
        assert_eq!(Period::parse("60 Days"), Err(PeriodError::UnknownUnit));
        assert_eq!(Period::parse("2 years"), Err(PeriodError::UnknownUnit));
    }

    #[test]
    fn codes_round_trip_and_reject_junk() {
        for text in [
            "1 day",
            "60 days",
            "9999 days",
            "3 working days",
            "2 weeks",
            "18 months",
        ] {
            let period = period(text);
            assert_eq!(Period::from_code(&period.code()), Some(period), "{text}");
        }
        for junk in ["", "d", "0d", "10000d", "12x", "1.5d", "-1d", " 1d", "1d "] {
            assert_eq!(Period::from_code(junk), None, "{junk:?}");
        }
    }

    #[test]
    fn deadlines_on_known_calendars() {
        // Leap years: 60 days from 1 January is 2 March, or 1 March in a leap year.
        assert_eq!(
            period("60 days").after(date("2027-01-01")).iso(),
            "2027-03-02"
        );
        assert_eq!(
            period("60 days").after(date("2028-01-01")).iso(),
            "2028-03-01"
        );
        // Across a year end.
        assert_eq!(
            period("120 days").after(date("2026-11-15")).iso(),
            "2027-03-15"
        );
        // Month ends clamp.
        assert_eq!(
            period("1 month").after(date("2028-01-31")).iso(),
            "2028-02-29"
        );
        assert_eq!(
            period("1 month").after(date("2027-01-31")).iso(),
            "2027-02-28"
        );
        assert_eq!(
            period("3 months").after(date("2026-11-30")).iso(),
            "2027-02-28"
        );
        assert_eq!(
            period("12 months").after(date("2028-02-29")).iso(),
            "2029-02-28"
        );
        // Working days skip weekends: Friday 4 December 2026 + 1 is Monday 7 December.
        assert_eq!(
            period("1 working day").after(date("2026-12-04")).iso(),
            "2026-12-07"
        );
        assert_eq!(
            period("5 working days").after(date("2026-12-05")).iso(),
            "2026-12-11"
        );
        assert_eq!(
            period("10 working days").after(date("2026-12-06")).iso(),
            "2026-12-18"
        );
        assert_eq!(
            period("2 weeks").after(date("2026-12-25")).iso(),
            "2027-01-08"
        );
    }

    #[test]
    fn weekdays_match_the_calendar() {
        // 2 December 2026 is a Wednesday; 29 February 2028 a Tuesday; 1 January 2000 a Saturday.
        assert_eq!(date("2026-12-02").weekday(), 2);
        assert_eq!(date("2028-02-29").weekday(), 1);
        assert_eq!(date("2000-01-01").weekday(), 5);
        assert_eq!(date("1969-12-31").weekday(), 2);
    }

    #[test]
    fn status_wording() {
        let today = date("2026-12-02");
        let at = |iso: &str| Computed {
            date: date(iso),
            days_left: today.days_until(date(iso)),
        };
        assert_eq!(
            status(&at("2027-03-14")),
            "By 14 March 2027 (102 days left)"
        );
        assert_eq!(
            status(&at("2026-12-03")),
            "Soon: by 3 December 2026 (1 day left)"
        );
        assert_eq!(
            status(&at("2026-12-10")),
            "By 10 December 2026 (8 days left)"
        );
        assert_eq!(
            status(&at("2026-12-02")),
            "Today is the last day: 2 December 2026"
        );
        assert_eq!(
            status(&at("2026-12-01")),
            "This date has passed: 1 December 2026 (1 day ago)"
        );
        assert_eq!(
            status(&at("2026-11-02")),
            "This date has passed: 2 November 2026 (30 days ago)"
        );
        assert_eq!(
            next_deadline("Send your letter", &at("2027-03-14")),
            "Your next deadline: Send your letter. By 14 March 2027 (102 days left)."
        );
        assert_eq!(at("2026-12-02").urgency(), Urgency::Today);
        assert_eq!(at("2026-12-09").urgency(), Urgency::Soon);
        assert_eq!(at("2026-12-10").urgency(), Urgency::Later);
        assert_eq!(at("2026-12-01").urgency(), Urgency::Passed);
    }

    #[test]
    fn open_deadlines_come_first_soonest_first() {
        let today = date("2026-12-02");
        let mut list: Vec<Computed> = ["2026-11-01", "2027-01-01", "2026-12-05", "2026-11-30"]
            .iter()
            .map(|iso| Computed {
                date: date(iso),
                days_left: today.days_until(date(iso)),
            })
            .collect();
        list.sort_by_key(Computed::sort_key);
        let order: Vec<String> = list.iter().map(|c| c.date.iso()).collect();
        assert_eq!(
            order,
            ["2026-12-05", "2027-01-01", "2026-11-30", "2026-11-01"]
        );
    }

    #[test]
    fn rules_read_as_sentences() {
        assert_eq!(
            rule_text(
                &period("60 days"),
                "Date of the statement that first showed the charge"
            ),
            "60 days after the date of the statement that first showed the charge"
        );
        assert_eq!(
            rule_text(&period("1 working day"), "Your payment date"),
            "1 working day after your payment date"
        );
    }

    #[test]
    fn conditions() {
        let condition = Condition::parse("how_paid=A card").expect("valid in the test");
        assert!(condition.holds(Some("A card")));
        assert!(!condition.holds(Some("a card")));
        assert!(!condition.holds(None));
        assert_eq!(Condition::parse("= x"), None);
        assert_eq!(Condition::parse("a b = x"), None);
        assert_eq!(Condition::parse("a ="), None);
    }

    fn naive_business_days(start: Date, days: u32) -> Date {
        let mut date = start;
        let mut left = days;
        while left > 0 {
            date = date.add_days(1);
            if date.weekday() < 5 {
                left -= 1;
            }
        }
        date
    }

    proptest! {
        #[test]
        fn working_days_match_counting_one_by_one(start in 0i64..40_000, days in 1u32..400) {
            let start = Date::from_days_since_epoch(start).expect("valid in the test");
            prop_assert_eq!(start.add_business_days(days), naive_business_days(start, days));
        }

        #[test]
        fn months_keep_the_day_or_end_the_month(start in 0i64..40_000, months in 1u32..200) {
            let start = Date::from_days_since_epoch(start).expect("valid in the test");
            let end = start.add_months(months);
            let total = i64::from(start.year) * 12 + i64::from(start.month) + i64::from(months);
            prop_assert_eq!(i64::from(end.year) * 12 + i64::from(end.month), total);
            prop_assert!(end.day == start.day || (end.day < start.day && end.add_days(1).day == 1));
        }

        #[test]
        fn deadlines_never_come_before_their_start(start in 0i64..40_000, amount in 1u32..=MAX_PERIOD, unit in 0usize..4) {
            let start = Date::from_days_since_epoch(start).expect("valid in the test");
            let period = Period { amount, unit: Unit::ALL[unit].0 };
            prop_assert!(period.after(start) > start);
        }

        #[test]
        fn authored_periods_never_panic(text in "\\PC{0,24}") {
            let _ = Period::parse(&text);
            let _ = Period::from_code(&text);
            let _ = Condition::parse(&text);
        }
    }
}
