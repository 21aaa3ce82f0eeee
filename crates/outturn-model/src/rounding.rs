//! Payment-system rounding of rates: after an uplift, a rate is rounded to a multiple of a
//! stated step, because the system that pays it can only pay such rates.
//!
//! City of Wolverhampton Council pays hourly care in quarter hours and care homes by the day,
//! so "rates for care homes need to be divisible by 7 and for hourly rates by 4" (Cabinet
//! (Resources) Panel, *Care and Support Provider Fee Review 2022/2023*): an hourly rate is a
//! whole number of 4p steps (1p a quarter hour), a weekly rate of 7p steps (1p a day). Its
//! 2025-26 review rounds **up**: homecare £20.28 × 1.066 = £21.61848, which is 540.462 steps
//! of 4p, up to 541 steps, £21.64 as printed (to the nearest step it would be £21.60).
//!
//! The rule works in whole steps, exactly: divide by the step, round the quotient to a whole
//! number in the stated direction, multiply back. A rate already on a step stays as it is.
//! Rates are never negative (the reader refuses one), so "up" is always away from zero.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::ModelError;

/// Which way a rate between two steps goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// To the nearer step; exactly half way goes up (away from zero).
    Nearest,
    Up,
    Down,
}

impl Direction {
    pub const ALL: [Direction; 3] = [Direction::Nearest, Direction::Up, Direction::Down];

    pub fn parse(text: &str) -> Option<Direction> {
        Direction::ALL.into_iter().find(|d| d.to_string() == text)
    }

    fn strategy(self) -> RoundingStrategy {
        match self {
            Direction::Nearest => RoundingStrategy::MidpointAwayFromZero,
            Direction::Up => RoundingStrategy::AwayFromZero,
            Direction::Down => RoundingStrategy::ToZero,
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::Nearest => "nearest",
            Direction::Up => "up",
            Direction::Down => "down",
        })
    }
}

/// A rate rounded to a multiple of `step` (in pounds: £0.04, £0.07, £1) in `direction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateRounding {
    pub step: Decimal,
    pub direction: Direction,
}

impl RateRounding {
    /// `rate` rounded to a multiple of the step.
    ///
    /// # Example
    /// Wolverhampton's 2025-26 homecare rate: £20.28 × 1.066 = £21.61848 = 540.462 steps of
    /// 4p; up, 541 steps = £21.64 (to the nearest step, 540 = £21.60; down, also £21.60).
    /// A weekly rate of £746.20 is 10,660 steps of 7p exactly, so it stays.
    ///
    /// ```
    /// # use outturn_model::rounding::{Direction, RateRounding};
    /// # use rust_decimal_macros::dec;
    /// let up = RateRounding { step: dec!(0.04), direction: Direction::Up };
    /// assert_eq!(up.apply(dec!(20.28) * dec!(1.066))?, dec!(21.64));
    /// let nearest = RateRounding { direction: Direction::Nearest, ..up };
    /// assert_eq!(nearest.apply(dec!(21.61848))?, dec!(21.60));
    /// let weekly = RateRounding { step: dec!(0.07), direction: Direction::Up };
    /// assert_eq!(weekly.apply(dec!(746.20))?, dec!(746.20));
    /// # Ok::<(), outturn_model::ModelError>(())
    /// ```
    ///
    /// # Errors
    /// A rate too large for a `Decimal` once multiplied back ([`ModelError::Overflow`]).
    pub fn apply(&self, rate: Decimal) -> Result<Decimal, ModelError> {
        let steps = (rate / self.step).round_dp_with_strategy(0, self.direction.strategy());
        let rounded = steps.checked_mul(self.step).ok_or(ModelError::Overflow)?;
        Ok(rounded)
    }
}

/// One uplift date's step of a rounded rate: the rate before, the increase (a fraction: 0.066
/// for 6.6%, of the rate before, or of the base with simple uplift), the exact uplifted rate
/// and the rate the payment system pays from then on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateStep {
    pub from: Decimal,
    pub increase: Decimal,
    pub exact: Decimal,
    pub rounded: Decimal,
}

/// The rate paid after each uplift date: each date's increase is added to the rate paid
/// until then and the result rounded ([`RateRounding::apply`]), as a payment system re-prices
/// from the rate it pays. `increases` are the increase at each date as a fraction of `base`
/// (simple uplift) or of the rate paid until then (compound): see
/// [`crate::scenario::Compounding`].
///
/// # Example
/// £20.00 an hour, 3% a year compounding, rounded up to 4p: 20.00 × 1.03 = 20.60 (on a step);
/// 20.60 × 1.03 = 21.218 → £21.24. Simple (3% of the base each year): 20.60 + 0.60 = 21.20,
/// on a step.
///
/// ```
/// # use outturn_model::rounding::{rounded_rates, Direction, RateRounding};
/// # use rust_decimal_macros::dec;
/// let up = RateRounding { step: dec!(0.04), direction: Direction::Up };
/// let compound = rounded_rates(dec!(20.00), &[dec!(0.03), dec!(0.03)], false, up)?;
/// let paid: Vec<_> = compound.iter().map(|s| s.rounded).collect();
/// assert_eq!(paid, [dec!(20.60), dec!(21.24)]);
/// let simple = rounded_rates(dec!(20.00), &[dec!(0.03), dec!(0.03)], true, up)?;
/// assert_eq!(simple[1].exact, dec!(21.20));
/// assert_eq!(simple[1].rounded, dec!(21.20));
/// # Ok::<(), outturn_model::ModelError>(())
/// ```
///
/// # Errors
/// A rate too large for a `Decimal` ([`ModelError::Overflow`]).
pub fn rounded_rates(
    base: Decimal,
    increases: &[Decimal],
    simple: bool,
    rounding: RateRounding,
) -> Result<Vec<RateStep>, ModelError> {
    let mut paid = base;
    let mut steps = Vec::with_capacity(increases.len());
    for &increase in increases {
        let of = if simple { base } else { paid };
        let exact = of
            .checked_mul(increase)
            .and_then(|x| paid.checked_add(x))
            .ok_or(ModelError::Overflow)?;
        let rounded = rounding.apply(exact)?;
        steps.push(RateStep {
            from: paid,
            increase,
            exact,
            rounded,
        });
        paid = rounded;
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    //! Printed rates from City of Wolverhampton Council's fee reviews, worked independently in
    //! `docs/research/01-payment-rounding.py` (Python `decimal`, ROUND_CEILING to 4p).
    use super::*;
    use rust_decimal_macros::dec;

    const UP_4P: RateRounding = RateRounding {
        step: dec!(0.04),
        direction: Direction::Up,
    };

    #[test]
    fn every_printed_wolverhampton_rate_is_reproduced_rounding_up_to_4p() {
        // (current, uplift %, printed proposed)
        for (current, uplift, printed) in [
            (dec!(20.28), dec!(6.60), dec!(21.64)),
            (dec!(21.68), dec!(6.60), dec!(23.12)),
            (dec!(19.36), dec!(6.60), dec!(20.64)),
            (dec!(14.08), dec!(9.91), dec!(15.48)),
            (dec!(17.24), dec!(9.33), dec!(18.88)),
            (dec!(15.84), dec!(6.3), dec!(16.84)),
            (dec!(17.44), dec!(3.2), dec!(18.00)),
            (dec!(15.12), dec!(6.3), dec!(16.08)),
            (dec!(10.76), dec!(6.3), dec!(11.44)),
        ] {
            let steps = rounded_rates(current, &[uplift / dec!(100)], false, UP_4P).unwrap();
            assert_eq!(steps[0].rounded, printed, "{current} + {uplift}%");
        }
    }

    #[test]
    fn nearest_and_down_differ_where_the_paper_shows_up() {
        // 17.24 × 1.0933 = 18.848492: 471.2123 steps; nearest 471 = 18.84, up 472 = 18.88.
        let exact = dec!(17.24) * dec!(1.0933);
        assert_eq!(exact, dec!(18.848492));
        let nearest = RateRounding {
            direction: Direction::Nearest,
            ..UP_4P
        };
        let down = RateRounding {
            direction: Direction::Down,
            ..UP_4P
        };
        assert_eq!(nearest.apply(exact).unwrap(), dec!(18.84));
        assert_eq!(down.apply(exact).unwrap(), dec!(18.84));
        assert_eq!(UP_4P.apply(exact).unwrap(), dec!(18.88));
        // Exactly half way (21.62 is 540.5 steps) goes up to the nearer-by-convention step.
        assert_eq!(nearest.apply(dec!(21.62)).unwrap(), dec!(21.64));
    }

    #[test]
    fn whole_pounds_and_7p_steps() {
        let pound = RateRounding {
            step: dec!(1),
            direction: Direction::Nearest,
        };
        assert_eq!(pound.apply(dec!(412.50)).unwrap(), dec!(413));
        assert_eq!(pound.apply(dec!(412.49)).unwrap(), dec!(412));
        let week = RateRounding {
            step: dec!(0.07),
            direction: Direction::Up,
        };
        // 700 × 1.031 = 721.70 = 10,310 steps of 7p exactly; 721.71 goes up to 721.77.
        assert_eq!(week.apply(dec!(721.70)).unwrap(), dec!(721.7));
        assert_eq!(week.apply(dec!(721.71)).unwrap(), dec!(721.77));
    }
}
