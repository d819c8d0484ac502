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
        check_points(&ratings, "rating")
            .map_err(|e| e.replace("points", "entries").replace("point", "entry"))?;
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

/// A scale of named ratings (`below`, `meets`, `exceeds`, `outstanding`),
/// listed lowest first, each mapped to a payout fraction.
///
/// A rated component on a labelled scale reads a label from the inputs
/// (`labels.COMPONENT`) and pays the label's payout; a label that is not
/// on the scale is an input error listing the valid labels. Where a
/// participant is a row of numbers (the values route of
/// [`PreparedPlan`](crate::PreparedPlan)), a label is its position on the
/// scale, counted from 1.
///
/// # Errors
///
/// [`LabelScale::new`] refuses an empty scale, an empty label or one with
/// spaces around it, a label given twice, more than 1000 labels and a
/// negative payout.
///
/// # Example
///
/// ```
/// use incentive::payout::LabelScale;
/// use rust_decimal_macros::dec;
///
/// let scale = LabelScale::new(vec![
///     ("below".into(), dec!(0)),
///     ("meets".into(), dec!(1)),
///     ("exceeds".into(), dec!(1.25)),
///     ("outstanding".into(), dec!(1.5)),
/// ])?;
/// assert_eq!(scale.payout("exceeds"), Ok(dec!(1.25)));
/// assert_eq!(scale.position("exceeds"), Some(3));
/// assert_eq!(
///     scale.payout("great").unwrap_err(),
///     "`great` is not a label of the scale; its labels are `below`, `meets`, `exceeds`, `outstanding`"
/// );
/// assert!(LabelScale::new(vec![("meets".into(), dec!(1)), ("meets".into(), dec!(1.5))]).is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelScale {
    labels: Vec<(String, Decimal)>,
}

impl LabelScale {
    /// A scale of `(label, payout)`, lowest first.
    ///
    /// # Errors
    ///
    /// A message naming the empty, repeated or badly written label, or the
    /// negative payout.
    pub fn new(labels: Vec<(String, Decimal)>) -> Result<LabelScale, String> {
        if labels.is_empty() {
            return Err("a labelled scale needs at least one label".into());
        }
        if labels.len() > 1000 {
            return Err("a scale may have at most 1000 labels".into());
        }
        for (i, (label, pays)) in labels.iter().enumerate() {
            if label.is_empty() || label.trim() != label {
                return Err(format!(
                    "label {} is `{label}`; a label is non-empty text with no spaces around it",
                    i + 1
                ));
            }
            if labels.iter().take(i).any(|(l, _)| l == label) {
                return Err(format!(
                    "label `{label}` appears twice; each label may appear once"
                ));
            }
            if pays.is_sign_negative() && !pays.is_zero() {
                return Err(format!(
                    "label `{label}` pays {pays}; a payout must be 0 or more"
                ));
            }
        }
        Ok(LabelScale { labels })
    }

    /// Each label and its payout fraction, lowest first.
    pub fn labels(&self) -> &[(String, Decimal)] {
        &self.labels
    }

    /// The payout fraction for `label`.
    ///
    /// # Errors
    ///
    /// A label that is not on the scale, with the valid labels.
    pub fn payout(&self, label: &str) -> Result<Decimal, String> {
        self.labels
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, p)| *p)
            .ok_or_else(|| {
                format!(
                    "`{label}` is not a label of the scale; its labels are {}",
                    self.list()
                )
            })
    }

    /// The position of `label` on the scale, counted from 1 (the lowest).
    pub fn position(&self, label: &str) -> Option<usize> {
        self.labels
            .iter()
            .position(|(l, _)| l == label)
            .map(|i| i + 1)
    }

    /// The label at `position` (counted from 1) and its payout, when the
    /// position is a whole number on the scale.
    pub fn at(&self, position: Decimal) -> Option<(&str, Decimal)> {
        self.labels
            .get(self.index(position)?)
            .map(|(l, p)| (l.as_str(), *p))
    }

    /// The index (from 0) of the label at `position` (from 1), when the
    /// position is a whole number on the scale.
    pub(crate) fn index(&self, position: Decimal) -> Option<usize> {
        if !position.fract().is_zero() || position < Decimal::ONE {
            return None;
        }
        let i = usize::try_from(position.normalize().mantissa())
            .ok()?
            .checked_sub(1)?;
        (i < self.labels.len()).then_some(i)
    }

    /// The labels in backticks, lowest first: `` `below`, `meets` ``.
    pub(crate) fn list(&self) -> String {
        self.labels
            .iter()
            .map(|(l, _)| format!("`{l}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
