//! `outturn monitor` on the bundled example (scenarios/monitoring) and on
//! small inputs written here. The figures are worked by hand in docs/monitoring.md (and by
//! scripts/ref_monitor.py in Python `decimal`); none is copied from the program's output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;

const P5: &str = "scenarios/monitoring/month-05.toml";
const P6: &str = "scenarios/monitoring/month-06.toml";
const SAVED_P5: &str = "scenarios/monitoring/forecast-p05.csv";

pub(crate) type Record = BTreeMap<String, String>;

fn records(csv_text: &[u8]) -> Vec<Record> {
    let mut reader = csv::Reader::from_reader(csv_text);
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

/// The wide report of `args` (after `monitor`).
pub(crate) fn wide(args: &[&str]) -> Vec<Record> {
    let mut all = vec!["monitor"];
    all.extend(args);
    all.extend(["--format", "csv", "--layout", "wide"]);
    let o = outturn(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    records(&o.stdout)
}

/// The row of a cost centre, or of a total (`service:NAME`, `directorate:NAME`, `council`).
pub(crate) fn row<'a>(rows: &'a [Record], key: &str) -> &'a Record {
    rows.iter()
        .find(|r| match key.split_once(':') {
            Some((level, name)) => {
                r["level"] == level
                    && (r["service"] == name
                        || (level == "directorate" && r["directorate"] == name))
            }
            None if key == "council" => r["level"] == "council",
            None => r["cost_centre"] == key,
        })
        .unwrap_or_else(|| panic!("no row {key}"))
}

#[test]
fn day_opportunities_26_and_over_at_p6() {
    let rows = wide(&[P6]);
    let r = row(&rows, "LD26-DAY");
    assert_eq!(r["forecast_method"], "straight line");
    assert_eq!(r["latest_budget"], "6392400.00");
    assert_eq!(r["actual"], "3819966.79");
    // 113,640.21 beside the framework + 3,749,374.52 new contract − 1,000,000 saving
    // + 250,000 slippage.
    assert_eq!(r["forecast"], "3113014.73");
    // The £12,000 order is a call-off under the framework: shown, not counted.
    assert_eq!(r["commitments"], "12000.00");
    assert_eq!(r["commitments_counted"], "0.00");
    assert_eq!(r["outturn"], "6932981.52");
    assert_eq!(r["variance"], "540581.52");
    assert_eq!(r["variance_percent"], "8.5");
    assert_eq!(r["rag"], "red");
}

#[test]
fn budget_profile_virements_adjustment_and_commitment_at_p6() {
    let rows = wide(&[P6]);
    let r = row(&rows, "LD-COMM");
    assert_eq!(r["forecast_method"], "budget profile");
    assert_eq!(r["original_budget"], "480000.00");
    // V-2022-014 (−40,000) and V-2022-017 (+15,000); V-2022-021 is dated after P6.
    assert_eq!(r["virements"], "-25000.00");
    assert_eq!(r["latest_budget"], "455000.00");
    assert_eq!(r["actual"], "233114.40");
    // Profile P7–P12 232,190.49, less the £15,000 contribution in P12.
    assert_eq!(r["forecast"], "217190.49");
    assert_eq!(r["commitments_counted"], "6500.00");
    assert_eq!(r["outturn"], "456804.89");
    assert_eq!(r["variance"], "1804.89");
    assert_eq!(r["variance_percent"], "0.4");
    assert_eq!(r["rag"], "green");
    // The profile month by month, in the long layout.
    let o = outturn(&["monitor", P6, "--format", "csv"]);
    let long = records(&o.stdout);
    let profile: Vec<&str> = long
        .iter()
        .filter(|r| {
            r["cost_centre"] == "LD-COMM" && r["measure"] == "budget" && !r["period"].is_empty()
        })
        .map(|r| r["amount"].as_str())
        .collect();
    assert_eq!(
        profile,
        [
            "38000.00", "38000.00", "38000.00", "33555.55", "36555.55", "38698.41", "38698.41",
            "38698.42", "38698.42", "38698.42", "38698.41", "38698.41"
        ]
    );
}

#[test]
fn last_years_profile_and_a_net_income_budget_at_p6() {
    let rows = wide(&[P6]);
    let r = row(&rows, "YP-DP");
    assert_eq!(r["forecast_method"], "last year's profile");
    assert_eq!(r["actual"], "174048.90");
    // 174,048.90 × 172,830.85 ÷ 152,861.40 = 196,786.2346… → 196,786.23.
    assert_eq!(r["forecast"], "196786.23");
    assert_eq!(r["outturn"], "374035.13");
    assert_eq!(r["variance"], "14035.13");
    assert_eq!(r["variance_percent"], "3.9");
    assert_eq!(r["rag"], "amber");
    let inc = row(&rows, "LD-INC");
    assert_eq!(inc["outturn"], "-252601.00");
    assert_eq!(inc["variance"], "47399.00");
    assert_eq!(inc["variance_percent"], "15.8");
    assert_eq!(inc["rag"], "red");
    let o = outturn(&["monitor", P6, "--format", "csv"]);
    let long = records(&o.stdout);
    let months: Vec<&str> = long
        .iter()
        .filter(|r| {
            r["cost_centre"] == "YP-DP" && r["measure"] == "forecast" && !r["period"].is_empty()
        })
        .map(|r| r["amount"].as_str())
        .skip(6)
        .collect();
    assert_eq!(
        months,
        ["31015.74", "31687.40", "32006.84", "33475.01", "33076.73", "35524.51"]
    );
}

#[test]
fn directorates_and_the_council_at_p6() {
    let rows = wide(&[P6]);
    let asch = row(&rows, "directorate:Adult Social Care and Health");
    assert_eq!(asch["latest_budget"], "9366300.00");
    assert_eq!(asch["actual"], "5356318.75");
    assert_eq!(asch["forecast"], "4638054.20");
    assert_eq!(asch["outturn"], "10000872.95");
    assert_eq!(asch["variance"], "634572.95");
    assert_eq!(asch["variance_percent"], "6.8");
    assert_eq!(asch["rag"], "red");
    let cype = row(&rows, "directorate:Children, Young People and Education");
    assert_eq!(cype["outturn"], "3934303.21");
    assert_eq!(cype["variance"], "51303.21");
    assert_eq!(cype["rag"], "amber");
    // The same £51,303.21 is green for the service, whose thresholds are larger.
    assert_eq!(row(&rows, "service:Young People 18 to 25")["rag"], "green");
    let council = row(&rows, "council");
    assert_eq!(council["latest_budget"], "13249300.00");
    assert_eq!(council["actual"], "7315461.76");
    assert_eq!(council["commitments_counted"], "9700.00");
    assert_eq!(council["forecast"], "6610014.40");
    assert_eq!(council["outturn"], "13935176.16");
    assert_eq!(council["variance"], "685876.16");
    assert_eq!(council["variance_percent"], "5.2");
    assert_eq!(council["rag"], "red");
}

#[test]
fn movement_since_p5_by_cause() {
    let rows = wide(&[P6, "--previous", SAVED_P5]);
    let council = row(&rows, "council");
    assert_eq!(council["previous_outturn"], "13508093.03");
    assert_eq!(council["movement"], "427083.13");
    assert_eq!(council["movement_new_actuals"], "73724.89");
    assert_eq!(council["movement_contract_changes"], "63301.10");
    assert_eq!(council["movement_price"], "24000.00");
    assert_eq!(council["movement_savings_slippage"], "250000.00");
    assert_eq!(council["movement_budget_changes"], "12857.14");
    assert_eq!(council["movement_commitments"], "3200.00");
    assert_eq!(council["movement_volume"], "0.00");
    assert_eq!(council["movement_adjustments"], "0.00");
    let ld = row(&rows, "LD26-DAY");
    assert_eq!(ld["previous_outturn"], "6560879.59");
    // 29,400.41 (P6 against its forecast) + 29,400.42 (the line re-drawn).
    assert_eq!(ld["movement_new_actuals"], "58800.83");
    assert_eq!(ld["movement"], "372101.93");
    // Every row's causes add up to its movement.
    let pennies = |s: &str| -> i64 { s.replace('.', "").parse().unwrap() };
    for r in &rows {
        let causes: i64 = r
            .iter()
            .filter(|(k, _)| k.starts_with("movement_"))
            .map(|(_, v)| pennies(v))
            .sum();
        assert_eq!(causes, pennies(&r["movement"]), "{r:?}");
        assert_eq!(
            pennies(&r["outturn"]) - pennies(&r["previous_outturn"]),
            pennies(&r["movement"])
        );
    }
}

#[test]
fn the_saved_p5_forecast_is_what_p5_saves() {
    let dir = temp_dir();
    let saved = dir.path().join("p5.csv");
    let o = outturn(&[
        "monitor",
        P5,
        "--save-forecast",
        saved.to_str().unwrap(),
        "-o",
        dir.path().join("p5.txt").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&saved).unwrap(),
        std::fs::read(root().join(SAVED_P5)).unwrap(),
        "scenarios/monitoring/forecast-p05.csv is not what month-05.toml saves; regenerate it with the command in month-05.toml"
    );
}

/// The wide CSV is what the independent Python reference writes, byte for byte.
#[test]
fn the_python_reference_writes_the_same_report() {
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output();
    if python.is_err() {
        eprintln!("python3 not found: the reference comparison is skipped");
        return;
    }
    for args in [vec![P5], vec![P6, "--previous", SAVED_P5]] {
        let ours = outturn(
            &[
                &["monitor"],
                &args[..],
                &["--format", "csv", "--layout", "wide"],
            ]
            .concat(),
        );
        let reference = std::process::Command::new("python3")
            .arg("scripts/ref_monitor.py")
            .args(&args)
            .current_dir(root())
            .output()
            .unwrap();
        assert!(
            reference.status.success(),
            "{}",
            String::from_utf8_lossy(&reference.stderr)
        );
        assert_eq!(
            stdout(&ours),
            String::from_utf8(reference.stdout).unwrap(),
            "{args:?}"
        );
    }
}

#[test]
fn long_and_wide_layouts_carry_the_same_figures() {
    let wide_rows = wide(&[P6]);
    let o = outturn(&["monitor", P6, "--format", "csv"]);
    let long = records(&o.stdout);
    let pennies = |s: &str| -> i64 { s.replace('.', "").parse().unwrap() };
    for w in &wide_rows {
        let mine: Vec<&Record> = long
            .iter()
            .filter(|l| {
                l["level"] == w["level"]
                    && l["directorate"] == w["directorate"]
                    && l["service"] == w["service"]
                    && l["cost_centre"] == w["cost_centre"]
            })
            .collect();
        let year = |measure: &str| {
            mine.iter()
                .find(|l| l["measure"] == measure && l["period"].is_empty())
                .map(|l| l["amount"].clone())
                .unwrap()
        };
        let by_period = |measure: &str| -> i64 {
            mine.iter()
                .filter(|l| l["measure"] == measure && !l["period"].is_empty())
                .map(|l| pennies(&l["amount"]))
                .sum()
        };
        assert_eq!(year("outturn"), w["outturn"]);
        assert_eq!(by_period("actual"), pennies(&w["actual"]));
        assert_eq!(by_period("forecast"), pennies(&w["forecast"]));
        assert_eq!(by_period("budget"), pennies(&w["latest_budget"]));
    }
}

#[test]
fn json_and_markdown_carry_the_report() {
    let o = outturn(&["monitor", P6, "--format", "json", "--previous", SAVED_P5]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let grids = v.as_array().unwrap();
    assert_eq!(grids.len(), 3, "report, movement, savings");
    let council = grids[0]["rows"].as_array().unwrap().last().unwrap();
    assert_eq!(council["forecast outturn"], "13935176.16");
    assert_eq!(grids[2]["rows"][0]["status"], "at risk");
    let o = outturn(&["monitor", P6, "--format", "markdown"]);
    assert!(stdout(&o).contains("| Total council |  | £13,249,300.00 | £13,249,300.00 | £7,315,461.76 | £21,700.00 | £6,610,014.40 | £13,935,176.16 | £685,876.16 | +5.2% | red |"));
}

#[test]
fn the_table_states_the_rules_it_used() {
    let o = outturn(&["monitor", P6]);
    assert!(o.status.success());
    let text = stdout(&o);
    for expected in [
        "Day opportunities (decision 22/00034): budget monitoring 2022-23 at P6 (actuals to 30 September 2022)",
        "Variance is forecast outturn − latest budget: an overspend is positive, an underspend negative.",
        "Actuals: 59 lines of scenarios/monitoring/ledger-p06.csv counted, totalling £7,315,461.76, matching its control total £7,315,461.76.",
        "Commitments are added to the outturn only where no contract forecasts the spend (£9,700.00 in all)",
        "Virement V-2022-021 of £25,000.00 to YP-DAY is dated 2022-10-03, after P6, and is not yet in the latest budget.",
        "Day opportunities recommissioning (26+)  LD26-DAY     £1,000,000.00              £0.00        £750,000.00  £250,000.00  at risk",
    ] {
        assert!(text.contains(expected), "missing: {expected}\n{text}");
    }
}

/// Writes `files` into a fresh folder; returns it.
pub(crate) fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = temp_dir();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

pub(crate) const BUDGET: &str =
    "cost_centre,name,service,directorate,budget\nA,Alpha,S1,D1,1200.00\nB,Beta,S1,D1,-600.00\n";

/// A config for a small report at `period`, its ledger `ledger.csv` read by `profile`.
pub(crate) fn config(period: u8, profile: &str, extra: &str) -> String {
    format!("title = \"Small\"\nyear = \"2022-23\"\nperiod = {period}\nbudget = \"budget.csv\"\n\n[ledger]\nfile = \"ledger.csv\"\nprofile = \"{profile}\"\n{extra}")
}

#[test]
fn every_ledger_profile_reads_the_same_actuals() {
    // A: 100.00 in P1, 50.50 in P2 and a 20.25 credit in P2; B: income of 60.00 in P2.
    let ledgers = [
        ("generic", "cost_centre,period,amount\nA,P1,100.00\nA,P2,50.50\nA,P2,-20.25\nB,2,-60.00\n"),
        ("unit4", "client,account,dim_1,period,amount,voucher_no\nKC,5100,A,202201,100.00,1\nKC,5100,A,202202,50.50,2\nKC,5100,A,202202,-20.25,3\nKC,9100,B,202202,-60.00,4\n"),
        ("oracle", "period_name,actual_flag,segment2,period_net_dr,period_net_cr\nAPR-22,A,A,100.00,0\nMAY-22,A,A,50.50,20.25\nMAY-22,B,A,999.00,0\nMay-22,A,B,,60.00\n"),
        ("sap", "RLDNR,RBUKRS,GJAHR,POPER,RCNTR,HSL,DRCRK,BELNR\n0L,1000,2022,001,A,100.00,S,1\n0L,1000,2022,002,A,50.50,S,2\n0L,1000,2022,002,A,-20.25,H,3\n2L,1000,2022,002,A,77.00,S,4\n0L,1000,2022,002,B,-60.00,H,5\n"),
        ("transparency", "Body name,Date,Transaction number,Amount,Supplier,Expense area,Expense type\nKent,15/04/2022,1,100.00,\"Care, Ltd\",A,Day care\nKent,2022-05-03,2,\"£50.50\",Care Ltd,A,Day care\nKent,31/05/2022,3,(20.25),Care Ltd,A,Credit note\nKent,10/05/2022,4,-60.00,Client,B,Income\n"),
    ];
    for (profile, ledger) in ledgers {
        let dir = folder(&[
            ("budget.csv", BUDGET),
            ("ledger.csv", ledger),
            (
                "m.toml",
                &config(2, profile, "control_total = \"£70.25\"\n"),
            ),
        ]);
        let o = outturn(&[
            "monitor",
            dir.path().join("m.toml").to_str().unwrap(),
            "--format",
            "csv",
            "--layout",
            "wide",
        ]);
        assert!(o.status.success(), "{profile}: {}", stderr(&o));
        let rows = records(&o.stdout);
        // A: 130.25 to P2, by straight line 130.25 × 10 ÷ 2 = 651.25 more: 781.50.
        assert_eq!(row(&rows, "A")["actual"], "130.25", "{profile}");
        assert_eq!(row(&rows, "A")["outturn"], "781.50", "{profile}");
        // B: −60.00 to P2, −300.00 more: −360.00 against −600.00, £240.00 of income short.
        assert_eq!(row(&rows, "B")["outturn"], "-360.00", "{profile}");
        assert_eq!(row(&rows, "B")["variance"], "240.00", "{profile}");
    }
}

#[test]
fn the_year_end_report_counts_p13_and_has_nothing_to_come() {
    let ledger = "cost_centre,period,amount\nA,P1,100.00\nA,P12,50.00\nA,P13,-10.00\nB,P13,5.00\n";
    let dir = folder(&[
        ("budget.csv", BUDGET),
        ("ledger.csv", ledger),
        ("m.toml", &config(12, "generic", "")),
    ]);
    let rows = wide(&[dir.path().join("m.toml").to_str().unwrap()]);
    assert_eq!(row(&rows, "A")["actual"], "140.00");
    assert_eq!(row(&rows, "A")["forecast"], "0.00");
    assert_eq!(row(&rows, "A")["outturn"], "140.00");
    assert_eq!(row(&rows, "A")["variance"], "-1060.00");
    assert_eq!(row(&rows, "B")["outturn"], "5.00");
}

#[test]
fn a_register_forecasts_its_cost_centres_by_month() {
    // £12,000.00 a year from 1 April 2022 for a year, split by the days of each month:
    // April 30/365 = 986.30 (986.3013…), May 31/365 = 1,019.18 (1,019.178…), and so on;
    // July to March (274 days) take 1,019.18 × 6 + 986.30 × 2 + 920.54 = 9,008.22 (the
    // exact 12,000 × 274 ÷ 365 is 9,008.219…). P1–P3 actuals £3,000.00.
    let register = "id,cost_centre,start,term_years,extension_months,annual_value,uplift_pct\n1,A,2022-04-01,1,0,12000.00,0\n";
    let ledger = "cost_centre,period,amount\nA,P1,1000.00\nA,P2,1000.00\nA,P3,1000.00\n";
    let extra = "\n[[contracts]]\nregister = \"register.csv\"\n";
    let dir = folder(&[
        ("budget.csv", BUDGET),
        ("ledger.csv", ledger),
        ("register.csv", register),
        ("m.toml", &config(3, "generic", extra)),
    ]);
    let rows = wide(&[dir.path().join("m.toml").to_str().unwrap()]);
    let a = row(&rows, "A");
    assert_eq!(a["forecast_method"], "contracts only");
    assert_eq!(a["forecast"], "9008.22");
    assert_eq!(a["outturn"], "12008.22");
}

/// The same register saved from Excel (`register.xlsx`, the amount a number cell, the start a
/// date cell) forecasts the same: £9,008.22 to come. A repeated id is named by its rows in
/// the sheet.
#[test]
fn a_register_in_a_workbook_is_read_as_the_csv_one() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let write = |path: &std::path::Path, rows: u32| {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let header = "id,cost_centre,start,term_years,extension_months,annual_value,uplift_pct";
        for (j, name) in header.split(',').enumerate() {
            sheet.write_string(0, j as u16, name).unwrap();
        }
        let date = Format::new().set_num_format("dd/mm/yyyy");
        let start = ExcelDateTime::from_ymd(2022, 4, 1).unwrap();
        for r in 1..=rows {
            sheet.write_number(r, 0, 1).unwrap();
            sheet.write_string(r, 1, "A").unwrap();
            sheet
                .write_datetime_with_format(r, 2, &start, &date)
                .unwrap();
            for (j, v) in [(3, 1.0), (4, 0.0), (5, 12000.0), (6, 0.0)] {
                sheet.write_number(r, j, v).unwrap();
            }
        }
        book.save(path).unwrap();
    };
    let ledger = "cost_centre,period,amount\nA,P1,1000.00\nA,P2,1000.00\nA,P3,1000.00\n";
    let extra = "\n[[contracts]]\nregister = \"register.xlsx\"\n";
    let dir = folder(&[
        ("budget.csv", BUDGET),
        ("ledger.csv", ledger),
        ("m.toml", &config(3, "generic", extra)),
    ]);
    let register = dir.path().join("register.xlsx");
    write(&register, 1);
    let config_path = dir.path().join("m.toml");
    let rows = wide(&[config_path.to_str().unwrap()]);
    let a = row(&rows, "A");
    assert_eq!(a["forecast"], "9008.22");
    assert_eq!(a["outturn"], "12008.22");
    write(&register, 2);
    let o = outturn(&["monitor", config_path.to_str().unwrap()]);
    refused(&o, "register.xlsx: id 1 is on 2 rows (lines 2 and 3): each row is costed as a contract, so it would be counted twice; delete the repeats");
}

/// A register that lists one contract twice would forecast it twice: refused, naming the id
/// and its lines, as `portfolio` refuses it.
#[test]
fn a_register_that_repeats_an_id_is_refused() {
    let register = "id,cost_centre,start,term_years,extension_months,annual_value,uplift_pct\n1,A,2022-04-01,1,0,12000.00,0\n1,A,2022-04-01,1,0,12000.00,0\n";
    let ledger = "cost_centre,period,amount\nA,P1,1000.00\n";
    let extra = "\n[[contracts]]\nregister = \"register.csv\"\n";
    let dir = folder(&[
        ("budget.csv", BUDGET),
        ("ledger.csv", ledger),
        ("register.csv", register),
        ("m.toml", &config(3, "generic", extra)),
    ]);
    let o = outturn(&["monitor", dir.path().join("m.toml").to_str().unwrap()]);
    refused(&o, "register.csv: id 1 is on 2 rows (lines 2 and 3): each row is costed as a contract, so it would be counted twice; delete the repeats");
}

#[test]
fn the_sign_of_a_variance_is_the_councils() {
    let ledger = "cost_centre,period,amount\nA,P6,700.00\nB,P6,-300.00\n";
    let extra = "\n[rag.cost_centre]\nred = { percent = \"5%\" }\n";
    let text = config(6, "generic", extra).replace(
        "budget = ",
        "variance_sign = \"underspend-positive\"\nbudget = ",
    );
    let dir = folder(&[
        ("budget.csv", BUDGET),
        ("ledger.csv", ledger),
        ("m.toml", &text),
    ]);
    let rows = wide(&[dir.path().join("m.toml").to_str().unwrap()]);
    // A: 700 × 12 ÷ 6 = 1,400 against 1,200: overspent by 200, printed as −200 and −16.7%.
    assert_eq!(row(&rows, "A")["outturn"], "1400.00");
    assert_eq!(row(&rows, "A")["variance"], "-200.00");
    assert_eq!(row(&rows, "A")["variance_percent"], "-16.7");
    assert_eq!(row(&rows, "A")["rag"], "red");
    // B: −600 of income as budgeted: break-even, green.
    assert_eq!(row(&rows, "B")["variance"], "0.00");
    assert_eq!(row(&rows, "B")["variance_percent"], "0.0");
    assert_eq!(row(&rows, "B")["rag"], "green");
}

fn bad_ledger_folder() -> tempfile::TempDir {
    // Line 3 is not exact, line 5 names no budget holder; A's good lines are 100.00 and 50.00.
    let ledger = "cost_centre,period,amount\nA,P1,100.00\nA,P1,12.345\nA,P2,50.00\nZ,P2,7.00\n";
    folder(&[
        ("budget.csv", BUDGET),
        ("ledger.csv", ledger),
        ("m.toml", &config(2, "generic", "")),
    ])
}

#[test]
fn bad_ledger_lines_stop_the_report_and_nothing_is_written() {
    let dir = bad_ledger_folder();
    let out = dir.path().join("report.csv");
    let saved = dir.path().join("saved.csv");
    std::fs::write(&out, "previous output\n").unwrap();
    let o = outturn(&[
        "monitor",
        dir.path().join("m.toml").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--save-forecast",
        saved.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o).replace(&dir.path().display().to_string(), "DIR");
    assert_eq!(
        err,
        "error: DIR/ledger.csv:3:6: amount: `12.345` is not a whole number of pennies; amounts must be exact to the penny\n  |\n3 | A,P1,12.345\n  |      ^^^^^^\n\
         error: DIR/ledger.csv:5:1: cost_centre: `Z` is not a budget holder in the budget file; add it there, or correct the code\n  |\n5 | Z,P2,7.00\n  | ^\n\
         2 errors; nothing was written\n"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous output\n");
    assert!(!saved.exists());
}

#[test]
fn bad_ledger_lines_are_skipped_only_when_asked_and_reported() {
    let dir = bad_ledger_folder();
    let o = outturn(&[
        "monitor",
        dir.path().join("m.toml").to_str().unwrap(),
        "--skip-bad-rows",
        "--format",
        "csv",
        "--layout",
        "wide",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o).replace(&dir.path().display().to_string(), "DIR");
    assert!(
        err.starts_with(
            "skipped: DIR/ledger.csv:3:6: amount: `12.345` is not a whole number of pennies"
        ),
        "{err}"
    );
    assert!(
        err.contains("skipped: DIR/ledger.csv:5:1: cost_centre: `Z` is not a budget holder"),
        "{err}"
    );
    assert!(
        err.ends_with("2 lines skipped, stating £7.00 (and 1 whose amount could not be read)\n"),
        "{err}"
    );
    let rows = records(&o.stdout);
    // A: 150.00 to P2, × 10 ÷ 2 = 750.00 more.
    assert_eq!(row(&rows, "A")["actual"], "150.00");
    assert_eq!(row(&rows, "A")["outturn"], "900.00");
    let table = outturn(&[
        "monitor",
        dir.path().join("m.toml").to_str().unwrap(),
        "--skip-bad-rows",
    ]);
    assert!(stdout(&table).contains("Exceptions: 2 lines could not be counted and were skipped (--skip-bad-rows), stating £7.00 (1 with no amount that could be read)."));
}

#[test]
fn a_control_total_that_does_not_match_is_an_exception_only_when_skipping() {
    let ledger = "cost_centre,period,amount\nA,P1,100.00\nA,P2,50.00\n";
    let dir = folder(&[
        ("budget.csv", BUDGET),
        ("ledger.csv", ledger),
        (
            "m.toml",
            &config(2, "generic", "control_total = \"£160.00\"\n"),
        ),
    ]);
    let m = dir.path().join("m.toml");
    let o = outturn(&["monitor", m.to_str().unwrap()]);
    refused(&o, "ledger.control_total: the lines of ");
    assert!(stderr(&o).contains("come to £150.00, not the control total £160.00: a difference of -£10.00; check the extract is complete"));
    let o = outturn(&[
        "monitor",
        m.to_str().unwrap(),
        "--skip-bad-rows",
        "--format",
        "csv",
        "--layout",
        "wide",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("skipped: "), "{}", stderr(&o));
    assert_eq!(row(&records(&o.stdout), "A")["actual"], "150.00");
}

#[test]
fn a_previous_forecast_must_come_before_and_match_the_budget() {
    let dir = temp_dir();
    let saved = dir.path().join("p6.csv");
    let o = outturn(&[
        "monitor",
        P6,
        "--save-forecast",
        saved.to_str().unwrap(),
        "-o",
        dir.path().join("p6.txt").to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let o = outturn(&["monitor", P6, "--previous", saved.to_str().unwrap()]);
    refused(
        &o,
        "was made at P6; a movement is measured from a forecast made before this report's P6",
    );
    // From P5 to P5's own report: nothing can move.
    let o = outturn(&["monitor", P5, "--previous", SAVED_P5]);
    assert_eq!(o.status.code(), Some(2));
}

/// Regenerates outputs/monitoring/ into `dir` as the README's command does.
fn regenerate(dir: &Path) -> Vec<PathBuf> {
    let d = |name: &str| dir.join(name);
    let runs: Vec<(String, Vec<&str>)> = vec![
        ("month-06.txt".into(), vec!["--format", "table"]),
        ("month-06.csv".into(), vec!["--format", "csv"]),
        (
            "month-06.wide.csv".into(),
            vec!["--format", "csv", "--layout", "wide"],
        ),
        ("month-06.md".into(), vec!["--format", "markdown"]),
        ("month-06.json".into(), vec!["--format", "json"]),
        ("month-06.xlsx".into(), vec!["--format", "xlsx"]),
        ("month-06.html".into(), vec!["--format", "html"]),
        ("month-06.svg".into(), vec!["--format", "svg"]),
    ];
    let mut written = Vec::new();
    for (name, args) in runs {
        let path = d(&name);
        let mut all = vec![
            "monitor",
            P6,
            "--previous",
            SAVED_P5,
            "-o",
            path.to_str().unwrap(),
        ];
        all.extend(args);
        let o = outturn(&all);
        assert!(o.status.success(), "{}", stderr(&o));
        written.push(path);
    }
    let saved = d("forecast-p06.csv");
    let o = outturn(&[
        "monitor",
        P6,
        "--save-forecast",
        saved.to_str().unwrap(),
        "-o",
        d("ignored.txt").to_str().unwrap(),
    ]);
    assert!(o.status.success());
    std::fs::remove_file(d("ignored.txt")).unwrap();
    written.push(saved);
    written
}

/// `outputs/monitoring/` is what the commands in docs/monitoring.md write now.
#[test]
fn committed_monitoring_outputs_are_current() {
    let dir = temp_dir();
    let committed = root().join("outputs/monitoring");
    if std::env::var_os("OUTTURN_BLESS").is_some() {
        std::fs::create_dir_all(&committed).unwrap();
        for path in regenerate(&committed) {
            assert!(path.exists());
        }
        return;
    }
    let written = regenerate(dir.path());
    let mut names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap().to_string())
        .collect();
    names.sort();
    let mut committed_names: Vec<String> = std::fs::read_dir(&committed)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_str().unwrap().to_string())
        .collect();
    committed_names.sort();
    assert_eq!(
        names, committed_names,
        "outputs/monitoring/ holds other files than the engine writes"
    );
    for now in written {
        let name = now.file_name().unwrap().to_str().unwrap().to_string();
        let was = committed.join(&name);
        let same = if name.ends_with(".xlsx") {
            workbook_content(&now) == workbook_content(&was)
        } else {
            std::fs::read(&now).unwrap() == std::fs::read(&was).unwrap()
        };
        assert!(
            same,
            "outputs/monitoring/{name} differs from what the engine now writes; regenerate with OUTTURN_BLESS=1 cargo test -p outturn-cli --test it monitor::"
        );
    }
}

/// The cell at (row, column) of a sheet, as calamine reads it: value and formula.
fn cell(path: &Path, sheet: &str, row: u32, column: u32) -> (String, String) {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let values = book.worksheet_range(sheet).unwrap();
    let formulas = book.worksheet_formula(sheet).unwrap();
    let value = values
        .get_value((row, column))
        .map(|v| v.to_string())
        .unwrap_or_default();
    let formula = formulas
        .get_value((row, column))
        .cloned()
        .unwrap_or_default();
    (value, formula)
}

#[test]
fn the_workbook_keeps_its_totals_and_ratings_live() {
    let dir = temp_dir();
    let path = dir.path().join("p6.xlsx");
    let o = outturn(&[
        "monitor",
        P6,
        "--previous",
        SAVED_P5,
        "--format",
        "xlsx",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sheets: Vec<String> = workbook_content(&path)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        sheets,
        [
            "Monitoring",
            "By period",
            "Movement",
            "Savings",
            "Thresholds",
            "Notes"
        ]
    );
    // Row 5 (0-based 4) is LD26-DAY; the council is the last of the 14 report rows (0-based 17).
    assert_eq!(cell(&path, "Monitoring", 4, 3).0, "LD26-DAY");
    assert_eq!(
        cell(&path, "Monitoring", 4, 13),
        ("6932981.52".into(), "J5+L5+M5".into())
    );
    assert_eq!(
        cell(&path, "Monitoring", 4, 14),
        ("540581.52".into(), "N5-I5".into())
    );
    assert_eq!(
        cell(&path, "Monitoring", 4, 15).1,
        "IF(I5=0,\"\",ROUND(O5/ABS(I5)*100,1))"
    );
    let (rag, formula) = cell(&path, "Monitoring", 4, 16);
    assert_eq!(rag, "red");
    assert!(formula.contains("Thresholds!$B$2"), "{formula}");
    // The first service's total adds its four cost centres; the council its directorates.
    assert_eq!(
        cell(&path, "Monitoring", 8, 9),
        ("5123204.35".into(), "SUM(J5:J8)".into())
    );
    assert_eq!(cell(&path, "Monitoring", 17, 2).0, "");
    assert_eq!(
        cell(&path, "Monitoring", 17, 9),
        ("7315461.76".into(), "SUM(J12,J17)".into())
    );
    assert_eq!(cell(&path, "Monitoring", 17, 13).0, "13935176.16");
    assert_eq!(cell(&path, "Thresholds", 1, 1).0, "5");
    assert_eq!(
        cell(&path, "Savings", 1, 6),
        (
            "at risk".into(),
            "IF(D2>=C2,\"delivered\",IF(E2>=C2,\"on track\",\"at risk\"))".into()
        )
    );
}

#[test]
fn the_page_and_the_chart_show_the_council_by_period() {
    let o = outturn(&["monitor", P6, "--format", "html"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(page.contains("Forecast outturn <strong>£13,935,176.16</strong> against a latest budget of £13,249,300.00: a variance of <strong>£685,876.16</strong> (5.2%) <span class=\"rag red\">▲ red</span>."), "{page}");
    assert!(page.contains("<svg"));
    assert!(!page.contains("<script"));
    let o = outturn(&["monitor", P6, "--format", "svg"]);
    let svg = stdout(&o);
    for text in [
        "Latest budget, cumulative",
        "Actual to date",
        "Forecast to year end",
        "P12",
    ] {
        assert!(svg.contains(text), "{text}");
    }
    // The same report draws the same bytes.
    assert_eq!(
        outturn(&["monitor", P6, "--format", "svg"]).stdout,
        o.stdout
    );
}

#[test]
fn a_workbook_needs_a_file() {
    let o = outturn(&["monitor", P6, "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "error: --format xlsx: an Excel workbook is written to a file: add --output FILE.xlsx\n1 error; nothing was written\n");
}
