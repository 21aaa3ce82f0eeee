//! Savings: what a saving is against, what it achieves each financial year, and how that is
//! shared across the contracts and phases in play.
//!
//! A saving has a full-year amount (`per_year`, or a `target`): either an amount or a
//! percentage of the gross spend of what it is against (that line's, or that budget's lines',
//! in each financial year). It runs in each financial year from its first (`from`) to its
//! last (`to`, or by default the last year anything it is against is in contract). For the
//! k-th financial year from its start (counting from 0):
//! 1. the full-year target: the amount, or the percentage of that year's gross spend;
//! 2. phased: times the k-th phasing share (the last share repeating), which is cumulative,
//!    so `["50%", "100%"]` is half the target in the first year and all of it after;
//! 3. pro-rated, like every other amount, by the days it covers over the year's days: the days
//!    from its start date (in its first year, when it starts on a date) to the year's end on
//!    which what it is against is in contract. A percentage of gross spend is not pro-rated
//!    again: the gross spend of a part year is already the part year's. A scenario may say
//!    instead that an amount is taken whole in a part year ([`PartYears::Whole`]), as a
//!    paper that budgets a full year's saving in a contract's short first year does; only a
//!    start date then pro-rates it;
//! 4. achieved: times the delivery rate (100% unless stated).
//!
//! Steps 1–4 each divide an amount, so each goes through [`split`] (a two-piece split: the
//! share and the rest), rounding to the penny by the largest-remainder rule
//! ([`Schedule::year`]). The target is the result of step 3. In the projection a saving is
//! the achieved amount, negative, split by days across the phases of every contract in play
//! over the days it covers that year (`pieces`), and reported as a line of its own.
//!
//! Worked example: £1,000,000 a year from 1 October 2022, phased 50% then 100%, 80%
//! delivered. 2022-23: 1,000,000 × 50% = 500,000; × 182/365 days (1 October to 31 March) =
//! 249,315.068… → £249,315.07; × 80% = 199,452.056 → £199,452.06 achieved. 2023-24: £1,000,000
//! target, £800,000 achieved.
//!
//! Worked example of a part year: £120,000 a year against a line whose contract ends on
//! 31 August 2024, 153 days into 2024-25 (April 30, May 31, June 30, July 31, August 31):
//! 12,000,000p × 153/365 = 5,030,136.986…p and the rest 6,969,863.013…p; rounded toward zero
//! they are a penny short, which goes to the larger remainder (0.986 against 0.013):
//! £50,301.37 in 2024-25, not the whole £120,000.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::calendar::{days_inclusive, FinancialYear, Period};
use crate::error::ModelError;
use crate::money::Money;
use crate::projection::{
    phase_segments, project, spread, Division, Granularity, Piece, Segment, Source,
};
use crate::scenario::{Line, LineKind, Saving, Scenario, Target};
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
    /// Whether an amount is pro-rated in a financial year what the saving is against is in
    /// contract for only part of (step 3 of the module's rule).
    pub part_years: PartYears,
}

impl SavingPlan {
    /// Whether the plan changes the amount stated in any year (how part years are taken
    /// changes it only in a part year, which says so itself).
    pub fn has_steps(&self) -> bool {
        self.percent_of_gross.is_some()
            || !self.phasing.is_empty()
            || self.from_date.is_some()
            || self.delivery != Decimal::ONE_HUNDRED
    }
}

/// How a saving's full-year amount is taken in a part year of its contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PartYears {
    /// By the days in contract over the year's days, like every other amount.
    #[default]
    ProRated,
    /// Whole, as the paper budgets it: stated in the scenario, never assumed.
    Whole,
}

impl Default for SavingPlan {
    fn default() -> SavingPlan {
        SavingPlan {
            percent_of_gross: None,
            phasing: Vec::new(),
            from_date: None,
            delivery: Decimal::ONE_HUNDRED,
            part_years: PartYears::ProRated,
        }
    }
}

/// Days from `start` to `end` (both included) on which at least one of `periods` runs.
fn days_covered(periods: &[Period], start: NaiveDate, end: NaiveDate) -> u32 {
    let mut clipped: Vec<(NaiveDate, NaiveDate)> = periods
        .iter()
        .map(|p| (p.start.max(start), p.end.min(end)))
        .filter(|(s, e)| s <= e)
        .collect();
    clipped.sort();
    let mut days = 0;
    let mut reached: Option<NaiveDate> = None;
    for (s, e) in clipped {
        // Only the part after the last day already counted.
        let s = match reached {
            Some(r) if r >= s => match r.succ_opt() {
                Some(next) => next,
                None => continue,
            },
            _ => s,
        };
        if s <= e {
            days += days_inclusive(s, e);
        }
        reached = Some(reached.map_or(e, |r| r.max(e)));
    }
    days
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
/// # Example
/// 80% of £249,315.07: 24,931,507p × 0.8 = 19,945,205.6p and the rest 4,986,301.4p; rounded
/// toward zero they are a penny short, which goes to the larger remainder (0.6 against 0.4):
/// £199,452.06. 12.5% of 10p is 1.25p against 8.75p for the rest: the rest has the larger
/// remainder, so the share is 1p.
///
/// ```
/// # use outturn_model::savings::percent_of;
/// # use outturn_model::{Money, ModelError};
/// # use rust_decimal_macros::dec;
/// assert_eq!(percent_of(Money::from_pennies(24_931_507), dec!(80))?, Money::from_pennies(19_945_206));
/// assert_eq!(percent_of(Money::from_pennies(10), dec!(12.5))?, Money::from_pennies(1));
/// assert_eq!(percent_of(Money::from_pennies(10), dec!(100.5)), Err(ModelError::Overflow));
/// # Ok::<(), ModelError>(())
/// ```
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

/// The lines a saving is against, or an error naming what does not exist: the line it names,
/// or every line (savings aside) of the budget it names.
///
/// # Errors
/// [`ModelError::UnknownLine`] or [`ModelError::UnknownBudget`], naming the saving.
pub fn targets<'s>(scenario: &'s Scenario, saving: &Saving) -> Result<Vec<&'s Line>, ModelError> {
    let lines: Vec<&Line> = match &saving.target {
        Target::Line(name) => scenario.lines.iter().filter(|l| &l.name == name).collect(),
        Target::Budget(budget) => scenario
            .lines
            .iter()
            .filter(|l| &l.budget == budget && l.kind != LineKind::Saving)
            .collect(),
    };
    if lines.is_empty() {
        return Err(match &saving.target {
            Target::Line(t) => ModelError::UnknownLine {
                name: saving.name.clone(),
                target: t.clone(),
            },
            Target::Budget(t) => ModelError::UnknownBudget {
                name: saving.name.clone(),
                target: t.clone(),
            },
        });
    }
    Ok(lines)
}

/// A saving's pieces, as the projection reports them.
pub(crate) struct SavingPieces {
    /// The budget the saving is reported in: the one it names, or its line's.
    pub(crate) budget: String,
    /// Each contract its targets belong to (an index into the scenario's), with the pieces
    /// in that contract.
    pub(crate) by_contract: Vec<(usize, Vec<Piece>)>,
}

/// A saving's pieces for the projection ([`SavingPieces`]). In each financial year from its
/// first to its last, what it achieves ([`Schedule::year`]) is split, negative, by days
/// across the phases of every contract in play over the days it covers, so a saving against
/// a budget is shared between an old contract and its replacement by the days each runs.
///
/// # Example
/// £60,000 a year against budget `asc` from 2022-23, whose lines are on an old contract to
/// 30 September 2022 (183 days of 2022-23) and a new one from 1 October (182 days):
/// -6,000,000p × 183/365 = -3,008,219.178…p and × 182/365 = -2,991,780.821…p; rounded toward
/// zero they are a penny short, which goes to the larger remainder (the second):
/// -£30,082.19 and -£29,917.81.
///
/// ```
/// # use outturn_model::projection::{project, Granularity};
/// # use outturn_model::scenario::*;
/// # use outturn_model::{term::Term, FyCalendar, Money, ModelError};
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// # let line = |name: &str, contract| Line { name: name.into(), kind: LineKind::Service,
/// #     budget: "asc".into(), contract, value: LineValue::Annual(Money::from_pennies(10_000_000)),
/// #     uplift: Uplift::None, uplift_at: UpliftAt::Anniversary, growth: Growth::None,
/// #     funded_uplift: None, funding: vec![], conventions: Default::default() };
/// # let contract = |name: &str, term| Contract { name: name.into(), term, break_clause: None };
/// let year = |label| FyCalendar::UK.parse_year(label).expect("a year");
/// let saving = Saving {
///     name: "review".into(),
///     target: Target::Budget("asc".into()),
///     per_year: Money::from_pennies(6_000_000),
///     from: year("2022-23"),
///     to: None,
///     plan: None,
/// };
/// let scenario = Scenario {
///     contracts: vec![
///         contract("old", Term::new(date(2021, 4, 1), date(2022, 9, 30), &[])?),
///         contract("new", Term::new(date(2022, 10, 1), date(2023, 3, 31), &[])?),
///     ],
///     lines: vec![line("old-care", 0), line("new-care", 1)],
///     savings: vec![saving],
/// #   title: "t".into(), paper: "p".into(), calendar: FyCalendar::UK, checks: vec![],
/// #   trends: vec![], appraisal: None,
/// };
/// let rows = project(&scenario, Granularity::Year)?.rows;
/// let saved: Vec<String> = rows
///     .iter()
///     .filter(|r| r.kind == LineKind::Saving)
///     .map(|r| format!("{} {} {}", r.phase, r.year, r.amount))
///     .collect();
/// assert_eq!(saved, ["old:initial 2022-23 -£30,082.19", "new:initial 2022-23 -£29,917.81"]);
/// # Ok::<(), ModelError>(())
/// ```
///
/// # Errors
/// A target that does not exist; a first year after the last; a year in which nothing the
/// saving is against is in contract; whatever [`Schedule`] gives.
pub(crate) fn pieces(scenario: &Scenario, saving: &Saving) -> Result<SavingPieces, ModelError> {
    let cal = scenario.calendar;
    let targets = targets(scenario, saving)?;
    let budget = match &saving.target {
        Target::Budget(b) => b.clone(),
        Target::Line(_) => targets[0].budget.clone(),
    };
    let mut contracts: Vec<usize> = targets.iter().map(|l| l.contract).collect();
    contracts.sort_unstable();
    contracts.dedup();
    let last_fy = contracts
        .iter()
        .map(|&c| cal.year_of(scenario.contracts[c].term.taken_period().end))
        .max()
        .expect("a saving has at least one target");
    let to = saving.to.unwrap_or(last_fy);
    if saving.from > to {
        return Err(ModelError::SavingOutsideTerm {
            saving: saving.name.clone(),
            year: saving.from,
        });
    }
    let mut by_contract: Vec<(usize, Vec<Piece>)> =
        contracts.iter().map(|&c| (c, Vec::new())).collect();
    let schedule = Schedule::new(scenario, saving)?;
    let mut fy = saving.from;
    while fy <= to {
        for (owner, piece) in year_pieces(scenario, saving, &contracts, schedule.year(fy)?)? {
            let slot = by_contract
                .iter_mut()
                .find(|(c, _)| *c == owner)
                .expect("owner listed");
            slot.1.push(piece);
        }
        fy = fy.next();
    }
    Ok(SavingPieces {
        budget,
        by_contract,
    })
}

/// One financial year of a saving: what it achieves, negative, split by days across the
/// phases of each of `contracts` in contract over the days the saving covers that year (the
/// whole year, or from its start date in its first year); each piece with its contract.
fn year_pieces(
    scenario: &Scenario,
    saving: &Saving,
    contracts: &[usize],
    planned: SavingYear,
) -> Result<Vec<(usize, Piece)>, ModelError> {
    let fy = planned.year;
    let segments: Vec<(usize, Segment)> = contracts
        .iter()
        .flat_map(|&c| {
            phase_segments(
                &scenario.contracts[c].term,
                planned.period,
                scenario.calendar,
            )
            .into_iter()
            .map(move |s| (c, s))
        })
        .collect();
    if segments.is_empty() {
        return Err(ModelError::SavingOutsideTerm {
            saving: saving.name.clone(),
            year: fy,
        });
    }
    let (owners, segs): (Vec<usize>, Vec<_>) = segments.into_iter().unzip();
    // A saving taken as stated is shown as the amount; one with steps (a plan, or pro-rated
    // in a part year) with its steps.
    let steps = saving.plan.as_ref().is_some_and(SavingPlan::has_steps);
    let source = if steps || planned.days.is_some() {
        Source::Saving(planned)
    } else {
        Source::Stated {
            year: fy,
            amount: -planned.achieved,
        }
    };
    Ok(owners
        .into_iter()
        .zip(spread(source, segs, Division::DAYS)?)
        .collect())
}

/// A saving's amounts year by year, ready to be asked for any year.
pub struct Schedule<'s> {
    saving: &'s Saving,
    plan: SavingPlan,
    gross: BTreeMap<FinancialYear, Money>,
    /// The taken terms of the contracts of what the saving is against.
    in_contract: Vec<Period>,
}

impl<'s> Schedule<'s> {
    /// The schedule of `saving`; for a percentage target, with the gross spend of what it is
    /// against in each financial year (the projection of its lines, without savings).
    ///
    /// # Example
    /// 5% of the gross spend of a line of £2,000,000 a year is £100,000 (2,000,000 × 5/100,
    /// exact); phased 25%, 60%, then 100%: £25,000, £60,000 and £100,000 targets, all
    /// achieved at the default 100% delivery.
    ///
    /// ```
    /// # use outturn_model::savings::{SavingPlan, Schedule};
    /// # use outturn_model::scenario::*;
    /// # use outturn_model::{term::Term, FyCalendar, Money, ModelError};
    /// # use rust_decimal_macros::dec;
    /// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    /// # let line = Line { name: "care".into(), kind: LineKind::Service, budget: "asc".into(),
    /// #     contract: 0, value: LineValue::Annual(Money::from_pennies(200_000_000)),
    /// #     uplift: Uplift::None, uplift_at: UpliftAt::Anniversary, growth: Growth::None,
    /// #     funded_uplift: None, funding: vec![], conventions: Default::default() };
    /// # let term = Term::new(date(2022, 4, 1), date(2025, 3, 31), &[])?;
    /// # let scenario = Scenario { title: "t".into(), paper: "p".into(),
    /// #     calendar: FyCalendar::UK, contracts: vec![Contract { name: "c".into(), term,
    /// #     break_clause: None }], lines: vec![line], savings: vec![], checks: vec![],
    /// #     trends: vec![], appraisal: None };
    /// let year = |label| FyCalendar::UK.parse_year(label).expect("a year");
    /// let saving = Saving {
    ///     name: "review".into(),
    ///     target: Target::Line("care".into()),
    ///     per_year: Money::ZERO,
    ///     from: year("2022-23"),
    ///     to: None,
    ///     plan: Some(SavingPlan {
    ///         percent_of_gross: Some(dec!(5)),
    ///         phasing: vec![dec!(25), dec!(60), dec!(100)],
    ///         ..SavingPlan::default()
    ///     }),
    /// };
    /// let schedule = Schedule::new(&scenario, &saving)?;
    /// let first = schedule.year(year("2022-23"))?;
    /// assert_eq!(first.gross, Some(Money::from_pennies(200_000_000)));
    /// assert_eq!(first.full, Money::from_pennies(10_000_000));
    /// let targets: Vec<String> = ["2022-23", "2023-24", "2024-25"]
    ///     .into_iter()
    ///     .map(|y| schedule.year(year(y)).map(|s| s.achieved.to_string()))
    ///     .collect::<Result<_, _>>()?;
    /// assert_eq!(targets, ["£25,000.00", "£60,000.00", "£100,000.00"]);
    /// # Ok::<(), ModelError>(())
    /// ```
    ///
    /// # Errors
    /// A target that does not exist; for a percentage target, whatever projecting the lines
    /// gives.
    pub fn new(scenario: &Scenario, saving: &'s Saving) -> Result<Schedule<'s>, ModelError> {
        let plan = saving.plan.clone().unwrap_or_default();
        let in_contract = targets(scenario, saving)?
            .iter()
            .map(|l| scenario.contracts[l.contract].term.taken_period())
            .collect();
        let mut gross = BTreeMap::new();
        if plan.percent_of_gross.is_some() {
            let targets: Vec<String> = targets(scenario, saving)?
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
            in_contract,
        })
    }

    /// The saving in financial year `fy` (at or after its first year): steps 1–4 of the
    /// module's rule.
    ///
    /// # Example
    /// The module's worked example, against a line of £2,000,000 a year: in 2022-23 the full
    /// target £1,000,000, phased at 50% to £500,000, × 182/365 days = 50,000,000p × 182/365 =
    /// 24,931,506.849…p against 25,068,493.150…p for the days before 1 October, so the penny
    /// short goes to the first (0.849 against 0.150): £249,315.07; 80% delivered,
    /// 19,945,205.6p → £199,452.06. In 2023-24 phasing reaches 100%: £1,000,000 target,
    /// £800,000 achieved.
    ///
    /// ```
    /// # use outturn_model::savings::{SavingPlan, Schedule};
    /// # use outturn_model::scenario::*;
    /// # use outturn_model::{term::Term, FyCalendar, Money, ModelError};
    /// # use rust_decimal_macros::dec;
    /// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    /// # let line = Line { name: "care".into(), kind: LineKind::Service, budget: "asc".into(),
    /// #     contract: 0, value: LineValue::Annual(Money::from_pennies(200_000_000)),
    /// #     uplift: Uplift::None, uplift_at: UpliftAt::Anniversary, growth: Growth::None,
    /// #     funded_uplift: None, funding: vec![], conventions: Default::default() };
    /// # let term = Term::new(date(2022, 4, 1), date(2025, 3, 31), &[])?;
    /// let year = |label| FyCalendar::UK.parse_year(label).expect("a year");
    /// let saving = Saving {
    ///     name: "review".into(),
    ///     target: Target::Line("care".into()),
    ///     per_year: Money::from_pennies(100_000_000),
    ///     from: year("2022-23"),
    ///     to: None,
    ///     plan: Some(SavingPlan {
    ///         phasing: vec![dec!(50), dec!(100)],
    ///         from_date: Some(date(2022, 10, 1)),
    ///         delivery: dec!(80),
    ///         ..SavingPlan::default()
    ///     }),
    /// };
    /// # let scenario = Scenario { title: "t".into(), paper: "p".into(),
    /// #     calendar: FyCalendar::UK, contracts: vec![Contract { name: "c".into(), term,
    /// #     break_clause: None }], lines: vec![line], savings: vec![], checks: vec![],
    /// #     trends: vec![], appraisal: None };
    /// let schedule = Schedule::new(&scenario, &saving)?;
    /// let first = schedule.year(year("2022-23"))?;
    /// assert_eq!(first.full, Money::from_pennies(100_000_000));
    /// assert_eq!(first.phased, Money::from_pennies(50_000_000));
    /// assert_eq!(first.days, Some((182, 365)));
    /// assert_eq!(first.target, Money::from_pennies(24_931_507));
    /// assert_eq!(first.achieved, Money::from_pennies(19_945_206));
    /// let second = schedule.year(year("2023-24"))?;
    /// assert_eq!((second.target, second.achieved), (Money::from_pennies(100_000_000), Money::from_pennies(80_000_000)));
    /// # Ok::<(), ModelError>(())
    /// ```
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
        let from = self.plan.from_date.filter(|d| k == 0 && *d > fy.start());
        period.start = from.unwrap_or(period.start);
        let by_contract =
            self.plan.part_years == PartYears::ProRated && self.plan.percent_of_gross.is_none();
        let days_in = if by_contract {
            days_covered(&self.in_contract, period.start, fy.end())
        } else {
            days_inclusive(period.start, fy.end())
        };
        if days_in < fy.days() {
            let rest = fy.days() - days_in;
            target = split(phased, &[u64::from(days_in), u64::from(rest)])
                .ok_or(ModelError::Overflow)?[0];
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

    /// The module's worked example of a part year: the contract ends on 31 August 2024, 153
    /// days into 2024-25, so £120,000 a year becomes £50,301.37 there; stated whole, the
    /// saving takes the full £120,000 in those 153 days.
    #[test]
    fn a_part_year_is_pro_rated_unless_the_scenario_says_whole() {
        let mut s = scenario(saving(12_000_000, "2023-24", None));
        s.contracts[0].term = Term::new(d(2022, 4, 1), d(2024, 8, 31), &[]).unwrap();
        let (years, rows) = run(&s);
        assert_eq!(
            years,
            [
                ("2023-24".into(), 12_000_000, 12_000_000),
                ("2024-25".into(), 5_030_137, 5_030_137),
            ]
        );
        assert_eq!(rows[1], ("2024-25".into(), -5_030_137));
        let whole = SavingPlan {
            part_years: PartYears::Whole,
            ..SavingPlan::default()
        };
        s.savings[0].plan = Some(whole);
        let (years, _) = run(&s);
        assert_eq!(years[1], ("2024-25".into(), 12_000_000, 12_000_000));
    }

    /// Contracts that overlap count each day once; a gap between them is not in contract.
    #[test]
    fn days_in_contract_count_each_day_once() {
        let p = |a: (i32, u32, u32), b: (i32, u32, u32)| Period {
            start: d(a.0, a.1, a.2),
            end: d(b.0, b.1, b.2),
        };
        let periods = [
            p((2024, 1, 1), (2024, 4, 30)),
            p((2024, 4, 1), (2024, 5, 31)),
            p((2024, 7, 1), (2025, 12, 31)),
        ];
        // April 30 + May 31 + (June not) + July to March 274 = 335 days of 2024-25.
        assert_eq!(days_covered(&periods, d(2024, 4, 1), d(2025, 3, 31)), 335);
        assert_eq!(days_covered(&periods, d(2024, 6, 1), d(2024, 6, 30)), 0);
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
