//! Where a plan places the manual adjustments given with the inputs.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where manual adjustments (SPIFFs, corrections and approved exceptions
/// given with the inputs as `ManualAdjustment`s) sit against the plan's
/// cap: the plan file's `adjustments`.
///
/// A plan capped at 7,000 whose lines add up to 6,800, with a SPIFF of
/// 500:
///
/// # Example
///
/// ```
/// use incentive::plan::AdjustmentPlacement;
/// assert_eq!(AdjustmentPlacement::default(), AdjustmentPlacement::OutsideCap);
/// assert_eq!(AdjustmentPlacement::InsideCap.to_string(), "inside the plan cap");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AdjustmentPlacement {
    /// Added after every plan-level stage (modifier, kickers, cap, gate):
    /// the SPIFF is paid on top, 6,800 + 500 = 7,300 (the default).
    #[default]
    OutsideCap,
    /// Added to the running total just before the plan cap, after the plan
    /// modifier and kickers (which never multiply a manual amount): the
    /// cap applies to the sum, 6,800 + 500 = 7,300 cut to 7,000; a failed
    /// plan gate zeroes the adjustments with the rest. Needs a plan `cap`.
    InsideCap,
}

impl fmt::Display for AdjustmentPlacement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AdjustmentPlacement::OutsideCap => "outside the plan cap",
            AdjustmentPlacement::InsideCap => "inside the plan cap",
        })
    }
}
