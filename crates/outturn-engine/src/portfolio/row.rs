//! Costing one register row into the totals: in machine integers when the row is written the
//! usual way and its figures fit ([`outturn_model::register::fast`]), otherwise by the exact
//! path every other command uses (`read_row`, then `cost_contract` or `spread_total`), which
//! also says what is wrong with a row it cannot read. Both give the same pennies; a property
//! test in the model ties them.

use chrono::Datelike;
use outturn_input::register::{read_plain, read_row, BadRow, Fields, Positions, RowValue};
use outturn_model::calendar::{FinancialYear, FyCalendar, Period as Days};
use outturn_model::projection::Granularity;
use outturn_model::register::fast::{self, Slot};
use outturn_model::register::{cost_contract, spread_total};
use outturn_model::split::split;
use outturn_model::Money;

use super::totals::{Period, Totals};

/// How rows are costed: the register's columns, by year or month, and the calendar.
pub struct Costing<'a> {
    pub positions: &'a Positions,
    pub by: Granularity,
    pub cal: FyCalendar,
}

impl Costing<'_> {
    /// Adds the row's cost to `totals` under `group`, or says why the row cannot be read (and
    /// adds nothing).
    pub fn row(
        &self,
        row: &impl Fields,
        line: u64,
        group: u32,
        totals: &mut Totals,
    ) -> Result<(), BadRow> {
        let mut totals = totals.group(group);
        if let Some(contract) = read_plain(row, self.positions) {
            let add = |slot: Slot, pieces: &[i64]| totals.add_run(period(slot), pieces);
            if let Some(whole) = fast::cost_contract(&contract, self.cal, self.by, add) {
                totals.count(whole);
                return Ok(());
            }
        }
        let mut pieces = Vec::new();
        self.exact(&row.record(), line, &mut pieces)?;
        for (period, pennies) in pieces {
            totals.add(period, pennies);
        }
        Ok(())
    }

    /// The row's pieces by the exact path; all of them or, if the row cannot be costed, none.
    fn exact(
        &self,
        record: &csv::ByteRecord,
        line: u64,
        out: &mut Vec<(Period, i64)>,
    ) -> Result<(), BadRow> {
        let p = self.positions;
        let row = read_row(record, line, p)?;
        let mut push = |fy: FinancialYear, days: Days, m: Money| match self.by {
            Granularity::Year => out.push((Period::Year(fy.start().year()), m.pennies())),
            Granularity::Month => month_pieces(days, m, out),
        };
        let result = match row.value {
            RowValue::Annual { amount, uplift_pct } => {
                cost_contract(&row.term, amount, uplift_pct, self.cal, &mut push)
            }
            RowValue::Total(amount) => spread_total(&row.term, amount, self.cal, &mut push),
        };
        result.map_err(|e| BadRow::new(record, line, p, Some(p.value.0), e.to_string()))
    }
}

fn period(slot: Slot) -> Period {
    match slot.month {
        None => Period::Year(slot.financial_year),
        Some(month) => Period::Month(month.year(), month.month()),
    }
}

/// A financial year's piece split across its months by days.
fn month_pieces(days: Days, amount: Money, out: &mut Vec<(Period, i64)>) {
    let months = days.by_month();
    let weights: Vec<u64> = months.iter().map(|m| u64::from(m.days())).collect();
    // Days are never all zero: every period has at least one day.
    let shares = split(amount, &weights).expect("periods have days");
    out.extend(
        months
            .into_iter()
            .zip(shares)
            .map(|(m, s)| (Period::Month(m.start.year(), m.start.month()), s.pennies())),
    );
}
