//! The readers of single values: printed amounts (`circa £3.9m`), percentages, dates,
//! financial years and the values, ranges and lists typed on the command line. Each must
//! read or refuse any text, and what it reads must hold the reader's promises.
#![no_main]

use chrono::Datelike;
use libfuzzer_sys::fuzz_target;
use outturn_input::values::{parse_range, parse_value, parse_values};
use outturn_model::amount::{parse_percent, parse_printed};
use outturn_model::calendar::{parse_date, FIRST_YEAR, LAST_YEAR};
use outturn_model::FyCalendar;
use rust_decimal::Decimal;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(printed) = parse_printed(text) {
        assert!(
            printed.precision > Decimal::ZERO,
            "{text}: precision {}",
            printed.precision
        );
    }
    let _ = parse_percent(text);
    if let Ok(date) = parse_date(text) {
        // Strict: only the canonical spelling of a date in range reads.
        assert_eq!(date.format("%Y-%m-%d").to_string(), text);
        assert!((FIRST_YEAR..=LAST_YEAR).contains(&date.year()));
    }
    for start_month in [1, 4] {
        if let Some(cal) = FyCalendar::starting_in(start_month) {
            if let Some(year) = cal.parse_year(text) {
                assert_eq!(year.to_string(), text);
            }
        }
    }
    let _ = parse_value(text);
    let _ = parse_range(text);
    if let Ok(values) = parse_values(text) {
        assert!(!values.is_empty());
    }
});
