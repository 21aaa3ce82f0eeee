//! Contract registers: CSV files with a row per contract, read as a stream and projected in
//! parallel, batch by batch, so memory stays flat however long the register is.
//!
//! Columns are found by name. The defaults are the benchmark register's
//! (`id,directorate,start,term_years,extension_months,annual_value,uplift_pct`); a council's
//! own register can be mapped with `--col-…` options, including one that states an end date
//! instead of a term, or a total contract value instead of an annual one.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use outturn_model::calendar::{FinancialYear, FyCalendar, Period};
use outturn_model::register::{cost_contract, spread_total};
use outturn_model::split::split;
use outturn_model::term::Term;
use outturn_model::Money;
use rayon::prelude::*;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

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

/// What a register came to: pennies by (group, financial year or month start), and any bad rows.
#[derive(Debug, Default)]
pub struct Portfolio {
    pub totals: BTreeMap<(String, FinancialYear, Option<NaiveDate>), i64>,
    pub bad_rows: Vec<BadRow>,
    pub contracts: u64,
}

/// The greatest amount a register may state, £1,000,000,000,000,000 as in scenario files, in
/// pennies.
const MAX_PENNIES: i64 = 100_000_000_000_000_000;
/// Rows read before a batch is projected in parallel: large enough to keep both cores busy,
/// small enough that memory does not grow with the register.
const BATCH: usize = 20_000;

/// Column positions once the header is read.
struct Positions {
    id: usize,
    group: usize,
    start: usize,
    term: (usize, Option<usize>),
    extended_to: Option<usize>,
    value: (usize, Option<usize>),
    /// The header, to name columns in messages as the register names them.
    names: Vec<String>,
}

fn positions(header: &csv::StringRecord, m: &Mapping) -> Result<Positions, String> {
    let find = |name: &str, option: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            let names: Vec<&str> = header.iter().collect();
            format!("has no column `{name}` (its columns: {}); name the column to use with {option} NAME", names.join(", "))
        })
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
        names: header.iter().map(String::from).collect(),
    })
}

/// `2022-11-07`, quickly and strictly.
fn date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<u32>().ok();
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?).filter(|_| (1900..=2200).contains(&year))
}

fn money(text: &str) -> Option<Money> {
    let d: Decimal = text.trim().parse().ok()?;
    Money::exact(d).filter(|m| !m.is_negative() && m.pennies() <= MAX_PENNIES)
}

/// One contract's pieces, or why its row cannot be read.
fn project_row(
    record: &csv::ByteRecord,
    line: u64,
    p: &Positions,
    granularity_months: bool,
    cal: FyCalendar,
    out: &mut Vec<(FinancialYear, Option<NaiveDate>, Money)>,
) -> Result<(), BadRow> {
    let field =
        |i: usize| std::str::from_utf8(record.get(i).unwrap_or_default()).unwrap_or("\u{fffd}");
    let id = field(p.id).to_string();
    let bad = |column: usize, message: String, value: Option<Money>| BadRow {
        line,
        id: id.clone(),
        column: p.names.get(column).cloned().unwrap_or_default(),
        message,
        value,
    };
    let n_columns = p.names.len();
    let value = money(field(p.value.0));
    if record.len() != n_columns {
        return Err(bad(
            usize::MAX,
            format!("expected {} fields, found {}", n_columns, record.len()),
            value,
        ));
    }
    if std::str::from_utf8(record.as_slice()).is_err() {
        return Err(bad(
            usize::MAX,
            "the row is not valid UTF-8 text; save the register as UTF-8".into(),
            value,
        ));
    }
    let start = date(field(p.start)).ok_or_else(|| {
        bad(
            p.start,
            format!(
                "expected a date as YEAR-MONTH-DAY between 1900 and 2200, found `{}`",
                field(p.start)
            ),
            value,
        )
    })?;
    let term = match p.term {
        (years, Some(ext)) => {
            let y: u32 = field(years)
                .parse()
                .ok()
                .filter(|y| (0..=100).contains(y))
                .ok_or_else(|| {
                    bad(
                        years,
                        format!(
                            "expected a whole number of years from 0 to 100, found `{}`",
                            field(years)
                        ),
                        value,
                    )
                })?;
            let e: u32 = field(ext)
                .parse()
                .ok()
                .filter(|e| *e <= 1200)
                .ok_or_else(|| {
                    bad(
                        ext,
                        format!(
                            "expected a whole number of months from 0 to 1200, found `{}`",
                            field(ext)
                        ),
                        value,
                    )
                })?;
            Term::from_months(start, y * 12 + e).map_err(|e| bad(years, e.to_string(), value))?
        }
        (end, None) => {
            let end_date = date(field(end)).ok_or_else(|| {
                bad(
                    end,
                    format!("expected a date as YEAR-MONTH-DAY, found `{}`", field(end)),
                    value,
                )
            })?;
            let last_day = match p.extended_to.map(|i| (i, field(i).trim())) {
                Some((i, text)) if !text.is_empty() => {
                    let extended = date(text).ok_or_else(|| {
                        bad(
                            i,
                            format!("expected a date as YEAR-MONTH-DAY or nothing, found `{text}`"),
                            value,
                        )
                    })?;
                    if extended < end_date {
                        return Err(bad(i, format!("the contract is extended to {extended}, before its end date {end_date}"), value));
                    }
                    extended
                }
                _ => end_date,
            };
            Term::new(start, last_day, &[]).map_err(|e| bad(end, e.to_string(), value))?
        }
    };
    let amount = value.ok_or_else(|| {
        bad(
            p.value.0,
            format!(
                "expected an amount of zero or more to the penny, such as 1834421.07, found `{}`",
                field(p.value.0)
            ),
            None,
        )
    })?;
    let mut pieces = Vec::new();
    let result = match p.value.1 {
        Some(uplift) => {
            let pct: Decimal = field(uplift)
                .trim()
                .parse()
                .ok()
                .filter(|u: &Decimal| *u > Decimal::from(-100) && *u <= Decimal::from(1000))
                .ok_or_else(|| bad(uplift, format!("expected a percentage above -100 and at most 1000, such as 2.35, found `{}`", field(uplift)), value))?;
            cost_contract(&term, amount, pct, cal, |fy, period, m| {
                pieces.push((fy, period, m))
            })
        }
        None => spread_total(&term, amount, cal, |fy, period, m| {
            pieces.push((fy, period, m))
        }),
    };
    result.map_err(|e| bad(p.value.0, e.to_string(), value))?;
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

/// Up to `BATCH` records, each with its line number and group number; empty at the end.
fn read_batch(
    reader: &mut csv::Reader<std::fs::File>,
    group_column: usize,
    groups: &mut Groups,
) -> Result<Vec<(u64, u32, csv::ByteRecord)>, String> {
    let mut batch = Vec::with_capacity(BATCH);
    while batch.len() < BATCH {
        let mut record = csv::ByteRecord::new();
        let more = reader
            .read_byte_record(&mut record)
            .map_err(|e| format!("could not read the register: {e}"))?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, |pos| pos.line());
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
    Ok(batch)
}

/// Projects a batch in parallel: totals in pennies by (group, year, month), and bad rows.
fn project_batch(
    batch: &[(u64, u32, csv::ByteRecord)],
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

/// Reads and projects a register. The reader streams; each batch is projected in parallel
/// and added into the totals, which are integers, so the result does not depend on the order
/// or the number of threads.
pub fn project_register(
    path: &Path,
    mapping: &Mapping,
    by_month: bool,
    cal: FyCalendar,
) -> Result<Portfolio, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| format!("could not read the register: {e}"))?;
    let header = reader
        .headers()
        .map_err(|e| format!("could not read the header: {e}"))?
        .clone();
    let p = positions(&header, mapping)?;
    let mut portfolio = Portfolio::default();
    let mut groups = Groups::default();
    let mut sums = Sums::default();
    let mut current = read_batch(&mut reader, p.group, &mut groups)?;
    while !current.is_empty() {
        // Read the next batch on one thread while this one is projected on the others.
        let (next, (partial, mut bad)) = rayon::join(
            || read_batch(&mut reader, p.group, &mut groups),
            || project_batch(&current, &p, by_month, cal),
        );
        for (k, v) in partial {
            *sums.entry(k).or_insert(0) += v;
        }
        portfolio.contracts += current.len() as u64;
        portfolio.bad_rows.append(&mut bad);
        current = next?;
    }
    portfolio.bad_rows.sort_by_key(|b| b.line);
    for ((g, fy, month), pennies) in sums {
        portfolio
            .totals
            .insert((groups.names[g as usize].clone(), fy, month), pennies);
    }
    Ok(portfolio)
}
