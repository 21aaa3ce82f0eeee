//! The monitoring config: one TOML file naming a month's inputs (budget, virements, ledger,
//! commitments, last year's ledger, contracts) and stating the council's rules (forecast
//! methods, adjustments, savings plans, RAG thresholds, the sign of a variance). Files are
//! named relative to the config.
//!
//! ```toml
//! title = "Day opportunities: revenue monitoring"
//! year = "2022-23"
//! period = 6                              # actuals to the end of P6 (September)
//! budget = "budget.csv"
//! virements = "virements.csv"
//!
//! [ledger]
//! file = "ledger-p06.csv"
//! profile = "generic"                     # generic, unit4, oracle, sap, transparency
//! control_total = "£5,842,110.18"         # the extract's stated total, checked
//!
//! [commitments]
//! file = "commitments.csv"
//! counted = "where-no-contract"           # no, yes, where-no-contract
//!
//! [forecast]
//! default = "straight-line"               # straight-line, last-year, budget-profile
//! methods = { LD-COMM = "budget-profile" }
//!
//! [[contracts]]
//! scenario = "../22-00034-community-opportunities.toml"
//! map = [{ budget = "26+", cost_centre = "LD26-DAY" }]
//!
//! [rag.cost_centre]
//! red = { percent = "5%", amount = "£100,000", whichever = "lower" }
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use outturn_model::amount::{parse_percent, parse_printed};
use outturn_model::calendar::FinancialYear;
use outturn_model::monitoring::{
    AdjustmentCause, CommitmentRule, Method, RagRule, Threshold, VarianceSign, Whichever,
};
use outturn_model::scenario::LineKind;
use outturn_model::{FyCalendar, Money};
use rust_decimal::Decimal;
use serde::Deserialize;
use toml::{Spanned, Value};

use super::ledger::{Columns, Profile, Renames};
use super::tables::Budget;
use crate::diagnostic::{Diagnostic, Source};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Spanned<String>,
    year: Spanned<String>,
    period: Spanned<i64>,
    variance_sign: Option<Spanned<String>>,
    budget: Spanned<String>,
    virements: Option<Spanned<String>>,
    ledger: RawLedger,
    last_year: Option<RawLedger>,
    commitments: Option<RawCommitments>,
    forecast: Option<RawForecast>,
    #[serde(default)]
    contracts: Vec<RawContracts>,
    #[serde(default)]
    adjustments: Vec<RawAdjustment>,
    #[serde(default)]
    savings: Vec<RawSaving>,
    #[serde(default)]
    rag: RawRag,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLedger {
    file: Spanned<String>,
    profile: Option<Spanned<String>>,
    control_total: Option<Spanned<Value>>,
    control_lines: Option<Spanned<i64>>,
    #[serde(default)]
    columns: RawColumns,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawColumns {
    cost_centre: Option<String>,
    period: Option<String>,
    financial_year: Option<String>,
    date: Option<String>,
    amount: Option<String>,
    debit: Option<String>,
    credit: Option<String>,
    indicator: Option<String>,
    ledger: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommitments {
    file: Spanned<String>,
    counted: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForecast {
    default: Option<Spanned<String>>,
    #[serde(default)]
    methods: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContracts {
    scenario: Option<Spanned<String>>,
    register: Option<Spanned<String>>,
    cost_centre_column: Option<Spanned<String>>,
    #[serde(default)]
    map: Vec<RawMap>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMap {
    budget: Spanned<String>,
    kind: Option<Spanned<String>>,
    cost_centre: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdjustment {
    cost_centre: Spanned<String>,
    period: Option<Spanned<i64>>,
    amount: Spanned<Value>,
    cause: Spanned<String>,
    reason: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSaving {
    name: Spanned<String>,
    cost_centre: Spanned<String>,
    planned: Spanned<Value>,
    delivered: Spanned<Value>,
    forecast: Spanned<Value>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRag {
    cost_centre: Option<RawLevel>,
    service: Option<RawLevel>,
    directorate: Option<RawLevel>,
    council: Option<RawLevel>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    red: Spanned<RawThreshold>,
    amber: Option<Spanned<RawThreshold>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThreshold {
    percent: Option<Spanned<String>>,
    amount: Option<Spanned<Value>>,
    whichever: Option<Spanned<String>>,
}

/// A budget holder named in the config, with where, to point at it if it is not in the budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub code: String,
    pub span: Range<usize>,
    /// The config field it is in (`adjustments.cost_centre`).
    pub field: String,
}

/// A ledger to read, and the totals it must come to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerSource {
    pub file: PathBuf,
    pub columns: Columns,
    pub control_total: Option<(Money, Range<usize>)>,
    pub control_lines: Option<(u64, Range<usize>)>,
}

/// Where the contracts' forecasts come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContractSource {
    /// A scenario file, projected by month; its budgets charged to budget holders by `map`.
    Scenario {
        path: PathBuf,
        span: Range<usize>,
        map: Vec<BudgetMap>,
    },
    /// A contract register, projected by month and totalled by the column naming each
    /// contract's budget holder.
    Register {
        path: PathBuf,
        span: Range<usize>,
        column: String,
    },
}

/// A scenario budget (and line kind, if given) charged to a budget holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetMap {
    pub budget: String,
    pub kind: Option<LineKind>,
    pub cost_centre: Named,
}

/// A one-off change to a budget holder's forecast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    pub cost_centre: Named,
    /// The period it falls in; without one it is spread evenly over the months to come.
    pub period: Option<u8>,
    pub amount: Money,
    pub cause: AdjustmentCause,
    pub reason: String,
}

/// A savings plan and how it is going.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavingPlan {
    pub name: String,
    pub cost_centre: Named,
    pub planned: Money,
    pub delivered: Money,
    pub forecast: Money,
}

/// The RAG thresholds of each level of the hierarchy; a level without them is not rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Levels {
    pub cost_centre: Option<RagRule>,
    pub service: Option<RagRule>,
    pub directorate: Option<RagRule>,
    pub council: Option<RagRule>,
}

/// A monitoring config, read and checked.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    text: String,
    pub title: String,
    pub year: FinancialYear,
    /// The last period of actuals, 1 to 12.
    pub period: u8,
    pub sign: VarianceSign,
    pub budget: PathBuf,
    pub virements: Option<PathBuf>,
    pub ledger: LedgerSource,
    pub last_year: Option<LedgerSource>,
    pub commitments: Option<(PathBuf, CommitmentRule)>,
    pub default_method: Method,
    pub methods: Vec<(Named, Method)>,
    pub contracts: Vec<ContractSource>,
    pub adjustments: Vec<Adjustment>,
    pub savings: Vec<SavingPlan>,
    pub rag: Levels,
}

impl Config {
    /// An error at `span` of the config.
    pub fn at(&self, span: Range<usize>, field: &str, message: impl Into<String>) -> Diagnostic {
        Source {
            path: &self.path,
            text: &self.text,
        }
        .at(span, field, message)
    }

    /// The place in the budget of the budget holder `named`, or an error pointing at it.
    pub fn holder(&self, named: &Named, budget: &Budget) -> Result<u32, Diagnostic> {
        budget.index.get(named.code.as_bytes()).copied().ok_or_else(|| {
            self.at(
                named.span.clone(),
                &named.field,
                format!(
                    "`{}` is not a budget holder in the budget file {}; correct the code or add it there",
                    named.code,
                    budget.path.display()
                ),
            )
        })
    }
}

/// Reads the monitoring config at `path`.
///
/// # Errors
/// The file cannot be read, is not TOML, or states something that cannot be: every problem
/// found, each with its line, column and field.
pub fn read_config(path: &Path) -> Result<Config, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic::file(
            path,
            format!("could not read the monitoring config: {e}"),
        )]
    })?;
    let source = Source { path, text: &text };
    let raw: RawConfig = toml::from_str(&text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        vec![source.at(span, "", e.message().trim().to_string())]
    })?;
    let mut v = Validator {
        source,
        dir: path.parent().unwrap_or(Path::new("")).to_path_buf(),
        errors: Vec::new(),
    };
    let config = v.config(raw, path, &text);
    match config {
        Some(c) if v.errors.is_empty() => Ok(c),
        _ => Err(v.errors),
    }
}

struct Validator<'a> {
    source: Source<'a>,
    dir: PathBuf,
    errors: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn error<T>(
        &mut self,
        span: Range<usize>,
        field: &str,
        message: impl Into<String>,
    ) -> Option<T> {
        self.errors.push(self.source.at(span, field, message));
        None
    }

    fn file(&mut self, raw: &Spanned<String>, field: &str) -> Option<PathBuf> {
        if raw.get_ref().trim().is_empty() {
            return self.error(
                raw.span(),
                field,
                "expected a file name, found an empty text",
            );
        }
        Some(self.dir.join(raw.get_ref()))
    }

    fn named(raw: &Spanned<String>, field: &str) -> Named {
        Named {
            code: raw.get_ref().trim().to_string(),
            span: raw.span(),
            field: field.to_string(),
        }
    }

    fn config(&mut self, raw: RawConfig, path: &Path, text: &str) -> Option<Config> {
        let (year, period) = self.year_and_period(&raw);
        let sign = self.variance_sign(raw.variance_sign.as_ref());
        if raw.title.get_ref().trim().is_empty() {
            self.error::<()>(
                raw.title.span(),
                "title",
                "expected a title, found an empty text",
            );
        }
        let budget = self.file(&raw.budget, "budget");
        let virements = raw
            .virements
            .as_ref()
            .and_then(|f| self.file(f, "virements"));
        let ledger = self.ledger(&raw.ledger, "ledger");
        let last_year = match &raw.last_year {
            None => Some(None),
            Some(l) => self.ledger(l, "last_year").map(Some),
        };
        let commitments = match &raw.commitments {
            None => Some(None),
            Some(c) => self.commitments(c).map(Some),
        };
        let (default_method, methods) = self.forecast(raw.forecast.as_ref());
        let contracts: Vec<Option<ContractSource>> =
            raw.contracts.iter().map(|c| self.contracts(c)).collect();
        let adjustments: Vec<Option<Adjustment>> = raw
            .adjustments
            .iter()
            .map(|a| self.adjustment(a, period))
            .collect();
        let savings: Vec<Option<SavingPlan>> = raw.savings.iter().map(|s| self.saving(s)).collect();
        let rag = self.rag(&raw.rag);
        Some(Config {
            path: path.to_path_buf(),
            text: text.to_string(),
            title: raw.title.get_ref().trim().to_string(),
            year: year?,
            period: period?,
            sign: sign?,
            budget: budget?,
            virements,
            ledger: ledger?,
            last_year: last_year?,
            commitments: commitments?,
            default_method: default_method?,
            methods: methods?,
            contracts: contracts.into_iter().collect::<Option<_>>()?,
            adjustments: adjustments.into_iter().collect::<Option<_>>()?,
            savings: savings.into_iter().collect::<Option<_>>()?,
            rag: rag?,
        })
    }

    /// The financial year and the last period of actuals.
    fn year_and_period(&mut self, raw: &RawConfig) -> (Option<FinancialYear>, Option<u8>) {
        let year = FyCalendar::UK.parse_year(raw.year.get_ref()).or_else(|| {
            self.error(
                raw.year.span(),
                "year",
                format!(
                    "expected a financial year such as \"2022-23\", found `{}`",
                    raw.year.get_ref()
                ),
            )
        });
        let period = u8::try_from(*raw.period.get_ref())
            .ok()
            .filter(|p| (1..=12).contains(p))
            .or_else(|| {
                self.error(
                    raw.period.span(),
                    "period",
                    format!(
                        "expected the last period of actuals, 1 to 12, found {}",
                        raw.period.get_ref()
                    ),
                )
            });
        (year, period)
    }

    fn variance_sign(&mut self, raw: Option<&Spanned<String>>) -> Option<VarianceSign> {
        match raw {
            None => Some(VarianceSign::OverspendPositive),
            Some(s) => match s.get_ref().as_str() {
                "overspend-positive" => Some(VarianceSign::OverspendPositive),
                "underspend-positive" => Some(VarianceSign::UnderspendPositive),
                other => self.error(s.span(), "variance_sign", format!("expected overspend-positive (forecast − budget) or underspend-positive (budget − forecast), found `{other}`")),
            },
        }
    }

    fn ledger(&mut self, raw: &RawLedger, table: &str) -> Option<LedgerSource> {
        let file = self.file(&raw.file, &format!("{table}.file"));
        let profile = match &raw.profile {
            None => Some(Profile::Generic),
            Some(p) => p
                .get_ref()
                .parse::<Profile>()
                .map_err(|m| self.error::<()>(p.span(), &format!("{table}.profile"), m))
                .ok(),
        };
        let control_total = raw.control_total.as_ref().and_then(|t| {
            self.money(t, &format!("{table}.control_total"), true)
                .map(|m| (m, t.span()))
        });
        let control_lines = match &raw.control_lines {
            None => Some(None),
            Some(n) => u64::try_from(*n.get_ref())
                .map(|lines| Some((lines, n.span())))
                .map_err(|_| {
                    self.error::<()>(
                        n.span(),
                        &format!("{table}.control_lines"),
                        format!(
                            "expected a number of lines, 0 or more, found {}",
                            n.get_ref()
                        ),
                    )
                })
                .ok(),
        };
        if raw.control_total.is_some() && control_total.is_none() {
            return None;
        }
        let c = &raw.columns;
        let renames = Renames {
            cost_centre: c.cost_centre.clone(),
            period: c.period.clone(),
            financial_year: c.financial_year.clone(),
            date: c.date.clone(),
            amount: c.amount.clone(),
            debit: c.debit.clone(),
            credit: c.credit.clone(),
            indicator: c.indicator.clone(),
            ledger: c.ledger.clone(),
        };
        Some(LedgerSource {
            file: file?,
            columns: Columns::new(profile?, &renames),
            control_total,
            control_lines: control_lines?,
        })
    }

    fn commitments(&mut self, raw: &RawCommitments) -> Option<(PathBuf, CommitmentRule)> {
        let file = self.file(&raw.file, "commitments.file");
        let rule = match raw.counted.get_ref().as_str() {
            "no" => Some(CommitmentRule::Shown),
            "yes" => Some(CommitmentRule::Added),
            "where-no-contract" => Some(CommitmentRule::AddedWhereNoContract),
            other => self.error(raw.counted.span(), "commitments.counted", format!("expected no (shown, not counted), yes (added to the forecast outturn) or where-no-contract (added where no contract forecasts the spend), found `{other}`")),
        };
        Some((file?, rule?))
    }

    fn method(&mut self, raw: &Spanned<String>, field: &str) -> Option<Method> {
        match raw.get_ref().as_str() {
            "straight-line" => Some(Method::StraightLine),
            "last-year" => Some(Method::LastYear),
            "budget-profile" => Some(Method::BudgetProfile),
            "contracts-only" => Some(Method::ContractsOnly),
            other => self.error(raw.span(), field, format!("expected a forecast method: straight-line, last-year, budget-profile or contracts-only, found `{other}`")),
        }
    }

    fn forecast(
        &mut self,
        raw: Option<&RawForecast>,
    ) -> (Option<Method>, Option<Vec<(Named, Method)>>) {
        let Some(raw) = raw else {
            return (Some(Method::StraightLine), Some(Vec::new()));
        };
        let default = match &raw.default {
            None => Some(Method::StraightLine),
            Some(d) => self.method(d, "forecast.default"),
        };
        let methods: Vec<Option<(Named, Method)>> = raw
            .methods
            .iter()
            .map(|(code, m)| {
                let field = format!("forecast.methods.{}", code.get_ref());
                let method = self.method(m, &field)?;
                Some((Validator::named(code, &field), method))
            })
            .collect();
        (default, methods.into_iter().collect())
    }

    fn contracts(&mut self, raw: &RawContracts) -> Option<ContractSource> {
        match (&raw.scenario, &raw.register) {
            (Some(s), None) => {
                if let Some(c) = &raw.cost_centre_column {
                    return self.error(c.span(), "contracts.cost_centre_column", "a scenario's budgets are charged to cost centres by `map`; cost_centre_column is for a register");
                }
                if raw.map.is_empty() {
                    return self.error(s.span(), "contracts.map", "expected a map of the scenario's budgets to cost centres, such as map = [{ budget = \"26+\", cost_centre = \"LD26-DAY\" }]");
                }
                let map: Vec<Option<BudgetMap>> = raw
                    .map
                    .iter()
                    .map(|m| {
                        let kind = match &m.kind {
                            None => Some(None),
                            Some(k) => LineKind::parse(k.get_ref()).map(Some).or_else(|| {
                                self.error(k.span(), "contracts.map.kind", format!("expected a line kind: service, transport, saving or other, found `{}`", k.get_ref()))
                            }),
                        };
                        Some(BudgetMap {
                            budget: m.budget.get_ref().clone(),
                            kind: kind?,
                            cost_centre: Validator::named(&m.cost_centre, "contracts.map.cost_centre"),
                        })
                    })
                    .collect();
                Some(ContractSource::Scenario {
                    path: self.file(s, "contracts.scenario")?,
                    span: s.span(),
                    map: map.into_iter().collect::<Option<_>>()?,
                })
            }
            (None, Some(r)) => {
                if let Some(m) = raw.map.first() {
                    return self.error(m.budget.span(), "contracts.map", "a register names each contract's cost centre in a column (cost_centre_column); map is for a scenario");
                }
                Some(ContractSource::Register {
                    path: self.file(r, "contracts.register")?,
                    span: r.span(),
                    column: raw
                        .cost_centre_column
                        .as_ref()
                        .map_or_else(|| "cost_centre".to_string(), |c| c.get_ref().clone()),
                })
            }
            (Some(s), Some(_)) => self.error(s.span(), "contracts", "expected a scenario or a register, not both; give each its own [[contracts]]"),
            (None, None) => self.error(0..0, "contracts", "expected scenario = \"FILE.toml\" or register = \"FILE.csv\" in each [[contracts]]"),
        }
    }

    fn adjustment(&mut self, raw: &RawAdjustment, report_period: Option<u8>) -> Option<Adjustment> {
        let period = match &raw.period {
            None => Some(None),
            Some(p) => {
                let n = *p.get_ref();
                match (u8::try_from(n).ok().filter(|n| (1..=12).contains(n)), report_period) {
                    (Some(n), Some(last)) if n <= last => self.error(p.span(), "adjustments.period", format!("period {n} is already in the actuals (this report is at P{last}); an adjustment is for a period to come")),
                    (Some(n), _) => Some(Some(n)),
                    (None, _) => self.error(p.span(), "adjustments.period", format!("expected a period from 1 to 12, found {n}")),
                }
            }
        };
        let cause = match raw.cause.get_ref().as_str() {
            "one-off" => Some(AdjustmentCause::OneOff),
            "volume" => Some(AdjustmentCause::Volume),
            "price" => Some(AdjustmentCause::Price),
            other => self.error(raw.cause.span(), "adjustments.cause", format!("expected the cause of the adjustment: one-off, volume or price, found `{other}`")),
        };
        if raw.reason.get_ref().trim().is_empty() {
            self.error::<()>(
                raw.reason.span(),
                "adjustments.reason",
                "expected the reason for the adjustment, found an empty text",
            );
        }
        Some(Adjustment {
            cost_centre: Validator::named(&raw.cost_centre, "adjustments.cost_centre"),
            period: period?,
            amount: self.money(&raw.amount, "adjustments.amount", true)?,
            cause: cause?,
            reason: raw.reason.get_ref().trim().to_string(),
        })
    }

    fn saving(&mut self, raw: &RawSaving) -> Option<SavingPlan> {
        let field = |f: &str| format!("savings.{}.{f}", raw.name.get_ref());
        let planned = self.money(&raw.planned, &field("planned"), false);
        let delivered = self.money(&raw.delivered, &field("delivered"), false);
        let forecast = self.money(&raw.forecast, &field("forecast"), false);
        Some(SavingPlan {
            name: raw.name.get_ref().trim().to_string(),
            cost_centre: Validator::named(&raw.cost_centre, &field("cost_centre")),
            planned: planned?,
            delivered: delivered?,
            forecast: forecast?,
        })
    }

    fn rag(&mut self, raw: &RawRag) -> Option<Levels> {
        let mut level = |l: &Option<RawLevel>, name: &str| -> Option<Option<RagRule>> {
            let Some(l) = l else {
                return Some(None);
            };
            let red = self.threshold(&l.red, &format!("rag.{name}.red"));
            let amber = match &l.amber {
                None => Some(None),
                Some(a) => self.threshold(a, &format!("rag.{name}.amber")).map(Some),
            };
            Some(Some(RagRule {
                red: red?,
                amber: amber?,
            }))
        };
        let cost_centre = level(&raw.cost_centre, "cost_centre");
        let service = level(&raw.service, "service");
        let directorate = level(&raw.directorate, "directorate");
        let council = level(&raw.council, "council");
        Some(Levels {
            cost_centre: cost_centre?,
            service: service?,
            directorate: directorate?,
            council: council?,
        })
    }

    fn threshold(&mut self, raw: &Spanned<RawThreshold>, field: &str) -> Option<Threshold> {
        let t = raw.get_ref();
        let percent = match &t.percent {
            None => Some(None),
            Some(p) => match parse_percent(p.get_ref()) {
                Ok(v) if v > Decimal::ZERO => Some(Some(v)),
                Ok(_) => self.error(
                    p.span(),
                    &format!("{field}.percent"),
                    format!("expected a percentage above 0%, found `{}`", p.get_ref()),
                ),
                Err(e) => self.error(p.span(), &format!("{field}.percent"), e.to_string()),
            },
        };
        let amount = match &t.amount {
            None => Some(None),
            Some(a) => self.money(a, &format!("{field}.amount"), false).map(Some),
        };
        let whichever = match (&t.whichever, &t.percent, &t.amount) {
            (Some(w), Some(_), Some(_)) => match w.get_ref().as_str() {
                "lower" => Some(Whichever::Lower),
                "higher" => Some(Whichever::Higher),
                other => self.error(w.span(), &format!("{field}.whichever"), format!("expected lower or higher, found `{other}`")),
            },
            (None, Some(_), Some(_)) => self.error(raw.span(), field, "a percentage and an amount combine as the council states: add whichever = \"lower\" or \"higher\""),
            (Some(w), _, _) => self.error(w.span(), &format!("{field}.whichever"), "whichever combines a percentage and an amount; this threshold does not have both"),
            (None, None, None) => self.error(raw.span(), field, "expected a percent, an amount, or both, such as { percent = \"5%\", amount = \"£100,000\", whichever = \"lower\" }"),
            (None, _, _) => Some(Whichever::Lower),
        };
        Some(Threshold {
            percent: percent?,
            amount: amount?,
            whichever: whichever?,
        })
    }

    /// An amount exact to the penny, written as text (`"£100,000"`, `"-£15,000.50"`) or a
    /// whole number.
    fn money(&mut self, raw: &Spanned<Value>, field: &str, allow_negative: bool) -> Option<Money> {
        let text = match raw.get_ref() {
            Value::String(s) => s.clone(),
            Value::Integer(i) => i.to_string(),
            Value::Float(x) => return self.error(raw.span(), field, format!("write amounts as text so they are read exactly, such as \"{x}\", found the decimal number {x}")),
            _ => return self.error(raw.span(), field, "expected an amount as text, such as \"£100,000\""),
        };
        let printed = match parse_printed(&text) {
            Ok(p) => p,
            Err(e) => return self.error(raw.span(), field, e.to_string()),
        };
        if printed.approximate {
            return self.error(
                raw.span(),
                field,
                format!("an amount here must be exact; `{text}` is approximate"),
            );
        }
        if printed.value.is_sign_negative() && !printed.value.is_zero() && !allow_negative {
            return self.error(
                raw.span(),
                field,
                format!("expected an amount of zero or more, found `{text}`"),
            );
        }
        if printed.value.abs() > Decimal::from(1_000_000_000_000u64) {
            return self.error(raw.span(), field, format!("`{text}` is more than £1,000,000,000,000, the largest amount a report may hold"));
        }
        Money::exact(printed.value).or_else(|| {
            self.error(
                raw.span(),
                field,
                format!("`{text}` has a fraction of a penny; amounts are stated to the penny"),
            )
        })
    }
}
