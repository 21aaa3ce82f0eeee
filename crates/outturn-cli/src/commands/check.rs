//! `outturn check`: every printed figure against the model (or the paper's own arithmetic),
//! with a verdict each. Given a folder, it checks every file in it: a file that cannot be read
//! is reported and the others are still checked.

use outturn_model::check::Verdict;
use outturn_model::projection::Granularity;

use super::evaluate_each;
use super::{deliver, stem_of, Rendered};
use crate::cli::{Destination, Inputs};
use crate::output::to_stderr;
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

/// Exit status 2 if any file could not be read (the others' verdicts are still given), else
/// 1 if any check is inconsistent and not acknowledged, else 0.
pub fn run(args: &CheckArgs) -> Result<u8, Vec<Diagnostic>> {
    let (evaluated, bad) = evaluate_each(&args.inputs, Granularity::Year)?;
    if evaluated.is_empty() {
        return Err(bad.into_iter().flat_map(|(_, e)| e).collect());
    }
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
    if !bad.is_empty() {
        report_bad_files(&bad, evaluated.len())?;
        return Ok(2);
    }
    let inconsistent = evaluated
        .iter()
        .flat_map(|e| &e.outcomes)
        .any(|o| o.verdict == Verdict::Inconsistent);
    Ok(u8::from(inconsistent))
}

/// Each file that could not be read, with its errors, and what was checked without it.
fn report_bad_files(
    bad: &[(std::path::PathBuf, Vec<Diagnostic>)],
    checked: usize,
) -> Result<(), Vec<Diagnostic>> {
    let errors: usize = bad.iter().map(|(_, e)| e.len()).sum();
    for e in bad.iter().flat_map(|(_, e)| e) {
        to_stderr(&e.to_string())?;
    }
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            one.to_string()
        } else {
            format!("{n} {many}")
        }
    };
    to_stderr(&format!(
        "{} in {}: not checked; the verdicts of the other {} are given",
        plural(errors, "1 error", "errors"),
        plural(bad.len(), "1 file", "files"),
        plural(checked, "file", "files"),
    ))
}
