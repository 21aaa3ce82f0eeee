//! Implied growth: the yearly rate that takes one year's spend to a later year's.
//!
//! Papers print two figures years apart (supported living: £68,000,000 a year advertised for
//! 2019-20, £138,000,000 spent in 2022-23) and leave the reader to ask how fast spend grew.
//! The implied rate `r` solves `from × (1 + r)^years = to`. It has no exact decimal form (a
//! cube root, there), so it is found to the same step as any uplift, 0.0001%: the largest
//! rate on that step whose compounding stays at or below `to`, and the next one up, which
//! passes it. Every comparison is exact decimal arithmetic.
//!
//! ```text
//! £68m → £138m over 3 years: 26.6067% gives £137,999,966.156…, 26.6068% gives £138,000,293.153…
//! (the real root is 26.60671035…%).
//! ```

use rust_decimal::Decimal;

use crate::calendar::FinancialYear;
use crate::money::Money;

/// Two yearly figures and the growth between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    pub name: String,
    pub from: Money,
    pub from_year: FinancialYear,
    pub to: Money,
    pub to_year: FinancialYear,
}

/// The implied rate, bracketed to 0.0001%.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImpliedGrowth {
    pub years: u32,
    /// In percent: the largest rate on the 0.0001% step that does not pass `to`.
    pub below: Decimal,
    /// `below` + 0.0001%, which passes `to`.
    pub above: Decimal,
}

/// The step rates are found to, in percent.
const STEP: Decimal = Decimal::from_parts(1, 0, 0, false, 4);

impl Trend {
    /// The implied yearly growth; `None` when the years do not run forward, either figure is
    /// not positive, or compounding overflows (a rate of millions of percent).
    ///
    /// # Example
    /// £100 to £121 over two years is exactly 10% a year (100 × 1.1² = 121, which does not
    /// pass £121), so 10% to 10.0001%. £68m in 2019-20 to £138m in 2022-23: 68m × 1.266067³ =
    /// £137,999,966.15… stays below £138m and 68m × 1.266068³ = £138,000,293.15… passes it,
    /// so 26.6067% to 26.6068%.
    ///
    /// ```
    /// # use outturn_model::trend::Trend;
    /// # use outturn_model::{FyCalendar, Money};
    /// # use rust_decimal_macros::dec;
    /// let year = |label| FyCalendar::UK.parse_year(label).expect("a year");
    /// let trend = |from, from_year, to, to_year| Trend {
    ///     name: "spend".into(),
    ///     from: Money::from_pennies(from),
    ///     from_year: year(from_year),
    ///     to: Money::from_pennies(to),
    ///     to_year: year(to_year),
    /// };
    /// let exact = trend(10_000, "2020-21", 12_100, "2022-23").implied().expect("a rate");
    /// assert_eq!((exact.years, exact.below, exact.above), (2, dec!(10), dec!(10.0001)));
    /// let sl = trend(6_800_000_000, "2019-20", 13_800_000_000, "2022-23").implied().expect("a rate");
    /// assert_eq!((sl.years, sl.below, sl.above), (3, dec!(26.6067), dec!(26.6068)));
    /// assert_eq!(trend(100, "2022-23", 200, "2022-23").implied(), None);
    /// ```
    pub fn implied(&self) -> Option<ImpliedGrowth> {
        let years = u32::try_from(self.to_year.years_after(self.from_year)).ok()?;
        let (from, to) = (self.from.as_decimal(), self.to.as_decimal());
        if years == 0 || from <= Decimal::ZERO || to <= Decimal::ZERO {
            return None;
        }
        // `reaches(p)`: does `from` grown at p percent for `years` years reach past `to`?
        let reaches = |p: Decimal| -> Option<bool> {
            let factor = Decimal::ONE + p / Decimal::ONE_HUNDRED;
            let mut v = from;
            for _ in 0..years {
                v = v.checked_mul(factor)?;
            }
            Some(v > to)
        };
        // Bracket in whole steps: -100% never reaches past a positive `to`.
        let (mut lo, mut hi) = (-100i64 * 10_000, 10_000i64);
        while !reaches(Decimal::new(hi, 4))? {
            lo = hi;
            hi = hi.checked_mul(2)?;
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if reaches(Decimal::new(mid, 4))? {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(ImpliedGrowth {
            years,
            below: Decimal::new(lo, 4),
            above: Decimal::new(lo, 4) + STEP,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;

    fn trend(from: i64, from_year: &str, to: i64, to_year: &str) -> Trend {
        Trend {
            name: "t".into(),
            from: pounds(from),
            from_year: fy(from_year),
            to: pounds(to),
            to_year: fy(to_year),
        }
    }

    #[test]
    fn supported_living_from_68m_to_138m_in_three_years() {
        // Python decimal: (138/68)^(1/3) - 1 = 0.266067103498…, so 26.6067% to 26.6068%.
        let g = trend(68_000_000, "2019-20", 138_000_000, "2022-23")
            .implied()
            .unwrap();
        assert_eq!(
            (g.years, g.below, g.above),
            (3, dec("26.6067"), dec("26.6068"))
        );
    }

    #[test]
    fn an_exact_rate_is_found_exactly() {
        // £100 to £121 over two years is exactly 10% a year: 10% does not pass £121.
        let g = trend(100, "2020-21", 121, "2022-23").implied().unwrap();
        assert_eq!((g.below, g.above), (dec("10"), dec("10.0001")));
        // A fall: £100 to £81 over two years is -10%.
        let g = trend(100, "2020-21", 81, "2022-23").implied().unwrap();
        assert_eq!(g.below, dec("-10"));
    }

    #[test]
    fn years_must_run_forward() {
        assert_eq!(trend(1, "2022-23", 2, "2022-23").implied(), None);
        assert_eq!(trend(1, "2022-23", 2, "2021-22").implied(), None);
    }
}
