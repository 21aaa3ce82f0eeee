//! A line's `funding`: the budgets that pay for it, each a percentage of its cost, a fixed
//! amount a year, or the remainder.

use std::collections::HashSet;

use outturn_model::amount::parse_percent;
use outturn_model::funding::{Funding, FundingShare};
use rust_decimal::Decimal;
use toml::{Spanned, Value};

use super::raw::{found, RawFunding};
use super::Validator;

impl Validator<'_> {
    /// A line's funding entries, each checked, then the list as a whole.
    pub(super) fn funding(
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
                let budget = e.budget.get_ref();
                let f = format!("{field}.funding.{}", i + 1);
                if !budgets.insert(budget) {
                    self.error::<()>(
                        e.budget.span(),
                        &format!("{f}.budget"),
                        format!("budget `{budget}` has a second entry; give each budget one"),
                    );
                }
                self.funding_entry(e, &f)
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

    /// One budget's `share` or fixed `amount`, one of them.
    fn funding_entry(&mut self, raw: &RawFunding, field: &str) -> Option<Funding> {
        let share = match (&raw.share, &raw.amount) {
            (Some(s), None) => self.funding_share(s, &format!("{field}.share")),
            (None, Some(a)) => self
                .money(a, &format!("{field}.amount"), false)
                .map(FundingShare::Amount),
            _ => self.error(
                raw.budget.span(),
                field,
                "give the budget's `share` (\"40%\" or \"remainder\") or a fixed `amount` a year, one of them",
            ),
        };
        Some(Funding {
            budget: raw.budget.get_ref().clone(),
            share: share?,
        })
    }

    /// `"40%"` (from 0% to 100%, to 0.0001%) or `"remainder"`.
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
}
