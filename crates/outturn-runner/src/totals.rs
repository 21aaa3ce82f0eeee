//! Totals of a projection by phase, financial year and line, aggregated with polars.
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
    pub by_phase: Vec<(String, Money)>,
    pub by_year: Vec<(String, Money)>,
    pub by_line: Vec<(String, Money)>,
    pub overall: Money,
}

/// The projection's rows as a frame: `line`, `phase`, `year`, `pennies`.
pub fn frame(projection: &Projection) -> PolarsResult<DataFrame> {
    let rows = &projection.rows;
    df!(
        "line" => rows.iter().map(|r| r.line.as_str()).collect::<Vec<_>>(),
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
        by_phase: by("phase", false)?,
        by_year: by("year", true)?,
        by_line: by("line", false)?,
        overall: projection.total(),
    })
}
