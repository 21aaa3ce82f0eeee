//! Projection: a scenario turned into rows of spend by line, phase and financial year.
//!
//! The flow for a line with an annual value (or drivers, or a share of another line):
//! 1. the contract's taken term is cut into contract years ([`Term::contract_years`]);
//! 2. each contract year is costed exactly ([`exact::prorated`]) and rounded to the penny
//!    once: its [`Basis`] (the full year's cost), times the price factors of the uplift dates
//!    it has reached ([`price_factors`]) and the demand growth factors ([`growth_factors`]),
//!    times its days over a full year's;
//! 3. that cost is split by days across the phases and financial years the contract year
//!    touches ([`split`]), so the pieces add back to the contract year's cost exactly;
//! 4. pieces of the same line, phase and financial year (or month) are added into one row;
//!    a line paid for by several budgets then has each row split between them
//!    ([`funding::split_rows`]).
//!
//! Stated per-year amounts and savings skip steps 1–2: each year's amount is split by days
//! across the phases (and months) in contract that year. What a saving achieves each year,
//! and which contracts share it, is the savings rule ([`crate::savings`]).

use std::collections::BTreeMap;

use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};
use rust_decimal::Decimal;

use crate::calendar::{FinancialYear, FyCalendar, Period};
use crate::drivers::Drivers;
use crate::error::{ModelError, Subject};
use crate::exact;
use crate::funding::{self, FundingStep};
use crate::money::Money;
use crate::prorate::Prorate;
use crate::rounding::{RateRounding, RateStep};
use crate::savings::{self, SavingYear};
use crate::scenario::{
    Compounding, Growth, Line, LineKind, LineValue, RoundTo, RoundingOrder, Saving, Scenario,
    TermTotal, UpliftAt,
};
use crate::split::split_in;
use crate::term::{ContractYear, PhaseId, Term};
use crate::uplift;
use crate::vat::{Vat, VatAmounts};

/// Whether rows are per financial year or per calendar month within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Granularity {
    #[default]
    Year,
    Month,
}

/// How a line's amounts are divided: by days or months ([`Prorate`]), into whole pennies or
/// whole pounds ([`RoundTo`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Division {
    pub(crate) measure: Prorate,
    pub(crate) unit: RoundTo,
    pub(crate) vat: Option<Vat>,
}

impl Division {
    /// By days, in pennies: how savings and Outturn's own rule divide.
    pub(crate) const DAYS: Division = Division {
        measure: Prorate::Days,
        unit: RoundTo::Penny,
        vat: None,
    };

    fn of(line: &Line) -> Division {
        Division {
            measure: line.conventions.prorate,
            unit: line.conventions.round_to,
            vat: line.conventions.vat,
        }
    }

    /// `whole` split in proportion to the weights of `periods` ([`split_in`]), with the
    /// weight of each and of them all.
    fn split(
        self,
        whole: Money,
        periods: &[Period],
    ) -> Result<(Vec<(Money, u32)>, u32), ModelError> {
        let weights: Vec<u32> = periods.iter().map(|p| self.measure.weight(*p)).collect();
        let wide: Vec<u64> = weights.iter().map(|w| u64::from(*w)).collect();
        let amounts = split_in(whole, &wide, self.unit.pennies()).ok_or(ModelError::Overflow)?;
        Ok((
            amounts.into_iter().zip(weights.clone()).collect(),
            weights.iter().sum(),
        ))
    }

    fn share(self, whole: Money, (amount, days): (Money, u32), of_days: u32) -> Share {
        Share {
            whole,
            days,
            of_days,
            measure: self.measure,
            round_to: self.unit,
            amount,
        }
    }
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
    /// For a line that states VAT, the VAT on the row: the row's amount is its net when the
    /// VAT is recoverable, its gross when not (see [`crate::vat`]).
    pub vat: Option<Money>,
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

/// A driver line's rate after a payment system's rounding (see [`crate::rounding`]): the rate
/// stated, each uplift date's step to the rate paid, and the full year's cost at that rate
/// (volume × per year × rate paid), which takes the place of the basis and price factors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidRate {
    pub base: Decimal,
    pub rounding: RateRounding,
    pub steps: Vec<RateStep>,
    pub annual: Decimal,
}

impl PaidRate {
    /// The rate paid: the last step's, or the rate stated before any uplift.
    pub fn paid(&self) -> Decimal {
        self.steps.last().map_or(self.base, |s| s.rounded)
    }
}

/// Where an amount that was then split came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A contract year's cost: `basis × price factors × growth factors × days / full_days`,
    /// rounded once to the line's unit (the penny, unless it says the pound). With uplift at
    /// each financial year, `days` are the part of the contract year in one financial year,
    /// priced at that year's rate. With pro rata by months, `days` and `full_days` are
    /// weights in parts of a month ([`crate::prorate::MONTH`]), not days.
    ContractYear {
        index: u32,
        period: Period,
        basis: Basis,
        /// The price index: `1 + uplift` for each uplift date reached (compound), or one
        /// factor `1 + the rates added` (simple); empty when the rate is rounded (`paid_rate`).
        price_factors: Vec<Decimal>,
        /// `1 + growth` for each uplift date reached: the volume index (empty without growth).
        growth_factors: Vec<Decimal>,
        /// A driver line's rate rounded by a payment system, when the line says so.
        paid_rate: Option<PaidRate>,
        compounding: Compounding,
        measure: Prorate,
        round_to: RoundTo,
        days: u32,
        full_days: u32,
        cost: Money,
    },
    /// An amount stated for a financial year: a line's stated amount, or a saving (negative).
    Stated { year: FinancialYear, amount: Money },
    /// A total stated over the taken term (`phase` is `None`) or over one phase, covering
    /// `period`.
    Total {
        phase: Option<String>,
        period: Period,
        amount: Money,
    },
    /// A saving with a plan: what it achieves in a financial year, and how (split negative).
    Saving(SavingYear),
}

/// One division by days: this part's `days` of the `of_days` that `whole` was split over
/// (with pro rata by months, weights in parts of a month, [`crate::prorate::MONTH`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub whole: Money,
    pub days: u32,
    pub of_days: u32,
    pub measure: Prorate,
    /// The unit the pieces were split into: pennies, or whole pounds.
    pub round_to: RoundTo,
    pub amount: Money,
}

/// How one piece of a row was reached: its source, then each split that led to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub source: Source,
    pub shares: Vec<Share>,
    /// For a line whose sum is rounded once, how the piece's amount came from the line's
    /// running total (its first share's amount then is this, not a rounding of its own).
    pub running: Option<Running>,
    /// For a line that states VAT, the source's net, VAT and gross; its cost to the budget
    /// is what the shares split.
    pub vat: Option<VatAmounts>,
}

/// A piece of a line rounded once ([`RoundingOrder::Once`]): its exact amount (to 12
/// decimal places, for display), the line's running total to its end rounded, and the
/// running total before it rounded; the piece is the difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    pub exact: Decimal,
    pub to_here: Money,
    pub before: Money,
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
pub(crate) struct Piece {
    pub(crate) phase: PhaseId,
    pub(crate) year: FinancialYear,
    pub(crate) period: Period,
    pub(crate) amount: Money,
    pub(crate) part: Part,
    /// The exact amount, for a line whose sum is rounded once ([`round_once`]).
    pub(crate) exact: Option<BigRational>,
    /// The VAT on the piece, for a line that states VAT.
    pub(crate) vat: Option<Money>,
}

/// A phase of a term over part of one financial year: where a piece of an amount can go.
pub(crate) type Segment = (PhaseId, FinancialYear, Period);

/// Projects every line and saving of `scenario`.
///
/// # Example
/// £100,000 a year from 15 June 2024 for two years, 10% uplift at each anniversary. Contract
/// year 1 costs £100,000.00, split 290 : 75 days across 2024-25 and 2025-26: 79,452.054… and
/// 20,547.945…, rounded toward zero one penny short, which goes to the larger remainder:
/// £79,452.05 + £20,547.95. Contract year 2 costs £100,000 × 1.10 = £110,000.00, split
/// 87,397.260… and 22,602.739…: £87,397.26 + £22,602.74. So 2025-26 is £20,547.95 +
/// £87,397.26 = £107,945.21.
///
/// ```
/// # use outturn_model::projection::{project, Granularity};
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
/// care.uplift = Uplift::Flat(dec!(10));
/// let term = Term::new(date(2024, 6, 15), date(2026, 6, 14), &[])?;
/// let rows = project(&scenario(term, vec![care]), Granularity::Year)?.rows;
/// let by_year: Vec<String> = rows.iter().map(|r| format!("{} {}", r.year, r.amount)).collect();
/// assert_eq!(by_year, ["2024-25 £79,452.05", "2025-26 £107,945.21", "2026-27 £22,602.74"]);
/// # Ok::<(), ModelError>(())
/// ```
///
/// # Errors
/// An uplift schedule too short for the term, a stated year missing or outside the term, a
/// saving outside its target's term, a name that does not exist, or an amount too large;
/// each names the line or saving it concerns ([`ModelError::subject`]).
pub fn project(scenario: &Scenario, granularity: Granularity) -> Result<Projection, ModelError> {
    let mut rows = Vec::new();
    for line in &scenario.lines {
        rows.extend(line_rows(scenario, line, granularity)?);
    }
    for saving in &scenario.savings {
        let in_saving = |e: ModelError| e.concerning(Subject::Saving, &saving.name);
        rows.extend(saving_rows(scenario, saving, granularity).map_err(in_saving)?);
    }
    Ok(Projection { rows })
}

/// One line's rows: its pieces merged by phase and year (or month), then, when more than one
/// budget pays for the line, each row split between them.
fn line_rows(
    scenario: &Scenario,
    line: &Line,
    granularity: Granularity,
) -> Result<Vec<Row>, ModelError> {
    let cal = scenario.calendar;
    let contract = &scenario.contracts[line.contract];
    let in_line = |e: ModelError| e.concerning(Subject::Line, &line.name);
    let pieces = line_pieces(scenario, line, &contract.term, cal).map_err(in_line)?;
    let label = |phase| phase_label(scenario, line.contract, phase);
    let mut rows = Vec::new();
    push_rows(
        &mut rows,
        pieces,
        (granularity, Division::of(line)),
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
            vat: None,
        },
    )
    .map_err(in_line)?;
    if line.funding.is_empty() {
        return Ok(rows);
    }
    funding::split_rows(&line.name, rows, &line.funding)
        .map_err(|e| e.concerning(Subject::Funding, &line.name))
}

/// One saving's rows, under each contract its targets belong to (see [`crate::savings`]).
fn saving_rows(
    scenario: &Scenario,
    saving: &Saving,
    granularity: Granularity,
) -> Result<Vec<Row>, ModelError> {
    let placed = savings::pieces(scenario, saving)?;
    let budget = placed.budget;
    let mut rows = Vec::new();
    for (contract_idx, pieces) in placed.by_contract {
        let contract = &scenario.contracts[contract_idx];
        push_rows(
            &mut rows,
            pieces,
            (granularity, Division::DAYS),
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
                vat: None,
            },
        )?;
    }
    Ok(rows)
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
    (granularity, division): (Granularity, Division),
    make: impl Fn(PhaseId, FinancialYear, Period, Money, Vec<Part>) -> Row,
) -> Result<(), ModelError> {
    let pieces = match granularity {
        Granularity::Year => pieces,
        Granularity::Month => by_month(pieces, division)?,
    };
    // Key: year, then month (for monthly rows), then phase, so rows read in date order.
    type Key = (FinancialYear, Option<chrono::NaiveDate>, PhaseId);
    type Merged = (Period, Money, Vec<Part>, Option<Money>);
    let mut merged: BTreeMap<Key, Merged> = BTreeMap::new();
    for p in pieces {
        let month = (granularity == Granularity::Month).then(|| month_start(p.period));
        let entry = merged.entry((p.year, month, p.phase)).or_insert((
            p.period,
            Money::ZERO,
            Vec::new(),
            None,
        ));
        entry.0.start = entry.0.start.min(p.period.start);
        entry.0.end = entry.0.end.max(p.period.end);
        entry.1 += p.amount;
        entry.2.push(p.part);
        if let Some(v) = p.vat {
            entry.3 = Some(entry.3.unwrap_or(Money::ZERO) + v);
        }
    }
    rows.extend(
        merged
            .into_iter()
            .map(|((year, _, phase), (period, amount, parts, vat))| Row {
                vat,
                ..make(phase, year, period, amount, parts)
            }),
    );
    Ok(())
}

fn month_start(period: Period) -> chrono::NaiveDate {
    use chrono::Datelike;
    period.start.with_day(1).expect("day 1 exists")
}

/// Splits each piece by days (or by months: equal twelfths) across the calendar months it
/// covers ([`split`]), so a year's months add back to the year exactly.
///
/// # Example
/// £1,000.00 stated for 2022-23 on a contract from 1 April to 30 June 2022 (91 days): April
/// 30 days, 100,000p × 30/91 = 32,967.03p; May 31 days, 34,065.93p; June 30 days,
/// 32,967.03p. Rounded toward zero they are one penny short, which goes to May (the largest
/// remainder, 0.93): £329.67 + £340.66 + £329.67 = £1,000.00.
///
/// ```
/// # use std::collections::BTreeMap;
/// # use outturn_model::projection::{project, Granularity};
/// # use outturn_model::scenario::*;
/// # use outturn_model::{term::Term, FyCalendar, Money, ModelError};
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// # let line = |name: &str, value| Line { name: name.into(), kind: LineKind::Service,
/// #     budget: "asc".into(), contract: 0, value, uplift: Uplift::None,
/// #     uplift_at: UpliftAt::Anniversary, growth: Growth::None, funded_uplift: None,
/// #     funding: vec![], conventions: Default::default() };
/// # let scenario = |term, lines| Scenario { title: "t".into(), paper: "p".into(),
/// #     calendar: FyCalendar::UK, contracts: vec![Contract { name: "c".into(), term,
/// #     break_clause: None }], lines, savings: vec![], checks: vec![], trends: vec![], appraisal: None };
/// let year = FyCalendar::UK.parse_year("2022-23").expect("a year");
/// let stated = LineValue::PerYear(BTreeMap::from([(year, Money::from_pennies(100_000))]));
/// let term = Term::new(date(2022, 4, 1), date(2022, 6, 30), &[])?;
/// let rows = project(&scenario(term, vec![line("care", stated)]), Granularity::Month)?.rows;
/// let months: Vec<String> = rows.iter().map(|r| r.amount.to_string()).collect();
/// assert_eq!(months, ["£329.67", "£340.66", "£329.67"]);
/// # Ok::<(), ModelError>(())
/// ```
fn by_month(pieces: Vec<Piece>, division: Division) -> Result<Vec<Piece>, ModelError> {
    let mut out = Vec::new();
    for p in pieces {
        let months = p.period.by_month();
        let (amounts, of_days) = division.split(p.amount, &months)?;
        let vats = match p.vat {
            Some(v) => division
                .split(v, &months)?
                .0
                .into_iter()
                .map(|x| Some(x.0))
                .collect(),
            None => vec![None; months.len()],
        };
        for ((period, piece), vat) in months.into_iter().zip(amounts).zip(vats) {
            let mut part = p.part.clone();
            part.shares.push(division.share(p.amount, piece, of_days));
            // Months are split from a piece already rounded, so they carry no exact amount.
            out.push(Piece {
                phase: p.phase,
                year: p.year,
                period,
                amount: piece.0,
                part,
                exact: None,
                vat,
            });
        }
    }
    Ok(out)
}

/// The parts of `period` in each taken phase of `term` and each financial year.
pub(crate) fn phase_segments(term: &Term, period: Period, cal: FyCalendar) -> Vec<Segment> {
    term.taken_phases()
        .filter_map(|phase| Some((phase.id, phase.period.overlap(period)?)))
        .flat_map(|(id, part)| {
            part.by_financial_year(cal)
                .into_iter()
                .map(move |(year, p)| (id, year, p))
        })
        .collect()
}

/// Splits the amount of `source` by days across `segments` ([`split`]), one piece each: a
/// contract year's cost, a stated amount, or what a saving achieves (negative). Each piece
/// records the split (`whole`, its `days` of `of_days`) for `explain`.
///
/// Worked example: a contract year of £100,000.00 from 15 June 2024 over segments of 290 days
/// (2024-25) and 75 (2025-26) gives £79,452.05 and £20,547.95 (see [`project`]); a saving of
/// £60,000 over segments of 183 and 182 days gives -£30,082.19 and -£29,917.81 (see
/// [`savings::pieces`]).
pub(crate) fn spread(
    source: Source,
    segments: Vec<Segment>,
    division: Division,
) -> Result<Vec<Piece>, ModelError> {
    let stated = match &source {
        Source::ContractYear { cost, .. } => *cost,
        Source::Stated { amount, .. } | Source::Total { amount, .. } => *amount,
        Source::Saving(y) => -y.achieved,
    };
    // With VAT, the cost to the budget is split, and the VAT beside it by the same weights.
    let vat = division.vat.map(|v| v.amounts(stated)).transpose()?;
    let amount = vat.map_or(stated, |v| v.cost);
    let periods: Vec<Period> = segments.iter().map(|s| s.2).collect();
    let (amounts, of_days) = division.split(amount, &periods)?;
    let vats = match vat {
        Some(v) => division
            .split(v.vat, &periods)?
            .0
            .into_iter()
            .map(|x| Some(x.0))
            .collect(),
        None => vec![None; periods.len()],
    };
    Ok(segments
        .into_iter()
        .zip(amounts)
        .zip(vats)
        .map(|(((phase, year, period), piece), piece_vat)| Piece {
            phase,
            year,
            period,
            amount: piece.0,
            part: Part {
                source: source.clone(),
                shares: vec![division.share(amount, piece, of_days)],
                running: None,
                vat,
            },
            exact: None,
            vat: piece_vat,
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
        LineValue::Total(total) => total_pieces(line, total, term, cal),
        LineValue::Annual(_) | LineValue::Drivers(_) | LineValue::ShareOf { .. } => {
            contract_year_pieces(scenario, line, term, cal)
        }
    }
}

/// Spreads a total stated over the taken term, or over each phase named, across the phases
/// and financial years (and months) it covers by the line's pro-rating basis, so the pieces
/// add back to the total exactly ([`split`]).
///
/// # Example
/// £4,000,000 over four years from 1 October 2016 (London Borough of Southwark, garages minor
/// works: "£1,000,000 per annum for a period of 4 years giving a total estimated contract
/// value of £4,000,000"). By months, each full financial year is 12 of 48 months:
/// £1,000,000.00, and 2016-17 (6 months) £500,000.00. By days, 2017-18 is 365 of the term's
/// 1,461 days: 4,000,000 × 365 / 1,461 = £999,315.54.
///
/// ```
/// # use outturn_model::projection::{project, Granularity};
/// # use outturn_model::prorate::Prorate;
/// # use outturn_model::scenario::*;
/// # use outturn_model::{term::Term, FyCalendar, Money, ModelError};
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// # let line = |name: &str, value| Line { name: name.into(), kind: LineKind::Service,
/// #     budget: "asc".into(), contract: 0, value, uplift: Uplift::None,
/// #     uplift_at: UpliftAt::Anniversary, growth: Growth::None, funded_uplift: None,
/// #     funding: vec![], conventions: Default::default() };
/// # let scenario = |term, lines| Scenario { title: "t".into(), paper: "p".into(),
/// #     calendar: FyCalendar::UK, contracts: vec![Contract { name: "c".into(), term,
/// #     break_clause: None }], lines, savings: vec![], checks: vec![], trends: vec![], appraisal: None };
/// let total = LineValue::Total(TermTotal::Term(Money::from_pennies(400_000_000)));
/// let mut garages = line("garages", total);
/// garages.conventions.prorate = Prorate::Months;
/// let term = Term::new(date(2016, 10, 1), date(2020, 9, 30), &[])?;
/// let rows = project(&scenario(term.clone(), vec![garages.clone()]), Granularity::Year)?.rows;
/// let by_year: Vec<String> = rows.iter().map(|r| r.amount.to_string()).collect();
/// assert_eq!(by_year, ["£500,000.00", "£1,000,000.00", "£1,000,000.00", "£1,000,000.00", "£500,000.00"]);
/// garages.conventions.prorate = Prorate::Days;
/// let rows = project(&scenario(term, vec![garages]), Granularity::Year)?.rows;
/// assert_eq!(rows[1].amount.to_string(), "£999,315.54");
/// # Ok::<(), ModelError>(())
/// ```
///
/// # Errors
/// A phase named that is not taken; an amount too large.
fn total_pieces(
    line: &Line,
    total: &TermTotal,
    term: &Term,
    cal: FyCalendar,
) -> Result<Vec<Piece>, ModelError> {
    let parts: Vec<(Option<PhaseId>, Period, Money)> = match total {
        TermTotal::Term(amount) => vec![(None, term.taken_period(), *amount)],
        TermTotal::Phases(by_phase) => by_phase
            .iter()
            .map(|(id, amount)| {
                term.taken_phases()
                    .find(|p| p.id == *id)
                    .map(|p| (Some(p.id), p.period, *amount))
                    .ok_or_else(|| ModelError::TotalOverUntakenPhase {
                        line: line.name.clone(),
                        phase: id.to_string(),
                    })
            })
            .collect::<Result<_, _>>()?,
    };
    let mut pieces = Vec::new();
    for (phase, period, amount) in parts {
        let source = Source::Total {
            phase: phase.map(|p| p.to_string()),
            period,
            amount,
        };
        let segments = phase_segments(term, period, cal);
        pieces.extend(spread(source, segments, Division::of(line))?);
    }
    Ok(pieces)
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
        LineValue::Total(_) => Err(bad(
            "which states a total over its term; a share is of an annual value or drivers",
        )),
        LineValue::ShareOf { .. } => Err(bad("which is itself a share of another line")),
    }
}

/// The basis of `line` (its full year's cost before uplift and growth) for a contract year
/// costed in financial year `fy`: a driver line's volume comes from its counts by year, if it
/// has them (each year used is added to `used`); a share is `share` percent of its line's
/// basis, before that line's uplift.
///
/// # Example
/// Day services at 100 people × 2 days a week × 50 weeks × £50 a day = £500,000 a year, 5%
/// uplift and 10% demand growth; transport at 20% of the service. Year 2 of the service costs
/// £500,000 × 1.05 × 1.10 = £577,500.00. Transport is 20% of the service's basis: £100,000,
/// then £100,000 × 1.10 = £110,000.00, for it grows with the service's volume but is not
/// uplifted at the service's rate.
///
/// ```
/// # use outturn_model::drivers::{Drivers, Rate, RateBasis};
/// # use outturn_model::projection::{project, Granularity};
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
/// let drivers = Drivers {
///     volume: dec!(100),
///     unit: "people".into(),
///     per_week: Some(dec!(2)),
///     weeks_per_year: dec!(50),
///     per: RateBasis::Day,
///     rate: Rate::Flat(dec!(50)),
/// };
/// let mut service = line("service", LineValue::Drivers(drivers));
/// service.uplift = Uplift::Flat(dec!(5));
/// service.growth = Growth::Flat(dec!(10));
/// let transport = line("transport", LineValue::ShareOf { line: "service".into(), share: dec!(20) });
/// let term = Term::new(date(2024, 4, 1), date(2026, 3, 31), &[])?;
/// let rows = project(&scenario(term, vec![service, transport]), Granularity::Year)?.rows;
/// let got: Vec<String> = rows.iter().map(|r| format!("{} {}", r.line, r.amount)).collect();
/// assert_eq!(got, [
///     "service £500,000.00", "service £577,500.00",
///     "transport £100,000.00", "transport £110,000.00",
/// ]);
/// # Ok::<(), ModelError>(())
/// ```
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
        LineValue::PerYear(_) | LineValue::Total(_) => {
            unreachable!("stated amounts and totals are not costed by contract year")
        }
    })
}

/// Costs every contract year of a line with an annual value, drivers or a share, and splits
/// each cost by days across the phases and financial years it touches.
///
/// # Example
/// With uplift at each financial year instead of each anniversary, each part of a contract
/// year is priced at its own financial year's rate and rounded on its own. £100,000 a year
/// from 15 June 2024 to 14 June 2025, 10% from 1 April 2025: the 290 days in 2024-25 cost
/// £100,000 × 290/365 = 79,452.054… → £79,452.05; the 75 days in 2025-26 cost
/// £100,000 × 1.10 × 75/365 = 22,602.739… → £22,602.74.
///
/// ```
/// # use outturn_model::projection::{project, Granularity};
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
/// care.uplift = Uplift::Flat(dec!(10));
/// care.uplift_at = UpliftAt::FinancialYear;
/// let term = Term::new(date(2024, 6, 15), date(2025, 6, 14), &[])?;
/// let rows = project(&scenario(term, vec![care]), Granularity::Year)?.rows;
/// let by_year: Vec<String> = rows.iter().map(|r| format!("{} {}", r.year, r.amount)).collect();
/// assert_eq!(by_year, ["2024-25 £79,452.05", "2025-26 £22,602.74"]);
/// # Ok::<(), ModelError>(())
/// ```
///
/// # Errors
/// An uplift schedule too short; a bad share; a count by year missing, or given for a year
/// the line is never costed in; an amount too large.
fn contract_year_pieces(
    scenario: &Scenario,
    line: &Line,
    term: &Term,
    cal: FyCalendar,
) -> Result<Vec<Piece>, ModelError> {
    let years = term.contract_years()?;
    let first_fy = cal.year_of(term.start());
    let dates = uplift::dates(line, term, &years, cal);
    let mut costing = Costing {
        scenario,
        line,
        term,
        cal,
        rates: uplift::rates(line, &dates)?,
        // Demand growth is the volume line's: a share grows with the line it is a share of.
        growth_factors: uplift::growth_factors(volume_line(scenario, line)?, dates.len()),
        used: Vec::new(),
    };
    let measure = line.conventions.prorate;
    let mut pieces = Vec::new();
    for cy in &years {
        let full = measure.full_year(cy);
        match line.uplift_at {
            UpliftAt::Anniversary => {
                let (step, fy) = (cy.index as usize, cal.year_of(cy.period.start));
                let weight = (measure.of_year(cy), full);
                pieces.extend(costing.cost(cy, step, fy, weight, cy.period)?);
            }
            UpliftAt::FinancialYear => {
                for (fy, part) in cy.period.by_financial_year(cal) {
                    let step = fy.years_after(first_fy) as usize;
                    // A contract year wholly in one financial year is exactly a full year.
                    let weight = if part == cy.period {
                        measure.of_year(cy)
                    } else {
                        measure.weight(part)
                    };
                    pieces.extend(costing.cost(cy, step, fy, (weight, full), part)?);
                }
            }
        }
    }
    if line.conventions.order == RoundingOrder::Once {
        round_once(&mut pieces, line.conventions.round_to)?;
    }
    // A count given for a year the line is never costed in would be silently ignored.
    let used = costing.used;
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

/// A line's pieces rounded once ([`RoundingOrder::Once`]): in row order (year, phase, date),
/// each is the running total of the exact pieces to its end, rounded to the unit, less the
/// running total before it; so the line's rows add to its exact total rounded once.
///
/// # Example
/// £100.50 a year for two years, rounded to the pound. Each year rounded on its own: £101 +
/// £101 = £202. Rounded once: the first year's running total £100.50 → £101; the second's
/// £201.00 → £201, less £101: £100. The line comes to £201.
///
/// ```
/// # use outturn_model::projection::{project, Granularity};
/// # use outturn_model::scenario::*;
/// # use outturn_model::{term::Term, FyCalendar, Money, ModelError};
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// # let line = |name: &str, value| Line { name: name.into(), kind: LineKind::Service,
/// #     budget: "asc".into(), contract: 0, value, uplift: Uplift::None,
/// #     uplift_at: UpliftAt::Anniversary, growth: Growth::None, funded_uplift: None,
/// #     funding: vec![], conventions: Default::default() };
/// # let scenario = |term, lines| Scenario { title: "t".into(), paper: "p".into(),
/// #     calendar: FyCalendar::UK, contracts: vec![Contract { name: "c".into(), term,
/// #     break_clause: None }], lines, savings: vec![], checks: vec![], trends: vec![], appraisal: None };
/// let mut care = line("care", LineValue::Annual(Money::from_pennies(10_050)));
/// care.conventions.round_to = RoundTo::Pound;
/// let term = Term::new(date(2024, 4, 1), date(2026, 3, 31), &[])?;
/// let each = project(&scenario(term.clone(), vec![care.clone()]), Granularity::Year)?;
/// let years: Vec<String> = each.rows.iter().map(|r| r.amount.to_string()).collect();
/// assert_eq!(years, ["£101.00", "£101.00"]);
/// care.conventions.order = RoundingOrder::Once;
/// let once = project(&scenario(term, vec![care]), Granularity::Year)?;
/// let years: Vec<String> = once.rows.iter().map(|r| r.amount.to_string()).collect();
/// assert_eq!(years, ["£101.00", "£100.00"]);
/// # Ok::<(), ModelError>(())
/// ```
///
/// # Errors
/// A running total too large for `Money` ([`ModelError::Overflow`]).
fn round_once(pieces: &mut [Piece], unit: RoundTo) -> Result<(), ModelError> {
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by_key(|&i| (pieces[i].year, pieces[i].phase, pieces[i].period.start));
    let mut running = BigRational::zero();
    let mut before = Money::ZERO;
    for i in order {
        let p = &mut pieces[i];
        let exact = p
            .exact
            .take()
            .expect("every piece of a line rounded once is exact");
        running += &exact;
        let to_here =
            exact::round_fraction(&running, unit.pennies()).ok_or(ModelError::Overflow)?;
        p.amount = to_here - before;
        if let Some(share) = p.part.shares.last_mut() {
            share.amount = p.amount;
        }
        p.part.running = Some(Running {
            exact: decimal_of(&exact),
            to_here,
            before,
        });
        before = to_here;
    }
    Ok(())
}

/// A fraction as a `Decimal` to 28 digits, for display only.
fn decimal_of(x: &BigRational) -> Decimal {
    let scale = 10u64.pow(12);
    let scaled = (x * BigRational::from_integer(scale.into())).round();
    scaled
        .to_integer()
        .to_i128()
        .and_then(|n| Decimal::try_from_i128_with_scale(n, 12).ok())
        .unwrap_or_default()
}

/// The contract years of one line being costed, with its uplift rates and growth factors.
struct Costing<'a> {
    scenario: &'a Scenario,
    line: &'a Line,
    term: &'a Term,
    cal: FyCalendar,
    /// The uplift rate, in percent, at each uplift date of the term ([`uplift::rates`]).
    rates: Vec<Decimal>,
    growth_factors: Vec<Decimal>,
    /// The financial years whose count by year was used, so an unused count can be refused.
    used: Vec<FinancialYear>,
}

impl Costing<'_> {
    /// Costs `weight` (days, or months: see [`crate::prorate`]) of a full year's `full` of
    /// contract year `cy`, at `step` uplift dates reached and the basis of financial year
    /// `fy`, rounded once to the line's unit ([`exact::prorated_to`]); then splits the cost
    /// across the phases and financial years of `part`.
    ///
    /// Worked example (see [`contract_year_pieces`]): contract year 2 of £100,000 a year at
    /// 10%, all 365 days, is step 1: £100,000 × 1.10 × 365/365 = £110,000.00; with uplift at
    /// each financial year, its 75 days in 2025-26 are £100,000 × 1.10 × 75/365 = £22,602.74.
    fn cost(
        &mut self,
        cy: &ContractYear,
        step: usize,
        fy: FinancialYear,
        (weight, full): (u32, u32),
        part: Period,
    ) -> Result<Vec<Piece>, ModelError> {
        let conventions = self.line.conventions;
        let basis = basis_at(self.scenario, self.line, fy, &mut self.used)?;
        let rates = &self.rates[..step];
        let paid_rate = uplift::paid_rate(self.line, &basis, rates)?;
        let price_factors = match paid_rate {
            Some(_) => Vec::new(),
            None => uplift::price_factors(rates, conventions.compounding),
        };
        let growth_factors = self.growth_factors.get(..step).unwrap_or_default().to_vec();
        let all: Vec<Decimal> = price_factors
            .iter()
            .chain(&growth_factors)
            .copied()
            .collect();
        let annual = paid_rate
            .as_ref()
            .map_or_else(|| basis.annual(), |p| p.annual);
        let unit = conventions.round_to.pennies();
        let cost =
            exact::prorated_to(annual, &all, weight, full, unit).ok_or(ModelError::Overflow)?;
        let once = (conventions.order == RoundingOrder::Once)
            .then(|| exact::fraction(annual, &all, weight, full));
        let source = Source::ContractYear {
            index: cy.index,
            period: cy.period,
            basis,
            price_factors,
            growth_factors,
            paid_rate,
            compounding: conventions.compounding,
            measure: conventions.prorate,
            round_to: conventions.round_to,
            days: weight,
            full_days: full,
            cost,
        };
        let segments = phase_segments(self.term, part, self.cal);
        let mut pieces = spread(source, segments, Division::of(self.line))?;
        if let Some(exact) = once {
            // Each piece's exact share, by the same weights the split used.
            let share = |p: &Piece| p.part.shares[0].days;
            let of: u32 = pieces.iter().map(share).sum();
            for p in &mut pieces {
                p.exact = Some(
                    &exact * BigRational::from_integer(share(p).into())
                        / BigRational::from_integer(of.into()),
                );
            }
        }
        Ok(pieces)
    }
}

/// Splits each stated year's amount by days across the phases in contract that year.
///
/// # Example
/// £1,000 stated for 2021-22, over an initial term to 30 September 2021 (183 days) and a
/// 6-month extension from 1 October (182 days): 100,000p × 183/365 = 50,136.986…p and
/// × 182/365 = 49,863.013…p, one penny short once rounded toward zero; the first has the
/// larger remainder (0.986… against 0.013…) and takes it: £501.37 + £498.63.
///
/// ```
/// # use std::collections::BTreeMap;
/// # use outturn_model::projection::{project, Granularity};
/// # use outturn_model::scenario::*;
/// # use outturn_model::term::{Extension, Term};
/// # use outturn_model::{FyCalendar, Money, ModelError};
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// # let line = |name: &str, value| Line { name: name.into(), kind: LineKind::Service,
/// #     budget: "asc".into(), contract: 0, value, uplift: Uplift::None,
/// #     uplift_at: UpliftAt::Anniversary, growth: Growth::None, funded_uplift: None,
/// #     funding: vec![], conventions: Default::default() };
/// # let scenario = |term, lines| Scenario { title: "t".into(), paper: "p".into(),
/// #     calendar: FyCalendar::UK, contracts: vec![Contract { name: "c".into(), term,
/// #     break_clause: None }], lines, savings: vec![], checks: vec![], trends: vec![], appraisal: None };
/// let year = FyCalendar::UK.parse_year("2021-22").expect("a year");
/// let stated = LineValue::PerYear(BTreeMap::from([(year, Money::from_pennies(100_000))]));
/// let extension = Extension { months: 6, taken: true };
/// let term = Term::new(date(2021, 4, 1), date(2021, 9, 30), &[extension])?;
/// let rows = project(&scenario(term, vec![line("care", stated)]), Granularity::Year)?.rows;
/// let got: Vec<String> = rows.iter().map(|r| format!("{} {}", r.phase, r.amount)).collect();
/// assert_eq!(got, ["initial £501.37", "extension-1 £498.63"]);
/// # Ok::<(), ModelError>(())
/// ```
///
/// # Errors
/// A year of the term with no amount, or an amount for a year outside the term.
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
        pieces.extend(spread(
            source,
            phase_segments(term, part, cal),
            Division::of(line),
        )?);
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    //! Figures worked independently (by hand, or with Python's `decimal` at 100 digits and the
    //! same largest-remainder rule) and written in the comments.
    use super::*;
    use crate::scenario::{Contract, Target, Uplift};
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
            conventions: Default::default(),
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
            appraisal: None,
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
        months_add_back_to_years_with(crate::scenario::Conventions::default());
    }

    #[test]
    fn months_add_back_to_years_under_every_convention() {
        use crate::prorate::Prorate;
        use crate::scenario::{Compounding, Conventions, RoundTo, RoundingOrder};
        for prorate in [Prorate::Days, Prorate::Months] {
            for round_to in [RoundTo::Penny, RoundTo::Pound] {
                for order in [RoundingOrder::EachBlock, RoundingOrder::Once] {
                    months_add_back_to_years_with(Conventions {
                        compounding: Compounding::Simple,
                        prorate,
                        round_to,
                        order,
                        rate_rounding: None,
                        vat: None,
                        payment: None,
                    });
                }
                // VAT is refused with rounding once; each block's VAT is split beside it.
                months_add_back_to_years_with(Conventions {
                    prorate,
                    round_to,
                    vat: Some(crate::vat::Vat {
                        rate: 20.into(),
                        stated: crate::vat::Stated::Gross,
                        recoverable: true,
                    }),
                    ..Conventions::default()
                });
            }
        }
    }

    #[test]
    fn totals_by_phase_spread_over_their_phase_only() {
        // £170,000 over a two-year initial term from 1 April 2019 and £85,000 over a one-year
        // extension: by days, 2019-20 (366 days, 29 February 2020) is 170,000 × 366/731 =
        // 85,116.2790…, 2020-21 is × 365/731 = 84,883.7209…: cut to the penny a penny short,
        // which goes to the larger remainder (0.90 of a penny against 0.09, the first):
        // £85,116.28 + £84,883.72.
        use crate::scenario::TermTotal;
        let ext = vec![Extension {
            months: 12,
            taken: true,
        }];
        let totals = BTreeMap::from([
            (PhaseId::Initial, pounds(170_000)),
            (PhaseId::Extension(1), pounds(85_000)),
        ]);
        let s = scenario(
            vec![(d(2019, 4, 1), d(2021, 3, 31), ext.clone())],
            vec![line(
                "l",
                0,
                LineValue::Total(TermTotal::Phases(totals)),
                Uplift::None,
                UpliftAt::Anniversary,
            )],
        );
        assert_eq!(
            summary(&project(&s, Granularity::Year).unwrap()),
            [
                ("initial".into(), "2019-20".into(), 8_511_628),
                ("initial".into(), "2020-21".into(), 8_488_372),
                ("extension-1".into(), "2021-22".into(), 8_500_000),
            ]
        );
        // A phase that is not taken has no total.
        let untaken = vec![Extension {
            months: 12,
            taken: false,
        }];
        let mut s = s;
        s.contracts[0].term = Term::new(d(2019, 4, 1), d(2021, 3, 31), &untaken).unwrap();
        assert_eq!(
            project(&s, Granularity::Year),
            Err(ModelError::TotalOverUntakenPhase {
                line: "l".into(),
                phase: "extension-1".into()
            })
        );
    }

    #[test]
    fn a_line_rounded_once_comes_to_its_exact_total_rounded() {
        // £1,000 a year from 15 June 2024 for 2 years 1 month, 3% compounding: exactly
        // 1,000 + 1,030 + 1,060.90 × 30/365 (15 June to 14 July 2026: 30 days of a 365-day
        // year) = 2,030 + 87.1972… = 2,117.1972…, so £2,117.20 once, wherever the rows fall.
        let mut l = line(
            "l",
            0,
            LineValue::Annual(pounds(1_000)),
            Uplift::Flat(3.into()),
            UpliftAt::Anniversary,
        );
        l.conventions.order = crate::scenario::RoundingOrder::Once;
        let s = scenario(vec![(d(2024, 6, 15), d(2026, 7, 14), vec![])], vec![l]);
        for granularity in [Granularity::Year, Granularity::Month] {
            let p = project(&s, granularity).unwrap();
            assert_eq!(p.total().pennies(), 211_720, "{granularity:?}");
        }
    }

    fn months_add_back_to_years_with(conventions: crate::scenario::Conventions) {
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
        let mut s = s;
        s.lines[0].conventions = conventions;
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
            let in_year = |of: fn(&Row) -> i64| -> i64 {
                months
                    .rows
                    .iter()
                    .filter(|m| m.year == y.year && m.phase == y.phase)
                    .map(of)
                    .sum()
            };
            assert_eq!(in_year(|m| m.amount.pennies()), y.amount.pennies());
            let vat = |r: &Row| r.vat.map_or(0, |v| v.pennies());
            assert_eq!(in_year(vat), vat(y), "{} {}", y.phase, y.year);
        }
    }
}
