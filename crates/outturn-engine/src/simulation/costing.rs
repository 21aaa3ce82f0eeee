//! A register laid out once and costed again at every draw, to the penny.
//!
//! A register simulation costs every contract at each draw's uplift shift and annual factor
//! by [`cost_contract`]'s rules: each contract year costs `annual × growth^k × days / full
//! days`, rounded once half away from zero ([`exact::prorated`]), then split across financial
//! years by days by the largest-remainder rule ([`split`]). Only the shift and the factor
//! change from draw to draw, so the calendar work (contract years, their days, the
//! financial years they fall in) is done once here, when the register is laid out.
//!
//! The cost of a contract year is first estimated in floating point with a bound on the
//! estimate's error, and the estimate is used only when that bound shows which penny the
//! exact cost rounds to (the cost is not within the bound of a half penny); otherwise, about
//! once in ten thousand contract years and at every true tie, [`exact::prorated`] computes it
//! exactly. Either way the penny is the exact one: the estimate decides nothing it cannot
//! prove. A contract outside the ranges where that holds (uplifts or factors with more than
//! 13 decimal places, amounts in the trillions of pounds) is costed by [`cost_contract`]
//! itself.
//!
//! Worked example: £1,000,000.00 a year from 15 June 2024 for 24 months at 3% (growth
//! 1.03). Year 0 is 1,000,000.00 (365 of 365 days), split 290 : 75 between 2024-25 and
//! 2025-26: 794,520.547… and 205,479.452…, so £794,520.55 and £205,479.45. Year 1 is
//! 1,030,000.00, split 290 : 75 the same way: 818,356.164… and 211,643.835…, where the second
//! part has the larger remainder and takes the spare penny: £818,356.16 and £211,643.84.

use crate::limit::size_within_limit;
use outturn_model::exact;
use outturn_model::register::cost_contract;
use outturn_model::split::split;
use outturn_model::term::Term;
use outturn_model::{FinancialYear, FyCalendar, ModelError, Money};
use rust_decimal::Decimal;

/// One contract as the register states it.
#[derive(Debug, Clone)]
pub struct Contract {
    pub term: Term,
    pub annual: Money,
    /// In percent: 2.35 for 2.35%.
    pub uplift_pct: Decimal,
}

/// The largest amount, in pennies, costed by the estimate (about £45 trillion): below it a
/// `f64` holds every penny and the half pennies between.
const ESTIMATE_LIMIT: f64 = 4_503_599_627_370_496.0; // 2^52

/// A contract year laid out: how many uplifts it carries, its days, and where its cost goes.
#[derive(Debug, Clone, Copy)]
struct YearLayout {
    /// The contract year's index: its cost carries the uplift this many times.
    index: u32,
    /// Its days (fewer than `full_days` in a short final year).
    days: u32,
    full_days: u32,
    /// `days / full_days`, for the estimate.
    ratio: f64,
    /// The estimate's error bound as a share of the estimate (see [`round_estimate`]).
    tolerance: f64,
    /// The financial year (as a slot) that takes the first part, and that part's days.
    first: (usize, u32),
    /// The next financial year and its days, when the contract year crosses a year end.
    second: Option<(usize, u32)>,
}

#[derive(Debug, Clone)]
struct Laid {
    contract: Contract,
    /// Its contract years laid out; `None` for a contract [`cost_contract`] costs itself: one
    /// with a contract year in three or more financial years (which a year of at most 366
    /// days cannot have with 12-month financial years), or whose contract years cannot be
    /// worked out (the error is then raised when it is costed, so errors come in contract
    /// order).
    years: Option<Vec<YearLayout>>,
    /// The uplift in units of 10^-`uplift_scale` percent, if it fits.
    uplift_units: Option<i64>,
}

/// A register laid out for costing at any shift and factor.
#[derive(Debug, Clone)]
pub struct Register {
    contracts: Vec<Laid>,
    calendar: FyCalendar,
    /// The financial year of slot 0: the earliest any contract reaches.
    first_year: FinancialYear,
    /// The financial year of each slot, if any contract reaches it.
    years: Vec<Option<FinancialYear>>,
    /// The decimal places of the most precise uplift, if few enough for the estimate.
    uplift_scale: Option<u32>,
}

/// One draw's shift and factor, made ready for the contracts: their exact integer forms
/// when they fit the estimate's ranges.
struct At {
    shift: Decimal,
    factor: Decimal,
    /// growth = (`unit` + uplift units × `uplift_step` + `shift_units`) / `unit`.
    growth: Option<Growth>,
    /// annual × factor / 100 = annual × `numerator` / `denominator`, if not 100%.
    scale: Option<(i64, i64)>,
    factor_fits: bool,
}

#[derive(Clone, Copy)]
struct Growth {
    unit: i64,
    uplift_step: i64,
    shift_units: i64,
}

fn pow10(n: u32) -> Option<i64> {
    10i64.checked_pow(n)
}

impl At {
    fn new(shift: Decimal, factor: Decimal, uplift_scale: Option<u32>) -> At {
        let growth = uplift_scale.and_then(|scale| {
            let places = scale.max(shift.scale());
            // Growth's denominator is 10^(places + 2); up to 10^15 a `f64` holds it exactly.
            if places + 2 > 15 {
                return None;
            }
            let shift_units = i64::try_from(shift.mantissa())
                .ok()?
                .checked_mul(pow10(places - shift.scale())?)?;
            Some(Growth {
                unit: pow10(places + 2)?,
                uplift_step: pow10(places - scale)?,
                shift_units,
            })
        });
        let hundred = factor == Decimal::ONE_HUNDRED;
        let scale = (!hundred)
            .then(|| {
                Some((
                    i64::try_from(factor.mantissa()).ok()?,
                    pow10(factor.scale() + 2)?,
                ))
            })
            .flatten();
        At {
            shift,
            factor,
            growth,
            factor_fits: hundred || scale.is_some(),
            scale,
        }
    }

    /// The contract's annual value at this factor, in pennies, if it fits 64 bits.
    fn annual(&self, annual: Money) -> Option<i64> {
        let Some((numerator, denominator)) = self.scale else {
            return Some(annual.pennies());
        };
        let n = annual.pennies().checked_mul(numerator)?;
        let (q, r) = (n / denominator, n % denominator);
        // Half away from zero; `2r` cannot overflow as |r| < denominator <= 10^18.
        let away = i64::from(2 * r.abs() >= denominator) * n.signum();
        Some(q + away)
    }
}

/// The penny `v` (an estimate of a non-negative cost, with relative error at most
/// `tolerance`) rounds to half away from zero, or `None` when the estimate cannot tell.
///
/// The estimate's relative error is at most `(4k + 4) × 2^-53` to first order for a year
/// carrying `k` uplifts: the growth is a quotient of two conversions (3 roundings), so its
/// `k`th power carries `3k` and the `k` products `k` more; the annual's conversion, the day
/// ratio and the two products add 4; `tolerance` is `(4k + 8) × 2^-52`, more than
/// twice that. Below 2^52 the whole pennies of `v` and the fraction left over are exact,
/// so when the fraction is further than the bound from one half the exact cost rounds the
/// same way as the estimate.
fn round_estimate(v: f64, tolerance: f64) -> Option<i64> {
    if !(0.0..ESTIMATE_LIMIT).contains(&v) {
        return None;
    }
    // Truncation is the floor here (`v` is not negative), without a call to `floor`.
    let whole = v as i64;
    let fraction = v - whole as f64;
    ((fraction - 0.5).abs() > v * tolerance).then(|| whole + i64::from(fraction > 0.5))
}

/// Adds a contract year's cost to its financial years: the largest-remainder rule of
/// [`split`] for two parts, in integers. The first part takes `cost × d1 / days` rounded
/// toward zero, plus the spare penny when its remainder is at least half of `days` (its
/// remainder and the second's add up to `days`, and the earlier part wins a tie); the
/// second takes the rest. A negative cost splits as the negative of its magnitude.
/// Pennies by financial year's slot, and the sizes of the pieces added up: within the largest
/// total ([`crate::limit`]) no sum can have wrapped; past it, the costing is refused.
pub(super) struct YearSums {
    by_slot: Vec<i64>,
    size: u128,
}

impl YearSums {
    fn add(&mut self, slot: usize, pennies: i64) {
        self.by_slot[slot] = self.by_slot[slot].wrapping_add(pennies);
        self.size += u128::from(pennies.unsigned_abs());
    }
}

fn add_year(cost: i64, year: &YearLayout, totals: &mut YearSums) {
    let (slot, d1) = year.first;
    let Some((next, _)) = year.second else {
        totals.add(slot, cost);
        return;
    };
    let magnitude = cost.unsigned_abs();
    let days = u64::from(year.days);
    let share = magnitude * u64::from(d1);
    let (q, r) = (share / days, share % days);
    let first = (q + u64::from(2 * r >= days)) as i64 * cost.signum();
    totals.add(slot, first);
    totals.add(next, cost - first);
}

impl Register {
    /// Lays out `contracts` on `calendar`: their contract years, days and financial years.
    pub fn lay_out(contracts: Vec<Contract>, calendar: FyCalendar) -> Register {
        let parts: Vec<Result<Vec<_>, ModelError>> = contracts
            .iter()
            .map(|c| {
                let years = c.term.contract_years()?;
                Ok(years
                    .into_iter()
                    .map(|cy| (cy, cy.period.by_financial_year(calendar)))
                    .collect())
            })
            .collect();
        let reached = parts.iter().flatten().flatten().flat_map(|(_, p)| p);
        let first_year = reached
            .clone()
            .map(|(fy, _)| *fy)
            .min()
            .unwrap_or_else(|| calendar.year_of(chrono::NaiveDate::MIN));
        let slot = |fy: FinancialYear| {
            usize::try_from(fy.years_after(first_year)).expect("no year is before the first")
        };
        let mut years: Vec<Option<FinancialYear>> = Vec::new();
        for (fy, _) in reached {
            if years.len() <= slot(*fy) {
                years.resize(slot(*fy) + 1, None);
            }
            years[slot(*fy)] = Some(*fy);
        }
        let uplift_scale = contracts
            .iter()
            .map(|c| c.uplift_pct.scale())
            .max()
            .filter(|&s| s <= 13);
        let contracts = contracts
            .into_iter()
            .zip(parts)
            .map(|(contract, parts)| {
                let years = parts.ok().and_then(|parts| year_layouts(&parts, slot));
                let uplift_units = uplift_scale.and_then(|scale| {
                    let step = pow10(scale - contract.uplift_pct.scale())?;
                    i64::try_from(contract.uplift_pct.mantissa())
                        .ok()?
                        .checked_mul(step)
                });
                Laid {
                    contract,
                    years,
                    uplift_units,
                }
            })
            .collect();
        Register {
            contracts,
            calendar,
            first_year,
            years,
            uplift_scale,
        }
    }

    pub fn len(&self) -> usize {
        self.contracts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.contracts.is_empty()
    }

    /// The financial years any contract reaches, in order, with their slots in the totals
    /// [`Register::cost`] gives.
    pub fn years(&self) -> impl Iterator<Item = (usize, FinancialYear)> + '_ {
        self.years
            .iter()
            .enumerate()
            .filter_map(|(slot, fy)| Some((slot, (*fy)?)))
    }

    /// Every contract costed with every uplift moved by `shift` percentage points and every
    /// annual value at `factor` percent (rounded to the penny): the pennies of each financial
    /// year, by slot (see [`Register::years`]).
    ///
    /// # Errors
    /// The first contract, in register order, whose uplift after the shift is not above
    /// -100%, or whose cost cannot be worked out.
    pub fn cost(&self, shift: Decimal, factor: Decimal) -> Result<Vec<i64>, String> {
        let at = At::new(shift, factor, self.uplift_scale);
        let mut totals = YearSums {
            by_slot: vec![0; self.years.len()],
            size: 0,
        };
        for laid in &self.contracts {
            match (&laid.years, at.growth, laid.uplift_units) {
                (Some(years), Some(growth), Some(units)) if at.factor_fits => {
                    self.cost_laid_out(laid, years, growth, units, &at, &mut totals)?
                }
                _ => self.cost_by_model(&laid.contract, &at, &mut totals)?,
            }
        }
        size_within_limit(totals.size).map_err(|e| e.to_string())?;
        Ok(totals.by_slot)
    }

    /// A contract costed by [`cost_contract`] itself, as `outturn portfolio` costs it.
    fn cost_by_model(&self, c: &Contract, at: &At, totals: &mut YearSums) -> Result<(), String> {
        let annual = if at.factor == Decimal::ONE_HUNDRED {
            c.annual
        } else {
            Money::round_half_away(c.annual.as_decimal() * (at.factor / Decimal::ONE_HUNDRED))
        };
        let uplift = checked_uplift(c, at.shift)?;
        cost_contract(&c.term, annual, uplift, self.calendar, |fy, _, m| {
            let slot = fy.years_after(self.first_year);
            totals.add(usize::try_from(slot).expect("laid out years"), m.pennies());
        })
        .map_err(|e| e.to_string())
    }

    /// A laid-out contract costed year by year, each year's penny by the estimate where it
    /// decides it and by [`exact::prorated`] where it does not.
    fn cost_laid_out(
        &self,
        laid: &Laid,
        years: &[YearLayout],
        growth: Growth,
        units: i64,
        at: &At,
        totals: &mut YearSums,
    ) -> Result<(), String> {
        let annual = at.annual(laid.contract.annual);
        let numerator = units
            .checked_mul(growth.uplift_step)
            .and_then(|u| u.checked_add(growth.shift_units))
            .and_then(|u| u.checked_add(growth.unit));
        let (Some(annual), Some(numerator)) = (annual, numerator) else {
            return self.cost_by_model(&laid.contract, at, totals);
        };
        if numerator <= 0 {
            // The uplift after the shift is at or below -100%: the model's path refuses it.
            return self.cost_by_model(&laid.contract, at, totals);
        }
        let g = numerator as f64 / growth.unit as f64;
        let magnitude = annual.unsigned_abs() as f64;
        let (mut power, mut carried) = (1.0, 0);
        for year in years {
            while carried < year.index {
                power *= g;
                carried += 1;
            }
            let estimate = round_estimate(magnitude * power * year.ratio, year.tolerance);
            let cost = match estimate {
                Some(p) => p * annual.signum(),
                None => exact_cost(&laid.contract, annual, at.shift, year)?,
            };
            if cost.unsigned_abs() < 1 << 52 {
                add_year(cost, year, totals);
            } else {
                split_by_model(cost, year, totals)?;
            }
        }
        Ok(())
    }
}

/// The uplift after `shift`, refused at or below -100% as the register simulation always has.
fn checked_uplift(c: &Contract, shift: Decimal) -> Result<Decimal, String> {
    let uplift = c.uplift_pct + shift;
    if uplift <= Decimal::from(-100) {
        return Err(format!(
            "an uplift of {uplift}% (after the shift) is not above -100%"
        ));
    }
    Ok(uplift)
}

/// A contract year's cost computed exactly, as [`cost_contract`] computes it.
fn exact_cost(c: &Contract, annual: i64, shift: Decimal, year: &YearLayout) -> Result<i64, String> {
    let growth = Decimal::ONE + (c.uplift_pct + shift) / Decimal::ONE_HUNDRED;
    let factors = vec![growth; year.index as usize];
    let annual = Money::from_pennies(annual).as_decimal();
    exact::prorated(annual, &factors, year.days, year.full_days)
        .map(Money::pennies)
        .ok_or_else(|| ModelError::Overflow.to_string())
}

/// A cost too large for [`add_year`]'s integers, split by [`split`] itself.
fn split_by_model(cost: i64, year: &YearLayout, totals: &mut YearSums) -> Result<(), String> {
    let parts: Vec<(usize, u32)> = std::iter::once(year.first).chain(year.second).collect();
    let days: Vec<u64> = parts.iter().map(|&(_, d)| u64::from(d)).collect();
    let pieces =
        split(Money::from_pennies(cost), &days).ok_or_else(|| ModelError::Overflow.to_string())?;
    for ((slot, _), piece) in parts.into_iter().zip(pieces) {
        totals.add(slot, piece.pennies());
    }
    Ok(())
}

/// Each contract year's layout, or `None` if one falls in more than two financial years.
fn year_layouts(
    parts: &[(
        outturn_model::term::ContractYear,
        Vec<(FinancialYear, outturn_model::Period)>,
    )],
    slot: impl Fn(FinancialYear) -> usize,
) -> Option<Vec<YearLayout>> {
    parts
        .iter()
        .map(|(cy, by_year)| {
            let mut slots = by_year.iter().map(|(fy, p)| (slot(*fy), p.days()));
            let first = slots.next()?;
            let second = slots.next();
            if slots.next().is_some() {
                return None;
            }
            Some(YearLayout {
                index: cy.index,
                days: cy.period.days(),
                full_days: cy.full_days,
                ratio: f64::from(cy.period.days()) / f64::from(cy.full_days),
                tolerance: (4.0 * f64::from(cy.index) + 8.0) * f64::EPSILON,
                first,
                second,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;

    fn contract(start: NaiveDate, months: u32, pennies: i64, uplift: Decimal) -> Contract {
        Contract {
            term: Term::from_months(start, months).unwrap(),
            annual: Money::from_pennies(pennies),
            uplift_pct: uplift,
        }
    }

    fn by_year(register: &Register, shift: Decimal, factor: Decimal) -> BTreeMap<String, i64> {
        let slots = register.cost(shift, factor).unwrap();
        register
            .years()
            .map(|(slot, fy)| (fy.to_string(), slots[slot]))
            .collect()
    }

    /// What the register simulation costed before it was laid out: each contract by
    /// `cost_contract`, its annual value scaled in `Decimal`.
    fn by_model(contracts: &[Contract], shift: Decimal, factor: Decimal) -> BTreeMap<String, i64> {
        let mut out = BTreeMap::new();
        for c in contracts {
            let annual =
                Money::round_half_away(c.annual.as_decimal() * (factor / Decimal::ONE_HUNDRED));
            cost_contract(
                &c.term,
                annual,
                c.uplift_pct + shift,
                FyCalendar::UK,
                |fy, _, m| {
                    *out.entry(fy.to_string()).or_insert(0) += m.pennies();
                },
            )
            .unwrap();
        }
        out
    }

    #[test]
    fn the_worked_example() {
        let start = NaiveDate::from_ymd_opt(2024, 6, 15).unwrap();
        let c = contract(start, 24, 100_000_000, Decimal::new(3, 0));
        let r = Register::lay_out(vec![c], FyCalendar::UK);
        let got = by_year(&r, Decimal::ZERO, Decimal::ONE_HUNDRED);
        // 794,520.55 | 205,479.45 + 818,356.16 | 211,643.84 (see the module's comment).
        let expected = [
            ("2024-25".to_string(), 79_452_055),
            ("2025-26".to_string(), 102_383_561),
            ("2026-27".to_string(), 21_164_384),
        ];
        assert_eq!(got, BTreeMap::from(expected));
    }

    #[test]
    fn half_pennies_are_settled_exactly() {
        // £0.01 a year from 1 April 2024 for two years at 40% + a 10-point shift: year 1 is
        // exactly 1.5p, a tie, rounded away from zero to 2p (and -1.5p to -2p).
        let start = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap();
        let up = contract(start, 24, 1, Decimal::new(40, 0));
        let down = contract(start, 24, -1, Decimal::new(40, 0));
        let shift = Decimal::new(10, 0);
        let r = Register::lay_out(vec![up], FyCalendar::UK);
        assert_eq!(by_year(&r, shift, Decimal::ONE_HUNDRED)["2025-26"], 2);
        let r = Register::lay_out(vec![down], FyCalendar::UK);
        assert_eq!(by_year(&r, shift, Decimal::ONE_HUNDRED)["2025-26"], -2);
        // £1.01 at 50%: 150.5p is a tie; at a factor of 50%, £0.505 is one too (51p).
        let c = contract(start, 24, 101, Decimal::new(50, 0));
        let r = Register::lay_out(vec![c], FyCalendar::UK);
        let got = by_year(&r, Decimal::ZERO, Decimal::new(50, 0));
        assert_eq!((got["2024-25"], got["2025-26"]), (51, 77));
    }

    #[test]
    fn an_uplift_at_or_below_minus_100_is_refused() {
        let start = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap();
        let c = contract(start, 24, 100, Decimal::new(200, 2));
        let r = Register::lay_out(vec![c], FyCalendar::UK);
        assert_eq!(
            r.cost(Decimal::new(-10200, 2), Decimal::ONE_HUNDRED),
            Err("an uplift of -100.00% (after the shift) is not above -100%".to_string())
        );
    }

    proptest! {
        /// Costing laid out gives the pennies of `cost_contract` in every financial year, at
        /// any shift and factor, short final years and 29 Februaries included.
        #[test]
        fn same_pennies_as_the_model(
            terms in prop::collection::vec((0i64..4000, 1u32..130, 0i64..2_000_000_000, 0i64..900), 1..6),
            shift in -30_000i64..30_000,
            factor in 0i64..2_000_000,
        ) {
            let first = NaiveDate::from_ymd_opt(2016, 2, 29).unwrap();
            let contracts: Vec<Contract> = terms
                .iter()
                .map(|&(day, months, pennies, bp)| {
                    contract(first + chrono::Duration::days(day), months, pennies, Decimal::new(bp, 2))
                })
                .collect();
            let (shift, factor) = (Decimal::new(shift, 4), Decimal::new(factor, 4));
            let r = Register::lay_out(contracts.clone(), FyCalendar::UK);
            prop_assert_eq!(by_year(&r, shift, factor), by_model(&contracts, shift, factor));
        }

        /// The two-part split in integers is the largest-remainder rule of `split`.
        #[test]
        fn two_parts_split_as_the_model(cost in -1_000_000_000_000i64..1_000_000_000_000, d1 in 1u32..366, d2 in 1u32..366) {
            let year = YearLayout {
                index: 0, days: d1 + d2, full_days: d1 + d2, ratio: 1.0, tolerance: 0.0,
                first: (0, d1), second: Some((1, d2)),
            };
            let mut got = YearSums { by_slot: vec![0; 2], size: 0 };
            add_year(cost, &year, &mut got);
            prop_assert_eq!(got.size, u128::from(cost.unsigned_abs()));
            let want: Vec<i64> = split(Money::from_pennies(cost), &[u64::from(d1), u64::from(d2)])
                .unwrap()
                .into_iter()
                .map(Money::pennies)
                .collect();
            prop_assert_eq!(got.by_slot, want);
        }
    }
}
