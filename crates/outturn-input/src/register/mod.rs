//! Contract registers: CSV files with a row per contract, read as a stream and projected in
//! parallel, batch by batch, so memory stays flat however long the register is.
//!
//! Columns are found by name. The defaults are the benchmark register's
//! (`id,directorate,start,term_years,extension_months,annual_value,uplift_pct`); a council's
//! own register can be mapped with `--col-…` options, including one that states an end date
//! instead of a term, or a total contract value instead of an annual one.

pub mod file;
mod plain;
mod values;

use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::NaiveDate;
use outturn_model::term::Term;
use outturn_model::Money;
use rust_decimal::Decimal;

use crate::csv_text;
use crate::diagnostic::and_list;

pub use plain::{each_line, is_plain, read_plain, start, Blocks, Fields, Line, Start, BLOCK};
pub use values::{Amounts, DateOrder, Spelling};

/// Where each field is in the register, by column name.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub id: String,
    pub group: String,
    pub start: String,
    /// The term as years plus extension months, or as an end date.
    pub term: TermColumns,
    /// An annual value with a yearly uplift, or a total contract value.
    pub value: ValueColumns,
    /// With an end date: a column with the date the contract runs to once extended (a
    /// Transparency Code register's extension or review date); when filled in, the contract
    /// is costed to that date instead.
    pub extended_to: Option<String>,
    /// How amounts and dates are written.
    pub spelling: Spelling,
}

impl Default for Mapping {
    /// The benchmark register's columns:
    /// `id,directorate,start,term_years,extension_months,annual_value,uplift_pct`.
    fn default() -> Mapping {
        Mapping {
            id: "id".into(),
            group: "directorate".into(),
            start: "start".into(),
            term: TermColumns::YearsAndMonths {
                years: "term_years".into(),
                extension_months: "extension_months".into(),
            },
            value: ValueColumns::Annual {
                annual: "annual_value".into(),
                uplift_pct: "uplift_pct".into(),
            },
            extended_to: None,
            spelling: Spelling::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum TermColumns {
    YearsAndMonths {
        years: String,
        extension_months: String,
    },
    EndDate(String),
}

#[derive(Debug, Clone)]
pub enum ValueColumns {
    Annual { annual: String, uplift_pct: String },
    Total(String),
}

/// A row that could not be read: its line in the file, its id, the column and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub line: u64,
    pub id: String,
    pub column: String,
    pub message: String,
    /// The row's stated value, if it could be read, so skipped value can be totalled.
    pub value: Option<Money>,
}

/// The greatest amount a register may state, £1,000,000,000,000,000 as in scenario files, in
/// pennies.
const MAX_PENNIES: i64 = 100_000_000_000_000_000;
/// The longest term a register may state in years, and in extension months besides.
pub const MAX_YEARS: u32 = 100;
pub const MAX_EXTENSION_MONTHS: u32 = 1200;
/// Column positions once the header is read.
pub struct Positions {
    pub id: usize,
    pub group: usize,
    start: usize,
    term: (usize, Option<usize>),
    extended_to: Option<usize>,
    pub value: (usize, Option<usize>),
    /// The header, to name columns in messages as the register names them.
    names: Vec<String>,
    spelling: Spelling,
}

/// Column `i` (from 0) as a spreadsheet names it: `F` for 5.
fn column_letters(i: usize) -> String {
    let mut letters = Vec::new();
    let mut n = i + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

fn positions(header: &[String], m: &Mapping) -> Result<Positions, String> {
    let find = |name: &str, option: &str| {
        let mut at = header
            .iter()
            .enumerate()
            .filter(|(_, h)| *h == name)
            .map(|(i, _)| i);
        let first = at.next().ok_or_else(|| {
            format!("has no column `{name}` (its columns: {}); name the column to use with {option} NAME", header.join(", "))
        })?;
        let again: Vec<usize> = at.collect();
        if again.is_empty() {
            return Ok(first);
        }
        let all: Vec<usize> = std::iter::once(first).chain(again).collect();
        let numbers: Vec<String> = all.iter().map(|i| (i + 1).to_string()).collect();
        let letters: Vec<String> = all.iter().map(|&i| column_letters(i)).collect();
        Err(format!(
            "has {} columns named `{name}` (columns {}, {} in a spreadsheet), so which to read would be a guess; rename or delete all but one",
            all.len(),
            and_list(&numbers),
            and_list(&letters)
        ))
    };
    // In the order of the default header, so the first missing column is named first.
    let (id, group, start) = (
        find(&m.id, "--col-id")?,
        find(&m.group, "--group")?,
        find(&m.start, "--col-start")?,
    );
    let term = match &m.term {
        TermColumns::YearsAndMonths {
            years,
            extension_months,
        } => (
            find(years, "--col-term-years")?,
            Some(find(extension_months, "--col-extension-months")?),
        ),
        TermColumns::EndDate(end) => (find(end, "--col-end")?, None),
    };
    let value = match &m.value {
        ValueColumns::Annual { annual, uplift_pct } => (
            find(annual, "--col-annual")?,
            Some(find(uplift_pct, "--col-uplift")?),
        ),
        ValueColumns::Total(total) => (find(total, "--col-total")?, None),
    };
    Ok(Positions {
        id,
        group,
        start,
        term,
        value,
        extended_to: match &m.extended_to {
            Some(name) => Some(find(name, "--col-extended-to")?),
            None => None,
        },
        names: header.to_vec(),
        spelling: m.spelling,
    })
}

/// A register row read into the model's terms.
#[derive(Debug, Clone)]
pub struct Row {
    pub term: Term,
    pub value: RowValue,
}

#[derive(Debug, Clone, Copy)]
pub enum RowValue {
    /// An annual value for the first contract year, uplifted by `uplift_pct` each year after.
    Annual { amount: Money, uplift_pct: Decimal },
    /// A total contract value, spread over the term by days.
    Total(Money),
}

impl BadRow {
    pub fn new(
        record: &csv::ByteRecord,
        line: u64,
        p: &Positions,
        column: Option<usize>,
        message: String,
    ) -> BadRow {
        BadRow {
            line,
            id: text(record, p.id).to_string(),
            column: column
                .and_then(|c| p.names.get(c).cloned())
                .unwrap_or_default(),
            message,
            value: values::amount(text(record, p.value.0), p.spelling.amounts).ok(),
        }
    }
}

impl BadRow {
    /// Lines `first` to `last` are blank, with a row after them.
    pub fn blank(first: u64, last: u64) -> BadRow {
        let what = if last > first {
            format!("lines {first} to {last} are blank")
        } else {
            "the line is blank".into()
        };
        BadRow {
            line: first,
            id: String::new(),
            column: String::new(),
            message: format!("{what}; every line after the header must be a contract (delete blank lines if nothing is missing there)"),
            value: None,
        }
    }
}

impl std::fmt::Display for BadRow {
    /// `line 3: id 2: start: expected …`, the id and column left out when there is none.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: ", self.line)?;
        if !self.id.is_empty() {
            write!(f, "id {}: ", self.id)?;
        }
        if !self.column.is_empty() {
            write!(f, "{}: ", self.column)?;
        }
        f.write_str(&self.message)
    }
}

/// Field `i` as text; a field that is not UTF-8 reads as `�` (the row is refused for it
/// before any other field is used).
fn text(record: &csv::ByteRecord, i: usize) -> &str {
    std::str::from_utf8(record.get(i).unwrap_or_default()).unwrap_or("\u{fffd}")
}

/// Why `bytes` is not UTF-8 ([`csv_text::not_utf8`]), said of a register.
fn not_utf8(bytes: &[u8]) -> Option<String> {
    csv_text::not_utf8(bytes, "register")
}

/// Reads one row, or says which column is wrong and why.
pub fn read_row(record: &csv::ByteRecord, line: u64, p: &Positions) -> Result<Row, BadRow> {
    check_shape(record, line, p)?;
    let cells = Cells { record, line, p };
    let start = cells.date(p.start, "a date")?;
    let term = cells.term(start)?;
    let amount = cells.read(p.value.0, |t| values::amount(t, p.spelling.amounts))?;
    let value = match p.value.1 {
        Some(uplift) => RowValue::Annual {
            amount,
            uplift_pct: cells.read(uplift, values::percent)?,
        },
        None => RowValue::Total(amount),
    };
    Ok(Row { term, value })
}

/// Refuses a row without as many fields as the header, or with a field that is not UTF-8.
fn check_shape(record: &csv::ByteRecord, line: u64, p: &Positions) -> Result<(), BadRow> {
    if record.len() != p.names.len() {
        let message = csv_text::wrong_field_count(record, p.names.len());
        return Err(BadRow::new(record, line, p, None, message));
    }
    match record
        .iter()
        .enumerate()
        .find_map(|(i, f)| not_utf8(f).map(|m| (i, m)))
    {
        Some((column, message)) => Err(BadRow::new(record, line, p, Some(column), message)),
        None => Ok(()),
    }
}

/// A row's fields, once its shape is checked, read one by one into values.
struct Cells<'a> {
    record: &'a csv::ByteRecord,
    line: u64,
    p: &'a Positions,
}

impl Cells<'_> {
    /// Column `i` read by `parse`, or a bad row naming the column and why.
    fn read<T>(
        &self,
        i: usize,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, BadRow> {
        parse(text(self.record, i)).map_err(|m| self.bad(i, m))
    }

    fn bad(&self, column: usize, message: String) -> BadRow {
        BadRow::new(self.record, self.line, self.p, Some(column), message)
    }

    fn date(&self, i: usize, expected: &str) -> Result<NaiveDate, BadRow> {
        self.read(i, |t| values::date(t, self.p.spelling.dates, expected))
    }

    /// The term: years and extension months from the start, or the start to an end date
    /// (or to the date it is extended to, when that column is filled in).
    fn term(&self, start: NaiveDate) -> Result<Term, BadRow> {
        let (column, end) = match self.p.term {
            (years, Some(ext)) => {
                let y = self.read(years, |t| values::whole(t, MAX_YEARS, "years"))?;
                let e = self.read(ext, |t| values::whole(t, MAX_EXTENSION_MONTHS, "months"))?;
                return Term::from_months(start, y * 12 + e)
                    .map_err(|e| self.bad(years, e.to_string()));
            }
            (end, None) => (end, self.date(end, "a date")?),
        };
        let last_day = match self.p.extended_to {
            Some(i) if !text(self.record, i).trim().is_empty() => {
                let extended = self.date(i, "a date or nothing")?;
                if extended < end {
                    return Err(self.bad(
                        i,
                        format!(
                            "the contract is extended to {extended}, before its end date {end}"
                        ),
                    ));
                }
                extended
            }
            _ => end,
        };
        Term::new(start, last_day, &[]).map_err(|e| self.bad(column, e.to_string()))
    }
}

/// The bytes a [`Tap`] has passed to the csv reader and [`Records`] has not yet accounted for.
type Seen = Arc<Mutex<Vec<u8>>>;

fn lock(seen: &Seen) -> MutexGuard<'_, Vec<u8>> {
    // Nothing panics while holding the lock, and the bytes would be whole even if it did.
    seen.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Passes the register to the csv reader and keeps a copy of what it read, so each record's
/// raw bytes can be looked at: the csv reader passes over blank lines without a word, and
/// counts lines from where the last record's terminator began, one short with Windows line
/// ends.
struct Tap<R> {
    inner: R,
    seen: Seen,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        lock(&self.seen).extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// A register's records after its header, each with its line number.
///
/// A blank line between rows usually means an export lost or split a row, so each run of
/// blank lines is reported as a bad row. Blank lines at the very end, which spreadsheets
/// often leave, hold nothing and are let be.
pub struct Records<R> {
    reader: csv::Reader<Tap<R>>,
    seen: Seen,
    /// The offset in the register of `seen[0]`.
    base: u64,
    /// The offset just after the last record read (and where the next one's bytes begin).
    end: u64,
    /// Line ends (`\n`) before `end`.
    newlines: u64,
    /// Whether the byte before `end` is `\r`: the csv reader ends a record at the `\r` of a
    /// Windows line end, so its `\n` comes at the start of the next record's bytes.
    after_cr: bool,
    /// A record read past blank lines, returned after they are reported.
    pending: Option<(u64, csv::ByteRecord)>,
}

/// A register's bytes still to read, behind one type however they are put together.
pub type Rest<'a> = Box<dyn Read + Send + 'a>;

pub enum Entry {
    Record(u64, csv::ByteRecord),
    Blank(BadRow),
}

/// How far `seen` may run ahead of the bytes still needed before it is trimmed: trimming
/// after every record would move the read-ahead each time.
const KEEP: usize = 1 << 16;

impl<R: Read> Records<R> {
    /// The records, and where the mapped columns are in the header.
    pub fn new(input: R, mapping: &Mapping) -> Result<(Records<R>, Positions), String> {
        let seen = Seen::default();
        let tap = Tap {
            inner: input,
            seen: Arc::clone(&seen),
        };
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(tap);
        let header = reader
            .byte_headers()
            .map_err(|e| format!("could not read the header: {e}"))?
            .clone();
        let first = header.get(0).unwrap_or_default();
        if first.starts_with(&[0xFF, 0xFE]) || first.starts_with(&[0xFE, 0xFF]) {
            return Err(
                "the register is UTF-16 text (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\""
                    .into(),
            );
        }
        let mut names = Vec::with_capacity(header.len());
        for (i, name) in header.iter().enumerate() {
            match std::str::from_utf8(name) {
                Ok(name) => names.push(name.to_string()),
                Err(_) => {
                    let why = not_utf8(name).unwrap_or_default();
                    return Err(format!("the header's column {}: {why}", i + 1));
                }
            }
        }
        if names.iter().all(String::is_empty) {
            return Err("the register is empty; it needs a header row naming its columns, then a row per contract".into());
        }
        let columns = positions(&names, mapping)?;
        let mut records = Records {
            reader,
            seen,
            base: 0,
            end: 0,
            newlines: 0,
            after_cr: false,
            pending: None,
        };
        let header_end = records.reader.position().byte();
        records.account(header_end);
        Ok((records, columns))
    }

    /// Counts the line ends in the bytes up to `to`, the end of a record (or the header) just
    /// read. Returns the line ends before the record's first byte, and how many of them are
    /// blank lines: all but the `\n` of the last record's Windows line end.
    fn account(&mut self, to: u64) -> (u64, u64) {
        let mut seen = lock(&self.seen);
        // `base <= end <= to <= base + seen.len()`: `to` is the reader's position, and the
        // reader has read every byte before it through the tap.
        let from = usize::try_from(self.end - self.base).unwrap_or(usize::MAX);
        let upto = usize::try_from(to - self.base).unwrap_or(usize::MAX);
        let bytes = seen.get(from..upto).unwrap_or_default();
        let lead = bytes
            .iter()
            .take_while(|&&c| c == b'\n' || c == b'\r')
            .filter(|&&c| c == b'\n')
            .count() as u64;
        let blank = lead - u64::from(self.after_cr && bytes.first() == Some(&b'\n'));
        self.newlines += bytes.iter().filter(|&&c| c == b'\n').count() as u64;
        self.after_cr = bytes.last() == Some(&b'\r');
        self.end = to;
        if upto > KEEP {
            let upto = upto.min(seen.len());
            seen.drain(..upto);
            self.base = to;
        }
        (lead, blank)
    }

    /// The next record or run of blank lines; `None` at the end.
    fn next_entry(&mut self) -> Result<Option<Entry>, String> {
        if let Some((line, record)) = self.pending.take() {
            return Ok(Some(Entry::Record(line, record)));
        }
        let mut record = csv::ByteRecord::new();
        let more = self
            .reader
            .read_byte_record(&mut record)
            .map_err(|e| format!("could not read the register: {e}"))?;
        if !more {
            return Ok(None);
        }
        let newlines_before = self.newlines;
        let (lead, blank) = self.account(self.reader.position().byte());
        // The record's line: one more than the line ends before its first byte.
        let line = newlines_before + lead + 1;
        if blank == 0 {
            return Ok(Some(Entry::Record(line, record)));
        }
        self.pending = Some((line, record));
        Ok(Some(Entry::Blank(BadRow::blank(line - blank, line - 1))))
    }
}

impl<'a> Records<Rest<'a>> {
    /// The records of a register from a line start part-way through it, `rest` being all
    /// that follows: there are `lines_before` line ends before it, and the last
    /// `blank_before` of them end blank lines not yet reported (they are reported with the
    /// blank lines at the start of `rest`, if a record follows).
    pub fn resume(rest: impl Read + Send + 'a, lines_before: u64, blank_before: u64) -> Self {
        // One more line end before the rest, read as the `\n` of a Windows line end after the
        // previous record (`after_cr`), so it is not a blank line; being first, it also
        // keeps the csv reader from taking a byte order mark at the start of `rest` for the
        // file's own.
        let lead = std::io::repeat(b'\n').take(blank_before + 1);
        let input: Rest<'a> = Box::new(lead.chain(rest));
        let seen = Seen::default();
        let tap = Tap {
            inner: input,
            seen: Arc::clone(&seen),
        };
        let reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(tap);
        Records {
            reader,
            seen,
            base: 0,
            end: 0,
            newlines: lines_before.saturating_sub(blank_before + 1),
            after_cr: true,
            pending: None,
        }
    }
}

impl<R: Read> Iterator for Records<R> {
    type Item = Result<Entry, String>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_entry().transpose()
    }
}

/// Reads every row of the register at `path` without costing it: the rows in order, and the
/// rows (and blank lines) that could not be read, in line order.
///
/// # Errors
/// The file cannot be opened, or its header or CSV cannot be read.
pub fn read_rows(path: &Path, mapping: &Mapping) -> Result<(Vec<Row>, Vec<BadRow>), String> {
    let (file, lines) = file::open(path).map_err(|d| d.message)?;
    read_rows_from(file, mapping).map_err(|e| lines.too_long(path).map_or(e, |d| d.message))
}

/// As [`read_rows`], from CSV read from `input`: a file, or the rows of a workbook or Parquet
/// file written out as CSV.
///
/// # Errors
/// The header or CSV cannot be read.
pub fn read_rows_from(
    input: impl Read,
    mapping: &Mapping,
) -> Result<(Vec<Row>, Vec<BadRow>), String> {
    let (records, p) = Records::new(input, mapping)?;
    let (mut rows, mut bad) = (Vec::new(), Vec::new());
    for item in records {
        match item? {
            Entry::Blank(b) => bad.push(b),
            Entry::Record(line, record) => match read_row(&record, line, &p) {
                Ok(row) => rows.push(row),
                Err(b) => bad.push(b),
            },
        }
    }
    Ok((rows, bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,directorate,start,term_years,extension_months,annual_value,uplift_pct";

    fn header(text: &str) -> Vec<String> {
        text.split(',').map(String::from).collect()
    }

    #[test]
    fn a_mapped_column_named_twice_is_refused() {
        let names = header(&format!("{HEADER},annual_value"));
        assert_eq!(
            positions(&names, &Mapping::default()).err().unwrap(),
            "has 2 columns named `annual_value` (columns 6 and 8, F and H in a spreadsheet), so which to read would be a guess; rename or delete all but one"
        );
        // A column the mapping does not read may be named twice.
        assert!(positions(&header(&format!("{HEADER},note,note")), &Mapping::default()).is_ok());
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    fn row(fields: &str, spelling: Spelling) -> Result<Row, String> {
        let mapping = Mapping {
            spelling,
            ..Mapping::default()
        };
        let p = positions(&header(HEADER), &mapping).unwrap();
        let record: csv::ByteRecord = fields.split('|').collect();
        read_row(&record, 2, &p).map_err(|b| b.to_string())
    }

    #[test]
    fn officers_spellings_are_read_with_their_options() {
        let gbp_dmy = Spelling {
            amounts: Amounts::Gbp,
            dates: DateOrder::DayMonthYear,
        };
        let r = row("1|Education|01/04/2024|1|0|£1,234.00|2.5%", gbp_dmy).unwrap();
        assert_eq!(
            r.term,
            Term::from_months(NaiveDate::from_ymd_opt(2024, 4, 1).unwrap(), 12).unwrap()
        );
        match r.value {
            RowValue::Annual { amount, uplift_pct } => {
                assert_eq!(amount.pennies(), 123_400);
                assert_eq!(uplift_pct, Decimal::new(25, 1));
            }
            RowValue::Total(_) => panic!("an annual value"),
        }
        assert_eq!(
            row("1|Education|2024-04-01|1|0|1.23457E+11|2", Spelling::default()).unwrap_err(),
            "line 2: id 1: annual_value: `1.23457E+11` is in scientific notation, as Excel shows a large number (rounded to a few figures); format the column as a number with 2 decimal places and export again, so the value reads in full, such as 1834421.07"
        );
        assert_eq!(
            row("1|Education|2024-04-01|1e2|0|1.00|2", Spelling::default()).unwrap_err(),
            "line 2: id 1: term_years: `1e2` is in scientific notation, as Excel shows a large number (rounded to a few figures); format the column as a whole number and export again, so the value reads in full, such as 3"
        );
        assert_eq!(
            row("1|Education|2024-04-01|101|0|1.00|2", Spelling::default()).unwrap_err(),
            "line 2: id 1: term_years: expected a whole number of years from 0 to 100, found `101`"
        );
    }
}
