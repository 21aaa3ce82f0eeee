//! Totals of a projection by contract, phase, financial year, line and budget, aggregated
//! with polars.
//!
//! Amounts enter the frame as whole pennies (`i64`), so every sum is exact; they leave it as
//! `Money` again. Groups keep the order in which they first appear in the rows (the
//! scenario's order), except years, which are sorted.

use outturn_model::projection::Projection;
use outturn_model::Money;
use polars::prelude::*;

/// A projection's totals, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// Each contract's spend: an old contract and its replacement, apart and (in `overall`)
    /// together.
    pub by_contract: Vec<(String, Money)>,
    pub by_phase: Vec<(String, Money)>,
    pub by_year: Vec<(String, Money)>,
    pub by_line: Vec<(String, Money)>,
    /// By the budget charged: a line's funding budgets when it is split between them.
    pub by_budget: Vec<(String, Money)>,
    pub overall: Money,
}

/// The projection's rows as a frame: `contract`, `line`, `budget`, `phase`, `year`, `pennies`.
pub fn frame(projection: &Projection) -> PolarsResult<DataFrame> {
    let rows = &projection.rows;
    df!(
        "contract" => rows.iter().map(|r| r.contract.as_str()).collect::<Vec<_>>(),
        "line" => rows.iter().map(|r| r.line.as_str()).collect::<Vec<_>>(),
        "budget" => rows.iter().map(|r| r.budget.as_str()).collect::<Vec<_>>(),
        "phase" => rows.iter().map(|r| r.phase.as_str()).collect::<Vec<_>>(),
        "year" => rows.iter().map(|r| r.year.to_string()).collect::<Vec<_>>(),
        "pennies" => rows.iter().map(|r| r.amount.pennies()).collect::<Vec<_>>(),
    )
}

pub fn totals(projection: &Projection) -> PolarsResult<Totals> {
    let df = frame(projection)?;
    let by = |key: &str, sort: bool| -> PolarsResult<Vec<(String, Money)>> {
        let mut lf = df
            .clone()
            .lazy()
            .group_by_stable([col(key)])
            .agg([col("pennies").sum()]);
        if sort {
            lf = lf.sort([key], SortMultipleOptions::default());
        }
        let out = lf.collect()?;
        let keys = out.column(key)?.str()?;
        let sums = out.column("pennies")?.i64()?;
        Ok(keys
            .iter()
            .zip(sums.iter())
            .map(|(k, p)| {
                (
                    k.unwrap_or_default().to_string(),
                    Money::from_pennies(p.unwrap_or(0)),
                )
            })
            .collect())
    };
    Ok(Totals {
        by_contract: by("contract", false)?,
        by_phase: by("phase", false)?,
        by_year: by("year", true)?,
        by_line: by("line", false)?,
        by_budget: by("budget", false)?,
        overall: projection.total(),
    })
}

/// A projection laid out as the papers' tables: a row per line and budget, a column per
/// financial year, with row totals, column totals and the grand total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wide {
    pub years: Vec<String>,
    /// (line, budget, amount per year, row total)
    pub rows: Vec<(String, String, Vec<Money>, Money)>,
    pub year_totals: Vec<Money>,
    pub total: Money,
}

pub fn wide(projection: &Projection) -> PolarsResult<Wide> {
    let rows = &projection.rows;
    let df = df!(
        "line" => rows.iter().map(|r| r.line.as_str()).collect::<Vec<_>>(),
        "budget" => rows.iter().map(|r| r.budget.as_str()).collect::<Vec<_>>(),
        "year" => rows.iter().map(|r| r.year.to_string()).collect::<Vec<_>>(),
        "pennies" => rows.iter().map(|r| r.amount.pennies()).collect::<Vec<_>>(),
    )?;
    let cells = df
        .lazy()
        .group_by_stable([col("line"), col("budget"), col("year")])
        .agg([col("pennies").sum()])
        .collect()?;
    let (lines, budgets, years_col, sums) = (
        cells.column("line")?.str()?,
        cells.column("budget")?.str()?,
        cells.column("year")?.str()?,
        cells.column("pennies")?.i64()?,
    );
    let mut years: Vec<String> = years_col.iter().flatten().map(String::from).collect();
    years.sort();
    years.dedup();
    let mut out: Vec<(String, String, Vec<Money>, Money)> = Vec::new();
    for i in 0..cells.height() {
        let (line, budget) = (
            lines.get(i).unwrap_or_default(),
            budgets.get(i).unwrap_or_default(),
        );
        let year = years_col.get(i).unwrap_or_default();
        let amount = Money::from_pennies(sums.get(i).unwrap_or(0));
        let slot = match out.iter().position(|r| r.0 == line && r.1 == budget) {
            Some(k) => k,
            None => {
                out.push((
                    line.to_string(),
                    budget.to_string(),
                    vec![Money::ZERO; years.len()],
                    Money::ZERO,
                ));
                out.len() - 1
            }
        };
        let column = years.iter().position(|y| y == year).unwrap_or(0);
        out[slot].2[column] += amount;
        out[slot].3 += amount;
    }
    let year_totals: Vec<Money> = (0..years.len())
        .map(|c| out.iter().map(|r| r.2[c]).sum())
        .collect();
    Ok(Wide {
        total: year_totals.iter().copied().sum(),
        years,
        rows: out,
        year_totals,
    })
}

/// A projection's amounts by financial year for each value of one column (`line` or
/// `budget`), in the order the values first appear: the bars of a stacked chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stacked {
    pub years: Vec<String>,
    /// (line or budget, amount per year)
    pub series: Vec<(String, Vec<Money>)>,
    pub year_totals: Vec<Money>,
}

pub fn stacked(projection: &Projection, key: &str) -> PolarsResult<Stacked> {
    let rows = &projection.rows;
    let keys: Vec<&str> = match key {
        "budget" => rows.iter().map(|r| r.budget.as_str()).collect(),
        _ => rows.iter().map(|r| r.line.as_str()).collect(),
    };
    let df = df!(
        "key" => keys,
        "year" => rows.iter().map(|r| r.year.to_string()).collect::<Vec<_>>(),
        "pennies" => rows.iter().map(|r| r.amount.pennies()).collect::<Vec<_>>(),
    )?;
    let cells = df
        .lazy()
        .group_by_stable([col("key"), col("year")])
        .agg([col("pennies").sum()])
        .collect()?;
    let (keys_col, years_col, sums) = (
        cells.column("key")?.str()?,
        cells.column("year")?.str()?,
        cells.column("pennies")?.i64()?,
    );
    let mut years: Vec<String> = years_col.iter().flatten().map(String::from).collect();
    years.sort();
    years.dedup();
    let mut series: Vec<(String, Vec<Money>)> = Vec::new();
    for i in 0..cells.height() {
        let key = keys_col.get(i).unwrap_or_default();
        let year = years_col.get(i).unwrap_or_default();
        let amount = Money::from_pennies(sums.get(i).unwrap_or(0));
        let slot = match series.iter().position(|s| s.0 == key) {
            Some(k) => k,
            None => {
                series.push((key.to_string(), vec![Money::ZERO; years.len()]));
                series.len() - 1
            }
        };
        let column = years.iter().position(|y| y == year).unwrap_or(0);
        series[slot].1[column] += amount;
    }
    let year_totals = (0..years.len())
        .map(|c| series.iter().map(|s| s.1[c]).sum())
        .collect();
    Ok(Stacked {
        years,
        series,
        year_totals,
    })
}
