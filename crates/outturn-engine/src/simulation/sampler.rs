//! One draw's values: a Gaussian copula over the scenario's uncertain fields.
//!
//! Each draw takes one standard normal per field, correlates them by the Cholesky factor the
//! reader computed, and turns each into the field's distribution by its inverse distribution
//! function. Each draw has its own generator, seeded from the run's seed and the draw's
//! number, so a draw's values do not depend on threads or order.

use outturn_input::uncertainty::{Dist, Kind, Sampled, Uncertainty};
use rand_core::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_pcg::Pcg64Mcg;

/// The standard normal distribution function, Φ(x).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// The generator of draw `draw` of a run with `seed`: independent of every other draw, so
/// the order draws run in changes nothing.
pub fn draw_rng(seed: u64, draw: u64) -> Pcg64Mcg {
    // SplitMix64's finaliser spreads neighbouring draw numbers far apart.
    let mut z = seed ^ draw.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    Pcg64Mcg::seed_from_u64(z ^ (z >> 31))
}

/// The value of `dist` at correlated standard normal `x` (and, for a discrete
/// distribution, the outcome's index).
fn value_at(dist: &Dist, x: f64) -> (f64, Option<usize>) {
    match dist {
        Dist::Normal { mean, sd } => (mean + sd * x, None),
        Dist::LogNormal { mu, sigma } => ((mu + sigma * x).exp(), None),
        Dist::Uniform { low, high } => (low + (high - low) * normal_cdf(x), None),
        Dist::Triangular { low, mode, high } => {
            (triangular_quantile(*low, *mode, *high, normal_cdf(x)), None)
        }
        Dist::Discrete { cumulative, .. } => {
            let u = normal_cdf(x);
            let k = cumulative
                .iter()
                .position(|c| u < *c)
                .unwrap_or(cumulative.len() - 1);
            (k as f64, Some(k))
        }
    }
}

/// The triangular distribution's inverse distribution function at `u` in [0, 1].
pub fn triangular_quantile(low: f64, mode: f64, high: f64, u: f64) -> f64 {
    if high <= low {
        return low;
    }
    let split = (mode - low) / (high - low);
    if u < split {
        low + (u * (high - low) * (mode - low)).sqrt()
    } else {
        high - ((1.0 - u) * (high - low) * (high - mode)).sqrt()
    }
}

/// A sampled number as text at the field's precision.
pub fn as_text(kind: Kind, x: f64) -> String {
    match kind {
        Kind::Percent => format!("{x:.4}%"),
        Kind::Money => format!("{x:.2}"),
        Kind::Number { whole: true } => format!("{x:.0}"),
        Kind::Number { whole: false } => format!("{x:.4}"),
    }
}

/// The values of draw `draw` of `u`, one per field, in field order.
pub fn sample(u: &Uncertainty, seed: u64, draw: u64) -> Vec<Sampled> {
    let mut rng = draw_rng(seed, draw);
    let n = u.fields.len();
    let z: Vec<f64> = (0..n).map(|_| StandardNormal.sample(&mut rng)).collect();
    (0..n)
        .map(|i| {
            let x: f64 = (0..=i).map(|k| u.cholesky[i][k] * z[k]).sum();
            let f = &u.fields[i];
            match (value_at(&f.dist, x), &f.dist) {
                ((rank, Some(k)), Dist::Discrete { values, .. }) => Sampled {
                    text: values[k].clone(),
                    rank_value: rank,
                },
                ((value, _), _) => {
                    let text = as_text(f.kind, value);
                    // Rank by the value the engine was given, not the raw draw.
                    let rank_value = text.trim_end_matches('%').parse().unwrap_or(value);
                    Sampled { text, rank_value }
                }
            }
        })
        .collect()
}

/// Values at the edges of each field's range, to check against the reader before any
/// draw: low and high (uniform, triangular), every outcome (discrete), the mean (normal,
/// lognormal, whose tails are unbounded).
pub fn edges(u: &Uncertainty) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, f) in u.fields.iter().enumerate() {
        match &f.dist {
            Dist::Uniform { low, high } | Dist::Triangular { low, high, .. } => {
                out.push((i, as_text(f.kind, *low)));
                out.push((i, as_text(f.kind, *high)));
            }
            Dist::Normal { mean, .. } => out.push((i, as_text(f.kind, *mean))),
            Dist::LogNormal { mu, sigma } => {
                out.push((i, as_text(f.kind, (mu + sigma * sigma / 2.0).exp())))
            }
            Dist::Discrete { values, .. } => {
                out.extend(values.iter().map(|v| (i, v.clone())));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use approx::assert_abs_diff_eq;
    use outturn_input::uncertainty::read;

    use super::*;
    use crate::simulation::statistics::{percentile, spearman};

    fn read_ok(text: &str) -> Uncertainty {
        read(Path::new("t.toml"), text).unwrap()
    }

    fn draws(u: &Uncertainty, n: u64, field: usize) -> Vec<f64> {
        (0..n).map(|i| sample(u, 42, i)[field].rank_value).collect()
    }

    #[test]
    fn triangular_mean_is_the_average_of_its_points() {
        let u = read_ok(
            "[[uncertainty]]\nfield = \"uplift\"\ntriangular = [\"3%\", \"6%\", \"12%\"]\n",
        );
        let xs = draws(&u, 100_000, 0);
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        // (3 + 6 + 12) / 3 = 7; the sd is sqrt((9+36+144-18-36-72)/18) = 1.87, so the
        // standard error of the mean over 100,000 draws is 0.006.
        assert_abs_diff_eq!(mean, 7.0, epsilon = 0.03);
        assert!(xs.iter().all(|x| (3.0..=12.0).contains(x)));
    }

    #[test]
    fn uniform_median_and_tails() {
        let u = read_ok("[[uncertainty]]\nfield = \"uplift\"\nuniform = [\"2%\", \"6%\"]\n");
        let mut xs: Vec<i64> = draws(&u, 100_000, 0)
            .iter()
            .map(|x| (x * 10_000.0).round() as i64)
            .collect();
        xs.sort_unstable();
        // P50 of U(2, 6) is 4; P5 is 2.2; P95 is 5.8 (in units of 0.0001%).
        assert_abs_diff_eq!(percentile(&xs, 50) as f64, 40_000.0, epsilon = 200.0);
        assert_abs_diff_eq!(percentile(&xs, 5) as f64, 22_000.0, epsilon = 200.0);
        assert_abs_diff_eq!(percentile(&xs, 95) as f64, 58_000.0, epsilon = 200.0);
    }

    #[test]
    fn normal_and_lognormal_moments() {
        let u = read_ok("[[uncertainty]]\nfield = \"a\"\nnormal = { mean = \"4%\", sd = \"1.5%\" }\n[[uncertainty]]\nfield = \"b\"\nlognormal = { mean = \"£100\", sd = \"£20\" }\n");
        let n = 100_000;
        for (i, mean, sd) in [(0, 4.0, 1.5), (1, 100.0, 20.0)] {
            let xs = draws(&u, n, i);
            let m = xs.iter().sum::<f64>() / n as f64;
            let s = (xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64).sqrt();
            assert_abs_diff_eq!(m, mean, epsilon = sd * 0.02);
            assert_abs_diff_eq!(s, sd, epsilon = sd * 0.02);
        }
    }

    #[test]
    fn discrete_frequencies_follow_probabilities() {
        let u = read_ok("[[uncertainty]]\nfield = \"break.on\"\ndiscrete = [{ value = 2026-03-31, p = \"40%\" }, { value = 2027-06-14, p = \"60%\" }]\n");
        let n = 100_000;
        let first = (0..n)
            .filter(|&i| sample(&u, 7, i)[0].text == "2026-03-31")
            .count();
        assert_abs_diff_eq!(first as f64 / n as f64, 0.4, epsilon = 0.01);
    }

    #[test]
    fn correlation_is_carried_into_ranks() {
        let u = read_ok("[[uncertainty]]\nfield = \"a\"\nuniform = [\"0%\", \"10%\"]\n[[uncertainty]]\nfield = \"b\"\ntriangular = [\"1%\", \"2%\", \"5%\"]\n[[correlations]]\na = \"a\"\nb = \"b\"\nr = 0.6\n");
        let (a, b) = (draws(&u, 20_000, 0), draws(&u, 20_000, 1));
        // A Gaussian copula with r = 0.6 has Spearman ρ = (6/π) asin(0.3) = 0.5819.
        assert_abs_diff_eq!(spearman(&a, &b).unwrap(), 0.5819, epsilon = 0.02);
    }

    #[test]
    fn same_seed_same_values() {
        let u = read_ok("[[uncertainty]]\nfield = \"a\"\nuniform = [\"0%\", \"10%\"]\n");
        assert_eq!(sample(&u, 42, 17), sample(&u, 42, 17));
        assert_ne!(sample(&u, 42, 17), sample(&u, 43, 17));
        assert_ne!(sample(&u, 42, 17), sample(&u, 42, 18));
    }

    #[test]
    fn precision_of_sampled_values() {
        assert_eq!(as_text(Kind::Percent, 6.123_456), "6.1235%");
        assert_eq!(as_text(Kind::Money, 138_000_000.126), "138000000.13");
        assert_eq!(as_text(Kind::Number { whole: true }, 699.6), "700");
    }

    #[test]
    fn triangular_quantiles_at_the_ends_and_the_mode() {
        assert_abs_diff_eq!(triangular_quantile(3.0, 6.0, 12.0, 0.0), 3.0);
        assert_abs_diff_eq!(triangular_quantile(3.0, 6.0, 12.0, 1.0), 12.0);
        // The mode splits the area (6 − 3) / (12 − 3) = 1/3 : 2/3.
        assert_abs_diff_eq!(
            triangular_quantile(3.0, 6.0, 12.0, 1.0 / 3.0),
            6.0,
            epsilon = 1e-9
        );
    }

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 5), 1);
        assert_eq!(percentile(&v, 50), 5);
        assert_eq!(percentile(&v, 90), 9);
        assert_eq!(percentile(&v, 95), 10);
        assert_eq!(percentile(&v, 100), 10);
    }

    #[test]
    fn spearman_of_monotone_and_reversed() {
        let a = [1.0, 2.0, 3.0, 4.0];
        assert_abs_diff_eq!(spearman(&a, &[10.0, 20.0, 25.0, 99.0]).unwrap(), 1.0);
        assert_abs_diff_eq!(spearman(&a, &[4.0, 3.0, 2.0, 1.0]).unwrap(), -1.0);
        assert_eq!(spearman(&a, &[1.0, 1.0, 1.0, 1.0]), None);
    }
}
