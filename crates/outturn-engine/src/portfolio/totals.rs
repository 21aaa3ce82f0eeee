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

impl Period {
    /// The next year, or month.
    fn next(self) -> Period {
        match self {
            Period::Year(year) => Period::Year(year + 1),
            Period::Month(year, 12) => Period::Month(year + 1, 1),
            Period::Month(year, month) => Period::Month(year, month + 1),
        }
    }
}

/// Pennies by group number and period.
pub struct Totals {
    by: Granularity,
    /// Periods per group in `dense`.
    width: usize,
    /// Group after group, `width` periods each: pennies; and whether any piece was added,
    /// even one of 0 (each such total is a row of the output), a bit each.
    dense: Vec<i64>,
    touched: Touched,
    sparse: FxHashMap<(u32, Period), i64>,
    /// The pieces' sizes added up: while it is within the largest total
    /// ([`crate::limit`]), no total can have wrapped; past it, the totals are refused.
    size: u128,
}

/// One group's totals.
pub struct GroupTotals<'a> {
    totals: &'a mut [i64],
    /// The group's first entry in `touched`.
    start: usize,
    touched: &'a mut Touched,
    sparse: &'a mut FxHashMap<(u32, Period), i64>,
    size: &'a mut u128,
    group: u32,
    by: Granularity,
}

impl GroupTotals<'_> {
    /// The entry of `period` in `totals`; past their end if it has none (a negative offset
    /// wraps far past it).
    #[inline]
    fn offset(&self, period: Period) -> usize {
        match (self.by, period) {
            (Granularity::Year, Period::Year(year)) => (year - FIRST_YEAR) as usize,
            (Granularity::Month, Period::Month(year, month)) => {
                ((year - FIRST_YEAR) * 12) as usize + month as usize - 1
            }
            _ => usize::MAX,
        }
    }

    /// Adds `pennies` to `period`, and its size to the sizes added up.
    #[inline]
    pub fn add(&mut self, period: Period, pennies: i64) {
        self.count(pennies.unsigned_abs().into());
        self.add_run(period, &[pennies]);
    }

    /// Counts `size` into the sizes of the pieces added up: the caller counts every piece it
    /// adds with [`GroupTotals::add_run`], one by one or (when none is negative) by their sum.
    #[inline]
    pub fn count(&mut self, size: u128) {
        *self.size += size;
    }

    /// Adds `pieces` to `period` and the periods after it in turn; their sizes are counted
    /// by the caller ([`GroupTotals::count`]).
    #[inline]
    pub fn add_run(&mut self, period: Period, pieces: &[i64]) {
        let offset = self.offset(period);
        let range = offset..offset.saturating_add(pieces.len());
        match self.totals.get_mut(range.clone()) {
            Some(totals) => {
                for (total, &pennies) in totals.iter_mut().zip(pieces) {
                    // Wraps only past the largest total, where `size` refuses the totals.
                    *total = total.wrapping_add(pennies);
                }
                self.touched
                    .mark(self.start + range.start, self.start + range.end);
            }
            None => {
                let mut period = period;
                for &pennies in pieces {
                    self.add_sparse(period, pennies);
                    period = period.next();
                }
            }
        }
    }

    #[cold]
    fn add_sparse(&mut self, period: Period, pennies: i64) {
        let total = self.sparse.entry((self.group, period)).or_insert(0);
        *total = total.wrapping_add(pennies);
    }
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
            touched: Touched::default(),
            sparse: FxHashMap::default(),
            size: 0,
        }
    }

    /// The sizes of every piece added, added up.
    pub fn size(&self) -> u128 {
        self.size
    }

    /// The totals of `group`, to add a row's pieces to.
    #[inline]
    pub fn group(&mut self, group: u32) -> GroupTotals<'_> {
        let start = group as usize * self.width;
        let end = start + self.width;
        if end > self.dense.len() && end <= DENSE {
            self.dense.resize(end, 0);
            self.touched.grow(end);
        }
        GroupTotals {
            // Empty past the array's limit: all goes to the hash map.
            totals: self.dense.get_mut(start..end).unwrap_or_default(),
            start,
            touched: &mut self.touched,
            sparse: &mut self.sparse,
            size: &mut self.size,
            group,
            by: self.by,
        }
    }

    /// Every total: group number, period, pennies.
    pub fn into_entries(self) -> impl Iterator<Item = (u32, Period, i64)> {
        let Totals {
            by,
            width,
            dense,
            touched,
            sparse,
            size: _,
        } = self;
        let dense = dense
            .into_iter()
            .enumerate()
            .filter(move |&(at, _)| touched.is_marked(at))
            .map(move |(at, pennies)| {
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

/// A bit for each entry of the array: whether any piece was added to it.
#[derive(Default)]
struct Touched {
    words: Vec<u64>,
}

impl Touched {
    /// Room for `entries` entries.
    fn grow(&mut self, entries: usize) {
        self.words.resize(entries.div_ceil(64), 0);
    }

    /// Marks entries `from` to `to` (not included), a run of at most 64 entries: the bits of
    /// one word or two, set by masks rather than entry by entry.
    #[inline]
    fn mark(&mut self, from: usize, to: usize) {
        if to <= from {
            return;
        }
        debug_assert!(to - from <= 64, "a run longer than a word");
        let (first, last) = (from / 64, (to - 1) / 64);
        let (low, high) = (from % 64, to % 64);
        // Ones from bit `low` up, and ones below bit `high` (all of them when `high` is 0).
        let from_low = u64::MAX << low;
        let below_high = if high == 0 {
            u64::MAX
        } else {
            (1u64 << high) - 1
        };
        if first == last {
            self.words[first] |= from_low & below_high;
        } else {
            self.words[first] |= from_low;
            self.words[last] |= below_high;
        }
    }

    fn is_marked(&self, entry: usize) -> bool {
        self.words[entry / 64] >> (entry % 64) & 1 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs within a word, ending on a word's last bit, and across two words mark exactly
    /// their entries.
    #[test]
    fn marks_exactly_the_run() {
        for (from, to) in [
            (0, 1),
            (3, 15),
            (52, 64),
            (60, 72),
            (64, 76),
            (120, 130),
            (5, 5),
        ] {
            let mut touched = Touched::default();
            touched.grow(256);
            touched.mark(from, to);
            let marked: Vec<usize> = (0..256).filter(|&e| touched.is_marked(e)).collect();
            assert_eq!(marked, (from..to).collect::<Vec<_>>(), "{from}..{to}");
        }
    }
}
