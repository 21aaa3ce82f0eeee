//! The Outturn runner: scenario files in, projections and checks out.
//!
//! The inputs (scenario files, `--set`, command-line values, registers, uncertainty) are read
//! by the `outturn-input` crate, re-exported here under their old names. `load` finds and
//! evaluates scenarios; `totals` aggregates with polars; `render` and `grid` turn results
//! into text, CSV, JSON or Markdown, `xlsx` into an Excel workbook, `chart` into SVG and
//! `report` into an HTML page; `figure` reads figure names; `commands` holds one module per
//! subcommand; `output` writes files atomically; `progress` shows a bar on a terminal. The
//! binary (`main.rs`) only parses the command line and picks the exit code.
//!
//! No input may panic the runner: `unwrap` is refused outside tests, and each `expect` names
//! the invariant that makes it unreachable.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod analysis;
pub mod chart;
pub mod cli;
pub mod commands;
pub mod figure;
pub mod grid;
pub mod load;
pub mod output;
pub mod progress;
pub mod render;
pub mod report;
pub mod totals;
pub mod xlsx;

// The inputs live in their own crate (no polars, so it fuzzes quickly); re-exported so the
// commands name them as before.
pub use outturn_input::{diagnostic, register, scenario_file, uncertainty, values, variant};

use cli::{Cli, Command};
use diagnostic::Diagnostic;

/// Runs a parsed command: the exit status, or the errors to report (exit status 2).
pub fn dispatch(cli: &Cli) -> Result<u8, Vec<Diagnostic>> {
    match &cli.command {
        Command::Run(args) => commands::run::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Compare(args) => commands::compare::run(args),
        Command::Sweep(args) => commands::sweep::run(args),
        Command::Solve(args) => commands::solve::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Portfolio(args) => commands::portfolio::run(args),
        Command::Analyse(args) => commands::analyse::run(args),
        Command::Chart(args) => commands::chart::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Simulate(args) => commands::simulate::run(args),
    }
}
