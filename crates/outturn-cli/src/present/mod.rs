//! Presenters: results as people and spreadsheets read them. They do no arithmetic on money;
//! every figure shown is the engine's.
//!
//! `table` is the one table writer (text, CSV, JSON, Markdown); `run` lays out a run and its
//! checks; `workbook` writes Excel; `chart` draws SVG; `html` writes the report page.

pub mod chart;
pub mod html;
pub mod monitor_chart;
pub mod monitor_grid;
pub mod monitor_html;
pub mod monitor_saved;
pub mod monitor_workbook;
pub mod run;
pub mod table;
pub mod workbook;
