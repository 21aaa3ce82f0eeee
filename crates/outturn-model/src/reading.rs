//! How a check reads a figure a paper printed: what kind of figure it is (money, a
//! percentage, a count, a duration), how precisely it was printed, and whether it is a limit
//! ("up to £2m") rather than a value.
//!
//! The rules, each the reading a committee would accept:
//! - **Printed precision.** An amount or percentage stands for anything that rounds to it:
//!   `£4.9m` is £4.85m to £4.95m, `£15,898k` is ±£500, `£2,946,471` ±£0.50, `£1,234.56`
//!   ±£0.005, `6.25%` ±0.005 points. Trailing zeros of a whole amount are not significant
//!   (`£20m` is to the nearest £10m); a percentage's are (`20%` is to the nearest point).
//!   Circa words (`circa`, `approximately`, `about`, `around`) keep the printed precision.
//! - **Counts and durations are exact** (`40` projects, `8` years as a multiplier, `18
//!   months`) unless a circa word says otherwise (`approximately 700` is to the nearest 100).
//! - **A table's unit**: with `unit = "£'000"` a bare `18,283` is £18,283,000 to the nearest
//!   £1,000 (every digit a table prints is significant); a `-` is nil.
//! - **One-sided figures**: `up to`, `maximum`, `not exceeding`, `capped at`, `at most`,
//!   `no more than`, `less than`, `under` bound the figure from above; `at least`, `minimum`,
//!   `over`, `more than`, `in excess of`, `above`, `exceeding`, `no less than` from below.
//! - **Slips of print read through**: a footnote mark (`16.84*`) and a doubled pound sign
//!   (`££0.782m`) are read as the figure they mark, and the reading says so.

use rust_decimal::Decimal;

use crate::amount::{parse_printed, strip_prefix_ignoring_case, strip_qualifier, AmountError};
use crate::interval::Interval;

/// What a printed figure measures, in the unit each is held in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Pounds.
    Money,
    /// Percentage points: `3.5%` is 3.5.
    Percent,
    /// A plain number: properties, projects, a multiplier.
    Count,
    /// A duration, in months: `three years` is 36.
    Months,
}

/// Whether a figure is a value or a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The figure itself (at its precision).
    Value,
    /// "up to": what it is checked against may be anything at or below it.
    AtMost,
    /// "over": anything at or above it.
    AtLeast,
}

/// A slip of print read through, so the reading can say what it assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slip {
    /// `££0.782m` read as `£0.782m`.
    DoubledPound,
    /// `16.84*`: the mark is a footnote's, not part of the figure.
    Footnote,
}

/// The unit a table states once for its bare numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableUnit {
    Pounds,
    Thousands,
    Millions,
    Billions,
}

impl TableUnit {
    /// Reads `£`, `£'000` (also `£000`, `£k`), `£m` or `£bn`.
    pub fn parse(text: &str) -> Option<TableUnit> {
        match text.trim() {
            "£" => Some(TableUnit::Pounds),
            "£'000" | "£’000" | "£000" | "£'000s" | "£000s" | "£k" => {
                Some(TableUnit::Thousands)
            }
            "£m" => Some(TableUnit::Millions),
            "£bn" => Some(TableUnit::Billions),
            _ => None,
        }
    }

    fn multiplier(self) -> Decimal {
        Decimal::from(match self {
            TableUnit::Pounds => 1u64,
            TableUnit::Thousands => 1_000,
            TableUnit::Millions => 1_000_000,
            TableUnit::Billions => 1_000_000_000,
        })
    }
}

/// A printed figure as a check reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// As printed.
    pub text: String,
    /// In the kind's unit: pounds, percentage points, a count, months.
    pub value: Decimal,
    pub kind: Kind,
    /// The place value of the last digit printed; `None` when the figure is exact.
    pub precision: Option<Decimal>,
    pub side: Side,
    /// A circa word was printed.
    pub approximate: bool,
    pub slips: Vec<Slip>,
    /// The addends of a duration printed as a sum (`3 + 2 + 2 years`), in months.
    pub addends: Vec<Decimal>,
}

impl Reading {
    /// Every value the figure can stand for, as a value (its side is applied by the check).
    pub fn interval(&self) -> Interval {
        match self.precision {
            Some(p) => Interval::around(self.value, p / Decimal::TWO),
            None => Interval::point(self.value),
        }
    }

    pub fn is_money(&self) -> bool {
        self.kind == Kind::Money
    }
}

const AT_MOST: [&str; 12] = [
    "up to a maximum of ",
    "up to ",
    "a maximum of ",
    "maximum of ",
    "maximum ",
    "not exceeding ",
    "capped at ",
    "at most ",
    "no more than ",
    "not more than ",
    "less than ",
    "under ",
];

const AT_LEAST: [&str; 11] = [
    "at least ",
    "a minimum of ",
    "minimum of ",
    "minimum ",
    "in excess of ",
    "more than ",
    "no less than ",
    "not less than ",
    "exceeding ",
    "over ",
    "above ",
];

const FOOTNOTE_MARKS: [char; 4] = ['*', '†', '‡', '§'];

/// Reads a printed figure; bare numbers are in `unit` when a table states one.
///
/// # Example
/// `over 86%` is at least 85.5% (86% is printed to the point); in a `£'000` table `(2,397)`
/// is -£2,397,000 to the nearest £1,000; `up to three further years` is at most 36 months.
///
/// ```
/// # use outturn_model::reading::{read, Kind, Side, TableUnit};
/// # use rust_decimal_macros::dec;
/// let over = read("over 86%", None)?;
/// assert_eq!((over.value, over.kind, over.precision, over.side), (dec!(86), Kind::Percent, Some(dec!(1)), Side::AtLeast));
/// let cell = read("(2,397)", Some(TableUnit::Thousands))?;
/// assert_eq!((cell.value, cell.kind, cell.precision), (dec!(-2397000), Kind::Money, Some(dec!(1000))));
/// let term = read("up to three further years", None)?;
/// assert_eq!((term.value, term.kind, term.precision, term.side), (dec!(36), Kind::Months, None, Side::AtMost));
/// # Ok::<(), outturn_model::amount::AmountError>(())
/// ```
///
/// # Errors
/// What [`parse_printed`] refuses, each with its reason.
pub fn read(text: &str, unit: Option<TableUnit>) -> Result<Reading, AmountError> {
    let mut slips = Vec::new();
    let mut s = text.trim();
    if let Some(stripped) = s.strip_suffix(FOOTNOTE_MARKS) {
        s = stripped.trim_end_matches(FOOTNOTE_MARKS).trim_end();
        slips.push(Slip::Footnote);
    }
    let (s, side, approximate) = qualifiers(s);
    let mut reading = if let Some(zero) = nil(s, unit) {
        zero
    } else if let Some(months) = crate::duration::parse(s) {
        Reading {
            text: String::new(),
            value: months.iter().sum(),
            kind: Kind::Months,
            precision: None,
            side,
            approximate,
            slips: Vec::new(),
            addends: if months.len() > 1 { months } else { Vec::new() },
        }
    } else if let Some(number) = percent_number(s) {
        percent(text, number)?
    } else {
        amount(text, s, unit, &mut slips)?
    };
    reading.text = text.trim().to_string();
    reading.side = side;
    reading.approximate = approximate;
    reading.slips.extend(slips);
    // A circa word on a count or duration gives it the printed precision.
    if approximate && reading.precision.is_none() && reading.kind != Kind::Months {
        reading.precision = parse_printed(s).ok().map(|p| p.precision);
    }
    Ok(reading)
}

/// Takes off one-sided words and circa words, in either order.
fn qualifiers(mut s: &str) -> (&str, Side, bool) {
    let (mut side, mut approximate) = (Side::Value, false);
    loop {
        let (rest, circa) = strip_qualifier(s);
        if circa {
            approximate = true;
            s = rest;
            continue;
        }
        if let Some(rest) = AT_MOST
            .iter()
            .find_map(|q| strip_prefix_ignoring_case(s, q))
        {
            (s, side) = (rest.trim_start(), Side::AtMost);
            continue;
        }
        if let Some(rest) = AT_LEAST
            .iter()
            .find_map(|q| strip_prefix_ignoring_case(s, q))
        {
            (s, side) = (rest.trim_start(), Side::AtLeast);
            continue;
        }
        return (s, side, approximate);
    }
}

/// A `-` (or `–`, `—`, `nil`) in a table: nothing, exactly.
fn nil(s: &str, unit: Option<TableUnit>) -> Option<Reading> {
    matches!(s, "-" | "–" | "—" | "nil" | "Nil").then(|| Reading {
        text: String::new(),
        value: Decimal::ZERO,
        kind: if unit.is_some() {
            Kind::Money
        } else {
            Kind::Count
        },
        precision: None,
        side: Side::Value,
        approximate: false,
        slips: Vec::new(),
        addends: Vec::new(),
    })
}

/// The number of a percentage (`3.3%`, `(3.3%)`, `16.8 per cent`), if the text is one.
fn percent_number(s: &str) -> Option<&str> {
    let number = s
        .strip_suffix('%')
        .or_else(|| s.strip_suffix("per cent"))
        .or_else(|| s.strip_suffix("percent"))
        .or_else(|| s.strip_suffix("%)").map(|n| n.trim_end()))?;
    Some(number.trim_end())
}

/// A percentage at its printed precision: every digit of a percentage is significant.
fn percent(text: &str, number: &str) -> Result<Reading, AmountError> {
    let bad = || AmountError::NotAPercent(text.to_string());
    // `(3.3%)` is bracketed round the sign as well: `(3.3` once the `%)` is off.
    let number = match number.strip_prefix('(') {
        Some(inner) if !number.ends_with(')') => format!("({inner})"),
        _ => number.to_string(),
    };
    let printed = parse_printed(&number).map_err(|_| bad())?;
    if printed.money || printed.scaled {
        return Err(bad());
    }
    let decimals = number
        .split_once('.')
        .map_or(0, |(_, f)| f.trim_end_matches(')').len());
    let precision = u32::try_from(decimals)
        .ok()
        .and_then(|d| Decimal::try_new(1, d).ok())
        .ok_or_else(bad)?;
    Ok(Reading {
        text: String::new(),
        value: printed.value,
        kind: Kind::Percent,
        precision: Some(precision),
        side: Side::Value,
        approximate: false,
        slips: Vec::new(),
        addends: Vec::new(),
    })
}

/// An amount (or a count): in the table's unit when it is a bare number in a table.
fn amount(
    text: &str,
    s: &str,
    unit: Option<TableUnit>,
    slips: &mut Vec<Slip>,
) -> Result<Reading, AmountError> {
    let printed = match parse_printed(s) {
        Err(AmountError::TwoCurrencySymbols { .. }) => {
            slips.push(Slip::DoubledPound);
            parse_printed(&s.replacen("££", "£", 1))
        }
        other => other,
    }
    .map_err(|e| match e {
        AmountError::NotAnAmount(_) => AmountError::NotAnAmount(text.to_string()),
        other => other,
    })?;
    let (value, kind, precision) = match unit {
        Some(u) if !printed.scaled => {
            // Every digit a table prints is significant: its unit states the precision.
            let decimals = s.split_once('.').map_or(0, |(_, f)| {
                f.chars().take_while(char::is_ascii_digit).count()
            });
            let place = u32::try_from(decimals)
                .ok()
                .and_then(|d| Decimal::try_new(1, d).ok())
                .ok_or_else(|| AmountError::NotAnAmount(text.to_string()))?;
            let m = u.multiplier();
            let value = printed
                .value
                .checked_mul(m)
                .ok_or_else(|| AmountError::NotAnAmount(text.to_string()))?;
            (value, Kind::Money, Some(place * m))
        }
        _ if printed.money || printed.scaled => {
            (printed.value, Kind::Money, Some(printed.precision))
        }
        _ => (printed.value, Kind::Count, None),
    };
    Ok(Reading {
        text: String::new(),
        value,
        kind,
        precision,
        side: Side::Value,
        approximate: false,
        slips: Vec::new(),
        addends: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn r(text: &str) -> (Decimal, Kind, Option<Decimal>, Side) {
        let x = read(text, None).unwrap();
        (x.value, x.kind, x.precision, x.side)
    }

    #[test]
    fn amounts_at_their_printed_precision() {
        use Kind::Money;
        assert_eq!(
            r("£4.9m"),
            (dec!(4900000), Money, Some(dec!(100000)), Side::Value)
        );
        assert_eq!(
            r("£15,898k"),
            (dec!(15898000), Money, Some(dec!(1000)), Side::Value)
        );
        assert_eq!(
            r("£2,946,471"),
            (dec!(2946471), Money, Some(dec!(1)), Side::Value)
        );
        assert_eq!(
            r("£1,234.56"),
            (dec!(1234.56), Money, Some(dec!(0.01)), Side::Value)
        );
        assert_eq!(
            r("11.9m"),
            (dec!(11900000), Money, Some(dec!(100000)), Side::Value)
        );
        assert_eq!(
            r("approximately £3.3m"),
            (dec!(3300000), Money, Some(dec!(100000)), Side::Value)
        );
    }

    #[test]
    fn percentages_keep_every_digit() {
        use Kind::Percent;
        assert_eq!(
            r("6.25%"),
            (dec!(6.25), Percent, Some(dec!(0.01)), Side::Value)
        );
        assert_eq!(
            r("16.8 per cent"),
            (dec!(16.8), Percent, Some(dec!(0.1)), Side::Value)
        );
        assert_eq!(r("20%"), (dec!(20), Percent, Some(dec!(1)), Side::Value));
        assert_eq!(r("1.0%"), (dec!(1), Percent, Some(dec!(0.1)), Side::Value));
        assert_eq!(
            r("(3.3%)"),
            (dec!(-3.3), Percent, Some(dec!(0.1)), Side::Value)
        );
        assert_eq!(
            r("(3.3)%"),
            (dec!(-3.3), Percent, Some(dec!(0.1)), Side::Value)
        );
    }

    #[test]
    fn counts_are_exact_unless_approximate() {
        assert_eq!(r("40"), (dec!(40), Kind::Count, None, Side::Value));
        assert_eq!(r("1.5"), (dec!(1.5), Kind::Count, None, Side::Value));
        assert_eq!(
            r("approximately 700"),
            (dec!(700), Kind::Count, Some(dec!(100)), Side::Value)
        );
    }

    #[test]
    fn one_sided_words() {
        assert_eq!(r("up to £2m").3, Side::AtMost);
        assert_eq!(r("not exceeding £2m").3, Side::AtMost);
        assert_eq!(r("capped at £2m").3, Side::AtMost);
        assert_eq!(r("maximum £2m").3, Side::AtMost);
        assert_eq!(r("at least £2m").3, Side::AtLeast);
        assert_eq!(r("minimum £2m").3, Side::AtLeast);
        assert_eq!(r("over £1,042,000").3, Side::AtLeast);
        assert_eq!(r("in excess of £2m").3, Side::AtLeast);
        let x = read("up to approximately £3m", None).unwrap();
        assert!(x.approximate && x.side == Side::AtMost);
    }

    #[test]
    fn table_units_and_nil() {
        let t = |s: &str, u: TableUnit| {
            let x = read(s, Some(u)).unwrap();
            (x.value, x.precision)
        };
        assert_eq!(
            t("18,283", TableUnit::Thousands),
            (dec!(18283000), Some(dec!(1000)))
        );
        assert_eq!(
            t("13,000", TableUnit::Thousands),
            (dec!(13000000), Some(dec!(1000)))
        );
        assert_eq!(
            t("-4,318", TableUnit::Thousands),
            (dec!(-4318000), Some(dec!(1000)))
        );
        assert_eq!(
            t("20.062", TableUnit::Millions),
            (dec!(20062000), Some(dec!(1000)))
        );
        assert_eq!(t("-", TableUnit::Millions), (dec!(0), None));
        // A figure with its own unit is read as printed.
        assert_eq!(
            t("£3.9m", TableUnit::Thousands),
            (dec!(3900000), Some(dec!(100000)))
        );
        assert_eq!(TableUnit::parse("£'000"), Some(TableUnit::Thousands));
        assert_eq!(TableUnit::parse("£m"), Some(TableUnit::Millions));
        assert_eq!(TableUnit::parse("thousands"), None);
    }

    #[test]
    fn slips_of_print_are_read_through_and_named() {
        let x = read("££0.782m", None).unwrap();
        assert_eq!(
            (x.value, x.slips.as_slice()),
            (dec!(782000), &[Slip::DoubledPound][..])
        );
        let x = read("16.84%*", None).unwrap();
        assert_eq!(
            (x.value, x.slips.as_slice()),
            (dec!(16.84), &[Slip::Footnote][..])
        );
        let x = read("16.84*", None).unwrap();
        assert_eq!((x.value, x.kind), (dec!(16.84), Kind::Count));
    }

    #[test]
    fn durations_in_words_and_digits() {
        assert_eq!(r("18 months"), (dec!(18), Kind::Months, None, Side::Value));
        assert_eq!(
            r("three years"),
            (dec!(36), Kind::Months, None, Side::Value)
        );
        assert_eq!(
            r("eight year term"),
            (dec!(96), Kind::Months, None, Side::Value)
        );
        assert_eq!(
            r("an 18-month term"),
            (dec!(18), Kind::Months, None, Side::Value)
        );
        let x = read("3 + 2 + 2 years", None).unwrap();
        assert_eq!(
            (x.value, x.addends),
            (dec!(84), vec![dec!(36), dec!(24), dec!(24)])
        );
    }

    #[test]
    fn refusals_keep_their_reasons() {
        assert!(matches!(
            read("£3.9mm", None),
            Err(AmountError::UnknownUnit { .. })
        ));
        assert!(matches!(
            read("£3.9m%", None),
            Err(AmountError::NotAPercent(_))
        ));
        assert!(matches!(
            read("roughly", None),
            Err(AmountError::NotAnAmount(_))
        ));
    }
}
