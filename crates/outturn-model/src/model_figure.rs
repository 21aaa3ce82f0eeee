//! The figures of the model a check can name besides a sum of the projection's rows: the rate
//! a driver line pays (after uplift and a payment system's rounding) and the uplift that takes
//! effect, the net, VAT or gross of rows of lines that state VAT, and the scenario's present
//! value or equivalent annual cost.
//!
//! Each is worked by the same rules the projection uses ([`crate::uplift`],
//! [`crate::rounding`], [`crate::vat`], [`crate::discount`]), so a printed rate or present
//! value is set against the figure the model's costs were built from. The check then reads
//! the printed figure at its precision like any other ([`crate::check`]).

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::{FinancialYear, Period};
use crate::check::CheckError;
use crate::discount::{appraise, cash_by_year};
use crate::money::{group_thousands, Money};
use crate::projection::{Projection, Row};
use crate::rounding::{rounded_rates, RateRounding, RateStep};
use crate::scenario::{Compounding, Line, LineValue, Scenario};
use crate::uplift;

/// Which amount of a row a check adds up: its cost to the budget (every row has one), or,
/// for a line that states VAT, its net, its VAT or its gross.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Amount {
    #[default]
    Cost,
    Net,
    Vat,
    Gross,
}

impl Amount {
    /// A row's amount of this kind. The cost is the net when the VAT is recoverable and the
    /// gross when not, so the other is the cost less or plus the row's VAT. A row of a line
    /// without VAT has no VAT: its net and gross are its cost.
    ///
    /// # Example
    /// £250,000.00 a year net at 20%, not recoverable: the row's cost is the gross,
    /// £300,000.00, with VAT £50,000.00, so its net is £250,000.00.
    ///
    /// ```
    /// # use outturn_model::model_figure::Amount;
    /// # use outturn_model::projection::{Part, Row, Source};
    /// # use outturn_model::scenario::LineKind;
    /// # use outturn_model::vat::{Stated, Vat};
    /// # use outturn_model::{FyCalendar, Money, Period};
    /// # use rust_decimal_macros::dec;
    /// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    /// let vat = Vat { rate: dec!(20), stated: Stated::Net, recoverable: false };
    /// let amounts = vat.amounts(Money::from_pennies(25_000_000))?;
    /// # let row = Row {
    /// #     line: "care".into(), kind: LineKind::Service, budget: "b".into(), contract: "c".into(),
    /// #     phase: "initial".into(), year: FyCalendar::UK.year_of(date(2024, 4, 1)),
    /// #     period: Period { start: date(2024, 4, 1), end: date(2025, 3, 31) },
    /// #     amount: amounts.cost, funding: None, vat: Some(amounts.vat),
    /// #     parts: vec![Part { source: Source::Stated { year: FyCalendar::UK.year_of(date(2024, 4, 1)),
    /// #         amount: amounts.cost }, shares: vec![], running: None, vat: Some(amounts) }],
    /// # };
    /// assert_eq!(Amount::Cost.of(&row), dec!(300000.00));
    /// assert_eq!(Amount::Vat.of(&row), dec!(50000.00));
    /// assert_eq!(Amount::Net.of(&row), dec!(250000.00));
    /// # Ok::<(), outturn_model::ModelError>(())
    /// ```
    pub fn of(self, row: &Row) -> Decimal {
        let cost = row.amount.as_decimal();
        let vat = row.vat.map_or(Decimal::ZERO, Money::as_decimal);
        // Every piece of a VAT line's row carries the line's VAT; recoverable is the line's.
        let recoverable = row
            .parts
            .iter()
            .find_map(|p| p.vat)
            .is_none_or(|a| a.of.recoverable);
        match (self, recoverable) {
            (Amount::Cost, _) | (Amount::Net, true) | (Amount::Gross, false) => cost,
            (Amount::Vat, _) => vat,
            (Amount::Net, false) => cost - vat,
            (Amount::Gross, true) => cost + vat,
        }
    }

    pub const ALL: [Amount; 4] = [Amount::Cost, Amount::Net, Amount::Vat, Amount::Gross];

    pub fn parse(text: &str) -> Option<Amount> {
        Amount::ALL.into_iter().find(|a| a.to_string() == text)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Amount::Cost => "cost",
            Amount::Net => "net",
            Amount::Vat => "vat",
            Amount::Gross => "gross",
        })
    }
}

/// When a rate is asked for: in a financial year (which must have one rate, or one uplift),
/// or on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Year(FinancialYear),
    Date(NaiveDate),
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Year(y) => write!(f, "in {y}"),
            When::Date(d) => write!(f, "on {d}"),
        }
    }
}

/// Which rate of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateOf {
    /// The rate a driver line pays per unit (per hour, per week): the stated rate uplifted,
    /// and rounded to the payment system's step when the line says so.
    Paid,
    /// The uplift (a percentage) taking effect: a flat rate, a schedule's, or an index's.
    Uplift,
}

/// A line's rate at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateFigure {
    pub line: String,
    pub of: RateOf,
    pub when: When,
}

/// What the scenario's appraisal gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppraisalFigure {
    PresentValue,
    EquivalentAnnualCost,
}

/// A figure of the model found, and how it was reached (for the verdict's why).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub value: Decimal,
    pub working: Working,
}

/// How a figure other than a cost to the budget was reached, in words for the why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Working {
    /// A line's rate from a date: as stated, or reached by a step from the rate before.
    Rate {
        line: String,
        from: NaiveDate,
        rate: Decimal,
        step: Option<(RateStep, Compounding)>,
        rounding: Option<RateRounding>,
    },
    /// The uplift taking effect on a date, in percent.
    Uplift {
        line: String,
        on: NaiveDate,
        rate: Decimal,
    },
    /// The net, VAT or gross of the rows, not their cost to the budget.
    Amount(Amount),
    /// The appraisal's present value, and the annuity factor the equivalent annual cost is
    /// it divided by.
    Appraisal {
        figure: AppraisalFigure,
        base_year: FinancialYear,
        present_value: Money,
        annuity_factor: Decimal,
    },
}

/// `£21.61848`, `£1,125,280.00`: pounds with at least two places, every digit kept.
fn pounds(d: Decimal) -> String {
    let d = d.normalize();
    let text = d.abs().to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if d.is_sign_negative() { "-" } else { "" };
    format!("{sign}£{}.{fraction:0<2}", group_thousands(whole))
}

impl fmt::Display for Working {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Working::Rate {
                line,
                from,
                rate,
                step: None,
                ..
            } => write!(f, "the rate of {line} from {from} is as stated, {}", pounds(*rate)),
            Working::Rate {
                line,
                from,
                rate,
                step: Some((step, compounding)),
                rounding,
            } => {
                let uplift = (step.increase * Decimal::ONE_HUNDRED).normalize();
                write!(f, "the rate of {line} from {from}: ")?;
                match compounding {
                    Compounding::Compound => write!(
                        f,
                        "{} × {} = {}",
                        pounds(step.from),
                        (Decimal::ONE + step.increase).normalize(),
                        pounds(step.exact)
                    )?,
                    Compounding::Simple => write!(
                        f,
                        "{} + {uplift}% of the rate stated = {}",
                        pounds(step.from),
                        pounds(step.exact)
                    )?,
                }
                match rounding {
                    Some(r) => write!(
                        f,
                        ", rounded {} to a multiple of {}: {}",
                        r.direction,
                        pounds(r.step),
                        pounds(*rate)
                    ),
                    None => Ok(()),
                }
            }
            Working::Uplift { line, on, rate } => {
                write!(f, "the uplift of {line} on {on} is {}%", rate.normalize())
            }
            Working::Amount(a) => {
                let what = match a {
                    Amount::Vat => "the VAT",
                    Amount::Net => "the net",
                    Amount::Gross => "the gross",
                    Amount::Cost => "the cost to the budget",
                };
                write!(f, "{what} of the rows (net + VAT = gross in each)")
            }
            Working::Appraisal {
                figure: AppraisalFigure::PresentValue,
                base_year,
                present_value,
                ..
            } => write!(
                f,
                "the present value, each year's cash discounted to {base_year} and added, rounded once: {present_value}"
            ),
            Working::Appraisal {
                figure: AppraisalFigure::EquivalentAnnualCost,
                present_value,
                annuity_factor,
                ..
            } => write!(
                f,
                "the equivalent annual cost, the present value {present_value} over the annuity factor {annuity_factor}"
            ),
        }
    }
}

/// A rate in force from a date: the rate stated from the start of the term, then the rate
/// after each uplift date.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RateFrom {
    from: NaiveDate,
    rate: Decimal,
    step: Option<RateStep>,
}

/// A driver line's rate paid from each date: each uplift on the rate paid before (or the
/// rate stated, with simple uplift), rounded to the payment system's step when the line has
/// one ([`rounded_rates`]), as the projection costs it ([`uplift::paid_rate`]).
fn paid_rates(
    line: &Line,
    base: Decimal,
    start: NaiveDate,
    dates: &[NaiveDate],
    rates: &[Decimal],
) -> Result<Vec<RateFrom>, crate::ModelError> {
    let increases: Vec<Decimal> = rates.iter().map(|r| r / Decimal::ONE_HUNDRED).collect();
    let simple = line.conventions.compounding == Compounding::Simple;
    let steps = match line.conventions.rate_rounding {
        Some(rounding) => rounded_rates(base, &increases, simple, rounding)?,
        None => {
            // Unrounded: the stated rate times the price index of the dates reached.
            let mut steps: Vec<RateStep> = Vec::with_capacity(rates.len());
            for k in 1..=rates.len() {
                let factors = uplift::price_factors(&rates[..k], line.conventions.compounding);
                let exact = factors
                    .iter()
                    .try_fold(base, |r, f| r.checked_mul(*f))
                    .ok_or(crate::ModelError::Overflow)?;
                let from = steps.last().map_or(base, |s| s.rounded);
                steps.push(RateStep {
                    from,
                    increase: increases[k - 1],
                    exact,
                    rounded: exact,
                });
            }
            steps
        }
    };
    let first = RateFrom {
        from: start,
        rate: base,
        step: None,
    };
    Ok(std::iter::once(first)
        .chain(dates.iter().zip(steps).map(|(d, s)| RateFrom {
            from: *d,
            rate: s.rounded,
            step: Some(s),
        }))
        .collect())
}

impl RateFigure {
    /// The rate, or the uplift, of the line at the time asked.
    ///
    /// # Example
    /// City of Wolverhampton Council's homecare, £20.28 an hour, 6.6% from 1 April 2025,
    /// rounded up to 4p: in 2025-26 the rate paid is £20.28 × 1.066 = £21.61848 → £21.64, and
    /// the uplift that takes effect in 2025-26 is 6.6%.
    ///
    /// ```
    /// # use outturn_model::drivers::{Drivers, Rate, RateBasis};
    /// # use outturn_model::model_figure::{RateFigure, RateOf, When};
    /// # use outturn_model::rounding::{Direction, RateRounding};
    /// # use outturn_model::scenario::*;
    /// # use outturn_model::{term::Term, FyCalendar};
    /// # use rust_decimal_macros::dec;
    /// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    /// let drivers = Drivers { volume: dec!(100), unit: "people".into(), per_week: Some(dec!(10)),
    ///     weeks_per_year: dec!(52), per: RateBasis::Hour, rate: Rate::Flat(dec!(20.28)) };
    /// # let mut line = Line { name: "homecare".into(), kind: LineKind::Service,
    /// #     budget: "asc".into(), contract: 0, value: LineValue::Drivers(drivers),
    /// #     uplift: Uplift::Flat(dec!(6.6)), uplift_at: UpliftAt::FinancialYear, growth: Growth::None,
    /// #     funded_uplift: None, funding: vec![], conventions: Default::default() };
    /// line.conventions.rate_rounding = Some(RateRounding { step: dec!(0.04), direction: Direction::Up });
    /// # let term = Term::new(date(2024, 4, 1), date(2026, 3, 31), &[]).expect("a term");
    /// # let scenario = Scenario { title: "t".into(), paper: "p".into(), calendar: FyCalendar::UK,
    /// #     contracts: vec![Contract { name: "c".into(), term, break_clause: None }],
    /// #     lines: vec![line], savings: vec![], checks: vec![], trends: vec![], appraisal: None };
    /// let year = When::Year(FyCalendar::UK.parse_year("2025-26").expect("a year"));
    /// let paid = RateFigure { line: "homecare".into(), of: RateOf::Paid, when: year };
    /// let found = paid.found("rate", &scenario)?;
    /// assert_eq!(found.value, dec!(21.64));
    /// assert_eq!(
    ///     found.working.to_string(),
    ///     "the rate of homecare from 2025-04-01: £20.28 × 1.066 = £21.61848, rounded up to a multiple of £0.04: £21.64"
    /// );
    /// let uplift = RateFigure { of: RateOf::Uplift, ..paid };
    /// assert_eq!(uplift.found("uplift", &scenario)?.value, dec!(6.6));
    /// # Ok::<(), outturn_model::check::CheckError>(())
    /// ```
    ///
    /// # Errors
    /// A line the scenario does not have; a rate of a line not costed from its own rate; a
    /// time outside the line's term; a year in which the rate changes, or in which no uplift
    /// (or more than one) takes effect.
    pub fn found(&self, name: &str, scenario: &Scenario) -> Result<Found, CheckError> {
        let name = || name.to_string();
        let line = scenario
            .lines
            .iter()
            .find(|l| l.name == self.line)
            .ok_or_else(|| CheckError::UnknownLine {
                name: name(),
                target: self.line.clone(),
                known: crate::check::listing(
                    "lines",
                    &scenario
                        .lines
                        .iter()
                        .map(|l| l.name.clone())
                        .collect::<Vec<_>>(),
                ),
            })?;
        let term = &scenario.contracts[line.contract].term;
        let taken = term.taken_period();
        let asked = match self.when {
            When::Year(y) => Period {
                start: y.start(),
                end: y.end(),
            },
            When::Date(d) => Period { start: d, end: d },
        };
        let span = taken
            .overlap(asked)
            .ok_or_else(|| CheckError::RateOutsideTerm {
                name: name(),
                line: line.name.clone(),
                when: self.when.to_string(),
                start: taken.start,
                end: taken.end,
            })?;
        let model = |e: crate::ModelError| CheckError::Model {
            name: name(),
            message: e.to_string(),
        };
        let years = term.contract_years().map_err(model)?;
        let dates = uplift::dates(line, term, &years, scenario.calendar);
        let rates = uplift::rates(line, &dates).map_err(model)?;
        match self.of {
            RateOf::Paid => {
                let LineValue::Drivers(drivers) = &line.value else {
                    return Err(CheckError::NoRate {
                        name: name(),
                        line: line.name.clone(),
                    });
                };
                let base = drivers.rate_per().map_err(model)?;
                let series = paid_rates(line, base, taken.start, &dates, &rates).map_err(model)?;
                self.rate_in(name(), line, &series, span)
            }
            RateOf::Uplift => self.uplift_in(name(), line, &dates, &rates, span),
        }
    }

    /// The one uplift taking effect over `span`.
    fn uplift_in(
        &self,
        name: String,
        line: &Line,
        dates: &[NaiveDate],
        rates: &[Decimal],
        span: Period,
    ) -> Result<Found, CheckError> {
        let taking: Vec<(NaiveDate, Decimal)> = dates
            .iter()
            .zip(rates)
            .filter(|(d, _)| span.start <= **d && **d <= span.end)
            .map(|(d, r)| (*d, *r))
            .collect();
        match taking.as_slice() {
            [(on, rate)] => Ok(Found {
                value: *rate,
                working: Working::Uplift {
                    line: line.name.clone(),
                    on: *on,
                    rate: *rate,
                },
            }),
            _ => Err(CheckError::WhichUplift {
                name,
                line: line.name.clone(),
                when: self.when.to_string(),
                found: match taking.len() {
                    0 => "no uplift takes effect".to_string(),
                    n => format!("{n} uplifts take effect"),
                },
                dates: listed_dates(dates),
            }),
        }
    }

    /// The one rate in force over `span`: the one in force at its start, and any that start
    /// in it must be the same.
    fn rate_in(
        &self,
        name: String,
        line: &Line,
        series: &[RateFrom],
        span: Period,
    ) -> Result<Found, CheckError> {
        let in_force: Vec<&RateFrom> = series
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                let until = series.get(i + 1).map(|n| n.from);
                r.from <= span.end && until.is_none_or(|u| u > span.start)
            })
            .map(|(_, r)| r)
            .collect();
        let Some(last) = in_force.last() else {
            return Err(CheckError::Model {
                name,
                message: "no rate is in force then".into(),
            });
        };
        if in_force.iter().any(|r| r.rate != last.rate) {
            let rates: Vec<String> = in_force
                .iter()
                .map(|r| format!("{} from {}", pounds(r.rate), r.from))
                .collect();
            return Err(CheckError::RateChanges {
                name,
                line: line.name.clone(),
                when: self.when.to_string(),
                rates: rates.join(", "),
            });
        }
        Ok(Found {
            value: last.rate,
            working: Working::Rate {
                line: line.name.clone(),
                from: last.from,
                rate: last.rate,
                step: last.step.clone().map(|s| (s, line.conventions.compounding)),
                rounding: line.conventions.rate_rounding,
            },
        })
    }
}

/// `2025-04-01, 2026-04-01`, or `none` for messages.
fn listed_dates(dates: &[NaiveDate]) -> String {
    if dates.is_empty() {
        return "none".into();
    }
    let all: Vec<String> = dates.iter().map(NaiveDate::to_string).collect();
    all.join(", ")
}

impl AppraisalFigure {
    /// The scenario's present value or equivalent annual cost ([`appraise`]), from the
    /// projection's rows added by financial year ([`cash_by_year`]).
    ///
    /// # Errors
    /// A scenario without an `[appraisal]`; what [`appraise`] refuses.
    pub fn found(
        self,
        name: &str,
        scenario: &Scenario,
        projection: &Projection,
    ) -> Result<Found, CheckError> {
        let appraisal = scenario
            .appraisal
            .as_ref()
            .ok_or_else(|| CheckError::NoAppraisal {
                name: name.to_string(),
            })?;
        let a = appraise(appraisal, &cash_by_year(appraisal, &projection.rows)).map_err(|e| {
            CheckError::Model {
                name: name.to_string(),
                message: e.to_string(),
            }
        })?;
        let value = match self {
            AppraisalFigure::PresentValue => a.present_value,
            AppraisalFigure::EquivalentAnnualCost => a.equivalent_annual,
        };
        Ok(Found {
            value: value.as_decimal(),
            working: Working::Appraisal {
                figure: self,
                base_year: appraisal.base_year,
                present_value: a.present_value,
                annuity_factor: a.annuity_factor,
            },
        })
    }
}
