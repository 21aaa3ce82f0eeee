//! Reading amounts and percentages as people print them: `£1.3m`, `£10,065,200`, `3%`.
//!
//! A printed figure carries its precision: `£3.9m` is stated to the nearest £0.1m, so a
//! "circa £3.9m" check accepts anything that rounds to £3.9m at that precision. The
//! precision is the place value of the last digit printed; trailing zeros of a whole number
//! are not counted as significant (`700` is to the nearest 100, `£10,065,200` to the nearest
//! £100), and a figure can always state its precision explicitly instead.

use rust_decimal::Decimal;
use thiserror::Error;

/// A figure as printed, read exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Printed {
    pub value: Decimal,
    /// The place value of the last significant digit printed: £0.1m is 100,000.
    pub precision: Decimal,
    /// The text said `circa`, `approximately`, `about`, `around` or `c.`.
    pub approximate: bool,
    /// The text had a `£`.
    pub money: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AmountError {
    #[error("expected an amount such as `1300000`, `£1.3m` or `£10,065,200`, found `{0}`")]
    NotAnAmount(String),
    #[error("misplaced thousands separator in `{0}`: commas go between groups of three digits, as in `£4,100,000`")]
    Separators(String),
    #[error("expected a percentage such as `3%` or `2.5%`, found `{0}`")]
    NotAPercent(String),
}

const QUALIFIERS: [&str; 6] = [
    "circa ",
    "approximately ",
    "approx. ",
    "about ",
    "around ",
    "c. ",
];

/// Reads `1300000`, `£1.3m`, `£10,065,200`, `-£1,000,000`, `circa £3.9m`, `approximately 700`,
/// `£500k`. Billions are not read (`£3.9bn` is refused): no council contract line needs
/// them, and a `bn` is more often a typing slip than a figure.
///
/// # Example
/// `circa £3.9m` is £3,900,000 stated to the nearest £0.1m (its last digit is worth
/// £100,000), so a check at that precision accepts anything from £3,850,000 up to but not
/// including £3,950,000. `£10,065,200` is to the nearest £100: trailing zeros of a whole
/// number are not significant.
///
/// ```
/// # use outturn_model::amount::{parse_printed, AmountError};
/// # use rust_decimal_macros::dec;
/// let circa = parse_printed("circa £3.9m")?;
/// assert_eq!((circa.value, circa.precision, circa.approximate), (dec!(3900000), dec!(100000), true));
/// let exact = parse_printed("£10,065,200")?;
/// assert_eq!((exact.value, exact.precision, exact.money), (dec!(10065200), dec!(100), true));
/// assert_eq!(parse_printed("£4,100,00"), Err(AmountError::Separators("£4,100,00".into())));
/// # Ok::<(), AmountError>(())
/// ```
///
/// # Errors
/// Anything else: two currency symbols, unknown units (`3.9mm`), commas not between groups of
/// three (`£4,100,00`), text around the number.
pub fn parse_printed(text: &str) -> Result<Printed, AmountError> {
    let bad = || AmountError::NotAnAmount(text.to_string());
    let (s, approximate) = strip_qualifier(text.trim());
    let negative = s.starts_with('-');
    let s = if negative { &s[1..] } else { s };
    let money = s.starts_with('£');
    let s = if money { &s['£'.len_utf8()..] } else { s };
    let (digits, multiplier) = split_unit(s).ok_or_else(bad)?;
    let (whole, fraction) = whole_and_fraction(text, digits)?;
    let plain = format!(
        "{}.{}",
        whole.replace(',', ""),
        if fraction.is_empty() { "0" } else { fraction }
    );
    let number: Decimal = plain.parse().map_err(|_| bad())?;
    let value = number.checked_mul(multiplier).ok_or_else(bad)?;
    let value = if negative { -value } else { value };
    let precision = precision(whole, fraction, multiplier).ok_or_else(bad)?;
    Ok(Printed {
        value: value.normalize(),
        precision: precision.normalize(),
        approximate,
        money,
    })
}

/// The text after a leading `circa`, `approximately`, … and whether there was one.
fn strip_qualifier(s: &str) -> (&str, bool) {
    QUALIFIERS
        .iter()
        .find_map(|q| s.strip_prefix(q))
        .map_or((s, false), |rest| (rest.trim_start(), true))
}

/// The number and what its unit multiplies it by: `3.9m` is `3.9` × 1,000,000. `None` for a
/// unit other than `k` or `m`.
fn split_unit(s: &str) -> Option<(&str, Decimal)> {
    match s.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => {
            let unit = match &s[i..] {
                "k" => Decimal::from(1_000),
                "m" => Decimal::from(1_000_000),
                _ => return None,
            };
            Some((&s[..i], unit))
        }
        None => Some((s, Decimal::ONE)),
    }
}

/// The digits before and after the decimal point of `digits` (part of `text`), once they are
/// known to be digits, at most one point, and commas only between groups of three.
fn whole_and_fraction<'d>(text: &str, digits: &'d str) -> Result<(&'d str, &'d str), AmountError> {
    let bad = || AmountError::NotAnAmount(text.to_string());
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(bad());
    }
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || fraction.contains(['.', ',']) {
        return Err(bad());
    }
    if whole.contains(',') {
        let groups: Vec<&str> = whole.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(AmountError::Separators(text.to_string()));
        }
    }
    Ok((whole, fraction))
}

/// The place value of the last significant digit printed, times the unit's multiplier.
///
/// Checked: more than 28 decimal places, or a precision past Decimal's range, is `None`
/// rather than a panic (the fuzzer found both).
fn precision(whole: &str, fraction: &str, multiplier: Decimal) -> Option<Decimal> {
    if fraction.is_empty() {
        // Trailing zeros of a whole number are not significant: 700 is to the nearest 100.
        let digits_only = whole.replace(',', "");
        let significant = digits_only.trim_end_matches('0');
        let trailing = if significant.is_empty() {
            0
        } else {
            digits_only.len() - significant.len()
        };
        10i128
            .checked_pow(u32::try_from(trailing).ok()?)
            .and_then(|p| Decimal::try_from_i128_with_scale(p, 0).ok())
    } else {
        u32::try_from(fraction.len())
            .ok()
            .and_then(|scale| Decimal::try_new(1, scale).ok())
    }
    .and_then(|p| p.checked_mul(multiplier))
}

/// Reads a percentage (`3%`, `2.35%`, `-1.5%`) as a number of percent (3, 2.35, -1.5).
///
/// # Errors
/// No `%`, or anything but a number before it.
pub fn parse_percent(text: &str) -> Result<Decimal, AmountError> {
    let bad = || AmountError::NotAPercent(text.to_string());
    let number = text.trim().strip_suffix('%').ok_or_else(bad)?.trim_end();
    if number.is_empty()
        || !number
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Err(bad());
    }
    number.parse().map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn p(text: &str) -> (Decimal, Decimal, bool) {
        let x = parse_printed(text).unwrap();
        (x.value, x.precision, x.approximate)
    }

    #[test]
    fn reads_the_papers_figures() {
        assert_eq!(p("circa £3.9m"), (dec!(3900000), dec!(100000), true));
        assert_eq!(p("£10,065,200"), (dec!(10065200), dec!(100), false));
        assert_eq!(p("£2,946,471"), (dec!(2946471), dec!(1), false));
        assert_eq!(p("£589,294.20"), (dec!(589294.2), dec!(0.01), false));
        assert_eq!(p("approximately 700"), (dec!(700), dec!(100), true));
        assert_eq!(p("1300000"), (dec!(1300000), dec!(100000), false));
        assert_eq!(p("£414m"), (dec!(414000000), dec!(1000000), false));
        assert_eq!(p("-£1,000,000"), (dec!(-1000000), dec!(1000000), false));
        assert_eq!(p("£500k"), (dec!(500000), dec!(100000), false));
        assert_eq!(p("0"), (dec!(0), dec!(1), false));
    }

    #[test]
    fn refuses_what_does_not_parse() {
        for bad in [
            "", "£", "££3", "£3.9bnm", "3.9mm", "£3.9 m", "three", "£1.2.3", "1e6", "£-3",
        ] {
            assert!(parse_printed(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_printed("£4,100,00"),
            Err(AmountError::Separators("£4,100,00".into()))
        );
        assert!(parse_printed("£4100,000,").is_err());
        assert!(parse_printed("£1234,567").is_err());
    }

    /// Found by the `printed_values` fuzz target: each once panicked.
    #[test]
    fn extreme_figures_are_read_or_refused_never_a_panic() {
        // 30 decimal places: beyond what a Decimal holds.
        let long = format!("1.{}", "7".repeat(30));
        assert_eq!(
            parse_printed(&long),
            Err(AmountError::NotAnAmount(long.clone()))
        );
        // Twenty trailing zeros: a precision of 10^20, past a u64.
        let big = format!("1{}", "0".repeat(20));
        let x = parse_printed(&big).unwrap();
        assert_eq!(
            x.precision,
            Decimal::from_i128_with_scale(10i128.pow(20), 0)
        );
        // A value past Decimal's range once multiplied by its unit.
        let huge = format!("1{}m", "0".repeat(27));
        assert!(parse_printed(&huge).is_err());
    }

    #[test]
    fn reads_percentages() {
        assert_eq!(parse_percent("3%"), Ok(dec!(3)));
        assert_eq!(parse_percent("2.35%"), Ok(dec!(2.35)));
        assert_eq!(parse_percent("-1.5 %"), Ok(dec!(-1.5)));
        assert!(parse_percent("3").is_err());
        assert!(parse_percent("%").is_err());
        assert!(parse_percent("three%").is_err());
    }
}
