//! The register's rules in machine integers: the same figures as [`super::cost_contract`]
//! (and the month split the portfolio engine makes of them), to the penny, without a
//! `Decimal`, a `Vec` or a big integer on the way.
//!
//! A contract year's cost is `annual × growth^k × days / full days` with `growth = N / D`,
//! `1 + uplift / 100` as a fraction in lowest terms (`1.0235 = 2047 / 2000`). It is kept as
//! an exact fraction of integers (`annual × N^k × days` over `D^k × full days`) and rounded
//! once, half away from zero, by integer division. The fraction is checked to fit 128 bits
//! for every year before the first piece is given out; failing that, 256 bits; failing that,
//! [`cost_contract`] returns `None` having given out nothing, and the caller uses the exact
//! big-integer path. Pieces are split with the largest-remainder rule of [`crate::split`].
//!
//! Worked example (the model's own, in [`super::cost_contract`]): £1,000,000.00 a year from
//! 15 June 2024 for 12 months, no uplift: growth is 1/1, the one contract year costs
//! 100,000,000 × 365 / 365 pennies, split 290 : 75 days. 100,000,000 × 290 is 79,452,054
//! times 365 with 290 over, and 290 is at least half of 365, so 2024-25 takes the spare
//! penny: £794,520.55 and £205,479.45.

use super::civil::{is_leap, Civil};
use super::wide::U256;
use crate::calendar::FyCalendar;
use crate::projection::Granularity;

/// A register row in integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contract {
    pub start: Civil,
    /// Term and extensions, all taken.
    pub months: u32,
    /// The first contract year's value, in pennies.
    pub annual_pennies: i64,
    pub uplift: Uplift,
}

/// A yearly uplift in percent, `mantissa / 10^scale` (2.35% is 235 and 2), as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uplift {
    pub mantissa: i64,
    pub scale: u32,
}

/// Where a piece of a contract's cost falls: the starting year of its financial year, and
/// by month, the first day of its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    pub financial_year: i32,
    pub month: Option<Civil>,
}

/// Gives the contract's cost, piece by piece, to `add(slot, pieces)`: by financial year, or
/// by calendar month within each financial year, when `pieces` are for `slot`'s month and
/// the months after it in turn (the months of a contract year in a financial year).
///
/// Returns the contract's whole cost in pennies. A cost is never negative and each of its
/// pieces is a share rounded down plus perhaps a spare penny, so no piece is negative and the
/// whole is also the pieces' sizes added up: the caller counts it once, not piece by piece.
///
/// Returns `None`, having given nothing, when the integers could overflow (a long contract
/// with a large uplift or value) or the uplift has more than 6 decimal places; the caller
/// then costs the row with [`super::cost_contract`], which is exact at any size.
pub fn cost_contract(
    c: &Contract,
    cal: FyCalendar,
    by: Granularity,
    mut add: impl FnMut(Slot, &[i64]),
) -> Option<u128> {
    let annual = u64::try_from(c.annual_pennies).ok()?;
    if c.months == 0 {
        return None;
    }
    let years = c.months.div_ceil(12);
    let mut costs = Costs::new(annual, Growth::of(c.uplift)?, years)?;
    let end = c.start.plus_months(c.months).day_number();
    let (mut from, mut from_day) = (c.start, c.start.day_number());
    let mut whole = 0u128;
    for k in 1..=years {
        let next = c.start.plus_years(k);
        let next_day = next.day_number();
        // Only the last year can end before its next anniversary.
        let days = (next_day.min(end) - from_day) as u32;
        let cost = costs.year(days, (next_day - from_day) as u32);
        whole += cost as u128;
        let span = Span { start: from, days };
        by_financial_year(
            span,
            from_day,
            cost,
            cal,
            &mut |fy, span, pennies| match by {
                Granularity::Year => add(
                    Slot {
                        financial_year: fy,
                        month: None,
                    },
                    &[pennies],
                ),
                Granularity::Month => by_month(fy, span, pennies, &mut add),
            },
        );
        if k < years {
            costs.advance();
        }
        (from, from_day) = (next, next_day);
    }
    Some(whole)
}

/// Days from `start`, both ends counted.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: Civil,
    days: u32,
}

/// `1 + uplift / 100` in lowest terms.
#[derive(Debug, Clone, Copy)]
struct Growth {
    num: u64,
    den: u64,
}

impl Growth {
    fn of(uplift: Uplift) -> Option<Growth> {
        if uplift.scale > 6 {
            return None;
        }
        let den = 10u64.pow(uplift.scale + 2);
        let num = (den as i64).checked_add(uplift.mantissa)?;
        let mut num = u64::try_from(num).ok().filter(|&n| n > 0)?;
        let mut den = den;
        // The denominator is a power of ten: only twos and fives can be common.
        let twos = num.trailing_zeros().min(den.trailing_zeros());
        (num, den) = (num >> twos, den >> twos);
        while num % 5 == 0 && den % 5 == 0 {
            (num, den) = (num / 5, den / 5);
        }
        Some(Growth { num, den })
    }
}

/// The largest cost a contract year may come to, so that it fits an `i64` after rounding.
const MAX_COST: u64 = i64::MAX as u64 - 1;
/// The most days in a contract year.
const MAX_DAYS: u64 = 366;

/// The exact cost of each contract year in turn: `annual × N^k` over `D^k`, in 128 or 256
/// bits, whichever every year of the contract fits.
enum Costs {
    Narrow {
        growth: Growth,
        p: u128,
        q: u128,
    },
    Wide {
        growth: Growth,
        p: U256,
        q: U256,
        k: u32,
    },
}

impl Costs {
    /// The costs of `years` contract years, if every one fits `Narrow` or every one `Wide`.
    fn new(annual: u64, growth: Growth, years: u32) -> Option<Costs> {
        // The last year's powers are the largest, so bounding them bounds every year. Most
        // contracts are bounded by the bit lengths alone: x < 2^bits(x).
        let bits = |x: u64| 64 - x.leading_zeros();
        let steps = years - 1;
        let by_bits = bits(annual) + steps * bits(growth.num) + bits(MAX_DAYS) <= 128
            && steps * bits(growth.den) + bits(MAX_DAYS) <= 128
            && (growth.num <= growth.den
                || bits(annual) + steps * (bits(growth.num) - bits(growth.den) + 1) <= 62);
        let narrow = || {
            if by_bits {
                return Some(());
            }
            let (mut p, mut q) = (u128::from(annual), 1u128);
            for _ in 1..years {
                p = p.checked_mul(growth.num.into())?;
                q = q.checked_mul(growth.den.into())?;
            }
            p.checked_mul(MAX_DAYS.into())?;
            q.checked_mul(MAX_DAYS.into())?;
            // A cost is at most annual × growth^(years - 1) + ½ (a year's days never exceed
            // its full days); a product past 128 bits is larger than `p`.
            let in_range = growth.num <= growth.den
                || q.checked_mul(MAX_COST.into()).is_none_or(|limit| p < limit);
            in_range.then_some(())
        };
        let wide = || {
            let (mut p, mut q) = (U256::from_u64(annual), U256::from_u64(1));
            for _ in 1..years {
                p = p.mul_small(growth.num)?;
                q = q.mul_small(growth.den)?;
            }
            p.mul_small(2 * MAX_DAYS)?.add(q.mul_small(MAX_DAYS)?)?;
            let in_range = growth.num <= growth.den
                || q.mul_small(MAX_COST).is_none_or(|limit| p.less_than(limit));
            in_range.then_some(())
        };
        if narrow().is_some() {
            Some(Costs::Narrow {
                growth,
                p: annual.into(),
                q: 1,
            })
        } else {
            wide().map(|()| Costs::Wide {
                growth,
                p: U256::from_u64(annual),
                q: U256::from_u64(1),
                k: 0,
            })
        }
    }

    /// This year's cost: `days` of a year of `full` days, rounded half away from zero.
    fn year(&self, days: u32, full: u32) -> i64 {
        match self {
            Costs::Narrow { p, q, .. } => {
                let num = p * u128::from(days);
                let den = q * u128::from(full);
                let (quot, rem) = if (num | den) >> 64 == 0 {
                    let (n, d) = (num as u64, den as u64);
                    (u128::from(n / d), u128::from(n % d))
                } else {
                    (num / den, num % den)
                };
                // Half away from zero (costs are never negative); `rem >= den - rem` cannot
                // overflow as `2 × rem` might.
                (quot + u128::from(rem >= den - rem)) as i64
            }
            Costs::Wide { growth, p, q, k } => {
                // round(n / d) = floor((2n + d) / 2d), and floor(x / (a × b)) =
                // floor(floor(x / a) / b), so the denominator 2 × full × D^k is divided
                // out a machine word at a time.
                let mut x = p
                    .mul_small(2 * u64::from(days))
                    .and_then(|n| n.add(q.mul_small(u64::from(full))?))
                    .expect("bounded for every year when the costs were set up")
                    .div_small(2)
                    .div_small(u64::from(full));
                for _ in 0..*k {
                    x = x.div_small(growth.den);
                }
                x.to_i64()
                    .expect("bounded by MAX_COST when the costs were set up")
            }
        }
    }

    /// On to the next contract year; only called while there is one, so within the bounds.
    fn advance(&mut self) {
        match self {
            Costs::Narrow { growth, p, q } => {
                *p *= u128::from(growth.num);
                *q *= u128::from(growth.den);
            }
            Costs::Wide { growth, p, q, k } => {
                *p = p.mul_small(growth.num).expect("bounded when set up");
                *q = q.mul_small(growth.den).expect("bounded when set up");
                *k += 1;
            }
        }
    }
}

/// Gives `cost` of the days of `span` (starting on day number `start_day`) to each financial
/// year they fall in, split by days with the largest-remainder rule.
#[inline]
fn by_financial_year(
    span: Span,
    start_day: i32,
    cost: i64,
    cal: FyCalendar,
    add: &mut impl FnMut(i32, Span, i64),
) {
    let first_month = cal.start_month();
    let fy = if span.start.month() >= first_month {
        span.start.year()
    } else {
        span.start.year() - 1
    };
    let next_start = Civil::first_of(fy + 1, first_month);
    let in_first = (next_start.day_number() - start_day) as u32;
    // A contract year has at most 366 days and a financial year at least 365, so a span
    // that runs past its first financial year ends within the next.
    let pieces = if span.days <= in_first {
        [(fy, span, cost), (fy, span, 0)]
    } else {
        let in_second = span.days - in_first;
        let (first, second) = split_two(cost, in_first, in_second);
        let first_span = Span {
            start: span.start,
            days: in_first,
        };
        let second_span = Span {
            start: next_start,
            days: in_second,
        };
        [(fy, first_span, first), (fy + 1, second_span, second)]
    };
    // One call site, so that `add` is inlined here.
    let n = if span.days <= in_first { 1 } else { 2 };
    for &(fy, span, pennies) in &pieces[..n] {
        add(fy, span, pennies);
    }
}

/// `whole` split `a : b` by the largest-remainder rule. With two pieces the remainders add
/// up to 0 or to the whole of `a + b`, so the first piece takes the spare penny exactly when
/// its remainder is at least half (ties go to the earlier piece).
#[inline]
fn split_two(whole: i64, a: u32, b: u32) -> (i64, i64) {
    let total = a + b;
    // Costs are not negative; past 64 bits (a cost over £50 trillion), in 128.
    let (quot, rem) = match (whole as u64).checked_mul(u64::from(a)) {
        Some(share) => div_days(share, total),
        None => {
            let share = whole as u128 * u128::from(a);
            let total = u128::from(total);
            ((share / total) as u64, (share % total) as u64)
        }
    };
    let first = quot as i64 + i64::from(rem != 0 && rem >= u64::from(total) - rem);
    (first, whole - first)
}

/// Gives `pennies` of `span`, which lies within one financial year (so within 12 calendar
/// months), to its months by days, with the largest-remainder rule.
///
/// This runs some ten million times for a million contracts, so it works on all twelve
/// months every time (those the span does not reach have 0 days), in straight lines of
/// arithmetic the compiler turns into vector instructions, without branches on the data.
fn by_month(fy: i32, span: Span, pennies: i64, add: &mut impl FnMut(Slot, &[i64])) {
    let slot = Slot {
        financial_year: fy,
        month: Some(Civil::first_of(span.start.year(), span.start.month())),
    };
    let weights = month_days(span);
    // The months reached are the first few: the count is the place of the last one.
    let reached = weights
        .iter()
        .enumerate()
        .fold(0u32, |mask, (i, &w)| mask | u32::from(w > 0) << i);
    let months = (u32::BITS - reached.leading_zeros()) as usize;
    if months == 1 {
        add(slot, &[pennies]);
        return;
    }
    let pieces = split_by_days(pennies as u64, &weights, span.days);
    add(slot, &pieces[..months]);
}

/// The days of `span` in each of the twelve months from its first (0 past its last).
#[inline]
fn month_days(span: Span) -> [u32; 12] {
    let (year, month) = (span.start.year(), span.start.month());
    // The month count from `month` to February, and whether that February has 29 days.
    let february = ((14 - month) % 12) as usize;
    let leap = u32::from(is_leap(if month <= 2 { year } else { year + 1 }));
    let ends = &MONTH_ENDS[month as usize % 13];
    let before = span.start.day() - 1;
    // Days from the span's first day to the end of each month, cut at the span's end.
    let mut reached = [0u32; 12];
    for (i, (r, &end)) in reached.iter_mut().zip(ends).enumerate() {
        let end = end + leap * u32::from(i >= february) - before;
        *r = end.min(span.days);
    }
    let mut days = [0u32; 12];
    days[0] = reached[0];
    for i in 1..12 {
        days[i] = reached[i] - reached[i - 1];
    }
    days
}

/// For each first month (1–12): days from its first to the end of it and each of the eleven
/// months after, in years without a 29 February.
static MONTH_ENDS: [[u32; 12]; 13] = {
    const DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut table = [[0u32; 12]; 13];
    let mut first = 1;
    while first <= 12 {
        let mut total = 0;
        let mut i = 0;
        while i < 12 {
            total += DAYS[(first - 1 + i) % 12];
            table[first][i] = total;
            i += 1;
        }
        first += 1;
    }
    table
};

/// `whole` split by `weights` (days, at most 31 each, adding up to `total`; unused ones 0)
/// with the largest-remainder rule, as [`crate::split::split`].
///
/// Compiled twice, for the baseline x86-64 and for AVX2, one picked when the program starts:
/// with AVX2 the twelve months' arithmetic takes fewer, wider instructions, and a million
/// contracts by month run some 10% faster. Both copies are this safe code, so their pennies
/// are the same.
#[multiversion::multiversion(targets("x86_64+avx2+bmi1+bmi2+popcnt+lzcnt"))]
fn split_by_days(whole: u64, weights: &[u32; 12], total: u32) -> [i64; 12] {
    // whole = per_day × total + part: each piece is per_day × its weight and its share of
    // part; part × weight is under 366 × 31, so it is divided by a multiply and a shift.
    let (per_day, part) = div_days(whole, total);
    let reciprocal = u64::from(SMALL_RECIPROCALS[total as usize % 367]);
    // Lane by lane in 32 bits, so that the compiler can do four months at a time.
    let mut quots = [0u32; 12];
    let mut rems = [0u32; 12];
    for ((quot, rem), &weight) in quots.iter_mut().zip(&mut rems).zip(weights) {
        let share = part as u32 * weight;
        *quot = ((u64::from(share) * reciprocal) >> 32) as u32;
        *rem = share - *quot * total;
    }
    let mut pieces = [0i64; 12];
    for ((piece, &quot), &weight) in pieces.iter_mut().zip(&quots).zip(weights) {
        *piece = (per_day * u64::from(weight)) as i64 + i64::from(quot);
    }
    // Each remainder (under 366) with its piece's place, so that the larger key is the
    // larger remainder, the earlier piece on a tie. An unused piece's key (remainder 0, a
    // later place) is below every used one's.
    let mut keys = [0i16; 16];
    for (i, (key, &rem)) in keys.iter_mut().zip(&rems).enumerate() {
        *key = ((rem << 4) | (15 - i as u32)) as i16;
    }
    // The pennies left over, fewer than the pieces used, go one each to the largest
    // remainders: a piece takes one if fewer keys than that are larger than its own. An
    // unused piece never does (every used piece's key is larger than its). The keys larger
    // than each are counted for all at once (a pair of vector registers), key by key,
    // rather than penny by penny, whose branches the processor cannot predict.
    // (The per_day parts add up to per_day × total, so what is left is of `part`.)
    let left = (part as u32 - quots.iter().sum::<u32>()) as i16;
    let mut larger = [0i16; 16];
    for &other in &keys[..12] {
        for (count, &key) in larger.iter_mut().zip(&keys) {
            *count += i16::from(other > key);
        }
    }
    for (piece, &count) in pieces.iter_mut().zip(&larger) {
        *piece += i64::from(count < left);
    }
    pieces
}

/// `floor(2^32 / d) + 1` for `d` from 2 to 366: with it, `(x × m) >> 32` is `x / d` for
/// every `x` under 366 × 31. (`e = m × d − 2^32` is in 1..=d, and `x × m / 2^32` is
/// `x / d + x × e / (d × 2^32)`; the added fraction is under `1 / d` as `x × e < 2^32`, too
/// little to carry the quotient past the next integer.)
static SMALL_RECIPROCALS: [u32; 367] = {
    let mut table = [0u32; 367];
    // 1 day is never split (it is all in one month); its reciprocal, 2^32 + 1, would not fit.
    let mut d = 2;
    while d < table.len() {
        table[d] = ((1u64 << 32) / d as u64 + 1) as u32;
        d += 1;
    }
    table
};

/// `x / d` and `x % d` for a number of days `d` from 1 to 366, as a multiply and a shift
/// where `x` is under 2^53 (any cost under £90 trillion), by Granlund and Montgomery's
/// theorem: with `m = ceil(2^62 / d)`, `m × d − 2^62` is under `d`, at most 2^9, so
/// `floor(x × m / 2^62) = floor(x / d)` for every `x` under 2^(62 − 9). A hardware division
/// takes ten times as long, and a month split needs one per month.
#[inline]
fn div_days(x: u64, d: u32) -> (u64, u64) {
    let d64 = u64::from(d);
    match RECIPROCALS.get(d as usize) {
        Some(&m) if x < 1 << 53 => {
            let quot = ((u128::from(x) * u128::from(m)) >> 62) as u64;
            (quot, x - quot * d64)
        }
        _ => (x / d64, x % d64),
    }
}

/// `ceil(2^62 / d)` for `d` from 1 to 366 (0 for 0, never used).
static RECIPROCALS: [u64; 367] = {
    let mut table = [0u64; 367];
    let mut d = 1;
    while d < table.len() {
        table[d] = (1u64 << 62).div_ceil(d as u64);
        d += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::super::civil::days_in_month;
    use super::*;
    use crate::calendar::Period;
    use crate::money::Money;
    use crate::split::split;
    use crate::term::Term;
    use chrono::{Datelike, NaiveDate};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    type Pieces = Vec<(Slot, i64)>;

    fn contract(start: (i32, u32, u32), months: u32, pennies: i64, uplift: (i64, u32)) -> Contract {
        Contract {
            start: Civil::new(start.0, start.1, start.2).unwrap(),
            months,
            annual_pennies: pennies,
            uplift: Uplift {
                mantissa: uplift.0,
                scale: uplift.1,
            },
        }
    }

    fn fast(c: &Contract, by: Granularity) -> Option<Pieces> {
        let mut out = Vec::new();
        let done = cost_contract(c, FyCalendar::UK, by, |slot, pieces| {
            let mut month = slot.month;
            for &p in pieces {
                out.push((Slot { month, ..slot }, p));
                month = month.map(|m| m.plus_months(1));
            }
        });
        assert!(
            done.is_some() || out.is_empty(),
            "gave pieces, then gave up"
        );
        let whole = done?;
        assert!(out.iter().all(|&(_, p)| p >= 0), "a negative piece");
        let added: u128 = out.iter().map(|&(_, p)| p as u128).sum();
        assert_eq!(whole, added, "the whole cost is the pieces added up");
        Some(out)
    }

    /// The model's exact path, and its months split as the portfolio engine splits them.
    fn model(c: &Contract, by: Granularity) -> Result<Pieces, crate::ModelError> {
        let term = Term::from_months(c.start.to_date(), c.months)?;
        let uplift = Decimal::new(c.uplift.mantissa, c.uplift.scale);
        let mut out = Vec::new();
        let annual = Money::from_pennies(c.annual_pennies);
        super::super::cost_contract(&term, annual, uplift, FyCalendar::UK, |fy, period, m| {
            let financial_year = fy.start().year();
            if by == Granularity::Year {
                out.push((
                    Slot {
                        financial_year,
                        month: None,
                    },
                    m.pennies(),
                ));
                return;
            }
            let months = period.by_month();
            let days: Vec<u64> = months
                .iter()
                .map(|p: &Period| u64::from(p.days()))
                .collect();
            for (p, s) in months.iter().zip(split(m, &days).unwrap()) {
                let month = Some(Civil::first_of(p.start.year(), p.start.month()));
                out.push((
                    Slot {
                        financial_year,
                        month,
                    },
                    s.pennies(),
                ));
            }
        })?;
        Ok(out)
    }

    fn years(pieces: &Pieces) -> Vec<(i32, i64)> {
        pieces.iter().map(|(s, p)| (s.financial_year, *p)).collect()
    }

    #[test]
    fn a_15_june_year_splits_290_to_75() {
        let c = contract((2024, 6, 15), 12, 100_000_000, (0, 0));
        let got = fast(&c, Granularity::Year).unwrap();
        assert_eq!(years(&got), [(2024, 79_452_055), (2025, 20_547_945)]);
    }

    #[test]
    fn an_eighth_year_at_5_07_percent_needs_256_bits() {
        // £4,999,999.99 from 31 March 2019 for 8 years at 5.07%: growth 10507/10000 has no
        // common factor, and 499,999,999 × 10507^7 × 366 needs 131 bits. Worked with
        // Python's decimal: year 8 is 4,999,999.99 × 1.0507^7 = 7,068,400.1800…, so
        // £7,068,400.18, split 1 : 365 days as £19,365.48 and £7,049,034.70; year 1 (366
        // days with 29 February 2020) gives one day, £13,661.20, to 2018-19.
        let c = contract((2019, 3, 31), 96, 499_999_999, (507, 2));
        assert!(matches!(
            Costs::new(499_999_999, Growth::of(c.uplift).unwrap(), 8),
            Some(Costs::Wide { .. })
        ));
        let got = years(&fast(&c, Granularity::Year).unwrap());
        assert_eq!(got[0], (2018, 1_366_120));
        assert_eq!(got[14..], [(2025, 1_936_548), (2026, 704_903_470)]);
    }

    #[test]
    fn a_29_february_start_with_a_short_last_year() {
        // £1,000 a year at 2.35% from 29 February 2024 for 30 months: anniversaries on
        // 28 February; the third year, 28 February to 28 August 2026, is 182 of 365 days:
        // 1,000 × 1.0235² × 182 / 365 = 522.34 (Python decimal: 522.3364…), split
        // 32 : 150 days as £91.84 and £430.50.
        let c = contract((2024, 2, 29), 30, 100_000, (235, 2));
        let got = years(&fast(&c, Granularity::Year).unwrap());
        assert_eq!(
            got,
            [
                (2023, 8_767),
                (2024, 91_233),
                (2024, 8_973),
                (2025, 93_377),
                (2025, 9_184),
                (2026, 43_050)
            ]
        );
    }

    #[test]
    fn months_split_a_piece_by_days() {
        // £365 from 15 June 2024 for a year: 16 days of June get £16.00, and so on; the
        // piece for 2025-26, 1 April to 14 June 2025, is 30 : 31 : 14 days of £75.
        let c = contract((2024, 6, 15), 12, 36_500, (0, 0));
        let got = fast(&c, Granularity::Month).unwrap();
        assert_eq!(got.len(), 10 + 3);
        assert_eq!(
            got[0],
            (
                Slot {
                    financial_year: 2024,
                    month: Civil::new(2024, 6, 1)
                },
                1_600
            )
        );
        let last: Vec<i64> = got[10..].iter().map(|(_, p)| *p).collect();
        assert_eq!(last, [3_000, 3_100, 1_400]);
        // 10p for 2025-26, whose months have 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28 and
        // 31 days: every share is under a penny (10 × 31 / 365 = 0.849…), so all ten pennies
        // go by remainder: first to the seven 31-day months (310/365), then to the first
        // three of the four 30-day months (300/365): April, June and September, not November.
        let c = contract((2025, 4, 1), 12, 10, (0, 0));
        let got: Vec<i64> = fast(&c, Granularity::Month)
            .unwrap()
            .iter()
            .map(|(_, p)| *p)
            .collect();
        assert_eq!(got, [1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1]);
    }

    #[test]
    fn refuses_what_it_cannot_do_in_integers() {
        // Seven decimal places of uplift.
        assert_eq!(
            fast(&contract((2024, 4, 1), 12, 100, (1, 7)), Granularity::Year),
            None
        );
        // 200 years at 1000% overflows 256 bits; the exact path says it is too large.
        let c = contract((2024, 4, 1), 2400, 100, (1000, 0));
        assert_eq!(fast(&c, Granularity::Year), None);
        assert!(model(&c, Granularity::Year).is_err());
    }

    /// The benchmark register's rows (values to £5m, uplifts to 6.00%, up to 8 years) never
    /// need the exact path.
    #[test]
    fn benchmark_rows_stay_on_the_integer_path() {
        for uplift in 0..=600 {
            let c = contract((2019, 3, 31), 96, 500_000_000, (uplift, 2));
            assert!(fast(&c, Granularity::Month).is_some(), "{uplift}");
        }
    }

    #[test]
    fn divisions_by_days_are_exact() {
        for d in 1..=366u32 {
            let d64 = u64::from(d);
            // Every small number, and around multiples of d up to and past 2^53.
            let near = |k: u64| [k * d64 - 1, k * d64, k * d64 + 1];
            let top = (1u64 << 53) / d64;
            let xs = (0..d64 * 40)
                .chain((1..2000).flat_map(near))
                .chain((top - 2000..top + 2).flat_map(near))
                .chain([u64::MAX / 366, (1 << 53) - 1, 1 << 53]);
            for x in xs {
                assert_eq!(div_days(x, d), (x / d64, x % d64), "{x} / {d}");
            }
        }
    }

    #[test]
    fn small_reciprocals_divide_exactly() {
        for d in 2..=366u32 {
            for x in 0..d * 31 {
                let quot = (u64::from(x) * u64::from(SMALL_RECIPROCALS[d as usize])) >> 32;
                assert_eq!(quot, u64::from(x / d), "{x} / {d}");
            }
        }
    }

    proptest! {
        #[test]
        fn divisions_by_days_are_exact_anywhere(x in 0u64..1 << 54, d in 1u32..=366) {
            prop_assert_eq!(div_days(x, d), (x / u64::from(d), x % u64::from(d)));
        }
    }

    fn start() -> impl Strategy<Value = Civil> {
        let any_day = (0i64..=109_937).prop_map(|d| {
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(d);
            Civil::new(date.year(), date.month(), date.day()).unwrap()
        });
        // Month ends and 29 February, where anniversaries clamp.
        let month_end = (1900i32..=2200, 1u32..=12)
            .prop_map(|(y, m)| Civil::new(y, m, days_in_month(y, m)).unwrap());
        let leap_day = (475i32..=550)
            .prop_map(|q| Civil::new(q * 4, 2, 29).unwrap_or(Civil::new(2024, 2, 29).unwrap()));
        prop_oneof![any_day, month_end, leap_day]
    }

    fn uplift() -> impl Strategy<Value = (i64, u32)> {
        (0u32..=7).prop_flat_map(|scale| {
            let unit = 10i64.pow(scale);
            (-100 * unit + 1..=1000 * unit, Just(scale))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]
        /// To the penny, piece by piece, the same as the exact path, by year and by month;
        /// and where the integer path declines, it gives nothing.
        #[test]
        fn same_pieces_as_the_exact_path(
            start in start(),
            months in prop_oneof![1u32..=132, 1u32..=2400],
            pennies in prop_oneof![0i64..=1_000_000, 1_000_000i64..=500_000_000, 0i64..=100_000_000_000_000_000],
            uplift in prop_oneof![(0i64..=600, Just(2u32)), uplift()],
            month in any::<bool>(),
        ) {
            let c = Contract { start, months, annual_pennies: pennies, uplift: Uplift { mantissa: uplift.0, scale: uplift.1 } };
            let by = if month { Granularity::Month } else { Granularity::Year };
            if let Some(got) = fast(&c, by) {
                prop_assert_eq!(Ok(got), model(&c, by));
            }
        }
    }
}
