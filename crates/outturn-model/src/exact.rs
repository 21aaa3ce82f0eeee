//! Exact pro-rata costs: `annual × price and growth factors × days / full days`, rounded once.
//!
//! A `Decimal` holds 28 significant digits, and a compounded uplift factor outgrows that
//! (1.0235 to the 7th power has 28 decimal places), so the cost of a contract year is
//! computed exactly, as a fraction of integers, and rounded only at the end. The fast path
//! uses 128-bit integers; on overflow the same fraction is evaluated with big integers. The
//! result is identical either way: there is no approximation anywhere.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive};
use rust_decimal::Decimal;

use crate::money::Money;

/// `annual × Π factors × days / full_days`, rounded to the penny half away from zero.
///
/// Returns `None` only if the result does not fit in `Money` (more than ~£9e16), which
/// validation of inputs rules out.
///
/// # Example
/// Pro rata by days: £7,392,400 for 183 of a contract year's 365 days is
/// 7,392,400 × 183 / 365 = 3,706,326.5753…, which rounds to £3,706,326.58. Compound uplift:
/// £100,000 in its third full year at 3% a year is 100,000 × 1.03 × 1.03 = £106,090.00.
/// Beyond a `Decimal`'s 28 digits: £1,834,421.07 × 1.0235⁷ = 2,158,310.6762…, so
/// £2,158,310.68, though the factor alone has 28 decimal places.
///
/// ```
/// # use outturn_model::{exact::prorated, Money};
/// # use rust_decimal_macros::dec;
/// assert_eq!(prorated(dec!(7392400), &[], 183, 365), Some(Money::from_pennies(370_632_658)));
/// let three_percent = [dec!(1.03); 2];
/// assert_eq!(prorated(dec!(100000), &three_percent, 365, 365), Some(Money::from_pennies(10_609_000)));
/// assert_eq!(
///     prorated(dec!(1834421.07), &[dec!(1.0235); 7], 365, 365),
///     Some(Money::from_pennies(215_831_068))
/// );
/// ```
pub fn prorated(annual: Decimal, factors: &[Decimal], days: u32, full_days: u32) -> Option<Money> {
    prorated_to(annual, factors, days, full_days, 1)
}

/// [`prorated`] rounded to a whole number of `unit` pennies (100: whole pounds) instead of
/// to the penny, half away from zero, in one step (never rounded to the penny first).
///
/// # Example
/// £1,000.50 × 1.03 = £1,030.515: to the penny £1,030.52, to the pound £1,031. £100 a year
/// for 1 of 3 equal parts is £33.333…: to the pound £33.
///
/// ```
/// # use outturn_model::{exact::prorated_to, Money};
/// # use rust_decimal_macros::dec;
/// assert_eq!(prorated_to(dec!(1000.50), &[dec!(1.03)], 1, 1, 1), Some(Money::from_pennies(103_052)));
/// assert_eq!(prorated_to(dec!(1000.50), &[dec!(1.03)], 1, 1, 100), Some(Money::from_pennies(103_100)));
/// assert_eq!(prorated_to(dec!(100), &[], 1, 3, 100), Some(Money::from_pennies(3_300)));
/// ```
pub fn prorated_to(
    annual: Decimal,
    factors: &[Decimal],
    days: u32,
    full_days: u32,
    unit: i64,
) -> Option<Money> {
    let units = fast(annual, factors, days, full_days, unit)
        .or_else(|| big(annual, factors, days, full_days, unit))?;
    Some(Money::from_pennies(units.checked_mul(unit)?))
}

/// `annual × Π factors × days / full_days` exactly, in pounds, not rounded: for a line whose
/// sum is rounded once ([`crate::scenario::RoundingOrder::Once`]).
///
/// # Example
/// £100 a year for 1 of 3 equal parts is exactly 100/3 pounds.
///
/// ```
/// # use outturn_model::exact::fraction;
/// # use num_rational::BigRational;
/// # use rust_decimal_macros::dec;
/// let third = fraction(dec!(100), &[], 1, 3);
/// assert_eq!(third, BigRational::new(100.into(), 3.into()));
/// ```
pub fn fraction(annual: Decimal, factors: &[Decimal], days: u32, full_days: u32) -> BigRational {
    let (mantissas, scale) = parts(annual, factors);
    let mut num = BigInt::from(days);
    for m in mantissas {
        num *= m;
    }
    let den = BigInt::from(full_days) * BigInt::from(10).pow(scale);
    BigRational::new(num, den)
}

/// `pounds` rounded half away from zero to a whole number of `unit` pennies (100: pounds).
///
/// # Example
/// 100/3 pounds: to the penny £33.33, to the pound £33; 201/2 pounds to the pound: £101.
///
/// ```
/// # use outturn_model::{exact::round_fraction, Money};
/// # use num_rational::BigRational;
/// let third = BigRational::new(100.into(), 3.into());
/// assert_eq!(round_fraction(&third, 1), Some(Money::from_pennies(3_333)));
/// assert_eq!(round_fraction(&third, 100), Some(Money::from_pennies(3_300)));
/// let half = BigRational::new(201.into(), 2.into());
/// assert_eq!(round_fraction(&half, 100), Some(Money::from_pennies(10_100)));
/// ```
pub fn round_fraction(pounds: &BigRational, unit: i64) -> Option<Money> {
    let units = pounds * BigInt::from(100) / BigInt::from(unit);
    let (q, r) = units.numer().div_rem(units.denom());
    let q = if r.abs() * 2u32 >= *units.denom() {
        q + units.numer().signum()
    } else {
        q
    };
    Some(Money::from_pennies(q.to_i64()?.checked_mul(unit)?))
}

/// The fraction's numerator mantissas and its power of ten.
fn parts(annual: Decimal, factors: &[Decimal]) -> (impl Iterator<Item = i128> + '_, u32) {
    let scale = annual.scale() + factors.iter().map(|f| f.scale()).sum::<u32>();
    let mantissas = std::iter::once(annual.mantissa()).chain(factors.iter().map(|f| f.mantissa()));
    (mantissas, scale)
}

/// The result in whole `unit`s (pennies when `unit` is 1), or `None` on overflow.
fn fast(annual: Decimal, factors: &[Decimal], days: u32, full_days: u32, unit: i64) -> Option<i64> {
    let (mantissas, scale) = parts(annual, factors);
    let mut num: i128 = i128::from(days);
    for m in mantissas {
        num = num.checked_mul(m)?;
    }
    // Pennies = num / (10^(scale - 2) × full_days); a scale below 2 moves to the numerator.
    let mut den = i128::from(full_days).checked_mul(i128::from(unit))?;
    if scale >= 2 {
        den = den.checked_mul(10i128.checked_pow(scale - 2)?)?;
    } else {
        num = num.checked_mul(10i128.pow(2 - scale))?;
    }
    let (q, r) = (num / den, num % den);
    // Half away from zero: round up the magnitude when the remainder is at least half.
    // Compared as `r >= den - r` so that doubling the remainder cannot overflow.
    let q = if r.abs() >= den - r.abs() {
        q + num.signum()
    } else {
        q
    };
    i64::try_from(q).ok()
}

fn big(annual: Decimal, factors: &[Decimal], days: u32, full_days: u32, unit: i64) -> Option<i64> {
    let (mantissas, scale) = parts(annual, factors);
    let mut num = BigInt::from(days);
    for m in mantissas {
        num *= m;
    }
    let mut den = BigInt::from(full_days) * unit;
    if scale >= 2 {
        den *= BigInt::from(10).pow(scale - 2);
    } else {
        num *= BigInt::from(10).pow(2 - scale);
    }
    let (q, r) = num.div_rem(&den);
    let q = if r.abs() * 2u32 >= den {
        q + num.signum()
    } else {
        q
    };
    q.to_i64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn part_year_rounds_half_away() {
        let m = prorated(dec!(7392400), &[], 183, 365).unwrap();
        assert_eq!(m.plain(), "3706326.58");
        let m = prorated(dec!(7392400), &[], 182, 365).unwrap();
        assert_eq!(m.plain(), "3686073.42");
    }

    #[test]
    fn compounding_beyond_decimal_precision_is_exact() {
        // 1,834,421.07 × 1.0235^7: the factor alone has 28 decimal places. Worked with
        // Python's decimal at 100 digits: 2,158,310.6762553…, so £2,158,310.68.
        let f = dec!(1.0235);
        let m = prorated(dec!(1834421.07), &[f; 7], 365, 365).unwrap();
        assert_eq!(m.plain(), "2158310.68");
    }

    #[test]
    fn fast_and_big_paths_agree() {
        let f = dec!(1.0599);
        for k in 0..12 {
            let factors = vec![f; k];
            for (days, full) in [(365, 365), (100, 366), (1, 365), (200, 365)] {
                let big_m = big(dec!(4999999.99), &factors, days, full, 1);
                if let Some(fast_m) = fast(dec!(4999999.99), &factors, days, full, 1) {
                    assert_eq!(Some(fast_m), big_m, "k={k} days={days}/{full}");
                }
            }
        }
    }

    #[test]
    fn exact_half_pennies_round_away_on_both_paths() {
        // £0.01 × 1.5 = £0.015 exactly: a true tie, rounded away from zero to £0.02.
        assert_eq!(fast(dec!(0.01), &[dec!(1.5)], 1, 1, 1), Some(2));
        assert_eq!(big(dec!(0.01), &[dec!(1.5)], 1, 1, 1), Some(2));
        assert_eq!(fast(dec!(-0.01), &[dec!(1.5)], 1, 1, 1), Some(-2));
        // £0.50 exactly is half a pound: away from zero, £1; on both paths.
        assert_eq!(fast(dec!(0.50), &[], 1, 1, 100), Some(1));
        assert_eq!(big(dec!(-0.50), &[], 1, 1, 100), Some(-1));
    }
}
