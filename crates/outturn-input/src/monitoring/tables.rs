//! The small files of a budget monitoring report: the approved budget by budget holder,
//! virements, and commitments (orders raised, not yet paid). Each is read whole, and every
//! error in it is reported at once.
//!
//! ```text
//! budget.csv       cost_centre,name,service,directorate,budget[,p1,…,p12][,financial_year]
//! virements.csv    date,cost_centre,amount[,reference][,reason]
//! commitments.csv  cost_centre,amount[,order][,supplier]
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use outturn_model::calendar::FinancialYear;
use outturn_model::Money;

use super::csv_file::{blank_lines, CsvFile, Place};
use super::fields;
use super::ledger::HolderIndex;
use crate::diagnostic::Diagnostic;

/// A budget holder: a cost centre, with the service and directorate it rolls up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub code: String,
    pub name: String,
    pub service: String,
    pub directorate: String,
    /// The budget approved at the start of the year.
    pub original: Money,
    /// The budget by month, P1 to P12, when the file profiles it (a row may leave all twelve
    /// empty for an even spread); it adds up to `original`.
    pub profile: Option<[Money; 12]>,
}

/// The approved budget: budget holders in the file's order.
#[derive(Debug, Clone, Default)]
pub struct Budget {
    pub path: PathBuf,
    pub holders: Vec<Holder>,
    /// Each holder's code, as bytes, to its place in `holders`.
    pub index: HolderIndex,
}

/// A dated change to a budget holder's budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Virement {
    pub date: NaiveDate,
    pub holder: u32,
    pub amount: Money,
    pub reference: String,
    pub reason: String,
}

/// An order raised and not yet paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    pub holder: u32,
    pub amount: Money,
    pub order: String,
}

/// A row of a small file, ready to read field by field.
struct Row<'a> {
    file: &'a CsvFile,
    place: Place,
    record: &'a csv::ByteRecord,
}

impl Row<'_> {
    fn error(&self, column: usize, message: impl Into<String>) -> Diagnostic {
        self.file.error(&self.place, Some(column), message)
    }

    fn text(&self, column: usize) -> Result<String, Diagnostic> {
        let raw = self.record.get(column).unwrap_or_default();
        match std::str::from_utf8(raw) {
            Ok(t) => Ok(t.trim().to_string()),
            Err(_) => Err(self.error(column, super::csv_file::not_utf8(raw).unwrap_or_default())),
        }
    }

    fn required(&self, column: usize, what: &str) -> Result<String, Diagnostic> {
        let t = self.text(column)?;
        if t.is_empty() {
            return Err(self.error(column, format!("expected {what}, found nothing")));
        }
        Ok(t)
    }

    fn money(&self, column: usize) -> Result<Money, Diagnostic> {
        fields::pennies(self.record.get(column).unwrap_or_default())
            .map(Money::from_pennies)
            .map_err(|m| self.error(column, m))
    }

    /// A row's profile: amounts in all of `columns`, or none in any (the budget is then
    /// spread evenly over the year).
    fn profile(&self, columns: &[usize; 12]) -> Result<Option<[Money; 12]>, Diagnostic> {
        let filled: Vec<bool> = columns
            .iter()
            .map(|c| !fields::trim(self.record.get(*c).unwrap_or_default()).is_empty())
            .collect();
        if filled.iter().all(|f| !f) {
            return Ok(None);
        }
        if let Some(gap) = filled.iter().position(|f| !f) {
            return Err(self.error(
                columns[gap],
                format!("the profile has no amount for p{}; give all of p1 to p12, or none to spread the budget evenly", gap + 1),
            ));
        }
        let mut months = [Money::ZERO; 12];
        for (m, c) in months.iter_mut().zip(columns) {
            *m = self.money(*c)?;
        }
        Ok(Some(months))
    }

    fn optional(&self, column: Option<usize>) -> Result<String, Diagnostic> {
        column.map_or(Ok(String::new()), |c| self.text(c))
    }

    /// The budget holder named in `column`.
    fn holder(&self, column: usize, index: &HolderIndex, budget: &Path) -> Result<u32, Diagnostic> {
        let code = self.required(column, "a cost centre")?;
        index.get(code.as_bytes()).copied().ok_or_else(|| {
            self.error(
                column,
                format!(
                    "`{code}` is not a budget holder in the budget file {}; add it there, or correct the code",
                    budget.display()
                ),
            )
        })
    }
}

/// Calls `read` on every row of `file`, collecting every error (blank lines and rows of the
/// wrong width included).
fn each_row(
    mut file: CsvFile,
    a_row: &str,
    mut read: impl FnMut(&Row) -> Result<(), Diagnostic>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut record = csv::ByteRecord::new();
    let n_columns = file.header().len();
    loop {
        let place = match file.next_record(&mut record) {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(e) => {
                errors.push(e);
                break;
            }
        };
        if let Some(blank) = place.blank {
            errors.push(blank_lines(file.path(), blank, a_row));
        }
        if record.len() != n_columns {
            errors.push(file.error(
                &place,
                None,
                format!(
                    "expected {n_columns} fields as in the header, found {} (is a comma missing, or a value with a comma not in quotes?)",
                    record.len()
                ),
            ));
            continue;
        }
        let row = Row {
            file: &file,
            place,
            record: &record,
        };
        if let Err(e) = read(&row) {
            errors.push(e);
        }
    }
    errors
}

/// The profile columns `p1` to `p12`, all or none.
fn profile_columns(file: &CsvFile) -> Result<Option<[usize; 12]>, Diagnostic> {
    let found: Vec<Option<usize>> = (1..=12)
        .map(|p| {
            file.header()
                .iter()
                .position(|h| h.eq_ignore_ascii_case(&format!("p{p}")))
        })
        .collect();
    if found.iter().all(Option::is_none) {
        return Ok(None);
    }
    let mut columns = [0; 12];
    for (i, c) in found.iter().enumerate() {
        columns[i] = c.ok_or_else(|| {
            Diagnostic::file(
                file.path(),
                format!(
                    "has some profile columns but not `p{}`; a profile has a column for each of p1 to p12, or none",
                    i + 1
                ),
            )
        })?;
    }
    Ok(Some(columns))
}

/// Where the budget file's columns are.
struct BudgetColumns {
    code: usize,
    name: Option<usize>,
    service: usize,
    directorate: usize,
    amount: usize,
    profile: Option<[usize; 12]>,
}

/// A budget holder's row, its profile (if any) checked against its budget.
fn budget_row(row: &Row, c: &BudgetColumns) -> Result<Holder, Diagnostic> {
    let holder = Holder {
        code: row.required(c.code, "a cost centre")?,
        name: row.optional(c.name)?,
        service: row.required(c.service, "a service")?,
        directorate: row.required(c.directorate, "a directorate")?,
        original: row.money(c.amount)?,
        profile: match &c.profile {
            None => None,
            Some(columns) => row.profile(columns)?,
        },
    };
    if let Some(months) = &holder.profile {
        let sum: Money = months.iter().copied().sum();
        if sum != holder.original {
            return Err(row.error(
                c.amount,
                format!(
                    "the profile p1 to p12 adds up to {sum}, not the budget {}: a difference of {}",
                    holder.original,
                    sum - holder.original
                ),
            ));
        }
    }
    Ok(holder)
}

/// The lines budget holders and services were first seen on, to refuse a second row for a
/// holder and a service under two directorates.
#[derive(Default)]
struct Seen {
    holders: HashMap<String, u64>,
    services: HashMap<String, (String, u64)>,
}

impl Seen {
    fn check(&mut self, row: &Row, c: &BudgetColumns, holder: &Holder) -> Result<(), Diagnostic> {
        if let Some(first) = self.holders.get(&holder.code) {
            return Err(row.error(
                c.code,
                format!(
                    "cost centre `{}` is already on line {first}; each budget holder has one row",
                    holder.code
                ),
            ));
        }
        match self.services.get(&holder.service) {
            Some((d, line)) if *d != holder.directorate => {
                return Err(row.error(
                    c.directorate,
                    format!("service `{}` is under directorate `{d}` on line {line}; a service belongs to one directorate", holder.service),
                ))
            }
            Some(_) => {}
            None => {
                self.services.insert(holder.service.clone(), (holder.directorate.clone(), row.place.line));
            }
        }
        self.holders.insert(holder.code.clone(), row.place.line);
        Ok(())
    }
}

/// Reads the approved budget for `year` from `path`.
///
/// # Errors
/// Every problem in the file: a missing column, a repeated cost centre, an amount that is not
/// exact, a profile that does not add up to its budget, a service under two directorates, or
/// no budget holders for the year.
pub fn read_budget(path: &Path, year: FinancialYear) -> Result<Budget, Vec<Diagnostic>> {
    let one = |d| vec![d];
    let file = CsvFile::open(path, "the budget file").map_err(one)?;
    let hint = "that name in the header (the budget file's columns are fixed)";
    let columns = BudgetColumns {
        code: file.require("cost_centre", hint).map_err(one)?,
        name: file.column("name"),
        service: file.require("service", hint).map_err(one)?,
        directorate: file.require("directorate", hint).map_err(one)?,
        amount: file.require("budget", hint).map_err(one)?,
        profile: profile_columns(&file).map_err(one)?,
    };
    let year_column = file.column("financial_year");
    let label = year.to_string();
    let mut budget = Budget {
        path: path.to_path_buf(),
        ..Budget::default()
    };
    let mut seen = Seen::default();
    let errors = each_row(file, "a budget holder", |row| {
        if let Some(y) = year_column {
            if row.text(y)? != label {
                return Ok(());
            }
        }
        let holder = budget_row(row, &columns)?;
        seen.check(row, &columns, &holder)?;
        let place = u32::try_from(budget.holders.len()).unwrap_or(u32::MAX);
        budget.index.insert(holder.code.as_bytes().to_vec(), place);
        budget.holders.push(holder);
        Ok(())
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    if budget.holders.is_empty() {
        return Err(vec![Diagnostic::file(
            path,
            format!("has no budget holders for {label}; it needs a row per cost centre"),
        )]);
    }
    Ok(budget)
}

/// Reads the virements at `path`: dated changes to budget holders' budgets in `year`.
///
/// # Errors
/// Every problem in the file: a date outside the year, a cost centre not in the budget, an
/// amount that is not exact.
pub fn read_virements(
    path: &Path,
    year: FinancialYear,
    budget: &Budget,
) -> Result<Vec<Virement>, Vec<Diagnostic>> {
    let one = |d| vec![d];
    let file = CsvFile::open(path, "the virements file").map_err(one)?;
    let hint = "that name in the header (the virements file's columns are fixed)";
    let date = file.require("date", hint).map_err(one)?;
    let code = file.require("cost_centre", hint).map_err(one)?;
    let amount = file.require("amount", hint).map_err(one)?;
    let (reference, reason) = (file.column("reference"), file.column("reason"));
    let mut virements = Vec::new();
    let errors = each_row(file, "a virement", |row| {
        let raw = row.record.get(date).unwrap_or_default();
        let day = fields::date(raw).ok_or_else(|| {
            row.error(
                date,
                format!(
                    "expected a date as 2022-07-15, found `{}`",
                    String::from_utf8_lossy(raw).trim()
                ),
            )
        })?;
        if day < year.start() || day > year.end() {
            return Err(row.error(
                date,
                format!(
                    "{day} is outside the financial year {year} ({} to {})",
                    year.start(),
                    year.end()
                ),
            ));
        }
        virements.push(Virement {
            date: day,
            holder: row.holder(code, &budget.index, &budget.path)?,
            amount: row.money(amount)?,
            reference: row.optional(reference)?,
            reason: row.optional(reason)?,
        });
        Ok(())
    });
    if errors.is_empty() {
        Ok(virements)
    } else {
        Err(errors)
    }
}

/// Reads the commitments at `path`: orders raised and not yet paid, by budget holder.
///
/// # Errors
/// Every problem in the file: a cost centre not in the budget, an amount that is not exact.
pub fn read_commitments(path: &Path, budget: &Budget) -> Result<Vec<Commitment>, Vec<Diagnostic>> {
    let one = |d| vec![d];
    let file = CsvFile::open(path, "the commitments file").map_err(one)?;
    let hint = "that name in the header (the commitments file's columns are fixed)";
    let code = file.require("cost_centre", hint).map_err(one)?;
    let amount = file.require("amount", hint).map_err(one)?;
    let order = file.column("order");
    let mut commitments = Vec::new();
    let errors = each_row(file, "a commitment", |row| {
        commitments.push(Commitment {
            holder: row.holder(code, &budget.index, &budget.path)?,
            amount: row.money(amount)?,
            order: row.optional(order)?,
        });
        Ok(())
    });
    if errors.is_empty() {
        Ok(commitments)
    } else {
        Err(errors)
    }
}
