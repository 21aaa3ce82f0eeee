//! `outturn explain`: how a reported figure was reached, step by step, from the inputs.
//!
//! The steps are the projection's own record of what it did (`Row::parts`), with the
//! engine's unrounded working beside each rounding ([`outturn_engine::explain`]).

use std::path::PathBuf;

use outturn_model::projection::Granularity;

use super::{deliver_one, usage};
use crate::cli::{By, Sets};
use crate::present::explain::explanation;
use clap::Args;
use outturn_engine::evaluate::evaluate;
use outturn_engine::explain::explained;
use outturn_engine::figure::FigureName;
use outturn_input::diagnostic::Diagnostic;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    pub scenario: PathBuf,
    /// The figure to explain, e.g. total.year.2024-25
    pub figure: String,
    /// Explain yearly rows, or the monthly rows of `run --by month`
    #[arg(long, value_enum, default_value_t = By::Year)]
    pub by: By,
    #[command(flatten)]
    pub sets: Sets,
    /// Write to this file instead of standard output
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

pub fn run(args: &ExplainArgs) -> Result<u8, Vec<Diagnostic>> {
    let granularity = match args.by {
        By::Year => Granularity::Year,
        By::Month => Granularity::Month,
    };
    let e = evaluate(&args.scenario, &args.sets.for_all()?, granularity)?;
    let figure = FigureName::parse(&args.figure, e.loaded.scenario.calendar)
        .and_then(|f| f.known_in(&e.loaded.scenario).map(|()| f))
        .map_err(|m| usage("FIGURE", m))?;
    let text = explanation(&e, &figure, &explained(&e.projection, &figure));
    deliver_one(text.into_bytes(), args.output.as_deref())?;
    Ok(0)
}
