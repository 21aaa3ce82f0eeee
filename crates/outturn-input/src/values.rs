//! Values typed on the command line for sweeps and searches: `3%`, `£1.3m`, `24`, ranges
//! `0%..10%/1%` and lists `12,24,36`.

use outturn_model::amount::{parse_percent, parse_printed};
use rust_decimal::Decimal;

/// What a value is, which decides how it is written back into a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Percent,
    Money,
    Number,
}

/// The most values one sweep may run, so a mistyped step does not run for hours.
const MAX_VALUES: usize = 1000;

/// Reads `3%`, `£1.3m` or `24`.
pub fn parse_value(text: &str) -> Result<(Kind, Decimal), String> {
    let text = text.trim();
    if text.ends_with('%') {
        return parse_percent(text)
            .map(|p| (Kind::Percent, p))
            .map_err(|e| e.to_string());
    }
    let printed = parse_printed(text).map_err(|e| e.to_string())?;
    if printed.approximate {
        return Err(format!("expected an exact value, found `{text}`"));
    }
    Ok((
        if printed.money {
            Kind::Money
        } else {
            Kind::Number
        },
        printed.value,
    ))
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
        Kind::Number => v.to_string(),
    }
}

/// Reads `LOW..HIGH` into its kind and ends.
pub fn parse_range(spec: &str) -> Result<(Kind, Decimal, Decimal), String> {
    let (lo, hi) = spec
        .split_once("..")
        .ok_or_else(|| format!("expected a range LOW..HIGH such as 0%..10%, found `{spec}`"))?;
    let (kind, lo) = parse_value(lo)?;
    let (hi_kind, hi) = parse_value(hi)?;
    if kind != hi_kind && !(kind == Kind::Number && lo.is_zero()) {
        return Err(format!(
            "both ends of `{spec}` must be the same kind of value"
        ));
    }
    if lo > hi {
        return Err(format!(
            "the range `{spec}` runs backwards; put the lower value first"
        ));
    }
    Ok((hi_kind, lo, hi))
}

/// The values of `FROM..TO/STEP` or `A,B,C`, as texts to set.
pub fn parse_values(spec: &str) -> Result<Vec<String>, String> {
    let values = match spec.split_once('/') {
        Some((range, step)) => {
            let (kind, lo, hi) = parse_range(range)?;
            let (_, step) = parse_value(step)?;
            if step <= Decimal::ZERO {
                return Err(format!("the step of `{spec}` must be more than zero"));
            }
            // Checked: a range near Decimal's limits with a tiny step would overflow (the
            // fuzzer found `0%..5000…0%/0.25`); too many values either way.
            let too_many =
                || format!("`{spec}` gives more than {MAX_VALUES} values; use a larger step");
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
        None if spec.contains("..") => {
            return Err(format!(
                "a range needs a step: `{spec}/STEP`, such as 0%..10%/1%"
            ));
        }
        // A list may hold anything a field takes (`true,false`, dates); numbers are tidied.
        None => spec
            .split(',')
            .map(|v| parse_value(v).map_or_else(|_| v.trim().to_string(), |(k, d)| text(k, d)))
            .collect(),
    };
    if values.len() > MAX_VALUES {
        return Err(format!("`{spec}` gives more than {MAX_VALUES} values"));
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
            .contains("more than 1000 values"));
        // Found by the `printed_values` fuzz target: a step too small to change 8% (28
        // significant digits) ran out of memory; the range's one value is 8%.
        let tiny = "8%..08%/0.0000000000000000000000000001498509022%";
        assert_eq!(parse_values(tiny).unwrap(), ["8%"]);
    }
}
