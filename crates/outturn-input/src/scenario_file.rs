//! Scenario files: TOML read into a raw layer that keeps positions, then validated into the
//! model's types, collecting every error in the file before giving up.
//!
//! ```toml
//! title = "Community support services for disabled children"
//! paper = "20/00102, section 3"
//!
//! [[contracts]]
//! name = "care-and-support-in-the-home"
//! start = 2021-04-01
//! end = 2024-03-31
//! extensions = [{ months = 36, taken = true }]
//!
//! [[lines]]
//! name = "community-support"
//! kind = "service"
//! budget = "0-25"
//! annual = "£1.3m"
//!
//! [[checks]]
//! name = "initial term"
//! phase = "initial"
//! stated = "circa £3.9m"
//! ```

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use outturn_model::amount::{parse_percent, parse_printed, Printed};
use outturn_model::breaks::Break;
use outturn_model::calendar::parse_date;
use outturn_model::check::{Check, Figure, Selection, Tolerance};
use outturn_model::drivers::{Drivers, Rate, RateBasis, Tier, TierMix, Volumes};
use outturn_model::funding::{Funding, FundingShare};
use outturn_model::projection::{project, Granularity};
use outturn_model::savings::SavingPlan;
use outturn_model::scenario::{
    Contract, Growth, Line, LineKind, LineValue, Saving, Scenario, Target, Uplift, UpliftAt,
};
use outturn_model::term::{Extension, Term};
use outturn_model::trend::Trend;
use outturn_model::{FinancialYear, FyCalendar, ModelError, Money};
use rust_decimal::Decimal;
use serde::Deserialize;
use toml::{Spanned, Value};

use crate::diagnostic::{Diagnostic, Source};

/// The longest term, extensions included, that a scenario may state.
const MAX_TERM_YEARS: u32 = 100;

/// Whether `term`, with every extension (taken or not), runs past `MAX_TERM_YEARS` years.
fn term_too_long(term: &Term) -> bool {
    let last = term.phases().last().map_or(term.start(), |p| p.period.end);
    outturn_model::calendar::add_months(term.start(), 12 * MAX_TERM_YEARS)
        .is_none_or(|limit| last >= limit)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    title: Spanned<String>,
    paper: Spanned<String>,
    financial_year_start: Option<Spanned<i64>>,
    uplift: Option<Spanned<Value>>,
    uplift_at: Option<Spanned<String>>,
    contracts: Spanned<Vec<RawContract>>,
    #[serde(default)]
    lines: Vec<RawLine>,
    #[serde(default)]
    savings: Vec<RawSaving>,
    #[serde(default)]
    checks: Vec<RawCheck>,
    #[serde(default)]
    rate_cards: Vec<RawRateCard>,
    #[serde(default)]
    trends: Vec<RawTrend>,
    /// Read by `outturn simulate` (see `uncertainty`); every other command ignores them.
    #[serde(default, rename = "uncertainty")]
    _uncertainty: Option<toml::Value>,
    #[serde(default, rename = "correlations")]
    _correlations: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrend {
    name: Spanned<String>,
    from: Spanned<Value>,
    from_year: Spanned<String>,
    to: Spanned<Value>,
    to_year: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRateCard {
    name: Spanned<String>,
    tiers: Spanned<Vec<RawTier>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    name: Spanned<String>,
    day: Spanned<Value>,
    half_day: Spanned<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDrivers {
    volume: Option<Spanned<Value>>,
    volumes: Option<Spanned<BTreeMap<String, Spanned<Value>>>>,
    unit: Spanned<String>,
    per_week: Option<Spanned<Value>>,
    weeks_per_year: Option<Spanned<Value>>,
    per: Option<Spanned<String>>,
    rate: Option<Spanned<Value>>,
    rate_card: Option<Spanned<String>>,
    mix: Option<Spanned<BTreeMap<String, Spanned<Value>>>>,
    half_days: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContract {
    name: Spanned<String>,
    start: Spanned<Value>,
    end: Spanned<Value>,
    #[serde(default)]
    extensions: Vec<RawExtension>,
    #[serde(rename = "break")]
    break_clause: Option<RawBreak>,
}

/// `break = { on = 2025-03-31, notice_months = 3 }`: the last day of service and the notice.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBreak {
    on: Spanned<Value>,
    notice_months: Spanned<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExtension {
    months: Spanned<Value>,
    taken: Spanned<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    name: Spanned<String>,
    kind: Spanned<String>,
    budget: Spanned<String>,
    contract: Option<Spanned<String>>,
    annual: Option<Spanned<Value>>,
    amounts: Option<Spanned<BTreeMap<String, Spanned<Value>>>>,
    uplift: Option<Spanned<Value>>,
    uplift_at: Option<Spanned<String>>,
    drivers: Option<Spanned<RawDrivers>>,
    share_of: Option<Spanned<String>>,
    share: Option<Spanned<Value>>,
    growth: Option<Spanned<Value>>,
    funded_uplift: Option<Spanned<Value>>,
    funding: Option<Spanned<Vec<RawFunding>>>,
}

/// `{ budget = "nhs-icb", share = "40%" }`, `{ budget = "send", amount = "£100,000" }` or
/// `{ budget = "adult-social-care", share = "remainder" }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFunding {
    budget: Spanned<String>,
    share: Option<Spanned<Value>>,
    amount: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSaving {
    name: Spanned<String>,
    line: Option<Spanned<String>>,
    budget: Option<Spanned<String>>,
    per_year: Option<Spanned<Value>>,
    /// A financial year (`"2022-23"`) or a first day (`2022-10-01`).
    from: Spanned<Value>,
    to: Option<Spanned<String>>,
    target: Option<Spanned<Value>>,
    phasing: Option<Spanned<Vec<Spanned<Value>>>>,
    delivery: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    name: Spanned<String>,
    stated: Spanned<Value>,
    tolerance: Option<Spanned<String>>,
    precision: Option<Spanned<Value>>,
    acknowledged: Option<Spanned<String>>,
    line: Option<Spanned<String>>,
    lines: Option<Spanned<Vec<String>>>,
    budget: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    phase: Option<Spanned<String>>,
    year: Option<Spanned<String>>,
    parts: Option<Spanned<Vec<Spanned<Value>>>>,
}

/// A scenario read from a file, named after the file's stem.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub name: String,
    pub path: std::path::PathBuf,
    /// The `--set` overrides applied, as given.
    pub overrides: Vec<String>,
    pub scenario: Scenario,
}

impl LoadedScenario {
    /// The name with any overrides: `24-00051-direct-payment-support [uplift=3%]`.
    pub fn label(&self) -> String {
        if self.overrides.is_empty() {
            self.name.clone()
        } else {
            format!("{} [{}]", self.name, self.overrides.join("; "))
        }
    }
}

/// Reads and validates the scenario in `text` (the contents of `path`).
///
/// # Errors
/// Every problem found, each with its line, column and field.
pub fn parse(path: &Path, text: &str) -> Result<LoadedScenario, Vec<Diagnostic>> {
    let source = Source { path, text };
    let raw: RawScenario = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        // toml's message repeats the position and excerpt; keep only what it says.
        let message = e.message().trim().to_string();
        let field = field_at(text, span.start);
        vec![source.at(span, &field, message)]
    })?;
    let mut v = Validator {
        source,
        errors: Vec::new(),
    };
    let scenario = v.scenario(raw);
    match scenario {
        Some(scenario) if v.errors.is_empty() => Ok(LoadedScenario {
            name: path
                .file_stem()
                .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned()),
            path: path.to_path_buf(),
            overrides: Vec::new(),
            scenario,
        }),
        _ => Err(v.errors),
    }
}

/// The dotted name of the key on the line holding byte `offset`, under the nearest table
/// header above it (`lines.kind`): toml's own errors say what is wrong but not where in the
/// scenario's structure.
fn field_at(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let Some((key, _)) = line.split_once('=') else {
        return String::new();
    };
    let key = key.trim().trim_start_matches(['{', '[', ',', ' ']).trim();
    let table = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(['[', ']']).trim().to_string());
    match table {
        Some(t) => format!("{t}.{key}"),
        None => key.to_string(),
    }
}

struct Validator<'a> {
    source: Source<'a>,
    errors: Vec<Diagnostic>,
}

/// What a field's value must look like, for "expected … found …" messages.
fn found(value: &Value) -> String {
    match value {
        Value::String(s) => format!("the text `{s}`"),
        Value::Integer(i) => format!("the number {i}"),
        Value::Float(x) => format!("the decimal number {x}"),
        Value::Boolean(b) => format!("`{b}`"),
        Value::Datetime(d) => format!("the date `{d}`"),
        Value::Array(_) => "a list".into(),
        Value::Table(_) => "a table".into(),
    }
}

impl Validator<'_> {
    fn error<T>(
        &mut self,
        span: std::ops::Range<usize>,
        field: &str,
        message: impl Into<String>,
    ) -> Option<T> {
        self.errors.push(self.source.at(span, field, message));
        None
    }

    fn scenario(&mut self, raw: RawScenario) -> Option<Scenario> {
        let calendar = match &raw.financial_year_start {
            None => Some(FyCalendar::UK),
            Some(m) => u32::try_from(*m.get_ref())
                .ok()
                .and_then(FyCalendar::starting_in)
                .or_else(|| {
                    self.error(
                        m.span(),
                        "financial_year_start",
                        format!(
                            "expected a month number from 1 to 12 (4 for April), found {}",
                            m.get_ref()
                        ),
                    )
                }),
        };
        if raw.title.get_ref().trim().is_empty() {
            self.error::<()>(
                raw.title.span(),
                "title",
                "expected a title, found an empty text",
            );
        }
        let default_uplift = raw.uplift.as_ref().and_then(|u| self.uplift(u, "uplift"));
        let default_at = raw
            .uplift_at
            .as_ref()
            .and_then(|u| self.uplift_at(u, "uplift_at"));

        let contracts_span = raw.contracts.span();
        let raw_contracts = raw.contracts.into_inner();
        if raw_contracts.is_empty() {
            self.error::<()>(
                contracts_span,
                "contracts",
                "expected at least one contract",
            );
        }
        let mut names = HashSet::new();
        let contracts: Vec<Option<Contract>> = raw_contracts
            .iter()
            .map(|c| {
                let name = c.name.get_ref().clone();
                if !names.insert(name.clone()) {
                    self.error::<()>(
                        c.name.span(),
                        "contracts.name",
                        format!("a second contract is named `{name}`; names must differ"),
                    );
                }
                self.contract(c)
            })
            .collect();

        let calendar = calendar?;
        let cards = self.rate_cards(&raw.rate_cards);
        let lines: Vec<Option<Line>> = {
            let mut seen = HashSet::new();
            raw.lines
                .iter()
                .map(|l| {
                    let name = l.name.get_ref();
                    if !seen.insert(name.clone()) {
                        self.error::<()>(
                            l.name.span(),
                            &format!("lines.{name}"),
                            format!("a second line is named `{name}`; line names must differ"),
                        );
                    }
                    self.line(
                        l,
                        &raw_contracts,
                        &cards,
                        calendar,
                        &default_uplift,
                        default_at,
                    )
                })
                .collect()
        };
        let savings: Vec<Option<Saving>> = raw
            .savings
            .iter()
            .map(|s| {
                if raw
                    .lines
                    .iter()
                    .any(|l| l.name.get_ref() == s.name.get_ref())
                {
                    self.error::<()>(
                        s.name.span(),
                        &format!("savings.{}", s.name.get_ref()),
                        "a saving cannot have the name of a line",
                    );
                }
                self.saving(s, calendar)
            })
            .collect();
        let checks: Vec<Option<Check>> =
            raw.checks.iter().map(|c| self.check(c, calendar)).collect();
        let trends: Vec<Option<Trend>> =
            raw.trends.iter().map(|t| self.trend(t, calendar)).collect();

        let scenario = Scenario {
            title: raw.title.into_inner(),
            paper: raw.paper.into_inner(),
            calendar,
            contracts: contracts.into_iter().collect::<Option<_>>()?,
            lines: lines.into_iter().collect::<Option<_>>()?,
            savings: savings.into_iter().collect::<Option<_>>()?,
            checks: checks.into_iter().collect::<Option<_>>()?,
            trends: trends.into_iter().collect::<Option<_>>()?,
        };
        // Names a check or saving uses can only be confirmed once everything is read.
        for (check, raw) in scenario.checks.iter().zip(&raw.checks) {
            if let Err(e) = check.validate(&scenario) {
                self.error::<()>(
                    raw.name.span(),
                    &format!("checks.{}", check.name),
                    e.to_string(),
                );
            }
        }
        for (saving, raw) in scenario.savings.iter().zip(&raw.savings) {
            if let Err(e) = outturn_model::savings::targets(&scenario, saving) {
                self.error::<()>(
                    raw.name.span(),
                    &format!("savings.{}", saving.name),
                    e.to_string(),
                );
            }
        }
        if self.errors.is_empty() {
            // What only projecting can find (a stated year outside the term, a saving in a
            // year its target is not in contract) is reported at the line or saving named.
            if let Err(e) = project(&scenario, Granularity::Year) {
                let named = |n: &str| {
                    raw.lines
                        .iter()
                        .map(|l| (&l.name, "lines"))
                        .chain(raw.savings.iter().map(|s| (&s.name, "savings")))
                        .find(|(name, _)| name.get_ref() == n)
                };
                let subject = match &e {
                    ModelError::UpliftScheduleTooShort { line, .. }
                    | ModelError::MissingYearAmount { line, .. }
                    | ModelError::YearOutsideTerm { line, .. }
                    | ModelError::MissingVolume { line, .. }
                    | ModelError::VolumeOutsideTerm { line, .. }
                    | ModelError::BadShareOf { line, .. } => named(line),
                    ModelError::FundingExceedsCost { line, .. } => named(line),
                    ModelError::SavingOutsideTerm { saving, .. } => named(saving),
                    _ => None,
                };
                let (mut span, mut field) = subject
                    .map_or((0..0, String::new()), |(name, table)| {
                        (name.span(), format!("{table}.{}", name.get_ref()))
                    });
                // Funding that a year's cost cannot pay is reported at the funding list.
                if let ModelError::FundingExceedsCost { line, .. } = &e {
                    if let Some(f) = raw
                        .lines
                        .iter()
                        .find(|l| l.name.get_ref() == line)
                        .and_then(|l| l.funding.as_ref())
                    {
                        span = f.span();
                        field = format!("lines.{line}.funding");
                    }
                }
                self.error::<()>(span, &field, e.to_string());
            }
        }
        Some(scenario)
    }

    fn contract(&mut self, raw: &RawContract) -> Option<Contract> {
        let field = format!("contracts.{}", raw.name.get_ref());
        let start = self.date(&raw.start, &format!("{field}.start"));
        let end = self.date(&raw.end, &format!("{field}.end"));
        let extensions: Vec<Option<Extension>> = raw
            .extensions
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let months = match e.months.get_ref() {
                    Value::Integer(m) if (1..=1200).contains(m) => Some(*m as u32),
                    other => self.error(
                        e.months.span(),
                        &format!("{field}.extensions.{}.months", i + 1),
                        format!(
                            "expected a whole number of months from 1 to 1200, found {}",
                            found(other)
                        ),
                    ),
                };
                months.map(|months| Extension {
                    months,
                    taken: *e.taken.get_ref(),
                })
            })
            .collect();
        let (start, end) = (start?, end?);
        let extensions: Vec<Extension> = extensions.into_iter().collect::<Option<_>>()?;
        let break_at = raw.break_clause.as_ref().map(|b| self.break_at(b, &field));
        match Term::new(start, end, &extensions) {
            Ok(term) if term_too_long(&term) => self.error(
                raw.end.span(),
                &format!("{field}.end"),
                format!(
                    "the term runs from {start} to {}, more than {MAX_TERM_YEARS} years with its extensions; a longer term is almost certainly a typing slip",
                    term.phases().last().map_or(end, |p| p.period.end)
                ),
            ),
            Ok(term) => {
                let (term, break_clause) = match break_at {
                    None => (term, None),
                    Some(b) => {
                        let (term, clause) = self.broken(&term, b?, raw, &field)?;
                        (term, Some(clause))
                    }
                };
                Some(Contract {
                    name: raw.name.get_ref().clone(),
                    term,
                    break_clause,
                })
            }
            Err(e) => self.error(raw.end.span(), &format!("{field}.end"), e.to_string()),
        }
    }

    /// The break's date and notice months, each checked on its own.
    fn break_at(&mut self, raw: &RawBreak, field: &str) -> Option<(NaiveDate, u32)> {
        let on = self.date(&raw.on, &format!("{field}.break.on"));
        let months = match raw.notice_months.get_ref() {
            Value::Integer(m) if (1..=1200).contains(m) => Some(*m as u32),
            other => self.error(
                raw.notice_months.span(),
                &format!("{field}.break.notice_months"),
                format!(
                    "expected a whole number of months' notice from 1 to 1200, found {}",
                    found(other)
                ),
            ),
        };
        Some((on?, months?))
    }

    /// `term` cut at the break, or an error at the part of the break that is wrong.
    fn broken(
        &mut self,
        term: &Term,
        (on, months): (NaiveDate, u32),
        raw: &RawContract,
        field: &str,
    ) -> Option<(Term, Break)> {
        match Break::apply(term, on, months) {
            Ok(x) => Some(x),
            Err(e) => {
                let (span, part) = match (&e, &raw.break_clause) {
                    (ModelError::NoticeBeforeStart { .. }, Some(b)) => {
                        (b.notice_months.span(), "notice_months")
                    }
                    (_, Some(b)) => (b.on.span(), "on"),
                    (_, None) => (raw.name.span(), "on"),
                };
                self.error(span, &format!("{field}.break.{part}"), e.to_string())
            }
        }
    }

    fn line(
        &mut self,
        raw: &RawLine,
        contracts: &[RawContract],
        cards: &BTreeMap<String, Vec<Tier>>,
        calendar: FyCalendar,
        default_uplift: &Option<Uplift>,
        default_at: Option<UpliftAt>,
    ) -> Option<Line> {
        let field = format!("lines.{}", raw.name.get_ref());
        let kind = LineKind::parse(raw.kind.get_ref()).or_else(|| {
            self.error(
                raw.kind.span(),
                &format!("{field}.kind"),
                format!("expected one of service, transport, other, found `{}` (savings go under [[savings]])", raw.kind.get_ref()),
            )
        });
        if kind == Some(LineKind::Saving) {
            self.error::<()>(
                raw.kind.span(),
                &format!("{field}.kind"),
                "a saving is stated under [[savings]], with what it is against and from which year",
            );
        }
        let contract = match &raw.contract {
            None if contracts.len() == 1 => Some(0),
            None => self.error(
                raw.name.span(),
                &format!("{field}.contract"),
                "the scenario has several contracts: say which this line belongs to with `contract = \"…\"`",
            ),
            Some(c) => contracts
                .iter()
                .position(|x| x.name.get_ref() == c.get_ref())
                .or_else(|| self.error(c.span(), &format!("{field}.contract"), format!("no contract is named `{}`", c.get_ref()))),
        };
        let given: Vec<&str> = [
            raw.annual.as_ref().map(|_| "annual"),
            raw.amounts.as_ref().map(|_| "amounts"),
            raw.drivers.as_ref().map(|_| "drivers"),
            raw.share_of.as_ref().map(|_| "share_of"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let value = match (&raw.annual, &raw.amounts, &raw.drivers, &raw.share_of) {
            _ if given.len() > 1 => self.error(
                raw.name.span(),
                &field,
                format!("give one of `annual`, `amounts`, `drivers` or `share_of`, found {}", given.join(" and ")),
            ),
            (Some(a), ..) => self
                .money(a, &format!("{field}.annual"), false)
                .map(LineValue::Annual),
            (_, Some(amounts), ..) => {
                let mut years = BTreeMap::new();
                let mut ok = true;
                for (label, amount) in amounts.get_ref() {
                    let f = format!("{field}.amounts.{label}");
                    let year = calendar.parse_year(label).or_else(|| {
                        self.error(amount.span(), &f, format!("expected a financial year such as `2021-22` as the key, found `{label}`"))
                    });
                    let money = self.money(amount, &f, true);
                    match (year, money) {
                        (Some(y), Some(m)) => {
                            years.insert(y, m);
                        }
                        _ => ok = false,
                    }
                }
                ok.then_some(LineValue::PerYear(years))
            }
            (_, _, Some(drivers), _) => self
                .drivers(drivers.get_ref(), cards, &format!("{field}.drivers"))
                .map(LineValue::Drivers),
            (_, _, _, Some(of)) => {
                let share = match &raw.share {
                    Some(share) => self.line_share(share, &format!("{field}.share")),
                    None => self.error(of.span(), &format!("{field}.share"), format!("say what share of `{}` this line is, such as `share = \"21.5%\"`", of.get_ref())),
                };
                share.map(|share| LineValue::ShareOf {
                    line: of.get_ref().clone(),
                    share,
                })
            }
            (None, None, None, None) => self.error(raw.name.span(), &field, "expected `annual = \"…\"` (a full contract year's cost), `amounts = { \"2021-22\" = \"…\" }`, `drivers = { … }` or `share_of = \"LINE\"`"),
        };
        if let (Some(share), None) = (&raw.share, &raw.share_of) {
            self.error::<()>(
                share.span(),
                &format!("{field}.share"),
                "a share needs `share_of = \"LINE\"`, the line it is a share of",
            );
        }
        let mut growth = match &raw.growth {
            Some(g) if raw.amounts.is_some() || raw.share_of.is_some() => self.error(
                g.span(),
                &format!("{field}.growth"),
                "demand growth applies to an `annual` value or `drivers`; a share grows with the line it is a share of, and stated amounts are taken as printed",
            ),
            Some(g) => {
                let f = format!("{field}.growth");
                self.percent(g, &f, g.get_ref()).map(Growth::Flat)
            }
            None => Some(Growth::None),
        };
        if let Some(counts) = raw
            .drivers
            .as_ref()
            .and_then(|d| d.get_ref().volumes.as_ref())
        {
            growth = match &raw.growth {
                Some(g) => self.error(g.span(), &format!("{field}.growth"), "give demand growth as a rate (`growth`) or as counts by year (`drivers.volumes`), not both"),
                None => self.volumes(counts, calendar, &format!("{field}.drivers.volumes")).map(Growth::Volumes),
            };
        }
        let mut value = value;
        if let (Some(LineValue::Drivers(d)), Some(Growth::Volumes(counts))) = (&mut value, &growth)
        {
            d.volume = counts.values().next().copied().unwrap_or_default();
        }
        let funded_uplift = match &raw.funded_uplift {
            Some(u) if raw.amounts.is_some() => self.error(u.span(), &format!("{field}.funded_uplift"), "stated yearly amounts are taken as printed; a funded uplift applies only to a line that is uplifted"),
            Some(u) => self.uplift(u, &format!("{field}.funded_uplift")).map(Some),
            None => Some(None),
        };
        let uplift = match &raw.uplift {
            Some(u) => self.uplift(u, &format!("{field}.uplift")),
            None => Some(default_uplift.clone().unwrap_or_default()),
        };
        if let (Some(u), Some(_)) = (&raw.uplift, &raw.amounts) {
            self.error::<()>(u.span(), &format!("{field}.uplift"), "stated yearly amounts are taken as printed; uplift applies to an `annual` value, `drivers` or a share");
        }
        let uplift_at = match &raw.uplift_at {
            Some(u) => self.uplift_at(u, &format!("{field}.uplift_at")),
            None => Some(default_at.unwrap_or_default()),
        };
        let funding = match &raw.funding {
            Some(f) => self.funding(f, raw.name.get_ref(), &field),
            None => Some(Vec::new()),
        };
        Some(Line {
            name: raw.name.get_ref().clone(),
            kind: kind?,
            budget: raw.budget.get_ref().clone(),
            contract: contract?,
            value: value?,
            uplift: uplift?,
            uplift_at: uplift_at?,
            growth: growth?,
            funded_uplift: funded_uplift?,
            funding: funding?,
        })
    }

    fn trend(&mut self, raw: &RawTrend, calendar: FyCalendar) -> Option<Trend> {
        let field = format!("trends.{}", raw.name.get_ref());
        let from = self.money(&raw.from, &format!("{field}.from"), false);
        let to = self.money(&raw.to, &format!("{field}.to"), false);
        let from_year = self.year(&raw.from_year, calendar, &format!("{field}.from_year"));
        let to_year = self.year(&raw.to_year, calendar, &format!("{field}.to_year"));
        let trend = Trend {
            name: raw.name.get_ref().clone(),
            from: from?,
            from_year: from_year?,
            to: to?,
            to_year: to_year?,
        };
        if trend.to_year <= trend.from_year {
            return self.error(
                raw.to_year.span(),
                &format!("{field}.to_year"),
                format!(
                    "expected a year after {}, the year the trend is from",
                    trend.from_year
                ),
            );
        }
        if trend.implied().is_none() {
            return self.error(
                raw.name.span(),
                &field,
                "expected two amounts above zero whose growth can be computed",
            );
        }
        Some(trend)
    }

    /// Every rate card by name, with its tiers; a bad card is reported and left out.
    fn rate_cards(&mut self, raw: &[RawRateCard]) -> BTreeMap<String, Vec<Tier>> {
        let mut cards = BTreeMap::new();
        for card in raw {
            let name = card.name.get_ref();
            let field = format!("rate_cards.{name}");
            if cards.contains_key(name) {
                self.error::<()>(
                    card.name.span(),
                    &field,
                    format!("a second rate card is named `{name}`; names must differ"),
                );
                continue;
            }
            if card.tiers.get_ref().is_empty() {
                self.error::<()>(card.tiers.span(), &format!("{field}.tiers"), "expected at least one tier, such as { name = \"1:1\", day = \"£95.00\", half_day = \"£52.00\" }");
                continue;
            }
            let mut tiers: Vec<Tier> = Vec::new();
            for t in card.tiers.get_ref() {
                let f = format!("{field}.tiers.{}", t.name.get_ref());
                if tiers.iter().any(|x| &x.name == t.name.get_ref()) {
                    self.error::<()>(
                        t.name.span(),
                        &f,
                        format!(
                            "a second tier is named `{}`; tier names must differ",
                            t.name.get_ref()
                        ),
                    );
                    continue;
                }
                let day = self.money(&t.day, &format!("{f}.day"), false);
                let half_day = self.money(&t.half_day, &format!("{f}.half_day"), false);
                if let (Some(day), Some(half_day)) = (day, half_day) {
                    tiers.push(Tier {
                        name: t.name.get_ref().clone(),
                        day,
                        half_day,
                    });
                }
            }
            cards.insert(name.clone(), tiers);
        }
        cards
    }

    fn drivers(
        &mut self,
        raw: &RawDrivers,
        cards: &BTreeMap<String, Vec<Tier>>,
        field: &str,
    ) -> Option<Drivers> {
        let volume = match (&raw.volume, &raw.volumes) {
            (Some(v), None) => self.count(v, &format!("{field}.volume")),
            // With counts by year, the first year's count is the line's volume in reports.
            (None, Some(_)) => Some(Decimal::ZERO),
            (Some(v), Some(_)) => self.error(
                v.span(),
                &format!("{field}.volume"),
                "give `volume` (with `growth` on the line, if any) or `volumes` by year, not both",
            ),
            (None, None) => self.error(
                raw.unit.span(),
                &format!("{field}.volume"),
                format!(
                    "expected `volume`, how many {} in the first year, or `volumes` by year",
                    raw.unit.get_ref()
                ),
            ),
        };
        if raw.unit.get_ref().trim().is_empty() {
            self.error::<()>(
                raw.unit.span(),
                &format!("{field}.unit"),
                "expected what the volume counts, such as \"people\"",
            );
        }
        let per = match (&raw.per, &raw.rate_card) {
            (Some(p), _) => RateBasis::parse(p.get_ref()).or_else(|| {
                self.error(p.span(), &format!("{field}.per"), format!("expected what the rate pays for: day, half-day, session, trip, hour or week, found `{}`", p.get_ref()))
            }),
            (None, Some(_)) => Some(RateBasis::Session),
            (None, None) => self.error(raw.unit.span(), &format!("{field}.per"), "say what the rate pays for: `per = \"day\"` (or half-day, session, trip, hour, week)"),
        };
        if let (Some(p), Some(_), Some(b)) = (&raw.per, &raw.rate_card, per) {
            if b != RateBasis::Session {
                self.error::<()>(p.span(), &format!("{field}.per"), "a rate card's day and half-day rates are per session: leave out `per`, or give `per = \"session\"`");
            }
        }
        let weeks = match &raw.weeks_per_year {
            Some(w) => self.count(w, &format!("{field}.weeks_per_year")).and_then(|n| {
                if n > Decimal::ZERO && n <= Decimal::from(53) {
                    Some(n)
                } else {
                    self.error(w.span(), &format!("{field}.weeks_per_year"), format!("expected the weeks in a year, more than 0 and at most 53 (such as 52 or \"52.143\"), found {n}"))
                }
            }),
            None => self.error(raw.unit.span(), &format!("{field}.weeks_per_year"), "state the weeks in a year the rates are paid for, such as `weeks_per_year = 52` or `\"52.143\"` (365 ÷ 7): Outturn does not assume one"),
        };
        // At most so many a week of each basis: a day rate for more than 7 days is a typing slip.
        let most = |b: RateBasis| match b {
            RateBasis::Day => 7,
            RateBasis::HalfDay => 14,
            RateBasis::Hour => 168,
            RateBasis::Session | RateBasis::Trip | RateBasis::Week => 50,
        };
        let per_week = match (&raw.per_week, per) {
            (Some(w), Some(RateBasis::Week)) => self.error(w.span(), &format!("{field}.per_week"), "a weekly rate is paid once a week: leave out `per_week`"),
            (None, Some(RateBasis::Week)) => Some(None),
            (Some(w), Some(b)) => self.count(w, &format!("{field}.per_week")).and_then(|n| {
                if n > Decimal::ZERO && n <= Decimal::from(most(b)) {
                    Some(Some(n))
                } else {
                    self.error(w.span(), &format!("{field}.per_week"), format!("expected the {b}s a week for each of the {}, more than 0 and at most {}, found {n}", raw.unit.get_ref(), most(b)))
                }
            }),
            (None, Some(b)) => self.error(raw.unit.span(), &format!("{field}.per_week"), format!("say how many {b}s a week each of the {} uses: `per_week = 3`", raw.unit.get_ref())),
            (_, None) => None,
        };
        let rate = match (&raw.rate, &raw.rate_card) {
            (Some(r), None) => self.rate(r, &format!("{field}.rate")).map(Rate::Flat),
            (None, Some(card)) => self.mix(raw, card, cards, field).map(Rate::Card),
            (Some(r), Some(_)) => self.error(
                r.span(),
                &format!("{field}.rate"),
                "give a `rate` or a `rate_card` with a `mix`, not both",
            ),
            (None, None) => self.error(
                raw.unit.span(),
                &format!("{field}.rate"),
                "expected `rate = \"£45.00\"` or `rate_card = \"…\"` with a `mix` of its tiers",
            ),
        };
        if raw.rate_card.is_none() {
            for (present, name) in [
                (raw.mix.as_ref().map(|m| m.span()), "mix"),
                (raw.half_days.as_ref().map(|h| h.span()), "half_days"),
            ] {
                if let Some(span) = present {
                    self.error::<()>(
                        span,
                        &format!("{field}.{name}"),
                        format!("`{name}` goes with a `rate_card`"),
                    );
                }
            }
        }
        Some(Drivers {
            volume: volume?,
            unit: raw.unit.get_ref().clone(),
            per_week: per_week?,
            weeks_per_year: weeks?,
            per: per?,
            rate: rate?,
        })
    }

    /// A line's mix across a rate card's tiers, which must add to 100%.
    fn mix(
        &mut self,
        raw: &RawDrivers,
        card: &Spanned<String>,
        cards: &BTreeMap<String, Vec<Tier>>,
        field: &str,
    ) -> Option<TierMix> {
        let Some(tiers) = cards.get(card.get_ref()) else {
            return self.error(
                card.span(),
                &format!("{field}.rate_card"),
                format!(
                    "no rate card is named `{}`; rate cards are listed under [[rate_cards]]",
                    card.get_ref()
                ),
            );
        };
        let Some(mix) = &raw.mix else {
            // A card whose tiers were all refused has none to name (the fuzzer found it).
            let example = tiers.first().map_or("TIER", |t| t.name.as_str());
            return self.error(card.span(), &format!("{field}.mix"), format!("give the share of sessions in each tier of `{}`: `mix = {{ \"{example}\" = \"100%\" }}`", card.get_ref()));
        };
        let mut shares = Vec::new();
        for (name, share) in mix.get_ref() {
            let f = format!("{field}.mix.{name}");
            let Some(tier) = tiers.iter().find(|t| &t.name == name) else {
                let names: Vec<&str> = tiers.iter().map(|t| t.name.as_str()).collect();
                self.error::<()>(
                    share.span(),
                    &f,
                    format!(
                        "rate card `{}` has no tier `{name}`; its tiers are {}",
                        card.get_ref(),
                        names.join(", ")
                    ),
                );
                continue;
            };
            if let Some(p) = self.share(share, &f, "a share of sessions", false) {
                shares.push((tier.clone(), p));
            }
        }
        let total: Decimal = shares.iter().map(|(_, p)| *p).sum();
        if shares.len() == mix.get_ref().len() && total != Decimal::ONE_HUNDRED {
            return self.error(
                mix.span(),
                &format!("{field}.mix"),
                format!(
                    "the tier mix adds to {}%; the shares of sessions must add to 100%",
                    total.normalize()
                ),
            );
        }
        let half_days = match &raw.half_days {
            Some(h) => self.share(
                h,
                &format!("{field}.half_days"),
                "the share of half days",
                false,
            )?,
            None => Decimal::ZERO,
        };
        // Tiers in the card's order, so reports read as the card does.
        shares.sort_by_key(|(t, _)| tiers.iter().position(|x| x.name == t.name));
        (shares.len() == mix.get_ref().len()).then(|| TierMix {
            card: card.get_ref().clone(),
            tiers: shares,
            half_days,
        })
    }

    /// A share of another line: more than 0%, at most 1000%.
    fn line_share(&mut self, raw: &Spanned<Value>, field: &str) -> Option<Decimal> {
        let p = self.percent(raw, field, raw.get_ref())?;
        if p <= Decimal::ZERO {
            return self.error(
                raw.span(),
                field,
                "expected a share above 0%, such as \"21.5%\"",
            );
        }
        Some(p)
    }

    /// A unit rate: exact, not negative, and to at most four decimal places (a calibrated
    /// rate may carry fractions of a penny; more places than four is almost always a slip).
    fn rate(&mut self, raw: &Spanned<Value>, field: &str) -> Option<Decimal> {
        let v = self.count(raw, field)?;
        if v.scale() > 4 {
            return self.error(
                raw.span(),
                field,
                format!("expected a rate to at most four decimal places, found {v}"),
            );
        }
        Some(v)
    }

    /// A count or other exact number that is not negative: `1408`, `"1,408"`, `"52.143"`.
    fn count(&mut self, raw: &Spanned<Value>, field: &str) -> Option<Decimal> {
        if !matches!(raw.get_ref(), Value::Integer(_) | Value::String(_)) {
            return self.error(raw.span(), field, format!("expected a number, written as a whole number or as text (\"52.143\") so it is read exactly, found {}", found(raw.get_ref())));
        }
        self.exact(raw, field, false, "").map(|(_, v)| v)
    }

    /// Counts by financial year.
    fn volumes(
        &mut self,
        raw: &Spanned<BTreeMap<String, Spanned<Value>>>,
        calendar: FyCalendar,
        field: &str,
    ) -> Option<Volumes> {
        if raw.get_ref().is_empty() {
            return self.error(
                raw.span(),
                field,
                "expected a count for each financial year, such as { \"2022-23\" = 1408 }",
            );
        }
        let mut out = Volumes::new();
        let mut ok = true;
        for (label, v) in raw.get_ref() {
            let f = format!("{field}.{label}");
            let year = calendar.parse_year(label).or_else(|| {
                self.error(
                    v.span(),
                    &f,
                    format!(
                        "expected a financial year such as `2022-23` as the key, found `{label}`"
                    ),
                )
            });
            match (year, self.count(v, &f)) {
                (Some(y), Some(n)) => {
                    out.insert(y, n);
                }
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A line's funding entries, each checked, then the list as a whole.
    fn funding(
        &mut self,
        raw: &Spanned<Vec<RawFunding>>,
        line: &str,
        field: &str,
    ) -> Option<Vec<Funding>> {
        let errors_before = self.errors.len();
        let mut budgets = HashSet::new();
        let entries: Vec<Option<Funding>> = raw
            .get_ref()
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let f = format!("{field}.funding.{}", i + 1);
                let budget = e.budget.get_ref();
                if !budgets.insert(budget.clone()) {
                    self.error::<()>(
                        e.budget.span(),
                        &format!("{f}.budget"),
                        format!("budget `{budget}` has a second entry; give each budget one"),
                    );
                }
                let share = match (&e.share, &e.amount) {
                    (Some(s), None) => self.funding_share(s, &format!("{f}.share")),
                    (None, Some(a)) => self
                        .money(a, &format!("{f}.amount"), false)
                        .map(FundingShare::Amount),
                    _ => self.error(
                        e.budget.span(),
                        &f,
                        "give the budget's `share` (\"40%\" or \"remainder\") or a fixed `amount` a year, one of them",
                    ),
                };
                Some(Funding {
                    budget: budget.clone(),
                    share: share?,
                })
            })
            .collect();
        let entries: Vec<Funding> = entries.into_iter().collect::<Option<_>>()?;
        if self.errors.len() > errors_before {
            // Each entry's own error is already reported where it is.
            return None;
        }
        if entries.is_empty() {
            return self.error(raw.span(), &format!("{field}.funding"), "expected at least one budget; leave `funding` out when `budget` pays for all of the line");
        }
        match outturn_model::funding::validate(line, &entries) {
            Ok(()) => Some(entries),
            Err(e) => self.error(raw.span(), &format!("{field}.funding"), e.to_string()),
        }
    }

    fn funding_share(&mut self, raw: &Spanned<Value>, field: &str) -> Option<FundingShare> {
        let text = match raw.get_ref() {
            Value::String(s) => s.trim(),
            other => {
                return self.error(
                    raw.span(),
                    field,
                    format!(
                        "expected a percentage as text such as \"40%\", or \"remainder\", found {}",
                        found(other)
                    ),
                )
            }
        };
        if text == "remainder" {
            return Some(FundingShare::Remainder);
        }
        match parse_percent(text) {
            Ok(p)
                if p >= Decimal::ZERO
                    && p <= Decimal::ONE_HUNDRED
                    && (p * Decimal::from(10_000)).fract().is_zero() =>
            {
                Some(FundingShare::Percent(p))
            }
            Ok(_) => self.error(
                raw.span(),
                field,
                format!(
                    "expected a share from 0% to 100%, to at most 4 decimal places, found `{text}`"
                ),
            ),
            Err(e) => self.error(raw.span(), field, e.to_string()),
        }
    }

    fn saving(&mut self, raw: &RawSaving, calendar: FyCalendar) -> Option<Saving> {
        let field = format!("savings.{}", raw.name.get_ref());
        let target = match (&raw.line, &raw.budget) {
            (Some(l), None) => Some(Target::Line(l.get_ref().clone())),
            (None, Some(b)) => Some(Target::Budget(b.get_ref().clone())),
            _ => self.error(
                raw.name.span(),
                &field,
                "say what the saving is against: `line = \"…\"` or `budget = \"…\"`, one of them",
            ),
        };
        // The full-year target: `per_year` as before, or `target`, an amount or a percentage.
        let amount = match (&raw.per_year, &raw.target) {
            (Some(p), None) => self
                .money(p, &format!("{field}.per_year"), false)
                .map(|m| (m, None)),
            (None, Some(t)) => self.saving_target(t, &format!("{field}.target")),
            (Some(_), Some(t)) => self.error(
                t.span(),
                &format!("{field}.target"),
                "give `per_year` or `target`, not both (they say the same thing)",
            ),
            (None, None) => self.error(
                raw.name.span(),
                &field,
                "expected the saving's full-year amount: `target = \"£1,000,000\"` or `\"5%\"` (of what it is against), or `per_year = \"£50,000\"`",
            ),
        };
        let (from, from_date) = match raw.from.get_ref() {
            Value::Datetime(_) => {
                match self.date(&raw.from, &format!("{field}.from")) {
                    Some(d) => (Some(calendar.year_of(d)), Some(d)),
                    None => (None, None),
                }
            }
            Value::String(text) => {
                let text = Spanned::new(raw.from.span(), text.clone());
                (self.year(&text, calendar, &format!("{field}.from")), None)
            }
            other => (
                self.error(
                    raw.from.span(),
                    &format!("{field}.from"),
                    format!("expected a financial year such as \"2022-23\" or a first day such as 2022-10-01, found {}", found(other)),
                ),
                None,
            ),
        };
        let to = match &raw.to {
            Some(t) => self.year(t, calendar, &format!("{field}.to")).map(Some),
            None => Some(None),
        };
        let phasing = match &raw.phasing {
            Some(p) => self.phasing(p, &format!("{field}.phasing")),
            None => Some(Vec::new()),
        };
        let delivery = match &raw.delivery {
            Some(d) => self.share(d, &format!("{field}.delivery"), "a delivery rate", false),
            None => Some(Decimal::ONE_HUNDRED),
        };
        let (per_year, percent_of_gross) = amount?;
        let plan = SavingPlan {
            percent_of_gross,
            phasing: phasing?,
            from_date,
            delivery: delivery?,
        };
        let plain = plan == SavingPlan::default();
        Some(Saving {
            name: raw.name.get_ref().clone(),
            target: target?,
            per_year,
            from: from?,
            to: to?,
            plan: (!plain).then_some(plan),
        })
    }

    /// A saving's `target`: an amount, or a percentage above 0 and at most 100.
    fn saving_target(
        &mut self,
        raw: &Spanned<Value>,
        field: &str,
    ) -> Option<(Money, Option<Decimal>)> {
        match raw.get_ref() {
            Value::String(t) if t.trim().ends_with('%') => self
                .share(raw, field, "a percentage target", true)
                .map(|p| (Money::ZERO, Some(p))),
            _ => self.money(raw, field, false).map(|m| (m, None)),
        }
    }

    /// Cumulative phasing shares: each from 0% to 100%, never falling.
    fn phasing(&mut self, raw: &Spanned<Vec<Spanned<Value>>>, field: &str) -> Option<Vec<Decimal>> {
        if raw.get_ref().is_empty() {
            return self.error(
                raw.span(),
                field,
                "expected at least one share, such as [\"50%\", \"100%\"]",
            );
        }
        let shares: Vec<Decimal> = raw
            .get_ref()
            .iter()
            .map(|v| self.share(v, field, "a phasing share", false))
            .collect::<Option<_>>()?;
        for (i, pair) in shares.windows(2).enumerate() {
            if pair[1] < pair[0] {
                return self.error(
                    raw.get_ref()[i + 1].span(),
                    field,
                    format!(
                        "phasing shares are cumulative (the share of the full-year target reached by each year, such as 50%, 80%, 100%), so they cannot fall: found {}% after {}% (to end a saving, give `to`)",
                        pair[1].normalize(),
                        pair[0].normalize()
                    ),
                );
            }
        }
        Some(shares)
    }

    /// A percentage from 0% (or above it, when `positive`) to 100%, to 0.0001%.
    fn share(
        &mut self,
        raw: &Spanned<Value>,
        field: &str,
        what: &str,
        positive: bool,
    ) -> Option<Decimal> {
        let range = if positive {
            "above 0% and at most 100%"
        } else {
            "from 0% to 100%"
        };
        let Value::String(text) = raw.get_ref() else {
            return self.error(
                raw.span(),
                field,
                format!(
                    "expected {what} as text, such as \"80%\", found {}",
                    found(raw.get_ref())
                ),
            );
        };
        match parse_percent(text) {
            Ok(p)
                if (p > Decimal::ZERO || (!positive && p.is_zero()))
                    && p <= Decimal::ONE_HUNDRED
                    && (p * Decimal::from(10_000)).fract().is_zero() =>
            {
                Some(p)
            }
            Ok(_) => self.error(
                raw.span(),
                field,
                format!("expected {what} {range}, to at most 4 decimal places, found `{text}`"),
            ),
            Err(e) => self.error(raw.span(), field, e.to_string()),
        }
    }

    fn check(&mut self, raw: &RawCheck, calendar: FyCalendar) -> Option<Check> {
        let field = format!("checks.{}", raw.name.get_ref());
        let (text, stated) = self.printed(&raw.stated, &format!("{field}.stated"))?;
        let has_selection = raw.line.is_some()
            || raw.lines.is_some()
            || raw.budget.is_some()
            || raw.kind.is_some()
            || raw.phase.is_some()
            || raw.year.is_some();
        let figure = match &raw.parts {
            Some(parts) if has_selection => self.error(
                parts.span(),
                &format!("{field}.parts"),
                "a check of printed parts takes no line, budget, kind, phase or year",
            ),
            Some(parts) if parts.get_ref().is_empty() => self.error(
                parts.span(),
                &format!("{field}.parts"),
                "expected at least one printed part",
            ),
            Some(parts) => parts
                .get_ref()
                .iter()
                .map(|p| self.printed(p, &format!("{field}.parts")).map(|(_, x)| x))
                .collect::<Option<Vec<_>>>()
                .map(Figure::Parts),
            None => {
                let mut lines: Vec<String> = raw
                    .lines
                    .as_ref()
                    .map(|l| l.get_ref().clone())
                    .unwrap_or_default();
                lines.extend(raw.line.as_ref().map(|l| l.get_ref().clone()));
                let kind = match &raw.kind {
                    Some(k) => LineKind::parse(k.get_ref()).map(Some).or_else(|| {
                        self.error(
                            k.span(),
                            &format!("{field}.kind"),
                            format!(
                                "expected one of service, transport, saving, other, found `{}`",
                                k.get_ref()
                            ),
                        )
                    }),
                    None => Some(None),
                };
                let year = match &raw.year {
                    Some(y) => self.year(y, calendar, &format!("{field}.year")).map(Some),
                    None => Some(None),
                };
                Some(Figure::Model(Selection {
                    lines,
                    budget: raw.budget.as_ref().map(|b| b.get_ref().clone()),
                    kind: kind?,
                    phase: raw.phase.as_ref().map(|p| p.get_ref().clone()),
                    year: year?,
                }))
            }
        };
        let precision = match &raw.precision {
            Some(p) => match self.printed(p, &format!("{field}.precision")) {
                Some((_, x)) if x.value > Decimal::ZERO => Some(x.value),
                Some(_) => self.error(
                    p.span(),
                    &format!("{field}.precision"),
                    "expected a positive precision such as \"£100,000\"",
                ),
                None => None,
            },
            None => Some(stated.precision),
        };
        let tolerance = match &raw.tolerance {
            None if stated.approximate => Some(Tolerance::Circa(precision?)),
            None => Some(Tolerance::Exact),
            Some(t) => self.tolerance(t, precision?, &format!("{field}.tolerance")),
        };
        let acknowledged = match &raw.acknowledged {
            Some(a) if a.get_ref().trim().is_empty() => self.error(
                a.span(),
                &format!("{field}.acknowledged"),
                "expected the reason the inconsistency is accepted, found an empty text",
            ),
            other => Some(other.as_ref().map(|a| a.get_ref().clone())),
        };
        Some(Check {
            name: raw.name.get_ref().clone(),
            figure: figure?,
            text,
            stated,
            tolerance: tolerance?,
            acknowledged: acknowledged?,
        })
    }

    fn tolerance(
        &mut self,
        raw: &Spanned<String>,
        precision: Decimal,
        field: &str,
    ) -> Option<Tolerance> {
        let text = raw.get_ref().trim();
        match text {
            "exact" => return Some(Tolerance::Exact),
            "circa" => return Some(Tolerance::Circa(precision)),
            _ => {}
        }
        if text.ends_with('%') {
            if let Ok(p) = parse_percent(text) {
                if p >= Decimal::ZERO {
                    return Some(Tolerance::Percent(p));
                }
            }
        } else if let Ok(a) = parse_printed(text) {
            if a.value >= Decimal::ZERO && !a.approximate {
                return Some(Tolerance::Absolute(a.value));
            }
        }
        self.error(raw.span(), field, format!("expected `exact`, `circa`, an amount such as `£1,000` or a percentage such as `1%`, found `{text}`"))
    }

    /// A figure as printed: text such as `"circa £3.9m"`, or a whole number.
    fn printed(&mut self, raw: &Spanned<Value>, field: &str) -> Option<(String, Printed)> {
        let text = match raw.get_ref() {
            Value::String(s) => s.clone(),
            Value::Integer(i) => i.to_string(),
            other => {
                return self.error(raw.span(), field, format!("expected a figure as printed, such as \"£3.9m\" or \"approximately 700\", found {}", found(other)));
            }
        };
        match parse_printed(&text) {
            Ok(p) => Some((text, p)),
            Err(e) => self.error(raw.span(), field, e.to_string()),
        }
    }

    /// An input amount: exact to the penny, not approximate, and not negative unless allowed.
    fn money(&mut self, raw: &Spanned<Value>, field: &str, allow_negative: bool) -> Option<Money> {
        if let Value::Float(x) = raw.get_ref() {
            return self.error(raw.span(), field, format!("write amounts as text so they are read exactly, e.g. \"{x}\" or \"£1.3m\", found the decimal number {x}"));
        }
        let (text, value) = self.exact(raw, field, allow_negative, "£")?;
        Money::exact(value).or_else(|| {
            self.error(
                raw.span(),
                field,
                format!("`{text}` has a fraction of a penny; amounts are stated to the penny"),
            )
        })
    }

    /// An input read exactly as printed (an amount when `currency` is `£`, else a number), with
    /// its text: not approximate, not negative unless allowed, and at most 10^15.
    fn exact(
        &mut self,
        raw: &Spanned<Value>,
        field: &str,
        allow_negative: bool,
        currency: &str,
    ) -> Option<(String, Decimal)> {
        let (text, printed) = self.printed(raw, field)?;
        let noun = if currency.is_empty() {
            "number"
        } else {
            "amount"
        };
        if printed.approximate {
            return self.error(raw.span(), field, format!("an input {noun} must be exact; `{text}` is approximate (put printed figures in [[checks]])"));
        }
        if printed.value.is_sign_negative() && !printed.value.is_zero() && !allow_negative {
            let what = if currency.is_empty() {
                ""
            } else {
                "an amount of "
            };
            return self.error(
                raw.span(),
                field,
                format!("expected {what}zero or more, found `{text}`"),
            );
        }
        if printed.value.abs() > Decimal::from(1_000_000_000_000_000u64) {
            return self.error(raw.span(), field, format!("`{text}` is more than {currency}1,000,000,000,000,000, the largest {noun} Outturn accepts"));
        }
        Some((text, printed.value))
    }

    fn percent(&mut self, raw: &Spanned<Value>, field: &str, value: &Value) -> Option<Decimal> {
        let Value::String(s) = value else {
            return self.error(
                raw.span(),
                field,
                format!(
                    "expected a percentage as text, such as \"3%\", found {}",
                    found(value)
                ),
            );
        };
        match parse_percent(s) {
            Ok(p) if p > Decimal::from(-100) && p <= Decimal::from(1000) => Some(p),
            Ok(_) => self.error(
                raw.span(),
                field,
                format!("expected a percentage above -100% and at most 1000%, found `{s}`"),
            ),
            Err(e) => self.error(raw.span(), field, e.to_string()),
        }
    }

    fn uplift(&mut self, raw: &Spanned<Value>, field: &str) -> Option<Uplift> {
        match raw.get_ref() {
            Value::Array(rates) => rates
                .iter()
                .map(|r| self.percent(raw, field, r))
                .collect::<Option<Vec<_>>>()
                .map(Uplift::Schedule),
            other => self.percent(raw, field, other).map(Uplift::Flat),
        }
    }

    fn uplift_at(&mut self, raw: &Spanned<String>, field: &str) -> Option<UpliftAt> {
        match raw.get_ref().as_str() {
            "anniversary" => Some(UpliftAt::Anniversary),
            "financial-year" => Some(UpliftAt::FinancialYear),
            other => self.error(
                raw.span(),
                field,
                format!("expected `anniversary` or `financial-year`, found `{other}`"),
            ),
        }
    }

    fn year(
        &mut self,
        raw: &Spanned<String>,
        calendar: FyCalendar,
        field: &str,
    ) -> Option<FinancialYear> {
        calendar.parse_year(raw.get_ref()).or_else(|| {
            self.error(
                raw.span(),
                field,
                format!(
                    "expected a financial year such as `2021-22`, found `{}`",
                    raw.get_ref()
                ),
            )
        })
    }

    fn date(&mut self, raw: &Spanned<Value>, field: &str) -> Option<NaiveDate> {
        let text = match raw.get_ref() {
            Value::Datetime(d) => d.to_string(),
            Value::String(s) => s.clone(),
            other => {
                return self.error(
                    raw.span(),
                    field,
                    format!("expected a date such as 2024-06-15, found {}", found(other)),
                );
            }
        };
        match parse_date(&text) {
            Ok(date) => Some(date),
            Err(e) => self.error(raw.span(), field, e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const VALID: &str = include_str!("../../../scenarios/24-00051-direct-payment-support.toml");

    #[test]
    fn the_field_of_a_toml_error_is_named() {
        let text = "title = \"t\"\n[[lines]]\nkind = 3\n";
        assert_eq!(field_at(text, text.find('3').unwrap()), "lines.kind");
        assert_eq!(field_at(text, 0), "title");
    }

    /// Found by the `scenario_file` fuzz target: a line drawing on a rate card whose only
    /// tier was refused, with no `mix`, indexed the card's (empty) list of tiers.
    #[test]
    fn a_rate_card_with_every_tier_refused_is_reported_not_a_panic() {
        let text = r#"title = "t"
paper = "p"
[[contracts]]
name = "c"
start = 2021-04-01
end = 2024-03-31
[[rate_cards]]
name = "dps"
tiers = [{ name = "1:1", day = "£110.00", half_day = "£.00" }]
[[lines]]
name = "day-ops"
kind = "service"
budget = "b"
drivers = { volume = 10, unit = "people", per_week = 2, weeks_per_year = 50, rate_card = "dps" }
"#;
        let errors: Vec<String> = parse(Path::new("x.toml"), text)
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(
            errors[0].contains("rate_cards.dps.tiers.1:1.half_day"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].contains("`mix = { \"TIER\" = \"100%\" }`"),
            "{}",
            errors[1]
        );
    }

    proptest! {
        /// No input makes the reader panic: arbitrary text, and valid files with a piece cut
        /// out or replaced, only ever give `Ok` or positioned errors.
        #[test]
        fn never_panics_on_arbitrary_text(text in "\\PC{0,200}") {
            let _ = parse(Path::new("x.toml"), &text);
        }

        #[test]
        fn never_panics_on_damaged_scenarios(
            at in 0usize..VALID.len(),
            cut in 0usize..40,
            insert in "[-0-9£.,%a-z\"=\\[\\] \n]{0,12}",
        ) {
            let at = (0..=at).rev().find(|&i| VALID.is_char_boundary(i)).unwrap_or(0);
            let end = (at + cut..=VALID.len()).find(|&i| VALID.is_char_boundary(i)).unwrap_or(VALID.len());
            let text = format!("{}{}{}", &VALID[..at], insert, &VALID[end..]);
            if let Err(errors) = parse(Path::new("x.toml"), &text) {
                prop_assert!(!errors.is_empty());
                for e in errors {
                    prop_assert!(e.to_string().starts_with("error: x.toml"));
                }
            }
        }
    }
}
