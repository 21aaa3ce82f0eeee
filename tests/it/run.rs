//! `outturn run` on the bundled scenarios: each paper's contract costed by financial year,
//! phase and month. The expected figures come from the papers or are worked by hand in the
//! comments; none is copied from the program's output.

use crate::common::*;

#[test]
fn childrens_community_support_is_1_3m_a_year_for_six_years() {
    let rows = run_csv("20-00102-childrens-community-support");
    for year in [
        "2021-22", "2022-23", "2023-24", "2024-25", "2025-26", "2026-27",
    ] {
        assert_eq!(
            sum(&rows, &[("financial_year", year)]),
            130_000_000,
            "{year}"
        );
    }
    assert_eq!(sum(&rows, &[("phase", "initial")]), 390_000_000);
    assert_eq!(sum(&rows, &[("phase", "extension-1")]), 390_000_000);
    // 2023-24 is a 366-day year and is still exactly one contract year's cost.
    let leap = rows
        .iter()
        .find(|r| r["financial_year"] == "2023-24")
        .unwrap();
    assert_eq!(leap["days"], "366");
    assert_eq!(leap["amount"], "1300000.00");
}

#[test]
fn community_opportunities_forecast_split_and_saving() {
    let rows = run_csv("22-00034-community-opportunities");
    let y21 = ("financial_year", "2021-22");
    assert_eq!(
        sum(&rows, &[y21, ("budget", "26+"), ("kind", "service")]),
        739_240_000
    );
    assert_eq!(
        sum(&rows, &[y21, ("budget", "18-25"), ("kind", "service")]),
        267_280_000
    );
    assert_eq!(sum(&rows, &[y21, ("kind", "service")]), 1_006_520_000);
    assert_eq!(
        sum(&rows, &[y21, ("budget", "26+"), ("kind", "transport")]),
        159_390_000
    );
    assert_eq!(
        sum(&rows, &[y21, ("budget", "18-25"), ("kind", "transport")]),
        85_020_000
    );
    assert_eq!(sum(&rows, &[y21, ("kind", "transport")]), 244_410_000);
    // 2022-23 split at 30 September / 1 October: 183 and 182 of 365 days.
    // 7,392,400 x 183/365 = 3,706,326.575…; x 182/365 = 3,686,073.424…
    let old = rows
        .iter()
        .find(|r| r["line"] == "framework-service-26plus" && r["financial_year"] == "2022-23")
        .unwrap();
    assert_eq!(
        (old["days"].as_str(), old["amount"].as_str()),
        ("183", "3706326.58")
    );
    assert_eq!(old["phase"], "framework:initial");
    assert_eq!(old["end"], "2022-09-30");
    let new = rows
        .iter()
        .find(|r| r["line"] == "new-service-26plus" && r["financial_year"] == "2022-23")
        .unwrap();
    assert_eq!(
        (new["days"].as_str(), new["amount"].as_str()),
        ("182", "3686073.42")
    );
    assert_eq!(new["start"], "2022-10-01");
    // The two halves of 2022-23 add back to the annual value, to the penny.
    assert_eq!(
        sum(
            &rows,
            &[
                ("financial_year", "2022-23"),
                ("budget", "26+"),
                ("kind", "service")
            ]
        ),
        739_240_000
    );
    let saving = rows.iter().find(|r| r["kind"] == "saving").unwrap();
    assert_eq!(
        (
            saving["line"].as_str(),
            saving["budget"].as_str(),
            saving["financial_year"].as_str()
        ),
        ("saving-26plus", "26+", "2022-23")
    );
    assert_eq!(saving["amount"], "-1000000.00");
    assert_eq!(rows.iter().filter(|r| r["kind"] == "saving").count(), 1);
}

#[test]
fn direct_payment_support_five_years() {
    let rows = run_csv("24-00051-direct-payment-support");
    for year in ["2025-26", "2026-27", "2027-28", "2028-29", "2029-30"] {
        assert_eq!(
            sum(&rows, &[("financial_year", year)]),
            58_929_420,
            "{year}"
        );
    }
    // 3 x 589,294.20 = 1,767,882.60; 2 x 589,294.20 = 1,178,588.40; together 2,946,471.00.
    assert_eq!(sum(&rows, &[("phase", "initial")]), 176_788_260);
    assert_eq!(sum(&rows, &[("phase", "extension-1")]), 117_858_840);
    assert_eq!(sum(&rows, &[]), 294_647_100);
}

#[test]
fn supported_living_extension_from_15_june() {
    let rows = run_csv("24-00005-supported-living-extension");
    // 138m x 290/365 = 109,643,835.616… (gets the spare penny), x 75/365 = 28,356,164.383…
    assert_eq!(sum(&rows, &[("financial_year", "2024-25")]), 10_964_383_562);
    assert_eq!(sum(&rows, &[("financial_year", "2025-26")]), 13_800_000_000);
    assert_eq!(sum(&rows, &[("financial_year", "2026-27")]), 13_800_000_000);
    assert_eq!(sum(&rows, &[("financial_year", "2027-28")]), 2_835_616_438);
    assert_eq!(sum(&rows, &[]), 41_400_000_000);
    let advertised = run_csv("24-00005-supported-living-advertised");
    // 68m x 290/365 = 54,027,397.260… and x 75/365 = 13,972,602.739…: 3 x 68m = 204m.
    assert_eq!(
        sum(&advertised, &[("financial_year", "2024-25")]),
        5_402_739_726
    );
    assert_eq!(
        sum(&advertised, &[("financial_year", "2027-28")]),
        1_397_260_274
    );
    assert_eq!(sum(&advertised, &[]), 20_400_000_000);
}

#[test]
fn monthly_rows_add_back_to_the_year() {
    let o = outturn(&[
        "run",
        "scenarios/24-00005-supported-living-extension.toml",
        "--by",
        "month",
        "--format",
        "csv",
    ]);
    assert!(o.status.success());
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // 15 June 2024 to 14 June 2027 touches 37 calendar months.
    assert_eq!(rows.len(), 37);
    assert_eq!(&rows[0][6], "2024-06-15");
    assert_eq!(&rows[0][7], "2024-06-30");
    let pennies: i64 = rows
        .iter()
        .map(|r| r[9].replace('.', "").parse::<i64>().unwrap())
        .sum();
    assert_eq!(pennies, 41_400_000_000);
    // June 2024 has 16 of contract year 0's 365 days: 138m x 16/365 = 6,049,315.068…
    assert_eq!(&rows[0][9], "6049315.07");
}

#[test]
fn the_table_shows_totals_in_full_and_short() {
    let o = outturn(&["run", "scenarios/24-00005-supported-living-extension.toml"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("£109,643,835.62"), "{out}");
    assert!(out.contains("£28,356,164.38"), "{out}");
    assert!(out.contains("total  £414,000,000.00  (£414m)"), "{out}");
}
