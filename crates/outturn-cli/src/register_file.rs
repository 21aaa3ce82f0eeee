//! A register file as `outturn portfolio` reads it: CSV, an Excel workbook (`.xlsx`), or
//! Parquet in a build with the `parquet` feature, told apart by content (a workbook is a zip
//! file, starting `PK`; a Parquet file starts `PAR1`), so neither needs a flag and a build
//! without Parquet names what it was given. A CSV register is opened with
//! [`outturn_input::register::file::open`]'s limits.
//!
//! Once it is read, the register is refused if it repeats a contract id (unless
//! `--duplicate-ids add`) or spells one group two ways: both would print a wrong figure
//! without a word.

use std::io::Read;
use std::path::Path;

use clap::{Args, ValueEnum};
use outturn_engine::monitoring::Registers;
use outturn_engine::portfolio::ids::{self, DuplicateId};
use outturn_engine::portfolio::{project_reader, Portfolio};
use outturn_input::diagnostic::{and_list, Diagnostic};
use outturn_input::register::file::{open, readable};
use outturn_input::register::{
    read_rows, read_rows_from, Amounts, BadRow, DateOrder, Mapping, Row, Spelling,
};
use outturn_model::money::group_thousands;
use outturn_model::FyCalendar;

/// How a register writes its values, what to make of repeated ids, and which sheet to read.
#[derive(Debug, Clone, Args)]
pub struct RegisterOptions {
    /// How amounts are written: plain (1234.00) or gbp (also £1,234.00 and 1,234.00, the
    /// thousands commas checked)
    #[arg(long, value_enum, default_value_t = AmountsArg::Plain)]
    pub amounts: AmountsArg,
    /// How dates are written: iso (2024-04-01) or dmy (also 01/04/2024, day first, as UK
    /// exports write them)
    #[arg(long, value_enum, default_value_t = DateFormat::Iso)]
    pub date_format: DateFormat,
    /// Rows with the same contract id: refuse the register (the default), or add them, each
    /// row costed as a contract of its own
    #[arg(long, value_enum, default_value_t = DuplicateIds::Refuse)]
    pub duplicate_ids: DuplicateIds,
    /// With an Excel register (.xlsx): the sheet to read (the first unless named)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AmountsArg {
    Plain,
    Gbp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateFormat {
    Iso,
    Dmy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DuplicateIds {
    Refuse,
    Add,
}

impl RegisterOptions {
    /// How the register's values are spelled, for the reader.
    pub fn spelling(&self) -> Spelling {
        Spelling {
            amounts: match self.amounts {
                AmountsArg::Plain => Amounts::Plain,
                AmountsArg::Gbp => Amounts::Gbp,
            },
            dates: match self.date_format {
                DateFormat::Iso => DateOrder::Iso,
                DateFormat::Dmy => DateOrder::DayMonthYear,
            },
        }
    }
}

/// What kind of file a register is, by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Csv,
    Held(Held),
}

/// A register that holds CSV in another form: read by writing it out as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    Xlsx,
    Parquet,
}

/// A workbook's sheet or a Parquet file written out as CSV for the CSV register's reader, so
/// every check, message and total is the CSV one; and the file's own line (or sheet row) of
/// each line of that CSV, to name rows by.
pub trait HeldCsv: Read + Send {
    fn line(&self, csv_line: u64) -> u64;
}

/// The register at `path` opened as the CSV it holds (an Excel register's `sheet`).
fn held(
    path: &Path,
    held: Held,
    mapping: &Mapping,
    sheet: Option<&str>,
) -> Result<Box<dyn HeldCsv>, String> {
    match held {
        Held::Xlsx => Ok(Box::new(crate::xlsx_register::CsvOfSheet::read(
            path, mapping, sheet,
        )?)),
        #[cfg(feature = "parquet")]
        Held::Parquet => Ok(Box::new(crate::parquet_register::CsvOfParquet::open(
            path, mapping,
        )?)),
        #[cfg(not(feature = "parquet"))]
        Held::Parquet => Err(format!(
            "the register is a Parquet file, and {}",
            crate::cli::NO_PARQUET
        )),
    }
}

/// Projects held CSV as a CSV register is projected, its bad rows named by the file's lines.
fn project_held(
    mut csv: Box<dyn HeldCsv>,
    mapping: &Mapping,
    by_month: bool,
    cal: FyCalendar,
) -> Result<Portfolio, String> {
    let mut portfolio = project_reader(&mut csv, mapping, by_month, cal)?;
    for bad in portfolio
        .bad_rows
        .iter_mut()
        .chain(&mut portfolio.blank_lines)
    {
        bad.line = csv.line(bad.line);
    }
    Ok(portfolio)
}

/// The ids really repeated among those whose fingerprints clash ([`ids::confirm`]) in held
/// CSV, each named by the file's lines.
fn confirm_held(
    mut csv: Box<dyn HeldCsv>,
    mapping: &Mapping,
    clashes: &[u64],
    cal: FyCalendar,
) -> Result<Vec<DuplicateId>, String> {
    let mut repeated = ids::confirm(&mut csv, mapping, clashes, cal)?;
    for line in repeated.iter_mut().flat_map(|d| d.lines.iter_mut()) {
        *line = csv.line(*line);
    }
    Ok(repeated)
}

/// Projects the register at `path`, CSV, Excel or Parquet; with it, the reasons to refuse it
/// besides its bad rows: a repeated contract id (unless `options` says to add them), or a
/// group spelled two ways.
///
/// # Errors
/// A folder or a device, a line too long, a header or CSV that cannot be read (as
/// [`project_reader`]); a Parquet register in a build without Parquet.
pub fn project_register(
    path: &Path,
    mapping: &Mapping,
    by_month: bool,
    cal: FyCalendar,
    options: &RegisterOptions,
) -> Result<(Portfolio, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (portfolio, kind) = projected(path, mapping, by_month, cal, options)?;
    let mut refusals = repeated(path, kind, mapping, &portfolio, cal, options)?;
    refusals.extend(groups_alike(path, &mapping.group, &portfolio));
    Ok((portfolio, refusals))
}

/// The register projected, and what kind of file it is.
fn projected(
    path: &Path,
    mapping: &Mapping,
    by_month: bool,
    cal: FyCalendar,
    options: &RegisterOptions,
) -> Result<(Portfolio, Kind), Vec<Diagnostic>> {
    let in_register = |e: String| vec![Diagnostic::file(path, e)];
    readable(path).map_err(|d| vec![d])?;
    let kind = kind(path);
    let portfolio = match kind {
        Kind::Csv => {
            let (file, lines) = open(path).map_err(|d| vec![d])?;
            project_reader(file, mapping, by_month, cal).map_err(|e| {
                vec![lines
                    .too_long(path)
                    .unwrap_or_else(|| Diagnostic::file(path, e))]
            })?
        }
        Kind::Held(h) => held(path, h, mapping, options.sheet.as_deref())
            .and_then(|csv| project_held(csv, mapping, by_month, cal))
            .map_err(in_register)?,
    };
    Ok((portfolio, kind))
}

/// The ids the register repeats, confirmed by reading it again, unless `options` says to add
/// them.
fn repeated(
    path: &Path,
    kind: Kind,
    mapping: &Mapping,
    portfolio: &Portfolio,
    cal: FyCalendar,
    options: &RegisterOptions,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    if options.duplicate_ids == DuplicateIds::Add || portfolio.id_clashes.is_empty() {
        return Ok(Vec::new());
    }
    let repeated = confirm(path, kind, mapping, &portfolio.id_clashes, cal, options)
        .map_err(|e| vec![Diagnostic::file(path, e)])?;
    Ok(repeated_ids(path, &repeated))
}

/// The ids really repeated among those whose fingerprints clash, read again from the file.
fn confirm(
    path: &Path,
    kind: Kind,
    mapping: &Mapping,
    clashes: &[u64],
    cal: FyCalendar,
    options: &RegisterOptions,
) -> Result<Vec<DuplicateId>, String> {
    match kind {
        Kind::Csv if std::fs::metadata(path).is_ok_and(|m| m.is_file()) => {
            let (file, _) = open(path).map_err(|d| d.message)?;
            ids::confirm(file, mapping, clashes, cal)
        }
        Kind::Csv => Err("the register seems to repeat a contract id, but it was read from a pipe, so it cannot be read again to find which; save it to a file and run again (or add --duplicate-ids add if each row is a contract of its own)".into()),
        Kind::Held(h) => confirm_held(held(path, h, mapping, options.sheet.as_deref())?, mapping, clashes, cal),
    }
}

/// Diagnostics refused at most, for repeated ids: past them, a count.
const MOST_SHOWN: usize = 20;

/// What `simulate --register` refuses of a register before simulating it: as `portfolio`
/// does, repeated ids (unless `--duplicate-ids add`). Group names do not matter, as a
/// simulation totals the whole register; rows that cannot be read are left to the
/// simulation's reader, which refuses each.
///
/// # Errors
/// The register cannot be read, or one of the refusals above.
pub fn refuse_for_simulation(
    path: &Path,
    mapping: &Mapping,
    options: &RegisterOptions,
) -> Result<(), Vec<Diagnostic>> {
    let cal = FyCalendar::UK;
    let (portfolio, kind) = projected(path, mapping, false, cal, options)?;
    let refusals = repeated(path, kind, mapping, &portfolio, cal, options)?;
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refusals)
    }
}

/// The register's rows, and those that could not be read, for `simulate --register`: from a
/// CSV file, or a workbook or Parquet file read as the CSV it holds, each bad row named by its
/// line (a workbook's by its row in the sheet).
///
/// # Errors
/// The register cannot be read; a Parquet register in a build without Parquet.
pub fn rows_for_simulation(
    path: &Path,
    mapping: &Mapping,
    options: &RegisterOptions,
) -> Result<(Vec<Row>, Vec<BadRow>), Vec<Diagnostic>> {
    let rows = match kind(path) {
        Kind::Csv => read_rows(path, mapping),
        Kind::Held(h) => held(path, h, mapping, options.sheet.as_deref()).and_then(|mut csv| {
            let (rows, mut bad) = read_rows_from(&mut csv, mapping)?;
            for b in &mut bad {
                b.line = csv.line(b.line);
            }
            Ok((rows, bad))
        }),
    };
    rows.map_err(|e| vec![Diagnostic::file(path, e)])
}

/// How `monitor` reads the contract registers its config names: CSV as the engine does,
/// and Excel workbooks (the first sheet) and Parquet files as `portfolio` reads them.
pub const MONITOR_REGISTERS: Registers = Registers {
    project: |path, mapping| match kind(path) {
        Kind::Csv => (Registers::default().project)(path, mapping),
        Kind::Held(h) => project_held(held(path, h, mapping, None)?, mapping, true, FyCalendar::UK),
    },
    confirm: |path, mapping, clashes| match kind(path) {
        Kind::Csv => (Registers::default().confirm)(path, mapping, clashes),
        Kind::Held(h) => confirm_held(
            held(path, h, mapping, None)?,
            mapping,
            clashes,
            FyCalendar::UK,
        ),
    },
};

/// A diagnostic per repeated id (up to [`MOST_SHOWN`]).
fn repeated_ids(path: &Path, repeated: &[DuplicateId]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = repeated
        .iter()
        .take(MOST_SHOWN)
        .map(|d| {
            Diagnostic::file(
                path,
                format!(
                    "{}; delete the repeats, or add --duplicate-ids add if each row is a contract of its own",
                    d.describe()
                ),
            )
        })
        .collect();
    if repeated.len() > MOST_SHOWN {
        out.push(Diagnostic::file(
            path,
            format!(
                "{} more ids are repeated",
                group_thousands(&(repeated.len() - MOST_SHOWN).to_string())
            ),
        ));
    }
    out
}

/// A diagnostic per set of group names alike but for capitals or spaces.
fn groups_alike(path: &Path, column: &str, portfolio: &Portfolio) -> Vec<Diagnostic> {
    portfolio
        .groups_alike()
        .iter()
        .map(|names| {
            let named: Vec<String> = names
                .iter()
                .map(|(name, rows)| {
                    let s = if *rows == 1 { "" } else { "s" };
                    format!("`{name}` ({} row{s})", group_thousands(&rows.to_string()))
                })
                .collect();
            Diagnostic::file(
                path,
                format!(
                    "the groups {} differ only in capitals or spaces, so one group's total would be split between them; spell them alike in the column `{column}`",
                    and_list(&named)
                ),
            )
        })
        .collect()
}

/// What the file at `path` is, by its first bytes. One that cannot be read is left to the
/// CSV reader, which says why; so is a FIFO, whose first bytes can be read only once.
fn kind(path: &Path) -> Kind {
    let mut magic = [0; 4];
    let read = std::fs::metadata(path).is_ok_and(|m| m.is_file())
        && std::fs::File::open(path)
            .and_then(|mut f| f.read_exact(&mut magic))
            .is_ok();
    match &magic {
        b"PAR1" if read => Kind::Held(Held::Parquet),
        [b'P', b'K', 3, 4] if read => Kind::Held(Held::Xlsx),
        _ => Kind::Csv,
    }
}

/// Where the lines of CSV written out from another kind of register and its own rows part:
/// a value with a line break in it takes more than one line of CSV, and the rows after it
/// are named by their own line (or row).
pub(crate) struct Lines {
    /// The CSV line of the next row.
    pub next: u64,
    /// From each CSV line on, the line breaks inside values before it.
    breaks: Vec<(u64, u64)>,
}

impl Lines {
    /// Lines of CSV whose next row is on line `next`.
    pub fn new(next: u64) -> Lines {
        Lines {
            next,
            breaks: Vec::new(),
        }
    }

    /// Counts a row written out with `breaks` line breaks inside its values.
    pub fn row(&mut self, breaks: u64) {
        self.next += 1 + breaks;
        if breaks > 0 {
            let before = self.breaks.last().map_or(0, |b| b.1);
            self.breaks.push((self.next, before + breaks));
        }
    }

    /// The line a row read at CSV line `line` has in the register.
    pub fn row_line(&self, line: u64) -> u64 {
        let i = self.breaks.partition_point(|b| b.0 <= line);
        line - i.checked_sub(1).map_or(0, |i| self.breaks[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_after_a_line_break_in_a_value_keep_their_line() {
        let mut lines = Lines::new(2);
        // Row 1 (line 2) has two line breaks: it takes CSV lines 2 to 4.
        lines.row(2);
        lines.row(0);
        lines.row(1);
        lines.row(0);
        assert_eq!(lines.row_line(2), 2);
        assert_eq!(lines.row_line(5), 3);
        assert_eq!(lines.row_line(6), 4);
        assert_eq!(lines.row_line(8), 5);
    }
}
