//! Rounding policies: the mode, where rounding applies, and to how many
//! places.
//!
//! A leaf: [`Exact::round`](crate::Exact::round) rounds in a
//! [`RoundingMode`], and a plan's [`Rounding`] says which mode, scope and
//! places its statements use.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How an exact amount is rounded to the currency's minor unit.
///
/// Examples are at two places: `4500.005` is the exact value of Rita's
/// pipeline line in the demand-generation plan.
///
/// # Example
///
/// ```
/// use incentive::{Exact, RoundingMode};
/// use rust_decimal_macros::dec;
///
/// let rita = Exact::from_decimal(dec!(4500.005));
/// assert_eq!(rita.round(2, RoundingMode::HalfEven), Some(dec!(4500.00)));
/// assert_eq!(rita.round(2, RoundingMode::HalfUp), Some(dec!(4500.01)));
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RoundingMode {
    /// Halves round away from zero: `4500.005 → 4500.01`, `4500.015 → 4500.02`.
    #[default]
    HalfUp,
    /// Halves round to the even neighbour (banker's rounding):
    /// `4500.005 → 4500.00`, `4500.015 → 4500.02`.
    HalfEven,
    /// Toward zero (truncation): `4500.009 → 4500.00`.
    Down,
    /// Away from zero: `4500.001 → 4500.01`.
    Up,
}

impl fmt::Display for RoundingMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RoundingMode::HalfUp => "half-up",
            RoundingMode::HalfEven => "half-even",
            RoundingMode::Down => "down",
            RoundingMode::Up => "up",
        })
    }
}

/// Where rounding happens on a statement.
///
/// Either way the statement's lines add up exactly to its total.
///
/// # Example
///
/// Two lines of exactly `100.005` each: per line (half-up) they are
/// `100.01 + 100.01 = 200.02`; on the total the total is `200.01` and the
/// lines are `100.01 + 100.00` (the remainder goes, cent by cent, to the
/// lines with the largest rounding remainders, first line first on ties).
///
/// ```
/// use incentive::RoundingScope;
/// assert_eq!(RoundingScope::default(), RoundingScope::Line);
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RoundingScope {
    /// Each component line is rounded; the total is the sum of the rounded
    /// lines: `100.005 + 100.005 → 100.01 + 100.01 = 200.02` (half-up).
    #[default]
    Line,
    /// The exact total is rounded once; the lines are then allocated to the
    /// minor unit so that they add up to it:
    /// `100.005 + 100.005 = 200.01 → 100.01 + 100.00` (half-up).
    Total,
}

impl fmt::Display for RoundingScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RoundingScope::Line => "per line",
            RoundingScope::Total => "on the total",
        })
    }
}

/// A plan's rounding policy: the mode, where it applies, and the number of
/// decimal places (the currency's minor unit).
///
/// # Example
///
/// ```
/// use incentive::{Rounding, RoundingMode, RoundingScope};
///
/// let r = Rounding::new(RoundingMode::HalfEven, RoundingScope::Line, 2);
/// assert_eq!(r.to_string(), "half-even per line to 2 places");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rounding {
    mode: RoundingMode,
    scope: RoundingScope,
    places: u32,
}

impl Rounding {
    /// A rounding policy.
    pub fn new(mode: RoundingMode, scope: RoundingScope, places: u32) -> Rounding {
        Rounding {
            mode,
            scope,
            places,
        }
    }

    /// The rounding mode.
    pub fn mode(&self) -> RoundingMode {
        self.mode
    }

    /// Where rounding applies.
    pub fn scope(&self) -> RoundingScope {
        self.scope
    }

    /// Decimal places money is rounded to.
    pub fn places(&self) -> u32 {
        self.places
    }
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} to {} places", self.mode, self.scope, self.places)
    }
}
