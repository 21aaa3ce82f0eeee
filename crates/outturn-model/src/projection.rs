//! Projection: a scenario turned into rows of spend by line, phase and financial year.
//!
//! The flow for a line with an annual value:
//! 1. the contract's taken term is cut into contract years ([`Term::contract_years`]);
//! 2. each contract year is costed exactly ([`exact::prorated`]) and rounded to the penny
//!    once: the annual value, times the compounded uplift, times its days over a full year's;
//! 3. that cost is split by days across the phases and financial years the contract year
//!    touches ([`split`]), so the pieces add back to the contract year's cost exactly;
//! 4. pieces of the same line, phase and financial year (or month) are added into one row.
//!
//! Stated per-year amounts and savings skip steps 1–2: each year's amount is split by days
//! across the phases (and months) in contract that year.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::calendar::{FinancialYear, FyCalendar, Period};
use crate::drivers::Drivers;
use crate::error::{ModelError, Subject};
use crate::exact;
use crate::funding::{self, FundingStep};
use crate::money::Money;
use crate::savings::{self, SavingYear};
use crate::scenario::{
    Growth, Line, LineKind, LineValue, Saving, Scenario, Target, Uplift, UpliftAt,
};
use crate::split::split;
use crate::term::{PhaseId, Term};

/// Whether rows are per financial year or per calendar month within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Granularity {
    #[default]
    Year,
    Month,
}

/// Spend of one line in one phase and financial year (or month).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: String,
    pub kind: LineKind,
    pub budget: String,
    pub contract: String,
    /// `initial`, `extension-1`, …; prefixed `contract:` when a scenario has several contracts.
    pub phase: String,
    pub year: FinancialYear,
    pub period: Period,
    pub amount: Money,
    /// How the amount was reached: one part for each piece added into the row.
    pub parts: Vec<Part>,
    /// When the line is split between funding budgets: how this budget's piece of the line's
    /// row (whose parts are `parts`) was reached.
    pub funding: Option<FundingStep>,
}

/// What a full contract year of a line costs before uplift and demand growth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// An annual value, as stated.
    Annual(Money),
    /// Drivers at the volume in force that year (the first year's, or the year's count from
    /// a schedule); `annual` is volume × per year × rate, exactly.
    Drivers {
        drivers: Box<Drivers>,
        volume: Decimal,
        annual: Decimal,
    },
    /// `share` percent of another line's basis; `annual` is that product, exactly.
    ShareOf {
        line: String,
        share: Decimal,
        of: Box<Basis>,
        annual: Decimal,
    },
}

impl Basis {
    /// The full year's cost before uplift and growth, exact (drivers can give fractions of
    /// a penny; they are rounded only with the contract year's cost).
    pub fn annual(&self) -> Decimal {
        match self {
            Basis::Annual(m) => m.as_decimal(),
            Basis::Drivers { annual, .. } | Basis::ShareOf { annual, .. } => *annual,
        }
    }

    /// The volume in force and what it counts, when the basis has one: a driver line's, or
    /// the line a share is taken of.
    pub fn volume(&self) -> Option<(Decimal, &str)> {
        match self {
            Basis::Annual(_) => None,
            Basis::Drivers {
                drivers, volume, ..
            } => Some((*volume, drivers.unit.as_str())),
            Basis::ShareOf { of, .. } => of.volume(),
        }
    }
}

/// Where an amount that was then split came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A contract year's cost: `basis × price factors × growth factors × days / full_days`,
    /// rounded once to the penny. With uplift at each financial year, `days` are the part of
    /// the contract year in one financial year, priced at that year's rate.
    ContractYear {
        index: u32,
        period: Period,
        basis: Basis,
        /// `1 + uplift` for each uplift date reached: the price index.
        factors: Vec<Decimal>,
        /// `1 + growth` for each uplift date reached: the volume index (empty without growth).
        growth: Vec<Decimal>,
        days: u32,
        full_days: u32,
        cost: Money,
    },
    /// An amount stated for a financial year: a line's stated amount, or a saving (negative).
    Stated { year: FinancialYear, amount: Money },
    /// A saving with a plan: what it achieves in a financial year, and how (split negative).
    Saving(SavingYear),
}

/// One division by days: this part's `days` of the `of_days` that `whole` was split over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub whole: Money,
    pub days: u32,
    pub of_days: u32,
    pub amount: Money,
}

/// How one piece of a row was reached: its source, then each split that led to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub source: Source,
    pub shares: Vec<Share>,
}

/// A scenario's spend as plain rows, in the order of the scenario's lines then savings,
/// each by year (and month) then phase.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Projection {
    pub rows: Vec<Row>,
}

impl Projection {
    pub fn total(&self) -> Money {
        self.rows.iter().map(|r| r.amount).sum()
    }
}

/// An amount for one phase over part of a financial year, before rows are merged.
struct Piece {
    phase: PhaseId,
    year: FinancialYear,
    period: Period,
    amount: Money,
    part: Part,
}

/// Projects every line and saving of `scenario`.
///
/// # Errors
/// An uplift schedule too short for the term, a stated year missing or outside the term, a
/// saving outside its target's term, a name that does not exist, or an amount too large;
/// each names the line or saving it concerns ([`ModelError::subject`]).
pub fn project(scenario: &Scenario, granularity: Granularity) -> Result<Projection, ModelError> {
    let cal = scenario.calendar;
    let mut rows = Vec::new();
    for line in &scenario.lines {
        let contract = &scenario.contracts[line.contract];
        let in_line = |e: ModelError| e.concerning(Subject::Line, &line.name);
        let pieces = line_pieces(scenario, line, &contract.term, cal).map_err(in_line)?;
        let label = |phase| phase_label(scenario, line.contract, phase);
        let first_row = rows.len();
        push_rows(
            &mut rows,
            pieces,
            granularity,
            |phase, year, period, amount, parts| Row {
                line: line.name.clone(),
                kind: line.kind,
                budget: line.budget.clone(),
                contract: contract.name.clone(),
                phase: label(phase),
                year,
                period,
                amount,
                parts,
                funding: None,
            },
        )
        .map_err(in_line)?;
        if !line.funding.is_empty() {
            let line_rows = rows.split_off(first_row);
            let funded = funding::split_rows(&line.name, line_rows, &line.funding)
                .map_err(|e| e.concerning(Subject::Funding, &line.name))?;
            rows.extend(funded);
        }
    }
    for saving in &scenario.savings {
        let in_saving = |e: ModelError| e.concerning(Subject::Saving, &saving.name);
        for (contract_idx, budget, pieces) in saving_pieces(scenario, saving).map_err(in_saving)? {
            let contract = &scenario.contracts[contract_idx];
            push_rows(
                &mut rows,
                pieces,
                granularity,
                |phase, year, period, amount, parts| Row {
                    line: saving.name.clone(),
                    kind: LineKind::Saving,
                    budget: budget.clone(),
                    contract: contract.name.clone(),
                    phase: phase_label(scenario, contract_idx, phase),
                    year,
                    period,
                    amount,
                    parts,
                    funding: None,
                },
            )
            .map_err(in_saving)?;
        }
    }
    Ok(Projection { rows })
}

/// The label of a phase in rows and checks: `initial`, or `old-framework:initial` when the
/// scenario has more than one contract.
pub fn phase_label(scenario: &Scenario, contract: usize, phase: PhaseId) -> String {
    if scenario.contracts.len() > 1 {
        format!("{}:{phase}", scenario.contracts[contract].name)
    } else {
        phase.to_string()
    }
}

/// Merges pieces into rows (splitting them by month first if asked), in date order.
fn push_rows(
    rows: &mut Vec<Row>,
    pieces: Vec<Piece>,
    granularity: Granularity,
    make: impl Fn(PhaseId, FinancialYear, Period, Money, Vec<Part>) -> Row,
) -> Result<(), ModelError> {
    let pieces = match granularity {
        Granularity::Year => pieces,
        Granularity::Month => by_month(pieces)?,
    };
    // Key: year, then month (for monthly rows), then phase, so rows read in date order.
    type Key = (FinancialYear, Option<chrono::NaiveDate>, PhaseId);
    let mut merged: BTreeMap<Key, (Period, Money, Vec<Part>)> = BTreeMap::new();
    for p in pieces {
        let month = (granularity == Granularity::Month).then(|| month_start(p.period));
        let entry =
            merged
                .entry((p.year, month, p.phase))
                .or_insert((p.period, Money::ZERO, Vec::new()));
        entry.0.start = entry.0.start.min(p.period.start);
        entry.0.end = entry.0.end.max(p.period.end);
        entry.1 += p.amount;
        entry.2.push(p.part);
    }
    rows.extend(
        merged
            .into_iter()
            .map(|((year, _, phase), (period, amount, parts))| {
                make(phase, year, period, amount, parts)
            }),
    );
    Ok(())
}

fn month_start(period: Period) -> chrono::NaiveDate {
    use chrono::Datelike;
    period.start.with_day(1).expect("day 1 exists")
}

fn by_month(pieces: Vec<Piece>) -> Result<Vec<Piece>, ModelError> {
    let mut out = Vec::new();
    for p in pieces {
        let months = p.period.by_month();
        let days: Vec<u64> = months.iter().map(|m| u64::from(m.days())).collect();
        let of_days = p.period.days();
        let amounts = split(p.amount, &days).ok_or(ModelError::Overflow)?;
        for (period, amount) in months.into_iter().zip(amounts) {
            let mut part = p.part.clone();
            part.shares.push(Share {
                whole: p.amount,
                days: period.days(),
                of_days,
                amount,
            });
            out.push(Piece {
                period,
                amount,
                part,
                ..p
            });
        }
    }
    Ok(out)
}

/// The parts of `period` in each taken phase of `term` and each financial year.
fn phase_segments(
    term: &Term,
    period: Period,
    cal: FyCalendar,
) -> Vec<(PhaseId, FinancialYear, Period)> {
    term.taken_phases()
        .filter_map(|phase| Some((phase.id, phase.period.overlap(period)?)))
        .flat_map(|(id, part)| {
            part.by_financial_year(cal)
                .into_iter()
                .map(move |(year, p)| (id, year, p))
        })
        .collect()
}

/// Splits the amount of `source` by days across `segments`, one piece each.
fn spread(
    source: Source,
    segments: Vec<(PhaseId, FinancialYear, Period)>,
) -> Result<Vec<Piece>, ModelError> {
    let amount = match &source {
        Source::ContractYear { cost, .. } => *cost,
        Source::Stated { amount, .. } => *amount,
        Source::Saving(y) => -y.achieved,
    };
    let days: Vec<u64> = segments.iter().map(|s| u64::from(s.2.days())).collect();
    let of_days = segments.iter().map(|s| s.2.days()).sum();
    let amounts = split(amount, &days).ok_or(ModelError::Overflow)?;
    Ok(segments
        .into_iter()
        .zip(amounts)
        .map(|((phase, year, period), share)| Piece {
            phase,
            year,
            period,
            amount: share,
            part: Part {
                source: source.clone(),
                shares: vec![Share {
                    whole: amount,
                    days: period.days(),
                    of_days,
                    amount: share,
                }],
            },
        })
        .collect())
}

fn line_pieces(
    scenario: &Scenario,
    line: &Line,
    term: &Term,
    cal: FyCalendar,
) -> Result<Vec<Piece>, ModelError> {
    match &line.value {
        LineValue::PerYear(amounts) => stated_pieces(line, amounts, term, cal),
        LineValue::Annual(_) | LineValue::Drivers(_) | LineValue::ShareOf { .. } => {
            annual_pieces(scenario, line, term, cal)
        }
    }
}

/// The line whose volume drives `line`: itself, or the line it is a share of.
fn volume_line<'s>(scenario: &'s Scenario, line: &'s Line) -> Result<&'s Line, ModelError> {
    let LineValue::ShareOf { line: target, .. } = &line.value else {
        return Ok(line);
    };
    let bad = |why| ModelError::BadShareOf {
        line: line.name.clone(),
        target: target.clone(),
        why,
    };
    let base = scenario
        .lines
        .iter()
        .find(|l| &l.name == target)
        .ok_or_else(|| bad("which the scenario does not have"))?;
    if base.contract != line.contract {
        return Err(bad("which belongs to another contract"));
    }
    match base.value {
        LineValue::Annual(_) | LineValue::Drivers(_) => Ok(base),
        LineValue::PerYear(_) => Err(bad(
            "which states amounts by year; a share is of an annual value or drivers",
        )),
        LineValue::ShareOf { .. } => Err(bad("which is itself a share of another line")),
    }
}

/// The basis of `line` for the costing step `step` (uplift dates passed) in financial year
/// `fy`: a driver line's volume comes from its schedule, if it has one.
fn basis_at(
    scenario: &Scenario,
    line: &Line,
    fy: FinancialYear,
    used: &mut Vec<FinancialYear>,
) -> Result<Basis, ModelError> {
    Ok(match &line.value {
        LineValue::Annual(annual) => Basis::Annual(*annual),
        LineValue::Drivers(drivers) => {
            let volume = match &line.growth {
                Growth::Volumes(counts) => {
                    used.push(fy);
                    *counts.get(&fy).ok_or_else(|| ModelError::MissingVolume {
                        line: line.name.clone(),
                        year: fy,
                    })?
                }
                Growth::None | Growth::Flat(_) => drivers.volume,
            };
            Basis::Drivers {
                drivers: Box::new(drivers.clone()),
                volume,
                annual: drivers.annual_at(volume)?,
            }
        }
        LineValue::ShareOf {
            line: target,
            share,
        } => {
            let base = volume_line(scenario, line)?;
            let of = basis_at(scenario, base, fy, used)?;
            let annual = of
                .annual()
                .checked_mul(*share)
                .ok_or(ModelError::Overflow)?
                / Decimal::ONE_HUNDRED;
            Basis::ShareOf {
                line: target.clone(),
                share: *share,
                of: Box::new(of),
                annual,
            }
        }
        LineValue::PerYear(_) => unreachable!("stated amounts are not costed by contract year"),
    })
}

fn annual_pieces(
    scenario: &Scenario,
    line: &Line,
    term: &Term,
    cal: FyCalendar,
) -> Result<Vec<Piece>, ModelError> {
    let years = term.contract_years()?;
    let first_fy = cal.year_of(term.start());
    // The number of uplift dates the term reaches decides how many rates are needed.
    let needed = match line.uplift_at {
        UpliftAt::Anniversary => years.last().map_or(0, |y| y.index as usize),
        UpliftAt::FinancialYear => {
            cal.year_of(term.taken_period().end).years_after(first_fy) as usize
        }
    };
    let prices = growth_factors(line, needed)?;
    // Demand growth is the volume line's: a share grows with the line it is a share of.
    let volumes = match &volume_line(scenario, line)?.growth {
        Growth::Flat(g) => vec![Decimal::ONE + *g / Decimal::ONE_HUNDRED; needed],
        Growth::None | Growth::Volumes(_) => Vec::new(),
    };
    let mut used = Vec::new();
    let mut pieces = Vec::new();
    // Costs `days` of contract year `cy` at `step` uplift dates, in financial year `fy`.
    let mut cost = |cy: &crate::term::ContractYear,
                    step: usize,
                    fy: FinancialYear,
                    days: u32,
                    part: Period|
     -> Result<(), ModelError> {
        let basis = basis_at(scenario, line, fy, &mut used)?;
        let factors = prices[..step].to_vec();
        let growth = volumes.get(..step).unwrap_or_default().to_vec();
        let all: Vec<Decimal> = factors.iter().chain(&growth).copied().collect();
        let cost = exact::prorated(basis.annual(), &all, days, cy.full_days)
            .ok_or(ModelError::Overflow)?;
        let source = Source::ContractYear {
            index: cy.index,
            period: cy.period,
            basis,
            factors,
            growth,
            days,
            full_days: cy.full_days,
            cost,
        };
        pieces.extend(spread(source, phase_segments(term, part, cal))?);
        Ok(())
    };
    for cy in &years {
        match line.uplift_at {
            UpliftAt::Anniversary => {
                let fy = cal.year_of(cy.period.start);
                cost(cy, cy.index as usize, fy, cy.period.days(), cy.period)?;
            }
            UpliftAt::FinancialYear => {
                for (fy, part) in cy.period.by_financial_year(cal) {
                    cost(cy, fy.years_after(first_fy) as usize, fy, part.days(), part)?;
                }
            }
        }
    }
    // A count given for a year the line is never costed in would be silently ignored.
    if let Growth::Volumes(counts) = &volume_line(scenario, line)?.growth {
        if let Some(unused) = counts.keys().find(|y| !used.contains(y)) {
            return Err(ModelError::VolumeOutsideTerm {
                line: line.name.clone(),
                year: *unused,
            });
        }
    }
    Ok(pieces)
}

/// `1 + rate / 100` for each of the first `needed` uplift dates.
fn growth_factors(line: &Line, needed: usize) -> Result<Vec<Decimal>, ModelError> {
    let rate_to_factor = |r: Decimal| Decimal::ONE + r / Decimal::ONE_HUNDRED;
    match &line.uplift {
        Uplift::None => Ok(vec![Decimal::ONE; needed]),
        Uplift::Flat(r) => Ok(vec![rate_to_factor(*r); needed]),
        Uplift::Schedule(rates) if rates.len() >= needed => Ok(rates[..needed]
            .iter()
            .copied()
            .map(rate_to_factor)
            .collect()),
        Uplift::Schedule(rates) => Err(ModelError::UpliftScheduleTooShort {
            line: line.name.clone(),
            given: rates.len(),
            needed,
        }),
    }
}

fn stated_pieces(
    line: &Line,
    amounts: &BTreeMap<FinancialYear, Money>,
    term: &Term,
    cal: FyCalendar,
) -> Result<Vec<Piece>, ModelError> {
    let taken = term.taken_period();
    let years = taken.by_financial_year(cal);
    if let Some(outside) = amounts
        .keys()
        .find(|fy| !years.iter().any(|(y, _)| y == *fy))
    {
        return Err(ModelError::YearOutsideTerm {
            line: line.name.clone(),
            year: *outside,
        });
    }
    let mut pieces = Vec::new();
    for (fy, part) in years {
        let amount = amounts
            .get(&fy)
            .ok_or_else(|| ModelError::MissingYearAmount {
                line: line.name.clone(),
                year: fy,
            })?;
        let source = Source::Stated {
            year: fy,
            amount: *amount,
        };
        pieces.extend(spread(source, phase_segments(term, part, cal))?);
    }
    Ok(pieces)
}

/// The lines a saving is against, or an error naming what does not exist.
pub fn saving_targets<'s>(
    scenario: &'s Scenario,
    saving: &Saving,
) -> Result<Vec<&'s Line>, ModelError> {
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

/// A saving's pieces, per contract its targets belong to, with the budget it is reported in.
fn saving_pieces(
    scenario: &Scenario,
    saving: &Saving,
) -> Result<Vec<(usize, String, Vec<Piece>)>, ModelError> {
    let cal = scenario.calendar;
    let targets = saving_targets(scenario, saving)?;
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
    let mut by_contract: Vec<(usize, String, Vec<Piece>)> = contracts
        .iter()
        .map(|&c| (c, budget.clone(), Vec::new()))
        .collect();
    let schedule = savings::Schedule::new(scenario, saving)?;
    let mut fy = saving.from;
    while fy <= to {
        // The whole year, or from the saving's first day in its first year.
        let planned = schedule.year(fy)?;
        let year = planned.period;
        // The segments of every contract in play that year, so the saving is shared by days.
        let segments: Vec<(usize, (PhaseId, FinancialYear, Period))> = contracts
            .iter()
            .flat_map(|&c| {
                phase_segments(&scenario.contracts[c].term, year, cal)
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
        let source = if saving.plan.is_some() {
            Source::Saving(planned)
        } else {
            Source::Stated {
                year: fy,
                amount: -planned.achieved,
            }
        };
        let pieces = spread(source, segs)?;
        for (owner, piece) in owners.into_iter().zip(pieces) {
            let slot = by_contract
                .iter_mut()
                .find(|(c, _, _)| *c == owner)
                .expect("owner listed");
            slot.2.push(piece);
        }
        fy = fy.next();
    }
    Ok(by_contract)
}

#[cfg(test)]
mod tests {
    //! Figures worked independently (by hand, or with Python's `decimal` at 100 digits and the
    //! same largest-remainder rule) and written in the comments.
    use super::*;
    use crate::scenario::Contract;
    use crate::term::Extension;
    use chrono::NaiveDate;

    use crate::testkit::{d, fy, pounds};

    fn line(name: &str, contract: usize, value: LineValue, uplift: Uplift, at: UpliftAt) -> Line {
        Line {
            name: name.into(),
            kind: LineKind::Service,
            budget: "b".into(),
            contract,
            value,
            uplift,
            uplift_at: at,
            growth: Growth::None,
            funded_uplift: None,
            funding: vec![],
        }
    }

    fn scenario(
        contracts: Vec<(NaiveDate, NaiveDate, Vec<Extension>)>,
        lines: Vec<Line>,
    ) -> Scenario {
        Scenario {
            title: "t".into(),
            paper: "p".into(),
            calendar: FyCalendar::UK,
            contracts: contracts
                .into_iter()
                .enumerate()
                .map(|(i, (s, e, x))| Contract {
                    name: format!("c{i}"),
                    term: Term::new(s, e, &x).unwrap(),
                    break_clause: None,
                })
                .collect(),
            lines,
            savings: vec![],
            checks: vec![],
            trends: vec![],
        }
    }

    /// (phase, year, pennies) of every row.
    fn summary(p: &Projection) -> Vec<(String, String, i64)> {
        p.rows
            .iter()
            .map(|r| (r.phase.clone(), r.year.to_string(), r.amount.pennies()))
            .collect()
    }

    #[test]
    fn flat_uplift_compounds_at_anniversaries() {
        // £100,000 at 3%: 100,000; 103,000; 106,090 (100,000 x 1.03^2).
        let s = scenario(
            vec![(d(2021, 4, 1), d(2024, 3, 31), vec![])],
            vec![line(
                "l",
                0,
                LineValue::Annual(pounds(100_000)),
                Uplift::Flat(3.into()),
                UpliftAt::Anniversary,
            )],
        );
        let p = project(&s, Granularity::Year).unwrap();
        let amounts: Vec<i64> = p.rows.iter().map(|r| r.amount.pennies()).collect();
        assert_eq!(amounts, [10_000_000, 10_300_000, 10_609_000]);
    }

    #[test]
    fn anniversary_uplift_from_a_15_june_start() {
        // Year 0 (£100,000) splits 290:75 as 79,452.05 + 20,547.95; year 1 (£110,000 at 10%)
        // as 87,397.26 + 22,602.74. So 2025-26 = 20,547.95 + 87,397.26 = 107,945.21.
        let s = scenario(
            vec![(d(2024, 6, 15), d(2026, 6, 14), vec![])],
            vec![line(
                "l",
                0,
                LineValue::Annual(pounds(100_000)),
                Uplift::Flat(10.into()),
                UpliftAt::Anniversary,
            )],
        );
        let p = project(&s, Granularity::Year).unwrap();
        assert_eq!(
            summary(&p),
            [
                ("initial".into(), "2024-25".into(), 7_945_205),
                ("initial".into(), "2025-26".into(), 10_794_521),
                ("initial".into(), "2026-27".into(), 2_260_274),
            ]
        );
    }

    #[test]
    fn financial_year_uplift_prices_each_part_at_its_year() {
        // 15 June 2024 to 14 June 2025: 290 days of 2024-25 at £100,000 a year = 79,452.05;
        // 75 days of 2025-26 at £110,000 (10% from 1 April 2025) = 22,602.739… → 22,602.74.
        let s = scenario(
            vec![(d(2024, 6, 15), d(2025, 6, 14), vec![])],
            vec![line(
                "l",
                0,
                LineValue::Annual(pounds(100_000)),
                Uplift::Flat(10.into()),
                UpliftAt::FinancialYear,
            )],
        );
        let p = project(&s, Granularity::Year).unwrap();
        let amounts: Vec<i64> = p.rows.iter().map(|r| r.amount.pennies()).collect();
        assert_eq!(amounts, [7_945_205, 2_260_274]);
    }

    #[test]
    fn a_schedule_must_cover_every_uplift_date() {
        let s = scenario(
            vec![(d(2021, 4, 1), d(2024, 3, 31), vec![])],
            vec![line(
                "l",
                0,
                LineValue::Annual(pounds(1)),
                Uplift::Schedule(vec![3.into()]),
                UpliftAt::Anniversary,
            )],
        );
        assert_eq!(
            project(&s, Granularity::Year),
            Err(ModelError::UpliftScheduleTooShort {
                line: "l".into(),
                given: 1,
                needed: 2
            })
        );
    }

    #[test]
    fn stated_year_amounts_split_across_phases_by_days() {
        // £1,000 for 2021-22 over the initial term to 30 September (183 days) and a 6-month
        // extension from 1 October (182): 501.369… and 498.630…; the first has the larger
        // remainder and takes the spare penny: 501.37 + 498.63.
        let ext = vec![Extension {
            months: 6,
            taken: true,
        }];
        let amounts = BTreeMap::from([(fy("2021-22"), pounds(1_000))]);
        let s = scenario(
            vec![(d(2021, 4, 1), d(2021, 9, 30), ext)],
            vec![line(
                "l",
                0,
                LineValue::PerYear(amounts),
                Uplift::None,
                UpliftAt::Anniversary,
            )],
        );
        let p = project(&s, Granularity::Year).unwrap();
        assert_eq!(
            summary(&p),
            [
                ("initial".into(), "2021-22".into(), 50_137),
                ("extension-1".into(), "2021-22".into(), 49_863),
            ]
        );
    }

    #[test]
    fn an_error_without_a_name_of_its_own_names_the_line_it_was_met_in() {
        // £10^15 a year uplifted 1000% at each of 29 anniversaries: 11^29 × 10^15 ≈ 1.4 × 10^45,
        // past what an exact decimal holds.
        let s = scenario(
            vec![(d(2021, 4, 1), d(2051, 3, 31), vec![])],
            vec![line(
                "huge",
                0,
                LineValue::Annual(pounds(1_000_000_000_000_000)),
                Uplift::Flat(1000.into()),
                UpliftAt::Anniversary,
            )],
        );
        let e = project(&s, Granularity::Year).unwrap_err();
        assert_eq!(e.subject(), Some((Subject::Line, "huge")));
        assert_eq!(e.to_string(), ModelError::Overflow.to_string());
        // An error that names its line keeps its own name and message.
        let own = ModelError::MissingYearAmount {
            line: "a".into(),
            year: fy("2021-22"),
        };
        assert_eq!(own.clone().concerning(Subject::Saving, "b"), own);
    }

    #[test]
    fn stated_years_must_match_the_term() {
        let term = (d(2021, 4, 1), d(2023, 3, 31), vec![]);
        let one_year = BTreeMap::from([(fy("2021-22"), pounds(1))]);
        let s = scenario(
            vec![term.clone()],
            vec![line(
                "l",
                0,
                LineValue::PerYear(one_year),
                Uplift::None,
                UpliftAt::Anniversary,
            )],
        );
        assert_eq!(
            project(&s, Granularity::Year),
            Err(ModelError::MissingYearAmount {
                line: "l".into(),
                year: fy("2022-23")
            })
        );
        let outside = BTreeMap::from([
            (fy("2021-22"), pounds(1)),
            (fy("2022-23"), pounds(1)),
            (fy("2023-24"), pounds(1)),
        ]);
        let s = scenario(
            vec![term],
            vec![line(
                "l",
                0,
                LineValue::PerYear(outside),
                Uplift::None,
                UpliftAt::Anniversary,
            )],
        );
        assert_eq!(
            project(&s, Granularity::Year),
            Err(ModelError::YearOutsideTerm {
                line: "l".into(),
                year: fy("2023-24")
            })
        );
    }

    #[test]
    fn a_budget_saving_is_shared_by_days_across_contracts() {
        // £60,000 against budget b in 2022-23: contract c0 covers 183 days, c1 182.
        // -60,000 x 183/365 = -30,082.191…, x 182/365 = -29,917.808… → -30,082.19, -29,917.81.
        let mut s = scenario(
            vec![
                (d(2021, 4, 1), d(2022, 9, 30), vec![]),
                (d(2022, 10, 1), d(2023, 3, 31), vec![]),
            ],
            vec![
                line(
                    "old",
                    0,
                    LineValue::Annual(pounds(100_000)),
                    Uplift::None,
                    UpliftAt::Anniversary,
                ),
                line(
                    "new",
                    1,
                    LineValue::Annual(pounds(100_000)),
                    Uplift::None,
                    UpliftAt::Anniversary,
                ),
            ],
        );
        s.savings.push(Saving {
            name: "s".into(),
            target: Target::Budget("b".into()),
            per_year: pounds(60_000),
            from: fy("2022-23"),
            to: None,
            plan: None,
        });
        let p = project(&s, Granularity::Year).unwrap();
        let savings: Vec<_> = summary(&p).into_iter().filter(|r| r.2 < 0).collect();
        assert_eq!(
            savings,
            [
                ("c0:initial".into(), "2022-23".into(), -3_008_219),
                ("c1:initial".into(), "2022-23".into(), -2_991_781),
            ]
        );
    }

    #[test]
    fn months_add_back_to_years() {
        let s = scenario(
            vec![(
                d(2023, 8, 31),
                d(2026, 2, 27),
                vec![Extension {
                    months: 13,
                    taken: true,
                }],
            )],
            vec![line(
                "l",
                0,
                LineValue::Annual(Money::from_pennies(123_456_789)),
                Uplift::Flat("2.35".parse().unwrap()),
                UpliftAt::Anniversary,
            )],
        );
        let years = project(&s, Granularity::Year).unwrap();
        let months = project(&s, Granularity::Month).unwrap();
        // Every row's parts end in the amounts that make it up.
        for row in years.rows.iter().chain(&months.rows) {
            let parts: Money = row
                .parts
                .iter()
                .map(|p| p.shares.last().unwrap().amount)
                .sum();
            assert_eq!(parts, row.amount);
        }
        assert!(months.rows.len() > years.rows.len());
        for y in &years.rows {
            let in_year: i64 = months
                .rows
                .iter()
                .filter(|m| m.year == y.year && m.phase == y.phase)
                .map(|m| m.amount.pennies())
                .sum();
            assert_eq!(in_year, y.amount.pennies(), "{} {}", y.phase, y.year);
        }
    }
}
