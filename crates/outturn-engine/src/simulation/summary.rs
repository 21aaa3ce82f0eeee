//! The draws summarised, as plain data: for each figure its central value, mean and
//! percentiles in pennies and the draws behind them (for the chance of exceeding any amount),
//! and for each uncertain field how strongly it drives the whole-life total.
//!
//! Percentiles are nearest-rank: P90 is the smallest draw with at least 90% of draws at or
//! below it, so every figure reported is a figure some draw produced, to the penny; the mean
//! is the exact mean of the pennies, rounded half away from zero.

use std::collections::BTreeMap;

use outturn_input::uncertainty::Uncertainty;
use outturn_model::Money;
use rust_decimal::{Decimal, RoundingStrategy};

use super::statistics::{percentile, spearman};
use super::Draw;
use crate::figure::Figure;

/// The percentiles reported, in order.
pub const PERCENTILES: [u32; 5] = [5, 10, 50, 90, 95];

/// One figure over the draws, in pennies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureStats {
    pub figure: Figure,
    /// The central run's figure (zero if only some draws reach it).
    pub central: Money,
    pub mean: Money,
    /// At each of [`PERCENTILES`].
    pub percentiles: [Money; 5],
    /// Every draw's figure (zero where a draw does not reach it), sorted.
    sorted: Vec<i64>,
}

/// How strongly one uncertain field drives the whole-life total.
#[derive(Debug, Clone, PartialEq)]
pub struct Driver {
    /// The field's index in the uncertainty.
    pub field: usize,
    /// Spearman's rank correlation of the field's values with `total.all`; `None` when
    /// either does not vary.
    pub rho: Option<f64>,
    /// Its square as a percentage of the sum of every field's square; `None` when no field
    /// correlates at all.
    pub share: Option<f64>,
}

/// A simulation summarised.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub draws: usize,
    /// The whole life, phases (the central run's in its order, then any only some draws
    /// reach), financial years in date order, then the central run's checks.
    pub figures: Vec<FigureStats>,
    /// Every field, the strongest driver first (by the size of its correlation; fields that
    /// do not vary last, in field order).
    pub drivers: Vec<Driver>,
}

impl FigureStats {
    /// The statistics of one figure from every draw's value.
    pub fn of(figure: Figure, central: Money, values: Vec<i64>) -> FigureStats {
        let mut sorted = values;
        sorted.sort_unstable();
        let sum: i128 = sorted.iter().map(|&v| i128::from(v)).sum();
        let n = i128::try_from(sorted.len().max(1)).expect("a count of draws fits 128 bits");
        // Half away from zero: the magnitude rounds up when the remainder is at least half.
        let (q, r) = (sum / n, sum % n);
        let mean = q + if 2 * r.abs() >= n { sum.signum() } else { 0 };
        let percentiles = PERCENTILES.map(|q| Money::from_pennies(percentile(&sorted, q)));
        FigureStats {
            figure,
            central,
            mean: Money::from_pennies(
                i64::try_from(mean).expect("a mean lies between the smallest and largest draw"),
            ),
            percentiles,
            sorted,
        }
    }

    /// The share of draws above `amount`, in percent to two places.
    pub fn chance_above(&self, amount: Money) -> Decimal {
        let above = self.sorted.len() - self.sorted.partition_point(|&v| v <= amount.pennies());
        let mut p = (Decimal::from(above) * Decimal::ONE_HUNDRED
            / Decimal::from(self.sorted.len().max(1)))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        p.rescale(2);
        p
    }
}

/// The figures in report order (see [`Summary::figures`]).
fn figure_order(
    central_phases: &[Figure],
    central: &BTreeMap<Figure, i64>,
    draws: &[Draw],
) -> Vec<Figure> {
    let mut phases: Vec<Figure> = central_phases.to_vec();
    let mut years: Vec<Figure> = Vec::new();
    for totals in std::iter::once(central).chain(draws.iter().map(|d| &d.totals)) {
        for figure in totals.keys() {
            let seen = match figure {
                Figure::Phase(_) => &mut phases,
                Figure::Year(_) => &mut years,
                Figure::All | Figure::Check(_) => continue,
            };
            if !seen.contains(figure) {
                seen.push(figure.clone());
            }
        }
    }
    years.sort();
    let mut out = vec![Figure::All];
    out.extend(phases);
    out.extend(years);
    out.extend(
        central
            .keys()
            .filter(|f| matches!(f, Figure::Check(_)))
            .cloned(),
    );
    out
}

/// The rank correlation of each field with the whole-life total, strongest first.
fn drivers(uncertainty: &Uncertainty, draws: &[Draw]) -> Vec<Driver> {
    let total: Vec<f64> = draws
        .iter()
        .map(|d| d.totals.get(&Figure::All).copied().unwrap_or(0) as f64)
        .collect();
    let rhos: Vec<Option<f64>> = (0..uncertainty.fields.len())
        .map(|k| {
            let xs: Vec<f64> = draws.iter().map(|d| d.values[k].rank_value).collect();
            spearman(&xs, &total)
        })
        .collect();
    let sum_sq: f64 = rhos.iter().flatten().map(|r| r * r).sum();
    let mut out: Vec<Driver> = rhos
        .into_iter()
        .enumerate()
        .map(|(field, rho)| Driver {
            field,
            rho,
            share: rho.filter(|_| sum_sq > 0.0).map(|r| 100.0 * r * r / sum_sq),
        })
        .collect();
    let strength = |d: &Driver| d.rho.map_or(-1.0, f64::abs);
    out.sort_by(|a, b| strength(b).total_cmp(&strength(a)));
    out
}

impl Summary {
    /// Summarises `draws` beside the central run's figures and phases.
    pub fn of(
        central: &BTreeMap<Figure, i64>,
        central_phases: &[Figure],
        draws: &[Draw],
        uncertainty: &Uncertainty,
    ) -> Summary {
        let figures = figure_order(central_phases, central, draws)
            .into_iter()
            .map(|f| {
                let values = draws
                    .iter()
                    .map(|d| d.totals.get(&f).copied().unwrap_or(0))
                    .collect();
                let at_centre = Money::from_pennies(central.get(&f).copied().unwrap_or(0));
                FigureStats::of(f, at_centre, values)
            })
            .collect();
        Summary {
            draws: draws.len(),
            figures,
            drivers: drivers(uncertainty, draws),
        }
    }

    /// The statistics of `figure`, if the simulation has it.
    pub fn figure(&self, figure: &Figure) -> Option<&FigureStats> {
        self.figures.iter().find(|s| &s.figure == figure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use outturn_input::uncertainty::Sampled;
    use outturn_model::FyCalendar;

    fn draw(value: f64, totals: &[(Figure, i64)]) -> Draw {
        Draw {
            values: vec![Sampled {
                text: value.to_string(),
                rank_value: value,
            }],
            totals: totals.iter().cloned().collect(),
        }
    }

    #[test]
    fn mean_rounds_half_away_from_zero() {
        // (1 + 2) / 2 = 1.5p rounds to 2p; (-1 - 2) / 2 = -1.5p to -2p; 10 / 3 = 3.33p to 3p.
        let mean = |v: Vec<i64>| FigureStats::of(Figure::All, Money::ZERO, v).mean.pennies();
        assert_eq!(mean(vec![1, 2]), 2);
        assert_eq!(mean(vec![-1, -2]), -2);
        assert_eq!(mean(vec![3, 3, 4]), 3);
    }

    #[test]
    fn chance_above_counts_draws_strictly_above() {
        let s = FigureStats::of(Figure::All, Money::ZERO, vec![5, 1, 3, 2, 4, 3]);
        // 4 and 5 are above 3: 2 of 6 draws, 33.33%.
        assert_eq!(s.chance_above(Money::from_pennies(3)).to_string(), "33.33");
        assert_eq!(s.chance_above(Money::from_pennies(0)).to_string(), "100.00");
        assert_eq!(s.percentiles.map(|m| m.pennies()), [1, 1, 3, 5, 5]);
    }

    #[test]
    fn figures_in_report_order_with_zero_where_a_draw_misses_one() {
        let cal = FyCalendar::UK;
        let y = |l| Figure::Year(cal.parse_year(l).unwrap());
        let phase = |p: &str| Figure::Phase(p.into());
        let central = BTreeMap::from([
            (Figure::All, 30),
            (phase("initial"), 30),
            (y("2025-26"), 30),
            (Figure::Check("c".into()), 7),
        ]);
        // The second draw runs into an extension and a later year.
        let draws = [
            draw(
                1.0,
                &[
                    (Figure::All, 20),
                    (phase("initial"), 20),
                    (y("2025-26"), 20),
                ],
            ),
            draw(
                2.0,
                &[
                    (Figure::All, 50),
                    (phase("initial"), 30),
                    (phase("extension-1"), 20),
                    (y("2025-26"), 30),
                    (y("2026-27"), 20),
                ],
            ),
        ];
        let u = Uncertainty::default();
        let s = Summary::of(&central, &[phase("initial")], &draws, &u);
        let order: Vec<String> = s.figures.iter().map(|f| f.figure.to_string()).collect();
        assert_eq!(
            order,
            [
                "total.all",
                "total.phase.initial",
                "total.phase.extension-1",
                "total.year.2025-26",
                "total.year.2026-27",
                "check.c"
            ]
        );
        let later = s.figure(&y("2026-27")).unwrap();
        assert_eq!(later.central, Money::ZERO);
        // (0 + 20) / 2 = 10p; the check is in no draw, so zero in each.
        assert_eq!(later.mean.pennies(), 10);
        assert_eq!(
            s.figure(&Figure::Check("c".into())).unwrap().percentiles[4].pennies(),
            0
        );
    }
}
