//! A register file as `outturn portfolio` reads it: CSV, or Parquet in a build with the
//! `parquet` feature, told apart by content (a Parquet file starts with `PAR1`), so a
//! Parquet register needs no flag and a build without Parquet names what it was given.

use std::io::Read;
use std::path::Path;

use outturn_engine::portfolio::Portfolio;
use outturn_input::register::Mapping;
use outturn_model::FyCalendar;

/// Projects the register at `path`, CSV or Parquet.
///
/// # Errors
/// As [`outturn_engine::portfolio::project_register`]; and a Parquet register in a build
/// without Parquet.
pub fn project_register(
    path: &Path,
    mapping: &Mapping,
    by_month: bool,
    cal: FyCalendar,
) -> Result<Portfolio, String> {
    if !is_parquet(path) {
        return outturn_engine::portfolio::project_register(path, mapping, by_month, cal);
    }
    #[cfg(feature = "parquet")]
    {
        crate::parquet_register::project_register(path, mapping, by_month, cal)
    }
    #[cfg(not(feature = "parquet"))]
    {
        Err(format!(
            "the register is a Parquet file, and {}",
            crate::cli::NO_PARQUET
        ))
    }
}

/// Whether the file starts as a Parquet file does. One that cannot be read is left to the
/// CSV reader, which says why.
fn is_parquet(path: &Path) -> bool {
    let mut magic = [0; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| &magic == b"PAR1")
}
