use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{BelowFirst, exact_percent, percent};
use crate::exact::Exact;

/// How a bonus matrix reads between its grid points.
///
/// Rows at revenue attainment 100% and 110%, columns at margin attainment
/// 100% and 105%, paying 100%, 120% (row 100%) and 130%, 150% (row 110%);
/// revenue 105% and margin 102.5%:
///
/// # Example
///
/// ```
/// use incentive::payout::MatrixMode;
/// assert_eq!(MatrixMode::Bilinear.to_string(), "bilinear");
/// assert_eq!(MatrixMode::default(), MatrixMode::Steps);
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MatrixMode {
    /// The cell of the highest row and the highest column reached: revenue
    /// 105% reaches the 100% row, margin 102.5% the 100% column, which pays
    /// 100%.
    #[default]
    Steps,
    /// Linear between grid points in both directions: halfway along both
    /// axes, `(100% + 120% + 130% + 150%) / 4 = 125%`.
    Bilinear,
}

impl fmt::Display for MatrixMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MatrixMode::Steps => "steps",
            MatrixMode::Bilinear => "bilinear",
        })
    }
}

/// A bonus matrix: a payout read from two measures at once, a grid of
/// payouts with one row per bound of the row measure and one column per
/// bound of the column measure.
///
/// Bounds are attainments (`1` is 100%), strictly increasing; each row
/// (column) starts at its bound, inclusive. Values are payouts as
/// fractions of target incentive, `values[row][column]`, 0 or more.
///
/// - [`MatrixMode::Steps`] pays the cell of the highest row and the
///   highest column reached.
/// - [`MatrixMode::Bilinear`] interpolates linearly between the grid
///   points in both directions, so that at every grid point it pays
///   exactly the grid's value.
///
/// Below the first row or the first column, [`BelowFirst::Zero`] pays 0
/// (both measures must reach their first bound) and
/// [`BelowFirst::FirstPoint`] reads the measure as if at its first bound
/// (a floor). At or beyond the last row or column, both modes hold the
/// last one: the grid's edge is its cap.
///
/// Every value is exact: bounds, values and the measures' attainments are
/// fractions, and interpolation divides nothing until the payout is
/// rounded, once.
///
/// # Errors
///
/// [`Matrix::new`] refuses an empty axis, bounds that do not strictly
/// increase, a grid whose shape is not one row of values per row bound and
/// one value per column bound, and negative payouts.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::payout::{Matrix, MatrixMode};
/// use incentive::plan::BelowFirst;
/// use rust_decimal_macros::dec;
///
/// let grid = |mode| Matrix::new(
///     mode,
///     BelowFirst::Zero,
///     vec![dec!(0.9), dec!(1.0), dec!(1.1)],   // revenue attainment
///     vec![dec!(0.95), dec!(1.0), dec!(1.05)], // margin attainment
///     vec![
///         vec![dec!(0.5), dec!(0.7), dec!(0.8)],
///         vec![dec!(0.8), dec!(1.0), dec!(1.2)],
///         vec![dec!(1.0), dec!(1.3), dec!(1.5)],
///     ],
/// );
/// let at = |m: &Matrix, r, c| m.payout(Exact::from_decimal(r), Exact::from_decimal(c))
///     .unwrap().to_decimal().unwrap();
/// let steps = grid(MatrixMode::Steps)?;
/// assert_eq!(at(&steps, dec!(1.04), dec!(1.01)), dec!(1.0));
/// assert_eq!(at(&steps, dec!(1.12), dec!(0.94)), dec!(0)); // below the first column
/// let bilinear = grid(MatrixMode::Bilinear)?;
/// assert_eq!(at(&bilinear, dec!(1.05), dec!(1.025)), dec!(1.25));
/// assert_eq!(at(&bilinear, dec!(2), dec!(2)), dec!(1.5)); // held at the edge
///
/// let unordered = Matrix::new(MatrixMode::Steps, BelowFirst::Zero,
///     vec![dec!(1.1), dec!(1.0)], vec![dec!(1)], vec![vec![dec!(1)], vec![dec!(1)]]);
/// assert_eq!(unordered.unwrap_err(),
///     "`row_bounds`: row 2 starts at 100%, not above row 1 at 110%; bounds must be strictly increasing");
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    mode: MatrixMode,
    below_first: BelowFirst,
    row_bounds: Vec<Decimal>,
    column_bounds: Vec<Decimal>,
    values: Vec<Vec<Decimal>>,
    /// The bounds and values as exact fractions, formed once: values row
    /// by row.
    rows_x: Vec<Exact>,
    columns_x: Vec<Exact>,
    values_x: Vec<Exact>,
}

/// Where a measure fell on one axis of a bonus matrix.
///
/// # Example
///
/// ```
/// use incentive::payout::MatrixHit;
/// use rust_decimal_macros::dec;
///
/// let h = MatrixHit::Between { index: 2, from: dec!(1), to: dec!(1.1) };
/// assert_eq!(h.describe("row"), "between rows 2 (100%) and 3 (110%)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MatrixHit {
    /// Below the first bound.
    Below {
        /// The first bound.
        first: Decimal,
    },
    /// At or above bound `index` (1-based): with steps the highest bound
    /// reached; interpolating, exactly at the bound, or at or beyond the
    /// last (held there).
    Reached {
        /// 1-based position of the row or column.
        #[serde(deserialize_with = "crate::number::int")]
        index: usize,
        /// Its bound.
        bound: Decimal,
    },
    /// Interpolating, strictly between bound `index` (1-based) and the
    /// next.
    Between {
        /// 1-based position of the lower row or column.
        #[serde(deserialize_with = "crate::number::int")]
        index: usize,
        /// Its bound.
        from: Decimal,
        /// The next bound.
        to: Decimal,
    },
}

impl MatrixHit {
    /// Describes the hit, naming the axis (`row` or `column`).
    pub fn describe(&self, axis: &str) -> String {
        match self {
            MatrixHit::Below { first } => format!("below the first {axis} ({})", percent(*first)),
            MatrixHit::Reached { index, bound } => {
                format!("{axis} {index} ({}) reached", percent(*bound))
            }
            MatrixHit::Between { index, from, to } => format!(
                "between {axis}s {index} ({}) and {} ({})",
                percent(*from),
                index + 1,
                percent(*to)
            ),
        }
    }
}

/// A grid value a bonus matrix read: its row and column (1-based) and
/// payout.
///
/// # Example
///
/// ```
/// use incentive::payout::MatrixCell;
/// use rust_decimal_macros::dec;
///
/// let c = MatrixCell { row: 2, column: 3, value: dec!(1.2) };
/// assert_eq!(c.to_string(), "[2, 3] 120%");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixCell {
    /// 1-based row.
    #[serde(deserialize_with = "crate::number::int")]
    pub row: usize,
    /// 1-based column.
    #[serde(deserialize_with = "crate::number::int")]
    pub column: usize,
    /// The payout at that grid point.
    pub value: Decimal,
}

impl fmt::Display for MatrixCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}, {}] {}", self.row, self.column, percent(self.value))
    }
}

/// One axis of a bonus matrix as read: the measure, its attainment and
/// where it fell.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::payout::{MatrixAxis, MatrixHit};
/// use rust_decimal_macros::dec;
///
/// let a = MatrixAxis { measure: "revenue".into(), attainment: Exact::from_decimal(dec!(1.04)),
///     hit: MatrixHit::Reached { index: 2, bound: dec!(1) } };
/// assert_eq!(a.describe("row"), "`revenue` 104%: row 2 (100%) reached");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixAxis {
    /// The measure read: a quantitative component's id or a measure's
    /// name.
    pub measure: String,
    /// Its attainment.
    pub attainment: Exact,
    /// Where it fell on the axis.
    pub hit: MatrixHit,
}

impl MatrixAxis {
    /// Describes the axis, naming it (`row` or `column`).
    pub fn describe(&self, axis: &str) -> String {
        format!(
            "`{}` {}: {}",
            self.measure,
            exact_percent(self.attainment),
            self.hit.describe(axis)
        )
    }
}

/// Which part of a bonus matrix produced a payout: both axes and the grid
/// values read (one with steps, up to four interpolating; none below the
/// first row or column with [`BelowFirst::Zero`]).
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::payout::{MatrixAxis, MatrixCell, MatrixHit, MatrixMode, MatrixTrace};
/// use incentive::plan::BelowFirst;
/// use rust_decimal_macros::dec;
///
/// let t = MatrixTrace {
///     mode: MatrixMode::Steps,
///     below_first: BelowFirst::Zero,
///     rows: MatrixAxis { measure: "revenue".into(), attainment: Exact::from_decimal(dec!(1.04)),
///         hit: MatrixHit::Reached { index: 2, bound: dec!(1) } },
///     columns: MatrixAxis { measure: "margin".into(), attainment: Exact::from_decimal(dec!(1.01)),
///         hit: MatrixHit::Reached { index: 2, bound: dec!(1) } },
///     cells: vec![MatrixCell { row: 2, column: 2, value: dec!(1) }],
/// };
/// assert_eq!(t.to_string(),
///     "bonus matrix (steps), `revenue` 104%: row 2 (100%) reached, `margin` 101%: column 2 (100%) reached: cell [2, 2] 100%");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixTrace {
    /// Steps or bilinear.
    pub mode: MatrixMode,
    /// What applies below the first row or column.
    pub below_first: BelowFirst,
    /// The row measure.
    pub rows: MatrixAxis,
    /// The column measure.
    pub columns: MatrixAxis,
    /// The grid values read.
    pub cells: Vec<MatrixCell>,
}

impl fmt::Display for MatrixTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bonus matrix ({}), {}, {}",
            self.mode,
            self.rows.describe("row"),
            self.columns.describe("column")
        )?;
        let below = |h: &MatrixHit| matches!(h, MatrixHit::Below { .. });
        if below(&self.rows.hit) || below(&self.columns.hit) {
            match self.below_first {
                BelowFirst::Zero => write!(f, " (zero below the first row or column)")?,
                BelowFirst::FirstPoint => write!(f, " (held at the first row or column)")?,
            }
        }
        let cells: Vec<String> = self.cells.iter().map(ToString::to_string).collect();
        match cells.as_slice() {
            [] => Ok(()),
            [one] => write!(f, ": cell {one}"),
            many => write!(f, ": interpolating cells {}", many.join(", ")),
        }
    }
}

/// Where a measure fell on one axis, by index: what [`MatrixHit`] shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pos {
    /// Below the first bound, paying 0 ([`BelowFirst::Zero`]).
    Below,
    /// Below the first bound, read as at it ([`BelowFirst::FirstPoint`]).
    Held,
    /// At bound `k` (steps: the highest reached; interpolating: exactly at
    /// it, or at or beyond the last).
    At(usize),
    /// Strictly between bounds `k` and `k + 1` (interpolating).
    Between(usize),
}

/// Where both measures fell: what [`MatrixTrace`] shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MatrixHitPair {
    pub(crate) row: Pos,
    pub(crate) column: Pos,
}

/// A field of the plan's `matrix` table and what is wrong with it.
pub(crate) type MatrixError = (&'static str, String);

fn check_bounds(bounds: &[Decimal], field: &'static str, axis: &str) -> Result<(), MatrixError> {
    if bounds.is_empty() {
        return Err((field, format!("is empty; a matrix needs at least 1 {axis}")));
    }
    for (i, pair) in bounds.windows(2).enumerate() {
        if let [a, b] = pair {
            if b <= a {
                return Err((
                    field,
                    format!(
                        "{axis} {} starts at {}, not above {axis} {} at {}; bounds must be strictly increasing",
                        i + 2,
                        percent(*b),
                        i + 1,
                        percent(*a)
                    ),
                ));
            }
        }
    }
    Ok(())
}

impl Matrix {
    /// A bonus matrix (see the type's documentation): `values` has one row
    /// per row bound, each with one value per column bound.
    ///
    /// # Errors
    ///
    /// A message naming the field (`row_bounds`, `column_bounds` or
    /// `values`) and the offending row, column or value.
    pub fn new(
        mode: MatrixMode,
        below_first: BelowFirst,
        row_bounds: Vec<Decimal>,
        column_bounds: Vec<Decimal>,
        values: Vec<Vec<Decimal>>,
    ) -> Result<Matrix, String> {
        Matrix::build(mode, below_first, row_bounds, column_bounds, values)
            .map_err(|(field, m)| format!("`{field}`: {m}"))
    }

    /// [`Matrix::new`], with the field at fault apart from the message.
    pub(crate) fn build(
        mode: MatrixMode,
        below_first: BelowFirst,
        row_bounds: Vec<Decimal>,
        column_bounds: Vec<Decimal>,
        values: Vec<Vec<Decimal>>,
    ) -> Result<Matrix, MatrixError> {
        check_bounds(&row_bounds, "row_bounds", "row")?;
        check_bounds(&column_bounds, "column_bounds", "column")?;
        let (n, m) = (row_bounds.len(), column_bounds.len());
        let shape = |what: String| {
            (
                "values",
                format!(
                    "{what}; give {n} rows of {m} values, one row per row bound and one value per column bound"
                ),
            )
        };
        if values.len() != n {
            return Err(shape(format!(
                "has {} rows, but `row_bounds` declares {n}",
                values.len()
            )));
        }
        for (i, row) in values.iter().enumerate() {
            if row.len() != m {
                return Err(shape(format!(
                    "row {} has {} values, but `column_bounds` declares {m}",
                    i + 1,
                    row.len()
                )));
            }
            for (j, v) in row.iter().enumerate() {
                if v.is_sign_negative() && !v.is_zero() {
                    return Err((
                        "values",
                        format!(
                            "row {}, column {} pays {}; a payout must be 0 or more",
                            i + 1,
                            j + 1,
                            percent(*v)
                        ),
                    ));
                }
            }
        }
        let exact =
            |v: &[Decimal]| -> Vec<Exact> { v.iter().copied().map(Exact::from_decimal).collect() };
        let values_x = values.iter().flat_map(|r| exact(r)).collect();
        Ok(Matrix {
            mode,
            below_first,
            rows_x: exact(&row_bounds),
            columns_x: exact(&column_bounds),
            row_bounds,
            column_bounds,
            values,
            values_x,
        })
    }

    /// Steps or bilinear.
    pub fn mode(&self) -> MatrixMode {
        self.mode
    }

    /// What applies below the first row or column.
    pub fn below_first(&self) -> BelowFirst {
        self.below_first
    }

    /// The rows' bounds, increasing.
    pub fn row_bounds(&self) -> &[Decimal] {
        &self.row_bounds
    }

    /// The columns' bounds, increasing.
    pub fn column_bounds(&self) -> &[Decimal] {
        &self.column_bounds
    }

    /// The grid, row by row.
    pub fn values(&self) -> &[Vec<Decimal>] {
        &self.values
    }

    /// The payout fraction at row measure `row` and column measure
    /// `column` (attainments), exactly; `None` on overflow.
    pub fn payout(&self, row: Exact, column: Exact) -> Option<Exact> {
        self.at(row, column).map(|(v, _)| v)
    }

    /// Where `x` falls on an axis.
    fn locate(&self, bounds: &[Exact], x: Exact) -> Pos {
        let Some(first) = bounds.first() else {
            return Pos::Below;
        };
        if x < *first {
            return match self.below_first {
                BelowFirst::Zero => Pos::Below,
                BelowFirst::FirstPoint => Pos::Held,
            };
        }
        // The highest bound at or below x: one exists, the first.
        let k = bounds.iter().take_while(|b| x >= **b).count() - 1;
        match self.mode {
            MatrixMode::Bilinear if k + 1 < bounds.len() && bounds.get(k) != Some(&x) => {
                Pos::Between(k)
            }
            _ => Pos::At(k),
        }
    }

    /// The grid value at row `i`, column `j`.
    fn value(&self, i: usize, j: usize) -> Option<Exact> {
        self.values_x
            .get(i.checked_mul(self.columns_x.len())?.checked_add(j)?)
            .copied()
    }

    /// The lower index, the upper index and the weight of the upper one
    /// (`(x − b_k) / (b_k+1 − b_k)`) on an axis; `None` below it with
    /// [`BelowFirst::Zero`] or on overflow.
    fn span(bounds: &[Exact], x: Exact, pos: Pos) -> Option<(usize, usize, Exact)> {
        match pos {
            Pos::Below => None,
            Pos::Held => Some((0, 0, Exact::ZERO)),
            Pos::At(k) => Some((k, k, Exact::ZERO)),
            Pos::Between(k) => {
                let (lo, hi) = (*bounds.get(k)?, *bounds.get(k + 1)?);
                let w = x.checked_sub(lo)?.checked_div(hi.checked_sub(lo)?)?;
                Some((k, k + 1, w))
            }
        }
    }

    /// The payout fraction and where each measure fell: the one
    /// implementation of a matrix, which builds no trace.
    pub(crate) fn at(&self, row: Exact, column: Exact) -> Option<(Exact, MatrixHitPair)> {
        let hit = MatrixHitPair {
            row: self.locate(&self.rows_x, row),
            column: self.locate(&self.columns_x, column),
        };
        let (Some((i0, i1, wr)), Some((j0, j1, wc))) = (
            Matrix::span(&self.rows_x, row, hit.row),
            Matrix::span(&self.columns_x, column, hit.column),
        ) else {
            if matches!(hit.row, Pos::Below) || matches!(hit.column, Pos::Below) {
                return Some((Exact::ZERO, hit));
            }
            return None;
        };
        // Along the columns in both rows, then along the rows: exact, so
        // the order is only the shortest to write.
        let along = |i: usize| -> Option<Exact> {
            let a = self.value(i, j0)?;
            if j1 == j0 {
                return Some(a);
            }
            a.checked_add(self.value(i, j1)?.checked_sub(a)?.checked_mul(wc)?)
        };
        let lo = along(i0)?;
        if i1 == i0 {
            return Some((lo, hit));
        }
        let hi = along(i1)?;
        Some((lo.checked_add(hi.checked_sub(lo)?.checked_mul(wr)?)?, hit))
    }

    /// Whether the matrix pays its last row and last column: the grid's
    /// edge, past which it holds.
    pub(crate) fn top(&self, hit: MatrixHitPair) -> bool {
        hit.row == Pos::At(self.rows_x.len().saturating_sub(1))
            && hit.column == Pos::At(self.columns_x.len().saturating_sub(1))
    }

    /// The trace of a hit: both axes (named, with their attainments) and
    /// the grid values read.
    pub(crate) fn trace(
        &self,
        hit: MatrixHitPair,
        rows: (&str, Exact),
        columns: (&str, Exact),
    ) -> MatrixTrace {
        let axis_hit = |bounds: &[Decimal], pos: Pos| -> MatrixHit {
            let b = |k: usize| bounds.get(k).copied().unwrap_or_default();
            match pos {
                Pos::Below | Pos::Held => MatrixHit::Below { first: b(0) },
                Pos::At(k) => MatrixHit::Reached {
                    index: k + 1,
                    bound: b(k),
                },
                Pos::Between(k) => MatrixHit::Between {
                    index: k + 1,
                    from: b(k),
                    to: b(k + 1),
                },
            }
        };
        let indices = |pos: Pos| -> Vec<usize> {
            match pos {
                Pos::Below => Vec::new(),
                Pos::Held => vec![0],
                Pos::At(k) => vec![k],
                Pos::Between(k) => vec![k, k + 1],
            }
        };
        let mut cells = Vec::new();
        for i in indices(hit.row) {
            for j in indices(hit.column) {
                let value = self
                    .values
                    .get(i)
                    .and_then(|r| r.get(j))
                    .copied()
                    .unwrap_or_default();
                cells.push(MatrixCell {
                    row: i + 1,
                    column: j + 1,
                    value,
                });
            }
        }
        MatrixTrace {
            mode: self.mode,
            below_first: self.below_first,
            rows: MatrixAxis {
                measure: rows.0.to_owned(),
                attainment: rows.1,
                hit: axis_hit(&self.row_bounds, hit.row),
            },
            columns: MatrixAxis {
                measure: columns.0.to_owned(),
                attainment: columns.1,
                hit: axis_hit(&self.column_bounds, hit.column),
            },
            cells,
        }
    }
}
