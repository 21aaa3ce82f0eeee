//! The raw layer of a scenario file: its tables as TOML gives them, each value with its span
//! (byte offsets into the text it came from), before any validation.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::Deserialize;
use toml::{Spanned, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScenario {
    pub(super) title: Spanned<String>,
    pub(super) paper: Spanned<String>,
    /// Where the paper is published (a web address): recorded, not used.
    #[serde(default, rename = "source")]
    pub(super) _source: Option<Spanned<String>>,
    /// The paper corpus's metadata (`tests/papers/`): the verdict a case expects, and what
    /// was changed in a derived case. Checked for form, not used in checking.
    pub(super) expected: Option<Spanned<String>>,
    #[serde(default, rename = "derived")]
    pub(super) _derived: Option<Spanned<String>>,
    pub(super) financial_year_start: Option<Spanned<i64>>,
    pub(super) uplift: Option<Spanned<Value>>,
    pub(super) uplift_at: Option<Spanned<String>>,
    pub(super) compounding: Option<Spanned<String>>,
    pub(super) prorate: Option<Spanned<String>>,
    pub(super) round_to: Option<Spanned<String>>,
    pub(super) round_order: Option<Spanned<String>>,
    /// None in a scenario of printed figures only (checks of `parts`, `ratio`, …).
    pub(super) contracts: Option<Spanned<Vec<RawContract>>>,
    #[serde(default)]
    pub(super) lines: Vec<RawLine>,
    #[serde(default)]
    pub(super) savings: Vec<RawSaving>,
    #[serde(default)]
    pub(super) checks: Vec<RawCheck>,
    #[serde(default)]
    pub(super) rate_cards: Vec<RawRateCard>,
    #[serde(default)]
    pub(super) trends: Vec<RawTrend>,
    #[serde(default)]
    pub(super) indices: Vec<RawIndex>,
    pub(super) appraisal: Option<RawAppraisal>,
    /// Read by `outturn simulate` (see `uncertainty`); every other command ignores them.
    #[serde(default, rename = "uncertainty")]
    pub(super) _uncertainty: Option<IgnoredAny>,
    #[serde(default, rename = "correlations")]
    pub(super) _correlations: Option<IgnoredAny>,
}

/// `[appraisal]`: the base year, discount, optimism bias, deflator (and the year of its
/// prices) and annuity years.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAppraisal {
    pub(super) base_year: Spanned<String>,
    pub(super) discount: Option<Spanned<Value>>,
    pub(super) optimism_bias: Option<Spanned<Value>>,
    pub(super) optimism_bias_lines: Option<Spanned<Vec<String>>>,
    pub(super) deflator: Option<Spanned<BTreeMap<String, Spanned<Value>>>>,
    pub(super) prices: Option<Spanned<String>>,
    pub(super) annuity: Option<Spanned<Value>>,
}

/// `[[indices]]`: a series by month (`rates` or `levels`), or a `blend` of others.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIndex {
    pub(super) name: Spanned<String>,
    pub(super) rates: Option<Spanned<BTreeMap<String, Spanned<Value>>>>,
    pub(super) levels: Option<Spanned<BTreeMap<String, Spanned<Value>>>>,
    pub(super) blend: Option<Spanned<Vec<RawBlendPart>>>,
    pub(super) round_dp: Option<Spanned<Value>>,
}

/// `{ index = "cpi", weight = "40%", lag_months = 7 }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBlendPart {
    pub(super) index: Spanned<String>,
    pub(super) weight: Spanned<Value>,
    pub(super) lag_months: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTrend {
    pub(super) name: Spanned<String>,
    pub(super) from: Spanned<Value>,
    pub(super) from_year: Spanned<String>,
    pub(super) to: Spanned<Value>,
    pub(super) to_year: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRateCard {
    pub(super) name: Spanned<String>,
    pub(super) tiers: Spanned<Vec<RawTier>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTier {
    pub(super) name: Spanned<String>,
    pub(super) day: Spanned<Value>,
    pub(super) half_day: Spanned<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDrivers {
    pub(super) volume: Option<Spanned<Value>>,
    pub(super) volumes: Option<Spanned<BTreeMap<String, Spanned<Value>>>>,
    pub(super) unit: Spanned<String>,
    pub(super) per_week: Option<Spanned<Value>>,
    pub(super) weeks_per_year: Option<Spanned<Value>>,
    pub(super) per: Option<Spanned<String>>,
    pub(super) rate: Option<Spanned<Value>>,
    pub(super) rate_card: Option<Spanned<String>>,
    pub(super) mix: Option<Spanned<BTreeMap<String, Spanned<Value>>>>,
    pub(super) half_days: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawContract {
    pub(super) name: Spanned<String>,
    pub(super) start: Spanned<Value>,
    pub(super) end: Spanned<Value>,
    #[serde(default)]
    pub(super) extensions: Vec<RawExtension>,
    #[serde(rename = "break")]
    pub(super) break_clause: Option<RawBreak>,
}

/// `break = { on = 2025-03-31, notice_months = 3 }`: the last day of service and the notice.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBreak {
    pub(super) on: Spanned<Value>,
    pub(super) notice_months: Spanned<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExtension {
    pub(super) months: Spanned<Value>,
    pub(super) taken: Spanned<bool>,
}

impl RawLine {
    /// Why the line cannot be uplifted, when its cost is stated (amounts by year or a total):
    /// the start of a message.
    pub(super) fn as_stated(&self) -> Option<&'static str> {
        if self.amounts.is_some() {
            Some("stated yearly amounts are taken as printed")
        } else if self.total.is_some() {
            Some("a total over the term is taken as stated")
        } else {
            None
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLine {
    pub(super) name: Spanned<String>,
    pub(super) kind: Spanned<String>,
    pub(super) budget: Spanned<String>,
    pub(super) contract: Option<Spanned<String>>,
    pub(super) annual: Option<Spanned<Value>>,
    /// The precision `annual` was printed to, when the paper rounded it (see `rounded`).
    pub(super) precision: Option<Spanned<Value>>,
    pub(super) amounts: Option<Spanned<BTreeMap<String, Spanned<Value>>>>,
    /// A total over the term (`"£4,000,000"`) or by phase (`{ initial = "…" }`).
    pub(super) total: Option<Spanned<Value>>,
    pub(super) uplift: Option<Spanned<Value>>,
    pub(super) uplift_at: Option<Spanned<String>>,
    pub(super) drivers: Option<Spanned<RawDrivers>>,
    pub(super) share_of: Option<Spanned<String>>,
    pub(super) share: Option<Spanned<Value>>,
    pub(super) growth: Option<Spanned<Value>>,
    pub(super) funded_uplift: Option<Spanned<Value>>,
    pub(super) funding: Option<Spanned<Vec<RawFunding>>>,
    pub(super) compounding: Option<Spanned<String>>,
    pub(super) prorate: Option<Spanned<String>>,
    pub(super) round_to: Option<Spanned<String>>,
    pub(super) round_order: Option<Spanned<String>>,
    pub(super) round_rate: Option<Spanned<RawRoundRate>>,
    pub(super) vat: Option<Spanned<RawVat>>,
    pub(super) payment: Option<Spanned<String>>,
}

/// `vat = { rate = "20%", stated = "net", recoverable = true }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVat {
    pub(super) rate: Spanned<Value>,
    pub(super) stated: Spanned<String>,
    pub(super) recoverable: Spanned<bool>,
}

/// `round_rate = { step = "£0.04", direction = "up" }`: a payment system's step for rates.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRoundRate {
    pub(super) step: Spanned<Value>,
    pub(super) direction: Spanned<String>,
}

/// `{ budget = "nhs-icb", share = "40%" }`, `{ budget = "send", amount = "£100,000" }` or
/// `{ budget = "adult-social-care", share = "remainder" }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFunding {
    pub(super) budget: Spanned<String>,
    pub(super) share: Option<Spanned<Value>>,
    pub(super) amount: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSaving {
    pub(super) name: Spanned<String>,
    pub(super) line: Option<Spanned<String>>,
    pub(super) budget: Option<Spanned<String>>,
    pub(super) per_year: Option<Spanned<Value>>,
    /// A financial year (`"2022-23"`) or a first day (`2022-10-01`).
    pub(super) from: Spanned<Value>,
    pub(super) to: Option<Spanned<String>>,
    pub(super) target: Option<Spanned<Value>>,
    pub(super) phasing: Option<Spanned<Vec<Spanned<Value>>>>,
    pub(super) delivery: Option<Spanned<Value>>,
    /// `"pro-rated"` (the default) or `"whole"`.
    pub(super) part_years: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCheck {
    pub(super) name: Spanned<String>,
    pub(super) stated: Spanned<Value>,
    pub(super) tolerance: Option<Spanned<String>>,
    pub(super) precision: Option<Spanned<Value>>,
    pub(super) acknowledged: Option<Spanned<String>>,
    pub(super) line: Option<Spanned<String>>,
    pub(super) lines: Option<Spanned<Vec<String>>>,
    pub(super) budget: Option<Spanned<String>>,
    pub(super) kind: Option<Spanned<String>>,
    pub(super) phase: Option<Spanned<String>>,
    pub(super) year: Option<Spanned<String>>,
    /// Which figure of the model: `cost` (the default), `net`, `vat`, `gross`, `rate`,
    /// `uplift`, `present-value`, `equivalent-annual-cost`.
    pub(super) figure: Option<Spanned<String>>,
    /// The date a rate or uplift is asked for, instead of a year.
    pub(super) date: Option<Spanned<Value>>,
    /// The unit of bare numbers in the operands and stated figure: `£'000`, `£m`.
    pub(super) unit: Option<Spanned<String>>,
    /// The verdict a case of the paper corpus expects: recorded, not used.
    pub(super) expected: Option<Spanned<String>>,
    pub(super) parts: Option<Spanned<Vec<Spanned<Value>>>>,
    pub(super) difference: Option<Spanned<Vec<Spanned<Value>>>>,
    pub(super) product: Option<Spanned<Vec<Spanned<Value>>>>,
    pub(super) ratio: Option<Spanned<Vec<Spanned<Value>>>>,
    pub(super) change: Option<Spanned<Vec<Spanned<Value>>>>,
    pub(super) compound: Option<Spanned<Vec<Spanned<Value>>>>,
    pub(super) duration: Option<Spanned<Vec<Spanned<Value>>>>,
}

/// What a field's value must look like, for "expected … found …" messages.
pub(super) fn found(value: &Value) -> String {
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
