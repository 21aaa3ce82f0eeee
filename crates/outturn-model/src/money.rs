//! Money: an amount of pounds held as a `Decimal` with exactly two decimal places.
//!
//! Every reported figure is a `Money`. It is only ever made from whole pennies or by one of
//! the named rounding rules below, so a `Money` is always exact to the penny and never came
//! from a float (there is deliberately no `From<f64>`).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

use rust_decimal::{Decimal, RoundingStrategy};

/// An amount in pounds, exact to the penny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// `Money::from_pennies(123_456)` is £1,234.56.
    pub fn from_pennies(pennies: i64) -> Money {
        Money(Decimal::new(pennies, 2))
    }

    /// Rounds to the penny, half away from zero: the rule for a contract year's cost.
    ///
    /// # Example
    /// £3,706,326.575 is exactly half way between two pennies and becomes £3,706,326.58;
    /// -£0.005 becomes -£0.01 (away from zero, not up); £0.0049999 is below half a penny and
    /// becomes £0.00.
    ///
    /// ```
    /// # use outturn_model::Money;
    /// # use rust_decimal_macros::dec;
    /// assert_eq!(Money::round_half_away(dec!(3706326.575)), Money::from_pennies(370_632_658));
    /// assert_eq!(Money::round_half_away(dec!(-0.005)), Money::from_pennies(-1));
    /// assert_eq!(Money::round_half_away(dec!(0.0049999)), Money::ZERO);
    /// ```
    pub fn round_half_away(amount: Decimal) -> Money {
        let mut d = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        d.rescale(2);
        Money(d)
    }

    /// The amount if it is already whole pennies (`£589,294.20`), `None` if rounding would be
    /// needed (`£0.005`): used where an input must not be silently rounded.
    ///
    /// ```
    /// # use outturn_model::Money;
    /// # use rust_decimal_macros::dec;
    /// assert_eq!(Money::exact(dec!(589294.2)), Some(Money::from_pennies(58_929_420)));
    /// assert_eq!(Money::exact(dec!(0.005)), None);
    /// ```
    pub fn exact(amount: Decimal) -> Option<Money> {
        let m = Money::round_half_away(amount);
        (m.0 == amount).then_some(m)
    }

    pub fn pennies(self) -> i64 {
        // Invariant: the scale is always 2 and amounts are validated far below i64::MAX
        // pennies, so the mantissa is the number of pennies.
        self.0.mantissa() as i64
    }

    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Plain form for CSV: `1300000.00`, `-1000000.00`; no symbol, no separators.
    pub fn plain(self) -> String {
        format!("{:.2}", self.0)
    }

    /// Short form for prose: `£3.9m`, `£414m`, `£589k`, `£950.00`.
    ///
    /// Millions are shown to one decimal place (dropping a `.0`), thousands to none; below
    /// £1,000 the full amount is shown. It is a display of the figure, never used to compute.
    pub fn short(self) -> String {
        let sign = if self.is_negative() { "-" } else { "" };
        let abs = self.0.abs();
        let (scaled, suffix) = if abs >= Decimal::from(1_000_000) {
            (
                (abs / Decimal::from(1_000_000))
                    .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero),
                "m",
            )
        } else if abs >= Decimal::from(1_000) {
            (
                (abs / Decimal::from(1_000))
                    .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero),
                "k",
            )
        } else {
            return format!("{sign}£{abs:.2}");
        };
        format!("{sign}£{}{suffix}", scaled.normalize())
    }
}

/// `£1,234,567.89`, and `-£1,000,000.00` for a negative amount.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.is_negative() { "-" } else { "" };
        let plain = format!("{:.2}", self.0.abs());
        let (whole, pennies) = plain.split_at(plain.len() - 3);
        write!(f, "{sign}£{}{pennies}", group_thousands(whole))
    }
}

/// `1234567` becomes `1,234,567`.
pub fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(
            Money::round_half_away(dec!(3706326.575)).to_string(),
            "£3,706,326.58"
        );
        assert_eq!(Money::round_half_away(dec!(0.005)).plain(), "0.01");
        assert_eq!(Money::round_half_away(dec!(-0.005)).plain(), "-0.01");
        assert_eq!(Money::round_half_away(dec!(0.0049999)).plain(), "0.00");
        assert_eq!(Money::round_half_away(dec!(1300000)).plain(), "1300000.00");
    }

    #[test]
    fn exact_refuses_fractions_of_a_penny() {
        assert_eq!(
            Money::exact(dec!(589294.2)),
            Some(Money::from_pennies(58_929_420))
        );
        assert_eq!(Money::exact(dec!(0.005)), None);
    }

    #[test]
    fn displays_in_full_and_short() {
        assert_eq!(
            Money::from_pennies(123_456_789).to_string(),
            "£1,234,567.89"
        );
        assert_eq!(
            Money::from_pennies(-100_000_000).to_string(),
            "-£1,000,000.00"
        );
        assert_eq!(Money::from_pennies(5).to_string(), "£0.05");
        assert_eq!(Money::from_pennies(390_000_000).short(), "£3.9m");
        assert_eq!(Money::from_pennies(41_400_000_000).short(), "£414m");
        assert_eq!(Money::from_pennies(10_964_383_562).short(), "£109.6m");
        assert_eq!(Money::from_pennies(58_929_420).short(), "£589k");
        assert_eq!(Money::from_pennies(-100_000_000).short(), "-£1m");
        assert_eq!(Money::from_pennies(95_000).short(), "£950.00");
    }
}
