//! The largest total Outturn reports, and the check that keeps every sum of pennies within it.
//!
//! An amount read is at most £10^15 (the readers refuse more), but totals add many of them:
//! £10^15 a year for 100 years is £10^17, 10^19 pennies, past what an `i64` holds
//! (9.2 × 10^18), where a plain sum wraps round to a negative total. So amounts whose sizes
//! add up to more than £10^16 are refused. Within that, every total of them — whole life, by
//! year, by line, any selection — is at most 10^18 pennies whatever their signs, and can be
//! added as `i64` anywhere after the check without overflow.
//!
//! # Example
//! £10^15 a year for 10 years is £10^16: accepted. For 11 years, £1.1 × 10^16: refused.
//! A saving of -£6 × 10^15 against a cost of £6 × 10^15 is refused too, though they net to
//! nothing: the sizes add up to £1.2 × 10^16, and a total over the cost alone would pass the
//! limit.

use outturn_model::projection::Projection;
use outturn_model::Money;

/// £10,000,000,000,000,000 (10^16) in pennies.
pub const LARGEST_TOTAL_PENNIES: i64 = 1_000_000_000_000_000_000;

/// The refusal, for any command that totals amounts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the amounts add up to more than {}, the largest total Outturn reports; check the amounts, uplifts and terms", Money::from_pennies(LARGEST_TOTAL_PENNIES))]
pub struct PastTheLimit;

/// Checks that amounts in pennies add up, in size, to at most the largest total.
///
/// # Errors
/// [`PastTheLimit`] when they add up to more.
pub fn within_limit(pennies: impl IntoIterator<Item = i64>) -> Result<(), PastTheLimit> {
    let mut size: i128 = 0;
    for p in pennies {
        // Each size is below 2^63, so the running sum stays far inside an i128 until it
        // passes the limit, where it stops.
        size += i128::from(p).abs();
        if size > i128::from(LARGEST_TOTAL_PENNIES) {
            return Err(PastTheLimit);
        }
    }
    Ok(())
}

/// Checks a size already added up: the sizes of every piece of a total (a portfolio's, a
/// register simulation's), each added as it was made.
///
/// # Errors
/// [`PastTheLimit`] when it is more than the largest total.
pub fn size_within_limit(size: u128) -> Result<(), PastTheLimit> {
    if size > u128::from(LARGEST_TOTAL_PENNIES.unsigned_abs()) {
        return Err(PastTheLimit);
    }
    Ok(())
}

/// Checks every amount of a projection.
///
/// # Errors
/// [`PastTheLimit`] when its amounts add up, in size, to more than the largest total.
pub fn projection_within_limit(projection: &Projection) -> Result<(), PastTheLimit> {
    within_limit(projection.rows.iter().map(|r| r.amount.pennies()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const POUND: i64 = 100;
    const E15: i64 = 1_000_000_000_000_000 * POUND;

    #[test]
    fn the_examples() {
        assert_eq!(within_limit(vec![E15; 10]), Ok(()));
        assert_eq!(within_limit(vec![E15; 11]), Err(PastTheLimit));
        assert_eq!(within_limit([6 * E15, -6 * E15]), Err(PastTheLimit));
        // A hundred years at the input limit would wrap an i64 sum to a negative total.
        assert!(E15.checked_mul(100).is_none());
        assert_eq!(within_limit(vec![E15; 100]), Err(PastTheLimit));
        assert_eq!(
            within_limit([i64::MAX, i64::MAX, i64::MIN]),
            Err(PastTheLimit)
        );
    }

    #[test]
    fn the_message_names_the_limit() {
        assert_eq!(
            PastTheLimit.to_string(),
            "the amounts add up to more than £10,000,000,000,000,000.00, the largest total Outturn reports; check the amounts, uplifts and terms"
        );
    }
}
