//! Uncertain assumptions: `[[uncertainty]]` and `[[correlations]]` in a scenario file, and
//! the sampling of one value for each per draw.
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
//! Sampling is in `f64` through a Gaussian copula: each draw takes one standard normal per
//! uncertain field, correlates them by the Cholesky factor of the correlation matrix, and
//! turns each into the field's distribution by its inverse distribution function (through
//! the normal distribution function for uniform, triangular and discrete). Each draw has its
//! own generator, seeded from the run's seed and the draw's number, so a draw's values do
//! not depend on how many threads there are or in which order draws run.
//!
//! A sampled value becomes text at the field's own precision before the scenario reader sees
//! it: a percentage to 0.0001% (`6.1234%`), money to the penny (`138000000.00`), a count to a
//! whole number when every value given was whole (else 0.0001). Discrete outcomes and
//! `fixed` are passed as written, so a `fixed` value reproduces `--set` exactly.

use std::ops::Range;
use std::path::Path;

use outturn_model::amount::{parse_percent, parse_printed};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Deserialize;
use toml::{Spanned, Value};

use crate::diagnostic::{Diagnostic, Source};

/// What kind of number a field holds, which fixes the precision of a sampled value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A percentage, sampled to 0.0001%.
    Percent,
    /// An amount of money, sampled to the penny.
    Money,
    /// A plain number (a volume): whole when every value given was whole.
    Number { whole: bool },
}

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

/// A number as written in a distribution: its kind and value in the field's unit.
fn number(v: &Value) -> Result<(Kind, f64), String> {
    let found = || {
        format!(
            "expected a percentage (\"6%\"), an amount (\"£138m\") or a whole number, found `{v}`"
        )
    };
    match v {
        Value::Integer(i) => Ok((Kind::Number { whole: true }, *i as f64)),
        Value::String(s) if s.trim_end().ends_with('%') => {
            let p = parse_percent(s).map_err(|e| e.to_string())?;
            Ok((Kind::Percent, p.to_f64().ok_or_else(found)?))
        }
        Value::String(s) => {
            let p = parse_printed(s).map_err(|e| e.to_string())?;
            if p.approximate {
                return Err(format!("a distribution takes exact values, found `{s}`"));
            }
            let kind = if p.money {
                Kind::Money
            } else {
                Kind::Number {
                    whole: p.value.fract().is_zero(),
                }
            };
            Ok((kind, p.value.to_f64().ok_or_else(found)?))
        }
        Value::Float(_) => Err(format!(
            "write decimals as text so they are read exactly, as \"{v}\" or \"{v}%\""
        )),
        _ => Err(found()),
    }
}

/// The kind shared by all `values`, or an error if they mix kinds.
fn numbers(values: &[&Value]) -> Result<(Kind, Vec<f64>), String> {
    let mut kind: Option<Kind> = None;
    let mut out = Vec::new();
    for v in values {
        let (k, x) = number(v)?;
        kind = Some(match (kind, k) {
            (None, k) => k,
            (Some(Kind::Number { whole: a }), Kind::Number { whole: b }) => {
                Kind::Number { whole: a && b }
            }
            // An amount with £ beside a plain number is still money.
            (Some(Kind::Money), Kind::Number { .. }) | (Some(Kind::Number { .. }), Kind::Money) => {
                Kind::Money
            }
            (Some(a), b) if a == b => a,
            (Some(_), _) => {
                return Err(
                    "the values mix kinds: give every value as a percentage, or every value as an amount"
                        .into(),
                )
            }
        });
        out.push(x);
    }
    Ok((kind.unwrap_or(Kind::Number { whole: true }), out))
}

/// A discrete outcome's value as `--set` would take it.
fn outcome_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn probability(v: &Value) -> Result<Decimal, String> {
    match v {
        Value::String(s) if s.trim_end().ends_with('%') => {
            let p = parse_percent(s).map_err(|e| e.to_string())?;
            if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED {
                return Err(format!("a probability is from 0% to 100%, found `{s}`"));
            }
            Ok(p)
        }
        _ => Err(format!(
            "expected a probability as a percentage, such as \"40%\", found `{v}`"
        )),
    }
}

fn describe_values(values: &[Value]) -> String {
    values
        .iter()
        .map(outcome_text)
        .collect::<Vec<_>>()
        .join(", ")
}

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
        let span = entry.span();
        let u = entry.get_ref();
        let field = u.field.get_ref().clone();
        let at = |span: Range<usize>, message: String| source.at(span, &field, message);
        if fields.iter().any(|f| f.field == field) {
            errors.push(at(
                u.field.span(),
                "this field is already uncertain above; give it one distribution".into(),
            ));
            continue;
        }
        let given: Vec<&str> = [
            ("fixed", u.fixed.is_some()),
            ("uniform", u.uniform.is_some()),
            ("triangular", u.triangular.is_some()),
            ("normal", u.normal.is_some()),
            ("lognormal", u.lognormal.is_some()),
            ("discrete", u.discrete.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, present)| present.then_some(name))
        .collect();
        if given.len() != 1 {
            errors.push(at(
                span.clone(),
                format!(
                    "expected one distribution (fixed, uniform, triangular, normal, lognormal or discrete), found {}",
                    if given.is_empty() { "none".to_string() } else { given.join(" and ") }
                ),
            ));
            continue;
        }
        let made: Result<(Dist, Kind, String), (Range<usize>, String)> = if let Some(v) = &u.fixed {
            Ok((
                Dist::Discrete {
                    values: vec![outcome_text(v.get_ref())],
                    cumulative: vec![1.0],
                },
                // The kind of a number as written; a date or a yes/no is passed as it is.
                number(v.get_ref()).map_or(Kind::Number { whole: true }, |(k, _)| k),
                format!("fixed {}", outcome_text(v.get_ref())),
            ))
        } else if let Some(v) = &u.uniform {
            let vs: Vec<&Value> = v.get_ref().iter().collect();
            match numbers(&vs) {
                Ok((kind, xs)) if xs.len() == 2 => {
                    if xs[0] > xs[1] {
                        Err((v.span(), format!("uniform = [low, high]: the low value {} is above the high value {}", outcome_text(vs[0]), outcome_text(vs[1]))))
                    } else {
                        Ok((
                            Dist::Uniform {
                                low: xs[0],
                                high: xs[1],
                            },
                            kind,
                            format!("uniform {}", describe_values(v.get_ref())),
                        ))
                    }
                }
                Ok((_, xs)) => Err((
                    v.span(),
                    format!("uniform = [low, high] takes two values, found {}", xs.len()),
                )),
                Err(e) => Err((v.span(), e)),
            }
        } else if let Some(v) = &u.triangular {
            let vs: Vec<&Value> = v.get_ref().iter().collect();
            match numbers(&vs) {
                Ok((kind, xs)) if xs.len() == 3 => {
                    if !(xs[0] <= xs[1] && xs[1] <= xs[2]) {
                        Err((v.span(), format!("triangular = [low, most likely, high]: expected low ≤ most likely ≤ high, found {}", describe_values(v.get_ref()))))
                    } else {
                        Ok((
                            Dist::Triangular {
                                low: xs[0],
                                mode: xs[1],
                                high: xs[2],
                            },
                            kind,
                            format!("triangular {}", describe_values(v.get_ref())),
                        ))
                    }
                }
                Ok((_, xs)) => Err((
                    v.span(),
                    format!(
                        "triangular = [low, most likely, high] takes three values, found {}",
                        xs.len()
                    ),
                )),
                Err(e) => Err((v.span(), e)),
            }
        } else if let Some(m) = u.normal.as_ref().or(u.lognormal.as_ref()) {
            let log = u.lognormal.is_some();
            let name = if log { "lognormal" } else { "normal" };
            let r = m.get_ref();
            match numbers(&[&r.mean, &r.sd]) {
                Ok((kind, xs)) => {
                    let (mean, sd) = (xs[0], xs[1]);
                    let desc = format!(
                        "{name} mean {}, sd {}",
                        outcome_text(&r.mean),
                        outcome_text(&r.sd)
                    );
                    if sd < 0.0 {
                        Err((
                            m.span(),
                            format!(
                                "{name}: the standard deviation may not be negative, found {}",
                                outcome_text(&r.sd)
                            ),
                        ))
                    } else if log && mean <= 0.0 {
                        Err((
                            m.span(),
                            format!(
                                "lognormal: the mean must be above zero, found {}",
                                outcome_text(&r.mean)
                            ),
                        ))
                    } else if log {
                        // The value's own mean m and sd s: σ² = ln(1 + s²/m²), μ = ln m − σ²/2.
                        let var = (1.0 + (sd * sd) / (mean * mean)).ln();
                        Ok((
                            Dist::LogNormal {
                                mu: mean.ln() - var / 2.0,
                                sigma: var.sqrt(),
                            },
                            kind,
                            desc,
                        ))
                    } else {
                        Ok((Dist::Normal { mean, sd }, kind, desc))
                    }
                }
                Err(e) => Err((m.span(), e)),
            }
        } else if let Some(d) = &u.discrete {
            let mut values = Vec::new();
            let mut cumulative = Vec::new();
            let mut total = Decimal::ZERO;
            let mut bad = None;
            for o in d.get_ref() {
                match probability(&o.get_ref().p) {
                    Ok(p) => {
                        total += p;
                        values.push(outcome_text(&o.get_ref().value));
                        cumulative.push(total);
                    }
                    Err(e) => {
                        bad = Some((o.span(), e));
                        break;
                    }
                }
            }
            match bad {
                Some(b) => Err(b),
                None if values.is_empty() => {
                    Err((d.span(), "discrete: give at least one outcome".into()))
                }
                None if total != Decimal::ONE_HUNDRED => Err((
                    d.span(),
                    format!("discrete: the probabilities add to {total}%, not 100%"),
                )),
                None => {
                    let desc = d
                        .get_ref()
                        .iter()
                        .map(|o| {
                            format!(
                                "{} ({})",
                                outcome_text(&o.get_ref().value),
                                outcome_text(&o.get_ref().p)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    Ok((
                        Dist::Discrete {
                            values,
                            // Exact sums as fractions of one; the last is exactly 1.
                            cumulative: cumulative
                                .iter()
                                .map(|c| (c / Decimal::ONE_HUNDRED).to_f64().unwrap_or(1.0))
                                .collect(),
                        },
                        Kind::Number { whole: true },
                        format!("discrete {desc}"),
                    ))
                }
            }
        } else {
            unreachable!("exactly one distribution was given")
        };
        match made {
            Ok((dist, kind, described)) => fields.push(Uncertain {
                field,
                dist,
                kind,
                described,
                span,
                field_span: u.field.span(),
            }),
            Err((span, message)) => errors.push(at(span, message)),
        }
    }
    // The correlation matrix, identity but for the pairs given.
    let n = fields.len();
    let mut matrix = vec![vec![0.0; n]; n];
    for (i, row) in matrix.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    let mut first_correlation = None;
    for c in &raw.correlations {
        let c_ref = c.get_ref();
        first_correlation.get_or_insert(c.span());
        let index = |name: &Spanned<String>| {
            fields
                .iter()
                .position(|f| f.field == *name.get_ref())
                .ok_or_else(|| {
                    source.at(
                        name.span(),
                        "correlations",
                        format!(
                            "`{}` is not an uncertain field; correlations are between fields named in [[uncertainty]]",
                            name.get_ref()
                        ),
                    )
                })
        };
        let (a, b) = match (index(&c_ref.a), index(&c_ref.b)) {
            (Ok(a), Ok(b)) => (a, b),
            (a, b) => {
                errors.extend(a.err());
                errors.extend(b.err());
                continue;
            }
        };
        let r = match c_ref.r.get_ref() {
            Value::Float(r) => *r,
            Value::Integer(r) => *r as f64,
            other => {
                errors.push(source.at(
                    c_ref.r.span(),
                    "correlations",
                    format!("expected a correlation from -1 to 1, such as 0.6, found `{other}`"),
                ));
                continue;
            }
        };
        if a == b {
            errors.push(source.at(
                c.span(),
                "correlations",
                "a field is always perfectly correlated with itself; name two fields".to_string(),
            ));
        } else if !(-1.0..=1.0).contains(&r) {
            errors.push(source.at(
                c_ref.r.span(),
                "correlations",
                format!("expected a correlation from -1 to 1, found {r}"),
            ));
        } else if matrix[a][b] != 0.0 {
            errors.push(source.at(
                c.span(),
                "correlations",
                "these two fields are already correlated above".to_string(),
            ));
        } else {
            matrix[a][b] = r;
            matrix[b][a] = r;
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let cholesky = cholesky(&matrix).ok_or_else(|| {
        vec![source.at(
            first_correlation.unwrap_or(0..0),
            "correlations",
            "the correlations cannot hold together (the matrix is not positive definite): loosen one, for example where a is close to b and b to c but a and c are far apart"
                .to_string(),
        )]
    })?;
    Ok(Uncertainty { fields, cholesky })
}

/// The lower-triangular `L` with `L Lᵀ = matrix`, or `None` when the matrix is not positive
/// definite (a pivot at or below 1e-12).
pub fn cholesky(matrix: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = matrix.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let sum: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let pivot = matrix[i][i] - sum;
                if pivot <= 1e-12 {
                    return None;
                }
                l[i][i] = pivot.sqrt();
            } else {
                l[i][j] = (matrix[i][j] - sum) / l[j][j];
            }
        }
    }
    Some(l)
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
