//! `[[savings]]`: what each saving is against, its full-year target, the years it runs and
//! how it is phased in and delivered.

use chrono::NaiveDate;
use outturn_model::savings::{PartYears, SavingPlan};
use outturn_model::scenario::{Saving, Target};
use outturn_model::{FinancialYear, FyCalendar, Money};
use rust_decimal::Decimal;
use toml::{Spanned, Value};

use super::raw::{found, RawSaving};
use super::Validator;

impl Validator<'_> {
    pub(super) fn saving(&mut self, raw: &RawSaving, calendar: FyCalendar) -> Option<Saving> {
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
        let amount = self.full_year(raw, &field);
        let (from, from_date) = self.saving_from(&raw.from, calendar, &field);
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
        let part_years = self.part_years(raw.part_years.as_ref(), &field);
        let (per_year, percent_of_gross) = amount?;
        let plan = SavingPlan {
            percent_of_gross,
            phasing: phasing?,
            from_date,
            delivery: delivery?,
            part_years: part_years?,
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

    /// The full-year target: `per_year` as before, or `target`, an amount or a percentage.
    fn full_year(&mut self, raw: &RawSaving, field: &str) -> Option<(Money, Option<Decimal>)> {
        match (&raw.per_year, &raw.target) {
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
                field,
                "expected the saving's full-year amount: `target = \"£1,000,000\"` or `\"5%\"` (of what it is against), or `per_year = \"£50,000\"`",
            ),
        }
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

    /// `from`: a financial year (`"2022-23"`), or a first day (`2022-10-01`) and its year.
    fn saving_from(
        &mut self,
        raw: &Spanned<Value>,
        calendar: FyCalendar,
        field: &str,
    ) -> (Option<FinancialYear>, Option<NaiveDate>) {
        match raw.get_ref() {
            Value::Datetime(_) => match self.date(raw, &format!("{field}.from")) {
                Some(d) => (Some(calendar.year_of(d)), Some(d)),
                None => (None, None),
            },
            Value::String(text) => {
                let text = Spanned::new(raw.span(), text.clone());
                (self.year(&text, calendar, &format!("{field}.from")), None)
            }
            other => (
                self.error(
                    raw.span(),
                    &format!("{field}.from"),
                    format!("expected a financial year such as \"2022-23\" or a first day such as 2022-10-01, found {}", found(other)),
                ),
                None,
            ),
        }
    }

    /// `part_years`: how an amount is taken in a part year of the contract.
    fn part_years(&mut self, raw: Option<&Spanned<String>>, field: &str) -> Option<PartYears> {
        match raw.map(|r| (r, r.get_ref().as_str())) {
            None | Some((_, "pro-rated")) => Some(PartYears::ProRated),
            Some((_, "whole")) => Some(PartYears::Whole),
            Some((r, other)) => self.error(
                r.span(),
                &format!("{field}.part_years"),
                format!("expected \"pro-rated\" (by the days in contract, the default) or \"whole\" (the full amount in a part year, as the paper budgets it), found `{other}`"),
            ),
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
}
