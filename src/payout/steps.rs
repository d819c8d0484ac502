use serde::{Deserialize, Serialize};

use super::{Axis, Point, check_points};
use crate::exact::Exact;

/// A step table: the highest step reached pays its `y`; below the first
/// step nothing is paid. Each step starts at its `x`, inclusive.
///
/// # Errors
///
/// [`Steps::new`] refuses an empty table, steps out of order or repeated,
/// and negative payouts.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::payout::{Point, Steps};
/// use rust_decimal_macros::dec;
///
/// let steps = Steps::new(vec![
///     Point::new(dec!(0.9), dec!(0.5)),
///     Point::new(dec!(1.0), dec!(1.0)),
/// ])?;
/// let at = |x| steps.payout(Exact::from_decimal(x)).to_decimal().unwrap();
/// assert_eq!(at(dec!(0.8999)), dec!(0));
/// assert_eq!(at(dec!(0.9)), dec!(0.5));
/// assert_eq!(at(dec!(0.9999)), dec!(0.5));
/// assert_eq!(at(dec!(1.7)), dec!(1));
/// assert!(Steps::new(vec![]).is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Steps {
    points: Vec<Point>,
    /// Whether a step is reached only above its bound (`x > bound`)
    /// rather than at it.
    exclusive: bool,
}

/// Which step of a table produced a payout.
///
/// # Example
///
/// ```
/// use incentive::payout::{Point, StepTrace};
/// use rust_decimal_macros::dec;
///
/// let t = StepTrace::Reached { step: 2, point: Point::new(dec!(1), dec!(1)) };
/// assert_eq!(t.to_string(), "step 2 reached: 100% → 100%");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum StepTrace {
    /// Below the first step: pays nothing.
    BelowFirst {
        /// The first step.
        first: Point,
    },
    /// The highest step reached (1-based) and what it pays.
    Reached {
        /// 1-based position of the step in the table.
        #[serde(deserialize_with = "crate::number::int")]
        step: usize,
        /// The step.
        point: Point,
    },
}

impl StepTrace {
    /// Describes the step, with points written for `axis`.
    pub fn describe(&self, axis: Axis) -> String {
        match self {
            StepTrace::BelowFirst { first } => {
                format!("below the first step {}", first.describe(axis))
            }
            StepTrace::Reached { step, point } => {
                format!("step {step} reached: {}", point.describe(axis))
            }
        }
    }
}

impl std::fmt::Display for StepTrace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Axis::Attainment))
    }
}

impl Steps {
    /// A step table (at least one step, strictly increasing in `x`, paying
    /// `y >= 0`).
    ///
    /// # Errors
    ///
    /// A message naming the offending step.
    pub fn new(points: Vec<Point>) -> Result<Steps, String> {
        if points.is_empty() {
            return Err("a step table needs at least 1 step".into());
        }
        check_points(&points, "attainment")?;
        Ok(Steps {
            points,
            exclusive: false,
        })
    }

    /// The same table with exclusive lower bounds: a step is reached only
    /// above its bound, so exactly at a bound the step below pays.
    #[must_use]
    pub fn exclusive(mut self) -> Steps {
        self.exclusive = true;
        self
    }

    /// Whether steps are reached only above their bounds.
    pub fn is_exclusive(&self) -> bool {
        self.exclusive
    }

    /// The steps.
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// The payout fraction at `x`.
    pub fn payout(&self, x: Exact) -> Exact {
        self.evaluate(x).0
    }

    /// The payout fraction at `x` and the step used.
    pub fn evaluate(&self, x: Exact) -> (Exact, StepTrace) {
        let mut reached = None;
        for (i, p) in self.points.iter().enumerate() {
            let bound = Exact::from_decimal(p.x);
            let at = if self.exclusive {
                x > bound
            } else {
                x >= bound
            };
            if at {
                reached = Some((i, *p));
            } else {
                break;
            }
        }
        match (reached, self.points.first()) {
            (Some((i, point)), _) => (
                Exact::from_decimal(point.y),
                StepTrace::Reached { step: i + 1, point },
            ),
            (None, Some(first)) => (Exact::ZERO, StepTrace::BelowFirst { first: *first }),
            (None, None) => (
                Exact::ZERO,
                StepTrace::BelowFirst {
                    first: Point::new(Default::default(), Default::default()),
                },
            ),
        }
    }
}
