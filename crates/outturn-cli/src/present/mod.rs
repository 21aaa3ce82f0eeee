//! Presenters: results as people and spreadsheets read them. They do no arithmetic on money;
//! every figure shown is the engine's.
//!
//! `table` is the one table writer (text, CSV, JSON, Markdown); `run` and `check` lay out a
//! run and its checks as tables for it; `assumptions` says a scenario's inputs in words;
//! `explain` writes the steps behind a figure; `workbook` writes Excel; `chart` draws SVG; `html`
//! writes the report page; `monitor_*` lay out the year's monitoring;
//! `parquet` writes the long tables as Parquet (with the `parquet` feature; without it, its
//! writers say how to build one that has it).

pub mod assumptions;
pub mod chart;
pub mod check;
pub mod explain;
pub mod html;
pub mod monitor_chart;
pub mod monitor_grid;
pub mod monitor_html;
pub mod monitor_saved;
pub mod monitor_workbook;
#[cfg(feature = "parquet")]
pub mod parquet;
#[cfg(not(feature = "parquet"))]
#[path = "no_parquet.rs"]
pub mod parquet;
pub mod portfolio;
pub mod run;
pub mod table;
pub mod workbook;

/// A scenario worked by hand for the presenters' tests (`test-scenario.toml`): contract `c`
/// from 2024-04-01 to 2025-09-30; `care` £1,000,000 a year and `bus` £36,500 a year, no
/// uplift. 2024-25 is a full contract year (365 days): £1,000,000.00 and £36,500.00. In
/// 2025-26 the term has 183 of the contract year's 365 days: care £1,000,000 × 183/365 =
/// £501,369.863… → £501,369.86, bus £36,500 × 183/365 = £18,300.00. Years £1,036,500.00 and
/// £519,669.86; care £1,501,369.86, bus £54,800.00; total £1,556,169.86. Its checks: the
/// total, stated exactly (consistent); care in 2024-25 stated £1,000,100 (computed £100.00
/// less: inconsistent); bus stated £54,000 (£800.00 more: acknowledged).
#[cfg(test)]
pub(crate) mod testing {
    use outturn_engine::evaluate::{evaluate, Evaluated};
    use outturn_model::projection::Granularity;

    use crate::cli::Stack;
    use crate::present::run::RunReport;

    /// The hand-worked scenario, read and evaluated as `t`.
    pub fn evaluated() -> Evaluated {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.toml");
        std::fs::write(&path, include_str!("test-scenario.toml")).unwrap();
        evaluate(&path, &[], Granularity::Year).unwrap()
    }

    pub fn report(e: &Evaluated) -> RunReport<'_> {
        crate::commands::run_reports(std::slice::from_ref(e), Stack::Line)
            .pop()
            .unwrap()
    }
}
