use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Axis, Point, check_payouts, check_points};
use crate::exact::{Exact, Linear};

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
/// use incentive::Exact;
/// use incentive::payout::{Curve, Point};
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
    /// The points and segment slopes as exact fractions, formed once when
    /// the curve is built: `x` and `y` per point, and the slope of the
    /// segment starting at each point but the last, reduced.
    xs: Vec<Exact>,
    ys: Vec<Exact>,
    slopes: Vec<Exact>,
    /// Each segment's line pre-scaled ([`Linear`]), when its constants fit.
    lines: Vec<Option<Linear>>,
}

/// Which part of a curve produced a payout.
///
/// # Example
///
/// ```
/// use incentive::payout::{Point, Segment};
/// use rust_decimal_macros::dec;
///
/// let s = Segment::Between {
///     from: Point::new(dec!(1), dec!(1)),
///     to: Point::new(dec!(1.5), dec!(2)),
/// };
/// assert_eq!(s.to_string(), "between 100% → 100% and 150% → 200%");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
        check_curve_points(&points)?;
        if extrapolate
            && points
                .windows(2)
                .last()
                .is_some_and(|w| matches!(w, [a, b] if a.x == b.x))
        {
            return Err(
                "an extrapolating curve cannot end with a jump: its last segment has no slope to continue".into(),
            );
        }
        let xs: Vec<Exact> = points.iter().map(|p| Exact::from_decimal(p.x)).collect();
        let ys: Vec<Exact> = points.iter().map(|p| Exact::from_decimal(p.y)).collect();
        let mut slopes = Vec::with_capacity(points.len() - 1);
        for (x, y) in xs.windows(2).zip(ys.windows(2)) {
            if let ([x0, x1], [y0, y1]) = (x, y) {
                if x0 == x1 {
                    // A jump: a segment of no width, never evaluated (at
                    // its attainment the later point holds).
                    slopes.push(Exact::ZERO);
                    continue;
                }
                let slope = y1
                    .checked_sub(*y0)
                    .zip(x1.checked_sub(*x0))
                    .and_then(|(dy, dx)| dy.checked_div(dx))
                    .ok_or("the curve's slopes are too large to compute exactly")?;
                slopes.push(slope.reduce());
            }
        }
        let lines = xs
            .iter()
            .zip(&ys)
            .zip(&slopes)
            .map(|((x, y), s)| Linear::through(*x, *y, *s))
            .collect();
        Ok(Curve {
            points,
            extrapolate,
            xs,
            ys,
            slopes,
            lines,
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
        let (y, hit) = self.at(x)?;
        Some((y, self.segment(hit)?))
    }

    /// The payout fraction at `x` and which part of the curve gave it: the
    /// one implementation of a curve, which builds no trace.
    #[inline]
    pub(crate) fn at(&self, x: Exact) -> Option<(Exact, Hit)> {
        let (Some(x_first), Some(x_last)) = (self.xs.first(), self.xs.last()) else {
            return Some((Exact::ZERO, Hit::Capped));
        };
        if x < *x_first {
            return Some((Exact::ZERO, Hit::Below));
        }
        let n = self.xs.len();
        if x >= *x_last {
            if self.extrapolate && x > *x_last {
                let k = n.checked_sub(2)?;
                return Some((self.interpolate(k, x)?, Hit::Extrapolated(k)));
            }
            return Some((*self.ys.last()?, Hit::Capped));
        }
        // The segment [x_k, x_k+1) holding x: x is at or above the first
        // point and below the last, so one exists.
        let mut k = 0;
        for next in self.xs.get(1..n - 1).unwrap_or_default() {
            if x < *next {
                break;
            }
            k += 1;
        }
        Some((self.interpolate(k, x)?, Hit::Between(k)))
    }

    /// `y_k + slope_k × (x − x_k)`, exactly: through the segment's
    /// pre-scaled line when its products fit, else as written.
    #[inline]
    fn interpolate(&self, k: usize, x: Exact) -> Option<Exact> {
        if let Some(y) = self.lines.get(k).copied().flatten().and_then(|l| l.at(x)) {
            return Some(y);
        }
        self.interpolate_as_written(k, x)
    }

    /// [`Curve::interpolate`] as written, for a segment whose pre-scaled
    /// line does not fit or overflows at `x`.
    #[cold]
    #[inline(never)]
    fn interpolate_as_written(&self, k: usize, x: Exact) -> Option<Exact> {
        let (x0, y0, slope) = (*self.xs.get(k)?, *self.ys.get(k)?, *self.slopes.get(k)?);
        y0.checked_add(slope.checked_mul(x.checked_sub(x0)?)?)
    }

    /// The trace of a [`Hit`]: the points of the segment used.
    pub(crate) fn segment(&self, hit: Hit) -> Option<Segment> {
        let p = |k: usize| self.points.get(k).copied();
        Some(match hit {
            Hit::Below => Segment::BelowThreshold { threshold: p(0)? },
            Hit::Between(k) => Segment::Between {
                from: p(k)?,
                to: p(k + 1)?,
            },
            Hit::Capped => Segment::Capped {
                last: self
                    .points
                    .last()
                    .copied()
                    .unwrap_or(Point::new(Decimal::ZERO, Decimal::ZERO)),
            },
            Hit::Extrapolated(k) => Segment::Extrapolated {
                from: p(k)?,
                to: p(k + 1)?,
            },
        })
    }
}

/// Which part of a curve paid, by point index: what [`Segment`] shows.
/// Checks a curve's points: payouts of 0 or more, attainments increasing,
/// where two consecutive points may share an attainment (a jump: the later
/// point holds there), but never three.
fn check_curve_points(points: &[Point]) -> Result<(), String> {
    let mut distinct: Vec<Point> = Vec::with_capacity(points.len());
    for (i, w) in points.windows(3).enumerate() {
        if let [a, b, c] = w {
            if a.x == b.x && b.x == c.x {
                return Err(format!(
                    "points {} to {} share the attainment {}; a jump is two points at one attainment, never three",
                    i + 1,
                    i + 3,
                    a.x
                ));
            }
        }
    }
    for p in points {
        if distinct.last().is_some_and(|l| l.x == p.x) {
            if let Some(l) = distinct.last_mut() {
                *l = *p;
            }
        } else {
            distinct.push(*p);
        }
    }
    check_payouts(points)?;
    check_points(&distinct, "attainment")
}

/// The jumps of a curve: each pair of consecutive points at one attainment
/// (the attainment, the payout just below, the payout at it).
pub(crate) fn jumps(points: &[Point]) -> impl Iterator<Item = (Decimal, Decimal, Decimal)> + '_ {
    points.windows(2).filter_map(|w| match w {
        [a, b] if a.x == b.x => Some((a.x, a.y, b.y)),
        _ => None,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hit {
    /// Below the first point: pays 0.
    Below,
    /// On the segment starting at point `k`.
    Between(usize),
    /// At or past the last point, which it pays.
    Capped,
    /// Past the last point, on the last segment (starting at point `k`)
    /// continued.
    Extrapolated(usize),
}
