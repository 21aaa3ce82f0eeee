//! Uncertain assumptions: `[[uncertainty]]` and `[[correlations]]` in a scenario file, read
//! into distributions, the kind of value each gives, and the Cholesky factor of the
//! correlations, for `outturn-engine`'s sampler.
//!
//! ```toml
//! [[uncertainty]]
//! field = "lines.supported-living.uplift"        # a path as `--set` takes it
//! triangular = ["3%", "6%", "9%"]                  # low, most likely, high
//! # fixed = "6%" · uniform = ["2%", "5%"] · normal = { mean = "4%", sd = "1.5%" }
//! # lognormal = { mean = "£138m", sd = "£10m" }    (mean and sd of the value itself)
//! # discrete = [{ value = 2026-03-31, p = "40%" }, { value = 2027-06-14, p = "60%" }]
//!
//! [[correlations]]
//! a = "lines.supported-living.uplift"
//! b = "lines.supported-living.growth"
//! r = 0.6
//! ```
//!
//! The sampler works in `f64` through a Gaussian copula: each draw takes one standard normal per
//! uncertain field, correlates them by the Cholesky factor of the correlation matrix, and
//! turns each into the field's distribution by its inverse distribution function (through
//! the normal distribution function for uniform, triangular and discrete). Each draw has its
//! own generator, seeded from the run's seed and the draw's number, so a draw's values do
//! not depend on how many threads there are or in which order draws run.
//!
//! A sampled value becomes text at the precision of its [`Kind`] before the scenario reader
//! sees it: a percentage to 0.0001% (`6.1234%`), money to the penny (`138000000.00`), a count to a
//! whole number when every value given was whole (else 0.0001). Discrete outcomes and
//! `fixed` are passed as written, so a `fixed` value reproduces `--set` exactly.

mod correlations;
mod distributions;

use std::ops::Range;
use std::path::Path;

use outturn_model::amount::AmountError;
use rust_decimal::Decimal;
use serde::Deserialize;
use thiserror::Error;
use toml::{Spanned, Value};

pub use crate::values::Kind;
pub use correlations::cholesky;

use crate::diagnostic::{Diagnostic, Source};

/// One assumption's distribution, its parameters as `f64` in the field's unit (percent
/// points for a percentage, pounds for money).
#[derive(Debug, Clone, PartialEq)]
pub enum Dist {
    Uniform {
        low: f64,
        high: f64,
    },
    Triangular {
        low: f64,
        mode: f64,
        high: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
    },
    /// Parameters of the logarithm (`mu`, `sigma`), from the value's own mean and sd.
    LogNormal {
        mu: f64,
        sigma: f64,
    },
    /// Outcomes as written (passed to the reader verbatim) with cumulative probabilities;
    /// `fixed` is one outcome with probability 1.
    Discrete {
        values: Vec<String>,
        cumulative: Vec<f64>,
    },
}

/// An uncertain field of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertain {
    pub field: String,
    pub dist: Dist,
    pub kind: Kind,
    /// The distribution as written, for reports: `triangular 3%, 6%, 9%`.
    pub described: String,
    /// Where the entry is in the file.
    pub span: Range<usize>,
    /// Where its `field = "…"` value is.
    pub field_span: Range<usize>,
}

/// The uncertain fields of a scenario and how they move together.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Uncertainty {
    pub fields: Vec<Uncertain>,
    /// The lower-triangular Cholesky factor of the correlation matrix, row by row.
    pub cholesky: Vec<Vec<f64>>,
}

/// One draw's values: the text given to the reader, and the number used to rank it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sampled {
    pub text: String,
    pub rank_value: f64,
}

#[derive(Deserialize)]
struct RawFile {
    #[serde(default)]
    uncertainty: Vec<Spanned<RawUncertain>>,
    #[serde(default)]
    correlations: Vec<Spanned<RawCorrelation>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUncertain {
    field: Spanned<String>,
    fixed: Option<Spanned<Value>>,
    uniform: Option<Spanned<Vec<Value>>>,
    triangular: Option<Spanned<Vec<Value>>>,
    normal: Option<Spanned<RawMoments>>,
    lognormal: Option<Spanned<RawMoments>>,
    discrete: Option<Spanned<Vec<Spanned<RawOutcome>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMoments {
    mean: Value,
    sd: Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutcome {
    value: Value,
    p: Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCorrelation {
    a: Spanned<String>,
    b: Spanned<String>,
    r: Spanned<Value>,
}

/// What is wrong with an uncertain field, its distribution or a correlation.
#[derive(Debug, Clone, PartialEq, Error)]
enum UncertaintyError {
    #[error(transparent)]
    Amount(#[from] AmountError),
    #[error("this field is already uncertain above; give it one distribution")]
    Repeated,
    #[error("expected one distribution (fixed, uniform, triangular, normal, lognormal or discrete), found {0}")]
    NotOneDistribution(String),
    #[error(
        "expected a percentage (\"6%\"), an amount (\"£138m\") or a whole number, found `{0}`"
    )]
    NotANumber(String),
    #[error("a distribution takes exact values, found `{0}`")]
    Approximate(String),
    #[error("write decimals as text so they are read exactly, as \"{0}\" or \"{0}%\"")]
    Decimal(String),
    #[error("the values mix kinds: give every value as a percentage, or every value as an amount")]
    MixedKinds,
    #[error("uniform = [low, high]: the low value {low} is above the high value {high}")]
    UniformBackwards { low: String, high: String },
    #[error("uniform = [low, high] takes two values, found {0}")]
    UniformValues(usize),
    #[error("triangular = [low, most likely, high]: expected low ≤ most likely ≤ high, found {0}")]
    TriangularOrder(String),
    #[error("triangular = [low, most likely, high] takes three values, found {0}")]
    TriangularValues(usize),
    #[error("{name}: the standard deviation may not be negative, found {sd}")]
    NegativeSd { name: &'static str, sd: String },
    #[error("lognormal: the mean must be above zero, found {0}")]
    LognormalMean(String),
    #[error("a probability is from 0% to 100%, found `{0}`")]
    ProbabilityRange(String),
    #[error("expected a probability as a percentage, such as \"40%\", found `{0}`")]
    NotAProbability(String),
    #[error("discrete: give at least one outcome")]
    NoOutcomes,
    #[error("discrete: the probabilities add to {0}%, not 100%")]
    ProbabilitiesNotWhole(Decimal),
    #[error(
        "`{0}` is not an uncertain field; correlations are between fields named in [[uncertainty]]"
    )]
    NotUncertain(String),
    #[error("expected a correlation from -1 to 1, such as 0.6, found `{0}`")]
    NotACorrelation(String),
    #[error("a field is always perfectly correlated with itself; name two fields")]
    SelfCorrelated,
    #[error("expected a correlation from -1 to 1, found {0}")]
    CorrelationRange(f64),
    #[error("these two fields are already correlated above")]
    CorrelatedTwice,
    #[error("the correlations cannot hold together (the matrix is not positive definite): loosen one, for example where a is close to b and b to c but a and c are far apart")]
    NotPositiveDefinite,
}

/// An error and where it is.
type Placed = (Range<usize>, UncertaintyError);

/// Reads `[[uncertainty]]` and `[[correlations]]` from a scenario file's own text. Every
/// error found is returned, each at its place in the file.
pub fn read(path: &Path, text: &str) -> Result<Uncertainty, Vec<Diagnostic>> {
    let source = Source { path, text };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        vec![source.at(
            span,
            "",
            crate::scenario_file::plain_words(e.message().trim()),
        )]
    })?;
    let mut errors = Vec::new();
    let mut fields: Vec<Uncertain> = Vec::new();
    for entry in &raw.uncertainty {
        let u = entry.get_ref();
        let field = u.field.get_ref();
        let made = if fields.iter().any(|f| &f.field == field) {
            Err((u.field.span(), UncertaintyError::Repeated))
        } else {
            distributions::uncertain(entry)
        };
        match made {
            Ok(f) => fields.push(f),
            Err((span, e)) => errors.push(source.at(span, field, e.to_string())),
        }
    }
    let matrix = correlations::matrix(&raw.correlations, &fields, |(span, e)| {
        errors.push(source.at(span, "correlations", e.to_string()));
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    let cholesky = cholesky(&matrix).ok_or_else(|| {
        let first = raw.correlations.first().map_or(0..0, Spanned::span);
        vec![source.at(
            first,
            "correlations",
            UncertaintyError::NotPositiveDefinite.to_string(),
        )]
    })?;
    Ok(Uncertainty { fields, cholesky })
}

#[cfg(test)]
mod tests {
    use approx::assert_abs_diff_eq;

    use super::*;

    fn read_err(text: &str) -> String {
        read(Path::new("t.toml"), text).unwrap_err()[0]
            .message
            .clone()
    }

    #[test]
    fn refuses_bad_parameters() {
        assert!(
            read_err("[[uncertainty]]\nfield = \"a\"\nuniform = [\"5%\", \"2%\"]\n")
                .contains("the low value 5% is above the high value 2%")
        );
        assert!(read_err(
            "[[uncertainty]]\nfield = \"a\"\ntriangular = [\"3%\", \"9%\", \"6%\"]\n"
        )
        .contains("expected low ≤ most likely ≤ high"));
        assert!(read_err(
            "[[uncertainty]]\nfield = \"a\"\nnormal = { mean = \"4%\", sd = \"-1%\" }\n"
        )
        .contains("may not be negative"));
        assert!(read_err("[[uncertainty]]\nfield = \"a\"\ndiscrete = [{ value = \"1%\", p = \"40%\" }, { value = \"2%\", p = \"50%\" }]\n")
            .contains("add to 90%, not 100%"));
        assert!(
            read_err("[[uncertainty]]\nfield = \"a\"\nuniform = [\"2%\", \"£5\"]\n")
                .contains("mix kinds")
        );
        assert!(read_err(
            "[[uncertainty]]\nfield = \"a\"\nfixed = \"2%\"\nuniform = [\"2%\", \"5%\"]\n"
        )
        .contains("found fixed and uniform"));
        let three = "[[uncertainty]]\nfield = \"a\"\nuniform = [\"0%\", \"1%\"]\n[[uncertainty]]\nfield = \"b\"\nuniform = [\"0%\", \"1%\"]\n[[uncertainty]]\nfield = \"c\"\nuniform = [\"0%\", \"1%\"]\n";
        let not_pd = format!("{three}[[correlations]]\na = \"a\"\nb = \"b\"\nr = 0.9\n[[correlations]]\na = \"b\"\nb = \"c\"\nr = 0.9\n[[correlations]]\na = \"a\"\nb = \"c\"\nr = -0.9\n");
        assert!(read_err(&not_pd).contains("not positive definite"));
        assert!(read_err(&format!(
            "{three}[[correlations]]\na = \"a\"\nb = \"d\"\nr = 0.5\n"
        ))
        .contains("`d` is not an uncertain field"));
        assert!(read_err(&format!(
            "{three}[[correlations]]\na = \"a\"\nb = \"b\"\nr = 1.5\n"
        ))
        .contains("from -1 to 1"));
    }

    #[test]
    fn cholesky_of_a_two_by_two_and_a_refusal() {
        // [[1, r], [r, 1]] = L Lᵀ with L = [[1, 0], [r, √(1 − r²)]].
        let l = cholesky(&[vec![1.0, 0.6], vec![0.6, 1.0]]).unwrap();
        assert_abs_diff_eq!(l[0][0], 1.0);
        assert_abs_diff_eq!(l[1][0], 0.6);
        assert_abs_diff_eq!(l[1][1], 0.8, epsilon = 1e-12);
        assert!(cholesky(&[vec![1.0, 1.0], vec![1.0, 1.0]]).is_none());
    }
}
