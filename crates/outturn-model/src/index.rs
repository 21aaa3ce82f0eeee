//! Uplift from index series: a rate for each uplift date read from a named series (CPI, RPI,
//! the National or Real Living Wage, or a blend of them with weights), with a lag.
//!
//! A series gives a value for each reference month:
//! - **rates**: the published 12-month rate (CPI "rose by 1.7% in the 12 months to September
//!   2024");
//! - **levels**: the index or wage itself (£10.90, then £12.00), whose rate at a month is the
//!   change from the level twelve months before, `(L(m) − L(m−12)) / L(m−12)`, rounded to the
//!   decimal places the paper publishes (10.0917…% → 10.1%);
//! - **blend**: weighted parts of other series, each read at its own lag, added and rounded
//!   once: Cardiff Council's 2024/25 uplift "3% CPI uplift on 40% of contract cost, plus a
//!   10.1% RLW uplift on 60%" is 0.40 × 3 + 0.60 × 10.1 = 7.26%.
//!
//! An uplift taking effect on a date reads the series at that date's month less the lag:
//! with a lag of 7 months, an uplift on 1 April 2025 reads September 2024 (CPI published in
//! October, before budgets are set). A month the series does not give is an error, never
//! "the latest available". Rounding is half away from zero.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::ModelError;

/// A reference month: the first day of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(NaiveDate);

impl Month {
    /// The month `date` falls in.
    pub fn of(date: NaiveDate) -> Month {
        Month(date.with_day(1).expect("day 1 exists"))
    }

    /// Reads `2024-09`.
    pub fn parse(text: &str) -> Option<Month> {
        let (y, m) = text.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1).map(Month)
    }

    /// The month `months` before this one.
    pub fn back(self, months: u32) -> Option<Month> {
        self.0
            .checked_sub_months(chrono::Months::new(months))
            .map(Month)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m"))
    }
}

/// One weighted part of a blend: a series, its weight in percent, its own lag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlendPart {
    pub index: String,
    pub weight: Decimal,
    pub lag_months: u32,
}

/// What a series gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Values {
    /// The rate, in percent, at each reference month.
    Rates(BTreeMap<Month, Decimal>),
    /// The level at each month; the rate is the change from twelve months before.
    Levels(BTreeMap<Month, Decimal>),
    /// Weighted parts of other series (which are not blends themselves).
    Blend(Vec<BlendPart>),
}

/// A named series and the decimal places its rate is published to (`None`: as computed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub name: String,
    pub values: Values,
    pub round_dp: Option<u32>,
}

/// How a rate was read: the month, the rate, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexRate {
    pub index: String,
    pub month: Month,
    /// The rate in percent, rounded as the series says.
    pub rate: Decimal,
    pub working: Working,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Working {
    /// As given.
    Given,
    /// From the level twelve months before to this month's, exactly, before rounding.
    Levels {
        from: Decimal,
        to: Decimal,
        exact: Decimal,
    },
    /// Each part's weight and rate, and their exact sum before rounding.
    Blend {
        parts: Vec<(Decimal, IndexRate)>,
        exact: Decimal,
    },
}

/// The series a scenario states, by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Indices(pub BTreeMap<String, Series>);

/// A line's uplift from a series: the series' name, the lag, and the scenario's series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexUplift {
    pub index: String,
    pub lag_months: u32,
    pub indices: Indices,
}

impl IndexUplift {
    /// The rate for an uplift taking effect on `date`: the series at `date`'s month less the
    /// lag.
    ///
    /// # Example
    /// Cardiff Council's 2024/25 blend: CPI as Cardiff took it, 3%; the Real Living Wage from
    /// £10.90 to £12.00 = 10.0917…%, published to 1 place, 10.1%; 40% × 3 + 60% × 10.1 =
    /// 1.20 + 6.06 = 7.26%, for an uplift on 1 April 2024.
    ///
    /// ```
    /// # use std::collections::BTreeMap;
    /// # use outturn_model::index::*;
    /// # use rust_decimal_macros::dec;
    /// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    /// let month = |t: &str| Month::parse(t).expect("a month");
    /// let series = |name: &str, values, round_dp| (name.to_string(), Series { name: name.into(), values, round_dp });
    /// let indices = Indices(BTreeMap::from([
    ///     series("cpi", Values::Rates(BTreeMap::from([(month("2024-04"), dec!(3))])), None),
    ///     series("rlw", Values::Levels(BTreeMap::from([
    ///         (month("2023-04"), dec!(10.90)), (month("2024-04"), dec!(12.00)),
    ///     ])), Some(1)),
    ///     series("blend", Values::Blend(vec![
    ///         BlendPart { index: "cpi".into(), weight: dec!(40), lag_months: 0 },
    ///         BlendPart { index: "rlw".into(), weight: dec!(60), lag_months: 0 },
    ///     ]), Some(2)),
    /// ]));
    /// let uplift = IndexUplift { index: "blend".into(), lag_months: 0, indices };
    /// let rate = uplift.rate_on(date(2024, 4, 1))?;
    /// assert_eq!(rate.rate, dec!(7.26));
    /// # Ok::<(), outturn_model::ModelError>(())
    /// ```
    ///
    /// # Errors
    /// A month the series (or a part of a blend) does not give ([`ModelError::IndexMissing`]).
    pub fn rate_on(&self, date: NaiveDate) -> Result<IndexRate, ModelError> {
        let month = back(Month::of(date), self.lag_months, &self.index)?;
        self.indices.rate(&self.index, month)
    }
}

fn back(month: Month, lag: u32, index: &str) -> Result<Month, ModelError> {
    month.back(lag).ok_or_else(|| ModelError::IndexMissing {
        index: index.to_string(),
        month: month.to_string(),
    })
}

impl Indices {
    /// The rate of series `name` at `month`.
    ///
    /// # Errors
    /// A month the series does not give, or a series the scenario does not have.
    pub fn rate(&self, name: &str, month: Month) -> Result<IndexRate, ModelError> {
        let missing = |m: Month| ModelError::IndexMissing {
            index: name.to_string(),
            month: m.to_string(),
        };
        let series = self.0.get(name).ok_or_else(|| missing(month))?;
        let (exact, working) = match &series.values {
            Values::Rates(rates) => (*rates.get(&month).ok_or_else(|| missing(month))?, None),
            Values::Levels(levels) => {
                let before = back(month, 12, name)?;
                let to = *levels.get(&month).ok_or_else(|| missing(month))?;
                let from = *levels.get(&before).ok_or_else(|| missing(before))?;
                if from.is_zero() {
                    return Err(missing(before));
                }
                let exact = (to - from) / from * Decimal::ONE_HUNDRED;
                (exact, Some(Working::Levels { from, to, exact }))
            }
            Values::Blend(parts) => {
                let mut read = Vec::new();
                let mut exact = Decimal::ZERO;
                for p in parts {
                    let rate = self.rate(&p.index, back(month, p.lag_months, &p.index)?)?;
                    exact += p.weight * rate.rate / Decimal::ONE_HUNDRED;
                    read.push((p.weight, rate));
                }
                (exact, Some(Working::Blend { parts: read, exact }))
            }
        };
        let rate = match series.round_dp {
            Some(dp) => exact.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero),
            None => exact,
        };
        Ok(IndexRate {
            index: name.to_string(),
            month,
            rate,
            working: working.unwrap_or(Working::Given),
        })
    }
}

#[cfg(test)]
mod tests {
    //! Figures from the papers in `docs/research/05-indices-blended.py` (Python `decimal`).
    use super::*;
    use crate::testkit::d;
    use rust_decimal_macros::dec;

    fn month(t: &str) -> Month {
        Month::parse(t).unwrap()
    }

    fn levels(name: &str, values: &[(&str, Decimal)], round_dp: u32) -> (String, Series) {
        let values = values.iter().map(|(m, v)| (month(m), *v)).collect();
        (
            name.into(),
            Series {
                name: name.into(),
                values: Values::Levels(values),
                round_dp: Some(round_dp),
            },
        )
    }

    #[test]
    fn a_wage_step_is_the_change_from_twelve_months_before_rounded_as_published() {
        let nlw = [
            ("2023-04", dec!(10.42)),
            ("2024-04", dec!(11.44)),
            ("2025-04", dec!(12.21)),
        ];
        let one = Indices(BTreeMap::from([levels("nlw", &nlw, 1)]));
        let two = Indices(BTreeMap::from([levels("nlw", &nlw, 2)]));
        // 11.44 / 10.42: 9.7888…% → 9.8% (Doncaster printed 9.7%, a truncation);
        // 12.21 / 11.44: 6.7307…% → 6.73% to two places, as printed.
        assert_eq!(one.rate("nlw", month("2024-04")).unwrap().rate, dec!(9.8));
        assert_eq!(two.rate("nlw", month("2025-04")).unwrap().rate, dec!(6.73));
        assert_eq!(
            one.rate("nlw", month("2023-04")),
            Err(ModelError::IndexMissing {
                index: "nlw".into(),
                month: "2022-04".into()
            })
        );
    }

    #[test]
    fn september_cpi_for_an_april_uplift() {
        let cpi = Series {
            name: "cpi".into(),
            values: Values::Rates(BTreeMap::from([
                (month("2023-09"), dec!(6.7)),
                (month("2024-09"), dec!(1.7)),
            ])),
            round_dp: None,
        };
        let uplift = IndexUplift {
            index: "cpi".into(),
            lag_months: 7,
            indices: Indices(BTreeMap::from([("cpi".into(), cpi)])),
        };
        let r = uplift.rate_on(d(2025, 4, 1)).unwrap();
        assert_eq!((r.month.to_string(), r.rate), ("2024-09".into(), dec!(1.7)));
        assert_eq!(uplift.rate_on(d(2024, 4, 1)).unwrap().rate, dec!(6.7));
        assert!(uplift.rate_on(d(2026, 4, 1)).is_err());
    }
}
