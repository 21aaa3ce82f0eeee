//! The VAT and cash views of a scenario (`docs/conventions.md`): beside the accruals view
//! (the projection's rows, each the cost to its budget), each row's net, VAT and gross for
//! lines that state VAT, and the spend of lines that state payment terms as cash by period.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use outturn_model::projection::{project, Granularity};
use outturn_model::timing::cash_by_period;
use outturn_model::vat::Stated;
use outturn_model::{FinancialYear, ModelError, Money};

use crate::evaluate::Evaluated;
use crate::grid::{Cell, Grid};

/// Each row of a line that states VAT: the cost to its budget, and its net, VAT and gross
/// (the cost is the net when the VAT is recoverable, the gross when not).
pub fn vat_section(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
    let scenario = &e.loaded.scenario;
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for line in &scenario.lines {
        let Some(v) = line.conventions.vat else {
            continue;
        };
        for r in e.projection.rows.iter().filter(|r| r.line == line.name) {
            let vat = r.vat.unwrap_or(Money::ZERO);
            let (net, gross) = if v.recoverable {
                (r.amount, r.amount + vat)
            } else {
                (r.amount - vat, r.amount)
            };
            rows.push(vec![
                Cell::Text(r.line.clone()),
                Cell::Text(r.phase.clone()),
                Cell::Text(r.year.to_string()),
                Cell::Money(net),
                Cell::Money(vat),
                Cell::Money(gross),
                Cell::Money(r.amount),
            ]);
        }
        notes.push(format!(
            "{}: amounts stated {} at {}% VAT, {}; VAT worked on each contract year (or stated amount) and rounded to the penny, then split with it",
            line.name,
            v.stated,
            v.rate.normalize(),
            if v.recoverable {
                "recoverable, so the budget bears the net"
            } else {
                "not recoverable, so the budget bears the gross"
            }
        ));
        if v.stated == Stated::Gross {
            notes.push(format!(
                "{}: VAT inside a gross amount is gross × {}/{}",
                line.name,
                v.rate.normalize(),
                (v.rate + rust_decimal::Decimal::ONE_HUNDRED).normalize()
            ));
        }
    }
    if rows.is_empty() {
        return Ok(None);
    }
    Ok(Some(Grid {
        title: String::new(),
        header: [
            "line",
            "phase",
            "year",
            "net",
            "vat",
            "gross",
            "cost to budget",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes,
    }))
}

/// Each line that states payment terms: its spend by month (the accruals) paid as the terms
/// say, by financial year and period P1 to P12, beside the accruals of the year and the
/// amount accrued but not yet paid at the year's end.
pub fn cash_section(e: &Evaluated) -> Result<Option<Grid>, ModelError> {
    let scenario = &e.loaded.scenario;
    if scenario
        .lines
        .iter()
        .all(|l| l.conventions.payment.is_none())
    {
        return Ok(None);
    }
    // The cash view needs monthly rows; a full projection by month, never a scaled one.
    let monthly = project(scenario, Granularity::Month)?;
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for line in &scenario.lines {
        let Some(payment) = line.conventions.payment else {
            continue;
        };
        let mut months: BTreeMap<NaiveDate, Money> = BTreeMap::new();
        let mut accrued: BTreeMap<FinancialYear, Money> = BTreeMap::new();
        for r in monthly.rows.iter().filter(|r| r.line == line.name) {
            *months.entry(r.period.start).or_insert(Money::ZERO) += r.amount;
            *accrued.entry(r.year).or_insert(Money::ZERO) += r.amount;
        }
        let months: Vec<_> = months.into_iter().collect();
        let cash = cash_by_period(&months, payment, scenario.calendar);
        let years: Vec<FinancialYear> = accrued
            .keys()
            .chain(cash.keys().map(|(y, _)| y))
            .copied()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut owed = Money::ZERO;
        for year in years {
            let mut row = vec![Cell::Text(line.name.clone()), Cell::Text(year.to_string())];
            let mut paid = Money::ZERO;
            for period in 1..=12 {
                let m = cash.get(&(year, period)).copied().unwrap_or(Money::ZERO);
                paid += m;
                row.push(Cell::Money(m));
            }
            let accrual = accrued.get(&year).copied().unwrap_or(Money::ZERO);
            owed += accrual - paid;
            row.extend([Cell::Money(paid), Cell::Money(accrual), Cell::Money(owed)]);
            rows.push(row);
        }
        notes.push(format!("{}: paid {payment}", line.name));
    }
    notes.push("cash: what is paid in each period; accruals: the spend of the year's months; owed at year end: accrued to date less paid to date (a creditor; negative, paid in advance)".into());
    let mut header: Vec<String> = ["line", "year"].map(String::from).to_vec();
    header.extend((1..=12).map(|p| format!("P{p}")));
    header.extend(["cash", "accruals", "owed at year end"].map(String::from));
    Ok(Some(Grid {
        title: String::new(),
        header,
        rows,
        notes,
    }))
}
