//! Exact rational arithmetic: the engine computes with fractions and rounds once.
//!
//! Every value the engine works with is a fraction `num / den` of two `i128`
//! integers. Decimals from plan and data files become fractions with a power
//! of ten below; attainment `actual / target` is a fraction, not a rounded
//! quotient; a payout is the product of those fractions, and only the final
//! amount is divided out and rounded, once, in the plan's rounding mode. That
//! is "divide last": the rounded amount is the exact value rounded once, even
//! for thirds and sevenths.
//!
//! Products are formed without reducing first (the common case is fast) and,
//! on overflow, both sides are reduced by their common factors and tried
//! again. A value that still does not fit is an overflow, which the engine
//! reports as [`Error::Overflow`](crate::Error::Overflow); nothing is ever
//! silently truncated.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::money::RoundingMode;

/// An exact rational value, as the engine computed it before rounding.
///
/// Statements carry `Exact` values so that a reader can see the full
/// precision behind every rounded amount: `4500.005` rounds to `4500.00`
/// half-even, and `120375/11` (10,943.1818…) rounds to `10943.18`.
/// It displays as a decimal when the value has a finite decimal expansion,
/// and as `≈decimal (num/den)` otherwise; it serializes as the decimal
/// string or the `num/den` fraction, both exact.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use rust_decimal_macros::dec;
///
/// let half = Exact::from_decimal(dec!(0.5));
/// assert_eq!(half.to_string(), "0.5");
/// assert_eq!(half.to_decimal(), Some(dec!(0.5)));
///
/// let third = Exact::ratio(dec!(1), dec!(3)).unwrap();
/// assert_eq!(third.to_decimal(), None); // 1/3 has no finite decimal form
/// assert_eq!(third.to_string(), "≈0.3333333333 (1/3)");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Exact {
    num: i128,
    /// Always positive.
    den: i128,
}

/// `10^k` for `k` in `0..=38`, evaluated at compile time: an index out of
/// range would stop the build, never panic at run time.
#[allow(clippy::indexing_slicing)]
const POW10: [i128; 39] = {
    let mut t = [1i128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// `10^k` for `k` in `0..=38` (1 beyond, which no caller asks for: a
/// `Decimal`'s scale is at most 28).
#[inline]
fn pow10(k: u32) -> i128 {
    POW10.get(k as usize).copied().unwrap_or(1)
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

/// `(k × r / d, k × r mod d)` for `r < d`, `k <= 10`, without overflow:
/// binary doubling modulo `d` (`2x < 2^128` because `d <= 2^127`).
fn mul_small_divmod(r: u128, k: u32, d: u128) -> (u128, u128) {
    let (mut q, mut x) = (0u128, 0u128);
    for bit in (0..4).rev() {
        // x = 2x (mod d)
        q <<= 1;
        if x >= d - x {
            x -= d - x;
            q += 1;
        } else {
            x += x;
        }
        if k >> bit & 1 == 1 {
            // x = x + r (mod d)
            if x >= d - r {
                x -= d - r;
                q += 1;
            } else {
                x += r;
            }
        }
    }
    (q, x)
}

/// Finishes a rounding: `q` is `|value| × 10^scale` truncated and `r` the
/// remainder over `d`; rounds `q` in `mode` (halves decided exactly by
/// comparing `2r` with `d`) and restores the sign. The one place a rounding
/// mode is applied.
#[inline]
pub(crate) fn round_quotient(
    mut q: u128,
    r: u128,
    d: u128,
    negative: bool,
    scale: u32,
    mode: RoundingMode,
) -> Option<Decimal> {
    // `2r` against `d` without overflow: `r >= d - r`.
    let half = d - r;
    let up = match mode {
        RoundingMode::HalfUp => r >= half,
        RoundingMode::HalfEven => r > half || (r == half && q % 2 == 1),
        RoundingMode::Down => false,
        RoundingMode::Up => r > 0,
    };
    if up {
        q = q.checked_add(1)?;
    }
    let mut m = i128::try_from(q).ok()?;
    if negative {
        m = -m;
    }
    Decimal::try_from_i128_with_scale(m, scale).ok()
}

fn gcd(a: i128, b: i128) -> i128 {
    let (a, b) = (a.unsigned_abs(), b.unsigned_abs());
    // Most values the engine meets fit in 64 bits, where the binary gcd
    // runs on machine words; neither width divides.
    let g = match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => u128::from(gcd64(a, b)),
        _ => gcd128(a, b),
    };
    // g <= max(|a|, |b|) and g divides a value that fits in i128, except for
    // gcd(i128::MIN, 0) which is 2^127; map that to 1 (no reduction).
    i128::try_from(g).unwrap_or(1).max(1)
}

/// Binary gcd (Stein) in 64 bits: no division at all.
fn gcd64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// Binary gcd (Stein): shifts and subtractions only, no 128-bit division.
fn gcd128(mut a: u128, mut b: u128) -> u128 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
        // Once both fit in 64 bits, finish in machine words.
        if let (Ok(x), Ok(y)) = (u64::try_from(a), u64::try_from(b)) {
            return u128::from(gcd64(x, y)) << shift;
        }
    }
}

impl Exact {
    /// Zero.
    pub const ZERO: Exact = Exact { num: 0, den: 1 };
    /// One.
    pub const ONE: Exact = Exact { num: 1, den: 1 };

    /// The exact value of a decimal.
    #[inline(always)]
    pub fn from_decimal(d: Decimal) -> Exact {
        // A Decimal's mantissa has at most 96 bits and its scale is at most
        // 28, so both parts fit in an i128.
        Exact {
            num: d.mantissa(),
            den: pow10(d.scale()),
        }
    }

    /// The exact value of an integer.
    pub(crate) const fn from_int(n: i128) -> Exact {
        Exact { num: n, den: 1 }
    }

    /// `num / den` as given, without reducing; `None` unless `den > 0`.
    /// Equality, order, display and serialization depend only on the
    /// value, never on the representation.
    #[allow(dead_code)]
    pub(crate) fn from_parts(num: i128, den: i128) -> Option<Exact> {
        (den > 0).then_some(Exact { num, den })
    }

    /// `num / den` exactly, or `None` when `den` is zero or the value does
    /// not fit.
    pub fn ratio(num: Decimal, den: Decimal) -> Option<Exact> {
        Exact::from_decimal(num).checked_div(Exact::from_decimal(den))
    }

    /// The numerator and (positive) denominator, reduced to lowest terms,
    /// or `None` when they do not fit in `i128`.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::Exact;
    /// use rust_decimal_macros::dec;
    ///
    /// let v = Exact::ratio(dec!(120375), dec!(11)).unwrap();
    /// assert_eq!(v.parts(), Some((120375, 11)));
    /// ```
    pub fn parts(self) -> Option<(i128, i128)> {
        let r = self.reduced();
        Some((r.num, r.den))
    }

    /// The same value in lowest terms: for constants formed once, so that
    /// the products they enter start small.
    pub(crate) fn reduce(self) -> Exact {
        self.reduced()
    }

    fn reduced(self) -> Exact {
        let g = gcd(self.num, self.den);
        if g == 1 {
            return self;
        }
        // 64-bit division where the values allow it; the same quotients.
        if let (Ok(n), Ok(d), Ok(g)) = (
            i64::try_from(self.num),
            i64::try_from(self.den),
            i64::try_from(g),
        ) {
            return Exact {
                num: i128::from(n / g),
                den: i128::from(d / g),
            };
        }
        Exact {
            num: self.num / g,
            den: self.den / g,
        }
    }

    /// Whether the value is exactly zero.
    #[inline]
    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    /// Whether the value is below zero.
    pub fn is_negative(self) -> bool {
        self.num < 0
    }

    /// Whether the value is above zero.
    pub fn is_positive(self) -> bool {
        self.num > 0
    }

    /// `self + other`, or `None` when the result does not fit.
    ///
    /// Tried first without reducing (same denominators, then the cross
    /// products); only when that overflows are both sides reduced and the
    /// sum formed over the least common denominator.
    #[inline(always)]
    pub fn checked_add(self, other: Exact) -> Option<Exact> {
        if self.den == other.den {
            if let Some(num) = self.num.checked_add(other.num) {
                return Some(Exact { num, den: self.den });
            }
        } else if let (Some(a), Some(b), Some(den)) = (
            mul(self.num, other.den),
            mul(other.num, self.den),
            mul(self.den, other.den),
        ) {
            if let Some(num) = a.checked_add(b) {
                return Some(Exact { num, den });
            }
        }
        self.add_reduced(other)
    }

    /// The slow path of [`Exact::checked_add`]: the sum over the least
    /// common denominator (one gcd, of the denominators); if that still
    /// overflows, both sides reduced first; the sum in lowest terms.
    #[cold]
    fn add_reduced(self, other: Exact) -> Option<Exact> {
        let lcd = |a: Exact, b: Exact| -> Option<Exact> {
            let g = gcd(a.den, b.den);
            let (da, db) = (a.den / g, b.den / g);
            let num = a.num.checked_mul(db)?.checked_add(b.num.checked_mul(da)?)?;
            let den = a.den.checked_mul(db)?;
            Some(Exact { num, den }.reduced())
        };
        lcd(self, other).or_else(|| lcd(self.reduced(), other.reduced()))
    }

    /// `self - other`, or `None` when the result does not fit.
    #[inline(always)]
    pub fn checked_sub(self, other: Exact) -> Option<Exact> {
        self.checked_add(other.checked_neg()?)
    }

    /// `-self`, or `None` when the result does not fit.
    #[inline(always)]
    pub fn checked_neg(self) -> Option<Exact> {
        Some(Exact {
            num: self.num.checked_neg()?,
            den: self.den,
        })
    }

    /// `self × other`, or `None` when the result does not fit.
    ///
    /// Formed without reducing first (the common case: one widening
    /// multiply a part when both fit in 64 bits); on overflow, common
    /// factors are cancelled crosswise and the product tried again.
    #[inline(always)]
    pub fn checked_mul(self, other: Exact) -> Option<Exact> {
        if let (Some(num), Some(den)) = (mul(self.num, other.num), mul(self.den, other.den)) {
            return Some(Exact { num, den });
        }
        self.mul_reduced(other)
    }

    /// The slow path of [`Exact::checked_mul`].
    #[cold]
    fn mul_reduced(self, other: Exact) -> Option<Exact> {
        let (a, b) = (self.reduced(), other.reduced());
        let g1 = gcd(a.num, b.den);
        let g2 = gcd(b.num, a.den);
        let num = (a.num / g1).checked_mul(b.num / g2)?;
        let den = (a.den / g2).checked_mul(b.den / g1)?;
        Some(Exact { num, den }.reduced())
    }

    /// `self / other`, or `None` when `other` is zero or the result does not
    /// fit.
    #[inline(always)]
    pub fn checked_div(self, other: Exact) -> Option<Exact> {
        if other.num == 0 {
            return None;
        }
        let (num, den) = if other.num < 0 {
            (other.den.checked_neg()?, other.num.checked_neg()?)
        } else {
            (other.den, other.num)
        };
        self.checked_mul(Exact { num, den })
    }

    /// The smaller of two values.
    pub fn min(self, other: Exact) -> Exact {
        if other < self { other } else { self }
    }

    /// The larger of two values.
    pub fn max(self, other: Exact) -> Exact {
        if other > self { other } else { self }
    }

    /// The value rounded to `scale` decimal places in `mode`, or `None` when
    /// the rounded value does not fit in a [`Decimal`].
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::{Exact, RoundingMode};
    /// use rust_decimal_macros::dec;
    ///
    /// let v = Exact::from_decimal(dec!(4500.005));
    /// assert_eq!(v.round(2, RoundingMode::HalfEven), Some(dec!(4500.00)));
    /// assert_eq!(v.round(2, RoundingMode::HalfUp), Some(dec!(4500.01)));
    /// ```
    pub fn round(self, scale: u32, mode: RoundingMode) -> Option<Decimal> {
        if scale > 28 {
            return None;
        }
        let negative = self.num < 0;
        let n = self.num.unsigned_abs();
        let d = self.den.unsigned_abs();
        // One division when `|num| × 10^scale` fits (in 64 bits when it
        // can), else long division one digit at a time, which never
        // overflows before the quotient itself does.
        let p = pow10(scale).unsigned_abs();
        let (q, r) = match n.checked_mul(p) {
            Some(scaled) => match (u64::try_from(scaled), u64::try_from(d)) {
                (Ok(s), Ok(d64)) => (u128::from(s / d64), u128::from(s % d64)),
                _ => (scaled / d, scaled % d),
            },
            None => {
                let (mut q, mut r) = (n / d, n % d);
                for _ in 0..scale {
                    let (digit, rest) = mul_small_divmod(r, 10, d);
                    q = q.checked_mul(10)?.checked_add(digit)?;
                    r = rest;
                }
                (q, r)
            }
        };
        round_quotient(q, r, d, negative, scale, mode)
    }

    /// The exact decimal value, when it has a finite decimal expansion of at
    /// most 28 places that fits in a [`Decimal`].
    pub fn to_decimal(self) -> Option<Decimal> {
        let r = self.reduced();
        let mut d = r.den;
        let (mut twos, mut fives) = (0u32, 0u32);
        while d % 2 == 0 {
            d /= 2;
            twos += 1;
        }
        while d % 5 == 0 {
            d /= 5;
            fives += 1;
        }
        if d != 1 {
            return None;
        }
        let scale = twos.max(fives);
        if scale > 28 {
            return None;
        }
        let m = r.num.checked_mul(pow10(scale) / r.den)?;
        Decimal::try_from_i128_with_scale(m, scale)
            .ok()
            .map(|v| v.normalize())
    }

    /// The value rounded half-even to 10 places, for display of values that
    /// have no finite decimal form.
    fn approx(self) -> Option<Decimal> {
        self.round(10, RoundingMode::HalfEven)
    }
}

/// A line `y = y0 + slope × (x − x0)` pre-scaled for evaluating at a
/// fraction `x = n / d` with three products and no division:
/// `y = (k1 × n + k0 × d) / (den × d)`. Formed once per curve segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Linear {
    k1: i128,
    k0: i128,
    den: i128,
}

impl Linear {
    /// The line through `(x0, y0)` with `slope`, or `None` when its
    /// constants do not fit (the caller then evaluates the line as
    /// written).
    pub(crate) fn through(x0: Exact, y0: Exact, slope: Exact) -> Option<Linear> {
        let (p, q) = x0.parts()?;
        let (yn, yd) = y0.parts()?;
        let (sn, sd) = slope.parts()?;
        // y = yn/yd + sn/sd × (x − p/q)
        //   = (x × yd·sn·q + yn·sd·q − yd·sn·p) / (yd·sd·q)
        let k1 = yd.checked_mul(sn)?.checked_mul(q)?;
        let k0 = yn
            .checked_mul(sd)?
            .checked_mul(q)?
            .checked_sub(yd.checked_mul(sn)?.checked_mul(p)?)?;
        let den = yd.checked_mul(sd)?.checked_mul(q)?;
        let g = gcd(gcd(k1, k0), den);
        Some(Linear {
            k1: k1 / g,
            k0: k0 / g,
            den: den / g,
        })
    }

    /// The line at `x`, exactly; `None` when a product does not fit.
    #[inline(always)]
    pub(crate) fn at(self, x: Exact) -> Option<Exact> {
        let num = mul(self.k1, x.num)?.checked_add(mul(self.k0, x.den)?)?;
        let den = mul(self.den, x.den)?;
        Some(Exact { num, den })
    }
}

impl PartialEq for Exact {
    fn eq(&self, other: &Exact) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Exact {}

impl PartialOrd for Exact {
    #[inline(always)]
    fn partial_cmp(&self, other: &Exact) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Exact {
    #[inline(always)]
    fn cmp(&self, other: &Exact) -> Ordering {
        if self.den == other.den {
            return self.num.cmp(&other.num);
        }
        if let (Some(l), Some(r)) = (mul(self.num, other.den), mul(other.num, self.den)) {
            return l.cmp(&r);
        }
        // Fall back to comparing continued fractions, which never overflows.
        cmp_fractions(self.num, self.den, other.num, other.den)
    }
}

/// Compares `a/b` with `c/d` (`b`, `d` > 0) without overflow.
fn cmp_fractions(a: i128, b: i128, c: i128, d: i128) -> Ordering {
    let (qa, ra) = (a.div_euclid(b), a.rem_euclid(b));
    let (qc, rc) = (c.div_euclid(d), c.rem_euclid(d));
    match qa.cmp(&qc) {
        Ordering::Equal => {}
        other => return other,
    }
    match (ra == 0, rc == 0) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        // ra/b vs rc/d  <=>  d/rc vs b/ra (reciprocals reverse the order).
        (false, false) => cmp_fractions(d, rc, b, ra),
    }
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(d) = self.to_decimal() {
            return write!(f, "{d}");
        }
        let Exact { num: n, den: d } = self.reduced();
        match self.approx() {
            Some(a) => write!(f, "≈{} ({n}/{d})", a.normalize()),
            None => write!(f, "{n}/{d}"),
        }
    }
}

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.to_decimal() {
            Some(d) => s.collect_str(&d),
            None => {
                let Exact { num: n, den: d } = self.reduced();
                s.collect_str(&format_args!("{n}/{d}"))
            }
        }
    }
}

impl From<Decimal> for Exact {
    fn from(d: Decimal) -> Exact {
        Exact::from_decimal(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn divide_last_rounds_once() {
        // 3750 × (1 + 2 × (3,300,002 / 3,000,000 − 1)) = 4500.005 exactly.
        let att = Exact::ratio(dec!(3300002), dec!(3000000)).unwrap();
        let f = Exact::ONE
            .checked_add(
                Exact::from_int(2)
                    .checked_mul(att.checked_sub(Exact::ONE).unwrap())
                    .unwrap(),
            )
            .unwrap();
        let amt = Exact::from_decimal(dec!(3750)).checked_mul(f).unwrap();
        assert_eq!(amt.to_decimal(), Some(dec!(4500.005)));
        assert_eq!(amt.round(2, RoundingMode::HalfEven), Some(dec!(4500.00)));
        assert_eq!(amt.round(2, RoundingMode::HalfUp), Some(dec!(4500.01)));
    }

    #[test]
    fn rounding_modes_on_negative_values() {
        let v = Exact::from_decimal(dec!(-2.5));
        assert_eq!(v.round(0, RoundingMode::HalfUp), Some(dec!(-3)));
        assert_eq!(v.round(0, RoundingMode::HalfEven), Some(dec!(-2)));
        assert_eq!(v.round(0, RoundingMode::Down), Some(dec!(-2)));
        assert_eq!(v.round(0, RoundingMode::Up), Some(dec!(-3)));
    }

    #[test]
    fn comparison_survives_overflowing_cross_products() {
        let big = Exact {
            num: i128::MAX - 1,
            den: i128::MAX,
        };
        let bigger = Exact {
            num: i128::MAX - 1,
            den: i128::MAX - 2,
        };
        assert!(big < bigger);
        assert!(big < Exact::ONE);
        assert!(bigger > Exact::ONE);
        assert_eq!(big.cmp(&big), Ordering::Equal);
    }

    #[test]
    fn gcd_agrees_across_widths() {
        let cases: [(i128, i128); 8] = [
            (0, 0),
            (0, 12),
            (12, 0),
            (-12, 18),
            (1 << 80, 3 << 70),
            (i128::MAX, i128::MAX - 1),
            (i128::MIN, 0),
            (6 * (1i128 << 100) + 6, 4 * (1i128 << 100) + 4),
        ];
        for (a, b) in cases {
            // Euclid on u128 as the reference.
            let (mut x, mut y) = (a.unsigned_abs(), b.unsigned_abs());
            while y != 0 {
                let t = x % y;
                x = y;
                y = t;
            }
            let want = i128::try_from(x).unwrap_or(1).max(1);
            assert_eq!(gcd(a, b), want, "gcd({a}, {b})");
        }
    }

    #[test]
    fn display_of_non_terminating_value() {
        let v = Exact::ratio(dec!(120375), dec!(11)).unwrap();
        assert_eq!(v.to_string(), "≈10943.1818181818 (120375/11)");
        assert_eq!(v.round(2, RoundingMode::HalfUp), Some(dec!(10943.18)));
    }
}
