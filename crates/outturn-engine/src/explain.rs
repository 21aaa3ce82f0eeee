//! `explain`: the steps behind a figure. The steps are the projection's own record of what
//! it did (`Row::parts`); what this module works out are the unrounded values shown beside
//! each rounding, so a reader can follow the arithmetic to the penny.

use outturn_model::projection::{Basis, PaidRate, Part, Projection, Row, Share};
use outturn_model::scenario::RoundTo;
use outturn_model::Money;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::figure::FigureName;
use crate::whatif::figure_of;

/// The rows a figure adds up, and their total.
pub struct Explained<'a> {
    pub rows: Vec<&'a Row>,
    pub total: Money,
}

/// The rows of `projection` that `figure` selects, in the projection's order.
pub fn explained<'a>(projection: &'a Projection, figure: &FigureName) -> Explained<'a> {
    Explained {
        rows: projection
            .rows
            .iter()
            .filter(|r| figure.selection.matches(r))
            .collect(),
        total: figure_of(figure, projection),
    }
}

/// The amount a part of a row comes to: its last split's, or the source's own when it was
/// not split.
pub fn part_amount(part: &Part) -> Money {
    part.shares.last().map_or(Money::ZERO, |s| s.amount)
}

/// A contract year's cost before it is rounded.
///
/// # Example
/// £1,000 a year, uplift 1.03 then 1.02 and growth 1.1, for 73 of 365 days: the factor is
/// 1.03 × 1.02 × 1.1 = 1.15566, a full year £1,155.66, and the 73 days £231.132 exactly,
/// which rounds to £231.13.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractYearWorking {
    /// The full year's cost before uplift and growth.
    pub annual: Decimal,
    /// The uplift factors and then the growth factors that move the cost (those other than 1).
    pub uplift: Vec<Decimal>,
    pub growth: Vec<Decimal>,
    /// Every factor multiplied together.
    pub factor: Decimal,
    /// A full year at the factor.
    pub full_year: Decimal,
    /// The contract year's `days` of its `full_days`, unrounded.
    pub exact: Decimal,
}

/// The working of a contract year's cost: its basis (or, for a rate a payment system rounds,
/// the full year at the rate paid), its factors, and `days` of `full_days` (weights in parts
/// of a month when it is pro-rated by months).
pub fn contract_year(
    (basis, paid_rate): (&Basis, Option<&PaidRate>),
    factors: &[Decimal],
    growth: &[Decimal],
    days: u32,
    full_days: u32,
) -> ContractYearWorking {
    let annual = paid_rate.map_or_else(|| basis.annual(), |p| p.annual);
    let factor = factors.iter().product::<Decimal>() * growth.iter().product::<Decimal>();
    let moved = |list: &[Decimal]| {
        list.iter()
            .copied()
            .filter(|f| *f != Decimal::ONE)
            .collect()
    };
    ContractYearWorking {
        annual,
        uplift: moved(factors),
        growth: moved(growth),
        factor,
        full_year: annual * factor,
        exact: annual * factor * Decimal::from(days) / Decimal::from(full_days),
    }
}

/// A split by days before it is rounded, and whether the largest-remainder rule gave this
/// piece a spare penny (a spare pound, when the line is rounded to the pound).
///
/// # Example
/// £100.00 split 1 of 3 days is £33.333…; rounded toward zero £33.33. The piece that got
/// £33.34 had a spare penny; the pieces that got £33.33 did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareWorking {
    pub exact: Decimal,
    pub spare_penny: bool,
}

pub fn share(s: &Share) -> ShareWorking {
    let exact = s.whole.as_decimal() * Decimal::from(s.days) / Decimal::from(s.of_days);
    let places = match s.round_to {
        RoundTo::Penny => 2,
        RoundTo::Pound => 0,
    };
    let truncated =
        Money::round_half_away(exact.round_dp_with_strategy(places, RoundingStrategy::ToZero));
    ShareWorking {
        exact,
        spare_penny: s.amount != truncated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contract_year_as_in_the_example() {
        let w = contract_year(
            (&Basis::Annual(Money::from_pennies(100_000)), None),
            &[Decimal::new(103, 2), Decimal::new(102, 2)],
            &[Decimal::new(11, 1)],
            73,
            365,
        );
        assert_eq!(w.factor, Decimal::new(115_566, 5));
        assert_eq!(w.full_year, Decimal::new(115_566, 2));
        assert_eq!(w.exact, Decimal::new(231_132, 3));
        assert_eq!(w.growth, [Decimal::new(11, 1)]);
    }

    #[test]
    fn factors_of_one_do_not_move_the_cost() {
        let w = contract_year(
            (&Basis::Annual(Money::from_pennies(100_000)), None),
            &[Decimal::ONE],
            &[],
            365,
            365,
        );
        assert!(w.uplift.is_empty() && w.growth.is_empty());
        assert_eq!(w.exact, Decimal::from(1000));
    }

    #[test]
    fn a_spare_penny_is_seen() {
        let whole = Money::from_pennies(10_000);
        let piece = |pennies| Share {
            whole,
            days: 1,
            of_days: 3,
            measure: Default::default(),
            round_to: RoundTo::Penny,
            amount: Money::from_pennies(pennies),
        };
        assert!(share(&piece(3334)).spare_penny);
        assert!(!share(&piece(3333)).spare_penny);
        assert_eq!(
            share(&piece(3333)).exact.round_dp(6),
            Decimal::new(33_333_333, 6)
        );
    }
}
