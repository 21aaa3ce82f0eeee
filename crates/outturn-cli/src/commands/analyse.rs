//! `outturn analyse`: named sections on the mechanics and drivers of each scenario (break
//! clauses, savings plans, funding splits; unit costs, volume/mix/price, uplift pressure,
//! implied growth), each a [`Grid`].
//!
//! Each section is a function from an evaluated scenario to a grid, or to nothing when the
//! scenario has nothing for it (no break, no saving, no funding split, no counted units). New sections are new
//! entries in [`SECTIONS`]; the model computes every figure, this module only lays them out.

use outturn_model::projection::Granularity;
use outturn_model::savings::Schedule;
use outturn_model::scenario::LineKind;
use outturn_model::{FinancialYear, ModelError, Money};
use std::path::PathBuf;

use super::deliver_grids;
use crate::cli::{GridOutput, Sets};
use clap::Args;
use outturn_engine::analysis;
use outturn_engine::evaluate::{evaluate, Evaluated};
use outturn_engine::grid::{Cell, Grid};
use outturn_input::diagnostic::Diagnostic;

#[derive(Debug, Args)]
pub struct AnalyseArgs {
    /// Scenario files to analyse
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    #[command(flatten)]
    pub sets: Sets,
    #[command(flatten)]
    pub out: GridOutput,
}

/// A section: its name and the function that builds it for one scenario.
type Section = (
    &'static str,
    fn(&Evaluated) -> Result<Option<Grid>, ModelError>,
);

/// The sections, in the order they are printed.
const SECTIONS: &[Section] = &[
    ("Break clauses", break_clauses),
    ("Savings", savings),
    ("Funding", funding),
    ("Unit costs", analysis::unit_cost_section),
    ("Volume, mix and price", analysis::variance_section),
    ("Uplift pressure", analysis::pressure_section),
    ("Implied growth", analysis::trend_section),
];

pub fn run(args: &AnalyseArgs) -> Result<u8, Vec<Diagnostic>> {
    let overrides = args.sets.for_all()?;
    let mut grids = Vec::new();
    let mut errors = Vec::new();
    for path in &args.scenarios {
        let e = match evaluate(path, &overrides, Granularity::Year) {
            Ok(e) => e,
            Err(mut e) => {
                errors.append(&mut e);
                continue;
            }
        };
        for (name, build) in SECTIONS {
            match build(&e) {
                Ok(Some(mut grid)) => {
                    // CSV shows no title, so every row names its scenario.
                    grid.title = format!("{name}: {}", e.loaded.label());
                    grid.header.insert(0, "scenario".into());
                    for row in &mut grid.rows {
                        row.insert(0, Cell::Text(e.loaded.label()));
                    }
                    grids.push(grid);
                }
                Ok(None) => {}
                Err(err) => errors.push(Diagnostic::file(path, err.to_string())),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if grids.is_empty() {
        // Say so rather than print nothing: an empty output looks like a failure.
        grids.push(Grid {
            title: "Nothing to analyse".into(),
            header: vec!["note".into()],
            rows: vec![vec![Cell::Text(
                "nothing to analyse in the scenarios given: no break clause, savings plan, funding split, driver line, funded uplift or trend, and no second year to compare".into(),
            )]],
            notes: Vec::new(),
        });
    }
    deliver_grids(&grids, &args.out)?;
    Ok(0)
}

/// Full term against the term with the break, by phase and financial year, for each broken
/// contract; the notice date under the table.
fn break_clauses(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
    let comparisons = outturn_model::breaks::compare(&e.loaded.scenario)?;
    if comparisons.is_empty() {
        return Ok(None);
    }
    let header = [
        "contract",
        "phase",
        "financial year",
        "full term",
        "with break",
        "avoided",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for c in &comparisons {
        for r in &c.rows {
            rows.push(vec![
                Cell::Text(c.contract.clone()),
                Cell::Text(r.phase.clone()),
                Cell::Text(r.year.to_string()),
                Cell::Money(r.full_term),
                Cell::Money(r.with_break),
                Cell::Money(r.avoided()),
            ]);
        }
        rows.push(vec![
            Cell::Text(c.contract.clone()),
            Cell::Text("all".into()),
            Cell::Text("total".into()),
            Cell::Money(c.full_term()),
            Cell::Money(c.with_break()),
            Cell::Money(c.avoided()),
        ]);
        let b = &c.clause;
        notes.push(format!(
            "{}: break on {} (last day of service; the full term runs to {}), {} month{}' notice, to be served by {}",
            c.contract,
            b.on,
            b.unbroken.taken_period().end,
            b.notice_months,
            if b.notice_months == 1 { "" } else { "s" },
            b.notice_by
        ));
    }
    Ok(Some(Grid {
        title: String::new(),
        header,
        rows,
        notes,
    }))
}

/// Spend by budget holder and financial year, with totals, when any line's cost is split
/// between budgets. Every row counts, savings too, so the total is the scenario's net spend.
fn funding(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
    let scenario = &e.loaded.scenario;
    if scenario.lines.iter().all(|l| l.funding.is_empty()) {
        return Ok(None);
    }
    let rows = &e.projection.rows;
    let mut years: Vec<FinancialYear> = rows.iter().map(|r| r.year).collect();
    years.sort();
    years.dedup();
    let mut budgets: Vec<&str> = Vec::new();
    for r in rows {
        if !budgets.contains(&r.budget.as_str()) {
            budgets.push(&r.budget);
        }
    }
    let mut header = vec!["budget".to_string()];
    header.extend(years.iter().map(ToString::to_string));
    header.push("total".into());
    let sum = |budget: Option<&str>, year: Option<FinancialYear>| -> Money {
        rows.iter()
            .filter(|r| budget.is_none_or(|b| r.budget == b) && year.is_none_or(|y| r.year == y))
            .map(|r| r.amount)
            .sum()
    };
    let grid_row = |label: &str, budget: Option<&str>| -> Vec<Cell> {
        let mut cells = vec![Cell::Text(label.to_string())];
        cells.extend(years.iter().map(|&y| Cell::Money(sum(budget, Some(y)))));
        cells.push(Cell::Money(sum(budget, None)));
        cells
    };
    let mut grid: Vec<Vec<Cell>> = budgets.iter().map(|b| grid_row(b, Some(b))).collect();
    grid.push(grid_row("total", None));
    let notes = scenario
        .lines
        .iter()
        .filter(|l| !l.funding.is_empty())
        .map(|l| {
            let shares: Vec<String> = l
                .funding
                .iter()
                .map(|f| format!("{} {}", f.budget, f.share))
                .collect();
            format!("{}: {}", l.name, shares.join(", "))
        })
        .collect();
    Ok(Some(Grid {
        title: String::new(),
        header,
        rows: grid,
        notes,
    }))
}

/// Each saving's target against what is expected to be achieved, by financial year, with the
/// gross spend a percentage target is of.
fn savings(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
    let scenario = &e.loaded.scenario;
    if scenario.savings.is_empty() {
        return Ok(None);
    }
    let header = [
        "saving",
        "financial year",
        "gross spend",
        "target",
        "achieved",
        "not achieved",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for saving in &scenario.savings {
        let schedule = Schedule::new(scenario, saving)?;
        let mut years: Vec<FinancialYear> = e
            .projection
            .rows
            .iter()
            .filter(|r| r.kind == LineKind::Saving && r.line == saving.name)
            .map(|r| r.year)
            .collect();
        years.sort();
        years.dedup();
        let (mut target, mut achieved) = (Money::ZERO, Money::ZERO);
        for fy in years {
            let y = schedule.year(fy)?;
            target += y.target;
            achieved += y.achieved;
            rows.push(vec![
                Cell::Text(saving.name.clone()),
                Cell::Text(fy.to_string()),
                y.gross.map_or(Cell::Empty, Cell::Money),
                Cell::Money(y.target),
                Cell::Money(y.achieved),
                Cell::Money(y.target - y.achieved),
            ]);
        }
        rows.push(vec![
            Cell::Text(saving.name.clone()),
            Cell::Text("total".into()),
            Cell::Empty,
            Cell::Money(target),
            Cell::Money(achieved),
            Cell::Money(target - achieved),
        ]);
        let plan = saving.plan.clone().unwrap_or_default();
        let full = match plan.percent_of_gross {
            Some(p) => format!("{}% of gross spend", p.normalize()),
            None => format!("{} a year", saving.per_year),
        };
        let phasing: Vec<String> = plan
            .phasing
            .iter()
            .map(|p| format!("{}%", p.normalize()))
            .collect();
        notes.push(format!(
            "{}: {full}{}, from {}, {}% delivered",
            saving.name,
            if phasing.is_empty() {
                String::new()
            } else {
                format!(", phased {}", phasing.join(", "))
            },
            plan.from_date
                .map_or_else(|| saving.from.to_string(), |d| d.to_string()),
            plan.delivery.normalize()
        ));
    }
    Ok(Some(Grid {
        title: String::new(),
        header,
        rows,
        notes,
    }))
}
