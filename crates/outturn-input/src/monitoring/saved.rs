//! A month's forecast as `outturn monitor --save-forecast` wrote it, read back as the
//! previous forecast of the next month's report.
//!
//! ```text
//! financial_year,reported_at,cost_centre,component,period,amount
//! 2022-23,P5,LD26-DAY,budget,,6392400.00
//! 2022-23,P5,LD26-DAY,actual,P1,624310.18
//! 2022-23,P5,LD26-DAY,contract,P6,607594.52
//! 2022-23,P5,LD-COMM,commitments,,6500.00
//! ```
//!
//! `budget` is the latest budget; `commitments` the commitments counted in the outturn; the
//! other components are by period (see `outturn_model::monitoring::Component`).

use std::path::Path;

use outturn_model::calendar::FinancialYear;
use outturn_model::monitoring::{Component, FiscalPeriod};
use outturn_model::{FyCalendar, Money};

use super::csv_file::CsvFile;
use super::fields;
use crate::diagnostic::Diagnostic;

/// The header a saved forecast has.
pub const HEADER: [&str; 6] = [
    "financial_year",
    "reported_at",
    "cost_centre",
    "component",
    "period",
    "amount",
];

/// One figure of a saved forecast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    /// The latest budget.
    Budget(Money),
    /// A component's amount in a period (commitments have none).
    Part {
        component: Component,
        period: Option<FiscalPeriod>,
        amount: Money,
    },
}

/// A saved forecast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub year: FinancialYear,
    /// The last period of actuals when it was made.
    pub period: u8,
    /// Figures by budget holder code, in the file's order.
    pub figures: Vec<(String, Figure)>,
}

/// One row of a saved forecast, read: when it was made, the budget holder and the figure.
struct Line {
    year: FinancialYear,
    at: u8,
    code: String,
    figure: Figure,
}

/// What is wrong with a row: the column (or the whole row) and why.
type Problem = (Option<usize>, String);

fn read_line(record: &csv::ByteRecord) -> Result<Line, Problem> {
    let field = |i: usize| {
        String::from_utf8_lossy(fields::trim(record.get(i).unwrap_or_default())).into_owned()
    };
    if record.len() != HEADER.len() {
        return Err((
            None,
            format!(
                "expected {} fields as in the header, found {}",
                HEADER.len(),
                record.len()
            ),
        ));
    }
    let year = FyCalendar::UK.parse_year(&field(0)).ok_or_else(|| {
        fail(
            0,
            format!(
                "expected a financial year such as 2022-23, found `{}`",
                field(0)
            ),
        )
    })?;
    let at = fields::period_number(field(1).as_bytes())
        .and_then(|n| u8::try_from(n).ok())
        .filter(|n| (1..=12).contains(n))
        .ok_or_else(|| {
            fail(
                1,
                format!(
                    "expected the period the forecast was made at, P1 to P12, found `{}`",
                    field(1)
                ),
            )
        })?;
    let code = field(2);
    if code.is_empty() {
        return Err(fail(2, "expected a cost centre, found nothing".into()));
    }
    let amount = fields::pennies(record.get(5).unwrap_or_default())
        .map(Money::from_pennies)
        .map_err(|m| fail(5, m))?;
    Ok(Line {
        year,
        at,
        code,
        figure: figure(&field(3), &field(4), amount)?,
    })
}

fn fail(column: usize, message: String) -> Problem {
    (Some(column), message)
}

/// The figure of a row whose component is `name`, in `period` (the period column's text).
/// The budget and commitments are for the year; every other component has a period.
fn figure(name: &str, period: &str, amount: Money) -> Result<Figure, Problem> {
    let period = match period {
        "" => None,
        p => Some(
            fields::period_number(p.as_bytes())
                .and_then(|n| u8::try_from(n).ok())
                .and_then(FiscalPeriod::new)
                .ok_or_else(|| {
                    fail(
                        4,
                        format!("expected a period P1 to P13 or nothing, found `{p}`"),
                    )
                })?,
        ),
    };
    let dated = !matches!(name, "budget" | "commitments");
    if dated != period.is_some() {
        let why = if dated {
            "needs the period it falls in"
        } else {
            "is for the year, with no period"
        };
        return Err(fail(4, format!("`{name}` {why}")));
    }
    Ok(match name {
        "budget" => Figure::Budget(amount),
        name => Figure::Part {
            component: Component::parse(name).ok_or_else(|| {
                fail(3, format!("expected a component such as budget, actual, contract or straight-line, found `{name}`"))
            })?,
            period,
            amount,
        },
    })
}

/// Reads the saved forecast at `path`.
///
/// # Errors
/// The file is not a saved forecast, mixes years or periods, or has a figure that cannot be
/// read: every problem, each at its line and field.
pub fn read_saved(path: &Path) -> Result<Saved, Vec<Diagnostic>> {
    let mut file = CsvFile::open(path, "the previous forecast").map_err(|d| vec![d])?;
    if file.header() != HEADER {
        return Err(vec![Diagnostic::file(
            path,
            format!(
                "is not a forecast saved by `outturn monitor --save-forecast`: its header should be {}",
                HEADER.join(",")
            ),
        )]);
    }
    let mut errors = Vec::new();
    let mut figures = Vec::new();
    let mut when: Option<(FinancialYear, u8, u64)> = None;
    let mut record = csv::ByteRecord::new();
    while let Some(place) = file.next_record(&mut record).map_err(|e| vec![e])? {
        let line = match read_line(&record) {
            Ok(line) => line,
            Err((column, message)) => {
                errors.push(file.error(&place, column, message));
                continue;
            }
        };
        match when {
            None => when = Some((line.year, line.at, place.line)),
            Some((y, p, first)) if (y, p) != (line.year, line.at) => {
                errors.push(file.error(&place, Some(0), format!("the forecast on line {first} is for {y} at P{p}; a saved forecast is for one year and period")));
                continue;
            }
            Some(_) => {}
        }
        figures.push((line.code, line.figure));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let Some((year, period, _)) = when else {
        return Err(vec![Diagnostic::file(
            path,
            "holds no forecast; it needs a row per figure under its header",
        )]);
    };
    Ok(Saved {
        year,
        period,
        figures,
    })
}
