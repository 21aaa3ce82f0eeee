//! `outturn check`: every printed figure against the model, with a verdict each.

use outturn_model::check::Verdict;
use outturn_model::projection::Granularity;

use super::evaluate_all;
use super::{deliver, stem_of, Rendered};
use crate::cli::{Destination, Inputs};
use crate::present::check::{check_csv, check_json, check_markdown, check_table};
use clap::{Args, ValueEnum};
use outturn_input::diagnostic::Diagnostic;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[arg(long, value_enum, default_value_t = CheckFormat::Table)]
    pub format: CheckFormat,
    #[command(flatten)]
    pub destination: Destination,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Table,
    Csv,
    Json,
    Markdown,
}

/// Exit status 1 if any check is inconsistent and not acknowledged.
pub fn run(args: &CheckArgs) -> Result<u8, Vec<Diagnostic>> {
    let evaluated = evaluate_all(&args.inputs, Granularity::Year)?;
    let render = |e: &[outturn_engine::evaluate::Evaluated]| -> Vec<u8> {
        match args.format {
            CheckFormat::Table => check_table(e).into_bytes(),
            CheckFormat::Csv => check_csv(e),
            CheckFormat::Json => check_json(e).into_bytes(),
            CheckFormat::Markdown => check_markdown(e).into_bytes(),
        }
    };
    let extension = match args.format {
        CheckFormat::Table => "checks.txt",
        CheckFormat::Csv => "checks.csv",
        CheckFormat::Json => "checks.json",
        CheckFormat::Markdown => "checks.md",
    };
    let per_scenario = evaluated
        .iter()
        .map(|e| (stem_of(e), render(std::slice::from_ref(e))))
        .collect();
    deliver(
        Rendered {
            whole: render(&evaluated),
            per_scenario,
            extension,
        },
        &args.destination,
    )?;
    let inconsistent = evaluated
        .iter()
        .flat_map(|e| &e.outcomes)
        .any(|o| o.verdict == Verdict::Inconsistent);
    Ok(u8::from(inconsistent))
}
