//! `outturn run`: project spend by line, phase and financial year (or month).

use outturn_model::projection::Granularity;

use super::evaluate_all;
use super::{deliver, run_reports, stem_of, usage, Rendered};
use crate::cli::{format_parser, By, Destination, Inputs, Layout, Stack};
use crate::present::parquet;
use crate::present::run::{run_csv, run_csv_wide, run_json, run_markdown, run_table, RunReport};
use crate::present::table::Write;
use crate::present::workbook::workbook;
use clap::{Args, ValueEnum};
use outturn_engine::analysis::{cash_section, vat_section};
use outturn_engine::evaluate::Evaluated;
use outturn_engine::grid::{Cell, Grid};
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
    /// Instead of the accruals (each row's cost to its budget): the net, VAT and gross of
    /// lines that state `vat`, or the cash by period (P1-P12) of lines that state `payment`
    #[arg(long, value_enum)]
    pub view: Option<View>,
    #[command(flatten)]
    pub destination: Destination,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum View {
    Vat,
    Cash,
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

/// Refuses options that would be ignored by the format chosen: an option that does nothing
/// would let the user believe the output is what they asked for.
fn options_apply(args: &RunArgs) -> Result<(), Vec<Diagnostic>> {
    let csv = args.format == RunFormat::Csv;
    let refuse = |flag: &str, message: &str| Err(vec![Diagnostic::flag(flag, message)]);
    if args.layout == Layout::Wide && !csv {
        return refuse(
            "--layout wide",
            "only CSV has a wide layout (the table, JSON, Markdown and workbook have their own); add --format csv",
        );
    }
    if args.by == By::Month && args.format == RunFormat::Xlsx {
        return refuse(
            "--by month",
            "the workbook is by financial year; use --format csv (or table, json, markdown) for monthly rows",
        );
    }
    if args.by == By::Month && args.layout == Layout::Wide {
        return refuse(
            "--by month",
            "the wide layout has a column per financial year; use the long layout for monthly rows",
        );
    }
    if args.bom && !csv {
        return refuse(
            "--bom",
            "a byte-order mark is only for CSV; add --format csv",
        );
    }
    Ok(())
}

pub fn run(args: &RunArgs) -> Result<u8, Vec<Diagnostic>> {
    let granularity = match args.by {
        By::Year => Granularity::Year,
        By::Month => Granularity::Month,
    };
    options_apply(args)?;
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
    if let Some(view) = args.view {
        return run_view(args, view, &evaluated);
    }
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
        .map(|r| Ok((stem_of(r.evaluated), render(std::slice::from_ref(r))?)))
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

/// `run --view vat|cash`: each scenario's view as a table of cells, titled and with the
/// scenario as its first column (as `analyse` writes its sections).
fn run_view(args: &RunArgs, view: View, evaluated: &[Evaluated]) -> Result<u8, Vec<Diagnostic>> {
    let flag = |m: &str| vec![Diagnostic::flag("--view", m.to_string())];
    if matches!(args.format, RunFormat::Xlsx | RunFormat::Parquet) || args.layout == Layout::Wide {
        return Err(flag(
            "a view is written as a table, CSV, JSON or Markdown, in the long layout",
        ));
    }
    let (name, build): (&str, fn(&Evaluated) -> _) = match view {
        View::Vat => ("VAT", vat_section),
        View::Cash => ("Cash by period", cash_section),
    };
    let mut grids = Vec::new();
    for e in evaluated {
        let built =
            build(e).map_err(|err| vec![Diagnostic::file(&e.loaded.path, err.to_string())])?;
        if let Some(mut g) = built {
            let label = e.loaded.label();
            g.title = format!("{name}: {label}");
            g.header.insert(0, "scenario".into());
            for row in &mut g.rows {
                row.insert(0, Cell::Text(label.clone()));
            }
            grids.push((e.loaded.name.clone(), g));
        }
    }
    if grids.is_empty() {
        return Err(flag(match view {
            View::Vat => "no line of the scenarios states `vat = { … }`, so there is no VAT view",
            View::Cash => {
                "no line of the scenarios states `payment = \"…\"`, so there is no cash view"
            }
        }));
    }
    let render = |g: &Grid| match args.format {
        RunFormat::Csv => g.csv(),
        RunFormat::Json => g.json().into_bytes(),
        RunFormat::Markdown => g.markdown().into_bytes(),
        RunFormat::Table | RunFormat::Xlsx | RunFormat::Parquet => g.table().into_bytes(),
    };
    let whole = grids
        .iter()
        .map(|(_, g)| render(g))
        .collect::<Vec<_>>()
        .join(&b"\n"[..]);
    let per_scenario = grids.iter().map(|(n, g)| (n.clone(), render(g))).collect();
    let extension = match args.format {
        RunFormat::Csv => "csv",
        RunFormat::Json => "json",
        RunFormat::Markdown => "md",
        RunFormat::Table | RunFormat::Xlsx | RunFormat::Parquet => "txt",
    };
    deliver(
        Rendered {
            whole,
            per_scenario,
            extension,
        },
        &args.destination,
    )?;
    Ok(0)
}
