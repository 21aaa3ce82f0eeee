//! `present::parquet` in a build without the `parquet` feature: each writer says how to
//! build one that has it. The command line refuses `--format parquet` first (see
//! [`crate::cli::format_parser`]), so these answer only callers of the library.

use outturn_engine::portfolio::Portfolio;

use crate::cli::NO_PARQUET;
use crate::present::run::RunReport;

pub fn run(_reports: &[RunReport]) -> Result<Vec<u8>, String> {
    Err(NO_PARQUET.into())
}

pub fn portfolio(_p: &Portfolio, _group: &str) -> Result<Vec<u8>, String> {
    Err(NO_PARQUET.into())
}

pub fn draws<'a>(_rows: impl Iterator<Item = (u64, &'a str, i64)>) -> Result<Vec<u8>, String> {
    Err(NO_PARQUET.into())
}
