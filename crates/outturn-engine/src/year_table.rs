//! A projection totalled by financial year: the one table of integer pennies that `run`, the
//! charts, the workbook, the report page, `compare`, `explain`, `analyse`'s funding section
//! and the portfolio's wide layout all show.
//!
//! Groups keep the order in which they first appear in the rows (the scenario's order);
//! years are sorted. Sums are of whole pennies, added as `i128` so that no total can wrap
//! whatever it is given (a projection is also held to [`crate::limit`]); they are exact and
//! do not depend on the order rows are added in. Each row is placed through a hash map, so a table of many
//! groups is built in time linear in the rows.

use std::collections::HashMap;
use std::hash::Hash;

use outturn_model::projection::{Projection, Row};
use outturn_model::Money;
use rust_decimal::Decimal;

/// Amounts by group and financial year, with each group's total, each year's total and the
/// grand total.
///
/// # Example
/// Rows (line `a`, 2024-25, £1.00), (line `b`, 2025-26, £2.00), (line `a`, 2025-26, £3.00)
/// by line give years `2024-25, 2025-26`, rows `a: [£1.00, £3.00] = £4.00` and
/// `b: [£0.00, £2.00] = £2.00`, year totals `[£1.00, £5.00]` and a total of £6.00.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearTable<K> {
    /// Financial years as labelled (`2025-26`), or periods within them, in order.
    pub years: Vec<String>,
    pub rows: Vec<YearRow<K>>,
    pub year_totals: Vec<Money>,
    pub total: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearRow<K> {
    pub key: K,
    /// One amount per year of the table, in the table's order.
    pub amounts: Vec<Money>,
    pub total: Money,
}

impl<K: Clone + Eq + Hash> YearTable<K> {
    /// Totals `rows` by the group `key` gives each and by financial year.
    pub fn build<'a>(rows: impl IntoIterator<Item = &'a Row>, key: impl Fn(&Row) -> K) -> Self {
        YearTable::from_amounts(
            rows.into_iter()
                .map(|r| (key(r), r.year.to_string(), r.amount.pennies())),
        )
    }

    /// Totals amounts of whole pennies, each given as (group, column, pennies), by group and
    /// column. Columns are labelled by year (`2025-26`) or by a period within one
    /// (`2025-26 2025-06`, which sorts in date order), and sorted; groups keep the order in
    /// which they first appear.
    pub fn from_amounts(amounts: impl IntoIterator<Item = (K, String, i64)>) -> Self {
        let amounts: Vec<(K, String, i64)> = amounts.into_iter().collect();
        let mut years: Vec<String> = amounts.iter().map(|(_, y, _)| y.clone()).collect();
        years.sort();
        years.dedup();
        let column: HashMap<&str, usize> = years
            .iter()
            .enumerate()
            .map(|(i, y)| (y.as_str(), i))
            .collect();
        let mut slot: HashMap<K, usize> = HashMap::new();
        let mut pennies: Vec<(K, Vec<i128>)> = Vec::new();
        for (k, year, amount) in &amounts {
            let i = *slot.entry(k.clone()).or_insert_with(|| {
                pennies.push((k.clone(), vec![0; years.len()]));
                pennies.len() - 1
            });
            pennies[i].1[column[year.as_str()]] += i128::from(*amount);
        }
        let year_totals: Vec<Money> = (0..years.len())
            .map(|c| money(pennies.iter().map(|(_, p)| p[c]).sum()))
            .collect();
        YearTable {
            total: year_totals.iter().copied().sum(),
            rows: pennies
                .into_iter()
                .map(|(key, p)| YearRow {
                    key,
                    total: money(p.iter().sum()),
                    amounts: p.into_iter().map(money).collect(),
                })
                .collect(),
            years,
            year_totals,
        }
    }

    /// Each group's total, in the table's order.
    pub fn group_totals(&self) -> Vec<(K, Money)> {
        self.rows.iter().map(|r| (r.key.clone(), r.total)).collect()
    }
}

/// A sum of pennies as money.
fn money(pennies: i128) -> Money {
    let exact = Decimal::try_from_i128_with_scale(pennies, 2)
        .expect("fewer than 2^32 amounts of under 2^63 pennies add up within a Decimal's 96 bits");
    Money::round_half_away(exact)
}

impl YearTable<(String, String)> {
    /// The papers' table: a row per line and budget, a column per financial year.
    pub fn wide(projection: &Projection) -> Self {
        YearTable::build(&projection.rows, |r| (r.line.clone(), r.budget.clone()))
    }
}

impl YearTable<String> {
    /// A chart's bars: a row per line or budget, a column per financial year.
    pub fn stacked(projection: &Projection, by: StackBy) -> Self {
        YearTable::build(&projection.rows, |r| by.key(r))
    }
}

/// What a chart stacks each year's bar by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StackBy {
    #[default]
    Line,
    Budget,
}

impl StackBy {
    fn key(self, r: &Row) -> String {
        match self {
            StackBy::Line => r.line.clone(),
            StackBy::Budget => r.budget.clone(),
        }
    }
}

/// A projection's one-way totals, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// Each contract's spend: an old contract and its replacement, apart and (in `overall`)
    /// together.
    pub by_contract: Vec<(String, Money)>,
    pub by_phase: Vec<(String, Money)>,
    pub by_year: Vec<(String, Money)>,
    pub by_line: Vec<(String, Money)>,
    /// By the budget charged: a line's funding budgets when it is split between them.
    pub by_budget: Vec<(String, Money)>,
    pub overall: Money,
}

impl Totals {
    pub fn of(projection: &Projection) -> Totals {
        let rows = &projection.rows;
        let one_way = |key: fn(&Row) -> String| YearTable::build(rows, key).group_totals();
        let by_line = YearTable::build(rows, |r| r.line.clone());
        Totals {
            by_contract: one_way(|r| r.contract.clone()),
            by_phase: one_way(|r| r.phase.clone()),
            by_year: by_line
                .years
                .iter()
                .cloned()
                .zip(by_line.year_totals.iter().copied())
                .collect(),
            by_line: by_line.group_totals(),
            by_budget: one_way(|r| r.budget.clone()),
            overall: by_line.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pennies(list: &[Money]) -> Vec<i64> {
        list.iter().map(|m| m.pennies()).collect()
    }

    #[test]
    fn totals_groups_by_year_as_in_the_example() {
        // The worked example above: a £1.00, 2025-26 b £2.00, 2025-26 a £3.00.
        let t = YearTable::from_amounts([
            ("a", "2024-25".to_string(), 100),
            ("b", "2025-26".to_string(), 200),
            ("a", "2025-26".to_string(), 300),
        ]);
        assert_eq!(t.years, ["2024-25", "2025-26"]);
        assert_eq!(t.rows[0].key, "a");
        assert_eq!(pennies(&t.rows[0].amounts), [100, 300]);
        assert_eq!(t.rows[0].total.pennies(), 400);
        assert_eq!(pennies(&t.rows[1].amounts), [0, 200]);
        assert_eq!(pennies(&t.year_totals), [100, 500]);
        assert_eq!(t.total.pennies(), 600);
    }

    #[test]
    fn periods_within_years_sort_in_date_order_and_groups_keep_their_order() {
        let t = YearTable::from_amounts([
            ("z", "2025-26 2025-05".to_string(), 1),
            ("y", "2024-25 2025-03".to_string(), 2),
            ("z", "2025-26 2025-04".to_string(), 4),
        ]);
        assert_eq!(
            t.years,
            ["2024-25 2025-03", "2025-26 2025-04", "2025-26 2025-05"]
        );
        assert_eq!(t.rows.iter().map(|r| r.key).collect::<Vec<_>>(), ["z", "y"]);
        assert_eq!(pennies(&t.rows[0].amounts), [0, 4, 1]);
        assert_eq!(t.total.pennies(), 7);
    }

    /// Totals past what an i64 holds are exact, never wrapped round to a negative figure:
    /// two amounts of 2^63 - 1 pennies make 2^64 - 2.
    #[test]
    fn totals_past_an_i64_do_not_wrap() {
        let t = YearTable::from_amounts([
            ("a", "2024-25".to_string(), i64::MAX),
            ("a", "2025-26".to_string(), i64::MAX),
        ]);
        assert_eq!(t.total.as_decimal().to_string(), "184467440737095516.14");
        assert!(!t.total.is_negative());
    }

    #[test]
    fn an_empty_table_totals_nothing() {
        let t = YearTable::<String>::from_amounts([]);
        assert!(t.years.is_empty() && t.rows.is_empty());
        assert_eq!(t.total, Money::ZERO);
    }
}
