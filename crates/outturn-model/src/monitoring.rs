//! Budget monitoring: the money rules of a monthly forecast outturn.
//!
//! A council's finance officer reports, each month, the forecast outturn of every budget
//! holder: the spend to date from the ledger plus a forecast of the months to come, against
//! the latest approved budget. This module holds the rules that move money in that report,
//! each with a worked example: financial periods, the forecast methods for spend with no
//! contract (straight line, last year's profile), the variance and its percentage, the RAG
//! rating against the thresholds a council states, and the status of a savings plan.
//!
//! Every division of an amount goes through [`split`], so the months of a forecast add back
//! to its total exactly.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use thiserror::Error;

use crate::calendar::{add_months, FinancialYear};
use crate::money::Money;
use crate::split::split;

/// Periods in a financial year's ledger: P1 to P12, one a month, and P13 for the year-end
/// adjustments posted after 31 March.
pub const PERIODS: usize = 13;
/// Months in a financial year.
pub const MONTHS: u8 = 12;

/// A ledger period: P1 is the first month of the financial year (April in the UK), P12 the
/// last, and P13 holds year-end adjustments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalPeriod(u8);

impl FiscalPeriod {
    /// The year-end adjustments period.
    pub const YEAR_END: FiscalPeriod = FiscalPeriod(13);

    /// Period `n`, from 1 to 13.
    pub fn new(n: u8) -> Option<FiscalPeriod> {
        (1..=13).contains(&n).then_some(FiscalPeriod(n))
    }

    pub fn number(self) -> u8 {
        self.0
    }

    /// 0 for P1, 12 for P13: the period's place in a `[_; PERIODS]` array.
    pub fn index(self) -> usize {
        usize::from(self.0 - 1)
    }

    /// The periods P1 to P13 in order.
    pub fn all() -> impl Iterator<Item = FiscalPeriod> {
        (1..=13).map(FiscalPeriod)
    }

    /// The month period of `date` in `year`: 15 September 2022 is P6 of 2022-23 (April is
    /// P1). `None` when the date is outside the year.
    pub fn of_date(year: FinancialYear, date: NaiveDate) -> Option<FiscalPeriod> {
        if date < year.start() || date > year.end() {
            return None;
        }
        let start = year.start();
        let months = (date.year() - start.year()) * 12 + date.month() as i32 - start.month() as i32;
        u8::try_from(months + 1).ok().and_then(FiscalPeriod::new)
    }

    /// The first day of the period's month (1 October 2022 for P7 of 2022-23); `None` for P13,
    /// which is not a month.
    pub fn month_start(self, year: FinancialYear) -> Option<NaiveDate> {
        (self.0 <= MONTHS)
            .then(|| add_months(year.start(), u32::from(self.0 - 1)))
            .flatten()
    }
}

impl fmt::Display for FiscalPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P{}", self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RuleError {
    #[error("a forecast needs at least one month of actuals; the report is at period {0}")]
    NoMonthsElapsed(u8),
    #[error("last year's spend to period {elapsed} is zero, so its profile cannot scale this year's; choose another forecast method")]
    NothingLastYearToDate { elapsed: u8 },
    #[error("last year's months mix spend and income (some positive, some negative), so they are no profile; choose another forecast method")]
    MixedSigns,
    #[error("an amount is too large")]
    Overflow,
}

/// `whole` split evenly over `n` months, the earlier months taking the spare pennies.
///
/// £250,000.00 over six months: 25,000,000 pennies ÷ 6 is 4,166,666 remainder 4, so
/// £41,666.67 for the first four months and £41,666.66 for the last two.
pub fn even(whole: Money, n: usize) -> Vec<Money> {
    split(whole, &vec![1; n]).unwrap_or_default()
}

/// `amount × numerator ÷ denominator`, rounded to the penny half away from zero once.
fn scaled(amount: Money, numerator: Decimal, denominator: Decimal) -> Result<Money, RuleError> {
    let product = amount
        .as_decimal()
        .checked_mul(numerator)
        .ok_or(RuleError::Overflow)?;
    let quotient = product
        .checked_div(denominator)
        .ok_or(RuleError::Overflow)?;
    Ok(Money::round_half_away(quotient))
}

/// The straight-line forecast: spend to date carried on at its average monthly rate for the
/// months to come. The remaining months' total is `to_date × remaining ÷ elapsed`, rounded
/// to the penny once, then split evenly over them ([`even`]).
///
/// # Example
/// £600,000.00 spent in P1–P6 forecasts £600,000.00 for P7–P12, £100,000.00 a month.
/// £100.00 spent in P1–P7 forecasts 100 × 5 ÷ 7 = 71.428… → £71.43 for P8–P12: £14.29 for
/// P8 to P10 and £14.28 for P11 and P12 (7,143 pennies ÷ 5 = 1,428 remainder 3).
///
/// # Errors
/// [`RuleError::NoMonthsElapsed`] when `elapsed` is 0.
pub fn straight_line(to_date: Money, elapsed: u8) -> Result<Vec<Money>, RuleError> {
    if elapsed == 0 {
        return Err(RuleError::NoMonthsElapsed(elapsed));
    }
    let remaining = MONTHS.saturating_sub(elapsed);
    let total = scaled(to_date, remaining.into(), elapsed.into())?;
    Ok(even(total, remaining.into()))
}

/// The forecast by last year's profile: spend to date scaled by how last year's spend fell
/// between the same months, so a service that spends more in winter is forecast to again.
/// The remaining months' total is `to_date × last year's remaining months ÷ last year's
/// months to date`, rounded to the penny once, then split over the months in proportion to
/// last year's ([`split`]). `last_year` holds P1–P12 of last year.
///
/// # Example
/// £350,000.00 spent in P1–P6; last year spent £300,000.00 in P1–P6 and £360,000.00 in
/// P7–P12, £50,000.00 in each of P7–P10 and £80,000.00 in each of P11–P12. The remaining
/// months' total is 350,000 × 360,000 ÷ 300,000 = £420,000.00, split 5 : 5 : 5 : 5 : 8 : 8:
/// exactly £58,333.333… and £93,333.333…, so every remainder is a third of a penny and the
/// two spare pennies go to the earliest months: £58,333.34 for P7 and P8, £58,333.33 for P9
/// and P10, £93,333.33 for P11 and P12.
///
/// # Errors
/// No months elapsed; last year's months to date add up to zero; last year's months mix
/// positive and negative amounts (they are then no profile).
pub fn by_last_year(
    to_date: Money,
    last_year: &[Money; 12],
    elapsed: u8,
) -> Result<Vec<Money>, RuleError> {
    if elapsed == 0 {
        return Err(RuleError::NoMonthsElapsed(elapsed));
    }
    let elapsed_n = usize::from(elapsed.min(MONTHS));
    let (before, after) = last_year.split_at(elapsed_n);
    let positive = last_year.iter().any(|m| m.pennies() > 0);
    let negative = last_year.iter().any(|m| m.pennies() < 0);
    if positive && negative {
        return Err(RuleError::MixedSigns);
    }
    let pennies = |ms: &[Money]| -> i64 { ms.iter().map(|m| m.pennies()).sum() };
    let (to_date_ly, remaining_ly) = (pennies(before), pennies(after));
    if to_date_ly == 0 {
        return Err(RuleError::NothingLastYearToDate { elapsed });
    }
    let total = scaled(to_date, remaining_ly.into(), to_date_ly.into())?;
    let weights: Vec<u64> = after.iter().map(|m| m.pennies().unsigned_abs()).collect();
    Ok(split(total, &weights).unwrap_or_else(|| vec![Money::ZERO; after.len()]))
}

/// Which way round a council prints its variances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VarianceSign {
    /// Forecast − budget: an overspend is positive, an underspend negative (most councils).
    #[default]
    OverspendPositive,
    /// Budget − forecast: an underspend is positive, so a negative figure is an overspend.
    UnderspendPositive,
}

/// The overspend of `outturn` against `budget`: positive when the forecast is over budget,
/// for spending and for income budgets alike (a net-income budget of −£300,000 forecast to
/// collect only £270,000, an outturn of −£270,000, is overspent by £30,000).
pub fn overspend(outturn: Money, budget: Money) -> Money {
    outturn - budget
}

/// The variance as the council prints it: the overspend, or its negative when the council
/// prints budget − forecast.
pub fn variance(outturn: Money, budget: Money, sign: VarianceSign) -> Money {
    match sign {
        VarianceSign::OverspendPositive => overspend(outturn, budget),
        // Budget − outturn, not the overspend negated, which would print a break-even as -0.00.
        VarianceSign::UnderspendPositive => budget - outturn,
    }
}

/// A variance as a percentage of the budget's size, to one decimal place, half away from
/// zero; `None` for a zero budget. Dividing by the budget's absolute value keeps the sign of
/// the variance for a net-income (negative) budget.
///
/// # Example
/// £250,000.00 over a £10,000,000.00 budget is 2.5%; £30,000.00 over a −£300,000.00 income
/// budget is 10.0%; £1.00 over £3.00 is 33.3%, and £2.00 over £3.00 66.7%.
pub fn variance_percent(variance: Money, budget: Money) -> Option<Decimal> {
    let size = budget.as_decimal().abs();
    (!size.is_zero()).then(|| {
        let mut p = (variance.as_decimal() * Decimal::ONE_HUNDRED / size)
            .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
        p.rescale(1);
        // A tiny underspend rounds to zero: 0.0, not -0.0.
        if p.is_zero() {
            p.set_sign_positive(true);
        }
        p
    })
}

/// How the two parts of a threshold combine, as a council states it: "5% or £100,000,
/// whichever is lower".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whichever {
    Lower,
    Higher,
}

/// An overspend threshold: a percentage of the budget, an amount, or both combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold {
    /// Percent of the budget's size (5 for 5%).
    pub percent: Option<Decimal>,
    pub amount: Option<Money>,
    /// How the percentage and the amount combine when both are given.
    pub whichever: Whichever,
}

impl Threshold {
    /// The overspend at which the threshold is reached for `budget`, exactly (no rounding:
    /// 5% of £6,392,400.00 is £319,620.00, 2% of £333.33 is £6.6666).
    pub fn limit(&self, budget: Money) -> Decimal {
        let share = self
            .percent
            .map(|p| budget.as_decimal().abs() * p / Decimal::ONE_HUNDRED);
        let amount = self.amount.map(Money::as_decimal);
        match (share, amount) {
            (Some(s), Some(a)) => match self.whichever {
                Whichever::Lower => s.min(a),
                Whichever::Higher => s.max(a),
            },
            (Some(s), None) => s,
            (None, Some(a)) => a,
            (None, None) => Decimal::ZERO,
        }
    }

    /// Whether `overspend` reaches the threshold: an overspend at or above the limit. An
    /// underspend or break-even never does.
    pub fn reached(&self, overspend: Money, budget: Money) -> bool {
        overspend.pennies() > 0 && overspend.as_decimal() >= self.limit(budget)
    }
}

/// A RAG rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rag {
    Green,
    Amber,
    Red,
}

impl fmt::Display for Rag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        })
    }
}

/// The thresholds of one level of the hierarchy (a cost centre, a service, a directorate,
/// the whole council).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RagRule {
    pub red: Threshold,
    pub amber: Option<Threshold>,
}

impl RagRule {
    /// The rating of `overspend` against `budget`: red at or above the red threshold, amber
    /// at or above the amber one, green otherwise (an underspend or break-even is green).
    ///
    /// # Example
    /// Red at "5% or £100,000, whichever is lower", amber at "2% or £50,000, whichever is
    /// lower". On a £1,000,000.00 budget red is reached at £50,000.00 (5% is lower than
    /// £100,000) and amber at £20,000.00: an overspend of £49,999.99 is amber, £50,000.00
    /// red. On £6,392,400.00 red is reached at £100,000.00 (5% is £319,620.00) and amber at
    /// £50,000.00.
    pub fn rate(&self, overspend: Money, budget: Money) -> Rag {
        if self.red.reached(overspend, budget) {
            Rag::Red
        } else if self
            .amber
            .is_some_and(|amber| amber.reached(overspend, budget))
        {
            Rag::Amber
        } else {
            Rag::Green
        }
    }
}

/// Where a savings plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavingStatus {
    /// Delivered in full already.
    Delivered,
    /// Forecast to deliver in full by the year end.
    OnTrack,
    /// Forecast to fall short.
    AtRisk,
}

impl fmt::Display for SavingStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SavingStatus::Delivered => "delivered",
            SavingStatus::OnTrack => "on track",
            SavingStatus::AtRisk => "at risk",
        })
    }
}

/// A savings plan's status from its figures: delivered when what is delivered to date
/// reaches the plan, on track when the forecast delivery does, at risk otherwise.
///
/// # Example
/// A £1,000,000.00 plan with £0.00 delivered and £750,000.00 forecast is at risk, with a
/// shortfall of £250,000.00 ([`shortfall`]); £40,000.00 planned, £20,000.00 delivered and
/// £40,000.00 forecast is on track; £60,000.00 planned and delivered is delivered.
pub fn saving_status(planned: Money, delivered: Money, forecast: Money) -> SavingStatus {
    if delivered >= planned {
        SavingStatus::Delivered
    } else if forecast >= planned {
        SavingStatus::OnTrack
    } else {
        SavingStatus::AtRisk
    }
}

/// What a savings plan is forecast to fall short by: planned − forecast delivery (negative
/// when it is forecast to deliver more than planned).
pub fn shortfall(planned: Money, forecast: Money) -> Money {
    planned - forecast
}

/// How a budget holder's spend with no contract behind it is forecast for the months to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Nothing beyond the contracts: they are the whole forecast.
    ContractsOnly,
    /// Spend to date at its average monthly rate ([`straight_line`]).
    StraightLine,
    /// Spend to date scaled by last year's profile ([`by_last_year`]).
    LastYear,
    /// The months to come as budgeted: the latest budget's profile.
    BudgetProfile,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::ContractsOnly => "contracts only",
            Method::StraightLine => "straight line",
            Method::LastYear => "last year's profile",
            Method::BudgetProfile => "budget profile",
        })
    }
}

/// Whether commitments (orders raised, not yet paid) count in the forecast outturn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommitmentRule {
    /// Shown, not counted: the forecast already covers what the orders will cost.
    #[default]
    Shown,
    /// Added to the forecast outturn of every budget holder.
    Added,
    /// Added only where no contract forecasts the spend: orders against a contract are
    /// call-offs its forecast already covers, and counting them would count them twice.
    AddedWhereNoContract,
}

/// Why a one-off adjustment to a forecast is made, so a movement can be put down to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AdjustmentCause {
    OneOff,
    Volume,
    Price,
}

impl fmt::Display for AdjustmentCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AdjustmentCause::OneOff => "one-off",
            AdjustmentCause::Volume => "volume",
            AdjustmentCause::Price => "price",
        })
    }
}

/// What a figure in a budget holder's forecast comes from. A month's forecast is saved by
/// component, so the next month's movement can be put down to its causes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Component {
    /// Spend in the ledger.
    Actual,
    /// A contract's months to come, from its scenario or the register.
    Contract,
    /// A saving a contract's scenario takes.
    ContractSaving,
    /// A stated method's forecast of the spend with no contract.
    Method(MethodName),
    /// The shortfall of a savings plan, added where the forecast assumes the plan delivers.
    SavingsSlippage,
    Adjustment(AdjustmentCause),
    /// Commitments counted in the outturn.
    Commitments,
}

/// The forecast methods that put figures in a forecast ([`Method`] less contracts only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MethodName {
    StraightLine,
    LastYear,
    BudgetProfile,
}

impl Component {
    pub const ALL: [Component; 10] = [
        Component::Actual,
        Component::Contract,
        Component::ContractSaving,
        Component::Method(MethodName::StraightLine),
        Component::Method(MethodName::LastYear),
        Component::Method(MethodName::BudgetProfile),
        Component::SavingsSlippage,
        Component::Adjustment(AdjustmentCause::OneOff),
        Component::Adjustment(AdjustmentCause::Volume),
        Component::Adjustment(AdjustmentCause::Price),
    ];

    /// The component's name in a saved forecast: `actual`, `contract`, `straight-line`,
    /// `adjustment:volume`, … (commitments are `commitments`).
    pub fn name(self) -> &'static str {
        match self {
            Component::Actual => "actual",
            Component::Contract => "contract",
            Component::ContractSaving => "contract-saving",
            Component::Method(MethodName::StraightLine) => "straight-line",
            Component::Method(MethodName::LastYear) => "last-year",
            Component::Method(MethodName::BudgetProfile) => "budget-profile",
            Component::SavingsSlippage => "savings-slippage",
            Component::Adjustment(AdjustmentCause::OneOff) => "adjustment:one-off",
            Component::Adjustment(AdjustmentCause::Volume) => "adjustment:volume",
            Component::Adjustment(AdjustmentCause::Price) => "adjustment:price",
            Component::Commitments => "commitments",
        }
    }

    pub fn parse(name: &str) -> Option<Component> {
        Component::ALL
            .into_iter()
            .chain([Component::Commitments])
            .find(|c| c.name() == name)
    }

    /// The cause a change in this component between two months is put down to.
    ///
    /// A straight line or last year's profile is re-drawn from the actuals each month, so a
    /// change in it is put down to the new actuals; a budget profile follows the budget, so
    /// its change is a budget change (a virement).
    pub fn cause(self) -> Cause {
        match self {
            Component::Actual
            | Component::Method(MethodName::StraightLine | MethodName::LastYear) => {
                Cause::NewActuals
            }
            Component::Contract => Cause::ContractChanges,
            Component::ContractSaving | Component::SavingsSlippage => Cause::SavingsSlippage,
            Component::Method(MethodName::BudgetProfile) => Cause::BudgetChanges,
            Component::Adjustment(AdjustmentCause::OneOff) => Cause::Adjustments,
            Component::Adjustment(AdjustmentCause::Volume) => Cause::Volume,
            Component::Adjustment(AdjustmentCause::Price) => Cause::Price,
            Component::Commitments => Cause::Commitments,
        }
    }
}

/// What a movement in the forecast outturn since the last month is put down to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cause {
    /// Actuals for the months that closed, against what was forecast for them (and late
    /// postings to earlier months), and trends re-drawn from them.
    NewActuals,
    /// A contract's forecast for the months to come changed.
    ContractChanges,
    Volume,
    Price,
    /// A saving's forecast delivery changed.
    SavingsSlippage,
    /// One-off adjustments.
    Adjustments,
    /// A budget profile followed a change in the budget.
    BudgetChanges,
    Commitments,
}

impl Cause {
    pub const ALL: [Cause; 8] = [
        Cause::NewActuals,
        Cause::ContractChanges,
        Cause::Volume,
        Cause::Price,
        Cause::SavingsSlippage,
        Cause::Adjustments,
        Cause::BudgetChanges,
        Cause::Commitments,
    ];
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Cause::NewActuals => "new actuals",
            Cause::ContractChanges => "contract changes",
            Cause::Volume => "volume",
            Cause::Price => "price",
            Cause::SavingsSlippage => "savings slippage",
            Cause::Adjustments => "adjustments",
            Cause::BudgetChanges => "budget changes",
            Cause::Commitments => "commitments",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{d, fy, pounds};

    fn p(pennies: i64) -> Money {
        Money::from_pennies(pennies)
    }

    fn pennies(ms: &[Money]) -> Vec<i64> {
        ms.iter().map(|m| m.pennies()).collect()
    }

    #[test]
    fn periods_count_from_the_financial_years_first_month() {
        let y = fy("2022-23");
        let of = |date| FiscalPeriod::of_date(y, date).map(FiscalPeriod::number);
        assert_eq!(of(d(2022, 4, 1)), Some(1));
        assert_eq!(of(d(2022, 9, 15)), Some(6));
        assert_eq!(of(d(2023, 1, 31)), Some(10));
        assert_eq!(of(d(2023, 3, 31)), Some(12));
        assert_eq!(of(d(2023, 4, 1)), None);
        assert_eq!(of(d(2022, 3, 31)), None);
        let p7 = FiscalPeriod::new(7).unwrap();
        assert_eq!(p7.month_start(y), Some(d(2022, 10, 1)));
        assert_eq!(FiscalPeriod::YEAR_END.month_start(y), None);
        assert_eq!(p7.to_string(), "P7");
        assert_eq!(FiscalPeriod::new(0), None);
        assert_eq!(FiscalPeriod::new(14), None);
        assert_eq!(FiscalPeriod::all().count(), PERIODS);
    }

    #[test]
    fn an_even_split_gives_spare_pennies_to_the_earlier_months() {
        assert_eq!(
            pennies(&even(pounds(250_000), 6)),
            [4_166_667, 4_166_667, 4_166_667, 4_166_667, 4_166_666, 4_166_666]
        );
        assert!(even(pounds(1), 0).is_empty());
    }

    #[test]
    fn straight_line_worked_examples() {
        assert_eq!(
            pennies(&straight_line(pounds(600_000), 6).unwrap()),
            [10_000_000; 6]
        );
        // 100 × 5 ÷ 7 = 71.428571… → 71.43, then 7,143 pennies over 5 months.
        assert_eq!(
            pennies(&straight_line(pounds(100), 7).unwrap()),
            [1_429, 1_429, 1_429, 1_428, 1_428]
        );
        // Income carries on as income.
        assert_eq!(
            pennies(&straight_line(p(-15_000_000), 6).unwrap()),
            [-2_500_000; 6]
        );
        assert!(straight_line(pounds(1), 12).unwrap().is_empty());
        assert_eq!(
            straight_line(pounds(1), 0),
            Err(RuleError::NoMonthsElapsed(0))
        );
    }

    #[test]
    fn last_years_profile_worked_example() {
        let mut ly = [pounds(50_000); 12];
        ly[10] = pounds(80_000);
        ly[11] = pounds(80_000);
        let f = by_last_year(pounds(350_000), &ly, 6).unwrap();
        assert_eq!(
            pennies(&f),
            [5_833_334, 5_833_334, 5_833_333, 5_833_333, 9_333_333, 9_333_333]
        );
        assert_eq!(f.iter().copied().sum::<Money>(), pounds(420_000));
    }

    #[test]
    fn last_years_profile_refuses_what_is_no_profile() {
        let mut ly = [pounds(1); 12];
        ly[3] = pounds(-1);
        assert_eq!(by_last_year(pounds(1), &ly, 6), Err(RuleError::MixedSigns));
        let mut ly = [pounds(1); 12];
        ly[..6].fill(Money::ZERO);
        assert_eq!(
            by_last_year(pounds(1), &ly, 6),
            Err(RuleError::NothingLastYearToDate { elapsed: 6 })
        );
        // Income throughout is a profile: -£60 to date against -£6 last year, -£6 to come.
        let ly = [pounds(-1); 12];
        assert_eq!(
            pennies(&by_last_year(pounds(-60), &ly, 6).unwrap()),
            [-1_000; 6]
        );
        // Nothing last year in the months to come: nothing forecast.
        let mut ly = [Money::ZERO; 12];
        ly[0] = pounds(5);
        assert_eq!(pennies(&by_last_year(pounds(9), &ly, 6).unwrap()), [0; 6]);
    }

    #[test]
    fn variances_and_percentages() {
        assert_eq!(
            variance(
                pounds(10_250_000),
                pounds(10_000_000),
                VarianceSign::OverspendPositive
            ),
            pounds(250_000)
        );
        assert_eq!(
            variance(
                pounds(10_250_000),
                pounds(10_000_000),
                VarianceSign::UnderspendPositive
            ),
            pounds(-250_000)
        );
        assert_eq!(
            variance_percent(pounds(250_000), pounds(10_000_000)),
            Some(Decimal::new(25, 1))
        );
        // A net-income budget: collecting £270,000 of £300,000 is a £30,000 overspend.
        let over = overspend(pounds(-270_000), pounds(-300_000));
        assert_eq!(over, pounds(30_000));
        assert_eq!(
            variance_percent(over, pounds(-300_000))
                .unwrap()
                .to_string(),
            "10.0"
        );
        assert_eq!(
            variance_percent(pounds(1), pounds(3)).unwrap().to_string(),
            "33.3"
        );
        assert_eq!(
            variance_percent(pounds(2), pounds(3)).unwrap().to_string(),
            "66.7"
        );
        // 0.05% exactly rounds half away: £1 over £2,000 is 0.05% → 0.1%; -0.05% → -0.1%.
        assert_eq!(
            variance_percent(pounds(1), pounds(2_000))
                .unwrap()
                .to_string(),
            "0.1"
        );
        assert_eq!(
            variance_percent(pounds(-1), pounds(2_000))
                .unwrap()
                .to_string(),
            "-0.1"
        );
        assert_eq!(variance_percent(pounds(1), Money::ZERO), None);
        // A break-even is 0.00 and 0.0 whichever way round it is printed, never -0.00.
        let even = variance(pounds(-600), pounds(-600), VarianceSign::UnderspendPositive);
        assert_eq!(even.plain(), "0.00");
        assert_eq!(
            variance_percent(even, pounds(-600)).unwrap().to_string(),
            "0.0"
        );
        assert_eq!(
            variance_percent(p(-1), pounds(1_000_000))
                .unwrap()
                .to_string(),
            "0.0"
        );
    }

    fn service_rule() -> RagRule {
        let t = |percent: i64, amount: i64| Threshold {
            percent: Some(percent.into()),
            amount: Some(pounds(amount)),
            whichever: Whichever::Lower,
        };
        RagRule {
            red: t(5, 100_000),
            amber: Some(t(2, 50_000)),
        }
    }

    #[test]
    fn rag_worked_examples() {
        let rule = service_rule();
        let budget = pounds(1_000_000);
        assert_eq!(rule.rate(p(4_999_999), budget), Rag::Amber);
        assert_eq!(rule.rate(pounds(50_000), budget), Rag::Red);
        assert_eq!(rule.rate(pounds(20_000), budget), Rag::Amber);
        assert_eq!(rule.rate(p(1_999_999), budget), Rag::Green);
        let big = pounds(6_392_400);
        assert_eq!(rule.red.limit(big), Decimal::from(100_000));
        assert_eq!(rule.rate(p(9_999_999), big), Rag::Amber);
        assert_eq!(rule.rate(pounds(100_000), big), Rag::Red);
        // Underspends and break-even are green, however large.
        assert_eq!(rule.rate(pounds(-5_000_000), budget), Rag::Green);
        assert_eq!(rule.rate(Money::ZERO, budget), Rag::Green);
        // With no budget, any overspend reaches a "whichever is lower" percentage.
        assert_eq!(rule.rate(p(1), Money::ZERO), Rag::Red);
    }

    #[test]
    fn thresholds_combine_as_stated() {
        let higher = Threshold {
            percent: Some(Decimal::new(5, 1)),
            amount: Some(pounds(1_000_000)),
            whichever: Whichever::Higher,
        };
        // 0.5% of £300m is £1.5m, higher than £1m.
        assert_eq!(higher.limit(pounds(300_000_000)), Decimal::from(1_500_000));
        let only_amount = Threshold {
            percent: None,
            amount: Some(pounds(10)),
            whichever: Whichever::Lower,
        };
        assert!(only_amount.reached(pounds(10), pounds(1)));
        assert!(!only_amount.reached(p(999), pounds(1)));
        let only_percent = Threshold {
            percent: Some(2.into()),
            amount: None,
            whichever: Whichever::Lower,
        };
        // 2% of £333.33 is £6.6666: £6.67 reaches it, £6.66 does not.
        assert!(only_percent.reached(p(667), p(33_333)));
        assert!(!only_percent.reached(p(666), p(33_333)));
    }

    #[test]
    fn savings_status_worked_examples() {
        assert_eq!(
            saving_status(pounds(1_000_000), Money::ZERO, pounds(750_000)),
            SavingStatus::AtRisk
        );
        assert_eq!(
            shortfall(pounds(1_000_000), pounds(750_000)),
            pounds(250_000)
        );
        assert_eq!(
            saving_status(pounds(40_000), pounds(20_000), pounds(40_000)),
            SavingStatus::OnTrack
        );
        assert_eq!(
            saving_status(pounds(60_000), pounds(60_000), pounds(60_000)),
            SavingStatus::Delivered
        );
    }
}
