//! `check`'s layouts: a row per printed figure with the model's figure beside it and a
//! verdict, written by the one table writer ([`crate::present::table`]) in text, CSV and
//! Markdown, and as a JSON document.

use outturn_engine::evaluate::Evaluated;
use outturn_engine::grid::Cell;
use outturn_model::check::{Outcome, Verdict};
use serde_json::{json, Value};

use crate::present::table::{json_document, Table};

/// The exact header of `check --format csv` (and of the text table).
pub const CHECK_CSV_HEADER: [&str; 7] = [
    "scenario",
    "check",
    "stated",
    "computed",
    "difference",
    "tolerance",
    "verdict",
];

/// The computed figure and the difference align right.
const CHECK_RIGHT: [bool; 7] = [false, false, false, true, true, false, false];

/// A check's row: the printed figure is read as printed and written as its value; the
/// difference reads with its sign.
fn check_row(e: &Evaluated, o: &Outcome) -> Vec<Cell> {
    vec![
        Cell::Text(e.loaded.label()),
        Cell::Text(o.check.clone()),
        Cell::Printed {
            text: o.text.clone(),
            value: Box::new(Cell::figure(o.stated, o.money())),
        },
        Cell::figure(o.computed, o.money()),
        Cell::Signed(Box::new(Cell::figure(o.difference, o.money()))),
        Cell::Text(o.tolerance.to_string()),
        Cell::Verdict(o.verdict),
    ]
}

fn check_rows(evaluated: &[Evaluated]) -> Vec<Vec<Cell>> {
    evaluated
        .iter()
        .flat_map(|e| e.outcomes.iter().map(move |o| check_row(e, o)))
        .collect()
}

/// The reasons given for acknowledged inconsistencies: `- scenario / check: reason`, each
/// scenario named by `name`.
fn reasons(evaluated: &[Evaluated], name: impl Fn(&Evaluated) -> String) -> String {
    let mut out = String::new();
    for e in evaluated {
        for o in &e.outcomes {
            if let (Verdict::Acknowledged, Some(r)) = (o.verdict, &o.reason) {
                out += &format!("- {} / {}: {}\n", name(e), o.check, r);
            }
        }
    }
    out
}

pub fn check_table(evaluated: &[Evaluated]) -> String {
    let mut out = Table::aligned(CHECK_CSV_HEADER, &CHECK_RIGHT, check_rows(evaluated)).text();
    let count = |v: Verdict| {
        evaluated
            .iter()
            .flat_map(|e| &e.outcomes)
            .filter(|o| o.verdict == v)
            .count()
    };
    out += &format!(
        "\n{} consistent, {} inconsistent, {} acknowledged\n",
        count(Verdict::Consistent),
        count(Verdict::Inconsistent),
        count(Verdict::Acknowledged)
    );
    let reasons = reasons(evaluated, |e| e.loaded.name.clone());
    if !reasons.is_empty() {
        out += &format!("\nacknowledged:\n{reasons}");
    }
    out
}

/// The checks as a Markdown table, verdicts in bold where a paper is inconsistent, then the
/// reasons given for acknowledged inconsistencies.
pub fn check_markdown(evaluated: &[Evaluated]) -> String {
    let header = [
        "Scenario",
        "Check",
        "Printed",
        "Computed",
        "Difference",
        "Tolerance",
        "Verdict",
    ];
    let mut out = Table::aligned(header, &CHECK_RIGHT, check_rows(evaluated)).markdown();
    let reasons = reasons(evaluated, |e| e.loaded.label());
    if !reasons.is_empty() {
        out += &format!("\nAcknowledged:\n\n{reasons}");
    }
    out
}

pub fn check_csv(evaluated: &[Evaluated]) -> Vec<u8> {
    Table::aligned(CHECK_CSV_HEADER, &CHECK_RIGHT, check_rows(evaluated)).csv()
}

/// `check`'s JSON: an object per check, with the scenario's overrides as a list.
pub fn check_json(evaluated: &[Evaluated]) -> String {
    let header = [
        "scenario",
        "check",
        "printed",
        "stated",
        "computed",
        "difference",
        "tolerance",
        "verdict",
        "reason",
    ];
    let mut checks = Vec::new();
    for e in evaluated {
        let rows = e
            .outcomes
            .iter()
            .map(|o| {
                vec![
                    Cell::Text(e.loaded.name.clone()),
                    Cell::Text(o.check.clone()),
                    Cell::Text(o.text.clone()),
                    Cell::figure(o.stated, o.money()),
                    Cell::figure(o.computed, o.money()),
                    Cell::figure(o.difference, o.money()),
                    Cell::Text(o.tolerance.to_string()),
                    Cell::Verdict(o.verdict),
                    o.reason.clone().map_or(Cell::Empty, Cell::Text),
                ]
            })
            .collect();
        for mut row in Table::new(header, rows).json_rows() {
            row["overrides"] = json!(e.loaded.overrides);
            checks.push(row);
        }
    }
    json_document(&Value::Array(checks))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing;

    #[test]
    fn csv_writes_each_figure_in_full() {
        let e = testing::evaluated();
        assert_eq!(
            String::from_utf8(check_csv(&[e])).unwrap(),
            "scenario,check,stated,computed,difference,tolerance,verdict\n\
             t,whole term,1556169.86,1556169.86,0.00,exact,consistent\n\
             t,2024-25 | care,1000100.00,1000000.00,-100.00,exact,inconsistent\n\
             t,\"bus, acknowledged\",54000.00,54800.00,800.00,exact,acknowledged\n"
        );
    }

    #[test]
    fn the_table_reads_figures_as_printed_and_counts_verdicts() {
        let e = testing::evaluated();
        assert_eq!(
            check_table(&[e]),
            "scenario  check              stated              computed  difference  tolerance  verdict\n\
             t         whole term         £1,556,169.86  £1,556,169.86       £0.00  exact      consistent\n\
             t         2024-25 | care     £1,000,100     £1,000,000.00    -£100.00  exact      inconsistent\n\
             t         bus, acknowledged  £54,000           £54,800.00    +£800.00  exact      acknowledged\n\
             \n1 consistent, 1 inconsistent, 1 acknowledged\n\
             \nacknowledged:\n- t / bus, acknowledged: the paper rounds down\n"
        );
    }

    #[test]
    fn markdown_bolds_what_is_not_consistent() {
        let e = testing::evaluated();
        let out = check_markdown(&[e]);
        assert!(out.contains(
            "| t | 2024-25 \\| care | £1,000,100 | £1,000,000.00 | -£100.00 | exact | **inconsistent** |\n"
        ));
        assert!(
            out.ends_with("\nAcknowledged:\n\n- t / bus, acknowledged: the paper rounds down\n")
        );
    }

    #[test]
    fn json_has_the_overrides_and_a_null_reason() {
        let e = testing::evaluated();
        let doc: Value = serde_json::from_str(&check_json(&[e])).unwrap();
        assert_eq!(doc[0]["overrides"], json!([]));
        assert_eq!(doc[0]["reason"], Value::Null);
        assert_eq!(doc[1]["difference"], json!("-100.00"));
        assert_eq!(doc[2]["reason"], json!("the paper rounds down"));
    }
}
