//! Outturn's inputs: everything a finance officer writes or exports, read into the model's
//! types or refused with a diagnostic that names the file, line, field and what was expected.
//!
//! `scenario_file` reads and validates scenario files, table by table; `variant` resolves
//! `extends` and `--set` on the parsed document before it is read; `sources` keeps the texts
//! a scenario came from (its file, its bases, the values set on the command line) so every
//! error is reported where its value was written; `values` reads values typed on the command
//! line and names their kind; `register` streams contract registers (CSV) and totals them;
//! `uncertainty` reads the distributions of a simulation; `paths` finds the scenario files a
//! command names; `diagnostic` is the error type they share.
//!
//! This crate does no rendering and links no polars, so the fuzz targets in `fuzz/` build it
//! quickly with coverage instrumentation. No input may panic it: `unwrap` is refused outside
//! tests, and each `expect` names the invariant that makes it unreachable.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod csv_text;
pub mod diagnostic;
pub mod monitoring;
pub mod paths;
pub mod register;
pub mod scenario_file;
pub mod sources;
pub mod uncertainty;
pub mod values;
pub mod variant;
