//! The `outturn` command: one module per command (its arguments, their validation and its
//! run), the presenters that turn the engine's plain data into text, CSV, JSON, Markdown,
//! workbooks, charts and HTML (and, with the `parquet` feature, Parquet), and the writing of
//! outputs. The binary (`main.rs`) only parses the command line and picks the exit code.
//!
//! No input may panic it: `unwrap` is refused outside tests, and each `expect` names the
//! invariant that makes it unreachable.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod cli;
pub mod commands;
pub mod output;
#[cfg(feature = "parquet")]
mod parquet_register;
pub mod present;
pub mod progress;
pub mod register_file;
mod xlsx_register;

use cli::{Cli, Command};
use outturn_input::diagnostic::Diagnostic;

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
        Command::Monitor(args) => commands::monitor::run(args),
        Command::Analyse(args) => commands::analyse::run(args),
        Command::Chart(args) => commands::chart::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Simulate(args) => commands::simulate::run(args),
    }
}
