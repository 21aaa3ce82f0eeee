//! The pro-rating basis: how part of a year is measured when a cost is pro-rated or split.
//!
//! - **By days** (Outturn's rule unless a line says otherwise): a part of a contract year
//!   costs the year's cost × its days / the full year's days, and a cost is split across
//!   financial years, phases and months by days.
//! - **By months**: each calendar month is an equal twelfth of a year, whatever its length,
//!   so 18 months cost 1.5 × the annual value and every whole month of a year's monthly rows
//!   is the same amount. A part month counts by its days in that month (16 of June's 30 days
//!   is 16/30 of a month). Councils' papers often cost this way ("£1,000,000 per annum for a
//!   period of 4 years", London Borough of Southwark, 29 July 2016).
//!
//! To keep every weight a whole number (the split rule divides by whole weights), a month is
//! measured in [`MONTH`] parts: 377,580 is a multiple of 28, 29, 30 and 31, so a part month
//! of `d` days in a month of `n` days is exactly `d × 377,580 / n` parts.

use std::fmt;

use chrono::Datelike;

use crate::calendar::Period;
use crate::term::ContractYear;

/// One month, in the parts month weights are counted in (the least common multiple of 28,
/// 29, 30 and 31).
pub const MONTH: u32 = 377_580;

/// How part of a year is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Prorate {
    #[default]
    Days,
    Months,
}

impl Prorate {
    pub const ALL: [Prorate; 2] = [Prorate::Days, Prorate::Months];

    pub fn parse(text: &str) -> Option<Prorate> {
        Prorate::ALL.into_iter().find(|p| p.to_string() == text)
    }

    /// The weight of `period`: its days, or its months in [`MONTH`] parts.
    ///
    /// # Example
    /// 1 October 2024 to 31 March 2026 is 547 days, or 18 whole months (18 × 377,580 parts).
    /// 15 June to 14 July 2024 is 30 days, or 16/30 of June plus 14/31 of July:
    /// 201,376 + 170,520 = 371,896 parts, 0.985… of a month.
    ///
    /// ```
    /// # use outturn_model::calendar::Period;
    /// # use outturn_model::prorate::{Prorate, MONTH};
    /// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    /// let eighteen = Period { start: date(2024, 10, 1), end: date(2026, 3, 31) };
    /// assert_eq!(Prorate::Days.weight(eighteen), 547);
    /// assert_eq!(Prorate::Months.weight(eighteen), 18 * MONTH);
    /// let across = Period { start: date(2024, 6, 15), end: date(2024, 7, 14) };
    /// assert_eq!(Prorate::Months.weight(across), 16 * MONTH / 30 + 14 * MONTH / 31);
    /// ```
    pub fn weight(self, period: Period) -> u32 {
        match self {
            Prorate::Days => period.days(),
            Prorate::Months => period
                .by_month()
                .into_iter()
                .map(|part| part.days() * (MONTH / days_in_month(part)))
                .sum(),
        }
    }

    /// The weight of a full contract year: its days (366 when it holds a 29 February), or
    /// twelve months.
    pub fn full_year(self, year: &ContractYear) -> u32 {
        match self {
            Prorate::Days => year.full_days,
            Prorate::Months => 12 * MONTH,
        }
    }

    /// A contract year's weight: a full one is exactly [`Prorate::full_year`] (a year from
    /// 29 February is twelve months, though its calendar months do not quite add to twelve);
    /// a short last year is measured.
    pub fn of_year(self, year: &ContractYear) -> u32 {
        if year.period.days() == year.full_days {
            self.full_year(year)
        } else {
            self.weight(year.period)
        }
    }
}

/// Days in the calendar month `part` lies in.
fn days_in_month(part: Period) -> u32 {
    let first = part.start.with_day(1).expect("day 1 exists");
    let next = crate::calendar::add_months(first, 1).expect("the month after a valid date");
    (next - first).num_days() as u32
}

impl fmt::Display for Prorate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Prorate::Days => "days",
            Prorate::Months => "months",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::d;

    #[test]
    fn a_month_is_whole_parts_of_every_month_length() {
        for n in [28, 29, 30, 31] {
            assert_eq!(MONTH % n, 0, "{n}");
        }
        let feb_leap = Period {
            start: d(2024, 2, 1),
            end: d(2024, 2, 29),
        };
        assert_eq!(Prorate::Months.weight(feb_leap), MONTH);
        let half_feb = Period {
            start: d(2023, 2, 1),
            end: d(2023, 2, 14),
        };
        assert_eq!(Prorate::Months.weight(half_feb), MONTH / 2);
    }
}
