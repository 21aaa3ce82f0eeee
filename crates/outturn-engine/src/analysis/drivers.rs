//! The sections on what drives spend: what a unit costs, why spend moved between years, the
//! pressure of fees above funded inflation, and implied growth. Each is a [`Grid`] built
//! from the model's own figures; nothing here does arithmetic on money except adding a
//! column's rows into its total.

use outturn_model::pressure::pressures;
use outturn_model::variance::{unit_costs, variance, GroupBy, SERVICE_YEARS};
use outturn_model::{ModelError, Money};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::evaluate::Evaluated;
use crate::grid::{Cell, Grid};

fn text(t: impl Into<String>) -> Cell {
    Cell::Text(t.into())
}

/// `d` to two decimal places, half away from zero, always showing both (`1408.00`).
fn two_places(d: Decimal) -> Decimal {
    let mut d = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    d.rescale(2);
    d
}

/// Spend per unit (person-year, year of service) by budget and for everything, each year.
pub fn unit_cost_section(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
    // By budget, then everything together (a group named `all`).
    let costs: Vec<_> = [GroupBy::Budget, GroupBy::All]
        .into_iter()
        .flat_map(|by| unit_costs(&e.projection, by))
        .collect();
    // Only worth showing when some line counts something other than years of service.
    let counted = costs.iter().any(|c| c.unit != SERVICE_YEARS);
    let rows = costs
        .into_iter()
        .map(|c| {
            vec![
                text(c.group),
                text(c.kind.to_string()),
                text(c.unit),
                text(c.year.to_string()),
                Cell::Money(c.spend),
                Cell::Number(two_places(c.units)),
                Cell::Money(c.per_unit),
            ]
        })
        .collect();
    Ok(counted.then(|| Grid {
        title: "Unit costs".into(),
        header: ["budget", "kind", "unit", "year", "spend", "units", "per unit"]
            .map(String::from)
            .to_vec(),
        rows,
        notes: vec![
            "units: the volume in force × days in the year ÷ days in a full contract year (a person for a whole year is 1); per unit: spend ÷ units, to the penny".into(),
        ],
    }))
}

/// Each budget's change from each year to the next, split into volume, mix and price.
pub fn variance_section(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
    let rows: Vec<Vec<Cell>> = variance(&e.projection, GroupBy::Budget)
        .into_iter()
        .map(|v| {
            vec![
                text(v.group.clone()),
                text(format!("{} → {}", v.from, v.to)),
                Cell::Money(v.spend_from),
                Cell::Money(v.spend_to),
                Cell::Money(v.change()),
                Cell::Money(v.volume),
                Cell::Money(v.mix),
                Cell::Money(v.price),
                Cell::Money(v.other),
            ]
        })
        .collect();
    Ok((!rows.is_empty()).then(|| Grid {
        title: "Volume, mix and price".into(),
        header: [
            "budget", "years", "from", "to", "change", "volume", "mix", "price", "other",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: vec![
            "volume: more or fewer units at last year's unit cost; mix: what a unit buys (tiers, days a week) at last year's prices; price: uplift, and the pennies volume and mix were rounded by; other: stated amounts, savings, and units that start or stop between the two years. The four add to the change.".into(),
        ],
    }))
}

/// Fees above the uplift the council funds, by line and year, with a total.
pub fn pressure_section(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
    let list = pressures(&e.loaded.scenario)?;
    if list.is_empty() {
        return Ok(None);
    }
    let mut rows: Vec<Vec<Cell>> = list
        .iter()
        .map(|p| {
            vec![
                text(p.line.clone()),
                text(p.year.to_string()),
                Cell::Money(p.funded),
                Cell::Money(p.paid),
                Cell::Money(p.pressure()),
            ]
        })
        .collect();
    let funded: Money = list.iter().map(|p| p.funded).sum();
    let paid: Money = list.iter().map(|p| p.paid).sum();
    rows.push(vec![
        text("total"),
        text("all"),
        Cell::Money(funded),
        Cell::Money(paid),
        Cell::Money(paid - funded),
    ]);
    Ok(Some(Grid {
        title: "Uplift pressure".into(),
        header: ["line", "year", "at funded uplift", "at fee uplift", "pressure"]
            .map(String::from)
            .to_vec(),
        rows,
        notes: vec![
            "each side is a full projection, one at the uplift the council funds and one at the fee uplift paid; the pressure is the difference".into(),
        ],
    }))
}

/// The implied yearly growth between pairs of figures the scenario names.
pub fn trend_section(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
    let rows: Vec<Vec<Cell>> = e
        .loaded
        .scenario
        .trends
        .iter()
        .filter_map(|t| {
            let g = t.implied()?;
            Some(vec![
                text(t.name.clone()),
                text(t.from_year.to_string()),
                Cell::Money(t.from),
                text(t.to_year.to_string()),
                Cell::Money(t.to),
                Cell::Number(Decimal::from(g.years)),
                Cell::Percent(g.below),
                Cell::Percent(g.above),
            ])
        })
        .collect();
    Ok((!rows.is_empty()).then(|| Grid {
        title: "Implied growth".into(),
        header: [
            "trend",
            "from year",
            "from",
            "to year",
            "to",
            "years",
            "a year, at most",
            "passes it",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: vec![
            "the yearly rate r with from × (1 + r)^years = to, bracketed to 0.0001%: the first rate does not reach `to`, the second passes it".into(),
        ],
    }))
}
