//! A plain table of results: the view model every command hands to the presenters (run and
//! check layouts, compare, sweep, solve, analyse, simulate, portfolio).
//!
//! Cells know what they hold (text, money, a percentage, a verdict), so each format can show
//! them its own way: `£1,234.50` in a table, `1234.50` in CSV, where a spreadsheet must see a
//! number. The writers live in the command line's `present::table`; nothing here makes text.

use outturn_model::check::Verdict;
use outturn_model::Money;
use rust_decimal::Decimal;

use crate::year_table::YearTable;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Money(Money),
    /// An amount shown short for reading (`£3.9m`), written in full (`3900000.00`).
    Short(Money),
    /// Pounds that may hold fractions of a penny (a figure as a paper printed it, or a
    /// difference from one): read to the penny, rounded half away from zero, and written to
    /// two places.
    Pounds(Decimal),
    /// A percentage, already rounded for display.
    Percent(Decimal),
    /// A count or other plain number (person-years), already rounded for display.
    Number(Decimal),
    /// A change: the figure inside, read with a `+` when it is above zero.
    Signed(Box<Cell>),
    /// A figure as a paper printed it: read as printed (`£3.9m`), written as its value.
    Printed {
        text: String,
        value: Box<Cell>,
    },
    Verdict(Verdict),
    /// Text that links to a part of the same page (`#name`) where pages have links.
    Link {
        text: String,
        target: String,
    },
    Empty,
}

impl Cell {
    /// The figure a cell holds, if it holds one.
    pub fn value(&self) -> Option<Decimal> {
        match self {
            Cell::Money(m) | Cell::Short(m) => Some(m.as_decimal()),
            Cell::Pounds(d) | Cell::Percent(d) | Cell::Number(d) => Some(*d),
            Cell::Signed(inner) | Cell::Printed { value: inner, .. } => inner.value(),
            Cell::Text(_) | Cell::Verdict(_) | Cell::Link { .. } | Cell::Empty => None,
        }
    }

    /// A check's figure: pounds when the check is of money, otherwise a count.
    pub fn figure(value: Decimal, money: bool) -> Cell {
        if money {
            Cell::Pounds(value)
        } else {
            Cell::Number(value.normalize())
        }
    }
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

/// A year table as rows of cells, the papers' layout: each group's cells (from `key`), its
/// amount in each year and its total; then a total row, led by `total`, of each year's total
/// and the grand total.
pub fn year_rows<K>(
    table: &YearTable<K>,
    key: impl Fn(&K) -> Vec<Cell>,
    total: Vec<Cell>,
) -> Vec<Vec<Cell>> {
    let row = |mut cells: Vec<Cell>, amounts: &[Money], sum: Money| {
        cells.extend(amounts.iter().map(|m| Cell::Money(*m)));
        cells.push(Cell::Money(sum));
        cells
    };
    let mut rows: Vec<Vec<Cell>> = table
        .rows
        .iter()
        .map(|r| row(key(&r.key), &r.amounts, r.total))
        .collect();
    rows.push(row(total, &table.year_totals, table.total));
    rows
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

    #[test]
    fn year_rows_end_with_the_totals() {
        let m = Money::from_pennies;
        let t = YearTable::from_amounts([
            ("a".to_string(), "2024-25".to_string(), 100),
            ("b".to_string(), "2025-26".to_string(), 250),
        ]);
        let rows = year_rows(&t, |k| vec![Cell::Text(k.clone())], vec![Cell::Empty]);
        assert_eq!(
            rows,
            [
                vec![
                    Cell::Text("a".into()),
                    Cell::Money(m(100)),
                    Cell::Money(m(0)),
                    Cell::Money(m(100))
                ],
                vec![
                    Cell::Text("b".into()),
                    Cell::Money(m(0)),
                    Cell::Money(m(250)),
                    Cell::Money(m(250))
                ],
                vec![
                    Cell::Empty,
                    Cell::Money(m(100)),
                    Cell::Money(m(250)),
                    Cell::Money(m(350))
                ],
            ]
        );
    }

    #[test]
    fn figures_of_checks() {
        // 1,200.50 people normalises to 1200.5; money keeps its scale.
        assert_eq!(
            Cell::figure(Decimal::new(120_050, 2), false),
            Cell::Number(Decimal::new(12_005, 1))
        );
        assert_eq!(
            Cell::figure(Decimal::new(120_050, 2), true),
            Cell::Pounds(Decimal::new(120_050, 2))
        );
        let signed = Cell::Signed(Box::new(Cell::Pounds(Decimal::new(-5, 1))));
        assert_eq!(signed.value(), Some(Decimal::new(-5, 1)));
    }
}
