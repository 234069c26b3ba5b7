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

    proptest! {
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
