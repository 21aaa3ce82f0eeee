//! `outturn portfolio`: a whole contract register, totalled by a column and financial year.

use std::collections::BTreeSet;
use std::path::PathBuf;

use outturn_model::{FyCalendar, Money};
use serde_json::json;

use super::deliver_one;
use crate::cli::{By, Layout};
use crate::present::table::columns;
use clap::{Args, ValueEnum};
use outturn_engine::portfolio::{project_register, Portfolio};
use outturn_input::diagnostic::Diagnostic;
use outturn_input::register::{BadRow, Mapping, TermColumns, ValueColumns};

#[derive(Debug, Args)]
pub struct PortfolioArgs {
    /// The register: a CSV file with a header row
    pub register: PathBuf,
    /// The column to total by
    #[arg(long, default_value = "directorate")]
    pub group: String,
    #[arg(long, value_enum, default_value_t = PortfolioFormat::Table)]
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PortfolioFormat {
    Table,
    Csv,
    Json,
}

pub fn run(args: &PortfolioArgs) -> Result<u8, Vec<Diagnostic>> {
    let mapping = Mapping {
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
        value: match &args.col_total {
            Some(total) => ValueColumns::Total(total.clone()),
            None => ValueColumns::Annual {
                annual: args.col_annual.clone(),
                uplift_pct: args.col_uplift.clone(),
            },
        },
    };
    let portfolio = project_register(
        &args.register,
        &mapping,
        args.by == By::Month,
        FyCalendar::UK,
    )
    .map_err(|e| vec![Diagnostic::file(&args.register, e)])?;
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
    if !unread.is_empty() && !args.skip_bad_rows {
        return Err(unread);
    }
    if !unread.is_empty() {
        for d in &unread {
            eprintln!("skipped: {}", d.to_string().trim_start_matches("error: "));
        }
        let known: Money = portfolio.bad_rows.iter().filter_map(|b| b.value).sum();
        let unknown = portfolio
            .bad_rows
            .iter()
            .filter(|b| b.value.is_none())
            .count();
        let blank = match portfolio.blank_lines.len() {
            0 => String::new(),
            1 => ", and 1 blank line".into(),
            n => format!(", and {n} runs of blank lines"),
        };
        eprintln!(
            "{} of {} rows skipped, stating {known} of value{}{blank}",
            portfolio.bad_rows.len(),
            portfolio.contracts,
            if unknown > 0 {
                format!(" (and {unknown} whose value could not be read)")
            } else {
                String::new()
            }
        );
    }
    let whole = match (args.format, args.layout) {
        (PortfolioFormat::Csv, Layout::Long) => long_csv(&portfolio, &args.group),
        (PortfolioFormat::Csv, Layout::Wide) => wide_csv(&portfolio, &args.group),
        (PortfolioFormat::Json, _) => json(&portfolio, &args.group).into_bytes(),
        (PortfolioFormat::Table, _) => table(&portfolio, &args.group).into_bytes(),
    };
    deliver_one(whole, args.output.as_deref())?;
    Ok(0)
}

/// The period a total is for: `2021-22`, or `2021-22,2021-06` by month.
fn period_cells(
    fy: &outturn_model::FinancialYear,
    month: &Option<chrono::NaiveDate>,
) -> Vec<String> {
    let mut cells = vec![fy.to_string()];
    if let Some(m) = month {
        cells.push(m.format("%Y-%m").to_string());
    }
    cells
}

fn by_month(p: &Portfolio) -> bool {
    p.totals.keys().any(|(_, _, m)| m.is_some())
}

fn long_csv(p: &Portfolio, group: &str) -> Vec<u8> {
    // Plain formatting, not the csv crate: this is the hot end of a large run and every
    // field is known not to need quoting except the group, which is quoted when needed.
    let mut out = String::with_capacity(64 * p.totals.len() + 64);
    out += &format!(
        "{},financial_year{},amount\n",
        quote(group),
        if by_month(p) { ",month" } else { "" }
    );
    for ((g, fy, month), pennies) in &p.totals {
        out += &format!(
            "{},{},{}\n",
            quote(g),
            period_cells(fy, month).join(","),
            Money::from_pennies(*pennies).plain()
        );
    }
    out.into_bytes()
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// A row per group, a column per financial year (or month), a total column and a total row.
fn wide_csv(p: &Portfolio, group: &str) -> Vec<u8> {
    let periods: BTreeSet<Vec<String>> = p
        .totals
        .keys()
        .map(|(_, fy, m)| period_cells(fy, m))
        .collect();
    let groups: BTreeSet<&String> = p.totals.keys().map(|(g, _, _)| g).collect();
    let mut out = quote(group);
    for period in &periods {
        out += &format!(",{}", period.join(" "));
    }
    out += ",total\n";
    let mut column_totals = vec![0i64; periods.len()];
    for g in &groups {
        out += &quote(g);
        let mut row_total = 0i64;
        for (i, period) in periods.iter().enumerate() {
            let pennies: i64 = p
                .totals
                .iter()
                .filter(|((gg, fy, m), _)| gg == *g && &period_cells(fy, m) == period)
                .map(|(_, v)| *v)
                .sum();
            row_total += pennies;
            column_totals[i] += pennies;
            out += &format!(",{}", Money::from_pennies(pennies).plain());
        }
        out += &format!(",{}\n", Money::from_pennies(row_total).plain());
    }
    out += "total";
    for t in &column_totals {
        out += &format!(",{}", Money::from_pennies(*t).plain());
    }
    out += &format!(
        ",{}\n",
        Money::from_pennies(column_totals.iter().sum()).plain()
    );
    out.into_bytes()
}

fn json(p: &Portfolio, group: &str) -> String {
    let rows: Vec<serde_json::Value> = p
        .totals
        .iter()
        .map(|((g, fy, m), pennies)| {
            json!({ group: g, "financial_year": fy.to_string(), "month": m.map(|d| d.format("%Y-%m").to_string()),
                    "amount": Money::from_pennies(*pennies).plain() })
        })
        .collect();
    serde_json::to_string_pretty(
        &json!({ "contracts": p.contracts, "skipped": p.bad_rows.len(), "totals": rows }),
    )
    .expect("JSON values always serialise")
        + "\n"
}

fn table(p: &Portfolio, group: &str) -> String {
    let month = by_month(p);
    let rows: Vec<Vec<String>> = p
        .totals
        .iter()
        .map(|((g, fy, m), pennies)| {
            let mut r = vec![g.clone()];
            r.extend(period_cells(fy, m));
            r.push(Money::from_pennies(*pennies).to_string());
            r
        })
        .collect();
    let mut header = vec![group, "financial year"];
    if month {
        header.push("month");
    }
    header.push("amount");
    let mut right = vec![false; header.len()];
    right[header.len() - 1] = true;
    let total: i64 = p.totals.values().sum();
    format!(
        "{}\n{} contracts, total {}\n",
        columns(&header, &rows, &right),
        p.contracts - p.bad_rows.len() as u64,
        Money::from_pennies(total)
    )
}
