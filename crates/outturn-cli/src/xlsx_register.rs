//! A register in an Excel workbook (`.xlsx`), read with calamine as the CSV register it
//! holds: each row of the sheet is written out as a CSV record and read by the CSV register's
//! own reader, so every check, message and total is the CSV one. Rows are named by their row
//! in the sheet.
//!
//! Cells are read as the values Excel stores, not as it shows them, so `1.23457E+11` on
//! screen is the whole amount here. A number cell is a binary float: in an amount column it
//! is taken as the whole number of pennies within 1e-9 of it (£1,834,421.07 is stored as
//! 1834421.0700000000651…), and a cell further from a penny than that is written out as it
//! is, for the reader to refuse; in other columns it is written as the shortest decimal that
//! is the same float (2.35, not 2.35000000000000008882). An uplift cell formatted as a
//! percentage holds a fraction (2.5% is 0.025) and is read as the percentage it shows.
//! A date cell is written as its date; an empty row as a blank line.

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{open_workbook, Data, Range, Reader, StyleRange, Xlsx, XlsxError};
use outturn_input::register::{Mapping, ValueColumns};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::register_file::{HeldCsv, Lines};

/// What a column holds, for how its number cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Amount,
    Percent,
    Other,
}

/// A sheet written out as CSV, read by the CSV register's reader.
pub struct CsvOfSheet {
    csv: Cursor<Vec<u8>>,
    lines: Lines,
    /// Rows of the sheet above the header.
    above: u64,
}

/// Why a file that starts as a workbook cannot be opened as one, in a finance officer's words
/// rather than the zip or XML reader's.
fn unreadable(e: &XlsxError) -> String {
    let why = match e {
        XlsxError::Password => "the workbook is protected by a password; save a copy without one",
        XlsxError::Io(_) => {
            "it could not be read (is it open in Excel, or cut short?); close it, or save it again"
        }
        _ => "it is damaged or is not a whole workbook; save it again from Excel",
    };
    format!("starts as a zip file, as an Excel workbook (.xlsx) does, but could not be opened as one: {why}, as an .xlsx workbook or as CSV UTF-8")
}

impl CsvOfSheet {
    /// The sheet named `sheet` (the first unless named) of the workbook at `path`.
    ///
    /// # Errors
    /// The file cannot be read as a workbook, or has no such sheet.
    pub fn read(path: &Path, mapping: &Mapping, sheet: Option<&str>) -> Result<CsvOfSheet, String> {
        let mut book: Xlsx<_> = open_workbook(path).map_err(|e| unreadable(&e))?;
        let names = book.sheet_names();
        let name = match sheet {
            Some(s) if names.iter().any(|n| n == s) => s.to_string(),
            Some(s) => {
                return Err(format!(
                    "has no sheet `{s}` (its sheets: {}); name one with --sheet NAME",
                    names.join(", ")
                ))
            }
            None => names.first().cloned().ok_or("the workbook has no sheets")?,
        };
        let cannot = |e: calamine::XlsxError| format!("could not read the sheet `{name}`: {e}");
        let range = book.worksheet_range(&name).map_err(cannot)?;
        let styles = book.worksheet_style(&name).map_err(cannot)?;
        Ok(write_sheet(&range, &styles, mapping))
    }
}

impl Read for CsvOfSheet {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.csv.read(buf)
    }
}

impl HeldCsv for CsvOfSheet {
    /// The sheet's row of a row read at CSV line `line`.
    fn line(&self, line: u64) -> u64 {
        self.lines.row_line(line) + self.above
    }
}

/// The role of each column of the header.
fn roles(header: &[String], mapping: &Mapping) -> Vec<Role> {
    let (amount, uplift) = match &mapping.value {
        ValueColumns::Annual { annual, uplift_pct } => (annual, Some(uplift_pct)),
        ValueColumns::Total(total) => (total, None),
    };
    header
        .iter()
        .map(|h| {
            if h == amount {
                Role::Amount
            } else if Some(h) == uplift {
                Role::Percent
            } else {
                Role::Other
            }
        })
        .collect()
}

/// A CSV record: fields with a comma, quote or line break in quotes, quotes doubled.
fn push_record(out: &mut Vec<u8>, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            out.push(b'"');
            out.extend_from_slice(f.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(f.as_bytes());
        }
    }
    out.push(b'\n');
}

fn write_sheet(range: &Range<Data>, styles: &StyleRange, mapping: &Mapping) -> CsvOfSheet {
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| text(c, Role::Other, false)).collect())
        .unwrap_or_default();
    let roles = roles(&header, mapping);
    let mut bytes = Vec::new();
    push_record(&mut bytes, &header);
    let mut lines = Lines::new(2);
    for (i, row) in rows.enumerate() {
        if row.iter().all(|c| *c == Data::Empty) {
            bytes.push(b'\n');
            lines.row(0);
            continue;
        }
        let at = top + 1 + i as u32;
        let fields: Vec<String> = row
            .iter()
            .zip(roles.iter().chain(std::iter::repeat(&Role::Other)))
            .enumerate()
            .map(|(j, (cell, role))| {
                let percent = styles.get((at, left + j as u32)).is_some_and(|s| {
                    s.number_format
                        .as_ref()
                        .is_some_and(|f| f.format_code.contains('%'))
                });
                text(cell, *role, percent)
            })
            .collect();
        let breaks = fields.iter().map(|f| f.matches('\n').count() as u64).sum();
        push_record(&mut bytes, &fields);
        lines.row(breaks);
    }
    CsvOfSheet {
        csv: Cursor::new(bytes),
        lines,
        above: u64::from(top),
    }
}

/// A cell as the register's CSV would hold it.
fn text(cell: &Data, role: Role, percent_format: bool) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f, role, percent_format),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(at) if at.time() == chrono::NaiveTime::MIN => at.date().to_string(),
            Some(at) => at.to_string(),
            None => d.as_f64().to_string(),
        },
        Data::Error(e) => e.to_string(),
    }
}

/// A number cell as decimal text: see the module's comment.
fn number(f: f64, role: Role, percent_format: bool) -> String {
    match role {
        Role::Amount => pennies(f).map_or_else(|| f.to_string(), format_pennies),
        Role::Percent if percent_format => f.to_string().parse::<Decimal>().map_or_else(
            |_| f.to_string(),
            |d| (d * Decimal::ONE_HUNDRED).normalize().to_string(),
        ),
        Role::Percent | Role::Other => f.to_string(),
    }
}

/// The whole number of pennies within 1e-9 of pounds `f`, computed from the float's exact
/// value; `None` if there is none.
fn pennies(f: f64) -> Option<i128> {
    let exact = Decimal::from_f64_retain(f)?;
    let pennies = (exact * Decimal::ONE_HUNDRED).round();
    let off = (exact - pennies / Decimal::ONE_HUNDRED).abs();
    (off <= Decimal::new(1, 9))
        .then(|| pennies.to_i128())
        .flatten()
}

fn format_pennies(p: i128) -> String {
    let sign = if p < 0 { "-" } else { "" };
    let p = p.unsigned_abs();
    format!("{sign}{}.{:02}", p / 100, p % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_become_pennies_only_within_a_billionth_of_a_pound() {
        assert_eq!(number(1834421.07, Role::Amount, false), "1834421.07");
        assert_eq!(number(0.1 + 0.2, Role::Amount, false), "0.30");
        assert_eq!(
            number(123_457_000_000.0, Role::Amount, false),
            "123457000000.00"
        );
        assert_eq!(number(-5.0, Role::Amount, false), "-5.00");
        // A third of a pound is no whole number of pennies: written as it is, refused later.
        assert_eq!(number(1.0 / 3.0, Role::Amount, false), "0.3333333333333333");
        // £10^15 + 7p cannot be held in a float: the nearest float is 12.5p past £10^15.
        assert_eq!(
            number("1000000000000000.07".parse().unwrap(), Role::Amount, false),
            "1000000000000000.1"
        );
        assert_eq!(number(2.35, Role::Percent, false), "2.35");
        assert_eq!(number(0.025, Role::Percent, true), "2.5");
        assert_eq!(number(0.0235, Role::Percent, true), "2.35");
        assert_eq!(number(3.0, Role::Other, false), "3");
    }
}
