//! Budget monitoring: a month's forecast outturn by budget holder, rolled up to services,
//! directorates and the whole council, against the latest budget, with variances, RAG
//! ratings, savings delivery and the movement since the last month by cause.
//!
//! The flow: `load` reads the config and every file it names and ties them together;
//! `contracts` projects the contracts by month; `forecast` makes each budget holder's year
//! (actuals to date, then the forecast by component); `report` adds holders up the hierarchy
//! and rates them; `movement` compares with the previous month's saved forecast. The money
//! rules are the model's (`outturn_model::monitoring`). Everything returned is plain data.

pub mod contracts;
pub mod forecast;
pub mod load;
pub mod movement;
pub mod report;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use outturn_input::diagnostic::Diagnostic;
pub use outturn_input::monitoring::config::Levels;
use outturn_input::monitoring::saved::read_saved;
use outturn_model::calendar::FinancialYear;
use outturn_model::monitoring::{CommitmentRule, SavingStatus, VarianceSign};
use outturn_model::Money;

pub use contracts::Registers;
pub use forecast::HolderYear;
pub use report::{Figures, Level, Previous, Row};

/// How to make the report.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Go on past ledger lines (and register rows) that cannot be counted, keeping them as
    /// exceptions.
    pub skip_bad_rows: bool,
    /// The previous month's saved forecast, to measure the movement from.
    pub previous: Option<PathBuf>,
    /// How the contract registers are read.
    pub registers: Registers,
}

/// What could not be counted, when the report goes on past it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exceptions {
    /// Errors as they would have been reported, the first few with their line's text.
    pub shown: Vec<Diagnostic>,
    /// Lines skipped in all.
    pub lines: u64,
    /// The amounts of the skipped lines that could be read, in pennies.
    pub pennies: i64,
    /// Skipped lines whose amount could not be read.
    pub unreadable: u64,
}

/// A ledger as read: for the notes under a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerSummary {
    pub path: PathBuf,
    pub lines: u64,
    pub counted: u64,
    /// Lines of another ledger (budget or encumbrance balances), left out.
    pub left_out: u64,
    pub total: Money,
    pub control_total: Option<Money>,
}

/// A savings plan's delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavingRow {
    pub name: String,
    pub cost_centre: String,
    pub planned: Money,
    pub delivered: Money,
    pub forecast: Money,
    pub shortfall: Money,
    pub status: SavingStatus,
    /// Whether the shortfall is in the forecast outturn (see [`HolderYear::adds_slippage`]).
    pub in_forecast: bool,
}

/// A virement dated after the report's period: not yet in the latest budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaterVirement {
    pub date: NaiveDate,
    pub cost_centre: String,
    pub amount: Money,
    pub reference: String,
}

/// A month's budget monitoring report.
#[derive(Debug, Clone)]
pub struct Monitoring {
    pub title: String,
    pub config: PathBuf,
    pub year: FinancialYear,
    /// The last period of actuals.
    pub period: u8,
    /// The period of the previous forecast, when the movement is measured from one.
    pub previous_period: Option<u8>,
    pub sign: VarianceSign,
    pub commitment_rule: Option<CommitmentRule>,
    /// The RAG thresholds of each level, as the config states them.
    pub rag: Levels,
    /// Budget holders, each service, directorate and the council, in reporting order: each
    /// service's holders then its total, each directorate's services then its total, the
    /// council's total last.
    pub rows: Vec<Row>,
    /// Each budget holder's code and year, in the budget's order.
    pub holders: Vec<(String, HolderYear)>,
    pub savings: Vec<SavingRow>,
    pub ledger: LedgerSummary,
    pub later_virements: Vec<LaterVirement>,
    pub exceptions: Exceptions,
}

/// Makes the report the monitoring config at `path` describes.
///
/// # Errors
/// Every problem in any input, each with its file, line and field; nothing is reported when
/// any input is wrong (unless `skip_bad_rows` lets bad ledger lines be skipped).
pub fn monitor(path: &Path, options: &Options) -> Result<Monitoring, Vec<Diagnostic>> {
    let inputs = load::load(path, options.skip_bad_rows, options.registers)?;
    let years = forecast::holder_years(&inputs)?;
    let config = &inputs.config;
    let holders: Vec<(String, HolderYear)> = inputs
        .budget
        .holders
        .iter()
        .map(|h| h.code.clone())
        .zip(years)
        .collect();
    let previous = match &options.previous {
        Some(file) => Some((file, read_saved(file)?)),
        None => None,
    };
    let previous_period = previous.as_ref().map(|(_, s)| s.period);
    let movements = match &previous {
        Some((file, saved)) => Some(movement::movements(
            file,
            saved,
            config.year,
            config.period,
            &holders,
        )?),
        None => None,
    };
    let rows = report::rows(&inputs, &holders, movements.as_deref());
    let end = load::period_end(config.year, config.period);
    Ok(Monitoring {
        title: config.title.clone(),
        config: config.path.clone(),
        year: config.year,
        period: config.period,
        previous_period,
        sign: config.sign,
        commitment_rule: config.commitments.as_ref().map(|(_, r)| *r),
        rag: config.rag,
        rows,
        savings: report::savings(&inputs, &holders),
        ledger: LedgerSummary {
            path: inputs.ledger.path.clone(),
            lines: inputs.ledger.lines,
            counted: inputs.ledger.counted,
            left_out: inputs.ledger.left_out,
            total: Money::from_pennies(inputs.ledger.total),
            control_total: config.ledger.control_total.as_ref().map(|(m, _)| *m),
        },
        later_virements: inputs
            .virements
            .iter()
            .filter(|v| v.date > end)
            .map(|v| LaterVirement {
                date: v.date,
                cost_centre: inputs.budget.holders[v.holder as usize].code.clone(),
                amount: v.amount,
                reference: v.reference.clone(),
            })
            .collect(),
        exceptions: inputs.exceptions,
        holders,
    })
}
