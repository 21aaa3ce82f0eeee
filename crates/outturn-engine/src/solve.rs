//! `solve`: the value of one field that makes a figure equal a target (goal seek).
//!
//! The figure is evaluated by the full engine at each trial value ([`Trials`]), so the
//! answer honours every rounding rule. The search is a bisection over the field's smallest
//! step (a penny for money and unit rates, 0.0001% for a percentage, one month, one person),
//! which needs the figure to move one way as the field grows, as every total does with
//! annual values, rates and terms.

use outturn_input::diagnostic::Diagnostic;
use outturn_input::values::{text, Kind};
use outturn_model::Money;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::grid::{Cell, Grid};
use crate::whatif::Trials;

/// A field solve can vary: what it holds, its smallest step and the range to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub kind: Kind,
    pub step: Decimal,
    pub low: Decimal,
    pub high: Decimal,
}

impl Field {
    /// What the field at `path` holds, from its name, with its default search range; none
    /// if solve cannot vary it.
    pub fn named(path: &str) -> Option<Field> {
        let segments: Vec<&str> = path.split('.').collect();
        let named = |name: &str| segments.contains(&name);
        let field = |kind, step, low, high| Field {
            kind,
            step,
            low,
            high,
        };
        if named("annual") || named("per_year") || named("amounts") || named("rate") {
            // A penny, up to £1,000,000,000,000 (a wider range only risks overflow).
            let most = Decimal::from(1_000_000_000_000u64);
            Some(field(Kind::Money, Decimal::new(1, 2), Decimal::ZERO, most))
        } else if named("uplift") || named("funded_uplift") || named("growth") {
            Some(field(
                Kind::Percent,
                Decimal::new(1, 4),
                Decimal::from(-50),
                Decimal::from(100),
            ))
        } else if named("months") {
            Some(field(
                Kind::Number { whole: true },
                Decimal::ONE,
                Decimal::ONE,
                Decimal::from(1200),
            ))
        } else if named("volume") {
            // Whole people (or packages, properties…), up to ten million.
            let most = Decimal::from(10_000_000);
            Some(field(
                Kind::Number { whole: true },
                Decimal::ONE,
                Decimal::ZERO,
                most,
            ))
        } else {
            None
        }
    }

    /// The range in whole steps; none if it is too wide to count in steps.
    pub fn steps(&self) -> Option<(i128, i128)> {
        let steps = |d: Decimal| (d / self.step).to_i128();
        Some((steps(self.low)?, steps(self.high)?))
    }

    /// The value `k` steps from zero, as it would be typed (`3.25%`, `1200000.5`).
    fn value(&self, k: i128) -> String {
        text(self.kind, Decimal::from(k) * self.step)
    }

    /// The value `k` steps from zero as a cell: money as money, anything else as typed.
    fn cell(&self, k: i128) -> Cell {
        match Money::exact(Decimal::from(k) * self.step) {
            Some(m) if self.kind == Kind::Money => Cell::Money(m),
            _ => Cell::Text(self.value(k)),
        }
    }
}

/// How a search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The figure never reaches the target in the range searched.
    OutOfReach,
    /// A value gives the target exactly.
    Exact,
    /// Rounding steps over the target: the values either side are shown.
    Closest,
}

/// A search's result: the grid to show and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    pub grid: Grid,
    pub outcome: Outcome,
}

/// What to solve: the trials (whose figure must reach `target`), the field's path and kind,
/// its range in whole steps, and the label of the scenario.
pub struct Search<'a> {
    pub trials: Trials<'a>,
    pub path: &'a str,
    pub field: Field,
    pub steps: (i128, i128),
    pub target: Money,
    pub label: String,
}

impl Search<'_> {
    fn figure_at(&self, k: i128) -> Result<Money, Vec<Diagnostic>> {
        self.trials
            .figure_with(&[(self.path, &self.field.value(k))])
    }

    fn grid(&self, rows: &[(i128, Money)], notes: Vec<String>) -> Grid {
        let figure = &self.trials.figure.text;
        Grid {
            title: format!(
                "Solve {figure} = {} for {} in {}",
                self.target, self.path, self.label
            ),
            header: vec![
                self.path.to_string(),
                figure.clone(),
                "difference from target".into(),
            ],
            rows: rows
                .iter()
                .map(|&(k, f)| {
                    vec![
                        self.field.cell(k),
                        Cell::Money(f),
                        Cell::Money(f - self.target),
                    ]
                })
                .collect(),
            notes,
        }
    }

    /// The range's high end and its figure, lowered to the largest value the scenario
    /// accepts when it refuses the top (an extension that takes the term past 100 years, an
    /// annual value whose total passes the largest), with a note saying so. Refusal is taken
    /// to begin at one value and hold above it, as it does for every limit on a length or an
    /// amount: the boundary is found by bisection.
    fn accepted_high(&self, k_low: i128) -> Result<(i128, Money, Option<String>), Vec<Diagnostic>> {
        let k_high = self.steps.1;
        let mut refused = match self.figure_at(k_high) {
            Ok(f) => return Ok((k_high, f, None)),
            Err(refused) => refused,
        };
        // The low end must be accepted, or nothing is: its error is the one to show.
        let mut accepted = (k_low, self.figure_at(k_low)?);
        let mut above = k_high;
        while above - accepted.0 > 1 {
            let mid = accepted.0 + (above - accepted.0) / 2;
            match self.figure_at(mid) {
                Ok(f) => accepted = (mid, f),
                Err(e) => (above, refused) = (mid, e),
            }
        }
        let why = refused.first().map_or(String::new(), |d| d.message.clone());
        let note = format!(
            "searched {} up to {}, the most the scenario accepts; {} is refused: {why}",
            self.path,
            self.field.value(accepted.0),
            self.field.value(above)
        );
        Ok((accepted.0, accepted.1, Some(note)))
    }

    /// Bisects for the first step at which the figure reaches the target (from below if it
    /// increases), after checking the target lies between the figures at the range's ends;
    /// the range ends where the scenario stops accepting the field's values.
    pub fn solve(&self) -> Result<Solution, Vec<Diagnostic>> {
        let k_low = self.steps.0;
        let (k_high, f_high, limit) = self.accepted_high(k_low)?;
        let mut solution = self.search(k_low, k_high, f_high)?;
        solution.grid.notes.extend(limit);
        Ok(solution)
    }

    fn search(
        &self,
        k_low: i128,
        k_high: i128,
        f_high: Money,
    ) -> Result<Solution, Vec<Diagnostic>> {
        let f_low = self.figure_at(k_low)?;
        let increasing = f_high >= f_low;
        let (min, max) = if increasing {
            (f_low, f_high)
        } else {
            (f_high, f_low)
        };
        let target = self.target;
        if target < min || target > max {
            let note = format!(
                "no value of {} from {} to {} reaches {target}: the figure only runs from {min} to {max}",
                self.path,
                self.field.value(k_low),
                self.field.value(k_high)
            );
            return Ok(Solution {
                grid: self.grid(&[(k_low, f_low), (k_high, f_high)], vec![note]),
                outcome: Outcome::OutOfReach,
            });
        }
        let reached = |f: Money| if increasing { f >= target } else { f <= target };
        let (mut lo, mut hi) = (k_low, k_high);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if reached(self.figure_at(mid)?) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        let found = self.figure_at(lo)?;
        if found == target {
            let note = format!(
                "{} = {} gives {} = {target} exactly",
                self.path,
                self.field.value(lo),
                self.trials.figure.text
            );
            return Ok(Solution {
                grid: self.grid(&[(lo, found)], vec![note]),
                outcome: Outcome::Exact,
            });
        }
        self.closest(lo, found)
    }

    /// Rounding stepped over the target between step `lo - 1` and `lo`: both are shown, and
    /// the closer named.
    fn closest(&self, lo: i128, found: Money) -> Result<Solution, Vec<Diagnostic>> {
        let target = self.target;
        let before = self.figure_at(lo - 1)?;
        let distance = |f: Money| (f - target).as_decimal().abs();
        let closest = if distance(before) <= distance(found) {
            lo - 1
        } else {
            lo
        };
        let step = match self.field.kind {
            Kind::Money => "the penny",
            Kind::Percent => "0.0001%",
            Kind::Number { .. } => "a whole number",
        };
        let mut notes = vec![format!(
            "no value of {} to {step} gives exactly {target}; the closest is {}",
            self.path,
            self.field.value(closest)
        )];
        if self.field.kind == Kind::Percent {
            notes.push("a rate is found to 0.0001%: the closest rate is the answer".into());
        }
        Ok(Solution {
            grid: self.grid(&[(lo - 1, before), (lo, found)], notes),
            outcome: Outcome::Closest,
        })
    }
}
