//! Ledger extracts: a line per posting (or per period balance), read as a stream and totalled
//! in pennies by budget holder and period, whatever system wrote them.
//!
//! A profile says where each field is for the systems councils use; any column can be
//! renamed in the monitoring config (`[ledger.columns]`):
//!
//! | profile | budget holder | when | amount |
//! | --- | --- | --- | --- |
//! | `generic` | `cost_centre` | `period` (`P6`, `6`), and `financial_year` (`2022-23`) if the file has it | `amount`, signed |
//! | `unit4` (ERP `agltransact`) | `dim_1` | `period` as `YYYYPP`, the year the financial year starts | `amount`, signed |
//! | `oracle` (GL balances) | `segment2` | `period_name` (`SEP-22`) | `period_net_dr` − `period_net_cr`; only `actual_flag` = `A` |
//! | `sap` (ACDOCA) | `RCNTR` | `GJAHR` (the year the financial year starts) and `POPER` (001–012; 013–016 are P13) | `HSL`, signed, which `DRCRK` (`S` debit, `H` credit) must agree with; only ledger `RLDNR` = `0L` |
//! | `transparency` (Local Government Transparency Code spend) | `Expense area` | `Date` (`2022-09-15` or `15/09/2022`) | `Amount`, signed |
//!
//! Debits are positive and credits negative; accruals and their reversals are lines like any
//! other, counted in the period they are posted to. Lines of other ledgers (Oracle budget and
//! encumbrance balances, SAP's non-leading ledgers) are left out and counted.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::mpsc::{channel, sync_channel, Receiver, SyncSender};

use chrono::Datelike;
use outturn_model::calendar::FinancialYear;
use outturn_model::monitoring::{FiscalPeriod, PERIODS};
use rustc_hash::FxHashMap;

use super::csv_file::{at_field, blank_lines, not_utf8, CsvFile, Place};
use super::fields;
use crate::csv_text::wrong_field_count;
use crate::diagnostic::Diagnostic;

/// The systems whose extracts can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Generic,
    Unit4,
    Oracle,
    Sap,
    Transparency,
}

impl FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Profile, String> {
        Ok(match s {
            "generic" => Profile::Generic,
            "unit4" => Profile::Unit4,
            "oracle" => Profile::Oracle,
            "sap" => Profile::Sap,
            "transparency" => Profile::Transparency,
            _ => {
                return Err(format!(
                    "expected a ledger profile: generic, unit4, oracle, sap or transparency, found `{s}`"
                ))
            }
        })
    }
}

/// Column names a config may give in place of a profile's own (`[ledger.columns]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames {
    pub cost_centre: Option<String>,
    pub period: Option<String>,
    pub financial_year: Option<String>,
    pub date: Option<String>,
    pub amount: Option<String>,
    pub debit: Option<String>,
    pub credit: Option<String>,
    pub indicator: Option<String>,
    pub ledger: Option<String>,
}

/// How a line says when it was posted.
#[derive(Debug, Clone, PartialEq, Eq)]
enum When {
    /// A period number, and a financial year label if the file has the column.
    Period {
        period: String,
        year: Option<String>,
        year_required: bool,
    },
    /// Unit4's `YYYYPP`.
    YearPeriod(String),
    /// Oracle's `SEP-22`.
    PeriodName(String),
    /// SAP's fiscal year and posting period.
    FiscalYearPeriod {
        year: String,
        period: String,
    },
    Date(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Amount {
    Signed(String),
    DebitCredit {
        debit: String,
        credit: String,
    },
    /// A signed amount with a debit/credit indicator (`S`/`H`) that must agree with its sign.
    Indicated {
        amount: String,
        indicator: String,
    },
}

/// Where a profile finds each field, after renames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    cost_centre: String,
    when: When,
    amount: Amount,
    /// Only lines whose column holds this value are actuals.
    keep: Option<(String, String)>,
}

impl Columns {
    /// The profile's columns with the config's renames.
    pub fn new(profile: Profile, r: &Renames) -> Columns {
        let name = |given: &Option<String>, default: &str| {
            given.clone().unwrap_or_else(|| default.to_string())
        };
        let (cost_centre, when, amount, keep) = match profile {
            Profile::Generic => (
                "cost_centre",
                When::Period {
                    period: name(&r.period, "period"),
                    year: Some(name(&r.financial_year, "financial_year")),
                    year_required: r.financial_year.is_some(),
                },
                Amount::Signed(name(&r.amount, "amount")),
                None,
            ),
            Profile::Unit4 => (
                "dim_1",
                When::YearPeriod(name(&r.period, "period")),
                Amount::Signed(name(&r.amount, "amount")),
                None,
            ),
            Profile::Oracle => (
                "segment2",
                When::PeriodName(name(&r.period, "period_name")),
                Amount::DebitCredit {
                    debit: name(&r.debit, "period_net_dr"),
                    credit: name(&r.credit, "period_net_cr"),
                },
                Some((name(&r.ledger, "actual_flag"), "A".to_string())),
            ),
            Profile::Sap => (
                "RCNTR",
                When::FiscalYearPeriod {
                    year: name(&r.financial_year, "GJAHR"),
                    period: name(&r.period, "POPER"),
                },
                Amount::Indicated {
                    amount: name(&r.amount, "HSL"),
                    indicator: name(&r.indicator, "DRCRK"),
                },
                Some((name(&r.ledger, "RLDNR"), "0L".to_string())),
            ),
            Profile::Transparency => (
                "Expense area",
                When::Date(name(&r.date, "Date")),
                Amount::Signed(name(&r.amount, "Amount")),
                None,
            ),
        };
        let mut columns = Columns {
            cost_centre: name(&r.cost_centre, cost_centre),
            when,
            amount,
            keep,
        };
        // A generic extract may state dates instead of periods, or debits and credits
        // instead of a signed amount.
        if profile == Profile::Generic {
            if let Some(date) = &r.date {
                columns.when = When::Date(date.clone());
            }
            if let (Some(debit), Some(credit)) = (&r.debit, &r.credit) {
                columns.amount = Amount::DebitCredit {
                    debit: debit.clone(),
                    credit: credit.clone(),
                };
            }
        }
        columns
    }
}

/// Budget holders by code, each with its place in the budget file's order.
pub type HolderIndex = FxHashMap<Vec<u8>, u32>;

/// What to do with a line whose budget holder is not in the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// This year's ledger: every line must be charged to a budget holder.
    Refuse,
    /// Last year's ledger, read for its profile: holders since closed are passed over.
    PassOver,
}

/// A ledger to read: which file, how, and for which year and periods.
pub struct LedgerSpec<'a> {
    pub path: &'a Path,
    /// How the config names the file in messages: "the ledger", "last year's ledger".
    pub what: &'a str,
    pub columns: Columns,
    pub year: FinancialYear,
    /// The last period the extract may hold: the report's period (P13 only at P12).
    pub last_period: u8,
    pub holders: &'a HolderIndex,
    pub unknown: Unknown,
}

/// A line that could not be counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub place: Place,
    pub column: Option<usize>,
    pub field: Option<String>,
    pub message: String,
    /// The line's amount in pennies, when it could be read, so what is skipped is known.
    pub pennies: Option<i64>,
    /// Blank lines before a line, as (first, last) line numbers: reported as such.
    pub blank: Option<(u64, u64)>,
}

impl BadLine {
    /// The error, with the line's text read back from `path`.
    pub fn diagnostic(&self, path: &Path) -> Diagnostic {
        if let Some(blank) = self.blank {
            return blank_lines(path, blank, "a ledger line");
        }
        at_field(
            path,
            &self.place,
            self.column,
            self.field.clone(),
            self.message.clone(),
        )
    }
}

/// A ledger totalled: pennies by budget holder (in the budget's order) and period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerTotals {
    pub path: PathBuf,
    pub by_holder: Vec<[i64; PERIODS]>,
    /// Lines read, counted or not.
    pub lines: u64,
    /// Lines counted in the totals.
    pub counted: u64,
    /// Lines of another ledger (budget, encumbrance, a non-leading ledger), left out.
    pub left_out: u64,
    /// Lines passed over because their budget holder is not in the budget (last year's).
    pub passed_over: u64,
    /// The sum of every counted line, in pennies.
    pub total: i64,
    /// Lines that could not be read, in line order; blank lines among them.
    pub bad: Vec<BadLine>,
}

/// Column positions once the header is read.
struct Positions {
    cost_centre: usize,
    when: WhenAt,
    amount: AmountAt,
    keep: Option<(usize, Vec<u8>)>,
    /// The report's year as a line labels it (`2022-23`), made once, not for every line.
    year_label: Vec<u8>,
}

enum WhenAt {
    Period { period: usize, year: Option<usize> },
    YearPeriod(usize),
    PeriodName(usize),
    FiscalYearPeriod { year: usize, period: usize },
    Date(usize),
}

enum AmountAt {
    Signed(usize),
    DebitCredit(usize, usize),
    Indicated(usize, usize),
}

fn positions(
    file: &CsvFile,
    c: &Columns,
    hint: &str,
    year: FinancialYear,
) -> Result<Positions, Diagnostic> {
    let need = |name: &str, key: &str| {
        file.require(
            name,
            &format!("{key} = \"NAME\" under {hint} in the config"),
        )
    };
    let when = match &c.when {
        When::Period {
            period,
            year,
            year_required,
        } => WhenAt::Period {
            period: need(period, "period")?,
            year: match year {
                Some(y) if *year_required => Some(need(y, "financial_year")?),
                Some(y) => file.column(y),
                None => None,
            },
        },
        When::YearPeriod(p) => WhenAt::YearPeriod(need(p, "period")?),
        When::PeriodName(p) => WhenAt::PeriodName(need(p, "period")?),
        When::FiscalYearPeriod { year, period } => WhenAt::FiscalYearPeriod {
            year: need(year, "financial_year")?,
            period: need(period, "period")?,
        },
        When::Date(d) => WhenAt::Date(need(d, "date")?),
    };
    let amount = match &c.amount {
        Amount::Signed(a) => AmountAt::Signed(need(a, "amount")?),
        Amount::DebitCredit { debit, credit } => {
            AmountAt::DebitCredit(need(debit, "debit")?, need(credit, "credit")?)
        }
        Amount::Indicated { amount, indicator } => {
            AmountAt::Indicated(need(amount, "amount")?, need(indicator, "indicator")?)
        }
    };
    Ok(Positions {
        cost_centre: need(&c.cost_centre, "cost_centre")?,
        when,
        amount,
        keep: match &c.keep {
            Some((column, value)) => Some((need(column, "ledger")?, value.as_bytes().to_vec())),
            None => None,
        },
        year_label: year.to_string().into_bytes(),
    })
}

/// Why a field of a line is wrong: its column and the message.
type Problem = (usize, String);

fn text(record: &csv::ByteRecord, i: usize) -> &[u8] {
    record.get(i).unwrap_or_default()
}

fn shown(raw: &[u8]) -> String {
    String::from_utf8_lossy(fields::trim(raw)).into_owned()
}

/// Whether `raw` is the calendar year in which `year` starts (`2022` for 2022-23), as Unit4
/// and SAP label financial years.
fn starts_in(year: FinancialYear, raw: &[u8]) -> bool {
    fields::small_number(raw).is_some_and(|n| i32::from(n) == year.start().year())
}

fn other_year(spec: &LedgerSpec, column: usize, found: String) -> Problem {
    (
        column,
        format!(
            "the line is for financial year {found}, not this report's {}",
            spec.year
        ),
    )
}

/// A period number as written (`P6`, `06`, `006`), not yet checked against the year.
fn number(column: usize, raw: &[u8]) -> Result<u16, Problem> {
    fields::period_number(raw).ok_or_else(|| {
        (
            column,
            format!(
                "expected a period P1 to P13 (or 1 to 13), found `{}`",
                shown(raw)
            ),
        )
    })
}

/// Unit4's `YYYYPP`: the year the financial year starts, then the period.
fn year_period(raw: &[u8], column: usize, spec: &LedgerSpec) -> Result<u16, Problem> {
    let raw = fields::trim(raw);
    if raw.len() != 6 || !raw.iter().all(u8::is_ascii_digit) {
        return Err((
            column,
            format!("expected a period as YYYYPP, such as 202206 for P6 of the year starting in 2022, found `{}`", shown(raw)),
        ));
    }
    let (year, p) = raw.split_at(4);
    if !starts_in(spec.year, year) {
        return Err(other_year(
            spec,
            column,
            format!("starting in {}", shown(year)),
        ));
    }
    number(column, p)
}

/// The period of the month a date (or an Oracle period name) falls in.
fn dated(raw: &[u8], column: usize, spec: &LedgerSpec, name: bool) -> Result<u16, Problem> {
    let read = if name {
        fields::period_name(raw)
    } else {
        fields::date(raw)
    };
    let date = read.ok_or_else(|| {
        let expected = if name {
            "a period name such as SEP-22"
        } else {
            "a date as 2022-09-15 or 15/09/2022"
        };
        (
            column,
            format!("expected {expected}, found `{}`", shown(raw)),
        )
    })?;
    let p = FiscalPeriod::of_date(spec.year, date).ok_or_else(|| {
        (
            column,
            format!(
                "{date} is outside this report's financial year {} ({} to {})",
                spec.year,
                spec.year.start(),
                spec.year.end()
            ),
        )
    })?;
    Ok(u16::from(p.number()))
}

/// The period a line states and the column it is in, before it is checked against the
/// report's periods.
fn stated_period(
    record: &csv::ByteRecord,
    p: &Positions,
    spec: &LedgerSpec,
) -> Result<(u16, usize), Problem> {
    Ok(match p.when {
        WhenAt::Period { period, year } => {
            if let Some(y) = year {
                let raw = text(record, y);
                if fields::trim(raw) != p.year_label.as_slice() {
                    return Err(other_year(spec, y, shown(raw)));
                }
            }
            (number(period, text(record, period))?, period)
        }
        WhenAt::YearPeriod(column) => (year_period(text(record, column), column, spec)?, column),
        WhenAt::FiscalYearPeriod { year, period } => {
            let raw = text(record, year);
            if !starts_in(spec.year, raw) {
                return Err(other_year(
                    spec,
                    year,
                    format!("starting in {}", shown(raw)),
                ));
            }
            // SAP's special periods 13 to 16 are all year-end adjustments.
            match number(period, text(record, period))? {
                13..=16 => (13, period),
                n => (n, period),
            }
        }
        WhenAt::PeriodName(column) => (dated(text(record, column), column, spec, true)?, column),
        WhenAt::Date(column) => (dated(text(record, column), column, spec, false)?, column),
    })
}

/// The period of a line, checked against the report's year and last period.
fn period(
    record: &csv::ByteRecord,
    positions: &Positions,
    spec: &LedgerSpec,
) -> Result<FiscalPeriod, Problem> {
    let (n, column) = stated_period(record, positions, spec)?;
    let p = u8::try_from(n)
        .ok()
        .and_then(FiscalPeriod::new)
        .ok_or_else(|| (column, format!("period {n} is outside the year: periods run from P1 to P12, and P13 for year-end adjustments")))?;
    let last = spec.last_period;
    if p.number() == 13 && last < 12 {
        return Err((column, format!("period P13 holds year-end adjustments, which belong only in the report at P12; this report is at P{last}")));
    }
    if p.number() > last && p.number() != 13 {
        return Err((column, format!("period {p} is after this report's period P{last}; the extract should end at P{last}, or the report is for a later period")));
    }
    Ok(p)
}

fn amount(record: &csv::ByteRecord, at: &AmountAt) -> Result<i64, Problem> {
    let read = |c: usize| fields::pennies(text(record, c)).map_err(|m| (c, m));
    match *at {
        AmountAt::Signed(c) => read(c),
        AmountAt::DebitCredit(dr, cr) => {
            // An empty debit or credit is none.
            let side = |c: usize| {
                if fields::trim(text(record, c)).is_empty() {
                    Ok(0)
                } else {
                    read(c)
                }
            };
            Ok(side(dr)? - side(cr)?)
        }
        AmountAt::Indicated(a, ind) => {
            let pennies = read(a)?;
            match fields::trim(text(record, ind)) {
                b"S" if pennies < 0 => Err((a, format!("the line is a debit (S) but its amount is negative, {}", shown(text(record, a))))),
                b"H" if pennies > 0 => Err((a, format!("the line is a credit (H) but its amount is positive, {}; credits are negative", shown(text(record, a))))),
                b"S" | b"H" => Ok(pennies),
                other => Err((ind, format!("expected S (debit) or H (credit), found `{}`", shown(other)))),
            }
        }
    }
}

/// What one line of a ledger comes to.
enum Outcome {
    /// Counted: the budget holder's place, the period and the amount in pennies.
    Counted(u32, FiscalPeriod, i64),
    /// A line of another ledger (budget, encumbrance, a non-leading ledger).
    OtherLedger,
    /// A line of a budget holder not in the budget, in last year's ledger.
    PassedOver,
}

/// Reads one record, or says which field is wrong and why.
fn read_line(
    record: &csv::ByteRecord,
    p: &Positions,
    spec: &LedgerSpec,
    n_columns: usize,
) -> Result<Outcome, (Option<usize>, String)> {
    if record.len() != n_columns {
        return Err((None, wrong_field_count(record, n_columns)));
    }
    if let Some((column, value)) = &p.keep {
        if fields::trim(text(record, *column)) != value.as_slice() {
            return Ok(Outcome::OtherLedger);
        }
    }
    let code = fields::trim(text(record, p.cost_centre));
    let holder = match spec.holders.get(code) {
        Some(&h) => h,
        None if spec.unknown == Unknown::PassOver => return Ok(Outcome::PassedOver),
        None => {
            let why = not_utf8(code).unwrap_or_else(|| {
                if code.is_empty() {
                    "the line names no budget holder; every line must be charged to one in the budget file".into()
                } else {
                    format!("`{}` is not a budget holder in the budget file; add it there, or correct the code", shown(code))
                }
            });
            return Err((Some(p.cost_centre), why));
        }
    };
    // A field that is not UTF-8 is named as such, not as a bad value.
    let named = |(c, m): Problem| (Some(c), not_utf8(text(record, c)).unwrap_or(m));
    let period = period(record, p, spec).map_err(named)?;
    let pennies = amount(record, &p.amount).map_err(named)?;
    Ok(Outcome::Counted(holder, period, pennies))
}

/// Records handed from the reading thread to the counting thread at a time.
const BATCH: usize = 4096;

type Batch = Vec<(Place, csv::ByteRecord)>;

/// The running count of a ledger, in `i128` so that no file can overflow it; totals are
/// checked into pennies that fit an `i64` at the end.
struct Tally {
    by_holder: Vec<[i128; PERIODS]>,
    total: i128,
    lines: u64,
    counted: u64,
    left_out: u64,
    passed_over: u64,
    bad: Vec<BadLine>,
}

impl Tally {
    fn line(
        &mut self,
        place: Place,
        record: &csv::ByteRecord,
        p: &Positions,
        spec: &LedgerSpec,
        header: &[String],
    ) {
        self.lines += 1;
        if let Some(blank) = place.blank {
            self.bad.push(BadLine {
                place,
                column: None,
                field: None,
                message: String::new(),
                pennies: None,
                blank: Some(blank),
            });
        }
        match read_line(record, p, spec, header.len()) {
            Ok(Outcome::Counted(holder, period, pennies)) => {
                self.by_holder[holder as usize][period.index()] += i128::from(pennies);
                self.total += i128::from(pennies);
                self.counted += 1;
            }
            Ok(Outcome::OtherLedger) => self.left_out += 1,
            Ok(Outcome::PassedOver) => self.passed_over += 1,
            Err((column, message)) => self.bad.push(BadLine {
                place,
                column,
                field: column.and_then(|c| header.get(c).cloned()),
                message,
                pennies: amount(record, &p.amount).ok(),
                blank: None,
            }),
        }
    }

    fn totals(self, path: &Path) -> Result<LedgerTotals, Diagnostic> {
        let too_large = || {
            Diagnostic::file(path, "the ledger's totals are larger than any council's (beyond £90,000,000,000,000,000); is an amount mistyped?")
        };
        let fit = |p: i128| i64::try_from(p).map_err(|_| too_large());
        let mut by_holder = Vec::with_capacity(self.by_holder.len());
        for months in &self.by_holder {
            let mut out = [0i64; PERIODS];
            for (o, m) in out.iter_mut().zip(months) {
                *o = fit(*m)?;
            }
            by_holder.push(out);
        }
        Ok(LedgerTotals {
            path: path.to_path_buf(),
            by_holder,
            lines: self.lines,
            counted: self.counted,
            left_out: self.left_out,
            passed_over: self.passed_over,
            total: fit(self.total)?,
            bad: self.bad,
        })
    }
}

/// Reads records into batches for the counting thread, reusing the batches it hands back,
/// until the file ends or the counting thread stops.
fn read_batches(
    file: &mut CsvFile,
    full: &SyncSender<Batch>,
    empty: &Receiver<Batch>,
) -> Result<(), Diagnostic> {
    loop {
        let mut batch = empty
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(BATCH));
        let mut n = 0;
        while n < BATCH {
            if n == batch.len() {
                batch.push((Place::default(), csv::ByteRecord::new()));
            }
            let (place, record) = &mut batch[n];
            match file.next_record(record)? {
                Some(p) => *place = p,
                None => break,
            }
            n += 1;
        }
        batch.truncate(n);
        let ended = n < BATCH;
        if (n > 0 && full.send(batch).is_err()) || ended {
            return Ok(());
        }
    }
}

/// Reads and totals the ledger `spec` names, line by line: one thread splits the file into
/// records while another reads their fields and adds them up, in order. Lines that cannot
/// be counted are returned as bad lines (with blank lines between lines among them), in
/// line order, not dropped.
///
/// # Errors
/// The file cannot be read, or its header lacks a column the profile needs.
pub fn read_ledger(spec: &LedgerSpec) -> Result<LedgerTotals, Diagnostic> {
    let mut file = CsvFile::open(spec.path, spec.what)?;
    let hint = if spec.what == "the ledger" {
        "[ledger.columns]"
    } else {
        "[last_year.columns]"
    };
    let p = positions(&file, &spec.columns, hint, spec.year)?;
    let header = file.header().to_vec();
    let (full_tx, full_rx) = sync_channel::<Batch>(4);
    let (empty_tx, empty_rx) = channel::<Batch>();
    std::thread::scope(|scope| {
        let counter = scope.spawn(|| {
            let mut tally = Tally {
                by_holder: vec![[0; PERIODS]; spec.holders.len()],
                total: 0,
                lines: 0,
                counted: 0,
                left_out: 0,
                passed_over: 0,
                bad: Vec::new(),
            };
            for batch in full_rx {
                for (place, record) in &batch {
                    tally.line(*place, record, &p, spec, &header);
                }
                // The reader may have finished; then the batch is simply dropped.
                let _ = empty_tx.send(batch);
            }
            tally
        });
        let read = read_batches(&mut file, &full_tx, &empty_rx);
        drop(full_tx);
        let tally = counter
            .join()
            .map_err(|_| Diagnostic::file(spec.path, "the ledger could not be counted"))?;
        read?;
        tally.totals(spec.path)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use outturn_model::FyCalendar;

    fn holders() -> HolderIndex {
        [(b"A".to_vec(), 0), (b"B".to_vec(), 1)]
            .into_iter()
            .collect()
    }

    /// Reads `text` as a ledger of 2022-23 up to `last_period`.
    fn read(
        text: &str,
        profile: Profile,
        renames: &Renames,
        last_period: u8,
        unknown: Unknown,
    ) -> LedgerTotals {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.csv");
        std::fs::write(&path, text).unwrap();
        let holders = holders();
        read_ledger(&LedgerSpec {
            path: &path,
            what: "the ledger",
            columns: Columns::new(profile, renames),
            year: FyCalendar::UK.parse_year("2022-23").unwrap(),
            last_period,
            holders: &holders,
            unknown,
        })
        .unwrap()
    }

    fn messages(t: &LedgerTotals) -> Vec<String> {
        t.bad
            .iter()
            .map(|b| format!("{}: {}", b.place.line, b.message))
            .collect()
    }

    #[test]
    fn sap_special_periods_are_the_year_end_and_other_ledgers_are_left_out() {
        let text = "RLDNR,GJAHR,POPER,RCNTR,HSL,DRCRK\n0L,2022,012,A,10.00,S\n0L,2022,016,A,2.50,S\n2L,2022,012,A,99.00,S\n0L,2022,017,A,1.00,S\n0L,2021,001,B,1.00,S\n";
        let t = read(text, Profile::Sap, &Renames::default(), 12, Unknown::Refuse);
        assert_eq!(t.by_holder[0][11], 1_000);
        assert_eq!(t.by_holder[0][12], 250);
        assert_eq!((t.lines, t.counted, t.left_out), (5, 2, 1));
        assert_eq!(
            messages(&t),
            [
                "5: period 17 is outside the year: periods run from P1 to P12, and P13 for year-end adjustments",
                "6: the line is for financial year starting in 2021, not this report's 2022-23",
            ]
        );
    }

    #[test]
    fn unit4_periods_name_the_year_they_start() {
        let text = "dim_1,period,amount\nA,202206,5.00\nB,202106,1.00\nA,2022-6,1.00\n";
        let t = read(
            text,
            Profile::Unit4,
            &Renames::default(),
            6,
            Unknown::Refuse,
        );
        assert_eq!(t.by_holder[0][5], 500);
        assert_eq!(
            messages(&t),
            [
                "3: the line is for financial year starting in 2021, not this report's 2022-23",
                "4: expected a period as YYYYPP, such as 202206 for P6 of the year starting in 2022, found `2022-6`",
            ]
        );
    }

    #[test]
    fn a_generic_extract_may_state_dates_and_debits_and_credits() {
        let renames = Renames {
            cost_centre: Some("Cost Centre".into()),
            date: Some("Posted".into()),
            debit: Some("Dr".into()),
            credit: Some("Cr".into()),
            ..Renames::default()
        };
        let text = "Posted,Cost Centre,Dr,Cr\n2022-04-30,A,100.00,\n01/05/2022,A,,30.25\n2022-05-31,B,5.00,5.00\n";
        let t = read(text, Profile::Generic, &renames, 2, Unknown::Refuse);
        assert_eq!(t.by_holder[0][..2], [10_000, -3_025]);
        assert_eq!(t.by_holder[1][1], 0);
        assert_eq!(t.total, 6_975);
        assert!(t.bad.is_empty());
    }

    #[test]
    fn last_years_ledger_passes_over_closed_holders() {
        let text = "cost_centre,period,amount\nA,P1,1.00\nCLOSED,P1,9.00\nA,P13,2.00\n";
        let t = read(
            text,
            Profile::Generic,
            &Renames::default(),
            13,
            Unknown::PassOver,
        );
        assert_eq!((t.counted, t.passed_over), (2, 1));
        assert_eq!(t.by_holder[0][12], 200);
    }

    #[test]
    fn every_line_is_counted_in_order_across_batches() {
        // More lines than one batch, a bad line in the second: totals exact, the line right.
        let mut text = String::from("cost_centre,period,amount\n");
        for i in 0..10_000 {
            text.push_str(if i == 5_000 {
                "A,P1,0.001\n"
            } else {
                "A,P1,0.01\n"
            });
        }
        let t = read(
            &text,
            Profile::Generic,
            &Renames::default(),
            1,
            Unknown::Refuse,
        );
        assert_eq!(t.by_holder[0][0], 9_999);
        assert_eq!(messages(&t), ["5002: `0.001` is not a whole number of pennies; amounts must be exact to the penny"]);
    }
}
