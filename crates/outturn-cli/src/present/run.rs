//! `run`'s layouts: a scenario's projection rows and its totals, as view models written by
//! the one table writer ([`crate::present::table`]) in text, CSV and Markdown, and as a
//! JSON document.
//!
//! Layouts do no arithmetic: every figure was computed by the model or totalled exactly in
//! [`outturn_engine::year_table`]; they only choose what goes where.

use outturn_engine::evaluate::Evaluated;
use outturn_engine::grid::{year_rows, Cell};
use outturn_engine::year_table::{Totals, YearTable};
use outturn_model::Money;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::present::table::{json_document, Table};

/// The exact header of `run --format csv`.
pub const RUN_CSV_HEADER: [&str; 10] = [
    "scenario",
    "line",
    "kind",
    "budget",
    "phase",
    "financial_year",
    "start",
    "end",
    "days",
    "amount",
];

/// The projection's columns after the scenario: days and amount align right.
const ROW_RIGHT: [bool; 9] = [false, false, false, false, false, false, false, true, true];

/// A scenario ready to render: its evaluation and its totals.
pub struct RunReport<'a> {
    pub evaluated: &'a Evaluated,
    pub totals: Totals,
    /// A row per line and budget, a column per financial year.
    pub wide: YearTable<(String, String)>,
    /// The amounts by year of each line or budget, for charts.
    pub stacked: YearTable<String>,
}

/// `overrides: --set uplift=6%` under a scenario's heading when any were applied.
fn overrides_line(overrides: &[String]) -> String {
    if overrides.is_empty() {
        String::new()
    } else {
        format!("overrides: --set {}\n", overrides.join(" --set "))
    }
}

/// Each projection row: line, kind, budget, phase, financial year, start, end, days, amount.
fn projection_rows(e: &Evaluated) -> Vec<Vec<Cell>> {
    e.projection
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.line.clone()),
                Cell::Text(r.kind.to_string()),
                Cell::Text(r.budget.clone()),
                Cell::Text(r.phase.clone()),
                Cell::Text(r.year.to_string()),
                Cell::Text(r.period.start.to_string()),
                Cell::Text(r.period.end.to_string()),
                Cell::Number(Decimal::from(r.period.days())),
                Cell::Money(r.amount),
            ]
        })
        .collect()
}

fn projection_table(e: &Evaluated) -> Table {
    Table::aligned(
        RUN_CSV_HEADER[1..].iter().copied(),
        &ROW_RIGHT,
        projection_rows(e),
    )
}

/// One of a scenario's one-way totals: what it is by (`financial year`), its heading in
/// Markdown (`Financial year`), and the amounts.
struct TotalList<'a> {
    by: &'static str,
    heading: &'static str,
    list: &'a [(String, Money)],
}

/// The one-way totals. One contract's total is the overall total, shown once at the end,
/// so contracts are listed only when there are two or more.
fn total_lists(t: &Totals) -> Vec<TotalList<'_>> {
    let all = [
        ("contract", "Contract", t.by_contract.as_slice()),
        ("phase", "Phase", t.by_phase.as_slice()),
        ("financial year", "Financial year", t.by_year.as_slice()),
        ("line", "Line", t.by_line.as_slice()),
        ("budget", "Budget", t.by_budget.as_slice()),
    ];
    all.into_iter()
        .filter(|(by, _, list)| *by != "contract" || list.len() > 1)
        .map(|(by, heading, list)| TotalList { by, heading, list })
        .collect()
}

pub fn run_table(reports: &[RunReport]) -> String {
    let mut out = String::new();
    for (i, rep) in reports.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let loaded = &rep.evaluated.loaded;
        out += &format!(
            "{} ({})\npaper: {}\n",
            loaded.scenario.title, loaded.name, loaded.scenario.paper
        );
        out += &overrides_line(&loaded.overrides);
        out.push('\n');
        out += &projection_table(rep.evaluated).text();
        for TotalList { by, list, .. } in total_lists(&rep.totals) {
            let rows = list
                .iter()
                .map(|(k, m)| {
                    vec![
                        Cell::Text(format!("  {k}")),
                        Cell::Money(*m),
                        Cell::Short(*m),
                    ]
                })
                .collect();
            let heading = format!("total by {by}");
            out.push('\n');
            out += &Table::aligned([heading.as_str(), "", ""], &[false, true, true], rows).text();
        }
        let overall = rep.totals.overall;
        out += &format!("\ntotal  {overall}  ({})\n", overall.short());
    }
    out
}

/// The long layout: a row per projection row, every scenario under one header.
pub fn run_csv(reports: &[RunReport]) -> Vec<u8> {
    let rows = reports
        .iter()
        .flat_map(|rep| {
            let label = rep.evaluated.loaded.label();
            projection_rows(rep.evaluated)
                .into_iter()
                .map(move |cells| {
                    let mut row = vec![Cell::Text(label.clone())];
                    row.extend(cells);
                    row
                })
        })
        .collect();
    Table::new(RUN_CSV_HEADER, rows).csv()
}

/// The papers' layout: `scenario,line,budget,<year>…,total`, a row per line and budget, then
/// a total row.
pub fn wide_table(label: &str, w: &YearTable<(String, String)>) -> Table {
    let mut header = vec!["scenario", "line", "budget"];
    header.extend(w.years.iter().map(String::as_str));
    header.push("total");
    let text = |t: &str| Cell::Text(t.to_string());
    let rows = year_rows(
        w,
        |(line, budget)| vec![text(label), text(line), text(budget)],
        vec![text(label), text("total"), Cell::Empty],
    );
    Table::new(header, rows)
}

/// The wide layout for each scenario. Amounts are plain numbers, so Excel reads them as
/// numbers; scenarios with different years cannot share one header, so each has its own,
/// a blank line apart.
pub fn run_csv_wide(reports: &[RunReport]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, rep) in reports.iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        out.extend(wide_table(&rep.evaluated.loaded.label(), &rep.wide).csv());
    }
    out
}

/// A list of totals as JSON objects: `{"phase": "initial", "amount": "1234.50"}`.
fn money_pairs(list: &[(String, Money)], key: &str) -> Value {
    let rows = list
        .iter()
        .map(|(k, m)| vec![Cell::Text(k.clone()), Cell::Money(*m)])
        .collect();
    Value::Array(Table::new([key, "amount"], rows).json_rows())
}

/// The projection's rows as JSON objects: the table's cells, with each row's contract, and
/// its days as a JSON number (a count, not an amount).
fn json_rows(e: &Evaluated) -> Vec<Value> {
    let mut rows = projection_table(e).json_rows();
    for (row, r) in rows.iter_mut().zip(&e.projection.rows) {
        row["contract"] = json!(r.contract);
        row["days"] = json!(r.period.days());
    }
    rows
}

/// `run`'s JSON: a document per scenario, its rows and totals nested, which no one table
/// can hold.
pub fn run_json(reports: &[RunReport]) -> String {
    let scenarios: Vec<Value> = reports
        .iter()
        .map(|rep| {
            let (e, t) = (rep.evaluated, &rep.totals);
            json!({
                "scenario": e.loaded.name, "overrides": e.loaded.overrides,
                "title": e.loaded.scenario.title,
                "paper": e.loaded.scenario.paper, "rows": json_rows(e),
                "totals": {
                    "by_contract": money_pairs(&t.by_contract, "contract"),
                    "by_phase": money_pairs(&t.by_phase, "phase"),
                    "by_financial_year": money_pairs(&t.by_year, "financial_year"),
                    "by_line": money_pairs(&t.by_line, "line"),
                    "by_budget": money_pairs(&t.by_budget, "budget"),
                    "overall": t.overall.plain(),
                },
            })
        })
        .collect();
    json_document(&Value::Array(scenarios))
}

pub fn run_markdown(reports: &[RunReport]) -> String {
    let mut out = String::new();
    for rep in reports {
        let e = rep.evaluated;
        out += &format!(
            "## {}\n\nPaper: {}\n\n",
            e.loaded.scenario.title, e.loaded.scenario.paper
        );
        out += &overrides_line(&e.loaded.overrides);
        out += &projection_table(e).markdown();
        for TotalList { by, heading, list } in total_lists(&rep.totals) {
            out += &format!("\nTotal by {by}:\n\n");
            let rows = list
                .iter()
                .map(|(k, m)| vec![Cell::Text(k.clone()), Cell::Money(*m)])
                .collect();
            out += &Table::aligned([heading, "Amount"], &[false, true], rows).markdown();
        }
        out += &format!("\n**Total: {}**\n\n", rep.totals.overall);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing;

    #[test]
    fn wide_csv_has_a_row_per_line_and_a_total_row() {
        let e = testing::evaluated();
        let rep = testing::report(&e);
        assert_eq!(
            String::from_utf8(run_csv_wide(&[rep])).unwrap(),
            "scenario,line,budget,2024-25,2025-26,total\n\
             t,care,asc,1000000.00,501369.86,1501369.86\n\
             t,bus,asc,36500.00,18300.00,54800.00\n\
             t,total,,1036500.00,519669.86,1556169.86\n"
        );
    }

    #[test]
    fn two_scenarios_wide_are_a_blank_line_apart() {
        let e = testing::evaluated();
        let out =
            String::from_utf8(run_csv_wide(&[testing::report(&e), testing::report(&e)])).unwrap();
        assert_eq!(out.matches("scenario,line,budget").count(), 2);
        assert!(out.contains("1556169.86\n\nscenario,"));
    }

    #[test]
    fn long_csv_has_a_row_per_projection_row() {
        let e = testing::evaluated();
        let out = String::from_utf8(run_csv(&[testing::report(&e)])).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], RUN_CSV_HEADER.join(","));
        assert_eq!(
            lines[2],
            "t,care,service,asc,initial,2025-26,2025-04-01,2025-09-30,183,501369.86"
        );
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn the_text_table_ends_with_totals() {
        let e = testing::evaluated();
        let out = run_table(&[testing::report(&e)]);
        assert!(out.starts_with("Care & <transport> | test (t)\npaper: Paper 'A'\n\n"));
        // One contract: no total by contract.
        assert!(!out.contains("total by contract"));
        assert!(out.contains("total by line\n  care         £1,501,369.86  £1.5m\n  bus             £54,800.00   £55k\n"));
        assert!(out.ends_with("\ntotal  £1,556,169.86  (£1.6m)\n"));
    }

    #[test]
    fn json_days_are_numbers_and_amounts_plain() {
        let e = testing::evaluated();
        let doc: Value = serde_json::from_str(&run_json(&[testing::report(&e)])).unwrap();
        let row = &doc[0]["rows"][1];
        assert_eq!(row["days"], json!(183));
        assert_eq!(row["amount"], json!("501369.86"));
        assert_eq!(row["contract"], json!("c"));
        assert_eq!(doc[0]["totals"]["overall"], json!("1556169.86"));
        assert_eq!(
            doc[0]["totals"]["by_financial_year"][1],
            json!({ "financial_year": "2025-26", "amount": "519669.86" })
        );
    }
}
