//! Each `[[uncertainty]]` entry's one distribution, read into its parameters and the kind of
//! value it gives.

use outturn_model::amount::{parse_percent, parse_printed};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use toml::{Spanned, Value};

use super::{
    Dist, Kind, Placed, RawMoments, RawOutcome, RawUncertain, Uncertain, UncertaintyError,
};

/// The distribution an entry gives, of those it may.
enum Given<'a> {
    Fixed(&'a Spanned<Value>),
    Uniform(&'a Spanned<Vec<Value>>),
    Triangular(&'a Spanned<Vec<Value>>),
    Normal(&'a Spanned<RawMoments>),
    LogNormal(&'a Spanned<RawMoments>),
    Discrete(&'a Spanned<Vec<Spanned<RawOutcome>>>),
}

impl Given<'_> {
    fn name(&self) -> &'static str {
        match self {
            Given::Fixed(_) => "fixed",
            Given::Uniform(_) => "uniform",
            Given::Triangular(_) => "triangular",
            Given::Normal(_) => "normal",
            Given::LogNormal(_) => "lognormal",
            Given::Discrete(_) => "discrete",
        }
    }
}

/// What a distribution reads into: its parameters, the kind of value and how it was written.
type Read = Result<(Dist, Kind, String), Placed>;

/// One uncertain field, whose entry must give exactly one distribution.
pub(super) fn uncertain(entry: &Spanned<RawUncertain>) -> Result<Uncertain, Placed> {
    let u = entry.get_ref();
    let given: Vec<Given> = [
        u.fixed.as_ref().map(Given::Fixed),
        u.uniform.as_ref().map(Given::Uniform),
        u.triangular.as_ref().map(Given::Triangular),
        u.normal.as_ref().map(Given::Normal),
        u.lognormal.as_ref().map(Given::LogNormal),
        u.discrete.as_ref().map(Given::Discrete),
    ]
    .into_iter()
    .flatten()
    .collect();
    let [one] = given.as_slice() else {
        let names: Vec<&str> = given.iter().map(Given::name).collect();
        let found = if names.is_empty() {
            "none".to_string()
        } else {
            names.join(" and ")
        };
        return Err((entry.span(), UncertaintyError::NotOneDistribution(found)));
    };
    let (dist, kind, described) = match one {
        Given::Fixed(v) => Ok(fixed(v)),
        Given::Uniform(v) => uniform(v),
        Given::Triangular(v) => triangular(v),
        Given::Normal(m) => normal(m, false),
        Given::LogNormal(m) => normal(m, true),
        Given::Discrete(d) => discrete(d),
    }?;
    Ok(Uncertain {
        field: u.field.get_ref().clone(),
        dist,
        kind,
        described,
        span: entry.span(),
        field_span: u.field.span(),
    })
}

/// A number as written in a distribution: its kind and value in the field's unit.
fn number(v: &Value) -> Result<(Kind, f64), UncertaintyError> {
    let found = || UncertaintyError::NotANumber(v.to_string());
    match v {
        Value::Integer(i) => Ok((Kind::Number { whole: true }, *i as f64)),
        Value::String(s) if s.trim_end().ends_with('%') => {
            let p = parse_percent(s)?;
            Ok((Kind::Percent, p.to_f64().ok_or_else(found)?))
        }
        Value::String(s) => {
            let p = parse_printed(s)?;
            if p.approximate {
                return Err(UncertaintyError::Approximate(s.clone()));
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
        Value::Float(_) => Err(UncertaintyError::Decimal(v.to_string())),
        _ => Err(found()),
    }
}

/// The kind shared by all `values`, and each in the field's unit, or an error if they mix
/// kinds. An amount with £ beside a plain number is still money.
fn numbers(values: &[&Value]) -> Result<(Kind, Vec<f64>), UncertaintyError> {
    let mut kind: Option<Kind> = None;
    let mut out = Vec::new();
    for v in values {
        let (k, x) = number(v)?;
        kind = Some(match (kind, k) {
            (None, k) => k,
            (Some(Kind::Number { whole: a }), Kind::Number { whole: b }) => {
                Kind::Number { whole: a && b }
            }
            (Some(Kind::Money), Kind::Number { .. }) | (Some(Kind::Number { .. }), Kind::Money) => {
                Kind::Money
            }
            (Some(a), b) if a == b => a,
            (Some(_), _) => return Err(UncertaintyError::MixedKinds),
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

fn describe_values(values: &[Value]) -> String {
    values
        .iter()
        .map(outcome_text)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `fixed = "6%"`: one outcome, passed as written. The kind is that of a number as
/// written; a date or a yes/no is passed as it is.
fn fixed(v: &Spanned<Value>) -> (Dist, Kind, String) {
    (
        Dist::Discrete {
            values: vec![outcome_text(v.get_ref())],
            cumulative: vec![1.0],
        },
        number(v.get_ref()).map_or(Kind::Number { whole: true }, |(k, _)| k),
        format!("fixed {}", outcome_text(v.get_ref())),
    )
}

/// `uniform = [low, high]`.
fn uniform(v: &Spanned<Vec<Value>>) -> Read {
    let values: Vec<&Value> = v.get_ref().iter().collect();
    let (kind, xs) = numbers(&values).map_err(|e| (v.span(), e))?;
    let [low, high] = xs[..] else {
        return Err((v.span(), UncertaintyError::UniformValues(xs.len())));
    };
    if low > high {
        return Err((
            v.span(),
            UncertaintyError::UniformBackwards {
                low: outcome_text(values[0]),
                high: outcome_text(values[1]),
            },
        ));
    }
    let described = format!("uniform {}", describe_values(v.get_ref()));
    Ok((Dist::Uniform { low, high }, kind, described))
}

/// `triangular = [low, most likely, high]`.
fn triangular(v: &Spanned<Vec<Value>>) -> Read {
    let values: Vec<&Value> = v.get_ref().iter().collect();
    let (kind, xs) = numbers(&values).map_err(|e| (v.span(), e))?;
    let [low, mode, high] = xs[..] else {
        return Err((v.span(), UncertaintyError::TriangularValues(xs.len())));
    };
    if !(low <= mode && mode <= high) {
        let found = describe_values(v.get_ref());
        return Err((v.span(), UncertaintyError::TriangularOrder(found)));
    }
    let described = format!("triangular {}", describe_values(v.get_ref()));
    Ok((Dist::Triangular { low, mode, high }, kind, described))
}

/// `normal = { mean, sd }`, or `lognormal` with the mean and sd of the value itself.
fn normal(m: &Spanned<RawMoments>, log: bool) -> Read {
    let name = if log { "lognormal" } else { "normal" };
    let r = m.get_ref();
    let (kind, xs) = numbers(&[&r.mean, &r.sd]).map_err(|e| (m.span(), e))?;
    let (mean, sd) = (xs[0], xs[1]);
    let described = format!(
        "{name} mean {}, sd {}",
        outcome_text(&r.mean),
        outcome_text(&r.sd)
    );
    if sd < 0.0 {
        let sd = outcome_text(&r.sd);
        return Err((m.span(), UncertaintyError::NegativeSd { name, sd }));
    }
    if !log {
        return Ok((Dist::Normal { mean, sd }, kind, described));
    }
    if mean <= 0.0 {
        let mean = outcome_text(&r.mean);
        return Err((m.span(), UncertaintyError::LognormalMean(mean)));
    }
    // The value's own mean m and sd s: σ² = ln(1 + s²/m²), μ = ln m − σ²/2.
    let var = (1.0 + (sd * sd) / (mean * mean)).ln();
    let dist = Dist::LogNormal {
        mu: mean.ln() - var / 2.0,
        sigma: var.sqrt(),
    };
    Ok((dist, kind, described))
}

/// A probability as a percentage, from 0% to 100%.
fn probability(v: &Value) -> Result<Decimal, UncertaintyError> {
    match v {
        Value::String(s) if s.trim_end().ends_with('%') => {
            let p = parse_percent(s)?;
            if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED {
                return Err(UncertaintyError::ProbabilityRange(s.clone()));
            }
            Ok(p)
        }
        _ => Err(UncertaintyError::NotAProbability(v.to_string())),
    }
}

/// `discrete = [{ value, p }, …]`: outcomes passed as written, whose probabilities add to
/// exactly 100%.
fn discrete(d: &Spanned<Vec<Spanned<RawOutcome>>>) -> Read {
    let mut values = Vec::new();
    let mut cumulative = Vec::new();
    let mut total = Decimal::ZERO;
    for o in d.get_ref() {
        total += probability(&o.get_ref().p).map_err(|e| (o.span(), e))?;
        values.push(outcome_text(&o.get_ref().value));
        cumulative.push(total);
    }
    if values.is_empty() {
        return Err((d.span(), UncertaintyError::NoOutcomes));
    }
    if total != Decimal::ONE_HUNDRED {
        return Err((d.span(), UncertaintyError::ProbabilitiesNotWhole(total)));
    }
    let described: Vec<String> = d
        .get_ref()
        .iter()
        .map(|o| {
            let o = o.get_ref();
            format!("{} ({})", outcome_text(&o.value), outcome_text(&o.p))
        })
        .collect();
    let dist = Dist::Discrete {
        values,
        // Exact sums as fractions of one; the last is exactly 1.
        cumulative: cumulative
            .iter()
            .map(|c| (c / Decimal::ONE_HUNDRED).to_f64().unwrap_or(1.0))
            .collect(),
    };
    let described = format!("discrete {}", described.join(", "));
    Ok((dist, Kind::Number { whole: true }, described))
}
