//! `outturn chart`: spend by financial year as SVG; several scenarios are compared.

use outturn_model::projection::Granularity;

use super::evaluate_all;
use super::{deliver, run_reports, stem_of, Rendered};
use crate::cli::{Destination, Inputs, Stack};
use crate::present::chart::{comparison, profile};
use crate::present::run::RunReport;
use clap::Args;
use outturn_input::diagnostic::Diagnostic;

#[derive(Debug, Args)]
pub struct ChartArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Stack each year's bar by cost line or by budget
    #[arg(long, value_enum, default_value_t = Stack::Line)]
    pub stack: Stack,
    #[command(flatten)]
    pub destination: Destination,
}

/// A chart error as a diagnostic against the scenario it was drawing.
pub fn chart_error(rep: &RunReport, e: String) -> Vec<Diagnostic> {
    vec![Diagnostic::file(&rep.evaluated.loaded.path, e)]
}

/// Each scenario's own chart, in order.
pub fn profiles(reports: &[RunReport], stack: &str) -> Result<Vec<String>, Vec<Diagnostic>> {
    reports
        .iter()
        .map(|r| profile(r, stack).map_err(|e| chart_error(r, e)))
        .collect()
}

pub fn run(args: &ChartArgs) -> Result<u8, Vec<Diagnostic>> {
    let evaluated = evaluate_all(&args.inputs, Granularity::Year)?;
    let reports = run_reports(&evaluated, args.stack);
    let charts = profiles(&reports, args.stack.key())?;
    let whole = match (reports.as_slice(), charts.as_slice()) {
        ([_], [one]) => one.clone(),
        _ => comparison(&reports).map_err(|e| chart_error(&reports[0], e))?,
    };
    let per_scenario = reports
        .iter()
        .zip(charts)
        .map(|(r, c)| (stem_of(r.evaluated), c.into_bytes()))
        .collect();
    deliver(
        Rendered {
            whole: whole.into_bytes(),
            per_scenario,
            extension: "svg",
        },
        &args.destination,
    )?;
    Ok(0)
}
