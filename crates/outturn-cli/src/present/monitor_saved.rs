//! A month's forecast saved by component and period (`--save-forecast`), for the next
//! month's report to measure its movement from (`--previous`). The format is read back by
//! `outturn_input::monitoring::saved`; zero figures are left out.

use outturn_engine::grid::{Cell, Grid};
use outturn_engine::monitoring::Monitoring;
use outturn_input::monitoring::saved::HEADER;
use outturn_model::monitoring::FiscalPeriod;

use crate::present::table::Write;

/// The saved forecast's CSV bytes.
pub fn saved_forecast(m: &Monitoring) -> Vec<u8> {
    let (year, at) = (m.year.to_string(), format!("P{}", m.period));
    let mut rows = Vec::new();
    for (code, y) in &m.holders {
        let mut push = |component: &str, period: String, amount| {
            rows.push(vec![
                Cell::Text(year.clone()),
                Cell::Text(at.clone()),
                Cell::Text(code.clone()),
                Cell::Text(component.to_string()),
                Cell::Text(period),
                Cell::Money(amount),
            ]);
        };
        push("budget", String::new(), y.latest);
        for (component, months) in &y.parts {
            for (period, amount) in FiscalPeriod::all().zip(months) {
                if !amount.as_decimal().is_zero() {
                    push(component.name(), period.to_string(), *amount);
                }
            }
        }
        if !y.commitments_counted.as_decimal().is_zero() {
            push("commitments", String::new(), y.commitments_counted);
        }
    }
    Grid {
        title: String::new(),
        header: HEADER.map(String::from).to_vec(),
        rows,
        notes: Vec::new(),
    }
    .csv()
}
