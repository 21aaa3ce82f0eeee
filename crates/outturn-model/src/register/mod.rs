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
/// Worked example: £1,000,000.00 a year from 15 June 2024 for 12 months, no uplift: one
/// contract year, split 290 : 75 days, gives £794,520.55 to 2024-25 and £205,479.45 to
/// 2025-26 (794,520.547… takes the spare penny).
pub fn cost_contract(
    term: &Term,
    annual: Money,
    uplift_pct: Decimal,
    cal: FyCalendar,
    mut add: impl FnMut(FinancialYear, Period, Money),
) -> Result<(), ModelError> {
    let years = term.contract_years()?;
    let growth = Decimal::ONE + uplift_pct / Decimal::ONE_HUNDRED;
    let factors = vec![growth; years.last().map_or(0, |y| y.index as usize)];
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
                }],
                savings: vec![], checks: vec![], trends: vec![],
            };
            let mut by_year = BTreeMap::new();
            for r in project(&scenario, Granularity::Year).unwrap().rows {
                *by_year.entry(r.year).or_insert(0) += r.amount.pennies();
            }
            prop_assert_eq!(costs(&term, annual, uplift), by_year);
        }
    }
}
