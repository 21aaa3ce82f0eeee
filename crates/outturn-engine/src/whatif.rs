//! What-if trials: a scenario evaluated afresh with extra overrides, and the figure it gives.
//! `sweep` and `solve` are built on it.
//!
//! **Invariant:** a what-if figure is always a full engine run; nothing is interpolated or
//! scaled, so every figure shown obeys the rounding rules.

use std::path::Path;

use outturn_input::diagnostic::Diagnostic;
use outturn_input::variant::Override;
use outturn_model::projection::{Granularity, Projection};
use outturn_model::Money;

use crate::evaluate::evaluate;
use crate::figure::FigureName;
use crate::year_table::YearTable;

/// A named figure of a projection: the total of the rows its selection matches, in whole
/// pennies.
pub fn figure_of(figure: &FigureName, projection: &Projection) -> Money {
    let rows = projection
        .rows
        .iter()
        .filter(|r| figure.selection.matches(r));
    YearTable::build(rows, |_| ()).total
}

/// A scenario file with the overrides every trial shares, and the figure each trial reports.
pub struct Trials<'a> {
    pub scenario: &'a Path,
    pub overrides: &'a [Override],
    pub figure: &'a FigureName,
    /// Called once per trial, to show progress.
    pub tick: &'a dyn Fn(),
}

impl Trials<'_> {
    /// The figure with `extra` (path, value) overrides applied after the shared ones.
    pub fn figure_with(&self, extra: &[(&str, &str)]) -> Result<Money, Vec<Diagnostic>> {
        (self.tick)();
        let mut overrides = self.overrides.to_vec();
        overrides.extend(extra.iter().map(|(path, value)| Override {
            path: path.to_string(),
            value: value.to_string(),
        }));
        let e = evaluate(self.scenario, &overrides, Granularity::Year)?;
        Ok(figure_of(self.figure, &e.projection))
    }
}
