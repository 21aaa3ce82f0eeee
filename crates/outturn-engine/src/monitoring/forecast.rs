//! Each budget holder's year: the latest budget and its profile, the actuals to date, and the
//! forecast of the months to come by component (contracts, the stated method for the spend
//! beside them, savings slippage, adjustments), with the commitments counted by the stated
//! rule.
//!
//! The spend a method forecasts is the spend the contracts do not explain: the actuals to
//! date less what the contracts' scenarios put in those months. A holder with no contracts
//! has all its actuals forecast by its method.

use std::collections::BTreeMap;

use outturn_input::diagnostic::Diagnostic;
use outturn_model::monitoring::{
    by_last_year, even, straight_line, CommitmentRule, Component, FiscalPeriod, Method, MethodName,
    MONTHS, PERIODS,
};
use outturn_model::Money;

use super::load::{period_end, Inputs};

/// A budget holder's budget, actuals and forecast, before roll-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolderYear {
    pub method: Method,
    pub has_contracts: bool,
    pub original: Money,
    /// Virements dated on or before the end of the report's period.
    pub virements: Money,
    pub latest: Money,
    /// The latest budget by month, P1 to P12.
    pub profile: [Money; 12],
    /// Actuals and the forecast's components, by period (P1 to P13).
    pub parts: BTreeMap<Component, [Money; PERIODS]>,
    /// Orders raised and not yet paid.
    pub commitments: Money,
    /// The commitments counted in the outturn, by the config's rule.
    pub commitments_counted: Money,
    /// Whether a savings plan's shortfall is added to the forecast: the forecast assumes the
    /// plan delivers (a contract's scenario takes the saving, or the budget profile has it).
    pub adds_slippage: bool,
}

impl HolderYear {
    fn sum(&self, keep: impl Fn(Component) -> bool) -> Money {
        self.parts
            .iter()
            .filter(|(c, _)| keep(**c))
            .flat_map(|(_, months)| months.iter().copied())
            .sum()
    }

    pub fn actual(&self) -> Money {
        self.sum(|c| c == Component::Actual)
    }

    /// The forecast of the months to come.
    pub fn forecast(&self) -> Money {
        self.sum(|c| c != Component::Actual)
    }

    /// Actual to date, plus the forecast, plus the commitments counted.
    pub fn outturn(&self) -> Money {
        self.actual() + self.forecast() + self.commitments_counted
    }

    fn add(&mut self, component: Component, first: usize, amounts: &[Money]) {
        let months = self
            .parts
            .entry(component)
            .or_insert([Money::ZERO; PERIODS]);
        for (slot, m) in months[first..].iter_mut().zip(amounts) {
            *slot += *m;
        }
    }
}

fn money(pennies: &[i64]) -> Vec<Money> {
    pennies.iter().copied().map(Money::from_pennies).collect()
}

/// The latest budget's profile: the file's profile (or the budget evenly over twelve
/// months), plus each virement to date spread evenly from its month to P12.
fn profile(inputs: &Inputs, h: usize) -> ([Money; 12], Money) {
    let holder = &inputs.budget.holders[h];
    let mut months = holder.profile.unwrap_or_else(|| {
        let mut m = [Money::ZERO; 12];
        m.copy_from_slice(&even(holder.original, 12));
        m
    });
    let (year, end) = (
        inputs.config.year,
        period_end(inputs.config.year, inputs.config.period),
    );
    let mut virements = Money::ZERO;
    for v in inputs
        .virements
        .iter()
        .filter(|v| v.holder as usize == h && v.date <= end)
    {
        let first = FiscalPeriod::of_date(year, v.date)
            .expect("virements are in the year")
            .index();
        for (slot, m) in months[first..].iter_mut().zip(even(v.amount, 12 - first)) {
            *slot += m;
        }
        virements += v.amount;
    }
    (months, virements)
}

/// Each budget holder's year, in the budget's order.
///
/// # Errors
/// A method that cannot forecast a holder (last year's profile mixing spend and income, or
/// nothing last year to date), or an adjustment with no month left to fall in.
pub fn holder_years(inputs: &Inputs) -> Result<Vec<HolderYear>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let years: Vec<HolderYear> = (0..inputs.budget.holders.len())
        .filter_map(|h| holder_year(inputs, h).map_err(|e| errors.push(e)).ok())
        .collect();
    if errors.is_empty() {
        Ok(years)
    } else {
        Err(errors)
    }
}

fn holder_year(inputs: &Inputs, h: usize) -> Result<HolderYear, Diagnostic> {
    let config = &inputs.config;
    let m = usize::from(config.period);
    let holder = &inputs.budget.holders[h];
    let (profile, virements) = profile(inputs, h);
    let contracts = inputs.contracts.by_holder[h];
    let method = inputs.methods[h];
    let commitments: Money = inputs
        .commitments
        .iter()
        .filter(|c| c.holder as usize == h)
        .map(|c| c.amount)
        .sum();
    let rule = config
        .commitments
        .as_ref()
        .map(|(_, rule)| *rule)
        .unwrap_or_default();
    let counted = match rule {
        CommitmentRule::Shown => false,
        CommitmentRule::Added => true,
        CommitmentRule::AddedWhereNoContract => contracts.is_none(),
    };
    let mut year = HolderYear {
        method,
        has_contracts: contracts.is_some(),
        original: holder.original,
        virements,
        latest: holder.original + virements,
        profile,
        parts: BTreeMap::new(),
        commitments,
        commitments_counted: if counted { commitments } else { Money::ZERO },
        adds_slippage: contracts.is_some() || method == Method::BudgetProfile,
    };
    let actual = &inputs.ledger.by_holder[h];
    year.add(Component::Actual, 0, &money(actual));
    // What the contracts put in the months to date: the spend they explain.
    let mut explained = 0;
    if let Some(c) = contracts {
        year.add(Component::Contract, m, &money(&c.cost[m..]));
        year.add(Component::ContractSaving, m, &money(&c.saving[m..]));
        explained = c.cost[..m].iter().chain(&c.saving[..m]).sum();
    }
    let beside = Money::from_pennies(actual.iter().sum::<i64>() - explained);
    if let Some((name, amounts)) = by_method(inputs, h, beside)? {
        year.add(Component::Method(name), m, &amounts);
    }
    add_stated(inputs, h, &mut year)?;
    Ok(year)
}

/// The months to come of the spend beside the contracts (`beside`, to date), by the
/// holder's method; `None` for contracts only.
fn by_method(
    inputs: &Inputs,
    h: usize,
    beside: Money,
) -> Result<Option<(MethodName, Vec<Money>)>, Diagnostic> {
    let (config, method) = (&inputs.config, inputs.methods[h]);
    let fail = |e: outturn_model::monitoring::RuleError| {
        let code = &inputs.budget.holders[h].code;
        Diagnostic::file(&config.path, format!("{code}: forecast by {method}: {e}"))
    };
    let elapsed = config.period;
    Ok(Some(match method {
        Method::ContractsOnly => return Ok(None),
        Method::StraightLine => (
            MethodName::StraightLine,
            straight_line(beside, elapsed).map_err(fail)?,
        ),
        Method::LastYear => {
            let ly = inputs
                .last_year
                .as_ref()
                .map(|l| l.by_holder[h])
                .unwrap_or_default();
            let mut months = [Money::ZERO; 12];
            months.copy_from_slice(&money(&ly[..12]));
            (
                MethodName::LastYear,
                by_last_year(beside, &months, elapsed).map_err(fail)?,
            )
        }
        Method::BudgetProfile => {
            let (profile, _) = profile(inputs, h);
            (
                MethodName::BudgetProfile,
                profile[usize::from(elapsed)..].to_vec(),
            )
        }
    }))
}

/// The savings slippage (where the forecast assumes the plans deliver) and the adjustments
/// the config states for holder `h`.
fn add_stated(inputs: &Inputs, h: usize, year: &mut HolderYear) -> Result<(), Diagnostic> {
    let config = &inputs.config;
    let m = usize::from(config.period);
    let remaining = usize::from(MONTHS) - m;
    let mine = |named: &outturn_input::monitoring::config::Named| {
        config.holder(named, &inputs.budget).ok() == Some(h as u32)
    };
    if year.adds_slippage {
        for plan in config.savings.iter().filter(|s| mine(&s.cost_centre)) {
            let shortfall = outturn_model::monitoring::shortfall(plan.planned, plan.forecast);
            year.add(Component::SavingsSlippage, m, &even(shortfall, remaining));
        }
    }
    for a in config.adjustments.iter().filter(|a| mine(&a.cost_centre)) {
        let component = Component::Adjustment(a.cause);
        match a.period {
            Some(p) => year.add(component, usize::from(p) - 1, &[a.amount]),
            None if remaining == 0 => {
                return Err(config.at(
                    a.cost_centre.span.clone(),
                    "adjustments",
                    "the report is at P12, so no months remain for an adjustment to fall in",
                ));
            }
            None => year.add(component, m, &even(a.amount, remaining)),
        }
    }
    Ok(())
}
