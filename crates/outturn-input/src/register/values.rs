//! A register's values read from their text: dates, whole numbers, amounts and percentages,
//! each read exactly or refused with a message that says what the text is and what to do.
//!
//! Only plain decimals are numbers: an optional sign, digits and one decimal point. What a
//! spreadsheet shows instead of a number is named: `1.23457E+11` (scientific notation, which
//! is Excel's display of a large number, rounded to six figures), `1_000` (underscores),
//! `£1,234.00` (a pound sign and thousands commas, read with [`Amounts::Gbp`]).
//! Dates are `YEAR-MONTH-DAY`, or also day/month/year with [`DateOrder::DayMonthYear`].

use chrono::NaiveDate;
use outturn_model::calendar::{parse_date, DateError, FIRST_YEAR, LAST_YEAR};
use outturn_model::Money;
use rust_decimal::Decimal;

use super::MAX_PENNIES;

/// How a register writes its amounts and dates, beyond the plain forms always read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spelling {
    pub amounts: Amounts,
    pub dates: DateOrder,
}

/// How amounts are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Amounts {
    /// Digits with at most one decimal point: `1234.00`.
    #[default]
    Plain,
    /// Also with a pound sign and thousands commas: `£1,234.00`, `1,234.00`, `£1234`.
    Gbp,
}

/// How dates are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateOrder {
    /// `YEAR-MONTH-DAY` only.
    #[default]
    Iso,
    /// Also day/month/year, as UK exports write them: `01/04/2024`, `1/4/2024`, `01-04-2024`.
    DayMonthYear,
}

/// Whether `t` is a plain decimal: an optional sign, digits and at most one decimal point,
/// with at least one digit.
fn is_plain_decimal(t: &str) -> bool {
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    body.bytes().any(|c| c.is_ascii_digit())
        && body.bytes().all(|c| c.is_ascii_digit() || c == b'.')
        && body.bytes().filter(|&c| c == b'.').count() <= 1
}

/// A plain decimal's value; `None` for any other text.
fn decimal(t: &str) -> Option<Decimal> {
    is_plain_decimal(t).then(|| t.parse().ok()).flatten()
}

/// How each kind of number is written, for the advice: the spreadsheet format that shows it
/// in full, and an example.
struct Kind {
    format: &'static str,
    example: &'static str,
}

const AMOUNT: Kind = Kind {
    format: "a number with 2 decimal places",
    example: "1834421.07",
};
const PERCENT: Kind = Kind {
    format: "a number with as many decimal places as the uplift has",
    example: "2.35",
};
const WHOLE: Kind = Kind {
    format: "a whole number",
    example: "3",
};

/// What `t` is, when it is a number written a way a register does not read: scientific
/// notation or underscores between digits.
fn unusual_number(t: &str, kind: &Kind) -> Option<String> {
    let Kind { format, example } = kind;
    if let Some((mantissa, exponent)) = t.split_once(['e', 'E']) {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if is_plain_decimal(mantissa)
            && !exponent.is_empty()
            && exponent.bytes().all(|c| c.is_ascii_digit())
        {
            return Some(format!(
                "`{t}` is in scientific notation, as Excel shows a large number (rounded to a few figures); format the column as {format} and export again, so the value reads in full, such as {example}"
            ));
        }
    }
    if t.contains('_') && is_plain_decimal(&t.replace('_', "")) {
        return Some(format!(
            "`{t}` has underscores between its digits; write it with digits only, such as {example}"
        ));
    }
    None
}

/// An amount in pounds: zero or more, to the penny, at most the largest a register may state.
pub fn amount(text: &str, amounts: Amounts) -> Result<Money, String> {
    let t = text.trim();
    let plain = match amounts {
        Amounts::Plain => None,
        Amounts::Gbp => Some(gbp_digits(t)?),
    };
    let refused = || {
        unusual_number(t, &AMOUNT).unwrap_or_else(|| match amounts {
            Amounts::Plain if t.contains(['£', ',']) && t.bytes().any(|c| c.is_ascii_digit()) => format!(
                "`{t}` is written with a £ sign or thousands commas; add --amounts gbp to read amounts written so"
            ),
            _ => format!(
                "expected an amount of zero or more to the penny, such as 1834421.07, found `{text}`"
            ),
        })
    };
    decimal(plain.as_deref().unwrap_or(t))
        .and_then(Money::exact)
        .filter(|m| !m.is_negative() && m.pennies() <= MAX_PENNIES)
        .ok_or_else(refused)
}

/// `£1,234.00` as `1234.00`: without the pound sign (which may be followed by spaces), and
/// with the thousands commas taken out once they are checked to be in their places (every
/// three digits from the decimal point); text without either is returned as it is.
///
/// # Errors
/// Commas out of place.
fn gbp_digits(t: &str) -> Result<String, String> {
    let (sign, rest) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t),
    };
    let rest = rest.strip_prefix('£').map_or(rest, str::trim_start);
    if !rest.contains(',') {
        return Ok(format!("{sign}{rest}"));
    }
    let whole = rest.split('.').next().unwrap_or_default();
    let groups: Vec<&str> = whole.split(',').collect();
    let digits = |g: &str| g.bytes().all(|c| c.is_ascii_digit());
    let in_place = groups.iter().all(|g| digits(g))
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    if !in_place {
        return Err(format!(
            "`{t}` has thousands commas out of place (they come every three digits from the decimal point, as in 1,234,567.89)"
        ));
    }
    Ok(format!("{sign}{}", rest.replace(',', "")))
}

/// A yearly uplift in percent, `2.35` or `2.35%`: above -100 and at most 1000.
pub fn percent(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let number = t.strip_suffix('%').map_or(t, str::trim_end);
    decimal(number)
        .filter(|u| *u > Decimal::from(-100) && *u <= Decimal::from(1000))
        .ok_or_else(|| {
            unusual_number(number, &PERCENT).unwrap_or_else(|| {
                format!(
                    "expected a percentage above -100 and at most 1000, such as 2.35, found `{text}`"
                )
            })
        })
}

/// A whole number from 0 to `most`, of `unit` (`years`, `months`).
pub fn whole(text: &str, most: u32, unit: &str) -> Result<u32, String> {
    let t = text.trim();
    t.parse().ok().filter(|n| *n <= most).ok_or_else(|| {
        unusual_number(t, &WHOLE).unwrap_or_else(|| {
            format!("expected a whole number of {unit} from 0 to {most}, found `{text}`")
        })
    })
}

/// A date, `YEAR-MONTH-DAY` or, with [`DateOrder::DayMonthYear`], day/month/year; between
/// 1900 and 2200. `expected` names what the column holds, for the message.
pub fn date(text: &str, order: DateOrder, expected: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let day_first = day_month_year(t);
    match (order, day_first) {
        (DateOrder::DayMonthYear, Some(parts)) => {
            dmy_date(parts).ok_or_else(|| not_a_date(text, order, expected))
        }
        (DateOrder::Iso, Some((day, month, year))) => Err(day_first_refused(t, day, month, year)),
        (_, None) => parse_date(t).map_err(|e| match e {
            DateError::NotADate(_) | DateError::OutOfRange(_) => not_a_date(text, order, expected),
        }),
    }
}

fn not_a_date(text: &str, order: DateOrder, expected: &str) -> String {
    let forms = match order {
        DateOrder::Iso => "YEAR-MONTH-DAY",
        DateOrder::DayMonthYear => "DAY/MONTH/YEAR or YEAR-MONTH-DAY",
    };
    format!("expected {expected} as {forms}{FROM_TO}, found `{text}`")
}

/// The range of years, as the messages say it.
const FROM_TO: &str = " between 1900 and 2200";

/// A day-first date without `--date-format dmy`: say so, and whether it could be read either
/// way.
fn day_first_refused(t: &str, day: u32, month: u32, year: i32) -> String {
    let name = |d: u32, m: u32| {
        NaiveDate::from_ymd_opt(year, m, d).map(|date| date.format("%-d %B %Y").to_string())
    };
    let either = match (name(day, month), name(month, day)) {
        (Some(uk), Some(us)) if uk != us => format!(" (it could be {uk} or {us})"),
        _ => String::new(),
    };
    format!("`{t}` is not YEAR-MONTH-DAY{either}; if the register writes dates day/month/year, as UK exports do, add --date-format dmy")
}

/// `D/M/YYYY` (or with `-` or `.`), as day, month and year, when `t` has that shape; two-digit
/// years are not read (which century is a guess).
fn day_month_year(t: &str) -> Option<(u32, u32, i32)> {
    let sep = t.bytes().find(|c| matches!(c, b'/' | b'-' | b'.'))?;
    let mut parts = t.split(char::from(sep));
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit())
    };
    if parts.next().is_some() || !digits(d, 1..=2) || !digits(m, 1..=2) || !digits(y, 4..=4) {
        return None;
    }
    Some((d.parse().ok()?, m.parse().ok()?, y.parse().ok()?))
}

fn dmy_date((day, month, year): (u32, u32, i32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).filter(|_| (FIRST_YEAR..=LAST_YEAR).contains(&year))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pennies(text: &str, amounts: Amounts) -> Result<i64, String> {
        amount(text, amounts).map(|m| m.pennies())
    }

    #[test]
    fn scientific_notation_and_underscores_are_named() {
        for text in ["1.23457E+11", "1e5", "2E-3"] {
            let e = pennies(text, Amounts::Plain).unwrap_err();
            assert!(
                e.starts_with(&format!("`{text}` is in scientific notation")),
                "{e}"
            );
            assert!(percent(text).unwrap_err().contains("scientific notation"));
            assert!(whole(text, 100, "years")
                .unwrap_err()
                .contains("scientific notation"));
        }
        assert_eq!(
            pennies("1_000", Amounts::Gbp).unwrap_err(),
            "`1_000` has underscores between its digits; write it with digits only, such as 1834421.07"
        );
        assert!(percent("2_5").unwrap_err().contains("underscores"));
        // Words with an `e` in them are not numbers in scientific notation.
        assert!(pennies("one", Amounts::Plain)
            .unwrap_err()
            .starts_with("expected an amount"));
        assert!(pennies("e5", Amounts::Plain)
            .unwrap_err()
            .starts_with("expected an amount"));
    }

    #[test]
    fn plain_amounts_are_read_exactly() {
        assert_eq!(pennies("1834421.07", Amounts::Plain), Ok(183_442_107));
        assert_eq!(pennies(" 1.5 ", Amounts::Plain), Ok(150));
        assert_eq!(pennies("0", Amounts::Plain), Ok(0));
        for refused in [
            "-5.00",
            "1.001",
            "",
            ".",
            "1.2.3",
            "--1",
            "1000000000000000.01",
        ] {
            assert!(pennies(refused, Amounts::Plain).is_err(), "{refused}");
        }
        assert_eq!(
            pennies("1000000000000000.00", Amounts::Plain),
            Ok(MAX_PENNIES)
        );
    }

    #[test]
    fn pounds_and_thousands_commas_with_gbp() {
        assert_eq!(
            pennies("£1,234.00", Amounts::Plain).unwrap_err(),
            "`£1,234.00` is written with a £ sign or thousands commas; add --amounts gbp to read amounts written so"
        );
        assert!(pennies("1,234", Amounts::Plain)
            .unwrap_err()
            .contains("--amounts gbp"));
        for (text, expected) in [
            ("£1,234.00", 123_400),
            ("1,234.00", 123_400),
            ("£1234", 123_400),
            ("£ 12,345,678.9", 1_234_567_890),
            ("999", 99_900),
            ("0.07", 7),
        ] {
            assert_eq!(pennies(text, Amounts::Gbp), Ok(expected), "{text}");
        }
        for misplaced in ["1,23,4.00", "1234,567", ",123", "1,2345", "£1,234,5"] {
            let e = pennies(misplaced, Amounts::Gbp).unwrap_err();
            assert!(
                e.contains("thousands commas out of place"),
                "{misplaced}: {e}"
            );
        }
        // Negative amounts are refused however written.
        assert!(pennies("-£1,234.00", Amounts::Gbp)
            .unwrap_err()
            .starts_with("expected an amount"));
        assert!(pennies("£-5", Amounts::Gbp).is_err());
    }

    #[test]
    fn percentages_with_or_without_a_percent_sign() {
        assert_eq!(percent("2.5%"), Ok(Decimal::new(25, 1)));
        assert_eq!(percent(" 2.5 % "), Ok(Decimal::new(25, 1)));
        assert_eq!(percent("-0.5"), Ok(Decimal::new(-5, 1)));
        assert!(percent("2.5%%").is_err());
        assert!(percent("-100%").is_err());
        assert!(percent("%").is_err());
    }

    #[test]
    fn uk_dates_need_the_flag_and_ambiguity_is_named() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            date("01/04/2024", DateOrder::Iso, "a date").unwrap_err(),
            "`01/04/2024` is not YEAR-MONTH-DAY (it could be 1 April 2024 or 4 January 2024); if the register writes dates day/month/year, as UK exports do, add --date-format dmy"
        );
        assert_eq!(
            date("13/04/2024", DateOrder::Iso, "a date").unwrap_err(),
            "`13/04/2024` is not YEAR-MONTH-DAY; if the register writes dates day/month/year, as UK exports do, add --date-format dmy"
        );
        let dmy = DateOrder::DayMonthYear;
        assert_eq!(date("01/04/2024", dmy, "a date"), Ok(day(2024, 4, 1)));
        assert_eq!(date("1/4/2024", dmy, "a date"), Ok(day(2024, 4, 1)));
        assert_eq!(date("29-02-2024", dmy, "a date"), Ok(day(2024, 2, 29)));
        assert_eq!(date("2024-04-01", dmy, "a date"), Ok(day(2024, 4, 1)));
        for refused in [
            "29/02/2023",
            "01/04/24",
            "01/13/2024",
            "1/4/1899",
            "01/04/2024/1",
        ] {
            assert_eq!(
                date(refused, dmy, "a date").unwrap_err(),
                format!("expected a date as DAY/MONTH/YEAR or YEAR-MONTH-DAY between 1900 and 2200, found `{refused}`")
            );
        }
    }
}
