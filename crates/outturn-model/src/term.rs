//! Contract terms: the initial term, optional extensions, phases and contract years.

use std::fmt;

use chrono::NaiveDate;

use crate::calendar::{add_months, Period};
use crate::error::ModelError;

/// An optional extension of a contract, of a whole number of months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extension {
    pub months: u32,
    /// Whether the scenario assumes the extension is taken.
    pub taken: bool,
}

/// Which part of a term a day falls in: `initial`, `extension-1`, `extension-2`, …
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PhaseId {
    Initial,
    /// The n-th extension, counted from 1.
    Extension(u32),
}

impl fmt::Display for PhaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhaseId::Initial => f.write_str("initial"),
            PhaseId::Extension(n) => write!(f, "extension-{n}"),
        }
    }
}

impl PhaseId {
    /// Reads `initial` or `extension-N` (N from 1).
    pub fn parse(text: &str) -> Option<PhaseId> {
        if text == "initial" {
            return Some(PhaseId::Initial);
        }
        let n: u32 = text.strip_prefix("extension-")?.parse().ok()?;
        (n >= 1).then_some(PhaseId::Extension(n))
    }
}

/// A phase of a term and the days it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phase {
    pub id: PhaseId,
    pub period: Period,
    pub taken: bool,
}

/// A contract year: from an anniversary of the start to the day before the next one, or to
/// the end of the contract if that comes first (a short final year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContractYear {
    /// 0 for the year from the start date, 1 from the first anniversary, …
    pub index: u32,
    pub period: Period,
    /// Days in a full year from the same anniversary: 366 when it holds a 29 February.
    pub full_days: u32,
}

/// A contract's term: the initial period and any extensions, each following the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    phases: Vec<Phase>,
}

impl Term {
    /// A term from `start` to `end` inclusive, followed by `extensions` in order.
    ///
    /// An extension of N months after a period ending on `e` ends the day before the same
    /// date N months after `e + 1 day`: 36 months after a term ending 31 March 2024 runs to
    /// 31 March 2027; 36 months after 14 June 2024 runs to 14 June 2027.
    ///
    /// # Errors
    /// The end is before the start; an extension has zero months; an extension is taken
    /// after one that is not (an extension can only follow the term that precedes it).
    pub fn new(
        start: NaiveDate,
        end: NaiveDate,
        extensions: &[Extension],
    ) -> Result<Term, ModelError> {
        if end < start {
            return Err(ModelError::EndBeforeStart { start, end });
        }
        let mut phases = vec![Phase {
            id: PhaseId::Initial,
            period: Period { start, end },
            taken: true,
        }];
        let mut prev_taken = true;
        for (i, ext) in extensions.iter().enumerate() {
            let n = i as u32 + 1;
            if ext.months == 0 {
                return Err(ModelError::EmptyExtension { extension: n });
            }
            if ext.taken && !prev_taken {
                return Err(ModelError::ExtensionAfterUntaken { extension: n });
            }
            prev_taken = ext.taken;
            let prev_end = phases[phases.len() - 1].period.end;
            let ext_start = prev_end.succ_opt().ok_or(ModelError::DateOutOfRange)?;
            let ext_end = add_months(ext_start, ext.months)
                .and_then(|d| d.pred_opt())
                .ok_or(ModelError::DateOutOfRange)?;
            phases.push(Phase {
                id: PhaseId::Extension(n),
                period: Period {
                    start: ext_start,
                    end: ext_end,
                },
                taken: ext.taken,
            });
        }
        Ok(Term { phases })
    }

    /// A term of `months` months from `start`, all taken: it ends the day before the same
    /// date `months` later (1 April 2025 for 36 months ends 31 March 2028).
    pub fn from_months(start: NaiveDate, months: u32) -> Result<Term, ModelError> {
        if months == 0 {
            return Err(ModelError::EmptyTerm);
        }
        let end = add_months(start, months)
            .and_then(|d| d.pred_opt())
            .ok_or(ModelError::DateOutOfRange)?;
        Term::new(start, end, &[])
    }

    pub fn start(&self) -> NaiveDate {
        self.phases[0].period.start
    }

    /// Every phase, taken or not, in order.
    pub fn phases(&self) -> &[Phase] {
        &self.phases
    }

    /// The phases the scenario assumes happen.
    pub fn taken_phases(&self) -> impl Iterator<Item = &Phase> {
        self.phases.iter().filter(|p| p.taken)
    }

    /// From the start to the end of the last taken phase.
    pub fn taken_period(&self) -> Period {
        let end = self
            .taken_phases()
            .last()
            .map_or(self.start(), |p| p.period.end);
        Period {
            start: self.start(),
            end,
        }
    }

    /// The contract years of the taken term, counted from the original start date.
    ///
    /// # Properties
    /// - anniversaries are the start date plus 12k months, clamped to the month's end, so a
    ///   29 February start has anniversaries on 28 February, and on 29 February in leap years;
    /// - the years tile the taken term exactly, with no gaps or overlaps;
    /// - only the last year can be short, and then `period.days() < full_days`.
    ///
    /// # Example
    /// A contract from 1 October 2022 modelled to 31 March 2023 has one short year of 182
    /// days, costed as 182 of the 365 days from 1 October 2022 to 30 September 2023. One from
    /// 15 June 2023 for two years has a first year of 366 days, as it holds 29 February 2024,
    /// and a second of 365.
    ///
    /// ```
    /// # use outturn_model::{term::Term, ModelError};
    /// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    /// let short = Term::new(date(2022, 10, 1), date(2023, 3, 31), &[])?.contract_years()?;
    /// assert_eq!((short.len(), short[0].period.days(), short[0].full_days), (1, 182, 365));
    /// let leap = Term::from_months(date(2023, 6, 15), 24)?.contract_years()?;
    /// let days: Vec<(u32, u32)> = leap.iter().map(|y| (y.period.days(), y.full_days)).collect();
    /// assert_eq!(days, [(366, 366), (365, 365)]);
    /// # Ok::<(), ModelError>(())
    /// ```
    pub fn contract_years(&self) -> Result<Vec<ContractYear>, ModelError> {
        let taken = self.taken_period();
        let mut years = Vec::new();
        let mut index = 0u32;
        loop {
            let anniversary =
                add_months(taken.start, 12 * index).ok_or(ModelError::DateOutOfRange)?;
            if anniversary > taken.end {
                return Ok(years);
            }
            let next =
                add_months(taken.start, 12 * (index + 1)).ok_or(ModelError::DateOutOfRange)?;
            let full_end = next.pred_opt().ok_or(ModelError::DateOutOfRange)?;
            let full = Period {
                start: anniversary,
                end: full_end,
            };
            years.push(ContractYear {
                index,
                period: Period {
                    start: anniversary,
                    end: full_end.min(taken.end),
                },
                full_days: full.days(),
            });
            index += 1;
        }
    }
}

impl Term {
    /// The term ended early on `last_day` (a break clause): phases that start after it are
    /// no longer taken, and the phase holding it ends on it, so the contract year holding it
    /// becomes a short final year, costed by days like any other.
    ///
    /// # Example
    /// A term from 1 April 2021 to 31 March 2024 with extensions of 24 and 12 months, broken
    /// on 30 September 2024: the first extension ends on the break, the second is not taken,
    /// and the last contract year is 1 April to 30 September 2024, 183 of 365 days.
    ///
    /// ```
    /// # use outturn_model::term::{Extension, Term};
    /// # use outturn_model::ModelError;
    /// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    /// let extensions = [Extension { months: 24, taken: true }, Extension { months: 12, taken: true }];
    /// let term = Term::new(date(2021, 4, 1), date(2024, 3, 31), &extensions)?;
    /// let broken = term.broken_at(date(2024, 9, 30))?;
    /// assert_eq!(broken.phases()[1].period.end, date(2024, 9, 30));
    /// assert!(!broken.phases()[2].taken);
    /// let last = *broken.contract_years()?.last().expect("a year");
    /// assert_eq!((last.period.days(), last.full_days), (183, 365));
    /// # Ok::<(), ModelError>(())
    /// ```
    ///
    /// # Errors
    /// `last_day` is outside the taken term.
    pub fn broken_at(&self, last_day: NaiveDate) -> Result<Term, ModelError> {
        let taken = self.taken_period();
        if last_day < taken.start || last_day > taken.end {
            return Err(ModelError::BreakOutsideTerm {
                on: last_day,
                start: taken.start,
                end: taken.end,
            });
        }
        let phases = self
            .phases
            .iter()
            .map(|p| {
                let mut p = *p;
                if p.period.start > last_day {
                    p.taken = false;
                } else if p.period.end > last_day {
                    p.period.end = last_day;
                }
                p
            })
            .collect();
        Ok(Term { phases })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testkit::d;

    fn summary(term: &Term) -> Vec<(u32, NaiveDate, NaiveDate, u32, u32)> {
        term.contract_years()
            .unwrap()
            .iter()
            .map(|y| {
                (
                    y.index,
                    y.period.start,
                    y.period.end,
                    y.period.days(),
                    y.full_days,
                )
            })
            .collect()
    }

    #[test]
    fn extensions_follow_the_term() {
        let ext = [Extension {
            months: 36,
            taken: true,
        }];
        let term = Term::new(d(2021, 4, 1), d(2024, 3, 31), &ext).unwrap();
        assert_eq!(term.phases()[1].period.start, d(2024, 4, 1));
        assert_eq!(term.phases()[1].period.end, d(2027, 3, 31));
        assert_eq!(term.phases()[1].id.to_string(), "extension-1");
        let sl = Term::new(d(2019, 6, 15), d(2024, 6, 14), &ext).unwrap();
        assert_eq!(sl.phases()[1].period.end, d(2027, 6, 14));
    }

    #[test]
    fn untaken_extensions_are_not_in_the_taken_term() {
        let ext = [
            Extension {
                months: 12,
                taken: true,
            },
            Extension {
                months: 12,
                taken: false,
            },
        ];
        let term = Term::new(d(2025, 4, 1), d(2028, 3, 31), &ext).unwrap();
        assert_eq!(term.taken_period().end, d(2029, 3, 31));
        assert_eq!(term.contract_years().unwrap().len(), 4);
    }

    #[test]
    fn a_taken_extension_cannot_follow_an_untaken_one() {
        let ext = [
            Extension {
                months: 12,
                taken: false,
            },
            Extension {
                months: 12,
                taken: true,
            },
        ];
        assert_eq!(
            Term::new(d(2025, 4, 1), d(2028, 3, 31), &ext),
            Err(ModelError::ExtensionAfterUntaken { extension: 2 })
        );
    }

    #[test]
    fn end_before_start_and_empty_terms_are_refused() {
        assert!(matches!(
            Term::new(d(2025, 4, 1), d(2025, 3, 31), &[]),
            Err(ModelError::EndBeforeStart { .. })
        ));
        assert_eq!(
            Term::from_months(d(2025, 4, 1), 0),
            Err(ModelError::EmptyTerm)
        );
    }

    #[test]
    fn a_1_october_start_with_a_short_final_year() {
        // The new day-opportunities contract, modelled to 31 March 2023: one short year of
        // 182 days out of the 365 from 1 October 2022 to 30 September 2023.
        let term = Term::new(d(2022, 10, 1), d(2023, 3, 31), &[]).unwrap();
        assert_eq!(
            summary(&term),
            [(0, d(2022, 10, 1), d(2023, 3, 31), 182, 365)]
        );
    }

    #[test]
    fn a_15_june_start_has_full_years() {
        let term = Term::new(d(2024, 6, 15), d(2027, 6, 14), &[]).unwrap();
        let years = summary(&term);
        assert_eq!(years.len(), 3);
        assert!(years.iter().all(|y| y.3 == 365 && y.4 == 365));
        assert_eq!(years[2].2, d(2027, 6, 14));
    }

    #[test]
    fn a_29_february_start_counts_anniversaries_from_the_start() {
        let term = Term::from_months(d(2024, 2, 29), 60).unwrap();
        assert_eq!(term.taken_period().end, d(2029, 2, 27));
        let years = summary(&term);
        assert_eq!(years[0], (0, d(2024, 2, 29), d(2025, 2, 27), 365, 365));
        assert_eq!(years[3].1, d(2027, 2, 28));
        // The year from 28 February 2027 runs to 28 February 2028: 366 days, as 2028 is a
        // leap year and the next anniversary is 29 February 2028.
        assert_eq!(years[3], (3, d(2027, 2, 28), d(2028, 2, 28), 366, 366));
        assert_eq!(years[4].1, d(2028, 2, 29));
    }

    #[test]
    fn a_31st_of_month_start_clamps_at_short_months() {
        let term = Term::from_months(d(2023, 8, 31), 18).unwrap();
        // 31 August 2023 + 18 months = 29 February 2025 clamps to 28 February 2025; the
        // term's last day is 27 February 2025.
        assert_eq!(term.taken_period().end, d(2025, 2, 27));
        let years = summary(&term);
        assert_eq!(years[1], (1, d(2024, 8, 31), d(2025, 2, 27), 181, 365));
    }

    #[test]
    fn a_one_day_term() {
        let term = Term::new(d(2024, 2, 29), d(2024, 2, 29), &[]).unwrap();
        assert_eq!(
            summary(&term),
            [(0, d(2024, 2, 29), d(2024, 2, 29), 1, 365)]
        );
    }
}
