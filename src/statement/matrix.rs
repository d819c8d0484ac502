//! What a bonus matrix component measured: its two measures.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::MeasureTrace;

/// The two measures a bonus matrix read, each as a quantitative measure's
/// trace: the row's and the column's.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::plan::Direction;
/// use incentive::statement::{MatrixMeasure, MatrixMeasures, MeasureTrace};
/// use rust_decimal_macros::dec;
///
/// let q = |metric: &str, actual, target, attainment| MeasureTrace::Quantitative {
///     metric: metric.into(), actual: Exact::from_decimal(actual), ratio: None,
///     target: Exact::from_decimal(target), direction: Direction::HigherIsBetter,
///     formula: None, baseline: None, attainment: Exact::from_decimal(attainment) };
/// let m = MatrixMeasures {
///     rows: MatrixMeasure { measure: "revenue".into(), value: q("revenue", dec!(104), dec!(100), dec!(1.04)) },
///     columns: MatrixMeasure { measure: "margin".into(), value: q("margin", dec!(101), dec!(100), dec!(1.01)) },
/// };
/// assert_eq!(m.to_string(),
///     "rows `revenue`: revenue actual 104 against target 100: attainment 104%; \
///      columns `margin`: margin actual 101 against target 100: attainment 101%");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixMeasures {
    /// The measure whose attainment picked the row.
    pub rows: MatrixMeasure,
    /// The measure whose attainment picked the column.
    pub columns: MatrixMeasure,
}

/// One measure of a bonus matrix: its name and what it measured.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixMeasure {
    /// A quantitative component's id or a measure's name.
    pub measure: String,
    /// Its actual, target and attainment.
    pub value: MeasureTrace,
}

impl fmt::Display for MatrixMeasures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rows `{}`: {}; columns `{}`: {}",
            self.rows.measure, self.rows.value, self.columns.measure, self.columns.value
        )
    }
}
