//! Scaled-integer fractions for the prepared plan's hot path.
//!
//! An [`Fx`] is `n / d` with `d > 0`, never reduced: the hot path only
//! multiplies, adds and compares, so no gcd is ever taken. Every operation
//! is checked; `None` means "this participant is too large for the fast
//! route", and the caller hands the participant to the general engine,
//! which either computes it with reductions or reports the overflow.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::exact::Exact;
use crate::money::RoundingMode;

/// `10^k` for `k` in `0..=38`. Evaluated at compile time: an index out of
/// range would stop the build, never panic at run time.
#[allow(clippy::indexing_slicing)]
const POW10: [u128; 39] = {
    let mut t = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

fn pow10(k: u32) -> Option<u128> {
    POW10.get(usize::try_from(k).ok()?).copied()
}

/// `a × b`, or `None` on overflow. When both fit in 64 bits the product
/// cannot overflow 128, and one widening multiply does it.
#[inline(always)]
fn mul(a: i128, b: i128) -> Option<i128> {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(x), Ok(y)) => Some(i128::from(x) * i128::from(y)),
        _ => a.checked_mul(b),
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Fx {
    pub(crate) n: i128,
    /// Always positive.
    pub(crate) d: i128,
}

impl Fx {
    pub(crate) const ZERO: Fx = Fx { n: 0, d: 1 };

    /// The exact value of a decimal (a Decimal's scale is at most 28).
    #[inline]
    pub(crate) fn dec(v: Decimal) -> Fx {
        let d = pow10(v.scale())
            .and_then(|p| i128::try_from(p).ok())
            .unwrap_or(1);
        Fx { n: v.mantissa(), d }
    }

    /// The same value as an `Exact`, reduced so that later general
    /// arithmetic on it starts small.
    pub(crate) fn from_exact(e: Exact) -> Fx {
        let (n, d) = e.parts();
        Fx { n, d }
    }

    #[inline]
    pub(crate) fn to_exact(self) -> Option<Exact> {
        Exact::from_parts(self.n, self.d)
    }

    #[inline]
    pub(crate) fn mul(self, o: Fx) -> Option<Fx> {
        Some(Fx {
            n: mul(self.n, o.n)?,
            d: mul(self.d, o.d)?,
        })
    }

    #[inline]
    pub(crate) fn div(self, o: Fx) -> Option<Fx> {
        match o.n.cmp(&0) {
            Ordering::Equal => None,
            Ordering::Greater => self.mul(Fx { n: o.d, d: o.n }),
            Ordering::Less => self.mul(Fx {
                n: o.d.checked_neg()?,
                d: o.n.checked_neg()?,
            }),
        }
    }

    #[inline]
    pub(crate) fn add(self, o: Fx) -> Option<Fx> {
        if self.d == o.d {
            return Some(Fx {
                n: self.n.checked_add(o.n)?,
                d: self.d,
            });
        }
        Some(Fx {
            n: self
                .n
                .checked_mul(o.d)?
                .checked_add(o.n.checked_mul(self.d)?)?,
            d: self.d.checked_mul(o.d)?,
        })
    }

    #[inline]
    pub(crate) fn sub(self, o: Fx) -> Option<Fx> {
        self.add(Fx {
            n: o.n.checked_neg()?,
            d: o.d,
        })
    }

    /// The order of two values; `None` when the cross products overflow.
    #[inline]
    pub(crate) fn cmp(self, o: Fx) -> Option<Ordering> {
        if self.d == o.d {
            return Some(self.n.cmp(&o.n));
        }
        Some(mul(self.n, o.d)?.cmp(&mul(o.n, self.d)?))
    }

    #[inline]
    pub(crate) fn lt(self, o: Fx) -> Option<bool> {
        Some(self.cmp(o)? == Ordering::Less)
    }

    #[inline]
    pub(crate) fn is_positive(self) -> bool {
        self.n > 0
    }

    /// Rounded to `places` in `mode`: the same digits as
    /// [`Exact::round`], which divides digit by digit; here
    /// `|n| × 10^places` is divided once (in 64 bits when it fits).
    /// `None` where `Exact::round` might differ or fail: the caller falls
    /// back to the general engine.
    #[inline]
    pub(crate) fn round(self, places: u32, mode: RoundingMode) -> Option<Decimal> {
        if places > 28 {
            return None;
        }
        let negative = self.n < 0;
        let n = self.n.unsigned_abs();
        let d = self.d.unsigned_abs();
        // Exact::round fails when 10 × remainder overflows; stay well clear.
        if d >> 120 != 0 {
            return None;
        }
        let scaled = n.checked_mul(pow10(places)?)?;
        let (q, r) = match (u64::try_from(scaled), u64::try_from(d)) {
            (Ok(s), Ok(d64)) => (u128::from(s / d64), u128::from(s % d64)),
            _ => (scaled / d, scaled % d),
        };
        crate::exact::round_quotient(q, r, d, negative, places, mode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounding_agrees_with_exact() {
        let modes = [
            RoundingMode::HalfUp,
            RoundingMode::HalfEven,
            RoundingMode::Down,
            RoundingMode::Up,
        ];
        let values = [
            (4_500_005i128, 1000i128),
            (-25, 10),
            (1, 3),
            (-2, 3),
            (120_375, 11),
            (i128::from(i64::MAX) * 1000 + 7, 999),
        ];
        for (n, d) in values {
            let fx = Fx { n, d };
            let ex = fx.to_exact().unwrap();
            for mode in modes {
                for places in [0, 2, 3, 6] {
                    assert_eq!(fx.round(places, mode), ex.round(places, mode), "{n}/{d}");
                }
            }
        }
        assert_eq!(
            Fx::dec(dec!(4500.005)).round(2, RoundingMode::HalfEven),
            Some(dec!(4500.00))
        );
    }
}
