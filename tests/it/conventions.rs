//! Costing conventions (`docs/conventions.md`): each stated in a scenario under
//! `scenarios/conventions/`, each reproducing a figure a public paper printed. Every figure
//! asserted here is worked independently in Python's `decimal` in
//! `tests/conventions/worked.py` (run `python3 tests/conventions/worked.py`; it asserts the
//! same numbers) and, for the printed ones, in `docs/research/0N-*.py`.

use std::collections::BTreeMap;

use crate::common::*;

/// The rows of the `analyse --format csv` section whose header starts with `first_columns`,
/// as records keyed by column name.
fn analyse_section(path: &str, first_columns: &str) -> Vec<BTreeMap<String, String>> {
    let o = outturn(&["analyse", path, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let block = text
        .split("\n\n")
        .map(str::trim)
        .find(|b| b.starts_with(first_columns))
        .unwrap_or_else(|| panic!("no section starting {first_columns} in\n{text}"));
    let mut reader = csv::Reader::from_reader(block.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn explain(path: &str, figure: &str) -> String {
    let o = outturn(&["explain", path, figure]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

const WOLVERHAMPTON: &str = "scenarios/conventions/wolverhampton-care-fees-2025-26.toml";

/// City of Wolverhampton Council's 2025-26 fee review prints each hourly rate uplifted and
/// rounded up to a multiple of 4p; the rates paid reproduce every printed one.
#[test]
fn rate_rounding_reproduces_wolverhamptons_printed_rates() {
    let rows = analyse_section(WOLVERHAMPTON, "scenario,line,from");
    let paid = |line: &str| -> Vec<(String, String)> {
        rows.iter()
            .filter(|r| r["line"] == line)
            .map(|r| (r["uplifted"].clone(), r["rate paid"].clone()))
            .collect()
    };
    // (line, exactly uplifted, printed rate): 20.28 × 1.066 = 21.61848 → 21.64, and so on.
    for (line, stated, exact, printed) in [
        ("homecare", "20.28", "21.61848", "21.64"),
        ("reablement", "21.68", "23.11088", "23.12"),
        ("home-based-respite", "19.36", "20.63776", "20.64"),
        ("employed-personal-assistant", "14.08", "15.475328", "15.48"),
        ("self-employed-personal-assistant", "17.24", "18.848492", "18.88"),
    ] {
        assert_eq!(
            paid(line),
            [
                (String::new(), stated.to_string()),
                (exact.to_string(), printed.to_string())
            ],
            "{line}"
        );
    }
}

/// The annual cost is built from the rate paid, not the rate uplifted: 52,000 hours at
/// £21.64 = £1,125,280.00 (at the unrounded £21.61848 it would be £1,124,160.96).
#[test]
fn rate_rounding_builds_the_annual_cost_from_the_rate_paid() {
    let rows = run_csv_at(WOLVERHAMPTON);
    let year = |line: &str, fy: &str| sum(&rows, &[("line", line), ("financial_year", fy)]);
    assert_eq!(year("homecare", "2024-25"), 105_456_000);
    assert_eq!(year("homecare", "2025-26"), 112_528_000);
    assert_eq!(year("self-employed-personal-assistant", "2025-26"), 98_176_000);
    let text = explain(WOLVERHAMPTON, "line.homecare.year.2025-26");
    assert!(
        text.contains("£20.28 × 1.066 = £21.61848 = 540.462 steps of £0.04 → £21.64"),
        "{text}"
    );
    assert!(
        text.contains("× £21.64 = £1,125,280 a year"),
        "{text}"
    );
}
