//! Presenters: results as people and spreadsheets read them. They do no arithmetic on money;
//! every figure shown is the engine's.
//!
//! `table` is the one table writer (text, CSV, JSON, Markdown); `run` and `check` lay out a
//! run and its checks as tables for it; `assumptions` says a scenario's inputs in words;
//! `explain` writes the steps behind a figure; `workbook` writes Excel; `chart` draws SVG; `html` writes the report page.

pub mod assumptions;
pub mod chart;
pub mod check;
pub mod explain;
pub mod html;
pub mod portfolio;
pub mod run;
pub mod table;
pub mod workbook;
