//! Manual adjustments: one-off amounts given with a participant's inputs
//! (a SPIFF, a correction, an approved exception), each named and with a
//! reason, paid inside or outside the plan cap as the plan declares.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::number;

/// One manual adjustment of a participant's period: a named amount with
/// the reason it is paid (or taken back), given with the [`Inputs`](crate::Inputs).
///
/// The interpreter adds each adjustment to the statement as its own
/// [`Adjustment`](crate::statement::Adjustment) (kind `manual`, with a
/// [`ManualTrace`](crate::statement::ManualTrace)), inside or outside the
/// plan cap as the plan's `adjustments` says
/// ([`AdjustmentPlacement`](crate::plan::AdjustmentPlacement)), and
/// payroll gives it its own row (`adjustment:manual:NAME`) with its
/// reason. Any name is allowed; names are unique within one participant's
/// inputs.
///
/// In an inputs file: `[[participants.adjustments]]` tables with `name`,
/// `amount` and `reason`.
///
/// # Errors
///
/// Evaluating inputs with an adjustment fails with [`Error::Input`] naming
/// the field `adjustments.NAME…` when the name is empty or holds spaces,
/// two adjustments share a name, the reason is empty, or the amount has
/// more decimal places than the plan's currency pays (it is never rounded).
///
/// # Example
///
/// ```
/// use incentive::{Inputs, Plan};
/// use rust_decimal_macros::dec;
///
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// let dana = Inputs::new("dana", "demand-generation")
///     .actual("pipeline", dec!(2300000))
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(4))
///     .adjustment("spiff", dec!(500.00), "Q1 launch SPIFF");
/// let s = plan.evaluate(&dana)?;
/// assert_eq!(s.total(), dec!(6937.50)); // 6,437.50 + 500.00
/// assert_eq!(s.adjustments[0].to_string(),
///     "manual adjustment `spiff` (Q1 launch SPIFF), outside the plan cap: 500.00");
///
/// let no_reason = dana.adjustment("fix", dec!(-10), " ");
/// let err = plan.evaluate(&no_reason).unwrap_err();
/// assert_eq!(err.details().field.as_deref(), Some("adjustments.fix.reason"));
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ManualAdjustment {
    /// The adjustment's name, such as `spiff` or `q1-correction`: unique
    /// within the inputs, no spaces.
    pub name: String,
    /// The amount, in the plan's currency, at most its minor units;
    /// negative to take money back.
    #[serde(deserialize_with = "number::decimal")]
    pub amount: Decimal,
    /// Why it is paid, for the statement and payroll: required.
    pub reason: String,
}

impl ManualAdjustment {
    /// An adjustment `name` of `amount`, for `reason`.
    pub fn new(
        name: impl Into<String>,
        amount: Decimal,
        reason: impl Into<String>,
    ) -> ManualAdjustment {
        ManualAdjustment {
            name: name.into(),
            amount,
            reason: reason.into(),
        }
    }
}

/// Checks a participant's adjustments against a currency of `places`
/// decimal places: valid, unique names; a reason; an amount the currency
/// can pay exactly. The one check, run by the interpreter on every route.
pub(crate) fn check(adjustments: &[ManualAdjustment], places: u32) -> Result<()> {
    for (i, a) in adjustments.iter().enumerate() {
        let name = &a.name;
        if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Error::input(format!(
                "`{name}` is not a valid adjustment name; use letters, digits, `-` and `_`, with no spaces, such as `spiff`"
            ))
            .with_field(format!("adjustments.{i}.name")));
        }
        if adjustments.iter().take(i).any(|b| &b.name == name) {
            return Err(Error::duplicate(format!(
                "adjustment `{name}` appears twice; give each adjustment its own name"
            ))
            .with_field(format!("adjustments.{name}")));
        }
        if a.reason.trim().is_empty() {
            return Err(Error::input(format!(
                "adjustment `{name}` has no reason; say why it is paid, such as \"Q1 launch SPIFF\""
            ))
            .with_field(format!("adjustments.{name}.reason")));
        }
        if a.amount.normalize().scale() > places {
            return Err(Error::input(format!(
                "is {}, finer than the currency's {places} decimal places; an adjustment is paid as given, never rounded",
                a.amount
            ))
            .with_field(format!("adjustments.{name}.amount")));
        }
    }
    Ok(())
}
