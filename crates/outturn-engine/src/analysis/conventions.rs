//! The sections on the costing conventions a scenario states (`docs/conventions.md`): the
//! rates a payment system pays, each uplift date's step worked through.

use outturn_model::rounding::rounded_rates;
use outturn_model::scenario::{Compounding, LineValue};
use outturn_model::{uplift, ModelError};
use rust_decimal::Decimal;

use crate::evaluate::Evaluated;
use crate::grid::{Cell, Grid};

/// Each driver line whose rate is rounded to a payment system's step: the rate stated, then at
/// each uplift date the rate before, the uplift, the rate uplifted exactly and the rate paid
/// (the rate the annual cost is built from).
pub fn rates_section(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
    let scenario = &e.loaded.scenario;
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for line in &scenario.lines {
        let (Some(rounding), LineValue::Drivers(drivers)) =
            (line.conventions.rate_rounding, &line.value)
        else {
            continue;
        };
        let term = &scenario.contracts[line.contract].term;
        let dates = uplift::dates(line, term, &term.contract_years()?, scenario.calendar);
        let rates = uplift::rates(line, &dates)?;
        let base = drivers.rate_per()?;
        let increases: Vec<Decimal> = rates.iter().map(|r| r / Decimal::ONE_HUNDRED).collect();
        let simple = line.conventions.compounding == Compounding::Simple;
        let steps = rounded_rates(base, &increases, simple, rounding)?;
        let name = Cell::Text(line.name.clone());
        rows.push(vec![
            name.clone(),
            Cell::Text(term.start().to_string()),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Pounds(base),
        ]);
        for ((date, rate), step) in dates.iter().zip(&rates).zip(&steps) {
            rows.push(vec![
                name.clone(),
                Cell::Text(date.to_string()),
                Cell::Pounds(step.from),
                Cell::Percent(rate.normalize()),
                Cell::Number(step.exact.normalize()),
                Cell::Pounds(step.rounded),
            ]);
        }
        notes.push(format!(
            "{}: a rate per {}, paid in multiples of £{}, rounded {} after each uplift{}",
            line.name,
            drivers.per,
            rounding.step,
            rounding.direction,
            if simple {
                " (simple: each uplift on the rate stated)"
            } else {
                ""
            }
        ));
    }
    if rows.is_empty() {
        return Ok(None);
    }
    Ok(Some(Grid {
        title: String::new(),
        header: [
            "line",
            "from",
            "rate before",
            "uplift",
            "uplifted",
            "rate paid",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes,
    }))
}
