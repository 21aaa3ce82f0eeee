//! The portfolio engine: a contract register projected as a stream, batch by batch in
//! parallel, into totals by group and financial year (or month), so memory stays flat
//! however long the register is.
//!
//! Rows are read by `outturn_input::register` and costed by
//! `outturn_model::register::cost_contract`, the same rules as a scenario line.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use outturn_input::register::{read_row, BadRow, Entry, Mapping, Positions, Records, RowValue};
use outturn_model::calendar::{FinancialYear, FyCalendar, Period};
use outturn_model::register::{cost_contract, spread_total};
use outturn_model::split::split;
use outturn_model::Money;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// What a register came to: pennies by (group, financial year or month start), and any bad rows.
#[derive(Debug, Default)]
pub struct Portfolio {
    pub totals: BTreeMap<(String, FinancialYear, Option<NaiveDate>), i64>,
    pub bad_rows: Vec<BadRow>,
    /// Runs of blank lines between rows, each reported at its first line.
    pub blank_lines: Vec<BadRow>,
    /// Rows read, good and bad.
    pub contracts: u64,
}

/// Rows read before a batch is projected in parallel: large enough to keep both cores busy,
/// small enough that memory does not grow with the register.
const BATCH: usize = 20_000;

/// One contract's pieces, or why its row cannot be read.
fn project_row(
    record: &csv::ByteRecord,
    line: u64,
    p: &Positions,
    granularity_months: bool,
    cal: FyCalendar,
    out: &mut Vec<(FinancialYear, Option<NaiveDate>, Money)>,
) -> Result<(), BadRow> {
    let row = read_row(record, line, p)?;
    let mut pieces = Vec::new();
    let mut push = |fy, period, m| pieces.push((fy, period, m));
    let result = match row.value {
        RowValue::Annual { amount, uplift_pct } => {
            cost_contract(&row.term, amount, uplift_pct, cal, &mut push)
        }
        RowValue::Total(amount) => spread_total(&row.term, amount, cal, &mut push),
    };
    result.map_err(|e| BadRow::new(record, line, p, Some(p.value.0), e.to_string()))?;
    for (fy, period, m) in pieces {
        if granularity_months {
            month_pieces(fy, period, m, out);
        } else {
            out.push((fy, None, m));
        }
    }
    Ok(())
}

fn month_pieces(
    fy: FinancialYear,
    period: Period,
    amount: Money,
    out: &mut Vec<(FinancialYear, Option<NaiveDate>, Money)>,
) {
    let months = period.by_month();
    let days: Vec<u64> = months.iter().map(|m| u64::from(m.days())).collect();
    // Days are never all zero: every period has at least one day.
    let shares = split(amount, &days).expect("periods have days");
    out.extend(
        months
            .into_iter()
            .zip(shares)
            .map(|(m, s)| (fy, Some(m.start), s)),
    );
}

/// Totals keyed by small integers and dates: hashed with FxHash, which is several times
/// cheaper than the default SipHash here and needs no protection from crafted keys.
type Sums = FxHashMap<(u32, FinancialYear, Option<NaiveDate>), i64>;

/// Group names seen so far, each with a small number, so totals are keyed by integers.
#[derive(Default)]
struct Groups {
    numbers: FxHashMap<Vec<u8>, u32>,
    names: Vec<String>,
}

/// Projects a batch in parallel: totals in pennies by (group, year, month), and bad rows.
fn project_batch(
    batch: &Batch,
    p: &Positions,
    by_month: bool,
    cal: FyCalendar,
) -> (Sums, Vec<BadRow>) {
    batch
        .par_iter()
        .fold(
            || (Sums::default(), Vec::new(), Vec::new()),
            |(mut acc, mut bad, mut scratch), (line, g, rec)| {
                scratch.clear();
                match project_row(rec, *line, p, by_month, cal, &mut scratch) {
                    Ok(()) => {
                        for (fy, month, m) in scratch.drain(..) {
                            *acc.entry((*g, fy, month)).or_insert(0) += m.pennies();
                        }
                    }
                    Err(b) => bad.push(b),
                }
                (acc, bad, scratch)
            },
        )
        .map(|(acc, bad, _)| (acc, bad))
        .reduce(
            || (Sums::default(), Vec::new()),
            |(mut a, mut ab), (b, bb)| {
                for (k, v) in b {
                    *a.entry(k).or_insert(0) += v;
                }
                ab.extend(bb);
                (a, ab)
            },
        )
}

/// Records with their line number and group number, ready to project.
type Batch = Vec<(u64, u32, csv::ByteRecord)>;

/// Up to `BATCH` records, and the blank lines among them; both empty at the end.
fn read_batch<R: Read>(
    records: &mut Records<R>,
    group_column: usize,
    groups: &mut Groups,
) -> Result<(Batch, Vec<BadRow>), String> {
    let mut batch = Vec::with_capacity(BATCH);
    let mut blanks = Vec::new();
    while batch.len() < BATCH {
        match records.next().transpose()? {
            None => break,
            Some(Entry::Blank(b)) => blanks.push(b),
            Some(Entry::Record(line, record)) => {
                let key = record.get(group_column).unwrap_or_default();
                let g = match groups.numbers.get(key) {
                    Some(&g) => g,
                    None => {
                        let g = groups.names.len() as u32;
                        groups.numbers.insert(key.to_vec(), g);
                        groups.names.push(String::from_utf8_lossy(key).into_owned());
                        g
                    }
                };
                batch.push((line, g, record));
            }
        }
    }
    Ok((batch, blanks))
}

/// Reads and projects the register at `path`; see [`project_reader`].
///
/// # Errors
/// The file cannot be opened, or its header or CSV cannot be read.
pub fn project_register(
    path: &Path,
    mapping: &Mapping,
    by_month: bool,
    cal: FyCalendar,
) -> Result<Portfolio, String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("could not read the register: {e}"))?;
    project_reader(file, mapping, by_month, cal)
}

/// Reads and projects a register. The reader streams; each batch is projected in parallel
/// and added into the totals, which are integers, so the result does not depend on the order
/// or the number of threads. Rows that cannot be read are returned as bad rows, not dropped.
///
/// # Errors
/// The header or the CSV itself cannot be read (a quote never closed, say).
pub fn project_reader<R: Read + Send>(
    input: R,
    mapping: &Mapping,
    by_month: bool,
    cal: FyCalendar,
) -> Result<Portfolio, String> {
    let (mut records, p) = Records::new(input, mapping)?;
    let mut portfolio = Portfolio::default();
    let mut groups = Groups::default();
    let mut sums = Sums::default();
    let (mut current, mut blanks) = read_batch(&mut records, p.group, &mut groups)?;
    while !current.is_empty() || !blanks.is_empty() {
        portfolio.blank_lines.append(&mut blanks);
        // Read the next batch on one thread while this one is projected on the others.
        let (next, (partial, mut bad)) = rayon::join(
            || read_batch(&mut records, p.group, &mut groups),
            || project_batch(&current, &p, by_month, cal),
        );
        for (k, v) in partial {
            *sums.entry(k).or_insert(0) += v;
        }
        portfolio.contracts += current.len() as u64;
        portfolio.bad_rows.append(&mut bad);
        (current, blanks) = next?;
    }
    portfolio.bad_rows.sort_by_key(|b| b.line);
    for ((g, fy, month), pennies) in sums {
        portfolio
            .totals
            .insert((groups.names[g as usize].clone(), fy, month), pennies);
    }
    Ok(portfolio)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,directorate,start,term_years,extension_months,annual_value,uplift_pct";

    fn read(bytes: &[u8]) -> Result<Portfolio, String> {
        project_reader(bytes, &Mapping::default(), false, FyCalendar::UK)
    }

    /// Bad rows and blank lines, in line order.
    fn bad_rows(bytes: &[u8]) -> Vec<String> {
        let p = read(bytes).unwrap();
        let mut all: Vec<&BadRow> = p.bad_rows.iter().chain(&p.blank_lines).collect();
        all.sort_by_key(|b| b.line);
        all.iter().map(ToString::to_string).collect()
    }

    /// One financial year's contract: £365 a year from 1 April 2024 is £365.00 in 2024-25.
    const ROW: &str = "1,Education,2024-04-01,1,0,365.00,0";

    fn total(p: &Portfolio) -> i64 {
        p.totals.values().sum()
    }

    #[test]
    fn blank_lines_between_rows_are_bad_rows_but_not_at_the_end() {
        let text = format!("{HEADER}\n{ROW}\n\n{ROW}\n\n\n\n{ROW}\n\n\n");
        let p = read(text.as_bytes()).unwrap();
        assert_eq!(p.contracts, 3);
        assert_eq!(total(&p), 3 * 36_500);
        assert_eq!(
            bad_rows(text.as_bytes()),
            [
                "line 3: the line is blank; every line after the header must be a contract (delete blank lines if nothing is missing there)",
                "line 5: lines 5 to 7 are blank; every line after the header must be a contract (delete blank lines if nothing is missing there)",
            ]
        );
        // Windows line ends: the same lines.
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(bad_rows(crlf.as_bytes()), bad_rows(text.as_bytes()));
        // A bad row's line is its line in the file, after blank lines and with Windows line
        // ends (the csv reader alone counts one short there).
        let text = format!("{HEADER}\r\n{ROW}\r\n\r\n2,Education,2024-02-30,1,0,1.00,0\r\n");
        assert_eq!(
            bad_rows(text.as_bytes())[1],
            "line 4: id 2: start: expected a date as YEAR-MONTH-DAY between 1900 and 2200, found `2024-02-30`"
        );
        // A blank line straight after the header.
        let text = format!("{HEADER}\n\n{ROW}\n");
        assert_eq!(bad_rows(text.as_bytes()).len(), 1);
        assert!(bad_rows(text.as_bytes())[0].starts_with("line 2: the line is blank"));
    }

    #[test]
    fn lines_are_counted_through_a_long_register() {
        // Long enough that the bytes kept for counting are trimmed several times.
        let mut text = format!("{HEADER}\r\n");
        for i in 2..=5000 {
            match i {
                3000 => text.push_str("\r\n"),
                4000 => text.push_str("4000,Education,2024-04-01,1,0,£1.00,0\r\n"),
                _ => text.push_str(&format!("{i},Education,2024-04-01,1,0,365.00,0\r\n")),
            }
        }
        assert_eq!(
            bad_rows(text.as_bytes()),
            [
                "line 3000: the line is blank; every line after the header must be a contract (delete blank lines if nothing is missing there)",
                "line 4000: id 4000: annual_value: expected an amount of zero or more to the penny, such as 1834421.07, found `£1.00`",
            ]
        );
        let p = read(text.as_bytes()).unwrap();
        assert_eq!(p.contracts, 4998);
        assert_eq!(total(&p), 4997 * 36_500);
    }

    #[test]
    fn quoted_values_over_several_lines_are_not_blank_lines() {
        let text = format!("{HEADER}\n1,\"Adult\n\nSocial Care\",2024-04-01,1,0,365.00,0\n{ROW}\n");
        let p = read(text.as_bytes()).unwrap();
        assert!(p.bad_rows.is_empty(), "{:?}", p.bad_rows);
        assert_eq!(total(&p), 73_000);
    }

    #[test]
    fn a_row_with_too_few_columns_says_how_many() {
        let text = format!("{HEADER}\n1,Education,2024-04-01,1\n");
        assert_eq!(
            bad_rows(text.as_bytes()),
            ["line 2: id 1: expected 7 fields as in the header, found 4 (is a comma missing, or a value with a comma not in quotes?)"]
        );
    }

    #[test]
    fn encodings_other_than_utf8_are_named() {
        // `£` in Windows-1252 is the byte 0xA3.
        let mut bytes = format!("{HEADER}\n").into_bytes();
        bytes.extend_from_slice(b"1,Education \xA3,2024-04-01,1,0,365.00,0\n");
        assert_eq!(
            bad_rows(&bytes),
            ["line 2: id 1: directorate: byte 0xA3 is not UTF-8 text (it is `£` in Windows-1252, the encoding of Excel's plain CSV); save the register as \"CSV UTF-8\""]
        );
        // UTF-16, as Excel's "Unicode Text" writes it, starts with the bytes FF FE.
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(HEADER.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            read(&utf16).unwrap_err(),
            "the register is UTF-16 text (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\""
        );
        // An empty file, or blank lines only.
        for empty in [&b""[..], b"\n\n"] {
            assert!(read(empty)
                .unwrap_err()
                .starts_with("the register is empty"));
        }
        // Excel's "CSV UTF-8" starts with a byte order mark, which is read as such.
        let with_bom = format!("\u{feff}{HEADER}\n{ROW}\n");
        assert_eq!(total(&read(with_bom.as_bytes()).unwrap()), 36_500);
    }
}
