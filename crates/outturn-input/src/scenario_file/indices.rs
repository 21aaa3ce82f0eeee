//! `[[indices]]`: index series a line's uplift can read (see `outturn_model::index`), and a
//! line's `uplift = { index = "…", lag_months = N }`.
//!
//! ```toml
//! [[indices]]
//! name = "cpi"
//! rates = { "2023-09" = "6.7%", "2024-09" = "1.7%" }   # the 12-month rate by month
//!
//! [[indices]]
//! name = "rlw"
//! levels = { "2023-04" = "£10.90", "2024-04" = "£12.00" }   # the rate: change in 12 months
//! round_dp = 1                                             # published to 1 decimal place
//!
//! [[indices]]
//! name = "care-blend"
//! blend = [{ index = "cpi", weight = "40%", lag_months = 7 }, { index = "rlw", weight = "60%" }]
//! round_dp = 2
//! ```

use std::collections::BTreeMap;

use outturn_model::index::{BlendPart, IndexUplift, Indices, Month, Series, Values};
use rust_decimal::Decimal;
use toml::{Spanned, Value};

use super::raw::{found, RawBlendPart, RawIndex};
use super::Validator;

/// The most months an uplift may look back, and the most decimal places a rate is rounded to.
const MOST_LAG_MONTHS: i64 = 120;
const MOST_DP: i64 = 6;

/// The series read, and the name of every series stated, read or refused (an uplift naming a
/// refused one is not reported again).
#[derive(Default)]
pub(super) struct ReadIndices {
    series: Indices,
    stated: Vec<String>,
}

impl Validator<'_> {
    /// Every series, each name used once; a bad series is reported and left out.
    pub(super) fn indices(&mut self, raw: &[RawIndex]) -> ReadIndices {
        let stated = raw.iter().map(|ix| ix.name.get_ref().clone()).collect();
        let mut indices = BTreeMap::new();
        for ix in raw {
            let name = ix.name.get_ref();
            let field = format!("indices.{name}");
            if indices.contains_key(name) {
                self.error::<()>(
                    ix.name.span(),
                    &field,
                    format!("a second index is named `{name}`; names must differ"),
                );
                continue;
            }
            let values = self.index_values(ix, &indices, &field);
            let round_dp = match &ix.round_dp {
                Some(dp) => self
                    .whole(dp, &format!("{field}.round_dp"), 0, MOST_DP)
                    .map(Some),
                None => Some(None),
            };
            if let (Some(values), Some(round_dp)) = (values, round_dp) {
                let series = Series {
                    name: name.clone(),
                    values,
                    round_dp: round_dp.map(|d| d as u32),
                };
                indices.insert(name.clone(), series);
            }
        }
        ReadIndices {
            series: Indices(indices),
            stated,
        }
    }

    /// Exactly one of `rates`, `levels` or `blend`.
    fn index_values(
        &mut self,
        ix: &RawIndex,
        known: &BTreeMap<String, Series>,
        field: &str,
    ) -> Option<Values> {
        match (&ix.rates, &ix.levels, &ix.blend) {
            (Some(rates), None, None) => {
                let f = format!("{field}.rates");
                self.by_month(rates, &f, |v, raw, f| v.percent(raw, f, raw.get_ref()))
                    .map(Values::Rates)
            }
            (None, Some(levels), None) => {
                let f = format!("{field}.levels");
                self.by_month(levels, &f, |v, raw, f| v.level(raw, f))
                    .map(Values::Levels)
            }
            (None, None, Some(blend)) => self.blend(blend, known, field).map(Values::Blend),
            _ => self.error(
                ix.name.span(),
                field,
                "give one of `rates` (the 12-month rate by month), `levels` (the index or wage by month) or `blend` (weighted parts of other indices)",
            ),
        }
    }

    /// Values keyed by month (`"2024-09"`), each read by `read`.
    fn by_month(
        &mut self,
        raw: &Spanned<BTreeMap<String, Spanned<Value>>>,
        field: &str,
        read: impl Fn(&mut Self, &Spanned<Value>, &str) -> Option<Decimal>,
    ) -> Option<BTreeMap<Month, Decimal>> {
        if raw.get_ref().is_empty() {
            return self.error(
                raw.span(),
                field,
                "expected a value for at least one month, such as { \"2024-09\" = \"1.7%\" }",
            );
        }
        let mut values = BTreeMap::new();
        let mut ok = true;
        for (label, value) in raw.get_ref() {
            let f = format!("{field}.{label}");
            let month = Month::parse(label).or_else(|| {
                self.error(
                    value.span(),
                    &f,
                    format!("expected a month such as `2024-09` as the key, found `{label}`"),
                )
            });
            match (month, read(self, value, &f)) {
                (Some(m), Some(v)) => {
                    values.insert(m, v);
                }
                _ => ok = false,
            }
        }
        ok.then_some(values)
    }

    /// A level: an index value or a wage, above zero.
    fn level(&mut self, raw: &Spanned<Value>, field: &str) -> Option<Decimal> {
        let v = self.count(raw, field)?;
        if v.is_zero() {
            return self.error(raw.span(), field, "expected a level above 0");
        }
        Some(v)
    }

    /// A blend's parts: indices already named (and not blends), weights adding to 100%.
    fn blend(
        &mut self,
        raw: &Spanned<Vec<RawBlendPart>>,
        known: &BTreeMap<String, Series>,
        field: &str,
    ) -> Option<Vec<BlendPart>> {
        let mut parts = Vec::new();
        let mut ok = true;
        for p in raw.get_ref() {
            let name = p.index.get_ref();
            let f = format!("{field}.blend.{name}");
            let index = match known.get(name) {
                Some(Series {
                    values: Values::Blend(_),
                    ..
                }) => self.error(
                    p.index.span(),
                    &f,
                    "a blend's parts are indices of rates or levels, not other blends",
                ),
                Some(_) => Some(name.clone()),
                None => self.error(
                    p.index.span(),
                    &f,
                    format!("no index named `{name}` is stated before this one"),
                ),
            };
            let weight = self.share(&p.weight, &format!("{f}.weight"), "a weight", true);
            let lag = match &p.lag_months {
                Some(l) => self.whole(l, &format!("{f}.lag_months"), 0, MOST_LAG_MONTHS),
                None => Some(0),
            };
            match (index, weight, lag) {
                (Some(index), Some(weight), Some(lag)) => parts.push(BlendPart {
                    index,
                    weight,
                    lag_months: lag as u32,
                }),
                _ => ok = false,
            }
        }
        let total: Decimal = parts.iter().map(|p| p.weight).sum();
        if ok && total != Decimal::ONE_HUNDRED {
            return self.error(
                raw.span(),
                &format!("{field}.blend"),
                format!(
                    "the weights add to {}%; they must add to 100%",
                    total.normalize()
                ),
            );
        }
        ok.then_some(parts)
    }

    /// A whole number from `least` to `most`.
    fn whole(&mut self, raw: &Spanned<Value>, field: &str, least: i64, most: i64) -> Option<i64> {
        match raw.get_ref() {
            Value::Integer(n) if (least..=most).contains(n) => Some(*n),
            other => self.error(
                raw.span(),
                field,
                format!(
                    "expected a whole number from {least} to {most}, found {}",
                    found(other)
                ),
            ),
        }
    }

    /// `uplift = { index = "cpi", lag_months = 7 }`: an index the scenario states.
    pub(super) fn index_uplift(
        &mut self,
        raw: &Spanned<Value>,
        table: &toml::Table,
        field: &str,
    ) -> Option<IndexUplift> {
        if let Some(key) = table
            .keys()
            .find(|k| !matches!(k.as_str(), "index" | "lag_months"))
        {
            return self.error(
                raw.span(),
                field,
                format!("unknown field `{key}` in an uplift from an index; expected `index` and `lag_months`"),
            );
        }
        let index = match table.get("index") {
            Some(Value::String(name)) if self.indices.series.0.contains_key(name) => {
                Some(name.clone())
            }
            // Refused where it is stated.
            Some(Value::String(name)) if self.indices.stated.contains(name) => None,
            Some(Value::String(name)) => self.error(
                raw.span(),
                &format!("{field}.index"),
                format!("no index is named `{name}`; state it under [[indices]]"),
            ),
            _ => self.error(
                raw.span(),
                &format!("{field}.index"),
                "expected the name of an index, such as { index = \"cpi\", lag_months = 7 }",
            ),
        };
        let lag = match table.get("lag_months") {
            Some(v) => self.whole(
                &Spanned::new(raw.span(), v.clone()),
                &format!("{field}.lag_months"),
                0,
                MOST_LAG_MONTHS,
            ),
            None => Some(0),
        };
        Some(IndexUplift {
            index: index?,
            lag_months: lag? as u32,
            indices: self.indices.series.clone(),
        })
    }
}
