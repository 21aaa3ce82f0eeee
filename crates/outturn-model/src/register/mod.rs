//! Costing a contract as a register states it: a start, a length in months, an annual value
//! and a flat yearly uplift, every extension taken.
//!
//! These are the same rules, and the same functions, as a scenario line with an annual value
//! and uplift at each anniversary ([`crate::projection::project`]): contract years from
//! [`Term::contract_years`], each costed exactly and rounded once by [`exact::prorated`], then
//! split across financial years by days with [`split`]. A property test ties the two paths.

pub mod civil;
pub mod fast;
mod wide;

use rust_decimal::Decimal;

use crate::calendar::{FinancialYear, FyCalendar, Period};
use crate::error::ModelError;
use crate::exact;
use crate::money::Money;
use crate::split::split;
use crate::term::Term;

/// Adds the contract's cost, piece by piece, to `add(financial_year, days, amount)`: one
/// piece for each part of a contract year in a financial year.
///
/// `uplift_pct` is in percent (2.35 for 2.35%), compounding at each anniversary.
///
/// # Example
/// £1,000,000.00 a year from 15 June 2024 for 12 months, no uplift: one contract year,
/// split 290 : 75 days, gives £794,520.55 to 2024-25 and £205,479.45 to 2025-26
/// (794,520.547… takes the spare penny: its remainder is 0.79… of a penny against 0.20…).
/// With 3% for 24 months, the second year costs £1,030,000.00, split the same way:
/// 818,356.164… and 211,643.835…, the spare penny to the second (0.56… against 0.43…):
/// £818,356.16 and £211,643.84, so 2025-26 has £205,479.45 + £818,356.16 = £1,023,835.61.
///
/// ```
/// # use std::collections::BTreeMap;
/// # use outturn_model::register::cost_contract;
/// # use outturn_model::{term::Term, FyCalendar, Money, ModelError};
/// # use rust_decimal_macros::dec;
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// let mut by_year = BTreeMap::new();
/// let term = Term::from_months(date(2024, 6, 15), 24)?;
/// cost_contract(&term, Money::from_pennies(100_000_000), dec!(3), FyCalendar::UK, |fy, _, m| {
///     *by_year.entry(fy.to_string()).or_insert(Money::ZERO) += m;
/// })?;
/// let got: Vec<String> = by_year.iter().map(|(fy, m)| format!("{fy} {m}")).collect();
/// assert_eq!(got, ["2024-25 £794,520.55", "2025-26 £1,023,835.61", "2026-27 £211,643.84"]);
/// # Ok::<(), ModelError>(())
/// ```
///
/// # Errors
/// A term past the supported dates; an amount too large.
pub fn cost_contract(
    term: &Term,
    annual: Money,
    uplift_pct: Decimal,
    cal: FyCalendar,
    mut add: impl FnMut(FinancialYear, Period, Money),
) -> Result<(), ModelError> {
    let years = term.contract_years()?;
    let price_factor = Decimal::ONE + uplift_pct / Decimal::ONE_HUNDRED;
    let factors = vec![price_factor; years.last().map_or(0, |y| y.index as usize)];
    for cy in years {
        let cost = exact::prorated(
            annual.as_decimal(),
            &factors[..cy.index as usize],
            cy.period.days(),
            cy.full_days,
        )
        .ok_or(ModelError::Overflow)?;
        let parts = cy.period.by_financial_year(cal);
        if let [(fy, period)] = parts.as_slice() {
            add(*fy, *period, cost);
            continue;
        }
        let days: Vec<u64> = parts.iter().map(|(_, p)| u64::from(p.days())).collect();
        let pieces = split(cost, &days).ok_or(ModelError::Overflow)?;
        for ((fy, period), piece) in parts.into_iter().zip(pieces) {
            add(fy, period, piece);
        }
    }
    Ok(())
}

/// Spreads a total contract value over the term by days, with no uplift: for registers
/// that state a contract's whole value rather than an annual one.
///
/// # Example
/// £730.00 over 24 months from 15 June 2024 (730 days): 290 days in 2024-25, 365 in 2025-26
/// and 75 in 2026-27, so £290.00, £365.00 and £75.00: a pound a day.
///
/// ```
/// # use outturn_model::register::spread_total;
/// # use outturn_model::{term::Term, FyCalendar, Money, ModelError};
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// let mut got = Vec::new();
/// let term = Term::from_months(date(2024, 6, 15), 24)?;
/// spread_total(&term, Money::from_pennies(73_000), FyCalendar::UK, |fy, _, m| {
///     got.push(format!("{fy} {m}"));
/// })?;
/// assert_eq!(got, ["2024-25 £290.00", "2025-26 £365.00", "2026-27 £75.00"]);
/// # Ok::<(), ModelError>(())
/// ```
///
/// # Errors
/// An amount too large.
pub fn spread_total(
    term: &Term,
    total: Money,
    cal: FyCalendar,
    mut add: impl FnMut(FinancialYear, Period, Money),
) -> Result<(), ModelError> {
    let parts = term.taken_period().by_financial_year(cal);
    let days: Vec<u64> = parts.iter().map(|(_, p)| u64::from(p.days())).collect();
    let pieces = split(total, &days).ok_or(ModelError::Overflow)?;
    for ((fy, period), piece) in parts.into_iter().zip(pieces) {
        add(fy, period, piece);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::{project, Granularity};
    use crate::scenario::{
        Contract, Growth, Line, LineKind, LineValue, Scenario, Uplift, UpliftAt,
    };
    use chrono::NaiveDate;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn costs(term: &Term, annual: Money, uplift: Decimal) -> BTreeMap<FinancialYear, i64> {
        let mut out = BTreeMap::new();
        cost_contract(term, annual, uplift, FyCalendar::UK, |fy, _, m| {
            *out.entry(fy).or_insert(0) += m.pennies();
        })
        .unwrap();
        out
    }

    #[test]
    fn a_15_june_year_splits_290_to_75() {
        let start = NaiveDate::from_ymd_opt(2024, 6, 15).unwrap();
        let term = Term::from_months(start, 12).unwrap();
        let got: Vec<i64> = costs(&term, Money::from_pennies(100_000_000), Decimal::ZERO)
            .into_values()
            .collect();
        // 1,000,000 x 290/365 = 794,520.547…, x 75/365 = 205,479.452…
        assert_eq!(got, [79_452_055, 20_547_945]);
    }

    #[test]
    fn a_total_value_spreads_by_days() {
        let start = NaiveDate::from_ymd_opt(2024, 6, 15).unwrap();
        let term = Term::from_months(start, 24).unwrap();
        let mut got = Vec::new();
        spread_total(
            &term,
            Money::from_pennies(73_000),
            FyCalendar::UK,
            |fy, _, m| got.push((fy.to_string(), m.pennies())),
        )
        .unwrap();
        // £730 over 730 days: 290 days in 2024-25, 365 in 2025-26, 75 in 2026-27.
        assert_eq!(
            got,
            [
                ("2024-25".into(), 29_000),
                ("2025-26".into(), 36_500),
                ("2026-27".into(), 7_500)
            ]
        );
    }

    proptest! {
        /// The register path and a one-line scenario give the same pennies in every year.
        #[test]
        fn same_figures_as_a_scenario_line(
            day in 0i64..3000, months in 1u32..100, pennies in 1_000_000i64..500_000_000, bp in 0i64..600,
        ) {
            let start = NaiveDate::from_ymd_opt(2018, 4, 1).unwrap() + chrono::Duration::days(day);
            let term = Term::from_months(start, months).unwrap();
            let annual = Money::from_pennies(pennies);
            let uplift = Decimal::new(bp, 2);
            let scenario = Scenario {
                title: "t".into(), paper: "p".into(), calendar: FyCalendar::UK,
                contracts: vec![Contract { name: "c".into(), term: term.clone(), break_clause: None }],
                lines: vec![Line {
                    name: "l".into(), kind: LineKind::Service, budget: "b".into(), contract: 0,
                    value: LineValue::Annual(annual), uplift: Uplift::Flat(uplift), uplift_at: UpliftAt::Anniversary,
                    growth: Growth::None, funded_uplift: None,
                    funding: vec![],
                    conventions: Default::default(),
                }],
                savings: vec![], checks: vec![], trends: vec![], appraisal: None,
            };
            let mut by_year = BTreeMap::new();
            for r in project(&scenario, Granularity::Year).unwrap().rows {
                *by_year.entry(r.year).or_insert(0) += r.amount.pennies();
            }
            prop_assert_eq!(costs(&term, annual, uplift), by_year);
        }
    }
}
