//! Driver-based costing: a line's annual cost built from what it buys instead of stated.
//!
//! `volume × per week × weeks a year × rate`, each driver named with its unit:
//! 795 people × 2 days a week × 50 weeks a year × £70.00 a day = £5,565,000.00 a year.
//!
//! The weeks in a year are always stated by the scenario (52, or 52.143 = 365 / 7 to four
//! figures, or fewer where a service closes), never assumed, because the choice moves an
//! annual cost by up to 0.3%.
//!
//! A rate can come from a **rate card** of tiers (1:1, group tiered by the number supported,
//! virtual), each with a day and a half-day rate; a line then states its mix of sessions
//! across tiers (adding to 100%) and the share of sessions that are half days. The rate per
//! session is the mix-weighted average:
//!
//! ```text
//! tiers 1:1 £95.00 / £52.00 and group 4-6 £60.00 / £33.00, mix 20% / 80%, 25% half days:
//!   1:1       0.20 × (0.75 × 95.00 + 0.25 × 52.00) = 0.20 × 84.25 = 16.85
//!   group 4-6 0.80 × (0.75 × 60.00 + 0.25 × 33.00) = 0.80 × 53.25 = 42.60
//!   rate per session                                               = 59.45
//! ```
//!
//! Every product here is exact (`Decimal` arithmetic is checked, and a result that does not
//! fit is an error, not a rounding); money is rounded only once, where a contract year is
//! costed ([`crate::exact::prorated`]).

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::calendar::FinancialYear;
use crate::error::ModelError;
use crate::money::Money;

/// What one unit of a rate pays for, which decides how it becomes an annual cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateBasis {
    Day,
    HalfDay,
    Session,
    Trip,
    Hour,
    /// A weekly rate: × weeks a year, with nothing per week.
    Week,
}

impl RateBasis {
    pub const ALL: [RateBasis; 6] = [
        RateBasis::Day,
        RateBasis::HalfDay,
        RateBasis::Session,
        RateBasis::Trip,
        RateBasis::Hour,
        RateBasis::Week,
    ];

    pub fn parse(text: &str) -> Option<RateBasis> {
        RateBasis::ALL.into_iter().find(|b| b.to_string() == text)
    }
}

impl fmt::Display for RateBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RateBasis::Day => "day",
            RateBasis::HalfDay => "half-day",
            RateBasis::Session => "session",
            RateBasis::Trip => "trip",
            RateBasis::Hour => "hour",
            RateBasis::Week => "week",
        })
    }
}

/// One tier of a rate card, with its rates per person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tier {
    /// `1:1`, `group 2-3`, `group 4-6`, `group 7+`, `virtual`.
    pub name: String,
    pub day: Money,
    pub half_day: Money,
}

/// A card's tiers and a line's share of sessions in each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierMix {
    /// The rate card's name, for reports.
    pub card: String,
    /// Each tier with its share of sessions, in percent; the shares add to 100.
    pub tiers: Vec<(Tier, Decimal)>,
    /// The share of sessions that are half days, in percent.
    pub half_days: Decimal,
}

impl TierMix {
    /// The mix-weighted rate per session: for each tier, its share of sessions times its
    /// rate for a session (the day rate for full days, the half-day rate for half days).
    ///
    /// # Example
    /// The module's worked example: 1:1 at £95.00 a day and £52.00 a half day, group 4-6 at
    /// £60.00 and £33.00, mixed 20% / 80%, a quarter of sessions half days:
    /// 0.20 × (0.75 × 95 + 0.25 × 52) + 0.80 × (0.75 × 60 + 0.25 × 33) = 16.85 + 42.60 = £59.45.
    ///
    /// ```
    /// # use outturn_model::drivers::{Tier, TierMix};
    /// # use outturn_model::Money;
    /// # use rust_decimal_macros::dec;
    /// let tier = |name: &str, day, half_day| Tier {
    ///     name: name.into(),
    ///     day: Money::from_pennies(day),
    ///     half_day: Money::from_pennies(half_day),
    /// };
    /// let mix = TierMix {
    ///     card: "dps".into(),
    ///     tiers: vec![(tier("1:1", 9_500, 5_200), dec!(20)), (tier("group 4-6", 6_000, 3_300), dec!(80))],
    ///     half_days: dec!(25),
    /// };
    /// assert_eq!(mix.rate()?, dec!(59.45));
    /// # Ok::<(), outturn_model::ModelError>(())
    /// ```
    ///
    /// # Errors
    /// A product too large for a `Decimal` ([`ModelError::Overflow`]), never a rounding.
    pub fn rate(&self) -> Result<Decimal, ModelError> {
        let pct = Decimal::ONE_HUNDRED;
        let mut total = Decimal::ZERO;
        for (tier, share) in &self.tiers {
            let full = (pct - self.half_days)
                .checked_mul(tier.day.as_decimal())
                .ok_or(ModelError::Overflow)?;
            let half = self
                .half_days
                .checked_mul(tier.half_day.as_decimal())
                .ok_or(ModelError::Overflow)?;
            let per_session = (full + half)
                .checked_mul(*share)
                .ok_or(ModelError::Overflow)?;
            total = total.checked_add(per_session).ok_or(ModelError::Overflow)?;
        }
        // Two percentages were multiplied in: divide by 100 twice. Dividing a terminating
        // decimal by a power of ten is exact.
        Ok(total / pct / pct)
    }
}

/// Where a driver line's rate comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rate {
    /// One rate per unit of the basis; may carry fractions of a penny (a calibrated rate).
    Flat(Decimal),
    /// A rate card and the line's mix across its tiers; the basis is then a session.
    Card(TierMix),
}

/// The volume of each financial year, when given as counts rather than a growth rate.
pub type Volumes = BTreeMap<FinancialYear, Decimal>;

/// The drivers of a line's annual cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drivers {
    /// People, packages, properties…: how many, in the first contract year.
    pub volume: Decimal,
    /// What the volume counts (`people`), for reports.
    pub unit: String,
    /// Days, sessions, trips or hours a week for each unit; `None` for a weekly rate.
    pub per_week: Option<Decimal>,
    /// The stated convention for weeks in a year.
    pub weeks_per_year: Decimal,
    pub per: RateBasis,
    pub rate: Rate,
}

impl Drivers {
    /// The rate per unit of the basis: the flat rate, or a card's mix-weighted rate.
    ///
    /// # Errors
    /// A card's product too large ([`TierMix::rate`]).
    pub fn rate_per(&self) -> Result<Decimal, ModelError> {
        match &self.rate {
            Rate::Flat(r) => Ok(*r),
            Rate::Card(mix) => mix.rate(),
        }
    }

    /// Units of the basis one unit of volume uses in a year: per week × weeks, or the weeks
    /// alone for a weekly rate.
    ///
    /// # Errors
    /// A product too large ([`ModelError::Overflow`]).
    pub fn per_year(&self) -> Result<Decimal, ModelError> {
        match self.per_week {
            Some(w) => w
                .checked_mul(self.weeks_per_year)
                .ok_or(ModelError::Overflow),
            None => Ok(self.weeks_per_year),
        }
    }

    /// The cost of one unit of volume for a year: per year × rate.
    ///
    /// # Errors
    /// A product too large ([`ModelError::Overflow`]).
    pub fn cost_per_unit(&self) -> Result<Decimal, ModelError> {
        self.per_year()?
            .checked_mul(self.rate_per()?)
            .ok_or(ModelError::Overflow)
    }

    /// The annual cost at `volume`: volume × per week × weeks a year × rate, exactly.
    ///
    /// # Example
    /// 795 people × 2 days a week × 50 weeks × £70.00 a day = 79,500 days × £70 =
    /// £5,565,000.00. A weekly rate has nothing per week: 10 packages × 52.143 weeks ×
    /// £412.50 = £215,089.875 a year, kept to the fraction of a penny until a contract year
    /// is costed and rounded ([`crate::exact::prorated`]).
    ///
    /// ```
    /// # use outturn_model::drivers::{Drivers, Rate, RateBasis};
    /// # use rust_decimal_macros::dec;
    /// let day_ops = Drivers {
    ///     volume: dec!(795),
    ///     unit: "people".into(),
    ///     per_week: Some(dec!(2)),
    ///     weeks_per_year: dec!(50),
    ///     per: RateBasis::Day,
    ///     rate: Rate::Flat(dec!(70.00)),
    /// };
    /// assert_eq!(day_ops.annual_at(day_ops.volume)?, dec!(5565000));
    /// let home_care = Drivers {
    ///     volume: dec!(10),
    ///     unit: "packages".into(),
    ///     per_week: None,
    ///     weeks_per_year: dec!(52.143),
    ///     per: RateBasis::Week,
    ///     rate: Rate::Flat(dec!(412.50)),
    /// };
    /// assert_eq!(home_care.annual_at(home_care.volume)?, dec!(215089.875));
    /// # Ok::<(), outturn_model::ModelError>(())
    /// ```
    ///
    /// # Errors
    /// A product too large ([`ModelError::Overflow`]), never a rounding.
    pub fn annual_at(&self, volume: Decimal) -> Result<Decimal, ModelError> {
        volume
            .checked_mul(self.cost_per_unit()?)
            .ok_or(ModelError::Overflow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn tier(name: &str, day: i64, half: i64) -> Tier {
        Tier {
            name: name.into(),
            day: Money::from_pennies(day),
            half_day: Money::from_pennies(half),
        }
    }

    #[test]
    fn a_mix_of_tiers_gives_the_weighted_rate_per_session() {
        // The module's worked example: 16.85 + 42.60 = 59.45.
        let mix = TierMix {
            card: "dps".into(),
            tiers: vec![
                (tier("1:1", 9_500, 5_200), dec!(20)),
                (tier("group 4-6", 6_000, 3_300), dec!(80)),
            ],
            half_days: dec!(25),
        };
        assert_eq!(mix.rate().unwrap(), dec!(59.45));
    }

    #[test]
    fn flat_drivers_multiply_out_exactly() {
        // 795 people × 2 days × 50 weeks × £70.00 = 79,500 days × £70 = £5,565,000.
        let d = Drivers {
            volume: dec!(795),
            unit: "people".into(),
            per_week: Some(dec!(2)),
            weeks_per_year: dec!(50),
            per: RateBasis::Day,
            rate: Rate::Flat(dec!(70.00)),
        };
        assert_eq!(d.per_year().unwrap(), dec!(100));
        assert_eq!(d.annual_at(d.volume).unwrap(), dec!(5565000));
        // A weekly rate ignores per week: 10 packages × 52.143 weeks × £412.50 = £215,089.875
        // a year, kept to the fraction of a penny until a contract year is costed.
        let weekly = Drivers {
            volume: dec!(10),
            per_week: None,
            weeks_per_year: dec!(52.143),
            per: RateBasis::Week,
            rate: Rate::Flat(dec!(412.50)),
            ..d
        };
        assert_eq!(weekly.annual_at(weekly.volume).unwrap(), dec!(215089.875));
    }

    #[test]
    fn a_product_too_large_is_an_error_not_a_rounding() {
        let d = Drivers {
            volume: Decimal::MAX,
            unit: "people".into(),
            per_week: Some(dec!(5)),
            weeks_per_year: dec!(52),
            per: RateBasis::Day,
            rate: Rate::Flat(dec!(10)),
        };
        assert_eq!(d.annual_at(d.volume), Err(ModelError::Overflow));
    }
}

#[cfg(test)]
mod projection_tests {
    //! Driver lines through the whole projection; figures worked by hand in the comments.
    use crate::error::ModelError;
    use crate::scenario::{Growth, LineKind, LineValue, Uplift};
    use crate::testkit::*;

    #[test]
    fn demand_growth_and_uplift_compound_separately() {
        // 100 people × 2 days × 50 weeks × £50 = £500,000 a year. Contract year 1
        // (1 October 2022 to 30 September 2023, 365 days) costs £500,000.00, split 182 : 183
        // days: 249,315.068… and 250,684.931…, so 249,315.07 (larger remainder) and
        // 250,684.93. Year 2 (to 30 September 2024, 366 days with 29 February) costs
        // 500,000 × 1.05 (uplift) × 1.10 (growth) = £577,500.00, split 183 : 183, 288,750 each.
        let mut l = line("day-ops", drivers(100, "50"));
        l.uplift = Uplift::Flat(5.into());
        l.growth = Growth::Flat(10.into());
        let s = scenario(&[(d(2022, 10, 1), d(2024, 9, 30))], vec![l]);
        assert_eq!(
            by_line_year(&years(&s)),
            [
                ("day-ops".into(), "2022-23".into(), 24_931_507),
                ("day-ops".into(), "2023-24".into(), 25_068_493 + 28_875_000),
                ("day-ops".into(), "2024-25".into(), 28_875_000),
            ]
        );
    }

    #[test]
    fn a_schedule_of_counts_sets_each_years_volume() {
        // 100 then 120 people × 100 days × £50: £500,000 then £600,000.
        let mut l = line("day-ops", drivers(100, "50"));
        l.growth =
            Growth::Volumes([(fy("2024-25"), 100.into()), (fy("2025-26"), 120.into())].into());
        let s = scenario(&[(d(2024, 4, 1), d(2026, 3, 31))], vec![l.clone()]);
        assert_eq!(
            by_line_year(&years(&s)),
            [
                ("day-ops".into(), "2024-25".into(), 50_000_000),
                ("day-ops".into(), "2025-26".into(), 60_000_000),
            ]
        );
        // A year missing, or a year the contract never reaches, is an error.
        let mut short = l.clone();
        short.growth = Growth::Volumes([(fy("2024-25"), 100.into())].into());
        let s = scenario(&[(d(2024, 4, 1), d(2026, 3, 31))], vec![short]);
        assert_eq!(
            crate::projection::project(&s, crate::projection::Granularity::Year),
            Err(ModelError::MissingVolume {
                line: "day-ops".into(),
                year: fy("2025-26")
            })
        );
        let s = scenario(&[(d(2024, 4, 1), d(2025, 3, 31))], vec![l]);
        assert_eq!(
            crate::projection::project(&s, crate::projection::Granularity::Year),
            Err(ModelError::VolumeOutsideTerm {
                line: "day-ops".into(),
                year: fy("2025-26")
            })
        );
    }

    #[test]
    fn a_share_grows_with_its_lines_volume_not_its_price() {
        // Service: £500,000, then 500,000 × 1.05 × 1.10 = £577,500. Transport at 20% of the
        // service before its uplift: £100,000, then 100,000 × 1.10 = £110,000 (volume only).
        let mut service = line("service", drivers(100, "50"));
        service.uplift = Uplift::Flat(5.into());
        service.growth = Growth::Flat(10.into());
        let mut transport = line(
            "transport",
            LineValue::ShareOf {
                line: "service".into(),
                share: 20.into(),
            },
        );
        transport.kind = LineKind::Transport;
        let s = scenario(&[(d(2024, 4, 1), d(2026, 3, 31))], vec![service, transport]);
        assert_eq!(
            by_line_year(&years(&s)),
            [
                ("service".into(), "2024-25".into(), 50_000_000),
                ("service".into(), "2025-26".into(), 57_750_000),
                ("transport".into(), "2024-25".into(), 10_000_000),
                ("transport".into(), "2025-26".into(), 11_000_000),
            ]
        );
    }

    #[test]
    fn a_share_of_a_share_or_of_another_contract_is_refused() {
        let share = |of: &str| LineValue::ShareOf {
            line: of.into(),
            share: 10.into(),
        };
        let s = scenario(
            &[(d(2024, 4, 1), d(2025, 3, 31))],
            vec![
                line("a", drivers(1, "1")),
                line("b", share("a")),
                line("c", share("b")),
            ],
        );
        assert_eq!(
            crate::projection::project(&s, crate::projection::Granularity::Year),
            Err(ModelError::BadShareOf {
                line: "c".into(),
                target: "b".into(),
                why: "which is itself a share of another line"
            })
        );
        let mut other = line("b", share("a"));
        other.contract = 1;
        let s = scenario(
            &[
                (d(2024, 4, 1), d(2025, 3, 31)),
                (d(2024, 4, 1), d(2025, 3, 31)),
            ],
            vec![line("a", drivers(1, "1")), other],
        );
        assert!(matches!(
            crate::projection::project(&s, crate::projection::Granularity::Year),
            Err(ModelError::BadShareOf { .. })
        ));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use crate::money::Money;
    use crate::scenario::{LineValue, Uplift};
    use crate::testkit::*;

    proptest! {
        /// Drivers whose product is a whole number of pennies cost exactly what the same
        /// annual value does, year by year, whatever the dates and uplift: drivers only
        /// change how the annual value is reached, never how it is costed.
        #[test]
        fn drivers_cost_as_their_annual_value(
            day in 0i64..2000, months in 1u32..80, people in 1i64..3000,
            pence in 100i64..20_000, bp in 0i64..800,
        ) {
            let start = d(2019, 4, 1) + chrono::Duration::days(day);
            let end = crate::calendar::add_months(start, months).unwrap().pred_opt().unwrap();
            let rate = Money::from_pennies(pence);
            // people × 2 days × 50 weeks × rate
            let annual = Money::from_pennies(people * 100 * pence);
            let mut by_drivers = line("l", drivers(people, &rate.plain()));
            let mut by_annual = line("l", LineValue::Annual(annual));
            let uplift = Uplift::Flat(rust_decimal::Decimal::new(bp, 2));
            by_drivers.uplift = uplift.clone();
            by_annual.uplift = uplift;
            let a = years(&scenario(&[(start, end)], vec![by_drivers]));
            let b = years(&scenario(&[(start, end)], vec![by_annual]));
            prop_assert_eq!(by_line_year(&a), by_line_year(&b));
        }
    }
}
