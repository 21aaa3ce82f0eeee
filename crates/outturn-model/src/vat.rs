//! VAT: a line's amounts stated net or gross of VAT at a rate, and whether the council can
//! recover the VAT.
//!
//! Councils recover most VAT (VAT Act 1994 s33), so budgets are normally net; VAT it cannot
//! recover is a cost, so the line then costs its gross. The VAT is worked on each block of the
//! line (each contract year's cost, each stated year's amount, a total) and rounded to the
//! penny half away from zero: on a net amount, `net × rate`; inside a gross amount,
//! `gross × rate / (100 + rate)` (at 20%, one sixth). Each block's cost to the budget (net or
//! gross) and its VAT are then split by the same weights, so net, VAT and gross add up in
//! every row and month.
//!
//! No paper was found that prints a net and gross pair; the rule is the PFI standard form's:
//! "All amounts due under this Contract are exclusive of VAT" … "the amount shall include
//! any VAT in respect of that amount only to the extent that such VAT is not recoverable".

use std::fmt;

use num_bigint::BigInt;
use num_rational::BigRational;
use rust_decimal::Decimal;

use crate::error::ModelError;
use crate::exact::round_fraction;
use crate::money::Money;

/// Whether a line's amounts include VAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stated {
    Net,
    Gross,
}

impl fmt::Display for Stated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stated::Net => "net",
            Stated::Gross => "gross",
        })
    }
}

/// A line's VAT: the rate in percent, how its amounts are stated, and whether it is
/// recoverable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vat {
    pub rate: Decimal,
    pub stated: Stated,
    pub recoverable: bool,
}

/// A block's amounts: net, VAT and gross (net + VAT), and what it costs the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VatAmounts {
    /// The VAT they were worked by.
    pub of: Vat,
    pub net: Money,
    pub vat: Money,
    pub gross: Money,
    /// Net when the VAT is recoverable, gross when it is not.
    pub cost: Money,
}

impl Vat {
    /// The net, VAT and gross of `amount`, stated as the line says.
    ///
    /// # Example
    /// £250,000.00 net at 20%: VAT £50,000.00, gross £300,000.00; recoverable, it costs the
    /// budget £250,000.00, irrecoverable £300,000.00. £1.05 gross at 20%: VAT 1.05 / 6 =
    /// 0.175 → £0.18, net £0.87.
    ///
    /// ```
    /// # use outturn_model::vat::{Stated, Vat};
    /// # use outturn_model::Money;
    /// # use rust_decimal_macros::dec;
    /// let net = Vat { rate: dec!(20), stated: Stated::Net, recoverable: true };
    /// let a = net.amounts(Money::from_pennies(25_000_000))?;
    /// assert_eq!((a.vat, a.gross, a.cost), (Money::from_pennies(5_000_000), Money::from_pennies(30_000_000), Money::from_pennies(25_000_000)));
    /// let irrecoverable = Vat { recoverable: false, ..net };
    /// assert_eq!(irrecoverable.amounts(Money::from_pennies(25_000_000))?.cost, Money::from_pennies(30_000_000));
    /// let gross = Vat { stated: Stated::Gross, ..net };
    /// let a = gross.amounts(Money::from_pennies(105))?;
    /// assert_eq!((a.net, a.vat), (Money::from_pennies(87), Money::from_pennies(18)));
    /// # Ok::<(), outturn_model::ModelError>(())
    /// ```
    ///
    /// # Errors
    /// An amount too large ([`ModelError::Overflow`]).
    pub fn amounts(&self, amount: Money) -> Result<VatAmounts, ModelError> {
        let pounds = BigRational::new(BigInt::from(amount.pennies()), BigInt::from(100));
        let rate = BigRational::new(
            BigInt::from(self.rate.mantissa()),
            BigInt::from(10).pow(self.rate.scale()) * BigInt::from(100),
        );
        let (net, vat, gross) = match self.stated {
            Stated::Net => {
                let vat = round_fraction(&(pounds * rate), 1).ok_or(ModelError::Overflow)?;
                (amount, vat, amount + vat)
            }
            Stated::Gross => {
                let fraction = &rate / (BigRational::from_integer(1.into()) + &rate);
                let vat = round_fraction(&(pounds * fraction), 1).ok_or(ModelError::Overflow)?;
                (amount - vat, vat, amount)
            }
        };
        Ok(VatAmounts {
            of: *self,
            net,
            vat,
            gross,
            cost: if self.recoverable { net } else { gross },
        })
    }
}

#[cfg(test)]
mod tests {
    //! Figures from `docs/research/06-vat-net-gross.py` (Python `decimal`).
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn vat_per_block_and_the_round_trip_penny() {
        let gross = Vat {
            rate: dec!(20),
            stated: Stated::Gross,
            recoverable: true,
        };
        // £1.05 gross → VAT £0.18, net £0.87; £0.87 net → VAT 0.174 → £0.17, gross £1.04:
        // the round trip loses a penny, as the research notes.
        let a = gross.amounts(Money::from_pennies(105)).unwrap();
        let back = Vat {
            stated: Stated::Net,
            ..gross
        }
        .amounts(a.net)
        .unwrap();
        assert_eq!(back.gross, Money::from_pennies(104));
        // £300,000 gross at 20% is £250,000 net exactly.
        let a = gross.amounts(Money::from_pennies(30_000_000)).unwrap();
        assert_eq!(a.net, Money::from_pennies(25_000_000));
        // A reduced rate: £100 net at 5% is £105 gross.
        let five = Vat {
            rate: dec!(5),
            stated: Stated::Net,
            recoverable: false,
        };
        assert_eq!(
            five.amounts(Money::from_pennies(10_000)).unwrap().cost,
            Money::from_pennies(10_500)
        );
    }
}
