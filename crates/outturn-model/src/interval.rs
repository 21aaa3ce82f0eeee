//! Intervals of exact numbers: what a printed figure can stand for, and what a relation
//! between printed figures can give.
//!
//! A figure printed as `£4.9m` is any amount that rounds to it: £4,850,000 to £4,950,000. The
//! rule of XBRL Calculations 1.1 is that figures agree when the interval of the computed
//! figure (worked from the operands' intervals) meets the interval of the stated one. The ends
//! are exact fractions (`BigRational`), not `Decimal`s: a ratio such as 73 / 2,247 has no exact
//! decimal, and a verdict must not depend on where a division was cut off. Ends are closed, as
//! in XBRL: a figure exactly halfway between two printed values meets both.
//!
//! An end may be open-ended (`None`): "up to £2m" is every figure at most £2m.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive};
use rust_decimal::Decimal;

/// A closed interval of exact numbers; an end of `None` is unbounded on that side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interval {
    pub lo: Option<BigRational>,
    pub hi: Option<BigRational>,
}

/// An exact number from a decimal.
pub fn rational(x: Decimal) -> BigRational {
    BigRational::new(
        BigInt::from(x.mantissa()),
        BigInt::from(10u32).pow(x.scale()),
    )
}

/// Which way a rational is rounded to a decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Round {
    Down,
    Up,
    /// To the nearest, half away from zero.
    Nearest,
}

/// `x` to `dp` decimal places, rounded as asked; `None` when it is beyond a `Decimal`.
///
/// # Example
/// 73 / 2,247 = 0.0324877…: down to four places it is 0.0324, up 0.0325, nearest 0.0325.
///
/// ```
/// # use outturn_model::interval::{decimal, Round};
/// # use num_rational::BigRational;
/// # use rust_decimal_macros::dec;
/// let x = BigRational::new(73.into(), 2247.into());
/// assert_eq!(decimal(&x, 4, Round::Down), Some(dec!(0.0324)));
/// assert_eq!(decimal(&x, 4, Round::Up), Some(dec!(0.0325)));
/// assert_eq!(decimal(&x, 4, Round::Nearest), Some(dec!(0.0325)));
/// ```
pub fn decimal(x: &BigRational, dp: u32, round: Round) -> Option<Decimal> {
    let scaled = x * BigRational::from_integer(BigInt::from(10u32).pow(dp));
    let n = match round {
        Round::Down => scaled.floor().to_integer(),
        Round::Up => scaled.ceil().to_integer(),
        Round::Nearest => {
            let (q, r) = scaled.numer().div_rem(scaled.denom());
            if r.abs() * 2u32 >= *scaled.denom() {
                q + scaled.numer().signum()
            } else {
                q
            }
        }
    };
    Decimal::try_from_i128_with_scale(n.to_i128()?, dp).ok()
}

impl Interval {
    /// A figure known exactly.
    pub fn point(x: Decimal) -> Interval {
        let x = rational(x);
        Interval {
            lo: Some(x.clone()),
            hi: Some(x),
        }
    }

    /// `x ± half`: a figure printed to a precision of `2 × half`.
    pub fn around(x: Decimal, half: Decimal) -> Interval {
        let (x, half) = (rational(x), rational(half.abs()));
        Interval {
            lo: Some(&x - &half),
            hi: Some(x + half),
        }
    }

    /// Every number: what a ratio gives when its divisor could be zero.
    pub fn everything() -> Interval {
        Interval { lo: None, hi: None }
    }

    /// Everything up to this interval's top: "up to £2m".
    pub fn at_most(self) -> Interval {
        Interval {
            lo: None,
            hi: self.hi,
        }
    }

    /// Everything from this interval's bottom: "over £1m".
    pub fn at_least(self) -> Interval {
        Interval {
            lo: self.lo,
            hi: None,
        }
    }

    /// The sum of a figure from each interval.
    pub fn add(&self, other: &Interval) -> Interval {
        Interval {
            lo: both(&self.lo, &other.lo, |a, b| a + b),
            hi: both(&self.hi, &other.hi, |a, b| a + b),
        }
    }

    pub fn neg(&self) -> Interval {
        Interval {
            lo: self.hi.as_ref().map(|x| -x),
            hi: self.lo.as_ref().map(|x| -x),
        }
    }

    /// A figure from this interval less one from `other`.
    pub fn sub(&self, other: &Interval) -> Interval {
        self.add(&other.neg())
    }

    /// The product of a figure from each: the least and greatest of the corner products
    /// (multiplication is monotone in each operand once its sign is fixed). An unbounded
    /// operand gives an unbounded product.
    pub fn mul(&self, other: &Interval) -> Interval {
        let (Some(a), Some(b), Some(c), Some(d)) = (&self.lo, &self.hi, &other.lo, &other.hi)
        else {
            return Interval::everything();
        };
        let corners = [a * c, a * d, b * c, b * d];
        Interval {
            lo: corners.iter().min().cloned(),
            hi: corners.iter().max().cloned(),
        }
    }

    /// A figure from this interval divided by one from `other`: everything when `other`
    /// holds zero (the quotient is then unbounded), else `self × [1/d, 1/c]`.
    pub fn div(&self, other: &Interval) -> Interval {
        match (&other.lo, &other.hi) {
            (Some(c), Some(d)) if c.is_positive() || d.is_negative() => self.mul(&Interval {
                lo: Some(d.recip()),
                hi: Some(c.recip()),
            }),
            _ => Interval::everything(),
        }
    }

    /// Each end multiplied by a positive constant.
    pub fn scale(&self, k: &BigRational) -> Interval {
        Interval {
            lo: self.lo.as_ref().map(|x| x * k),
            hi: self.hi.as_ref().map(|x| x * k),
        }
    }

    /// Each end moved by a constant.
    pub fn shift(&self, k: &BigRational) -> Interval {
        Interval {
            lo: self.lo.as_ref().map(|x| x + k),
            hi: self.hi.as_ref().map(|x| x + k),
        }
    }

    /// Whether some number is in both: the XBRL rule for figures that agree.
    pub fn meets(&self, other: &Interval) -> bool {
        self.gap(other).is_none()
    }

    /// How far apart two intervals that do not meet are; `None` when they meet.
    pub fn gap(&self, other: &Interval) -> Option<BigRational> {
        let below = |hi: &Option<BigRational>, lo: &Option<BigRational>| match (hi, lo) {
            (Some(h), Some(l)) if h < l => Some(l - h),
            _ => None,
        };
        below(&self.hi, &other.lo).or_else(|| below(&other.hi, &self.lo))
    }

    /// The interval with its ends rounded outward to `dp` places, for showing: the shown
    /// range always holds the exact one.
    pub fn shown(&self, dp: u32) -> (Option<Decimal>, Option<Decimal>) {
        (
            self.lo.as_ref().and_then(|x| decimal(x, dp, Round::Down)),
            self.hi.as_ref().and_then(|x| decimal(x, dp, Round::Up)),
        )
    }
}

fn both(
    a: &Option<BigRational>,
    b: &Option<BigRational>,
    f: impl Fn(&BigRational, &BigRational) -> BigRational,
) -> Option<BigRational> {
    Some(f(a.as_ref()?, b.as_ref()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn iv(lo: Decimal, hi: Decimal) -> Interval {
        Interval {
            lo: Some(rational(lo)),
            hi: Some(rational(hi)),
        }
    }

    #[test]
    fn printed_figures_are_their_rounding_intervals() {
        // £4.9m printed to the nearest £0.1m: £4.85m to £4.95m.
        assert_eq!(
            Interval::around(dec!(4900000), dec!(50000)),
            iv(dec!(4850000), dec!(4950000))
        );
    }

    /// Case 26 of the paper corpus: 0.7 - 0.1 + 1.1 "is" 1.6 once each is read to £0.1m.
    #[test]
    fn rounded_parts_meet_a_rounded_total() {
        let half = dec!(0.05);
        let sum = Interval::around(dec!(0.7), half)
            .add(&Interval::around(dec!(-0.1), half))
            .add(&Interval::around(dec!(1.1), half));
        assert_eq!(sum, iv(dec!(1.55), dec!(1.85)));
        assert!(sum.meets(&Interval::around(dec!(1.6), half)));
        assert!(!sum.meets(&Interval::around(dec!(1.4), half)));
        assert_eq!(
            sum.gap(&Interval::around(dec!(1.4), half)),
            Some(rational(dec!(0.1)))
        );
    }

    #[test]
    fn products_and_quotients_take_the_corners() {
        let a = iv(dec!(-2), dec!(3));
        let b = iv(dec!(4), dec!(5));
        assert_eq!(a.mul(&b), iv(dec!(-10), dec!(15)));
        // 72.5 / 2,247.5 to 73.5 / 2,246.5: case 21's 3.3% needs both ends.
        let q = iv(dec!(72.5), dec!(73.5)).div(&iv(dec!(2246.5), dec!(2247.5)));
        assert_eq!(q.shown(6), (Some(dec!(0.032258)), Some(dec!(0.032718))));
        assert_eq!(a.div(&iv(dec!(-1), dec!(1))), Interval::everything());
    }

    #[test]
    fn one_sided_figures_are_half_lines() {
        let up_to = Interval::point(dec!(10)).at_most();
        assert!(up_to.meets(&Interval::point(dec!(10))));
        assert!(up_to.meets(&Interval::point(dec!(-1000))));
        assert!(!up_to.meets(&Interval::point(dec!(10.01))));
        let over = Interval::around(dec!(86), dec!(0.5)).at_least();
        assert!(over.meets(&Interval::point(dec!(85.5))));
        assert!(!over.meets(&Interval::point(dec!(85.49))));
    }

    #[test]
    fn decimals_round_each_way() {
        let x = BigRational::new((-7).into(), 3.into());
        assert_eq!(decimal(&x, 2, Round::Down), Some(dec!(-2.34)));
        assert_eq!(decimal(&x, 2, Round::Up), Some(dec!(-2.33)));
        assert_eq!(decimal(&x, 2, Round::Nearest), Some(dec!(-2.33)));
        let half = BigRational::new((-1).into(), 8.into());
        assert_eq!(decimal(&half, 2, Round::Nearest), Some(dec!(-0.13)));
    }
}
