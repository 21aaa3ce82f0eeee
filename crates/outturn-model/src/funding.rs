//! Funding splits: a line's cost shared between the budgets that pay for it (adult social
//! care, children's services, a SEND contribution, the NHS / ICB).
//!
//! A line's funding is a list of entries, each a budget with a percentage of the line's cost,
//! a fixed amount per financial year, or the remainder (at most one). For each financial year:
//! 1. the year's cost `Y` (the line's rows in that year added) is split between the
//!    percentage entries and the rest by [`split`], weights the percentages (to 0.0001%);
//! 2. fixed amounts are taken from the rest as stated; the remainder entry gets what is left;
//! 3. each of the line's rows in the year (a phase, or a month) is split between the budgets
//!    by [`split`], weighted by what each budget still has to receive that year, the last row
//!    taking exactly what is left. So every row's pieces add back to the row, and every
//!    budget's pieces add to its amount for the year: a fixed £100,000 is £100,000 exactly.
//!
//! Worked example: £1,000.00 in a year, 60% adult social care and 40% NHS, in two phase rows
//! of £500.01 and £499.99. Step 1: 600.00 and 400.00. Step 3: £500.01 × 600/1000 = 300.006 →
//! 300.00, × 400/1000 = 200.004 → 200.00, one penny left to the larger remainder (the first,
//! 0.006 against 0.004): 300.01 + 200.00; the last row takes 600.00 − 300.01 = 299.99 and
//! 400.00 − 200.00 = 200.00.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::error::ModelError;
use crate::money::Money;
use crate::projection::Row;
use crate::split::split;

/// A percentage in weights to 0.0001%: 100% is this many.
const WHOLE: u64 = 1_000_000;

/// How much of a line one budget pays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FundingShare {
    /// A percentage of the line's cost in each financial year (0 to 100, to 0.0001).
    Percent(Decimal),
    /// A fixed amount in each financial year the line has spend.
    Amount(Money),
    /// What the other entries leave.
    Remainder,
}

impl std::fmt::Display for FundingShare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FundingShare::Percent(p) => write!(f, "{}%", p.normalize()),
            FundingShare::Amount(m) => write!(f, "{m} a year"),
            FundingShare::Remainder => f.write_str("the remainder"),
        }
    }
}

/// One budget's part in paying for a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funding {
    pub budget: String,
    pub share: FundingShare,
}

/// How a row's amount came to be one budget's: recorded on the row for `explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingStep {
    pub share: FundingShare,
    /// The line's cost in the financial year, and this budget's part of it.
    pub line_year: Money,
    pub budget_year: Money,
    /// The line's row before the split, and this budget's piece of it.
    pub line_row: Money,
    pub amount: Money,
}

fn weight(p: Decimal) -> Option<u64> {
    let w = p * Decimal::from(WHOLE / 100);
    (w.fract().is_zero() && w >= Decimal::ZERO).then(|| w.to_u64())?
}

/// Checks a line's funding entries on their own (the amounts are checked year by year when
/// the line is projected).
///
/// # Errors
/// Two entries for one budget; more than one remainder; a percentage below 0, over 100 or
/// finer than 0.0001%; percentages over 100% in all; without a remainder, percentages that do
/// not add to 100% or any fixed amount.
pub fn validate(line: &str, entries: &[Funding]) -> Result<(), ModelError> {
    let err = |message: String| ModelError::Funding {
        line: line.to_string(),
        message,
    };
    for (i, e) in entries.iter().enumerate() {
        if entries[..i].iter().any(|x| x.budget == e.budget) {
            return Err(err(format!(
                "budget `{}` has two entries; give each budget one",
                e.budget
            )));
        }
        if let FundingShare::Percent(p) = e.share {
            if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED || weight(p).is_none() {
                return Err(err(format!(
                    "the share of `{}` is {}%; a share is from 0% to 100%, to 0.0001%",
                    e.budget,
                    p.normalize()
                )));
            }
        }
        if let FundingShare::Amount(m) = e.share {
            if m.is_negative() {
                return Err(err(format!("the amount of `{}` is negative", e.budget)));
            }
        }
    }
    let remainders = entries
        .iter()
        .filter(|e| e.share == FundingShare::Remainder)
        .count();
    if remainders > 1 {
        return Err(err("only one entry can take the remainder".into()));
    }
    let percent: Decimal = entries
        .iter()
        .filter_map(|e| match e.share {
            FundingShare::Percent(p) => Some(p),
            _ => None,
        })
        .sum();
    if percent > Decimal::ONE_HUNDRED {
        return Err(err(format!(
            "the shares add to {}%, more than 100%",
            percent.normalize()
        )));
    }
    let fixed = entries
        .iter()
        .any(|e| matches!(e.share, FundingShare::Amount(_)));
    if remainders == 0 && (percent != Decimal::ONE_HUNDRED || fixed) {
        return Err(err(format!(
            "the shares add to {}% and no entry takes the remainder; make them add to 100%, or give one entry `share = \"remainder\"`{}",
            percent.normalize(),
            if fixed { " (a fixed amount always needs one)" } else { "" }
        )));
    }
    Ok(())
}

/// Splits a line's rows (one line, in year order) between its funding budgets: each row
/// becomes one row per entry, in the entries' order, carrying the entry's budget.
///
/// # Example
/// The module's worked example: £1,000.00 in 2024-25 as two phase rows of £500.01 and
/// £499.99, 60% to adult social care and 40% to the NHS. The year: £600.00 and £400.00. The
/// first row: 50,001p × 60,000/100,000 = 30,000.6p and × 40,000/100,000 = 20,000.4p, a penny
/// short, which goes to the larger remainder: £300.01 + £200.00. The last row takes what is
/// left: £600.00 − £300.01 = £299.99 and £400.00 − £200.00 = £200.00.
///
/// ```
/// # use outturn_model::calendar::Period;
/// # use outturn_model::funding::{split_rows, Funding, FundingShare};
/// # use outturn_model::projection::Row;
/// # use outturn_model::scenario::LineKind;
/// # use outturn_model::{FyCalendar, Money, ModelError};
/// # use rust_decimal_macros::dec;
/// # let year = FyCalendar::UK.parse_year("2024-25").expect("a year");
/// # let row = |phase: &str, pennies| Row { line: "care".into(), kind: LineKind::Service,
/// #     budget: "asc".into(), contract: "c".into(), phase: phase.into(), year,
/// #     period: Period { start: year.start(), end: year.end() },
/// #     amount: Money::from_pennies(pennies), parts: vec![], funding: None, vat: None };
/// # let entry = |budget: &str, share| Funding { budget: budget.into(), share };
/// let rows = vec![row("initial", 50_001), row("extension-1", 49_999)];
/// let funding = [
///     entry("asc", FundingShare::Percent(dec!(60))),
///     entry("nhs", FundingShare::Percent(dec!(40))),
/// ];
/// let split = split_rows("care", rows, &funding)?;
/// let got: Vec<String> = split.iter().map(|r| format!("{} {} {}", r.phase, r.budget, r.amount)).collect();
/// assert_eq!(got, [
///     "initial asc £300.01", "initial nhs £200.00",
///     "extension-1 asc £299.99", "extension-1 nhs £200.00",
/// ]);
/// # Ok::<(), ModelError>(())
/// ```
///
/// # Errors
/// In some year the fixed amounts are more than the line's cost after the percentage shares;
/// an amount too large.
pub fn split_rows(line: &str, rows: Vec<Row>, entries: &[Funding]) -> Result<Vec<Row>, ModelError> {
    let mut out = Vec::with_capacity(rows.len() * entries.len());
    let mut rest = rows.as_slice();
    while let Some(first) = rest.first() {
        let n = rest.iter().take_while(|r| r.year == first.year).count();
        let (year_rows, later) = rest.split_at(n);
        rest = later;
        let line_year: Money = year_rows.iter().map(|r| r.amount).sum();
        let budget_year = year_amounts(line, line_year, entries, first)?;
        let mut left = budget_year.clone();
        for (i, row) in year_rows.iter().enumerate() {
            let pieces = if i + 1 == year_rows.len() {
                left.clone()
            } else {
                let weights: Vec<u64> = left.iter().map(|m| m.pennies().unsigned_abs()).collect();
                match split(row.amount, &weights) {
                    Some(p) => p,
                    None if row.amount.pennies() == 0 => vec![Money::ZERO; entries.len()],
                    None => return Err(ModelError::Overflow),
                }
            };
            for (k, (entry, amount)) in entries.iter().zip(pieces).enumerate() {
                left[k] = left[k] - amount;
                let mut r = row.clone();
                r.budget = entry.budget.clone();
                r.amount = amount;
                r.funding = Some(FundingStep {
                    share: entry.share.clone(),
                    line_year,
                    budget_year: budget_year[k],
                    line_row: row.amount,
                    amount,
                });
                out.push(r);
            }
        }
    }
    Ok(out)
}

/// Each entry's amount of the line's cost in one year, `line_year` (steps 1 and 2 of the
/// module's rule): percentages first, by [`split`] against the rest; then fixed amounts from
/// the rest, as stated; then the remainder entry takes what is left.
///
/// # Example
/// £1,000,000.00 a year: SEND a fixed £100,000, adult social care 60% = £600,000, the NHS
/// the remainder, 1,000,000 − 600,000 − 100,000 = £300,000. A year of £50,000 leaves
/// £20,000 after 60%, too little for a fixed £25,000: refused, never scaled down.
///
/// ```
/// # use outturn_model::calendar::Period;
/// # use outturn_model::funding::{split_rows, Funding, FundingShare};
/// # use outturn_model::projection::Row;
/// # use outturn_model::scenario::LineKind;
/// # use outturn_model::{FyCalendar, Money, ModelError};
/// # use rust_decimal_macros::dec;
/// # let year = FyCalendar::UK.parse_year("2024-25").expect("a year");
/// # let row = |phase: &str, pennies| Row { line: "care".into(), kind: LineKind::Service,
/// #     budget: "asc".into(), contract: "c".into(), phase: phase.into(), year,
/// #     period: Period { start: year.start(), end: year.end() },
/// #     amount: Money::from_pennies(pennies), parts: vec![], funding: None, vat: None };
/// # let entry = |budget: &str, share| Funding { budget: budget.into(), share };
/// let funding = [
///     entry("send", FundingShare::Amount(Money::from_pennies(10_000_000))),
///     entry("asc", FundingShare::Percent(dec!(60))),
///     entry("nhs", FundingShare::Remainder),
/// ];
/// let split = split_rows("care", vec![row("initial", 100_000_000)], &funding)?;
/// let got: Vec<String> = split.iter().map(|r| format!("{} {}", r.budget, r.amount)).collect();
/// assert_eq!(got, ["send £100,000.00", "asc £600,000.00", "nhs £300,000.00"]);
///
/// let short = [
///     entry("asc", FundingShare::Percent(dec!(60))),
///     entry("send", FundingShare::Amount(Money::from_pennies(2_500_000))),
///     entry("nhs", FundingShare::Remainder),
/// ];
/// assert_eq!(
///     split_rows("care", vec![row("initial", 5_000_000)], &short),
///     Err(ModelError::FundingExceedsCost {
///         line: "care".into(),
///         year,
///         fixed: Money::from_pennies(2_500_000),
///         available: Money::from_pennies(2_000_000),
///     })
/// );
/// # Ok::<(), ModelError>(())
/// ```
///
/// # Errors
/// The fixed amounts are more than what the percentages leave; an amount too large.
fn year_amounts(
    line: &str,
    line_year: Money,
    entries: &[Funding],
    row: &Row,
) -> Result<Vec<Money>, ModelError> {
    let mut weights: Vec<u64> = Vec::new();
    for e in entries {
        if let FundingShare::Percent(p) = e.share {
            weights.push(weight(p).ok_or(ModelError::Overflow)?);
        }
    }
    let percent_total: u64 = weights.iter().sum();
    weights.push(WHOLE - percent_total.min(WHOLE));
    let mut pieces = split(line_year, &weights)
        .ok_or(ModelError::Overflow)?
        .into_iter();
    let mut amounts: Vec<Option<Money>> = entries
        .iter()
        .map(|e| match e.share {
            FundingShare::Percent(_) => pieces.next(),
            FundingShare::Amount(m) => Some(m),
            FundingShare::Remainder => None,
        })
        .collect();
    let after_percent = pieces.next().unwrap_or(Money::ZERO);
    let fixed: Money = entries
        .iter()
        .filter_map(|e| match e.share {
            FundingShare::Amount(m) => Some(m),
            _ => None,
        })
        .sum();
    let remainder = after_percent - fixed;
    if fixed.pennies() > 0 && remainder.is_negative() {
        return Err(ModelError::FundingExceedsCost {
            line: line.to_string(),
            year: row.year,
            fixed,
            available: after_percent,
        });
    }
    for a in &mut amounts {
        if a.is_none() {
            *a = Some(remainder);
        }
    }
    Ok(amounts
        .into_iter()
        .map(|a| a.unwrap_or(Money::ZERO))
        .collect())
}

#[cfg(test)]
mod tests {
    //! Figures worked by hand (pennies, the largest-remainder rule); arithmetic in comments.
    use super::*;
    use crate::calendar::{FyCalendar, Period};
    use crate::projection::{project, Granularity};
    use crate::scenario::{Contract, Line, LineKind, LineValue, Scenario, Uplift, UpliftAt};
    use crate::term::Term;

    use crate::testkit::{d, fy};

    fn pct(budget: &str, p: i64) -> Funding {
        Funding {
            budget: budget.into(),
            share: FundingShare::Percent(p.into()),
        }
    }

    fn fixed(budget: &str, pennies: i64) -> Funding {
        Funding {
            budget: budget.into(),
            share: FundingShare::Amount(Money::from_pennies(pennies)),
        }
    }

    fn rest(budget: &str) -> Funding {
        Funding {
            budget: budget.into(),
            share: FundingShare::Remainder,
        }
    }

    fn row(year: &str, phase: &str, pennies: i64) -> Row {
        let y = fy(year);
        Row {
            line: "l".into(),
            kind: LineKind::Service,
            budget: "home".into(),
            contract: "c".into(),
            phase: phase.into(),
            year: y,
            period: Period {
                start: y.start(),
                end: y.end(),
            },
            amount: Money::from_pennies(pennies),
            parts: vec![],
            funding: None,
            vat: None,
        }
    }

    fn summary(rows: &[Row]) -> Vec<(String, String, i64)> {
        rows.iter()
            .map(|r| (r.phase.clone(), r.budget.clone(), r.amount.pennies()))
            .collect()
    }

    #[test]
    fn the_worked_example_in_the_module_docs() {
        // £1,000.00 in 2024-25 as £500.01 + £499.99; 60% asc, 40% nhs. Year: 600.00 and
        // 400.00. First row: 50,001p × 60,000/100,000 = 30,000.6 → 30,000, × 40,000/100,000 =
        // 20,000.4 → 20,000; one penny left to the larger remainder (0.6): 30,001 + 20,000.
        // Last row: 60,000 − 30,001 = 29,999 and 40,000 − 20,000 = 20,000.
        let rows = vec![
            row("2024-25", "initial", 50_001),
            row("2024-25", "extension-1", 49_999),
        ];
        let out = split_rows("l", rows, &[pct("asc", 60), pct("nhs", 40)]).unwrap();
        assert_eq!(
            summary(&out),
            [
                ("initial".into(), "asc".into(), 30_001),
                ("initial".into(), "nhs".into(), 20_000),
                ("extension-1".into(), "asc".into(), 29_999),
                ("extension-1".into(), "nhs".into(), 20_000),
            ]
        );
        let step = out[0].funding.as_ref().unwrap();
        assert_eq!(step.line_year.pennies(), 100_000);
        assert_eq!(step.budget_year.pennies(), 60_000);
        assert_eq!(step.line_row.pennies(), 50_001);
    }

    #[test]
    fn fixed_amount_percentage_and_remainder() {
        // £1,000,000.00 a year: send a fixed £100,000, asc 60% = £600,000, nhs the rest:
        // 1,000,000 − 600,000 − 100,000 = £300,000. Each year the same.
        let rows = vec![
            row("2024-25", "initial", 100_000_000),
            row("2025-26", "initial", 100_000_000),
        ];
        let entries = [fixed("send", 10_000_000), pct("asc", 60), rest("nhs")];
        let out = split_rows("l", rows, &entries).unwrap();
        let amounts: Vec<i64> = out.iter().map(|r| r.amount.pennies()).collect();
        assert_eq!(
            amounts,
            [10_000_000, 60_000_000, 30_000_000, 10_000_000, 60_000_000, 30_000_000]
        );
    }

    #[test]
    fn a_fixed_amount_larger_than_the_cost_is_refused() {
        // 2024-25 costs £50,000.00; asc takes 60% = £30,000, leaving £20,000 for a fixed
        // £25,000: refused.
        let rows = vec![row("2024-25", "initial", 5_000_000)];
        let entries = [pct("asc", 60), fixed("send", 2_500_000), rest("nhs")];
        assert_eq!(
            split_rows("l", rows, &entries).unwrap_err(),
            ModelError::FundingExceedsCost {
                line: "l".into(),
                year: fy("2024-25"),
                fixed: Money::from_pennies(2_500_000),
                available: Money::from_pennies(2_000_000),
            }
        );
    }

    #[test]
    fn entries_are_validated() {
        let bad = |entries: &[Funding]| match validate("l", entries) {
            Err(ModelError::Funding { message, .. }) => message,
            other => panic!("{other:?}"),
        };
        assert!(validate("l", &[pct("a", 60), pct("b", 40)]).is_ok());
        assert!(validate("l", &[fixed("a", 1), rest("b")]).is_ok());
        assert_eq!(
            bad(&[pct("a", 70), pct("b", 40)]),
            "the shares add to 110%, more than 100%"
        );
        assert!(bad(&[pct("a", 60), pct("b", 30)])
            .starts_with("the shares add to 90% and no entry takes the remainder"));
        assert!(bad(&[pct("a", 0), fixed("b", 1)]).ends_with("(a fixed amount always needs one)"));
        assert_eq!(
            bad(&[pct("a", -10), rest("b")]),
            "the share of `a` is -10%; a share is from 0% to 100%, to 0.0001%"
        );
        assert_eq!(
            bad(&[pct("a", 50), pct("a", 50)]),
            "budget `a` has two entries; give each budget one"
        );
        assert_eq!(
            bad(&[rest("a"), rest("b")]),
            "only one entry can take the remainder"
        );
    }

    #[test]
    fn a_projected_line_split_60_40_by_year_and_by_month() {
        // The supported-living extension, £138m a year from 15 June 2024 to 14 June 2027,
        // 60% asc and 40% nhs. 2024-25: £109,643,835.62 = 10,964,383,562p; × 0.6 =
        // 6,578,630,137.2 → 6,578,630,137, × 0.4 = 4,385,753,424.8 → 4,385,753,424, one penny
        // left to the larger remainder (0.8): £65,786,301.37 and £43,857,534.25.
        // 2027-28: 2,835,616,438p × 0.6 = 1,701,369,862.8, × 0.4 = 1,134,246,575.2; the
        // penny goes to the first (0.8 against 0.2): £17,013,698.63 and £11,342,465.75.
        // The full years: £138m × 0.6 = £82.8m and × 0.4 = £55.2m exactly.
        let scenario = Scenario {
            title: "t".into(),
            paper: "p".into(),
            calendar: FyCalendar::UK,
            contracts: vec![Contract {
                name: "c".into(),
                term: Term::new(d(2024, 6, 15), d(2027, 6, 14), &[]).unwrap(),
                break_clause: None,
            }],
            lines: vec![Line {
                name: "l".into(),
                kind: LineKind::Service,
                budget: "home".into(),
                contract: 0,
                value: LineValue::Annual(Money::from_pennies(13_800_000_000)),
                uplift: Uplift::None,
                uplift_at: UpliftAt::Anniversary,
                growth: crate::scenario::Growth::None,
                funded_uplift: None,
                funding: vec![pct("asc", 60), pct("nhs", 40)],
                conventions: Default::default(),
            }],
            savings: vec![],
            checks: vec![],
            trends: vec![],
            appraisal: None,
        };
        let years = project(&scenario, Granularity::Year).unwrap();
        let by: Vec<(String, String, i64)> = years
            .rows
            .iter()
            .map(|r| (r.year.to_string(), r.budget.clone(), r.amount.pennies()))
            .collect();
        assert_eq!(
            by,
            [
                ("2024-25".into(), "asc".into(), 6_578_630_137),
                ("2024-25".into(), "nhs".into(), 4_385_753_425),
                ("2025-26".into(), "asc".into(), 8_280_000_000),
                ("2025-26".into(), "nhs".into(), 5_520_000_000),
                ("2026-27".into(), "asc".into(), 8_280_000_000),
                ("2026-27".into(), "nhs".into(), 5_520_000_000),
                ("2027-28".into(), "asc".into(), 1_701_369_863),
                ("2027-28".into(), "nhs".into(), 1_134_246_575),
            ]
        );
        assert_eq!(years.total().pennies(), 41_400_000_000);
        // By month, each budget's months add to its year exactly.
        let months = project(&scenario, Granularity::Month).unwrap();
        for y in &years.rows {
            let sum: i64 = months
                .rows
                .iter()
                .filter(|m| m.year == y.year && m.budget == y.budget)
                .map(|m| m.amount.pennies())
                .sum();
            assert_eq!(sum, y.amount.pennies(), "{} {}", y.year, y.budget);
        }
    }

    proptest::proptest! {
        /// Whatever the line, term and shares: every row's pieces add back to the line's row,
        /// every budget's months add to its year, and a fixed amount is exact in each year.
        #[test]
        fn funded_rows_reconcile(
            day in 0i64..2000,
            months in 1u32..60,
            annual in 100_000i64..100_000_000_000,
            asc in 0u32..=1_000_000,
            fixed in 0i64..1_000_000,
        ) {
            let start = d(2020, 4, 1) + chrono::Duration::days(day);
            let percent = Decimal::new(i64::from(asc), 4);
            let entries = vec![
                Funding { budget: "asc".into(), share: FundingShare::Percent(percent) },
                Funding { budget: "send".into(), share: FundingShare::Amount(Money::from_pennies(fixed)) },
                Funding { budget: "nhs".into(), share: FundingShare::Remainder },
            ];
            let line = |funding: Vec<Funding>| Line {
                name: "l".into(),
                kind: LineKind::Service,
                budget: "home".into(),
                contract: 0,
                value: LineValue::Annual(Money::from_pennies(annual)),
                uplift: Uplift::None,
                uplift_at: UpliftAt::Anniversary,
                growth: crate::scenario::Growth::None,
                funded_uplift: None,
                funding,
                conventions: Default::default(),
            };
            let mut s = Scenario {
                title: "t".into(),
                paper: "p".into(),
                calendar: FyCalendar::UK,
                contracts: vec![Contract {
                    name: "c".into(),
                    term: Term::from_months(start, months).unwrap(),
                    break_clause: None,
                }],
                lines: vec![line(vec![])],
                savings: vec![],
                checks: vec![],
                trends: vec![],
                appraisal: None,
            };
            let plain = project(&s, Granularity::Month).unwrap();
            s.lines[0] = line(entries);
            let (years, funded) = match (
                project(&s, Granularity::Year),
                project(&s, Granularity::Month),
            ) {
                (Ok(y), Ok(m)) => (y, m),
                // A year too short to pay the fixed amount is refused, not fudged.
                (Err(ModelError::FundingExceedsCost { .. }), _) => return Ok(()),
                other => panic!("{other:?}"),
            };
            proptest::prop_assert_eq!(funded.rows.len(), plain.rows.len() * 3);
            for (row, pieces) in plain.rows.iter().zip(funded.rows.chunks(3)) {
                let sum: Money = pieces.iter().map(|p| p.amount).sum();
                proptest::prop_assert_eq!(sum, row.amount);
            }
            for y in &years.rows {
                let months: Money = funded
                    .rows
                    .iter()
                    .filter(|m| m.year == y.year && m.budget == y.budget)
                    .map(|m| m.amount)
                    .sum();
                proptest::prop_assert_eq!(months, y.amount);
                if y.budget == "send" {
                    proptest::prop_assert_eq!(y.amount.pennies(), fixed);
                }
                proptest::prop_assert!(!y.amount.is_negative());
            }
        }
    }
}
