//! `portfolio`'s layouts: a register's totals by group and period (a financial year, or a
//! month within one), long or wide, written by the one table writer.

use chrono::NaiveDate;
use outturn_engine::grid::{year_rows, Cell};
use outturn_engine::portfolio::Portfolio;
use outturn_engine::year_table::YearTable;
use outturn_model::{FinancialYear, Money};
use serde_json::{json, Value};

use crate::present::table::{csv_rows, json_document, Table};

fn by_month(p: &Portfolio) -> bool {
    p.totals.keys().any(|(_, _, m)| m.is_some())
}

fn month_text(month: &NaiveDate) -> String {
    month.format("%Y-%m").to_string()
}

/// The long layout's header: `group, <year>, [month], amount`, with the year column named
/// as given (`financial_year` for data, `financial year` for reading). The month column is
/// there only when the totals are by month, unless `always_month` (JSON, whose rows all
/// have the same keys). Also whether the month column is there.
fn long_header(p: &Portfolio, group: &str, year: &str, always_month: bool) -> (Vec<String>, bool) {
    let month = always_month || by_month(p);
    let mut header = vec![group, year];
    if month {
        header.push("month");
    }
    header.push("amount");
    (header.into_iter().map(String::from).collect(), month)
}

/// The long layout's rows, a row per group and period, made as they are written.
fn long_rows(p: &Portfolio, month: bool) -> impl Iterator<Item = Vec<Cell>> + '_ {
    p.totals.iter().map(move |((g, fy, m), pennies)| {
        let mut cells = vec![Cell::Text(g.clone()), Cell::Text(fy.to_string())];
        if month {
            cells.push(
                m.as_ref()
                    .map_or(Cell::Empty, |m| Cell::Text(month_text(m))),
            );
        }
        cells.push(Cell::Money(Money::from_pennies(*pennies)));
        cells
    })
}

fn long_table(p: &Portfolio, group: &str, year: &str, always_month: bool) -> Table {
    let (header, month) = long_header(p, group, year, always_month);
    Table::new(header, long_rows(p, month).collect())
}

/// The period a wide column is for: `2021-22`, or `2021-22 2021-06` by month.
fn period(fy: &FinancialYear, month: &Option<NaiveDate>) -> String {
    match month {
        Some(m) => format!("{fy} {}", month_text(m)),
        None => fy.to_string(),
    }
}

/// The totals as a year table: a row per group (sorted, as the totals are), a column per
/// period.
fn year_table(p: &Portfolio) -> YearTable<String> {
    YearTable::from_amounts(
        p.totals
            .iter()
            .map(|((g, fy, m), pennies)| (g.clone(), period(fy, m), *pennies)),
    )
}

pub fn long_csv(p: &Portfolio, group: &str) -> Vec<u8> {
    let (header, month) = long_header(p, group, "financial_year", false);
    csv_rows(&header, long_rows(p, month))
}

/// A row per group, a column per financial year (or month), a total column and a total row.
pub fn wide_csv(p: &Portfolio, group: &str) -> Vec<u8> {
    let w = year_table(p);
    let mut header = vec![group];
    header.extend(w.years.iter().map(String::as_str));
    header.push("total");
    let rows = year_rows(
        &w,
        |g| vec![Cell::Text(g.clone())],
        vec![Cell::Text("total".into())],
    );
    Table::new(header, rows).csv()
}

pub fn json(p: &Portfolio, group: &str) -> String {
    let totals = long_table(p, group, "financial_year", true).json_rows();
    json_document(
        &json!({ "contracts": p.contracts, "skipped": p.bad_rows.len(), "totals": Value::Array(totals) }),
    )
}

pub fn table(p: &Portfolio, group: &str) -> String {
    format!(
        "{}\n{} contracts, total {}\n",
        long_table(p, group, "financial year", false).text(),
        p.contracts - p.bad_rows.len() as u64,
        year_table(p).total
    )
}

/// What `--skip-bad-rows` left out: `2 of 300 rows skipped, stating £1,000.00 of value`,
/// with the rows whose value could not be read and the blank lines.
pub fn skipped_summary(p: &Portfolio) -> String {
    let known: Money = p.bad_rows.iter().filter_map(|b| b.value).sum();
    let unknown = p.bad_rows.iter().filter(|b| b.value.is_none()).count();
    let blank = match p.blank_lines.len() {
        0 => String::new(),
        1 => ", and 1 blank line".into(),
        n => format!(", and {n} runs of blank lines"),
    };
    let unread = if unknown > 0 {
        format!(" (and {unknown} whose value could not be read)")
    } else {
        String::new()
    };
    format!(
        "{} of {} rows skipped, stating {known} of value{unread}{blank}",
        p.bad_rows.len(),
        p.contracts,
    )
}
