//! The compute layer of Outturn: everything between reading an input and showing a result.
//!
//! `evaluate` reads a scenario, projects it once by year and checks it; `year_table` totals a
//! projection by group and financial year in integer pennies (the one table run, charts,
//! workbook and report share); `figure` names the figures of a run (`total.year.2025-26`);
//! `limit` keeps every total within the largest Outturn reports; `grid` is the view model of
//! a results table; `analysis` builds the `analyse` sections;
//! `whatif` runs a scenario afresh with overrides, for `sweep` and `solve`; `compare` sets
//! scenarios side by side; `explain` works out the steps behind a figure;
//! `portfolio` projects a contract register as a stream; `simulation` draws uncertain
//! assumptions. Everything here hands out plain data: no text for people, no files written.
//!
//! No input may panic it: `unwrap` is refused outside tests, and each `expect` names the
//! invariant that makes it unreachable.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod analysis;
pub mod compare;
pub mod evaluate;
pub mod explain;
pub mod figure;
pub mod grid;
pub mod limit;
pub mod monitoring;
pub mod portfolio;
pub mod simulation;
pub mod solve;
pub mod sweep;
pub mod whatif;
pub mod year_table;
