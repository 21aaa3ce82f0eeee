//! Reading a month's inputs and tying them together: every budget holder the config, the
//! ledgers, the commitments and the contracts name must be in the budget; each ledger must
//! come to its control total. Bad ledger lines stop the report unless they are to be
//! skipped, and then are kept as exceptions.

use std::path::Path;

use outturn_input::diagnostic::Diagnostic;
use outturn_input::monitoring::config::{Config, LedgerSource};
use outturn_input::monitoring::ledger::{read_ledger, LedgerSpec, LedgerTotals, Unknown};
use outturn_input::monitoring::tables::{
    read_budget, read_commitments, read_virements, Budget, Commitment, Virement,
};
use outturn_model::calendar::FinancialYear;
use outturn_model::monitoring::{FiscalPeriod, Method};
use outturn_model::{FyCalendar, Money};

use super::contracts::{contract_months, ContractMonths, Registers};
use super::Exceptions;

/// The most bad lines shown with their text, of a ledger that cannot be counted.
pub const SHOWN: usize = 50;

/// Everything a month's report is made from, read and checked.
pub struct Inputs {
    pub config: Config,
    pub budget: Budget,
    pub virements: Vec<Virement>,
    pub commitments: Vec<Commitment>,
    pub ledger: LedgerTotals,
    /// Last year's P1–P12 by budget holder, when the config names last year's ledger.
    pub last_year: Option<LedgerTotals>,
    pub contracts: ContractMonths,
    /// Each budget holder's forecast method.
    pub methods: Vec<Method>,
    pub exceptions: Exceptions,
}

/// Gathers errors from several reads, carrying on past each so all are reported at once.
#[derive(Default)]
struct Errors(Vec<Diagnostic>);

impl Errors {
    fn take<T>(&mut self, r: Result<T, Vec<Diagnostic>>) -> Option<T> {
        r.map_err(|mut e| self.0.append(&mut e)).ok()
    }

    fn one<T>(&mut self, r: Result<T, Diagnostic>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }
}

/// The financial year before `year`.
fn year_before(year: FinancialYear) -> FinancialYear {
    let day_before = year
        .start()
        .pred_opt()
        .expect("years start well inside chrono's range");
    FyCalendar::UK.year_of(day_before)
}

/// Reads everything the config at `path` names.
///
/// # Errors
/// Every problem found in any input, each with its file, line and field.
pub fn load(
    path: &Path,
    skip_bad_rows: bool,
    registers: Registers,
) -> Result<Inputs, Vec<Diagnostic>> {
    let config = outturn_input::monitoring::config::read_config(path)?;
    let mut errors = Errors::default();
    let budget = read_budget(&config.budget, config.year)?;
    let virements = match &config.virements {
        Some(v) => errors.take(read_virements(v, config.year, &budget)),
        None => Some(Vec::new()),
    };
    let commitments = match &config.commitments {
        Some((file, _)) => errors.take(read_commitments(file, &budget)),
        None => Some(Vec::new()),
    };
    check_names(&config, &budget, &mut errors);
    let mut exceptions = Exceptions::default();
    let (ledger, last_year) = ledgers(
        &config,
        &budget,
        skip_bad_rows,
        &mut exceptions,
        &mut errors,
    );
    let contracts = errors.take(contract_months(
        &config,
        &budget,
        (skip_bad_rows, registers),
        &mut exceptions,
    ));
    let methods = contracts
        .as_ref()
        .and_then(|c| errors.take(methods(&config, &budget, c)));
    let (
        Some(virements),
        Some(commitments),
        Some(ledger),
        Some(last_year),
        Some(contracts),
        Some(methods),
    ) = (
        virements,
        commitments,
        ledger,
        last_year,
        contracts,
        methods,
    )
    else {
        return Err(errors.0);
    };
    if !errors.0.is_empty() {
        return Err(errors.0);
    }
    Ok(Inputs {
        config,
        budget,
        virements,
        commitments,
        ledger,
        last_year,
        contracts,
        methods,
        exceptions,
    })
}

/// This year's ledger to the last period of actuals, and last year's whole, if named.
fn ledgers(
    config: &Config,
    budget: &Budget,
    skip_bad_rows: bool,
    exceptions: &mut Exceptions,
    errors: &mut Errors,
) -> (Option<LedgerTotals>, Option<Option<LedgerTotals>>) {
    // At P12 the year's actuals run on into P13, the period of year-end adjustments.
    let last = if config.period == 12 {
        13
    } else {
        config.period
    };
    let this_year = Extract {
        source: &config.ledger,
        year: config.year,
        last_period: last,
        unknown: Unknown::Refuse,
    };
    let ledger = errors.take(this_year.read(config, budget, skip_bad_rows, exceptions));
    let last_year = match &config.last_year {
        Some(source) => {
            let extract = Extract {
                source,
                year: year_before(config.year),
                last_period: 13,
                unknown: Unknown::PassOver,
            };
            errors
                .take(extract.read(config, budget, skip_bad_rows, exceptions))
                .map(Some)
        }
        None => Some(None),
    };
    (ledger, last_year)
}

/// Every budget holder the config names must be in the budget.
fn check_names(config: &Config, budget: &Budget, errors: &mut Errors) {
    for named in config
        .methods
        .iter()
        .map(|(n, _)| n)
        .chain(config.adjustments.iter().map(|a| &a.cost_centre))
        .chain(config.savings.iter().map(|s| &s.cost_centre))
    {
        errors.one(config.holder(named, budget));
    }
}

/// Each budget holder's forecast method: as the config states it, else contracts only for a
/// holder with contracts, else the default.
fn methods(
    config: &Config,
    budget: &Budget,
    contracts: &ContractMonths,
) -> Result<Vec<Method>, Vec<Diagnostic>> {
    let mut methods: Vec<Method> = (0..budget.holders.len())
        .map(|h| {
            if contracts.has(h) {
                Method::ContractsOnly
            } else {
                config.default_method
            }
        })
        .collect();
    let mut errors = Vec::new();
    for (named, method) in &config.methods {
        let Ok(h) = config.holder(named, budget) else {
            continue;
        };
        if *method == Method::BudgetProfile && contracts.has(h as usize) {
            errors.push(config.at(named.span.clone(), &named.field, format!("`{}` has contracts, and a budget profile forecasts the whole cost centre as budgeted; use straight-line, last-year or contracts-only for the spend beside the contracts", named.code)));
        }
        if *method == Method::LastYear && config.last_year.is_none() {
            errors.push(config.at(named.span.clone(), &named.field, "the last-year method needs last year's ledger: add a [last_year] table naming its file"));
        }
        methods[h as usize] = *method;
    }
    if config.default_method == Method::LastYear && config.last_year.is_none() {
        errors.push(Diagnostic::file(&config.path, "forecast.default: the last-year method needs last year's ledger: add a [last_year] table naming its file"));
    }
    if errors.is_empty() {
        Ok(methods)
    } else {
        Err(errors)
    }
}

/// A ledger extract to read: this year's, or last year's for its profile.
struct Extract<'a> {
    source: &'a LedgerSource,
    year: FinancialYear,
    last_period: u8,
    unknown: Unknown,
}

impl Extract<'_> {
    /// Reads the ledger and checks it against its control totals.
    fn read(
        &self,
        config: &Config,
        budget: &Budget,
        skip_bad_rows: bool,
        exceptions: &mut Exceptions,
    ) -> Result<LedgerTotals, Vec<Diagnostic>> {
        let Extract {
            source,
            year,
            last_period,
            unknown,
        } = *self;
        let what = if unknown == Unknown::Refuse {
            "the ledger"
        } else {
            "last year's ledger"
        };
        let totals = read_ledger(&LedgerSpec {
            path: &source.file,
            what,
            columns: source.columns.clone(),
            year,
            last_period,
            holders: &budget.index,
            unknown,
        })
        .map_err(|d| vec![d])?;
        let bad: Vec<Diagnostic> = totals
            .bad
            .iter()
            .take(SHOWN)
            .map(|b| b.diagnostic(&source.file))
            .collect();
        let more = totals.bad.len().saturating_sub(SHOWN);
        // Saturating: only an absurd file could reach i64's limit, and its control total
        // would then fail; it must not panic.
        let readable = totals
            .bad
            .iter()
            .filter_map(|b| b.pennies)
            .fold(0i64, i64::saturating_add);
        let unreadable = totals
            .bad
            .iter()
            .filter(|b| b.pennies.is_none() && b.blank.is_none())
            .count();
        let mut problems = bad;
        if more > 0 {
            problems.push(Diagnostic::file(
                &source.file,
                format!(
                    "and {more} more lines that cannot be counted (the first {SHOWN} are shown)"
                ),
            ));
        }
        problems.extend(self.control_problems(config, &totals, readable, unreadable));
        if problems.is_empty() {
            return Ok(totals);
        }
        if !skip_bad_rows {
            return Err(problems);
        }
        exceptions.lines += totals.bad.len() as u64;
        exceptions.pennies = exceptions.pennies.saturating_add(readable);
        exceptions.unreadable += unreadable as u64;
        exceptions.shown.extend(problems);
        Ok(totals)
    }
}

impl Extract<'_> {
    /// The ledger's lines and total (skipped lines' readable amounts included) against the
    /// control count and total the config states.
    fn control_problems(
        &self,
        config: &Config,
        totals: &LedgerTotals,
        readable: i64,
        unreadable: usize,
    ) -> Vec<Diagnostic> {
        let source = self.source;
        let field = if self.unknown == Unknown::Refuse {
            "ledger"
        } else {
            "last_year"
        };
        let mut problems = Vec::new();
        if let Some((lines, span)) = &source.control_lines {
            if totals.lines != *lines {
                problems.push(config.at(span.clone(), &format!("{field}.control_lines"), format!("{} has {} lines, not the {lines} its control count states; check the extract is complete", source.file.display(), totals.lines)));
            }
        }
        if let Some((stated, span)) = &source.control_total {
            let read = Money::from_pennies(totals.total.saturating_add(readable));
            if read != *stated {
                let skipped = if totals.bad.is_empty() {
                    String::new()
                } else {
                    format!(" (skipped lines included, {unreadable} of them with no amount that can be read)")
                };
                problems.push(config.at(span.clone(), &format!("{field}.control_total"), format!("the lines of {} come to {read}{skipped}, not the control total {stated}: a difference of {}; check the extract is complete", source.file.display(), read - *stated)));
            }
        }
        problems
    }
}

/// The last day of period `period` (1 to 12) of `year`.
pub fn period_end(year: FinancialYear, period: u8) -> chrono::NaiveDate {
    let next = FiscalPeriod::new(period + 1)
        .and_then(|p| p.month_start(year))
        .unwrap_or_else(|| year.next().start());
    next.pred_opt().expect("a month start has a day before it")
}
