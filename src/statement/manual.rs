//! A manual adjustment on a statement.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::plan::AdjustmentPlacement;

/// A manual adjustment given with the inputs (a SPIFF, a correction, an
/// approved exception), as the statement shows it.
///
/// # Example
///
/// ```
/// use incentive::plan::AdjustmentPlacement;
/// use incentive::statement::ManualTrace;
/// use rust_decimal_macros::dec;
///
/// let t = ManualTrace { name: "spiff".into(), reason: "Q1 launch SPIFF".into(),
///     amount: dec!(500.00), placement: AdjustmentPlacement::OutsideCap };
/// assert_eq!(t.to_string(), "manual adjustment `spiff` (Q1 launch SPIFF), outside the plan cap");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualTrace {
    /// The adjustment's name.
    pub name: String,
    /// Why it is paid.
    pub reason: String,
    /// The amount, as given.
    pub amount: Decimal,
    /// Inside or outside the plan cap, as the plan declares.
    pub placement: AdjustmentPlacement,
}

impl fmt::Display for ManualTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "manual adjustment `{}` ({}), {}",
            self.name, self.reason, self.placement
        )
    }
}
