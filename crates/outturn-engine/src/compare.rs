//! `compare`: scenarios side by side, by phase, financial year and in total, with each one's
//! difference from the first in pounds and per cent.

use std::collections::HashMap;

use outturn_model::Money;

use crate::evaluate::Evaluated;
use crate::grid::{percent_change, Cell, Grid};
use crate::year_table::Totals;

/// The comparison grid: a row per phase (in the order they first appear), per financial
/// year and the total; a column per scenario, and for each after the first its difference
/// from the first in £ and %. A phase or year a scenario does not have is £0.00 in it.
pub fn comparison(evaluated: &[Evaluated]) -> Grid {
    let labels = labels(evaluated);
    let mut header = vec!["section".to_string(), "item".to_string(), labels[0].clone()];
    for label in &labels[1..] {
        header.push(label.clone());
        header.push(format!("{label} change"));
        header.push(format!("{label} change %"));
    }
    let totals: Vec<Totals> = evaluated
        .iter()
        .map(|e| Totals::of(&e.projection))
        .collect();
    let by_phase: Vec<HashMap<&str, Money>> = totals.iter().map(|t| lookup(&t.by_phase)).collect();
    let by_year: Vec<HashMap<&str, Money>> = totals.iter().map(|t| lookup(&t.by_year)).collect();
    let mut phases: Vec<&str> = Vec::new();
    let mut years: Vec<&str> = Vec::new();
    for t in &totals {
        for (p, _) in &t.by_phase {
            if !phases.contains(&p.as_str()) {
                phases.push(p);
            }
        }
        years.extend(t.by_year.iter().map(|(y, _)| y.as_str()));
    }
    years.sort();
    years.dedup();
    let amounts = |maps: &[HashMap<&str, Money>], key: &str| -> Vec<Money> {
        maps.iter()
            .map(|m| m.get(key).copied().unwrap_or(Money::ZERO))
            .collect()
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for p in phases {
        rows.push(row("phase", p, &amounts(&by_phase, p)));
    }
    for y in years {
        rows.push(row("financial year", y, &amounts(&by_year, y)));
    }
    let overall: Vec<Money> = totals.iter().map(|t| t.overall).collect();
    rows.push(row("total", "all", &overall));
    Grid {
        title: format!(
            "Comparison of {} scenarios (differences from {})",
            evaluated.len(),
            labels[0]
        ),
        header,
        rows,
        notes: evaluated
            .iter()
            .zip(&labels)
            .map(|(e, l)| format!("{l}: {}", e.loaded.scenario.title))
            .collect(),
    }
}

fn lookup(list: &[(String, Money)]) -> HashMap<&str, Money> {
    list.iter().map(|(k, m)| (k.as_str(), *m)).collect()
}

/// One item's row: the first scenario's amount, then each other's with its change.
fn row(section: &str, item: &str, amounts: &[Money]) -> Vec<Cell> {
    let base = amounts[0];
    let mut row = vec![
        Cell::Text(section.to_string()),
        Cell::Text(item.to_string()),
        Cell::Money(base),
    ];
    for &a in &amounts[1..] {
        row.push(Cell::Money(a));
        row.push(Cell::Money(a - base));
        row.push(percent_change(base, a).map_or(Cell::Empty, Cell::Percent));
    }
    row
}

/// Column labels: each scenario's name with its overrides, numbered if two are the same.
fn labels(evaluated: &[Evaluated]) -> Vec<String> {
    let plain: Vec<String> = evaluated.iter().map(|e| e.loaded.label()).collect();
    plain
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if plain.iter().filter(|x| *x == l).count() > 1 {
                format!("{l} #{}", i + 1)
            } else {
                l.clone()
            }
        })
        .collect()
}
