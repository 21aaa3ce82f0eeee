//! Durations as papers print them (`18 months`, `three years`, `an 18-month term`, `3 + 2 + 2
//! years`, `up to three further years`) and the length of a term between two dates.
//!
//! A printed duration is a count, so it is exact: `three years` is 36 months. A term's length
//! is counted in whole months from its first day, as contracts run: 1 October 2011 to 31 March
//! 2013 is 18 months exactly (the day after the end is the same date 18 months on); a term
//! that stops short of a whole month is that many months and a fraction of the next.

use chrono::NaiveDate;
use num_bigint::BigInt;
use num_rational::BigRational;
use rust_decimal::Decimal;

use crate::calendar::{add_months, days_inclusive};

const NUMBER_WORDS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// Words between a number and its unit that do not change it: "three further years".
const ADJECTIVES: [&str; 8] = [
    "further",
    "additional",
    "more",
    "extra",
    "initial",
    "optional",
    "full",
    "calendar",
];

/// Words after the unit: "eight year term".
const TRAILERS: [&str; 6] = [
    "term",
    "period",
    "contract",
    "extension",
    "extensions",
    "duration",
];

/// The months of each addend of a printed duration, or `None` if the text is not one.
///
/// # Example
/// `eight year term` is 96 months; `3 + 2 + 2 years` is 36, 24 and 24; `an 18-month term`
/// is 18; `a year` is 12.
///
/// ```
/// # use outturn_model::duration::parse;
/// # use rust_decimal_macros::dec;
/// assert_eq!(parse("eight year term"), Some(vec![dec!(96)]));
/// assert_eq!(parse("3 + 2 + 2 years"), Some(vec![dec!(36), dec!(24), dec!(24)]));
/// assert_eq!(parse("an 18-month term"), Some(vec![dec!(18)]));
/// assert_eq!(parse("£18m"), None);
/// ```
pub fn parse(text: &str) -> Option<Vec<Decimal>> {
    let lower = text.to_lowercase().replace('+', " + ").replace('-', " ");
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    while words.last().is_some_and(|w| TRAILERS.contains(w)) {
        words.pop();
    }
    let per_unit = match words.pop()? {
        "year" | "years" => Decimal::from(12),
        "month" | "months" => Decimal::ONE,
        _ => return None,
    };
    while words.last().is_some_and(|w| ADJECTIVES.contains(w)) {
        words.pop();
    }
    if words.len() > 1 && matches!(words[0], "a" | "an") {
        words.remove(0);
    }
    let mut addends = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if i % 2 == 1 {
            if !matches!(*word, "+" | "plus" | "and") {
                return None;
            }
            continue;
        }
        addends.push(number(word)? * per_unit);
    }
    (!addends.is_empty() && words.len() % 2 == 1).then_some(addends)
}

/// `18`, `1.5`, `three`, `a`.
fn number(word: &str) -> Option<Decimal> {
    if let Some(n) = NUMBER_WORDS.iter().position(|w| *w == word) {
        return Some(Decimal::from(n));
    }
    if matches!(word, "a" | "an") {
        return Some(Decimal::ONE);
    }
    if !word.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    word.parse().ok()
}

/// The length in months of the term from `start` to `end`, both days included: whole months
/// from the start, then the days left as a fraction of the month they begin.
///
/// # Example
/// 1 October 2011 to 31 March 2013 is 18 months; 1 January 2022 to 31 December 2025 is 48;
/// 1 April 2024 to 15 April 2024 is 15/30 of a month.
///
/// ```
/// # use outturn_model::duration::months_between;
/// # use num_rational::BigRational;
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// assert_eq!(months_between(date(2011, 10, 1), date(2013, 3, 31)), Some(BigRational::from_integer(18.into())));
/// assert_eq!(months_between(date(2022, 1, 1), date(2025, 12, 31)), Some(BigRational::from_integer(48.into())));
/// assert_eq!(months_between(date(2024, 4, 1), date(2024, 4, 15)), Some(BigRational::new(1.into(), 2.into())));
/// ```
///
/// `None` when the end is before the start.
pub fn months_between(start: NaiveDate, end: NaiveDate) -> Option<BigRational> {
    if end < start {
        return None;
    }
    let after = end.succ_opt()?;
    let mut whole = 0u32;
    while add_months(start, whole + 1)? <= after {
        whole += 1;
    }
    let from = add_months(start, whole)?;
    let next = add_months(start, whole + 1)?;
    let left = i64::from(days_inclusive(from, after)) - 1;
    let month = i64::from(days_inclusive(from, next)) - 1;
    Some(
        BigRational::from_integer(BigInt::from(whole))
            + BigRational::new(BigInt::from(left), BigInt::from(month)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn the_corpus_durations() {
        assert_eq!(parse("18 months"), Some(vec![dec!(18)]));
        assert_eq!(parse("three years"), Some(vec![dec!(36)]));
        assert_eq!(parse("two years"), Some(vec![dec!(24)]));
        assert_eq!(parse("one year"), Some(vec![dec!(12)]));
        assert_eq!(parse("4 years"), Some(vec![dec!(48)]));
        assert_eq!(parse("three further years"), Some(vec![dec!(36)]));
        assert_eq!(parse("ten years"), Some(vec![dec!(120)]));
        assert_eq!(parse("9 months"), Some(vec![dec!(9)]));
        assert_eq!(parse("1.5 years"), Some(vec![dec!(18)]));
        assert_eq!(parse("a year"), Some(vec![dec!(12)]));
    }

    #[test]
    fn what_is_not_a_duration() {
        for text in [
            "years",
            "3 4 years",
            "3 + years",
            "£3 years",
            "three",
            "3 weeks",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn months_between_dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let months = |a, b| months_between(a, b).unwrap();
        assert_eq!(
            months(d(2020, 4, 1), d(2023, 3, 31)),
            BigRational::from_integer(36.into())
        );
        // 31 January plus one month is 29 February 2024: a month to 28 February.
        assert_eq!(
            months(d(2024, 1, 31), d(2024, 2, 28)),
            BigRational::from_integer(1.into())
        );
        assert_eq!(
            months(d(2024, 4, 1), d(2024, 4, 1)),
            BigRational::new(1.into(), 30.into())
        );
        assert_eq!(months_between(d(2024, 4, 2), d(2024, 4, 1)), None);
    }
}
