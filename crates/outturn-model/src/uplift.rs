//! Uplift: when a line's price rises, by how much at each date, and the factors that makes.
//!
//! An uplift takes effect at each anniversary of the contract start, or at each 1 April
//! after it ([`UpliftAt`]); [`dates`] lists them for a term. Each date has a rate, flat or
//! from a schedule ([`rates`]). The rates then make the price index ([`price_factors`]):
//! compounding (each rate on the price already uplifted) or simple (each on the base price),
//! as the line states ([`Compounding`]). A driver line whose rate a payment system rounds
//! takes its uplift in the rate itself instead ([`paid_rate`], see [`crate::rounding`]).
//! Demand growth makes a second, volume index beside the price index ([`growth_factors`]).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::FyCalendar;
use crate::error::ModelError;
use crate::projection::{Basis, PaidRate};
use crate::rounding::rounded_rates;
use crate::scenario::{Compounding, Growth, Line, Uplift, UpliftAt};
use crate::term::{ContractYear, Term};

/// The dates a line's uplift takes effect in the taken term: each anniversary (the start of
/// every contract year after the first), or each 1 April after the start up to the end.
///
/// # Example
/// 15 June 2024 to 14 June 2026: anniversaries 15 June 2025 (one: the term has two contract
/// years, the second beginning then); at each financial year, 1 April 2025 and 1 April 2026.
///
/// ```
/// # use outturn_model::scenario::*;
/// # use outturn_model::{term::Term, uplift, FyCalendar, Money, ModelError};
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// # let mut line = Line { name: "care".into(), kind: LineKind::Service,
/// #     budget: "asc".into(), contract: 0,
/// #     value: LineValue::Annual(Money::from_pennies(10_000_000)), uplift: Uplift::None,
/// #     uplift_at: UpliftAt::Anniversary, growth: Growth::None, funded_uplift: None,
/// #     funding: vec![], conventions: Default::default() };
/// let term = Term::new(date(2024, 6, 15), date(2026, 6, 14), &[])?;
/// let years = term.contract_years()?;
/// assert_eq!(uplift::dates(&line, &term, &years, FyCalendar::UK), [date(2025, 6, 15)]);
/// line.uplift_at = UpliftAt::FinancialYear;
/// assert_eq!(
///     uplift::dates(&line, &term, &years, FyCalendar::UK),
///     [date(2025, 4, 1), date(2026, 4, 1)]
/// );
/// # Ok::<(), ModelError>(())
/// ```
pub fn dates(line: &Line, term: &Term, years: &[ContractYear], cal: FyCalendar) -> Vec<NaiveDate> {
    match line.uplift_at {
        UpliftAt::Anniversary => years.iter().skip(1).map(|y| y.period.start).collect(),
        UpliftAt::FinancialYear => {
            let last = cal.year_of(term.taken_period().end);
            std::iter::successors(Some(cal.year_of(term.start()).next()), |y| Some(y.next()))
                .take_while(|y| *y <= last)
                .map(|y| y.start())
                .collect()
        }
    }
}

/// The rate, in percent, at each of `dates`: none (0%), the flat rate, the schedule's rates
/// in order, or an index series' rate at each date ([`crate::index::IndexUplift::rate_on`]).
///
/// # Example
/// A schedule of 3% and 2.5% covers two dates; a term that reaches a third needs a third
/// rate.
///
/// ```
/// # use outturn_model::scenario::*;
/// # use outturn_model::{uplift, Money, ModelError};
/// # use rust_decimal_macros::dec;
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// # let mut line = Line { name: "care".into(), kind: LineKind::Service,
/// #     budget: "asc".into(), contract: 0,
/// #     value: LineValue::Annual(Money::from_pennies(10_000_000)), uplift: Uplift::None,
/// #     uplift_at: UpliftAt::Anniversary, growth: Growth::None, funded_uplift: None,
/// #     funding: vec![], conventions: Default::default() };
/// line.uplift = Uplift::Schedule(vec![dec!(3), dec!(2.5)]);
/// let two = [date(2025, 4, 1), date(2026, 4, 1)];
/// assert_eq!(uplift::rates(&line, &two)?, [dec!(3), dec!(2.5)]);
/// let three = [date(2025, 4, 1), date(2026, 4, 1), date(2027, 4, 1)];
/// assert_eq!(
///     uplift::rates(&line, &three),
///     Err(ModelError::UpliftScheduleTooShort { line: "care".into(), given: 2, needed: 3 })
/// );
/// # Ok::<(), ModelError>(())
/// ```
///
/// # Errors
/// A schedule with fewer rates than dates; a month an index series does not give.
pub fn rates(line: &Line, dates: &[NaiveDate]) -> Result<Vec<Decimal>, ModelError> {
    let needed = dates.len();
    match &line.uplift {
        Uplift::None => Ok(vec![Decimal::ZERO; needed]),
        Uplift::Flat(r) => Ok(vec![*r; needed]),
        Uplift::Schedule(rates) if rates.len() >= needed => Ok(rates[..needed].to_vec()),
        Uplift::Schedule(rates) => Err(ModelError::UpliftScheduleTooShort {
            line: line.name.clone(),
            given: rates.len(),
            needed,
        }),
        Uplift::Index(index) => dates
            .iter()
            .map(|d| index.rate_on(*d).map(|r| r.rate))
            .collect(),
    }
}

/// The price index of the uplift dates reached, whose `rates` (in percent) are given: one
/// factor `1 + rate / 100` per date, compounding; or, simple, one factor `1 + the rates
/// added / 100`. None before the first date.
///
/// # Example
/// 3% then 2.5%, compounding: 1.03 × 1.025, so the third contract year of £100,000 a year
/// costs £105,575.00. 3% a year simple, in the third year: one factor 1 + 0.03 + 0.03 = 1.06,
/// £106,000.00 (compounding, 1.03 × 1.03 = 1.0609: £106,090.00).
///
/// ```
/// # use outturn_model::scenario::Compounding;
/// # use outturn_model::{exact, uplift::price_factors, Money};
/// # use rust_decimal_macros::dec;
/// let factors = price_factors(&[dec!(3), dec!(2.5)], Compounding::Compound);
/// assert_eq!(factors, [dec!(1.03), dec!(1.025)]);
/// assert_eq!(exact::prorated(dec!(100000), &factors, 365, 365), Some(Money::from_pennies(10_557_500)));
/// let simple = price_factors(&[dec!(3), dec!(3)], Compounding::Simple);
/// assert_eq!(simple, [dec!(1.06)]);
/// assert_eq!(exact::prorated(dec!(100000), &simple, 365, 365), Some(Money::from_pennies(10_600_000)));
/// assert!(price_factors(&[], Compounding::Simple).is_empty());
/// ```
pub fn price_factors(rates: &[Decimal], compounding: Compounding) -> Vec<Decimal> {
    let factor = |r: Decimal| Decimal::ONE + r / Decimal::ONE_HUNDRED;
    match compounding {
        Compounding::Compound => rates.iter().copied().map(factor).collect(),
        Compounding::Simple if rates.is_empty() => Vec::new(),
        Compounding::Simple => vec![factor(rates.iter().sum())],
    }
}

/// A driver line's rate as its payment system pays it, when the line rounds its rate: each
/// uplift date's rate added to the rate paid until then and rounded to the step
/// ([`rounded_rates`]), and the full year's cost at the rate paid (volume × per year × rate).
/// `None` for a line that does not round its rate, or whose basis is not its own drivers.
///
/// # Example
/// 100 people × 10 hours a week × 52 weeks at £20.28 an hour, 6.6% from the first anniversary, rounded
/// up to 4p (City of Wolverhampton Council, 2025-26): £20.28 × 1.066 = £21.61848 → £21.64,
/// so the second contract year's full cost is 52,000 × £21.64 = £1,125,280.00 (from the
/// unrounded rate it would be £1,124,160.96).
///
/// ```
/// # use outturn_model::drivers::{Drivers, Rate, RateBasis};
/// # use outturn_model::projection::Basis;
/// # use outturn_model::rounding::{Direction, RateRounding};
/// # use outturn_model::scenario::*;
/// # use outturn_model::{uplift, Money, ModelError};
/// # use rust_decimal_macros::dec;
/// let drivers = Drivers { volume: dec!(100), unit: "people".into(), per_week: Some(dec!(10)),
///     weeks_per_year: dec!(52), per: RateBasis::Hour, rate: Rate::Flat(dec!(20.28)) };
/// # let mut line = Line { name: "homecare".into(), kind: LineKind::Service,
/// #     budget: "asc".into(), contract: 0, value: LineValue::Drivers(drivers.clone()),
/// #     uplift: Uplift::None, uplift_at: UpliftAt::Anniversary, growth: Growth::None,
/// #     funded_uplift: None, funding: vec![], conventions: Default::default() };
/// line.conventions.rate_rounding = Some(RateRounding { step: dec!(0.04), direction: Direction::Up });
/// let basis = Basis::Drivers { drivers: Box::new(drivers), volume: dec!(100), annual: dec!(1054560) };
/// let paid = uplift::paid_rate(&line, &basis, &[dec!(6.6)])?.expect("a rounded rate");
/// assert_eq!(paid.paid(), dec!(21.64));
/// assert_eq!(paid.annual, dec!(1125280.00));
/// # Ok::<(), ModelError>(())
/// ```
///
/// # Errors
/// A product too large for a `Decimal` ([`ModelError::Overflow`]).
pub fn paid_rate(
    line: &Line,
    basis: &Basis,
    rates: &[Decimal],
) -> Result<Option<PaidRate>, ModelError> {
    let (
        Some(rounding),
        Basis::Drivers {
            drivers, volume, ..
        },
    ) = (line.conventions.rate_rounding, basis)
    else {
        return Ok(None);
    };
    let base = drivers.rate_per()?;
    let increases: Vec<Decimal> = rates.iter().map(|r| r / Decimal::ONE_HUNDRED).collect();
    let simple = line.conventions.compounding == Compounding::Simple;
    let steps = rounded_rates(base, &increases, simple, rounding)?;
    let paid = steps.last().map_or(base, |s| s.rounded);
    let annual = volume
        .checked_mul(drivers.per_year()?)
        .and_then(|x| x.checked_mul(paid))
        .ok_or(ModelError::Overflow)?;
    Ok(Some(PaidRate {
        base,
        rounding,
        steps,
        annual,
    }))
}

/// The demand growth factors of a line whose volume grows at a flat rate: `1 + growth / 100`
/// for each of the first `needed` uplift dates, compounding beside the price factors. Empty
/// without growth, and for counts by year, which set the volume itself.
///
/// # Example
/// 100 people at £5,000 a year each, 5% uplift and 10% growth: the second contract year costs
/// £500,000 × 1.05 × 1.10 = £577,500.00, that is 110 people at £5,250.
///
/// ```
/// # use outturn_model::scenario::*;
/// # use outturn_model::{exact, uplift, Money};
/// # use rust_decimal_macros::dec;
/// # let mut line = Line { name: "care".into(), kind: LineKind::Service,
/// #     budget: "asc".into(), contract: 0,
/// #     value: LineValue::Annual(Money::from_pennies(50_000_000)), uplift: Uplift::None,
/// #     uplift_at: UpliftAt::Anniversary, growth: Growth::None, funded_uplift: None,
/// #     funding: vec![], conventions: Default::default() };
/// assert!(uplift::growth_factors(&line, 1).is_empty());
/// line.growth = Growth::Flat(dec!(10));
/// let growth = uplift::growth_factors(&line, 1);
/// assert_eq!(growth, [dec!(1.10)]);
/// let price = uplift::price_factors(&[dec!(5)], Compounding::Compound);
/// let factors = [price, growth].concat();
/// assert_eq!(exact::prorated(dec!(500000), &factors, 365, 365), Some(Money::from_pennies(57_750_000)));
/// ```
pub fn growth_factors(line: &Line, needed: usize) -> Vec<Decimal> {
    match &line.growth {
        Growth::Flat(g) => vec![Decimal::ONE + *g / Decimal::ONE_HUNDRED; needed],
        Growth::None | Growth::Volumes(_) => Vec::new(),
    }
}
