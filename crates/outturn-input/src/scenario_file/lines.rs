//! `[[lines]]`: what each line costs (an annual value, stated amounts by year, drivers or a
//! share of another line), how it is uplifted and grows, and who funds it.

use std::collections::BTreeMap;

use outturn_model::scenario::{Growth, Line, LineKind, LineValue, TermTotal, Uplift, UpliftAt};
use outturn_model::term::PhaseId;
use outturn_model::FyCalendar;
use rust_decimal::Decimal;
use toml::{Spanned, Value};

use super::conventions::ConventionDefaults;
use super::drivers::RateCards;
use super::raw::{RawContract, RawLine};
use super::Validator;

/// The scenario's own `uplift`, `uplift_at` and conventions, which a line without its own
/// takes.
pub(super) struct Defaults {
    pub(super) uplift: Option<Uplift>,
    pub(super) uplift_at: Option<UpliftAt>,
    pub(super) conventions: ConventionDefaults,
}

impl Validator<'_> {
    pub(super) fn line(
        &mut self,
        raw: &RawLine,
        contracts: &[RawContract],
        cards: &RateCards,
        calendar: FyCalendar,
        defaults: &Defaults,
    ) -> Option<Line> {
        let field = format!("lines.{}", raw.name.get_ref());
        let kind = self.line_kind(raw, &field);
        let contract = self.line_contract(raw, contracts, &field);
        if let (Some(total), Some(c)) = (&raw.total, contract) {
            if contracts[c].break_clause.is_some() {
                self.error::<()>(total.span(), &format!("{field}.total"), "the line's contract has a break, which would cut a total stated over the term short; state the line's `annual` value instead");
            }
        }
        let mut value = self.line_value(raw, cards, calendar, &field);
        if let (Some(share), None) = (&raw.share, &raw.share_of) {
            self.error::<()>(
                share.span(),
                &format!("{field}.share"),
                "a share needs `share_of = \"LINE\"`, the line it is a share of",
            );
        }
        let growth = self.growth(raw, calendar, &field);
        // With counts by year, the first year's count is the line's volume in reports.
        if let (Some(LineValue::Drivers(d)), Some(Growth::Volumes(counts))) = (&mut value, &growth)
        {
            d.volume = counts.values().next().copied().unwrap_or_default();
        }
        let funded_uplift = match (&raw.funded_uplift, raw.as_stated()) {
            (Some(u), Some(stated)) => self.error(
                u.span(),
                &format!("{field}.funded_uplift"),
                format!("{stated}; a funded uplift applies only to a line that is uplifted"),
            ),
            (Some(u), None) => self.uplift(u, &format!("{field}.funded_uplift")).map(Some),
            (None, _) => Some(None),
        };
        let (uplift, uplift_at) = self.line_uplift(raw, defaults, &field);
        let funding = match &raw.funding {
            Some(f) => self.funding(f, raw.name.get_ref(), &field),
            None => Some(Vec::new()),
        };
        let conventions = self.conventions(raw, &defaults.conventions, &field);
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
            conventions: conventions?,
        })
    }

    /// A line's kind: service, transport or other (a saving is not a line).
    fn line_kind(&mut self, raw: &RawLine, field: &str) -> Option<LineKind> {
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
        kind
    }

    /// The index of the contract the line belongs to: named, or the only one.
    fn line_contract(
        &mut self,
        raw: &RawLine,
        contracts: &[RawContract],
        field: &str,
    ) -> Option<usize> {
        match &raw.contract {
            None if contracts.len() == 1 => Some(0),
            // No contract at all is reported once, for the scenario.
            None if contracts.is_empty() => None,
            None => self.error(
                raw.name.span(),
                &format!("{field}.contract"),
                "the scenario has several contracts: say which this line belongs to with `contract = \"…\"`",
            ),
            Some(c) => contracts
                .iter()
                .position(|x| x.name.get_ref() == c.get_ref())
                .or_else(|| self.error(c.span(), &format!("{field}.contract"), format!("no contract is named `{}`", c.get_ref()))),
        }
    }

    /// What the line costs: exactly one of `annual`, `amounts`, `drivers` or `share_of`.
    fn line_value(
        &mut self,
        raw: &RawLine,
        cards: &RateCards,
        calendar: FyCalendar,
        field: &str,
    ) -> Option<LineValue> {
        let given: Vec<&str> = [
            raw.annual.as_ref().map(|_| "annual"),
            raw.amounts.as_ref().map(|_| "amounts"),
            raw.drivers.as_ref().map(|_| "drivers"),
            raw.share_of.as_ref().map(|_| "share_of"),
            raw.total.as_ref().map(|_| "total"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(total) = raw.total.as_ref().filter(|_| given.len() == 1) {
            return self.total(total, field).map(LineValue::Total);
        }
        match (&raw.annual, &raw.amounts, &raw.drivers, &raw.share_of) {
            _ if given.len() > 1 && raw.total.is_some() => self.error(
                raw.name.span(),
                field,
                format!("give one of `annual`, `amounts`, `drivers`, `share_of` or `total`, found {}", given.join(" and ")),
            ),
            _ if given.len() > 1 => self.error(
                raw.name.span(),
                field,
                format!("give one of `annual`, `amounts`, `drivers` or `share_of`, found {}", given.join(" and ")),
            ),
            (Some(a), ..) => self.annual(raw, a, field).map(LineValue::Annual),
            _ if raw.precision.is_some() => self.error(
                raw.name.span(),
                &format!("{field}.precision"),
                "`precision` is the precision `annual` was printed to; this line has no `annual`",
            ),
            (_, Some(amounts), ..) => self
                .amounts(amounts.get_ref(), calendar, field)
                .map(LineValue::PerYear),
            (_, _, Some(drivers), _) => self
                .drivers(drivers.get_ref(), cards, &format!("{field}.drivers"))
                .map(LineValue::Drivers),
            (_, _, _, Some(of)) => self.share_of(raw, of, field),
            (None, None, None, None) => self.error(raw.name.span(), field, "expected `annual = \"…\"` (a full contract year's cost), `amounts = { \"2021-22\" = \"…\" }`, `drivers = { … }` or `share_of = \"LINE\"`"),
        }
    }

    /// Amounts stated by financial year, each as printed (a negative one is a credit).
    fn amounts(
        &mut self,
        raw: &BTreeMap<String, Spanned<Value>>,
        calendar: FyCalendar,
        field: &str,
    ) -> Option<BTreeMap<outturn_model::FinancialYear, outturn_model::Money>> {
        let mut years = BTreeMap::new();
        let mut ok = true;
        for (label, amount) in raw {
            let f = format!("{field}.amounts.{label}");
            let year = calendar.parse_year(label).or_else(|| {
                self.error(
                    amount.span(),
                    &f,
                    format!(
                        "expected a financial year such as `2021-22` as the key, found `{label}`"
                    ),
                )
            });
            let money = self.money(amount, &f, true);
            match (year, money) {
                (Some(y), Some(m)) => {
                    years.insert(y, m);
                }
                _ => ok = false,
            }
        }
        ok.then_some(years)
    }

    /// `total = "£4,000,000"` over the taken term, or `total = { initial = "£3m",
    /// "extension-1" = "£1m" }` by phase.
    fn total(&mut self, raw: &Spanned<Value>, field: &str) -> Option<TermTotal> {
        let f = format!("{field}.total");
        let Value::Table(by_phase) = raw.get_ref() else {
            return self.money(raw, &f, false).map(TermTotal::Term);
        };
        if by_phase.is_empty() {
            return self.error(raw.span(), &f, "expected a total over the term, such as \"£4,000,000\", or totals by phase, such as { initial = \"£3m\" }");
        }
        let mut totals = BTreeMap::new();
        let mut ok = true;
        for (phase, amount) in by_phase {
            let id = PhaseId::parse(phase).or_else(|| {
                self.error(
                    raw.span(),
                    &format!("{f}.{phase}"),
                    format!("expected a phase, `initial` or `extension-N`, found `{phase}`"),
                )
            });
            // A value inside an inline table has no span of its own here: point at the table.
            let amount = Spanned::new(raw.span(), amount.clone());
            match (id, self.money(&amount, &format!("{f}.{phase}"), false)) {
                (Some(id), Some(m)) => {
                    totals.insert(id, m);
                }
                _ => ok = false,
            }
        }
        ok.then_some(TermTotal::Phases(totals))
    }

    /// `share_of = "LINE"` with the `share` of it this line is.
    fn share_of(&mut self, raw: &RawLine, of: &Spanned<String>, field: &str) -> Option<LineValue> {
        let share = match &raw.share {
            Some(share) => self.line_share(share, &format!("{field}.share")),
            None => self.error(
                of.span(),
                &format!("{field}.share"),
                format!(
                    "say what share of `{}` this line is, such as `share = \"21.5%\"`",
                    of.get_ref()
                ),
            ),
        };
        share.map(|share| LineValue::ShareOf {
            line: of.get_ref().clone(),
            share,
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

    /// Demand growth: a flat rate (`growth`), counts by year (`drivers.volumes`), or none.
    fn growth(&mut self, raw: &RawLine, calendar: FyCalendar, field: &str) -> Option<Growth> {
        let growth = match &raw.growth {
            Some(g) if raw.as_stated().is_some() || raw.share_of.is_some() => self.error(
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
        let Some(counts) = raw
            .drivers
            .as_ref()
            .and_then(|d| d.get_ref().volumes.as_ref())
        else {
            return growth;
        };
        match &raw.growth {
            Some(g) => self.error(g.span(), &format!("{field}.growth"), "give demand growth as a rate (`growth`) or as counts by year (`drivers.volumes`), not both"),
            None => self.volumes(counts, calendar, &format!("{field}.drivers.volumes")).map(Growth::Volumes),
        }
    }

    /// The line's uplift and when it applies, its own or the scenario's.
    fn line_uplift(
        &mut self,
        raw: &RawLine,
        defaults: &Defaults,
        field: &str,
    ) -> (Option<Uplift>, Option<UpliftAt>) {
        let uplift = match &raw.uplift {
            Some(u) => self.uplift(u, &format!("{field}.uplift")),
            None => Some(defaults.uplift.clone().unwrap_or_default()),
        };
        if let (Some(u), Some(stated)) = (&raw.uplift, raw.as_stated()) {
            self.error::<()>(
                u.span(),
                &format!("{field}.uplift"),
                format!("{stated}; uplift applies to an `annual` value, `drivers` or a share"),
            );
        }
        let uplift_at = match &raw.uplift_at {
            Some(u) => self.uplift_at(u, &format!("{field}.uplift_at")),
            None => Some(defaults.uplift_at.unwrap_or_default()),
        };
        (uplift, uplift_at)
    }

    /// A flat uplift (`"3%"`), a schedule, one rate for each uplift date (`["3%", "2.5%"]`),
    /// or an index (`{ index = "cpi", lag_months = 7 }`).
    pub(super) fn uplift(&mut self, raw: &Spanned<Value>, field: &str) -> Option<Uplift> {
        match raw.get_ref() {
            Value::Table(table) => self.index_uplift(raw, table, field).map(Uplift::Index),
            Value::Array(rates) => rates
                .iter()
                .map(|r| self.percent(raw, field, r))
                .collect::<Option<Vec<_>>>()
                .map(Uplift::Schedule),
            other => self.percent(raw, field, other).map(Uplift::Flat),
        }
    }

    pub(super) fn uplift_at(&mut self, raw: &Spanned<String>, field: &str) -> Option<UpliftAt> {
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
}
