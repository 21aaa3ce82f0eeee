//! Builders for the model's unit tests: scenarios written in a few lines.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::{FinancialYear, FyCalendar};
use crate::drivers::{Drivers, Rate, RateBasis};
use crate::money::Money;
use crate::projection::{project, Granularity, Projection};
use crate::scenario::{Contract, Growth, Line, LineKind, LineValue, Scenario, Uplift, UpliftAt};
use crate::term::Term;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn fy(label: &str) -> FinancialYear {
    FyCalendar::UK.parse_year(label).unwrap()
}

pub fn pounds(p: i64) -> Money {
    Money::from_pennies(p * 100)
}

pub fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// A service line of contract 0 in budget `b`, no uplift or growth.
pub fn line(name: &str, value: LineValue) -> Line {
    Line {
        name: name.into(),
        kind: LineKind::Service,
        budget: "b".into(),
        contract: 0,
        value,
        uplift: Uplift::None,
        uplift_at: UpliftAt::Anniversary,
        growth: Growth::None,
        funded_uplift: None,
        funding: vec![],
        conventions: Default::default(),
    }
}

/// `people` × 2 days a week × 50 weeks × `rate` a day.
pub fn drivers(people: i64, rate: &str) -> LineValue {
    LineValue::Drivers(Drivers {
        volume: people.into(),
        unit: "people".into(),
        per_week: Some(2.into()),
        weeks_per_year: 50.into(),
        per: RateBasis::Day,
        rate: Rate::Flat(dec(rate)),
    })
}

/// Contracts `c0`, `c1`, … over the given dates (no extensions), with `lines`.
pub fn scenario(terms: &[(NaiveDate, NaiveDate)], lines: Vec<Line>) -> Scenario {
    Scenario {
        title: "t".into(),
        paper: "p".into(),
        calendar: FyCalendar::UK,
        contracts: terms
            .iter()
            .enumerate()
            .map(|(i, (s, e))| Contract {
                name: format!("c{i}"),
                term: Term::new(*s, *e, &[]).unwrap(),
                break_clause: None,
            })
            .collect(),
        lines,
        savings: vec![],
        checks: vec![],
        trends: vec![],
        appraisal: None,
    }
}

/// (line, year, pennies) of each line's spend by year, all phases together.
pub fn by_line_year(p: &Projection) -> Vec<(String, String, i64)> {
    let mut out: Vec<(String, String, i64)> = Vec::new();
    for r in &p.rows {
        let year = r.year.to_string();
        match out.iter_mut().find(|(l, y, _)| *l == r.line && *y == year) {
            Some(entry) => entry.2 += r.amount.pennies(),
            None => out.push((r.line.clone(), year, r.amount.pennies())),
        }
    }
    out
}

pub fn years(s: &Scenario) -> Projection {
    project(s, Granularity::Year).unwrap()
}
