//! Financial years and calendar arithmetic.
//!
//! A UK local authority's financial year runs from 1 April to 31 March and is labelled by
//! the two calendar years it touches: `2021-22` is 1 April 2021 to 31 March 2022. The start
//! month is a setting ([`FyCalendar`]); with a January start a year is labelled `2021`.
//!
//! Dates are whole days (`chrono::NaiveDate`); periods are inclusive of both ends, and a
//! period's length in days counts both ends: 1 April 2023 to 31 March 2024 is 366 days
//! because it holds 29 February 2024.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use thiserror::Error;

/// The first and last calendar years a date may fall in. A date outside them is a typing slip
/// (`2204` for `2024`), and keeping every date inside keeps sums of days and pennies far from
/// overflow.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2200;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateError {
    #[error("expected a real date as YEAR-MONTH-DAY, such as 2024-06-15, found `{0}`")]
    NotADate(String),
    #[error("expected a date between {FIRST_YEAR} and {LAST_YEAR}, found `{0}`")]
    OutOfRange(String),
}

/// Reads a date written as scenario files and registers write it: `2024-06-15`, four, two and
/// two digits, nothing around them.
///
/// Strict on purpose, so a date is never guessed:
/// - `2024-6-15`, `+2024-06-15`, `2024-06-15T00:00` and ` 2024-06-15` are not dates;
/// - `2023-02-29`, `2024-09-31` and `2024-13-01` are not real dates;
/// - `1899-12-31` and `2201-01-01` are real but out of range ([`FIRST_YEAR`], [`LAST_YEAR`]).
///
/// # Errors
/// [`DateError::NotADate`] or [`DateError::OutOfRange`], holding the text.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let not_a_date = || DateError::NotADate(text.to_string());
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape {
        return Err(not_a_date());
    }
    // Only ASCII digits remain in each part, so the parses cannot fail.
    let part = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
    let year = part(0..4) as i32;
    let date = NaiveDate::from_ymd_opt(year, part(5..7), part(8..10)).ok_or_else(not_a_date)?;
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(date)
    } else {
        Err(DateError::OutOfRange(text.to_string()))
    }
}

/// When financial years start. `FyCalendar::UK` starts them on 1 April.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FyCalendar {
    start_month: u32,
}

impl FyCalendar {
    pub const UK: FyCalendar = FyCalendar { start_month: 4 };

    /// A calendar whose years start on the 1st of `start_month` (1 to 12).
    pub fn starting_in(start_month: u32) -> Option<FyCalendar> {
        (1..=12)
            .contains(&start_month)
            .then_some(FyCalendar { start_month })
    }

    pub fn start_month(self) -> u32 {
        self.start_month
    }

    /// The financial year holding `date`: 31 March 2024 is in 2023-24, 1 April 2024 in 2024-25.
    pub fn year_of(self, date: NaiveDate) -> FinancialYear {
        let start_year = if date.month() >= self.start_month {
            date.year()
        } else {
            date.year() - 1
        };
        FinancialYear {
            start_year,
            start_month: self.start_month,
        }
    }

    /// The financial year whose label is `label` (`2021-22`, or `2021` for a January start).
    /// The second part must follow the first: `2021-23` is refused. The year is four digits
    /// from [`FIRST_YEAR`] to [`LAST_YEAR`], as in dates: `02` and `+2021-22` are refused (the
    /// fuzzer found `02` read as the year 2).
    pub fn parse_year(self, label: &str) -> Option<FinancialYear> {
        let fy = |start_year| FinancialYear {
            start_year,
            start_month: self.start_month,
        };
        // Four digits, in the years a date may have: `02` and `+2021` are not years.
        let year = |text: &str| {
            let digits = text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit());
            digits
                .then(|| text.parse::<i32>().ok())
                .flatten()
                .filter(|y| (FIRST_YEAR..=LAST_YEAR).contains(y))
        };
        if self.start_month == 1 {
            return year(label).map(fy);
        }
        let (first, second) = label.split_once('-')?;
        let first = year(first)?;
        (second == format!("{:02}", (first + 1) % 100)).then(|| fy(first))
    }
}

/// A financial year, ordered by when it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FinancialYear {
    start_year: i32,
    start_month: u32,
}

impl FinancialYear {
    pub fn start(self) -> NaiveDate {
        // Invariant: years are built from valid dates or labels within 1..=9999.
        NaiveDate::from_ymd_opt(self.start_year, self.start_month, 1).expect("valid year start")
    }

    /// The last day of the year: 31 March for a UK year.
    pub fn end(self) -> NaiveDate {
        self.next()
            .start()
            .pred_opt()
            .expect("a year start has a day before it")
    }

    /// How many year starts lie between `earlier` and this year: 2023-24 is 2 after 2021-22.
    pub fn years_after(self, earlier: FinancialYear) -> i32 {
        self.start_year - earlier.start_year
    }

    pub fn next(self) -> FinancialYear {
        self.plus(1)
    }

    /// The year `n` years later (earlier for a negative `n`): 2008-09 plus 10 is 2018-19.
    pub fn plus(self, n: i32) -> FinancialYear {
        FinancialYear {
            start_year: self.start_year + n,
            ..self
        }
    }

    pub fn days(self) -> u32 {
        days_inclusive(self.start(), self.end())
    }
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start_month == 1 {
            write!(f, "{}", self.start_year)
        } else {
            write!(f, "{}-{:02}", self.start_year, (self.start_year + 1) % 100)
        }
    }
}

/// The same calendar date `months` later, the day clamped to the month's end.
///
/// # Properties
/// - 31 January 2024 plus 1 month is 29 February 2024; 31 January 2023 plus 1 month is
///   28 February 2023;
/// - 29 February 2024 plus 12 months is 28 February 2025, plus 48 months 29 February 2028:
///   anniversaries are always counted from the original date, never from a clamped one.
pub fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(Months::new(months))
}

/// Days from `start` to `end`, counting both: 1 April to 31 March of 2023-24 is 366.
pub fn days_inclusive(start: NaiveDate, end: NaiveDate) -> u32 {
    // Callers pass start <= end; both are dates far apart by less than u32::MAX days.
    ((end - start).num_days() + 1) as u32
}

/// A span of whole days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    pub fn days(self) -> u32 {
        days_inclusive(self.start, self.end)
    }

    /// The days this period shares with `other`, if any.
    pub fn overlap(self, other: Period) -> Option<Period> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start <= end).then_some(Period { start, end })
    }

    /// This period cut at every financial-year boundary, in order: the days by which an
    /// amount is split across financial years.
    ///
    /// ```
    /// # use outturn_model::{FyCalendar, Period};
    /// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    /// let year = Period { start: date(2024, 6, 15), end: date(2025, 6, 14) };
    /// let days: Vec<String> = year
    ///     .by_financial_year(FyCalendar::UK)
    ///     .iter()
    ///     .map(|(fy, part)| format!("{fy} {}", part.days()))
    ///     .collect();
    /// assert_eq!(days, ["2024-25 290", "2025-26 75"]);
    /// ```
    pub fn by_financial_year(self, cal: FyCalendar) -> Vec<(FinancialYear, Period)> {
        let mut out = Vec::new();
        let mut fy = cal.year_of(self.start);
        while fy.start() <= self.end {
            if let Some(part) = self.overlap(Period {
                start: fy.start(),
                end: fy.end(),
            }) {
                out.push((fy, part));
            }
            fy = fy.next();
        }
        out
    }

    /// This period cut at every calendar-month boundary, in order.
    pub fn by_month(self) -> Vec<Period> {
        let mut out = Vec::new();
        let mut start = self.start;
        while start <= self.end {
            let first_of_next = add_months(start.with_day(1).expect("day 1 exists"), 1)
                .expect("dates are validated well inside chrono's range");
            let end = first_of_next
                .pred_opt()
                .expect("has a day before")
                .min(self.end);
            out.push(Period { start, end });
            start = first_of_next;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testkit::d;

    #[test]
    fn dates_are_read_strictly() {
        assert_eq!(parse_date("2024-02-29"), Ok(d(2024, 2, 29)));
        assert_eq!(parse_date("1900-01-01"), Ok(d(1900, 1, 1)));
        assert_eq!(parse_date("2200-12-31"), Ok(d(2200, 12, 31)));
        for not_a_date in [
            "2023-02-29",
            "2024-09-31",
            "2024-13-01",
            "2024-00-10",
            "2024-6-15",
            "2024-06-5",
            "+2024-06-15",
            "2024-+6-15",
            "2024-06-15T00:00:00",
            " 2024-06-15",
            "2024/06/15",
            "15/06/2024",
            "",
        ] {
            assert_eq!(
                parse_date(not_a_date),
                Err(DateError::NotADate(not_a_date.into())),
                "{not_a_date}"
            );
        }
        for out_of_range in ["1899-12-31", "2201-01-01", "0000-01-01", "9999-12-31"] {
            assert_eq!(
                parse_date(out_of_range),
                Err(DateError::OutOfRange(out_of_range.into()))
            );
        }
    }

    #[test]
    fn uk_years_turn_on_1_april() {
        let cal = FyCalendar::UK;
        assert_eq!(cal.year_of(d(2024, 3, 31)).to_string(), "2023-24");
        assert_eq!(cal.year_of(d(2024, 4, 1)).to_string(), "2024-25");
        assert_eq!(cal.year_of(d(2099, 12, 31)).to_string(), "2099-00");
        assert_eq!(
            cal.year_of(d(2023, 4, 1)).days(),
            366,
            "2023-24 holds 29 February 2024"
        );
        assert_eq!(cal.year_of(d(2022, 4, 1)).days(), 365);
        assert_eq!(cal.year_of(d(2022, 4, 1)).end(), d(2023, 3, 31));
    }

    #[test]
    fn labels_parse_back() {
        let cal = FyCalendar::UK;
        let fy = cal.parse_year("2021-22").unwrap();
        assert_eq!(fy.start(), d(2021, 4, 1));
        assert_eq!(cal.parse_year("2099-00").unwrap().start(), d(2099, 4, 1));
        assert_eq!(cal.parse_year("2021-23"), None);
        assert_eq!(cal.parse_year("2021/22"), None);
        assert_eq!(cal.parse_year("2021-2"), None);
        assert_eq!(cal.parse_year("+2021-22"), None);
        assert_eq!(cal.parse_year("2021-+2"), None);
        assert_eq!(cal.parse_year("1899-00"), None);
        let jan = FyCalendar::starting_in(1).unwrap();
        assert_eq!(jan.parse_year("02"), None);
        assert_eq!(jan.parse_year("+202"), None);
        assert_eq!(jan.parse_year("2021").unwrap().end(), d(2021, 12, 31));
        assert_eq!(jan.year_of(d(2021, 6, 1)).to_string(), "2021");
        assert_eq!(FyCalendar::starting_in(13), None);
    }

    #[test]
    fn month_ends_clamp_and_anniversaries_count_from_the_start() {
        assert_eq!(add_months(d(2024, 1, 31), 1), Some(d(2024, 2, 29)));
        assert_eq!(add_months(d(2023, 1, 31), 1), Some(d(2023, 2, 28)));
        assert_eq!(add_months(d(2024, 2, 29), 12), Some(d(2025, 2, 28)));
        assert_eq!(add_months(d(2024, 2, 29), 48), Some(d(2028, 2, 29)));
        assert_eq!(add_months(d(2023, 8, 31), 1), Some(d(2023, 9, 30)));
    }

    #[test]
    fn a_15_june_period_splits_across_years() {
        let p = Period {
            start: d(2024, 6, 15),
            end: d(2025, 6, 14),
        };
        let parts = p.by_financial_year(FyCalendar::UK);
        let days: Vec<_> = parts
            .iter()
            .map(|(fy, p)| (fy.to_string(), p.days()))
            .collect();
        assert_eq!(
            days,
            [("2024-25".to_string(), 290), ("2025-26".to_string(), 75)]
        );
    }

    #[test]
    fn one_day_periods_and_months() {
        let p = Period {
            start: d(2024, 3, 31),
            end: d(2024, 3, 31),
        };
        assert_eq!(p.days(), 1);
        assert_eq!(p.by_financial_year(FyCalendar::UK).len(), 1);
        let feb = Period {
            start: d(2024, 1, 15),
            end: d(2024, 3, 1),
        };
        let months: Vec<_> = feb.by_month().iter().map(|p| p.days()).collect();
        assert_eq!(months, [17, 29, 1]);
    }
}
