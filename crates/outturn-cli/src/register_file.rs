//! A register file as `outturn portfolio` and `simulate --register` read it: CSV, or Parquet
//! in a build with the `parquet` feature, told apart by content (a Parquet file starts with
//! `PAR1`), so a Parquet register needs no flag and a build without Parquet names what it was
//! given. It is opened with [`outturn_input::register::file::open`]'s limits.

use std::io::Read;
use std::path::Path;

use outturn_engine::portfolio::{project_reader, Portfolio};
use outturn_input::diagnostic::Diagnostic;
use outturn_input::register::file::{open, readable};
use outturn_input::register::Mapping;
use outturn_model::FyCalendar;

/// Projects the register at `path`, CSV or Parquet.
///
/// # Errors
/// A folder or a device, a line too long, a header or CSV that cannot be read (as
/// [`project_reader`]); and a Parquet register in a build without Parquet.
pub fn project_register(
    path: &Path,
    mapping: &Mapping,
    by_month: bool,
    cal: FyCalendar,
) -> Result<Portfolio, Diagnostic> {
    let in_register = |e: String| Diagnostic::file(path, e);
    readable(path)?;
    if !is_parquet(path) {
        let (file, lines) = open(path)?;
        return project_reader(file, mapping, by_month, cal)
            .map_err(|e| lines.too_long(path).unwrap_or_else(|| in_register(e)));
    }
    #[cfg(feature = "parquet")]
    {
        crate::parquet_register::project_register(path, mapping, by_month, cal).map_err(in_register)
    }
    #[cfg(not(feature = "parquet"))]
    {
        Err(in_register(format!(
            "the register is a Parquet file, and {}",
            crate::cli::NO_PARQUET
        )))
    }
}

/// Whether the file starts as a Parquet file does. One that cannot be read is left to the
/// CSV reader, which says why; so is a FIFO, whose first bytes can be read only once.
fn is_parquet(path: &Path) -> bool {
    let mut magic = [0; 4];
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
        && std::fs::File::open(path)
            .and_then(|mut f| f.read_exact(&mut magic))
            .is_ok_and(|()| &magic == b"PAR1")
}
