//! The values every table shares: figures as printed, exact amounts and counts,
//! percentages and shares, dates and financial years.

use chrono::NaiveDate;
use outturn_model::amount::{parse_percent, parse_printed, Printed};
use outturn_model::calendar::parse_date;
use outturn_model::{FinancialYear, FyCalendar, Money};
use rust_decimal::Decimal;
use toml::{Spanned, Value};

use super::raw::found;
use super::Validator;

impl Validator<'_> {
    /// A figure as printed: text such as `"circa £3.9m"`, or a whole number.
    pub(super) fn printed(
        &mut self,
        raw: &Spanned<Value>,
        field: &str,
    ) -> Option<(String, Printed)> {
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
    pub(super) fn money(
        &mut self,
        raw: &Spanned<Value>,
        field: &str,
        allow_negative: bool,
    ) -> Option<Money> {
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

    /// A count or other exact number that is not negative: `1408`, `"1,408"`, `"52.143"`.
    pub(super) fn count(&mut self, raw: &Spanned<Value>, field: &str) -> Option<Decimal> {
        if !matches!(raw.get_ref(), Value::Integer(_) | Value::String(_)) {
            return self.error(raw.span(), field, format!("expected a number, written as a whole number or as text (\"52.143\") so it is read exactly, found {}", found(raw.get_ref())));
        }
        self.exact(raw, field, false, "").map(|(_, v)| v)
    }

    /// A unit rate: exact, not negative, and to at most four decimal places (a calibrated
    /// rate may carry fractions of a penny; more places than four is almost always a slip).
    pub(super) fn rate(&mut self, raw: &Spanned<Value>, field: &str) -> Option<Decimal> {
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

    /// A percentage above -100% and at most 1000% (`value` is `raw`'s, or one of its list).
    pub(super) fn percent(
        &mut self,
        raw: &Spanned<Value>,
        field: &str,
        value: &Value,
    ) -> Option<Decimal> {
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

    /// A percentage from 0% (or above it, when `positive`) to 100%, to 0.0001%.
    pub(super) fn share(
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

    pub(super) fn year(
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

    pub(super) fn date(&mut self, raw: &Spanned<Value>, field: &str) -> Option<NaiveDate> {
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
