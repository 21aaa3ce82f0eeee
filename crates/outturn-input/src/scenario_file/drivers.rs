//! A line's `drivers` (volume × uses a week × weeks a year × rate), the `[[rate_cards]]` a
//! rate may come from, and counts by year (`drivers.volumes`).

use std::collections::BTreeMap;

use outturn_model::drivers::{Drivers, Rate, RateBasis, Tier, TierMix, Volumes};
use outturn_model::FyCalendar;
use rust_decimal::Decimal;
use toml::{Spanned, Value};

use super::raw::{RawDrivers, RawRateCard, RawTier};
use super::Validator;

/// Every rate card read, by name, with its tiers.
pub(super) type RateCards = BTreeMap<String, Vec<Tier>>;

/// At most so many a week of each basis: a day rate for more than 7 days is a typing slip.
fn most_a_week(b: RateBasis) -> u32 {
    match b {
        RateBasis::Day => 7,
        RateBasis::HalfDay => 14,
        RateBasis::Hour => 168,
        RateBasis::Session | RateBasis::Trip | RateBasis::Week => 50,
    }
}

impl Validator<'_> {
    /// Every rate card by name, with its tiers; a bad card is reported and left out.
    pub(super) fn rate_cards(&mut self, raw: &[RawRateCard]) -> RateCards {
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
            let tiers = self.tiers(card.tiers.get_ref(), &field);
            cards.insert(name.clone(), tiers);
        }
        cards
    }

    /// A card's tiers, each name used once; a tier with a bad rate is reported and left out.
    fn tiers(&mut self, raw: &[RawTier], field: &str) -> Vec<Tier> {
        let mut tiers: Vec<Tier> = Vec::new();
        for t in raw {
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
        tiers
    }

    pub(super) fn drivers(
        &mut self,
        raw: &RawDrivers,
        cards: &RateCards,
        field: &str,
    ) -> Option<Drivers> {
        let volume = self.volume(raw, field);
        if raw.unit.get_ref().trim().is_empty() {
            self.error::<()>(
                raw.unit.span(),
                &format!("{field}.unit"),
                "expected what the volume counts, such as \"people\"",
            );
        }
        let per = self.rate_basis(raw, field);
        let weeks = self.weeks_per_year(raw, field);
        let per_week = self.per_week(raw, per, field);
        let rate = self.driver_rate(raw, cards, field);
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

    /// The first year's `volume`, or zero when `volumes` gives counts by year (the line then
    /// takes the first year's count).
    fn volume(&mut self, raw: &RawDrivers, field: &str) -> Option<Decimal> {
        match (&raw.volume, &raw.volumes) {
            (Some(v), None) => self.count(v, &format!("{field}.volume")),
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
        }
    }

    /// What the rate pays for (`per`); a rate card's rates are per session.
    fn rate_basis(&mut self, raw: &RawDrivers, field: &str) -> Option<RateBasis> {
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
        per
    }

    /// The weeks in a year the rates are paid for: stated, never assumed.
    fn weeks_per_year(&mut self, raw: &RawDrivers, field: &str) -> Option<Decimal> {
        let Some(w) = &raw.weeks_per_year else {
            return self.error(raw.unit.span(), &format!("{field}.weeks_per_year"), "state the weeks in a year the rates are paid for, such as `weeks_per_year = 52` or `\"52.143\"` (365 ÷ 7): Outturn does not assume one");
        };
        let n = self.count(w, &format!("{field}.weeks_per_year"))?;
        if n > Decimal::ZERO && n <= Decimal::from(53) {
            Some(n)
        } else {
            self.error(w.span(), &format!("{field}.weeks_per_year"), format!("expected the weeks in a year, more than 0 and at most 53 (such as 52 or \"52.143\"), found {n}"))
        }
    }

    /// How many of the rate's basis each unit uses a week; none for a weekly rate.
    fn per_week(
        &mut self,
        raw: &RawDrivers,
        per: Option<RateBasis>,
        field: &str,
    ) -> Option<Option<Decimal>> {
        match (&raw.per_week, per) {
            (Some(w), Some(RateBasis::Week)) => self.error(
                w.span(),
                &format!("{field}.per_week"),
                "a weekly rate is paid once a week: leave out `per_week`",
            ),
            (None, Some(RateBasis::Week)) => Some(None),
            (Some(w), Some(b)) => {
                let n = self.count(w, &format!("{field}.per_week"))?;
                if n > Decimal::ZERO && n <= Decimal::from(most_a_week(b)) {
                    Some(Some(n))
                } else {
                    self.error(w.span(), &format!("{field}.per_week"), format!("expected the {b}s a week for each of the {}, more than 0 and at most {}, found {n}", raw.unit.get_ref(), most_a_week(b)))
                }
            }
            (None, Some(b)) => self.error(
                raw.unit.span(),
                &format!("{field}.per_week"),
                format!(
                    "say how many {b}s a week each of the {} uses: `per_week = 3`",
                    raw.unit.get_ref()
                ),
            ),
            (_, None) => None,
        }
    }

    /// A flat `rate`, or a `rate_card` with a `mix` of its tiers.
    fn driver_rate(&mut self, raw: &RawDrivers, cards: &RateCards, field: &str) -> Option<Rate> {
        match (&raw.rate, &raw.rate_card) {
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
        }
    }

    /// A line's mix across a rate card's tiers, which must add to 100%.
    fn mix(
        &mut self,
        raw: &RawDrivers,
        card: &Spanned<String>,
        cards: &RateCards,
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
        let mut shares = self.mix_shares(mix.get_ref(), card.get_ref(), tiers, field);
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

    /// The share of sessions in each tier named; an unknown tier or bad share is left out.
    fn mix_shares(
        &mut self,
        mix: &BTreeMap<String, Spanned<Value>>,
        card: &str,
        tiers: &[Tier],
        field: &str,
    ) -> Vec<(Tier, Decimal)> {
        let mut shares = Vec::new();
        for (name, share) in mix {
            let f = format!("{field}.mix.{name}");
            let Some(tier) = tiers.iter().find(|t| &t.name == name) else {
                let names: Vec<&str> = tiers.iter().map(|t| t.name.as_str()).collect();
                self.error::<()>(
                    share.span(),
                    &f,
                    format!(
                        "rate card `{card}` has no tier `{name}`; its tiers are {}",
                        names.join(", ")
                    ),
                );
                continue;
            };
            if let Some(p) = self.share(share, &f, "a share of sessions", false) {
                shares.push((tier.clone(), p));
            }
        }
        shares
    }

    /// Counts by financial year.
    pub(super) fn volumes(
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
}
