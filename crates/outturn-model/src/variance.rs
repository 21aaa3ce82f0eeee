//! Why spend changed between two years: volume, mix and price; and what a unit costs.
//!
//! Each piece of a row that was costed from a contract year knows its volume in force (the
//! people of a driver line, after demand growth; 1 for an annual value), the days it covers
//! and its price index. From these, for each group (line, budget, kind or everything), each
//! kind of line and each unit counted, and each year:
//!
//! - `U`, units delivered: volume × days / days in the full contract year (person-years);
//! - `D`, spend; and `B`, spend at the contract's starting prices (each piece ÷ its index).
//!
//! Between a year `0` and the next `1`, the change `D1 − D0` is split the usual way:
//!
//! ```text
//! volume = (U1 − U0) × D0/U0                 more or fewer units, at last year's unit cost
//! mix    = (B1 − U1 × B0/U0) × D0/B0         what a unit buys changed (tiers, days a week)
//! price  = (D1 − D0) − volume − mix          uplift, and the pennies volume and mix lost
//! ```
//!
//! Volume and mix are rounded to the penny once; price takes the rest, so the three add back
//! to the change exactly. Stated amounts, savings and a kind of unit that starts or stops
//! between the two years are `other`. Worked example (an annual value of £100,000 at 10%
//! uplift from 1 April 2024): 2024-25 to 2025-26, U 1 → 1, B 100,000 → 100,000, D 100,000 →
//! 110,000, so volume 0, mix 0, price £10,000.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::calendar::FinancialYear;
use crate::money::Money;
use crate::projection::{Projection, Row, Source};
use crate::scenario::LineKind;

/// How rows are grouped for variance and unit costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    Line,
    #[default]
    Budget,
    Kind,
    All,
}

impl GroupBy {
    fn key(self, row: &Row) -> String {
        match self {
            GroupBy::Line => row.line.clone(),
            GroupBy::Budget => row.budget.clone(),
            GroupBy::Kind => row.kind.to_string(),
            GroupBy::All => "all".into(),
        }
    }
}

/// The change in one group's spend from one year to the next, by cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variance {
    pub group: String,
    pub from: FinancialYear,
    pub to: FinancialYear,
    pub spend_from: Money,
    pub spend_to: Money,
    pub volume: Money,
    pub mix: Money,
    pub price: Money,
    pub other: Money,
}

impl Variance {
    pub fn change(&self) -> Money {
        self.spend_to - self.spend_from
    }
}

/// Spend per unit of one group, kind of line and unit in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCost {
    pub group: String,
    pub kind: LineKind,
    pub unit: String,
    pub year: FinancialYear,
    pub spend: Money,
    /// Units delivered: volume × days in the year ÷ days in a full contract year.
    pub units: Decimal,
    /// Spend ÷ units, rounded to the penny half away from zero.
    pub per_unit: Money,
}

/// What counts as a unit for a piece costed from a contract year with no volume.
pub const SERVICE_YEARS: &str = "years of service";

#[derive(Default, Clone, Copy)]
struct Sums {
    units: Decimal,
    base: Decimal,
    spend: Money,
}

type Cell = (String, LineKind, String, FinancialYear);

/// Units, spend at starting prices and spend by (group, kind, unit, year); and the spend with
/// no unit (stated, savings) by (group, year).
fn sums(
    projection: &Projection,
    by: GroupBy,
) -> (
    BTreeMap<Cell, Sums>,
    BTreeMap<(String, FinancialYear), Money>,
) {
    let mut cells: BTreeMap<Cell, Sums> = BTreeMap::new();
    let mut without_units: BTreeMap<(String, FinancialYear), Money> = BTreeMap::new();
    for row in &projection.rows {
        let group = by.key(row);
        let (scale, spends) = funded_spends(row);
        for (part, spend) in row.parts.iter().zip(spends) {
            let (Some(last), Some(spend)) = (part.shares.last(), spend) else {
                continue;
            };
            let Source::ContractYear {
                basis,
                price_factors,
                growth_factors,
                paid_rate,
                full_days,
                ..
            } = &part.source
            else {
                *without_units
                    .entry((group.clone(), row.year))
                    .or_insert(Money::ZERO) += spend;
                continue;
            };
            let (volume, unit) = basis.volume().unwrap_or((Decimal::ONE, SERVICE_YEARS));
            let volume = volume * growth_factors.iter().product::<Decimal>();
            // A rate rounded by a payment system carries its uplift in the rate paid.
            let index = match paid_rate {
                Some(p) if !p.base.is_zero() => p.paid() / p.base,
                _ => price_factors.iter().product(),
            };
            let s = cells
                .entry((group.clone(), row.kind, unit.to_string(), row.year))
                .or_default();
            s.units += volume * Decimal::from(last.days) / Decimal::from(*full_days) * scale;
            s.base += last.amount.as_decimal() / index * scale;
            s.spend += spend;
        }
    }
    (cells, without_units)
}

/// The share of its line's row a row holds (1 unless the line is split between funding
/// budgets), and each part's spend in the row: the part's own amount, or for a budget's piece
/// of a funded line its share of the part, rounded to the penny half away from zero, the last
/// part taking what is left so the parts add back to the row exactly. A part with no share of
/// the row has no spend (`None`).
///
/// Worked example (`tests/mechanics/funding.toml`): care of £1,000,000.00 in 2024-25 is 60%
/// adult social care, £600,000.00: its one part spends £600,000.00, and its units (one service
/// year) count 0.6 of a service year for that budget.
fn funded_spends(row: &Row) -> (Decimal, Vec<Option<Money>>) {
    let Some(f) = row.funding.as_ref().filter(|f| f.line_row != Money::ZERO) else {
        let spends = row
            .parts
            .iter()
            .map(|p| p.shares.last().map(|l| l.amount))
            .collect();
        return (Decimal::ONE, spends);
    };
    let scale = f.amount.as_decimal() / f.line_row.as_decimal();
    let last_part = row.parts.iter().rposition(|p| !p.shares.is_empty());
    let mut left = row.amount;
    let spends = row
        .parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let share = p.shares.last()?;
            let spend = if Some(i) == last_part {
                left
            } else {
                Money::round_half_away(share.amount.as_decimal() * scale)
            };
            left = left - spend;
            Some(spend)
        })
        .collect();
    (scale, spends)
}

/// Each group's change from each year of the projection to the next, split into volume,
/// mix, price and other (see the module's formulas).
///
/// # Example
/// 100 people × 2 days a week × 50 weeks × £50 a day = £500,000 in 2024-25; in 2025-26 demand
/// grows 10% and prices 5%: 110 people, £500,000 × 1.05 × 1.10 = £577,500. Volume: 10 more
/// person-years at last year's £5,000 = £50,000. Mix: 2025-26 at starting prices is £550,000,
/// exactly 110 × £5,000, so none. Price: £77,500 − £50,000 = £27,500 (5% of £550,000).
///
/// ```
/// # use outturn_model::drivers::{Drivers, Rate, RateBasis};
/// # use outturn_model::projection::{project, Granularity};
/// # use outturn_model::scenario::*;
/// # use outturn_model::variance::{variance, GroupBy};
/// # use outturn_model::{term::Term, FyCalendar, Money, ModelError};
/// # use rust_decimal_macros::dec;
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// # let line = |name: &str, value| Line { name: name.into(), kind: LineKind::Service,
/// #     budget: "asc".into(), contract: 0, value, uplift: Uplift::None,
/// #     uplift_at: UpliftAt::Anniversary, growth: Growth::None, funded_uplift: None,
/// #     funding: vec![], conventions: Default::default() };
/// # let scenario = |term, lines| Scenario { title: "t".into(), paper: "p".into(),
/// #     calendar: FyCalendar::UK, contracts: vec![Contract { name: "c".into(), term,
/// #     break_clause: None }], lines, savings: vec![], checks: vec![], trends: vec![], appraisal: None };
/// let mut day_ops = line("day-ops", LineValue::Drivers(Drivers {
///     volume: dec!(100),
///     unit: "people".into(),
///     per_week: Some(dec!(2)),
///     weeks_per_year: dec!(50),
///     per: RateBasis::Day,
///     rate: Rate::Flat(dec!(50)),
/// }));
/// day_ops.uplift = Uplift::Flat(dec!(5));
/// day_ops.growth = Growth::Flat(dec!(10));
/// let term = Term::new(date(2024, 4, 1), date(2026, 3, 31), &[])?;
/// let projection = project(&scenario(term, vec![day_ops]), Granularity::Year)?;
/// let v = &variance(&projection, GroupBy::All)[0];
/// assert_eq!(v.change(), Money::from_pennies(7_750_000));
/// assert_eq!(v.volume, Money::from_pennies(5_000_000));
/// assert_eq!(v.mix, Money::ZERO);
/// assert_eq!(v.price, Money::from_pennies(2_750_000));
/// assert_eq!(v.other, Money::ZERO);
/// # Ok::<(), ModelError>(())
/// ```
pub fn variance(projection: &Projection, by: GroupBy) -> Vec<Variance> {
    let (cells, without_units) = sums(projection, by);
    let mut years: Vec<FinancialYear> = projection.rows.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    let mut groups: Vec<String> = projection.rows.iter().map(|r| by.key(r)).collect();
    groups.sort_unstable();
    groups.dedup();
    let mut out = Vec::new();
    for pair in years.windows(2) {
        for group in &groups {
            out.extend(group_variance(
                &cells,
                &without_units,
                group,
                pair[0],
                pair[1],
            ));
        }
    }
    out
}

/// One group's change from `y0` to `y1`, or `None` when it spends nothing in either year.
fn group_variance(
    cells: &BTreeMap<Cell, Sums>,
    without_units: &BTreeMap<(String, FinancialYear), Money>,
    group: &String,
    y0: FinancialYear,
    y1: FinancialYear,
) -> Option<Variance> {
    let spend = |y: FinancialYear| -> Money {
        cells
            .iter()
            .filter(|((g, _, _, year), _)| g == group && *year == y)
            .map(|(_, s)| s.spend)
            .sum::<Money>()
            + without_units
                .get(&(group.clone(), y))
                .copied()
                .unwrap_or(Money::ZERO)
    };
    let (spend_from, spend_to) = (spend(y0), spend(y1));
    if spend_from == Money::ZERO && spend_to == Money::ZERO {
        return None;
    }
    let mut kinds: Vec<(LineKind, &str)> = cells
        .keys()
        .filter(|(g, _, _, y)| g == group && (*y == y0 || *y == y1))
        .map(|(_, k, u, _)| (*k, u.as_str()))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    let (mut volume, mut mix, mut price) = (Money::ZERO, Money::ZERO, Money::ZERO);
    for (kind, unit) in kinds {
        let at = |y| {
            cells
                .get(&(group.clone(), kind, unit.to_string(), y))
                .copied()
                .unwrap_or_default()
        };
        if let Some((v, m, p)) = volume_mix_price(at(y0), at(y1)) {
            volume += v;
            mix += m;
            price += p;
        }
    }
    Some(Variance {
        group: group.clone(),
        from: y0,
        to: y1,
        spend_from,
        spend_to,
        volume,
        mix,
        price,
        other: spend_to - spend_from - volume - mix - price,
    })
}

/// One kind of unit's change from year `a` to year `b` as volume, mix and price: volume
/// `(U1 − U0) × D0/U0` and mix `(B1 − U1 × B0/U0) × D0/B0`, each rounded to the penny half
/// away from zero, and price the rest of `D1 − D0`, so the three add back to it exactly.
/// `None` when the kind starts or stops (no unit cost on one side): its change is `other`.
///
/// Worked example (the one in [`variance`]): U0 = 100, U1 = 110 person-years; D0 = B0 =
/// £500,000; B1 = £550,000 and D1 = £577,500. Volume = 10 × 500,000/100 = £50,000; mix =
/// (550,000 − 110 × 500,000/100) × 500,000/500,000 = £0; price = 77,500 − 50,000 − 0 = £27,500.
fn volume_mix_price(a: Sums, b: Sums) -> Option<(Money, Money, Money)> {
    if a.units.is_zero() || b.units.is_zero() || a.base.is_zero() {
        return None;
    }
    let d0 = a.spend.as_decimal();
    let volume = Money::round_half_away((b.units - a.units) * d0 / a.units);
    let mix = Money::round_half_away((b.base - b.units * a.base / a.units) * d0 / a.base);
    Some((volume, mix, b.spend - a.spend - volume - mix))
}

/// Spend per unit for every group, kind, unit and year that has units: spend over units
/// delivered, rounded to the penny half away from zero.
///
/// # Example
/// The example of [`variance`]: £500,000 over 100 person-years is £5,000 each in 2024-25;
/// £577,500 over 110 is £5,250 in 2025-26. A line of £1,000 a year from 1 October 2024 (182
/// of 365 days) spends £498.63 in 2024-25 over 182/365 of a year of service:
/// 498.63 × 365/182 = 999.9997… → £1,000.00 a year of service.
///
/// ```
/// # use outturn_model::projection::{project, Granularity};
/// # use outturn_model::scenario::*;
/// # use outturn_model::variance::{unit_costs, GroupBy, SERVICE_YEARS};
/// # use outturn_model::{term::Term, FyCalendar, Money, ModelError};
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// # let line = |name: &str, value| Line { name: name.into(), kind: LineKind::Service,
/// #     budget: "asc".into(), contract: 0, value, uplift: Uplift::None,
/// #     uplift_at: UpliftAt::Anniversary, growth: Growth::None, funded_uplift: None,
/// #     funding: vec![], conventions: Default::default() };
/// # let scenario = |term, lines| Scenario { title: "t".into(), paper: "p".into(),
/// #     calendar: FyCalendar::UK, contracts: vec![Contract { name: "c".into(), term,
/// #     break_clause: None }], lines, savings: vec![], checks: vec![], trends: vec![], appraisal: None };
/// let care = line("care", LineValue::Annual(Money::from_pennies(100_000)));
/// let term = Term::new(date(2024, 10, 1), date(2025, 9, 30), &[])?;
/// let projection = project(&scenario(term, vec![care]), Granularity::Year)?;
/// let first = &unit_costs(&projection, GroupBy::All)[0];
/// assert_eq!((first.unit.as_str(), first.spend), (SERVICE_YEARS, Money::from_pennies(49_863)));
/// assert_eq!(first.per_unit, Money::from_pennies(100_000));
/// # Ok::<(), ModelError>(())
/// ```
pub fn unit_costs(projection: &Projection, by: GroupBy) -> Vec<UnitCost> {
    let (cells, _) = sums(projection, by);
    cells
        .into_iter()
        .filter(|(_, s)| !s.units.is_zero())
        .map(|((group, kind, unit, year), s)| UnitCost {
            group,
            kind,
            unit,
            year,
            spend: s.spend,
            units: s.units,
            per_unit: Money::round_half_away(s.spend.as_decimal() / s.units),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drivers::{Drivers, Rate, RateBasis, Tier, TierMix};
    use crate::money::Money;
    use crate::scenario::{Growth, LineValue, Uplift};
    use crate::testkit::*;

    fn one(v: &[Variance]) -> (i64, i64, i64, i64, i64) {
        assert_eq!(v.len(), 1, "{v:?}");
        let v = &v[0];
        assert_eq!(v.volume + v.mix + v.price + v.other, v.change());
        (
            v.change().pennies(),
            v.volume.pennies(),
            v.mix.pennies(),
            v.price.pennies(),
            v.other.pennies(),
        )
    }

    #[test]
    fn growth_is_volume_and_uplift_is_price() {
        // 100 people × 100 days × £50 = £500,000 in 2024-25; 2025-26 has 110 people at 5%
        // more: £577,500. Volume: 10 more people at £5,000 = £50,000. Mix: 2025-26 at
        // starting prices is £550,000 = 110 × £5,000, so none. Price: £27,500 = 5% × 550,000.
        let mut l = line("l", drivers(100, "50"));
        l.uplift = Uplift::Flat(5.into());
        l.growth = Growth::Flat(10.into());
        let p = years(&scenario(&[(d(2024, 4, 1), d(2026, 3, 31))], vec![l]));
        assert_eq!(
            one(&variance(&p, GroupBy::Budget)),
            (7_750_000, 5_000_000, 0, 2_750_000, 0)
        );
        let costs = unit_costs(&p, GroupBy::Budget);
        assert_eq!(costs[0].units, Decimal::from(100));
        assert_eq!(costs[0].per_unit, pounds(5_000));
        // 2025-26: £577,500 over 110 person-years = £5,250 each.
        assert_eq!(costs[1].per_unit, pounds(5_250));
    }

    #[test]
    fn a_new_rate_card_for_the_same_people_is_mix() {
        // The same 100 people, 100 days a year: £50 a day on the old contract (2024-25), the
        // drivers module's tier mix at £59.45 a session on the new one (2025-26): £594,500.
        // Same units, no uplift, so the whole £94,500 is mix.
        let tier = |name: &str, day: i64, half: i64| Tier {
            name: name.into(),
            day: Money::from_pennies(day),
            half_day: Money::from_pennies(half),
        };
        let card = LineValue::Drivers(Drivers {
            volume: 100.into(),
            unit: "people".into(),
            per_week: Some(2.into()),
            weeks_per_year: 50.into(),
            per: RateBasis::Session,
            rate: Rate::Card(TierMix {
                card: "new".into(),
                tiers: vec![
                    (tier("1:1", 9_500, 5_200), 20.into()),
                    (tier("group 4-6", 6_000, 3_300), 80.into()),
                ],
                half_days: 25.into(),
            }),
        });
        let old = line("old", drivers(100, "50"));
        let mut new = line("new", card);
        new.contract = 1;
        let p = years(&scenario(
            &[
                (d(2024, 4, 1), d(2025, 3, 31)),
                (d(2025, 4, 1), d(2026, 3, 31)),
            ],
            vec![old, new],
        ));
        assert_eq!(
            one(&variance(&p, GroupBy::Budget)),
            (9_450_000, 0, 9_450_000, 0, 0)
        );
        // By line, each line starts or stops: all of it is `other`.
        let by_line = variance(&p, GroupBy::Line);
        assert!(by_line.iter().all(|v| v.other == v.change()));
    }

    #[test]
    fn an_annual_value_counts_years_of_service() {
        // £100,000 at 10% from 1 April 2024: the whole £10,000 change is price.
        let mut l = line("l", LineValue::Annual(pounds(100_000)));
        l.uplift = Uplift::Flat(10.into());
        let p = years(&scenario(&[(d(2024, 4, 1), d(2026, 3, 31))], vec![l]));
        assert_eq!(
            one(&variance(&p, GroupBy::All)),
            (1_000_000, 0, 0, 1_000_000, 0)
        );
    }
}
