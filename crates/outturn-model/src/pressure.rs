//! Uplift pressure: the fee uplift a line pays against the uplift the council funds.
//!
//! A line can state `funded_uplift` beside its `uplift`: the budget grows by the funded rate
//! while fees grow by the paid one, and the gap is a pressure on the budget, year by year
//! (the supported-living paper's "fees in excess of that funded for inflation"). Both sides
//! are full projections, so each obeys the same rounding rules as every other figure:
//!
//! ```text
//! £100,000 a year from 1 April 2024 for 3 years, fees +5% a year, funded +2%:
//!   2024-25  funded 100,000.00  paid 100,000.00  pressure     0.00
//!   2025-26  funded 102,000.00  paid 105,000.00  pressure 3,000.00
//!   2026-27  funded 104,040.00  paid 110,250.00  pressure 6,210.00
//! ```

use std::collections::BTreeMap;

use crate::calendar::FinancialYear;
use crate::error::ModelError;
use crate::money::Money;
use crate::projection::{project, Granularity, Projection};
use crate::scenario::Scenario;

/// One line's spend in one financial year at the funded and at the paid uplift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pressure {
    pub line: String,
    pub year: FinancialYear,
    pub funded: Money,
    pub paid: Money,
}

impl Pressure {
    /// Paid less funded: positive when fees outrun the funding.
    pub fn pressure(&self) -> Money {
        self.paid - self.funded
    }
}

/// The pressure of every line that states a funded uplift, by line then year.
///
/// # Example
/// The module's example: £100,000 a year from 1 April 2024, fees +5% a year, funding +2%.
/// 2025-26: £102,000 funded against £105,000 paid, a pressure of £3,000; 2026-27:
/// 100,000 × 1.02² = £104,040 against 100,000 × 1.05² = £110,250, a pressure of £6,210.
///
/// ```
/// # use outturn_model::pressure::pressures;
/// # use outturn_model::scenario::*;
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
/// let mut care = line("care", LineValue::Annual(Money::from_pennies(10_000_000)));
/// care.uplift = Uplift::Flat(dec!(5));
/// care.funded_uplift = Some(Uplift::Flat(dec!(2)));
/// let term = Term::new(date(2024, 4, 1), date(2027, 3, 31), &[])?;
/// let got: Vec<String> = pressures(&scenario(term, vec![care]))?
///     .iter()
///     .map(|p| format!("{} {} {} {}", p.year, p.funded, p.paid, p.pressure()))
///     .collect();
/// assert_eq!(got, [
///     "2024-25 £100,000.00 £100,000.00 £0.00",
///     "2025-26 £102,000.00 £105,000.00 £3,000.00",
///     "2026-27 £104,040.00 £110,250.00 £6,210.00",
/// ]);
/// # Ok::<(), ModelError>(())
/// ```
///
/// # Errors
/// Whatever projecting the scenario at either uplift reports (a funded schedule too short
/// for the term, say).
pub fn pressures(scenario: &Scenario) -> Result<Vec<Pressure>, ModelError> {
    if scenario.lines.iter().all(|l| l.funded_uplift.is_none()) {
        return Ok(Vec::new());
    }
    let paid = project(scenario, Granularity::Year)?;
    let mut funded_scenario = scenario.clone();
    for line in &mut funded_scenario.lines {
        if let Some(funded) = line.funded_uplift.take() {
            line.uplift = funded;
        }
    }
    let funded = project(&funded_scenario, Granularity::Year)?;
    let by_line_year = |p: &Projection| {
        let mut m: BTreeMap<(String, FinancialYear), Money> = BTreeMap::new();
        for r in &p.rows {
            *m.entry((r.line.clone(), r.year)).or_insert(Money::ZERO) += r.amount;
        }
        m
    };
    let (paid, funded) = (by_line_year(&paid), by_line_year(&funded));
    let mut out = Vec::new();
    for line in scenario.lines.iter().filter(|l| l.funded_uplift.is_some()) {
        for ((name, year), paid) in paid.iter().filter(|((n, _), _)| n == &line.name) {
            out.push(Pressure {
                line: name.clone(),
                year: *year,
                funded: funded
                    .get(&(name.clone(), *year))
                    .copied()
                    .unwrap_or(Money::ZERO),
                paid: *paid,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{LineValue, Uplift};
    use crate::testkit::*;

    #[test]
    fn fees_above_funded_inflation_are_a_growing_pressure() {
        // The module's example: 2025-26 funded 102,000 against 105,000 paid; 2026-27 104,040
        // (100,000 × 1.02²) against 110,250 (100,000 × 1.05²).
        let mut l = line("care", LineValue::Annual(pounds(100_000)));
        l.uplift = Uplift::Flat(5.into());
        l.funded_uplift = Some(Uplift::Flat(2.into()));
        let s = scenario(&[(d(2024, 4, 1), d(2027, 3, 31))], vec![l]);
        let p = pressures(&s).unwrap();
        let got: Vec<(String, i64, i64, i64)> = p
            .iter()
            .map(|p| {
                (
                    p.year.to_string(),
                    p.funded.pennies(),
                    p.paid.pennies(),
                    p.pressure().pennies(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("2024-25".into(), 10_000_000, 10_000_000, 0),
                ("2025-26".into(), 10_200_000, 10_500_000, 300_000),
                ("2026-27".into(), 10_404_000, 11_025_000, 621_000),
            ]
        );
    }

    #[test]
    fn no_funded_uplift_no_pressure() {
        let s = scenario(
            &[(d(2024, 4, 1), d(2025, 3, 31))],
            vec![line("care", LineValue::Annual(pounds(1)))],
        );
        assert_eq!(pressures(&s), Ok(vec![]));
    }
}
