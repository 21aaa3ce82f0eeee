//! A line's costing conventions (`docs/conventions.md`), each a stated choice with Outturn's
//! own rule as the default, and the scenario-wide defaults a line without its own takes:
//!
//! ```toml
//! compounding = "simple"        # or "compound" (the default)
//! prorate = "months"            # or "days" (the default)
//! round_to = "pound"            # or "penny" (the default)
//! round_order = "once"          # or "each" (the default: each block rounded, then added)
//!
//! [[lines]]
//! name = "homecare"
//! drivers = { volume = 100, unit = "people", per_week = 10, weeks_per_year = 52, per = "hour", rate = "20.28" }
//! round_rate = { step = "£0.04", direction = "up" }
//! vat = { rate = "20%", stated = "net", recoverable = true }
//! payment = "monthly-in-arrears"   # or monthly-in-advance, quarterly-in-advance, -in-arrears
//! ```

use outturn_model::amount::parse_printed;
use outturn_model::prorate::Prorate;
use outturn_model::rounding::{Direction, RateRounding};
use outturn_model::scenario::{Compounding, Conventions, RoundTo, RoundingOrder};
use outturn_model::timing::Payment;
use outturn_model::vat::{Stated, Vat};
use toml::{Spanned, Value};

use super::raw::{RawLine, RawRoundRate, RawScenario, RawVat};
use super::Validator;

/// The scenario's own conventions, which a line without its own takes.
#[derive(Default)]
pub(super) struct ConventionDefaults {
    compounding: Option<Compounding>,
    prorate: Option<Prorate>,
    round_to: Option<RoundTo>,
    order: Option<RoundingOrder>,
}

impl Validator<'_> {
    pub(super) fn convention_defaults(&mut self, raw: &RawScenario) -> ConventionDefaults {
        ConventionDefaults {
            compounding: raw
                .compounding
                .as_ref()
                .and_then(|c| self.compounding(c, "compounding")),
            prorate: raw
                .prorate
                .as_ref()
                .and_then(|p| self.prorate(p, "prorate")),
            round_to: raw
                .round_to
                .as_ref()
                .and_then(|r| self.round_to(r, "round_to")),
            order: raw
                .round_order
                .as_ref()
                .and_then(|r| self.round_order(r, "round_order")),
        }
    }

    /// The line's conventions: its own, else the scenario's, else Outturn's.
    pub(super) fn conventions(
        &mut self,
        raw: &RawLine,
        defaults: &ConventionDefaults,
        field: &str,
    ) -> Option<Conventions> {
        let compounding = match &raw.compounding {
            Some(c) if raw.as_stated().is_some() => self.error(
                c.span(),
                &format!("{field}.compounding"),
                format!(
                    "{}; compounding applies to a line that is uplifted",
                    raw.as_stated().unwrap_or_default()
                ),
            ),
            Some(c) => self.compounding(c, &format!("{field}.compounding")),
            None => Some(defaults.compounding.unwrap_or_default()),
        };
        let prorate = match &raw.prorate {
            Some(p) => self.prorate(p, &format!("{field}.prorate")),
            None => Some(defaults.prorate.unwrap_or_default()),
        };
        let round_to = match &raw.round_to {
            Some(r) => self.round_to(r, &format!("{field}.round_to")),
            None => Some(defaults.round_to.unwrap_or_default()),
        };
        let order = match &raw.round_order {
            Some(r) if raw.as_stated().is_some() => self.error(
                r.span(),
                &format!("{field}.round_order"),
                format!(
                    "{}; the rounding order applies to a line costed by contract year",
                    raw.as_stated().unwrap_or_default()
                ),
            ),
            Some(r) => self.round_order(r, &format!("{field}.round_order")),
            None => Some(defaults.order.unwrap_or_default()),
        };
        let rate_rounding = match &raw.round_rate {
            Some(r) => self
                .round_rate(raw, r, &format!("{field}.round_rate"))
                .map(Some),
            None => Some(None),
        };
        if round_to == Some(RoundTo::Pound) {
            self.whole_pounds(raw, field);
        }
        let vat = match &raw.vat {
            Some(v) => self.vat(raw, v, order, &format!("{field}.vat")).map(Some),
            None => Some(None),
        };
        let payment = match &raw.payment {
            Some(p) => Payment::parse(p.get_ref()).map(Some).or_else(|| {
                self.error(
                    p.span(),
                    &format!("{field}.payment"),
                    format!("expected monthly-in-advance, monthly-in-arrears, quarterly-in-advance or quarterly-in-arrears, found `{}`", p.get_ref()),
                )
            }),
            None => Some(None),
        };
        Some(Conventions {
            compounding: compounding?,
            prorate: prorate?,
            round_to: round_to?,
            order: order?,
            rate_rounding: rate_rounding?,
            vat: vat?,
            payment: payment?,
        })
    }

    /// `vat = { rate = "20%", stated = "net", recoverable = true }`: a rate from 0% to 100%;
    /// not with rounding once (the VAT is worked on each block) nor with funding budgets.
    fn vat(
        &mut self,
        line: &RawLine,
        raw: &Spanned<RawVat>,
        order: Option<RoundingOrder>,
        field: &str,
    ) -> Option<Vat> {
        let r = raw.get_ref();
        let rate = self.share(&r.rate, &format!("{field}.rate"), "a VAT rate", false);
        let stated = match r.stated.get_ref().as_str() {
            "net" => Some(Stated::Net),
            "gross" => Some(Stated::Gross),
            other => self.error(
                r.stated.span(),
                &format!("{field}.stated"),
                format!("expected `net` (amounts before VAT) or `gross` (amounts with VAT), found `{other}`"),
            ),
        };
        if order == Some(RoundingOrder::Once) {
            return self.error(raw.span(), field, "VAT is worked on each block of the line, so its sum cannot also be rounded once: leave out `round_order = \"once\"`");
        }
        if line.funding.is_some() {
            return self.error(raw.span(), field, "a line with VAT is paid from one budget: leave out `funding`, or state the VAT on lines of their own");
        }
        Some(Vat {
            rate: rate?,
            stated: stated?,
            recoverable: *r.recoverable.get_ref(),
        })
    }

    fn compounding(&mut self, raw: &Spanned<String>, field: &str) -> Option<Compounding> {
        match raw.get_ref().as_str() {
            "compound" => Some(Compounding::Compound),
            "simple" => Some(Compounding::Simple),
            other => self.error(
                raw.span(),
                field,
                format!("expected `compound` (each uplift on the uplifted price) or `simple` (each on the base price), found `{other}`"),
            ),
        }
    }

    fn prorate(&mut self, raw: &Spanned<String>, field: &str) -> Option<Prorate> {
        Prorate::parse(raw.get_ref()).or_else(|| {
            self.error(
                raw.span(),
                field,
                format!("expected `days` (part of a year by its days) or `months` (each month an equal twelfth), found `{}`", raw.get_ref()),
            )
        })
    }

    fn round_to(&mut self, raw: &Spanned<String>, field: &str) -> Option<RoundTo> {
        match raw.get_ref().as_str() {
            "penny" => Some(RoundTo::Penny),
            "pound" => Some(RoundTo::Pound),
            other => self.error(
                raw.span(),
                field,
                format!("expected `penny` or `pound`, found `{other}`"),
            ),
        }
    }

    fn round_order(&mut self, raw: &Spanned<String>, field: &str) -> Option<RoundingOrder> {
        match raw.get_ref().as_str() {
            "each" => Some(RoundingOrder::EachBlock),
            "once" => Some(RoundingOrder::Once),
            other => self.error(
                raw.span(),
                field,
                format!("expected `each` (each contract year rounded, then added) or `once` (the line's sum rounded once), found `{other}`"),
            ),
        }
    }

    /// `round_rate = { step = "£0.04", direction = "up" }`, on a line with drivers and a rate.
    fn round_rate(
        &mut self,
        line: &RawLine,
        raw: &Spanned<RawRoundRate>,
        field: &str,
    ) -> Option<RateRounding> {
        let rate = line.drivers.as_ref().map(|d| d.get_ref());
        if rate.is_none_or(|d| d.rate.is_none()) {
            let why = if rate.is_some_and(|d| d.rate_card.is_some()) {
                "a rate card's rates are rounded as the card states them; `round_rate` rounds a line's own `rate`"
            } else {
                "`round_rate` rounds a driver line's rate: give the line `drivers = { …, rate = \"…\" }`"
            };
            return self.error(raw.span(), field, why);
        }
        let r = raw.get_ref();
        let step = self
            .money(&r.step, &format!("{field}.step"), false)
            .and_then(|s| {
                if s.is_negative() || s == outturn_model::Money::ZERO {
                    self.error(
                        r.step.span(),
                        &format!("{field}.step"),
                        "expected a step above £0, such as \"£0.04\"",
                    )
                } else {
                    Some(s)
                }
            });
        let direction = Direction::parse(r.direction.get_ref()).or_else(|| {
            self.error(
                r.direction.span(),
                &format!("{field}.direction"),
                format!(
                    "expected `nearest`, `up` or `down`, found `{}`",
                    r.direction.get_ref()
                ),
            )
        });
        Some(RateRounding {
            step: step?.as_decimal(),
            direction: direction?,
        })
    }

    /// With `round_to = "pound"`, a stated amount or total must be whole pounds: it is split in
    /// pounds.
    fn whole_pounds(&mut self, raw: &RawLine, field: &str) {
        let mut stated: Vec<(String, &Spanned<Value>, Value)> = Vec::new();
        if let Some(amounts) = &raw.amounts {
            for (label, amount) in amounts.get_ref() {
                stated.push((
                    format!("{field}.amounts.{label}"),
                    amount,
                    amount.get_ref().clone(),
                ));
            }
        }
        match raw.total.as_ref().map(|t| (t, t.get_ref())) {
            Some((t, Value::Table(by_phase))) => {
                for (phase, amount) in by_phase {
                    stated.push((format!("{field}.total.{phase}"), t, amount.clone()));
                }
            }
            Some((t, other)) => stated.push((format!("{field}.total"), t, other.clone())),
            None => {}
        }
        for (f, at, value) in stated {
            // An amount that does not read is reported where the line's value is read.
            let text = match value {
                Value::String(s) => s,
                Value::Integer(i) => i.to_string(),
                _ => continue,
            };
            let Ok(printed) = parse_printed(&text) else {
                continue;
            };
            if !printed.value.fract().is_zero() {
                self.error::<()>(
                    at.span(),
                    &f,
                    format!("the line is rounded to the pound (`round_to = \"pound\"`), so its stated amounts are whole pounds; found `{text}`"),
                );
            }
        }
    }
}
