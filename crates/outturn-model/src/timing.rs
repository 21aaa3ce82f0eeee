//! Payment timing: when each month's spend is paid, giving a cash view by period (P1 to P12
//! of each financial year) beside the accruals view.
//!
//! Accruals charge each month's service to the month it is delivered in (the projection's
//! monthly rows). Cash follows the payment terms:
//! - **monthly in advance**: paid in the month served (at its start);
//! - **monthly in arrears**: paid in the month after (invoiced on the first business day of
//!   the following month, paid by its last, as the Defra WIDP standard contract's clause
//!   45.4 has it), so March's service is paid in April, in the next financial year;
//! - **quarterly in advance**: each financial quarter's three months paid in its first month;
//! - **quarterly in arrears**: paid in the month after the quarter ends (P4, P7, P10, and P1
//!   of the next year).
//!
//! A payment moved by a bank holiday stays in its month (the last business day of a month is
//! in that month), so no calendar of holidays is needed. No paper was found that prints a
//! cash profile beside accruals; the rule is the contract text above.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::calendar::{add_months, FinancialYear, FyCalendar};
use crate::money::Money;

/// When a line's spend is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payment {
    MonthlyInAdvance,
    MonthlyInArrears,
    QuarterlyInAdvance,
    QuarterlyInArrears,
}

impl Payment {
    pub const ALL: [Payment; 4] = [
        Payment::MonthlyInAdvance,
        Payment::MonthlyInArrears,
        Payment::QuarterlyInAdvance,
        Payment::QuarterlyInArrears,
    ];

    pub fn parse(text: &str) -> Option<Payment> {
        Payment::ALL.into_iter().find(|p| p.to_string() == text)
    }

    /// The first day of the month in which the service of `month` (any day of it) is paid.
    ///
    /// # Example
    /// March 2025's service: in advance, March 2025; in arrears, April 2025; quarterly in
    /// advance, January 2025 (the quarter January to March starts then); quarterly in
    /// arrears, April 2025.
    ///
    /// ```
    /// # use outturn_model::timing::Payment;
    /// # use outturn_model::FyCalendar;
    /// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    /// let march = date(2025, 3, 1);
    /// let paid = |p: Payment| p.paid_in(march, FyCalendar::UK);
    /// assert_eq!(paid(Payment::MonthlyInAdvance), date(2025, 3, 1));
    /// assert_eq!(paid(Payment::MonthlyInArrears), date(2025, 4, 1));
    /// assert_eq!(paid(Payment::QuarterlyInAdvance), date(2025, 1, 1));
    /// assert_eq!(paid(Payment::QuarterlyInArrears), date(2025, 4, 1));
    /// ```
    pub fn paid_in(self, month: NaiveDate, cal: FyCalendar) -> NaiveDate {
        let first = month.with_day(1).expect("day 1 exists");
        let into_year = period_of(first, cal) - 1;
        let quarter_start = back(first, into_year % 3);
        let later = |d, n| add_months(d, n).expect("a payment month within the calendar");
        match self {
            Payment::MonthlyInAdvance => first,
            Payment::MonthlyInArrears => later(first, 1),
            Payment::QuarterlyInAdvance => quarter_start,
            Payment::QuarterlyInArrears => later(quarter_start, 3),
        }
    }
}

/// `date` less `months` months.
fn back(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(chrono::Months::new(months))
        .expect("a quarter's start within the calendar")
}

/// The period of the financial year `month` falls in: 1 for its first month (April), 12
/// for its last.
pub fn period_of(month: NaiveDate, cal: FyCalendar) -> u32 {
    (month.month() + 12 - cal.start_month()) % 12 + 1
}

impl fmt::Display for Payment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Payment::MonthlyInAdvance => "monthly-in-advance",
            Payment::MonthlyInArrears => "monthly-in-arrears",
            Payment::QuarterlyInAdvance => "quarterly-in-advance",
            Payment::QuarterlyInArrears => "quarterly-in-arrears",
        })
    }
}

/// Cash by financial year and period from spend by month (each month's first day and
/// amount), paid as `payment` says: every month's amount lands whole in its payment month,
/// so the cash adds to the spend exactly.
///
/// # Example
/// £10,000 a month from April 2024 to March 2025 (£120,000 of spend in 2024-25). Monthly in
/// arrears: P2 to P12 of 2024-25 £10,000 each, £110,000, and P1 of 2025-26 £10,000 (March's
/// service). Quarterly in arrears: P4, P7 and P10 of 2024-25 £30,000 each, £90,000, and P1 of
/// 2025-26 £30,000.
///
/// ```
/// # use outturn_model::timing::{cash_by_period, Payment};
/// # use outturn_model::{FyCalendar, Money};
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// let months: Vec<_> = (0..12)
///     .map(|k| (outturn_model::calendar::add_months(date(2024, 4, 1), k).expect("a month"), Money::from_pennies(1_000_000)))
///     .collect();
/// let year = |label| FyCalendar::UK.parse_year(label).expect("a year");
/// let total = |cash: &std::collections::BTreeMap<_, Money>, y| cash.iter().filter(|((fy, _), _)| *fy == y).map(|(_, m)| *m).sum::<Money>();
/// let arrears = cash_by_period(&months, Payment::MonthlyInArrears, FyCalendar::UK);
/// assert_eq!(total(&arrears, year("2024-25")), Money::from_pennies(11_000_000));
/// assert_eq!(arrears[&(year("2025-26"), 1)], Money::from_pennies(1_000_000));
/// let quarterly = cash_by_period(&months, Payment::QuarterlyInArrears, FyCalendar::UK);
/// assert_eq!(total(&quarterly, year("2024-25")), Money::from_pennies(9_000_000));
/// assert_eq!(quarterly[&(year("2024-25"), 4)], Money::from_pennies(3_000_000));
/// ```
pub fn cash_by_period(
    months: &[(NaiveDate, Money)],
    payment: Payment,
    cal: FyCalendar,
) -> BTreeMap<(FinancialYear, u32), Money> {
    let mut cash = BTreeMap::new();
    for (month, amount) in months {
        let paid = payment.paid_in(*month, cal);
        *cash
            .entry((cal.year_of(paid), period_of(paid, cal)))
            .or_insert(Money::ZERO) += *amount;
    }
    cash
}

#[cfg(test)]
mod tests {
    //! Figures from `docs/research/07-payment-timing.py` (Python `decimal`).
    use super::*;
    use crate::testkit::{d, fy};

    #[test]
    fn periods_and_quarters_follow_the_financial_year() {
        assert_eq!(period_of(d(2024, 4, 1), FyCalendar::UK), 1);
        assert_eq!(period_of(d(2025, 3, 1), FyCalendar::UK), 12);
        // A year starting in September: September is P1, so its quarters start in September,
        // December, March and June.
        let sept = FyCalendar::starting_in(9).unwrap();
        assert_eq!(period_of(d(2024, 9, 1), sept), 1);
        assert_eq!(
            Payment::QuarterlyInAdvance.paid_in(d(2025, 2, 1), sept),
            d(2024, 12, 1)
        );
    }

    #[test]
    fn in_advance_cash_is_the_spend_of_the_year() {
        let months: Vec<_> = (0..12)
            .map(|k| {
                (
                    add_months(d(2024, 4, 1), k).unwrap(),
                    Money::from_pennies(1_000_000),
                )
            })
            .collect();
        let cash = cash_by_period(&months, Payment::MonthlyInAdvance, FyCalendar::UK);
        assert!(cash.keys().all(|(y, _)| *y == fy("2024-25")));
        assert_eq!(
            cash.values().copied().sum::<Money>(),
            Money::from_pennies(12_000_000)
        );
        let q = cash_by_period(&months, Payment::QuarterlyInAdvance, FyCalendar::UK);
        let periods: Vec<u32> = q.keys().map(|(_, p)| *p).collect();
        assert_eq!(periods, [1, 4, 7, 10]);
    }
}
