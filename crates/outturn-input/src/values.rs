//! Values typed on the command line for sweeps and searches: `3%`, `£1.3m`, `24`, ranges
//! `0%..10%/1%` and lists `12,24,36`; and the kind of a value, which `--set`, `--vary`,
//! `solve` and the distributions of a simulation share.

use outturn_model::amount::{parse_percent, parse_printed, AmountError};
use rust_decimal::Decimal;
use thiserror::Error;

/// What a value is, which decides how it is written back into a scenario (`3.5%`,
/// `£1250000.50`, `24`) and the precision a sampled value is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A percentage: `3.5%`, sampled to 0.0001%.
    Percent,
    /// An amount of money: `£1250000.50`, sampled to the penny.
    Money,
    /// A plain number (a count, months): whole when every value given was whole, and then
    /// sampled to a whole number.
    Number { whole: bool },
}

impl Kind {
    /// Whether two values are the same kind, whole or not.
    pub fn same_kind(self, other: Kind) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

/// Why a value, range or list typed on the command line cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValueError {
    #[error(transparent)]
    Amount(#[from] AmountError),
    #[error("expected an exact value, found `{0}`")]
    Approximate(String),
    #[error("expected a range LOW..HIGH such as 0%..10%, found `{0}`")]
    NotARange(String),
    #[error("both ends of `{0}` must be the same kind of value")]
    MixedKinds(String),
    #[error("the range `{0}` runs backwards; put the lower value first")]
    Backwards(String),
    #[error("the step of `{0}` must be more than zero")]
    StepNotPositive(String),
    #[error("a range needs a step: `{0}/STEP`, such as 0%..10%/1%")]
    NoStep(String),
    #[error("`{0}` gives more than {MAX_VALUES} values; use a larger step")]
    StepTooSmall(String),
    #[error("`{0}` gives more than {MAX_VALUES} values")]
    TooMany(String),
}

/// The most values one sweep may run, so a mistyped step does not run for hours.
const MAX_VALUES: usize = 1000;

/// Reads `3%`, `£1.3m` or `24`.
pub fn parse_value(text: &str) -> Result<(Kind, Decimal), ValueError> {
    let text = text.trim();
    if text.ends_with('%') {
        return Ok((Kind::Percent, parse_percent(text)?));
    }
    let printed = parse_printed(text)?;
    if printed.approximate {
        return Err(ValueError::Approximate(text.to_string()));
    }
    let kind = if printed.money {
        Kind::Money
    } else {
        Kind::Number {
            whole: printed.value.fract().is_zero(),
        }
    };
    Ok((kind, printed.value))
}

/// A value as it is written into a scenario: `3.5%`, `£1250000.50`, `24`.
pub fn text(kind: Kind, v: Decimal) -> String {
    let v = v.normalize();
    match kind {
        Kind::Percent => format!("{v}%"),
        Kind::Money => {
            let s = v.abs().to_string();
            format!("{}£{s}", if v.is_sign_negative() { "-" } else { "" })
        }
        Kind::Number { .. } => v.to_string(),
    }
}

/// Reads `LOW..HIGH` into its kind and ends.
/// A plain zero at the low end takes the high end's kind: `0..10%`.
pub fn parse_range(spec: &str) -> Result<(Kind, Decimal, Decimal), ValueError> {
    let (lo, hi) = spec
        .split_once("..")
        .ok_or_else(|| ValueError::NotARange(spec.to_string()))?;
    let (kind, lo) = parse_value(lo)?;
    let (hi_kind, hi) = parse_value(hi)?;
    let zero = matches!(kind, Kind::Number { .. }) && lo.is_zero();
    if !kind.same_kind(hi_kind) && !zero {
        return Err(ValueError::MixedKinds(spec.to_string()));
    }
    if lo > hi {
        return Err(ValueError::Backwards(spec.to_string()));
    }
    let kind = match (kind, hi_kind) {
        (Kind::Number { whole: a }, Kind::Number { whole: b }) => Kind::Number { whole: a && b },
        _ => hi_kind,
    };
    Ok((kind, lo, hi))
}

/// The values of `FROM..TO/STEP` or `A,B,C`, as texts to set.
pub fn parse_values(spec: &str) -> Result<Vec<String>, ValueError> {
    let values = match spec.split_once('/') {
        Some((range, step)) => {
            let (kind, lo, hi) = parse_range(range)?;
            let (_, step) = parse_value(step)?;
            if step <= Decimal::ZERO {
                return Err(ValueError::StepNotPositive(spec.to_string()));
            }
            // Checked: a range near Decimal's limits with a tiny step would overflow (the
            // fuzzer found `0%..5000…0%/0.25`); too many values either way.
            let too_many = || ValueError::StepTooSmall(spec.to_string());
            let count = (hi - lo).checked_div(step).ok_or_else(too_many)?.floor();
            if count >= Decimal::from(MAX_VALUES) {
                return Err(too_many());
            }
            let mut out = Vec::new();
            let mut v = Some(lo);
            while let Some(x) = v.filter(|x| *x <= hi) {
                out.push(text(kind, x));
                // A step below a Decimal's precision at `x` adds nothing: without the
                // filter the loop would never end (the fuzzer found `8%..08%/0.0…01%`).
                v = x.checked_add(step).filter(|next| *next > x);
            }
            out
        }
        None if spec.contains("..") => return Err(ValueError::NoStep(spec.to_string())),
        // A list may hold anything a field takes (`true,false`, dates); numbers are tidied.
        None => spec
            .split(',')
            .map(|v| parse_value(v).map_or_else(|_| v.trim().to_string(), |(k, d)| text(k, d)))
            .collect(),
    };
    if values.len() > MAX_VALUES {
        return Err(ValueError::TooMany(spec.to_string()));
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_lists() {
        assert_eq!(parse_values("0%..3%/1%").unwrap(), ["0%", "1%", "2%", "3%"]);
        assert_eq!(parse_values("0%..1%/0.4%").unwrap(), ["0%", "0.4%", "0.8%"]);
        assert_eq!(
            parse_values("£1m..£1.5m/£0.25m").unwrap(),
            ["£1000000", "£1250000", "£1500000"]
        );
        assert_eq!(parse_values("12,24,36").unwrap(), ["12", "24", "36"]);
        assert_eq!(parse_values("true, false").unwrap(), ["true", "false"]);
        assert!(parse_values("0%..10%").is_err());
        assert!(parse_values("10%..0%/1%").is_err());
        assert!(parse_values("0%..10%/0%").is_err());
        assert!(parse_values("0%..100%/0.01%").is_err());
        // Found by the `printed_values` fuzz target: the count overflowed a Decimal.
        let huge = format!("0%..{}%/0.25", "7".repeat(29));
        assert!(parse_values(&huge)
            .unwrap_err()
            .to_string()
            .contains("more than 1000 values"));
        // Found by the `printed_values` fuzz target: a step too small to change 8% (28
        // significant digits) ran out of memory; the range's one value is 8%.
        let tiny = "8%..08%/0.0000000000000000000000000001498509022%";
        assert_eq!(parse_values(tiny).unwrap(), ["8%"]);
    }

    #[test]
    fn kinds_of_values_and_ranges() {
        let dec = |t: &str| t.parse::<Decimal>().unwrap();
        assert_eq!(
            parse_value("24").unwrap(),
            (Kind::Number { whole: true }, dec("24"))
        );
        assert_eq!(
            parse_value("52.143").unwrap(),
            (Kind::Number { whole: false }, dec("52.143"))
        );
        assert_eq!(parse_value("£1.3m").unwrap(), (Kind::Money, dec("1300000")));
        assert_eq!(
            parse_range("0..10%").unwrap(),
            (Kind::Percent, dec("0"), dec("10"))
        );
        assert_eq!(
            parse_range("12..36").unwrap(),
            (Kind::Number { whole: true }, dec("12"), dec("36"))
        );
        assert_eq!(
            parse_range("1%..£5"),
            Err(ValueError::MixedKinds("1%..£5".into()))
        );
        assert_eq!(
            parse_value("circa 5").unwrap_err().to_string(),
            "expected an exact value, found `circa 5`"
        );
    }
}
