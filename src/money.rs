//! Currencies, and the allocation of a rounded total over exact parts.
//!
//! The rounding policies themselves (mode, scope, places) sit in
//! `rounding`, below [`Exact`], which rounds with them.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::exact::Exact;
use crate::rounding::RoundingMode;

/// An ISO 4217 currency code with its minor unit (the number of decimal
/// places money is rounded to).
///
/// The minor unit is 2 for most currencies, 0 for currencies without a
/// minor unit (JPY, KRW, ISK, CLP, VND, …) and 3 for BHD, IQD, JOD, KWD,
/// LYD, OMR and TND. A plan may override it with `minor_units`.
///
/// # Example
///
/// ```
/// use incentive::Currency;
///
/// let usd: Currency = "USD".parse()?;
/// assert_eq!(usd.minor_units(), 2);
/// assert_eq!("JPY".parse::<Currency>()?.minor_units(), 0);
/// assert!("usd".parse::<Currency>().is_err()); // codes are upper case
/// # Ok::<(), incentive::CurrencyError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: [u8; 3],
    minor_units: u8,
}

/// A currency code that is not three upper-case ASCII letters.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{code}` is not a currency code: expected three upper-case letters such as `USD`")]
pub struct CurrencyError {
    code: String,
}

const ZERO_DECIMALS: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];
const THREE_DECIMALS: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

impl Currency {
    /// The three-letter code, such as `USD`.
    pub fn code(&self) -> &str {
        // The code is three ASCII letters, checked on construction.
        std::str::from_utf8(&self.code).unwrap_or("XXX")
    }

    /// Decimal places of the currency's minor unit: 2 for `USD`, 0 for `JPY`.
    pub fn minor_units(&self) -> u32 {
        u32::from(self.minor_units)
    }

    /// The same currency with another minor unit (0 to 6 places).
    pub(crate) fn with_minor_units(self, minor_units: u8) -> Currency {
        Currency {
            minor_units,
            ..self
        }
    }
}

impl FromStr for Currency {
    type Err = CurrencyError;

    fn from_str(s: &str) -> Result<Currency, CurrencyError> {
        let bytes = s.as_bytes();
        let code: [u8; 3] = bytes
            .try_into()
            .ok()
            .filter(|c: &[u8; 3]| c.iter().all(u8::is_ascii_uppercase))
            .ok_or_else(|| CurrencyError { code: s.to_owned() })?;
        let minor_units = if ZERO_DECIMALS.contains(&s) {
            0
        } else if THREE_DECIMALS.contains(&s) {
            3
        } else {
            2
        };
        Ok(Currency { code, minor_units })
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// Reads the code [`Serialize`] writes, with the currency's standard minor
/// units. A plan's `minor_units` override is not in the code: a
/// [`Statement`](crate::Statement) read back restores it from its rounding
/// places.
///
/// # Example
///
/// ```
/// use incentive::Currency;
///
/// let jpy: Currency = serde_json::from_str(r#""JPY""#).unwrap();
/// assert_eq!(jpy.minor_units(), 0);
/// assert_eq!(serde_json::to_string(&jpy).unwrap(), r#""JPY""#);
/// assert!(serde_json::from_str::<Currency>(r#""usd""#).is_err());
/// ```
impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Currency, D::Error> {
        let code = String::deserialize(d)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

/// `a + b` exactly, or `None` when no [`Decimal`] holds the sum exactly:
/// the one addition of money in the crate.
///
/// [`Decimal::checked_add`] fails only past the largest magnitude; when the
/// sum needs more significant digits than 28 or so, it drops decimal places
/// and rounds. The sum has the larger scale of its terms unless places were
/// dropped, so the common case is one add and one comparison; only a sum
/// with fewer places than its terms is checked against the exact sum (the
/// places dropped may have been zeros).
#[inline]
pub(crate) fn exact_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    let sum = a.checked_add(b)?;
    if sum.scale() >= a.scale().max(b.scale()) {
        return Some(sum);
    }
    exact_or_none(a, b, sum)
}

/// `a - b` exactly, or `None` when no [`Decimal`] holds the difference
/// exactly. (Not `a + -b`: `0 - 0` is `0`, where `0 + -0` is `-0`.)
#[inline]
pub(crate) fn exact_sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    let difference = a.checked_sub(b)?;
    if difference.scale() >= a.scale().max(b.scale()) {
        return Some(difference);
    }
    // Negation is exact.
    exact_or_none(a, -b, difference)
}

/// `sum` when it is exactly `a + b`, compared as exact fractions.
#[cold]
#[inline(never)]
fn exact_or_none(a: Decimal, b: Decimal, sum: Decimal) -> Option<Decimal> {
    let exact = Exact::from_decimal(a).checked_add(Exact::from_decimal(b))?;
    (exact == Exact::from_decimal(sum)).then_some(sum)
}

/// Splits `total` (a multiple of the minor unit at `places`: the exact
/// parts' sum rounded once) over exact parts so that the pieces add up to it
/// exactly, writing each piece with `set`: each part is first rounded toward
/// negative infinity to the minor unit, and the units left over go one
/// each to the parts with the largest remainders, the earliest first on
/// ties (the largest-remainder method). Every remainder is then at least
/// zero and the units left never outnumber the parts with a remainder, so
/// negative parts are allocated like the others. A part with a bound
/// (`most`, by the part's index: its cap rounded toward zero) takes no unit that would put it
/// above the bound; units no part may take are left over, so the pieces
/// may then add up to less than `total`. Allocates nothing. `None` on
/// overflow.
pub(crate) fn allocate_into<T>(
    parts: &mut [T],
    total: Decimal,
    places: u32,
    exact: impl Fn(&T) -> Exact,
    most: impl Fn(usize) -> Option<Decimal>,
    mut amount: impl FnMut(&mut T) -> &mut Decimal,
) -> Option<()> {
    let unit = Decimal::new(1, places);
    let mut floor_sum = Decimal::ZERO;
    for p in parts.iter_mut() {
        let e = exact(p);
        let toward = if e.is_negative() {
            RoundingMode::Up
        } else {
            RoundingMode::Down
        };
        let floor = e.round(places, toward)?;
        *amount(p) = floor;
        floor_sum = exact_add(floor_sum, floor)?;
    }
    let mut left = exact_sub(total, floor_sum)?;
    // One unit at a time to the largest remainder (a handful of parts). A
    // part that took a unit has a negative remainder after it, so no part
    // takes two.
    while left >= unit {
        let mut best: Option<(usize, Exact)> = None;
        for (i, p) in parts.iter_mut().enumerate() {
            let bound = most(i);
            let a = *amount(p);
            if bound.is_some_and(|m| a.checked_add(unit).is_none_or(|up| up > m)) {
                continue;
            }
            let rest = exact(p).checked_sub(Exact::from_decimal(a))?;
            if rest.is_positive() && best.is_none_or(|(_, b)| rest > b) {
                best = Some((i, rest));
            }
        }
        let Some((i, _)) = best else { break };
        let a = amount(parts.get_mut(i)?);
        *a = exact_add(*a, unit)?;
        left = exact_sub(left, unit)?;
    }
    Some(())
}

/// [`allocate_into`] over a list of exact parts, returning the pieces.
pub(crate) fn allocate(parts: &[Exact], total: Decimal, places: u32) -> Option<Vec<Decimal>> {
    let mut pieces: Vec<(Exact, Decimal)> = parts.iter().map(|p| (*p, Decimal::ZERO)).collect();
    allocate_into(&mut pieces, total, places, |p| p.0, |_| None, |p| &mut p.1)?;
    Some(pieces.into_iter().map(|p| p.1).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn exact_add_refuses_a_sum_rounded_to_fewer_places() {
        // 937500000000000000000000000.19 needs 29 digits past 2^96.
        assert_eq!(
            exact_add(
                dec!(750000000000000000000000000.15),
                dec!(187500000000000000000000000.04)
            ),
            None
        );
        assert_eq!(
            exact_add(dec!(150000), dec!(-0.0000000000000000000000000001)),
            None
        );
        assert_eq!(exact_add(Decimal::MAX, dec!(1)), None);
        assert_eq!(exact_sub(Decimal::MIN, dec!(1)), None);
        assert_eq!(
            exact_sub(dec!(150000), dec!(0.0000000000000000000000000001)),
            None
        );
    }

    #[test]
    fn exact_add_keeps_exact_sums_even_with_places_dropped() {
        assert_eq!(exact_add(dec!(1.25), dec!(2.5)), Some(dec!(3.75)));
        assert_eq!(exact_sub(dec!(1.25), dec!(2.5)), Some(dec!(-1.25)));
        // Zero less zero is zero, not negative zero.
        assert_eq!(
            exact_sub(Decimal::ZERO, Decimal::new(0, 2)).map(|d| d.to_string()),
            Some("0.00".to_owned())
        );
        // The trailing zero of 0.0 cannot be kept, but the sum is exact.
        let big = dec!(79000000000000000000000000000);
        let sum = exact_add(big, dec!(0.0)).unwrap();
        assert_eq!(sum, big);
        assert_eq!(sum.scale(), 0);
        // 7.5e26 at two places fits; at three it would not: `.10 + .000`.
        let x = dec!(750000000000000000000000000.10);
        assert_eq!(exact_add(x, dec!(0.000)), Some(x));
        assert_eq!(exact_add(x, dec!(0.001)), None);
        // A difference that loses its place exactly (…033.5 less −0.5 is
        // …034, 29 digits, only at scale 0) is kept; with a tenth more it
        // would be rounded, and is refused.
        let top = dec!(7922816251426433759354395033.5);
        assert_eq!(
            exact_sub(top, dec!(-0.5)),
            Some(dec!(7922816251426433759354395034))
        );
        assert_eq!(exact_sub(top, dec!(-0.6)), None);
    }

    #[test]
    fn a_bounded_part_takes_a_unit_that_brings_it_exactly_to_its_bound() {
        // Remainders tie at 0.005; the earliest takes the unit, even though
        // it brings it exactly to its bound 1.01 (only above is refused).
        let half = Exact::from_decimal(dec!(1.005));
        let mut parts = vec![(half, Decimal::ZERO), (half, Decimal::ZERO)];
        let most = [Some(dec!(1.01)), None];
        allocate_into(
            &mut parts,
            dec!(2.01),
            2,
            |p| p.0,
            |i| most.get(i).copied().flatten(),
            |p| &mut p.1,
        )
        .unwrap();
        assert_eq!((parts[0].1, parts[1].1), (dec!(1.01), dec!(1.00)));
        // With the bound at 1.00 the unit goes to the other part.
        let mut parts = vec![(half, Decimal::ZERO), (half, Decimal::ZERO)];
        let most = [Some(dec!(1.00)), None];
        allocate_into(
            &mut parts,
            dec!(2.01),
            2,
            |p| p.0,
            |i| most.get(i).copied().flatten(),
            |p| &mut p.1,
        )
        .unwrap();
        assert_eq!((parts[0].1, parts[1].1), (dec!(1.00), dec!(1.01)));
    }
}
