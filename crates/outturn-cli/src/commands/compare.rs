//! `outturn compare`: scenarios side by side, by phase, financial year and in total, with
//! each one's difference from the first in pounds and per cent.

use outturn_model::projection::Granularity;
use std::path::PathBuf;

use super::{deliver_grids, usage};
use crate::cli::{GridOutput, Sets};
use clap::Args;
use outturn_engine::compare::comparison;
use outturn_engine::evaluate::evaluate;
use outturn_input::diagnostic::Diagnostic;
use outturn_input::variant::overrides_for;

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files to compare (the first is the base the others are measured against)
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    #[command(flatten)]
    pub sets: Sets,
    #[command(flatten)]
    pub out: GridOutput,
}

pub fn run(args: &CompareArgs) -> Result<u8, Vec<Diagnostic>> {
    let n = args.scenarios.len();
    if let Some(s) = args
        .sets
        .set
        .iter()
        .find(|s| s.scenario.is_some_and(|k| k > n))
    {
        return Err(usage(
            "--set",
            format!(
                "`{}:{}` names scenario {}, but {n} are compared",
                s.scenario.unwrap_or(0),
                s.over,
                s.scenario.unwrap_or(0)
            ),
        ));
    }
    let mut evaluated = Vec::new();
    let mut errors = Vec::new();
    for (i, path) in args.scenarios.iter().enumerate() {
        match evaluate(
            path,
            &overrides_for(&args.sets.set, i + 1),
            Granularity::Year,
        ) {
            Ok(e) => evaluated.push(e),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    deliver_grids(&[comparison(&evaluated)], &args.out)?;
    Ok(0)
}
