//! Exact rational arithmetic: the engine computes with fractions and rounds once.
//!
//! Every value the engine works with is a fraction `num / den` of two
//! integers. Decimals from plan and data files become fractions with a power
//! of ten below; attainment `actual / target` is a fraction, not a rounded
//! quotient; a payout is the product of those fractions, and only the final
//! amount is divided out and rounded, once, in the plan's rounding mode. That
//! is "divide last": the rounded amount is the exact value rounded once, even
//! for thirds and sevenths.
//!
//! A fraction is held in `i128`s, where every operation has a fast path:
//! products are formed without reducing first (one widening multiply when
//! both sides fit in 64 bits). On overflow, both sides are reduced by their
//! common factors and tried again; a value that still does not fit in
//! 128 bits is computed in 256 bits ([`ethnum::I256`]), in lowest terms, and
//! becomes a 128-bit fraction again as soon as its lowest terms fit. Only a
//! value whose lowest terms do not fit in 256 bits is an overflow (a sum
//! also needs its numerator over the least common denominator to fit, which
//! is larger by at most the denominators' common factor), and the engine
//! reports it as [`Error::Overflow`](crate::Error::Overflow); nothing is
//! ever silently truncated.

use std::cmp::Ordering;
use std::fmt;

use ethnum::{I256, U256};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::rounding::RoundingMode;

/// An exact rational value, as the engine computed it before rounding.
///
/// Statements carry `Exact` values so that a reader can see the full
/// precision behind every rounded amount: `4500.005` rounds to `4500.00`
/// half-even, and `120375/11` (10,943.1818…) rounds to `10943.18`.
/// It displays as a decimal when the value has a finite decimal expansion,
/// and as `≈decimal (num/den)` otherwise; it serializes as the decimal
/// string or the `num/den` fraction, both exact.
///
/// A value is held in 128-bit integers when its lowest terms fit there, and
/// in 256-bit integers otherwise; which one is never visible: equality,
/// order, display and serialization depend only on the value.
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
#[derive(Clone, Copy)]
pub struct Exact {
    // Two forms, told apart by the sign of `den_hi`:
    //
    // - small (`den_hi` is `SMALL`, `num_hi` 0): `num / den` with
    //   `den > 0`, not necessarily in lowest terms. The fast paths, and
    //   every value realistic figures produce.
    // - wide (`den_hi >= 0`): the 256-bit `num / den` with high words
    //   `num_hi`, `den_hi` and low words `num`, `den` (as bits), `den > 0`,
    //   in lowest terms, the numerator or the denominator outside `i128`,
    //   so never zero.
    //
    // Normalized: a value whose lowest terms fit in `i128` is always small,
    // so a value has at most one wide form, and then no small form.
    //
    // A plain struct rather than an enum of the two forms: the small form's
    // fields are where the fast paths read them, the test is one sign, and
    // the same-book loop (`examples/book.rs values`) counted about 3% fewer
    // instructions than with the enum.
    /// The numerator, or its low 128 bits.
    num: i128,
    /// The denominator, or its low 128 bits.
    den: i128,
    /// The numerator's high 128 bits when wide; 0 when small.
    num_hi: i128,
    /// The denominator's high 128 bits when wide; [`SMALL`] when small.
    den_hi: i128,
}

/// `den_hi` of a small value: negative, which a wide (positive)
/// denominator's high word never is.
const SMALL: i128 = -1;

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
/// binary doubling modulo `d` (`2x < 2^256` because `d < 2^255`).
fn mul_small_divmod_wide(r: U256, k: u32, d: U256) -> (U256, U256) {
    let (mut q, mut x) = (U256::ZERO, U256::ZERO);
    for bit in (0..4).rev() {
        q <<= 1;
        if x >= d - x {
            x -= d - x;
            q += 1;
        } else {
            x += x;
        }
        if k >> bit & 1 == 1 {
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

/// Finishes a rounding: `q` is `|value| × 10^scale` truncated, `half` how
/// the remainder `r` compares with half the divisor `d` (`r` against
/// `d − r`, decided exactly) and `inexact` whether `r > 0`; rounds `q` in
/// `mode` and restores the sign. The one place a rounding mode is applied.
#[inline]
pub(crate) fn round_quotient(
    mut q: u128,
    half: Ordering,
    inexact: bool,
    negative: bool,
    scale: u32,
    mode: RoundingMode,
) -> Option<Decimal> {
    let up = match mode {
        RoundingMode::HalfUp => half.is_ge(),
        RoundingMode::HalfEven => half.is_gt() || (half.is_eq() && q % 2 == 1),
        RoundingMode::Down => false,
        RoundingMode::Up => inexact,
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

/// Binary gcd (Stein) in 256 bits, finishing in 128 (and then 64) bits once
/// both sides fit there.
fn gcd256(mut a: U256, mut b: U256) -> U256 {
    if a == U256::ZERO {
        return b;
    }
    if b == U256::ZERO {
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
        if b == U256::ZERO {
            return a << shift;
        }
        if let (Ok(x), Ok(y)) = (u128::try_from(a), u128::try_from(b)) {
            return U256::new(gcd128(x, y)) << shift;
        }
    }
}

/// `gcd(a, b)` of signed 256-bit values, at least 1; callers pass a `b > 0`,
/// so the gcd fits (it is at most `b`).
fn gcd_wide(a: I256, b: I256) -> I256 {
    let g = gcd256(a.unsigned_abs(), b.unsigned_abs());
    I256::try_from(g).unwrap_or(I256::ONE).max(I256::ONE)
}

/// `num / den` (`den > 0`) in lowest terms.
fn lowest_wide(num: I256, den: I256) -> (I256, I256) {
    let g = gcd_wide(num, den);
    if g == I256::ONE {
        return (num, den);
    }
    (num / g, den / g)
}

/// The sum of `a/b` and `c/d` (`b`, `d` > 0) in lowest terms, or `None`
/// when it does not fit in 256 bits. Knuth's form (TAOCP 4.5.1): reduce
/// both sides, add over `lcm(b, d)`, and cancel what the sum shares with
/// `gcd(b, d)`; the denominator is formed already reduced, so only the sum
/// over the common denominator can overflow where the result would not.
fn add_wide((a, b): (I256, I256), (c, d): (I256, I256)) -> Option<Exact> {
    let (a, b) = lowest_wide(a, b);
    let (c, d) = lowest_wide(c, d);
    let g = gcd_wide(b, d);
    let t = a.checked_mul(d / g)?.checked_add(c.checked_mul(b / g)?)?;
    let g2 = gcd_wide(t, g);
    let den = (b / g).checked_mul(d / g2)?;
    Some(Exact::from_lowest(t / g2, den))
}

/// The product of `a/b` and `c/d` (`b`, `d` > 0) in lowest terms, or
/// `None` when it does not fit in 256 bits: common factors cancelled
/// crosswise first, so the products formed are the result's own terms.
fn mul_wide((a, b): (I256, I256), (c, d): (I256, I256)) -> Option<Exact> {
    let (a, b) = lowest_wide(a, b);
    let (c, d) = lowest_wide(c, d);
    let g1 = gcd_wide(a, d);
    let g2 = gcd_wide(c, b);
    let num = (a / g1).checked_mul(c / g2)?;
    let den = (b / g2).checked_mul(d / g1)?;
    Some(Exact::from_lowest(num, den))
}

/// `|num / den|` (`den > 0`) rounded to `scale` places in `mode`: the
/// 256-bit form of [`Exact::round`]'s quotient and remainder.
#[cold]
fn round_wide(num: I256, den: I256, scale: u32, mode: RoundingMode) -> Option<Decimal> {
    let negative = num.is_negative();
    let n = num.unsigned_abs();
    let d = den.unsigned_abs();
    let p = U256::new(pow10(scale).unsigned_abs());
    let (q, r) = match n.checked_mul(p) {
        Some(scaled) => (scaled / d, scaled % d),
        None => {
            let (mut q, mut r) = (n / d, n % d);
            for _ in 0..scale {
                let (digit, rest) = mul_small_divmod_wide(r, 10, d);
                q = q.checked_mul(U256::new(10))?.checked_add(digit)?;
                r = rest;
            }
            (q, r)
        }
    };
    // A quotient past 128 bits is past any `Decimal`, rounded or not.
    let q = u128::try_from(q).ok()?;
    round_quotient(q, r.cmp(&(d - r)), r != U256::ZERO, negative, scale, mode)
}

impl Exact {
    /// Zero.
    pub const ZERO: Exact = Exact::small(0, 1);
    /// One.
    pub const ONE: Exact = Exact::small(1, 1);

    /// `num / den` (`den > 0`) in the small form.
    #[inline(always)]
    const fn small(num: i128, den: i128) -> Exact {
        Exact {
            num,
            den,
            num_hi: 0,
            den_hi: SMALL,
        }
    }

    /// Whether the value is in the small form.
    #[inline(always)]
    fn is_small(self) -> bool {
        self.den_hi < 0
    }

    /// Whether both values are in the small form: one test of both signs.
    #[inline(always)]
    fn both_small(a: Exact, b: Exact) -> bool {
        (a.den_hi & b.den_hi) < 0
    }

    /// The value as a 256-bit fraction `(num, den)`, `den > 0`, in the
    /// terms it is held in.
    fn wide(self) -> (I256, I256) {
        if self.is_small() {
            (I256::new(self.num), I256::new(self.den))
        } else {
            (
                I256::from_words(self.num_hi, self.num),
                I256::from_words(self.den_hi, self.den),
            )
        }
    }

    /// `num / den`, already in lowest terms with `den > 0`: small when both
    /// fit in `i128`, else wide.
    fn from_lowest(num: I256, den: I256) -> Exact {
        if num == I256::ZERO {
            return Exact::ZERO;
        }
        match (i128::try_from(num), i128::try_from(den)) {
            (Ok(num), Ok(den)) => Exact::small(num, den),
            _ => {
                let (num_hi, num) = num.into_words();
                let (den_hi, den) = den.into_words();
                Exact {
                    num,
                    den,
                    num_hi,
                    den_hi,
                }
            }
        }
    }

    /// `num / den` (`den > 0`), reduced to lowest terms.
    fn from_wide(num: I256, den: I256) -> Exact {
        let (num, den) = lowest_wide(num, den);
        Exact::from_lowest(num, den)
    }

    /// The exact value of a decimal.
    #[inline(always)]
    pub fn from_decimal(d: Decimal) -> Exact {
        // A Decimal's mantissa has at most 96 bits and its scale is at most
        // 28, so both parts fit in an i128.
        Exact::small(d.mantissa(), pow10(d.scale()))
    }

    /// The exact value of an integer.
    pub(crate) const fn from_int(n: i128) -> Exact {
        Exact::small(n, 1)
    }

    /// `num / den` as given, without reducing; `None` unless `den > 0`:
    /// for tests that build values in a given representation. Equality,
    /// order, display and serialization depend only on the value, never on
    /// the representation.
    #[cfg(test)]
    pub(crate) fn from_parts(num: i128, den: i128) -> Option<Exact> {
        (den > 0).then_some(Exact::small(num, den))
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
    ///
    /// // ((10^20 + 1) / 3)^2: a numerator past 2^127 in lowest terms.
    /// let w = Exact::ratio(dec!(100000000000000000001), dec!(3)).unwrap();
    /// let square = w.checked_mul(w).unwrap();
    /// assert_eq!(square.parts(), None);
    /// assert_eq!(
    ///     square.to_string(),
    ///     "10000000000000000000200000000000000000001/9"
    /// );
    /// ```
    pub fn parts(self) -> Option<(i128, i128)> {
        let r = self.reduced();
        r.is_small().then_some((r.num, r.den))
    }

    /// The same value in lowest terms: for constants formed once, so that
    /// the products they enter start small.
    pub(crate) fn reduce(self) -> Exact {
        self.reduced()
    }

    fn reduced(self) -> Exact {
        if !self.is_small() {
            // A wide value is always in lowest terms.
            return self;
        }
        let (num, den) = (self.num, self.den);
        let g = gcd(num, den);
        if g == 1 {
            return self;
        }
        // 64-bit division where the values allow it; the same quotients.
        if let (Ok(n), Ok(d), Ok(g)) = (i64::try_from(num), i64::try_from(den), i64::try_from(g)) {
            return Exact::small(i128::from(n / g), i128::from(d / g));
        }
        Exact::small(num / g, den / g)
    }

    /// Whether the value is exactly zero.
    #[inline]
    pub fn is_zero(self) -> bool {
        // A wide value is never zero.
        self.num == 0 && self.is_small()
    }

    /// Whether the value is below zero.
    #[inline]
    pub fn is_negative(self) -> bool {
        if self.is_small() {
            self.num < 0
        } else {
            self.num_hi < 0
        }
    }

    /// Whether the value is above zero.
    #[inline]
    pub fn is_positive(self) -> bool {
        if self.is_small() {
            self.num > 0
        } else {
            // Wide is never zero: not negative is positive.
            self.num_hi >= 0
        }
    }

    /// `self + other`, or `None` when the result does not fit.
    ///
    /// Tried first without reducing (same denominators, then the cross
    /// products); only when that overflows are both sides reduced and the
    /// sum formed over the least common denominator, in 128 bits and then
    /// in 256.
    #[inline(always)]
    pub fn checked_add(self, other: Exact) -> Option<Exact> {
        if Exact::both_small(self, other) {
            if self.den == other.den {
                if let Some(num) = self.num.checked_add(other.num) {
                    return Some(Exact::small(num, self.den));
                }
            } else if let (Some(a), Some(b), Some(den)) = (
                mul(self.num, other.den),
                mul(other.num, self.den),
                mul(self.den, other.den),
            ) {
                if let Some(num) = a.checked_add(b) {
                    return Some(Exact::small(num, den));
                }
            }
        }
        self.add_slow(other)
    }

    /// The slow path of [`Exact::checked_add`]: in 128 bits, the sum over
    /// the least common denominator (one gcd, of the denominators); if that
    /// still overflows, both sides reduced first; the sum in lowest terms.
    /// Past that, the same in 256 bits.
    #[cold]
    fn add_slow(self, other: Exact) -> Option<Exact> {
        if Exact::both_small(self, other) {
            let lcd = |a: Exact, b: Exact| -> Option<Exact> {
                let g = gcd(a.den, b.den);
                let (da, db) = (a.den / g, b.den / g);
                let num = a.num.checked_mul(db)?.checked_add(b.num.checked_mul(da)?)?;
                let den = a.den.checked_mul(db)?;
                Some(Exact::small(num, den).reduced())
            };
            let sum = lcd(self, other).or_else(|| lcd(self.reduced(), other.reduced()));
            if sum.is_some() {
                return sum;
            }
        }
        add_wide(self.wide(), other.wide())
    }

    /// `self - other`, or `None` when the result does not fit.
    #[inline(always)]
    pub fn checked_sub(self, other: Exact) -> Option<Exact> {
        self.checked_add(other.checked_neg()?)
    }

    /// `-self`, or `None` when the result does not fit.
    #[inline(always)]
    pub fn checked_neg(self) -> Option<Exact> {
        if self.is_small() {
            if let Some(num) = self.num.checked_neg() {
                return Some(Exact::small(num, self.den));
            }
        }
        self.neg_slow()
    }

    /// The slow path of [`Exact::checked_neg`]: `-i128::MIN` or a wide
    /// value, negated in 256 bits.
    #[cold]
    fn neg_slow(self) -> Option<Exact> {
        let (num, den) = self.wide();
        Some(Exact::from_wide(num.checked_neg()?, den))
    }

    /// `self × other`, or `None` when the result does not fit.
    ///
    /// Formed without reducing first (the common case: one widening
    /// multiply a part when both fit in 64 bits); on overflow, common
    /// factors are cancelled crosswise and the product tried again, in 128
    /// bits and then in 256.
    #[inline(always)]
    pub fn checked_mul(self, other: Exact) -> Option<Exact> {
        if Exact::both_small(self, other) {
            if let (Some(num), Some(den)) = (mul(self.num, other.num), mul(self.den, other.den)) {
                return Some(Exact::small(num, den));
            }
        }
        self.mul_slow(other)
    }

    /// The slow path of [`Exact::checked_mul`].
    #[cold]
    fn mul_slow(self, other: Exact) -> Option<Exact> {
        if Exact::both_small(self, other) {
            let (a, b) = (self.reduced(), other.reduced());
            let g1 = gcd(a.num, b.den);
            let g2 = gcd(b.num, a.den);
            if let (Some(num), Some(den)) = (
                (a.num / g1).checked_mul(b.num / g2),
                (a.den / g2).checked_mul(b.den / g1),
            ) {
                return Some(Exact::small(num, den).reduced());
            }
        }
        mul_wide(self.wide(), other.wide())
    }

    /// `self / other`, or `None` when `other` is zero or the result does not
    /// fit.
    #[inline(always)]
    pub fn checked_div(self, other: Exact) -> Option<Exact> {
        if other.is_small() {
            if other.num == 0 {
                return None;
            }
            let (num, den) = if other.num < 0 {
                (other.den.checked_neg(), other.num.checked_neg())
            } else {
                (Some(other.den), Some(other.num))
            };
            if let (Some(num), Some(den)) = (num, den) {
                return self.checked_mul(Exact::small(num, den));
            }
        }
        self.checked_mul(other.recip_slow()?)
    }

    /// `1 / self` for `self` wide or `i128::MIN` below: `None` only when
    /// `self` is zero or the result does not fit.
    #[cold]
    fn recip_slow(self) -> Option<Exact> {
        let (num, den) = self.wide();
        if num == I256::ZERO {
            return None;
        }
        let (num, den) = if num.is_negative() {
            (den.checked_neg()?, num.checked_neg()?)
        } else {
            (den, num)
        };
        Some(Exact::from_wide(num, den))
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
        if !self.is_small() {
            let (num, den) = self.wide();
            return round_wide(num, den, scale, mode);
        }
        let negative = self.num < 0;
        let n = self.num.unsigned_abs();
        let d = self.den.unsigned_abs();
        // One division when `|num| × 10^scale` fits (in 64 bits when it
        // can); else the same division in 256 bits, where it always fits.
        let p = pow10(scale).unsigned_abs();
        let (q, r) = match n.checked_mul(p) {
            Some(scaled) => match (u64::try_from(scaled), u64::try_from(d)) {
                (Ok(s), Ok(d64)) => (u128::from(s / d64), u128::from(s % d64)),
                _ => (scaled / d, scaled % d),
            },
            None => {
                let (num, den) = self.wide();
                return round_wide(num, den, scale, mode);
            }
        };
        // `2r` against `d` without overflow: `r` against `d - r`.
        round_quotient(q, r.cmp(&(d - r)), r > 0, negative, scale, mode)
    }

    /// The exact decimal value, when it has a finite decimal expansion of at
    /// most 28 places that fits in a [`Decimal`].
    pub fn to_decimal(self) -> Option<Decimal> {
        let r = self.reduced();
        // A wide value is never a `Decimal`: a decimal `m / 10^s` (`|m| <
        // 2^96`, `s <= 28`) has lowest terms dividing `m` and `10^s`, which
        // fit in `i128`.
        if !r.is_small() {
            return None;
        }
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
    /// constants do not fit in `i128` (the caller then evaluates the line
    /// as written).
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

    /// The line at `x`, exactly; `None` when `x` is wide or a product does
    /// not fit in `i128` (the caller then evaluates the line as written).
    #[inline(always)]
    pub(crate) fn at(self, x: Exact) -> Option<Exact> {
        if !x.is_small() {
            return None;
        }
        let num = mul(self.k1, x.num)?.checked_add(mul(self.k0, x.den)?)?;
        let den = mul(self.den, x.den)?;
        Some(Exact::small(num, den))
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
        if Exact::both_small(*self, *other) {
            if self.den == other.den {
                return self.num.cmp(&other.num);
            }
            if let (Some(l), Some(r)) = (mul(self.num, other.den), mul(other.num, self.den)) {
                return l.cmp(&r);
            }
            // Fall back to comparing continued fractions, which never
            // overflows.
            return cmp_fractions(self.num, self.den, other.num, other.den);
        }
        cmp_wide(self.wide(), other.wide())
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

/// Compares `a/b` with `c/d` (`b`, `d` > 0) in 256 bits: by cross products
/// when they fit, else by continued fractions, which never overflow.
#[cold]
fn cmp_wide((a, b): (I256, I256), (c, d): (I256, I256)) -> Ordering {
    if let (Some(l), Some(r)) = (a.checked_mul(d), c.checked_mul(b)) {
        return l.cmp(&r);
    }
    let (mut a, mut b, mut c, mut d) = (a, b, c, d);
    loop {
        let (qa, ra) = (a.div_euclid(b), a.rem_euclid(b));
        let (qc, rc) = (c.div_euclid(d), c.rem_euclid(d));
        match qa.cmp(&qc) {
            Ordering::Equal => {}
            other => return other,
        }
        match (ra == I256::ZERO, rc == I256::ZERO) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            // ra/b vs rc/d  <=>  d/rc vs b/ra.
            (false, false) => (a, b, c, d) = (d, rc, b, ra),
        }
    }
}

/// An exact value's `num/den`, in lowest terms, at whatever width.
struct Fraction(Exact);

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.0.reduced();
        if r.is_small() {
            write!(f, "{}/{}", r.num, r.den)
        } else {
            let (num, den) = r.wide();
            write!(f, "{num}/{den}")
        }
    }
}

impl fmt::Debug for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Exact");
        if self.is_small() {
            s.field("num", &self.num).field("den", &self.den);
        } else {
            let (num, den) = self.wide();
            s.field("num", &num).field("den", &den);
        }
        s.finish()
    }
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(d) = self.to_decimal() {
            return write!(f, "{d}");
        }
        let fraction = Fraction(*self);
        match self.approx() {
            Some(a) => write!(f, "≈{} ({fraction})", a.normalize()),
            None => write!(f, "{fraction}"),
        }
    }
}

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.to_decimal() {
            Some(d) => s.collect_str(&d),
            None => s.collect_str(&Fraction(*self)),
        }
    }
}

/// Reads what [`Serialize`] writes: a decimal string (`"4500.005"`) or a
/// fraction in lowest terms (`"1/3"`, at up to 256 bits), so that a
/// statement read back holds the same values. Integers are accepted too.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use rust_decimal_macros::dec;
///
/// let third = Exact::ratio(dec!(1), dec!(3)).unwrap();
/// let json = serde_json::to_string(&third).unwrap();
/// assert_eq!(json, r#""1/3""#);
/// assert_eq!(serde_json::from_str::<Exact>(&json).unwrap(), third);
/// let half: Exact = serde_json::from_str(r#""0.5""#).unwrap();
/// assert_eq!(half, Exact::from_decimal(dec!(0.5)));
/// assert!(serde_json::from_str::<Exact>(r#""1/0""#).is_err());
/// ```
impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Exact, D::Error> {
        d.deserialize_any(ExactVisitor)
    }
}

struct ExactVisitor;

impl Visitor<'_> for ExactVisitor {
    type Value = Exact;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "an exact value: a decimal string such as \"4500.005\" or a fraction such as \"1/3\"",
        )
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Exact, E> {
        Ok(Exact::from_int(i128::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Exact, E> {
        Ok(Exact::from_int(i128::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Exact, E> {
        Exact::parse(v).ok_or_else(|| {
            E::custom(format!(
                "`{v}` is not an exact value; write a decimal such as \"4500.005\" or a fraction such as \"1/3\" with a positive denominator"
            ))
        })
    }
}

impl Exact {
    /// The value of a decimal (`4500.005`) or a fraction (`1/3`, `den > 0`,
    /// up to 256 bits each), as [`Exact`]'s serialization writes them.
    fn parse(text: &str) -> Option<Exact> {
        match text.split_once('/') {
            Some((num, den)) => {
                let num: I256 = num.parse().ok()?;
                let den: I256 = den.parse().ok()?;
                (den > I256::ZERO).then(|| Exact::from_wide(num, den))
            }
            None => Decimal::from_str_exact(text).ok().map(Exact::from_decimal),
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
    fn zero_is_neither_negative_nor_positive_and_ties_go_to_even() {
        for v in [
            Exact::ZERO,
            Exact::from_int(0),
            Exact::from_decimal(dec!(-0.00)),
        ] {
            assert!(!v.is_negative() && !v.is_positive() && v.is_zero(), "{v:?}");
        }
        let (one, minus) = (Exact::from_int(1), Exact::from_int(-1));
        assert!(one.is_positive() && !one.is_negative());
        assert!(minus.is_negative() && !minus.is_positive());
        // Half-even: the tie goes to the even neighbour, up from an odd
        // quotient (1.5 → 2, 3.5 → 4) and down from an even one (2.5 → 2).
        for (v, even) in [
            (dec!(1.5), dec!(2)),
            (dec!(2.5), dec!(2)),
            (dec!(3.5), dec!(4)),
        ] {
            let x = Exact::from_decimal(v);
            assert_eq!(x.round(0, RoundingMode::HalfEven), Some(even), "{v}");
        }
    }

    #[test]
    fn to_decimal_counts_twos_and_fives_up_to_28_places() {
        let r = |n: i64, d: i64| Exact::ratio(Decimal::from(n), Decimal::from(d)).unwrap();
        assert_eq!(r(1, 5).to_decimal(), Some(dec!(0.2)));
        assert_eq!(r(1, 125).to_decimal(), Some(dec!(0.008)));
        assert_eq!(r(3, 40).to_decimal(), Some(dec!(0.075)));
        assert_eq!(r(1, 3).to_decimal(), None);
        let finest = Exact::from_decimal(dec!(0.0000000000000000000000000001));
        assert_eq!(
            finest.to_decimal(),
            Some(dec!(0.0000000000000000000000000001))
        );
        // 10^-28 / 2 needs 29 places: no `Decimal` holds it.
        assert_eq!(
            finest.checked_div(Exact::from_int(2)).unwrap().to_decimal(),
            None
        );
    }

    #[test]
    fn a_pre_scaled_line_equals_the_line_as_written() {
        let d = |v: Decimal| Exact::from_decimal(v);
        // Constants with common factors, so that the line's gcd is above 1.
        for (x0, y0, slope) in [
            (dec!(0.5), dec!(0.25), dec!(1.5)),
            (dec!(0.8), dec!(0.4), dec!(2.5)),
            (dec!(1), dec!(1), dec!(2)),
            (dec!(0.9), dec!(0.25), dec!(7.5)),
        ] {
            let line = Linear::through(d(x0), d(y0), d(slope)).unwrap();
            for x in [dec!(0), dec!(0.5), dec!(1), dec!(1.2), dec!(3.75)] {
                let written = d(y0)
                    .checked_add(
                        d(slope)
                            .checked_mul(d(x).checked_sub(d(x0)).unwrap())
                            .unwrap(),
                    )
                    .unwrap();
                assert_eq!(line.at(d(x)), Some(written), "{x0} {y0} {slope} at {x}");
            }
        }
    }

    #[test]
    fn a_value_of_the_wrong_type_says_what_an_exact_value_is() {
        let e = serde_json::from_str::<Exact>("true").unwrap_err();
        assert!(
            e.to_string().starts_with(
                "invalid type: boolean `true`, expected an exact value: a decimal string such as \"4500.005\" or a fraction such as \"1/3\""
            ),
            "{e}"
        );
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
        let big = Exact::small(i128::MAX - 1, i128::MAX);
        let bigger = Exact::small(i128::MAX - 1, i128::MAX - 2);
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

    // ---------------------------------------------------------------------
    // The wide form.

    fn int(s: &str) -> I256 {
        I256::from_str_radix(s, 10).unwrap()
    }

    /// `num / den` at any width, reduced and normalized.
    fn big(num: I256, den: I256) -> Exact {
        Exact::from_wide(num, den)
    }

    /// The value's lowest terms, at 256 bits.
    fn lowest(v: Exact) -> (I256, I256) {
        v.reduced().wide()
    }

    /// `(10^20 + 1) / 3`, small, and its square, wide.
    fn square() -> (Exact, Exact) {
        let w = Exact::ratio(dec!(100000000000000000001), dec!(3)).unwrap();
        (w, w.checked_mul(w).unwrap())
    }

    #[test]
    fn a_product_past_2_127_widens() {
        let (w, sq) = square();
        assert!(w.is_small());
        assert!(!sq.is_small());
        assert_eq!(
            lowest(sq),
            (
                int("10000000000000000000200000000000000000001"),
                I256::new(9)
            )
        );
        assert_eq!(sq.parts(), None);
        assert!(sq.is_positive() && !sq.is_negative() && !sq.is_zero());
        // And back: a quotient whose lowest terms fit is small again.
        let back = sq.checked_div(w).unwrap();
        assert!(back.is_small());
        assert_eq!(back.parts(), Some((100000000000000000001, 3)));
        assert_eq!(back, w);
        let one = sq.checked_mul(sq.recip_slow().unwrap()).unwrap();
        assert!(one.is_small());
        assert_eq!(one.parts(), Some((1, 1)));
    }

    #[test]
    fn serialization_reads_back_at_every_width() {
        let w = Exact::ratio(dec!(100000000000000000001), dec!(3)).unwrap();
        let wide = w.checked_mul(w).unwrap().checked_neg().unwrap();
        let values = [
            Exact::ZERO,
            Exact::from_decimal(dec!(4500.005)),
            Exact::from_decimal(dec!(-0.5)),
            Exact::ratio(dec!(-1), dec!(3)).unwrap(),
            Exact::from_parts(6, 4).unwrap(), // 3/2, held unreduced
            w,
            wide,
        ];
        let texts: Vec<String> = values
            .iter()
            .map(|v| serde_json::to_string(v).unwrap())
            .collect();
        assert_eq!(
            texts,
            [
                r#""0""#,
                r#""4500.005""#,
                r#""-0.5""#,
                r#""-1/3""#,
                r#""1.5""#,
                r#""100000000000000000001/3""#,
                r#""-10000000000000000000200000000000000000001/9""#,
            ]
        );
        for (v, t) in values.iter().zip(&texts) {
            let back: Exact = serde_json::from_str(t).unwrap();
            assert_eq!(back, *v);
            assert_eq!(&serde_json::to_string(&back).unwrap(), t);
        }
        for bad in [r#""1/0""#, r#""1/-3""#, r#""x""#, r#""1/3/4""#, "1.5"] {
            assert!(serde_json::from_str::<Exact>(bad).is_err(), "{bad}");
        }
        assert_eq!(
            serde_json::from_str::<Exact>("7").unwrap(),
            Exact::from_int(7)
        );
    }

    #[test]
    fn wide_sums_and_differences() {
        let (_, sq) = square();
        let twice = sq.checked_add(sq).unwrap();
        assert_eq!(
            lowest(twice),
            (
                int("20000000000000000000400000000000000000002"),
                I256::new(9)
            )
        );
        let zero = sq.checked_sub(sq).unwrap();
        assert!(zero.is_zero() && zero.is_small());
        assert_eq!(zero, Exact::ZERO);
        assert_eq!(twice.checked_sub(sq).unwrap(), sq);
        // sq − 1/9 = (10^40 + 2·10^20) / 9 = (10^40 + 2·10^20) / 3 / 3,
        // still wide; + 1/9 is sq again.
        let ninth = Exact::ratio(dec!(1), dec!(9)).unwrap();
        let less = sq.checked_sub(ninth).unwrap();
        assert_eq!(
            lowest(less),
            (
                int("3333333333333333333400000000000000000000"),
                I256::new(3)
            )
        );
        assert_eq!(less.checked_add(ninth).unwrap(), sq);
        // A wide sum whose lowest terms are small: Knuth's cancellation.
        let neg = sq.checked_neg().unwrap();
        assert!(neg.is_negative());
        let third = Exact::ratio(dec!(1), dec!(3)).unwrap();
        let s = sq.checked_add(third).unwrap().checked_add(neg).unwrap();
        assert!(s.is_small());
        assert_eq!(s.parts(), Some((1, 3)));
    }

    #[test]
    fn i128_min_negates_and_inverts_in_256_bits() {
        let min = Exact::from_int(i128::MIN);
        let pos = min.checked_neg().unwrap();
        assert!(!pos.is_small());
        assert_eq!(lowest(pos), (I256::ONE << 127, I256::ONE));
        assert_eq!(pos.checked_neg().unwrap().parts(), Some((i128::MIN, 1)));
        let inv = Exact::ONE.checked_div(min).unwrap();
        assert_eq!(lowest(inv), (I256::MINUS_ONE, I256::ONE << 127));
        assert_eq!(inv.checked_mul(min).unwrap(), Exact::ONE);
        // Reduced first: i128::MIN / 2 negates to 2^126, small.
        let half = Exact::from_parts(i128::MIN, 2).unwrap();
        assert_eq!(half.checked_neg().unwrap().parts(), Some((1 << 126, 1)));
    }

    #[test]
    fn past_256_bits_is_none() {
        let p200 = big(I256::ONE << 200, I256::ONE);
        assert_eq!(p200.checked_mul(p200), None);
        let tiny = big(I256::ONE, I256::ONE << 200);
        assert_eq!(tiny.checked_mul(tiny), None);
        assert_eq!(p200.checked_div(tiny), None);
        let max = big(I256::MAX, I256::ONE);
        assert_eq!(max.checked_add(Exact::ONE), None);
        assert_eq!(max.checked_add(max), None);
        assert_eq!(max.checked_sub(max), Some(Exact::ZERO));
        let min = big(I256::MIN, I256::ONE);
        assert_eq!(min.checked_neg(), None);
        assert_eq!(Exact::ONE.checked_div(min), None);
        assert_eq!(p200.checked_div(Exact::ZERO), None);
        // Order and rounding still answer.
        assert!(min < p200 && p200 < max && tiny < Exact::ONE);
        assert_eq!(max.round(2, RoundingMode::HalfUp), None);
        assert_eq!(tiny.round(28, RoundingMode::HalfUp), Some(dec!(0)));
        assert_eq!(
            tiny.round(28, RoundingMode::Up),
            Some(dec!(0.0000000000000000000000000001))
        );
    }

    #[test]
    fn the_issue_s_total_rounds_exactly() {
        // `rounding.scope = "total"`, a plan modifier over a component
        // modifier at attainment 1.00000001 (tests/one_engine.rs).
        let v = big(
            int("774557905997806571010735979794397813869"),
            int("25000000000000000000000000000000000"),
        );
        assert!(!v.is_small());
        assert_eq!(v.round(2, RoundingMode::HalfUp), Some(dec!(30982.32)));
        assert_eq!(v.round(2, RoundingMode::Up), Some(dec!(30982.32)));
        assert_eq!(v.round(2, RoundingMode::Down), Some(dec!(30982.31)));
        assert_eq!(v.round(0, RoundingMode::HalfEven), Some(dec!(30982)));
        assert_eq!(v.to_decimal(), None);
        assert_eq!(
            v.to_string(),
            "≈30982.3162399123 (774557905997806571010735979794397813869/25000000000000000000000000000000000)"
        );
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            "\"774557905997806571010735979794397813869/25000000000000000000000000000000000\""
        );
        assert_eq!(
            format!("{v:?}"),
            "Exact { num: 774557905997806571010735979794397813869, den: 25000000000000000000000000000000000 }"
        );
        assert!(v > Exact::from_decimal(dec!(30982.3162399122)));
        assert!(v < Exact::from_decimal(dec!(30982.3162399123)));
        let (lo, hi) = (Exact::from_int(30982), Exact::from_int(30983));
        assert_eq!(v.min(lo), lo);
        assert_eq!(v.max(lo), v);
        assert_eq!(v.min(hi), v);
        assert_eq!(v.max(hi), hi);
    }

    #[test]
    fn wide_rounding_by_long_division() {
        // (2^250 + 7) / 3^150 ≈ 4890.02081824599: `num × 10^10` is past
        // 2^256, so the digits come one at a time.
        let mut three = I256::ONE;
        for _ in 0..150 {
            three *= I256::new(3);
        }
        let v = big((I256::ONE << 250) + I256::new(7), three);
        assert!(!v.is_small());
        assert_eq!(
            v.round(10, RoundingMode::HalfEven),
            Some(dec!(4890.0208182460))
        );
        assert_eq!(v.round(10, RoundingMode::Down), Some(dec!(4890.0208182459)));
        let n = v.checked_neg().unwrap();
        assert_eq!(
            n.round(10, RoundingMode::HalfUp),
            Some(dec!(-4890.0208182460))
        );
        assert_eq!(
            n.round(10, RoundingMode::Down),
            Some(dec!(-4890.0208182459))
        );
        assert_eq!(n.round(10, RoundingMode::Up), Some(dec!(-4890.0208182460)));
        assert_eq!(v.to_string().split(' ').next(), Some("≈4890.020818246"));
    }

    #[test]
    fn wide_rounding_just_off_a_half() {
        // 1/2 ± 2^-200: never exactly a half, so every mode has one answer.
        let eps = big(I256::ONE, I256::ONE << 200);
        let half = Exact::ratio(dec!(1), dec!(2)).unwrap();
        let above = half.checked_add(eps).unwrap();
        let below = half.checked_sub(eps).unwrap();
        assert!(!above.is_small() && !below.is_small());
        for (mode, up, down) in [
            (RoundingMode::HalfUp, 1, 0),
            (RoundingMode::HalfEven, 1, 0),
            (RoundingMode::Down, 0, 0),
            (RoundingMode::Up, 1, 1),
        ] {
            assert_eq!(above.round(0, mode), Some(Decimal::from(up)), "{mode:?}");
            assert_eq!(below.round(0, mode), Some(Decimal::from(down)), "{mode:?}");
            let (na, nb) = (above.checked_neg().unwrap(), below.checked_neg().unwrap());
            assert_eq!(na.round(0, mode), Some(Decimal::from(-up)), "{mode:?}");
            assert_eq!(nb.round(0, mode), Some(Decimal::from(-down)), "{mode:?}");
        }
        assert!(below < half && half < above);
        assert_eq!(
            above.checked_sub(below).unwrap(),
            eps.checked_add(eps).unwrap()
        );
    }

    #[test]
    fn comparison_past_256_bit_cross_products() {
        // Cross products near 2^500: continued fractions decide.
        let d = (I256::ONE << 249) + I256::ONE;
        let x = big((I256::ONE << 250) + I256::ONE, d);
        let y = big((I256::ONE << 250) + I256::new(3), d);
        assert!(x < y);
        assert!(y > x);
        assert_eq!(x.cmp(&x), Ordering::Equal);
        assert_eq!(x, big((I256::ONE << 250) + I256::ONE, d));
        let two = Exact::from_int(2);
        assert!(x < two && y > two);
        assert!(two < y && two > x);
        // Equal values in different terms.
        let small = Exact::from_parts(6, 4).unwrap();
        assert_eq!(big(I256::new(3), I256::new(2)), small);
        assert!(x.checked_neg().unwrap() < y.checked_neg().unwrap().checked_add(y).unwrap());
    }

    #[test]
    fn the_pre_scaled_line_leaves_wide_values_to_the_caller() {
        let half = Exact::ratio(dec!(1), dec!(2)).unwrap();
        let line = Linear::through(Exact::ZERO, Exact::ZERO, half).unwrap();
        assert_eq!(
            line.at(Exact::from_int(3)),
            Some(Exact::ratio(dec!(3), dec!(2)).unwrap())
        );
        let (_, sq) = square();
        assert_eq!(line.at(sq), None);
        assert_eq!(Linear::through(sq, Exact::ZERO, half), None);
    }

    #[test]
    fn gcd256_agrees_with_euclid() {
        let cases = [
            (U256::ZERO, U256::ZERO),
            (U256::ZERO, U256::new(12)),
            (U256::new(12), U256::ZERO),
            (U256::ONE << 200, U256::new(3) << 190),
            (U256::MAX, U256::MAX - U256::ONE),
            (U256::MAX, U256::MAX),
            (
                (U256::ONE << 255) + U256::new(6),
                (U256::ONE << 130) + U256::new(4),
            ),
            (
                U256::new(6) * (U256::ONE << 200) + U256::new(6),
                U256::new(4) * (U256::ONE << 200) + U256::new(4),
            ),
        ];
        for (a, b) in cases {
            let (mut x, mut y) = (a, b);
            while y != U256::ZERO {
                let t = x % y;
                x = y;
                y = t;
            }
            assert_eq!(gcd256(a, b), x, "gcd({a}, {b})");
        }
    }

    // ---------------------------------------------------------------------
    // The laws, against 256-bit arithmetic done the obvious way: products
    // of two i128 always fit in 256 bits, so the unreduced results below
    // are exact, and Euclid's gcd (division, where `gcd256` shifts) puts
    // them in lowest terms.

    use proptest::prelude::*;

    fn euclid(a: I256, b: I256) -> I256 {
        let (mut x, mut y) = (a.unsigned_abs(), b.unsigned_abs());
        while y != U256::ZERO {
            let t = x % y;
            x = y;
            y = t;
        }
        I256::try_from(x).unwrap()
    }

    /// `n / d` (`d > 0`) in lowest terms, by Euclid.
    fn reference(n: I256, d: I256) -> (I256, I256) {
        if n == I256::ZERO {
            return (I256::ZERO, I256::ONE);
        }
        let g = euclid(n, d);
        (n / g, d / g)
    }

    /// Checks that `got` is `n / d` and normalized: small exactly when its
    /// lowest terms fit in `i128`.
    fn agrees(got: Option<Exact>, n: I256, d: I256) -> Result<(), TestCaseError> {
        let want = reference(n, d);
        let got = got.ok_or_else(|| TestCaseError::fail(format!("None for {n}/{d}")))?;
        prop_assert_eq!(lowest(got), want);
        let fits = i128::try_from(want.0).is_ok() && i128::try_from(want.1).is_ok();
        prop_assert_eq!(got.is_small(), fits);
        Ok(())
    }

    fn numerator() -> impl Strategy<Value = i128> {
        prop_oneof![
            -1000i128..1000,
            any::<i64>().prop_map(i128::from),
            any::<i128>(),
            Just(i128::MIN),
            Just(i128::MAX),
        ]
    }

    fn denominator() -> impl Strategy<Value = i128> {
        prop_oneof![
            1i128..1000,
            (1i64..=i64::MAX).prop_map(i128::from),
            1i128..=i128::MAX,
            Just(i128::MAX),
        ]
    }

    fn fraction() -> impl Strategy<Value = (i128, i128)> {
        (numerator(), denominator())
    }

    /// Rounds `n / d` (`d > 0`, `|n| × 10^scale` within 256 bits) the
    /// obvious way.
    fn round_reference(n: I256, d: I256, scale: u32, mode: RoundingMode) -> Option<Decimal> {
        let neg = n.is_negative();
        let scaled = n.unsigned_abs() * U256::from(10u32).pow(scale);
        let d = d.unsigned_abs();
        let (mut q, r) = (scaled / d, scaled % d);
        let twice = r * U256::new(2);
        let up = match mode {
            RoundingMode::HalfUp => twice >= d,
            RoundingMode::HalfEven => twice > d || (twice == d && q % U256::new(2) == U256::ONE),
            RoundingMode::Down => false,
            RoundingMode::Up => r != U256::ZERO,
        };
        if up {
            q += U256::ONE;
        }
        let m = i128::try_from(q).ok()?;
        Decimal::try_from_i128_with_scale(if neg { -m } else { m }, scale).ok()
    }

    fn mode() -> impl Strategy<Value = RoundingMode> {
        prop_oneof![
            Just(RoundingMode::HalfUp),
            Just(RoundingMode::HalfEven),
            Just(RoundingMode::Down),
            Just(RoundingMode::Up),
        ]
    }

    proptest! {
        #[test]
        fn ops_agree_with_256_bit_arithmetic((a, b) in fraction(), (c, d) in fraction()) {
            let (x, y) = (Exact::from_parts(a, b).unwrap(), Exact::from_parts(c, d).unwrap());
            let (a, b, c, d) = (I256::new(a), I256::new(b), I256::new(c), I256::new(d));
            agrees(x.checked_add(y), a * d + c * b, b * d)?;
            agrees(x.checked_sub(y), a * d - c * b, b * d)?;
            agrees(x.checked_mul(y), a * c, b * d)?;
            agrees(x.checked_neg(), -a, b)?;
            if c == I256::ZERO {
                prop_assert_eq!(x.checked_div(y), None);
            } else if c.is_negative() {
                agrees(x.checked_div(y), -(a * d), -(b * c))?;
            } else {
                agrees(x.checked_div(y), a * d, b * c)?;
            }
            prop_assert_eq!(x.cmp(&y), (a * d).cmp(&(c * b)));
            prop_assert_eq!(x == y, a * d == c * b);
        }

        #[test]
        fn wide_values_keep_the_laws((a, b) in fraction(), (c, d) in fraction(), (e, f) in fraction()) {
            // Products of two fractions, often wide, and a third value.
            let x = Exact::from_parts(a, b).unwrap();
            let y = Exact::from_parts(c, d).unwrap();
            let z = Exact::from_parts(e, f).unwrap();
            let xy = x.checked_mul(y).unwrap();
            let xz = x.checked_mul(z).unwrap();
            // Order agrees with the sign of the difference, when it fits.
            if let Some(diff) = xy.checked_sub(xz) {
                let sign = if diff.is_zero() {
                    Ordering::Equal
                } else if diff.is_negative() {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
                prop_assert_eq!(xy.cmp(&xz), sign);
                prop_assert_eq!(diff.checked_add(xz), Some(xy));
            }
            // Dividing out a factor gives the other back, normalized.
            if !y.is_zero() {
                let back = xy.checked_div(y).unwrap();
                prop_assert_eq!(back, x);
                prop_assert_eq!(lowest(back), reference(I256::new(a), I256::new(b)));
                prop_assert_eq!(back.is_small(), true);
            }
            // Display and serialization depend only on the value.
            prop_assert_eq!(xy.to_string(), y.checked_mul(x).unwrap().to_string());
            prop_assert_eq!(xy.min(xz), if xy <= xz { xy } else { xz });
        }

        #[test]
        fn rounding_agrees_with_256_bit_division(
            (a, b) in fraction(),
            scale in 0u32..=28,
            mode in mode(),
        ) {
            let x = Exact::from_parts(a, b).unwrap();
            prop_assert_eq!(
                x.round(scale, mode),
                round_reference(I256::new(a), I256::new(b), scale, mode)
            );
        }

        #[test]
        fn wide_rounding_agrees_with_256_bit_division(
            a in -(1i128 << 100)..(1i128 << 100),
            b in 1i128..(1i128 << 100),
            c in -(1i128 << 100)..(1i128 << 100),
            d in 1i128..(1i128 << 100),
            scale in 0u32..=10,
            mode in mode(),
        ) {
            // The product's terms are below 2^200, so `|n| × 10^10` fits.
            let x = Exact::from_parts(a, b).unwrap().checked_mul(Exact::from_parts(c, d).unwrap()).unwrap();
            let (n, d) = (I256::new(a) * I256::new(c), I256::new(b) * I256::new(d));
            prop_assert_eq!(x.round(scale, mode), round_reference(n, d, scale, mode));
        }
    }
}
