//! A date a reader types in GOV.UK's date input (three boxes: day, month, year), kept as one
//! saved value, so that a date is one draft whether it is complete or half typed.
//!
//! The saved value is:
//!
//! - `""` while all three boxes are empty (or hold only spaces);
//! - `YYYY-MM-DD` once the boxes make a real date ([`Date::from_parts`]), so templates, rules
//!   and older drafts (from `<input type=date>`) read it as they always did;
//! - otherwise the three boxes exactly as typed, joined by `/` (`31/2/2027`, `/3/`, `14/march/`),
//!   with a `\` before any `/` or `\` typed in a box, so nothing the reader typed is lost.
//!
//! [`parts`] turns a saved value back into the three boxes (a complete date without leading
//! zeros: `2027-03-04` → `4`, `3`, `2027`; `YYYY-MM-DD` that is no real date into its numbers);
//! any other text goes whole into the day box. Comparing
//! [`value`] of what the boxes hold with what is saved tells whether they already show it.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use crate::date::{Date, PartsError};

/// The three parts, in the order they are shown and saved.
pub const PARTS: [&str; 3] = ["day", "month", "year"];

/// What a date input's three boxes hold, as one saved value.
///
/// ```
/// use stepwise_core::date_entry::value;
/// assert_eq!(value("4", "3", "2027"), "2027-03-04");
/// assert_eq!(value("31", "2", "2027"), "31/2/2027");
/// assert_eq!(value("", " ", ""), "");
/// ```
pub fn value(day: &str, month: &str, year: &str) -> String {
    if day.trim().is_empty() && month.trim().is_empty() && year.trim().is_empty() {
        return String::new();
    }
    if let Ok(date) = Date::from_parts(day, month, year) {
        return date.iso();
    }
    let mut out = String::with_capacity(day.len() + month.len() + year.len() + 2);
    for (index, part) in [day, month, year].into_iter().enumerate() {
        if index > 0 {
            out.push('/');
        }
        for ch in part.chars() {
            if matches!(ch, '/' | '\\') {
                out.push('\\');
            }
            out.push(ch);
        }
    }
    out
}

/// The three boxes for a saved value: `[day, month, year]`.
///
/// ```
/// use stepwise_core::date_entry::parts;
/// assert_eq!(parts("2027-03-04"), ["4", "3", "2027"]);
/// assert_eq!(parts("31/2/2027"), ["31", "2", "2027"]);
/// ```
pub fn parts(value: &str) -> [String; 3] {
    let mut out: [String; 3] = Default::default();
    let mut index = 0;
    let mut escaped = false;
    let mut split = false;
    for ch in value.chars() {
        match ch {
            _ if escaped => {
                out[index].push(ch);
                escaped = false;
            }
            '\\' => escaped = true,
            '/' if index < 2 => {
                index += 1;
                split = true;
            }
            _ => out[index].push(ch),
        }
    }
    if split {
        return out;
    }
    if let Some(date) = Date::parse(value.trim()) {
        let number = |n: u32| crate::text::number(u64::from(n));
        return [
            number(u32::from(date.day)),
            number(u32::from(date.month)),
            number(date.year.unsigned_abs()),
        ];
    }
    // `YYYY-MM-DD` that is no real date (`2026-02-30`, from elsewhere than these boxes).
    let mut pieces = value.trim().split('-');
    if let (Some(year), Some(month), Some(day), None) =
        (pieces.next(), pieces.next(), pieces.next(), pieces.next())
        && [year, month, day]
            .iter()
            .all(|piece| !piece.is_empty() && piece.bytes().all(|b| b.is_ascii_digit()))
    {
        return [day.to_owned(), month.to_owned(), year.to_owned()];
    }
    out
}

/// The date a saved value holds: `Ok(None)` when nothing was typed, the reason when what was
/// typed is not a date.
pub fn date(value: &str) -> Result<Option<Date>, PartsError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    if let Some(date) = Date::parse(value.trim()) {
        return Ok(Some(date));
    }
    let [day, month, year] = parts(value);
    Date::from_parts(&day, &month, &year).map(Some)
}

/// Which boxes a problem concerns (`[day, month, year]`), to mark them as wrong: the missing
/// ones, the year when it is too short, all three otherwise.
pub fn wrong_parts(problem: PartsError) -> [bool; 3] {
    match problem {
        PartsError::Missing { day, month, year } => [day, month, year],
        PartsError::YearDigits => [false, false, true],
        PartsError::Empty | PartsError::NotReal => [true; 3],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn complete_dates_are_saved_as_iso_and_the_rest_as_typed() {
        assert_eq!(value("01", "03", "2027"), "2027-03-01");
        assert_eq!(value("1", "March", "2027"), "2027-03-01");
        assert_eq!(value("29", "2", "2027"), "29/2/2027");
        assert_eq!(value("", "3", ""), "/3/");
        assert_eq!(value("1/2", "\\", "27"), "1\\/2/\\\\/27");
        assert_eq!(parts("1\\/2/\\\\/27"), ["1/2", "\\", "27"]);
        assert_eq!(parts(""), ["", "", ""]);
        assert_eq!(parts("not a date"), ["not a date", "", ""]);
        assert_eq!(parts("2026-02-30"), ["30", "02", "2026"]);
        assert_eq!(date(""), Ok(None));
        assert_eq!(date("2026-11-28"), Ok(Date::parse("2026-11-28")));
        assert_eq!(date("31/2/2027"), Err(PartsError::NotReal));
        assert_eq!(
            date("//2027"),
            Err(PartsError::Missing {
                day: true,
                month: true,
                year: false
            })
        );
        assert_eq!(wrong_parts(PartsError::YearDigits), [false, false, true]);
    }

    proptest! {
        #[test]
        fn what_was_typed_comes_back(day in "\\PC{0,4}", month in "\\PC{0,9}", year in "\\PC{0,6}") {
            let saved = value(&day, &month, &year);
            let [d, m, y] = parts(&saved);
            // Either the very boxes come back, or (for a real date) boxes that make that date.
            prop_assert_eq!(value(&d, &m, &y), saved.clone());
            if Date::parse(&saved).is_none() && !saved.is_empty() {
                prop_assert_eq!([d, m, y], [day, month, year]);
            }
        }

        #[test]
        fn any_saved_text_reads_without_panicking(text in "\\PC{0,20}") {
            let _ = date(&text);
            let _ = parts(&text);
        }
    }
}
