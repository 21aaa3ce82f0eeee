//! End-to-end tests of the `outturn` binary on the bundled scenarios and on bad inputs.
//!
//! The expected figures come from the papers or are worked by hand in the comments; none is
//! copied from the program's output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::*;

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
fn checks_on_the_bundled_scenarios() {
    let o = outturn(&["check", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    assert_eq!(
        reader
            .headers()
            .unwrap()
            .iter()
            .collect::<Vec<_>>()
            .join(","),
        "scenario,check,stated,computed,difference,tolerance,verdict"
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let find = |scenario: &str, check: &str| {
        rows.iter()
            .find(|r| r[0] == scenario && r[1] == check)
            .unwrap_or_else(|| panic!("no check {scenario} / {check}"))
            .clone()
    };
    let cs = "20-00102-childrens-community-support";
    assert_eq!(
        find(cs, "initial term to 31 March 2024")[2..],
        [
            "3900000.00",
            "3900000.00",
            "0.00",
            "circa 100000",
            "consistent"
        ]
    );
    assert_eq!(find(cs, "36-month extension")[6], "consistent");
    let dp = find(
        "24-00051-direct-payment-support",
        "five-year cost, 1 April 2025 to 31 March 2030",
    );
    assert_eq!(
        dp[2..],
        ["2946471.00", "2946471.00", "0.00", "exact", "consistent"]
    );
    let co = "22-00034-community-opportunities";
    assert_eq!(find(co, "2021-22 services total")[3], "10065200.00");
    assert_eq!(
        find(co, "printed cohorts add to the printed total")[6],
        "consistent"
    );
    let props = find(
        "24-00005-supported-living-extension",
        "properties: 500 at go-live plus about 250 added",
    );
    // 500 + 250 = 750, 50 more than 700, and 750 rounds to 800 at the hundreds printed.
    assert_eq!(
        props[2..],
        ["700", "750", "50", "circa 100", "acknowledged"]
    );
    assert!(rows.iter().all(|r| r[6] != "inconsistent"));
}

#[test]
fn an_inconsistent_check_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wrong.toml");
    std::fs::write(
        &path,
        "title = \"t\"\npaper = \"p\"\n[[contracts]]\nname = \"c\"\nstart = 2021-04-01\nend = 2022-03-31\n\
         [[lines]]\nname = \"l\"\nkind = \"service\"\nbudget = \"b\"\nannual = \"£1.3m\"\n\
         [[checks]]\nname = \"too high\"\nstated = \"circa £1.4m\"\n",
    )
    .unwrap();
    let o = outturn(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("too high"), "{out}");
    assert!(out.contains("-£100,000.00"), "{out}");
    assert!(out.contains("inconsistent"), "{out}");
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

/// Every value and formula of every sheet of a workbook, read back with calamine: what a
/// reader sees, without the zip container's bytes.
fn workbook_content(path: &Path) -> Vec<(String, Vec<String>)> {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let values = book.worksheet_range(&name).unwrap();
            let formulas = book.worksheet_formula(&name).unwrap();
            let mut cells: Vec<String> = values
                .cells()
                .map(|(r, c, v)| format!("{r},{c}={v:?}"))
                .collect();
            cells.extend(
                formulas
                    .cells()
                    .filter(|(_, _, f)| !f.is_empty())
                    .map(|(r, c, f)| format!("{r},{c}=({f})")),
            );
            (name, cells)
        })
        .collect()
}

/// `outputs/` is what `outturn export scenarios --output-dir outputs` (the command in the
/// README) writes now: text files byte for byte, workbooks by their values and formulas.
#[test]
fn committed_outputs_are_current() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = outturn(&["export", "scenarios", "--output-dir", out]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Piped, as here, the progress bars stay quiet.
    assert_eq!(stderr(&o), "");
    let list = |d: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let names = list(dir.path());
    let committed = root().join("outputs");
    // `outputs/simulate/` holds what `simulate` writes; tests/simulate.rs keeps it current;
    // `outputs/monitoring/` what `monitor` writes, kept current by tests/monitor.rs.
    let mut committed_names = list(&committed);
    committed_names.retain(|n| n != "simulate" && n != "monitoring");
    assert_eq!(
        names,
        committed_names,
        "outputs/ holds other files than the engine writes; regenerate with the command in README.md"
    );
    // Five files per scenario and the checks.
    // Scenario files only: `scenarios/monitoring/` holds the monitoring example.
    let n_scenarios = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "toml")
        })
        .count();
    assert_eq!(names.len(), 5 * n_scenarios + 1);
    for name in names {
        let (now, was) = (dir.path().join(&name), committed.join(&name));
        let same = if name.ends_with(".xlsx") {
            workbook_content(&now) == workbook_content(&was)
        } else {
            std::fs::read(&now).unwrap() == std::fs::read(&was).unwrap()
        };
        assert!(
            same,
            "outputs/{name} differs from what the engine now writes; regenerate with the command in README.md"
        );
    }
    // The export's CSVs are exactly what `run` and `check` write.
    let run_dir = dir.path().join("run");
    let o = outturn(&[
        "run",
        "scenarios",
        "--format",
        "csv",
        "--output-dir",
        run_dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for name in list(&run_dir) {
        assert_eq!(
            std::fs::read(run_dir.join(&name)).unwrap(),
            std::fs::read(dir.path().join(&name)).unwrap(),
            "{name}"
        );
    }
    let o = outturn(&["check", "scenarios", "--format", "csv"]);
    assert_eq!(
        o.stdout,
        std::fs::read(dir.path().join("checks.csv")).unwrap()
    );
}

#[test]
fn nothing_is_written_when_an_input_is_bad() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "previous output\n").unwrap();
    let o = outturn(&[
        "run",
        "scenarios",
        "tests/errors/impossible-date.toml",
        "--format",
        "csv",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous output\n");
    let o = outturn(&[
        "run",
        "tests/errors/impossible-date.toml",
        "--output-dir",
        dir.path().join("new").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("new").exists());
}

/// The error catalogue: every bad input in `tests/errors`, each beside the exit status and
/// messages it must give (`NAME.stderr`). A `NAME.toml` is a scenario, run through `outturn
/// check`; a `NAME.csv` a register, through `outturn portfolio`; a `NAME.args` a whole
/// command line, one argument a line, for bad paths. No case may write to standard output.
/// `OUTTURN_BLESS=1` rewrites the `.stderr` files: read each one before committing it.
#[test]
fn error_catalogue() {
    let dir = root().join("tests/errors");
    let bless = std::env::var_os("OUTTURN_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x != "stderr"))
        .filter(|p| p.is_file())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 30,
        "the catalogue holds {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in cases {
        let rel = case
            .strip_prefix(root())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let args: Vec<String> = match case.extension().and_then(|x| x.to_str()) {
            Some("toml") => vec!["check".into(), rel.clone()],
            Some("csv") => vec![
                "portfolio".into(),
                rel.clone(),
                "--format".into(),
                "csv".into(),
            ],
            Some("args") => std::fs::read_to_string(&case)
                .unwrap()
                .lines()
                .map(String::from)
                .collect(),
            _ => panic!("{rel}: a case is NAME.toml, NAME.csv or NAME.args"),
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = outturn(&args);
        let got = format!(
            "exit status {}\n{}",
            o.status.code().unwrap_or(-1),
            stderr(&o)
        );
        let expected_path = case.with_extension("stderr");
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!("{rel}\n--- expected\n{expected}--- got\n{got}"));
        }
        if !o.stdout.is_empty() {
            failures.push(format!("{rel}: wrote to standard output:\n{}", stdout(&o)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn paths_that_do_not_exist_or_hold_nothing() {
    let o = outturn(&["run", "no/such/scenario.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: no/such/scenario.toml: no such file or folder\n1 error; nothing was written\n"
    );
    let empty = tempfile::tempdir().unwrap();
    let o = outturn(&["run", empty.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the folder has no scenario files (*.toml)"));
}

#[test]
fn json_and_markdown_carry_the_same_figures() {
    let path = "scenarios/24-00051-direct-payment-support.toml";
    let o = outturn(&["run", path, "--format", "json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let s = &v[0];
    assert_eq!(s["scenario"], "24-00051-direct-payment-support");
    assert_eq!(s["totals"]["overall"], "2946471.00");
    assert_eq!(s["totals"]["by_phase"][0]["amount"], "1767882.60");
    assert_eq!(s["totals"]["by_phase"][1]["phase"], "extension-1");
    assert_eq!(s["totals"]["by_phase"][1]["amount"], "1178588.40");
    assert_eq!(s["rows"].as_array().unwrap().len(), 5);
    let o = outturn(&["run", path, "--format", "markdown"]);
    let md = stdout(&o);
    assert!(md.contains("| dpss | service | children-disability-0-18 | initial | 2025-26 | 2025-04-01 | 2026-03-31 | 365 | £589,294.20 |"), "{md}");
    assert!(md.contains("**Total: £2,946,471.00**"), "{md}");
    let o = outturn(&["check", path, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["verdict"], "consistent");
    assert_eq!(v[0]["computed"], "2946471.00");
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

const DPSS: &str = "scenarios/24-00051-direct-payment-support.toml";

#[test]
fn solve_finds_the_flat_annual_value_of_the_five_year_total() {
    // £2,946,471 over five flat years is £589,294.20 a year exactly.
    let o = outturn(&[
        "solve",
        DPSS,
        "--target",
        "total.all=£2,946,471",
        "--for",
        "lines.dpss.annual",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "lines.dpss.annual,total.all,difference from target\n589294.20,2946471.00,0.00\n"
    );
}

#[test]
fn solve_says_when_rounding_steps_over_the_target() {
    // At 3% a year the five rounded yearly costs of £554,981.28 add to £2,946,470.99 and of
    // £554,981.29 to £2,946,471.04 (worked with Python's decimal): no penny value hits it.
    let o = outturn(&[
        "solve",
        DPSS,
        "--set",
        "uplift=3%",
        "--target",
        "total.all=£2,946,471",
        "--for",
        "lines.dpss.annual",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("£554,981.28  £2,946,470.99"), "{out}");
    assert!(out.contains("£554,981.29  £2,946,471.04"), "{out}");
    assert!(
        out.contains("no value of lines.dpss.annual to the penny gives exactly £2,946,471.00"),
        "{out}"
    );
}

#[test]
fn solve_says_when_no_value_in_range_reaches_the_target() {
    let o = outturn(&[
        "solve",
        DPSS,
        "--target",
        "total.all=£3m",
        "--for",
        "lines.dpss.annual",
        "--between",
        "£0..£500000",
    ]);
    assert_eq!(o.status.code(), Some(1));
    // At most 5 x £500,000 = £2,500,000.
    assert!(stdout(&o).contains("no value of lines.dpss.annual from £0 to £500000 reaches £3,000,000.00: the figure only runs from £0.00 to £2,500,000.00"), "{}", stdout(&o));
}

#[test]
fn compare_advertised_and_actual_supported_living() {
    let o = outturn(&[
        "compare",
        "scenarios/24-00005-supported-living-advertised.toml",
        "scenarios/24-00005-supported-living-extension.toml",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // 3 x £68m = £204m against 3 x £138m = £414m: £210m more, 210/204 = +102.94%.
    assert!(
        out.contains("\ntotal,all,204000000.00,414000000.00,210000000.00,102.94\n"),
        "{out}"
    );
    assert!(
        out.contains("\nfinancial year,2024-25,54027397.26,109643835.62,55616438.36,102.94\n"),
        "{out}"
    );
}

#[test]
fn compare_one_file_with_different_settings() {
    let o = outturn(&[
        "compare",
        DPSS,
        DPSS,
        "--set",
        "2:uplift=2%",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains("24-00051-direct-payment-support [uplift=2%]"),
        "{out}"
    );
    // At 2% the five years cost £3,066,710.68 (Python's decimal): £120,239.68 more, +4.08%.
    assert!(
        out.contains("\ntotal,all,2946471.00,3066710.68,120239.68,4.08\n"),
        "{out}"
    );
    let o = outturn(&["compare", DPSS, DPSS, "--set", "3:uplift=2%"]);
    assert_eq!(o.status.code(), Some(2));
    let o = outturn(&["run", DPSS, "--set", "2:uplift=2%"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("only for `outturn compare`"));
}

#[test]
fn sweep_one_and_two_fields() {
    let o = outturn(&[
        "sweep",
        DPSS,
        "--vary",
        "uplift=0%..2%/1%",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Worked with Python's decimal: 1% → £3,005,992.66, 2% → £3,066,710.68.
    assert_eq!(
        stdout(&o),
        "uplift,total.all,change,change %\n0%,2946471.00,0.00,0\n1%,3005992.66,59521.66,2.02\n2%,3066710.68,120239.68,4.08\n"
    );
    let o = outturn(&[
        "sweep",
        DPSS,
        "--vary",
        "uplift=0%..2%/2%",
        "--vary",
        "extensions.1.months=12,24",
        "--format",
        "csv",
    ]);
    // Four years at 2% (a 12-month extension) cost £2,428,839.69; 4 x 589,294.20 = 2,357,176.80.
    assert_eq!(
        stdout(&o),
        "uplift \\ extensions.1.months,12,24\n0%,2357176.80,2946471.00\n2%,2428839.69,3066710.68\n"
    );
}

#[test]
fn tornado_ranks_fields_by_swing() {
    let o = outturn(&[
        "sweep",
        DPSS,
        "--tornado",
        "--format",
        "csv",
        "--vary",
        "uplift=0%..6%/1%",
        "--vary",
        "lines.dpss.annual=500000..700000/100000",
        "--vary",
        "extensions.1.taken=true,false",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Annual value: 5 x 500,000 to 5 x 700,000, a swing of £1,000,000. Extension taken or
    // not: 5 or 3 years of 589,294.20, a swing of £1,178,588.40. Uplift 0% to 6%:
    // £2,946,471.00 to £3,321,906.18 (Python's decimal), a swing of £375,435.18.
    assert_eq!(
        stdout(&o),
        "field,low,high,figure at low,figure at high,swing\n\
         extensions.1.taken,true,false,2946471.00,1767882.60,1178588.40\n\
         lines.dpss.annual,500000,700000,2500000.00,3500000.00,1000000.00\n\
         uplift,0%,6%,2946471.00,3321906.18,375435.18\n"
    );
}

#[test]
fn overrides_are_validated_like_the_file_and_change_no_file() {
    let before = std::fs::read(root().join(DPSS)).unwrap();
    let o = outturn(&["run", DPSS, "--set", "lines.dpss.annual=-£5"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("lines.dpss.annual: expected an amount of zero or more, found `-£5`"),
        "{err}"
    );
    assert!(
        err.contains(
            "note: positions are in the scenario as read with --set lines.dpss.annual=-£5"
        ),
        "{err}"
    );
    let o = outturn(&["run", DPSS, "--set", "lines.nope.annual=1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--set lines.nope.annual=1: `lines` has no entry `nope`; it has dpss"),
        "{}",
        stderr(&o)
    );
    let o = outturn(&[
        "run",
        DPSS,
        "--set",
        "extensions.1.taken=false",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o).lines().count(),
        4,
        "three years without the extension"
    );
    assert_eq!(std::fs::read(root().join(DPSS)).unwrap(), before);
}

#[test]
fn the_uplift_variant_inherits_and_changes_its_base() {
    // Worked in the variant's comments: 1,300,000; 1,339,000; 1,379,170 (initial
    // 4,018,170.00) and 1,420,545.10; 1,463,161.45; 1,507,056.30 (extension 4,390,762.85).
    let rows = run_csv("20-00102-childrens-community-support-uplift-3pc");
    assert_eq!(sum(&rows, &[("phase", "initial")]), 401_817_000);
    assert_eq!(sum(&rows, &[("phase", "extension-1")]), 439_076_285);
    assert_eq!(sum(&rows, &[("financial_year", "2026-27")]), 150_705_630);
}

#[test]
fn variants_that_loop_or_lose_their_base_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), "extends = \"b.toml\"\n").unwrap();
    std::fs::write(dir.path().join("b.toml"), "extends = \"a.toml\"\n").unwrap();
    std::fs::write(dir.path().join("c.toml"), "extends = \"missing.toml\"\n").unwrap();
    let o = outturn(&["run", dir.path().join("a.toml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("extends: the scenarios extend each other in a circle"),
        "{}",
        stderr(&o)
    );
    let o = outturn(&["run", dir.path().join("c.toml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("missing.toml does not exist"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn explain_shows_every_step_of_a_figure() {
    let o = outturn(&[
        "explain",
        "scenarios/24-00005-supported-living-extension.toml",
        "total.year.2024-25",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // 138,000,000 x 290/365 = 109,643,835.616438…, which takes the spare penny.
    assert!(
        out.contains(
            "from contract year 1 (2024-06-15 to 2025-06-14), whose full year has 365 days"
        ),
        "{out}"
    );
    assert!(out.contains("split by days: 290 of 365 days of £138,000,000.00 = £109,643,835.616438… → rounded toward zero, plus a spare penny (largest remainder): £109,643,835.62"), "{out}");
    assert!(
        out.contains("total.year.2024-25 = £109,643,835.62 (1 row added)"),
        "{out}"
    );
    // The new contract's short year: 7,392,400 x 182/365 = 3,686,073.424657…
    let o = outturn(&[
        "explain",
        "scenarios/22-00034-community-opportunities.toml",
        "line.new-service-26plus.year.2022-23",
    ]);
    let out = stdout(&o);
    assert!(out.contains("× 182/365 days = £3,686,073.424657… → rounded to the penny, half away from zero: £3,686,073.42"), "{out}");
    // Uplift: 589,294.20 x 1.03^4 = 589,294.20 x 1.12550881 = 663,255.8137…
    let o = outturn(&[
        "explain",
        DPSS,
        "line.dpss.year.2029-30",
        "--set",
        "uplift=3%",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("× uplift 1.03 × 1.03 × 1.03 × 1.03 = × 1.12550881"),
        "{out}"
    );
    assert!(out.contains("£663,255.81"), "{out}");
    let o = outturn(&["explain", DPSS, "total.colour.red"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn explain_a_whole_life_total() {
    // 2021-22: 7,392,400 + 2,672,800 + 1,593,900 + 850,200 = 12,509,300; 2022-23 the same
    // again less the £1,000,000 saving: 11,509,300; together 24,018,600 over 13 rows.
    let o = outturn(&[
        "explain",
        "scenarios/22-00034-community-opportunities.toml",
        "total.all",
    ]);
    assert!(
        stdout(&o).contains("total.all = £24,018,600.00 (13 rows added)"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("from the amount stated for 2022-23: -£1,000,000.00"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn solve_the_uplift_from_advertised_to_actual_supported_living_spend() {
    // Assume the contract ran from 15 June 2019 (it "went live in 2019" and ends 14 June 2024)
    // at the advertised £68m. 2022-23 holds 75 days of contract year 3 and 290 of year 4:
    // 68m x g^2 split 290:75 (the 75) plus 68m x g^3 split 290:75 (the 290). Worked with
    // Python's decimal: at 28.5959% that is £137,999,848.79, at 28.5960% £138,000,152.75.
    let o = outturn(&[
        "solve",
        "scenarios/24-00005-supported-living-advertised.toml",
        "--set",
        "start=2019-06-15",
        "--set",
        "end=2024-06-14",
        "--target",
        "total.year.2022-23=£138m",
        "--for",
        "uplift",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "uplift,total.year.2022-23,difference from target\n28.5959%,137999848.79,-151.21\n28.596%,138000152.75,152.75\n"
    );
}

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
        Command::new(env!("CARGO_BIN_EXE_outturn"))
            .args([
                "portfolio",
                "tests/portfolio/register.csv",
                "--format",
                "csv",
                "--by",
                "month",
            ])
            .env("RAYON_NUM_THREADS", threads)
            .current_dir(root())
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run("1"), run("3"));
}

#[test]
fn wide_csv_reads_back_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.csv");
    let o = outturn(&[
        "run",
        "scenarios/22-00034-community-opportunities.toml",
        "--format",
        "csv",
        "--layout",
        "wide",
        "--bom",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(
        &bytes[..3],
        b"\xef\xbb\xbf",
        "starts with a byte-order mark for Excel"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["scenario", "line", "budget", "2021-22", "2022-23", "total"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // The 26+ framework service: £7,392,400 in 2021-22 and 183/365 of it, 3,706,326.58, in
    // 2022-23. The total row: 12,509,300 in 2021-22 and the same less the £1m saving after.
    assert_eq!(
        &rows[0],
        vec![
            "22-00034-community-opportunities",
            "framework-service-26plus",
            "26+",
            "7392400.00",
            "3706326.58",
            "11098726.58"
        ]
    );
    assert_eq!(
        &rows[rows.len() - 1],
        vec![
            "22-00034-community-opportunities",
            "total",
            "",
            "12509300.00",
            "11509300.00",
            "24018600.00"
        ]
    );
    // Every amount reads as a plain number (as a spreadsheet or dataframe reads it), and
    // they add up down each column.
    let column = 4; // 2022-23
    let values: Vec<f64> = rows.iter().map(|r| r[column].parse().unwrap()).collect();
    let (lines, total) = values.split_at(values.len() - 1);
    approx::assert_relative_eq!(lines.iter().sum::<f64>(), total[0], epsilon = 0.005);
    approx::assert_relative_eq!(total[0], 11_509_300.0);
}

#[test]
fn checks_as_markdown() {
    let o = outturn(&[
        "check",
        "scenarios/24-00005-supported-living-extension.toml",
        "--format",
        "markdown",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let md = stdout(&o);
    // 500 + 250 = 750 against "approximately 700": 50 more, acknowledged.
    assert!(
        md.contains("| approximately 700 | 750 | +50 | circa 100 | **acknowledged** |"),
        "{md}"
    );
    assert!(
        md.contains("| £138,000,000 | £138,000,000.00 | £0.00 | exact | consistent |"),
        "{md}"
    );
}

/// `analyse --format csv`: every section's rows as records keyed by their own header (the
/// sections follow one another, each with its header, separated by a blank line).
fn analyse_csv(args: &[&str]) -> Vec<BTreeMap<String, String>> {
    let mut all = vec!["analyse"];
    all.extend(args);
    all.extend(["--format", "csv"]);
    let o = outturn(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let mut out = Vec::new();
    for section in text.split("\n\n") {
        let mut reader = csv::Reader::from_reader(section.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        for r in reader.records() {
            out.push(
                header
                    .iter()
                    .cloned()
                    .zip(r.unwrap().iter().map(String::from))
                    .collect(),
            );
        }
    }
    out
}

#[test]
fn supported_living_extension_broken_on_31_march_2025() {
    // 15 June 2024 to 31 March 2025: 290 of 365 days of £138m = 109,643,835.616… →
    // £109,643,835.62, all in 2024-25; nothing after.
    let rows = run_csv("24-00005-supported-living-break");
    assert_eq!(sum(&rows, &[]), 10_964_383_562);
    assert_eq!(sum(&rows, &[("financial_year", "2024-25")]), 10_964_383_562);
    assert!(rows.iter().all(|r| r["financial_year"] == "2024-25"));
    assert_eq!(rows[0]["end"], "2025-03-31");
    assert_eq!(rows[0]["days"], "290");
    // Full term £414,000,000.00; avoided 414,000,000 − 109,643,835.62 = £304,356,164.38;
    // 2027-28 (15 June to 14 June 2027's 75 days) avoids £28,356,164.38.
    let a = analyse_csv(&["scenarios/24-00005-supported-living-break.toml"]);
    let total = a.iter().find(|r| r["financial year"] == "total").unwrap();
    assert_eq!(total["full term"], "414000000.00");
    assert_eq!(total["with break"], "109643835.62");
    assert_eq!(total["avoided"], "304356164.38");
    let y = |fy: &str| a.iter().find(|r| r["financial year"] == fy).unwrap();
    assert_eq!(y("2024-25")["avoided"], "0.00");
    assert_eq!(y("2025-26")["avoided"], "138000000.00");
    assert_eq!(y("2027-28")["full term"], "28356164.38");
    assert_eq!(y("2027-28")["with break"], "0.00");
    // Notice: 1 April 2025 less 3 months = 1 January 2025.
    let o = outturn(&["analyse", "scenarios/24-00005-supported-living-break.toml"]);
    assert!(
        stdout(&o).contains("3 months' notice, to be served by 2025-01-01"),
        "{}",
        stdout(&o)
    );
    // The short year explains as 290 of 365 days.
    let o = outturn(&[
        "explain",
        "scenarios/24-00005-supported-living-break.toml",
        "total.year.2024-25",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains(
            "from contract year 1 (2024-06-15 to 2025-03-31), whose full year has 365 days"
        ),
        "{out}"
    );
    assert!(out.contains("× 290/365 days = £109,643,835.616438… → rounded to the penny, half away from zero: £109,643,835.62"), "{out}");
    // A break can be moved with --set: on 30 June 2025, 381 days in all: the first
    // contract year in full (£138m) and 16 of 365 days of the second: 6,049,315.068… →
    // £6,049,315.07. Total £144,049,315.07.
    let o = outturn(&[
        "run",
        "scenarios/24-00005-supported-living-break.toml",
        "--set",
        "contracts.supported-living-extension.break.on=2025-06-30",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let total: i64 = text
        .lines()
        .skip(1)
        .map(|l| {
            let amount = l.rsplit(',').next().unwrap();
            amount.replace('.', "").parse::<i64>().unwrap()
        })
        .sum();
    assert_eq!(total, 14_404_931_507);
}

#[test]
fn funding_split_between_budget_holders() {
    // care £1,000,000 a year from 1 April 2024 to 30 September 2025; transport £50,000.
    // 2024-25: send £100,000 fixed, asc 60% = £600,000, nhs the rest £300,000; transport
    // £50,000 to asc. 2025-26: 183 of 365 days: care 501,369.863… → £501,369.86 =
    // 50,136,986p; × 0.6 = 30,082,191.6 and × 0.4 = 20,054,794.4, the penny to the larger
    // remainder (0.6): asc £300,821.92, then send £100,000 and nhs 200,547.94 − 100,000 =
    // £100,547.94; transport 50,000 × 183/365 = 25,068.493… → £25,068.49.
    let rows = run_csv_at("tests/mechanics/funding.toml");
    let by = |budget: &str, year: &str| sum(&rows, &[("budget", budget), ("financial_year", year)]);
    assert_eq!(by("send", "2024-25"), 10_000_000);
    assert_eq!(by("adult-social-care", "2024-25"), 65_000_000);
    assert_eq!(by("nhs-icb", "2024-25"), 30_000_000);
    assert_eq!(by("send", "2025-26"), 10_000_000);
    assert_eq!(by("adult-social-care", "2025-26"), 30_082_192 + 2_506_849);
    assert_eq!(by("nhs-icb", "2025-26"), 10_054_794);
    assert_eq!(sum(&rows, &[("line", "care")]), 150_136_986);
    // The Funding section: totals by budget and in all. asc 650,000 + 325,890.41 =
    // 975,890.41; nhs 400,547.94; send 200,000; all 1,576,438.35.
    let a = analyse_csv(&["tests/mechanics/funding.toml"]);
    let total = |b: &str| a.iter().find(|r| r["budget"] == b).unwrap()["total"].clone();
    assert_eq!(total("adult-social-care"), "975890.41");
    assert_eq!(total("nhs-icb"), "400547.94");
    assert_eq!(total("send"), "200000.00");
    assert_eq!(total("total"), "1576438.35");
    // Monthly rows add to the same yearly amounts per budget.
    let o = outturn(&[
        "run",
        "tests/mechanics/funding.toml",
        "--by",
        "month",
        "--format",
        "csv",
    ]);
    assert!(o.status.success());
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let send_2025: i64 = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[3] == "send" && &r[5] == "2025-26")
        .map(|r| r[9].replace('.', "").parse::<i64>().unwrap())
        .sum();
    assert_eq!(send_2025, 10_000_000);
    // Explain shows the funding step.
    let o = outturn(&[
        "explain",
        "tests/mechanics/funding.toml",
        "budget.nhs-icb.year.2025-26",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains(
            "funded by nhs-icb (the remainder): £100,547.94 of the line's £501,369.86 in 2025-26"
        ),
        "{out}"
    );
    assert!(
        out.contains("budget.nhs-icb.year.2025-26 = £100,547.94"),
        "{out}"
    );
}

#[test]
fn savings_plans_target_and_achieved() {
    // remodel: £1,000,000 from 1 October 2022, phased 50% then 100%, 80% delivered.
    // 2022-23: 500,000 × 182/365 = 249,315.068… → £249,315.07 target; × 0.8 = 199,452.056 →
    // £199,452.06 achieved. Then £1,000,000 target, £800,000 achieved, each year.
    // five-per-cent: 5% of £2,000,000 = £100,000; 25% in 2023-24 = £25,000, 60% in 2024-25
    // = £60,000. flat: £10,000 in 2024-25.
    let rows = run_csv_at("tests/mechanics/savings.toml");
    let s = |line: &str, year: &str| sum(&rows, &[("line", line), ("financial_year", year)]);
    assert_eq!(s("remodel", "2022-23"), -19_945_206);
    assert_eq!(s("remodel", "2023-24"), -80_000_000);
    assert_eq!(s("remodel", "2024-25"), -80_000_000);
    assert_eq!(s("five-per-cent", "2022-23"), 0);
    assert_eq!(s("five-per-cent", "2023-24"), -2_500_000);
    assert_eq!(s("five-per-cent", "2024-25"), -6_000_000);
    assert_eq!(s("flat", "2024-25"), -1_000_000);
    let first = rows.iter().find(|r| r["line"] == "remodel").unwrap();
    assert_eq!(first["start"], "2022-10-01");
    let a = analyse_csv(&["tests/mechanics/savings.toml"]);
    let row = |saving: &str, year: &str| {
        a.iter()
            .find(|r| r["saving"] == saving && r["financial year"] == year)
            .unwrap()
            .clone()
    };
    assert_eq!(row("remodel", "2022-23")["target"], "249315.07");
    assert_eq!(row("remodel", "2022-23")["achieved"], "199452.06");
    // Totals: target 249,315.07 + 2 × 1,000,000 = 2,249,315.07; achieved 199,452.06 +
    // 1,600,000 = 1,799,452.06; not achieved 449,863.01.
    assert_eq!(row("remodel", "total")["target"], "2249315.07");
    assert_eq!(row("remodel", "total")["achieved"], "1799452.06");
    assert_eq!(row("remodel", "total")["not achieved"], "449863.01");
    assert_eq!(row("five-per-cent", "2024-25")["gross spend"], "2000000.00");
    // Explain walks the plan's steps for the first year.
    let o = outturn(&[
        "explain",
        "tests/mechanics/savings.toml",
        "line.remodel.year.2022-23",
    ]);
    let out = stdout(&o);
    for step in [
        "full-year target: £1,000,000.00",
        "phased: 50% of it = £500,000.00",
        "from 2022-10-01: 182 of 365 days of £500,000.00 = £249,315.07",
        "target £249,315.07, 80% delivered = £199,452.06 achieved",
        "line.remodel.year.2022-23 = -£199,452.06",
    ] {
        assert!(out.contains(step), "{step}\n{out}");
    }
    let o = outturn(&[
        "explain",
        "tests/mechanics/savings.toml",
        "line.five-per-cent.year.2024-25",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("full-year target: 5% of gross spend £2,000,000.00 = £100,000.00"),
        "{out}"
    );
    assert!(out.contains("phased: 60% of it = £60,000.00"), "{out}");
    assert_eq!(row("flat", "2024-25")["achieved"], "10000.00");
}

#[test]
fn analyse_without_mechanics_says_so() {
    // One year of a flat annual value: nothing to count and no second year to compare.
    let o = outturn(&[
        "analyse",
        DPSS,
        "--set",
        "end=2026-03-31",
        "--set",
        "extensions.1.taken=false",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("no break clause, savings plan, funding split"));
    // Five flat years: only the year-to-year variance, with no change in any year.
    let o = outturn(&["analyse", DPSS]);
    let out = stdout(&o);
    assert!(out.contains("Volume, mix and price"), "{out}");
    assert!(!out.contains("Savings") && !out.contains("Break"), "{out}");
    // A scenario with a saving but no break has a Savings section and no Break section.
    let o = outturn(&["analyse", "scenarios/22-00034-community-opportunities.toml"]);
    let out = stdout(&o);
    assert!(
        out.contains("Savings: 22-00034-community-opportunities"),
        "{out}"
    );
    assert!(!out.contains("Break clauses"), "{out}");
}

#[test]
fn the_workbook_has_inputs_a_projection_with_live_totals_and_checks() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dpss.xlsx");
    let o = outturn(&[
        "run",
        DPSS,
        "--format",
        "xlsx",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Inputs", "Projection", "Checks"]);
    let inputs = book.worksheet_range("Inputs").unwrap();
    assert_eq!(
        inputs.get((3, 1)),
        Some(&Data::String(
            "KCC decision 24/00051, financial implications".into()
        ))
    );
    let projection = book.worksheet_range("Projection").unwrap();
    // Header, one line, a total row; five years (2025-26 … 2029-30) and a total column.
    assert_eq!(
        projection.get((0, 2)),
        Some(&Data::String("2025-26".into()))
    );
    assert_eq!(projection.get((0, 7)), Some(&Data::String("Total".into())));
    assert_eq!(projection.get((1, 2)), Some(&Data::Float(589_294.2)));
    // Totals are formulas, with the engine's exact total as their stored result.
    assert_eq!(projection.get((1, 7)), Some(&Data::Float(2_946_471.0)));
    let formulas = book.worksheet_formula("Projection").unwrap();
    let formula = |r: u32, c: u32| formulas.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(formula(1, 7), "SUM(C2:G2)");
    assert_eq!(formula(2, 2), "SUM(C2:C2)");
    assert_eq!(formula(2, 7), "SUM(H2:H2)");
    let checks = book.worksheet_range("Checks").unwrap();
    assert_eq!(checks.get((1, 6)), Some(&Data::String("consistent".into())));
    assert_eq!(checks.get((1, 3)), Some(&Data::Float(2_946_471.0)));
    // Written to standard output, a workbook is refused.
    let o = outturn(&["run", DPSS, "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn several_scenarios_make_one_workbook_with_sheets_for_each() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("both.xlsx");
    let o = outturn(&[
        "run",
        "scenarios/24-00005-supported-living-advertised.toml",
        "scenarios/24-00005-supported-living-extension.toml",
        "--format",
        "xlsx",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "1 Inputs",
            "1 Projection",
            "1 Checks",
            "2 Inputs",
            "2 Projection",
            "2 Checks"
        ]
    );
    let inputs = book.worksheet_range("2 Inputs").unwrap();
    assert_eq!(
        inputs.get((1, 1)),
        Some(&Data::String("24-00005-supported-living-extension".into()))
    );
    // The extension from 15 June 2024: 290/365 of £138m in 2024-25 (worked in the README),
    // £414m in all; the advertised £68m a year gives £204m.
    let extension = book.worksheet_range("2 Projection").unwrap();
    assert_eq!(extension.get((1, 2)), Some(&Data::Float(109_643_835.62)));
    assert_eq!(extension.get((2, 6)), Some(&Data::Float(414_000_000.0)));
    let advertised = book.worksheet_range("1 Projection").unwrap();
    assert_eq!(advertised.get((2, 6)), Some(&Data::Float(204_000_000.0)));
}

const COMMUNITY: &str = "scenarios/22-00034-community-opportunities.toml";

/// Whether an SVG holds a text element that says exactly `text`.
fn svg_text(svg: &str, text: &str) -> bool {
    svg.contains(&format!(">\n{text}\n</text>"))
}

#[test]
fn the_chart_shows_the_years_the_phases_and_pounds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dpss.svg");
    let o = outturn(&["chart", DPSS, "-o", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..100]);
    assert!(svg.contains("Direct payment support service for children and young people"));
    for year in ["2025-26", "2026-27", "2027-28", "2028-29", "2029-30"] {
        assert!(svg.contains(year), "{year}");
    }
    // The initial term (to 31 March 2028) and the 24-month extension are both marked.
    assert!(svg.contains("▸ initial") && svg.contains("▸ extension-1"));
    assert!(svg.contains("Total £2,946,471.00"));
    // The value axis is in pounds, short: £589,294.20 a year sits below £600k.
    assert!(svg_text(&svg, "£600k") && svg_text(&svg, "£100k"), "{svg}");
    // One bar a year in the line's colour, and its square in the legend.
    assert_eq!(svg.matches("fill=\"#0072B2\"").count(), 5 + 1, "{svg}");
    // The same projection draws the same bytes, so committed charts diff cleanly.
    let again = outturn(&["chart", DPSS]);
    assert_eq!(again.stdout, svg.as_bytes());
}

#[test]
fn charts_stack_by_budget_and_compare_scenarios() {
    let by_budget = stdout(&outturn(&["chart", COMMUNITY, "--stack", "budget"]));
    assert!(by_budget.contains("Stacked by budget"));
    assert!(svg_text(&by_budget, "26+") && svg_text(&by_budget, "18-25"));
    // Two contracts: each phase is labelled with its contract.
    assert!(by_budget.contains("framework:initial"), "{by_budget}");
    let o = outturn(&[
        "chart",
        "scenarios/24-00005-supported-living-advertised.toml",
        "scenarios/24-00005-supported-living-extension.toml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let compared = stdout(&o);
    assert!(compared.contains("Scenarios compared"));
    // Legend names are cut to fit their panel.
    assert!(compared.contains("24-00005-supported-living-adv…"));
    assert!(compared.contains("2: total £414,000,000.00"));
    assert!(compared.contains("1: total £204,000,000.00"));
    // Up to £138m in a year, on an axis in £m.
    assert!(svg_text(&compared, "£100m"), "{compared}");
}

#[test]
fn export_writes_nothing_when_a_scenario_is_bad() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("24-00051-direct-payment-support.csv");
    std::fs::write(&old, "previous output\n").unwrap();
    let o = outturn(&[
        "export",
        "scenarios",
        "tests/errors/impossible-date.toml",
        "--output-dir",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nothing was written"));
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "previous output\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// Text from a scenario file is escaped on the page: a title cannot inject markup.
#[test]
fn the_report_escapes_scenario_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(DPSS)).unwrap().replace(
        "title = \"Direct payment support service for children and young people\"",
        "title = \"Care & support <script>alert('x')</script>\"",
    );
    let scenario = dir.path().join("odd.toml");
    std::fs::write(&scenario, text).unwrap();
    let o = outturn(&["report", scenario.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(html.contains("Care &amp; support &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(!html.contains("<script"));
}

/// Chromium from the system packages, installed once (as root, with apt-get) when missing.
fn chromium() -> PathBuf {
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let path = PathBuf::from("/usr/bin/chromium");
    if !path.exists() {
        let apt = |args: &[&str]| {
            Command::new("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive")
                .status()
                .is_ok_and(|s| s.success())
        };
        // A fresh machine may need the package lists first.
        let installed = apt(&["install", "-y", "chromium"])
            || (apt(&["update"]) && apt(&["install", "-y", "chromium"]));
        assert!(
            installed && path.exists(),
            "the report test needs Chromium at /usr/bin/chromium and could not install it; \
             run `apt-get install -y chromium` as root"
        );
    }
    path
}

/// Runs headless Chromium on `page` with `extra` arguments, in a fresh profile.
fn headless(page: &Path, extra: &[&str]) -> Output {
    let profile = tempfile::tempdir().unwrap();
    let o = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("Chromium runs");
    assert!(o.status.success(), "Chromium failed: {}", stderr(&o));
    o
}

/// The report page, opened in a real headless browser: it loads with no errors, needs
/// nothing from the network, shows the key figures, and renders to a non-blank screenshot.
#[test]
fn the_report_page_renders_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let o = outturn(&[
        "report",
        DPSS,
        "scenarios/24-00005-supported-living-extension.toml",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).unwrap();
    // Self-contained: no scripts, no stylesheets or images fetched from anywhere.
    for banned in ["<script", "<link", "<img", "src=", "@import", "url("] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert_eq!(
        html.matches("<svg").count(),
        3,
        "two profiles and the comparison"
    );

    let o = headless(&page, &["--dump-dom"]);
    let dom = stdout(&o);
    let log = stderr(&o);
    // A console message (a script error, a resource that failed to load) is logged as
    // `INFO:CONSOLE`; a self-contained page with no scripts has none.
    for error in ["CONSOLE", "Uncaught", "ERR_"] {
        assert!(!log.contains(error), "{error} in {log}");
    }
    // The figures worked in the README: £589,294.20 a year, £2,946,471.00 over five years;
    // the supported-living extension's £109,643,835.62 in 2024-25 and £414m in all.
    for figure in [
        "£589,294.20",
        "£2,946,471.00",
        "£109,643,835.62",
        "£414,000,000.00",
    ] {
        assert!(dom.contains(figure), "{figure} is not on the rendered page");
    }
    assert!(dom.contains("✓ consistent"));
    assert!(dom.contains("! acknowledged"));

    let shot = dir.path().join("report.png");
    headless(
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
            "--hide-scrollbars",
        ],
    );
    let bytes = std::fs::read(&shot).expect("Chromium wrote the screenshot");
    assert!(
        bytes.len() > 20_000,
        "screenshot is only {} bytes",
        bytes.len()
    );
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (1280, 2000));
    // Not blank: many colours (text, table shading, the chart's bars), and plenty of pixels
    // that are not the white background.
    let step = info.color_type.samples();
    let colours: std::collections::HashSet<&[u8]> =
        pixels[..info.buffer_size()].chunks(step).collect();
    assert!(colours.len() > 50, "only {} colours", colours.len());
    let not_white = pixels[..info.buffer_size()]
        .chunks(step)
        .filter(|p| p[..3] != [255, 255, 255])
        .count();
    assert!(
        not_white > (1280 * 2000) / 50,
        "only {not_white} pixels are not white"
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
