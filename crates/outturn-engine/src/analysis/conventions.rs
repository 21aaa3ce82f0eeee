//! The sections on the costing conventions a scenario states (`docs/conventions.md`): the
//! rates a payment system pays, each uplift date's step worked through; the uplift each date
//! reads from an index series, with its working.

use outturn_model::index::{IndexRate, Working};
use outturn_model::rounding::rounded_rates;
use outturn_model::scenario::{Compounding, LineValue, Uplift};
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

/// Each line uplifted by an index: at each uplift date, the series, the month read, the rate
/// and how it was reached (a level's change, a blend's parts).
pub fn index_section(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
    let scenario = &e.loaded.scenario;
    let mut rows = Vec::new();
    for line in &scenario.lines {
        let Uplift::Index(index) = &line.uplift else {
            continue;
        };
        let term = &scenario.contracts[line.contract].term;
        for date in uplift::dates(line, term, &term.contract_years()?, scenario.calendar) {
            let rate = index.rate_on(date)?;
            rows.push(vec![
                Cell::Text(line.name.clone()),
                Cell::Text(date.to_string()),
                Cell::Text(rate.index.clone()),
                Cell::Text(rate.month.to_string()),
                Cell::Percent(rate.rate.normalize()),
                Cell::Text(working(&rate)),
            ]);
        }
    }
    if rows.is_empty() {
        return Ok(None);
    }
    Ok(Some(Grid {
        title: String::new(),
        header: ["line", "uplift on", "index", "month", "rate", "working"]
            .map(String::from)
            .to_vec(),
        rows,
        notes: vec![
            "each uplift reads its index at the uplift's month less the lag; a rate from levels is the change from twelve months before; a blend adds its weighted parts, each at its own lag; rounded half away from zero where the index says".into(),
        ],
    }))
}

/// How an index rate was reached, in words: `from 10.9 to 12 = 10.091743…%`, or a blend's
/// `40% × cpi (2024-04) 3% + 60% × rlw (2024-04) 10.1% [from 10.9 to 12 = 10.091743…%] =
/// 7.26%`.
pub fn working(rate: &IndexRate) -> String {
    match &rate.working {
        Working::Given => "as given".into(),
        Working::Levels { from, to, exact } => format!(
            "from {} to {} = {}%",
            from.normalize(),
            to.normalize(),
            cut(*exact)
        ),
        Working::Blend { parts, exact } => {
            let parts: Vec<String> = parts
                .iter()
                .map(|(w, r)| {
                    let how = match r.working {
                        Working::Given => String::new(),
                        _ => format!(" [{}]", working(r)),
                    };
                    format!(
                        "{}% × {} ({}) {}%{how}",
                        w.normalize(),
                        r.index,
                        r.month,
                        r.rate.normalize()
                    )
                })
                .collect();
            format!("{} = {}%", parts.join(" + "), cut(*exact))
        }
    }
}

/// A rate to six places, marked `…` when cut.
fn cut(d: Decimal) -> String {
    let shown = d
        .round_dp_with_strategy(6, rust_decimal::RoundingStrategy::ToZero)
        .normalize();
    if shown == d {
        shown.to_string()
    } else {
        format!("{shown}…")
    }
}
