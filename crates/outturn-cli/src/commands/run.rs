//! `outturn run`: project spend by line, phase and financial year (or month).

use outturn_model::projection::Granularity;

use super::evaluate_all;
use super::{deliver, run_reports, usage, Rendered};
use crate::cli::{format_parser, By, Destination, Inputs, Layout, Stack};
use crate::present::parquet;
use crate::present::run::{run_csv, run_csv_wide, run_json, run_markdown, run_table, RunReport};
use crate::present::workbook::workbook;
use clap::{Args, ValueEnum};
use outturn_input::diagnostic::Diagnostic;

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[arg(long, value_enum, value_parser = format_parser::<RunFormat>(), default_value_t = RunFormat::Table)]
    pub format: RunFormat,
    /// Rows per financial year, or per calendar month within each year
    #[arg(long, value_enum, default_value_t = By::Year)]
    pub by: By,
    /// CSV layout: a row per line, phase and year (long), or a row per line and budget with
    /// a column per financial year, a total column and a total row (wide, like the papers)
    #[arg(long, value_enum, default_value_t = Layout::Long)]
    pub layout: Layout,
    /// Start CSV with a byte-order mark, which Excel needs to show £ correctly
    #[arg(long)]
    pub bom: bool,
    #[command(flatten)]
    pub destination: Destination,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunFormat {
    Table,
    Csv,
    Json,
    Markdown,
    /// An Excel workbook (needs --output or --output-dir)
    Xlsx,
    /// The long table as a typed Parquet file (needs --output or --output-dir)
    #[cfg_attr(not(feature = "parquet"), value(hide = true))]
    Parquet,
}

pub fn run(args: &RunArgs) -> Result<u8, Vec<Diagnostic>> {
    let granularity = match args.by {
        By::Year => Granularity::Year,
        By::Month => Granularity::Month,
    };
    let to_a_file = match args.format {
        RunFormat::Xlsx => Some((
            "--format xlsx",
            "an Excel workbook is written to a file: add --output FILE.xlsx or --output-dir DIR",
        )),
        RunFormat::Parquet => Some((
            "--format parquet",
            "a Parquet file is written to a file: add --output FILE.parquet or --output-dir DIR",
        )),
        _ => None,
    };
    if let Some((flag, message)) = to_a_file {
        if args.destination.output.is_none() && args.destination.output_dir.is_none() {
            return Err(usage(flag, message.into()));
        }
    }
    let evaluated = evaluate_all(&args.inputs, granularity)?;
    let reports = run_reports(&evaluated, Stack::Line);
    let render = |reps: &[RunReport]| -> Result<Vec<u8>, Vec<Diagnostic>> {
        Ok(match args.format {
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
            RunFormat::Xlsx => workbook(reps).map_err(|e| {
                vec![Diagnostic::flag(
                    "--format xlsx",
                    format!("could not build the workbook: {e}"),
                )]
            })?,
            RunFormat::Parquet => parquet::run(reps).map_err(|e| usage("--format parquet", e))?,
        })
    };
    let extension = match args.format {
        RunFormat::Table => "txt",
        RunFormat::Csv if args.layout == Layout::Wide => "wide.csv",
        RunFormat::Csv => "csv",
        RunFormat::Json => "json",
        RunFormat::Markdown => "md",
        RunFormat::Xlsx => "xlsx",
        RunFormat::Parquet => "parquet",
    };
    let per_scenario = reports
        .iter()
        .map(|r| {
            Ok((
                r.evaluated.loaded.name.clone(),
                render(std::slice::from_ref(r))?,
            ))
        })
        .collect::<Result<_, Vec<Diagnostic>>>()?;
    deliver(
        Rendered {
            whole: render(&reports)?,
            per_scenario,
            extension,
        },
        &args.destination,
    )?;
    Ok(0)
}
