//! `outturn portfolio`: a whole contract register, totalled by a column and financial year.

use std::path::PathBuf;

use outturn_model::FyCalendar;

use super::{deliver_one, usage};
use crate::cli::{format_parser, By, Layout};
use crate::output::to_stderr;
use crate::present::{parquet, portfolio as layout};
use crate::register_file::{project_register, RegisterOptions};
use clap::{Args, ValueEnum};
use outturn_input::diagnostic::Diagnostic;
use outturn_input::register::{BadRow, Mapping, TermColumns, ValueColumns};

#[derive(Debug, Args)]
pub struct PortfolioArgs {
    /// The register: a CSV file with a header row, an Excel workbook (.xlsx), or a Parquet file
    /// in a build with Parquet
    pub register: PathBuf,
    /// The column to total by
    #[arg(long, default_value = "directorate")]
    pub group: String,
    #[arg(long, value_enum, value_parser = format_parser::<PortfolioFormat>(), default_value_t = PortfolioFormat::Table)]
    pub format: PortfolioFormat,
    /// CSV layout: a row per group and year, or a row per group with a column per year
    #[arg(long, value_enum, default_value_t = Layout::Long)]
    pub layout: Layout,
    /// Totals per financial year, or per calendar month within each year
    #[arg(long, value_enum, default_value_t = By::Year)]
    pub by: By,
    /// Go on past rows that cannot be read, listing each and the value skipped
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// Write to this file instead of standard output
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub col_id: String,
    #[arg(long, default_value = "start", value_name = "NAME")]
    pub col_start: String,
    #[arg(long, default_value = "term_years", value_name = "NAME")]
    pub col_term_years: String,
    #[arg(long, default_value = "extension_months", value_name = "NAME")]
    pub col_extension_months: String,
    /// An end-date column to use instead of term years and extension months
    #[arg(long, value_name = "NAME")]
    pub col_end: Option<String>,
    #[arg(long, default_value = "annual_value", value_name = "NAME")]
    pub col_annual: String,
    #[arg(long, default_value = "uplift_pct", value_name = "NAME")]
    pub col_uplift: String,
    /// With --col-end: a column with the date the contract runs to once extended (an
    /// extension or review date); rows where it is filled in are costed to that date
    #[arg(long, value_name = "NAME", requires = "col_end")]
    pub col_extended_to: Option<String>,
    /// A total-contract-value column to spread by days over the term, instead of an annual value
    #[arg(long, value_name = "NAME")]
    pub col_total: Option<String>,
    #[command(flatten)]
    pub reading: RegisterOptions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PortfolioFormat {
    Table,
    Csv,
    Json,
    /// The long layout as a typed Parquet file (needs --output)
    #[cfg_attr(not(feature = "parquet"), value(hide = true))]
    Parquet,
}

/// Which of the register's columns hold what.
fn mapping(args: &PortfolioArgs) -> Mapping {
    Mapping {
        id: args.col_id.clone(),
        group: args.group.clone(),
        start: args.col_start.clone(),
        term: match &args.col_end {
            Some(end) => TermColumns::EndDate(end.clone()),
            None => TermColumns::YearsAndMonths {
                years: args.col_term_years.clone(),
                extension_months: args.col_extension_months.clone(),
            },
        },
        extended_to: args.col_extended_to.clone(),
        spelling: args.reading.spelling(),
        value: match &args.col_total {
            Some(total) => ValueColumns::Total(total.clone()),
            None => ValueColumns::Annual {
                annual: args.col_annual.clone(),
                uplift_pct: args.col_uplift.clone(),
            },
        },
    }
}

pub fn run(args: &PortfolioArgs) -> Result<u8, Vec<Diagnostic>> {
    if args.layout == Layout::Wide && args.format != PortfolioFormat::Csv {
        return Err(vec![Diagnostic::flag(
            "--layout wide",
            "only CSV has a wide layout; add --format csv",
        )]);
    }
    if args.format == PortfolioFormat::Parquet && args.output.is_none() {
        return Err(usage(
            "--format parquet",
            "a Parquet file is written to a file: add --output FILE.parquet".into(),
        ));
    }
    let (portfolio, refusals) = project_register(
        &args.register,
        &mapping(args),
        args.by == By::Month,
        FyCalendar::UK,
        &args.reading,
    )?;
    let mut unread: Vec<&BadRow> = portfolio
        .bad_rows
        .iter()
        .chain(&portfolio.blank_lines)
        .collect();
    unread.sort_by_key(|b| b.line);
    let unread: Vec<Diagnostic> = unread
        .iter()
        .map(|b| Diagnostic::file(&args.register, b.to_string()))
        .collect();
    if !refusals.is_empty() || (!unread.is_empty() && !args.skip_bad_rows) {
        let mut errors = if args.skip_bad_rows {
            Vec::new()
        } else {
            unread
        };
        errors.extend(refusals);
        return Err(errors);
    }
    if !portfolio.bad_rows.is_empty() && portfolio.bad_rows.len() as u64 == portfolio.contracts {
        let mut errors = unread;
        errors.push(Diagnostic::file(
            &args.register,
            "every row was bad, so --skip-bad-rows would leave nothing to total; check the columns (--col-…) and the file",
        ));
        return Err(errors);
    }
    if !unread.is_empty() {
        for d in &unread {
            to_stderr(&format!(
                "skipped: {}",
                d.to_string().trim_start_matches("error: ")
            ))?;
        }
        to_stderr(&layout::skipped_summary(&portfolio))?;
    }
    let whole = match (args.format, args.layout) {
        (PortfolioFormat::Csv, Layout::Long) => layout::long_csv(&portfolio, &args.group),
        (PortfolioFormat::Csv, Layout::Wide) => layout::wide_csv(&portfolio, &args.group),
        (PortfolioFormat::Json, _) => layout::json(&portfolio, &args.group).into_bytes(),
        (PortfolioFormat::Table, _) => layout::table(&portfolio, &args.group).into_bytes(),
        (PortfolioFormat::Parquet, _) => {
            parquet::portfolio(&portfolio, &args.group).map_err(|e| usage("--format parquet", e))?
        }
    };
    deliver_one(whole, args.output.as_deref())?;
    Ok(0)
}
