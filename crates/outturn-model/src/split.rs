//! Splitting an amount into pieces that add back to it exactly: the largest-remainder rule.
//!
//! Whenever Outturn divides an amount (a contract year across financial years, a year across
//! months, a cost across budgets) it uses [`split`]. Each piece is first rounded toward zero
//! to the penny; the pennies left over then go one each to the pieces with the largest
//! remainders, the earlier piece first on a tie. The pieces therefore always add back to
//! the whole, to the penny.
//!
//! Worked example: £138,000,000.00 split 290 : 75 days (15 June 2024 to 14 June 2025 across
//! 2024-25 and 2025-26). Exactly, the pieces are £109,643,835.616… and £28,356,164.383…;
//! rounded toward zero they are £109,643,835.61 and £28,356,164.38, one penny short. The
//! first piece has the larger remainder (0.616… against 0.383… of a penny), so it takes the
//! penny: £109,643,835.62 + £28,356,164.38 = £138,000,000.00.

use crate::money::Money;

/// Splits `whole` in proportion to `weights` by the largest-remainder rule.
///
/// Weights are whole numbers (days, or amounts in a common unit). Returns `None` if the
/// weights add up to zero, since no proportion is then defined.
///
/// # Properties
/// - the pieces add up to `whole` exactly;
/// - every piece has the sign of `whole` (or is zero) and is within a penny of its exact share;
/// - a zero weight gets a zero piece.
///
/// # Example
/// The module's worked example, £138,000,000.00 split 290 : 75 days; then 10p in three equal
/// parts, 3.33…p each: one penny is left and the remainders tie, so the earliest piece takes
/// it; -10p splits the same way, toward zero.
///
/// ```
/// # use outturn_model::{split::split, Money};
/// let pennies = |whole, weights: &[u64]| -> Vec<i64> {
///     split(Money::from_pennies(whole), weights)
///         .expect("weights above zero")
///         .iter()
///         .map(|m| m.pennies())
///         .collect()
/// };
/// assert_eq!(pennies(13_800_000_000, &[290, 75]), [10_964_383_562, 2_835_616_438]);
/// assert_eq!(pennies(10, &[1, 1, 1]), [4, 3, 3]);
/// assert_eq!(pennies(-10, &[1, 1, 1]), [-4, -3, -3]);
/// assert_eq!(split(Money::from_pennies(10), &[0, 0]), None);
/// ```
pub fn split(whole: Money, weights: &[u64]) -> Option<Vec<Money>> {
    let total: i128 = weights.iter().map(|&w| i128::from(w)).sum();
    if total == 0 {
        return None;
    }
    let whole_p = i128::from(whole.pennies());
    // Integer division truncates toward zero, which is the first step of the rule; the
    // remainder's magnitude over `total` is how much of a penny each piece lost.
    let mut parts: Vec<(i128, i128)> = weights
        .iter()
        .map(|&w| {
            let share = whole_p * i128::from(w);
            (share / total, (share % total).abs())
        })
        .collect();
    let left = whole_p - parts.iter().map(|p| p.0).sum::<i128>();
    let step = left.signum();
    // Fewer pennies are left than there are pieces, so they are handed out one at a time:
    // each to the largest remainder still waiting, the earliest first on a tie (`max_by_key`
    // would take the last, hence the reversed index in the key).
    for _ in 0..left.unsigned_abs() {
        let (i, _) = parts
            .iter()
            .enumerate()
            .max_by_key(|(i, p)| (p.1, std::cmp::Reverse(*i)))
            .expect("pennies are left only when there are pieces");
        parts[i].0 += step;
        parts[i].1 = -1;
    }
    // Each piece is at most |whole|, which is a valid number of pennies.
    Some(
        parts
            .into_iter()
            .map(|p| Money::from_pennies(p.0 as i64))
            .collect(),
    )
}

/// Splits `whole` like [`split`], but in whole units of `unit` pennies (100: whole pounds),
/// for a line whose blocks are rounded to the pound. `whole` must be a whole number of units;
/// otherwise, and for a unit of a penny, the split is in pennies.
///
/// # Example
/// £100 in three equal parts: in pennies £33.34 + £33.33 + £33.33; in pounds £34 + £33 + £33.
///
/// ```
/// # use outturn_model::{split::split_in, Money};
/// let pounds = split_in(Money::from_pennies(10_000), &[1, 1, 1], 100).expect("weights");
/// assert_eq!(pounds, [Money::from_pennies(3_400), Money::from_pennies(3_300), Money::from_pennies(3_300)]);
/// ```
pub fn split_in(whole: Money, weights: &[u64], unit: i64) -> Option<Vec<Money>> {
    if unit <= 1 || whole.pennies() % unit != 0 {
        return split(whole, weights);
    }
    let units = split(Money::from_pennies(whole.pennies() / unit), weights)?;
    Some(
        units
            .into_iter()
            .map(|u| Money::from_pennies(u.pennies() * unit))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pennies(pieces: &[Money]) -> Vec<i64> {
        pieces.iter().map(|m| m.pennies()).collect()
    }

    #[test]
    fn supported_living_first_contract_year() {
        let pieces = split(Money::from_pennies(13_800_000_000), &[290, 75]).unwrap();
        assert_eq!(pennies(&pieces), [10_964_383_562, 2_835_616_438]);
    }

    #[test]
    fn day_opportunities_split_at_1_october() {
        // £7,392,400 over 2022-23 (365 days): 183 days to 30 September, 182 from 1 October.
        // 7,392,400 x 183 / 365 = 3,706,326.5753…, x 182 / 365 = 3,686,073.4246…
        let pieces = split(Money::from_pennies(739_240_000), &[183, 182]).unwrap();
        assert_eq!(pennies(&pieces), [370_632_658, 368_607_342]);
    }

    #[test]
    fn ties_go_to_the_earlier_piece() {
        // 10p in three equal parts: 3.33…p each, one penny left, the first piece takes it.
        let pieces = split(Money::from_pennies(10), &[1, 1, 1]).unwrap();
        assert_eq!(pennies(&pieces), [4, 3, 3]);
    }

    #[test]
    fn negative_amounts_split_toward_the_same_sign() {
        let pieces = split(Money::from_pennies(-10), &[1, 1, 1]).unwrap();
        assert_eq!(pennies(&pieces), [-4, -3, -3]);
    }

    #[test]
    fn zero_weights() {
        assert_eq!(split(Money::from_pennies(10), &[0, 0]), None);
        let pieces = split(Money::from_pennies(10), &[0, 3]).unwrap();
        assert_eq!(pennies(&pieces), [0, 10]);
    }

    proptest! {
        #[test]
        fn pieces_add_back_to_the_whole(
            whole in -10_000_000_000_000i64..10_000_000_000_000,
            weights in prop::collection::vec(0u64..100_000, 1..40),
        ) {
            prop_assume!(weights.iter().any(|&w| w > 0));
            let pieces = split(Money::from_pennies(whole), &weights).unwrap();
            prop_assert_eq!(pieces.len(), weights.len());
            prop_assert_eq!(pieces.iter().map(|m| m.pennies()).sum::<i64>(), whole);
            let total: i128 = weights.iter().map(|&w| i128::from(w)).sum();
            for (piece, &w) in pieces.iter().zip(&weights) {
                // Within one penny of the exact share, on the same side of zero.
                let exact_x_total = i128::from(whole) * i128::from(w);
                let diff = i128::from(piece.pennies()) * total - exact_x_total;
                prop_assert!(diff.abs() < total);
                prop_assert!(piece.pennies() == 0 || piece.pennies().signum() == whole.signum());
                if w == 0 { prop_assert_eq!(piece.pennies(), 0); }
            }
        }
    }
}
