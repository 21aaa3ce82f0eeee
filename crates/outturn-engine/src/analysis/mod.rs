//! `outturn analyse`: named sections on the mechanics and drivers of a scenario (break
//! clauses, savings plans, funding splits; unit costs, volume/mix/price, uplift pressure,
//! implied growth), each a [`Grid`].
//!
//! Each section is a function from an evaluated scenario to a grid, or to nothing when the
//! scenario has nothing for it (no break, no saving, no funding split, no counted units).
//! New sections are new entries in [`SECTIONS`].

mod appraisal;
mod conventions;
mod drivers;
mod mechanics;
mod views;

pub use appraisal::{appraisal_section, appraised, option_appraisal};
pub use conventions::{index_section, rates_section, working as index_working};
pub use drivers::{pressure_section, trend_section, unit_cost_section, variance_section};
pub use mechanics::{break_clauses, funding, savings};
pub use views::{cash_section, vat_section};

use outturn_model::ModelError;

use crate::evaluate::Evaluated;
use crate::grid::{Cell, Grid};

/// A section: its name and the function that builds it for one scenario.
pub type Section = (
    &'static str,
    fn(&Evaluated) -> Result<Option<Grid>, ModelError>,
);

/// The sections, in the order they are printed.
pub const SECTIONS: &[Section] = &[
    ("Break clauses", break_clauses),
    ("Savings", savings),
    ("Funding", funding),
    ("Unit costs", unit_cost_section),
    ("Volume, mix and price", variance_section),
    ("Uplift pressure", pressure_section),
    ("Implied growth", trend_section),
    ("Rates paid", rates_section),
    ("Uplift from indices", index_section),
    ("Discounted appraisal", appraisal_section),
    ("VAT", vat_section),
    ("Cash by period", cash_section),
];

/// Every section a scenario has, each titled `NAME: scenario` and with the scenario as its
/// first column (CSV shows no title, so every row names its scenario); or the error of
/// every section that failed.
pub fn analyse(e: &Evaluated) -> Result<Vec<Grid>, Vec<ModelError>> {
    let label = e.loaded.label();
    let mut grids = Vec::new();
    let mut errors = Vec::new();
    for (name, build) in SECTIONS {
        match build(e) {
            Ok(Some(mut grid)) => {
                grid.title = format!("{name}: {label}");
                grid.header.insert(0, "scenario".into());
                for row in &mut grid.rows {
                    row.insert(0, Cell::Text(label.clone()));
                }
                grids.push(grid);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(grids)
    } else {
        Err(errors)
    }
}
