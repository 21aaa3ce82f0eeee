//! A register stored as Parquet (with the `parquet` feature), read as the CSV register it
//! holds: each row is written out as a CSV record and read by the CSV register's own reader,
//! so every check, message and total is the CSV one.
//!
//! A row is named by its line in that CSV: the header is line 1, the first row line 2. Rows
//! are read a few row groups at a time, and only the columns the mapping names are decoded
//! (the others are written empty), so memory stays flat however long the register is.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate};
use outturn_input::register::{Mapping, TermColumns, ValueColumns};
use polars::prelude::*;

use crate::register_file::{HeldCsv, Lines};

/// Rows decoded at a time (whole row groups, so at least one group).
const BATCH: usize = 65_536;
/// Rows written out as CSV before the reader takes them.
const CHUNK: usize = 1_024;

/// The columns a mapping reads.
fn mapped(m: &Mapping) -> Vec<&str> {
    let mut names = vec![m.id.as_str(), &m.group, &m.start];
    match &m.term {
        TermColumns::YearsAndMonths {
            years,
            extension_months,
        } => names.extend([years.as_str(), extension_months]),
        TermColumns::EndDate(end) => names.push(end),
    }
    match &m.value {
        ValueColumns::Annual { annual, uplift_pct } => names.extend([annual.as_str(), uplift_pct]),
        ValueColumns::Total(total) => names.push(total),
    }
    names.extend(m.extended_to.as_deref());
    names
}

/// One column of a batch, ready to be written as CSV text as the register's CSV would hold
/// it.
enum Cells {
    /// Text, or whole numbers and booleans cast to text (exact).
    Text(StringChunked),
    /// Days since 1970-01-01.
    Date(Int32Chunked),
    /// Timestamps without a time zone (pandas' dates): a date at midnight, else date and time.
    Timestamp(Int64Chunked, TimeUnit),
    /// Unscaled values and the scale.
    Decimal(Int128Chunked, usize),
    /// Floats, written as the shortest decimal that reads back as the same float: 1834421.07
    /// stays 1834421.07; a value that is not a whole number of pennies is refused as in a CSV.
    Float(Float64Chunked),
    Float32(Float32Chunked),
    /// A column the mapping does not read, or one with no values at all.
    Empty,
}

impl Cells {
    fn of(column: &Column) -> Result<Cells, String> {
        let series = column.as_materialized_series().rechunk();
        let name = column.name();
        let cannot = |e: PolarsError| format!("column `{name}`: {e}");
        Ok(match series.dtype() {
            DataType::String => Cells::Text(series.str().map_err(cannot)?.clone()),
            DataType::Date => Cells::Date(series.date().map_err(cannot)?.physical().clone()),
            DataType::Datetime(unit, None) => Cells::Timestamp(
                series.datetime().map_err(cannot)?.physical().clone(),
                *unit,
            ),
            DataType::Decimal(_, scale) => {
                Cells::Decimal(series.decimal().map_err(cannot)?.physical().clone(), *scale)
            }
            DataType::Float64 => Cells::Float(series.f64().map_err(cannot)?.clone()),
            DataType::Float32 => Cells::Float32(series.f32().map_err(cannot)?.clone()),
            DataType::Null => Cells::Empty,
            t if t.is_integer() || t.is_bool() => {
                let text = series.cast(&DataType::String).map_err(cannot)?;
                Cells::Text(text.str().map_err(cannot)?.clone())
            }
            t => return Err(format!(
                "column `{name}` holds {t}, which a register cannot; store it as text, a number or a date (timestamps without a time zone)"
            )),
        })
    }

    /// Row `i`'s value as CSV text (nothing for a null).
    fn write(&self, i: usize, out: &mut String) -> std::fmt::Result {
        use std::fmt::Write;
        match self {
            Cells::Text(c) => {
                out.push_str(c.get(i).unwrap_or_default());
                Ok(())
            }
            Cells::Date(c) => c.get(i).map_or(Ok(()), |d| write_date(d, out)),
            Cells::Timestamp(c, unit) => {
                c.get(i).map_or(Ok(()), |t| write_timestamp(t, *unit, out))
            }
            Cells::Decimal(c, scale) => c.get(i).map_or(Ok(()), |v| write_decimal(v, *scale, out)),
            Cells::Float(c) => c.get(i).map_or(Ok(()), |v| write!(out, "{v}")),
            Cells::Float32(c) => c.get(i).map_or(Ok(()), |v| write!(out, "{v}")),
            Cells::Empty => Ok(()),
        }
    }
}

/// Days since 1970-01-01 (day 719,163 of the common era) as `YEAR-MONTH-DAY`; a day no
/// calendar has is written as its number, which the reader refuses as not a date.
fn write_date(days: i32, out: &mut String) -> std::fmt::Result {
    use std::fmt::Write;
    match days
        .checked_add(719_163)
        .and_then(NaiveDate::from_num_days_from_ce_opt)
    {
        Some(d) => write!(out, "{d}"),
        None => write!(out, "{days}"),
    }
}

fn write_timestamp(t: i64, unit: TimeUnit, out: &mut String) -> std::fmt::Result {
    use std::fmt::Write;
    let at = match unit {
        TimeUnit::Nanoseconds => Some(DateTime::from_timestamp_nanos(t)),
        TimeUnit::Microseconds => DateTime::from_timestamp_micros(t),
        TimeUnit::Milliseconds => DateTime::from_timestamp_millis(t),
    };
    match at.map(|a| a.naive_utc()) {
        Some(a) if a.time() == chrono::NaiveTime::MIN => write!(out, "{}", a.date()),
        Some(a) => write!(out, "{a}"),
        None => write!(out, "{t}"),
    }
}

/// An unscaled value and its scale as decimal text: 36500 at scale 2 is `365.00`.
fn write_decimal(unscaled: i128, scale: usize, out: &mut String) -> std::fmt::Result {
    use std::fmt::Write;
    let digits = format!("{:0>width$}", unscaled.unsigned_abs(), width = scale + 1);
    let (whole, fraction) = digits.split_at(digits.len() - scale);
    let sign = if unscaled < 0 { "-" } else { "" };
    if scale == 0 {
        write!(out, "{sign}{whole}")
    } else {
        write!(out, "{sign}{whole}.{fraction}")
    }
}

/// The register's rows as CSV text, for the CSV register reader.
pub struct CsvOfParquet {
    path: PathBuf,
    metadata: FileMetadataRef,
    /// Every column of the file, in order.
    names: Vec<String>,
    /// The mapped columns the file has: the only ones decoded.
    read: Vec<String>,
    /// Row ranges still to decode: (first row, rows).
    batches: std::vec::IntoIter<(usize, usize)>,
    /// The batch being written out: a column per name, and the next row.
    cells: Vec<Cells>,
    rows: usize,
    row: usize,
    fields: Vec<String>,
    /// CSV written out, read from `taken` on.
    out: Vec<u8>,
    taken: usize,
    lines: Lines,
}

impl HeldCsv for CsvOfParquet {
    fn line(&self, line: u64) -> u64 {
        self.lines.row_line(line)
    }
}

impl CsvOfParquet {
    /// The Parquet file at `path`, its mapped columns to be decoded a few row groups at a time.
    ///
    /// # Errors
    /// The file cannot be read as Parquet.
    pub fn open(path: &Path, mapping: &Mapping) -> Result<CsvOfParquet, String> {
        let not_parquet = |e: PolarsError| format!("could not read the register as Parquet: {e}");
        let file = File::open(path).map_err(|e| format!("could not read the register: {e}"))?;
        let mut reader = ParquetReader::new(file);
        let schema = reader.schema().map_err(not_parquet)?;
        let metadata = reader.get_metadata().map_err(not_parquet)?.clone();
        let names: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
        let wanted = mapped(mapping);
        let read = names
            .iter()
            .filter(|n| wanted.contains(&n.as_str()))
            .cloned()
            .collect();
        let mut header = csv::Writer::from_writer(Vec::new());
        header
            .write_record(&names)
            .map_err(|e| format!("could not read the register: {e}"))?;
        let out = header
            .into_inner()
            .map_err(|e| format!("could not read the register: {}", e.error()))?;
        Ok(CsvOfParquet {
            path: path.to_path_buf(),
            batches: batches(metadata.row_groups.iter().map(|g| g.num_rows())).into_iter(),
            metadata,
            fields: vec![String::new(); names.len()],
            names,
            read,
            cells: Vec::new(),
            rows: 0,
            row: 0,
            out,
            taken: 0,
            // The header is line 1.
            lines: Lines::new(2),
        })
    }

    /// Decodes the next batch of rows; false at the end of the file.
    fn next_batch(&mut self) -> Result<bool, String> {
        let Some((first, rows)) = self.batches.next() else {
            return Ok(false);
        };
        // Said after the CSV reader's "could not read the register: ".
        let cannot = |e: PolarsError| e.to_string();
        let file = File::open(&self.path).map_err(|e| e.to_string())?;
        let mut reader = ParquetReader::new(file)
            .with_columns(Some(self.read.clone()))
            .with_slice(Some((first, rows)));
        reader.set_metadata(self.metadata.clone());
        let frame = reader.finish().map_err(cannot)?;
        self.cells = self
            .names
            .iter()
            .map(|name| match frame.column(name) {
                Ok(column) => Cells::of(column),
                Err(_) => Ok(Cells::Empty),
            })
            .collect::<Result<_, _>>()?;
        (self.rows, self.row) = (frame.height(), 0);
        Ok(true)
    }

    /// Writes out up to `CHUNK` rows of the batch.
    fn write_rows(&mut self) -> std::io::Result<()> {
        let mut csv = csv::Writer::from_writer(std::mem::take(&mut self.out));
        let end = (self.row + CHUNK).min(self.rows);
        for i in self.row..end {
            let mut breaks = 0;
            for (field, cells) in self.fields.iter_mut().zip(&self.cells) {
                field.clear();
                cells
                    .write(i, field)
                    .expect("writing to a String does not fail");
                breaks += field.bytes().filter(|&b| b == b'\n').count() as u64;
            }
            csv.write_record(&self.fields)?;
            self.lines.row(breaks);
        }
        self.row = end;
        self.out = csv.into_inner().map_err(|e| e.into_error())?;
        Ok(())
    }
}

impl Read for CsvOfParquet {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let pending = &self.out[self.taken..];
            if !pending.is_empty() {
                let n = pending.len().min(buf.len());
                buf[..n].copy_from_slice(&pending[..n]);
                self.taken += n;
                return Ok(n);
            }
            self.out.clear();
            self.taken = 0;
            if self.row == self.rows && !self.next_batch().map_err(std::io::Error::other)? {
                return Ok(0);
            }
            self.write_rows()?;
        }
    }
}

/// Row ranges of whole row groups, each of at least `BATCH` rows but the last.
fn batches(group_rows: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut first, mut rows) = (0, 0);
    for n in group_rows {
        rows += n;
        if rows >= BATCH {
            out.push((first, rows));
            (first, rows) = (first + rows, 0);
        }
    }
    if rows > 0 {
        out.push((first, rows));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decimal(unscaled: i128, scale: usize) -> String {
        let mut out = String::new();
        write_decimal(unscaled, scale, &mut out).unwrap();
        out
    }

    #[test]
    fn decimals_are_written_exactly() {
        assert_eq!(decimal(36_500, 2), "365.00");
        assert_eq!(decimal(7, 2), "0.07");
        assert_eq!(decimal(-7, 3), "-0.007");
        assert_eq!(decimal(42, 0), "42");
    }

    #[test]
    fn dates_and_timestamps_are_written_as_dates() {
        let mut out = String::new();
        // 2024-04-01 is 19,814 days after 1970-01-01.
        write_date(19_814, &mut out).unwrap();
        assert_eq!(out, "2024-04-01");
        out.clear();
        write_timestamp(19_814 * 86_400_000_000, TimeUnit::Microseconds, &mut out).unwrap();
        assert_eq!(out, "2024-04-01");
        out.clear();
        // Noon is not a date: written with its time, which the reader refuses.
        write_timestamp(
            19_814 * 86_400_000 + 43_200_000,
            TimeUnit::Milliseconds,
            &mut out,
        )
        .unwrap();
        assert_eq!(out, "2024-04-01 12:00:00");
    }

    #[test]
    fn batches_are_whole_row_groups() {
        assert_eq!(batches([10, 20].into_iter()), [(0, 30)]);
        assert_eq!(
            batches([BATCH, 5, BATCH - 5, 1].into_iter()),
            [(0, BATCH), (BATCH, BATCH), (2 * BATCH, 1)]
        );
        assert!(batches(std::iter::empty()).is_empty());
    }
}
