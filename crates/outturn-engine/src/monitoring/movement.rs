//! The movement in each budget holder's forecast outturn since a previous month's saved
//! forecast, put down to its causes.
//!
//! A forecast is saved by component and period, so the change can be followed part by part:
//! - the months that have closed since: their actuals against what was forecast for them
//!   (and any late postings to earlier months) are **new actuals**;
//! - each component's forecast for the months still to come changed by its own cause
//!   ([`Component::cause`]): a contract's scenario (**contract changes**), a saving
//!   (**savings slippage**), a re-drawn trend (**new actuals**), a budget profile following a
//!   virement (**budget changes**), adjustments (**volume**, **price**, **adjustments**);
//! - **commitments** counted, then and now.
//!
//! The causes add up to the movement exactly: every penny of both forecasts is in one term.
//!
//! Worked example: at P5 a holder had £500.00 of actuals and a straight line of £100.00 a
//! month for P6–P12 (£700.00): an outturn of £1,200.00. At P6 the actuals are £620.00 (P6
//! came in at £120.00) and the straight line is re-drawn, 620 × 6 ÷ 6 = £620.00 for P7–P12:
//! an outturn of £1,240.00. New actuals: 620 − 500 − 100 (what P6 was forecast at) = £20.00;
//! the re-drawn line, 620 − 600 (what P7–P12 were forecast at) = £20.00, is new actuals too.
//! The movement, £40.00, is all new actuals.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use outturn_input::diagnostic::Diagnostic;
use outturn_input::monitoring::saved::{Figure, Saved};
use outturn_model::calendar::FinancialYear;
use outturn_model::monitoring::{Cause, Component, PERIODS};
use outturn_model::Money;

use super::HolderYear;

/// A budget holder's previous forecast and the movement from it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HolderMovement {
    pub previous_outturn: Money,
    pub previous_latest: Money,
    /// The movement by cause; they add up to the outturn now less the previous outturn.
    pub causes: BTreeMap<Cause, Money>,
}

/// A holder's previous forecast, gathered from the saved figures.
#[derive(Default)]
struct Then {
    latest: Money,
    parts: BTreeMap<Component, [Money; PERIODS]>,
    commitments: Money,
}

/// The movement of each holder (in `holders`' order) since the forecast `saved` (read from
/// `file`), made at an earlier period of the same year. A holder the saved forecast does
/// not have (new since) moves from nothing.
///
/// # Errors
/// The saved forecast is for another year, is not from an earlier period, or has budget
/// holders this month's budget does not.
pub fn movements(
    file: &Path,
    saved: &Saved,
    year: FinancialYear,
    period: u8,
    holders: &[(String, HolderYear)],
) -> Result<Vec<HolderMovement>, Vec<Diagnostic>> {
    if saved.year != year {
        return Err(vec![Diagnostic::file(
            file,
            format!(
                "is a forecast for {}, not this report's year {year}",
                saved.year
            ),
        )]);
    }
    if saved.period >= period {
        return Err(vec![Diagnostic::file(file, format!("was made at P{}; a movement is measured from a forecast made before this report's P{period}", saved.period))]);
    }
    let place: HashMap<&str, usize> = holders
        .iter()
        .enumerate()
        .map(|(i, (code, _))| (code.as_str(), i))
        .collect();
    let mut then: Vec<Then> = holders.iter().map(|_| Then::default()).collect();
    let mut unknown: Vec<&str> = Vec::new();
    for (code, figure) in &saved.figures {
        let Some(&i) = place.get(code.as_str()) else {
            if !unknown.contains(&code.as_str()) {
                unknown.push(code);
            }
            continue;
        };
        let t = &mut then[i];
        match figure {
            Figure::Budget(m) => t.latest += *m,
            Figure::Part {
                component: Component::Commitments,
                amount,
                ..
            } => t.commitments += *amount,
            Figure::Part {
                component,
                period,
                amount,
            } => {
                let p = period.expect("saved forecasts date every component but commitments");
                t.parts.entry(*component).or_insert([Money::ZERO; PERIODS])[p.index()] += *amount;
            }
        }
    }
    if !unknown.is_empty() {
        return Err(vec![Diagnostic::file(file, format!("has budget holders that this month's budget does not: {}; a movement is measured holder by holder", unknown.join(", ")))]);
    }
    Ok(holders
        .iter()
        .zip(then)
        .map(|((_, now), then)| movement(now, &then, period))
        .collect())
}

/// One holder's movement from `then` to `now` (actuals to `period`).
fn movement(now: &HolderYear, then: &Then, period: u8) -> HolderMovement {
    let closed = usize::from(period);
    let mut causes: BTreeMap<Cause, Money> = Cause::ALL.iter().map(|c| (*c, Money::ZERO)).collect();
    let mut add = |cause: Cause, m: Money| *causes.entry(cause).or_insert(Money::ZERO) += m;
    let total = |months: &[Money; PERIODS]| months.iter().copied().sum::<Money>();
    let mut components: Vec<Component> =
        now.parts.keys().chain(then.parts.keys()).copied().collect();
    components.sort();
    components.dedup();
    let mut previous_outturn = then.commitments;
    for c in components {
        let now_c = now.parts.get(&c).map_or(Money::ZERO, total);
        let then_months = then
            .parts
            .get(&c)
            .copied()
            .unwrap_or([Money::ZERO; PERIODS]);
        previous_outturn += total(&then_months);
        if c == Component::Actual {
            add(Cause::NewActuals, now_c - total(&then_months));
            continue;
        }
        // What was forecast for the months now closed (and any year-end period) is measured
        // against the actuals that came in for them; the rest against today's forecast.
        let (to_come, closed_since): (Money, Money) = then_months.iter().enumerate().fold(
            (Money::ZERO, Money::ZERO),
            |(to_come, closed_since), (i, m)| {
                if i >= closed && i < 12 {
                    (to_come + *m, closed_since)
                } else {
                    (to_come, closed_since + *m)
                }
            },
        );
        add(Cause::NewActuals, -closed_since);
        add(c.cause(), now_c - to_come);
    }
    add(
        Cause::Commitments,
        now.commitments_counted - then.commitments,
    );
    HolderMovement {
        previous_outturn,
        previous_latest: then.latest,
        causes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use outturn_model::monitoring::{Method, MethodName};
    use proptest::prelude::*;

    fn months(values: &[(usize, i64)]) -> [Money; PERIODS] {
        let mut m = [Money::ZERO; PERIODS];
        for (i, p) in values {
            m[*i] = Money::from_pennies(*p);
        }
        m
    }

    fn year(parts: Vec<(Component, [Money; PERIODS])>, counted: i64) -> HolderYear {
        HolderYear {
            method: Method::StraightLine,
            has_contracts: false,
            original: Money::ZERO,
            virements: Money::ZERO,
            latest: Money::ZERO,
            profile: [Money::ZERO; 12],
            parts: parts.into_iter().collect(),
            commitments: Money::from_pennies(counted),
            commitments_counted: Money::from_pennies(counted),
            adds_slippage: false,
        }
    }

    #[test]
    fn the_worked_example() {
        let line = Component::Method(MethodName::StraightLine);
        let then = Then {
            latest: Money::ZERO,
            parts: [
                (Component::Actual, months(&[(0, 50_000)])),
                (
                    line,
                    months(&(5..12).map(|i| (i, 10_000)).collect::<Vec<_>>()),
                ),
            ]
            .into_iter()
            .collect(),
            commitments: Money::ZERO,
        };
        let now = year(
            vec![
                (Component::Actual, months(&[(0, 50_000), (5, 12_000)])),
                // The rule's split of £620.00 over six months.
                (
                    line,
                    months(&[
                        (6, 10_334),
                        (7, 10_334),
                        (8, 10_333),
                        (9, 10_333),
                        (10, 10_333),
                        (11, 10_333),
                    ]),
                ),
            ],
            0,
        );
        let m = movement(&now, &then, 6);
        assert_eq!(m.previous_outturn, Money::from_pennies(120_000));
        assert_eq!(now.outturn(), Money::from_pennies(124_000));
        assert_eq!(m.causes[&Cause::NewActuals], Money::from_pennies(4_000));
        let others: Money = m
            .causes
            .iter()
            .filter(|(c, _)| **c != Cause::NewActuals)
            .map(|(_, m)| *m)
            .sum();
        assert_eq!(others, Money::ZERO);
    }

    proptest! {
        /// The causes always add up to the movement, whatever the two forecasts hold.
        #[test]
        fn causes_add_up_to_the_movement(
            now_parts in prop::collection::vec((0usize..10, prop::collection::vec(-1_000_000i64..1_000_000, PERIODS)), 0..8),
            then_parts in prop::collection::vec((0usize..10, prop::collection::vec(-1_000_000i64..1_000_000, PERIODS)), 0..8),
            counted in -1_000_000i64..1_000_000,
            then_counted in -1_000_000i64..1_000_000,
            period in 1u8..=12,
        ) {
            let to_parts = |parts: Vec<(usize, Vec<i64>)>| -> BTreeMap<Component, [Money; PERIODS]> {
                let mut out = BTreeMap::new();
                for (c, v) in parts {
                    let entry = out.entry(Component::ALL[c]).or_insert([Money::ZERO; PERIODS]);
                    for (slot, p) in entry.iter_mut().zip(v) {
                        *slot += Money::from_pennies(p);
                    }
                }
                out
            };
            let now = year(to_parts(now_parts).into_iter().collect(), counted);
            let then = Then { latest: Money::ZERO, parts: to_parts(then_parts), commitments: Money::from_pennies(then_counted) };
            let m = movement(&now, &then, period);
            let sum: Money = m.causes.values().copied().sum();
            prop_assert_eq!(sum, now.outturn() - m.previous_outturn);
        }
    }
}
