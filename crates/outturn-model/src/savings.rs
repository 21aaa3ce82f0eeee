//! Savings plans: a saving's target, how it is phased in, when it starts and how much of it
//! is expected to be delivered.
//!
//! A saving with a plan has a full-year target, either an amount or a percentage of the gross
//! spend of what it is against (that line's, or that budget's lines', in each financial
//! year). For the k-th financial year from its start (counting from 0):
//! 1. the full-year target: the amount, or the percentage of that year's gross spend;
//! 2. phased: times the k-th phasing share (the last share repeating), which is cumulative,
//!    so `["50%", "100%"]` is half the target in the first year and all of it after;
//! 3. in the first year only, when the saving starts on a date: times the days from that date
//!    to the year's end over the year's days;
//! 4. achieved: times the delivery rate (100% unless stated).
//!
//! Steps 1–4 each divide an amount, so each goes through [`split`] (a two-piece split: the
//! share and the rest), rounding to the penny by the largest-remainder rule. The target is
//! the result of step 3; the saving's rows in the projection are the achieved amount
//! (negative), shared by days across the phases in contract as any saving is.
//!
//! Worked example: £1,000,000 a year from 1 October 2022, phased 50% then 100%, 80%
//! delivered. 2022-23: 1,000,000 × 50% = 500,000; × 182/365 days (1 October to 31 March) =
//! 249,315.068… → £249,315.07; × 80% = 199,452.056 → £199,452.06 achieved. 2023-24: £1,000,000
//! target, £800,000 achieved.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::calendar::{days_inclusive, FinancialYear, Period};
use crate::error::ModelError;
use crate::money::Money;
use crate::projection::{project, saving_targets, Granularity};
use crate::scenario::{LineKind, Saving, Scenario};
use crate::split::split;

/// 100% in the weights of a percentage split (percentages to 0.0001%).
const WHOLE: u64 = 1_000_000;

/// How a saving's full-year target is stated, its phasing, start and delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavingPlan {
    /// A percentage (above 0, at most 100) of the gross spend of what the saving is against,
    /// in each financial year; `None` when the target is the saving's `per_year` amount.
    pub percent_of_gross: Option<Decimal>,
    /// Cumulative shares of the full-year target, in percent, for the 1st, 2nd, … financial
    /// year; the last repeats. Never falling; empty means 100% from the start.
    pub phasing: Vec<Decimal>,
    /// The first day of the saving, when it starts part way through its first year.
    pub from_date: Option<NaiveDate>,
    /// How much of the target is expected to be achieved, in percent (0 to 100).
    pub delivery: Decimal,
}

impl Default for SavingPlan {
    fn default() -> SavingPlan {
        SavingPlan {
            percent_of_gross: None,
            phasing: Vec::new(),
            from_date: None,
            delivery: Decimal::ONE_HUNDRED,
        }
    }
}

/// A saving in one financial year: the days it covers, its target and what is achieved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavingYear {
    pub year: FinancialYear,
    pub period: Period,
    /// The percentage of gross spend, and the gross spend it is of, for a percentage target.
    pub percent: Option<Decimal>,
    pub gross: Option<Money>,
    /// The full-year target (step 1).
    pub full: Money,
    /// The phasing share for this year, and the phased target (step 2).
    pub phasing: Option<Decimal>,
    pub phased: Money,
    /// The days from the start date to the year's end, of the year's days (step 3).
    pub days: Option<(u32, u32)>,
    /// The target (after steps 1–3), the delivery rate and what is achieved (step 4).
    pub target: Money,
    pub delivery: Decimal,
    pub achieved: Money,
}

/// `whole × percent / 100` by the largest-remainder rule (a split into the share and the
/// rest), so the share is within half a penny of exact.
///
/// # Errors
/// A percentage outside 0–100 or finer than 0.0001%.
pub fn percent_of(whole: Money, percent: Decimal) -> Result<Money, ModelError> {
    let w = (percent * Decimal::from(WHOLE / 100))
        .to_u64()
        .filter(|w| *w <= WHOLE && (percent * Decimal::from(WHOLE / 100)).fract().is_zero())
        .ok_or(ModelError::Overflow)?;
    let pieces = split(whole, &[w, WHOLE - w]).ok_or(ModelError::Overflow)?;
    Ok(pieces[0])
}

/// A saving's amounts year by year, ready to be asked for any year.
pub struct Schedule<'s> {
    saving: &'s Saving,
    plan: SavingPlan,
    gross: BTreeMap<FinancialYear, Money>,
}

impl<'s> Schedule<'s> {
    /// # Errors
    /// A target that does not exist; for a percentage target, whatever projecting the lines
    /// gives.
    pub fn new(scenario: &Scenario, saving: &'s Saving) -> Result<Schedule<'s>, ModelError> {
        let plan = saving.plan.clone().unwrap_or_default();
        let mut gross = BTreeMap::new();
        if plan.percent_of_gross.is_some() {
            let targets: Vec<String> = saving_targets(scenario, saving)?
                .iter()
                .map(|l| l.name.clone())
                .collect();
            let mut lines_only = scenario.clone();
            lines_only.savings.clear();
            for r in project(&lines_only, Granularity::Year)?.rows {
                if r.kind != LineKind::Saving && targets.contains(&r.line) {
                    *gross.entry(r.year).or_insert(Money::ZERO) += r.amount;
                }
            }
        }
        Ok(Schedule {
            saving,
            plan,
            gross,
        })
    }

    /// The saving in financial year `fy` (at or after its first year).
    ///
    /// # Errors
    /// An amount too large.
    pub fn year(&self, fy: FinancialYear) -> Result<SavingYear, ModelError> {
        let k = fy.years_after(self.saving.from).max(0) as usize;
        let (gross, full) = match self.plan.percent_of_gross {
            Some(p) => {
                let g = self.gross.get(&fy).copied().unwrap_or(Money::ZERO);
                (Some(g), percent_of(g, p)?)
            }
            None => (None, self.saving.per_year),
        };
        let phasing = self
            .plan
            .phasing
            .get(k)
            .or(self.plan.phasing.last())
            .copied();
        let phased = match phasing {
            Some(share) => percent_of(full, share)?,
            None => full,
        };
        let mut days = None;
        let mut period = Period {
            start: fy.start(),
            end: fy.end(),
        };
        let mut target = phased;
        if let Some(from) = self.plan.from_date.filter(|d| k == 0 && *d > fy.start()) {
            let days_in = days_inclusive(from, fy.end());
            let before = fy.days() - days_in;
            target = split(phased, &[u64::from(days_in), u64::from(before)])
                .ok_or(ModelError::Overflow)?[0];
            period.start = from;
            days = Some((days_in, fy.days()));
        }
        let achieved = percent_of(target, self.plan.delivery)?;
        Ok(SavingYear {
            year: fy,
            period,
            percent: self.plan.percent_of_gross,
            gross,
            full,
            phasing,
            phased,
            days,
            target,
            delivery: self.plan.delivery,
            achieved,
        })
    }
}

#[cfg(test)]
mod tests {
    //! Figures worked by hand or with Python's `decimal`; the arithmetic is in the comments.
    use super::*;
    use crate::scenario::{LineValue, Target};
    use crate::term::Term;
    use crate::testkit::{self, d, fy};

    fn pc(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// £2,000,000 a year from 1 April 2022 to 31 March 2025, line `l`, with `saving`.
    fn scenario(saving: Saving) -> Scenario {
        let line = testkit::line("l", LineValue::Annual(testkit::pounds(2_000_000)));
        let mut s = testkit::scenario(&[(d(2022, 4, 1), d(2025, 3, 31))], vec![line]);
        s.savings.push(saving);
        s
    }

    fn saving(per_year: i64, from: &str, plan: Option<SavingPlan>) -> Saving {
        Saving {
            name: "s".into(),
            target: Target::Line("l".into()),
            per_year: Money::from_pennies(per_year),
            from: fy(from),
            to: None,
            plan,
        }
    }

    /// (year, target, achieved) in pennies.
    type Years = Vec<(String, i64, i64)>;
    /// (year, amount) in pennies of the projection's saving rows.
    type Rows = Vec<(String, i64)>;

    fn run(s: &Scenario) -> (Years, Rows) {
        let sched = Schedule::new(s, &s.savings[0]).unwrap();
        let p = project(s, Granularity::Year).unwrap();
        let rows: Vec<(String, i64)> = p
            .rows
            .iter()
            .filter(|r| r.kind == LineKind::Saving)
            .map(|r| (r.year.to_string(), r.amount.pennies()))
            .collect();
        let years = rows
            .iter()
            .map(|(y, _)| {
                let sy = sched.year(fy(y)).unwrap();
                (y.clone(), sy.target.pennies(), sy.achieved.pennies())
            })
            .collect();
        (years, rows)
    }

    #[test]
    fn percent_of_rounds_by_the_largest_remainder() {
        // 80% of £249,315.07 = 199,452.056 → £199,452.06 (remainder 0.6 of a penny against 0.4).
        assert_eq!(
            percent_of(Money::from_pennies(24_931_507), pc("80")).unwrap(),
            Money::from_pennies(19_945_206)
        );
        // 12.5% of £0.10 = 1.25p → 1p (0.25 against 0.75 for the rest).
        assert_eq!(
            percent_of(Money::from_pennies(10), pc("12.5")).unwrap(),
            Money::from_pennies(1)
        );
        assert!(percent_of(Money::from_pennies(10), pc("100.5")).is_err());
    }

    #[test]
    fn per_year_savings_are_unchanged() {
        // No plan: £50,000 in each year from 2023-24, all achieved.
        let s = scenario(saving(5_000_000, "2023-24", None));
        let (years, rows) = run(&s);
        assert_eq!(
            years,
            [
                ("2023-24".into(), 5_000_000, 5_000_000),
                ("2024-25".into(), 5_000_000, 5_000_000)
            ]
        );
        assert_eq!(
            rows,
            [
                ("2023-24".into(), -5_000_000),
                ("2024-25".into(), -5_000_000)
            ]
        );
    }

    #[test]
    fn the_worked_example_in_the_module_docs() {
        // £1,000,000 from 1 October 2022, phased 50% then 100%, 80% delivered.
        // 2022-23: 500,000 × 182/365 = 249,315.068… → 249,315.07; × 0.8 = 199,452.056 →
        // 199,452.06. 2023-24 and 2024-25: 1,000,000 target, 800,000 achieved.
        let plan = SavingPlan {
            phasing: vec![pc("50"), pc("100")],
            from_date: Some(d(2022, 10, 1)),
            delivery: pc("80"),
            ..SavingPlan::default()
        };
        let s = scenario(saving(100_000_000, "2022-23", Some(plan)));
        let (years, rows) = run(&s);
        assert_eq!(
            years,
            [
                ("2022-23".into(), 24_931_507, 19_945_206),
                ("2023-24".into(), 100_000_000, 80_000_000),
                ("2024-25".into(), 100_000_000, 80_000_000),
            ]
        );
        assert_eq!(
            rows,
            [
                ("2022-23".into(), -19_945_206),
                ("2023-24".into(), -80_000_000),
                ("2024-25".into(), -80_000_000),
            ]
        );
        // The first year's saving row covers 1 October 2022 to 31 March 2023 only.
        let p = project(&s, Granularity::Year).unwrap();
        let first = p.rows.iter().find(|r| r.kind == LineKind::Saving).unwrap();
        assert_eq!(first.period.start, d(2022, 10, 1));
    }

    #[test]
    fn a_percentage_of_gross_spend() {
        // 5% of the line's £2,000,000 a year = £100,000; phased 25%, 60%, then 100% (the last
        // repeating); delivery 100%: 25,000; 60,000; 100,000.
        let plan = SavingPlan {
            percent_of_gross: Some(pc("5")),
            phasing: vec![pc("25"), pc("60"), pc("100")],
            ..SavingPlan::default()
        };
        let s = scenario(saving(0, "2022-23", Some(plan)));
        let (years, _) = run(&s);
        assert_eq!(
            years,
            [
                ("2022-23".into(), 2_500_000, 2_500_000),
                ("2023-24".into(), 6_000_000, 6_000_000),
                ("2024-25".into(), 10_000_000, 10_000_000),
            ]
        );
        let sched = Schedule::new(&s, &s.savings[0]).unwrap();
        assert_eq!(
            sched.year(fy("2023-24")).unwrap().gross,
            Some(Money::from_pennies(200_000_000))
        );
    }

    #[test]
    fn a_percentage_of_a_short_year_and_a_last_phasing_share_that_repeats() {
        // The line from 15 June 2024 to 14 June 2025 at £138m: 2024-25 £109,643,835.62 and
        // 2025-26 £28,356,164.38. 2.5% of each: 2,741,095.8905 → £2,741,095.89 and
        // 708,904.1095 → £708,904.11; phasing [50%] repeats: £1,370,547.95 (1,370,547.945 →
        // remainder 0.5 against 0.5, the earlier piece takes the penny: .95) and £354,452.06
        // (354,452.055 → .06, by the same tie rule).
        let mut s = scenario(saving(
            0,
            "2024-25",
            Some(SavingPlan {
                percent_of_gross: Some(pc("2.5")),
                phasing: vec![pc("50")],
                ..SavingPlan::default()
            }),
        ));
        s.contracts[0].term = Term::new(d(2024, 6, 15), d(2025, 6, 14), &[]).unwrap();
        s.lines[0].value = LineValue::Annual(Money::from_pennies(13_800_000_000));
        let (years, _) = run(&s);
        assert_eq!(
            years,
            [
                ("2024-25".into(), 137_054_795, 137_054_795),
                ("2025-26".into(), 35_445_206, 35_445_206),
            ]
        );
    }

    #[test]
    fn a_percentage_of_a_budget_counts_only_that_budgets_lines() {
        // Lines of £2,000,000 (budget b), £1,000,000 (budget b) and £500,000 (budget x):
        // 10% of budget b's gross £3,000,000 = £300,000 a year; delivery 50% = £150,000.
        let mut s = scenario(Saving {
            target: Target::Budget("b".into()),
            ..saving(
                0,
                "2022-23",
                Some(SavingPlan {
                    percent_of_gross: Some(pc("10")),
                    delivery: pc("50"),
                    ..SavingPlan::default()
                }),
            )
        });
        let mut second = s.lines[0].clone();
        second.name = "m".into();
        second.value = LineValue::Annual(Money::from_pennies(100_000_000));
        let mut other = s.lines[0].clone();
        other.name = "x".into();
        other.budget = "x".into();
        other.value = LineValue::Annual(Money::from_pennies(50_000_000));
        s.lines.push(second);
        s.lines.push(other);
        let (years, rows) = run(&s);
        assert_eq!(years[0], ("2022-23".into(), 30_000_000, 15_000_000));
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.1 == -15_000_000));
    }
}
