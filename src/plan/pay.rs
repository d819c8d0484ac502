//! Pay mix and period weights: how on-target earnings divide between base
//! salary and variable pay, and how an annual target incentive divides
//! over the year's pay periods.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::PayPeriod;
use crate::money::exact_add;
use crate::payout::percent;

/// How on-target earnings (OTE) divide between base salary and variable
/// pay: `60/40` is 60% base and 40% variable, so OTE 200,000 is base
/// 120,000 and variable (the annual target incentive) 80,000.
///
/// Written `"BASE/VARIABLE"` in percent points, such as `"60/40"` or
/// `"62.5/37.5"`; the two shares add up to exactly 100 and the variable
/// share is above 0.
///
/// # Errors
///
/// Parsing (and [`Mix::new`]) refuses text that is not two numbers split
/// by `/`, a negative share, shares that do not add up to exactly 100,
/// and a variable share of 0.
///
/// # Example
///
/// ```
/// use incentive::plan::Mix;
/// use rust_decimal_macros::dec;
///
/// let mix: Mix = "60/40".parse()?;
/// assert_eq!(mix.base(), dec!(0.6));
/// assert_eq!(mix.variable(), dec!(0.4));
/// assert_eq!(mix.to_string(), "60/40");
///
/// let err = "60/50".parse::<Mix>().unwrap_err();
/// assert_eq!(err, "`60/50` adds up to 110; the base and variable shares of a mix must add up to exactly 100, such as \"60/40\"");
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mix {
    /// The base share, in percent points (60 for 60/40).
    base: Decimal,
    /// The variable share, in percent points (40 for 60/40).
    variable: Decimal,
}

impl Mix {
    /// A mix of `base` and `variable` percent points (`60` and `40`).
    ///
    /// # Errors
    ///
    /// A message saying what would be valid when a share is negative, the
    /// shares do not add up to exactly 100, or the variable share is 0.
    pub fn new(base: Decimal, variable: Decimal) -> Result<Mix, String> {
        let text = format!("{}/{}", base.normalize(), variable.normalize());
        if base.is_sign_negative() && !base.is_zero()
            || variable.is_sign_negative() && !variable.is_zero()
        {
            return Err(format!(
                "`{text}` has a negative share; the base and variable shares of a mix are 0 or more, such as \"60/40\""
            ));
        }
        let sum = exact_add(base, variable).ok_or_else(|| {
            format!("`{text}` is too large to add up; a mix's shares add up to 100")
        })?;
        if sum != Decimal::ONE_HUNDRED {
            return Err(format!(
                "`{text}` adds up to {}; the base and variable shares of a mix must add up to exactly 100, such as \"60/40\"",
                sum.normalize()
            ));
        }
        if variable.is_zero() {
            return Err(format!(
                "`{text}` has no variable share, so it pays no target incentive; the variable share must be above 0"
            ));
        }
        // Percent points become fractions by moving the decimal point,
        // which is exact while the scale stays within 28.
        if base.scale() > 26 || variable.scale() > 26 {
            return Err(format!(
                "`{text}` has too many decimal places to hold exactly"
            ));
        }
        Ok(Mix { base, variable })
    }

    /// The base share of on-target earnings, as a fraction (`0.6`).
    pub fn base(&self) -> Decimal {
        fraction(self.base)
    }

    /// The variable share of on-target earnings, as a fraction (`0.4`):
    /// the annual target incentive is OTE × this.
    pub fn variable(&self) -> Decimal {
        fraction(self.variable)
    }
}

/// Percent points as a fraction: `40` → `0.40`, exactly.
fn fraction(points: Decimal) -> Decimal {
    let mut f = points;
    // `Mix::new` keeps the scale at most 26, so this cannot fail.
    if f.set_scale(points.scale() + 2).is_err() {
        return Decimal::ZERO;
    }
    f
}

impl FromStr for Mix {
    type Err = String;

    fn from_str(s: &str) -> Result<Mix, String> {
        let invalid = || {
            format!(
                "`{s}` is not a pay mix; write the base and variable shares of on-target earnings as \"BASE/VARIABLE\", such as \"60/40\""
            )
        };
        let (b, v) = s.split_once('/').ok_or_else(invalid)?;
        let number = |t: &str| -> Result<Decimal, String> {
            let t = t.trim();
            if t.is_empty()
                || !t
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-'))
            {
                return Err(invalid());
            }
            Decimal::from_str_exact(t).map_err(|_| invalid())
        };
        Mix::new(number(b)?, number(v)?)
    }
}

impl fmt::Display for Mix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.base.normalize(), self.variable.normalize())
    }
}

impl Serialize for Mix {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Mix {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Mix, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl PayPeriod {
    /// The label of period `index` (from 1) of the plan year starting in
    /// `year`: `2026-S01`, `2026-M01`, `2026-Q1`, `2026-H1` or `2026`, as
    /// a plan year's periods are labelled.
    pub(crate) fn label(self, year: i32, index: u32) -> String {
        match self {
            PayPeriod::Custom => format!("{year}-P{index:02}"),
            PayPeriod::Week => format!("{year}-W{index:02}"),
            PayPeriod::Biweek => format!("{year}-B{index:02}"),
            PayPeriod::SemiMonth => format!("{year}-S{index:02}"),
            PayPeriod::Month => format!("{year}-M{index:02}"),
            PayPeriod::Quarter => format!("{year}-Q{index}"),
            PayPeriod::Half => format!("{year}-H{index}"),
            PayPeriod::Year => format!("{year}"),
        }
    }

    /// The place in its plan year (from 1) of the period labelled `label`,
    /// the inverse of [`PayPeriod::label`] for plan years 1 to 9998; `None`
    /// for any other text. Allocates nothing.
    pub(crate) fn index_of(self, label: &str) -> Option<u32> {
        let (year, rest) = match self {
            PayPeriod::Year => (label, ""),
            _ => label.split_once('-')?,
        };
        // The year as `{year}` prints it: digits, no sign, no leading zero.
        if year.is_empty() || year.starts_with('0') || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let y: i32 = year.parse().ok()?;
        if !(1..=9998).contains(&y) {
            return None;
        }
        let digits = |s: &str, width: usize| -> Option<u32> {
            if s.len() == width && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().ok()
            } else {
                None
            }
        };
        let index = match self {
            PayPeriod::Custom => return None,
            PayPeriod::Week => digits(rest.strip_prefix('W')?, 2)?,
            PayPeriod::Biweek => digits(rest.strip_prefix('B')?, 2)?,
            PayPeriod::SemiMonth => digits(rest.strip_prefix('S')?, 2)?,
            PayPeriod::Month => digits(rest.strip_prefix('M')?, 2)?,
            PayPeriod::Quarter => digits(rest.strip_prefix('Q')?, 1)?,
            PayPeriod::Half => digits(rest.strip_prefix('H')?, 1)?,
            PayPeriod::Year => 1,
        };
        (1..=self.periods_per_year())
            .contains(&index)
            .then_some(index)
    }
}

/// The first days of the periods of a plan paid every `step` days (7 or
/// 14) from `anchor` that start from `start` up to the day before `next`:
/// the periods of a weekly or biweekly plan year. `None` outside the
/// calendar or for an empty range.
pub(crate) fn anchored_starts(
    step: i64,
    anchor: crate::date::Date,
    start: crate::date::Date,
    next: crate::date::Date,
) -> Option<Vec<crate::date::Date>> {
    let behind = anchor.days_until(start).rem_euclid(step);
    let mut first = start.add_days((step - behind) % step)?;
    let mut starts = Vec::new();
    while first < next {
        starts.push(first);
        first = first.add_days(step)?;
    }
    (!starts.is_empty()).then_some(starts)
}

/// Period weights as percents, comma-separated, for messages.
pub(crate) fn listed_weights(weights: &[Decimal]) -> String {
    weights
        .iter()
        .map(|w| percent(*w))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks period weights: one for each of the year's pay periods, each
/// from 0% to 100%, adding up to exactly 100%. The error message says what
/// is wrong and what would be valid.
pub(crate) fn check_period_weights(weights: &[Decimal], period: PayPeriod) -> Result<(), String> {
    if period == PayPeriod::Custom {
        return Err(
            "a plan with `pay_period = \"custom\"` lists its periods in `[year] periods` and cannot weight them; leave `period_weights` out".to_owned(),
        );
    }
    if period.anchored_days().is_some() {
        return Err(format!(
            "a plan paid every {period} has {} {period}s in one plan year and {} in another, so it cannot weight its periods; leave `period_weights` out",
            period.periods_per_year() - 1,
            period.periods_per_year()
        ));
    }
    let n = period.periods_per_year();
    let listed = || listed_weights(weights);
    if weights.len() != n as usize {
        return Err(format!(
            "gives {} weights ({}); a plan paid by {period} needs one weight for each of its {n} {period}s",
            weights.len(),
            listed()
        ));
    }
    let mut sum = Decimal::ZERO;
    for (i, w) in weights.iter().enumerate() {
        if w.is_sign_negative() && !w.is_zero() || *w > Decimal::ONE {
            return Err(format!(
                "the weight of {period} {} is {}; a period weight is from 0% to 100%",
                i + 1,
                percent(*w)
            ));
        }
        sum = exact_add(sum, *w).ok_or_else(|| "the weights are too large to add".to_owned())?;
    }
    if sum != Decimal::ONE {
        return Err(format!(
            "the weights add up to {} ({}); period weights must add up to exactly 100%",
            percent(sum),
            listed()
        ));
    }
    Ok(())
}
