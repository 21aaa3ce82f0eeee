//! The simulation engine: Monte Carlo draws of uncertain assumptions, each draw a full run of
//! the exact engine, summarised over integer pennies.
//!
//! `sampler` draws the values; `scenario` runs a scenario with them, `register` a contract
//! register with register-wide shocks; `summary` turns the draws into statistics by figure
//! (plain data, for the command line to lay out); `statistics` holds the percentile and
//! rank-correlation rules they use.

use std::collections::BTreeMap;

use outturn_input::uncertainty::Sampled;

use crate::figure::Figure;

pub mod costing;
pub mod register;
pub mod sampler;
pub mod scenario;
pub mod statistics;
pub mod summary;

/// One draw: the value given to each uncertain field, in field order, and each figure it
/// produced, in pennies.
#[derive(Debug, Clone, PartialEq)]
pub struct Draw {
    pub values: Vec<Sampled>,
    pub totals: BTreeMap<Figure, i64>,
}
