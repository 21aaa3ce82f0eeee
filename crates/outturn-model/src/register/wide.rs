//! A 256-bit unsigned integer with just what an exact contract-year cost needs: multiplying
//! and dividing by a machine word, adding, comparing. Used when a compounded uplift outgrows
//! 128 bits (an eighth contract year at 5.07% on £5m), before falling back to heap-allocated
//! big integers.

/// Four 64-bit limbs, least significant first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct U256([u64; 4]);

impl U256 {
    pub(super) fn from_u64(n: u64) -> U256 {
        U256([n, 0, 0, 0])
    }

    /// `self × m`, or `None` past 2^256.
    pub(super) fn mul_small(self, m: u64) -> Option<U256> {
        let mut out = [0u64; 4];
        let mut carry = 0u128;
        for (o, &limb) in out.iter_mut().zip(&self.0) {
            let product = u128::from(limb) * u128::from(m) + carry;
            *o = product as u64;
            carry = product >> 64;
        }
        (carry == 0).then_some(U256(out))
    }

    /// `self + other`, or `None` past 2^256.
    pub(super) fn add(self, other: U256) -> Option<U256> {
        let mut out = [0u64; 4];
        let mut carry = false;
        for (o, (&a, &b)) in out.iter_mut().zip(self.0.iter().zip(&other.0)) {
            let (sum, c1) = a.overflowing_add(b);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            *o = sum;
            carry = c1 || c2;
        }
        (!carry).then_some(U256(out))
    }

    /// `self / d` rounded toward zero; `d` is not zero.
    pub(super) fn div_small(self, d: u64) -> U256 {
        let mut out = [0u64; 4];
        let mut rem = 0u128;
        for (o, &limb) in out.iter_mut().zip(&self.0).rev() {
            let cur = (rem << 64) | u128::from(limb);
            *o = (cur / u128::from(d)) as u64;
            rem = cur % u128::from(d);
        }
        U256(out)
    }

    pub(super) fn to_u128(self) -> Option<u128> {
        (self.0[2] == 0 && self.0[3] == 0)
            .then(|| u128::from(self.0[0]) | (u128::from(self.0[1]) << 64))
    }

    pub(super) fn to_i64(self) -> Option<i64> {
        self.to_u128().and_then(|n| i64::try_from(n).ok())
    }

    pub(super) fn less_than(self, other: U256) -> bool {
        self.0.iter().rev().lt(other.0.iter().rev())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;
    use proptest::prelude::*;

    fn big(n: U256) -> BigUint {
        n.0.iter()
            .rev()
            .fold(BigUint::from(0u8), |acc, &l| (acc << 64) + l)
    }

    proptest! {
        /// Each operation agrees with arbitrary-precision integers.
        #[test]
        fn agrees_with_big_integers(
            a in any::<u64>(), factors in prop::collection::vec(1u64.., 0..5), d in 1u64.., add in any::<u64>(),
        ) {
            let mut n = U256::from_u64(a);
            let mut expected = BigUint::from(a);
            for f in factors {
                expected *= f;
                match n.mul_small(f) {
                    Some(m) => n = m,
                    None => {
                        prop_assert!(expected.bits() > 256);
                        return Ok(());
                    }
                }
                prop_assert_eq!(big(n), expected.clone());
            }
            prop_assert_eq!(big(n.div_small(d)), &expected / d);
            if let Some(sum) = n.add(U256::from_u64(add)) {
                prop_assert_eq!(big(sum), &expected + add);
                prop_assert!(n.less_than(sum) || add == 0);
            }
            prop_assert_eq!(n.to_u128().map(BigUint::from), (expected.bits() <= 128).then_some(expected));
        }
    }
}
