use rust_decimal::Decimal;

use super::{Point, check_points};

/// A discrete rating scale: each declared rating maps to a payout fraction.
///
/// A scale declares its range and step (1 to 5 in steps of 1 unless stated)
/// and must give a payout for every rating in it; a rating that is not on
/// the scale is an input error listing the valid ratings.
///
/// # Errors
///
/// [`Scale::new`] refuses a range that is empty or not a whole number of
/// steps, a rating missing from the range, a rating outside it, repeated or
/// unordered ratings, and negative payouts.
///
/// # Example
///
/// ```
/// use incentive::payout::{Point, Scale};
/// use rust_decimal_macros::dec;
///
/// let pays = [dec!(0), dec!(0.5), dec!(1), dec!(1.25), dec!(1.5)];
/// let points = (1..=5).zip(pays).map(|(r, p)| Point::new(r.into(), p)).collect();
/// let five = Scale::new(dec!(1), dec!(5), dec!(1), points)?;
/// assert_eq!(five.payout(dec!(4)), Ok(dec!(1.25)));
/// assert_eq!(
///     five.payout(dec!(6)).unwrap_err(),
///     "rating 6 is not on the scale; valid ratings are 1, 2, 3, 4, 5"
/// );
///
/// let missing_three = vec![Point::new(dec!(1), dec!(0)), Point::new(dec!(2), dec!(0.5)),
///     Point::new(dec!(4), dec!(1.25)), Point::new(dec!(5), dec!(1.5))];
/// assert!(Scale::new(dec!(1), dec!(5), dec!(1), missing_three).is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scale {
    min: Decimal,
    max: Decimal,
    ratings: Vec<Point>,
}

impl Scale {
    /// A scale from `min` to `max` in steps of `step`, with a payout for
    /// every rating in it.
    ///
    /// # Errors
    ///
    /// A message naming the missing, extra or misplaced rating.
    pub fn new(
        min: Decimal,
        max: Decimal,
        step: Decimal,
        ratings: Vec<Point>,
    ) -> Result<Scale, String> {
        if step <= Decimal::ZERO {
            return Err(format!("the step is {step}; it must be above 0"));
        }
        if max < min {
            return Err(format!("`min` {min} is above `max` {max}"));
        }
        check_points(&ratings, "rating").map_err(|e| e.replace("point", "rating"))?;
        let whole_steps = max
            .checked_sub(min)
            .and_then(|span| span.checked_rem(step))
            .is_some_and(|rest| rest.is_zero());
        if !whole_steps {
            return Err(format!(
                "the range {min} to {max} is not a whole number of steps of {step}"
            ));
        }
        let mut expected = Vec::new();
        let mut r = min;
        while r <= max {
            expected.push(r);
            if expected.len() > 1000 {
                return Err("a scale may have at most 1000 ratings".into());
            }
            r = r
                .checked_add(step)
                .ok_or("the scale's range is too large")?;
        }
        for p in &ratings {
            if !expected.contains(&p.x) {
                return Err(format!(
                    "rating {} is outside the scale {min} to {max} in steps of {step}",
                    p.x
                ));
            }
        }
        for e in &expected {
            if !ratings.iter().any(|p| p.x == *e) {
                return Err(format!(
                    "the scale {min} to {max} has no payout for rating {e}; every rating {} needs one",
                    list(&expected)
                ));
            }
        }
        Ok(Scale { min, max, ratings })
    }

    /// The lowest rating.
    pub fn min(&self) -> Decimal {
        self.min
    }

    /// The highest rating.
    pub fn max(&self) -> Decimal {
        self.max
    }

    /// Each rating and its payout fraction.
    pub fn ratings(&self) -> &[Point] {
        &self.ratings
    }

    /// The payout fraction for `rating`.
    ///
    /// # Errors
    ///
    /// A rating that is not on the scale, with the valid ratings.
    pub fn payout(&self, rating: Decimal) -> Result<Decimal, String> {
        // Same scale: equal exactly when the mantissas are (the common
        // case, and cheap); otherwise compare the values.
        self.ratings
            .iter()
            .find(|p| {
                if p.x.scale() == rating.scale() {
                    p.x.mantissa() == rating.mantissa()
                } else {
                    p.x == rating
                }
            })
            .map(|p| p.y)
            .ok_or_else(|| {
                let valid: Vec<Decimal> = self.ratings.iter().map(|p| p.x).collect();
                format!(
                    "rating {rating} is not on the scale; valid ratings are {}",
                    list(&valid)
                )
            })
    }
}

fn list(values: &[Decimal]) -> String {
    values
        .iter()
        .map(|v| v.normalize().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
