//! `outturn portfolio` on the registers in `tests/portfolio/`: totals matched to the penny
//! against ../shared/bench/ref_decimal.py, layouts that add back, column mapping, and bad
//! rows stopped or skipped and counted.

use std::collections::BTreeMap;

use crate::common::*;

#[test]
fn portfolio_matches_the_reference_to_the_penny() {
    // tests/portfolio/register.csv is `gen_register.py 300 7 --odd-extensions` (short final
    // contract years included); expected.csv is what ../shared/bench/ref_decimal.py wrote.
    let o = outturn(&[
        "portfolio",
        "tests/portfolio/register.csv",
        "--group",
        "directorate",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let expected = std::fs::read_to_string(root().join("tests/portfolio/expected.csv")).unwrap();
    assert!(
        stdout(&o) == expected,
        "portfolio output differs from ref_decimal.py's"
    );
}

#[test]
fn portfolio_months_and_wide_layout_add_back_to_the_years() {
    let years = outturn(&[
        "portfolio",
        "tests/portfolio/register.csv",
        "--format",
        "csv",
    ]);
    let months = outturn(&[
        "portfolio",
        "tests/portfolio/register.csv",
        "--format",
        "csv",
        "--by",
        "month",
    ]);
    let wide = outturn(&[
        "portfolio",
        "tests/portfolio/register.csv",
        "--format",
        "csv",
        "--layout",
        "wide",
    ]);
    let pennies = |s: &str| s.replace('.', "").parse::<i64>().unwrap();
    let mut by_year: BTreeMap<(String, String), i64> = BTreeMap::new();
    for line in stdout(&years).lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        by_year.insert((f[0].into(), f[1].into()), pennies(f[2]));
    }
    let mut from_months: BTreeMap<(String, String), i64> = BTreeMap::new();
    for line in stdout(&months).lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        *from_months.entry((f[0].into(), f[1].into())).or_insert(0) += pennies(f[3]);
    }
    assert_eq!(by_year, from_months);
    let wide = stdout(&wide);
    let total_row = wide.lines().last().unwrap();
    let grand: i64 = by_year.values().sum();
    assert!(
        total_row.ends_with(&format!(",{}.{:02}", grand / 100, grand % 100)),
        "{total_row}"
    );
}

#[test]
fn portfolio_bad_rows_stop_the_run_or_are_skipped_and_counted() {
    let o = outturn(&[
        "portfolio",
        "tests/portfolio/bad-rows.csv",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(
        stderr(&o),
        "error: tests/portfolio/bad-rows.csv: line 3: id 2: start: expected a date as YEAR-MONTH-DAY between 1900 and 2200, found `2023-02-30`\n\
         error: tests/portfolio/bad-rows.csv: line 4: id 3: annual_value: expected an amount of zero or more to the penny, such as 1834421.07, found `-5.00`\n\
         error: tests/portfolio/bad-rows.csv: line 5: id 4: expected 7 fields as in the header, found 4 (is a comma missing, or a value with a comma not in quotes?)\n\
         3 errors; nothing was written\n"
    );
    let o = outturn(&[
        "portfolio",
        "tests/portfolio/bad-rows.csv",
        "--format",
        "csv",
        "--skip-bad-rows",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains(
            "3 of 5 rows skipped, stating £1,000.00 of value (and 2 whose value could not be read)"
        ),
        "{}",
        stderr(&o)
    );
    // Row 1 alone, through ref_decimal.py: 728,742.62 in 2022-23 …; row 5: £365 in 2024-25.
    let out = stdout(&o);
    assert!(out.contains("Education,2024-25,365.00\n"), "{out}");
    assert!(
        out.contains("Highways,2022-23,728742.62\n")
            && out.contains("Highways,2027-28,1213333.63\n"),
        "{out}"
    );
}

#[test]
fn a_blank_line_in_a_register_is_skipped_only_when_asked_and_counted() {
    let args = [
        "portfolio",
        "tests/errors/register-blank-line.csv",
        "--format",
        "csv",
        "--skip-bad-rows",
    ];
    let o = outturn(&args);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stderr(&o),
        "skipped: tests/errors/register-blank-line.csv: line 3: the line is blank; every line after the header must be a contract (delete blank lines if nothing is missing there)\n\
         0 of 2 rows skipped, stating £0.00 of value, and 1 blank line\n"
    );
    // Both rows start on 1 April, so each contract year is a financial year: £100,000 at
    // 2.5% and £50,000 at 2%, compounded by hand.
    assert_eq!(
        stdout(&o),
        "directorate,financial_year,amount\n\
         Education,2024-25,100000.00\n\
         Education,2025-26,102500.00\n\
         Education,2026-27,105062.50\n\
         Highways,2024-25,50000.00\n\
         Highways,2025-26,51000.00\n\
         Highways,2026-27,52020.00\n"
    );
}

#[test]
fn portfolio_maps_a_council_register_with_end_dates_and_total_values() {
    let o = outturn(&[
        "portfolio",
        "tests/portfolio/council-register.csv",
        "--col-id",
        "reference",
        "--group",
        "supplier",
        "--col-start",
        "start_date",
        "--col-end",
        "end_date",
        "--col-extended-to",
        "extended_to",
        "--col-total",
        "contract_value",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // C1: £730 over 15 June 2024 to 14 June 2025 (no extension date): 290 days in 2024-25
    // (£580), 75 in 2025-26 (£150). C2: £730 extended from 31 March 2025 to 31 March 2026:
    // 730 days, 365 in each year.
    assert_eq!(
        stdout(&o),
        "supplier,financial_year,amount\n\"Acme, Ltd\",2024-25,580.00\n\"Acme, Ltd\",2025-26,150.00\nBeta,2024-25,365.00\nBeta,2025-26,365.00\n"
    );
    let o = outturn(&["portfolio", "tests/portfolio/council-register.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("has no column `id`"), "{}", stderr(&o));
}

#[test]
fn portfolio_output_does_not_depend_on_the_thread_count() {
    let run = |threads: &str| {
        outturn_on_threads(
            &[
                "portfolio",
                "tests/portfolio/register.csv",
                "--format",
                "csv",
                "--by",
                "month",
            ],
            threads,
        )
        .stdout
    };
    assert_eq!(run("1"), run("3"));
}
