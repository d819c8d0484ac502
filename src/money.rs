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
        floor_sum = floor_sum.checked_add(floor)?;
    }
    let mut left = total.checked_sub(floor_sum)?;
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
        *a = a.checked_add(unit)?;
        left = left.checked_sub(unit)?;
    }
    Some(())
}

/// [`allocate_into`] over a list of exact parts, returning the pieces.
pub(crate) fn allocate(parts: &[Exact], total: Decimal, places: u32) -> Option<Vec<Decimal>> {
    let mut pieces: Vec<(Exact, Decimal)> = parts.iter().map(|p| (*p, Decimal::ZERO)).collect();
    allocate_into(&mut pieces, total, places, |p| p.0, |_| None, |p| &mut p.1)?;
    Some(pieces.into_iter().map(|p| p.1).collect())
}
