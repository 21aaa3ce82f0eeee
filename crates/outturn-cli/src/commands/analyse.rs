//! `outturn analyse`: named sections on the mechanics and drivers of each scenario (break
//! clauses, savings plans, funding splits; unit costs, volume/mix/price, uplift pressure,
//! implied growth; the costing conventions it states, and its discounted appraisal), then an
//! option appraisal of the scenarios that state one. The sections are the engine's
//! ([`outturn_engine::analysis`]).

use outturn_model::projection::Granularity;
use std::path::PathBuf;

use super::deliver_grids;
use crate::cli::{GridOutput, Sets};
use clap::Args;
use outturn_engine::analysis::{analyse, option_appraisal};
use outturn_engine::evaluate::evaluate;
use outturn_engine::grid::{Cell, Grid};
use outturn_input::diagnostic::Diagnostic;

#[derive(Debug, Args)]
pub struct AnalyseArgs {
    /// Scenario files to analyse
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    #[command(flatten)]
    pub sets: Sets,
    #[command(flatten)]
    pub out: GridOutput,
}

pub fn run(args: &AnalyseArgs) -> Result<u8, Vec<Diagnostic>> {
    let overrides = args.sets.for_all()?;
    let mut grids = Vec::new();
    let mut errors = Vec::new();
    let mut evaluated = Vec::new();
    for path in &args.scenarios {
        let analysed = evaluate(path, &overrides, Granularity::Year).and_then(|e| {
            let grids = analyse(&e).map_err(|errs| {
                errs.iter()
                    .map(|err| Diagnostic::file(path, err.to_string()))
                    .collect::<Vec<_>>()
            })?;
            Ok((e, grids))
        });
        match analysed {
            Ok((e, mut g)) => {
                grids.append(&mut g);
                evaluated.push(e);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Scenarios that state an appraisal are also set side by side: an option appraisal.
    match option_appraisal(&evaluated) {
        Ok(Some(g)) => grids.push(g),
        Ok(None) => {}
        Err(e) => return Err(vec![Diagnostic::file(&args.scenarios[0], e.to_string())]),
    }
    if grids.is_empty() {
        // Say so rather than print nothing: an empty output looks like a failure.
        grids.push(Grid {
            title: "Nothing to analyse".into(),
            header: vec!["note".into()],
            rows: vec![vec![Cell::Text(
                "nothing to analyse in the scenarios given: no break clause, savings plan, funding split, driver line, funded uplift, trend, rounded rate, index uplift, appraisal, VAT or payment terms, and no second year to compare".into(),
            )]],
            notes: Vec::new(),
        });
    }
    deliver_grids(&grids, &args.out)?;
    Ok(0)
}
