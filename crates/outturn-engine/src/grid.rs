//! A plain table of results (compare, sweep, solve, analyse, simulate): the view model every
//! command hands to the presenters.
//!
//! Cells know what they hold (text, money, a percentage), so each format can show them its
//! own way: `£1,234.50` in a table, `1234.50` in CSV, where a spreadsheet must see a number.
//! The writers live in the command line's `present::table`; nothing here makes text.

use outturn_model::Money;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Money(Money),
    /// A percentage, already rounded for display.
    Percent(Decimal),
    /// A count or other plain number (person-years), already rounded for display.
    Number(Decimal),
    Empty,
}

/// A titled table: a header and rows of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Lines of context printed under the table (assumptions, notes).
    pub notes: Vec<String>,
}

/// The change from `base` to `other` as a percentage of `base`, to two places; none if the
/// base is zero.
pub fn percent_change(base: Money, other: Money) -> Option<Decimal> {
    let base = base.as_decimal();
    (!base.is_zero()).then(|| {
        ((other.as_decimal() - base) * Decimal::ONE_HUNDRED / base)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_changes() {
        let m = Money::from_pennies;
        assert_eq!(percent_change(m(100), m(150)), Some(Decimal::new(5000, 2)));
        assert_eq!(percent_change(m(300), m(200)), Some(Decimal::new(-3333, 2)));
        assert_eq!(percent_change(m(0), m(200)), None);
    }
}
