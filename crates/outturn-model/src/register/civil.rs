//! Dates as plain integers, for the register's integer path: a year, month and day, and a
//! day number to count days between dates by subtraction.
//!
//! The rules are those of [`crate::calendar`]: adding months keeps the day of the month,
//! clamped to the month's end (31 January 2024 + 1 month is 29 February 2024).

use chrono::NaiveDate;

use crate::calendar::{FIRST_YEAR, LAST_YEAR};

/// A real date as year, month (1–12) and day (1–31), in the years a register may state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Civil {
    year: i32,
    month: u32,
    day: u32,
}

/// Whether `year` has a 29 February: every fourth year, except centuries not divisible by 400.
/// (`&` and `|` rather than `&&` and `||`: no branches for the processor to mispredict.)
#[inline]
pub fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1–12) of `year`: 28 or 29 for February.
#[inline]
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Civil {
    /// The date, if it is a real one from 1 January [`FIRST_YEAR`] to 31 December
    /// [`LAST_YEAR`] (`2023-02-29` is not).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Civil> {
        let real = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        (real && (FIRST_YEAR..=LAST_YEAR).contains(&year)).then_some(Civil { year, month, day })
    }

    /// The first of a month; `month` is 1–12 and years are far inside chrono's range.
    pub(crate) fn first_of(year: i32, month: u32) -> Civil {
        Civil {
            year,
            month,
            day: 1,
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn day(self) -> u32 {
        self.day
    }

    pub fn to_date(self) -> NaiveDate {
        // Invariant: built from a real date, or by `plus_months` and `first_of`, which keep
        // the day within its month.
        NaiveDate::from_ymd_opt(self.year, self.month, self.day).expect("a real date")
    }

    /// The same day `months` later, clamped to the month's end, as
    /// [`crate::calendar::add_months`]: 29 February 2024 + 12 months is 28 February 2025.
    pub fn plus_months(self, months: u32) -> Civil {
        let m0 = self.month - 1 + months;
        let year = self.year + (m0 / 12) as i32;
        let month = m0 % 12 + 1;
        Civil {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// The same day `years` years later: only 29 February moves, to 28 February.
    pub fn plus_years(self, years: u32) -> Civil {
        let year = self.year + years as i32;
        let day = if self.month == 2 && self.day == 29 && !is_leap(year) {
            28
        } else {
            self.day
        };
        Civil { year, day, ..self }
    }

    /// Days since 1 March of the year 0, counting as if the Gregorian calendar had always
    /// been in use (Howard Hinnant's `days_from_civil`, for years after 0): only differences
    /// are used, so the origin does not matter.
    #[inline]
    pub fn day_number(self) -> i32 {
        // Years counted from March put 29 February at the end of a year. Years are positive,
        // so the divisions are unsigned, which is cheaper.
        let (y, m) = if self.month <= 2 {
            (self.year as u32 - 1, self.month + 9)
        } else {
            (self.year as u32, self.month - 3)
        };
        let days = y * 365 + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + self.day - 1;
        days as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::add_months;
    use chrono::Datelike;
    use proptest::prelude::*;

    #[test]
    fn real_dates_only() {
        assert!(Civil::new(2024, 2, 29).is_some());
        assert!(Civil::new(2023, 2, 29).is_none());
        assert!(Civil::new(2100, 2, 29).is_none(), "2100 is not a leap year");
        assert!(Civil::new(2000, 2, 29).is_some(), "2000 is");
        assert!(Civil::new(2024, 4, 31).is_none());
        assert!(Civil::new(2024, 13, 1).is_none());
        assert!(Civil::new(1899, 12, 31).is_none());
        assert!(Civil::new(2201, 1, 1).is_none());
    }

    #[test]
    fn day_numbers_count_days() {
        let n = |y, m, d| Civil::new(y, m, d).unwrap().day_number();
        // 1 April 2023 to 1 April 2024 holds 29 February 2024.
        assert_eq!(n(2024, 4, 1) - n(2023, 4, 1), 366);
        assert_eq!(n(2023, 4, 1) - n(2022, 4, 1), 365);
        assert_eq!(n(2024, 3, 1) - n(2024, 2, 28), 2);
        // 1900 is not a leap year, 2000 is.
        assert_eq!(n(1900, 3, 1) - n(1900, 2, 28), 1);
        assert_eq!(n(2000, 3, 1) - n(2000, 2, 28), 2);
    }

    proptest! {
        /// The same dates and day counts as chrono, over the whole range.
        #[test]
        fn agrees_with_chrono(day in 0i64..=109_937, months in 0u32..2400) {
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(day);
            prop_assume!(date <= NaiveDate::from_ymd_opt(2200, 12, 31).unwrap());
            let c = Civil::new(date.year(), date.month(), date.day()).unwrap();
            prop_assert_eq!(c.to_date(), date);
            let later = c.plus_months(months);
            let expected = add_months(date, months).unwrap();
            prop_assert_eq!(later.to_date(), expected);
            prop_assert_eq!(c.plus_years(months / 12), c.plus_months(months / 12 * 12));
            prop_assert_eq!(
                i64::from(later.day_number() - c.day_number()),
                (expected - date).num_days()
            );
        }
    }
}
