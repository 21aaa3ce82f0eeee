//! The model's typed errors. The runner adds the file, line and field, and picks exit codes.
//!
//! An error found while projecting names what it concerns ([`ModelError::subject`]): a line,
//! a line's funding or a saving, so the reader can point at it in the file.

use chrono::NaiveDate;
use thiserror::Error;

use crate::calendar::FinancialYear;

/// What in a scenario an error concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Line,
    /// A line's funding entries.
    Funding,
    Saving,
}

/// What can go wrong building or projecting a scenario. Messages are lowercase and say what
/// was expected, so the runner can show them after the file and field they came from.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ModelError {
    #[error("the end date {end} is before the start date {start}")]
    EndBeforeStart { start: NaiveDate, end: NaiveDate },
    #[error("a term must be at least one month long")]
    EmptyTerm,
    #[error(
        "extension {extension} has 0 months; an extension is a whole number of months, at least 1"
    )]
    EmptyExtension { extension: u32 },
    #[error("extension {extension} is taken but the extension before it is not; an extension can only follow one that is taken")]
    ExtensionAfterUntaken { extension: u32 },
    #[error("a date falls outside the supported range")]
    DateOutOfRange,
    #[error("the uplift schedule of line `{line}` has {given} rate(s) but the term needs {needed}; give one rate for each uplift date")]
    UpliftScheduleTooShort {
        line: String,
        given: usize,
        needed: usize,
    },
    #[error("line `{line}` states no amount for {year}, which its contract covers; state every year of the term (0 for none)")]
    MissingYearAmount { line: String, year: FinancialYear },
    #[error("line `{line}` states an amount for {year}, which its contract does not cover")]
    YearOutsideTerm { line: String, year: FinancialYear },
    #[error("saving `{saving}` applies in {year}, when nothing it is against is in contract")]
    SavingOutsideTerm { saving: String, year: FinancialYear },
    #[error("`{name}` names line `{target}`, which the scenario does not have")]
    UnknownLine { name: String, target: String },
    #[error("`{name}` names budget `{target}`, which no line of the scenario has")]
    UnknownBudget { name: String, target: String },
    #[error("`{name}` names phase `{target}`, which the scenario does not have")]
    UnknownPhase { name: String, target: String },
    #[error("line `{line}` gives no volume for {year}, which its contract covers; give a count for each year of the term")]
    MissingVolume { line: String, year: FinancialYear },
    #[error("line `{line}` gives a volume for {year}, which its contract does not cover")]
    VolumeOutsideTerm { line: String, year: FinancialYear },
    #[error("line `{line}` is a share of line `{target}`, {why}")]
    BadShareOf {
        line: String,
        target: String,
        why: &'static str,
    },
    #[error(
        "line `{line}` states a total over {phase}, which is not a taken phase of its contract"
    )]
    TotalOverUntakenPhase { line: String, phase: String },
    #[error("index `{index}` gives no value for {month}, which an uplift date needs; add that month to the index under [[indices]]")]
    IndexMissing { index: String, month: String },
    #[error("appraisal: {0}")]
    Appraisal(String),
    #[error("an amount is too large to compute exactly")]
    Overflow,
    #[error("the break date {on} is outside the taken term, {start} to {end}")]
    BreakOutsideTerm {
        on: NaiveDate,
        start: NaiveDate,
        end: NaiveDate,
    },
    #[error("a break needs at least 1 month's notice")]
    NoNotice,
    #[error("notice of a break on {on} with {months} months' notice must be served by {notice}, before the contract starts on {start}")]
    NoticeBeforeStart {
        on: NaiveDate,
        months: u32,
        notice: NaiveDate,
        start: NaiveDate,
    },
    #[error("funding of line `{line}`: {message}")]
    Funding { line: String, message: String },
    #[error("funding of line `{line}`: the fixed amounts in {year} add to {fixed}, more than the {available} of its cost that percentage shares leave")]
    FundingExceedsCost {
        line: String,
        year: FinancialYear,
        fixed: crate::money::Money,
        available: crate::money::Money,
    },
    /// An error without a name of its own (an amount too large, a date out of range), met
    /// while projecting the line or saving `name`.
    #[error("{error}")]
    Concerning {
        subject: Subject,
        name: String,
        error: Box<ModelError>,
    },
}

impl ModelError {
    /// The line, funding or saving the error concerns, and its name, when it names one.
    pub fn subject(&self) -> Option<(Subject, &str)> {
        match self {
            ModelError::UpliftScheduleTooShort { line, .. }
            | ModelError::MissingYearAmount { line, .. }
            | ModelError::YearOutsideTerm { line, .. }
            | ModelError::MissingVolume { line, .. }
            | ModelError::VolumeOutsideTerm { line, .. }
            | ModelError::BadShareOf { line, .. }
            | ModelError::TotalOverUntakenPhase { line, .. } => Some((Subject::Line, line)),
            ModelError::Funding { line, .. } | ModelError::FundingExceedsCost { line, .. } => {
                Some((Subject::Funding, line))
            }
            ModelError::SavingOutsideTerm { saving, .. } => Some((Subject::Saving, saving)),
            ModelError::Concerning { subject, name, .. } => Some((*subject, name)),
            _ => None,
        }
    }

    /// The error, naming `name` as what it concerns unless it already names something.
    pub(crate) fn concerning(self, subject: Subject, name: &str) -> ModelError {
        if self.subject().is_some() {
            return self;
        }
        ModelError::Concerning {
            subject,
            name: name.to_string(),
            error: Box::new(self),
        }
    }
}
