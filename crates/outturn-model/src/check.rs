//! Checks: the figures a paper printed, set against the model, each with a verdict.
//!
//! A check says what a figure is (a selection of the projection, or printed parts that should
//! add up to it), the figure as printed, and how closely it must agree:
//! - `exact`: to the penny (or unit);
//! - `circa`: at the precision printed: `circa £3.9m` is consistent with anything that rounds
//!   (half away from zero) to £3.9m at £0.1m, i.e. from £3.85m up to but not including £3.95m;
//! - within an absolute amount, or within a percentage of the printed figure.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::amount::Printed;
use crate::calendar::FinancialYear;
use crate::error::ModelError;
use crate::projection::{phase_label, Projection, Row};
use crate::scenario::{LineKind, Scenario};

/// Which rows of the projection a figure adds up. Every filter left empty matches all rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    pub lines: Vec<String>,
    pub budget: Option<String>,
    pub kind: Option<LineKind>,
    pub phase: Option<String>,
    pub year: Option<FinancialYear>,
}

impl Selection {
    /// The sum of the projection's rows this selection matches.
    pub fn total(&self, projection: &Projection) -> Decimal {
        projection
            .rows
            .iter()
            .filter(|r| self.matches(r))
            .map(|r| r.amount.as_decimal())
            .sum()
    }

    pub fn matches(&self, row: &Row) -> bool {
        (self.lines.is_empty() || self.lines.contains(&row.line))
            && self.budget.as_ref().is_none_or(|b| &row.budget == b)
            && self.kind.is_none_or(|k| row.kind == k)
            && self.phase.as_ref().is_none_or(|p| &row.phase == p)
            && self.year.is_none_or(|y| row.year == y)
    }
}

/// What the printed figure is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    /// The sum of the projection's rows that match.
    Model(Selection),
    /// Printed figures that should add up to the printed total (no model involved): the
    /// paper's own arithmetic.
    Parts(Vec<Printed>),
}

/// How close the computed figure must be to the printed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tolerance {
    Exact,
    /// At the printed precision, given as the place value of its last digit.
    Circa(Decimal),
    Absolute(Decimal),
    Percent(Decimal),
}

impl fmt::Display for Tolerance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tolerance::Exact => f.write_str("exact"),
            Tolerance::Circa(p) => write!(f, "circa {}", p.normalize()),
            Tolerance::Absolute(a) => write!(f, "within {}", a.normalize()),
            Tolerance::Percent(p) => write!(f, "within {}%", p.normalize()),
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
    pub stated: Printed,
    pub tolerance: Tolerance,
    /// Why an inconsistency is accepted, if it is.
    pub acknowledged: Option<String>,
}

/// A check's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub check: String,
    pub text: String,
    pub stated: Decimal,
    pub computed: Decimal,
    /// Computed minus stated.
    pub difference: Decimal,
    pub tolerance: Tolerance,
    pub verdict: Verdict,
    /// Whether the figures are money (shown as £) or counts.
    pub money: bool,
    pub reason: Option<String>,
}

impl Check {
    /// Confirms every name the check uses exists in the scenario.
    pub fn validate(&self, scenario: &Scenario) -> Result<(), ModelError> {
        let Figure::Model(sel) = &self.figure else {
            return Ok(());
        };
        let unknown = |target: &String| ModelError::UnknownLine {
            name: self.name.clone(),
            target: target.clone(),
        };
        if let Some(l) = sel.lines.iter().find(|l| {
            !scenario.lines.iter().any(|x| &x.name == *l)
                && !scenario.savings.iter().any(|s| &s.name == *l)
        }) {
            return Err(unknown(l));
        }
        if let Some(b) = &sel.budget {
            // A funding budget is a budget too: funded rows carry it.
            if !scenario
                .lines
                .iter()
                .any(|l| &l.budget == b || l.funding.iter().any(|f| &f.budget == b))
            {
                return Err(ModelError::UnknownBudget {
                    name: self.name.clone(),
                    target: b.clone(),
                });
            }
        }
        if let Some(p) = &sel.phase {
            let known = scenario.contracts.iter().enumerate().any(|(i, c)| {
                c.term
                    .phases()
                    .iter()
                    .any(|ph| &phase_label(scenario, i, ph.id) == p)
            });
            if !known {
                return Err(ModelError::UnknownPhase {
                    name: self.name.clone(),
                    target: p.clone(),
                });
            }
        }
        Ok(())
    }

    /// Computes the figure and gives the verdict.
    ///
    /// # Example
    /// A paper prints parts of £2.5m and £1.38m and a total of `circa £3.9m`. The parts add
    /// to £3,880,000, which rounds half away from zero to £3.9m at the £0.1m printed: so
    /// consistent, though £20,000 short. Printed as `£3,900,000` and checked exactly, the same
    /// parts are inconsistent.
    ///
    /// ```
    /// # use outturn_model::amount::{parse_printed, AmountError};
    /// # use outturn_model::check::{Check, Figure, Tolerance, Verdict};
    /// # use outturn_model::projection::Projection;
    /// # use rust_decimal_macros::dec;
    /// let parts = vec![parse_printed("£2.5m")?, parse_printed("£1.38m")?];
    /// let stated = parse_printed("circa £3.9m")?;
    /// let circa = Check {
    ///     name: "total".into(),
    ///     figure: Figure::Parts(parts),
    ///     text: "circa £3.9m".into(),
    ///     stated,
    ///     tolerance: Tolerance::Circa(stated.precision),
    ///     acknowledged: None,
    /// };
    /// let outcome = circa.evaluate(&Projection::default());
    /// assert_eq!((outcome.computed, outcome.difference), (dec!(3880000), dec!(-20000)));
    /// assert_eq!(outcome.verdict, Verdict::Consistent);
    /// let exact = Check { tolerance: Tolerance::Exact, ..circa };
    /// assert_eq!(exact.evaluate(&Projection::default()).verdict, Verdict::Inconsistent);
    /// # Ok::<(), AmountError>(())
    /// ```
    pub fn evaluate(&self, projection: &Projection) -> Outcome {
        let computed: Decimal = match &self.figure {
            Figure::Model(sel) => sel.total(projection),
            Figure::Parts(parts) => parts.iter().map(|p| p.value).sum(),
        };
        let stated = self.stated.value;
        let difference = computed - stated;
        let consistent = match self.tolerance {
            Tolerance::Exact => difference.is_zero(),
            Tolerance::Circa(precision) => {
                let rounded = (computed / precision)
                    .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                    * precision;
                rounded == stated
            }
            Tolerance::Absolute(a) => difference.abs() <= a,
            Tolerance::Percent(p) => difference.abs() * Decimal::ONE_HUNDRED <= stated.abs() * p,
        };
        let verdict = match (consistent, &self.acknowledged) {
            (true, _) => Verdict::Consistent,
            (false, None) => Verdict::Inconsistent,
            (false, Some(_)) => Verdict::Acknowledged,
        };
        Outcome {
            check: self.name.clone(),
            text: self.text.clone(),
            stated,
            computed,
            difference,
            tolerance: self.tolerance,
            verdict,
            money: self.stated.money || matches!(self.figure, Figure::Model(_)),
            reason: self.acknowledged.clone(),
        }
    }
}
