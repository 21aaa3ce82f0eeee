//! The sections on a scenario's mechanics: break clauses (the full term against the broken
//! one), savings plans (target against achieved) and funding splits (spend by budget
//! holder). Every figure is the model's; the funding table is totalled by [`YearTable`].

use outturn_model::savings::Schedule;
use outturn_model::scenario::{LineKind, Saving};
use outturn_model::{FinancialYear, ModelError, Money};

use crate::evaluate::Evaluated;
use crate::grid::{year_rows, Cell, Grid};
use crate::year_table::YearTable;

/// Full term against the term with the break, by phase and financial year, for each broken
/// contract; the notice date under the table.
pub fn break_clauses(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
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
pub fn funding(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
    let scenario = &e.loaded.scenario;
    if scenario.lines.iter().all(|l| l.funding.is_empty()) {
        return Ok(None);
    }
    let table = YearTable::build(&e.projection.rows, |r| r.budget.clone());
    let mut header = vec!["budget".to_string()];
    header.extend(table.years.iter().cloned());
    header.push("total".into());
    let grid = year_rows(
        &table,
        |budget| vec![Cell::Text(budget.clone())],
        vec![Cell::Text("total".into())],
    );
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
pub fn savings(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
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
        notes.push(plan_note(saving));
    }
    Ok(Some(Grid {
        title: String::new(),
        header,
        rows,
        notes,
    }))
}

/// A saving's plan under the table: `dpss-saving: 5% of gross spend, phased 50%, 100%,
/// from 2025-04-01, 90% delivered`.
fn plan_note(saving: &Saving) -> String {
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
    let phased = if phasing.is_empty() {
        String::new()
    } else {
        format!(", phased {}", phasing.join(", "))
    };
    let from = plan
        .from_date
        .map_or_else(|| saving.from.to_string(), |d| d.to_string());
    format!(
        "{}: {full}{phased}, from {from}, {}% delivered",
        saving.name,
        plan.delivery.normalize()
    )
}
