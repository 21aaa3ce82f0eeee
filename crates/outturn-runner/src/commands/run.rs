//! `outturn run`: project spend by line, phase and financial year (or month).

use outturn_model::projection::Granularity;

use super::{deliver, Rendered};
use crate::cli::{By, Layout, RunArgs, RunFormat};
use crate::diagnostic::Diagnostic;
use crate::load::evaluate_all;
use crate::render::{run_csv, run_csv_wide, run_json, run_markdown, run_table, RunReport};
use crate::totals::{totals, wide};

pub fn run(args: &RunArgs) -> Result<u8, Vec<Diagnostic>> {
    let granularity = match args.by {
        By::Year => Granularity::Year,
        By::Month => Granularity::Month,
    };
    let evaluated = evaluate_all(
        &args.inputs.paths,
        &args.inputs.sets.for_all()?,
        granularity,
    )?;
    let reports: Vec<RunReport> = evaluated
        .iter()
        .map(|e| {
            totals(&e.projection)
                .and_then(|totals| {
                    Ok(RunReport {
                        evaluated: e,
                        totals,
                        wide: wide(&e.projection)?,
                    })
                })
                .map_err(|err| {
                    vec![Diagnostic::file(
                        &e.loaded.path,
                        format!("could not total the projection: {err}"),
                    )]
                })
        })
        .collect::<Result<_, _>>()?;
    let render = |reps: &[RunReport]| -> Vec<u8> {
        match args.format {
            RunFormat::Table => run_table(reps).into_bytes(),
            RunFormat::Csv => {
                let csv = match args.layout {
                    Layout::Long => run_csv(reps),
                    Layout::Wide => run_csv_wide(reps),
                };
                // Excel opens a UTF-8 file as its local code page unless it starts with a
                // byte-order mark, and then shows £ as two odd characters.
                if args.bom {
                    [&b"\xef\xbb\xbf"[..], &csv].concat()
                } else {
                    csv
                }
            }
            RunFormat::Json => run_json(reps).into_bytes(),
            RunFormat::Markdown => run_markdown(reps).into_bytes(),
        }
    };
    let extension = match args.format {
        RunFormat::Table => "txt",
        RunFormat::Csv if args.layout == Layout::Wide => "wide.csv",
        RunFormat::Csv => "csv",
        RunFormat::Json => "json",
        RunFormat::Markdown => "md",
    };
    let per_scenario = reports
        .iter()
        .map(|r| {
            (
                r.evaluated.loaded.name.clone(),
                render(std::slice::from_ref(r)),
            )
        })
        .collect();
    deliver(
        Rendered {
            whole: render(&reports),
            per_scenario,
            extension,
        },
        &args.destination,
    )?;
    Ok(0)
}
