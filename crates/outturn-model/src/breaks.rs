//! Break clauses: a contract (or an extension) ended early, and what ending it avoids.
//!
//! A break is stated as the last day of service and a notice period in whole months. The
//! contract's term is cut at the break ([`Term::broken_at`]): phases after it are no longer
//! taken, the phase holding it ends on it, and the contract year holding it becomes a short
//! final year, costed by days like any other. The unbroken term is kept beside it, so the
//! cost of the full term can be shown against the cost with the break.
//!
//! Worked example (24/00005): the supported-living extension, 15 June 2024 to 14 June 2027 at
//! £138m a year, broken on 31 March 2025 with 3 months' notice. Notice must be served by
//! 1 January 2025 (1 April 2025 less 3 months). The short year is 290 of 365 days of £138m =
//! £109,643,835.616… → £109,643,835.62, all in 2024-25; the full term is £414,000,000.00, so
//! the break avoids £414,000,000.00 − £109,643,835.62 = £304,356,164.38.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};

use crate::calendar::FinancialYear;
use crate::error::ModelError;
use crate::money::Money;
use crate::projection::{project, Granularity};
use crate::scenario::Scenario;
use crate::term::Term;

/// A break clause exercised: the contract ends on `on` instead of at the end of its term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// The last day of service.
    pub on: NaiveDate,
    /// The notice period, in whole months (at least 1).
    pub notice_months: u32,
    /// The last day notice can be served: [`notice_date`].
    pub notice_by: NaiveDate,
    /// The term as it would run without the break.
    pub unbroken: Term,
}

/// The last day notice of a break on `on` can be served: the day after `on`, less
/// `notice_months` months, clamped to the month's end as anniversaries are.
///
/// # Properties
/// - a break on 31 March 2025 with 3 months' notice: notice by 1 January 2025;
/// - a break on 30 May 2025 with 3 months' notice: 31 May less 3 months is 28 February 2025
///   (the 31st clamped to February's end).
///
/// ```
/// # use outturn_model::breaks::notice_date;
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// assert_eq!(notice_date(date(2025, 3, 31), 3), Some(date(2025, 1, 1)));
/// assert_eq!(notice_date(date(2025, 5, 30), 3), Some(date(2025, 2, 28)));
/// ```
pub fn notice_date(on: NaiveDate, notice_months: u32) -> Option<NaiveDate> {
    on.succ_opt()?
        .checked_sub_months(Months::new(notice_months))
}

impl Break {
    /// Breaks `term` on `on` with `notice_months` months' notice: the broken term, and the
    /// break (which keeps the unbroken term).
    ///
    /// # Errors
    /// No notice; the break date outside the taken term; a notice date before the contract
    /// starts (notice could never have been served under this contract).
    pub fn apply(
        term: &Term,
        on: NaiveDate,
        notice_months: u32,
    ) -> Result<(Term, Break), ModelError> {
        if notice_months == 0 {
            return Err(ModelError::NoNotice);
        }
        let broken = term.broken_at(on)?;
        let notice_by = notice_date(on, notice_months).ok_or(ModelError::DateOutOfRange)?;
        if notice_by < term.start() {
            return Err(ModelError::NoticeBeforeStart {
                on,
                months: notice_months,
                notice: notice_by,
                start: term.start(),
            });
        }
        Ok((
            broken,
            Break {
                on,
                notice_months,
                notice_by,
                unbroken: term.clone(),
            },
        ))
    }
}

/// The scenario with every break lifted: each broken contract on its unbroken term.
pub fn without_breaks(scenario: &Scenario) -> Scenario {
    let mut full = scenario.clone();
    for contract in &mut full.contracts {
        if let Some(b) = contract.break_clause.take() {
            contract.term = b.unbroken;
        }
    }
    full
}

/// Spend of a broken contract in one phase and financial year, with and without the break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakRow {
    pub contract: String,
    pub phase: String,
    pub year: FinancialYear,
    pub full_term: Money,
    pub with_break: Money,
}

impl BreakRow {
    /// What the break avoids: the full term's spend less the spend with the break.
    pub fn avoided(&self) -> Money {
        self.full_term - self.with_break
    }
}

/// A broken contract: its break, and its spend by phase and year with and without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakComparison {
    pub contract: String,
    pub clause: Break,
    /// By year, then phase; every phase and year of the unbroken term.
    pub rows: Vec<BreakRow>,
}

impl BreakComparison {
    pub fn full_term(&self) -> Money {
        self.rows.iter().map(|r| r.full_term).sum()
    }
    pub fn with_break(&self) -> Money {
        self.rows.iter().map(|r| r.with_break).sum()
    }
    pub fn avoided(&self) -> Money {
        self.full_term() - self.with_break()
    }
}

/// For each contract with a break, its spend (every line and saving of it) by phase and
/// financial year over the full term beside the spend with the break. Both sides are full
/// projections, so each obeys every rounding rule; nothing is scaled.
///
/// # Example
/// The module's worked example: £138m a year from 15 June 2024 to 14 June 2027, broken on
/// 31 March 2025 with 3 months' notice. With the break: 290 of 365 days of £138m =
/// £109,643,835.616… → £109,643,835.62. The full term: 3 × £138m = £414,000,000.00. Avoided:
/// £304,356,164.38, nothing of it in 2024-25, £138m in each of 2025-26 and 2026-27 and
/// £28,356,164.38 in 2027-28.
///
/// ```
/// # use outturn_model::breaks::{compare, Break};
/// # use outturn_model::scenario::*;
/// # use outturn_model::{term::Term, FyCalendar, Money, ModelError};
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// # let line = |name: &str, value| Line { name: name.into(), kind: LineKind::Service,
/// #     budget: "asc".into(), contract: 0, value, uplift: Uplift::None,
/// #     uplift_at: UpliftAt::Anniversary, growth: Growth::None, funded_uplift: None,
/// #     funding: vec![], conventions: Default::default() };
/// let full_term = Term::new(date(2024, 6, 15), date(2027, 6, 14), &[])?;
/// let (term, clause) = Break::apply(&full_term, date(2025, 3, 31), 3)?;
/// assert_eq!(clause.notice_by, date(2025, 1, 1));
/// let contract = Contract { name: "supported-living".into(), term, break_clause: Some(clause) };
/// let care = line("care", LineValue::Annual(Money::from_pennies(13_800_000_000)));
/// # let scenario = Scenario { title: "t".into(), paper: "p".into(),
/// #     calendar: FyCalendar::UK, contracts: vec![contract], lines: vec![care],
/// #     savings: vec![], checks: vec![], trends: vec![], appraisal: None };
/// let broken = &compare(&scenario)?[0];
/// assert_eq!(broken.with_break(), Money::from_pennies(10_964_383_562));
/// assert_eq!(broken.full_term(), Money::from_pennies(41_400_000_000));
/// assert_eq!(broken.avoided(), Money::from_pennies(30_435_616_438));
/// let avoided: Vec<String> = broken.rows.iter().map(|r| format!("{} {}", r.year, r.avoided())).collect();
/// assert_eq!(avoided, [
///     "2024-25 £0.00", "2025-26 £138,000,000.00",
///     "2026-27 £138,000,000.00", "2027-28 £28,356,164.38",
/// ]);
/// # Ok::<(), ModelError>(())
/// ```
///
/// # Errors
/// Whatever projecting either side gives.
pub fn compare(scenario: &Scenario) -> Result<Vec<BreakComparison>, ModelError> {
    let broken: Vec<_> = scenario
        .contracts
        .iter()
        .filter_map(|c| Some((c.name.clone(), c.break_clause.clone()?)))
        .collect();
    if broken.is_empty() {
        return Ok(Vec::new());
    }
    let with = project(scenario, Granularity::Year)?;
    let full = project(&without_breaks(scenario), Granularity::Year)?;
    let mut out = Vec::new();
    for (name, clause) in broken {
        let mut cells: BTreeMap<(FinancialYear, String), (Money, Money)> = BTreeMap::new();
        for r in full.rows.iter().filter(|r| r.contract == name) {
            cells.entry((r.year, r.phase.clone())).or_default().0 += r.amount;
        }
        for r in with.rows.iter().filter(|r| r.contract == name) {
            cells.entry((r.year, r.phase.clone())).or_default().1 += r.amount;
        }
        let rows = cells
            .into_iter()
            .map(|((year, phase), (full_term, with_break))| BreakRow {
                contract: name.clone(),
                phase,
                year,
                full_term,
                with_break,
            })
            .collect();
        out.push(BreakComparison {
            contract: name,
            clause,
            rows,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    //! Figures worked by hand; the arithmetic is in the comments.
    use super::*;
    use crate::scenario::LineValue;
    use crate::term::{Extension, PhaseId};
    use crate::testkit::{self, d};

    fn scenario(term: Term, annual: i64, brk: Option<(NaiveDate, u32)>) -> Scenario {
        let (term, break_clause) = match brk {
            Some((on, months)) => {
                let (t, b) = Break::apply(&term, on, months).unwrap();
                (t, Some(b))
            }
            None => (term, None),
        };
        let line = testkit::line("l", LineValue::Annual(testkit::pounds(annual)));
        let mut s = testkit::scenario(&[(term.start(), term.start())], vec![line]);
        s.contracts[0].term = term;
        s.contracts[0].break_clause = break_clause;
        s
    }

    #[test]
    fn notice_dates() {
        // The day after the break, less the notice: 1 April 2025 − 3 months = 1 January 2025.
        assert_eq!(notice_date(d(2025, 3, 31), 3), Some(d(2025, 1, 1)));
        // 31 May 2025 − 3 months = 31 February, clamped to 28 February 2025.
        assert_eq!(notice_date(d(2025, 5, 30), 3), Some(d(2025, 2, 28)));
        // 1 March 2024 − 12 months = 1 March 2023.
        assert_eq!(notice_date(d(2024, 2, 29), 12), Some(d(2023, 3, 1)));
    }

    #[test]
    fn supported_living_extension_broken_on_31_march_2025() {
        // 15 June 2024 to 14 June 2027 at £138m: full term 3 × £138m = £414,000,000.00.
        // Broken on 31 March 2025: 15 June 2024 to 31 March 2025 is 16 + 31 + 31 + 30 + 31 +
        // 30 + 31 + 31 + 28 + 31 = 290 days of 365; 138,000,000 × 290 / 365 =
        // 109,643,835.6164… → £109,643,835.62. Avoided: 414,000,000 − 109,643,835.62 =
        // £304,356,164.38; in 2024-25 the full term also spends £109,643,835.62, so nothing
        // is avoided that year; 2025-26 and 2026-27 avoid £138m each, 2027-28 £28,356,164.38.
        let term = Term::new(d(2024, 6, 15), d(2027, 6, 14), &[]).unwrap();
        let s = scenario(term, 138_000_000, Some((d(2025, 3, 31), 3)));
        let cmp = compare(&s).unwrap();
        assert_eq!(cmp.len(), 1);
        let c = &cmp[0];
        assert_eq!(c.clause.notice_by, d(2025, 1, 1));
        assert_eq!(c.full_term().pennies(), 41_400_000_000);
        assert_eq!(c.with_break().pennies(), 10_964_383_562);
        assert_eq!(c.avoided().pennies(), 30_435_616_438);
        let rows: Vec<_> = c
            .rows
            .iter()
            .map(|r| {
                (
                    r.year.to_string(),
                    r.full_term.pennies(),
                    r.with_break.pennies(),
                    r.avoided().pennies(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("2024-25".into(), 10_964_383_562, 10_964_383_562, 0),
                ("2025-26".into(), 13_800_000_000, 0, 13_800_000_000),
                ("2026-27".into(), 13_800_000_000, 0, 13_800_000_000),
                ("2027-28".into(), 2_835_616_438, 0, 2_835_616_438),
            ]
        );
    }

    #[test]
    fn a_break_in_an_extension_cuts_it_and_drops_the_later_ones() {
        // Initial 1 April 2021 – 31 March 2024, extension-1 of 24 months to 31 March 2026,
        // extension-2 of 12 months to 31 March 2027; broken on 30 September 2024.
        let ext = [
            Extension {
                months: 24,
                taken: true,
            },
            Extension {
                months: 12,
                taken: true,
            },
        ];
        let term = Term::new(d(2021, 4, 1), d(2024, 3, 31), &ext).unwrap();
        let broken = term.broken_at(d(2024, 9, 30)).unwrap();
        let phases = broken.phases();
        assert_eq!(phases[0].period.end, d(2024, 3, 31));
        assert_eq!(phases[1].id, PhaseId::Extension(1));
        assert_eq!(phases[1].period.end, d(2024, 9, 30));
        assert!(phases[1].taken);
        assert!(!phases[2].taken);
        // £100,000 a year: contract year 4 (1 April – 30 September 2024) is 183 of 365 days:
        // 100,000 × 183 / 365 = 50,136.986… → £50,136.99. Full term 6 × £100,000.
        let s = scenario(term, 100_000, Some((d(2024, 9, 30), 6)));
        let c = &compare(&s).unwrap()[0];
        // Notice: 1 October 2024 − 6 months = 1 April 2024.
        assert_eq!(c.clause.notice_by, d(2024, 4, 1));
        assert_eq!(c.with_break().pennies(), 30_000_000 + 5_013_699);
        assert_eq!(c.full_term().pennies(), 60_000_000);
        assert_eq!(c.avoided().pennies(), 60_000_000 - 35_013_699);
    }

    #[test]
    fn break_errors() {
        let term = Term::new(d(2024, 6, 15), d(2027, 6, 14), &[]).unwrap();
        assert_eq!(
            Break::apply(&term, d(2027, 6, 15), 3).unwrap_err(),
            ModelError::BreakOutsideTerm {
                on: d(2027, 6, 15),
                start: d(2024, 6, 15),
                end: d(2027, 6, 14)
            }
        );
        assert_eq!(
            Break::apply(&term, d(2024, 6, 14), 3).unwrap_err(),
            ModelError::BreakOutsideTerm {
                on: d(2024, 6, 14),
                start: d(2024, 6, 15),
                end: d(2027, 6, 14)
            }
        );
        assert_eq!(
            Break::apply(&term, d(2025, 3, 31), 0).unwrap_err(),
            ModelError::NoNotice
        );
        // A break on 30 September 2024 with 6 months' notice: notice by 1 April 2024, before
        // the 15 June 2024 start.
        assert_eq!(
            Break::apply(&term, d(2024, 9, 30), 6).unwrap_err(),
            ModelError::NoticeBeforeStart {
                on: d(2024, 9, 30),
                months: 6,
                notice: d(2024, 4, 1),
                start: d(2024, 6, 15)
            }
        );
        // The last day of the term is a valid (if pointless) break: nothing is avoided.
        let s = scenario(term, 1_000, Some((d(2027, 6, 14), 3)));
        assert_eq!(compare(&s).unwrap()[0].avoided(), Money::ZERO);
    }

    #[test]
    fn no_break_no_comparison() {
        let term = Term::new(d(2024, 6, 15), d(2027, 6, 14), &[]).unwrap();
        assert!(compare(&scenario(term, 1, None)).unwrap().is_empty());
    }
}
