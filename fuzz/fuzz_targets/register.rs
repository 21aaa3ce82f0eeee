//! A contract register, streamed and totalled as `outturn portfolio` does, by year and by
//! month, and read row by row as `outturn simulate --register` does. Any bytes must give
//! totals or bad rows, never a panic; and a row is either costed or reported, never dropped.
#![no_main]

use libfuzzer_sys::fuzz_target;
use outturn_engine::portfolio::{project_reader, Portfolio};
use outturn_input::register::Mapping;
use outturn_model::FyCalendar;

fuzz_target!(|data: &[u8]| {
    let mapping = Mapping::default();
    let by_year = project_reader(data, &mapping, false, FyCalendar::UK);
    let by_month = project_reader(data, &mapping, true, FyCalendar::UK);
    match (by_year, by_month) {
        (Ok(years), Ok(months)) => {
            assert_eq!(years.contracts, months.contracts);
            assert_eq!(years.bad_rows, months.bad_rows);
            // Months split each year's pennies exactly: the same whole, added as i128 (a
            // register's amounts may add up past an i64; the command refuses that total).
            let sum = |p: &Portfolio| p.totals.values().map(|&v| i128::from(v)).sum::<i128>();
            assert_eq!(sum(&years), sum(&months));
            for b in years.bad_rows.iter().chain(&years.blank_lines) {
                let _ = b.to_string();
            }
        }
        (Err(_), Err(_)) => {}
        (a, b) => panic!(
            "by year and by month disagree: {:?} / {:?}",
            a.err(),
            b.err()
        ),
    }
});
