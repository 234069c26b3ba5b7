//! Calendar dates: parsing `YYYY-MM-DD` (what `<input type=date>` and front matter hold),
//! writing them for readers, and adding days. Proleptic Gregorian calendar, no time zones.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// The date if it exists (`2023-02-29` does not).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let date = Self { year, month, day };
        ((1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && (1..=9999).contains(&year))
        .then_some(date)
    }

    /// Parses exactly `YYYY-MM-DD`.
    ///
    /// ```
    /// use stepwise_core::date::Date;
    /// assert_eq!(Date::parse("2026-11-28").map(|d| d.human()), Some("28 November 2026".to_owned()));
    /// assert_eq!(Date::parse("2026-02-30"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: core::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        Self::new(
            i32::try_from(number(0..4)?).ok()?,
            u8::try_from(number(5..7)?).ok()?,
            u8::try_from(number(8..10)?).ok()?,
        )
    }

    /// `2026-11-28`.
    pub fn iso(&self) -> String {
        let mut out = String::with_capacity(10);
        push_padded(&mut out, self.year.unsigned_abs(), 4);
        out.push('-');
        push_padded(&mut out, u32::from(self.month), 2);
        out.push('-');
        push_padded(&mut out, u32::from(self.day), 2);
        out
    }

    /// `28 November 2026`: unambiguous in every English-speaking country.
    pub fn human(&self) -> String {
        let mut out = crate::text::number(u64::from(self.day));
        out.push(' ');
        out.push_str(MONTHS[usize::from(self.month - 1)]);
        out.push(' ');
        out.push_str(&crate::text::number(u64::from(self.year.unsigned_abs())));
        out
    }

    /// The date `days` later (or earlier, if negative). A result outside years 1 to 9999 leaves
    /// the date unchanged.
    ///
    /// ```
    /// use stepwise_core::date::Date;
    /// let date = Date::parse("2026-12-20").unwrap();
    /// assert_eq!(date.add_days(14).iso(), "2027-01-03");
    /// ```
    pub fn add_days(&self, days: i64) -> Self {
        let shifted = days_from_civil(self.year, self.month, self.day).saturating_add(days);
        let (year, month, day) = civil_from_days(shifted);
        Self::new(year, month, day).unwrap_or(*self)
    }
    /// The day of the week, 0 for Monday to 6 for Sunday.
    ///
    /// ```
    /// use stepwise_core::date::Date;
    /// assert_eq!(Date::parse("2026-12-02").map(|d| d.weekday()), Some(2)); // a Wednesday
    /// ```
    pub fn weekday(&self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        u8::try_from((self.days_since_epoch() + 3).rem_euclid(7)).unwrap_or(0)
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// How many days `later` is after `self` (negative if it is before).
    pub fn days_until(&self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// The date `months` calendar months later, on the same day of the month or, when that
    /// month is shorter, on its last day (31 January + 1 month = 28 or 29 February). A result
    /// outside years 1 to 9999 leaves the date unchanged.
    pub fn add_months(&self, months: u32) -> Self {
        let index = i64::from(self.year) * 12 + i64::from(self.month - 1) + i64::from(months);
        let Ok(year) = i32::try_from(index.div_euclid(12)) else {
            return *self;
        };
        let month = u8::try_from(index.rem_euclid(12) + 1).unwrap_or(1);
        let day = self.day.min(days_in_month(year, month));
        Self::new(year, month, day).unwrap_or(*self)
    }

    /// The `days`-th working day (Monday to Friday) after this date, not counting the date
    /// itself. Public holidays are not known here, so they count as working days.
    pub fn add_business_days(&self, days: u32) -> Self {
        let weeks = i64::from(days / 5);
        let mut date = self.add_days(weeks * 7);
        let mut left = days % 5;
        while left > 0 {
            date = date.add_days(1);
            if date.weekday() < 5 {
                left -= 1;
            }
        }
        // Whole weeks from a Saturday or Sunday land on a weekend day: move to the Friday
        // before only when no single days were added after them and the start was a weekend.
        if days.is_multiple_of(5) && days > 0 && date.weekday() >= 5 {
            date = date.add_days(-i64::from(date.weekday() - 4));
        }
        date
    }

    /// The date from a day count since 1970-01-01, if it is within years 1 to 9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Self> {
        let (year, month, day) = civil_from_days(days);
        Self::new(year, month, day)
    }
}

/// Why the day, month and year a reader typed are not a date (GOV.UK's date input pattern).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartsError {
    /// Nothing was typed.
    Empty,
    /// Some parts were typed and these were not (day, month, year).
    Missing {
        /// The day is empty.
        day: bool,
        /// The month is empty.
        month: bool,
        /// The year is empty.
        year: bool,
    },
    /// The year does not have four digits.
    YearDigits,
    /// Numbers that make no date (31 February, month 13, letters).
    NotReal,
}

impl PartsError {
    /// GOV.UK's message for the problem: `Date you paid must include a month`.
    pub fn message(self, label: &str) -> String {
        let cat = crate::text::cat;
        match self {
            Self::Empty => cat(&["Enter ", &lowercase_first(label)]),
            Self::Missing { day, month, year } => {
                // Indexed by which parts are missing: day 4, month 2, year 1.
                const LISTS: [&str; 8] = [
                    "day, month and year",
                    "year",
                    "month",
                    "month and year",
                    "day",
                    "day and year",
                    "day and month",
                    "day, month and year",
                ];
                let index = usize::from(day) * 4 + usize::from(month) * 2 + usize::from(year);
                cat(&[label, " must include a ", LISTS[index & 7]])
            }
            Self::YearDigits => cat(&[label, " must include a year with 4 numbers, like 2026"]),
            Self::NotReal => cat(&[label, " must be a real date"]),
        }
    }
}

fn lowercase_first(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    if let Some(first) = chars.next() {
        out.push(first.to_ascii_lowercase());
        out.push_str(chars.as_str());
    }
    out
}

impl Date {
    /// The date a reader typed as day, month and year (GOV.UK's date input: three boxes).
    /// Spaces around the numbers are ignored; the month may also be a month's name or its
    /// first three letters (`March`, `mar`), as GOV.UK accepts.
    ///
    /// ```
    /// use stepwise_core::date::{Date, PartsError};
    /// assert_eq!(Date::from_parts("14", "3", "2027").map(|d| d.iso()), Ok("2027-03-14".to_owned()));
    /// assert_eq!(Date::from_parts("31", "2", "2027"), Err(PartsError::NotReal));
    /// ```
    pub fn from_parts(day: &str, month: &str, year: &str) -> Result<Self, PartsError> {
        let (day, month, year) = (day.trim(), month.trim(), year.trim());
        if day.is_empty() && month.is_empty() && year.is_empty() {
            return Err(PartsError::Empty);
        }
        if day.is_empty() || month.is_empty() || year.is_empty() {
            return Err(PartsError::Missing {
                day: day.is_empty(),
                month: month.is_empty(),
                year: year.is_empty(),
            });
        }
        let number = |text: &str, most: usize| -> Option<u32> {
            (text.len() <= most && text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| text.parse().ok())?
        };
        if year.bytes().all(|b| b.is_ascii_digit()) && year.len() != 4 {
            return Err(PartsError::YearDigits);
        }
        let month_number = number(month, 2).or_else(|| month_by_name(month));
        match (number(day, 2), month_number, number(year, 4)) {
            (Some(day), Some(month), Some(year)) => Self::new(
                i32::try_from(year).unwrap_or(0),
                u8::try_from(month).unwrap_or(0),
                u8::try_from(day).unwrap_or(0),
            )
            .ok_or(PartsError::NotReal),
            _ => Err(PartsError::NotReal),
        }
    }
}

/// `March` or `mar` (any letter case) → 3.
fn month_by_name(text: &str) -> Option<u32> {
    if text.len() < 3 {
        return None;
    }
    let position = MONTHS.iter().position(|name| {
        let long = name.len() == text.len() && name.eq_ignore_ascii_case(text);
        let short = text.len() == 3
            && name
                .get(..3)
                .is_some_and(|start| start.eq_ignore_ascii_case(text));
        long || short
    })?;
    u32::try_from(position + 1).ok()
}

fn push_padded(out: &mut String, value: u32, width: usize) {
    let digits = crate::text::number(u64::from(value));
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

fn is_leap(year: i32) -> bool {
    (year.rem_euclid(4) == 0 && year.rem_euclid(100) != 0) || year.rem_euclid(400) == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (
        i32::try_from(year).unwrap_or(i32::MAX),
        u8::try_from(month).unwrap_or(1),
        u8::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(
            Date::parse("2024-02-28").map(|d| d.add_days(1).iso()),
            Some("2024-02-29".into())
        );
        assert_eq!(
            Date::parse("2023-02-28").map(|d| d.add_days(1).iso()),
            Some("2023-03-01".into())
        );
        assert_eq!(
            Date::parse("2026-01-10").map(|d| d.add_days(-10).iso()),
            Some("2025-12-31".into())
        );
        assert_eq!(
            Date::parse("0005-01-01").map(|d| d.human()),
            Some("1 January 5".into())
        );
        for bad in [
            "2026-1-01",
            "2026-13-01",
            "2026-00-10",
            "x026-01-01",
            "2026-01-01x",
            "+026-01-01",
            "0000-01-01",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_typed_in_three_boxes() {
        let iso = |d: &str, m: &str, y: &str| Date::from_parts(d, m, y).map(|date| date.iso());
        assert_eq!(iso(" 1", "12 ", "2026"), Ok("2026-12-01".into()));
        assert_eq!(iso("01", "02", "2028"), Ok("2028-02-01".into()));
        assert_eq!(iso("29", "Feb", "2028"), Ok("2028-02-29".into()));
        assert_eq!(iso("14", "march", "2027"), Ok("2027-03-14".into()));
        assert_eq!(iso("29", "2", "2027"), Err(PartsError::NotReal));
        assert_eq!(iso("1", "13", "2027"), Err(PartsError::NotReal));
        assert_eq!(iso("x", "1", "2027"), Err(PartsError::NotReal));
        assert_eq!(iso("1", "1", "27"), Err(PartsError::YearDigits));
        assert_eq!(iso("", "", " "), Err(PartsError::Empty));
        assert_eq!(
            iso("", "3", ""),
            Err(PartsError::Missing {
                day: true,
                month: false,
                year: true
            })
        );
        let label = "Date you paid";
        assert_eq!(PartsError::Empty.message(label), "Enter date you paid");
        assert_eq!(
            PartsError::Missing {
                day: false,
                month: true,
                year: false
            }
            .message(label),
            "Date you paid must include a month"
        );
        assert_eq!(
            PartsError::Missing {
                day: true,
                month: false,
                year: true
            }
            .message(label),
            "Date you paid must include a day and year"
        );
        assert_eq!(
            PartsError::YearDigits.message(label),
            "Date you paid must include a year with 4 numbers, like 2026"
        );
        assert_eq!(
            PartsError::NotReal.message(label),
            "Date you paid must be a real date"
        );
    }

    proptest! {
        #[test]
        fn typed_parts_never_panic(d in "\\PC{0,4}", m in "\\PC{0,9}", y in "\\PC{0,6}") {
            let _ = Date::from_parts(&d, &m, &y);
        }

        #[test]
        fn adding_days_round_trips(days in -3_000_000i64..3_000_000, start in 0i64..3_000_000) {
            let (y, m, d) = civil_from_days(start);
            prop_assert_eq!(days_from_civil(y, m, d), start);
            if let Some(date) = Date::new(y, m, d) {
                let there = date.add_days(days);
                let back = there.add_days(-days);
                if Date::new(there.year, there.month, there.day).is_some() && there != date {
                    prop_assert_eq!(back, date);
                }
            }
        }

        #[test]
        fn parsing_anything_never_panics(text in "\\PC{0,12}") {
            let _ = Date::parse(&text);
        }
    }
}
