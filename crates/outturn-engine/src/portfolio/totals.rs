//! Running totals in pennies by group and period, kept in a flat array indexed by group and
//! financial year (or month), so adding a piece is an index and an addition.
//!
//! Groups are numbered as they are first seen; periods by years (or months) since
//! [`FIRST_YEAR`]. A register grouped by a column with thousands of values (`--group id`,
//! say) would make the array too large, so groups past [`DENSE`] entries are kept in a hash
//! map instead, as are periods outside the array (which validation of dates rules out).

use outturn_model::projection::Granularity;
use rustc_hash::FxHashMap;

/// The first calendar year a period can start in: a financial year holding a date in 1900
/// may start in 1899.
const FIRST_YEAR: i32 = 1899;
/// Years from `FIRST_YEAR` a period can start in: a term starting in 2200 can run 200 years.
const YEARS: usize = 503;
/// The most entries (8 bytes each) kept in the array, per thread.
const DENSE: usize = 1 << 20;

/// A financial year, by the year it starts in; or a calendar month, by year and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Month(i32, u32),
}

/// Pennies by group number and period.
pub struct Totals {
    by: Granularity,
    /// Periods per group in `dense`.
    width: usize,
    /// Group after group, `width` periods each: pennies, and whether any piece was added,
    /// even one of 0 (each such total is a row of the output).
    dense: Vec<(i64, bool)>,
    sparse: FxHashMap<(u32, Period), i64>,
}

impl Totals {
    pub fn new(by: Granularity) -> Totals {
        Totals {
            by,
            width: match by {
                Granularity::Year => YEARS,
                Granularity::Month => YEARS * 12,
            },
            dense: Vec::new(),
            sparse: FxHashMap::default(),
        }
    }

    /// The entry of `period` within a group, if it has one in the array.
    #[inline]
    fn offset(&self, period: Period) -> Option<usize> {
        let offset = match (self.by, period) {
            (Granularity::Year, Period::Year(year)) => i64::from(year - FIRST_YEAR),
            (Granularity::Month, Period::Month(year, month)) => {
                i64::from(year - FIRST_YEAR) * 12 + i64::from(month) - 1
            }
            _ => return None,
        };
        usize::try_from(offset).ok().filter(|&o| o < self.width)
    }

    #[inline]
    pub fn add(&mut self, group: u32, period: Period, pennies: i64) {
        if let Some(offset) = self.offset(period) {
            let at = group as usize * self.width + offset;
            if at >= self.dense.len() && at < DENSE {
                self.dense
                    .resize((group as usize + 1) * self.width, (0, false));
            }
            if let Some((total, touched)) = self.dense.get_mut(at) {
                *total += pennies;
                *touched = true;
                return;
            }
        }
        self.add_sparse(group, period, pennies);
    }

    #[cold]
    fn add_sparse(&mut self, group: u32, period: Period, pennies: i64) {
        *self.sparse.entry((group, period)).or_insert(0) += pennies;
    }

    /// Every total: group number, period, pennies.
    pub fn into_entries(self) -> impl Iterator<Item = (u32, Period, i64)> {
        let Totals {
            by,
            width,
            dense,
            sparse,
        } = self;
        let dense = dense
            .into_iter()
            .enumerate()
            .filter(|(_, (_, touched))| *touched)
            .map(move |(at, (pennies, _))| {
                let (group, offset) = (at / width, (at % width) as i32);
                let period = match by {
                    Granularity::Year => Period::Year(FIRST_YEAR + offset),
                    Granularity::Month => {
                        Period::Month(FIRST_YEAR + offset / 12, (offset % 12) as u32 + 1)
                    }
                };
                (group as u32, period, pennies)
            });
        dense.chain(sparse.into_iter().map(|((g, p), v)| (g, p, v)))
    }
}
