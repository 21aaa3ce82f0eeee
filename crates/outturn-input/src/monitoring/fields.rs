//! The values of ledger, budget and commitment files: amounts exact to the penny, periods,
//! and dates, read from bytes without allocating (a ledger has millions of lines).

use chrono::NaiveDate;
use outturn_model::calendar::parse_date;

/// The largest amount a line may hold: £1,000,000,000,000.00 (a million million pounds), far
/// beyond any council's ledger, so that totals of millions of lines stay far from `i64`'s
/// limit.
pub const MAX_PENNIES: i64 = 100_000_000_000_000;

/// Reads an amount to the penny as a whole number of pennies.
///
/// Read: `1234.56`, `-1234.5`, `1,234.56`, `£1,234.56`, `-£5`, `(1,234.56)` (brackets for a
/// negative amount, as accounts print it), `+12`, `12.340` (zeros past the penny), spaces
/// around. Refused: `12.345` (a fraction of a penny), `1e5`, `1,23` (commas only between
/// groups of three), `£`, `12.`, and anything else.
///
/// # Errors
/// What is wrong, as a message to follow the field's name.
pub fn pennies(raw: &[u8]) -> Result<i64, String> {
    let text = trim(raw);
    let found = || String::from_utf8_lossy(raw).trim().to_string();
    let not_an_amount = || {
        format!(
            "expected an amount to the penny, such as 1234.56 or -1234.56, found `{}`",
            found()
        )
    };
    let (mut s, mut negative) = (text, false);
    if let [b'(', inner @ .., b')'] = s {
        (s, negative) = (inner, true);
    }
    match s.first() {
        Some(b'-') if !negative => (s, negative) = (&s[1..], true),
        Some(b'+') => s = &s[1..],
        _ => {}
    }
    if let Some(rest) = s.strip_prefix("£".as_bytes()) {
        s = rest;
    }
    let (whole, fraction) = match s.iter().position(|&c| c == b'.') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut pounds: i64 = 0;
    let mut digits_in_group = 0;
    let mut grouped = false;
    for (i, &c) in whole.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                pounds = pounds
                    .checked_mul(10)
                    .and_then(|p| p.checked_add(i64::from(c - b'0')))
                    .ok_or_else(|| too_large(&found()))?;
                digits_in_group += 1;
            }
            // A comma ends a group: the first of one to three digits, the rest of three.
            b',' if i > 0 && digits_in_group <= 3 && (!grouped || digits_in_group == 3) => {
                grouped = true;
                digits_in_group = 0;
            }
            _ => return Err(not_an_amount()),
        }
    }
    if whole.is_empty() || (grouped && digits_in_group != 3) {
        return Err(not_an_amount());
    }
    let mut pence: i64 = 0;
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.iter().all(u8::is_ascii_digit) {
            return Err(not_an_amount());
        }
        let (penny_digits, beyond) = fraction.split_at(fraction.len().min(2));
        if beyond.iter().any(|&c| c != b'0') {
            return Err(format!(
                "`{}` is not a whole number of pennies; amounts must be exact to the penny",
                found()
            ));
        }
        for (i, &c) in penny_digits.iter().enumerate() {
            pence += i64::from(c - b'0') * if i == 0 { 10 } else { 1 };
        }
    }
    let total = pounds
        .checked_mul(100)
        .and_then(|p| p.checked_add(pence))
        .filter(|p| *p <= MAX_PENNIES)
        .ok_or_else(|| too_large(&found()))?;
    Ok(if negative { -total } else { total })
}

fn too_large(found: &str) -> String {
    format!("`{found}` is larger than any amount a ledger line may hold (£1,000,000,000,000.00)")
}

/// Bytes without the spaces around them.
pub fn trim(raw: &[u8]) -> &[u8] {
    let start = raw
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(raw.len());
    let end = raw
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    &raw[start..end]
}

/// A number of one to four ASCII digits.
pub fn small_number(raw: &[u8]) -> Option<u16> {
    let s = trim(raw);
    if s.is_empty() || s.len() > 4 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |n, &c| n * 10 + u16::from(c - b'0')))
}

/// A period as ledgers write it: `P6`, `P06`, `6`, `06`, `006` (SAP's three digits); the
/// number, not yet checked against the year.
pub fn period_number(raw: &[u8]) -> Option<u16> {
    let s = trim(raw);
    let digits = match s {
        [b'P' | b'p', rest @ ..] => rest,
        _ => s,
    };
    (digits.len() <= 3).then(|| small_number(digits)).flatten()
}

/// A date as `2022-09-15` or, as many Transparency Code files write it, `15/09/2022`.
pub fn date(raw: &[u8]) -> Option<NaiveDate> {
    let s = std::str::from_utf8(trim(raw)).ok()?;
    if let [d, m, y] = s.split('/').collect::<Vec<_>>()[..] {
        let ok = d.len() == 2 && m.len() == 2 && y.len() == 4;
        return ok
            .then(|| parse_date(&format!("{y}-{m}-{d}")).ok())
            .flatten();
    }
    parse_date(s).ok()
}

/// An Oracle period name, `SEP-22` or `Sep-22`: the first day of its month.
pub fn period_name(raw: &[u8]) -> Option<NaiveDate> {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let s = std::str::from_utf8(trim(raw)).ok()?;
    let (month, year) = s.split_once('-')?;
    let m = MONTHS
        .iter()
        .position(|name| name.eq_ignore_ascii_case(month))?;
    let yy = (year.len() == 2)
        .then(|| small_number(year.as_bytes()))
        .flatten()?;
    NaiveDate::from_ymd_opt(2000 + i32::from(yy), m as u32 + 1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_to_the_penny() {
        let ok = |s: &str| pennies(s.as_bytes()).unwrap();
        assert_eq!(ok("1234.56"), 123_456);
        assert_eq!(ok("-1234.5"), -123_450);
        assert_eq!(ok("1,234.56"), 123_456);
        assert_eq!(ok("£1,234,567.89"), 123_456_789);
        assert_eq!(ok("-£5"), -500);
        assert_eq!(ok("(1,234.56)"), -123_456);
        assert_eq!(ok(" +12 "), 1_200);
        assert_eq!(ok("12.340"), 1_234);
        assert_eq!(ok("0"), 0);
        assert_eq!(ok("1000000000000.00"), MAX_PENNIES);
        for bad in [
            "",
            "£",
            "12.",
            ".5",
            "1e5",
            "1,23",
            "1,2345",
            ",123",
            "12,345,67",
            "--5",
            "(-5)",
            "£-5",
            "12.3.4",
            "twelve",
            "1 000",
        ] {
            assert!(
                pennies(bad.as_bytes())
                    .unwrap_err()
                    .starts_with("expected an amount"),
                "{bad}"
            );
        }
        assert_eq!(
            pennies(b"12.345").unwrap_err(),
            "`12.345` is not a whole number of pennies; amounts must be exact to the penny"
        );
        assert!(pennies(b"1000000000000.01").unwrap_err().contains("larger"));
        assert!(pennies(b"99999999999999999999999")
            .unwrap_err()
            .contains("larger"));
    }

    #[test]
    fn periods_dates_and_period_names() {
        assert_eq!(period_number(b"P6"), Some(6));
        assert_eq!(period_number(b"p06"), Some(6));
        assert_eq!(period_number(b"013"), Some(13));
        assert_eq!(period_number(b"P0013"), None);
        assert_eq!(period_number(b"P"), None);
        assert_eq!(period_number(b"6a"), None);
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(date(b"2022-09-15"), d(2022, 9, 15));
        assert_eq!(date(b"15/09/2022"), d(2022, 9, 15));
        assert_eq!(date(b"31/09/2022"), None);
        assert_eq!(date(b"9/15/2022"), None);
        assert_eq!(period_name(b"SEP-22"), d(2022, 9, 1));
        assert_eq!(period_name(b"Mar-23"), d(2023, 3, 1));
        assert_eq!(period_name(b"ADJ-23"), None);
        assert_eq!(period_name(b"Sep-2022"), None);
    }
}
