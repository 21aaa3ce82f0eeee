//! Reading amounts and percentages as people print them: `£1.3m`, `£10,065,200`, `3%`,
//! `GBP 72,000,000`, `£1.65 billion`, `(£3.013m)`.
//!
//! A printed figure carries its precision: `£3.9m` is stated to the nearest £0.1m, so a
//! check reads it as anything from £3.85m to £3.95m. The precision is the place value of the
//! last digit printed; trailing zeros of a whole number are not counted as significant (`700`
//! is to the nearest 100, `£10,065,200` to the nearest £100), and a figure can always state
//! its precision explicitly instead.
//!
//! What is refused is refused with its reason and, where one exists, the spelling to use:
//! `££1.3m` (two currency symbols: write `£1.3m`), `£3.9mm` (no unit `mm`: write `£3.9m`),
//! `$5m` (another currency), `£-3` (the sign after the `£`: write `-£3`), `1e6` (write
//! `1,000,000`).

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
    /// The text had a `£` (or `GBP`).
    pub money: bool,
    /// The text had a unit (`k`, `m`, `bn`, `thousand`, `million`, `billion`): `11.9m` is an
    /// amount even without its `£`.
    pub scaled: bool,
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
    #[error("`{text}` has two currency symbols; write `{suggestion}`")]
    TwoCurrencySymbols { text: String, suggestion: String },
    #[error("`{text}` has the unit `{unit}`, which Outturn does not read; the units are k, m and bn (or thousand, million and billion): write `{suggestion}`")]
    UnknownUnit {
        text: String,
        unit: String,
        suggestion: String,
    },
    #[error("`{text}` is in another currency ({currency}); Outturn reads pounds: write `£` or `GBP` if the figure is in pounds")]
    OtherCurrency { text: String, currency: String },
    #[error("`{text}` has its sign after the `£`; write `{suggestion}` (or `({unsigned})` as papers bracket negatives)")]
    SignAfterCurrency {
        text: String,
        suggestion: String,
        unsigned: String,
    },
    #[error(
        "`{text}` is in scientific notation; write the figure out, as in `1,000,000` or `£1m`"
    )]
    Exponent { text: String },
    #[error("`{text}` has a space inside the number; write `{suggestion}`")]
    SpaceInNumber { text: String, suggestion: String },
    #[error(
        "`{text}` is a percentage where an amount is expected; write an amount such as `£1.3m`"
    )]
    PercentNotAmount { text: String },
}

const QUALIFIERS: [&str; 10] = [
    "circa ",
    "approximately ",
    "approx. ",
    "approx ",
    "about ",
    "around ",
    "roughly ",
    "some ",
    "c. ",
    "ca. ",
];

/// What a unit word multiplies a number by, and its short spelling.
const UNITS: [(&str, u64, &str); 6] = [
    ("k", 1_000, "k"),
    ("thousand", 1_000, "k"),
    ("m", 1_000_000, "m"),
    ("million", 1_000_000, "m"),
    ("bn", 1_000_000_000, "bn"),
    ("billion", 1_000_000_000, "bn"),
];

/// The pieces of a printed amount, once its qualifier, sign and currency are taken off.
struct Pieces<'a> {
    negative: bool,
    money: bool,
    digits: &'a str,
    /// The unit as printed (`m`, ` million`), empty when there is none.
    unit: &'a str,
}

/// Reads `1300000`, `£1.3m`, `£10,065,200`, `-£1,000,000`, `(£3.013m)`, `circa £3.9m`,
/// `approximately 700`, `£500k`, `£1.65bn`, `£466 million`, `GBP 72,000,000` and
/// `72,000,000 GBP`.
///
/// # Example
/// `circa £3.9m` is £3,900,000 stated to the nearest £0.1m (its last digit is worth
/// £100,000), so a check at that precision accepts anything from £3,850,000 to £3,950,000.
/// `£10,065,200` is to the nearest £100: trailing zeros of a whole number are not significant.
/// `£1.65 billion` is £1,650,000,000 to the nearest £10m; a bracketed `(2,397)` is -2,397.
///
/// ```
/// # use outturn_model::amount::{parse_printed, AmountError};
/// # use rust_decimal_macros::dec;
/// let circa = parse_printed("circa £3.9m")?;
/// assert_eq!((circa.value, circa.precision, circa.approximate), (dec!(3900000), dec!(100000), true));
/// let exact = parse_printed("£10,065,200")?;
/// assert_eq!((exact.value, exact.precision, exact.money), (dec!(10065200), dec!(100), true));
/// let bn = parse_printed("£1.65 billion")?;
/// assert_eq!((bn.value, bn.precision), (dec!(1650000000), dec!(10000000)));
/// assert_eq!(parse_printed("(2,397)")?.value, dec!(-2397));
/// assert_eq!(parse_printed("GBP 72,000,000")?.value, parse_printed("£72,000,000")?.value);
/// assert_eq!(parse_printed("£4,100,00"), Err(AmountError::Separators("£4,100,00".into())));
/// assert_eq!(
///     parse_printed("££1.3m").unwrap_err().to_string(),
///     "`££1.3m` has two currency symbols; write `£1.3m`"
/// );
/// # Ok::<(), AmountError>(())
/// ```
///
/// # Errors
/// Anything else, each with its reason: two currency symbols, another currency, unknown units
/// (`3.9mm`), commas not between groups of three (`£4,100,00`), a sign after the `£`,
/// scientific notation, a space inside the number, a percentage, other text.
pub fn parse_printed(text: &str) -> Result<Printed, AmountError> {
    let bad = || AmountError::NotAnAmount(text.to_string());
    let (s, approximate) = strip_qualifier(text.trim());
    let pieces = pieces(text, s)?;
    let multiplier = unit_multiplier(text, &pieces)?;
    let (whole, fraction) = whole_and_fraction(text, pieces.digits)?;
    let plain = format!(
        "{}.{}",
        whole.replace(',', ""),
        if fraction.is_empty() { "0" } else { fraction }
    );
    let number: Decimal = plain.parse().map_err(|_| bad())?;
    let value = number.checked_mul(multiplier).ok_or_else(bad)?;
    let value = if pieces.negative { -value } else { value };
    let precision = precision(whole, fraction, multiplier).ok_or_else(bad)?;
    Ok(Printed {
        value: value.normalize(),
        precision: precision.normalize(),
        approximate,
        money: pieces.money,
        scaled: !pieces.unit.is_empty(),
    })
}

/// The text after a leading `circa`, `approximately`, … and whether there was one.
pub(crate) fn strip_qualifier(s: &str) -> (&str, bool) {
    QUALIFIERS
        .iter()
        .find_map(|q| strip_prefix_ignoring_case(s, q))
        .map_or((s, false), |rest| (rest.trim_start(), true))
}

/// `s` without `prefix`, compared without regard to case.
pub(crate) fn strip_prefix_ignoring_case<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Takes off the sign (a leading minus, or brackets round the figure) and the currency, and
/// splits the number from its unit.
fn pieces<'a>(text: &str, s: &'a str) -> Result<Pieces<'a>, AmountError> {
    let (s, minus) = match s.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (rest.trim_start(), true),
        None => (s, false),
    };
    let (s, bracketed) = match s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) => (inner.trim(), true),
        None => (s, false),
    };
    if minus && bracketed {
        return Err(AmountError::NotAnAmount(text.to_string()));
    }
    let (s, money) = currency(text, s)?;
    if let Some(rest) = s.strip_prefix(['-', '\u{2212}']) {
        return Err(AmountError::SignAfterCurrency {
            text: text.to_string(),
            suggestion: format!("-£{rest}"),
            unsigned: format!("£{rest}"),
        });
    }
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(s.len());
    let (digits, unit) = s.split_at(end);
    Ok(Pieces {
        negative: minus || bracketed,
        money,
        digits,
        unit,
    })
}

/// Takes off a `£` (or `GBP` before or after the number), and refuses two of them or another
/// currency by name.
fn currency<'a>(text: &str, s: &'a str) -> Result<(&'a str, bool), AmountError> {
    for other in ['$', '€', '¥'] {
        if s.starts_with(other) || s.ends_with(other) {
            return Err(AmountError::OtherCurrency {
                text: text.to_string(),
                currency: other.to_string(),
            });
        }
    }
    for code in ["USD", "EUR"] {
        if s.starts_with(code) || s.ends_with(code) {
            return Err(AmountError::OtherCurrency {
                text: text.to_string(),
                currency: code.to_string(),
            });
        }
    }
    if let Some(rest) = s.strip_prefix('£') {
        if let Some(again) = rest.strip_prefix('£') {
            return Err(AmountError::TwoCurrencySymbols {
                text: text.to_string(),
                suggestion: text.replacen(&format!("££{again}"), &format!("£{again}"), 1),
            });
        }
        return Ok((rest, true));
    }
    if let Some(rest) = s.strip_prefix("GBP") {
        return Ok((rest.trim_start(), true));
    }
    if let Some(rest) = s.strip_suffix("GBP") {
        return Ok((rest.trim_end(), true));
    }
    Ok((s, false))
}

/// What the unit multiplies the number by: `3.9m` is `3.9` × 1,000,000. A unit may follow
/// a space (`£466 million`) and is read without regard to case (`£3.9M`).
fn unit_multiplier(text: &str, pieces: &Pieces<'_>) -> Result<Decimal, AmountError> {
    let unit = pieces.unit.trim_start();
    if unit.is_empty() {
        return Ok(Decimal::ONE);
    }
    if let Some((_, m, _)) = UNITS.iter().find(|(u, _, _)| unit.eq_ignore_ascii_case(u)) {
        return Ok(Decimal::from(*m));
    }
    Err(refusal(text, pieces, unit))
}

/// Why text after the number is refused, and what to write instead.
fn refusal(text: &str, pieces: &Pieces<'_>, unit: &str) -> AmountError {
    let first = unit.chars().next().unwrap_or(' ');
    if first == '%' {
        return AmountError::PercentNotAmount {
            text: text.to_string(),
        };
    }
    if first.is_ascii_digit() && pieces.unit.starts_with(' ') {
        let joined: String = text.split_whitespace().collect::<Vec<_>>().join(",");
        return AmountError::SpaceInNumber {
            text: text.to_string(),
            suggestion: joined,
        };
    }
    if (first == 'e' || first == 'E')
        && unit[1..]
            .trim_start_matches(['+', '-'])
            .parse::<u32>()
            .is_ok()
    {
        return AmountError::Exponent {
            text: text.to_string(),
        };
    }
    if !first.is_alphabetic() || pieces.digits.is_empty() {
        return AmountError::NotAnAmount(text.to_string());
    }
    // The unit meant is most likely the one the printed unit starts with: `mm` is `m`.
    let lower = unit.to_ascii_lowercase();
    let meant = if lower.starts_with('b') {
        "bn"
    } else if lower.starts_with('m') {
        "m"
    } else if lower.starts_with('k') || lower.starts_with('t') {
        "k"
    } else {
        "m"
    };
    let sign = if pieces.negative { "-" } else { "" };
    let pound = if pieces.money { "£" } else { "" };
    AmountError::UnknownUnit {
        text: text.to_string(),
        unit: unit.to_string(),
        suggestion: format!("{sign}{pound}{}{meant}", pieces.digits),
    }
}

/// The digits before and after the decimal point of `digits` (part of `text`), once they are
/// known to be digits, at most one point, and commas only between groups of three.
fn whole_and_fraction<'d>(text: &str, digits: &'d str) -> Result<(&'d str, &'d str), AmountError> {
    let bad = || AmountError::NotAnAmount(text.to_string());
    if digits.is_empty() {
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
            "", "£", "££3", "£3.9bnm", "3.9mm", "three", "£1.2.3", "1e6", "£-3", "$5m", "(£3",
            "-(3)", "3%",
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
    fn reads_the_notations_papers_use() {
        assert_eq!(p("£1.65bn"), (dec!(1650000000), dec!(10000000), false));
        assert_eq!(
            p("£1.65 billion"),
            (dec!(1650000000), dec!(10000000), false)
        );
        assert_eq!(p("£3.9 million"), (dec!(3900000), dec!(100000), false));
        assert_eq!(p("£3.9M"), (dec!(3900000), dec!(100000), false));
        assert_eq!(p("£3.9 m"), (dec!(3900000), dec!(100000), false));
        assert_eq!(p("GBP 72,000,000"), (dec!(72000000), dec!(1000000), false));
        assert_eq!(p("72,000,000 GBP"), (dec!(72000000), dec!(1000000), false));
        assert_eq!(p("(4,991)"), (dec!(-4991), dec!(1), false));
        assert_eq!(p("(£3.013m)"), (dec!(-3013000), dec!(1000), false));
        assert_eq!(p("\u{2212}£5"), (dec!(-5), dec!(1), false));
        let bare = parse_printed("11.9m").unwrap();
        assert!(bare.scaled && !bare.money);
    }

    #[test]
    fn each_refusal_names_its_reason_and_a_spelling() {
        let message = |t: &str| parse_printed(t).unwrap_err().to_string();
        assert_eq!(
            message("££1.3m"),
            "`££1.3m` has two currency symbols; write `£1.3m`"
        );
        assert_eq!(
            message("£3.9mm"),
            "`£3.9mm` has the unit `mm`, which Outturn does not read; the units are k, m and bn (or thousand, million and billion): write `£3.9m`"
        );
        assert_eq!(
            message("£3.9bnx"),
            "`£3.9bnx` has the unit `bnx`, which Outturn does not read; the units are k, m and bn (or thousand, million and billion): write `£3.9bn`"
        );
        assert_eq!(
            message("$5m"),
            "`$5m` is in another currency ($); Outturn reads pounds: write `£` or `GBP` if the figure is in pounds"
        );
        assert_eq!(
            message("£-3"),
            "`£-3` has its sign after the `£`; write `-£3` (or `(£3)` as papers bracket negatives)"
        );
        assert_eq!(
            message("1e6"),
            "`1e6` is in scientific notation; write the figure out, as in `1,000,000` or `£1m`"
        );
        assert_eq!(
            message("£1 000 000"),
            "`£1 000 000` has a space inside the number; write `£1,000,000`"
        );
        assert_eq!(
            message("3%"),
            "`3%` is a percentage where an amount is expected; write an amount such as `£1.3m`"
        );
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
