//! Registers that `outturn portfolio` refuses because it cannot read them exactly, and
//! officers' exports read with options: scientific notation and underscores, a column named
//! twice, repeated contract ids, group names spelled two ways, `£1,234.00`, `2.5%`, UK dates,
//! and registers straight from Excel workbooks.
//!
//! The figures are worked by hand: a contract from 1 April 2024 for whole years at £A a year
//! with an uplift of u% costs A in 2024-25, A × (1 + u/100) in 2025-26, and so on, each rounded
//! to the penny (every contract year falls in one financial year).

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::common::*;

const HEADER: &str = "id,directorate,start,term_years,extension_months,annual_value,uplift_pct";

/// `portfolio REGISTER --format csv ARGS` on a register written to a temporary file.
fn portfolio(dir: &Path, name: &str, text: &str, args: &[&str]) -> Output {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let mut all = vec!["portfolio", path.to_str().unwrap(), "--format", "csv"];
    all.extend_from_slice(args);
    outturn(&all)
}

/// The error lines of a refusal, without the register's path.
fn errors(o: &Output) -> Vec<String> {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    assert!(o.stdout.is_empty());
    stderr(o)
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .map(|l| l.split_once(": ").map_or(l, |(_, m)| m).to_string())
        .collect()
}

#[test]
fn scientific_notation_and_underscores_are_refused() {
    let dir = temp_dir();
    let text = format!(
        "{HEADER}\n1,Education,2024-04-01,1,0,1.23457E+11,2\n2,Education,2024-04-01,1,0,1_000,2\n3,Education,2024-04-01,1,0,1000.00,2e0\n4,Education,2024-04-01,1_0,0,1000.00,2\n"
    );
    assert_eq!(
        errors(&portfolio(dir.path(), "r.csv", &text, &[])),
        [
            "line 2: id 1: annual_value: `1.23457E+11` is in scientific notation, as Excel shows a large number (rounded to a few figures); format the column as a number with 2 decimal places and export again, so the value reads in full, such as 1834421.07",
            "line 3: id 2: annual_value: `1_000` has underscores between its digits; write it with digits only, such as 1834421.07",
            "line 4: id 3: uplift_pct: `2e0` is in scientific notation, as Excel shows a large number (rounded to a few figures); format the column as a number with as many decimal places as the uplift has and export again, so the value reads in full, such as 2.35",
            "line 5: id 4: term_years: `1_0` has underscores between its digits; write it with digits only, such as 3",
        ]
    );
}

#[test]
fn a_mapped_column_named_twice_and_a_term_past_the_limit_are_refused() {
    let dir = temp_dir();
    let text = format!("{HEADER},annual_value\n1,Education,2024-04-01,1,0,1000.00,2,2000.00\n");
    assert_eq!(
        errors(&portfolio(dir.path(), "r.csv", &text, &[])),
        ["has 2 columns named `annual_value` (columns 6 and 8, F and H in a spreadsheet), so which to read would be a guess; rename or delete all but one"]
    );
    let text = format!("{HEADER}\n1,Education,2024-04-01,101,0,1000.00,2\n");
    assert_eq!(
        errors(&portfolio(dir.path(), "r.csv", &text, &[])),
        ["line 2: id 1: term_years: expected a whole number of years from 0 to 100, found `101`"]
    );
}

#[test]
fn repeated_ids_are_refused_unless_added() {
    let dir = temp_dir();
    let row = |id: &str| format!("{id},Education,2024-04-01,1,0,365.00,0\n");
    let text = format!(
        "{HEADER}\n{}{}{}\n{}{}",
        row("7"),
        row("8"),
        row(" 7"),
        row("7"),
        row("9")
    );
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "previous\n").unwrap();
    let o = portfolio(dir.path(), "r.csv", &text, &["-o", out.to_str().unwrap()]);
    // The blank line (a bad row) and the repeated id, reported together.
    assert_eq!(
        errors(&o),
        [
            "line 5: the line is blank; every line after the header must be a contract (delete blank lines if nothing is missing there)",
            "id 7 is on 3 rows (lines 2, 4 and 6): each row is costed as a contract, so it would be counted 3 times; delete the repeats, or add --duplicate-ids add if each row is a contract of its own",
        ]
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous\n");
    // Added, each row a contract: five contracts of £365.00 in 2024-25.
    let text = text.replace("\n\n", "\n");
    let o = portfolio(dir.path(), "r.csv", &text, &["--duplicate-ids", "add"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "directorate,financial_year,amount\nEducation,2024-25,1825.00\n"
    );
}

#[test]
fn repeated_ids_in_a_piped_register_cannot_be_found_again() {
    let text = format!("{HEADER}\n7,E,2024-04-01,1,0,1.00,0\n7,E,2024-04-01,1,0,1.00,0\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_outturn"))
        .args(["portfolio", "/dev/stdin", "--format", "csv"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(text.as_bytes()).unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        errors(&o),
        ["the register seems to repeat a contract id, but it was read from a pipe, so it cannot be read again to find which; save it to a file and run again (or add --duplicate-ids add if each row is a contract of its own)"]
    );
}

#[test]
fn group_names_are_trimmed_and_names_alike_refused() {
    let dir = temp_dir();
    let text = format!(
        "{HEADER}\n1,Adults ,2024-04-01,1,0,100.00,0\n2,\" Adults\",2024-04-01,1,0,10.00,0\n3,Adults,2024-04-01,1,0,1.00,0\n"
    );
    let o = portfolio(dir.path(), "r.csv", &text, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "directorate,financial_year,amount\nAdults,2024-25,111.00\n"
    );
    let text = format!("{text}4,adults,2024-04-01,1,0,1.00,0\n5,Adult  Care,2024-04-01,1,0,1.00,0\n6,Adult Care,2024-04-01,1,0,1.00,0\n");
    assert_eq!(
        errors(&portfolio(dir.path(), "r.csv", &text, &[])),
        [
            "the groups `Adult  Care` (1 row) and `Adult Care` (1 row) differ only in capitals or spaces, so one group's total would be split between them; spell them alike in the column `directorate`",
            "the groups `Adults` (3 rows) and `adults` (1 row) differ only in capitals or spaces, so one group's total would be split between them; spell them alike in the column `directorate`",
        ]
    );
}

#[test]
fn officers_exports_are_read_with_options() {
    let dir = temp_dir();
    // £1,200.00 a year for two years with a 2.5% uplift: £1,200.00 then £1,230.00.
    let text = format!(
        "{HEADER}\n1,Education,01/04/2024,2,0,\"£1,200.00\",2.5%\n2,Education,2024-04-01,1,0,\"1,834,421.07\",0\n"
    );
    let o = portfolio(
        dir.path(),
        "r.csv",
        &text,
        &["--amounts", "gbp", "--date-format", "dmy"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "directorate,financial_year,amount\nEducation,2024-25,1835621.07\nEducation,2025-26,1230.00\n"
    );
    assert_eq!(
        errors(&portfolio(dir.path(), "r.csv", &text, &[])),
        [
            "line 2: id 1: start: `01/04/2024` is not YEAR-MONTH-DAY (it could be 1 April 2024 or 4 January 2024); if the register writes dates day/month/year, as UK exports do, add --date-format dmy",
            "line 3: id 2: annual_value: `1,834,421.07` is written with a £ sign or thousands commas; add --amounts gbp to read amounts written so",
        ]
    );
    let text = format!("{HEADER}\n1,Education,2024-04-01,2,0,\"1,2000.00\",2.5%\n");
    assert_eq!(
        errors(&portfolio(dir.path(), "r.csv", &text, &["--amounts", "gbp"])),
        ["line 2: id 1: annual_value: `1,2000.00` has thousands commas out of place (they come every three digits from the decimal point, as in 1,234,567.89)"]
    );
}

/// A workbook of the register: number cells for amounts, a date cell, a percent-formatted
/// uplift; a second sheet `Other`.
fn workbook(path: &Path, amount: f64) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let percent = Format::new().set_num_format("0.0%");
    let sheet = book.add_worksheet();
    // Two rows empty above the header: rows are named by their row in the sheet.
    for (j, name) in HEADER.split(',').enumerate() {
        sheet.write_string(2, j as u16, name).unwrap();
    }
    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 4, 1).unwrap();
    // Row 4: £1,200.00 a year for two years at 2.5%, as a percent-formatted cell (0.025).
    sheet.write_number(3, 0, 1).unwrap();
    sheet.write_string(3, 1, "Education").unwrap();
    sheet.write_datetime_with_format(3, 2, &day, &date).unwrap();
    sheet.write_number(3, 3, 2).unwrap();
    sheet.write_number(3, 4, 0).unwrap();
    sheet.write_number(3, 5, 1200.0).unwrap();
    sheet
        .write_number_with_format(3, 6, 0.025, &percent)
        .unwrap();
    // Row 5: the amount under test for one year, no uplift; the start as text.
    sheet.write_string(4, 0, "A2").unwrap();
    sheet.write_string(4, 1, "Education").unwrap();
    sheet.write_string(4, 2, "2024-04-01").unwrap();
    sheet.write_number(4, 3, 1).unwrap();
    sheet.write_number(4, 4, 0).unwrap();
    sheet.write_number(4, 5, amount).unwrap();
    sheet.write_number(4, 6, 0).unwrap();
    let other = book.add_worksheet().set_name("Other").unwrap();
    other.write_string(0, 0, "nothing").unwrap();
    book.save(path).unwrap();
}

#[test]
fn registers_are_read_straight_from_excel() {
    let dir = temp_dir();
    // Named .csv: a workbook is told by its content.
    let path = dir.path().join("register.csv");
    workbook(&path, 1834421.07);
    let p = path.to_str().unwrap();
    let o = outturn(&["portfolio", p, "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "directorate,financial_year,amount\nEducation,2024-25,1835621.07\nEducation,2025-26,1230.00\n"
    );
    // A float further than a billionth of a pound from a penny, on the sheet's row 5.
    workbook(&path, 1234.5678);
    let o = outturn(&["portfolio", p, "--format", "csv"]);
    assert_eq!(
        errors(&o),
        ["line 5: id A2: annual_value: expected an amount of zero or more to the penny, such as 1834421.07, found `1234.5678`"]
    );
    let o = outturn(&["portfolio", p, "--format", "csv", "--sheet", "Missing"]);
    assert_eq!(
        errors(&o),
        ["has no sheet `Missing` (its sheets: Sheet1, Other); name one with --sheet NAME"]
    );
    let o = outturn(&["portfolio", p, "--format", "csv", "--sheet", "Other"]);
    assert!(errors(&o)[0].starts_with("has no column `id`"));
}

/// `simulate --register` reads a workbook as `portfolio` does. With fixed shocks (no shift,
/// 100%) every draw is the register as stated: £1,834,421.07 + £1,200.00 in 2024-25 and
/// £1,230.00 (£1,200 × 1.025) in 2025-26, £1,836,851.07 in all. A bad amount is named by its
/// row in the sheet.
#[test]
fn a_simulation_reads_a_register_straight_from_excel() {
    use crate::simulate::{summary, FIXED_SHOCKS};
    let dir = temp_dir();
    let path = dir.path().join("register.xlsx");
    workbook(&path, 1834421.07);
    let uncertainty = dir.path().join("u.toml");
    std::fs::write(&uncertainty, FIXED_SHOCKS).unwrap();
    let (p, u) = (path.to_str().unwrap(), uncertainty.to_str().unwrap());
    let args = ["--register", p, "--uncertainty", u, "--draws", "5"];
    let rows = summary(&args);
    assert_eq!(rows["total.all"]["central"], "1836851.07");
    assert_eq!(rows["total.year.2024-25"]["central"], "1835621.07");
    assert_eq!(rows["total.year.2025-26"]["central"], "1230.00");
    let simulate = |extra: &[&str]| {
        let mut all = vec!["simulate"];
        all.extend_from_slice(&args);
        all.extend_from_slice(extra);
        outturn(&all)
    };
    workbook(&path, 1234.5678);
    assert_eq!(
        errors(&simulate(&[])),
        ["line 5: id A2: annual_value: expected an amount of zero or more to the penny, such as 1834421.07, found `1234.5678`"]
    );
    assert_eq!(
        errors(&simulate(&["--sheet", "Missing"])),
        ["has no sheet `Missing` (its sheets: Sheet1, Other); name one with --sheet NAME"]
    );
}
