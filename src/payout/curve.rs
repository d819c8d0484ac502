use rust_decimal::Decimal;
use serde::Serialize;

use super::{Axis, Point, check_points};
use crate::exact::Exact;

/// A piecewise-linear payout curve over attainment or score.
///
/// Below the first point nothing is paid (the first point is the
/// threshold, inclusive: exactly at it pays its `y`). Between two points the
/// payout is interpolated linearly, so slopes below target (decelerators)
/// and above it (accelerators) are just the segments' slopes. At or beyond
/// the last point the payout stays at the last point's `y` (the curve's cap)
/// unless the curve extrapolates, in which case the last segment's slope
/// continues without limit.
///
/// # Errors
///
/// [`Curve::new`] refuses fewer than two points, points out of order or
/// repeated, and negative payouts, with a message naming the point.
///
/// # Example
///
/// The standard curve: 50% pays 25%, 100% pays 100%, 150% pays 200%.
///
/// ```
/// use incentive::{Curve, Exact, Point};
/// use rust_decimal_macros::dec;
///
/// let standard = Curve::new(
///     vec![
///         Point::new(dec!(0.5), dec!(0.25)),
///         Point::new(dec!(1.0), dec!(1.0)),
///         Point::new(dec!(1.5), dec!(2.0)),
///     ],
///     false,
/// )?;
/// let at = |x| standard.payout(Exact::from_decimal(x)).unwrap().to_decimal().unwrap();
/// assert_eq!(at(dec!(0.4999)), dec!(0));
/// assert_eq!(at(dec!(0.5)), dec!(0.25));
/// assert_eq!(at(dec!(1.15)), dec!(1.3));
/// assert_eq!(at(dec!(3)), dec!(2)); // capped after the last point
///
/// assert!(Curve::new(vec![Point::new(dec!(1), dec!(1)), Point::new(dec!(0.5), dec!(0))], false).is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Curve {
    points: Vec<Point>,
    extrapolate: bool,
}

/// Which part of a curve produced a payout.
///
/// # Example
///
/// ```
/// use incentive::{Point, Segment};
/// use rust_decimal_macros::dec;
///
/// let s = Segment::Between {
///     from: Point::new(dec!(1), dec!(1)),
///     to: Point::new(dec!(1.5), dec!(2)),
/// };
/// assert_eq!(s.to_string(), "between 100% → 100% and 150% → 200%");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Segment {
    /// Below the first point (the threshold): pays nothing.
    BelowThreshold {
        /// The threshold point.
        threshold: Point,
    },
    /// On the segment from one point up to (not including) the next.
    Between {
        /// The segment's start, inclusive.
        from: Point,
        /// The segment's end.
        to: Point,
    },
    /// At or beyond the last point of a capped curve: pays the last point.
    Capped {
        /// The last point.
        last: Point,
    },
    /// Beyond the last point of an extrapolating curve: the last segment's
    /// slope continues.
    Extrapolated {
        /// The last segment's start.
        from: Point,
        /// The last point.
        to: Point,
    },
}

impl Segment {
    /// Describes the segment, with points written for `axis`.
    pub fn describe(&self, axis: Axis) -> String {
        match self {
            Segment::BelowThreshold { threshold } => {
                format!("below the threshold {}", threshold.describe(axis))
            }
            Segment::Between { from, to } => {
                format!("between {} and {}", from.describe(axis), to.describe(axis))
            }
            Segment::Capped { last } => {
                format!(
                    "at or above the last point {} (capped)",
                    last.describe(axis)
                )
            }
            Segment::Extrapolated { from, to } => format!(
                "beyond {}, extrapolating the slope from {}",
                to.describe(axis),
                from.describe(axis)
            ),
        }
    }
}

impl std::fmt::Display for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Axis::Attainment))
    }
}

impl Curve {
    /// A curve through `points` (at least two, strictly increasing in `x`,
    /// paying `y >= 0`); `extrapolate` continues the last slope beyond the
    /// last point instead of capping there.
    ///
    /// # Errors
    ///
    /// A message naming the offending point.
    pub fn new(points: Vec<Point>, extrapolate: bool) -> Result<Curve, String> {
        if points.len() < 2 {
            return Err(format!(
                "a curve needs at least 2 points, found {}; use `steps` for a single step",
                points.len()
            ));
        }
        check_points(&points, "attainment")?;
        Ok(Curve {
            points,
            extrapolate,
        })
    }

    /// The curve's points.
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// Whether the last slope continues beyond the last point.
    pub fn extrapolates(&self) -> bool {
        self.extrapolate
    }

    /// The payout fraction at `x`, exactly; `None` on overflow.
    pub fn payout(&self, x: Exact) -> Option<Exact> {
        self.evaluate(x).map(|(y, _)| y)
    }

    /// The payout fraction at `x` and the segment used; `None` on overflow.
    pub fn evaluate(&self, x: Exact) -> Option<(Exact, Segment)> {
        let (first, last) = match (self.points.first(), self.points.last()) {
            (Some(f), Some(l)) => (*f, *l),
            _ => {
                return Some((
                    Exact::ZERO,
                    Segment::Capped {
                        last: Point::new(Decimal::ZERO, Decimal::ZERO),
                    },
                ));
            }
        };
        if x < Exact::from_decimal(first.x) {
            return Some((Exact::ZERO, Segment::BelowThreshold { threshold: first }));
        }
        if x >= Exact::from_decimal(last.x) {
            let n = self.points.len();
            let before = self.points.get(n.wrapping_sub(2)).copied().unwrap_or(first);
            if self.extrapolate && x > Exact::from_decimal(last.x) {
                let y = interpolate(before, last, x)?;
                return Some((
                    y,
                    Segment::Extrapolated {
                        from: before,
                        to: last,
                    },
                ));
            }
            return Some((Exact::from_decimal(last.y), Segment::Capped { last }));
        }
        for pair in self.points.windows(2) {
            if let [from, to] = pair {
                if x < Exact::from_decimal(to.x) {
                    let y = interpolate(*from, *to, x)?;
                    return Some((
                        y,
                        Segment::Between {
                            from: *from,
                            to: *to,
                        },
                    ));
                }
            }
        }
        // Unreachable: x is below the last point and at or above the first.
        Some((Exact::from_decimal(last.y), Segment::Capped { last }))
    }
}

/// `y0 + (y1 − y0) × (x − x0) / (x1 − x0)`, exactly.
fn interpolate(a: Point, b: Point, x: Exact) -> Option<Exact> {
    let (x0, y0) = (Exact::from_decimal(a.x), Exact::from_decimal(a.y));
    let (x1, y1) = (Exact::from_decimal(b.x), Exact::from_decimal(b.y));
    let dy = y1.checked_sub(y0)?;
    let dx = x1.checked_sub(x0)?;
    y0.checked_add(dy.checked_mul(x.checked_sub(x0)?)?.checked_div(dx)?)
}
