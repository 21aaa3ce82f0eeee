//! `[appraisal]`: how a scenario's spend is discounted (HM Treasury Green Book; see
//! `outturn_model::discount`).
//!
//! ```toml
//! [appraisal]
//! base_year = "2024-25"            # year 0, not discounted
//! discount = "green-book"          # the declining schedule (the default), or a rate "3.5%"
//! optimism_bias = "4%"             # or parts: [{ share = "30%", bias = "51%" }, …]
//! optimism_bias_lines = ["works"]  # the lines it applies to (all when not given)
//! deflator = { "2024-25" = "100", "2025-26" = "102.5" }   # to real terms, base-year prices
//! prices = "2025-26"               # or in another year's prices (its level over each year's)
//! annuity = "from-year-1"          # the EAC's years: 1 to the last (default "years-shown")
//! ```

use std::collections::BTreeMap;

use outturn_model::discount::{combined_bias, Annuity, Appraisal, Discount};
use outturn_model::scenario::Scenario;
use outturn_model::FyCalendar;
use rust_decimal::Decimal;
use toml::{Spanned, Value};

use super::raw::{found, RawAppraisal, RawLine};
use super::Validator;

impl Validator<'_> {
    /// The years of an appraisal against the scenario's terms, which can only be confirmed
    /// once the contracts are read: year 0 no later than the first year of spend, and a
    /// deflator level for it, every year in contract and the year of the prices.
    pub(super) fn appraisal_years(&mut self, scenario: &Scenario, raw: &RawAppraisal) {
        let Some(a) = &scenario.appraisal else {
            return;
        };
        let cal = scenario.calendar;
        let periods: Vec<_> = scenario
            .contracts
            .iter()
            .map(|c| c.term.taken_period())
            .collect();
        let (Some(first), Some(last)) = (
            periods.iter().map(|p| cal.year_of(p.start)).min(),
            periods.iter().map(|p| cal.year_of(p.end)).max(),
        ) else {
            return;
        };
        if a.base_year > first {
            self.error::<()>(
                raw.base_year.span(),
                "appraisal.base_year",
                format!("year 0 is {}, after the spend begins in {first}; it must be the first year of spend or earlier", a.base_year),
            );
        }
        if let (Some(levels), Some(d)) = (&a.deflator, &raw.deflator) {
            let mut year = a.base_year.min(first);
            while year <= last {
                if (year == a.base_year || year >= first) && !levels.contains_key(&year) {
                    self.error::<()>(
                        d.span(),
                        "appraisal.deflator",
                        format!(
                            "no level for {year}; give one for year 0 and every year in contract"
                        ),
                    );
                }
                year = year.next();
            }
            if let (Some(p), Some(raw_p)) = (a.prices, &raw.prices) {
                if !levels.contains_key(&p) {
                    self.error::<()>(
                        raw_p.span(),
                        "appraisal.prices",
                        format!("the deflator gives no level for {p}, the year whose prices the real terms are in; give one"),
                    );
                }
            }
        }
    }

    pub(super) fn appraisal(
        &mut self,
        raw: &RawAppraisal,
        lines: &[RawLine],
        calendar: FyCalendar,
    ) -> Option<Appraisal> {
        let base_year = self.year(&raw.base_year, calendar, "appraisal.base_year");
        let discount = match &raw.discount {
            None => Some(Discount::GreenBook),
            Some(d) if d.get_ref() == &Value::String("green-book".into()) => {
                Some(Discount::GreenBook)
            }
            Some(d) => self.discount_rate(d),
        };
        let optimism_bias = match &raw.optimism_bias {
            None => Some(None),
            Some(b) => self.optimism_bias(b).map(Some),
        };
        let bias_lines = raw
            .optimism_bias_lines
            .as_ref()
            .map_or(Some(Vec::new()), |names| self.bias_lines(names, lines));
        let deflator = match &raw.deflator {
            None => Some(None),
            Some(d) => self.deflator(d, calendar).map(Some),
        };
        let prices = match (&raw.prices, &raw.deflator) {
            (None, _) => Some(None),
            (Some(p), Some(_)) => self.year(p, calendar, "appraisal.prices").map(Some),
            (Some(p), None) => self.error(
                p.span(),
                "appraisal.prices",
                "names the year whose prices the deflator's real terms are in; state the deflator too (`deflator = { \"2024-25\" = \"100\", … }`)",
            ),
        };
        let annuity = raw
            .annuity
            .as_ref()
            .map_or(Some(Annuity::YearsShown), |a| self.annuity(a));
        Some(Appraisal {
            base_year: base_year?,
            discount: discount?,
            optimism_bias: optimism_bias?,
            optimism_bias_lines: bias_lines?,
            deflator: deflator?,
            prices: prices?,
            annuity: annuity?,
        })
    }

    /// The years the equivalent annual cost is spread over: every year shown, or years 1 to
    /// the last (the Green Book's EAC factors).
    fn annuity(&mut self, raw: &Spanned<Value>) -> Option<Annuity> {
        match raw.get_ref() {
            Value::String(s) if s == "years-shown" => Some(Annuity::YearsShown),
            Value::String(s) if s == "from-year-1" => Some(Annuity::FromYearOne),
            other => self.error(
                raw.span(),
                "appraisal.annuity",
                format!(
                    "expected \"years-shown\" (every year shown, year 0 included: the default) or \"from-year-1\" (years 1 to the last, as the Green Book's EAC factors), found {}",
                    found(other)
                ),
            ),
        }
    }

    fn discount_rate(&mut self, raw: &Spanned<Value>) -> Option<Discount> {
        let field = "appraisal.discount";
        match raw.get_ref() {
            Value::String(_) => match self.percent(raw, field, raw.get_ref()) {
                Some(r) if r >= Decimal::ZERO => Some(Discount::Flat(r)),
                Some(_) => self.error(raw.span(), field, "expected a discount rate of 0% or more"),
                None => None,
            },
            other => self.error(
                raw.span(),
                field,
                format!(
                    "expected \"green-book\" (HM Treasury's declining schedule) or a rate such as \"3.5%\", found {}",
                    found(other)
                ),
            ),
        }
    }

    /// A bias (`"4%"`), or categories' biases weighted by their shares, which add to 100%.
    fn optimism_bias(&mut self, raw: &Spanned<Value>) -> Option<Decimal> {
        let field = "appraisal.optimism_bias";
        let Value::Array(parts) = raw.get_ref() else {
            return match self.percent(raw, field, raw.get_ref()) {
                Some(b) if b >= Decimal::ZERO => Some(b),
                Some(_) => self.error(raw.span(), field, "expected an optimism bias of 0% or more"),
                None => None,
            };
        };
        let mut read = Vec::new();
        for part in parts {
            let (Some(share), Some(bias)) = (
                part.get("share")
                    .cloned()
                    .map(|v| Spanned::new(raw.span(), v)),
                part.get("bias")
                    .cloned()
                    .map(|v| Spanned::new(raw.span(), v)),
            ) else {
                return self.error(
                    raw.span(),
                    field,
                    "expected parts such as { share = \"30%\", bias = \"51%\" }",
                );
            };
            let share = self.share(&share, &format!("{field}.share"), "a share", true);
            let bias = self.share(&bias, &format!("{field}.bias"), "a bias", false);
            read.push((share?, bias?));
        }
        let total: Decimal = read.iter().map(|(s, _)| s).sum();
        if total != Decimal::ONE_HUNDRED {
            return self.error(
                raw.span(),
                field,
                format!(
                    "the shares add to {}%; they must add to 100%",
                    total.normalize()
                ),
            );
        }
        Some(combined_bias(&read))
    }

    /// The lines an optimism bias applies to, each one the scenario has.
    fn bias_lines(&mut self, raw: &Spanned<Vec<String>>, lines: &[RawLine]) -> Option<Vec<String>> {
        let unknown: Vec<&String> = raw
            .get_ref()
            .iter()
            .filter(|n| !lines.iter().any(|l| l.name.get_ref() == *n))
            .collect();
        if let Some(name) = unknown.first() {
            return self.error(
                raw.span(),
                "appraisal.optimism_bias_lines",
                format!("no line is named `{name}`"),
            );
        }
        Some(raw.get_ref().clone())
    }

    /// Deflator levels by financial year, each above 0.
    fn deflator(
        &mut self,
        raw: &Spanned<BTreeMap<String, Spanned<Value>>>,
        calendar: FyCalendar,
    ) -> Option<BTreeMap<outturn_model::FinancialYear, Decimal>> {
        let mut levels = BTreeMap::new();
        let mut ok = true;
        for (label, value) in raw.get_ref() {
            let f = format!("appraisal.deflator.{label}");
            let year = calendar.parse_year(label).or_else(|| {
                self.error(
                    value.span(),
                    &f,
                    format!(
                        "expected a financial year such as `2024-25` as the key, found `{label}`"
                    ),
                )
            });
            let level = self.count(value, &f).and_then(|l| {
                if l.is_zero() {
                    self.error(value.span(), &f, "expected a level above 0")
                } else {
                    Some(l)
                }
            });
            match (year, level) {
                (Some(y), Some(l)) => {
                    levels.insert(y, l);
                }
                _ => ok = false,
            }
        }
        ok.then_some(levels)
    }
}
