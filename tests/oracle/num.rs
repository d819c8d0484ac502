//! The oracle's numbers: big rationals, read from the text the plan file
//! spells (never through `f64`), and rounded to a number of places in one
//! of the plan file's four modes.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

/// An exact rational number of any size.
pub type Q = BigRational;

/// The rounding modes of the plan file's `rounding.mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    HalfUp,
    HalfEven,
    Down,
    Up,
}

/// `n` as a rational.
pub fn int(n: i64) -> Q {
    Q::from_integer(BigInt::from(n))
}

/// `10^p` as a big integer.
pub fn pow10(p: u32) -> BigInt {
    num_traits::pow(BigInt::from(10), p as usize)
}

/// The number a plan-file string spells: `"0.75"`, `"75%"`, `"2_000"`,
/// `"1.5e3"`, `"-3"`. Anything else is refused with a message.
pub fn parse(text: &str) -> Result<Q, String> {
    let (body, percent) = match text.strip_suffix('%') {
        Some(b) => (b, true),
        None => (text, false),
    };
    let body: String = body.chars().filter(|c| *c != '_').collect();
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => {
            let e: i64 = body[i + 1..]
                .parse()
                .map_err(|_| format!("bad exponent in `{text}`"))?;
            (&body[..i], e)
        }
        None => (&body[..], 0),
    };
    let (negative, digits) = match mantissa.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (whole, frac) = match digits.find('.') {
        Some(i) => (&digits[..i], &digits[i + 1..]),
        None => (digits, ""),
    };
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || exponent.abs() > 60
    {
        return Err(format!("`{text}` is not a decimal number"));
    }
    let all = format!("{whole}{frac}");
    let n: BigInt = all
        .parse()
        .map_err(|_| format!("`{text}` is not a decimal number"))?;
    let scale = i64::try_from(frac.len()).map_err(|_| "too long".to_owned())? - exponent
        + if percent { 2 } else { 0 };
    let mut q = if scale >= 0 {
        Q::new(n, pow10(scale as u32))
    } else {
        Q::from_integer(n * pow10((-scale) as u32))
    };
    if negative {
        q = -q;
    }
    Ok(q)
}

/// A TOML value that holds a number: an integer, or a string spelling one.
/// A TOML float is refused: its text is gone by the time `toml::Value` holds
/// it, and the oracle never reads a number through `f64`.
pub fn from_value(v: &toml::Value) -> Result<Q, String> {
    match v {
        toml::Value::Integer(i) => Ok(int(*i)),
        toml::Value::String(s) => parse(s),
        other => Err(format!(
            "the oracle reads numbers written as integers or strings only, not `{other:?}`"
        )),
    }
}

/// `x` rounded to `places` decimal places in `mode`.
pub fn round(x: &Q, places: u32, mode: Mode) -> Q {
    let scale = pow10(places);
    let scaled = x * Q::from_integer(scale.clone());
    let a = scaled.abs();
    let floor = a.floor();
    let rem = &a - &floor;
    let half = Q::new(BigInt::one(), BigInt::from(2));
    let mut q = floor.to_integer();
    let up = match mode {
        Mode::HalfUp => rem >= half,
        Mode::HalfEven => rem > half || (rem == half && (&q % BigInt::from(2)) != BigInt::zero()),
        Mode::Down => false,
        Mode::Up => !rem.is_zero(),
    };
    if up {
        q += BigInt::one();
    }
    if scaled.is_negative() {
        q = -q;
    }
    Q::new(q, scale)
}

/// `x` rounded toward zero to `places` places.
pub fn trunc(x: &Q, places: u32) -> Q {
    round(x, places, Mode::Down)
}

/// Whether `x`, a number of at most `places` places, fits a
/// `rust_decimal::Decimal` at that scale: a 96-bit magnitude.
pub fn fits_decimal(x: &Q, places: u32) -> bool {
    let scaled = x * Q::from_integer(pow10(places));
    if !scaled.is_integer() {
        return false;
    }
    let limit: BigInt = BigInt::one() << 96u32;
    scaled.to_integer().abs() < limit
}

/// The rational a `Display`ed decimal spells (`"1000.00"`, `"-3"`).
pub fn from_display(text: &str) -> Q {
    parse(text).unwrap_or_else(|e| panic!("engine printed an unreadable decimal: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Q {
        parse(s).unwrap()
    }

    #[test]
    fn parses_what_the_reference_spells() {
        assert_eq!(q("75%"), Q::new(BigInt::from(3), BigInt::from(4)));
        assert_eq!(q("1.50"), Q::new(BigInt::from(3), BigInt::from(2)));
        assert_eq!(q("2_000_000"), int(2_000_000));
        assert_eq!(q("1.5e3"), int(1500));
        assert_eq!(q("-0.5"), Q::new(BigInt::from(-1), BigInt::from(2)));
        assert!(parse("1.2.3").is_err());
        assert!(parse("").is_err());
        assert!(parse("%").is_err());
    }

    #[test]
    fn rounds_in_each_mode() {
        let x = q("4500.005");
        assert_eq!(round(&x, 2, Mode::HalfUp), q("4500.01"));
        assert_eq!(round(&x, 2, Mode::HalfEven), q("4500.00"));
        assert_eq!(round(&q("4500.015"), 2, Mode::HalfEven), q("4500.02"));
        assert_eq!(round(&q("4500.009"), 2, Mode::Down), q("4500.00"));
        assert_eq!(round(&q("4500.001"), 2, Mode::Up), q("4500.01"));
        assert_eq!(round(&q("-2.5"), 0, Mode::HalfUp), int(-3));
        assert_eq!(round(&q("-2.5"), 0, Mode::HalfEven), int(-2));
        assert_eq!(trunc(&q("-2.59"), 1), q("-2.5"));
    }

    #[test]
    fn knows_the_decimal_limit() {
        // 2^96 - 1 = 79228162514264337593543950335 fits at scale 0, 2^96 does not.
        assert!(fits_decimal(&q("79228162514264337593543950335"), 0));
        assert!(!fits_decimal(&q("79228162514264337593543950336"), 0));
        assert!(fits_decimal(&q("792281625142643375935439503.35"), 2));
        assert!(!fits_decimal(&q("792281625142643375935439503.36"), 2));
        assert!(!fits_decimal(&q("0.001"), 2));
        assert!(fits_decimal(&int(0), 2));
    }
}
