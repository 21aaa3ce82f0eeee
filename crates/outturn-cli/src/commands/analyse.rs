//! `outturn analyse`: named sections on the mechanics and drivers of each scenario (break
//! clauses, savings plans, funding splits; unit costs, volume/mix/price, uplift pressure,
//! implied growth). The sections are the engine's ([`outturn_engine::analysis`]).

use outturn_model::projection::Granularity;
use std::path::PathBuf;

use super::deliver_grids;
use crate::cli::{GridOutput, Sets};
use clap::Args;
use outturn_engine::analysis::analyse;
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
    for path in &args.scenarios {
        let analysed = evaluate(path, &overrides, Granularity::Year).and_then(|e| {
            analyse(&e).map_err(|errs| {
                errs.iter()
                    .map(|err| Diagnostic::file(path, err.to_string()))
                    .collect()
            })
        });
        match analysed {
            Ok(mut g) => grids.append(&mut g),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if grids.is_empty() {
        // Say so rather than print nothing: an empty output looks like a failure.
        grids.push(Grid {
            title: "Nothing to analyse".into(),
            header: vec!["note".into()],
            rows: vec![vec![Cell::Text(
                "nothing to analyse in the scenarios given: no break clause, savings plan, funding split, driver line, funded uplift or trend, and no second year to compare".into(),
            )]],
            notes: Vec::new(),
        });
    }
    deliver_grids(&grids, &args.out)?;
    Ok(0)
}
