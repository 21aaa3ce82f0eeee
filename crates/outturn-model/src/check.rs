//! Checks: the figures a paper printed, set against the model or against the paper's own
//! arithmetic, each with a verdict and the reading that gave it.
//!
//! A check says what a figure is (a selection of the projection, a contract's term, or a
//! relation between printed figures such as parts that add to a total), the figure as printed,
//! and how closely it must agree. The rule is the interval rule of XBRL Calculations 1.1: every
//! printed figure stands for the values that round to it (see [`crate::reading`]); a check is
//! **consistent when the interval of the computed figure meets the interval of the stated
//! one**, and inconsistent only when no values inside the printed precisions agree. The
//! stated figure's interval is set by its tolerance:
//! - the printed precision, by default: `£2,946,471` is ±£0.50, `£4.9m` ±£0.05m;
//! - `circa`: the same, for a figure printed with a circa word (`circa £3.9m`);
//! - `exact`: the figure itself (to the penny, when asked for);
//! - within an absolute amount, or within a percentage of the printed figure.
//!
//! A one-sided figure ("up to £2m", "over 86%") is a half-line: the computed figure may be
//! anything on its side.

use std::fmt;

use chrono::NaiveDate;
use num_rational::BigRational;
use rust_decimal::Decimal;
use thiserror::Error;

use crate::calendar::FinancialYear;
use crate::interval::{decimal, rational, Interval, Round};
use crate::model_figure::{Amount, AppraisalFigure, Found, RateFigure, Working};
use crate::projection::{phase_label, Projection, Row};
use crate::reading::{Kind, Reading, Side, Slip};
use crate::relation::Relation;
use crate::scenario::{LineKind, Scenario};
use crate::term::Phase;

/// Which rows of the projection a figure adds up. Every filter left empty matches all rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    pub lines: Vec<String>,
    pub budget: Option<String>,
    pub kind: Option<LineKind>,
    /// `initial`, `extension-1`, …; in a scenario of several contracts a bare phase is that
    /// phase of every contract, and `contract:initial` one contract's.
    pub phase: Option<String>,
    pub year: Option<FinancialYear>,
    /// Which amount of each row: the cost to the budget (the default), or, for lines that
    /// state VAT, the net, VAT or gross.
    pub amount: Amount,
}

impl Selection {
    /// The sum of the projection's rows this selection matches.
    pub fn total(&self, projection: &Projection) -> Decimal {
        projection
            .rows
            .iter()
            .filter(|r| self.matches(r))
            .map(|r| self.amount.of(r))
            .sum()
    }

    pub fn matches(&self, row: &Row) -> bool {
        (self.lines.is_empty() || self.lines.contains(&row.line))
            && self.budget.as_ref().is_none_or(|b| &row.budget == b)
            && self.kind.is_none_or(|k| row.kind == k)
            && self
                .phase
                .as_ref()
                .is_none_or(|p| phase_matches(p, &row.phase))
            && self.year.is_none_or(|y| row.year == y)
    }
}

/// Whether the phase named in a check is the phase labelled `label`: `initial` is every
/// contract's initial phase (`care:initial`), `care:initial` only that one.
fn phase_matches(named: &str, label: &str) -> bool {
    named == label
        || (!named.contains(':')
            && label
                .rsplit_once(':')
                .is_some_and(|(_, phase)| phase == named))
}

/// What the printed figure is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    /// The sum of the projection's rows that match; for a stated duration, the length of the
    /// matching contract phases, from their dates.
    Model(Selection),
    /// Printed figures and the arithmetic the paper claims between them (no model involved).
    Relation(Relation),
    /// A line's rate paid, or the uplift taking effect, at a time.
    Rate(RateFigure),
    /// The scenario's present value or equivalent annual cost (its `[appraisal]`).
    Appraisal(AppraisalFigure),
}

/// How close the computed figure must be to the printed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tolerance {
    Exact,
    /// At the precision printed (the place value of its last digit): the default.
    Printed(Decimal),
    /// At the precision printed, for a figure printed with a circa word.
    Circa(Decimal),
    Absolute(Decimal),
    Percent(Decimal),
}

impl fmt::Display for Tolerance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tolerance::Exact => f.write_str("exact"),
            Tolerance::Printed(p) => write!(f, "nearest {}", p.normalize()),
            Tolerance::Circa(p) => write!(f, "circa {}", p.normalize()),
            Tolerance::Absolute(a) => write!(f, "within {}", a.normalize()),
            Tolerance::Percent(p) => write!(f, "within {}%", p.normalize()),
        }
    }
}

impl Tolerance {
    /// The values a stated `value` stands for under this tolerance.
    fn interval(self, value: Decimal) -> Interval {
        match self {
            Tolerance::Exact => Interval::point(value),
            Tolerance::Printed(p) | Tolerance::Circa(p) => {
                Interval::around(value, p / Decimal::TWO)
            }
            Tolerance::Absolute(a) => Interval::around(value, a),
            Tolerance::Percent(p) => {
                Interval::around(value, value.abs() * p / Decimal::ONE_HUNDRED)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Consistent,
    Inconsistent,
    /// Inconsistent, and the scenario records why.
    Acknowledged,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Consistent => "consistent",
            Verdict::Inconsistent => "inconsistent",
            Verdict::Acknowledged => "acknowledged",
        })
    }
}

/// A printed figure to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    pub figure: Figure,
    /// The figure as printed, e.g. `circa £3.9m`.
    pub text: String,
    pub stated: Reading,
    pub tolerance: Tolerance,
    /// Why an inconsistency is accepted, if it is.
    pub acknowledged: Option<String>,
}

/// Which reading of the printed figures made a check agree, so an officer can say why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The computed figure is the stated one (or on its side of a one-sided figure).
    Exact,
    /// The computed figure is within the stated figure's tolerance.
    Stated,
    /// Only once the operands are read at their printed precision too.
    Operands,
    /// Only once the inputs the paper printed rounded are read as the ranges they stand for.
    Inputs,
    /// No reading within the printed precisions agrees.
    Disagrees,
}

/// Why a verdict is what it is: the basis, and the ranges it compared, rounded outward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub basis: Basis,
    pub side: Side,
    /// What the stated figure stands for (an end of `None` is open).
    pub stated: (Option<Decimal>, Option<Decimal>),
    /// What the computed figure can be, given the operands' precision.
    pub computed: (Option<Decimal>, Option<Decimal>),
    /// How far apart the two are when they do not meet.
    pub gap: Option<Decimal>,
    /// Slips of print read through.
    pub slips: Vec<Slip>,
    /// The stated duration's addends that its phases do not match, if any: (printed, found).
    pub phases: Vec<(Decimal, Decimal)>,
    /// The rounded inputs whose ranges the computed figure's range comes from, as printed.
    pub inputs: Vec<String>,
    /// How a figure other than a sum of costs to the budget was reached: a rate, an uplift,
    /// a net, VAT or gross, a present value.
    pub working: Option<Working>,
}

/// How far one rounded input moves a check's figure of the model: the figure with that input
/// at the low and at the high end of what it stands for, every other input as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputSpread {
    /// The input as printed, e.g. `lines.care.annual = approximately £12.7m`.
    pub input: String,
    pub low: Decimal,
    pub high: Decimal,
}

/// A check's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub check: String,
    pub text: String,
    pub stated: Decimal,
    /// The figure worked from the model, or from the operands as printed.
    pub computed: Decimal,
    /// Computed minus stated.
    pub difference: Decimal,
    pub tolerance: Tolerance,
    pub verdict: Verdict,
    pub kind: Kind,
    pub reason: Option<String>,
    pub explanation: Explanation,
}

impl Outcome {
    /// Whether the figures are money (shown as £).
    pub fn money(&self) -> bool {
        self.kind == Kind::Money
    }
}

/// A check that names something the scenario does not have, or asks what it cannot answer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CheckError {
    #[error("`{name}` names line `{target}`, which the scenario does not have; {known}")]
    UnknownLine {
        name: String,
        target: String,
        known: String,
    },
    #[error("`{name}` names budget `{target}`, which no line of the scenario has; {known}")]
    UnknownBudget {
        name: String,
        target: String,
        known: String,
    },
    #[error("`{name}` names phase `{target}`, which the scenario does not have; {known}")]
    UnknownPhase {
        name: String,
        target: String,
        known: String,
    },
    #[error("`{name}` names year {year}, which no contract of the scenario covers; the years are {first} to {last}")]
    UnknownYear {
        name: String,
        year: FinancialYear,
        first: FinancialYear,
        last: FinancialYear,
    },
    #[error("`{name}` is a figure of the model, but the scenario has no contract; give the printed figures it relates instead (`parts`, `difference`, `product`, `ratio`, `change`, `compound` or `duration`)")]
    NoContract { name: String },
    #[error("`{name}` states a duration, which is checked against a contract's dates: name a phase and nothing else (no line, budget, kind or year)")]
    DurationSelection { name: String },
    #[error("`{name}` states a duration, and the scenario has several contracts; name one contract's phase: {known}")]
    WhichContract { name: String, known: String },
    #[error("`{name}` is a figure of net, VAT or gross, which only lines that state `vat` have; name such a line with `line` or `lines`")]
    VatLines { name: String },
    #[error("`{name}` names the net, VAT or gross of line `{line}`, which states no VAT; give the line `vat = {{ rate = \"20%\", stated = \"net\", recoverable = true }}`, or check its cost (leave out `figure`)")]
    NoVat { name: String, line: String },
    #[error("`{name}` names the rate of line `{line}`, whose cost is not built from a rate of its own; a rate is checked on a line with `drivers` (volume × per week × weeks × rate)")]
    NoRate { name: String, line: String },
    #[error("`{name}` asks for line `{line}`'s rate {when}, outside its term, {start} to {end}")]
    RateOutsideTerm {
        name: String,
        line: String,
        when: String,
        start: NaiveDate,
        end: NaiveDate,
    },
    #[error("`{name}` asks for line `{line}`'s rate {when}, when it changes ({rates}); name a `date` instead of a year")]
    RateChanges {
        name: String,
        line: String,
        when: String,
        rates: String,
    },
    #[error("`{name}` asks for the uplift of line `{line}` {when}, when {found}; name a year or `date` with one uplift (its uplift dates: {dates})")]
    WhichUplift {
        name: String,
        line: String,
        when: String,
        found: String,
        dates: String,
    },
    #[error("`{name}` is a figure of the appraisal, and the scenario has no [appraisal]; state one (`base_year`, `discount`) or check a cost instead")]
    NoAppraisal { name: String },
    #[error("`{name}`: {message}")]
    Model { name: String, message: String },
}

/// "the scenario's lines are `a`, `b`" for messages.
pub(crate) fn listing(what: &str, names: &[String]) -> String {
    if names.is_empty() {
        return format!("the scenario has no {what}");
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    format!("the scenario's {what} are {}", quoted.join(", "))
}

impl Check {
    /// Confirms every name the check uses exists in the scenario.
    ///
    /// # Errors
    /// A line, budget, phase or year the scenario does not have (with those it has), a
    /// figure of the model in a scenario without a contract, a duration of something other
    /// than a phase.
    pub fn validate(&self, scenario: &Scenario) -> Result<(), CheckError> {
        let name = || self.name.clone();
        let sel = match &self.figure {
            Figure::Relation(_) => return Ok(()),
            _ if scenario.contracts.is_empty() => {
                return Err(CheckError::NoContract { name: name() })
            }
            Figure::Rate(r) => return r.found(&self.name, scenario).map(|_| ()),
            Figure::Appraisal(_) if scenario.appraisal.is_none() => {
                return Err(CheckError::NoAppraisal { name: name() })
            }
            Figure::Appraisal(_) => return Ok(()),
            Figure::Model(sel) => sel,
        };
        if self.stated.kind == Kind::Months {
            self.phases(scenario, sel)?;
        }
        let mut lines: Vec<String> = scenario.lines.iter().map(|l| l.name.clone()).collect();
        lines.extend(scenario.savings.iter().map(|s| s.name.clone()));
        if let Some(l) = sel.lines.iter().find(|l| !lines.contains(l)) {
            return Err(CheckError::UnknownLine {
                name: name(),
                target: l.clone(),
                known: listing("lines and savings", &lines),
            });
        }
        if sel.amount != Amount::Cost {
            vat_lines(&self.name, scenario, sel)?;
        }
        if let Some(b) = &sel.budget {
            // A funding budget is a budget too: funded rows carry it.
            let mut budgets: Vec<String> = Vec::new();
            for l in &scenario.lines {
                for b in std::iter::once(&l.budget).chain(l.funding.iter().map(|f| &f.budget)) {
                    if !budgets.contains(b) {
                        budgets.push(b.clone());
                    }
                }
            }
            if !budgets.contains(b) {
                return Err(CheckError::UnknownBudget {
                    name: name(),
                    target: b.clone(),
                    known: listing("budgets", &budgets),
                });
            }
        }
        if let Some(p) = &sel.phase {
            let labels = phase_labels(scenario);
            if !labels.iter().any(|l| phase_matches(p, l)) {
                return Err(CheckError::UnknownPhase {
                    name: name(),
                    target: p.clone(),
                    known: phase_listing(scenario, &labels),
                });
            }
        }
        if let Some(y) = sel.year {
            let (first, last) = years(scenario);
            if y < first || y > last {
                return Err(CheckError::UnknownYear {
                    name: name(),
                    year: y,
                    first,
                    last,
                });
            }
        }
        Ok(())
    }

    /// The contract phases a stated duration is the length of: the named phase of one
    /// contract, or every phase of the only contract.
    fn phases<'s>(
        &self,
        scenario: &'s Scenario,
        sel: &Selection,
    ) -> Result<Vec<&'s Phase>, CheckError> {
        let name = || self.name.clone();
        if !sel.lines.is_empty() || sel.budget.is_some() || sel.kind.is_some() || sel.year.is_some()
        {
            return Err(CheckError::DurationSelection { name: name() });
        }
        let mut found = Vec::new();
        for (i, c) in scenario.contracts.iter().enumerate() {
            for ph in c.term.phases() {
                let matched = sel
                    .phase
                    .as_ref()
                    .is_none_or(|p| phase_matches(p, &phase_label(scenario, i, ph.id)));
                if matched {
                    found.push((i, ph));
                }
            }
        }
        if found.iter().any(|(i, _)| *i != found[0].0) {
            return Err(CheckError::WhichContract {
                name: name(),
                known: listing("phases", &phase_labels(scenario)),
            });
        }
        Ok(found.into_iter().map(|(_, ph)| ph).collect())
    }

    /// Computes the figure and gives the verdict.
    ///
    /// # Example
    /// A paper prints parts of £2.5m and £1.38m and a total of `circa £3.9m`. The parts add
    /// to £3,880,000, which is within the £3.85m to £3.95m that `circa £3.9m` stands for: so
    /// consistent, though £20,000 short. Against £3,950,000 checked exactly, the same parts are
    /// inconsistent: even read at their printed precision (£2.45m to £2.55m, and £1.375m to
    /// £1.385m) they add to at most £3,935,000, £15,000 short.
    ///
    /// ```
    /// # use outturn_model::reading::read;
    /// # use outturn_model::relation::Relation;
    /// # use outturn_model::check::{Basis, Check, Figure, Tolerance, Verdict};
    /// # use outturn_model::projection::Projection;
    /// # use outturn_model::scenario::Scenario;
    /// # use rust_decimal_macros::dec;
    /// # let scenario = Scenario {
    /// #     title: String::new(), paper: String::new(), calendar: outturn_model::FyCalendar::UK,
    /// #     contracts: vec![], lines: vec![], savings: vec![], checks: vec![], trends: vec![],
    /// #     appraisal: None,
    /// # };
    /// let parts = vec![read("£2.5m", None)?, read("£1.38m", None)?];
    /// let stated = read("circa £3.9m", None)?;
    /// let circa = Check {
    ///     name: "total".into(),
    ///     figure: Figure::Relation(Relation::Parts(parts)),
    ///     text: "circa £3.9m".into(),
    ///     tolerance: Tolerance::Circa(dec!(100000)),
    ///     stated,
    ///     acknowledged: None,
    /// };
    /// let outcome = circa.evaluate(&scenario, &Projection::default());
    /// assert_eq!((outcome.computed, outcome.difference), (dec!(3880000), dec!(-20000)));
    /// assert_eq!((outcome.verdict, outcome.explanation.basis), (Verdict::Consistent, Basis::Stated));
    /// let exact = Check { stated: read("£3,950,000", None)?, tolerance: Tolerance::Exact, ..circa };
    /// let outcome = exact.evaluate(&scenario, &Projection::default());
    /// assert_eq!(outcome.verdict, Verdict::Inconsistent);
    /// assert_eq!(outcome.explanation.gap, Some(dec!(15000)));
    /// # Ok::<(), outturn_model::amount::AmountError>(())
    /// ```
    pub fn evaluate(&self, scenario: &Scenario, projection: &Projection) -> Outcome {
        self.evaluate_with_inputs(scenario, projection, &[])
    }

    /// [`Check::evaluate`], with a figure of the model read as a range when inputs the paper
    /// printed rounded move it: each input's spread (its ends, the others as printed) adds to
    /// the range. The projection is linear in each line's annual amount, so the figure's
    /// range is exactly the printed figure plus each input's move down and up.
    ///
    /// # Example
    /// A line printed as `approximately £12.7m` a year (£12.65m to £12.75m) for three years
    /// gives £38,100,000 as printed, and anything from £37,950,000 to £38,250,000; a paper's
    /// `£38.2m` (£38.15m to £38.25m) agrees only once the input's rounding is allowed.
    ///
    /// ```
    /// # use outturn_model::reading::read;
    /// # use outturn_model::check::{Basis, Check, Figure, InputSpread, Selection, Tolerance, Verdict};
    /// # use outturn_model::projection::{Projection, Row};
    /// # use outturn_model::scenario::{LineKind, Scenario};
    /// # use outturn_model::{FyCalendar, Money, Period};
    /// # use rust_decimal_macros::dec;
    /// # let scenario = Scenario {
    /// #     title: String::new(), paper: String::new(), calendar: FyCalendar::UK,
    /// #     contracts: vec![], lines: vec![], savings: vec![], checks: vec![], trends: vec![],
    /// #     appraisal: None,
    /// # };
    /// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    /// # let row = Row {
    /// #     line: "care".into(), kind: LineKind::Service, budget: "b".into(), contract: "c".into(),
    /// #     phase: "initial".into(), year: FyCalendar::UK.year_of(date(2024, 4, 1)),
    /// #     period: Period { start: date(2024, 4, 1), end: date(2027, 3, 31) },
    /// #     amount: Money::from_pennies(3_810_000_000), parts: vec![], funding: None, vat: None,
    /// # };
    /// # let projection = Projection { rows: vec![row] };
    /// let check = Check {
    ///     name: "three years".into(),
    ///     figure: Figure::Model(Selection::default()),
    ///     text: "£38.2m".into(),
    ///     stated: read("£38.2m", None)?,
    ///     tolerance: Tolerance::Printed(dec!(100000)),
    ///     acknowledged: None,
    /// };
    /// assert_eq!(check.evaluate(&scenario, &projection).verdict, Verdict::Inconsistent);
    /// let spread = [InputSpread {
    ///     input: "lines.care.annual = approximately £12.7m".into(),
    ///     low: dec!(37950000),
    ///     high: dec!(38250000),
    /// }];
    /// let outcome = check.evaluate_with_inputs(&scenario, &projection, &spread);
    /// assert_eq!((outcome.verdict, outcome.explanation.basis), (Verdict::Consistent, Basis::Inputs));
    /// assert_eq!(outcome.explanation.computed, (Some(dec!(37950000)), Some(dec!(38250000))));
    /// # Ok::<(), outturn_model::amount::AmountError>(())
    /// ```
    pub fn evaluate_with_inputs(
        &self,
        scenario: &Scenario,
        projection: &Projection,
        spread: &[InputSpread],
    ) -> Outcome {
        let kind = self.stated.kind;
        let found = self.found(scenario, projection);
        let value = found.as_ref().map(|f| f.value);
        let (central, range, phases) = self.computed(scenario, projection, spread, value);
        let stated = self.stated_interval();
        let basis = self.basis(&central, &range, &stated, !phases.is_empty());
        let verdict = match (basis, &self.acknowledged) {
            (Basis::Disagrees, None) => Verdict::Inconsistent,
            (Basis::Disagrees, Some(_)) => Verdict::Acknowledged,
            _ => Verdict::Consistent,
        };
        let computed = central
            .lo
            .as_ref()
            .and_then(|c| decimal(c, 6, Round::Nearest))
            .unwrap_or_default()
            .normalize();
        let dp = self.shown_places();
        Outcome {
            check: self.name.clone(),
            text: self.text.clone(),
            stated: self.stated.value,
            computed,
            difference: (computed - self.stated.value).normalize(),
            tolerance: self.tolerance,
            verdict,
            kind,
            reason: if verdict == Verdict::Acknowledged {
                self.acknowledged.clone()
            } else {
                None
            },
            explanation: Explanation {
                basis,
                side: self.stated.side,
                stated: stated.shown(dp),
                computed: range.shown(dp),
                gap: range
                    .gap(&stated)
                    .and_then(|g| decimal(&g, dp, Round::Down)),
                slips: self.slips(),
                phases,
                inputs: match (basis, &self.figure) {
                    (Basis::Inputs, _) => needed(&central, &stated, spread),
                    (Basis::Disagrees, Figure::Model(_)) => {
                        spread.iter().map(|s| s.input.clone()).collect()
                    }
                    _ => Vec::new(),
                },
                working: found.map(|f| f.working),
            },
        }
    }

    /// The figure's central value, its range once inputs or operands are read at their
    /// printed precision, and (for a duration) the lengths of the phases that disagree.
    /// `value` is a rate's or an appraisal's figure, already worked.
    fn computed(
        &self,
        scenario: &Scenario,
        projection: &Projection,
        spread: &[InputSpread],
        value: Option<Decimal>,
    ) -> (Interval, Interval, Vec<(Decimal, Decimal)>) {
        let kind = self.stated.kind;
        match &self.figure {
            Figure::Model(sel) if kind == Kind::Months => self.term(scenario, sel),
            Figure::Model(sel) => {
                let total = sel.total(projection);
                let range = spread.iter().fold(Interval::point(total), |r, s| {
                    let (a, b) = (s.low - total, s.high - total);
                    r.add(&Interval {
                        lo: Some(rational(a.min(b))),
                        hi: Some(rational(a.max(b))),
                    })
                });
                (Interval::point(total), range, Vec::new())
            }
            Figure::Relation(rel) => (
                rel.evaluate(kind, |p| Interval::point(p.value)),
                rel.evaluate(kind, Reading::interval),
                Vec::new(),
            ),
            Figure::Rate(_) | Figure::Appraisal(_) => {
                let value = Interval::point(value.unwrap_or(Decimal::ZERO));
                (value.clone(), value, Vec::new())
            }
        }
    }

    /// What the verdict rests on: the range misses the stated figure (or a phase's term
    /// does), or the central figure meets it exactly, at its printed precision, or only once
    /// inputs or operands are read at theirs.
    fn basis(
        &self,
        central: &Interval,
        range: &Interval,
        stated: &Interval,
        phases_disagree: bool,
    ) -> Basis {
        let at_point = self.sided(Interval::point(self.stated.value));
        if !range.meets(stated) || phases_disagree {
            Basis::Disagrees
        } else if central.meets(&at_point) {
            Basis::Exact
        } else if central.meets(stated) {
            Basis::Stated
        } else if matches!(self.figure, Figure::Model(_)) {
            Basis::Inputs
        } else {
            Basis::Operands
        }
    }

    /// A figure of the model other than a sum of costs to the budget, worked (`None` for a
    /// cost, a duration or a relation, and for a figure the scenario cannot give, which
    /// [`Check::validate`] refuses).
    fn found(&self, scenario: &Scenario, projection: &Projection) -> Option<Found> {
        match &self.figure {
            Figure::Rate(r) => r.found(&self.name, scenario).ok(),
            Figure::Appraisal(a) => a.found(&self.name, scenario, projection).ok(),
            Figure::Model(sel) if sel.amount != Amount::Cost => Some(Found {
                value: sel.total(projection),
                working: Working::Amount(sel.amount),
            }),
            Figure::Model(_) | Figure::Relation(_) => None,
        }
    }

    /// The stated figure's interval under the tolerance, on its side.
    fn stated_interval(&self) -> Interval {
        self.sided(self.tolerance.interval(self.stated.value))
    }

    fn sided(&self, interval: Interval) -> Interval {
        match self.stated.side {
            Side::Value => interval,
            Side::AtMost => interval.at_most(),
            Side::AtLeast => interval.at_least(),
        }
    }

    /// The length of the phases a stated duration is of, and each printed addend its phase
    /// does not match (`3 + 2 + 2 years` against phases of 3, 2 and 1 years).
    fn term(
        &self,
        scenario: &Scenario,
        sel: &Selection,
    ) -> (Interval, Interval, Vec<(Decimal, Decimal)>) {
        let phases = self.phases(scenario, sel).unwrap_or_default();
        let lengths: Vec<BigRational> = phases
            .iter()
            .filter_map(|ph| crate::duration::months_between(ph.period.start, ph.period.end))
            .collect();
        let total: BigRational = lengths.iter().sum();
        let interval = Interval {
            lo: Some(total.clone()),
            hi: Some(total),
        };
        let addends = &self.stated.addends;
        let mismatched = if addends.len() == lengths.len() {
            addends
                .iter()
                .zip(&lengths)
                .filter(|(a, l)| rational(**a) != **l)
                .map(|(a, l)| (*a, decimal(l, 2, Round::Nearest).unwrap_or_default()))
                .collect()
        } else {
            Vec::new()
        };
        (interval.clone(), interval, mismatched)
    }

    /// Places to show ranges to: pennies for money (more for a figure printed finer), and
    /// three more than printed for percentages, counts and durations.
    fn shown_places(&self) -> u32 {
        let printed = match self.tolerance {
            Tolerance::Printed(p) | Tolerance::Circa(p) | Tolerance::Absolute(p) => p.scale(),
            Tolerance::Percent(_) | Tolerance::Exact => self.stated.value.scale(),
        };
        match self.stated.kind {
            Kind::Money => (printed + 1).max(2),
            _ => printed + 3,
        }
    }

    /// Slips of print read through in the stated figure and the operands.
    fn slips(&self) -> Vec<Slip> {
        let mut slips = self.stated.slips.clone();
        if let Figure::Relation(rel) = &self.figure {
            for p in rel.operands() {
                for s in &p.slips {
                    if !slips.contains(s) {
                        slips.push(*s);
                    }
                }
            }
        }
        slips
    }
}

/// A check of net, VAT or gross names its lines, and each states VAT.
fn vat_lines(name: &str, scenario: &Scenario, sel: &Selection) -> Result<(), CheckError> {
    if sel.lines.is_empty() {
        return Err(CheckError::VatLines { name: name.into() });
    }
    let without = sel.lines.iter().find(|n| {
        !scenario
            .lines
            .iter()
            .any(|l| &l.name == *n && l.conventions.vat.is_some())
    });
    match without {
        Some(line) => Err(CheckError::NoVat {
            name: name.into(),
            line: line.clone(),
        }),
        None => Ok(()),
    }
}

/// The fewest rounded inputs whose ranges make the figure meet the stated one: those that
/// move it furthest towards it, first.
fn needed(central: &Interval, stated: &Interval, spread: &[InputSpread]) -> Vec<String> {
    let Some(c) = central.lo.clone() else {
        return Vec::new();
    };
    let upward = stated.lo.as_ref().is_some_and(|l| *l > c);
    let toward = |s: &InputSpread| {
        let (a, b) = (rational(s.low) - &c, rational(s.high) - &c);
        if upward {
            a.max(b)
        } else {
            -(a.min(b))
        }
    };
    let mut order: Vec<&InputSpread> = spread.iter().collect();
    order.sort_by_key(|s| std::cmp::Reverse(toward(s)));
    let mut range = central.clone();
    let mut out = Vec::new();
    for s in order {
        let (a, b) = (rational(s.low) - &c, rational(s.high) - &c);
        range = range.add(&Interval {
            lo: Some(a.clone().min(b.clone())),
            hi: Some(a.max(b)),
        });
        out.push(s.input.clone());
        if range.meets(stated) {
            break;
        }
    }
    out
}

/// A contract's term as it would run without a break: a check may name a year or phase the
/// break cuts off (and find nothing spent in it).
fn unbroken(contract: &crate::scenario::Contract) -> &crate::term::Term {
    contract
        .break_clause
        .as_ref()
        .map_or(&contract.term, |b| &b.unbroken)
}

/// Every phase's label: `initial`, `extension-1`; `care:initial` when there are several
/// contracts.
fn phase_labels(scenario: &Scenario) -> Vec<String> {
    scenario
        .contracts
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            unbroken(c)
                .phases()
                .iter()
                .map(move |ph| phase_label(scenario, i, ph.id))
        })
        .collect()
}

/// The phases a check may name: each contract's, and in a scenario of several the bare
/// phase that names every contract's.
fn phase_listing(scenario: &Scenario, labels: &[String]) -> String {
    let listed = listing("phases", labels);
    if scenario.contracts.len() > 1 {
        format!("{listed} (a bare phase such as `initial` is that phase of every contract)")
    } else {
        listed
    }
}

/// The first and last financial years any contract's term covers, extensions included.
fn years(scenario: &Scenario) -> (FinancialYear, FinancialYear) {
    let cal = scenario.calendar;
    let starts = scenario.contracts.iter().map(|c| c.term.start());
    let ends = scenario
        .contracts
        .iter()
        .filter_map(|c| unbroken(c).phases().last().map(|p| p.period.end));
    (
        cal.year_of(starts.min().unwrap_or_default()),
        cal.year_of(ends.max().unwrap_or_default()),
    )
}
