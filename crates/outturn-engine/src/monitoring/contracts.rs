//! Contracts' spend by budget holder and month of the report's year: each scenario projected
//! by month with [`evaluate`] (the same engine as `outturn run --by month`, to the penny),
//! each register by month with the portfolio engine, and charged to budget holders.

use std::path::Path;

use outturn_input::diagnostic::Diagnostic;
use outturn_input::monitoring::config::{BudgetMap, Config, ContractSource};
use outturn_input::monitoring::tables::Budget;
use outturn_input::register::file::open;
use outturn_input::register::Mapping;
use outturn_model::monitoring::FiscalPeriod;
use outturn_model::projection::Granularity;
use outturn_model::scenario::LineKind;
use outturn_model::FyCalendar;

use super::Exceptions;
use crate::evaluate::evaluate;
use crate::portfolio::ids::{self, DuplicateId};
use crate::portfolio::{project_register, Portfolio};

/// How the registers a config names are read: CSV files by the engine (the default); the
/// command line adds Excel workbooks and Parquet files, which the engine does not read itself.
#[derive(Debug, Clone, Copy)]
pub struct Registers {
    pub project: Project,
    pub confirm: Confirm,
}

/// Projects the register at a path by month (UK financial years), with its bad rows.
pub type Project = fn(&Path, &Mapping) -> Result<Portfolio, String>;
/// The ids really repeated among those whose fingerprints clash, read again
/// ([`ids::confirm`]).
pub type Confirm = fn(&Path, &Mapping, &[u64]) -> Result<Vec<DuplicateId>, String>;

impl Default for Registers {
    fn default() -> Registers {
        Registers {
            project: |path, mapping| project_register(path, mapping, true, FyCalendar::UK),
            confirm: |path, mapping, clashes| {
                let (file, _) = open(path).map_err(|d| d.message)?;
                ids::confirm(file, mapping, clashes, FyCalendar::UK)
            },
        }
    }
}

/// Pennies by month (P1 to P12) of a budget holder's contracts: what they cost, and the
/// savings their scenarios take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ContractParts {
    pub cost: [i64; 12],
    pub saving: [i64; 12],
}

/// Each budget holder's contracts, in the budget's order; `None` where it has none.
#[derive(Debug, Clone, Default)]
pub struct ContractMonths {
    pub by_holder: Vec<Option<ContractParts>>,
}

impl ContractMonths {
    /// Whether budget holder `h` has contracts.
    pub fn has(&self, h: usize) -> bool {
        self.by_holder.get(h).is_some_and(Option::is_some)
    }

    fn add(&mut self, h: u32, month: usize, pennies: i64, saving: bool) {
        let parts = self.by_holder[h as usize].get_or_insert_with(ContractParts::default);
        let slot = if saving {
            &mut parts.saving
        } else {
            &mut parts.cost
        };
        slot[month] += pennies;
    }
}

/// The map entry a scenario's row is charged by: the entry for its budget and kind, else
/// the entry for its budget alone.
fn charged(map: &[BudgetMap], budget: &str, kind: LineKind) -> Option<usize> {
    map.iter()
        .position(|m| m.budget == budget && m.kind == Some(kind))
        .or_else(|| {
            map.iter()
                .position(|m| m.budget == budget && m.kind.is_none())
        })
}

/// Every contract source's months of the report's year, by budget holder.
///
/// # Errors
/// A scenario or register that cannot be read, a budget the map does not charge, a budget
/// holder not in the budget, or (unless skipped) a register row that cannot be read.
pub fn contract_months(
    config: &Config,
    budget: &Budget,
    (skip_bad_rows, registers): (bool, Registers),
    exceptions: &mut Exceptions,
) -> Result<ContractMonths, Vec<Diagnostic>> {
    let mut months = ContractMonths {
        by_holder: vec![None; budget.holders.len()],
    };
    let mut errors = Vec::new();
    for source in &config.contracts {
        let result = match source {
            ContractSource::Scenario { path, span, map } => {
                scenario(config, budget, path, span, map, &mut months)
            }
            ContractSource::Register { path, span, column } => register(
                config,
                budget,
                (path, span, column),
                (skip_bad_rows, registers),
                exceptions,
                &mut months,
            ),
        };
        if let Err(mut e) = result {
            errors.append(&mut e);
        }
    }
    if errors.is_empty() {
        Ok(months)
    } else {
        Err(errors)
    }
}

fn scenario(
    config: &Config,
    budget: &Budget,
    path: &std::path::Path,
    span: &std::ops::Range<usize>,
    map: &[BudgetMap],
    months: &mut ContractMonths,
) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let holders: Vec<Option<u32>> = map
        .iter()
        .map(|m| {
            config
                .holder(&m.cost_centre, budget)
                .map_err(|e| errors.push(e))
                .ok()
        })
        .collect();
    let evaluated = evaluate(path, &[], Granularity::Month)?;
    if evaluated.loaded.scenario.calendar != FyCalendar::UK {
        return Err(vec![config.at(span.clone(), "contracts.scenario", "the scenario's financial years start in another month; monitoring reports follow the UK year, from 1 April")]);
    }
    // Budgets the map does not charge, each with its lines, in the scenario's order.
    let mut unmapped: Vec<(&str, Vec<&str>)> = Vec::new();
    for row in &evaluated.projection.rows {
        if row.year != config.year {
            continue;
        }
        let Some(at) = charged(map, &row.budget, row.kind) else {
            match unmapped.iter_mut().find(|(b, _)| *b == row.budget) {
                Some((_, lines)) if !lines.contains(&row.line.as_str()) => lines.push(&row.line),
                Some(_) => {}
                None => unmapped.push((&row.budget, vec![&row.line])),
            }
            continue;
        };
        let Some(h) = holders[at] else { continue };
        let period = FiscalPeriod::of_date(config.year, row.period.start)
            .expect("a row of the year starts in one of its months");
        months.add(
            h,
            period.index(),
            row.amount.pennies(),
            row.kind == LineKind::Saving,
        );
    }
    for (budget, lines) in unmapped {
        errors.push(config.at(span.clone(), "contracts.map", format!("the scenario charges {} to budget `{budget}`, which the map charges to no cost centre; add {{ budget = \"{budget}\", cost_centre = \"…\" }}", lines.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", "))));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A contract id on several rows of a register is refused (each row would be costed as a
/// contract): the ids are confirmed by reading the register again.
fn repeated_ids(
    path: &Path,
    mapping: &Mapping,
    portfolio: &Portfolio,
    registers: Registers,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    if portfolio.id_clashes.is_empty() {
        return Ok(Vec::new());
    }
    let repeated = (registers.confirm)(path, mapping, &portfolio.id_clashes)
        .map_err(|e| vec![Diagnostic::file(path, e)])?;
    Ok(repeated
        .iter()
        .map(|d| Diagnostic::file(path, format!("{}; delete the repeats", d.describe())))
        .collect())
}

fn register(
    config: &Config,
    budget: &Budget,
    (path, span, column): (&Path, &std::ops::Range<usize>, &String),
    (skip_bad_rows, registers): (bool, Registers),
    exceptions: &mut Exceptions,
    months: &mut ContractMonths,
) -> Result<(), Vec<Diagnostic>> {
    let mapping = Mapping {
        group: column.clone(),
        ..Mapping::default()
    };
    let portfolio =
        (registers.project)(path, &mapping).map_err(|e| vec![Diagnostic::file(path, e)])?;
    let mut unread: Vec<Diagnostic> = portfolio
        .bad_rows
        .iter()
        .chain(&portfolio.blank_lines)
        .map(|b| Diagnostic::file(path, b.to_string()))
        .collect();
    let mut errors = repeated_ids(path, &mapping, &portfolio, registers)?;
    for ((code, year, month), pennies) in &portfolio.totals {
        if *year != config.year {
            continue;
        }
        let Some(&h) = budget.index.get(code.as_bytes()) else {
            errors.push(config.at(span.clone(), "contracts.register", format!("the register charges contracts to `{code}` (column {column}), which is not a budget holder in the budget file {}", budget.path.display())));
            continue;
        };
        let period = month
            .and_then(|m| FiscalPeriod::of_date(config.year, m))
            .expect("registers are projected by month of the year");
        months.add(h, period.index(), *pennies, false);
    }
    if !unread.is_empty() {
        if skip_bad_rows {
            exceptions.lines += unread.len() as u64;
            exceptions.shown.append(&mut unread);
        } else {
            errors.append(&mut unread);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
