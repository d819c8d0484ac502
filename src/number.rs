//! Reading numbers exactly, from any serde format.
//!
//! A number is accepted as an integer, or as a string holding a decimal
//! (`"0.1"`, `"2_000_000"`, `"1.5e3"`) or a percent (`"75%"` is `0.75`).
//! TOML floats written bare (`weight = 0.75`) reach this code as their
//! source text, never as `f64` (see [`crate::source`]); so do JSON numbers
//! (`9.5`, `4500.125`) when `serde_json`'s `arbitrary_precision` is on (the
//! crate's `json` feature turns it on), handed over as a one-entry map of
//! the number's text. A binary float from another format (or a JSON number
//! without `arbitrary_precision`) is refused with an error that says to
//! quote it; a number's text that no decimal holds exactly (`1e400`,
//! `1e-40`) is an error too.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// Parses a decimal or percent exactly.
pub(crate) fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let (body, percent) = match t.strip_suffix('%') {
        Some(b) => (b.trim_end(), true),
        None => (t, false),
    };
    let cleaned: String = body.chars().filter(|c| *c != '_').collect();
    let invalid = || {
        format!(
            "`{text}` is not a decimal number; write it like `1250`, `0.75`, `\"0.1\"` or `\"75%\"`"
        )
    };
    if cleaned.is_empty()
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        return Err(invalid());
    }
    let too_many_places =
        || format!("`{text}` has more than 28 decimal places, which cannot be held exactly");
    let too_large =
        || format!("`{text}` is too large to hold exactly (at most 28 significant digits)");
    let exact = |digits: &str| {
        let unsigned = digits.strip_prefix('+').unwrap_or(digits);
        Decimal::from_str_exact(unsigned).map_err(|e| match e {
            rust_decimal::Error::Underflow => too_many_places(),
            rust_decimal::Error::ExceedsMaximumPossibleValue
            | rust_decimal::Error::LessThanMinimumPossibleValue => too_large(),
            _ => invalid(),
        })
    };
    let value = match cleaned.split_once(['e', 'E']) {
        // `m e k` is the mantissa with its scale moved by `k`: exact, or an
        // error, never rounded.
        Some((mantissa, exponent)) => {
            let m = exact(mantissa)?;
            let k: i64 = exponent
                .strip_prefix('+')
                .unwrap_or(exponent)
                .parse()
                .map_err(|_| invalid())?;
            let scale = i64::from(m.scale()) - k;
            if scale >= 0 {
                let mut v = m;
                // Trailing zeros of the mantissa may make room: `1.50e-27`.
                while i64::from(v.scale()) + (scale - i64::from(m.scale())) > 28 {
                    let n = v.normalize();
                    if n.scale() == v.scale() {
                        return Err(too_many_places());
                    }
                    v = n;
                }
                let target = i64::from(v.scale()) + (scale - i64::from(m.scale()));
                let target = u32::try_from(target).map_err(|_| invalid())?;
                v.set_scale(target).map_err(|_| too_many_places())?;
                v
            } else if m.is_zero() {
                Decimal::ZERO
            } else {
                let mut v = m;
                v.set_scale(0).map_err(|_| invalid())?;
                // At most 29 steps before a non-zero value overflows.
                let mut up = -scale;
                while up > 0 {
                    v = v.checked_mul(Decimal::TEN).ok_or_else(too_large)?;
                    up -= 1;
                }
                v
            }
        }
        None => exact(&cleaned)?,
    };
    if percent {
        let scale = value.scale() + 2;
        if scale > 28 {
            return Err(format!(
                "`{text}` has too many decimal places to hold exactly"
            ));
        }
        let mut v = value;
        v.set_scale(scale).map_err(|_| invalid())?;
        Ok(v)
    } else {
        Ok(value)
    }
}

struct DecimalVisitor;

const JSON_NUMBER_KEY: &str = "$serde_json::private::Number";

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number, such as 1250, \"0.75\" or \"75%\"")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
        Decimal::try_from_i128_with_scale(v, 0)
            .map_err(|_| E::custom(format!("`{v}` is too large to hold exactly")))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
        i128::try_from(v)
            .ok()
            .and_then(|v| Decimal::try_from_i128_with_scale(v, 0).ok())
            .ok_or_else(|| E::custom(format!("`{v}` is too large to hold exactly")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        if !v.is_finite() {
            return Err(E::custom(format!(
                "`{v}` is not a decimal number; write it like `1250`, `0.75`, `\"0.1\"` or `\"75%\"`"
            )));
        }
        Err(E::custom(format!(
            "the number {v} arrived as a binary float and cannot be read exactly; write it as a string such as \"{v}\" (JSON numbers are read exactly with the `json` feature, which turns on serde_json's `arbitrary_precision`)"
        )))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_decimal(v).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        // serde_json with `arbitrary_precision` hands numbers over as a
        // one-entry map holding the number's text.
        match map.next_key::<String>()? {
            Some(k) if k == JSON_NUMBER_KEY => {
                let text: String = map.next_value()?;
                parse_decimal(&text).map_err(de::Error::custom)
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

/// `#[serde(deserialize_with = "number::decimal")]`.
pub(crate) fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(DecimalVisitor)
}

/// `#[serde(deserialize_with = "number::opt_decimal")]` (with `default`).
pub(crate) fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    d.deserialize_any(DecimalVisitor).map(Some)
}

struct IntVisitor;

impl<'de> Visitor<'de> for IntVisitor {
    type Value = i128;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i128, E> {
        Ok(i128::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i128, E> {
        Ok(i128::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<i128, E> {
        Ok(v)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<i128, E> {
        i128::try_from(v).map_err(|_| E::custom(format!("`{v}` is too large")))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<i128, A::Error> {
        match map.next_key::<String>()? {
            Some(k) if k == JSON_NUMBER_KEY => {
                let text: String = map.next_value()?;
                text.parse()
                    .map_err(|_| de::Error::custom(format!("`{text}` is not an integer")))
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

/// `#[serde(deserialize_with = "number::int")]`: an integer field of a
/// result type inside an internally tagged enum. serde buffers such an
/// enum's content before reading it, and `serde_json`'s
/// `arbitrary_precision` (feature `json`) hands over a number it does not
/// read as a 64-bit integer (every number, in older `serde_json` 1.0
/// releases) as a one-entry map of its text, which the buffered primitive
/// integers' own `Deserialize` refuses; this reads both.
pub(crate) fn int<'de, D: Deserializer<'de>, T: TryFrom<i128>>(d: D) -> Result<T, D::Error> {
    let v = d.deserialize_any(IntVisitor)?;
    T::try_from(v).map_err(|_| de::Error::custom(format!("`{v}` is out of range")))
}

/// An integer read as [`int`] does, for use inside containers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Int<T>(pub(crate) T);

impl<'de, T: TryFrom<i128>> de::Deserialize<'de> for Int<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Int<T>, D::Error> {
        int(d).map(Int)
    }
}

/// `#[serde(deserialize_with = "number::int_bands")]`: `(days, share)`
/// bands as [`crate::plan::Clawback::Bands`] serializes them.
pub(crate) fn int_bands<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(u32, Decimal)>, D::Error> {
    let v: Vec<(Int<u32>, Decimal)> = de::Deserialize::deserialize(d)?;
    Ok(v.into_iter().map(|(k, s)| (k.0, s)).collect())
}

/// A decimal read exactly, for use inside containers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Num(pub(crate) Decimal);

impl<'de> de::Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        decimal(d).map(Num)
    }
}

/// `#[serde(deserialize_with = "number::decimal_map")]`.
pub(crate) fn decimal_map<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, Decimal>, D::Error> {
    let m: BTreeMap<String, Num> = de::Deserialize::deserialize(d)?;
    Ok(m.into_iter().map(|(k, v)| (k, v.0)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn reads_decimals_and_percents_exactly() {
        assert_eq!(parse_decimal("0.1"), Ok(dec!(0.1)));
        assert_eq!(parse_decimal("75%"), Ok(dec!(0.75)));
        assert_eq!(parse_decimal("12.5 %"), Ok(dec!(0.125)));
        assert_eq!(parse_decimal("2_000_000"), Ok(dec!(2000000)));
        assert_eq!(parse_decimal("1.5e3"), Ok(dec!(1500)));
        assert_eq!(
            parse_decimal("+1.50").map(|d| d.to_string()),
            Ok("1.50".into())
        );
        assert_eq!(
            parse_decimal("12345678901234567.89"),
            Ok(dec!(12345678901234567.89))
        );
        assert!(parse_decimal("nan").is_err());
        assert!(parse_decimal("inf").is_err());
        assert!(parse_decimal("").is_err());
        assert!(parse_decimal("1.2.3").is_err());
    }

    #[test]
    fn exponents_move_the_scale_exactly() {
        assert_eq!(
            parse_decimal("1.5e3").map(|d| d.to_string()),
            Ok("1500".into())
        );
        assert_eq!(
            parse_decimal("4500125e-3").map(|d| d.to_string()),
            Ok("4500.125".into())
        );
        assert_eq!(
            parse_decimal("1.50E-27").map(|d| d.to_string()),
            Ok("0.0000000000000000000000000015".into())
        );
        assert_eq!(
            parse_decimal("2E+2").map(|d| d.to_string()),
            Ok("200".into())
        );
        assert_eq!(
            parse_decimal("1e400"),
            Err("`1e400` is too large to hold exactly (at most 28 significant digits)".into())
        );
        assert_eq!(
            parse_decimal("1e-40"),
            Err("`1e-40` has more than 28 decimal places, which cannot be held exactly".into())
        );
        assert!(parse_decimal("1e").is_err());
        assert_eq!(parse_decimal("0e999999999999"), Ok(Decimal::ZERO));
        assert_eq!(
            parse_decimal("0.00e-3").map(|d| d.to_string()),
            Ok("0.00000".into())
        );
        assert!(parse_decimal("1e99999999999999999999").is_err());
    }

    #[test]
    fn binary_floats_are_refused() {
        use serde::de::IntoDeserializer;
        let d: de::value::F64Deserializer<de::value::Error> = 9.5f64.into_deserializer();
        let e = decimal(d).map_err(|e| e.to_string());
        assert_eq!(
            e,
            Err("the number 9.5 arrived as a binary float and cannot be read exactly; write it as a string such as \"9.5\" (JSON numbers are read exactly with the `json` feature, which turns on serde_json's `arbitrary_precision`)".into())
        );
        let nan: de::value::F64Deserializer<de::value::Error> = f64::NAN.into_deserializer();
        assert_eq!(
            decimal(nan).map_err(|e| e.to_string()),
            Err("`NaN` is not a decimal number; write it like `1250`, `0.75`, `\"0.1\"` or `\"75%\"`".into())
        );
    }

    #[test]
    fn integers_read_from_numbers_and_number_text() {
        let v: Vec<Int<u32>> =
            serde_json::from_str(r#"[7, {"$serde_json::private::Number": "12"}]"#).unwrap();
        assert_eq!(v, [Int(7), Int(12)]);
        let e = serde_json::from_str::<Int<u32>>("-1").map_err(|e| e.to_string());
        assert_eq!(e, Err("`-1` is out of range".into()));
        assert!(serde_json::from_str::<Int<u32>>(r#""7""#).is_err());
    }

    #[test]
    fn json_numbers_read_exactly_from_their_text() {
        let m: BTreeMap<String, Num> = serde_json::from_str(
            r#"{"a": 9.5, "b": 4500.125, "c": 0.1, "d": 12345678901234567.89, "e": 1.5e3}"#,
        )
        .unwrap();
        let got: Vec<String> = m.values().map(|n| n.0.to_string()).collect();
        assert_eq!(
            got,
            ["9.5", "4500.125", "0.1", "12345678901234567.89", "1500"]
        );
        // Through a `serde_json::Value`, a number whose text is the
        // shortest form of an `f64` is handed over as that `f64`, which
        // cannot be told from a lossy one: refused, as from other formats.
        let value: serde_json::Value =
            serde_json::from_str(r#"{"a": 9.5, "b": 4500.1250}"#).unwrap();
        let e = serde_json::from_value::<BTreeMap<String, Num>>(value).map_err(|e| e.to_string());
        assert!(
            e.unwrap_err()
                .starts_with("the number 9.5 arrived as a binary float")
        );
        let value: serde_json::Value = serde_json::from_str(r#"{"b": 4500.1250}"#).unwrap();
        let m = serde_json::from_value::<BTreeMap<String, Num>>(value).unwrap();
        assert_eq!(
            m.get("b").map(|n| n.0.to_string()),
            Some("4500.1250".into())
        );

        let e = serde_json::from_str::<BTreeMap<String, Num>>(r#"{"a": 1e400}"#)
            .map_err(|e| e.to_string());
        assert_eq!(
            e,
            Err("`1e+400` is too large to hold exactly (at most 28 significant digits) at line 1 column 11".into())
        );
    }
}
