//! Discounting and real terms (HM Treasury Green Book): a scenario's spend by financial year
//! as a present value.
//!
//! Year `t` is the financial year `t` years after the appraisal's base year (year 0, not
//! discounted). Its discount factor is chained: `DF(0) = 1`, `DF(t) = DF(t−1) / (1 + r(t))`,
//! where the Green Book's declining schedule (Table 6.1, "The declining long term discount
//! rate") steps at 3.5% for years 1–30, 3.0% for 31–75, 2.5% for 76–125, 2.0% for 126–200,
//! 1.5% for 201–300 and 1.0% after. So year 31 is DF(30) / 1.03 = 0.3459, not 1/1.035³¹
//! (0.3442). Each year's cash is taken to real terms by a stated deflator (× the level of the
//! year whose prices the appraisal is in, the base year unless stated, / the year's),
//! uplifted by any optimism bias, then discounted; everything is exact
//! (fractions of integers) and the present value is rounded once, to the penny. The factors
//! and discounted rows shown are rounded for reading (factors to 4 places, as the Green Book
//! prints them), so shown rows need not add to the present value.
//!
//! The equivalent annual cost is the present value divided by an annuity factor: by default
//! the sum of the factors of the years the profile covers, year 0 included; or, as the Green
//! Book's EAC factors are, the factors of years 1 to the last ([`Annuity`]).

use std::collections::BTreeMap;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};
use rust_decimal::Decimal;

use crate::calendar::FinancialYear;
use crate::error::ModelError;
use crate::exact::round_fraction;
use crate::money::Money;
use crate::projection::Row;
use crate::scenario::LineKind;

/// The Green Book's declining schedule: (last year at the rate, rate in percent).
const GREEN_BOOK: [(u32, Decimal); 5] = [
    (30, Decimal::from_parts(35, 0, 0, false, 1)),
    (75, Decimal::from_parts(30, 0, 0, false, 1)),
    (125, Decimal::from_parts(25, 0, 0, false, 1)),
    (200, Decimal::from_parts(20, 0, 0, false, 1)),
    (300, Decimal::from_parts(15, 0, 0, false, 1)),
];
const GREEN_BOOK_AFTER: Decimal = Decimal::ONE;

/// The discount rate schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discount {
    /// HM Treasury's declining schedule (3.5% to year 30, 3.0% to 75, …).
    GreenBook,
    /// One rate, in percent, every year.
    Flat(Decimal),
}

impl Discount {
    /// The rate, in percent, that steps year `t − 1` to year `t` (`t` from 1).
    pub fn rate(self, t: u32) -> Decimal {
        match self {
            Discount::Flat(r) => r,
            Discount::GreenBook => GREEN_BOOK
                .iter()
                .find(|(last, _)| t <= *last)
                .map_or(GREEN_BOOK_AFTER, |(_, r)| *r),
        }
    }

    /// The discount factor of year `t`, exactly: the product of `1 / (1 + r)` over years
    /// 1 to `t`.
    ///
    /// # Example
    /// Year 1: 1/1.035 = 0.9662 to four places; year 10: 1/1.035¹⁰ = 0.7089; year 31 steps
    /// at 3.0% from year 30: 0.356278… / 1.03 = 0.3459 (not 1/1.035³¹ = 0.3442).
    ///
    /// ```
    /// # use outturn_model::discount::{four_places, Discount};
    /// # use rust_decimal_macros::dec;
    /// let df = |t| four_places(&Discount::GreenBook.factor(t));
    /// assert_eq!([df(0), df(1), df(10), df(30), df(31)], [dec!(1), dec!(0.9662), dec!(0.7089), dec!(0.3563), dec!(0.3459)]);
    /// ```
    pub fn factor(self, t: u32) -> BigRational {
        (1..=t).fold(BigRational::one(), |f, y| f / step(self.rate(y)))
    }
}

/// `1 + rate / 100`, exactly.
fn step(rate: Decimal) -> BigRational {
    BigRational::one() + fraction(rate) / BigRational::from_integer(100.into())
}

/// A `Decimal` as an exact fraction.
fn fraction(d: Decimal) -> BigRational {
    BigRational::new(BigInt::from(d.mantissa()), BigInt::from(10).pow(d.scale()))
}

/// An exact fraction to `places` decimal places, half away from zero, for display.
fn to_places(x: &BigRational, places: u32) -> Decimal {
    let scale = BigRational::from_integer(BigInt::from(10).pow(places));
    let scaled = x * &scale;
    let half = BigRational::new(1.into(), 2.into());
    let rounded = if scaled >= BigRational::zero() {
        (scaled + half).floor()
    } else {
        (scaled - half).ceil()
    };
    rounded
        .to_integer()
        .to_i128()
        .and_then(|n| Decimal::try_from_i128_with_scale(n, places).ok())
        .unwrap_or_default()
}

/// A factor to four decimal places, as the Green Book's tables print them.
pub fn four_places(x: &BigRational) -> Decimal {
    to_places(x, 4)
}

/// The years whose discount factors the annuity factor adds: the divisor that turns a present
/// value into an equivalent annual cost, the same sum paid in each of those years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Annuity {
    /// Every year of the profile, year 0 included (Outturn's rule): the cost is spread over
    /// the years it is shown in, the first of them not discounted.
    #[default]
    YearsShown,
    /// Years 1 to the last year of the profile: the cost is paid at each year's end, as the
    /// Green Book's tables of EAC factors (and NHS Scotland's guidance, A4.9) take it, so an
    /// asset bought in year 0 with a life of `n` years is annuitised over years 1 to `n`.
    FromYearOne,
}

impl Annuity {
    /// The annuity factor of a profile whose years are `ts` (years after the base year, in
    /// order): the factors of those years added, or of years 1 to the last of them.
    ///
    /// # Example
    /// NHS Scotland's guidance, A4.10: a boiler bought for £2,000 in year 0 with a life of 7
    /// years. From year 1 at 3.5%, the factor is (1 − 1.035⁻⁷) / 0.035 = 6.1145…, so the
    /// equivalent annual cost is £2,000 / 6.1145… = £327.09 (printed "327"); over the years
    /// shown, 0 to 7, it is 1 + 6.1145… = 7.1145… and the cost £281.11.
    ///
    /// ```
    /// # use outturn_model::discount::{Annuity, Discount};
    /// # use outturn_model::exact::round_fraction;
    /// # use outturn_model::Money;
    /// # use num_rational::BigRational;
    /// # use rust_decimal_macros::dec;
    /// let cost = BigRational::from_integer(2000.into());
    /// let years = [0, 1, 2, 3, 4, 5, 6, 7];
    /// let eac = |a: Annuity| round_fraction(&(&cost / a.factor(Discount::Flat(dec!(3.5)), &years)), 1);
    /// assert_eq!(eac(Annuity::FromYearOne), Some(Money::from_pennies(32_709)));
    /// assert_eq!(eac(Annuity::YearsShown), Some(Money::from_pennies(28_111)));
    /// ```
    pub fn factor(self, discount: Discount, ts: &[u32]) -> BigRational {
        match self {
            Annuity::YearsShown => ts.iter().map(|&t| discount.factor(t)).sum(),
            Annuity::FromYearOne => {
                let last = ts.iter().copied().max().unwrap_or(0);
                (1..=last).map(|t| discount.factor(t)).sum()
            }
        }
    }
}

/// What an appraisal states: the base year (year 0), the discount schedule, an optimism bias
/// (in percent, on the cash it applies to), a deflator to real terms (a level for each
/// financial year of the profile and the year of its prices), the year whose prices the real
/// terms are in, and the years of the annuity factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appraisal {
    pub base_year: FinancialYear,
    pub discount: Discount,
    pub optimism_bias: Option<Decimal>,
    /// The lines the optimism bias applies to; empty for all of them.
    pub optimism_bias_lines: Vec<String>,
    pub deflator: Option<BTreeMap<FinancialYear, Decimal>>,
    /// The year whose prices the real terms are in; the base year when not given.
    pub prices: Option<FinancialYear>,
    pub annuity: Annuity,
}

/// One year's cash and how it was discounted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppraisalYear {
    pub year: FinancialYear,
    pub t: u32,
    /// The cash as projected (nominal), with the part the optimism bias applies to.
    pub cash: Money,
    pub biased: Money,
    /// In real terms, with optimism bias, to the penny (for display).
    pub adjusted: Decimal,
    /// The discount factor to four places (for display).
    pub factor: Decimal,
    /// The discounted amount to the penny (for display; the present value is the exact sum).
    pub present: Decimal,
}

/// An appraisal of one scenario: each year, the present value and the equivalent annual
/// cost, each rounded once to the penny.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appraised {
    pub years: Vec<AppraisalYear>,
    pub present_value: Money,
    pub annuity_factor: Decimal,
    pub equivalent_annual: Money,
}

/// The projection's rows added by financial year, each year with the part the optimism bias
/// applies to: the lines `optimism_bias_lines` names, or every line but savings when it names
/// none. This is the cash [`appraise`] discounts.
///
/// # Example
/// A capital line of £100,000,000 and a risk line of £7,000,000 in 2025-26, the bias on
/// `capital` only: (2025-26, £107,000,000.00, £100,000,000.00).
///
/// ```
/// # use outturn_model::discount::{cash_by_year, Appraisal, Discount};
/// # use outturn_model::projection::Row;
/// # use outturn_model::scenario::LineKind;
/// # use outturn_model::{FyCalendar, Money, Period};
/// # let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
/// # let year = FyCalendar::UK.parse_year("2025-26").expect("a year");
/// # let row = |line: &str, pennies| Row { line: line.into(), kind: LineKind::Other,
/// #     budget: "b".into(), contract: "c".into(), phase: "initial".into(), year,
/// #     period: Period { start: date(2025, 4, 1), end: date(2026, 3, 31) },
/// #     amount: Money::from_pennies(pennies), parts: vec![], funding: None, vat: None };
/// let appraisal = Appraisal { base_year: year, discount: Discount::GreenBook,
///     optimism_bias: None, optimism_bias_lines: vec!["capital".into()], deflator: None,
///     prices: None, annuity: Default::default() };
/// let rows = [row("capital", 10_000_000_000), row("risk", 700_000_000)];
/// assert_eq!(
///     cash_by_year(&appraisal, &rows),
///     [(year, Money::from_pennies(10_700_000_000), Money::from_pennies(10_000_000_000))]
/// );
/// ```
pub fn cash_by_year(appraisal: &Appraisal, rows: &[Row]) -> Vec<(FinancialYear, Money, Money)> {
    let mut by_year: BTreeMap<FinancialYear, (Money, Money)> = BTreeMap::new();
    for row in rows {
        let biased = if appraisal.optimism_bias_lines.is_empty() {
            row.kind != LineKind::Saving
        } else {
            appraisal.optimism_bias_lines.contains(&row.line)
        };
        let entry = by_year.entry(row.year).or_default();
        entry.0 += row.amount;
        if biased {
            entry.1 += row.amount;
        }
    }
    by_year.into_iter().map(|(y, (a, b))| (y, a, b)).collect()
}

/// Discounts `cash` (each financial year's spend, and the part of it the optimism bias
/// applies to) as `appraisal` states.
///
/// # Example
/// NHS (Scotland) value-for-money guidance, Annex A, Table 2: 1,000 a year in years 0 to 9
/// and (500) in year 10 at 3.5%: Σ 1,000 × 1.035⁻ᵗ = 8,607.6866…, less 500 × 1.035⁻¹⁰ =
/// 354.4595…, a net present value of 8,253.2271… → £8,253.23 (printed 8,253).
///
/// ```
/// # use outturn_model::discount::{appraise, Appraisal, Discount};
/// # use outturn_model::{FyCalendar, Money};
/// let year = |t: i32| FyCalendar::UK.parse_year("2008-09").expect("a year").plus(t);
/// let cash: Vec<_> = (0..=10)
///     .map(|t| (year(t), Money::from_pennies(if t < 10 { 100_000 } else { -50_000 }), Money::ZERO))
///     .collect();
/// let appraisal = Appraisal { base_year: year(0), discount: Discount::GreenBook,
///     optimism_bias: None, optimism_bias_lines: vec![], deflator: None,
///     prices: None, annuity: Default::default() };
/// let a = appraise(&appraisal, &cash)?;
/// assert_eq!(a.present_value, Money::from_pennies(825_323));
/// # Ok::<(), outturn_model::ModelError>(())
/// ```
///
/// # Errors
/// A year before the base year, or without a deflator level ([`ModelError::Appraisal`]); an
/// amount too large.
pub fn appraise(
    appraisal: &Appraisal,
    cash: &[(FinancialYear, Money, Money)],
) -> Result<Appraised, ModelError> {
    let bias = appraisal.optimism_bias.map_or_else(BigRational::zero, |b| {
        fraction(b) / BigRational::from_integer(100.into())
    });
    let mut years = Vec::new();
    let mut total = BigRational::zero();
    for (year, amount, biased) in cash {
        let t = u32::try_from(year.years_after(appraisal.base_year)).map_err(|_| {
            ModelError::Appraisal(format!(
                "{year} is before the appraisal's base year, {}",
                appraisal.base_year
            ))
        })?;
        let pounds = |m: &Money| fraction(m.as_decimal());
        let nominal = pounds(amount) + pounds(biased) * &bias;
        let real = nominal * real_terms(appraisal, *year)?;
        let factor = appraisal.discount.factor(t);
        let present = &real * &factor;
        years.push(AppraisalYear {
            year: *year,
            t,
            cash: *amount,
            biased: *biased,
            adjusted: to_places(&real, 2),
            factor: four_places(&factor),
            present: to_places(&present, 2),
        });
        total += present;
    }
    let ts: Vec<u32> = years.iter().map(|y| y.t).collect();
    let annuity = appraisal.annuity.factor(appraisal.discount, &ts);
    let present_value = round_fraction(&total, 1).ok_or(ModelError::Overflow)?;
    let equivalent = if annuity.is_zero() {
        Money::ZERO
    } else {
        round_fraction(&(&total / &annuity), 1).ok_or(ModelError::Overflow)?
    };
    Ok(Appraised {
        years,
        present_value,
        annuity_factor: to_places(&annuity, 6),
        equivalent_annual: equivalent,
    })
}

/// What takes `year`'s cash to real terms: the deflator's level of the year whose prices the
/// appraisal is in (`prices`, or the base year when not given) over `year`'s; 1 without a
/// deflator.
///
/// # Example
/// HM Treasury's GDP deflator user guide, Annex A: money GDP of £1,350,438m in 2006-07, at a
/// deflator of 89.254 (2011-12 = 100), is 1,350,438 × 100 / 89.254 = 1,513,027.9875… →
/// £1,513,028m in 2011-12 prices, as printed, though the series (and year 0) begins in
/// 2006-07.
///
/// ```
/// # use std::collections::BTreeMap;
/// # use num_rational::BigRational;
/// # use outturn_model::discount::{four_places, real_terms, Appraisal, Discount};
/// # use outturn_model::FyCalendar;
/// # use rust_decimal_macros::dec;
/// let fy = |s| FyCalendar::UK.parse_year(s).expect("a year");
/// let appraisal = Appraisal { base_year: fy("2006-07"), discount: Discount::Flat(dec!(0)),
///     optimism_bias: None, optimism_bias_lines: vec![],
///     deflator: Some(BTreeMap::from([(fy("2006-07"), dec!(89.254)), (fy("2011-12"), dec!(100))])),
///     prices: Some(fy("2011-12")), annuity: Default::default() };
/// let real = real_terms(&appraisal, fy("2006-07"))? * BigRational::from_integer(1_350_438.into());
/// assert_eq!(four_places(&real), dec!(1513027.9875));
/// # Ok::<(), outturn_model::ModelError>(())
/// ```
///
/// # Errors
/// A year, or the year of the prices, without a deflator level ([`ModelError::Appraisal`]).
pub fn real_terms(appraisal: &Appraisal, year: FinancialYear) -> Result<BigRational, ModelError> {
    let Some(levels) = &appraisal.deflator else {
        return Ok(BigRational::one());
    };
    let level = |y: FinancialYear| {
        levels
            .get(&y)
            .filter(|l| !l.is_zero())
            .map(|l| fraction(*l))
            .ok_or_else(|| {
                ModelError::Appraisal(format!("the deflator gives no level for {y}; give one for every year of the profile and the year of its prices"))
            })
    };
    Ok(level(appraisal.prices.unwrap_or(appraisal.base_year))? / level(year)?)
}

/// An optimism bias as a weighted mix of categories' biases, each in percent: Σ share × bias.
///
/// # Example
/// HM Treasury's supplementary guidance on optimism bias combines a building 30%
/// non-standard (capital expenditure upper bound 51%) and 70% standard (24%): 0.30 × 51 +
/// 0.70 × 24 = 15.3 + 16.8 = 32.1%, as printed.
///
/// ```
/// # use outturn_model::discount::combined_bias;
/// # use rust_decimal_macros::dec;
/// assert_eq!(combined_bias(&[(dec!(30), dec!(51)), (dec!(70), dec!(24))]), dec!(32.1));
/// ```
pub fn combined_bias(parts: &[(Decimal, Decimal)]) -> Decimal {
    parts
        .iter()
        .map(|(share, bias)| share * bias / Decimal::ONE_HUNDRED)
        .sum::<Decimal>()
        .normalize()
}

#[cfg(test)]
mod tests {
    //! Figures from `docs/research/08-green-book-discounting.py` (Python `decimal`).
    use super::*;
    use crate::testkit::fy;
    use rust_decimal_macros::dec;

    #[test]
    fn green_book_factors_chain_across_the_steps() {
        let df = |t| four_places(&Discount::GreenBook.factor(t));
        let printed = [
            "1.0000", "0.9662", "0.9335", "0.9019", "0.8714", "0.8420", "0.8135", "0.7860",
            "0.7594", "0.7337", "0.7089",
        ];
        for (t, p) in printed.iter().enumerate() {
            assert_eq!(df(t as u32), p.parse::<Decimal>().unwrap(), "year {t}");
        }
        assert_eq!(
            [df(30), df(31), df(50), df(75), df(76), df(100), df(125)],
            [
                dec!(0.3563),
                dec!(0.3459),
                dec!(0.1973),
                dec!(0.0942),
                dec!(0.0919),
                dec!(0.0508),
                dec!(0.0274)
            ]
        );
        assert_eq!(Discount::GreenBook.rate(301), dec!(1));
    }

    #[test]
    fn optimism_bias_and_real_terms() {
        // £100m in year 0 with a 4% bias: £104m (HM Treasury's optimism bias guidance), plus
        // £7m of risk management the bias does not apply to: £111m.
        let base = fy("2024-25");
        let cash = [(
            base,
            Money::from_pennies(10_700_000_000),
            Money::from_pennies(10_000_000_000),
        )];
        let appraisal = Appraisal {
            base_year: base,
            discount: Discount::GreenBook,
            optimism_bias: Some(dec!(4)),
            optimism_bias_lines: vec![],
            deflator: None,
            prices: None,
            annuity: Annuity::YearsShown,
        };
        let a = appraise(&appraisal, &cash).unwrap();
        assert_eq!(a.present_value, Money::from_pennies(11_100_000_000));
        // £102,500 in 2025-26 at a deflator of 102.5 against 100 in 2024-25 is £100,000 in
        // 2024-25 prices; discounted one year, 100,000 / 1.035 = 96,618.357… → £96,618.36.
        let cash = [(base.next(), Money::from_pennies(10_250_000), Money::ZERO)];
        let deflated = Appraisal {
            optimism_bias: None,
            deflator: Some(BTreeMap::from([
                (base, dec!(100)),
                (base.next(), dec!(102.5)),
            ])),
            ..appraisal
        };
        let a = appraise(&deflated, &cash).unwrap();
        assert_eq!(a.years[0].adjusted, dec!(100000.00));
        assert_eq!(a.present_value, Money::from_pennies(9_661_836));
    }

    /// An appraisal from `base` at a flat 3.5%, with no bias or deflator.
    fn at_three_and_a_half(base: FinancialYear, annuity: Annuity) -> Appraisal {
        Appraisal {
            base_year: base,
            discount: Discount::Flat(dec!(3.5)),
            optimism_bias: None,
            optimism_bias_lines: vec![],
            deflator: None,
            prices: None,
            annuity,
        }
    }

    #[test]
    fn equivalent_annual_cost_divides_by_the_annuity_factor() {
        // £1,000,000 in each of years 0 to 4 at 3.5%: annuity factor 1 + 0.96618… + … =
        // 4.6730792…; present value 4,673,079.2086… → £4,673,079.21; the equivalent annual
        // cost is the present value over the annuity factor, exactly £1,000,000.00.
        let base = fy("2024-25");
        let cash: Vec<_> = (0..5)
            .map(|t| (base.plus(t), Money::from_pennies(100_000_000), Money::ZERO))
            .collect();
        let appraisal = at_three_and_a_half(base, Annuity::YearsShown);
        let a = appraise(&appraisal, &cash).unwrap();
        assert_eq!(a.equivalent_annual, Money::from_pennies(100_000_000));
        assert_eq!(a.annuity_factor, dec!(4.673079));
        assert_eq!(a.present_value, Money::from_pennies(467_307_921));
    }

    #[test]
    fn equivalent_annual_cost_from_year_one() {
        // NHS Scotland's guidance, A4.10 (tests/conventions/worked.py): boilers bought in
        // year 0, X for £2,000 with a life of 7 years, Y for £2,500 with 10, at 3.5%. From
        // year 1 the annuity factors are 6.114544… and 8.316605…: X 2,000 / 6.114544… =
        // 327.088… → £327.09 (printed 327), Y 2,500 / 8.316605… = 300.603… → £300.60
        // (printed 301). Years with no cash still count: the profile runs to year 7 or 10.
        let base = fy("2025-26");
        let boiler = |pennies, life: i32| -> Vec<_> {
            (0..=life)
                .map(|t| {
                    let cash = if t == 0 { pennies } else { 0 };
                    (base.plus(t), Money::from_pennies(cash), Money::ZERO)
                })
                .collect()
        };
        let appraisal = at_three_and_a_half(base, Annuity::FromYearOne);
        let x = appraise(&appraisal, &boiler(200_000, 7)).unwrap();
        assert_eq!(
            (x.present_value, x.annuity_factor, x.equivalent_annual),
            (
                Money::from_pennies(200_000),
                dec!(6.114544),
                Money::from_pennies(32_709)
            )
        );
        let y = appraise(&appraisal, &boiler(250_000, 10)).unwrap();
        assert_eq!(
            (y.annuity_factor, y.equivalent_annual),
            (dec!(8.316605), Money::from_pennies(30_060))
        );
    }
}
