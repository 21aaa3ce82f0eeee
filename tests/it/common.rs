//! What the modules share: running the built `outturn` binary from the workspace root,
//! temporary folders, reading its CSV, and the scenario most tests use.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The direct payment support scenario: five flat years of £589,294.20, £2,946,471.00 in all.
pub const DPSS: &str = "scenarios/24-00051-direct-payment-support.toml";

/// The workspace root, where the commands run, so paths in tests read as in the README.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn outturn(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_outturn"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

/// `outturn ARGS` on `threads` worker threads, to show an output does not depend on them.
pub fn outturn_on_threads(args: &[&str], threads: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_outturn"))
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

/// A fresh temporary folder, removed when the value is dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("the system's temporary folder is writable")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// `run --format csv` on one bundled scenario, as records keyed by column name.
pub fn run_csv(scenario: &str) -> Vec<BTreeMap<String, String>> {
    run_csv_at(&format!("scenarios/{scenario}.toml"))
}

/// `run --format csv` on any scenario file, as records keyed by column name; the columns are
/// the CSV contract's, in order.
pub fn run_csv_at(path: &str) -> Vec<BTreeMap<String, String>> {
    run_csv_with(path, &[])
}

/// As [`run_csv_at`], with more arguments (`--set PATH=VALUE`, say).
pub fn run_csv_with(path: &str, extra: &[&str]) -> Vec<BTreeMap<String, String>> {
    let mut args = vec!["run", path, "--format", "csv"];
    args.extend_from_slice(extra);
    let o = outturn(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header.join(","),
        "scenario,line,kind,budget,phase,financial_year,start,end,days,amount"
    );
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

/// The sum, in pennies, of the `amount` of rows matching every `(column, value)` filter.
pub fn sum(rows: &[BTreeMap<String, String>], filters: &[(&str, &str)]) -> i64 {
    rows.iter()
        .filter(|r| filters.iter().all(|(k, v)| r[*k] == *v))
        .map(|r| {
            let (pounds, pence) = r["amount"].split_once('.').unwrap();
            let sign = if pounds.starts_with('-') { -1 } else { 1 };
            pounds.parse::<i64>().unwrap() * 100 + sign * pence.parse::<i64>().unwrap()
        })
        .sum()
}

/// Every value and formula of every sheet of a workbook, read back with calamine: what a
/// reader sees, without the zip container's bytes.
pub fn workbook_content(path: &Path) -> Vec<(String, Vec<String>)> {
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

/// The regular files in `dir`, by name, with their bytes, in name order.
pub fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Asserts that `o` was refused as bad input (exit status 2) with `message` among what it
/// said on standard error.
pub fn refused(o: &Output, message: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    assert!(stderr(o).contains(message), "{}", stderr(o));
}
