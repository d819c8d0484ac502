//! Payout rules: how a measured value becomes a payout.
//!
//! One file per rule: a piecewise-linear [`Curve`], a step table
//! ([`Steps`]), a tiered commission rate ([`Tiers`]), a discrete rating
//! [`Scale`], a scale of named ratings ([`LabelScale`]) and a bonus
//! [`Matrix`] of two measures. Each rule is checked when the plan is built
//! and evaluated with exact fractions; each returns its result together
//! with the trace that explains it (the segment, step, bands, rating,
//! label or grid cells used).

mod curve;
mod matrix;
mod scale;
mod steps;
mod tiers;

pub use curve::{Curve, Segment};
pub(crate) use curve::{Hit, jumps};

pub(crate) use matrix::MatrixHitPair;
pub use matrix::{Matrix, MatrixAxis, MatrixCell, MatrixHit, MatrixMode, MatrixTrace};
pub use scale::{LabelScale, Scale};
pub use steps::{StepTrace, Steps};
pub use tiers::{BandTrace, TierBasis, TierMode, Tiers};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::exact::Exact;

/// A point of a curve, step table or scale: `x` (attainment, score or
/// rating) maps to `y` (payout as a fraction of target incentive; `1` is
/// 100%).
///
/// # Example
///
/// ```
/// use incentive::payout::Point;
/// use rust_decimal_macros::dec;
///
/// let threshold = Point::new(dec!(0.5), dec!(0.25));
/// assert_eq!(threshold.to_string(), "50% → 25%");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Point {
    /// Attainment, score or rating.
    pub x: Decimal,
    /// Payout as a fraction of target incentive.
    pub y: Decimal,
}

impl Point {
    /// A point.
    pub fn new(x: Decimal, y: Decimal) -> Point {
        Point { x, y }
    }
}

impl Point {
    /// Writes the point with `x` as a percent (attainment) or as a plain
    /// number (score or rating).
    pub(crate) fn describe(&self, axis: Axis) -> String {
        match axis {
            Axis::Attainment => format!("{} → {}", percent(self.x), percent(self.y)),
            Axis::Score => format!("{} → {}", self.x.normalize(), percent(self.y)),
        }
    }
}

impl std::fmt::Display for Point {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Axis::Attainment))
    }
}

/// What a curve or step table is read at: attainment (shown as a percent)
/// or a score (shown as a number).
///
/// # Example
///
/// ```
/// use incentive::payout::{Axis, Point, Segment};
/// use rust_decimal_macros::dec;
///
/// let s = Segment::Between { from: Point::new(dec!(4), dec!(1)), to: Point::new(dec!(5), dec!(1.5)) };
/// assert_eq!(s.describe(Axis::Score), "between 4 → 100% and 5 → 150%");
/// assert_eq!(s.describe(Axis::Attainment), "between 400% → 100% and 500% → 150%");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Axis {
    /// Attainment: actual against target.
    Attainment,
    /// A score within a declared range.
    Score,
}

/// A fraction written as a percent: `0.25` → `25%`.
pub(crate) fn percent(d: Decimal) -> String {
    match d.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", p.normalize()),
        None => format!("{} × 100%", d.normalize()),
    }
}

/// What a rule gives below its first point: a modifier's curve below its
/// first point, a bonus [`Matrix`] below its first row or column.
///
/// A company-revenue modifier through 80% → 0.5, 100% → 1.0, 120% → 1.5,
/// at 70% attainment:
///
/// # Example
///
/// ```
/// use incentive::plan::BelowFirst;
/// assert_eq!(BelowFirst::Zero.to_string(), "zero below the first point");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum BelowFirst {
    /// The multiplier is 0: at 70% the payout is × 0 (a threshold).
    Zero,
    /// The multiplier holds at the first point's value: at 70%, × 0.5 (a
    /// floor).
    FirstPoint,
}

impl std::fmt::Display for BelowFirst {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BelowFirst::Zero => "zero below the first point",
            BelowFirst::FirstPoint => "the first point's value below it",
        })
    }
}

/// An exact fraction as a percent: `1.15` → `115%`, `1.0818…` → `108.18181818…%`.
pub(crate) fn exact_percent(e: Exact) -> String {
    match e.checked_mul(Exact::from_decimal(Decimal::ONE_HUNDRED)) {
        Some(p) => match p.to_decimal() {
            Some(d) => format!("{}%", d.normalize()),
            None => match p.round(8, crate::rounding::RoundingMode::HalfEven) {
                Some(d) => format!("{}…%", d.normalize()),
                None => format!("{e} × 100%"),
            },
        },
        None => format!("{e} × 100%"),
    }
}

/// Checks that every point pays `y >= 0`.
pub(crate) fn check_payouts(points: &[Point]) -> Result<(), String> {
    for (i, p) in points.iter().enumerate() {
        if p.y.is_sign_negative() && !p.y.is_zero() {
            return Err(format!(
                "point {} pays {}; a payout must be 0 or more",
                i + 1,
                p.y
            ));
        }
    }
    Ok(())
}

/// Checks that points are strictly increasing in `x` and pay `y >= 0`.
/// `what` names the axis in messages.
pub(crate) fn check_points(points: &[Point], what: &str) -> Result<(), String> {
    check_payouts(points)?;
    for (i, pair) in points.windows(2).enumerate() {
        if let [a, b] = pair {
            if b.x == a.x {
                return Err(format!(
                    "points {} and {} have the same {what} {}; each {what} may appear once",
                    i + 1,
                    i + 2,
                    b.x
                ));
            }
            if b.x < a.x {
                return Err(format!(
                    "point {} ({what} {}) comes after point {} ({what} {}); points must be in increasing order of {what}",
                    i + 2,
                    b.x,
                    i + 1,
                    a.x
                ));
            }
        }
    }
    Ok(())
}
