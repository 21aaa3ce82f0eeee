//! `outturn report`: one self-contained HTML page with summaries, tables, charts and checks.

use outturn_model::projection::Granularity;

use super::chart::ChartArgs;
use super::chart::{chart_error, profiles};
use super::evaluate_all;
use super::{deliver, run_reports, stem_of, Rendered};
use crate::present::chart::comparison;
use crate::present::html::page;
use crate::present::run::RunReport;
use outturn_input::diagnostic::Diagnostic;

/// The page for `reports` with their charts already drawn; several scenarios also get the
/// comparison chart.
pub fn report_page(reports: &[RunReport], charts: &[String]) -> Result<String, Vec<Diagnostic>> {
    let compared = match reports {
        [] | [_] => None,
        _ => Some(comparison(reports).map_err(|e| chart_error(&reports[0], e))?),
    };
    Ok(page(reports, charts, compared.as_deref()))
}

pub fn run(args: &ChartArgs) -> Result<u8, Vec<Diagnostic>> {
    let evaluated = evaluate_all(&args.inputs, Granularity::Year)?;
    let reports = run_reports(&evaluated, args.stack);
    let charts = profiles(&reports, args.stack.key())?;
    let whole = report_page(&reports, &charts)?;
    let per_scenario = reports
        .iter()
        .zip(&charts)
        .map(|(r, c)| {
            (
                stem_of(r.evaluated),
                page(std::slice::from_ref(r), std::slice::from_ref(c), None).into_bytes(),
            )
        })
        .collect();
    deliver(
        Rendered {
            whole: whole.into_bytes(),
            per_scenario,
            extension: "html",
        },
        &args.destination,
    )?;
    Ok(0)
}
