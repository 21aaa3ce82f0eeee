//! A scenario: one contract decision as the model sees it, already validated.
//!
//! The runner reads files into these types; the model never sees a file. A scenario is data
//! (contracts, lines, savings, checks), and [`crate::projection::project`] turns it into rows.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::breaks::Break;
use crate::calendar::{FinancialYear, FyCalendar};
use crate::check::Check;
use crate::discount::Appraisal;
use crate::drivers::{Drivers, Volumes};
use crate::funding::Funding;
use crate::index::IndexUplift;
use crate::money::Money;
use crate::prorate::Prorate;
use crate::rounding::RateRounding;
use crate::savings::SavingPlan;
use crate::term::{PhaseId, Term};
use crate::timing::Payment;
use crate::trend::Trend;
use crate::vat::Vat;

/// One contract of a scenario. Most scenarios have one; a transition from an old contract to
/// its replacement has two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    pub name: String,
    /// The term in effect: cut at the break, when there is one.
    pub term: Term,
    /// A break clause exercised, keeping the unbroken term (see [`crate::breaks`]).
    pub break_clause: Option<Break>,
}

/// What a cost line pays for; savings are reported as lines of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LineKind {
    Service,
    Transport,
    Saving,
    Other,
}

impl LineKind {
    pub const ALL: [LineKind; 4] = [
        LineKind::Service,
        LineKind::Transport,
        LineKind::Saving,
        LineKind::Other,
    ];

    pub fn parse(text: &str) -> Option<LineKind> {
        LineKind::ALL.into_iter().find(|k| k.to_string() == text)
    }
}

impl fmt::Display for LineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LineKind::Service => "service",
            LineKind::Transport => "transport",
            LineKind::Saving => "saving",
            LineKind::Other => "other",
        })
    }
}

/// When uplifts take effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UpliftAt {
    /// At each anniversary of the contract start: contract year k costs the annual value
    /// times the first k rates compounded.
    #[default]
    Anniversary,
    /// At each 1 April (each financial-year start) after the contract starts: the part of a
    /// contract year in a financial year is priced at that year's compounded rate, and each
    /// such part is rounded to the penny on its own.
    FinancialYear,
}

/// Uplift rates in percent, compounding.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Uplift {
    #[default]
    None,
    /// The same rate at every uplift date.
    Flat(Decimal),
    /// The first rate at the first uplift date, the second at the second, …; the schedule
    /// must cover every uplift date in the term.
    Schedule(Vec<Decimal>),
    /// At each uplift date, a named series' rate at that date's month less a lag (see
    /// [`crate::index`]).
    Index(IndexUplift),
}

/// How a line's uplift rates accumulate over the years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compounding {
    /// Each rate applies to the price already uplifted: 3% a year gives 1.03, 1.03², …
    #[default]
    Compound,
    /// Each rate applies to the base price: 3% a year gives 1.03, 1.06, 1.09, …
    Simple,
}

/// The unit a line's blocks (each contract year's cost, and each piece it is split into) are
/// rounded to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoundTo {
    #[default]
    Penny,
    Pound,
}

impl RoundTo {
    /// The unit in pennies: 1 or 100.
    pub fn pennies(self) -> i64 {
        match self {
            RoundTo::Penny => 1,
            RoundTo::Pound => 100,
        }
    }
}

/// Whether each of a line's blocks is rounded before they are added, or their sum once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoundingOrder {
    /// Each contract year's cost (each part of one, with uplift at each financial year) is
    /// rounded to the unit, then split and added.
    #[default]
    EachBlock,
    /// Nothing is rounded until the line's exact pieces are added: each row is the running
    /// total to its end, rounded, less the running total before it, so the line's rows add
    /// to its exact total rounded once.
    Once,
}

/// The costing conventions a line states, each defaulting to Outturn's own rule (see
/// `docs/conventions.md`): compound uplift, pro rata by days, each block rounded to the
/// penny before adding, rates as uplifted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Conventions {
    pub compounding: Compounding,
    pub prorate: Prorate,
    pub round_to: RoundTo,
    pub order: RoundingOrder,
    /// A driver line's rate rounded to a payment system's step after each uplift.
    pub rate_rounding: Option<RateRounding>,
    /// The line's VAT: its amounts net or gross, the rate, and whether it is recoverable.
    pub vat: Option<Vat>,
    /// When the line's spend is paid, for the cash view (see [`crate::timing`]).
    pub payment: Option<Payment>,
}

/// How a line's cost is stated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineValue {
    /// The cost of a full contract year, before uplift.
    Annual(Money),
    /// The amount spent in each financial year the contract covers, as stated (no uplift).
    PerYear(BTreeMap<FinancialYear, Money>),
    /// Built from drivers: volume × per week × weeks a year × rate, before uplift.
    Drivers(Drivers),
    /// A share (in percent) of another line of the same contract, before that line's uplift:
    /// transport at 21.5% of a service, growing with the service's volume.
    ShareOf { line: String, share: Decimal },
    /// The line's cost over its contract's whole taken term, or over each of some taken
    /// phases, as stated (no uplift): spread across financial years, phases and months by the
    /// line's pro-rating basis (see [`crate::projection`]).
    Total(TermTotal),
}

/// A cost stated as a total over a term or phases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermTotal {
    /// Over the whole taken term, extensions taken included.
    Term(Money),
    /// Over each phase named; the phases must be taken.
    Phases(BTreeMap<PhaseId, Money>),
}

/// Demand growth: how a line's volume changes, separately from its price.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Growth {
    #[default]
    None,
    /// A percentage a year, compounding at the line's uplift dates, like a price uplift.
    Flat(Decimal),
    /// The count in each financial year (driver lines only): a contract year takes the count
    /// of the financial year it starts in (or, with uplift at each financial year, each part
    /// its own year's count).
    Volumes(Volumes),
}

/// A cost line of one contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub name: String,
    pub kind: LineKind,
    /// The budget or cohort the line is charged to (`26+`, `18-25`).
    pub budget: String,
    /// Index into [`Scenario::contracts`].
    pub contract: usize,
    pub value: LineValue,
    pub uplift: Uplift,
    pub uplift_at: UpliftAt,
    pub growth: Growth,
    /// The uplift the council funds, when it differs from the fee uplift paid (`uplift`):
    /// the gap is a pressure on the budget, year by year.
    pub funded_uplift: Option<Uplift>,
    /// The budgets that pay for the line, when more than one does (see [`crate::funding`]);
    /// empty when `budget` pays for all of it.
    pub funding: Vec<Funding>,
    /// The costing conventions the line states (see [`Conventions`]).
    pub conventions: Conventions,
}

/// What a saving is taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Line(String),
    Budget(String),
}

/// A saving of a fixed amount each financial year, reported as a negative line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saving {
    pub name: String,
    pub target: Target,
    /// The saving per financial year, as a positive amount.
    pub per_year: Money,
    pub from: FinancialYear,
    /// The last year it applies; by default the last year its target is in contract.
    pub to: Option<FinancialYear>,
    /// A target as a percentage, phasing, a start date or a delivery rate (see
    /// [`crate::savings`]); `None` for `per_year` in full from the start of `from`.
    pub plan: Option<SavingPlan>,
}

/// A contract decision, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    pub title: String,
    pub paper: String,
    pub calendar: FyCalendar,
    pub contracts: Vec<Contract>,
    pub lines: Vec<Line>,
    pub savings: Vec<Saving>,
    pub checks: Vec<Check>,
    /// Pairs of yearly figures whose implied growth is reported.
    pub trends: Vec<Trend>,
    /// How the scenario's spend is discounted, when it is appraised (see [`crate::discount`]).
    pub appraisal: Option<Appraisal>,
}
