//! `outturn compare`: scenarios side by side, by phase, financial year and in total, with
//! each one's difference from the first in pounds and per cent.

use outturn_model::check::Selection;
use outturn_model::projection::Granularity;
use outturn_model::Money;
use std::path::PathBuf;

use super::deliver_grids;
use crate::cli::{GridOutput, Sets};
use clap::Args;
use outturn_engine::evaluate::{evaluate, Evaluated};
use outturn_engine::grid::{percent_change, Cell, Grid};
use outturn_input::diagnostic::Diagnostic;
use outturn_input::variant::overrides_for;

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files to compare (the first is the base the others are measured against)
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    #[command(flatten)]
    pub sets: Sets,
    #[command(flatten)]
    pub out: GridOutput,
}

pub fn run(args: &CompareArgs) -> Result<u8, Vec<Diagnostic>> {
    let n = args.scenarios.len();
    if let Some(s) = args
        .sets
        .set
        .iter()
        .find(|s| s.scenario.is_some_and(|k| k > n))
    {
        return Err(vec![Diagnostic::flag(
            "--set",
            format!(
                "`{}:{}` names scenario {}, but {n} are compared",
                s.scenario.unwrap_or(0),
                s.over,
                s.scenario.unwrap_or(0)
            ),
        )]);
    }
    let mut evaluated = Vec::new();
    let mut errors = Vec::new();
    for (i, path) in args.scenarios.iter().enumerate() {
        match evaluate(
            path,
            &overrides_for(&args.sets.set, i + 1),
            Granularity::Year,
        ) {
            Ok(e) => evaluated.push(e),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    deliver_grids(&[comparison(&evaluated)], &args.out)?;
    Ok(0)
}

/// The comparison grid: a row per phase, per financial year and the total; a column per
/// scenario, and for each after the first its difference from the first in £ and %.
pub fn comparison(evaluated: &[Evaluated]) -> Grid {
    let labels = labels(evaluated);
    let mut header = vec!["section".to_string(), "item".to_string(), labels[0].clone()];
    for label in &labels[1..] {
        header.push(label.clone());
        header.push(format!("{label} change"));
        header.push(format!("{label} change %"));
    }
    let mut items: Vec<(&str, String, Selection)> = Vec::new();
    let mut phases: Vec<&str> = Vec::new();
    let mut years = Vec::new();
    for e in evaluated {
        for r in &e.projection.rows {
            if !phases.contains(&r.phase.as_str()) {
                phases.push(&r.phase);
            }
            if !years.contains(&r.year) {
                years.push(r.year);
            }
        }
    }
    years.sort();
    for p in phases {
        let selection = Selection {
            phase: Some(p.to_string()),
            ..Selection::default()
        };
        items.push(("phase", p.to_string(), selection));
    }
    for y in years {
        let selection = Selection {
            year: Some(y),
            ..Selection::default()
        };
        items.push(("financial year", y.to_string(), selection));
    }
    items.push(("total", "all".to_string(), Selection::default()));
    let rows = items
        .into_iter()
        .map(|(section, item, selection)| {
            // Sums of whole pennies are whole pennies: rounding here changes nothing.
            let amounts: Vec<Money> = evaluated
                .iter()
                .map(|e| Money::round_half_away(selection.total(&e.projection)))
                .collect();
            let mut row = vec![
                Cell::Text(section.to_string()),
                Cell::Text(item),
                Cell::Money(amounts[0]),
            ];
            for &a in &amounts[1..] {
                row.push(Cell::Money(a));
                row.push(Cell::Money(a - amounts[0]));
                row.push(percent_change(amounts[0], a).map_or(Cell::Empty, Cell::Percent));
            }
            row
        })
        .collect();
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
