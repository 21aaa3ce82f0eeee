//! `outturn monitor`: a month's budget monitoring report from a monitoring config: actuals
//! to date from the ledger plus the forecast for the rest of the year, against the latest
//! budget, by budget holder and rolled up, with RAG ratings, savings delivery and the
//! movement since a previous month's saved forecast.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use outturn_engine::monitoring::{monitor, Monitoring, Options};
use outturn_input::diagnostic::Diagnostic;
use outturn_model::Money;

use super::deliver_with;
use crate::cli::Layout;
use crate::output::to_stderr;
use crate::present::monitor_chart::cumulative_chart;
use crate::present::monitor_grid::{grids, long_grid, wide_grid};
use crate::present::monitor_html::page;
use crate::present::monitor_saved::saved_forecast;
use crate::present::monitor_workbook::workbook;
use crate::present::table::Write;
use crate::register_file::MONITOR_REGISTERS;

#[derive(Debug, Args)]
pub struct MonitorArgs {
    /// The monitoring config (TOML) naming the month's budget, ledger and other files
    pub config: PathBuf,
    #[arg(long, value_enum, default_value_t = MonitorFormat::Table)]
    pub format: MonitorFormat,
    /// CSV layout: a row per figure (long), or a row per budget holder with a column per
    /// figure (wide, like the report)
    #[arg(long, value_enum, default_value_t = Layout::Long)]
    pub layout: Layout,
    /// Write to this file instead of standard output
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Also save this month's forecast, by component and period, for next month's --previous
    #[arg(long, value_name = "FILE")]
    pub save_forecast: Option<PathBuf>,
    /// A previous month's saved forecast: show the movement since, by cause
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// Go on past ledger lines that cannot be counted, listing each and the amount skipped
    #[arg(long)]
    pub skip_bad_rows: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MonitorFormat {
    Table,
    Csv,
    Json,
    Markdown,
    /// An Excel workbook with live totals and RAG colours (needs --output)
    Xlsx,
    /// One self-contained HTML page with the cumulative budget / actual / forecast chart
    Html,
    /// The cumulative budget / actual / forecast chart of the whole council, as SVG
    Svg,
}

/// The report in the format asked.
fn render(m: &Monitoring, args: &MonitorArgs) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let failed = |what: &str, e: String| {
        vec![Diagnostic::file(
            Path::new(&format!("--format {what}")),
            format!("could not build the {what}: {e}"),
        )]
    };
    let grids = grids(m);
    let joined = |part: fn(&outturn_engine::grid::Grid) -> String| {
        grids
            .iter()
            .map(part)
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes()
    };
    Ok(match args.format {
        MonitorFormat::Table => joined(|g| g.table()),
        MonitorFormat::Markdown => joined(|g| g.markdown()),
        MonitorFormat::Json => {
            let all: Vec<String> = grids
                .iter()
                .map(|g| g.json().trim_end().to_string())
                .collect();
            format!("[\n{}\n]\n", all.join(",\n")).into_bytes()
        }
        MonitorFormat::Csv => match args.layout {
            Layout::Long => long_grid(m).csv(),
            Layout::Wide => wide_grid(m).csv(),
        },
        MonitorFormat::Xlsx => workbook(m).map_err(|e| failed("xlsx", e.to_string()))?,
        MonitorFormat::Html => page(m).map_err(|e| failed("html", e))?.into_bytes(),
        MonitorFormat::Svg => {
            let council = m
                .rows
                .last()
                .ok_or_else(|| failed("svg", "the report has no rows".into()))?;
            let title = format!("{}: cumulative budget, actual and forecast", m.title);
            cumulative_chart(&title, &council.figures, m.period)
                .map_err(|e| failed("svg", e))?
                .into_bytes()
        }
    })
}

/// Tells the user what was skipped: each line as its error would have read, then a count.
fn report_exceptions(m: &Monitoring) -> Result<(), Vec<Diagnostic>> {
    let e = &m.exceptions;
    if e.shown.is_empty() {
        return Ok(());
    }
    for d in &e.shown {
        to_stderr(&format!(
            "skipped: {}",
            d.to_string().trim_start_matches("error: ")
        ))?;
    }
    to_stderr(&format!(
        "{} lines skipped, stating {}{}",
        e.lines,
        Money::from_pennies(e.pennies),
        match e.unreadable {
            0 => String::new(),
            n => format!(" (and {n} whose amount could not be read)"),
        }
    ))
}

pub fn run(args: &MonitorArgs) -> Result<u8, Vec<Diagnostic>> {
    if args.format == MonitorFormat::Xlsx && args.output.is_none() {
        return Err(vec![Diagnostic::flag(
            "--format xlsx",
            "an Excel workbook is written to a file: add --output FILE.xlsx",
        )]);
    }
    let m = monitor(
        &args.config,
        &Options {
            skip_bad_rows: args.skip_bad_rows,
            previous: args.previous.clone(),
            registers: MONITOR_REGISTERS,
        },
    )?;
    // Everything is rendered before anything is written, so a failure writes nothing.
    let whole = render(&m, args)?;
    let saved = args
        .save_forecast
        .iter()
        .map(|path| (path.clone(), saved_forecast(&m)))
        .collect();
    report_exceptions(&m)?;
    // The forecast saved and the report are written together, or neither.
    deliver_with(saved, whole, args.output.as_deref())?;
    Ok(0)
}
