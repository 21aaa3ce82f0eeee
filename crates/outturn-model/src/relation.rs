//! The arithmetic a paper claims between its printed figures: parts that add to a total, a
//! difference, a product (rate × quantity), a ratio (a share, a mean), a percentage change,
//! the cumulative effect of a run of uplifts, and a term between two dates.
//!
//! Each relation is worked twice: on the figures as printed (the "computed" figure a reader
//! sees) and on every value each printed figure can stand for (its interval). Every relation
//! here is monotone in each operand once the operand's sign is fixed, so the interval of the
//! result is found from the operands' ends (interval arithmetic, exact fractions throughout).

use std::fmt;

use chrono::NaiveDate;
use num_bigint::BigInt;
use num_rational::BigRational;

use crate::duration::months_between;
use crate::interval::Interval;
use crate::reading::{Kind, Reading};

/// A relation between printed operands, which should give the stated figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relation {
    /// `parts = [a, b, ...]`: a + b + … (a negative part is printed `-£x` or `(x)`).
    Parts(Vec<Reading>),
    /// `difference = [a, b]`: a − b.
    Difference(Reading, Reading),
    /// `product = [a, b, ...]`: a × b × …; a percentage multiplies as a fraction (`2%` is
    /// 0.02) and a duration as years (`18 months` is 1.5) unless the stated figure is of
    /// that kind.
    Product(Vec<Reading>),
    /// `ratio = [a, b]`: a ÷ b; in percent when the stated figure is a percentage.
    Ratio(Reading, Reading),
    /// `change = [old, new]`: (new − old) ÷ old, in percent.
    Change(Reading, Reading),
    /// `compound = [p1, p2, ...]`: (1 + p1)(1 + p2)… − 1, in percent.
    Compound(Vec<Reading>),
    /// `duration = [start, end]`: the term from the first day to the last, both included.
    Duration(NaiveDate, NaiveDate),
}

/// Why a relation cannot give the stated figure's kind of figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindError {
    /// The operand at fault, if one is.
    pub operand: Option<usize>,
    pub message: String,
}

impl fmt::Display for KindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// "money", "a percentage", … for messages.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Money => "money",
        Kind::Percent => "a percentage",
        Kind::Count => "a count",
        Kind::Months => "a duration",
    }
}

fn hundred() -> BigRational {
    BigRational::from_integer(BigInt::from(100))
}

fn one() -> BigRational {
    BigRational::from_integer(BigInt::from(1))
}

impl Relation {
    /// The printed operands (none for a duration between dates).
    pub fn operands(&self) -> Vec<&Reading> {
        match self {
            Relation::Parts(v) | Relation::Product(v) | Relation::Compound(v) => v.iter().collect(),
            Relation::Difference(a, b) | Relation::Ratio(a, b) | Relation::Change(a, b) => {
                vec![a, b]
            }
            Relation::Duration(..) => Vec::new(),
        }
    }

    /// Confirms the relation gives a figure of the stated kind from operands of kinds that
    /// make sense: parts of money add to money, a rate times a quantity is money, a change
    /// is a percentage.
    ///
    /// # Errors
    /// The operand (if one is at fault) and what is wrong, in words.
    pub fn validate(&self, stated: Kind) -> Result<(), KindError> {
        let err = |operand: Option<usize>, message: String| Err(KindError { operand, message });
        let percent_only = |what: &str| {
            if stated != Kind::Percent {
                return err(
                    None,
                    format!(
                        "{what} is a percentage, but the stated figure is {}",
                        kind_name(stated)
                    ),
                );
            }
            Ok(())
        };
        match self {
            Relation::Parts(v) => like(v, stated, "a part"),
            Relation::Difference(a, b) => like(
                &[a.clone(), b.clone()],
                stated,
                "a figure of the difference",
            ),
            Relation::Product(v) => product_kinds(v, stated),
            Relation::Ratio(a, b) => ratio_kinds(a, b, stated),
            Relation::Change(a, b) => {
                percent_only("a change")?;
                if a.kind != b.kind {
                    return err(
                        Some(1),
                        format!(
                            "a change is between like figures: `{}` is {} and `{}` is {}",
                            a.text,
                            kind_name(a.kind),
                            b.text,
                            kind_name(b.kind)
                        ),
                    );
                }
                Ok(())
            }
            Relation::Compound(v) => {
                percent_only("a run of uplifts")?;
                match v.iter().position(|p| p.kind != Kind::Percent) {
                    Some(i) => err(
                        Some(i),
                        format!(
                            "each uplift of a compound is a percentage, found `{}`",
                            v[i].text
                        ),
                    ),
                    None => Ok(()),
                }
            }
            Relation::Duration(start, end) => {
                if stated != Kind::Months {
                    return err(None, format!("a duration between dates is a term such as \"18 months\" or \"three years\", but the stated figure is {}", kind_name(stated)));
                }
                if end < start {
                    return err(
                        Some(1),
                        format!("the end {end} is before the start {start}"),
                    );
                }
                Ok(())
            }
        }
    }

    /// The relation worked with each operand standing for `operand(reading)`: the operands'
    /// printed values give the computed figure; their intervals give every figure the
    /// printed operands allow. `validate` must have passed for `stated`.
    ///
    /// # Example
    /// Corpus case 21, a £'000 table: 73 / 2,247 is 3.2488% (it would print as 3.2%). Read to
    /// the £1,000 printed, 72.5 / 2,247.5 = 3.2258% to 73.5 / 2,246.5 = 3.2718%, which meets
    /// the printed `3.3%` (3.25% to 3.35%). Corpus case 30: 1%, 1.5% and 1% compound to
    /// 1.01 × 1.015 × 1.01 − 1 = 3.54015%.
    ///
    /// ```
    /// # use outturn_model::interval::{decimal, Interval, Round};
    /// # use outturn_model::reading::{read, Kind, Reading, TableUnit};
    /// # use outturn_model::relation::Relation;
    /// # use rust_decimal_macros::dec;
    /// let unit = Some(TableUnit::Thousands);
    /// let share = Relation::Ratio(read("73", unit)?, read("2,247", unit)?);
    /// let range = share.evaluate(Kind::Percent, Reading::interval);
    /// let ends = range.shown(4);
    /// assert_eq!(ends, (Some(dec!(3.2258)), Some(dec!(3.2718))));
    /// assert!(range.meets(&read("3.3%", None)?.interval()));
    /// let uplifts = Relation::Compound(vec![read("1%", None)?, read("1.5%", None)?, read("1%", None)?]);
    /// let point = uplifts.evaluate(Kind::Percent, |p| Interval::point(p.value));
    /// assert_eq!(decimal(point.lo.as_ref().unwrap(), 5, Round::Nearest), Some(dec!(3.54015)));
    /// # Ok::<(), outturn_model::amount::AmountError>(())
    /// ```
    pub fn evaluate(&self, stated: Kind, operand: impl Fn(&Reading) -> Interval) -> Interval {
        match self {
            Relation::Parts(v) => v
                .iter()
                .fold(Interval::point(rust_decimal::Decimal::ZERO), |sum, p| {
                    sum.add(&operand(p))
                }),
            Relation::Difference(a, b) => operand(a).sub(&operand(b)),
            Relation::Product(v) => product(v, stated, &operand),
            Relation::Ratio(a, b) => {
                let (num, den) = (operand(a), as_multiplier(b, stated, a.kind, &operand));
                let q = num.div(&den);
                if a.kind == b.kind && stated == Kind::Percent {
                    q.scale(&hundred())
                } else {
                    q
                }
            }
            Relation::Change(a, b) => operand(b).div(&operand(a)).shift(&-one()).scale(&hundred()),
            Relation::Compound(v) => v
                .iter()
                .fold(Interval::point(rust_decimal::Decimal::ONE), |acc, p| {
                    acc.mul(&operand(p).scale(&hundred().recip()).shift(&one()))
                })
                .shift(&-one())
                .scale(&hundred()),
            Relation::Duration(start, end) => match months_between(*start, *end) {
                Some(m) => Interval {
                    lo: Some(m.clone()),
                    hi: Some(m),
                },
                None => Interval::everything(),
            },
        }
    }
}

/// Every operand (nil aside) of the stated kind.
fn like(v: &[Reading], stated: Kind, what: &str) -> Result<(), KindError> {
    match v
        .iter()
        .position(|p| p.kind != stated && !(p.precision.is_none() && p.value.is_zero()))
    {
        Some(i) => Err(KindError {
            operand: Some(i),
            message: format!(
                "{what}, `{}`, is {} but the stated figure is {}",
                v[i].text,
                kind_name(v[i].kind),
                kind_name(stated)
            ),
        }),
        None => Ok(()),
    }
}

/// A product of the stated kind has one operand of that kind (its carrier); every other is
/// a count, a percentage (a fraction) or a duration (years).
fn product_kinds(v: &[Reading], stated: Kind) -> Result<(), KindError> {
    if stated == Kind::Count {
        return match v
            .iter()
            .position(|p| !matches!(p.kind, Kind::Count | Kind::Percent))
        {
            Some(i) => Err(KindError {
                operand: Some(i),
                message: format!(
                    "a product of counts gives a count; `{}` is {}",
                    v[i].text,
                    kind_name(v[i].kind)
                ),
            }),
            None => Ok(()),
        };
    }
    let carriers: Vec<usize> = (0..v.len()).filter(|&i| v[i].kind == stated).collect();
    if carriers.is_empty() {
        return Err(KindError {
            operand: None,
            message: format!(
                "a product gives {} only when one of its figures is {}",
                kind_name(stated),
                kind_name(stated)
            ),
        });
    }
    let money = v.iter().position(|p| p.kind == Kind::Money);
    if let Some(i) = money.filter(|_| stated != Kind::Money).or_else(|| {
        (stated != Kind::Percent)
            .then(|| carriers.get(1).copied())
            .flatten()
    }) {
        return Err(KindError {
            operand: Some(i),
            message: format!("a product has one figure of {} times counts, percentages or durations; `{}` is a second figure of {}", kind_name(stated), v[i].text, kind_name(v[i].kind)),
        });
    }
    Ok(())
}

/// A ratio of like figures is a pure number (or a percentage); otherwise the first is of the
/// stated kind and the second a count, percentage or duration it is divided by.
fn ratio_kinds(a: &Reading, b: &Reading, stated: Kind) -> Result<(), KindError> {
    if a.kind == b.kind {
        return match stated {
            Kind::Percent | Kind::Count => Ok(()),
            _ => Err(KindError {
                operand: None,
                message: format!("a ratio of like figures is a percentage or a plain number, but the stated figure is {}", kind_name(stated)),
            }),
        };
    }
    if a.kind != stated || b.kind == Kind::Money {
        return Err(KindError {
            operand: Some(1),
            message: format!(
                "a ratio of `{}` ({}) to `{}` ({}) does not give {}",
                a.text,
                kind_name(a.kind),
                b.text,
                kind_name(b.kind),
                kind_name(stated)
            ),
        });
    }
    Ok(())
}

/// An operand as a multiplier of a figure of kind `carrier`: a percentage as a fraction, a
/// duration as years (unless the figure it multiplies is itself a percentage or duration of
/// the same kind).
fn as_multiplier(
    p: &Reading,
    stated: Kind,
    carrier: Kind,
    operand: &impl Fn(&Reading) -> Interval,
) -> Interval {
    let x = operand(p);
    if p.kind == carrier || p.kind == stated && stated == Kind::Count {
        return x;
    }
    match p.kind {
        Kind::Percent => x.scale(&hundred().recip()),
        Kind::Months => x.scale(&BigRational::new(BigInt::from(1), BigInt::from(12))),
        Kind::Money | Kind::Count => x,
    }
}

fn product(v: &[Reading], stated: Kind, operand: &impl Fn(&Reading) -> Interval) -> Interval {
    let carrier = v.iter().position(|p| p.kind == stated);
    v.iter().enumerate().fold(
        Interval::point(rust_decimal::Decimal::ONE),
        |acc, (i, p)| {
            let x = if Some(i) == carrier {
                operand(p)
            } else {
                as_multiplier(p, stated, Kind::Count, operand)
            };
            acc.mul(&x)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interval::{rational, Round};
    use crate::reading::read;
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    fn r(text: &str) -> Reading {
        read(text, None).unwrap()
    }

    fn range(rel: &Relation, stated: Kind, dp: u32) -> (Decimal, Decimal) {
        rel.validate(stated).unwrap();
        let i = rel.evaluate(stated, Reading::interval);
        (
            crate::interval::decimal(i.lo.as_ref().unwrap(), dp, Round::Down).unwrap(),
            crate::interval::decimal(i.hi.as_ref().unwrap(), dp, Round::Up).unwrap(),
        )
    }

    fn point(rel: &Relation, stated: Kind) -> BigRational {
        let i = rel.evaluate(stated, |p| Interval::point(p.value));
        assert_eq!(i.lo, i.hi);
        i.lo.unwrap()
    }

    /// Corpus case 21: 73 / 2,247 in £'000 is 3.2488%, printed 3.3%: the interval of the
    /// ratio, 72.5 / 2,247.5 to 73.5 / 2,246.5, is 3.2258% to 3.2718%, and meets 3.25%.
    #[test]
    fn a_ratio_of_rounded_figures() {
        let unit = Some(crate::reading::TableUnit::Thousands);
        let rel = Relation::Ratio(read("73", unit).unwrap(), read("2,247", unit).unwrap());
        assert_eq!(range(&rel, Kind::Percent, 4), (dec!(3.2258), dec!(3.2718)));
    }

    /// Corpus case 23: £607,311 × 2 is £1,214,622, £1,214,621 to £1,214,623 once the annual
    /// figure is read to the pound.
    #[test]
    fn a_product_of_a_rate_and_a_count() {
        let rel = Relation::Product(vec![r("£607,311"), r("2")]);
        assert_eq!(point(&rel, Kind::Money), rational(dec!(1214622)));
        assert_eq!(range(&rel, Kind::Money, 2), (dec!(1214621), dec!(1214623)));
        // A percentage multiplies as a fraction, a duration as years.
        let precept = Relation::Product(vec![r("£1,794.52"), r("2%")]);
        assert_eq!(point(&precept, Kind::Money), rational(dec!(35.8904)));
        let term = Relation::Product(vec![r("£607,311"), r("18 months")]);
        assert_eq!(point(&term, Kind::Money), rational(dec!(910966.5)));
    }

    /// Corpus case 16: 1,384.29 to 1,439.46 is a 3.9854% increase; read to the penny,
    /// 3.98470% to 3.98617%.
    #[test]
    fn a_change_and_a_compound() {
        let rel = Relation::Change(r("£1,384.29"), r("£1,439.46"));
        assert_eq!(
            range(&rel, Kind::Percent, 5),
            (dec!(3.98469), dec!(3.98618))
        );
        // 1%, 1.5% and 1%: 1.01 × 1.015 × 1.01 − 1 = 3.54015%.
        let rel = Relation::Compound(vec![r("1%"), r("1.5%"), r("1%")]);
        assert_eq!(point(&rel, Kind::Percent), rational(dec!(3.54015)));
    }

    #[test]
    fn a_term_between_dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let rel = Relation::Duration(d(2022, 1, 1), d(2025, 12, 31));
        assert_eq!(point(&rel, Kind::Months), rational(dec!(48)));
    }

    #[test]
    fn kinds_that_do_not_make_the_stated_figure() {
        let message = |rel: Relation, stated| rel.validate(stated).unwrap_err().message;
        assert_eq!(
            message(Relation::Parts(vec![r("£3m"), r("2%")]), Kind::Money),
            "a part, `2%`, is a percentage but the stated figure is money"
        );
        assert_eq!(
            message(Relation::Product(vec![r("£3m"), r("£2m")]), Kind::Money),
            "a product has one figure of money times counts, percentages or durations; `£2m` is a second figure of money"
        );
        assert_eq!(
            message(Relation::Change(r("£3m"), r("£4m")), Kind::Money),
            "a change is a percentage, but the stated figure is money"
        );
        assert_eq!(
            message(Relation::Ratio(r("5"), r("£4m")), Kind::Money),
            "a ratio of `5` (a count) to `£4m` (money) does not give money"
        );
        // Nil is nothing of any kind.
        let unit = Some(crate::reading::TableUnit::Millions);
        assert!(
            Relation::Parts(vec![read("-", None).unwrap(), read("1.2", unit).unwrap()])
                .validate(Kind::Money)
                .is_ok()
        );
    }
}
