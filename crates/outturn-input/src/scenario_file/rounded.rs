//! Rounded inputs: a line's `annual` printed with a circa word (`"approximately £12.7m"`), or
//! given with a `precision`, stands for every amount that rounds to it. The projection uses
//! the figure as printed; `outturn check` also projects each rounded input's ends, so a check
//! of the model agrees when any amounts the inputs stand for make it agree, and says which
//! inputs' rounding was needed.

use outturn_model::amount::parse_printed;
use outturn_model::Money;
use rust_decimal::Decimal;
use toml::{Spanned, Value};

use super::raw::RawLine;
use super::Validator;

/// An input the paper printed rounded, and the amounts it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundedInput {
    /// The line whose `annual` it is.
    pub line: String,
    /// As printed: `approximately £12.7m`.
    pub text: String,
    pub low: Money,
    pub high: Money,
}

impl Validator<'_> {
    /// A line's `annual`: exact, or rounded (a circa word, or the line's `precision`), when its
    /// range is recorded and the figure as printed is used.
    pub(super) fn annual(
        &mut self,
        raw: &RawLine,
        annual: &Spanned<Value>,
        field: &str,
    ) -> Option<Money> {
        let field = format!("{field}.annual");
        let circa = match annual.get_ref() {
            Value::String(s) => parse_printed(s).ok().filter(|p| p.approximate),
            _ => None,
        };
        let Some(printed) = circa else {
            let money = self.money(annual, &field, false)?;
            return match &raw.precision {
                Some(p) => self.rounded(raw, money, annual, p, &field),
                None => Some(money),
            };
        };
        let text = annual.get_ref().as_str().unwrap_or_default().to_string();
        let Some(money) = Money::exact(printed.value).filter(|m| !m.is_negative()) else {
            return self.error(
                annual.span(),
                &field,
                format!("expected an amount of zero or more to the penny, found `{text}`"),
            );
        };
        let half = printed.precision / Decimal::TWO;
        self.record(raw, text, money, half)
    }

    /// `precision = "£100,000"` beside an exact `annual`: the annual is to that precision.
    fn rounded(
        &mut self,
        raw: &RawLine,
        money: Money,
        annual: &Spanned<Value>,
        precision: &Spanned<Value>,
        field: &str,
    ) -> Option<Money> {
        let place = format!("{}.precision", field.trim_end_matches(".annual"));
        let p = match self.printed(precision, &place) {
            Some((_, p)) if p.value > Decimal::ZERO && !p.approximate => p.value,
            Some(_) => {
                return self.error(
                    precision.span(),
                    &place,
                    "expected a positive precision such as \"£100,000\"",
                )
            }
            None => return None,
        };
        let text = match annual.get_ref() {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.record(
            raw,
            format!("{text} (to the nearest {})", p.normalize()),
            money,
            p / Decimal::TWO,
        )
    }

    fn record(
        &mut self,
        raw: &RawLine,
        text: String,
        money: Money,
        half: Decimal,
    ) -> Option<Money> {
        let value = money.as_decimal();
        self.rounded.push(RoundedInput {
            line: raw.name.get_ref().clone(),
            text,
            low: Money::round_half_away((value - half).max(Decimal::ZERO)),
            high: Money::round_half_away(value + half),
        });
        Some(money)
    }
}
