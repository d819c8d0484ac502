//! `incentive::dec!`: a decimal literal checked at compile time, with no
//! dependency for the user to add.
//!
//! `rust_decimal`'s own `dec!` (its `macros` feature, or
//! `rust_decimal_macros`) expands to `::rust_decimal::Decimal::…`, which
//! only compiles where `rust_decimal` is a direct dependency. This one
//! expands to `$crate` paths only: the literal's text is parsed by a
//! `const fn` in a `const` block, so a malformed or inexact literal stops
//! the build, and the value costs nothing at run time.

use rust_decimal::Decimal;

/// A decimal literal, exactly: `dec!(4875.00)` is the [`Decimal`]
/// `4875.00` (scale 2 kept), `dec!(-0.1)` minus one tenth, `dec!(1_000)`
/// a thousand, `dec!(1.5e3)` fifteen hundred. Evaluated at compile time:
/// a literal that is not a decimal, or that no `Decimal` holds exactly
/// (more than 28 decimal places, or past 96 bits), is a compile error.
///
/// # Example
///
/// ```
/// use incentive::{Decimal, dec};
///
/// let amount: Decimal = dec!(4875.00);
/// assert_eq!(amount.to_string(), "4875.00");
/// assert_eq!(dec!(-0.1) * dec!(10), dec!(-1));
/// assert_eq!(dec!(1_000), Decimal::from(1000));
/// assert_eq!(dec!(1.5e3).to_string(), "1500");
/// ```
#[macro_export]
macro_rules! dec {
    ($($literal:tt)+) => {
        const { $crate::__private::parse_dec(stringify!($($literal)+)) }
    };
}

/// Parses a decimal literal's text at compile time. Not public API: for
/// [`dec!`](crate::dec) only.
///
/// A `const fn`, so the panics below are compile errors of the `const`
/// block the macro expands to, never run-time panics.
///
/// Every index is checked against the length first.
#[doc(hidden)]
#[allow(clippy::panic, clippy::indexing_slicing)]
pub const fn parse_dec(text: &str) -> Decimal {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut negative = false;
    // `stringify!(-1.5)` is `"- 1.5"`: a sign, then spaces.
    if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
        negative = bytes[i] == b'-';
        i += 1;
    }
    while i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    let mut mantissa: u128 = 0;
    let mut scale: i64 = 0;
    let mut digits = 0;
    let mut point = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            mantissa = match mantissa.checked_mul(10) {
                Some(m) => match m.checked_add((b - b'0') as u128) {
                    Some(m) => m,
                    None => panic!("dec!: the literal does not fit in a Decimal"),
                },
                None => panic!("dec!: the literal does not fit in a Decimal"),
            };
            digits += 1;
            if point {
                scale += 1;
            }
        } else if b == b'.' && !point {
            point = true;
        } else if b == b'_' {
        } else {
            break;
        }
        i += 1;
    }
    if digits == 0 {
        panic!("dec!: not a decimal literal");
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        let mut exp_negative = false;
        if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
            exp_negative = bytes[i] == b'-';
            i += 1;
        }
        let mut exp: i64 = 0;
        let mut exp_digits = 0;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            exp = exp * 10 + (bytes[i] - b'0') as i64;
            if exp > 100 {
                panic!("dec!: the exponent is out of range");
            }
            exp_digits += 1;
            i += 1;
        }
        if exp_digits == 0 {
            panic!("dec!: an exponent needs digits");
        }
        scale -= if exp_negative { -exp } else { exp };
    }
    if i != bytes.len() {
        panic!("dec!: not a decimal literal");
    }
    while scale < 0 {
        mantissa = match mantissa.checked_mul(10) {
            Some(m) => m,
            None => panic!("dec!: the literal does not fit in a Decimal"),
        };
        scale += 1;
    }
    if scale > 28 {
        panic!("dec!: more than 28 decimal places cannot be held exactly");
    }
    if mantissa >> 96 != 0 {
        panic!("dec!: the literal does not fit in a Decimal (96 bits)");
    }
    Decimal::from_parts(
        mantissa as u32,
        (mantissa >> 32) as u32,
        (mantissa >> 64) as u32,
        negative,
        scale as u32,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn literals_read_exactly_with_their_scale() {
        assert_eq!(crate::dec!(4875.00).to_string(), "4875.00");
        assert_eq!(crate::dec!(-0.1).to_string(), "-0.1");
        assert_eq!(crate::dec!(2_300_000).to_string(), "2300000");
        assert_eq!(crate::dec!(1.5e3).to_string(), "1500");
        assert_eq!(crate::dec!(15e-1).to_string(), "1.5");
        assert_eq!(crate::dec!(0).to_string(), "0");
        assert_eq!(
            crate::dec!(79228162514264337593543950335).to_string(),
            "79228162514264337593543950335"
        );
        assert_eq!(
            crate::dec!(0.0000000000000000000000000001).to_string(),
            "0.0000000000000000000000000001"
        );
    }

    #[test]
    fn parsing_agrees_with_rust_decimal() {
        for text in [
            "1", "-1", "12.345", "0.10", "- 7.25", "1_000.5", "3e2", "25E-2",
        ] {
            let ours = super::parse_dec(text).to_string();
            let cleaned: String = text.chars().filter(|c| !matches!(c, ' ' | '_')).collect();
            let theirs = if cleaned.contains(['e', 'E']) {
                rust_decimal::Decimal::from_scientific(&cleaned).map(|d| d.to_string())
            } else {
                rust_decimal::Decimal::from_str_exact(&cleaned).map(|d| d.to_string())
            };
            assert_eq!(Ok(ours), theirs, "{text}");
        }
    }
}
